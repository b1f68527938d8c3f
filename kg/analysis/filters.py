"""Filters over projections: time window, event classes, actor neighbourhoods, minimum weight.

The record predicates (:func:`in_window`, :func:`has_class`) work on any mapping with the event
fields of :func:`kg.analysis.projections.events` (``begin``, ``end``, ``sort_date``, ``classes``,
``cls``): event records, interaction edges, aggregated actor edges and event nodes of the claim graph.
The graph filters return new graphs and never modify their input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

import networkx as nx

from kg import vocab

__all__ = [
    "ego",
    "event_classes",
    "has_class",
    "in_window",
    "match_actors",
    "min_pair_events",
    "min_weight",
    "normalise_classes",
    "time_window",
]

_WORD = re.compile(r"\w+")

GraphT = TypeVar("GraphT", bound=nx.Graph)


def _iso(value: str | date | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) == 4:  # a year: the window edge is inclusive of the whole year
        return text
    return text[:10]


def _window_bounds(since: str | date | None, until: str | date | None) -> tuple[str | None, str | None]:
    lo, hi = _iso(since), _iso(until)
    if lo is not None and len(lo) == 4:
        lo += "-01-01"
    elif lo is not None and len(lo) == 7:
        lo += "-01"
    if hi is not None and len(hi) == 4:
        hi += "-12-31"
    elif hi is not None and len(hi) == 7:
        hi += "-31"  # string comparison: every day of that month is <= "YYYY-MM-31"
    return lo, hi


def in_window(record: Mapping[str, Any], since: str | date | None = None, until: str | date | None = None) -> bool:
    """Whether an event's date interval overlaps the window ``[since, until]``.

    The interval is ``[begin, end]`` (a month or a year spans its days); when the event has no date,
    ``sort_date`` (its claim's report date or its article's date) is used.  Events with no date at all
    are kept only when no window is given.  ``since`` and ``until`` may be dates or ISO strings
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; both ends are inclusive.

    Examples
    --------
    >>> in_window({"begin": "2023-01-01", "end": "2023-12-31"}, since="2023-06-01", until="2023-06-30")
    True
    >>> in_window({"begin": "2024-02-03", "end": "2024-02-03"}, since="2024-03")
    False
    >>> in_window({"sort_date": "2024-02-28"}, until="2024-02")
    True
    >>> in_window({}, since="2024")
    False
    """
    lo, hi = _window_bounds(since, until)
    if lo is None and hi is None:
        return True
    begin = record.get("begin") or record.get("sort_date") or None
    end = record.get("end") or record.get("sort_date") or begin
    if begin is None:
        return False
    if lo is not None and str(end) < lo:
        return False
    if hi is not None and str(begin) > hi:
        return False
    return True


def normalise_classes(classes: Iterable[str] | str | None) -> set[str] | None:
    """Event class names as local names: ``"geo:Proposal"``, full IRIs and ``"proposal"`` all give ``"proposal"``.

    Examples
    --------
    >>> sorted(normalise_classes(["geo:Proposal", "https://w3id.org/geokg/ontology#Rejection"]))
    ['proposal', 'rejection']
    >>> normalise_classes(None) is None
    True
    """
    if classes is None:
        return None
    if isinstance(classes, str):
        classes = [c for c in classes.split(",") if c.strip()]
    out = set()
    for c in classes:
        c = str(c).strip()
        if c.startswith(vocab.GEO):
            c = c[len(vocab.GEO) :]
        elif ":" in c:
            c = c.rsplit(":", 1)[-1].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        out.add(c.lower())
    return out


def has_class(record: Mapping[str, Any], classes: Iterable[str] | str | None) -> bool:
    """Whether an event (or aggregated edge) has one of ``classes`` (case-insensitive local names).

    Examples
    --------
    >>> has_class({"cls": "Proposal", "classes": ["Proposal"]}, ["geo:proposal"])
    True
    >>> has_class({"classes": ["Threat"]}, ["Proposal"])
    False
    """
    wanted = classes if isinstance(classes, set) else normalise_classes(classes)
    if wanted is None:
        return True
    have = list(record.get("classes") or [])
    if record.get("cls"):
        have.append(record["cls"])
    return any(str(c).lower() in wanted for c in have)


def match_actors(G: nx.Graph, queries: Iterable[str] | str) -> set[Any]:
    """Nodes of ``G`` matching any query by IRI, label, alias or Wikidata QID (case-insensitive).

    A query that matches no node exactly matches the nodes with a label or alias containing its
    words in order (``"zelensky"`` finds "Volodymyr Zelensky"; ``"united states"`` finds only the
    actor labelled so when there is one, else "United States Congress" too).

    Parameters
    ----------
    G : networkx.Graph
        A projection (nodes with ``label``, ``aliases``, ``wikidata`` attributes).
    queries : str or iterable of str
        IRIs, QIDs (``"Q7747"`` or ``"wd:Q7747"``), labels or aliases.

    Returns
    -------
    set
        The matching nodes (empty when nothing matches).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("id:actor/Q7747", label="Vladimir Putin", aliases=["Putin"], wikidata="Q7747")
    >>> match_actors(G, ["putin"]) == match_actors(G, "wd:Q7747") == {"id:actor/Q7747"}
    True
    >>> match_actors(G, "vladimir") == {"id:actor/Q7747"}, match_actors(G, "vlad")
    (True, set())
    """
    if isinstance(queries, str):
        queries = [queries]
    wanted = set()
    for q in queries:
        q = str(q).strip()
        if q.startswith(vocab.WD):
            q = q[len(vocab.WD) :]
        elif q.lower().startswith("wd:"):
            q = q[3:]
        wanted.add(q.lower())
    found = set()
    matched: set[str] = set()
    words: dict[Any, list[tuple[str, ...]]] = {}
    for n, d in G.nodes(data=True):
        names = {str(n).lower(), str(d.get("label") or "").lower(), str(d.get("wikidata") or "").lower()}
        names |= {str(a).lower() for a in d.get("aliases") or ()}
        hit = names & wanted
        if hit:
            found.add(n)
            matched |= hit
        words[n] = [tuple(_WORD.findall(x)) for x in names if x]
    for q in wanted - matched:  # no exact match: whole words of a label or alias ("zelensky")
        qw = tuple(_WORD.findall(q))
        if not qw:
            continue
        k = len(qw)
        for n, seqs in words.items():
            if any(seq[i : i + k] == qw for seq in seqs for i in range(len(seq) - k + 1)):
                found.add(n)
    return found


def ego(G: GraphT, actors: Iterable[str] | str, radius: int = 1) -> GraphT:
    """The union of the ego graphs of radius ``radius`` around the matched actors.

    Direction is ignored when measuring the radius; the result is the subgraph of ``G`` induced by
    every node within ``radius`` hops of a matched actor (all edges between them are kept).

    Parameters
    ----------
    G : networkx.Graph
        Any projection.
    actors : str or iterable of str
        Matched with :func:`match_actors`.
    radius : int, default 1
        0 keeps the matched actors only.

    Returns
    -------
    networkx.Graph
        A copy of the same type as ``G``; empty when no actor matches.

    Examples
    --------
    >>> G = nx.path_graph(["a", "b", "c", "d"])
    >>> sorted(ego(G, "b", radius=1))
    ['a', 'b', 'c']
    """
    centres = match_actors(G, actors)
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    keep: set[Any] = set()
    for c in centres:
        keep |= set(nx.single_source_shortest_path_length(U, c, cutoff=radius))
    H = G.subgraph(keep).copy()
    H.graph["filters"] = dict(G.graph.get("filters", {}), actors=sorted(str(a) for a in ([actors] if isinstance(actors, str) else actors)), radius=radius)
    return H


def _keep_edges(G: GraphT, keep: Any, drop_isolates: bool) -> GraphT:
    H = G.copy()
    if H.is_multigraph():
        doomed = [(u, v, k) for u, v, k, d in H.edges(keys=True, data=True) if not keep(d)]
    else:
        doomed = [(u, v) for u, v, d in H.edges(data=True) if not keep(d)]
    touched = {e[0] for e in doomed} | {e[1] for e in doomed}
    H.remove_edges_from(doomed)
    if drop_isolates:
        H.remove_nodes_from([n for n in touched if H.degree(n) == 0])
    return H


def _filter_events(G: GraphT, keep: Any, drop_isolates: bool) -> GraphT:
    """Filter the event nodes of a claim graph, or the edges of any other projection."""
    if G.graph.get("projection") == "claim":
        H = G.copy()
        doomed = [n for n, d in H.nodes(data=True) if d.get("kind") == "event" and not keep(d)]
        neighbours = {m for n in doomed for m in nx.all_neighbors(H, n)}
        H.remove_nodes_from(doomed)
        if drop_isolates:
            H.remove_nodes_from([n for n in neighbours if n in H and H.degree(n) == 0])
        return H
    return _keep_edges(G, keep, drop_isolates)


def time_window(
    G: GraphT, since: str | date | None = None, until: str | date | None = None, *, drop_isolates: bool = True
) -> GraphT:
    """Keep the events (edges, or event nodes of a claim graph) whose dates overlap ``[since, until]``.

    Parameters
    ----------
    G : networkx.Graph
        Any projection.
    since, until : str or datetime.date, optional
        Window ends, inclusive (see :func:`in_window`).
    drop_isolates : bool, default True
        Remove nodes that lose all their edges.

    Returns
    -------
    networkx.Graph
        A filtered copy.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", begin="2024-01-05", end="2024-01-05")
    >>> _ = M.add_edge("b", "c", begin="2024-03-01", end="2024-03-31")
    >>> sorted(time_window(M, since="2024-02").edges())
    [('b', 'c')]
    """
    H = _filter_events(G, lambda d: in_window(d, since, until), drop_isolates)
    H.graph["filters"] = dict(G.graph.get("filters", {}), since=_iso(since), until=_iso(until))
    return H


def event_classes(G: GraphT, classes: Iterable[str] | str, *, drop_isolates: bool = True) -> GraphT:
    """Keep the events (edges, or event nodes of a claim graph) of the given classes.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", cls="Proposal", classes=["Proposal"])
    >>> _ = M.add_edge("b", "c", cls="Threat", classes=["Threat"])
    >>> sorted(event_classes(M, ["proposal"]).nodes())
    ['a', 'b']
    """
    wanted = normalise_classes(classes)
    H = _filter_events(G, lambda d: has_class(d, wanted), drop_isolates)
    H.graph["filters"] = dict(G.graph.get("filters", {}), classes=sorted(wanted or ()))
    return H


def min_weight(
    G: GraphT, threshold: float, *, weight: str = "count", absolute: bool = False, drop_isolates: bool = True
) -> GraphT:
    """Keep the edges whose ``weight`` attribute is at least ``threshold``.

    Parameters
    ----------
    G : networkx.Graph
        Any projection.
    threshold : float
        Minimum value (inclusive).
    weight : str, default "count"
        Edge attribute compared; a missing attribute counts as 1 for ``"count"``, else 0.
    absolute : bool, default False
        Compare the absolute value (useful for signed Goldstein sums).
    drop_isolates : bool, default True
        Remove nodes that lose all their edges.

    Examples
    --------
    >>> D = nx.DiGraph()
    >>> D.add_edge("a", "b", count=3)
    >>> D.add_edge("b", "c", count=1)
    >>> sorted(min_weight(D, 2).edges())
    [('a', 'b')]
    """
    default = 1 if weight == "count" else 0

    def keep(d: Mapping[str, Any]) -> bool:
        value = d.get(weight, default)
        if value is None:
            return False
        value = abs(value) if absolute else value
        return value >= threshold

    H = _keep_edges(G, keep, drop_isolates)
    H.graph["filters"] = dict(G.graph.get("filters", {}), min_weight=threshold)
    return H


def min_pair_events(G: GraphT, threshold: float, *, drop_isolates: bool = True) -> GraphT:
    """Keep the events of the actor pairs that have at least ``threshold`` of them.

    For a multigraph (the interaction graph) the parallel edges of a pair are counted together
    (their ``count``, 1 when missing), in the direction of the edges when ``G`` is directed;
    :func:`min_weight` would compare each event alone.  Other graphs go to :func:`min_weight`.

    Examples
    --------
    >>> M = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c")])
    >>> sorted(min_pair_events(M, 2).edges())
    [('a', 'b'), ('a', 'b')]
    """
    if not G.is_multigraph():
        return min_weight(G, threshold, weight="count", drop_isolates=drop_isolates)
    totals: dict[tuple[Any, Any], float] = {}
    for u, v, d in G.edges(data=True):
        key = (u, v) if G.is_directed() else tuple(sorted((u, v), key=str))
        c = d.get("count", 1)
        totals[key] = totals.get(key, 0.0) + (1.0 if c is None or isinstance(c, bool) else float(c))
    keep = [
        (u, v, k)
        for u, v, k in G.edges(keys=True)
        if totals[(u, v) if G.is_directed() else tuple(sorted((u, v), key=str))] >= threshold
    ]
    H = G.edge_subgraph(keep).copy()
    if not drop_isolates:
        H.add_nodes_from(G.nodes(data=True))
    H.graph = dict(G.graph)
    H.graph["filters"] = dict(G.graph.get("filters", {}), min_weight=threshold)
    return H

