"""Ranking guard: every query of the relevance set puts its record first."""

from __future__ import annotations

import pytest

from tests.helpers import bundled, top_ids
from tests.relevance_cases import CASES


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_expected_record_is_first(query: str, expected: str) -> None:
    assert top_ids(bundled(), query)[:1] == [expected]
