"""Domain errors and problems, in the library's own words.

Nothing here knows about command lines: messages never name a flag or a
command, and exit codes are chosen at the CLI's edge (``cli.exit_codes``).
No third-party imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, located as precisely as we can.

    A warning (a draft record, a stray file a reading command skipped) is
    reported but does not fail ``validate``.
    """

    path: str
    line: int | None
    col: int | None
    field: str | None
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        tag = "warning: " if self.severity == WARNING else ""
        return one_line(f"{where}: {tag}{what}")

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def one_line(text: str) -> str:
    """``text`` with every line break and control character shown as an escape.

    A message that quotes a file's content must not start a second line: a
    crafted key could otherwise forge a ``path:line:col:`` line of its own.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


class GenaiError(Exception):
    """Base of every error a user can cause; the CLI prints it as one line."""


class CatalogNotFound(GenaiError):
    """The catalog folder is missing or is not a catalog."""


class RecordNotFound(GenaiError):
    """No record has this id, name or alias."""


class InvalidCatalog(GenaiError):
    """The catalog has problems (``validate``)."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class OutputExists(GenaiError):
    """A write would replace a file it was not allowed to replace."""


class OutputError(GenaiError):
    """An output file or folder cannot be written."""


class BadRequest(GenaiError):
    """A request the library cannot carry out as asked: unknown kind, topic, format, field."""


class NetworkError(GenaiError):
    """A remote service could not be reached or gave an unusable answer."""


class AlreadyInCatalog(GenaiError):
    """What is being added is already a record."""

    def __init__(self, message: str, record_id: str) -> None:
        super().__init__(message)
        self.record_id = record_id


class NoPath(GenaiError):
    """Two records are not connected by any chain of links."""


class StateError(GenaiError):
    """The personal reading-state file cannot be read or written."""


class MissingProgram(GenaiError):
    """A system program that a feature needs is not installed."""


class NotCanonical(GenaiError):
    """Record files are not in the canonical form (a check that writes nothing)."""


class Duplicates(GenaiError):
    """Records that are probably the same thing."""


class Cancelled(GenaiError):
    """The person stopped an edit; nothing was written."""


class Suggester:
    """Close matches among a fixed set of choices, for did-you-mean hints.

    rapidfuzz, not difflib: validate asks once per dangling reference, over
    every id of a catalog that may hold 100,000; the choices are sorted once.
    """

    def __init__(self, choices: Iterable[str]) -> None:
        self.pool = sorted(set(choices))

    def close(self, word: str, limit: int = 3) -> list[str]:
        from rapidfuzz import fuzz, process

        found = process.extract(word, self.pool, scorer=fuzz.ratio, limit=limit, score_cutoff=60)
        # Best first; equal scores stay alphabetical (the pool is sorted, the sort stable).
        return [choice for choice, _, _ in sorted(found, key=lambda item: -item[1])]

    def hint(self, word: str, limit: int = 3) -> str:
        """' (did you mean: a, b?)', or '' when nothing is close."""
        close = self.close(word, limit)
        return f" (did you mean: {', '.join(close)}?)" if close else ""


def did_you_mean(word: str, choices: Iterable[str], limit: int = 3) -> str:
    """' (did you mean: a, b?)' for the closest choices, or '' when none is close."""
    return Suggester(choices).hint(word, limit)
