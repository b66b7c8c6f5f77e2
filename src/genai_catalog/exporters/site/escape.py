"""Record text made safe for each place a page puts it.

Every value that comes from a record goes through one of these on its way
into a page: ``text`` for element content, ``attr`` for a quoted attribute,
``href`` for a link to the web (http and https only), ``script_data`` for data
read by a script. The page's Content-Security-Policy is a second wall behind
them, not a reason to be lax here.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

# Characters a URL must not carry raw into an attribute or past a reader:
# quotes and angle brackets (they would end the attribute or start a tag),
# the backtick (old IE quoted attributes with it) and the backslash (browsers
# read it as a slash in http URLs).
_URL_UNSAFE = frozenset("<>\"'`\\ {}|^")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_HOST = re.compile(r"^[^\s/?#@\\]+(?::\d{1,5})?$")


def text(value: Any) -> str:
    """Text for element content: no character can open a tag or an entity."""
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


# Inside a double-quoted attribute the same five characters are enough: the
# value cannot end early, and the parser decodes it back to the original.
attr = text


def web_url(url: Any) -> str | None:
    """``url`` as an http(s) address fit for an ``href``, else None.

    Refuses every other scheme (``javascript:``, ``data:``, ``vbscript:`` in any
    case and with any spaces or control characters browsers would strip), and
    percent-encodes what could break out of the attribute. The result still
    needs ``attr`` (for the ``&`` of a query string).
    """
    if not isinstance(url, str) or _CONTROLS.search(url) or url != url.strip():
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    # Compare what urlsplit saw with the raw text: "https:x" or "https:/x" has
    # no host, and a browser would resolve it against the page.
    if parts.scheme not in ("http", "https") or not url.lower().startswith(parts.scheme + "://"):
        return None
    userinfo, _, host = parts.netloc.rpartition("@")
    if not host or not _HOST.match(host) or userinfo:
        # user:password@ is how a link shows one host and opens another.
        return None
    return "".join(
        "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        if char in _URL_UNSAFE or not char.isprintable()
        else char
        for char in url
    )


def href(url: Any) -> str | None:
    """An http(s) ``url`` ready to put between the quotes of ``href="..."``."""
    safe = web_url(url)
    return attr(safe) if safe is not None else None


# What must not appear raw in a script's source: "<" could start "</script>" or
# "<!--" if the text were ever inlined, and ">" and "&" are escaped alongside
# for the same reason. ASCII-only JSON already escapes U+2028 and U+2029
# (which ended a JavaScript string before ES2019) and any lone surrogate.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_SCRIPT_PATTERN = re.compile("[<>&]")


def script_data(value: Any) -> str:
    """``value`` as JSON that is also safe JavaScript source, inline or in a file.

    The JSON escapes used mean the same string to the parser, so nothing is
    lost; a ``</script>`` in a record becomes ``\\u003c/script\\u003e``.
    """
    encoded = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return _SCRIPT_PATTERN.sub(lambda m: _SCRIPT_UNSAFE[m.group()], encoded)
