"""Lists of numbers as flat ``array`` buffers: they load from the cache as one copy."""

from __future__ import annotations

from array import array
from collections.abc import Iterable


def pack_ints(values: Iterable[int]) -> bytes:
    return array("I", values).tobytes()


def unpack_ints(data: bytes) -> array[int]:
    numbers = array("I")
    numbers.frombytes(data)
    return numbers
