"""Filters applied to graphs (the projections apply the same predicates to the event records)."""

from __future__ import annotations

from datetime import date

import networkx as nx

from kg.analysis import filters
from kg.analysis.projections import actor_graph, claim_graph, interaction_graph
from kg.store import KGStore

ID = "https://w3id.org/geokg/id/"
AL, AN, AA = ID + "actor/Q1001", ID + "actor/Q1002", ID + "actor/name-alpha-army"
BE, BR, RB = ID + "actor/Q2001", ID + "actor/Q2002", ID + "actor/name-beta-rebels"


def ev(name: str) -> str:
    return ID + "event/" + name


def test_in_window_granularities() -> None:
    year = {"begin": "2024-01-01", "end": "2024-12-31"}
    assert filters.in_window(year, since="2024-06-01", until="2024-06-30")
    assert not filters.in_window(year, since="2025")
    assert filters.in_window({"begin": "2024-02-29", "end": "2024-02-29"}, until="2024-02")
    assert not filters.in_window({"begin": "2024-03-01", "end": "2024-03-01"}, until="2024-02")
    assert filters.in_window({"sort_date": "2024-02-28"}, since=date(2024, 2, 28), until=date(2024, 2, 28))
    assert filters.in_window({}, None, None) and not filters.in_window({}, since="2024")


def test_time_window_on_graphs(small_store: KGStore) -> None:
    G = interaction_graph(small_store)
    jan = filters.time_window(G, since="2024-01-01", until="2024-01-31")
    # A/1, A/2, A/4 and the year-long B/3
    assert sorted(k for _, _, k in jan.edges(keys=True)) == [ev("A/1"), ev("A/2"), ev("A/4"), ev("B/3")]
    assert BR not in jan  # lost all its edges
    assert G.number_of_edges() == 10  # input untouched
    A = filters.time_window(actor_graph(small_store), since="2024-02-25")
    # C/2, C/3 (its report date), B/2 (all February), B/3 (all 2024)
    assert sorted(A.edges()) == sorted([(BE, AL), (AA, AL), (BR, RB), (RB, BE)])
    C = filters.time_window(claim_graph(small_store), since="2024-03-01")
    # the undated denials of article C (2024-03-01) and B/3, dated "2024"
    assert {n for n, d in C.nodes(data=True) if d["kind"] == "event"} == {ev("C/4"), ev("C/5"), ev("C/6"), ev("B/3")}


def test_event_classes(small_store: KGStore) -> None:
    G = filters.event_classes(interaction_graph(small_store), ["geo:Threat", "militaryaction"])
    assert sorted(k for _, _, k in G.edges(keys=True)) == [ev("B/4"), ev("C/2")]
    assert set(G) == {AL, BE}
    C = filters.event_classes(claim_graph(small_store), "Denial")
    assert {n for n, d in C.nodes(data=True) if d["kind"] == "event"} == {ev(x) for x in ("B/5", "C/4", "C/5", "C/6")}


def test_match_and_ego(small_store: KGStore) -> None:
    G = interaction_graph(small_store)
    assert filters.match_actors(G, ["the alphan president"]) == {AN}
    assert filters.match_actors(G, [AL, "Q2001", "http://www.wikidata.org/entity/Q2002"]) == {AL, BE, BR}
    assert filters.match_actors(G, "nobody") == set()
    E = filters.ego(G, ["Alpha Army"], radius=1)
    assert set(E) == {AA, AL, AN}
    assert E.number_of_edges() == 4  # A/1, A/2, A/4, C/3: all edges among them
    assert set(filters.ego(G, ["Alpha Army"], radius=2)) == {AA, AL, AN, BE, BR}
    assert filters.ego(G, "nobody").number_of_nodes() == 0


def test_min_weight(small_store: KGStore) -> None:
    A = actor_graph(small_store)
    assert filters.min_weight(A, 2).number_of_edges() == 0  # every ordered pair has one event
    assert sorted(filters.min_weight(A, 5, weight="goldstein", absolute=True).edges()) == sorted(
        [(AL, AA), (BR, RB), (BE, AL)]
    )
    assert sorted(filters.min_weight(A, 5, weight="goldstein").edges()) == sorted([(AL, AA), (BR, RB)])
    M = nx.MultiDiGraph()
    M.add_edge("a", "b", count=1)
    M.add_edge("c", "d", count=3)
    assert sorted(filters.min_weight(M, 2).nodes()) == ["c", "d"]
