"""What reading one record file gives, on its own: the cache stores it without the reader.

``plain`` and ``from_plain`` turn a result into plain data and back, for
``marshal``: how the cache stores results, and how worker processes send
them (several times faster than pickling the objects).
"""

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

    def plain(self) -> dict[str, Any]:
        """This result as plain data (``from_plain`` turns it back)."""
        return {
            "rel": self.rel,
            "path": self.path,
            "record": self.record,
            "lines": self.lines,
            "problems": [plain_problem(p) for p in self.problems],
            "raw": self.raw,
        }

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> FileResult:
        return cls(
            rel=data["rel"],
            path=data["path"],
            record=data["record"],
            lines=data["lines"],
            problems=[Problem(*p) for p in data["problems"]],
            raw=data["raw"],
        )


def plain_problem(problem: Problem) -> tuple[Any, ...]:
    """A problem as a tuple of its fields, in order: ``Problem(*plain)`` rebuilds it."""
    return (
        problem.path,
        problem.line,
        problem.col,
        problem.field,
        problem.message,
        problem.severity,
    )
