"""The one loading pipeline: scan -> cache get -> load what changed -> assemble -> cache put.

Nothing else decides when the cache is used. The cache (``genai_catalog.cache``)
is a store that this module asks; it never calls back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from genai_catalog import paths
from genai_catalog.cache import IndexCache, Parts, stamps_digest
from genai_catalog.catalog.facade import Catalog
from genai_catalog.collector import few_collections
from genai_catalog.errors import GenaiError
from genai_catalog.files.layout import Scan, Scanning, Stamp, stamp_of
from genai_catalog.graph import Record

if TYPE_CHECKING:
    from genai_catalog.catalog.workers import Progress
    from genai_catalog.files.record_files import FileResult

# A file changed this close to the scan may change again within the same
# timestamp tick (a second on some file systems, two on FAT) without its
# stamp showing it: it is "racily clean" (git's rule) and is not trusted from
# the cache until it has settled.
RACY_NS = 2_000_000_000
# A cache file larger than this per record file (plus a base) is not ours.
_CACHE_BYTES_PER_FILE = 512 * 1024


def load(root: Path, *, use_cache: bool = True, progress: Progress | None = None) -> Catalog:
    """Load and check a whole catalog; never raises for a bad record."""
    with few_collections():
        return _load(root, use_cache=use_cache, progress=progress)


def _load(root: Path, *, use_cache: bool, progress: Progress | None) -> Catalog:
    with Scanning.of(root) as scanning:
        started = scanning.started
        store = _store(root, scanning.count) if use_cache else None
        # Read while the files are stamped: it is what answers if nothing changed.
        found = scanning.finish(meanwhile=store.prefetch if store is not None else None)
    topics_stamp = _stamp(root / paths.TOPICS_FILE)
    digest = stamps_digest(found, topics_stamp)
    previous: dict[str, tuple[Stamp, FileResult]] = {}
    if store is not None:
        warm = store.get(digest, _Recovery(root, store, progress))
        if warm is not None:
            return _catalog(root, warm, found)
        previous = store.results()

    # What only a catalog that changed needs: reading, parsing and checking files.
    from genai_catalog.catalog.assemble import assemble
    from genai_catalog.catalog.workers import IndexAside, load_results
    from genai_catalog.files.record_files import load_topics

    rels = found.ordered()
    stale = [rel for rel in rels if rel not in previous or previous[rel][0] != found.files[rel]]
    fresh = dict(zip(stale, load_results(root, stale, progress), strict=True))
    results = [fresh[rel] if rel in fresh else previous[rel][1] for rel in rels]
    topics, topic_problems = load_topics(root)
    # The search index is built in a child meanwhile; it is in before the block ends.
    with IndexAside() as index:
        parts = assemble(results, topics, topic_problems, index)
        if store is not None:
            settled_before = started - RACY_NS

            def settled(stamp: Stamp | None) -> bool:
                return stamp is None or max(stamp[0], stamp[1]) < settled_before

            keep = [(found.files[r.rel], r) for r in results if settled(found.files[r.rel])]
            whole = len(keep) == len(results) and settled(topics_stamp)
            store.put(digest if whole else None, keep, parts)
        parts.searcher.ready()
    return _catalog(root, parts, found)


def _stamp(path: Path) -> Stamp | None:
    try:
        return stamp_of(os.stat(path))
    except OSError:
        return None


def _store(root: Path, files: int) -> IndexCache | None:
    folder = paths.cache_dir()
    if folder is None:
        return None
    return IndexCache(folder, root, _CACHE_BYTES_PER_FILE * (files + 1))


def _catalog(root: Path, parts: Parts, found: Scan) -> Catalog:
    return Catalog(
        root=root,
        graph=parts.graph,
        searcher=parts.searcher,
        topics=parts.topics,
        rejected=parts.rejected,
        # Layout is checked on every run: a new stray file must not hide behind the cache.
        problems=found.problems + parts.problems,
        file_count=parts.files,
    )


class CatalogChanged(GenaiError):
    """The catalog changed on disk while a damaged cache was being rebuilt."""


class _Recovery:
    """Records for a damaged cache: the cache is dropped and rebuilt from the files, once."""

    def __init__(self, root: Path, store: IndexCache, progress: Progress | None) -> None:
        self.root = root
        self.store = store
        self.progress = progress
        self.fresh: Catalog | None = None

    def __call__(self, record_id: str) -> Record:
        if self.fresh is None:
            self.store.forget()
            self.fresh = load(self.root, use_cache=True, progress=self.progress)
        record = self.fresh.graph.get(record_id)
        if record is None:
            raise CatalogChanged(
                f"the catalog changed while it was being read ({record_id!r} is gone); "
                "run the command again"
            )
        return record
