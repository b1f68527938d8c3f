"""``kg analyze``: every metric of a store as named tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import IO, Any

from kg.analysis import metrics, projections
from kg.analysis.metrics import TableFormat
from kg.store import KGStore

__all__ = ["TABLES", "analyze", "write_report"]

#: Names of the tables :func:`analyze` returns, in print order.
TABLES: tuple[str, ...] = ("actors", "pairs", "communities", "brokers", "contested", "timelines")

#: Columns printed in the terminal for each table (CSV and JSON get every column).
TERMINAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "actors": (
        "label", "kind", "degree", "events_in", "events_out", "weighted_degree", "goldstein",
        "betweenness", "pagerank", "eigenvector", "community", "broker",
    ),
    "pairs": ("a", "b", "a_to_b", "b_to_a", "reciprocity", "goldstein_a_to_b", "goldstein_b_to_a", "coop",
              "conflict", "balance"),
    "communities": ("community", "size", "members"),
    "brokers": ("label", "community", "communities", "cross_edges", "betweenness"),
    "contested": ("summary", "date", "article", "sources", "disputing_claims", "disputing_sources", "deniers"),
    "timelines": ("actor", "date", "class", "role", "with", "goldstein", "article", "disputed"),
}


def analyze(
    store: KGStore,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    classes: Iterable[str] | None = None,
    actors: Iterable[str] | str | None = None,
    radius: int | None = None,
    min_weight: float | None = None,
    include_negated: bool = False,
    seed: int = 0,
    resolution: float = 1.0,
    limit: int | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Compute every table of ``kg analyze``.

    Parameters
    ----------
    store : KGStore
        The store to analyse.
    since, until, classes, actors, radius
        Filters, as for :func:`kg.analysis.projections.interaction_graph`.
    min_weight : float, optional
        Drop actor pairs with fewer events than this before computing the actor metrics.
    include_negated : bool, default False
        Count events reported as not having happened (``geo:negated``, e.g. "the US has not started
        any talks with Russia") in the actor, pair, community and broker tables, as
        :func:`~kg.analysis.projections.collapse` does with the same flag.  By default they are left
        out there (they still appear, flagged, in the timelines and the contested claims).
    seed, resolution
        Louvain parameters.
    limit : int, optional
        Keep only the first ``limit`` rows of each table.

    Returns
    -------
    dict
        ``{"actors", "pairs", "communities", "brokers", "contested", "timelines"}`` -> rows:
        :func:`~kg.analysis.metrics.metrics_table` of the interaction graph,
        :func:`~kg.analysis.metrics.reciprocity` of its pairs, the Louvain communities,
        :func:`~kg.analysis.metrics.brokers`, :func:`~kg.analysis.metrics.contested` and
        :func:`~kg.analysis.metrics.timeline_rows` of the claim graph.

    Examples
    --------
    >>> sorted(analyze(KGStore(None)))
    ['actors', 'brokers', 'communities', 'contested', 'pairs', 'timelines']
    """
    filt = dict(since=since, until=until, classes=classes, actors=actors, radius=radius)
    G = projections.interaction_graph(store, **filt)
    if not include_negated:
        G = G.edge_subgraph([(u, v, k) for u, v, k, neg in G.edges(keys=True, data="negated") if not neg]).copy()
    if min_weight is not None:
        from kg.analysis import filters

        G = filters.min_pair_events(G, min_weight)
    comms = metrics.communities(G, "count", seed=seed, resolution=resolution)
    between = metrics.betweenness(G)
    C = projections.claim_graph(store, **filt)
    report: dict[str, list[dict[str, Any]]] = {
        "actors": metrics.metrics_table(G, comms=comms, seed=seed, resolution=resolution),
        "pairs": metrics.reciprocity(G),
        "communities": [
            {
                "community": i,
                "size": len(c),
                "members": sorted(G.nodes[n].get("label") or str(n) for n in c),
            }
            for i, c in enumerate(comms)
        ],
        "brokers": metrics.brokers(G, comms, between=between),
        "contested": metrics.contested(C),
        "timelines": metrics.timeline_rows(C),
    }
    if limit is not None:
        report = {k: v[:limit] for k, v in report.items()}
    return report


def write_report(
    report: Mapping[str, Sequence[Mapping[str, Any]]],
    fmt: TableFormat = "table",
    out: IO[str] | None = None,
    *,
    tables: Sequence[str] | None = None,
) -> None:
    """Write the tables of :func:`analyze`.

    ``table`` prints one titled terminal table per section (a selection of columns); ``csv`` writes
    each section after a ``# name`` line (pass one name in ``tables`` for a plain CSV file); ``json``
    writes one object ``{name: rows}``.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> write_report({"pairs": [{"a": "Russia", "b": "Ukraine"}]}, "csv", buf, tables=["pairs"])
    >>> buf.getvalue()
    'a,b\\nRussia,Ukraine\\n'
    """
    import json
    import sys

    stream = sys.stdout if out is None else out
    names = [t for t in (tables or TABLES) if t in report]
    if fmt == "json":
        payload = {
            name: [{k: metrics._json_value(v) for k, v in row.items()} for row in report[name]] for name in names
        }
        stream.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    for i, name in enumerate(names):
        rows = report[name]
        if fmt == "csv":
            if len(names) > 1:
                stream.write(("\n" if i else "") + f"# {name}\n")
            metrics.write_table(rows, "csv", stream)
        else:
            cols = [c for c in TERMINAL_COLUMNS.get(name, ()) if any(c in r for r in rows)] or None
            if not rows:
                stream.write(f"{name}: none\n")
                continue
            metrics.write_table(rows, "table", stream, columns=cols, title=name)
