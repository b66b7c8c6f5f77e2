"""What reading one record file gives, on its own: the cache stores it without the reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from genai_catalog.errors import Problem


@dataclass
class FileResult:
    """What one record file gave: a record, or the problems that stopped it."""

    rel: str
    path: str
    record: dict[str, Any] | None = None
    # (line, column) of each top-level field and of each list item ("uses.1"),
    # so that catalog-level checks can point at what they are about.
    lines: dict[str, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # The parsed data of a file the schema refused, so that catalog-level
    # checks (topics, references) can still report on it in the same run.
    raw: dict[str, Any] | None = None

    def where(self, key: str, fallback: str | None = None) -> tuple[int | None, int | None]:
        """Line and column of ``key`` (else of ``fallback``), or (None, None)."""
        found = self.lines.get(key) or (self.lines.get(fallback) if fallback else None)
        return (found[0], found[1]) if found else (None, None)
