"""Walking the links: a record's neighbourhood, the shortest chains between two
records, a model family by year, and a timeline.

Every walk goes over ``Graph.links`` (record positions and relation numbers in
flat arrays), so a query that touches a few records decodes only those, even
in a catalog of 100,000. Results name records by id and hold the records
they show, as plain dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from genai_catalog.errors import BadRequest, NoPath, did_you_mean
from genai_catalog.graph import RELATION_FIELDS, Graph, Links, Record
from genai_catalog.model.ids import ArxivId
from genai_catalog.model.kinds import DIRECTIONS, KINDS, RELATIONS
from genai_catalog.query import check_kind

# The links a model family is made of: fine-tuned from, and later versions of.
FAMILY = ("base_model", "builds_on")
# A neighbourhood or family larger than this is cut off (and says so): past
# it a tree or a picture stops being readable.
MAX_NODES = 1000
# Shortest paths listed at most; all of them are still counted.
MAX_PATHS = 100
# Shortest paths looked at to choose the ones that read best.
_RANKED = 500
# Which links a chain should rather take, when several chains are as short.
_PREFERENCE = [
    ("builds_on", "base_model", "introduced_in", "uses", "implements", "trained_on",
     "evaluated_on", "related").index(name)
    for name in RELATION_FIELDS
]  # fmt: skip

_ALL = (1 << len(RELATION_FIELDS)) - 1
# Relations that read the same from both ends: a pair stated on both records is one link.
_SYMMETRIC = frozenset(
    i for i, name in enumerate(RELATION_FIELDS) if RELATIONS[name].label == RELATIONS[name].inverse
)


@dataclass(frozen=True)
class Edge:
    """One typed link, as it is stored: on ``source``, pointing at ``target``."""

    source: str
    target: str
    relation: str

    @property
    def label(self) -> str:
        return RELATIONS[self.relation].label

    @property
    def inverse(self) -> str:
        return RELATIONS[self.relation].inverse


@dataclass(frozen=True)
class Step:
    """A link walked one way: with its stored direction (``forward``) or against it."""

    edge: Edge
    forward: bool

    @property
    def start(self) -> str:
        return self.edge.source if self.forward else self.edge.target

    @property
    def end(self) -> str:
        return self.edge.target if self.forward else self.edge.source

    @property
    def label(self) -> str:
        """How the link reads in the walking direction: 'builds on', or 'built upon by'."""
        return self.edge.label if self.forward else self.edge.inverse


@dataclass
class TreeNode:
    """A record in a tree, hanging from its parent by ``step`` (None for a root).

    A record reached twice is shown in full once; the other places hold it
    with ``repeated`` set and no children.
    """

    record: Record
    step: Step | None = None
    children: list[TreeNode] = field(default_factory=list)
    repeated: bool = False


@dataclass
class Subgraph:
    """Some records and every link among them: a neighbourhood or a family."""

    root: str
    nodes: list[Record]  # the root first
    edges: list[Edge]  # in stored direction
    # How each record but the root was first reached, and how many links away it is.
    reached_by: dict[str, Step]
    depths: dict[str, int]
    truncated: bool = False
    # Lay the records out by year (a family) rather than by distance.
    by_year: bool = False
    # 'YYYY' or 'YYYY-MM' for the records that have a year (see ``timeline``).
    dates: dict[str, str] = field(default_factory=dict)

    def tree(self) -> list[TreeNode]:
        """The root, with each record under the one it was first reached from."""
        by_id = {record["id"]: record for record in self.nodes}
        children: dict[str, list[str]] = {}
        for record in self.nodes[1:]:
            children.setdefault(self.reached_by[record["id"]].start, []).append(record["id"])

        def order(record_id: str) -> tuple[int, int, int, str]:
            step = self.reached_by[record_id]
            record = by_id[record_id]
            return (
                0 if step.forward else 1,
                RELATION_FIELDS.index(step.edge.relation),
                KINDS.index(record["kind"]),
                record["name"].casefold(),
            )

        def build(record_id: str) -> TreeNode:
            node = TreeNode(by_id[record_id], self.reached_by.get(record_id))
            node.children = [build(c) for c in sorted(children.get(record_id, ()), key=order)]
            return node

        return [build(self.root)]


@dataclass
class Lineage(Subgraph):
    """A family: what the root was derived from, and everything derived from it."""

    ancestors: list[str] = field(default_factory=list)
    descendants: list[str] = field(default_factory=list)

    def tree(self) -> list[TreeNode]:
        """Oldest ancestors first, each record under the one it builds on or was tuned from.

        Siblings are in date order (a year, or a year and month; records
        without a year last), so time runs down the page the way an evolution
        tree reads.
        """
        by_id = {record["id"]: record for record in self.nodes}
        children: dict[str, list[Edge]] = {}
        has_parent: set[str] = set()
        up = {self.root, *self.ancestors}
        for edge in self.edges:
            children.setdefault(edge.target, []).append(edge)
            if edge.source in up and edge.target in up:
                has_parent.add(edge.source)
        roots = [i for i in [*self.ancestors, self.root] if i not in has_parent] or [self.root]
        shown: set[str] = set()

        def when(record_id: str) -> tuple[bool, str, str, str]:
            date = self.dates.get(record_id)
            return (date is None, date or "", by_id[record_id]["name"].casefold(), record_id)

        def build(record_id: str, step: Step | None) -> TreeNode:
            node = TreeNode(by_id[record_id], step, repeated=record_id in shown)
            if node.repeated:
                return node
            shown.add(record_id)
            below = sorted(children.get(record_id, ()), key=lambda e: when(e.source))
            node.children = [build(edge.source, Step(edge, False)) for edge in below]
            return node

        return [build(root, None) for root in sorted(roots, key=when)]


@dataclass
class Chain:
    """A chain of links from the first record to the last."""

    records: list[Record]
    steps: list[Step]


@dataclass
class Chains:
    """The shortest chains between two records: the first ``limit`` of ``total``."""

    paths: list[Chain]
    total: int
    length: int


@dataclass(frozen=True)
class Dated:
    """A record on a timeline: its year, and its month when an arXiv id gives it."""

    record: Record
    year: int
    month: int | None

    @property
    def date(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)


# ---- arguments


def check_relations(names: Iterable[str] | None) -> frozenset[str] | None:
    """Relation fields from user input ('builds_on', 'builds-on', 'built upon by'); None for all.

    Comma-separated lists count as several names.
    """
    wanted: set[str] = set()
    spelled = {_spelling(name): name for name in RELATION_FIELDS}
    for relation in RELATIONS.values():
        spelled.setdefault(_spelling(relation.label), relation.field)
        spelled.setdefault(_spelling(relation.inverse), relation.field)
    for text in names or ():
        for name in (part.strip() for part in text.split(",")):
            if not name:
                continue
            found = spelled.get(_spelling(name))
            if found is None:
                raise BadRequest(
                    f"unknown relation {name!r}{did_you_mean(_spelling(name), RELATION_FIELDS)}; "
                    f"choose from {', '.join(RELATION_FIELDS)}"
                )
            wanted.add(found)
    return frozenset(wanted) or None


def _spelling(name: str) -> str:
    return "_".join(name.casefold().replace("-", " ").replace("_", " ").split())


def check_kinds(names: Iterable[str] | None) -> frozenset[str] | None:
    """Kinds from user input (singular or plural, comma-separated too); None for all."""
    kinds = {
        kind
        for text in names or ()
        for part in text.split(",")
        if part.strip() and (kind := check_kind(part.strip()))
    }
    return frozenset(kinds) or None


def check_direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise BadRequest(
            f"unknown direction {direction!r}; choose out (links the record states), "
            "in (links that point at it) or both"
        )
    return direction


def _mask(relations: frozenset[str] | None) -> int:
    if relations is None:
        return _ALL
    return sum(1 << RELATION_FIELDS.index(name) for name in relations)


def _walk(links: Links, u: int, mask: int, direction: str) -> Iterator[tuple[int, int, bool]]:
    """(next position, relation number, walked with the stored direction) for u's links."""
    if direction != "in":
        for v, r in links.outgoing(u):
            if mask >> r & 1:
                yield v, r, True
    if direction != "out":
        for v, r in links.incoming(u):
            if not mask >> r & 1:
                continue
            # 'a related b' stated on both sides: walked once, the way u states it.
            if direction == "both" and r in _SYMMETRIC and (v, r) in links.outgoing(u):
                continue
            yield v, r, False


def _edge(graph: Graph, u: int, v: int, r: int, forward: bool) -> Step:
    ids = graph.at(u)["id"], graph.at(v)["id"]
    source, target = ids if forward else ids[::-1]
    return Step(Edge(source, target, RELATION_FIELDS[r]), forward)


def _position(graph: Graph, record_id: str) -> int:
    found = graph.position(record_id)
    if found is None:
        raise KeyError(record_id)  # callers resolve names first (Catalog.get)
    return found


def _induced(graph: Graph, members: list[int], mask: int) -> list[Edge]:
    """Every stored link among ``members`` of the wanted relations, each pair once."""
    inside = set(members)
    links = graph.links
    found: list[Edge] = []
    seen: set[tuple[int, int, int]] = set()
    for u in members:
        for v, r in links.outgoing(u):
            if v not in inside or not mask >> r & 1:
                continue
            if r in _SYMMETRIC and (v, u, r) in seen:
                continue
            seen.add((u, v, r))
            found.append(Edge(graph.at(u)["id"], graph.at(v)["id"], RELATION_FIELDS[r]))
    return found


# ---- the questions


def neighbourhood(
    graph: Graph,
    record_id: str,
    *,
    depth: int = 1,
    relations: frozenset[str] | None = None,
    direction: str = "both",
    kinds: frozenset[str] | None = None,
    max_nodes: int = MAX_NODES,
) -> Subgraph:
    """Records up to ``depth`` links away, walking only the given relations and direction.

    Only records of ``kinds`` are entered (the record itself always is); the
    links among every record found come along, whichever way they point.
    """
    if depth < 0:
        raise BadRequest(f"the depth must be 0 or more, not {depth}")
    check_direction(direction)
    links, mask = graph.links, _mask(relations)
    wanted = None if kinds is None else {KINDS.index(kind) for kind in kinds}
    root = _position(graph, record_id)
    depths = {root: 0}
    order = [root]
    reached: dict[int, tuple[int, int, bool]] = {}
    frontier = [root]
    truncated = False
    for level in range(1, depth + 1):
        following: list[int] = []
        for u in frontier:
            for v, r, forward in _walk(links, u, mask, direction):
                if v in depths or (wanted is not None and links.kinds[v] not in wanted):
                    continue
                if len(order) >= max_nodes:
                    truncated = True
                    break
                depths[v] = level
                reached[v] = (u, r, forward)
                order.append(v)
                following.append(v)
            if truncated:
                break
        frontier = following
        if not frontier or truncated:
            break
    return Subgraph(
        root=graph.at(root)["id"],
        nodes=[graph.at(i) for i in order],
        edges=_induced(graph, order, mask),
        reached_by={
            graph.at(v)["id"]: _edge(graph, u, v, r, f) for v, (u, r, f) in reached.items()
        },
        depths={graph.at(i)["id"]: d for i, d in depths.items()},
        truncated=truncated,
    )


def shortest_paths(
    graph: Graph,
    start_id: str,
    end_id: str,
    *,
    relations: frozenset[str] | None = None,
    limit: int = MAX_PATHS,
) -> Chains:
    """Every shortest chain of links from one record to another, walked either way.

    A search from both ends at once, one level at a time on the side with the
    smaller frontier, so a chain of a few links touches a few records. The
    first ``limit`` chains are spelled out; ``total`` counts them all.
    """
    links, mask = graph.links, _mask(relations)
    a, b = _position(graph, start_id), _position(graph, end_id)
    if a == b:
        return Chains([Chain([graph.at(a)], [])], total=1, length=0)
    # For each side: distance, and every (neighbour one level nearer, relation,
    # forward as walked from a towards b) that a shortest chain may come through.
    dist: tuple[dict[int, int], dict[int, int]] = ({a: 0}, {b: 0})
    via: tuple[dict[int, list[tuple[int, int, bool]]], ...] = ({a: []}, {b: []})
    frontiers = [[a], [b]]
    meet: list[int] = []
    while frontiers[0] and frontiers[1] and not meet:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        near, far = dist[side], dist[1 - side]
        following: list[int] = []
        for u in frontiers[side]:
            level = near[u] + 1
            for v, r, forward in _walk(links, u, mask, "both"):
                # From b's side the chain is later read from v to u: the other way round.
                entry = (u, r, forward if side == 0 else not forward)
                if v not in near:
                    near[v] = level
                    via[side][v] = [entry]
                    following.append(v)
                elif near[v] == level:
                    via[side][v].append(entry)
        frontiers[side] = following
        touching = [v for v in following if v in far]
        if touching:
            # Every shortest chain crosses this level at exactly one of these records.
            nearest = min(far[v] for v in touching)
            meet = [v for v in touching if far[v] == nearest]
    if not meet:
        raise NoPath(_no_path(graph.at(a), graph.at(b), relations))

    def count(side: int, node: int, memo: dict[int, int]) -> int:
        if node not in memo:
            entries = via[side][node]
            memo[node] = sum(count(side, w, memo) for w, _, _ in entries) if entries else 1
        return memo[node]

    before: dict[int, int] = {}
    after: dict[int, int] = {}
    total = sum(count(0, m, before) * count(1, m, after) for m in meet)

    def heads(node: int) -> Iterator[list[tuple[int, int, int, bool]]]:
        if node == a:
            yield []
        for w, r, forward in via[0][node]:
            for head in heads(w):
                yield [*head, (w, node, r, forward)]

    def tails(node: int) -> Iterator[list[tuple[int, int, int, bool]]]:
        if node == b:
            yield []
        for w, r, forward in via[1][node]:
            for tail in tails(w):
                yield [(node, w, r, forward), *tail]

    chains = (head + tail for m in meet for head in heads(m) for tail in tails(m))
    # Among the first few hundred, the ones that read best come first: fewer
    # 'related' links (the loosest kind), then fewer links walked against the
    # chain's main direction, then lineage links before the others ('builds
    # on' a technique, then the paper that introduced it).
    ranked = sorted(islice(chains, max(limit, _RANKED)), key=_reads_well)
    found = []
    for chain in ranked[:limit]:
        steps = [_edge(graph, u, v, r, forward) for u, v, r, forward in chain]
        found.append(Chain([graph.at(a)] + [graph.at(v) for _, v, _, _ in chain], steps))
    return Chains(found, total=total, length=len(found[0].steps) if found else 0)


def _reads_well(chain: list[tuple[int, int, int, bool]]) -> tuple[int, int, list[int]]:
    backwards = sum(not forward for *_, forward in chain)
    preference = [_PREFERENCE[r] for _, _, r, _ in chain]
    # Read in the links' stored direction, so that B to A picks the chain A to B picks.
    if 2 * backwards > len(chain):
        preference.reverse()
    related = sum(r in _SYMMETRIC for _, _, r, _ in chain)
    return related, min(backwards, len(chain) - backwards), preference


def _no_path(first: Record, second: Record, relations: frozenset[str] | None) -> str:
    through = ""
    if relations is not None:
        through = " through " + ", ".join(sorted(RELATIONS[r].label for r in relations)) + " links"
    return (
        f"no chain of links joins {first['name']} ({first['id']}) and "
        f"{second['name']} ({second['id']}){through}"
    )


def lineage(graph: Graph, record_id: str, *, max_nodes: int = MAX_NODES) -> Lineage:
    """A record's family over base_model and builds_on: its ancestors and its descendants.

    Both walks are transitive and stop at a record seen before, so a cycle in
    the data ends the walk instead of looping.
    """
    links, mask = graph.links, _mask(frozenset(FAMILY))
    root = _position(graph, record_id)
    walks: list[list[int]] = []
    truncated = False
    for direction in ("out", "in"):
        seen = {root}
        order = [root]
        for u in order:  # grows while it is read: a breadth-first walk
            for v, _, _ in _walk(links, u, mask, direction):
                if v in seen:
                    continue
                if len(seen) >= max_nodes:
                    truncated = True
                    break
                seen.add(v)
                order.append(v)
        walks.append(order[1:])
    ancestors, descendants = walks
    members = list(dict.fromkeys([root, *ancestors, *descendants]))
    return Lineage(
        root=graph.at(root)["id"],
        nodes=[graph.at(i) for i in members],
        edges=_induced(graph, members, mask),
        reached_by={},
        depths={},
        truncated=truncated,
        by_year=True,
        dates={
            record["id"]: Dated(record, record["year"], _month(graph, record, record["year"])).date
            for i in members
            if isinstance((record := graph.at(i)).get("year"), int)
        },
        ancestors=[graph.at(i)["id"] for i in ancestors],
        descendants=[graph.at(i)["id"] for i in descendants],
    )


def timeline(graph: Graph, records: Iterable[Record]) -> tuple[list[Dated], int]:
    """Records in time order (oldest first), and how many had no year to place them by.

    The month comes from the record's arXiv id, else from the arXiv id of the
    paper that introduced it, when that paper is from the same year.
    """
    dated: list[Dated] = []
    undated = 0
    for record in records:
        year = record.get("year")
        if not isinstance(year, int):
            undated += 1
            continue
        dated.append(Dated(record, year, _month(graph, record, year)))
    dated.sort(key=lambda d: (d.year, d.month or 13, d.record["name"].casefold(), d.record["id"]))
    return dated, undated


def _month(graph: Graph, record: Record, year: int) -> int | None:
    source = record
    if not source.get("arxiv") and isinstance(record.get("introduced_in"), str):
        source = graph.get(record["introduced_in"]) or record
    arxiv = source.get("arxiv")
    if not isinstance(arxiv, str):
        return None
    try:
        found = ArxivId(arxiv)
        return found.month if found.year == year and 1 <= found.month <= 12 else None
    except ValueError:
        return None
