"""CSV for spreadsheets: one row per record, cells that look like formulas defused."""

from __future__ import annotations

import csv
import io
from typing import Any

from genai_catalog.exporters import Job
from genai_catalog.text import cell_text


def _cell(value: Any) -> str:
    # csv quotes a cell for "\n" (our line end) but not for a lone "\r",
    # which a reader would take for the end of the row.
    text = cell_text(value).replace("\r\n", "\n").replace("\r", "\n")
    # Spreadsheets run a cell that starts with one of these as a formula
    # (a tab or newline can hide the sign that follows).
    if text[:1] in ("=", "+", "-", "@", "\t", "\n"):
        text = "'" + text
    return text


def render(job: Job) -> str:
    columns = job.columns or job.default_columns()
    # One table for a whole collection: each row says which section it is in.
    lead = ["section"] if job.collection is not None else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*lead, *columns])
    for title, records in job.sections():
        for record in records:
            writer.writerow([_cell(title) for _ in lead] + [_cell(record.get(c)) for c in columns])
    return out.getvalue()
