from __future__ import annotations

import os
from pathlib import Path

import pytest

from genai_catalog.cli.exit_codes import ExitCode
from tests.helpers import run


def test_site_builds_a_folder_and_says_what_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run("site", out, "--no-graphviz")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        f"wrote {out}: 12 record pages, 33 pages in all; open {out}/index.html\n"
    )
    assert len(list(out.rglob("*.html"))) == 33
    assert sorted(p.name for p in out.iterdir()) == [
        ".genai-site", ".nojekyll", "assets", "collections", "index.html", "kinds", "records",
        "topics", "years",
    ]  # fmt: skip
    assert os.listdir(tmp_path) == ["site"]


def test_site_takes_the_filters_of_list(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run("site", out, "techniques", "--since", "2021")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"wrote {out}: 2 record pages, ")
    assert sorted(p.stem for p in (out / "records").iterdir()) == ["lora", "qlora"]


def test_rebuilding_a_site_replaces_it_without_force(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("site", out).exit_code == 0
    (out / "records" / "gone.html").write_text("from an older build")
    result = run("site", out, "papers")
    assert result.exit_code == 0, result.stderr
    assert not (out / "records" / "gone.html").exists()
    assert len(list((out / "records").iterdir())) == 3


def test_a_folder_genai_did_not_build_is_kept_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.md").write_text("mine")
    result = run("site", out)
    assert result.exit_code == ExitCode.OUTPUT_EXISTS
    assert result.stderr == (
        f"Error: {out} already exists and is not a site genai built; pass --force to overwrite it\n"
    )
    assert [p.name for p in out.iterdir()] == ["notes.md"]
    assert run("site", out, "--force").exit_code == 0
    assert not (out / "notes.md").exists() and (out / "index.html").is_file()


def test_a_file_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.write_text("a file")
    result = run("site", out, "--force")
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr == f"Error: {out} is a file, not a folder; it is never replaced\n"
    assert out.read_text() == "a file"


def test_the_current_folder_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "precious.txt").write_text("x")
    monkeypatch.chdir(tmp_path / "work")
    result = run("site", ".", "--force")
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr == "Error: . holds the current folder; it is never replaced\n"
    assert (tmp_path / "work" / "precious.txt").is_file()


def test_a_failed_build_leaves_the_old_site_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert run("site", out).exit_code == 0
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    from genai_catalog.exporters.site import lists

    def broken(*args: object) -> str:
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(lists, "year_page", broken)
    result = run("site", out)
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr == (
        "Error: unexpected RuntimeError: the disk caught fire "
        "(run with --debug for the traceback)\n"
    )
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
    assert os.listdir(tmp_path) == ["site"]


def test_nothing_left_after_the_filters_is_an_error(tmp_path: Path) -> None:
    result = run("site", tmp_path / "site", "--year", "1999")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "Error: no record is left to put in the site; loosen the filters\n"
    assert not (tmp_path / "site").exists()


def test_a_base_url_must_be_a_web_address(tmp_path: Path) -> None:
    result = run("site", tmp_path / "site", "--base-url", "javascript:alert(1)")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "Error: the base URL 'javascript:alert(1)' is not an http(s) address of a folder, "
        "such as https://example.org/genai/\n"
    )


def test_asking_for_graphviz_without_it_names_the_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog_copy: Path
) -> None:
    model = catalog_copy / "models" / "guanaco.yaml"
    model.write_text(model.read_text() + "base_model: llama-2\n")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("site", tmp_path / "site", "--graphviz", "--catalog", catalog_copy)
    assert result.exit_code == ExitCode.MISSING_PROGRAM
    assert result.stderr == (
        "Error: Graphviz is not installed (no program 'dot'); "
        "it lays out the model evolution tree\n"
    )
    result = run("site", tmp_path / "site", "--catalog", catalog_copy)
    assert result.exit_code == 0
    assert result.stderr.endswith("; evolution tree laid out by genai; "
                                  f"open {tmp_path / 'site'}/index.html\n")  # fmt: skip


def test_site_help_shows_examples() -> None:
    result = run("site", "--help")
    assert result.exit_code == 0
    assert "genai site site/" in result.stdout
    assert "--base-url" in result.stdout and "--force" in result.stdout
