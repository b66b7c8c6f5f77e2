"""Records packed for the cache: one blob, decoded one record at a time.

A warm query must not pay for rebuilding 100,000 dicts it will never look
at. So records are stored one after another as marshal chunks, each with its
offset and keyed digest, and decoded only when asked for. A chunk whose
digest does not match is never given to marshal: the record is fetched from
``recover`` instead (which rebuilds the cache from the record files).
"""

from __future__ import annotations

import hmac
import json
import marshal
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from genai_catalog.buffers import pack_ints, unpack_ints
from genai_catalog.cache.codec import DIGEST_SIZE, sign
from genai_catalog.columns import JSON_SEPARATOR

Record = dict[str, Any]
# Past this many records decoded one by one, one digest of the whole region is
# cheaper than a digest per record (a list or export of a large catalog).
_BULK_AFTER = 256


def pack_records(
    key: bytes, records: Iterable[Record], order: Sequence[int]
) -> tuple[list[bytes], dict[str, Any]]:
    """Records as one region, then their JSON texts as another; offsets and digests of both.

    The JSON texts are in ``order`` (the name order lists default to),
    separated as a JSON array's items are, so that a list of a whole catalog
    is one slice of the region rather than 100,000 texts to join. The two
    regions come as two byte strings, to be written one after the other: a
    large catalog's are hundreds of MB, not to be copied into one.
    """
    chunks: list[bytes] = []
    offsets = [0]
    sums: list[bytes] = []
    # Each record's JSON text, encoded at once (the text itself is not kept), and its length.
    lines: list[bytes] = []
    lengths: list[int] = []
    for record in records:
        chunk = marshal.dumps(record)
        chunks.append(chunk)
        offsets.append(offsets[-1] + len(chunk))
        sums.append(sign(key, chunk))
        text = json.dumps(record, ensure_ascii=False)
        lines.append(text.encode("utf-8"))
        lengths.append(len(text))
    records_region = b"".join(chunks)
    del chunks
    # Per record: where its text starts and ends, in bytes of the blob and in
    # characters of the decoded region.
    spans = [0] * (2 * len(lines))
    chars = [0] * (2 * len(lines))
    byte_at, char_at = offsets[-1], 0
    for n, i in enumerate(order):
        if n:
            byte_at += len(JSON_SEPARATOR)
            char_at += len(JSON_SEPARATOR)
        spans[2 * i], spans[2 * i + 1] = byte_at, byte_at + len(lines[i])
        chars[2 * i], chars[2 * i + 1] = char_at, char_at + lengths[i]
        byte_at += len(lines[i])
        char_at += lengths[i]
    json_region = JSON_SEPARATOR.encode().join(lines[i] for i in order)
    del lines
    layout = {
        "offsets": pack_ints(offsets),
        "sums": b"".join(sums),
        "records_mac": sign(key, records_region),
        "json_spans": pack_ints(spans),
        "json_chars": pack_ints(chars),
        "json_end": len(records_region) + len(json_region),
        "json_length": char_at,
        "json_mac": sign(key, json_region),
    }
    return [records_region, json_region], layout


class PackedRecords(Mapping[str, Record]):
    """Records by id, decoded from a packed blob on first access."""

    def __init__(
        self,
        ids: list[str],
        layout: dict[str, Any],
        blob: Any,
        key: bytes,
        recover: Callable[[str], Record],
        *,
        trusted: bool = False,
    ) -> None:
        self._ids = ids
        self._key = key
        self._recover = recover
        # The blob may be a memory map: only the pages of records read are touched.
        self._blob = blob
        self._offsets = unpack_ints(layout["offsets"])
        self._sums = layout["sums"]
        self._records_mac = layout["records_mac"]
        self._json_spans = unpack_ints(layout["json_spans"])
        self._json_chars = unpack_ints(layout["json_chars"])
        self._json_end = int(layout["json_end"])
        self._json_length = int(layout["json_length"])
        self._json_mac = layout["json_mac"]
        self._json_text: str | None = None
        self._decoded: dict[int, Record] = {}
        self._position: dict[str, int] | None = None
        # A sealed file (codec.sealed) is vouched for whole; else each part is checked.
        self._records_verified = trusted
        self._json_verified: bool | None = True if trusted else None

    def consistent(self, blob_size: int) -> bool:
        """Whether the layout fits the blob and the ids (checked before any use)."""
        offsets, n = self._offsets, len(self._ids)
        return (
            len(offsets) == n + 1
            and len(self._json_spans) == len(self._json_chars) == 2 * n
            and len(self._sums) == DIGEST_SIZE * n
            and offsets[0] == 0
            and offsets[-1] <= self._json_end == blob_size
        )

    def json_line(self, i: int) -> str:
        """Record ``i``'s JSON text; the whole JSON region is checked once, on first use."""
        if self._json_text is not None:
            return self._json_text[self._json_chars[2 * i] : self._json_chars[2 * i + 1]]
        start, end = self._json_spans[2 * i], self._json_spans[2 * i + 1]
        if self._json_ok() and self._offsets[-1] <= start <= end <= self._json_end:
            return bytes(self._blob[start:end]).decode("utf-8")
        return json.dumps(self.at(i), ensure_ascii=False)

    def json_texts(self, positions: list[int]) -> list[str]:
        """The JSON texts of these records, to be joined with ``JSON_SEPARATOR``.

        Records that follow each other in the region (a list in name order,
        all or a run of it) come as one piece, separators included; the
        region is decoded once rather than record by record.
        """
        if len(positions) < _BULK_AFTER or not self._json_ok():
            return [self.json_line(i) for i in positions]
        if self._json_text is None:
            text = str(self._json_region(), "utf-8")
            if len(text) != self._json_length:
                return [self.json_line(i) for i in positions]
            self._json_text = text
        text, chars = self._json_text, self._json_chars
        pieces: list[str] = []
        gap = len(JSON_SEPARATOR)
        start = end = -1
        for i in positions:
            at = chars[2 * i]
            if at != end + gap or start < 0:
                if start >= 0:
                    pieces.append(text[start:end])
                start = at
            end = chars[2 * i + 1]
        if start >= 0:
            pieces.append(text[start:end])
        return pieces

    def _json_ok(self) -> bool:
        if self._json_verified is None:
            digest = sign(self._key, self._json_region())
            self._json_verified = hmac.compare_digest(digest, self._json_mac)
        return self._json_verified

    def _json_region(self) -> memoryview:
        # A view, not a slice: 100 MB of a large catalog's JSON are not copied to be read.
        return memoryview(self._blob)[self._offsets[-1] : self._json_end]

    def position(self, record_id: str) -> int | None:
        if self._position is None:
            self._position = {rid: i for i, rid in enumerate(self._ids)}
        return self._position.get(record_id)

    def at(self, i: int) -> Record:
        record = self._decoded.get(i)
        if record is None:
            record = self._decode(i)
            self._decoded[i] = record
        return record

    def _decode(self, i: int) -> Record:
        start, end = self._offsets[i], self._offsets[i + 1]
        if not self._records_verified and len(self._decoded) == _BULK_AFTER:
            region = memoryview(self._blob)[: self._offsets[-1]]
            self._records_verified = hmac.compare_digest(sign(self._key, region), self._records_mac)
        if start <= end <= self._offsets[-1]:
            chunk = self._blob[start:end]
            expected = self._sums[i * DIGEST_SIZE : (i + 1) * DIGEST_SIZE]
            if self._records_verified or hmac.compare_digest(sign(self._key, chunk), expected):
                record = marshal.loads(chunk)
                if isinstance(record, dict) and record.get("id") == self._ids[i]:
                    return record
        # Damaged or forged: marshal never sees it; the files have the truth.
        return self._recover(self._ids[i])

    def __getitem__(self, record_id: str) -> Record:
        i = self.position(record_id)
        if i is None:
            raise KeyError(record_id)
        return self.at(i)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and self.position(record_id) is not None

    def values(self) -> Iterator[Record]:  # type: ignore[override]
        return (self.at(i) for i in range(len(self._ids)))
