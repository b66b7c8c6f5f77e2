from __future__ import annotations

import html
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from genai_catalog.exporters.site.escape import attr, href, script_data, text, web_url


def test_text_leaves_no_character_that_opens_markup() -> None:
    assert text("<script>a & 'b' \"c\"</script>") == (
        "&lt;script&gt;a &amp; &#x27;b&#x27; &quot;c&quot;&lt;/script&gt;"
    )
    assert attr('" onmouseover="x') == "&quot; onmouseover=&quot;x"


@given(st.text())
def test_escaped_text_reads_back_as_the_original(value: str) -> None:
    escaped = text(value)
    assert not set("<>\"'") & set(escaped)
    assert html.unescape(escaped) == value


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "javascript\n:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative/path",
        "https:evil.example",
        "https:/evil.example",
        "https://",
        "https://user:pass@evil.example/",
        "https://good.example\\@evil.example/",
        "https://exa mple.org/",
        "https://example.org/\u2028",
        "ftp://example.org/",
        "",
    ],
)
def test_only_http_and_https_addresses_become_links(url: str) -> None:
    assert web_url(url) is None
    assert href(url) is None


def test_an_http_address_keeps_its_meaning_and_cannot_leave_the_attribute() -> None:
    assert web_url("https://arxiv.org/abs/2305.14314") == "https://arxiv.org/abs/2305.14314"
    assert web_url('https://e.org/a"><script>x</script>') == (
        "https://e.org/a%22%3E%3Cscript%3Ex%3C/script%3E"
    )
    assert web_url("https://e.org/'onmouseover='x'") == "https://e.org/%27onmouseover=%27x%27"
    assert web_url("https://e.org/ü") == "https://e.org/ü"
    assert web_url("http://[::1]:8000/x") == "http://[::1]:8000/x"
    assert href("https://e.org/?a=1&b=2") == "https://e.org/?a=1&amp;b=2"


@given(st.text())
def test_any_accepted_address_is_http_and_inert_in_an_attribute(value: str) -> None:
    for url in (value, "https://example.org/" + value):
        safe = href(url)
        if safe is not None:
            assert safe.startswith(("http://", "https://"))
            assert not set("<>\"' `\\") & set(safe)


def test_script_data_cannot_close_a_script_and_means_the_same() -> None:
    value = {"name": "</script><script>alert(1)</script>", "sep": "\u2028\u2029", "amp": "&"}
    encoded = script_data(value)
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert "\u2028" not in encoded and "\u2029" not in encoded
    assert json.loads(encoded) == value


@given(st.recursive(st.text() | st.integers() | st.none(), lambda c: st.lists(c, max_size=4)))
def test_script_data_is_ascii_json_for_any_value(value: object) -> None:
    encoded = script_data(value)
    assert encoded.isascii() and not set("<>&") & set(encoded)
    assert json.loads(encoded) == value
