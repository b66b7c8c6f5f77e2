"""genai graph: a neighbourhood as a tree, JSON, Mermaid, DOT or SVG."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from genai_catalog.cli.exit_codes import ExitCode
from tests.helpers import check_graph_json, require_program, run

HOSTILE_NAME = 'Evil "quote" ] | <script>alert(1)</script> #quot; back\\slash %% end'


def add_hostile(root: Path) -> None:
    """A tool with a hostile name that implements LoRA."""
    quoted = HOSTILE_NAME.replace("'", "''")
    (root / "tools" / "evil.yaml").write_text(
        f"id: evil\nkind: tool\nname: '{quoted}'\ncategory: library\n"
        "summary: A record whose name tries to break every format.\n"
        "topics: [peft]\nimplements: [lora]\n",
        encoding="utf-8",
    )


def test_the_tree_shows_relation_labels_both_ways() -> None:
    result = run("graph", "qlora")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == (
        "QLoRA (qlora) · technique · 2023\n"
        "├── → introduced in  QLoRA: Efficient Finetuning of Quantized LLMs (qlora-paper)"
        " · paper · 2023\n"
        "├── → builds on  Low-Rank Adaptation (lora) · technique · 2021\n"
        "├── ← used by  Guanaco (guanaco) · model · 2023\n"
        "└── ← implemented by  PEFT (peft-library) · tool\n"
    )


def test_depth_two_nests_each_record_under_where_it_was_reached() -> None:
    result = run("graph", "QLoRA", "--depth", "2")
    assert result.stdout.splitlines() == [
        "QLoRA (qlora) · technique · 2023",
        "├── → introduced in  QLoRA: Efficient Finetuning of Quantized LLMs (qlora-paper)"
        " · paper · 2023",
        "├── → builds on  Low-Rank Adaptation (lora) · technique · 2021",
        "│   └── → introduced in  LoRA: Low-Rank Adaptation of Large Language Models"
        " (lora-paper) · paper · 2021",
        "├── ← used by  Guanaco (guanaco) · model · 2023",
        "│   └── → trained on  OpenAssistant Conversations (oasst1) · dataset · 2023",
        "└── ← implemented by  PEFT (peft-library) · tool",
    ]


def test_direction_relation_and_kind_filters() -> None:
    assert run("graph", "lora", "--direction", "in", "-d", "2").stdout.splitlines() == [
        "Low-Rank Adaptation (lora) · technique · 2021",
        "├── ← built upon by  QLoRA (qlora) · technique · 2023",
        "│   └── ← used by  Guanaco (guanaco) · model · 2023",
        "└── ← implemented by  PEFT (peft-library) · tool",
    ]
    assert run("graph", "qlora", "-r", "uses", "-r", "builds-on").stdout.splitlines() == [
        "QLoRA (qlora) · technique · 2023",
        "├── → builds on  Low-Rank Adaptation (lora) · technique · 2021",
        "└── ← used by  Guanaco (guanaco) · model · 2023",
    ]
    assert run("graph", "qlora", "--kind", "paper,tools").stdout.splitlines() == [
        "QLoRA (qlora) · technique · 2023",
        "├── → introduced in  QLoRA: Efficient Finetuning of Quantized LLMs (qlora-paper)"
        " · paper · 2023",
        "└── ← implemented by  PEFT (peft-library) · tool",
    ]


def test_json_has_every_link_among_the_records() -> None:
    result = run("graph", "qlora", "--format", "json")
    data = check_graph_json(result.stdout)
    assert len(data["edges"]) == 6  # type: ignore[arg-type]


def test_unknown_ids_relations_and_depths_are_one_line_errors() -> None:
    result = run("graph", "qlroa")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == "Error: no record has the id 'qlroa' (did you mean: qlora, lora?)\n"
    result = run("graph", "qlora", "-r", "bilds_on")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "Error: unknown relation 'bilds_on' (did you mean: builds_on?); choose from "
        "introduced_in, builds_on, base_model, uses, trained_on, evaluated_on, implements, "
        "related\n"
    )
    result = run("graph", "qlora", "--depth", "-1")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "Error: the depth must be 0 or more, not -1\n"
    assert run("graph", "qlora", "--kind", "modle").exit_code == ExitCode.USAGE


def test_output_goes_to_a_file_written_once(tmp_path: Path) -> None:
    target = tmp_path / "qlora.mmd"
    result = run("graph", "qlora", "-f", "mermaid", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    assert target.read_text().startswith("flowchart LR\n")
    again = run("graph", "qlora", "-f", "dot", "-o", target)
    assert again.exit_code == ExitCode.OUTPUT_EXISTS
    assert target.read_text().startswith("flowchart LR\n")
    assert run("graph", "qlora", "-f", "dot", "-o", target, "--force").exit_code == 0
    assert target.read_text().startswith("digraph genai {\n")


def test_hostile_names_stay_labels_in_every_format(catalog_copy: Path) -> None:
    add_hostile(catalog_copy)
    args = ("graph", "lora", "--catalog", catalog_copy)
    tree = run(*args).stdout
    assert f"← implemented by  {HOSTILE_NAME} (evil) · tool" in tree
    mermaid = run(*args, "-f", "mermaid").stdout
    assert (
        '["Evil #34;quote#34; #93; #124; #60;script#62;alert(1)#60;/script#62; '
        '#35;quot#59; back#92;slash #37;#37; end"]' in mermaid
    )
    dot = run(*args, "-f", "dot").stdout
    assert (
        '"evil" [label="Evil \\"quote\\" ] | <script>alert(1)</script> #quot; '
        'back\\\\slash %% end"' in dot
    )
    program = require_program("dot", "Graphviz parses the DOT output")
    done = subprocess.run([program, "-Tsvg"], input=dot.encode(), capture_output=True, check=False)
    assert done.returncode == 0 and b"&lt;script&gt;" in done.stdout
    assert b"<script" not in done.stdout
    check_graph_json(run(*args, "-f", "json").stdout)


def test_svg_is_drawn_when_graphviz_is_there(tmp_path: Path) -> None:
    require_program("dot", "the svg format runs Graphviz")
    target = tmp_path / "qlora.svg"
    assert run("graph", "qlora", "-f", "svg", "-o", target).exit_code == 0
    assert "<svg" in target.read_text()


def test_svg_without_graphviz_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    result = run("graph", "qlora", "-f", "svg")
    assert result.exit_code == ExitCode.MISSING_PROGRAM
    assert result.stderr.startswith(
        "Error: drawing SVG needs Graphviz's 'dot' program, which is not installed; "
        "install Graphviz (Debian/Ubuntu: apt install graphviz;"
    )
    assert result.stdout == ""
