"""CSV for spreadsheets: one row per record, cells that look like formulas defused."""

from __future__ import annotations

import csv
import io
from typing import Any

from genai_catalog.exporters import DEFAULT_COLUMNS, Job
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
    columns = job.columns or list(DEFAULT_COLUMNS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in job.records:
        writer.writerow([_cell(record.get(c)) for c in columns])
    return out.getvalue()
