"""Every test runs against the fixture catalog, with its own empty cache and state."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import FIXTURE_CATALOG


@pytest.fixture(autouse=True)
def isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setenv("GENAI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("GENAI_STATE", str(tmp_path_factory.mktemp("state") / "state.json"))
    monkeypatch.setenv("GENAI_CATALOG", str(FIXTURE_CATALOG))
    monkeypatch.delenv("GENAI_NO_CACHE", raising=False)
    monkeypatch.delenv("GENAI_ARXIV_API", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    yield


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture catalog, for tests that break or change it."""
    target = tmp_path / "catalog"
    shutil.copytree(FIXTURE_CATALOG, target)
    return target


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on the loopback address only, on a free port: never the network."""
    return ("127.0.0.1", 0)
