"""The static site: a folder of HTML pages, searchable in the browser, working from ``file://``.

``build(job, dest)`` writes, into a temporary folder beside ``dest`` that is
then swapped in (``files.folders``):

- ``index.html``: search (``assets/site.js`` over ``assets/search-index.js``),
  filters by kind, topic and year, and links to every list;
- ``records/<id>.html``: every field, links both ways, a neighbourhood picture;
- ``kinds/``, ``topics/``, ``years/``, ``collections/``: one page each;
- ``evolution.html``: the model evolution tree, when models are linked;
- ``.genai-site``: the stamp that lets a later build replace the folder.

Nothing is loaded from elsewhere at view time; every record value is escaped
(``escape``) and each page carries a strict Content-Security-Policy.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from genai_catalog.errors import BadRequest, MissingProgram
from genai_catalog.exporters.site import collections, evolution, graphviz, lists, search_index
from genai_catalog.exporters.site.context import Site, linker
from genai_catalog.exporters.site.escape import text, web_url
from genai_catalog.exporters.site.page import (
    Chrome,
    collection_path,
    kind_path,
    record_path,
    topic_path,
    year_path,
)
from genai_catalog.exporters.site.record_page import record_page
from genai_catalog.files.folders import check_folder, replace_folder
from genai_catalog.files.reading import read_regular
from genai_catalog.graph import Record
from genai_catalog.version import __version__

if TYPE_CHECKING:
    from genai_catalog.exporters import Job

STAMP = ".genai-site"
_STAMP_MAGIC = b'{"generator": "genai site"'
ASSETS = ("style.css", "site.js")
Progress = Callable[[int, int], None]
Page = tuple[str, Callable[[], str]]


@dataclass(frozen=True)
class Report:
    """What a build wrote."""

    dest: Path
    pages: int
    records: int
    evolution_layout: str | None  # "Graphviz dot", "genai", or None without a tree


def is_site(folder: Path) -> bool:
    """Whether ``folder`` holds a site genai built (its stamp file says so)."""
    try:
        return read_regular(folder / STAMP, 4096).startswith(_STAMP_MAGIC)
    except OSError:
        return False


def check_target(dest: Path, *, overwrite: bool = False) -> None:
    """Refuse, before any work, a ``dest`` that a build would not be allowed to replace."""
    check_folder(
        dest,
        ours=is_site,
        overwrite=overwrite,
        what="a site genai built",
        protected=_protected(None),
    )


def check_base_url(base_url: str | None) -> str | None:
    """The address the site will be published at, ending in "/", or None."""
    if base_url is None:
        return None
    safe = web_url(base_url)
    if safe is None or "?" in base_url or "#" in base_url:
        raise BadRequest(
            f"the base URL {base_url!r} is not an http(s) address of a folder, "
            "such as https://example.org/genai/"
        )
    return safe if safe.endswith("/") else safe + "/"


def dot_program(wanted: bool | None, nodes: int) -> str | None:
    """The ``dot`` to lay out the evolution tree with, if any.

    ``wanted`` None: dot when installed and the tree is small enough for it;
    True: dot or an error; False: never.
    """
    if wanted is False:
        return None
    found = graphviz.available()
    if wanted and found is None:
        raise MissingProgram(
            "Graphviz is not installed (no program 'dot'); it lays out the model evolution tree"
        )
    if wanted is None and nodes > graphviz.MAX_NODES:
        return None
    return found


def build(
    job: Job,
    dest: Path,
    *,
    overwrite: bool = False,
    base_url: str | None = None,
    graphviz: bool | None = None,
    progress: Progress | None = None,
) -> Report:
    """Write the site for ``job.records`` to the folder ``dest``.

    An existing ``dest`` is replaced when it is a site genai built, or empty;
    anything else only with ``overwrite``.
    """
    if not job.records:
        raise BadRequest("no record is left to put in the site; loosen the filters")
    base = check_base_url(base_url)
    site, tree = _site(job, base)
    program = dot_program(graphviz, len(tree.nodes)) if tree is not None else None
    pages = list(_pages(site, tree))
    layout: list[str] = []

    def fill(folder: Path) -> None:
        _write_all(folder, site, pages, tree, program, layout, progress)

    replace_folder(
        dest,
        fill,
        ours=is_site,
        overwrite=overwrite,
        what="a site genai built",
        protected=_protected(job.catalog.root if job.catalog is not None else None),
    )
    extra = 1 if tree is not None else 0
    return Report(dest, len(pages) + extra, len(site.records), layout[0] if layout else None)


def _site(job: Job, base: str | None) -> tuple[Site, evolution.Tree | None]:
    with_links, degree = linker(job)
    # The site reads whole records (every field goes on a page): plain dicts.
    records = [r if isinstance(r, dict) else dict(r) for r in job.records]
    found = collections.find(records, job.catalog)
    tree = evolution.lineage(records)
    topics = job.topics or (job.catalog.topics if job.catalog is not None else {})
    chrome = Chrome(
        version=__version__,
        record_count=len(job.records),
        base_url=base,
        has_evolution=tree is not None,
        has_collections=bool(found),
    )
    return Site(chrome, records, topics, with_links, degree, found), tree


def _pages(site: Site, tree: evolution.Tree | None) -> Iterator[Page]:
    """Every page but the evolution tree, as (path, a function that renders it)."""
    counts = lists.Counts.of(site.records, site.topics)
    by_kind: dict[str, list[Record]] = {}
    by_topic: dict[str, list[Record]] = {}
    by_year: dict[int | None, list[Record]] = {}
    for record in site.records:
        by_kind.setdefault(record["kind"], []).append(record)
        for topic in record.get("topics") or ():
            by_topic.setdefault(topic, []).append(record)
        year = record.get("year")
        by_year.setdefault(year if isinstance(year, int) else None, []).append(record)
    yield "index.html", partial(lists.index_page, site, counts)
    for record in site.records:
        yield record_path(record["id"]), partial(record_page, site, record)
    for kind, members in by_kind.items():
        yield kind_path(kind), partial(lists.kind_page, site, kind, members)
    for topic, members in by_topic.items():
        yield topic_path(topic), partial(lists.topic_page, site, topic, members)
    for year, members in by_year.items():
        yield year_path(year), partial(lists.year_page, site, year, members)
    for collection in site.collections:
        yield collection_path(collection.id), partial(lists.collection_page, site, collection)


def _write_all(
    folder: Path,
    site: Site,
    pages: list[Page],
    tree: evolution.Tree | None,
    program: str | None,
    layout: list[str],
    progress: Progress | None,
) -> None:
    for sub in ("assets", "records", "kinds", "topics", "years"):
        (folder / sub).mkdir()
    if site.collections:
        (folder / "collections").mkdir()
    assets = resources.files(__name__) / "assets"
    for name in ASSETS:
        (folder / "assets" / name).write_bytes((assets / name).read_bytes())
    _write(folder, "assets/" + lists.SEARCH_SCRIPT, search_index.script(_entries(site)))
    total = len(pages) + (1 if tree is not None else 0)
    for done, (path, render) in enumerate(pages, 1):
        _write(folder, path, render())
        if progress is not None:
            progress(done, total)
    if tree is not None:
        html, used = evolution.evolution_page(site, tree, program)
        _write(folder, evolution.PATH, html)
        layout.append(used)
        if progress is not None:
            progress(total, total)
    paths = [path for path, _ in pages] + ([evolution.PATH] if tree is not None else [])
    if site.chrome.base_url:
        _write(folder, "sitemap.xml", _sitemap(site.chrome.base_url, paths))
    # GitHub Pages runs Jekyll unless told not to, and Jekyll drops files
    # whose names start with "_" (a record id that is not a slug gets one).
    _write(folder, ".nojekyll", "")
    stamp = {"generator": "genai site", "version": __version__, "records": len(site.records)}
    _write(folder, STAMP, json.dumps(stamp) + "\n")


def _write(folder: Path, path: str, content: str) -> None:
    # Lone surrogates cannot come from a record file, but any string may come here.
    (folder / path).write_bytes(content.encode("utf-8", "replace"))


def _entries(site: Site) -> list[search_index.Entry]:
    entries = []
    for record in site.records:
        year, summary = record.get("year"), record.get("summary")
        entries.append(
            search_index.Entry(
                id=record["id"],
                kind=record["kind"],
                name=str(record["name"]),
                aliases=[a for a in record.get("aliases") or () if isinstance(a, str)],
                summary=summary if isinstance(summary, str) else "",
                year=year if isinstance(year, int) else None,
                topics=[t for t in record.get("topics") or () if isinstance(t, str)],
                url=record_path(record["id"]),
                degree=site.degree(record),
            )
        )
    for collection in site.collections:
        if collection.id not in site.ids:
            entries.append(
                search_index.Entry(
                    id=collection.id,
                    kind=collections.KIND,
                    name=collection.name,
                    aliases=[],
                    summary=collection.summary,
                    year=None,
                    topics=[],
                    url=collection_path(collection.id),
                    degree=sum(len(s.items) for s in collection.sections),
                )
            )
    return entries


def _sitemap(base: str, paths: list[str]) -> str:
    urls = "".join(f"<url><loc>{text(base + path)}</loc></url>\n" for path in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    )


def _protected(catalog_root: Path | None) -> dict[Path, str]:
    """Folders a site must never replace, even when told to overwrite."""
    found = {Path(os.getcwd()): "the current folder"}
    home = os.environ.get("HOME")
    if home:
        found[Path(home)] = "the home folder"
    if catalog_root is not None:
        found[catalog_root] = "the catalog"
    return found
