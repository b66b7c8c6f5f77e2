"""SQLite: the whole catalog as tables, links and a full-text index, and Datasette reads it."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from genai_catalog import exporters
from genai_catalog.catalog import Catalog
from genai_catalog.errors import OutputError, OutputExists
from genai_catalog.exporters import Job, sqlite
from genai_catalog.model.kinds import FOLDERS, KINDS
from genai_catalog.query import stats
from tests.helpers import bundled


def export(catalog: Catalog, dest: Path, **options: Any) -> None:
    job = Job(catalog.select(), catalog, topics=catalog.topics)
    exporters.write("sqlite", job, dest, **options)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("sqlite") / "catalog.db"
    export(bundled(), path)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def rows(connection: sqlite3.Connection, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return connection.execute(sql, args).fetchall()


def test_every_table_holds_as_many_records_as_the_catalog(database: sqlite3.Connection) -> None:
    catalog = bundled()
    assert rows(database, "SELECT count(*) FROM records") == [(len(catalog),)]
    for kind, count in catalog.graph.counts_by_kind().items():
        assert rows(database, f"SELECT count(*) FROM {FOLDERS[kind]}") == [(count,)], kind
    assert rows(database, "SELECT kind, count(*) FROM records GROUP BY kind") == sorted(
        catalog.graph.counts_by_kind().items()
    )
    assert [name for (name,) in rows(database, "SELECT name FROM topics ORDER BY position")] == (
        list(catalog.topics)
    )
    pairs = {(r["id"], t) for r in catalog for t in r.get("topics", ())}
    assert set(rows(database, "SELECT record_id, topic FROM record_topics")) == pairs
    web = sorted(
        (r["id"], i, link["url"]) for r in catalog for i, link in enumerate(r.get("links", []))
    )
    assert rows(database, "SELECT record_id, position, url FROM web_links ORDER BY 1, 2") == web


def test_every_link_is_a_row(database: sqlite3.Connection) -> None:
    graph = bundled().graph
    expected = Counter(
        (r["id"], field, target) for r in graph for field, target in graph.targets(r)
    )
    found = Counter(rows(database, "SELECT source, relation, target FROM links"))
    assert found == expected
    assert sum(found.values()) == stats(graph)["relations"]  # as `genai stats` counts them
    assert ("qlora", "builds_on", "lora") in found
    inverse = rows(database, "SELECT inverse FROM relations WHERE relation = 'introduced_in'")
    assert inverse == [("introduces",)]


def test_full_text_search_finds_qlora_by_name_alias_and_summary(
    database: sqlite3.Connection,
) -> None:
    hits = rows(
        database,
        "SELECT r.id FROM records_fts JOIN records r ON r.rowid = records_fts.rowid "
        "WHERE records_fts MATCH ? ORDER BY rank",
        "qlora",
    )
    assert {"qlora", "qlora-paper", "guanaco-qlora"} <= {id_ for (id_,) in hits}
    alias = rows(
        database,
        "SELECT r.id FROM records_fts JOIN records r ON r.rowid = records_fts.rowid "
        "WHERE records_fts MATCH ?",
        'aliases:"quantized low-rank adaptation"',
    )
    assert alias == [("qlora",)]


def test_columns_are_typed_and_lists_are_json(database: sqlite3.Connection) -> None:
    catalog = bundled()
    year, authors, arxiv = rows(
        database, "SELECT year, authors, arxiv FROM papers WHERE id = 'qlora-paper'"
    )[0]
    record = catalog.get("qlora-paper")
    assert (year, json.loads(authors), arxiv) == (2023, record["authors"], record["arxiv"])
    assert rows(database, "SELECT DISTINCT typeof(year) FROM papers") == [("integer",)]
    weights = rows(database, "SELECT DISTINCT open_weights FROM models ORDER BY 1")
    assert set(weights) <= {(None,), (0,), (1,)} and (1,) in weights
    llama = catalog.get("llama-2")
    assert (
        json.loads(rows(database, "SELECT uses FROM models WHERE id = 'llama-2'")[0][0])
        == (llama["uses"])
    )


def test_foreign_keys_are_declared_and_hold(database: sqlite3.Connection) -> None:
    assert rows(database, "PRAGMA foreign_key_check") == []
    keys = {(row[3], row[2]) for row in rows(database, "PRAGMA foreign_key_list(models)")}
    assert keys == {("id", "records"), ("introduced_in", "papers"), ("base_model", "models")}
    link_keys = {(row[3], row[2]) for row in rows(database, "PRAGMA foreign_key_list(links)")}
    assert link_keys == {("source", "records"), ("target", "records"), ("relation", "relations")}


def test_a_dangling_reference_leaves_the_foreign_key_empty(tmp_path: Path) -> None:
    model = {"id": "m", "kind": "model", "name": "M", "summary": "s", "base_model": "ghost",
             "introduced_in": "m", "topics": ["unlisted"]}  # fmt: skip
    path = tmp_path / "x.db"
    exporters.write("sqlite", Job([model]), path)
    connection = sqlite3.connect(path)
    assert rows(connection, "SELECT base_model, introduced_in FROM models") == [(None, None)]
    assert rows(connection, "SELECT name, description FROM topics") == [("unlisted", None)]
    assert rows(connection, "PRAGMA foreign_key_check") == []
    connection.close()


def test_every_kind_has_a_table_with_a_column_per_field() -> None:
    from genai_catalog.model.schema import field_names

    for kind in KINDS:
        columns = [name for name, _, _ in sqlite.kind_columns(kind)]
        assert sorted(columns) == sorted(n for n in field_names(kind) if n != "kind")


def test_an_existing_file_is_replaced_only_when_asked(tmp_path: Path) -> None:
    catalog = bundled()
    path = tmp_path / "catalog.db"
    path.write_text("keep me")
    with pytest.raises(OutputExists):
        export(catalog, path)
    assert path.read_text() == "keep me"
    export(catalog, path, overwrite=True)
    assert sqlite3.connect(path).execute("SELECT count(*) FROM records").fetchone() == (
        len(catalog),
    )
    assert os.listdir(tmp_path) == ["catalog.db"]  # no temp file or journal left


def test_a_symlink_is_never_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.db"
    real.write_text("real")
    link = tmp_path / "link.db"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="is a symlink; only a regular file is ever replaced"):
        export(bundled(), link, overwrite=True)
    assert real.read_text() == "real"


def test_a_failed_export_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sqlite, "_insert_all", fail)
    path = tmp_path / "catalog.db"
    with pytest.raises(OutputError, match=r"cannot write .*catalog\.db: database or disk is full"):
        export(bundled(), path)
    assert os.listdir(tmp_path) == []


def test_datasette_serves_a_table_page_search_and_a_json_query(tmp_path: Path) -> None:
    from datasette.app import Datasette

    path = tmp_path / "catalog.db"
    export(bundled(), path)

    async def ask() -> tuple[Any, ...]:
        client = Datasette([str(path)]).client
        page = await client.get("/catalog/papers")
        search = await client.get("/catalog/records.json?_search=qlora&_shape=array")
        query = await client.get(
            "/catalog.json",
            params={
                "sql": "SELECT relation, count(*) AS n FROM links GROUP BY relation "
                "ORDER BY n DESC, relation",
                "_shape": "array",
            },
        )
        return page, search, query

    page, search, query = asyncio.run(ask())
    assert page.status_code == 200
    assert "<title>catalog: papers:" in page.text
    assert search.status_code == 200
    assert {"qlora", "qlora-paper"} <= {row["id"] for row in search.json()}
    assert query.status_code == 200
    counts = {row["relation"]: row["n"] for row in query.json()}
    assert sum(counts.values()) == stats(bundled().graph)["relations"]
    assert counts["introduced_in"] > 0
