"""The reading statuses a person can give a record: the vocabulary, and nothing else.

Kept apart from ``state`` (the file that holds them) so that the command line
can offer the choices without loading the state machinery.
"""

from __future__ import annotations

STATUSES: tuple[str, ...] = ("read", "reading", "to-read", "skipped")
# For filters only: records with no state at all.
UNMARKED = "unmarked"
FILTERS: tuple[str, ...] = (*STATUSES, UNMARKED)
