"""Babel extractor for the plan template, so its text is translated like any other."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

TRANSLATABLE_KEYS = frozenset(
    {
        "title",
        "hint",
        "label",
        "heading",
        "why",
        "example",
        "text",
        "item_label",
        "summary",
        "description",
        "intro",
        "add_label",
    }
)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TRANSLATABLE_KEYS and isinstance(value, str):
                yield value
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def extract_plan_template(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    data = yaml.safe_load(fileobj.read().decode("utf-8"))
    for text in _strings(data):
        yield 0, "gettext", text, []
