"""DOT output is parsed by Graphviz itself, hostile names included; SVG comes from dot."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from genai_catalog.errors import MissingProgram
from genai_catalog.exporters import GraphJob, render_graph
from genai_catalog.exporters.dot import quoted
from genai_catalog.lineage import Edge, Subgraph
from tests.helpers import require_program

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = [
    'Quote " inside',
    "ends with a backslash \\",
    'backslash then quote \\" still inside',
    "Graphviz escapes \\N \\G \\l \\n",
    "<script>alert(1)</script>",
    "a ]; b -> c [label=x",
    "AT&T &amp; &#60;",
    "line\nbreak",
    "}",
]


def subgraph(names: list[str], *, by_year: bool = False) -> Subgraph:
    nodes = [
        {"id": f"r{i}", "kind": "model", "name": name, "year": 2020 + i % 2}
        for i, name in enumerate(names)
    ]
    edges = [Edge(f"r{i}", f"r{i + 1}", "builds_on") for i in range(len(names) - 1)]
    dates = {f"r{i}": f"{2020 + i % 2}-0{1 + i % 3}" for i in range(len(names))}
    return Subgraph("r0", nodes, edges, {}, {}, by_year=by_year, dates=dates)


def drawn(dot_source: str) -> ET.Element:
    program = require_program("dot", "Graphviz checks that the DOT output parses")
    done = subprocess.run(
        [program, "-Tsvg"], input=dot_source.encode(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"Warning" not in done.stderr and b"syntax" not in done.stderr, done.stderr
    return ET.fromstring(done.stdout)


def texts(svg: ET.Element, cls: str) -> list[str]:
    groups = [g for g in svg.iter(f"{SVG}g") if g.get("class") == cls]
    return [" ".join(t.text or "" for t in g.iter(f"{SVG}text")) for g in groups]


def test_graphviz_reads_hostile_names_as_plain_labels() -> None:
    source = render_graph("dot", GraphJob(subgraph(HOSTILE)))
    svg = drawn(source)
    labels = texts(svg, "node")
    flat = [" ".join(name.split()) for name in HOSTILE]
    assert labels == [f"{name} ({2020 + i % 2})" for i, name in enumerate(flat)]
    assert len(texts(svg, "edge")) == len(HOSTILE) - 1
    assert svg.find(f".//{SVG}script") is None


def test_a_family_is_laid_out_in_rows_by_date() -> None:
    svg = drawn(render_graph("dot", GraphJob(subgraph(["a", "b", "c", "d"], by_year=True))))
    assert {"2020-01", "2021-02", "2020-03", "2021-01"} <= {t.text for t in svg.iter(f"{SVG}text")}


def test_quoted_escapes_what_dot_reads_specially() -> None:
    assert quoted('a"b') == '"a\\"b"'
    assert quoted("a\\") == '"a\\\\"'
    assert quoted("x\ny\u202e") == '"x y"'
    assert quoted("A&B") == '"A&amp;B"'


def test_svg_is_drawn_by_dot() -> None:
    require_program("dot", "the svg format runs Graphviz")
    svg = ET.fromstring(render_graph("svg", GraphJob(subgraph(["One", "Two"]))))
    assert svg.tag == f"{SVG}svg"
    assert texts(svg, "node") == ["One (2020)", "Two (2021)"]


def test_svg_without_graphviz_names_the_program_and_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    with pytest.raises(MissingProgram) as caught:
        render_graph("svg", GraphJob(subgraph(["One"])))
    assert str(caught.value) == (
        "drawing SVG needs Graphviz's 'dot' program, which is not installed; install Graphviz "
        "(Debian/Ubuntu: apt install graphviz; macOS: brew install graphviz; "
        "Windows: winget install graphviz)"
    )
