"""`genai --help` and command dispatch must not pay for the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pydantic", "yaml", "rapidfuzz")


def modules_loaded_by(*args: str) -> set[str]:
    code = (
        "import sys, json, contextlib, io\n"
        "from genai_catalog.cli.main import main\n"
        "out, err = io.StringIO(), io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
        f"    code = main({list(args)!r})\n"
        "assert code == 0, (code, err.getvalue())\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in json.loads(out.stdout)}


def test_help_imports_no_heavy_library() -> None:
    loaded = modules_loaded_by("--help")
    assert "genai_catalog" in loaded
    assert not loaded & set(HEAVY)


def test_a_command_help_imports_no_heavy_library() -> None:
    assert not modules_loaded_by("search", "--help") & set(HEAVY)


def test_a_warm_search_skips_pydantic_and_yaml() -> None:
    modules_loaded_by("search", "qlora")  # warms the cache
    loaded = modules_loaded_by("search", "qlora")
    assert "rapidfuzz" in loaded
    assert not loaded & {"pydantic", "yaml"}


def test_a_warm_search_skips_what_only_a_changed_catalog_or_a_walk_needs() -> None:
    """Reading and checking files, worker plumbing, and graph walks are for other runs."""
    modules_loaded_by("search", "qlora")  # warms the cache
    code = (
        "import sys, json, contextlib, io\n"
        "from genai_catalog.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['search', 'qlora']) == 0\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert "genai_catalog.cache" in loaded
    assert not loaded & {
        "genai_catalog.files.record_files",
        "genai_catalog.files.yaml_read",
        "genai_catalog.catalog.assemble",
        "genai_catalog.catalog.checks",
        "genai_catalog.lineage",
        "pickle",
    }


def test_reading_state_commands_skip_pydantic_and_yaml_when_warm() -> None:
    modules_loaded_by("search", "qlora")  # warms the cache
    for args in (
        ("mark", "qlora", "--status", "read"),
        ("search", "qlora", "--status", "read"),
        ("show", "peft-reading"),
        ("list", "--status", "unmarked"),
    ):
        assert not modules_loaded_by(*args) & {"pydantic", "yaml"}, args


def test_a_warm_search_does_not_load_the_reading_state() -> None:
    modules_loaded_by("search", "qlora")  # warms the cache
    code = (
        "import sys, io, contextlib\n"
        "from genai_catalog.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['search', 'qlora']) == 0\n"
        "print('genai_catalog.state' in sys.modules, 'genai_catalog.lists' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_warm_graph_and_path_queries_skip_pydantic_and_yaml() -> None:
    modules_loaded_by("graph", "qlora")  # warms the cache
    assert not modules_loaded_by("graph", "qlora", "-d", "2", "-f", "json") & {"pydantic", "yaml"}
    assert not modules_loaded_by("path", "qlora", "lora-paper") & {"pydantic", "yaml"}
    assert not modules_loaded_by("tree", "--help") & set(HEAVY)


def _python(code: str, env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """The modules a Python snippet ends with loaded (every one, by full name), and its stderr."""
    run = subprocess.run(
        [sys.executable, "-c", code + "\nprint(json.dumps(sorted(sys.modules)))\n"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return set(json.loads(run.stdout.splitlines()[-1])), run.stderr


def test_help_lists_the_commands_without_importing_one() -> None:
    code = (
        "import sys, json, contextlib, io\n"
        "from genai_catalog.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['--help']) == 0\n"
    )
    loaded, _ = _python(code)
    assert not {name for name in loaded if name.startswith("genai_catalog.cli.commands.")}


def test_completing_a_command_name_imports_no_command() -> None:
    import os

    env = dict(os.environ) | {
        "_GENAI_COMPLETE": "complete_bash",
        "COMP_WORDS": "genai s",
        "COMP_CWORD": "1",
    }
    code = (
        "import sys, json, contextlib, io\n"
        "from genai_catalog.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    main([])\n"
        "sys.stderr.write(out.getvalue())\n"
    )
    loaded, candidates = _python(code, env)
    assert candidates.split() == ["search", "show", "site", "stats", "schema"]
    assert not {name for name in loaded if name.startswith("genai_catalog.cli.commands.")}
