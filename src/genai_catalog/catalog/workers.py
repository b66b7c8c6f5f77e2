"""Reading many record files, and indexing them: in forked children when there are many.

Each file is independent, so a cold load of a large catalog splits over the
cores. The workers are ``genai_catalog.forks`` children: an interrupt kills
them at once (they hold nothing worth saving: the cache is written only after
a whole load).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from genai_catalog import forks
from genai_catalog.files.record_files import FileResult, load_file
from genai_catalog.graph import Graph
from genai_catalog.model.kinds import KINDS

if TYPE_CHECKING:
    from genai_catalog.search import SearchIndex

Progress = Callable[[int, int], None]

# Below this many files forking costs more than it saves.
PARALLEL_FROM = 2000
_CHUNK = 250
_HEADER = 8


def load_results(
    root: Path, rels: list[str], progress: Progress | None = None, *, serial: bool = False
) -> list[FileResult]:
    """Load record files; results come back in ``rels`` order."""
    workers = forks.cores()
    if serial or len(rels) < PARALLEL_FROM or workers < 2:
        results = []
        for done, rel in enumerate(rels, 1):
            results.append(load_file(root, rel))
            if progress is not None:
                progress(done, len(rels))
        return results

    from genai_catalog.model.schema import record_adapter

    record_adapter()  # built once here, inherited by every worker
    chunks = [rels[i : i + _CHUNK] for i in range(0, len(rels), _CHUNK)]
    found: list[list[FileResult] | None] = [None] * len(chunks)
    children: dict[int, int] = {}  # read end -> pid
    try:
        for k in range(min(workers, len(chunks))):
            try:
                fd, pid = _fork(root, chunks, range(k, len(chunks), workers))
            except OSError:  # no pipe or fork to be had: read them all here
                forks.stop(children, kill=True)
                return load_results(root, rels, progress, serial=True)
            children[fd] = pid
        done = 0
        for index, part in _receive(list(children)):
            found[index] = part
            done += len(part)
            if progress is not None:
                progress(done, len(rels))
    except BaseException:
        forks.stop(children, kill=True)
        raise
    forks.stop(children, kill=False)
    if any(part is None for part in found):
        raise RuntimeError("a worker process ended before reading its files")
    return [result for part in found if part is not None for result in part]


def _fork(root: Path, chunks: list[list[str]], mine: range) -> tuple[int, int]:
    """Start one worker for the chunks ``mine``; its results come back on the returned fd."""

    import marshal

    def task(out: BinaryIO) -> None:
        for index in mine:
            part = [load_file(root, rel).plain() for rel in chunks[index]]
            data = marshal.dumps((index, part))
            out.write(len(data).to_bytes(_HEADER, "big") + data)

    return forks.start(task)


def _receive(fds: list[int]) -> Iterator[tuple[int, list[FileResult]]]:
    """Each (chunk index, results) as the workers send it, until all their pipes close."""
    import marshal
    import selectors

    buffers = {fd: bytearray() for fd in fds}
    with selectors.DefaultSelector() as selector:
        for fd in fds:
            selector.register(fd, selectors.EVENT_READ)
        while buffers:
            for key, _ in selector.select():
                fd = key.fd
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    selector.unregister(fd)
                    del buffers[fd]
                    continue
                buffer = buffers[fd]
                buffer += chunk
                while len(buffer) >= _HEADER:
                    size = int.from_bytes(buffer[:_HEADER], "big")
                    if len(buffer) < _HEADER + size:
                        break
                    # Our own forked child over a private pipe: trusted bytes.
                    index, part = marshal.loads(buffer[_HEADER : _HEADER + size])
                    del buffer[: _HEADER + size]
                    yield index, [FileResult.from_plain(data) for data in part]


class IndexAside:
    """The search index of a large catalog, built in a child while this process goes on.

    Building it is most of what follows the reading of a cold load; checking
    the records against each other and writing the cache need nothing of it.
    Calling the instance with the graph starts the child and gives an index
    that waits for it when first used (``SearchIndex.deferred``); a child that
    fails costs time only, the index is then built here. A context manager:
    leaving it kills a child still running.
    """

    def __init__(self) -> None:
        self.children: dict[int, int] = {}  # read end -> pid

    def __enter__(self) -> IndexAside:
        return self

    def __exit__(self, *exc: object) -> None:
        children, self.children = self.children, {}
        forks.stop(children, kill=True)

    def __call__(self, graph: Graph) -> SearchIndex:
        from genai_catalog.search import SearchIndex

        if len(graph) < PARALLEL_FROM or forks.cores() < 2:
            return SearchIndex(graph)

        def work() -> bytes:
            import marshal

            state = SearchIndex(graph).state()
            del state["ids"], state["kinds"]  # this process has them: see below
            return marshal.dumps(state)

        try:
            fd, pid = forks.start_framed(work)
        except OSError:  # no pipe or fork to be had
            return SearchIndex(graph)
        self.children[fd] = pid

        def state() -> dict[str, Any] | None:
            import marshal

            data = forks.read_framed(fd)
            forks.stop({fd: self.children.pop(fd)}, kill=False)
            # From our own child, over a private pipe: trusted bytes.
            found = marshal.loads(data) if data is not None else None
            return found if isinstance(found, dict) else None

        kinds = bytes(KINDS.index(record["kind"]) for record in graph)
        return SearchIndex.deferred(graph.ids(), kinds, state, lambda: SearchIndex(graph))
