"""Projections of fixtures/small.trig, checked against values worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis import projections
from kg.analysis.projections import actor_article_graph, actor_graph, claim_graph, collapse, events, interaction_graph
from kg.store import KGStore

ID = "https://w3id.org/geokg/id/"
AL, AN, AA = ID + "actor/Q1001", ID + "actor/Q1002", ID + "actor/name-alpha-army"
BE, BR, RB = ID + "actor/Q2001", ID + "actor/Q2002", ID + "actor/name-beta-rebels"
GZ, S1 = ID + "actor/Q3001", ID + "source/C/1"


def ev(name: str) -> str:
    return ID + "event/" + name


def test_events_records(small_store: KGStore) -> None:
    recs = {r["event"]: r for r in events(small_store)}
    assert len(recs) == 15
    a2 = recs[ev("A/2")]
    assert a2["cls"] == "Aid" and a2["cameo"] == "070" and a2["goldstein"] == 7.0
    assert (a2["date"], a2["begin"], a2["end"], a2["granularity"]) == ("2024-01", "2024-01-01", "2024-01-31", "month")
    assert a2["article_id"] == "A" and a2["article_title"] == "Alphaland and its army"
    assert a2["sentence"] == "In January Alphaland sent aid to the Alpha Army."
    # sources ordered by geo:order although the attributions are listed in the other order
    assert recs[ev("B/4")]["sources"] == ["Bruno Berg", "The Gazette"]
    assert recs[ev("C/1")]["sources"] == ["two officials", "The Gazette"]
    assert recs[ev("C/3")]["sources"] == []
    # undated events fall back on the claim's report date, then on the article's date
    assert recs[ev("C/3")]["sort_date"] == "2024-02-28" and recs[ev("C/3")]["date"] is None
    assert recs[ev("C/4")]["sort_date"] == "2024-03-01"
    assert recs[ev("B/3")]["granularity"] == "year" and recs[ev("B/3")]["end"] == "2024-12-31"


def test_disputed_only_across_claims(small_store: KGStore) -> None:
    recs = {r["event"]: r for r in events(small_store)}
    disputed = {e for e, r in recs.items() if r["disputed"]}
    assert disputed == {ev("C/1"), ev("B/4")}
    c1 = recs[ev("C/1")]
    assert c1["disputed_by"] == [ID + "claim/C/3", ID + "claim/C/4"]
    assert c1["deniers"] == [AN, BR] and c1["denier_labels"] == ["Anna Adler", "Bruno Berg"]
    assert sorted(c1["dispute_sources"]) == sorted([AN, BR])
    b4 = recs[ev("B/4")]
    # B/5 denies B/4 inside the same claim graph: not a dispute
    assert b4["disputed_by"] == [ID + "claim/C/5"] and b4["n_disputes"] == 1
    assert b4["deniers"] == [RB] and b4["dispute_sources"] == [S1]


def test_interaction_graph(small_store: KGStore) -> None:
    G = interaction_graph(small_store)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G) == {AL, AN, AA, BE, BR, RB}  # no publisher, no source, no targetless event
    assert G.number_of_edges() == 10
    assert G.nodes[AN]["label"] == "Anna Adler"
    assert G.nodes[AN]["kind"] == "Person"
    assert G.nodes[AN]["country"] == "ALP"
    assert G.nodes[AN]["cameo"] == "ALPGOV"
    assert G.nodes[AN]["wikidata"] == "Q1002"
    assert sorted(G.nodes[AN]["aliases"]) == ["Adler", "the Alphan president"]
    assert G.nodes[AA]["wikidata"] is None
    e = G.edges[AL, BE, ev("B/4")]
    assert (e["cls"], e["cameo"], e["goldstein"], e["date"], e["article"], e["disputed"]) == (
        "Threat", "130", -4.4, "2024-02-03", ID + "article/B", True
    )
    assert e["sources"] == ["Bruno Berg", "The Gazette"]
    assert not G.edges[BE, AL, ev("C/2")]["disputed"]
    assert G.edges[AN, BR, ev("C/1")]["disputed"]
    # direction agent -> target
    assert G.has_edge(AA, AL) and G.has_edge(AL, AA) and not G.has_edge(AL, AN)


def test_actor_kind_priority(small_store: KGStore) -> None:
    info = projections.actors(small_store)
    assert info[GZ]["kind"] == "MediaOrganization"  # typed Organization too
    assert info[S1]["kind"] == "AnonymousSource" and info[S1]["anonymous"] is True
    assert info[S1]["count"] == 2 and info[S1]["affiliation"] == BE


def test_actor_graph_weights(small_store: KGStore) -> None:
    A = actor_graph(small_store)
    assert isinstance(A, nx.DiGraph) and A.number_of_edges() == 10
    d = A[AL][BE]
    assert (d["count"], d["coop"], d["conflict"], d["intensity"], d["balance"], d["disputed"]) == (1, 0, 1, 4.4, -1.0, 1)
    assert d["goldstein"] == pytest.approx(-4.4) and d["classes"] == ["Threat"]
    d = A[AL][AA]
    assert (d["count"], d["goldstein"], d["coop"], d["coop_weight"], d["balance"]) == (1, 7.0, 1, 7.0, 1.0)
    # minimum weight on the intensity (sum of |Goldstein|): AL->AA 7, BR->RB 7, BE->AL 10
    strong = actor_graph(small_store, min_weight=5, weight="intensity")
    assert sorted(strong.edges()) == sorted([(AL, AA), (BR, RB), (BE, AL)])
    assert strong.graph["filters"]["min_weight"] == 5


def test_collapse_mixed_pair() -> None:
    M = nx.MultiDiGraph()
    M.add_edge("a", "b", goldstein=7.0, cls="Aid", event="e1", begin="2024-01-01", end="2024-01-31")
    M.add_edge("a", "b", goldstein=-4.0, cls="Rejection", event="e2", disputed=True, sort_date="2024-02-28")
    M.add_edge("a", "b", goldstein=None, cls="Statement", event="e3")
    M.add_edge("a", "b", goldstein=-10.0, cls="MilitaryAction", event="e4", negated=True)
    d = collapse(M)["a"]["b"]
    assert (d["count"], d["coop"], d["conflict"], d["neutral"]) == (3, 1, 1, 1)
    assert d["goldstein"] == 3.0 and d["mean_goldstein"] == 1.5
    assert d["balance"] == pytest.approx(3 / 11)
    assert (d["begin"], d["end"], d["disputed"]) == ("2024-01-01", "2024-02-28", 1)
    assert d["classes"] == ["Aid", "Rejection", "Statement"]
    assert collapse(M, include_negated=True)["a"]["b"]["count"] == 4


def test_claim_graph(small_store: KGStore) -> None:
    C = claim_graph(small_store)
    events_ = {n for n, d in C.nodes(data=True) if d["kind"] == "event"}
    assert len(events_) == 15  # targetless events included
    assert C.nodes[ev("A/3")]["label"] == "Statement: Anna Adler"
    assert C.nodes[ev("C/1")]["label"] == "Talks: Anna Adler -> Bruno Berg"
    assert C.has_edge(GZ, ev("A/1"), key="asserts")
    assert C.edges[BR, ev("B/4"), "asserts"]["order"] == 0
    assert C.edges[GZ, ev("B/4"), "asserts"]["role"] == "MediaRole"
    assert C.has_edge(S1, ev("C/1"), key="asserts")
    # who disputes which event
    disputes = sorted((u, v) for u, v, k in C.edges(keys=True) if k == "disputes")
    assert disputes == sorted([(AN, ev("C/1")), (BR, ev("C/1")), (RB, ev("B/4"))])
    # a claim with no attribution and no publisher is asserted by its article
    assert C.has_edge(ID + "article/C", ev("C/3"), key="asserts")
    assert C.nodes[ID + "article/C"]["kind"] == "article"


def test_actor_article_graph(small_store: KGStore) -> None:
    B = actor_article_graph(small_store)
    art = ID + "article/"
    assert B[AL][art + "A"]["weight"] == 2 and B[AL][art + "B"]["weight"] == 2 and B[AL][art + "C"]["weight"] == 2
    assert B[AN][art + "A"]["weight"] == 3  # A/1, A/3 (no target), A/4
    assert B[S1][art + "C"]["mentioned"] is True and B[S1][art + "C"]["weight"] == 0
    assert B.nodes[art + "B"]["bipartite"] == 1 and B.nodes[AL]["bipartite"] == 0
    assert B.nodes[art + "B"]["label"] == "Betania under threat"
    assert nx.is_bipartite(B)
    no_mentions = actor_article_graph(small_store, mentions=False)
    assert S1 not in no_mentions
    strong = actor_article_graph(small_store, min_weight=3)
    # Anna Adler in A (A/1, A/3, A/4), Betania in B (B/1, B/3, B/4)
    assert {frozenset(e) for e in strong.edges()} == {frozenset((AN, art + "A")), frozenset((BE, art + "B"))}


def test_projection_filters(small_store: KGStore) -> None:
    feb = interaction_graph(small_store, since="2024-02-01", until="2024-02-29")
    assert sorted(k for _, _, k in feb.edges(keys=True)) == sorted(
        ev(x) for x in ("B/1", "B/2", "B/3", "B/4", "C/1", "C/2", "C/3")
    )
    coop = interaction_graph(small_store, classes=["Cooperation"])
    assert sorted(k for _, _, k in coop.edges(keys=True)) == [ev("A/1"), ev("B/1"), ev("B/3")]
    berg = interaction_graph(small_store, actors=["Berg"], radius=1)
    assert set(berg) == {BR, BE, RB, AN}
    assert sorted(k for _, _, k in berg.edges(keys=True)) == [ev("B/1"), ev("B/2"), ev("B/3"), ev("C/1")]
    assert set(interaction_graph(small_store, actors="wd:Q2002", radius=0)) == set()  # no edge BR-BR
    two = interaction_graph(small_store, actors=["Q1001"], radius=2)
    assert set(two) == {AL, AN, AA, BE, BR, RB}
    claims = claim_graph(small_store, actors=["Adler"], radius=0)
    kept = {n for n, d in claims.nodes(data=True) if d["kind"] == "event"}
    assert kept == {ev("A/3"), ev("C/4")}  # the events Anna Adler takes part in alone
