"""Shell completion: Typer's protocol through our error boundary, ids from the warm cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run

# The console script's entry point, run as a shell runs `genai` when Tab is pressed.
GENAI = [sys.executable, "-c", "from genai_catalog.cli.main import run; run()"]
HEAVY = {"pydantic", "yaml", "rapidfuzz", "rich"}


def complete(line: str, shell: str = "bash", **env: str) -> subprocess.CompletedProcess[str]:
    """Ask for the candidates at the end of ``line`` the way the shell's script asks."""
    words = line.split()
    protocol = {"_GENAI_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        cword = len(words) if line.endswith(" ") else len(words) - 1
        protocol |= {"COMP_WORDS": line, "COMP_CWORD": str(cword)}
    else:
        protocol["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            protocol["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return subprocess.run(
        GENAI, env=os.environ | protocol | env, capture_output=True, text=True, check=False
    )


def candidates(line: str, **env: str) -> list[str]:
    result = complete(line, **env)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    # Bash reads one candidate a line; none at all comes as one empty line.
    return [line for line in result.stdout.splitlines() if line]


def test_an_id_completes_from_the_catalog() -> None:
    assert candidates("genai show qlo") == ["qlora", "qlora-paper"]
    assert candidates("genai show l") == ["llama-2", "lora", "lora-paper"]
    assert candidates("genai show zzz") == []


def test_zsh_and_fish_also_get_each_records_name() -> None:
    zsh = complete("genai show qlo", "zsh")
    assert zsh.returncode == 0
    assert zsh.stdout == (
        '_arguments \'*: :(("qlora":"QLoRA"\n'
        '"qlora-paper":"QLoRA\\\\: Efficient Finetuning of Quantized LLMs"))\'\n'
    )
    fish = complete("genai show qlo", "fish")
    assert fish.stdout.splitlines() == [
        "qlora\tQLoRA",
        "qlora-paper\tQLoRA: Efficient Finetuning of Quantized LLMs",
    ]


def test_commands_options_kinds_topics_and_formats_complete() -> None:
    assert candidates("genai se") == ["search"]
    assert "schema" in candidates("genai s")
    assert candidates("genai search --ki") == ["--kind"]
    assert candidates("genai list pa") == ["paper", "papers"]
    assert candidates("genai search lora --kind te") == ["technique", "techniques"]
    assert candidates("genai list --topic pe") == ["peft"]
    assert candidates("genai export --format b") == ["bibtex"]
    assert "sqlite" in candidates("genai export --format ")


def test_ids_come_from_the_catalog_named_before_them(catalog_copy: Path) -> None:
    record = (catalog_copy / "techniques" / "lora.yaml").read_text()
    (catalog_copy / "techniques" / "qlora-2.yaml").write_text(
        record.replace("id: lora", "id: qlora-2")
    )
    assert candidates(f"genai show --catalog {catalog_copy} qlo") == [
        "qlora",
        "qlora-2",
        "qlora-paper",
    ]


def test_a_broken_catalog_completes_nothing_and_says_nothing(tmp_path: Path) -> None:
    assert candidates(f"genai show --catalog {tmp_path / 'missing'} q") == []
    assert candidates("genai show q", GENAI_CATALOG=str(tmp_path)) == []


def test_completing_an_id_from_the_warm_cache_loads_no_heavy_library() -> None:
    code = (
        "import sys, json, io, contextlib\n"
        "from genai_catalog.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    code = main([])\n"
        "print(json.dumps([code, out.getvalue(), sorted({m.split('.')[0] for m in sys.modules})]))"
    )
    env = os.environ | {"_GENAI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "genai show q"}
    argv = [sys.executable, "-c", code]
    subprocess.run(argv, env=env, capture_output=True, check=True)  # warms the cache
    warm = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    returned, printed, modules = json.loads(warm.stdout)
    assert returned == 0 and '"qlora":"QLoRA"' in printed
    assert not set(modules) & HEAVY


def test_the_protocol_works_through_main_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # main() runs Typer outside standalone mode, yet completion must print and return 0.
    monkeypatch.setenv("_GENAI_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "genai show lora-")
    monkeypatch.setenv("COMP_CWORD", "2")
    result = run()
    assert (result.exit_code, result.stdout, result.stderr) == (0, "lora-paper\n", "")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_for_each_shell(shell: str) -> None:
    # Typer's switch for naming the shell instead of detecting the one we run under.
    env = os.environ | {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = subprocess.run(
        [*GENAI, "--show-completion", shell], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert f"_GENAI_COMPLETE=complete_{shell}" in result.stdout


def test_install_completion_writes_the_bash_script_and_sources_it(tmp_path: Path) -> None:
    env = os.environ | {"HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = subprocess.run(
        [*GENAI, "--install-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    script = tmp_path / ".bash_completions" / "genai.sh"
    assert "complete -o default -F _genai_completion genai" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()


def test_bash_itself_completes_an_id_with_the_installed_script(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    console_script = Path(sys.executable).parent / "genai"
    assert console_script.exists(), "the genai console script sits beside the interpreter"
    script = subprocess.run(
        [str(console_script), "--show-completion", "bash"],
        env=os.environ | {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    session = (
        f"{script.stdout}\n"
        "COMP_WORDS=(genai show qlo); COMP_CWORD=2; _genai_completion genai\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    path = f"{console_script.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    shown = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", session],
        env=os.environ | {"PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )
    assert shown.stdout.splitlines() == ["qlora", "qlora-paper"], shown.stderr
