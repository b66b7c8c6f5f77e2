"""Strict YAML reading for untrusted, hand-edited record files.

PyYAML's safe loader is not strict enough for records: it keeps the last of
two duplicate keys, turns ``no`` into False and ``1.10`` into 1.1, expands
alias bombs, and its C composer recurses on nested input. So we take only the
*event stream* from the C parser and build the data ourselves, refusing
anything a record never needs. Plain scalars resolve to null, true/false and
decimal integers only; everything else stays the text the user wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genai_catalog.errors import Problem
from genai_catalog.files.reading import FileTooBig, read_regular
from genai_catalog.model.messages import WHAT, as_written

__all__ = ["WHAT", "Parsed", "YamlRefused", "as_written", "decode", "parse", "read"]

MAX_BYTES = 256 * 1024
MAX_DEPTH = 24
# Past this many, one line stands for the rest of a kind of problem.
_MAX_REPORTED = 10

NodePath = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# For the depth scan: what ends a stretch of plain text, and a quoted scalar.
_PLAIN_BREAK = re.compile(r":(?=[ \t\r]|$)|[ \t]#")
_FLOW_BREAK = re.compile(r"[,:\[\]{}]|[ \t]#")
_QUOTE_END = {
    "'": re.compile(r"[^']*(?:''[^']*)*'"),
    '"': re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"'),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# First characters of the plain scalars that resolve to null, a boolean or an integer.
_MAY_RESOLVE = frozenset("~nNtTfF+-0123456789") | {""}
# In a value, after escapes are decoded, only tab and newline may remain: a
# "\e[2J" or "\r" written as an escape would reach the terminal otherwise.
_VALUE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


@dataclass
class Parsed:
    """A document's data, and where each key and item of it starts (1-based)."""

    data: dict[str, Any]
    positions: dict[NodePath, tuple[int, int]] = field(default_factory=dict)

    def line_of(self, path: NodePath) -> tuple[int, int] | None:
        """Position of the deepest known node on ``path``."""
        for end in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:end]))
            if pos is not None:
                return pos
        return None


class YamlRefused(Exception):
    """The file cannot be read as a record; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def read(file: Path, path: str) -> str:
    """A record file's text: a regular file, refused before it is read when oversize.

    Raises ``OSError`` (``reading.FileRefused`` for a FIFO, a device, a folder)
    or ``YamlRefused``.
    """
    try:
        raw = read_regular(file, MAX_BYTES)
    except FileTooBig as exc:
        raise YamlRefused([_too_big(path, exc.size)]) from None
    return decode(raw, path)


def _too_big(path: str, size: int) -> Problem:
    return Problem(path, 1, 1, None, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")


def decode(raw: bytes, path: str) -> str:
    """Bytes to text, refusing oversize files, bad UTF-8 and control characters."""
    if len(raw) > MAX_BYTES:
        raise YamlRefused([_too_big(path, len(raw))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        # Columns count characters, as editors do; everything before the error decodes.
        col = len(raw[line_start : exc.start].decode("utf-8")) + 1
        raise YamlRefused([Problem(path, line, col, None, "file is not valid UTF-8")]) from None
    text = text.removeprefix("\ufeff")
    problems = []
    matches = list(_CONTROL.finditer(text))
    for match in matches[:_MAX_REPORTED]:
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(
            Problem(path, line, col, None, f"control character U+{ord(match.group()):04X} in file")
        )
    if len(matches) > _MAX_REPORTED:
        # A binary file would otherwise bury the report under one line per byte.
        last = problems[-1]
        problems.append(
            Problem(
                path,
                last.line,
                last.col,
                None,
                f"and {len(matches) - _MAX_REPORTED:,} more control characters; "
                "is this a text file?",
            )
        )
    if problems:
        raise YamlRefused(problems)
    return text


_PREFIX = re.compile(r"^[ ?:-]*", re.MULTILINE)


def _depth_bound(text: str) -> int:
    """A cheap upper bound on nesting, at C speed; the exact scan runs only past it.

    Block nesting needs at least one more character of a line's leading run of
    spaces and ``-``, ``?``, ``:`` indicators per level, and flow nesting one
    bracket per level, so their sum bounds the depth. Most records sit far
    below the cap, and a catalog of 100,000 should not pay for the exact scan.
    """
    prefix = max(map(len, _PREFIX.findall(text)), default=0)
    return prefix + 1 + text.count("[") + text.count("{")


class _DepthScan:
    """How deeply a text nests, estimated line by line without parsing.

    Counts open block collections, by column (so compact ``- - -`` and
    ``? ? ?`` entries count too), and open flow brackets. A bracket counts
    where YAML reads it as one, not in quoted text, comments, block scalars or
    plain text, so that a summary such as ``range [0, 1)`` costs nothing. Odd
    input can still fool it, so ``parse`` also enforces the cap exactly while
    building; this only has to stop a hostile file before the parser spends
    time on it. Counting stops soon after the count passes ``MAX_DEPTH``.
    """

    def __init__(self, text: str) -> None:
        self.deepest = 0
        self.deepest_line = 1
        self.flow = 0  # flow brackets open
        # Open block collections, outermost first: (column, is a sequence).
        self.blocks: list[tuple[int, bool]] = []
        self.quote = ""  # the quote of a quoted scalar running past the line end
        # While in a block scalar: the column its lines are indented past.
        self.block_parent: int | None = None
        # While a plain scalar may run on: the column its lines are indented past.
        self.plain_parent: int | None = None
        for number, line in enumerate(text.splitlines(), 1):
            self.line(line)
            if self.deepest > MAX_DEPTH:
                self.deepest_line = number
                break

    def line(self, line: str) -> None:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if self.block_parent is not None:
            if not stripped.strip() or indent > self.block_parent:
                return
            self.block_parent = None
        if self.plain_parent is not None:
            if not stripped.strip():
                return
            if indent > self.plain_parent and not stripped.startswith("#"):
                return
            self.plain_parent = None
        start, at_value = indent, True
        if self.quote:
            start = _end_of_quote(line, 0, self.quote)
            if start < 0:
                return
            self.quote, at_value = "", False
        elif self.flow == 0:
            if not stripped.strip() or stripped.startswith("#"):
                return
            while self.blocks and self.blocks[-1][0] > indent:
                self.blocks.pop()
            if indent == 0 and line[:3] in ("---", "...") and line[3:4] in ("", " ", "\t"):
                start = 3
        self.scan(line, start, at_value, indent, block_line=not self.flow and at_value)

    def node(self, col: int, seq: bool) -> None:
        """A block node starts at ``col``: an entry of an open collection, or a new one."""
        if self.blocks and self.blocks[-1][0] == col:
            if self.blocks[-1][1] == seq:
                return
            if not seq:
                # A key at the column of a sequence under a mapping key ends the sequence.
                self.blocks.pop()
                if self.blocks and self.blocks[-1][0] == col:
                    return
        self.blocks.append((col, seq))

    def scan(self, line: str, i: int, at_value: bool, indent: int, block_line: bool) -> None:
        # Column of the key or entry whose value comes next: a block scalar's
        # or a plain scalar's further lines are those indented past it.
        node_col = indent
        plain_owner: int | None = None  # set while in a plain scalar of block context
        # At the start of a block line, or just after "- ", "? " or ": ": a node starts.
        node_start = block_line
        deepest_flow = self.flow
        while i < len(line):
            if not at_value:
                # Inside plain text only these mean anything; jump to them.
                found = (_FLOW_BREAK if self.flow else _PLAIN_BREAK).search(line, i)
                if found is None:
                    break
                i = found.end() - 1
            char = line[i]
            after = line[i + 1 : i + 2]
            if char in " \t\r":
                i += 1
                continue
            if char == "#" and (i == 0 or line[i - 1] in " \t"):
                plain_owner = None
                break
            indicator = at_value and char in "-?:" and after in ("", " ", "\t")
            if node_start:
                self.node(i, seq=indicator and char == "-")
                node_start = False
            if indicator:
                if not self.flow:
                    node_col, node_start = i, True
                i, plain_owner = i + 1, None
                continue
            if at_value and char in "'\"":
                node_col = i
                end = _end_of_quote(line, i + 1, char)
                if end < 0:
                    self.quote = char
                    break
                i, at_value = end, False
                continue
            if at_value and char in "!&":
                # A tag or anchor comes before the value it marks.
                while i < len(line) and line[i] not in " \t":
                    i += 1
                continue
            if (at_value or self.flow) and char in "[{":
                self.flow += 1
                deepest_flow = max(deepest_flow, self.flow)
                if len(self.blocks) + self.flow > MAX_DEPTH:
                    break  # over the cap already; the rest of a hostile line can wait
                i, at_value = i + 1, True
                continue
            if self.flow and char in "]}":
                self.flow -= 1
                i, at_value = i + 1, False
                continue
            if self.flow and char == ",":
                i, at_value = i + 1, True
                continue
            if at_value and not self.flow and char in "|>":
                self.block_parent = node_col
                break
            if char == ":" and (after in ("", " ", "\t", "\r") or self.flow):
                i, at_value, plain_owner = i + 1, True, None
                continue
            if at_value and not self.flow:
                plain_owner, node_col = node_col, i
            i, at_value = i + 1, False
        self.plain_parent = plain_owner
        self.deepest = max(self.deepest, len(self.blocks) + deepest_flow)


def _end_of_quote(line: str, start: int, quote: str) -> int:
    """Index just past the quote that closes at or after ``start``; -1 if it runs on."""
    found = _QUOTE_END[quote].match(line, start)
    return found.end() if found else -1


def _pos(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _too_deep(path: str, line: int, col: int) -> Problem:
    return Problem(path, line, col, None, f"nesting is deeper than the limit of {MAX_DEPTH} levels")


def _resolve_plain(value: str) -> Any:
    if value[:1] not in _MAY_RESOLVE:
        return value  # most values: text that cannot be anything else
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        try:
            return int(value)
        except ValueError:
            # Past Python's digit limit: no field wants such a number, and as
            # text the schema still says what it expected.
            return value
    return value


def parse(text: str, path: str) -> Parsed:
    """Parse one record document strictly. Raises ``YamlRefused`` with every problem."""
    import yaml

    if _depth_bound(text) > MAX_DEPTH:
        scan = _DepthScan(text)
        if scan.deepest > MAX_DEPTH:
            raise YamlRefused([_too_deep(path, scan.deepest_line, 1)])
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    problems: list[Problem] = []
    try:
        events = list(yaml.parse(text, Loader=loader_cls))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and lines[mark.line][mark.column :][:1] == "\t":
            reason += " (a tab: YAML indents with spaces only)"
        raise YamlRefused(
            [Problem(path, line, col, None, f"YAML syntax error: {reason}")]
        ) from None
    except yaml.YAMLError as exc:
        raise YamlRefused([Problem(path, 1, 1, None, f"YAML error: {exc}")]) from None

    builder = _Builder(path, problems)
    root = builder.build(events)
    if not problems and not isinstance(root, dict):
        what = WHAT.get(type(root), "not a mapping")
        problems.append(
            Problem(
                path, 1, 1, None, f"a record must be a mapping of fields, but the file is {what}"
            )
        )
    if problems:
        raise YamlRefused(problems)
    assert isinstance(root, dict)
    return Parsed(root, builder.positions)


class _Builder:
    """Turns a flat event list into data, iteratively (no recursion to overflow)."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.positions: dict[NodePath, tuple[int, int]] = {}

    def refuse(self, at: tuple[int, int], message: str, field: str | None = None) -> None:
        self.problems.append(Problem(self.path, at[0], at[1], field, message))

    def build(self, events: list[Any]) -> Any:
        import yaml

        root: Any = None
        documents = 0
        # Each frame: (container, node path, pending key or None, start position).
        stack: list[list[Any]] = []
        key_lines: list[dict[str, int]] = []

        # Dispatch on the exact event class: this loop runs for every event of
        # every file, and a cold load of a large catalog spends its time here.
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        mapping_start, document_start = yaml.MappingStartEvent, yaml.DocumentStartEvent
        for event in events:
            kind = event.__class__
            if kind is document_start:
                documents += 1
                if documents == 2:
                    self.refuse(
                        _pos(event), "a record file holds one YAML document; found a second"
                    )
                continue
            if documents > 1:
                continue
            if kind in ends:
                container, node_path, _, start = stack.pop()
                if kind is yaml.MappingEndEvent:
                    key_lines.pop()
                if stack:
                    self._attach(stack, key_lines, container, node_path, start)
                else:
                    root = container
                continue
            if kind is scalar_event:
                at = _pos(event)
                explicit_tag = self._check_node(event, at, event.implicit[0])
                raw = event.value
                value: Any = raw if event.style or explicit_tag else _resolve_plain(raw)
                control = _VALUE_CONTROL.search(raw)
                if control:
                    self.refuse(
                        at, f"control character U+{ord(control.group()):04X} in a value; remove it"
                    )
            elif kind in starts:
                at = _pos(event)
                self._check_node(event, at, event.implicit)
                container = {} if kind is mapping_start else []
                node_path = self._child_path(stack)
                self.positions.setdefault(node_path, at)
                stack.append([container, node_path, None, at])
                if len(stack) > MAX_DEPTH:
                    # The exact check behind the depth scan's estimate.
                    self.problems.append(_too_deep(self.path, *at))
                    return None
                if kind is mapping_start:
                    key_lines.append({})
                continue
            elif kind is alias_event:
                at = _pos(event)
                self.refuse(
                    at, f"aliases (*{event.anchor}) are not allowed in records; write the value out"
                )
                value = None
            else:
                continue  # stream start and end, document end
            if stack:
                self._attach(stack, key_lines, value, self._child_path(stack), at)
            else:
                root = value
        return root

    def _check_node(self, event: Any, at: tuple[int, int], implicit: bool) -> bool:
        """Refuse anchors and explicit tags; says whether the node had an explicit tag."""
        if event.anchor is not None:
            self.refuse(at, f"anchors (&{event.anchor}) are not allowed in records")
        tag = event.tag
        explicit_tag = tag is not None and not implicit
        if explicit_tag and tag != "!":
            self.refuse(at, f"tag {tag} is not allowed; quote the value if it is text")
        return explicit_tag

    @staticmethod
    def _child_path(stack: list[list[Any]]) -> NodePath:
        if not stack:
            return ()
        container, node_path, key, _ = stack[-1]
        if isinstance(container, dict):
            return (*node_path, key) if key is not None else node_path
        return (*node_path, len(container))

    def _attach(
        self,
        stack: list[list[Any]],
        key_lines: list[dict[str, int]],
        value: Any,
        node_path: NodePath,
        at: tuple[int, int],
    ) -> None:
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, list):
            self.positions.setdefault(node_path, at)
            container.append(value)
            return
        if frame[2] is None:
            # This value is a key.
            if isinstance(value, (dict, list)):
                self.refuse(at, f"keys must be text, but this key is {WHAT[type(value)]}")
                frame[2] = _SKIP
                return
            if not isinstance(value, str):
                self.refuse(at, f"keys must be text, but this key is {as_written(value)}; quote it")
                frame[2] = _SKIP
                return
            seen = key_lines[-1]
            line, col = at
            if value in seen:
                self.refuse(
                    at,
                    f"duplicate key {value!r} (first on line {seen[value]}); "
                    "a record states each field once",
                    field=value,
                )
                frame[2] = _SKIP
            else:
                seen[value] = line
                frame[2] = value
                self.positions[(*frame[1], value)] = (line, col)
            return
        key = frame[2]
        frame[2] = None
        if key is not _SKIP:
            container[key] = value


class _Skip(str):
    """Placeholder key for a refused key: its value is parsed and dropped."""


_SKIP = _Skip("\x00skip")
