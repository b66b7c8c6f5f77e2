"""The index cache: a store the loading pipeline asks ``get`` and ``put``.

Three files per catalog in the cache folder (``$GENAI_CACHE_DIR``, else
``$XDG_CACHE_HOME/genai-catalog``):

- ``<key>.index``: the assembled catalog's search structures, problems and
  record layout, keyed by one digest of every file's stamp;
- ``<key>.<token>.records``: the records, memory-mapped and decoded one at a
  time (``packed.PackedRecords``);
- ``<key>.files``: per-file results, so that a changed catalog re-reads only
  the files that changed.

The store knows nothing of how a catalog is loaded: ``catalog.pipeline``
decides what to ask for and what to put. Every file is checked (``codec``)
before it is used, and anything wrong with one means "not cached".
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genai_catalog.buffers import unpack_ints
from genai_catalog.cache import codec
from genai_catalog.cache.packed import PackedRecords, Record, pack_records
from genai_catalog.columns import Columns, columns_state
from genai_catalog.errors import GenaiError, Problem
from genai_catalog.files.layout import Scan, Stamp
from genai_catalog.files.reading import FileRefused, open_regular
from genai_catalog.files.results import FileResult, plain_problem
from genai_catalog.graph import Graph, Links, Memberships
from genai_catalog.search import SearchIndex

# A cache file larger than this, for a catalog of this many bytes, is not ours.
_BASE_LIMIT = 16 << 20
_PER_BYTE = 8


@dataclass
class Parts:
    """What a loaded catalog is made of, as the cache stores it."""

    graph: Graph
    searcher: SearchIndex
    topics: dict[str, str]
    rejected: dict[str, list[Problem]]
    problems: list[Problem]
    files: int


def stamps_digest(found: Scan, topics: Stamp | None) -> str:
    """One digest of every file's name and stamp, computed once per warm query.

    The stamps are digested as the scan's flat arrays of integers, not as
    100,000 tuples; the counts keep the parts unambiguous.
    """
    digest = hashlib.blake2b(repr(topics).encode(), digest_size=20)
    for folder, names, stamps in found.folders:
        digest.update(f"\0{folder}\0{len(names)}\0".encode())
        digest.update("\0".join(names).encode("utf-8", "surrogateescape"))
        digest.update(memoryview(stamps))
    return digest.hexdigest()


class IndexCache:
    """The cache of one catalog, in one folder."""

    def __init__(self, folder: Path, root: Path, catalog_bytes: int) -> None:
        self.folder = folder
        self.root = root
        # The display root is part of the key: problems name files the way the
        # user named the catalog, so '--catalog x' and an absolute path differ.
        name = os.fsencode(root.resolve()) + b"\0" + os.fsencode(root)
        self.base = folder / hashlib.sha256(name).hexdigest()[:24]
        self.limit = _BASE_LIMIT + _PER_BYTE * catalog_bytes
        self.stamp = codec.code_stamp()
        self._key: bytes | None = None
        self._root_text = os.fsdecode(root)
        self._index: dict[str, Any] | None = None
        self._prefetched = False

    @property
    def key(self) -> bytes | None:
        if self._key is None:
            self._key = codec.load_key(self.folder)
        return self._key

    def _read(self, suffix: str) -> dict[str, Any] | None:
        key = self.key
        if key is None:
            return None
        payload = codec.unframe(key, self.base.with_suffix(suffix), self.limit)
        if (
            not isinstance(payload, dict)
            or payload.get("stamp") != self.stamp
            or payload.get("root") != self._root_text
        ):
            return None
        return payload

    def prefetch(self) -> None:
        """Read and check the index now, while the caller is waiting on something else."""
        if not self._prefetched:
            self._index = self._read(".index")
            self._prefetched = True

    def get(self, digest: str, recover: Callable[[str], Record]) -> Parts | None:
        """The catalog as cached for these file stamps, or None."""
        self.prefetch()
        warm, self._index = self._index, None
        if warm is None or warm.get("digest") != digest:
            return None
        try:
            return self._parts_from(warm["catalog"], recover)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None  # well signed but not what this code writes: rebuild

    def _parts_from(self, data: dict[str, Any], recover: Callable[[str], Record]) -> Parts | None:
        import mmap

        records_path = self.base.with_name(f"{self.base.name}.{data['records_token']}.records")
        try:
            fd, size = open_regular(records_path)
        except (OSError, FileRefused):
            return None
        try:
            # The file as signed: its regions need no digest each (see codec.sealed).
            trusted = codec.sealed(os.fstat(fd), data.get("records_seal"), self.folder)
            blob: Any = mmap.mmap(fd, 0, access=mmap.ACCESS_READ) if size else b""
        except (OSError, ValueError):
            return None
        finally:
            os.close(fd)
        assert self.key is not None
        key = self.key
        ids, kinds = data["ids"], data["kinds"]
        if not isinstance(ids, list) or not isinstance(kinds, bytes) or len(ids) != len(kinds):
            return None
        regions = {
            name: _Region(blob, size, key, *data[name], trusted=trusted)
            for name in ("extras", "search")
        }
        if not all(region.fits() for region in regions.values()):
            return None
        records = PackedRecords(ids, data["records"], blob, key, recover, trusted=trusted)
        if not records.consistent(regions["extras"].start):
            return None
        count = len(ids)

        def all_records() -> Graph:
            return Graph(records.at(i) for i in range(count))

        def extras() -> dict[str, Any]:
            value = regions["extras"].value()
            return value if isinstance(value, dict) else {}

        def search_state() -> dict[str, Any] | None:
            value = regions["search"].value()
            return value if isinstance(value, dict) else None

        # The search structures are most of a large catalog's cache, and only search
        # reads them: they too sit in the records file, read when first asked for.
        searcher = SearchIndex.deferred(
            ids, kinds, search_state, lambda: SearchIndex(all_records())
        )

        def links() -> Links:
            try:
                found = Links.from_state(extras()["links"])
                if found.consistent(count):
                    return found
            except (KeyError, TypeError, ValueError):
                pass
            # Damaged, or not what this code writes: rebuilt from the records.
            return Links.build(all_records())

        def memberships() -> Memberships:
            value = extras().get("memberships")
            if isinstance(value, dict):
                return value
            return all_records().memberships

        def columns() -> Columns | None:
            try:
                found = Columns(
                    ids,
                    kinds,
                    extras()["columns"],
                    records.json_texts,
                )
            except (KeyError, TypeError, ValueError):
                return None  # select reads the records instead
            return found if found.consistent() else None

        return Parts(
            graph=Graph.from_state(
                records, records.at, memberships, records.position, links, columns
            ),
            searcher=searcher,
            topics=dict(data["topics"]),
            rejected={k: [Problem(*p) for p in v] for k, v in data["rejected"].items()},
            problems=[Problem(*p) for p in data["problems"]],
            files=int(data["files"]),
        )

    def results(self) -> dict[str, tuple[Stamp, FileResult]]:
        """Per-file results from the last load, by relative path, with the stamp they are for."""
        previous = self._read(".files")
        if previous is None:
            return {}
        try:
            return {
                rel: (_stamp(stamp), FileResult.from_plain(result))
                for rel, (stamp, result) in previous["results"].items()
            }
        except (KeyError, TypeError, ValueError):
            return {}

    def put(
        self,
        digest: str | None,
        results: Sequence[tuple[Stamp, FileResult]],
        parts: Parts,
    ) -> None:
        """Store a load. A ``digest`` of None stores the per-file results only.

        Best effort: an unwritable cache only costs speed.
        """
        key = self.key
        if key is None:
            return
        self._write(
            ".files",
            {
                "stamp": self.stamp,
                "root": self._root_text,
                "results": {r.rel: (list(stamp), r.plain()) for stamp, r in results},
            },
            key,
        )
        if digest is None:
            with contextlib.suppress(OSError):
                self.base.with_suffix(".index").unlink()
            return
        columns = columns_state(parts.graph)
        # The records file, in parts written one after the other (never joined in memory).
        blob, layout = pack_records(key, parts.graph, unpack_ints(columns["order"]))
        size = sum(len(part) for part in blob)
        search = parts.searcher.state()
        ids, kinds = search.pop("ids"), search.pop("kinds")
        regions = {
            "extras": {
                # Flat arrays, unpacked only by the commands that walk links.
                "links": parts.graph.links.state(),
                "memberships": parts.graph.memberships,
                "columns": columns,
            },
            "search": search,
        }
        where = {}
        for name, value in regions.items():
            data = marshal.dumps(value)
            where[name] = [size, size + len(data), codec.sign(key, data)]
            blob.append(data)
            size += len(data)
        digest_of_blob = hashlib.blake2b(digest_size=8)
        for part in blob:
            digest_of_blob.update(part)
        token = digest_of_blob.hexdigest()
        records_path = self.base.with_name(f"{self.base.name}.{token}.records")
        if self._write_bytes(records_path, blob):
            payload = {
                "records": layout,
                "records_token": token,
                "records_seal": codec.seal(records_path),
                "ids": ids,
                "kinds": kinds,
                **where,
                "topics": parts.topics,
                "rejected": {k: [plain_problem(p) for p in v] for k, v in parts.rejected.items()},
                "problems": [plain_problem(p) for p in parts.problems],
                "files": parts.files,
            }
            self._write(
                ".index",
                {
                    "stamp": self.stamp,
                    "root": self._root_text,
                    "digest": digest,
                    "catalog": payload,
                },
                key,
            )
        self._remove_stale_records(keep=records_path)

    def forget(self) -> None:
        """Drop this catalog's cache (it was found damaged)."""
        for suffix in (".index", ".files"):
            with contextlib.suppress(OSError):
                self.base.with_suffix(suffix).unlink()

    def _write(self, suffix: str, payload: dict[str, Any], key: bytes) -> None:
        self._write_bytes(self.base.with_suffix(suffix), codec.frame(key, payload))

    def _write_bytes(self, path: Path, data: list[bytes]) -> bool:
        from genai_catalog.files.atomic import write_atomic

        try:
            # Private: a cache only its user can write can be sealed (codec.sealed).
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomic(path, data, overwrite=True, mode=0o600)
        except (OSError, GenaiError):
            return False
        return True

    def _remove_stale_records(self, keep: Path) -> None:
        with contextlib.suppress(OSError):
            for path in self.folder.glob(f"{self.base.name}.*.records"):
                if path != keep:
                    with contextlib.suppress(OSError):
                        path.unlink()


class _Region:
    """A signed marshal region of the records file, checked and decoded on first use."""

    def __init__(
        self,
        blob: Any,
        size: int,
        key: bytes,
        start: int,
        end: int,
        mac: bytes,
        *,
        trusted: bool = False,
    ) -> None:
        self.blob, self.size, self.key = blob, size, key
        self.start, self.end, self.mac = int(start), int(end), mac
        self.trusted = trusted
        self._value: Any = None
        self._read = False

    def fits(self) -> bool:
        return 0 <= self.start <= self.end <= self.size and isinstance(self.mac, bytes)

    def value(self) -> Any:
        """The decoded value, or None if the region is damaged."""
        if not self._read:
            self._read = True
            view = memoryview(self.blob)[self.start : self.end]
            if self.trusted or hmac.compare_digest(codec.sign(self.key, view), self.mac):
                self._value = marshal.loads(view)
        return self._value


def _stamp(value: Any) -> Stamp:
    mtime, ctime, inode, size = (int(part) for part in value)
    return (mtime, ctime, inode, size)
