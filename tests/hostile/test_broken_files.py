"""One case per way a record file can be broken or hostile (issue 5).

Each case writes a tiny catalog, runs ``genai validate`` through the real
error boundary, and checks the exact problem lines and the exit code.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from genai_catalog.cli.exit_codes import ExitCode
from genai_catalog.files import yaml_read as safe_yaml
from tests.helpers import Files, MakeCatalog, Run

# A valid paper; cases add or change lines. Lines: 1 id, 2 kind, 3 name, 4 summary, 5 year.
PAPER = "id: x\nkind: paper\nname: X\nsummary: A paper.\nyear: 2023\n"
MODEL = "id: m\nkind: model\nname: M\nsummary: A model.\n"
TECHNIQUE = "id: t\nkind: technique\nname: T\nsummary: A technique.\n"
NEXT_YEAR = datetime.date.today().year + 1


@dataclass
class Case:
    name: str
    files: Files
    # Expected stdout of `genai validate`, one problem a line; "{cat}" is the catalog root.
    expected: list[str]
    setup: Callable[[Path], None] | None = None


def _symlink_out(rel: str, target_name: str, content: str | None = PAPER) -> Callable[[Path], None]:
    """Make ``rel`` a symlink to a file (or folder) beside the catalog, outside it."""

    def setup(root: Path) -> None:
        target = root.parent / target_name
        if content is None:
            target.mkdir()
            (target / "x.yaml").write_text(PAPER, encoding="utf-8")
        else:
            target.write_text(content, encoding="utf-8")
        link = root / rel
        if link.is_dir():
            link.rmdir()
        elif link.exists():
            link.unlink()
        link.symlink_to(target)

    return setup


def _broken_symlink(root: Path) -> None:
    (root / "papers" / "gone.yaml").symlink_to(root / "papers" / "nowhere.yaml")


def _deep_block(levels: int) -> str:
    return "".join(" " * level + f"k{level}:\n" for level in range(levels))


CASES = [
    # --- strict YAML ---------------------------------------------------------------------
    Case(
        "duplicate key names both lines",
        {"papers/x.yaml": PAPER + "name: Y\n"},
        [
            "{cat}/papers/x.yaml:6:1: name: duplicate key 'name' (first on line 3); "
            "a record states each field once"
        ],
    ),
    Case(
        "duplicate key, once quoted",
        {"papers/x.yaml": PAPER + '"year": 2021\n'},
        [
            "{cat}/papers/x.yaml:6:1: year: duplicate key 'year' (first on line 5); "
            "a record states each field once"
        ],
    ),
    Case(
        "number as key",
        {"papers/x.yaml": PAPER + "1: one\n"},
        ["{cat}/papers/x.yaml:6:1: keys must be text, but this key is 1; quote it"],
    ),
    Case(
        "boolean as key",
        {"papers/x.yaml": PAPER + "true: yes\n"},
        ["{cat}/papers/x.yaml:6:1: keys must be text, but this key is true; quote it"],
    ),
    Case(
        "null as key",
        {"papers/x.yaml": PAPER + "~: nothing\n"},
        ["{cat}/papers/x.yaml:6:1: keys must be text, but this key is null; quote it"],
    ),
    Case(
        "list as key",
        {"papers/x.yaml": PAPER + "? [a, b]\n: c\n"},
        ["{cat}/papers/x.yaml:6:3: keys must be text, but this key is a list"],
    ),
    Case(
        "anchor and alias",
        {"papers/x.yaml": PAPER + "aliases: [&short X1]\nauthors: [*short]\n"},
        [
            "{cat}/papers/x.yaml:6:11: anchors (&short) are not allowed in records",
            "{cat}/papers/x.yaml:7:11: aliases (*short) are not allowed in records; "
            "write the value out",
        ],
    ),
    Case(
        "custom tag",
        {"papers/x.yaml": PAPER + "venue: !conf NeurIPS\n"},
        ["{cat}/papers/x.yaml:6:8: tag !conf is not allowed; quote the value if it is text"],
    ),
    Case(
        "python tag",
        {"papers/x.yaml": PAPER + "venue: !!python/object/apply:os.system [echo pwned]\n"},
        [
            "{cat}/papers/x.yaml:6:8: tag tag:yaml.org,2002:python/object/apply:os.system "
            "is not allowed; quote the value if it is text"
        ],
    ),
    Case(
        "two documents",
        {"papers/x.yaml": PAPER + "---\n" + PAPER},
        ["{cat}/papers/x.yaml:6:1: a record file holds one YAML document; found a second"],
    ),
    Case(
        "top level is a list",
        {"papers/x.yaml": "- id: x\n- kind: paper\n"},
        ["{cat}/papers/x.yaml:1:1: a record must be a mapping of fields, but the file is a list"],
    ),
    Case(
        "top level is text",
        {"papers/x.yaml": "just some words\n"},
        ["{cat}/papers/x.yaml:1:1: a record must be a mapping of fields, but the file is text"],
    ),
    Case(
        "empty file",
        {"papers/x.yaml": "# nothing here yet\n"},
        ["{cat}/papers/x.yaml:1:1: a record must be a mapping of fields, but the file is empty"],
    ),
    Case(
        "file over the size cap",
        {"papers/x.yaml": PAPER + "notes: " + "a" * 300_000 + "\n"},
        [
            f"{{cat}}/papers/x.yaml:1:1: file is {len(PAPER) + 300_008:,} bytes; "
            "the limit is 262,144"
        ],
    ),
    Case(
        "deep flow nesting",
        {"papers/x.yaml": "[" * 100_000},
        ["{cat}/papers/x.yaml:1:1: nesting is deeper than the limit of 24 levels"],
    ),
    Case(
        "deep block nesting",
        {"papers/x.yaml": PAPER + "notes:\n" + _deep_block(30).replace("k", " k")},
        ["{cat}/papers/x.yaml:30:1: nesting is deeper than the limit of 24 levels"],
    ),
    Case(
        "deep compact sequences",
        {"papers/x.yaml": PAPER + "authors:\n" + "- " * 30 + "A\n"},
        ["{cat}/papers/x.yaml:7:1: nesting is deeper than the limit of 24 levels"],
    ),
    Case(
        "deep explicit keys",
        {"papers/x.yaml": PAPER + "? " * 30 + "k\n"},
        ["{cat}/papers/x.yaml:6:1: nesting is deeper than the limit of 24 levels"],
    ),
    Case(
        "invalid UTF-8",
        # The column counts characters: "é" is two bytes but one column.
        {
            "papers/x.yaml": PAPER.replace("name: X", "name: Xé")
            .encode()
            .replace(b"\xa9", b"\xa9\xff")
        },
        ["{cat}/papers/x.yaml:3:9: file is not valid UTF-8"],
    ),
    Case(
        "control character",
        {"papers/x.yaml": PAPER.replace("name: X", "name: X\x07")},
        ["{cat}/papers/x.yaml:3:8: control character U+0007 in file"],
    ),
    Case(
        "tab indentation",
        {"papers/x.yaml": PAPER + "links:\n\t- {label: a, url: 'https://a.org'}\n"},
        [
            "{cat}/papers/x.yaml:7:1: YAML syntax error: found character that cannot start "
            "any token (a tab: YAML indents with spaces only)"
        ],
    ),
    # --- plain scalars keep the text the user wrote ------------------------------------------
    Case(
        "a date where a year belongs",
        {"papers/x.yaml": PAPER.replace("year: 2023", "year: 2023-05-01")},
        ["{cat}/papers/x.yaml:5:1: year: expected a whole number, got the text '2023-05-01'"],
    ),
    Case(
        "YAML 1.1 boolean word",
        {"models/m.yaml": MODEL + "open_weights: no\n"},
        ["{cat}/models/m.yaml:5:1: open_weights: expected true or false, got the text 'no'"],
    ),
    Case(
        "a number where text belongs",
        {"papers/x.yaml": PAPER.replace("name: X", "name: 2023")},
        ["{cat}/papers/x.yaml:3:1: name: expected text, got 2023; quote it"],
    ),
    Case(
        "a boolean where text belongs",
        {"papers/x.yaml": PAPER.replace("name: X", "name: true")},
        ["{cat}/papers/x.yaml:3:1: name: expected text, got true; quote it"],
    ),
    Case(
        "an integer too long for Python",
        {"papers/x.yaml": PAPER.replace("year: 2023", "year: " + "9" * 5000)},
        [f"{{cat}}/papers/x.yaml:5:1: year: expected a whole number, got the text '{'9' * 5000}'"],
    ),
    Case(
        "an empty required field",
        {"papers/x.yaml": PAPER.replace("name: X", "name:")},
        ["{cat}/papers/x.yaml:3:1: name: has no value (it is empty or null); write one"],
    ),
    Case(
        "a single value where a list belongs",
        {"papers/x.yaml": PAPER + "topics: peft\n"},
        ["{cat}/papers/x.yaml:6:1: topics: expected a list, got the text 'peft'; write [peft]"],
    ),
    # --- schema, with did-you-mean ------------------------------------------------------------
    Case(
        "unknown field",
        {"papers/x.yaml": PAPER + "autors: [A. Author]\n"},
        ["{cat}/papers/x.yaml:6:1: autors: unknown field (did you mean: authors?)"],
    ),
    Case(
        "unknown field in a link",
        {"papers/x.yaml": PAPER + "links:\n  - {label: Code, url: 'https://a.org', typ: code}\n"},
        ["{cat}/papers/x.yaml:7:41: links.0.typ: unknown field (did you mean: type?)"],
    ),
    Case(
        "unknown kind",
        {"papers/x.yaml": PAPER.replace("kind: paper", "kind: papr")},
        ["{cat}/papers/x.yaml:2:1: kind: unknown kind 'papr' (did you mean: paper?)"],
    ),
    Case(
        "unknown category",
        {"techniques/t.yaml": TECHNIQUE + "category: pefft\n"},
        [
            "{cat}/techniques/t.yaml:5:1: category: unknown category 'pefft' "
            "(did you mean: peft?); one of: architecture, attention, prompting, "
            "fine-tuning, peft, alignment, quantization, decoding, "
            "inference-optimization, retrieval, training, "
            "representation, generative-modeling, agents, evaluation, data, reasoning, "
            "interpretability, compression, concept"
        ],
    ),
    Case(
        "missing required field",
        {"papers/x.yaml": PAPER.replace("year: 2023\n", "")},
        ["{cat}/papers/x.yaml:1:1: year: required field is missing"],
    ),
    Case(
        "unknown topic",
        {"papers/x.yaml": PAPER + "topics: [llm, pft]\n"},
        [
            "{cat}/papers/x.yaml:6:15: topics: unknown topic 'pft' (did you mean: peft?); "
            "topics are listed in topics.yaml"
        ],
    ),
    # --- catalog-level checks -------------------------------------------------------------
    Case(
        "dangling reference",
        {"techniques/t.yaml": TECHNIQUE + "builds_on: [lroa]\n"},
        [
            "{cat}/techniques/t.yaml:5:13: builds_on: no record has the id 'lroa' "
            "(did you mean: lora?)"
        ],
    ),
    Case(
        "reference to the wrong kind",
        {"techniques/t.yaml": TECHNIQUE + "introduced_in: lora\n"},
        [
            "{cat}/techniques/t.yaml:5:1: introduced_in: 'lora' is a technique, "
            "but introduced_in takes a paper"
        ],
    ),
    Case(
        "reference to itself",
        {"techniques/t.yaml": TECHNIQUE + "related: [t]\n"},
        ["{cat}/techniques/t.yaml:5:11: related: a record cannot refer to itself"],
    ),
    Case(
        "duplicate id across kinds",
        {"papers/lora.yaml": PAPER.replace("id: x", "id: lora")},
        [
            "{cat}/techniques/lora.yaml:1:1: id: duplicate id 'lora': {cat}/papers/lora.yaml "
            "has it too; ids are unique across all kinds"
        ],
    ),
    Case(
        "id differs from the file name",
        {"papers/x.yaml": PAPER.replace("id: x", "id: y")},
        [
            "{cat}/papers/x.yaml:1:1: id: id 'y' does not match the file name; "
            "rename the file to y.yaml or fix the id"
        ],
    ),
    Case(
        "id that climbs out of the catalog",
        {"papers/x.yaml": PAPER.replace("id: x", "id: ../../etc/passwd")},
        [
            "{cat}/papers/x.yaml:1:1: id: '../../etc/passwd' is not an id: an id is a file "
            "name, so it cannot contain '/', '\\' or '..'; use lowercase letters, digits "
            "and hyphens"
        ],
    ),
    Case(
        "id that is not a slug",
        {"papers/x.yaml": PAPER.replace("id: x", "id: QLoRA Paper")},
        [
            "{cat}/papers/x.yaml:1:1: id: 'QLoRA Paper' is not an id: use lowercase letters, "
            "digits and hyphens (like 'qlora-paper')"
        ],
    ),
    Case(
        "record in the wrong kind folder",
        {"techniques/x.yaml": PAPER},
        ["{cat}/techniques/x.yaml:2:1: kind: a paper record belongs in papers/, not techniques/"],
    ),
    Case(
        "duplicate arXiv id",
        {"papers/x.yaml": PAPER.replace("2023", "2021") + "arxiv: '2106.09685'\n"},
        [
            "{cat}/papers/x.yaml:6:1: arxiv: arXiv 2106.09685 is already the paper 'lora-paper' "
            "({cat}/papers/lora-paper.yaml); a paper has one record"
        ],
    ),
    Case(
        "arXiv id with a version suffix",
        {"papers/x.yaml": PAPER.replace("2023", "2021") + "arxiv: 2106.09685v2\n"},
        [
            "{cat}/papers/x.yaml:6:1: arxiv: '2106.09685v2' has a version suffix; write the "
            "bare id '2106.09685' so the paper has one spelling"
        ],
    ),
    Case(
        "arXiv URL instead of an id",
        {"papers/x.yaml": PAPER + "arxiv: https://arxiv.org/abs/2305.14314\n"},
        [
            "{cat}/papers/x.yaml:6:1: arxiv: 'https://arxiv.org/abs/2305.14314' is not a bare "
            "arXiv id; write '2305.14314'"
        ],
    ),
    Case(
        "arXiv id disagrees with the year",
        {"papers/x.yaml": PAPER.replace("2023", "2022") + "arxiv: '2305.14314'\n"},
        ["{cat}/papers/x.yaml:5:1: year: 2022 disagrees with arxiv 2305.14314, from 2023"],
    ),
    Case(
        "arXiv id with month 13",
        {"papers/x.yaml": PAPER + "arxiv: '2313.14314'\n"},
        [
            "{cat}/papers/x.yaml:6:1: arxiv: 2313.14314 cannot be an arXiv id: "
            "its month 13 is not 01 to 12"
        ],
    ),
    Case(
        "year in the future",
        {"techniques/t.yaml": TECHNIQUE + f"year: {NEXT_YEAR}\n"},
        [f"{{cat}}/techniques/t.yaml:5:1: year: {NEXT_YEAR} is in the future"],
    ),
    Case(
        "javascript URL",
        {
            "papers/x.yaml": PAPER
            + "url: 'javascript:alert(1)'\n"
            + "links:\n  - {label: Run me, url: 'javascript:alert(1)'}\n"
        },
        [
            "{cat}/papers/x.yaml:6:1: url: 'javascript:alert(1)' is not an http(s) URL",
            "{cat}/papers/x.yaml:8:21: links.0.url: 'javascript:alert(1)' is not an http(s) URL",
        ],
    ),
    Case(
        "symlink to a file outside the catalog",
        {},
        ["{cat}/papers/evil.yaml: symlink points outside the catalog; it is ignored"],
        setup=_symlink_out("papers/evil.yaml", "outside.yaml"),
    ),
    Case(
        "kind folder symlinked outside the catalog",
        {},
        ["{cat}/models: folder is a symlink that points outside the catalog; it is ignored"],
        setup=_symlink_out("models", "elsewhere", content=None),
    ),
    Case(
        "topics.yaml symlinked outside the catalog",
        {},
        # Without a vocabulary, topics go unchecked: one problem, not one per record.
        ["{cat}/topics.yaml: symlink points outside the catalog"],
        setup=_symlink_out("topics.yaml", "their-topics.yaml", content="topics:\n  peft: P.\n"),
    ),
    Case(
        "broken symlink",
        {},
        ["{cat}/papers/gone.yaml: symlink is broken or loops; it is ignored"],
        setup=_broken_symlink,
    ),
    Case(
        "not a .yaml file",
        {"papers/x.yml": PAPER},
        ["{cat}/papers/x.yml: not a .yaml file; record files are named <id>.yaml"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_validate_prints_the_exact_problem(case: Case, make_catalog: MakeCatalog, run: Run) -> None:
    root = make_catalog(case.files)
    if case.setup is not None:
        case.setup(root)
    code, out, err = run("--no-cache", "validate", "--catalog", root)
    assert out.splitlines() == [line.replace("{cat}", str(root)) for line in case.expected]
    assert code == ExitCode.INVALID_CATALOG
    assert "Traceback" not in err
    assert err.startswith(f"Error: {len(case.expected)} problem(s) in ")


def test_every_problem_of_every_file_in_one_run(make_catalog: MakeCatalog, run: Run) -> None:
    root = make_catalog(
        {
            "papers/x.yaml": PAPER + "name: Again\nvenue: !conf NeurIPS\n",
            "papers/y.yaml": PAPER.replace("id: x", "id: y") + "autors: [A]\ntopics: peft\n",
            "techniques/t.yaml": TECHNIQUE + "builds_on: [lroa]\n",
        }
    )
    code, out, err = run("--no-cache", "validate", "--catalog", root)
    assert code == ExitCode.INVALID_CATALOG
    assert out.splitlines() == [
        f"{root}/papers/x.yaml:6:1: name: duplicate key 'name' (first on line 3); "
        "a record states each field once",
        f"{root}/papers/x.yaml:7:8: tag !conf is not allowed; quote the value if it is text",
        f"{root}/papers/y.yaml:6:1: autors: unknown field (did you mean: authors?)",
        f"{root}/papers/y.yaml:7:1: topics: expected a list, got the text 'peft'; write [peft]",
        f"{root}/techniques/t.yaml:5:13: builds_on: no record has the id 'lroa' "
        "(did you mean: lora?)",
    ]
    assert err == "Error: 5 problem(s) in 3 file(s); 3 of 5 record files are usable\n"


def test_the_cache_reports_what_a_fresh_load_does(make_catalog: MakeCatalog, run: Run) -> None:
    root = make_catalog(
        {
            "papers/x.yaml": PAPER + "name: Again\n",
            "techniques/t.yaml": TECHNIQUE + "builds_on: [lroa]\nrelated: [t]\n",
        }
    )
    fresh = run("--no-cache", "validate", "--catalog", root)
    assert fresh[0] == ExitCode.INVALID_CATALOG
    assert run("validate", "--catalog", root) == fresh  # cold cache
    assert run("validate", "--catalog", root) == fresh  # warm cache
    # One file changes: the others come from the per-file cache.
    (root / "papers" / "y.yaml").write_text(PAPER.replace("id: x", "id: y"), encoding="utf-8")
    partly = run("validate", "--catalog", root)
    assert partly == run("--no-cache", "validate", "--catalog", root)
    assert ":5:13: builds_on: no record has the id 'lroa'" in partly[1]


def test_a_clean_catalog_validates(make_catalog: MakeCatalog, run: Run) -> None:
    root = make_catalog({})
    code, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert (code, out) == (ExitCode.OK, "ok: 2 records, 2 topics, no problems.\n")


def test_plain_scalars_reach_the_schema_as_text(make_catalog: MakeCatalog, run: Run) -> None:
    record = (
        MODEL
        + "parameters: 1.10\nlicense: 2023-05-01\norganization: no\n"
        + "aliases: [on, off, yes, 0x1F, 1e3, .inf, 012, '7', 1_000, 12:30]\n"
    )
    root = make_catalog({"models/m.yaml": record})
    code, out, err = run("--no-cache", "show", "m", "--format", "json", "--catalog", root)
    assert (code, err) == (ExitCode.OK, "")
    assert '"parameters": "1.10"' in out
    assert '"license": "2023-05-01"' in out
    assert '"organization": "no"' in out
    for alias in ("on", "off", "yes", "0x1F", "1e3", ".inf", "012", "7", "1_000", "12:30"):
        assert f'"{alias}"' in out


def test_brackets_in_text_do_not_count_as_nesting(make_catalog: MakeCatalog, run: Run) -> None:
    brackets = "[" * 40
    record = (
        PAPER
        + f"venue: see {brackets}\n"
        + f"aliases: ['{brackets}', \"{brackets}\"]\n"
        + "notes: |\n"
        + "".join(f"  range [0, {i}) {{\n" for i in range(40))
        + "authors:\n  - A long name that\n    "
        + brackets
        + " runs on\n"
    )
    root = make_catalog({"papers/x.yaml": record})
    code, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert (code, out) == (ExitCode.OK, "ok: 3 records, 2 topics, no problems.\n")


def test_deep_input_is_refused_before_the_parser_sees_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    def parse_not_allowed(*args: object, **kwargs: object) -> None:
        raise AssertionError("yaml.parse was called")

    monkeypatch.setattr(yaml, "parse", parse_not_allowed)
    for text in ("[" * 100_000, "{a: " * 50_000, "- " * 100_000 + "x", _deep_block(1000)):
        with pytest.raises(safe_yaml.YamlRefused) as refused:
            safe_yaml.parse(text, "f.yaml")
        assert "nesting is deeper than the limit of 24 levels" in str(refused.value)


def test_the_builder_enforces_the_depth_cap_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    # Should some input fool the estimate, the builder still stops at the cap.
    class Fooled:
        deepest = 0
        deepest_line = 1

        def __init__(self, text: str) -> None:
            pass

    monkeypatch.setattr(safe_yaml, "_DepthScan", Fooled)
    with pytest.raises(safe_yaml.YamlRefused) as refused:
        safe_yaml.parse("id: x\nnotes: " + "[" * 30 + "]" * 30 + "\n", "f.yaml")
    assert [str(p) for p in refused.value.problems] == [
        "f.yaml:2:31: nesting is deeper than the limit of 24 levels"
    ]


def test_a_binary_file_gets_a_short_report(make_catalog: MakeCatalog, run: Run) -> None:
    root = make_catalog({"papers/x.yaml": b"\x00" * 5000})
    code, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert code == ExitCode.INVALID_CATALOG
    lines = out.splitlines()
    assert len(lines) == 11
    assert lines[-1] == (
        f"{root}/papers/x.yaml:1:10: and 4,990 more control characters; is this a text file?"
    )


def test_an_oversize_file_is_not_read_whole(
    make_catalog: MakeCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from genai_catalog.files.record_files import load_file

    root = make_catalog({})
    big = root / "papers" / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(1 << 30)  # sparse: a gigabyte that costs no disk
    result = load_file(root, "papers/big.yaml")
    assert [str(p) for p in result.problems] == [
        f"{root}/papers/big.yaml:1:1: file is 1,073,741,824 bytes; the limit is 262,144"
    ]


def test_a_symlink_loop_is_reported_not_raised(make_catalog: MakeCatalog, run: Run) -> None:
    root = make_catalog({})
    os.symlink("b.yaml", root / "papers" / "a.yaml")
    os.symlink("a.yaml", root / "papers" / "b.yaml")
    code, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert code == ExitCode.INVALID_CATALOG
    assert out.splitlines() == [
        f"{root}/papers/a.yaml: symlink is broken or loops; it is ignored",
        f"{root}/papers/b.yaml: symlink is broken or loops; it is ignored",
    ]


def test_a_symlink_inside_the_catalog_is_followed(make_catalog: MakeCatalog, run: Run) -> None:
    root = make_catalog({})
    (root / "shared").mkdir()
    (root / "shared" / "x.yaml").write_text(PAPER, encoding="utf-8")
    (root / "papers" / "x.yaml").symlink_to(root / "shared" / "x.yaml")
    code, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert (code, out) == (ExitCode.OK, "ok: 3 records, 2 topics, no problems.\n")


# --- reading commands skip a broken record and still answer -------------------------------

READING = [
    ("list", "--format", "csv"),
    ("list", "techniques"),
    ("search", "lora"),
    ("show", "lora"),
    ("export",),
    ("export", "--format", "json"),
]


@pytest.mark.parametrize("command", READING, ids=[" ".join(c) for c in READING])
def test_reading_commands_skip_a_broken_record_with_one_warning(
    command: tuple[str, ...], make_catalog: MakeCatalog, run: Run
) -> None:
    root = make_catalog({"papers/x.yaml": PAPER + "name: Again\n"})
    code, out, err = run("--no-cache", *command, "--catalog", root)
    assert code == ExitCode.OK
    assert err == (
        f"warning: skipped {root}/papers/x.yaml: line 6: name: duplicate key 'name' "
        "(first on line 3); a record states each field once\n"
    )
    assert "LoRA" in out
    assert "Traceback" not in err


def test_a_catalog_level_problem_costs_one_warning_line(
    make_catalog: MakeCatalog, run: Run
) -> None:
    root = make_catalog({"techniques/t.yaml": TECHNIQUE + "builds_on: [lroa]\n"})
    code, out, err = run("--no-cache", "list", "--format", "csv", "--catalog", root)
    assert code == ExitCode.OK
    assert err == (
        "warning: the catalog has 1 other problem(s); run 'genai validate' to list them\n"
    )
    assert out.count("\n") == 4  # header and three records


def test_no_traceback_without_debug(
    make_catalog: MakeCatalog, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import genai_catalog.catalog.workers

    def explode(root: Path, rel: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(genai_catalog.catalog.workers, "load_file", explode)
    root = make_catalog({})
    code, out, err = run("--no-cache", "validate", "--catalog", root)
    assert (code, out) == (ExitCode.ERROR, "")
    assert err == "Error: unexpected RuntimeError: boom (run with --debug for the traceback)\n"
    with pytest.raises(RuntimeError, match="boom"):
        run("--debug", "--no-cache", "validate", "--catalog", root)
