"""Analysis of the knowledge graph: projections into networkx graphs, filters, metrics, reports.

Examples
--------
>>> from kg.store import KGStore
>>> from kg.analysis import interaction_graph, metrics_table
>>> metrics_table(interaction_graph(KGStore(None)))
[]
"""

from kg.analysis.filters import ego, event_classes, in_window, match_actors, min_weight, time_window
from kg.analysis.metrics import (
    betweenness,
    brokers,
    communities,
    contested,
    degree,
    eigenvector,
    metrics_table,
    pagerank,
    reciprocity,
    timeline_rows,
    timelines,
    weighted_degree,
    write_table,
)
from kg.analysis.projections import (
    actor_article_graph,
    actor_graph,
    claim_graph,
    collapse,
    events,
    interaction_graph,
)
from kg.analysis.report import analyze, write_report

__all__ = [
    "actor_article_graph",
    "actor_graph",
    "analyze",
    "betweenness",
    "brokers",
    "claim_graph",
    "collapse",
    "communities",
    "contested",
    "degree",
    "ego",
    "eigenvector",
    "event_classes",
    "events",
    "in_window",
    "interaction_graph",
    "match_actors",
    "metrics_table",
    "min_weight",
    "pagerank",
    "reciprocity",
    "time_window",
    "timeline_rows",
    "timelines",
    "weighted_degree",
    "write_report",
    "write_table",
]
