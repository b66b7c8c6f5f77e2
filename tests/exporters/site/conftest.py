"""Sites built once per test run: the fixture catalog, the hostile one and the bundled one."""

from __future__ import annotations

from pathlib import Path

import pytest

from genai_catalog.catalog import Catalog, load
from genai_catalog.exporters import Job
from genai_catalog.exporters.site import build
from tests.exporters.site.sites import hostile_catalog
from tests.helpers import FIXTURE_CATALOG, bundled


def site_of(catalog: Catalog, dest: Path, *, graphviz: bool | None = False) -> Path:
    build(Job(catalog.select(), catalog, topics=catalog.topics), dest, graphviz=graphviz)
    return dest


@pytest.fixture(scope="session")
def fixture_catalog() -> Catalog:
    return load(FIXTURE_CATALOG, use_cache=False)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory, fixture_catalog: Catalog) -> Path:
    return site_of(fixture_catalog, tmp_path_factory.mktemp("fixture") / "site")


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return hostile_catalog(tmp_path_factory.mktemp("hostile-catalog") / "catalog")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, hostile: Catalog) -> Path:
    return site_of(hostile, tmp_path_factory.mktemp("hostile") / "site")


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled catalog's site, laid out by dot where it is installed."""
    return site_of(bundled(), tmp_path_factory.mktemp("bundled") / "site", graphviz=None)


@pytest.fixture(scope="session")
def hostile_dot_site(tmp_path_factory: pytest.TempPathFactory, hostile: Catalog) -> Path:
    """The hostile site with its evolution tree laid out by dot where it is installed."""
    return site_of(hostile, tmp_path_factory.mktemp("hostile-dot") / "site", graphviz=None)
