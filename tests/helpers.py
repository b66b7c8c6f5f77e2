"""What tests share: the fixture catalog, a tiny-catalog builder and the CLI runner.

``run`` drives ``genai_catalog.cli.main.main``, the real error boundary,
inside click's ``CliRunner`` isolation, so a test sees exactly what a user
sees: stdout, stderr and the exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from typer.testing import CliRunner

if TYPE_CHECKING:
    from genai_catalog.catalog import Catalog

DATA = Path(__file__).parent / "data"
FIXTURE_CATALOG = DATA / "catalog"
KIND_FOLDERS = (
    "papers", "techniques", "models", "tools", "datasets", "benchmarks", "collections",
)  # fmt: skip

Files = dict[str, str | bytes]
MakeCatalog = Callable[[Files], Path]
Run = Callable[..., tuple[int, str, str]]


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run(*args: str | Path, stdin: str | None = None) -> Result:
    """Run ``genai ARGS...`` in-process, as a user would from a shell."""
    import sys

    from genai_catalog.cli.main import main

    with CliRunner().isolation(input=stdin) as (out, err, _):
        code = main([str(arg) for arg in args])
        sys.stdout.flush()
        sys.stderr.flush()
        # The runner closes its buffers on the way out.
        return Result(int(code), out.getvalue().decode(), err.getvalue().decode())


def write_catalog(root: Path, files: Files, *, topics: str) -> Path:
    """A catalog folder with ``topics.yaml``, every kind folder and ``files``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "topics.yaml").write_text(topics, encoding="utf-8")
    for folder in KIND_FOLDERS:
        (root / folder).mkdir(exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@cache
def bundled() -> Catalog:
    """The bundled catalog, loaded once for the whole run, without the cache."""
    from genai_catalog.catalog import load
    from genai_catalog.paths import bundled_catalog

    return load(bundled_catalog(), use_cache=False)


def top_ids(
    catalog: Catalog,
    query: str,
    *,
    limit: int = 3,
    kind: str | None = None,
    topic: str | None = None,
) -> list[str]:
    hits = catalog.search(query, limit=limit, kind=kind, topic=topic)
    return [hit.record["id"] for hit in hits]


def require_program(name: str, why: str) -> str:
    """The path of a system program a test needs; skip without it, unless CI demands it.

    ``.ci/run`` installs Graphviz and Chromium and sets GENAI_REQUIRE_SYSTEM_TOOLS=1:
    there a missing program fails the test instead of skipping it.
    """
    import os
    import shutil

    import pytest

    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed ({why}); CI installs it"
        if os.environ.get("GENAI_REQUIRE_SYSTEM_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


# What `genai graph --format json` and `genai tree --format json` print.
GRAPH_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["root", "truncated", "nodes", "edges"],
    "additionalProperties": False,
    "properties": {
        "root": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "truncated": {"type": "boolean"},
        "ancestors": {"type": "array", "items": {"type": "string"}},
        "descendants": {"type": "array", "items": {"type": "string"}},
        "nodes": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "kind", "name", "year"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                    "kind": {
                        "enum": ["paper", "technique", "model", "tool", "dataset", "benchmark"]
                    },
                    "name": {"type": "string", "minLength": 1},
                    "year": {"type": ["integer", "null"]},
                    "depth": {"type": "integer", "minimum": 0},
                },
            },
        },
        "edges": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["source", "target", "relation", "label"],
                "additionalProperties": False,
                "properties": {
                    "source": {"type": "string"},
                    "target": {"type": "string"},
                    "relation": {
                        "enum": [
                            "introduced_in",
                            "builds_on",
                            "base_model",
                            "uses",
                            "trained_on",
                            "evaluated_on",
                            "implements",
                            "related",
                        ]
                    },
                    "label": {"type": "string"},
                },
            },
        },
    },
}


def check_graph_json(text: str) -> dict[str, object]:
    """Parse graph JSON, check it against ``GRAPH_SCHEMA`` and that every edge joins two nodes."""
    import json

    import jsonschema

    data = json.loads(text)
    jsonschema.validate(data, GRAPH_SCHEMA)
    node_ids = [node["id"] for node in data["nodes"]]
    assert len(set(node_ids)) == len(node_ids) and data["root"] == node_ids[0]
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in data["edges"])
    return dict(data)
