"""Reading many record files: in worker processes when there are many and cores to spare."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

from genai_catalog.files.record_files import FileResult, load_file

Progress = Callable[[int, int], None]

# Below this many files a pool costs more to start than it saves.
PARALLEL_FROM = 2000
_CHUNK = 250


def load_results(root: Path, rels: list[str], progress: Progress | None = None) -> list[FileResult]:
    """Load record files; results come back in ``rels`` order.

    Each file is independent, so a cold load of a large catalog splits over
    the cores.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(rels) < PARALLEL_FROM or workers < 2 or "fork" not in _start_methods():
        results = []
        for done, rel in enumerate(rels, 1):
            results.append(load_file(root, rel))
            if progress is not None:
                progress(done, len(rels))
        return results

    import multiprocessing

    from genai_catalog.model.schema import record_adapter

    record_adapter()  # built once here, inherited by every forked worker
    chunks = [rels[i : i + _CHUNK] for i in range(0, len(rels), _CHUNK)]
    results = []
    with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker) as pool:
        for chunk_results in pool.imap(_load_chunk, [(root, chunk) for chunk in chunks]):
            results.extend(chunk_results)
            if progress is not None:
                progress(len(results), len(rels))
    return results


def _quiet_worker() -> None:
    """Interrupts and termination are the parent's to handle.

    The parent stops the pool (which terminates the workers) when it is
    interrupted; a worker that reacted on its own would print a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _load_chunk(job: tuple[Path, list[str]]) -> list[FileResult]:
    root, rels = job
    return [load_file(root, rel) for rel in rels]


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()
