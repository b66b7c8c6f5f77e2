"""Per-file results, checked together, into the parts of a catalog. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Callable

from genai_catalog.cache import Parts
from genai_catalog.catalog.checks import check_catalog, unique_records
from genai_catalog.errors import Problem
from genai_catalog.files.record_files import FileResult
from genai_catalog.graph import Graph
from genai_catalog.search import SearchIndex


def assemble(
    results: list[FileResult],
    topics: dict[str, str],
    topic_problems: list[Problem],
    index: Callable[[Graph], SearchIndex] = SearchIndex,
) -> Parts:
    """Keep the first record of each id, link them, check them against each other.

    ``index`` makes the search index (the pipeline's builds it in a child,
    while the checks run here).
    """
    kept, duplicate_problems = unique_records(results)
    refused = [r for r in results if r.record is None]
    broken = {r.rel.rsplit("/", 1)[-1].removesuffix(".yaml"): r.path for r in refused}
    graph = Graph(r.record for r in kept if r.record is not None)
    return Parts(
        graph=graph,
        searcher=index(graph),
        topics=topics,
        rejected={
            r.path: sorted(r.problems, key=lambda p: (p.line or 0, p.col or 0)) for r in refused
        },
        problems=topic_problems
        + duplicate_problems
        # Without a vocabulary every topic would be "unknown": one problem says it all.
        + check_catalog(kept, topics if topics or not topic_problems else None, broken, refused),
        files=len(results),
    )
