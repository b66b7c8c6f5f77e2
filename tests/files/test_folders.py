"""Replacing a folder: whole or not at all, and never one it must not touch."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from genai_catalog.errors import OutputError, OutputExists
from genai_catalog.files.folders import replace_folder


def ours(folder: Path) -> bool:
    return (folder / "STAMP").is_file()


def fill_with(name: str) -> Callable[[Path], None]:
    def fill(folder: Path) -> None:
        (folder / "STAMP").write_text(name)
        (folder / "sub").mkdir()
        (folder / "sub" / "page.html").write_text(name)

    return fill


def replace(
    dest: Path,
    fill: Callable[[Path], None],
    *,
    overwrite: bool = False,
    protected: dict[Path, str] | None = None,
) -> None:
    replace_folder(dest, fill, ours=ours, overwrite=overwrite, what="ours", protected=protected)


def test_a_new_folder_is_created_whole(tmp_path: Path) -> None:
    replace(tmp_path / "out", fill_with("one"))
    assert (tmp_path / "out" / "sub" / "page.html").read_text() == "one"
    assert os.listdir(tmp_path) == ["out"]
    # Readable by others like any folder made under the umask, not private like a temp folder.
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_folder_of_ours_is_replaced_and_nothing_is_left_beside_it(tmp_path: Path) -> None:
    replace(tmp_path / "out", fill_with("one"))
    (tmp_path / "out" / "stale.html").write_text("old")
    replace(tmp_path / "out", fill_with("two"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["STAMP", "sub"]
    assert (tmp_path / "out" / "STAMP").read_text() == "two"
    assert os.listdir(tmp_path) == ["out"]


def test_a_failed_build_leaves_the_old_folder_and_no_temp_folder(tmp_path: Path) -> None:
    replace(tmp_path / "out", fill_with("one"))

    def broken(folder: Path) -> None:
        (folder / "STAMP").write_text("half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        replace(tmp_path / "out", broken)
    assert (tmp_path / "out" / "STAMP").read_text() == "one"
    assert os.listdir(tmp_path) == ["out"]

    def interrupted(folder: Path) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        replace(tmp_path / "new", interrupted)
    assert os.listdir(tmp_path) == ["out"]


def test_a_folder_that_is_not_ours_needs_overwrite(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputExists, match=r"out already exists and is not ours$"):
        replace(tmp_path / "out", fill_with("one"))
    assert (tmp_path / "out" / "thesis.tex").read_text() == "years of work"
    replace(tmp_path / "out", fill_with("one"), overwrite=True)
    assert not (tmp_path / "out" / "thesis.tex").exists()


def test_an_empty_folder_is_replaced_without_asking(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    replace(tmp_path / "out", fill_with("one"))
    assert (tmp_path / "out" / "STAMP").is_file()


def test_files_symlinks_and_protected_folders_are_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="file is a file, not a folder; it is never replaced"):
        replace(tmp_path / "file", fill_with("one"), overwrite=True)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(OutputError, match="link is a symlink; only a real folder"):
        replace(tmp_path / "link", fill_with("one"), overwrite=True)
    (tmp_path / "real" / "catalog").mkdir()
    with pytest.raises(OutputError, match="real holds the catalog; it is never replaced"):
        replace(
            tmp_path / "real",
            fill_with("one"),
            overwrite=True,
            protected={tmp_path / "real" / "catalog": "the catalog"},
        )
    assert (tmp_path / "real" / "catalog").is_dir()
    assert (tmp_path / "file").read_text() == "x"


def test_a_missing_parent_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"the folder '.*nowhere' does not exist"):
        replace(tmp_path / "nowhere" / "out", fill_with("one"))
