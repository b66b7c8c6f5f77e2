"""Text for LaTeX and BibTeX: any string a record holds, as text that compiles.

Three dangers in a field value: a LaTeX special character (``& % $ # _ { } ~ ^ \\``)
that would change the meaning of what follows, a brace BibTeX would count
(an unbalanced one ends the entry), and a character the 8-bit world of
BibTeX and pdfLaTeX cannot carry. So every special character becomes a
command (braces too: ``\\{`` would still count as a brace), every accented
letter its accent command, and anything left a plain-ASCII stand-in.

Output uses only commands of the LaTeX kernel that work in the default OT1
encoding, each in a group of its own (``{\\"u}``), the form BibTeX treats as
one special character when it changes case or sorts.
"""

from __future__ import annotations

import unicodedata

_SPECIALS = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "&": r"{\&}",
    "%": r"{\%}",
    "$": r"{\$}",
    "#": r"{\#}",
    "_": r"{\_}",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
    # In OT1 these three print as other glyphs (¡, ¿, —): math mode has them.
    "<": "{$<$}",
    ">": "{$>$}",
    "|": "{$|$}",
}
# Letters that are commands of their own, not a base letter with an accent.
_LETTERS = {
    "ł": r"\l", "Ł": r"\L", "ø": r"\o", "Ø": r"\O", "æ": r"\ae", "Æ": r"\AE",
    "œ": r"\oe", "Œ": r"\OE", "ß": r"\ss", "å": r"\aa", "Å": r"\AA", "ı": r"\i",
    "ȷ": r"\j",
}  # fmt: skip
# Combining marks (what NFD splits an accented letter into) and their accent commands.
_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=",
    "\u0306": "u", "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H",
    "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k", "\u0331": "b",
}  # fmt: skip
_PUNCTUATION = {
    "\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``",
    "\u201d": "''", "\u2026": r"{\ldots}", "\u00a0": "~", "\u00d7": r"{$\times$}",
    "\u00b1": r"{$\pm$}", "\u2212": "{$-$}", "\u2192": r"{$\rightarrow$}",
    "\u2190": r"{$\leftarrow$}", "\u2264": r"{$\leq$}", "\u2265": r"{$\geq$}",
    "\u2248": r"{$\approx$}", "\u221e": r"{$\infty$}", "\u00b0": r"{$^\circ$}",
    "\u00b7": r"{$\cdot$}", "\u2022": r"{$\bullet$}", "\u00a7": r"{$\S$}", "\u00b6": r"{$\P$}",
    "\u00a9": r"{\copyright}", "\u2020": r"{$\dagger$}", "\u2021": r"{$\ddagger$}",
}  # fmt: skip
_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
    "omega",
}  # fmt: skip
_GREEK_CAPITALS = {"gamma", "delta", "theta", "lambda", "xi", "pi", "sigma", "upsilon", "phi",
                   "psi", "omega"}  # fmt: skip
# Character pairs TeX fonts turn into one glyph ("--" is a dash, "''" a quote,
# "?`" an inverted question mark): an empty group between them keeps them two.
_LIGATURES = frozenset({"--", "''", "``", "?`", "!`", ",,", "<<", ">>"})


def _greek(char: str) -> str | None:
    try:
        name = unicodedata.name(char)
    except ValueError:
        return None
    for prefix, capital in (("GREEK SMALL LETTER ", False), ("GREEK CAPITAL LETTER ", True)):
        if name.startswith(prefix):
            letter = name[len(prefix) :].lower()
            if letter == "final sigma":
                return r"{$\varsigma$}"
            if letter not in _GREEK or (capital and letter not in _GREEK_CAPITALS):
                return None
            command = letter.capitalize() if capital else letter
            return f"{{$\\{'var' if letter == 'epsilon' else ''}{command}$}}"
    return None


def _accented(char: str) -> str | None:
    """``é`` as ``{\\'e}``, ``č`` as ``{\\v c}``, ``ǘ`` as ``{\\'{\\"u}}``."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not all(mark in _ACCENTS for mark in marks):
        return None
    if base in ("i", "j") and marks[0] not in ("\u0323", "\u0327", "\u0328", "\u0331"):
        base = "\\" + base  # accents above an i drop its dot: \'\i
    elif not (base.isascii() and base.isalpha()):
        return None
    first = _ACCENTS[marks[0]]
    # A letter-named accent needs a space before a plain letter: \v c, but \v\i.
    space = " " if first.isalpha() and not base.startswith("\\") else ""
    inner = f"\\{first}{space}{base}"
    for mark in marks[1:]:
        inner = f"\\{_ACCENTS[mark]}{{{inner}}}"
    return "{" + inner + "}"


def _fallback(char: str) -> str:
    """What is left: its ASCII compatibility form if it has one, else its code point."""
    folded = unicodedata.normalize("NFKD", char)
    if folded != char and folded.isascii() and folded.isprintable():
        return escape(folded)
    return f"{{U+{ord(char):04X}}}"


def encode_char(char: str) -> str:
    if char in _SPECIALS:
        return _SPECIALS[char]
    if " " <= char <= "~":
        return char
    if char in _LETTERS:
        return "{" + _LETTERS[char] + "}"
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    return _accented(char) or _greek(char) or _fallback(char)


def escape(text: str) -> str:
    """``text`` as LaTeX that prints it and keeps BibTeX's braces balanced."""
    out: list[str] = []
    for char in text:
        piece = encode_char(char)
        if out and out[-1] and (out[-1][-1] + piece[0]) in _LIGATURES:
            out.append("{}")
        out.append(piece)
    return "".join(out)


# Letters NFKD does not take apart, for ASCII folding.
_FOLD = {
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ß": "ss", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
}  # fmt: skip


def ascii_fold(text: str) -> str:
    """Plain ASCII letters for ``text``: 'Łukasz Rozière' -> 'Lukasz Roziere'."""
    folded = unicodedata.normalize("NFKD", "".join(_FOLD.get(char, char) for char in text))
    return folded.encode("ascii", "ignore").decode("ascii")
