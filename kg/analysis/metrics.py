"""Metrics over projections, and tables of them (terminal, CSV, JSON).

Every metric is a plain function taking a graph (any projection of :mod:`kg.analysis.projections`).
Structural metrics are computed on the simple graph obtained by summing an edge attribute over
parallel edges (:func:`to_simple`), so they work alike on the interaction multigraph and on the
collapsed actor graph.

* :func:`degree` (distinct neighbours), :func:`event_counts`, :func:`weighted_degree`,
  :func:`goldstein_balance`;
* :func:`betweenness`, :func:`pagerank`, :func:`eigenvector` (falls back to PageRank when the power
  iteration does not converge);
* :func:`communities` (Louvain, fixed seed), :func:`brokers`;
* :func:`reciprocity` (per pair), :func:`contested` (most contested claims), :func:`timelines`;
* :func:`metrics_table`, :func:`write_table`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any, Literal

import networkx as nx

__all__ = [
    "betweenness",
    "brokers",
    "communities",
    "community_map",
    "contested",
    "degree",
    "eigenvector",
    "event_counts",
    "goldstein_balance",
    "metrics_table",
    "pagerank",
    "reciprocity",
    "timeline_rows",
    "timelines",
    "to_simple",
    "weighted_degree",
    "write_table",
]

TableFormat = Literal["table", "csv", "json"]


def _label(G: nx.Graph, n: Any) -> str:
    return str(G.nodes[n].get("label") or n) if n in G else str(n)


def _edge_value(d: Mapping[str, Any], weight: str | None) -> float:
    if weight is None:
        return 1.0
    value = d.get(weight, 1 if weight == "count" else None)
    if value is None or isinstance(value, bool):
        return 0.0
    return float(value)


def to_simple(G: nx.Graph, weight: str | None = "count", *, directed: bool | None = None) -> nx.Graph:
    """A simple graph with ``weight`` summed over parallel edges (stored as ``weight``).

    Parameters
    ----------
    G : networkx.Graph
        Any graph, multigraphs included.
    weight : str or None, default "count"
        Edge attribute to sum; None counts edges.  A missing ``count`` counts 1, any other missing
        attribute 0.
    directed : bool, optional
        Directed result (default: as ``G``).  Undirected results also sum both directions.

    Examples
    --------
    >>> M = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "a")])
    >>> to_simple(M, directed=False)["a"]["b"]["weight"]
    3.0
    """
    directed = G.is_directed() if directed is None else directed
    H: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        w = _edge_value(d, weight)
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def degree(G: nx.Graph) -> dict[Any, int]:
    """Number of distinct neighbours of each node, direction ignored (self-loops not counted).

    Examples
    --------
    >>> degree(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("c", "a")]))
    {'a': 2, 'b': 1, 'c': 1}
    """
    U = to_simple(G, None, directed=False)
    return {n: sum(1 for m in U[n] if m != n) for n in U}


def event_counts(G: nx.Graph) -> dict[Any, tuple[int, int]]:
    """(events received, events initiated) per node: the sum of edge ``count`` in and out.

    Undirected graphs give (total, total).

    Examples
    --------
    >>> event_counts(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "a")]))
    {'a': (1, 2), 'b': (2, 1)}
    """
    if not G.is_directed():
        return {n: (int(v), int(v)) for n, v in G.degree(weight="count")}
    ins = dict(G.in_degree(weight="count"))
    outs = dict(G.out_degree(weight="count"))
    return {n: (int(ins[n]), int(outs[n])) for n in G}


def weighted_degree(G: nx.Graph, weight: str = "intensity") -> dict[Any, float]:
    """Sum of an edge attribute over the edges of each node (in and out).

    The default ``intensity`` is the absolute Goldstein value of an event (or its sum over a pair in
    the actor graph), so this is how much cooperation and conflict an actor takes part in.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", intensity=4.0)
    >>> _ = M.add_edge("b", "a", intensity=10.0)
    >>> weighted_degree(M)
    {'a': 14.0, 'b': 14.0}
    """
    out: dict[Any, float] = {n: 0.0 for n in G}
    for u, v, d in G.edges(data=True):
        w = _edge_value(d, weight)
        out[u] += w
        if v != u or not G.is_directed():
            out[v] += w
    return {n: round(w, 10) for n, w in out.items()}


def goldstein_balance(G: nx.Graph) -> dict[Any, float | None]:
    """Net Goldstein value of the events each node takes part in (positive: cooperative overall).

    None for nodes none of whose edges has a ``goldstein`` value.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", goldstein=4.0)
    >>> _ = M.add_edge("b", "a", goldstein=-10.0)
    >>> goldstein_balance(M)
    {'a': -6.0, 'b': -6.0}
    """
    out: dict[Any, float | None] = {n: None for n in G}
    for u, v, d in G.edges(data=True):
        g = d.get("goldstein")
        if g is None or isinstance(g, bool):
            continue
        for n in {u, v}:
            out[n] = (out[n] or 0.0) + float(g)
    return {n: (round(v, 10) if v is not None else None) for n, v in out.items()}


def betweenness(G: nx.Graph, *, normalized: bool = True) -> dict[Any, float]:
    """Betweenness centrality on the undirected simple graph, unweighted (hops).

    Normalised by ``(n-1)(n-2)/2``: the share of shortest paths between other pairs through the node.

    Examples
    --------
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    U = to_simple(G, None, directed=False)
    U.remove_edges_from(list(nx.selfloop_edges(U)))
    return nx.betweenness_centrality(U, normalized=normalized)


def pagerank(
    G: nx.Graph, weight: str | None = "count", *, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 1000
) -> dict[Any, float]:
    """PageRank by power iteration, in pure Python (no SciPy needed).

    Same definition as :func:`networkx.pagerank`: parallel edges are summed, dangling nodes spread
    their rank uniformly, undirected edges count in both directions.

    Parameters
    ----------
    G : networkx.Graph
        Any graph.
    weight : str or None, default "count"
        Edge attribute used as weight (a missing ``count`` is 1).
    alpha : float, default 0.85
        Damping factor.
    tol : float, default 1e-10
        Convergence threshold on the L1 change, per node.
    max_iter : int, default 1000
        Iteration limit; raises :class:`networkx.PowerIterationFailedConvergence` past it.

    Returns
    -------
    dict
        Node -> rank; the ranks sum to 1.

    Examples
    --------
    >>> pr = pagerank(nx.DiGraph([("a", "b"), ("b", "a")]))
    >>> round(pr["a"], 6), round(pr["b"], 6)
    (0.5, 0.5)
    """
    n = G.number_of_nodes()
    if n == 0:
        return {}
    S = to_simple(G, weight, directed=True) if G.is_directed() else to_simple(G, weight, directed=False)
    out_w: dict[Any, float] = {}
    links: dict[Any, list[tuple[Any, float]]] = defaultdict(list)
    for u in S:
        nbrs = [(v, S[u][v]["weight"]) for v in S[u] if S[u][v]["weight"] > 0]
        total = sum(w for _, w in nbrs)
        out_w[u] = total
        if total > 0:
            links[u] = [(v, w / total) for v, w in nbrs]
    nodes = list(S)
    x = {v: 1.0 / n for v in nodes}
    dangling = [u for u in nodes if out_w[u] <= 0]
    for _ in range(max_iter):
        last = x
        x = {v: 0.0 for v in nodes}
        dsum = alpha * sum(last[u] for u in dangling) / n
        for u in nodes:
            share = alpha * last[u]
            for v, p in links.get(u, ()):
                x[v] += share * p
        base = dsum + (1.0 - alpha) / n
        for v in nodes:
            x[v] += base
        if sum(abs(x[v] - last[v]) for v in nodes) < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def eigenvector(
    G: nx.Graph, weight: str | None = "count", *, max_iter: int = 1000, fallback: bool = True
) -> dict[Any, float] | None:
    """Eigenvector centrality of the undirected simple graph; PageRank when it does not converge.

    Parameters
    ----------
    G : networkx.Graph
        Any graph.
    weight : str or None, default "count"
        Edge attribute summed into the weight.
    max_iter : int, default 1000
        Power iteration limit.
    fallback : bool, default True
        Return :func:`pagerank` when the iteration fails; otherwise return None.

    Examples
    --------
    >>> ev = eigenvector(nx.star_graph(3))
    >>> max(ev, key=ev.get)
    0
    """
    if G.number_of_nodes() == 0:
        return {}
    U = to_simple(G, weight, directed=False)
    try:
        return nx.eigenvector_centrality(U, weight="weight", max_iter=max_iter, tol=1.0e-8)
    except (nx.PowerIterationFailedConvergence, nx.NetworkXError, ZeroDivisionError):
        return pagerank(G, weight) if fallback else None


def communities(
    G: nx.Graph, weight: str | None = "count", *, seed: int = 0, resolution: float = 1.0
) -> list[set[Any]]:
    """Louvain communities of the undirected simple graph (weights summed), with a fixed seed.

    Parameters
    ----------
    G : networkx.Graph
        Any graph.
    weight : str or None, default "count"
        Edge attribute summed into the weight (number of events by default).
    seed : int, default 0
        Random seed of :func:`networkx.community.louvain_communities`: same graph, same result.
    resolution : float, default 1.0
        Below 1 favours larger communities.

    Returns
    -------
    list of set
        Largest first; ties broken by the smallest node label.  Isolated nodes form singletons.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("a", "x")])
    >>> [sorted(c) for c in communities(G)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    if G.number_of_nodes() == 0:
        return []
    U = to_simple(G, weight, directed=False)
    U.remove_edges_from([(u, v) for u, v, d in U.edges(data=True) if d["weight"] <= 0])
    found = nx.community.louvain_communities(U, weight="weight", resolution=resolution, seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(_label(G, n) for n in c)))


def community_map(comms: Sequence[Iterable[Any]]) -> dict[Any, int]:
    """Node -> index of its community in ``comms``.

    Examples
    --------
    >>> community_map([{"a", "b"}, {"c"}]) == {"a": 0, "b": 0, "c": 1}
    True
    """
    return {n: i for i, c in enumerate(comms) for n in c}


def brokers(
    G: nx.Graph,
    comms: Sequence[Iterable[Any]] | None = None,
    *,
    between: Mapping[Any, float] | None = None,
    weight: str | None = "count",
    seed: int = 0,
) -> list[dict[str, Any]]:
    """Nodes whose edges reach more than one community, ranked by betweenness.

    Parameters
    ----------
    G : networkx.Graph
        Any graph.
    comms : sequence of sets, optional
        Communities (default: :func:`communities` of ``G`` with ``weight`` and ``seed``).
    between : mapping, optional
        Precomputed :func:`betweenness`.

    Returns
    -------
    list of dict
        ``{"node", "label", "community", "communities" (number of communities its edges reach, its own
        included), "betweenness", "cross_edges" (neighbours in other communities)}``, by betweenness
        descending, then communities reached, then label.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("a", "x")])
    >>> [b["node"] for b in brokers(G)]
    ['a', 'x']
    """
    comms = communities(G, weight, seed=seed) if comms is None else comms
    cmap = community_map(comms)
    between = betweenness(G) if between is None else between
    U = to_simple(G, None, directed=False)
    rows = []
    for n in U:
        own = cmap.get(n)
        reached = {cmap.get(m) for m in U[n] if m != n}
        cross = sum(1 for m in U[n] if m != n and cmap.get(m) != own)
        if len(reached | {own}) > 1:
            rows.append(
                {
                    "node": n,
                    "label": _label(G, n),
                    "community": own,
                    "communities": len(reached | {own}),
                    "betweenness": between.get(n, 0.0),
                    "cross_edges": cross,
                }
            )
    rows.sort(key=lambda r: (-r["betweenness"], -r["communities"], r["label"]))
    return rows


def reciprocity(G: nx.Graph) -> list[dict[str, Any]]:
    """Per unordered actor pair: events each way, reciprocity and cooperation/conflict balance.

    Parameters
    ----------
    G : networkx.MultiDiGraph or networkx.DiGraph
        An interaction graph (edges with ``goldstein``) or a collapsed actor graph (edges with
        ``count``, ``coop_weight``, ``conflict_weight``...).

    Returns
    -------
    list of dict
        One row per pair ``a`` < ``b`` (by label): ``a``, ``b`` (labels), ``a_iri``, ``b_iri``,
        ``a_to_b``, ``b_to_a`` (event counts), ``reciprocity`` (``min/max`` of the two counts: 1 when
        balanced, 0 when one-way), ``goldstein_a_to_b``, ``goldstein_b_to_a`` (sums), ``coop``,
        ``conflict`` (events with Goldstein > 0 / < 0, both ways), ``balance``
        (``(coop_weight - conflict_weight) / (coop_weight + conflict_weight)``, 0 when both are 0).
        Sorted by total events descending, then labels.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", goldstein=4.0)
    >>> _ = M.add_edge("b", "a", goldstein=-10.0)
    >>> r = reciprocity(M)[0]
    >>> r["a_to_b"], r["b_to_a"], r["reciprocity"], round(r["balance"], 4)
    (1, 1, 1.0, -0.4286)
    """
    if not G.is_directed():
        raise nx.NetworkXError("reciprocity needs a directed graph")
    pairs: dict[tuple[Any, Any], dict[str, Any]] = {}
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        a, b = sorted((u, v), key=lambda n: (_label(G, n), str(n)))
        row = pairs.get((a, b))
        if row is None:
            row = pairs[(a, b)] = {
                "a": _label(G, a),
                "b": _label(G, b),
                "a_iri": a,
                "b_iri": b,
                "a_to_b": 0,
                "b_to_a": 0,
                "goldstein_a_to_b": 0.0,
                "goldstein_b_to_a": 0.0,
                "coop": 0,
                "conflict": 0,
                "_cw": 0.0,
                "_fw": 0.0,
            }
        way = "a_to_b" if u == a else "b_to_a"
        if "coop_weight" in d:  # a collapsed actor graph edge
            row[way] += int(d.get("count", 1))
            row["goldstein_" + way] += float(d.get("goldstein") or 0.0)
            row["coop"] += int(d.get("coop", 0))
            row["conflict"] += int(d.get("conflict", 0))
            row["_cw"] += float(d.get("coop_weight", 0.0))
            row["_fw"] += float(d.get("conflict_weight", 0.0))
        else:
            row[way] += int(d.get("count", 1))
            g = d.get("goldstein")
            if g is not None and not isinstance(g, bool):
                row["goldstein_" + way] += float(g)
                if g > 0:
                    row["coop"] += 1
                    row["_cw"] += g
                elif g < 0:
                    row["conflict"] += 1
                    row["_fw"] += -g
    out = []
    for row in pairs.values():
        hi, lo = max(row["a_to_b"], row["b_to_a"]), min(row["a_to_b"], row["b_to_a"])
        row["reciprocity"] = lo / hi if hi else 0.0
        cw, fw = row.pop("_cw"), row.pop("_fw")
        row["balance"] = (cw - fw) / (cw + fw) if cw + fw else 0.0
        row["goldstein_a_to_b"] = round(row["goldstein_a_to_b"], 10)
        row["goldstein_b_to_a"] = round(row["goldstein_b_to_a"], 10)
        out.append(row)
    out.sort(key=lambda r: (-(r["a_to_b"] + r["b_to_a"]), r["a"], r["b"]))
    return out


def _event_records(G: nx.Graph) -> list[dict[str, Any]]:
    """Event records from event nodes (claim graph) or from edges carrying ``event`` (interaction)."""
    seen: dict[str, dict[str, Any]] = {}
    for _, d in G.nodes(data=True):
        if d.get("kind") == "event" and d.get("event"):
            seen.setdefault(d["event"], dict(d))
    if not seen:
        for u, v, d in G.edges(data=True):
            if d.get("event") and isinstance(d["event"], str):
                rec = seen.setdefault(d["event"], dict(d, agents=[], targets=[]))
                if u not in rec["agents"]:
                    rec["agents"].append(u)
                if v not in rec["targets"]:
                    rec["targets"].append(v)
    return list(seen.values())


def contested(G: nx.Graph, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The most contested claims: disputed events ranked by disputing claims, then their sources.

    Parameters
    ----------
    G : networkx.Graph
        A claim graph (event nodes) or an interaction graph (event edges).
    limit : int, optional
        Keep the first ``limit`` rows.

    Returns
    -------
    list of dict
        ``{"event", "class", "summary", "date", "article", "sources", "disputing_claims",
        "disputing_sources", "deniers", "sentence"}`` by ``disputing_claims`` descending, then
        ``disputing_sources`` descending, then date and event IRI.  Counts are distinct claims and
        distinct source agents; ``deniers`` are the labels of the denials' agents.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", event="e1", cls="Talks", disputed=True, disputed_by=["c2", "c3"],
    ...                dispute_sources=["s"], deniers=[], sort_date="2024-01-01")
    >>> [(r["event"], r["disputing_claims"]) for r in contested(G)]
    [('e1', 2)]
    """
    rows = []
    for rec in _event_records(G):
        if not rec.get("disputed"):
            continue
        names = _participant_labels(G, rec)
        agents = ", ".join(names[a] for a in rec.get("agents") or ())
        targets = ", ".join(names[t] for t in rec.get("targets") or ())
        rows.append(
            {
                "event": rec["event"],
                "class": rec.get("cls"),
                "summary": rec.get("label") or f"{rec.get('cls')}: {agents}" + (f" -> {targets}" if targets else ""),
                "date": rec.get("date") or rec.get("sort_date") or None,
                "article": rec.get("article_id") or rec.get("article"),
                "sources": list(rec.get("sources") or []),
                "disputing_claims": len(rec.get("disputed_by") or ()),
                "disputing_sources": len(rec.get("dispute_sources") or ()),
                "deniers": list(rec.get("denier_labels") or [_label(G, d) for d in rec.get("deniers") or ()]),
                "sentence": rec.get("sentence"),
                "_sort": rec.get("sort_date") or "",
            }
        )
    rows.sort(key=lambda r: (-r["disputing_claims"], -r["disputing_sources"], r["_sort"], r["event"]))
    for r in rows:
        del r["_sort"]
    return rows[:limit] if limit is not None else rows


def _participant_labels(G: nx.Graph, rec: Mapping[str, Any]) -> dict[Any, str]:
    """Labels of an event's agents and targets: from the graph, else from the record."""
    names: dict[Any, str] = {}
    for key in ("agents", "targets"):
        given = list(rec.get(key[:-1] + "_labels") or ())
        for i, n in enumerate(rec.get(key) or ()):
            if n in G and G.nodes[n].get("label"):
                names[n] = str(G.nodes[n]["label"])
            else:
                names[n] = str(given[i]) if i < len(given) else str(n)
    return names


def timelines(G: nx.Graph) -> dict[Any, list[dict[str, Any]]]:
    """Each actor's events in date order.

    Parameters
    ----------
    G : networkx.Graph
        A claim graph (all events, targetless ones included) or an interaction graph (only events
        with a target).

    Returns
    -------
    dict
        Actor node -> list of ``{"event", "date", "sort_date", "class", "role" ("agent" or "target"),
        "with" (labels of the other participants), "goldstein", "article", "disputed", "negated",
        "sentence"}`` sorted by ``sort_date`` (first day of the event's date, else of its report or
        article date) then event IRI.  Actors are keyed by node; an event where the actor is both agent
        and target appears once, as agent.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", event="e2", cls="Threat", sort_date="2024-02-01")
    >>> _ = M.add_edge("b", "a", event="e1", cls="Aid", sort_date="2024-01-01")
    >>> [e["event"] for e in timelines(M)["a"]]
    ['e1', 'e2']
    """
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for rec in _event_records(G):
        agents, targets = list(rec.get("agents") or ()), list(rec.get("targets") or ())
        names = _participant_labels(G, rec)
        for role, who in (("agent", agents), ("target", targets)):
            for actor in who:
                if role == "target" and actor in agents:
                    continue
                others = [names[o] for o in agents + targets if o != actor]
                out[actor].append(
                    {
                        "event": rec["event"],
                        "date": rec.get("date"),
                        "sort_date": rec.get("sort_date") or "",
                        "class": rec.get("cls"),
                        "role": role,
                        "with": list(dict.fromkeys(others)),
                        "goldstein": rec.get("goldstein"),
                        "article": rec.get("article_id") or rec.get("article"),
                        "disputed": bool(rec.get("disputed")),
                        "negated": bool(rec.get("negated")),
                        "sentence": rec.get("sentence"),
                    }
                )
    for items in out.values():
        items.sort(key=lambda e: (e["sort_date"], e["event"]))
    return dict(out)


def timeline_rows(G: nx.Graph, tl: Mapping[Any, list[dict[str, Any]]] | None = None) -> list[dict[str, Any]]:
    """:func:`timelines` flattened into table rows (``actor`` label first), actors by label.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_node("a", label="Alpha")
    >>> _ = M.add_edge("a", "b", event="e1", cls="Aid", sort_date="2024-01-01")
    >>> [(r["actor"], r["role"]) for r in timeline_rows(M)]
    [('Alpha', 'agent'), ('b', 'target')]
    """
    tl = timelines(G) if tl is None else tl
    names: dict[Any, str] = {}
    for rec in _event_records(G):
        names.update(_participant_labels(G, rec))
    rows = []
    label = lambda n: names.get(n) or _label(G, n)  # noqa: E731
    for actor in sorted(tl, key=lambda n: (label(n), str(n))):
        for e in tl[actor]:
            rows.append({"actor": label(actor), **{k: v for k, v in e.items() if k != "sort_date"}})
    return rows


def metrics_table(
    G: nx.Graph,
    *,
    weight: str | None = "count",
    strength: str = "intensity",
    seed: int = 0,
    resolution: float = 1.0,
    comms: Sequence[Iterable[Any]] | None = None,
) -> list[dict[str, Any]]:
    """One row of metrics per node.

    Parameters
    ----------
    G : networkx.Graph
        Any projection (usually :func:`~kg.analysis.projections.interaction_graph` or
        :func:`~kg.analysis.projections.actor_graph`).
    weight : str or None, default "count"
        Edge attribute weighting PageRank, eigenvector centrality and communities (events by default).
    strength : str, default "intensity"
        Edge attribute summed into ``weighted_degree`` (absolute Goldstein values by default).
    seed, resolution
        Louvain parameters (see :func:`communities`).
    comms : sequence of sets, optional
        Precomputed communities.

    Returns
    -------
    list of dict
        Columns ``node``, ``label``, ``kind``, ``country``, ``degree`` (distinct neighbours),
        ``events_in``, ``events_out``, ``events``, ``weighted_degree``, ``goldstein`` (net Goldstein,
        see :func:`goldstein_balance`), ``betweenness``, ``pagerank``, ``eigenvector``, ``community``,
        ``broker``; sorted by PageRank descending, then label.

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_node("a", label="Alpha", kind="Country")
    >>> M.add_node("b", label="Beta", kind="Country")
    >>> _ = M.add_edge("a", "b", goldstein=-4.0, intensity=4.0, count=1)
    >>> row = {r["label"]: r for r in metrics_table(M)}["Alpha"]
    >>> row["degree"], row["events_out"], row["weighted_degree"], row["goldstein"]
    (1, 1, 4.0, -4.0)
    """
    comms = communities(G, weight, seed=seed, resolution=resolution) if comms is None else comms
    cmap = community_map(comms)
    deg = degree(G)
    counts = event_counts(G)
    wdeg = weighted_degree(G, strength)
    gold = goldstein_balance(G)
    btw = betweenness(G)
    pr = pagerank(G, weight)
    ev = eigenvector(G, weight, fallback=False) or {}
    broker_nodes = {b["node"] for b in brokers(G, comms, between=btw)}
    rows = []
    for n, d in G.nodes(data=True):
        ins, outs = counts.get(n, (0, 0))
        rows.append(
            {
                "node": n,
                "label": _label(G, n),
                "kind": d.get("kind"),
                "country": d.get("country"),
                "degree": deg.get(n, 0),
                "events_in": ins if G.is_directed() else None,
                "events_out": outs if G.is_directed() else None,
                "events": ins + outs if G.is_directed() else ins,
                "weighted_degree": wdeg.get(n, 0.0),
                "goldstein": gold.get(n),
                "betweenness": btw.get(n, 0.0),
                "pagerank": pr.get(n, 0.0),
                "eigenvector": ev.get(n),
                "community": cmap.get(n),
                "broker": n in broker_nodes,
            }
        )
    rows.sort(key=lambda r: (-r["pagerank"], r["label"]))
    return rows


# -- output ----------------------------------------------------------------------------------------


def _cell(value: Any, *, digits: int = 4) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{round(value, digits):g}" if abs(value) < 1e6 else f"{value:.{digits}g}"
    if isinstance(value, (list, tuple, set)):
        return "; ".join(_cell(v, digits=digits) for v in value)
    return str(value)


def _columns(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (set, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def write_table(
    rows: Sequence[Mapping[str, Any]],
    fmt: TableFormat = "table",
    out: IO[str] | None = None,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> str:
    """Write rows as a terminal table (rich), CSV or JSON.

    Parameters
    ----------
    rows : sequence of mappings
        E.g. :func:`metrics_table` output.
    fmt : {"table", "csv", "json"}, default "table"
        ``table`` draws a rich table (colour only on a terminal); ``csv`` joins list cells with
        ``"; "``; ``json`` writes a list of objects.
    out : text stream, optional
        Where to write (default: standard output).
    columns : sequence of str, optional
        Columns to show, in order (default: every key, in first-seen order).
    title : str, optional
        Table title (``table`` format only).

    Returns
    -------
    str
        The text written.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> _ = write_table([{"label": "Russia", "degree": 3, "pagerank": 0.25}], "csv", buf)
    >>> buf.getvalue().splitlines()
    ['label,degree,pagerank', 'Russia,3,0.25']
    """
    stream = sys.stdout if out is None else out
    cols = _columns(rows, columns)
    if fmt == "json":
        text = json.dumps([{c: _json_value(r.get(c)) for c in cols} for r in rows], indent=2, ensure_ascii=False)
        text += "\n"
        stream.write(text)
        return text
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow([_cell(r.get(c), digits=10) for c in cols])
        text = buf.getvalue()
        stream.write(text)
        return text
    if fmt != "table":
        raise ValueError(f"unknown table format {fmt!r} (table, csv or json)")
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in cols:
        numeric = any(isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool) for r in rows)
        table.add_column(c, justify="right" if numeric else "left", overflow="fold")
    for r in rows:
        table.add_row(*[_cell(r.get(c)) for c in cols])
    is_tty = bool(getattr(stream, "isatty", lambda: False)())
    console = Console(file=stream, force_terminal=None if is_tty else False, width=None if is_tty else 200)
    with console.capture() as cap:
        console.print(table)
    text = cap.get()
    stream.write(text)
    return text
