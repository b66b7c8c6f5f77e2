"""Answers of the arXiv export API, written by hand in its real Atom format.

The shape follows the API user manual and what the service sends today: a
feed with OpenSearch counts, one ``entry`` per paper (``id`` as an abs URL
with its version, ``published``, ``updated``, ``title`` and ``summary`` hard-wrapped,
``author``/``name`` in order, ``arxiv:`` extension elements), an entry titled
"Error" for a refused query, and an empty feed for an id arXiv does not know.
The abstracts are placeholders in our own words.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

_HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" \
xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/0K1nDu5xRzb5vHlFnUt9Zw</id>
  <title>arXiv Query: search_query=&amp;id_list={ids}&amp;start=0&amp;max_results=10</title>
  <updated>2025-11-11T18:34:08Z</updated>
  <link href="https://arxiv.org/api/query?search_query=&amp;start=0&amp;max_results=10&amp;id_list={ids}"
    type="application/atom+xml"/>
  <opensearch:itemsPerPage>10</opensearch:itemsPerPage>
  <opensearch:totalResults>{count}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
"""


def entry(
    arxiv: str = "2305.14314",
    version: int = 2,
    title: str = "QLoRA: Efficient Finetuning\n  of Quantized LLMs",
    authors: tuple[str, ...] = (
        "Tim Dettmers",
        "Artidoro Pagnoni",
        "Ari Holtzman",
        "Luke Zettlemoyer",
    ),
    published: str = "2023-05-23T17:50:33Z",
    abstract: str = (
        "A placeholder abstract: the method trains adapters on a frozen\n"
        "4-bit model and reaches close to full-precision quality."
    ),
    journal_ref: str | None = None,
    doi: str | None = None,
) -> str:
    extra = ""
    if journal_ref is not None:
        extra += f"    <arxiv:journal_ref>{escape(journal_ref)}</arxiv:journal_ref>\n"
    if doi is not None:
        extra += f"    <arxiv:doi>{escape(doi)}</arxiv:doi>\n"
        extra += f'    <link title="doi" href="https://doi.org/{escape(doi)}" rel="related"/>\n'
    people = "".join(
        f"    <author>\n      <name>{escape(a)}</name>\n    </author>\n" for a in authors
    )
    return f"""  <entry>
    <id>http://arxiv.org/abs/{arxiv}v{version}</id>
    <title>{escape(title)}</title>
    <updated>2023-05-24T10:00:00Z</updated>
    <link href="https://arxiv.org/abs/{arxiv}v{version}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/{arxiv}v{version}" rel="related" type="application/pdf" \
title="pdf"/>
    <summary>  {escape(abstract)}
</summary>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <published>{published}</published>
    <arxiv:comment>Extended version</arxiv:comment>
{extra}    <arxiv:primary_category term="cs.LG"/>
{people}  </entry>
"""


def feed(*entries: str, ids: str = "2305.14314") -> bytes:
    body = _HEAD.format(ids=ids, count=len(entries)) + "".join(entries) + "</feed>\n"
    return body.encode("utf-8")


EMPTY = feed(ids="2305.99999")

ERROR = feed(
    """  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
    <title>Error</title>
    <summary>incorrect id format for 1234.12345</summary>
    <updated>2007-10-12T00:00:00-04:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345" rel="alternate"
      type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
""",
    ids="1234.12345",
)

# Entity expansion ("billion laughs"): a few hundred bytes that expand to gigabytes.
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE feed [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2305.14314v1</id>
<title>&lol5;</title></entry></feed>
"""

# An external entity: a reader that resolved it would put a local file into the title.
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE feed [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2305.14314v1</id>
<title>&secret;</title></entry></feed>
"""

MALFORMED = feed(entry()).replace(b"</entry>", b"</entr>")
