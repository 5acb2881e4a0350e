"""Our documentation, rendered safely: raw HTML in the source is shown as text, never run."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup


@lru_cache
def _renderer() -> MarkdownIt:
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    renderer.add_render_rule("table_open", lambda *_args: '<table class="govuk-table">\n')
    return renderer


def render_markdown(source: str) -> Markup:
    return Markup(_renderer().render(source))  # noqa: S704 - html is disabled, so the output is escaped
