"""Comments in record files, found by the YAML scanner rather than by guessing."""

from __future__ import annotations

import pytest

from genai_catalog.files.canonical import canonical_text, first_comment


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# yaml-language-server: $schema=../.schemas/tool.schema.json\nid: x\n", None),
        ('id: x\nname: "a # b"\nurl: "https://x.org/#top"\n', None),
        ("summary: >-\n  a # in the text\n", None),
        ("notes: |-\n  # a markdown heading\n  text\n", None),
        ("id: a#b\n", None),
        ("id: x  # a comment\n", 1),
        ("id: x\n# a comment\n", 2),
        ("# not the header\nid: x\n", 1),
        ('links:\n  - {label: a, url: "https://x"}  # end\n', 2),
    ],
)
def test_first_comment(text: str, line: int | None) -> None:
    assert first_comment(text) == line


def test_canonical_text_refuses_a_record_that_does_not_validate() -> None:
    canonical, problems = canonical_text("id: x\nkind: tool\n", "x.yaml")
    assert canonical is None
    assert [p.field for p in problems] == ["name"]
