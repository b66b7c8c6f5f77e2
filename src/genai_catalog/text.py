"""Field values as one line of text, for tables, cells and messages."""

from __future__ import annotations

from typing import Any


def cell_text(value: Any) -> str:
    """A field value as one line of text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return cell_text(value.get("url", ""))
    return str(value)
