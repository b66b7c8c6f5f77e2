"""SQLite: the catalog as a database for SQL, Datasette or any SQL client.

Tables:

- ``records``: every record (id, kind, name, aliases, year, summary), the
  table the links and topics point at, with ``records_fts``, a full-text
  index (FTS5) over names, aliases and summaries;
- one table per kind (``papers``, ``models`` …) with a typed column per field:
  numbers as INTEGER, booleans as 0/1, lists as JSON text; a one-valued link
  to one kind (``introduced_in``, ``base_model``) is a foreign key;
- ``links`` (source, relation, target): every typed link between records, and
  ``relations``, what each relation is called from either end;
- ``topics`` and ``record_topics``; ``web_links``, the addresses on records.

The database is built in a temp file beside the target and moved into place
whole (``files.atomic.building``): a failed export leaves the old file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from genai_catalog.errors import OutputError
from genai_catalog.exporters import Job, Record
from genai_catalog.files.atomic import building
from genai_catalog.graph import Graph
from genai_catalog.model.kinds import FIELDS, FOLDERS, KINDS, RELATIONS
from genai_catalog.model.schema import field_types

_SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "list": "TEXT"}

BASE_SCHEMA = """
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    aliases TEXT,
    year INTEGER,
    summary TEXT
);
CREATE INDEX records_by_kind ON records (kind);
-- content="records" spelt so, not 'records': that is the form Datasette looks for.
CREATE VIRTUAL TABLE records_fts USING fts5 (
    name, aliases, summary, content="records", tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TABLE relations (
    relation TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    inverse TEXT NOT NULL
);
CREATE TABLE links (
    source TEXT NOT NULL REFERENCES records (id),
    relation TEXT NOT NULL REFERENCES relations (relation),
    target TEXT NOT NULL REFERENCES records (id),
    PRIMARY KEY (source, relation, target)
);
CREATE INDEX links_by_target ON links (target, relation);
CREATE TABLE topics (
    name TEXT PRIMARY KEY,
    description TEXT,
    position INTEGER
);
CREATE TABLE record_topics (
    record_id TEXT NOT NULL REFERENCES records (id),
    topic TEXT NOT NULL REFERENCES topics (name),
    PRIMARY KEY (record_id, topic)
);
CREATE INDEX record_topics_by_topic ON record_topics (topic);
CREATE TABLE web_links (
    record_id TEXT NOT NULL REFERENCES records (id),
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    url TEXT NOT NULL,
    type TEXT,
    PRIMARY KEY (record_id, position)
);
"""


def write(job: Job, dest: Path, *, overwrite: bool = False) -> None:
    with building(dest, overwrite=overwrite) as temp:
        try:
            # Autocommit: this module says where its one transaction begins and ends.
            connection = sqlite3.connect(temp, isolation_level=None)
            try:
                fill(connection, job)
            finally:
                connection.close()
        except sqlite3.Error as exc:
            raise OutputError(f"cannot write {dest}: {exc}") from None


def fill(connection: sqlite3.Connection, job: Job) -> None:
    # The temp file is thrown away if anything fails: no journal, no syncs until the end.
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA foreign_keys = ON")
    graph = Graph(r if isinstance(r, dict) else dict(r) for r in job.records)
    connection.executescript(BASE_SCHEMA)
    for kind in KINDS:
        connection.execute(kind_table(kind))
    connection.execute("BEGIN")
    # Checked at the commit: a model may name as its base one inserted after it. A broken
    # reference then fails the export, which would be a bug here (dangling ones are dropped).
    connection.execute("PRAGMA defer_foreign_keys = ON")
    _insert_all(connection, job, graph)
    connection.execute("COMMIT")


def _insert_all(connection: sqlite3.Connection, job: Job, graph: Graph) -> None:
    connection.executemany(
        "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)",
        (
            (r["id"], r["kind"], r["name"], _json(r.get("aliases")), r.get("year"),
             r.get("summary"))
            for r in graph
        ),
    )  # fmt: skip
    connection.executemany(
        "INSERT INTO relations VALUES (?, ?, ?)",
        ((r.field, r.label, r.inverse) for r in RELATIONS.values()),
    )
    connection.executemany("INSERT INTO topics VALUES (?, ?, ?)", _topics(job.topics, graph))
    for kind in KINDS:
        _insert_kind(connection, kind, [r for r in graph if r["kind"] == kind], graph)
    connection.executemany(
        "INSERT OR IGNORE INTO links VALUES (?, ?, ?)",
        ((r["id"], field, target) for r in graph for field, target in graph.targets(r)),
    )
    connection.executemany(
        "INSERT OR IGNORE INTO record_topics VALUES (?, ?)",
        ((r["id"], topic) for r in graph for topic in r.get("topics", ())),
    )
    connection.executemany(
        "INSERT INTO web_links VALUES (?, ?, ?, ?, ?)",
        (
            (r["id"], i, link["label"], link["url"], link.get("type"))
            for r in graph
            for i, link in enumerate(r.get("links", ()))
        ),
    )
    connection.execute(
        "INSERT INTO records_fts (rowid, name, aliases, summary) "
        "SELECT rowid, name, aliases, summary FROM records"
    )
    # Kept in the index: a hit in a name outranks one in an alias, which outranks a summary.
    connection.execute(
        "INSERT INTO records_fts (records_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)')"
    )


def kind_columns(kind: str) -> list[tuple[str, str, bool]]:
    """(column, field type, required) for a kind's table, in display order; no ``kind``."""
    types = field_types(kind)
    order = {name: i for i, name in enumerate(FIELDS)}
    names = sorted((n for n in types if n != "kind"), key=lambda n: (order.get(n, len(order)), n))
    return [(name, *types[name]) for name in names]


def _reference(field: str) -> str | None:
    """The table a one-valued link to a single kind points at."""
    relation = RELATIONS.get(field)
    if relation is None or relation.many or len(relation.targets) != 1:
        return None
    return FOLDERS[next(iter(relation.targets))]


def kind_table(kind: str) -> str:
    lines = []
    for name, kind_of_value, required in kind_columns(kind):
        column = f"{_quote(name)} {_SQL_TYPES[kind_of_value]}"
        if name == "id":
            column += " PRIMARY KEY REFERENCES records (id)"
        elif required:
            column += " NOT NULL"
        if kind_of_value == "boolean":
            column += f" CHECK ({_quote(name)} IN (0, 1))"
        table = _reference(name)
        if table is not None:
            column += f" REFERENCES {table} (id)"
        lines.append(column)
    return f"CREATE TABLE {FOLDERS[kind]} (\n    " + ",\n    ".join(lines) + "\n)"


def _insert_kind(
    connection: sqlite3.Connection, kind: str, records: list[Record], graph: Graph
) -> None:
    columns = kind_columns(kind)
    names = ", ".join(_quote(name) for name, _, _ in columns)
    marks = ", ".join("?" for _ in columns)
    connection.executemany(
        f"INSERT INTO {FOLDERS[kind]} ({names}) VALUES ({marks})",
        (_row(record, columns, graph) for record in records),
    )


def _row(record: Record, columns: list[tuple[str, str, bool]], graph: Graph) -> list[Any]:
    row: list[Any] = []
    for name, kind_of_value, _ in columns:
        value = record.get(name)
        table = _reference(name)
        if table is not None and value is not None:
            # A dangling reference (validate reports it) would break the foreign key.
            target = graph.get(value)
            if target is None or FOLDERS[target["kind"]] != table:
                value = None
        if kind_of_value == "list":
            value = _json(value)
        elif kind_of_value == "boolean" and value is not None:
            value = int(bool(value))
        row.append(value)
    return row


def _topics(vocabulary: dict[str, str], records: Iterable[Record]) -> Iterator[tuple[Any, ...]]:
    """The vocabulary in its order, then any topic a record uses that it lacks."""
    yield from ((name, text, i) for i, (name, text) in enumerate(vocabulary.items()))
    extra = sorted({t for r in records for t in r.get("topics", ()) if t not in vocabulary})
    yield from ((name, None, None) for name in extra)


def _json(value: Any) -> str | None:
    if value is None or value == []:
        return None
    return json.dumps(value, ensure_ascii=False)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
