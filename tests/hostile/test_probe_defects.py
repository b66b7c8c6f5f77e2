"""Regression tests for the robustness probe of December 2026, one or more per defect.

The probe's numbering (1-23) is kept in each test's name so a reader can find
the reproduction in the report. Tests that need a real process (closed
descriptors, signals, pipes) run the installed console script's module.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from genai_catalog.cli.exit_codes import ExitCode
from genai_catalog.search import MAX_QUERY_WORDS
from tests.helpers import FIXTURE_CATALOG, Files, MakeCatalog, Run

GENAI = [sys.executable, "-c", "from genai_catalog.cli.main import run; run()"]


def genai(
    *args: str, env: dict[str, str | None] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """Run genai in a child process; an ``env`` value of None removes the variable."""
    merged: dict[str, str | None] = {**os.environ, "GENAI_CATALOG": str(FIXTURE_CATALOG)}
    merged.update(env or {})
    full_env = {key: value for key, value in merged.items() if value is not None}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [*GENAI, *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        **kwargs,
    )


# --- 1. special files never hang ------------------------------------------------------


def test_01_a_fifo_as_topics_file_is_a_problem_not_a_hang(
    make_catalog: MakeCatalog, run: Run
) -> None:
    root = make_catalog({})
    (root / "topics.yaml").unlink()
    os.mkfifo(root / "topics.yaml")
    code, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert code == ExitCode.INVALID_CATALOG
    assert out.splitlines() == [
        f"{root}/topics.yaml: cannot read: is a named pipe (FIFO), not a regular file"
    ]


def test_01_a_record_swapped_for_a_fifo_after_the_scan_is_refused(
    make_catalog: MakeCatalog, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    """The scan saw a regular file; by the time it is opened it is a FIFO (the race)."""
    from genai_catalog.files import layout

    root = make_catalog({})
    target = root / "techniques" / "lora.yaml"
    real_finish = layout.Scanning.finish

    def scan_then_swap(
        scanning: layout.Scanning, meanwhile: Callable[[], None] | None = None
    ) -> layout.Scan:
        found = real_finish(scanning, meanwhile)
        target.unlink()
        os.mkfifo(target)
        return found

    monkeypatch.setattr(layout.Scanning, "finish", scan_then_swap)
    code, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert code == ExitCode.INVALID_CATALOG
    assert f"{target}: cannot read: is a named pipe (FIFO), not a regular file" in out


def test_01_dev_zero_is_never_read(make_catalog: MakeCatalog, run: Run) -> None:
    root = make_catalog({})
    (root / "topics.yaml").unlink()
    (root / "topics.yaml").symlink_to("/dev/zero")
    code, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert code == ExitCode.INVALID_CATALOG
    assert "topics.yaml: symlink points outside the catalog" in out


# --- 2. a long query is refused, a long-but-legal one stays fast -------------------------


def test_02_a_huge_query_is_refused_at_once(run: Run) -> None:
    words = " ".join(f"w{i}" for i in range(12_000))
    code, _, err = run("search", words)
    assert code == ExitCode.USAGE
    assert err == f"Error: the query is {len(words):,} characters long; the limit is 300\n"


def test_02_the_most_words_allowed_still_answer(run: Run) -> None:
    query = " ".join(["lora"] * MAX_QUERY_WORDS)
    code, out, _ = run("search", query, "--format", "json")
    assert code == ExitCode.OK and json.loads(out)[0]["id"] == "lora"


# --- 5. closed streams and broken pipes ---------------------------------------------------


def test_05_closed_stderr_does_not_break_a_cold_load(tmp_path: Path) -> None:
    env = {**os.environ, "GENAI_CATALOG": str(FIXTURE_CATALOG), "GENAI_CACHE_DIR": str(tmp_path)}
    result = subprocess.run(
        [*GENAI, "--no-cache", "search", "qlora", "--limit", "1"],
        stdout=subprocess.PIPE, env=env, text=True, timeout=60, check=False,
        preexec_fn=lambda: os.close(2),
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stdout.splitlines()[1].split()[:2] == ["1", "qlora"]


def test_05_closed_stdout_is_an_error_not_a_silent_success(tmp_path: Path) -> None:
    for args in (["list"], ["list", "--format", "json"], ["export"], ["show", "qlora"]):
        result = genai(
            *args, env={"GENAI_CACHE_DIR": str(tmp_path)}, preexec_fn=lambda: os.close(1)
        )
        assert result.returncode == ExitCode.ERROR, args
        assert result.stderr == "Error: standard output is closed; there is nowhere to print\n"


def test_05_a_broken_pipe_exits_quietly_with_141_in_every_format(tmp_path: Path) -> None:
    big = tmp_path / "big"
    from tests.helpers import write_catalog

    records: Files = {
        f"papers/p{i}.yaml": f"id: p{i}\nkind: paper\nname: Paper {i}\nsummary: s\nyear: 2020\n"
        for i in range(3000)
    }
    write_catalog(big, records, topics="topics: {}\n")
    for args in (["list"], ["list", "--format", "json"], ["export", "--format", "csv"]):
        env = {**os.environ, "GENAI_CACHE_DIR": str(tmp_path / "cache")}
        producer = subprocess.Popen(
            [*GENAI, *args, "--catalog", str(big)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
        assert producer.stdout is not None and producer.stderr is not None
        producer.stdout.readline()
        producer.stdout.close()  # the reader goes away, as `| head -1` does
        err = producer.stderr.read()
        assert producer.wait(timeout=60) == ExitCode.BROKEN_PIPE, args
        assert err == b"", args


# --- 6. encodings ---------------------------------------------------------------------------


def test_06_a_latin1_terminal_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    env: dict[str, str | None] = {"PYTHONIOENCODING": "latin-1", "GENAI_CACHE_DIR": str(tmp_path)}
    shown = genai("show", "qlora", env=env, encoding="latin-1")
    assert shown.returncode == 0 and shown.stderr == ""
    assert "\\u2192 builds on" in shown.stdout  # the arrow, escaped
    as_json = genai("show", "qlora", "--format", "json", env=env, encoding="latin-1")
    assert json.loads(as_json.stdout)[0]["id"] == "qlora"  # still valid JSON: \u escapes


def test_06_a_catalog_path_that_is_not_utf8_works_with_the_cache(tmp_path: Path) -> None:
    import shutil

    odd = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/dir\xff"))
    shutil.copytree(FIXTURE_CATALOG, odd)
    for _ in range(2):  # cold, then warm
        result = genai(
            "search", "qlora", "--catalog", str(odd), env={"GENAI_CACHE_DIR": str(tmp_path / "c")}
        )
        assert result.returncode == 0, result.stderr


# --- 8. one line per problem; one row per record ---------------------------------------


def test_08_a_key_with_a_newline_cannot_forge_a_problem_line(
    make_catalog: MakeCatalog, run: Run
) -> None:
    root = make_catalog(
        {
            "techniques/x.yaml": "id: x\nkind: technique\nname: X\nsummary: s\n"
            '"y\\nfake.yaml:1:1: forged": 1\n'
        }
    )
    code, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert code == ExitCode.INVALID_CATALOG
    assert out.splitlines() == [
        f"{root}/techniques/x.yaml:5:1: y\\nfake.yaml:1:1: forged: unknown field"
    ]


def test_08_a_block_scalar_where_a_list_belongs_is_one_line(
    make_catalog: MakeCatalog, run: Run
) -> None:
    root = make_catalog(
        {"techniques/x.yaml": "id: x\nkind: technique\nname: X\nsummary: s\naliases: |\n  A\n  B\n"}
    )
    _, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert out.splitlines() == [
        f"{root}/techniques/x.yaml:5:1: aliases: expected a list, got the text 'A\\nB\\n'; "
        "write each item on its own line after '- '"
    ]


def test_08_names_are_one_line_and_never_blank(make_catalog: MakeCatalog, run: Run) -> None:
    root = make_catalog(
        {
            "techniques/x.yaml": 'id: x\nkind: technique\nname: "Evil\\nqlora  technique  QLoRA"\n'
            'summary: " "\naliases: ["   "]\n'
        }
    )
    _, out, _ = run("--no-cache", "validate", "--catalog", root)
    path = f"{root}/techniques/x.yaml"
    assert out.splitlines() == [
        f"{path}:3:1: name: must be one line of text, without line breaks or tabs",
        f"{path}:4:1: summary: is blank; write the text",
        f"{path}:5:11: aliases.0: is blank; write the text",
    ]


# --- 9. signals ---------------------------------------------------------------------------


def _big_catalog(root: Path, n: int = 8000) -> Path:
    from tests.helpers import write_catalog

    records: Files = {
        f"techniques/t{i}.yaml": (
            f"id: t{i}\nkind: technique\nname: T {i}\nsummary: {'word ' * 40}\n"
        )
        for i in range(n)
    }
    return write_catalog(root, records, topics="topics: {}\n")


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (signal.SIGINT, 130, "Interrupted.\n"),
        (signal.SIGTERM, 128 + signal.SIGTERM, ""),
        (signal.SIGHUP, 128 + signal.SIGHUP, ""),
    ],
)
def test_09_a_signal_during_a_parallel_load_leaves_no_traceback(
    tmp_path: Path, signum: int, code: int, message: str
) -> None:
    root = _big_catalog(tmp_path / "cat")
    process = subprocess.Popen(
        [*GENAI, "--no-cache", "validate", "--catalog", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(0.6)
    process.send_signal(signum)  # to the main process only, as a supervisor does
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the load finished before the signal arrived")
    assert process.returncode == code
    assert "Traceback" not in err and "ForkPoolWorker" not in err
    assert err == message


# --- 10, 11, 17. output files ---------------------------------------------------------------


def test_10_force_never_replaces_a_symlink_or_a_device(tmp_path: Path, run: Run) -> None:
    link = tmp_path / "link.md"
    target = tmp_path / "target.md"
    target.write_text("keep\n")
    link.symlink_to(target)
    code, _, err = run("export", "--force", "-o", link, "--catalog", FIXTURE_CATALOG)
    assert code == ExitCode.ERROR
    assert err == f"Error: {link} is a symlink; only a regular file is ever replaced\n"
    assert link.is_symlink() and target.read_text() == "keep\n"
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    code, _, err = run("export", "--force", "-o", fifo, "--catalog", FIXTURE_CATALOG)
    assert err == f"Error: {fifo} is a named pipe (FIFO); only a regular file is ever replaced\n"


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("missing/x.md", "the folder '{tmp}/missing' does not exist"),
        ("file.txt/x.md", "'{tmp}/file.txt' is not a folder"),
    ],
)
def test_11_an_unwritable_output_names_the_output(
    tmp_path: Path, run: Run, target: str, reason: str
) -> None:
    (tmp_path / "file.txt").write_text("x")
    code, _, err = run("export", "-o", tmp_path / target, "--catalog", FIXTURE_CATALOG)
    assert code == ExitCode.ERROR
    assert err == f"Error: cannot write {tmp_path / target}: {reason.format(tmp=tmp_path)}\n"


def test_17_a_legal_250_byte_name_can_be_written(tmp_path: Path, run: Run) -> None:
    name = "c" * 252 + ".md"
    code, _, _ = run("export", "-o", tmp_path / name, "--catalog", FIXTURE_CATALOG)
    assert code == ExitCode.OK and (tmp_path / name).is_file()
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [name]  # no temp file left


def test_16_an_unreadable_kind_folder_is_a_warning(
    make_catalog: MakeCatalog, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    root = make_catalog({})
    real_open = os.open

    def refuse(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("/techniques"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    code, out, err = run("--no-cache", "search", "lora", "--catalog", root, "--format", "json")
    assert code == ExitCode.OK
    assert [hit["id"] for hit in json.loads(out)] == ["lora-paper"]
    assert err == (
        f"warning: {root}/techniques: cannot read the folder: Permission denied; "
        "its records are skipped\n"
    )


# --- 12. files that look like records but are not read ---------------------------------------


def test_12_validate_reports_every_file_it_does_not_read(
    make_catalog: MakeCatalog, run: Run
) -> None:
    record = "id: z\nkind: technique\nname: Z\nsummary: s\n"
    root = make_catalog({"technique/z.yaml": record, "z.yaml": record})
    os.mkfifo(root / "papers" / "fifo.yaml")
    (root / "papers" / "dir.yaml").mkdir()
    (root / "models").rmdir()
    (root / "models").write_text("not a folder")
    code, out, _ = run("--no-cache", "validate", "--catalog", root)
    assert code == ExitCode.INVALID_CATALOG
    assert out.splitlines() == [
        f"{root}/models: is not a regular file, not a kind folder; it is ignored",
        f"{root}/papers/dir.yaml: is a folder; records are files directly inside papers/",
        f"{root}/papers/fifo.yaml: is a named pipe (FIFO), not a record file; it is ignored",
        f"{root}/technique: folder technique/ holds .yaml files but is not a kind folder "
        "(did you mean: techniques?); its files are not read",
        f"{root}/z.yaml: a record file must be in its kind folder "
        "(papers, techniques, models, tools, datasets, benchmarks, collections)",
    ]


# --- 13. usage errors, narrow terminals, odd homes --------------------------------------------


def test_13_usage_errors_are_one_line(run: Run) -> None:
    code, out, err = run("search", "lora", "--limit", "0")
    assert (code, out) == (ExitCode.USAGE, "")
    assert err == (
        "Error: Invalid value for '--limit' / '-n': 0 is not in the range x>=1. "
        "(see 'genai search --help')\n"
    )


def test_13_a_narrow_terminal_still_shows_ids_and_names(
    monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    from genai_catalog.cli import render

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    for columns in ("0", "20", "30"):
        monkeypatch.setenv("COLUMNS", columns)
        assert not render.interactive()
    _, out, _ = run("search", "qlora", "--limit", "1")
    assert "qlora" in out and "QLoRA" in out


@pytest.mark.parametrize("home", ["", "/nonexistent-genai-home"])
def test_23_an_unusable_home_means_no_cache_and_no_new_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    from genai_catalog import paths

    monkeypatch.delenv("GENAI_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", home)
    assert paths.cache_dir() is None
    result = genai(
        "search", "qlora", env={"HOME": home, "GENAI_CACHE_DIR": None, "XDG_CACHE_HOME": None}
    )
    assert result.returncode == 0
    assert not Path("/nonexistent-genai-home").exists()
