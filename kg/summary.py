"""Counts that describe a store at a glance."""

from __future__ import annotations

from typing import Any

from kg.store import KGStore


def summary(store: KGStore) -> dict[str, Any]:
    """Articles, actors, claims, events per class, disputed events and quads.

    Examples
    --------
    >>> summary(KGStore(None))["events"]
    0
    """
    def count(q: str) -> int:
        return int(store.select(q)[0]["n"] or 0)

    per_class = store.select(
        "SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a geo:Event, ?type } "
        "FILTER(?type != geo:Event && STRSTARTS(STR(?type), STR(geo:))) } GROUP BY ?type ORDER BY DESC(?n)"
    )
    return {
        "articles": count("SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }"),
        "actors": count("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a geo:Actor }"),
        "claims": count("SELECT (COUNT(?c) AS ?n) WHERE { ?c a geo:Claim }"),
        "events": count("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a geo:Event } }"),
        "events_by_class": {str(r["type"]).rsplit("#", 1)[-1]: r["n"] for r in per_class},
        "disputed_events": count(
            "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?c1 { ?e a geo:Event } GRAPH ?c2 { ?d geo:denies ?e } FILTER(?c1 != ?c2) }"
        ),
        "quads": store.triple_count(),
    }
