"""Links in markdown notes: every form, its line, its heading path, its text."""

from __future__ import annotations

from genai_catalog.importers.notes import Link, links_in

NOTES = """# Top
## Sub
para with https://arxiv.org/abs/2305.14314, and www.example.com/x and README.md and a@b.com
second line [text](https://github.com/a/b) <https://auto.link/x> <a
href="https://h.tml/a">Hi <b>there</b></a>.

| a | b |
|---|---|
| [x](https://t.co/1) | y https://bare.in/table) |

<div>
<a href="https://block.html/">block</a>
</div>

# Other
- item
  - nested [n](https://nested.io/(paren))
`https://code.span/`
```
https://fenced.code/
```
![img](https://img.png/) [![badge](https://b.svg)](https://wrap.link/) [local](#top) [rel](notes.md)
### Deeper [ref][r]

[r]: https://reference.style/link
"""


def test_every_kind_of_link_with_its_line_heading_and_text() -> None:
    sub, other = ("Top", "Sub"), ("Other",)
    assert links_in(NOTES) == [
        Link("https://arxiv.org/abs/2305.14314", "https://arxiv.org/abs/2305.14314", 3, sub),
        Link("http://www.example.com/x", "www.example.com/x", 3, sub),
        Link("https://github.com/a/b", "text", 4, sub),
        Link("https://auto.link/x", "https://auto.link/x", 4, sub),
        Link("https://h.tml/a", "Hi there", 4, sub),
        Link("https://t.co/1", "x", 9, sub),
        Link("https://bare.in/table", "https://bare.in/table", 9, sub),
        Link("https://block.html/", "block", 12, sub),
        Link("https://nested.io/(paren)", "n", 17, other),
        Link("https://wrap.link/", "badge", 22, other),
        Link("https://reference.style/link", "ref", 23, (*other, "Deeper ref")),
    ]


def test_no_links() -> None:
    assert links_in("") == []
    assert links_in("just text, a file.md and `https://in.code/`\n") == []


def test_known_hosts_written_without_a_scheme_are_links() -> None:
    text = "[p](arxiv.org/abs/2305.14314) see github.com/a/b, not notes.md or [x](docs/a.md)\n"
    assert [link.url for link in links_in(text)] == [
        "https://arxiv.org/abs/2305.14314",
        "http://github.com/a/b",
    ]
