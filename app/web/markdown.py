"""Our documentation, rendered safely: raw HTML in the source is shown as text, never run."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup


@lru_cache
def _renderer() -> MarkdownIt:
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Wide tables scroll inside a box keyboard users can focus, so the page itself reflows.
    renderer.add_render_rule(
        "table_open",
        lambda *_args: '<div class="app-table-wrapper" tabindex="0" role="region" aria-label="Table">'
        '<table class="govuk-table">\n',
    )
    renderer.add_render_rule("table_close", lambda *_args: "</table></div>\n")
    return renderer


def render_markdown(source: str) -> Markup:
    html = _renderer().render(source)
    # Wide code blocks scroll sideways; keyboard users need to be able to focus them to scroll.
    html = html.replace("<pre>", '<pre tabindex="0">')
    return Markup(html)  # noqa: S704 - raw html in the source is disabled, so the output is escaped
