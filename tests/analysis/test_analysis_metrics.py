"""Metrics of fixtures/small.trig against values worked out by hand (see the fixture's header)."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from kg.analysis import metrics
from kg.analysis.projections import actor_graph, claim_graph, interaction_graph
from kg.store import KGStore

ID = "https://w3id.org/geokg/id/"
AL, AN, AA = ID + "actor/Q1001", ID + "actor/Q1002", ID + "actor/name-alpha-army"
BE, BR, RB = ID + "actor/Q2001", ID + "actor/Q2002", ID + "actor/name-beta-rebels"


def ev(name: str) -> str:
    return ID + "event/" + name


@pytest.fixture(scope="module")
def G(small_store: KGStore) -> nx.MultiDiGraph:
    return interaction_graph(small_store)


def test_degrees(G: nx.MultiDiGraph) -> None:
    assert metrics.degree(G) == {AL: 3, AN: 3, AA: 2, BE: 3, BR: 3, RB: 2}
    assert metrics.event_counts(G) == {AL: (3, 2), AN: (1, 2), AA: (1, 2), BE: (2, 2), BR: (2, 1), RB: (1, 1)}


def test_weighted_degree_and_balance(G: nx.MultiDiGraph) -> None:
    # sums of |Goldstein| of each actor's events
    wd = metrics.weighted_degree(G)
    assert wd == pytest.approx({AL: 28.9, AN: 8.5, AA: 15.0, BE: 21.4, BR: 11.5, RB: 10.5})
    gb = metrics.goldstein_balance(G)
    assert gb == pytest.approx({AL: -7.9, AN: 8.5, AA: 7.0, BE: -7.4, BR: 11.5, RB: 10.5})


def test_betweenness(G: nx.MultiDiGraph) -> None:
    # two triangles joined by Alphaland-Betania and Anna Adler-Bruno Berg: each bridge end lies on
    # 2 of the 10 shortest-path pairs between other nodes
    assert metrics.betweenness(G) == pytest.approx({AL: 0.2, AN: 0.2, BE: 0.2, BR: 0.2, AA: 0.0, RB: 0.0})
    assert metrics.betweenness(G, normalized=False) == pytest.approx({AL: 2, AN: 2, BE: 2, BR: 2, AA: 0, RB: 0})


def test_pagerank_matches_networkx(G: nx.MultiDiGraph) -> None:
    pr = metrics.pagerank(G)
    assert sum(pr.values()) == pytest.approx(1.0)
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    simple = metrics.to_simple(G, "count")
    assert pr == pytest.approx(_pagerank_python(simple, weight="weight", tol=1e-12), abs=1e-8)
    # Betania receives the most (B/3, B/4 from two different actors, one of them Alphaland)
    assert max(pr, key=pr.get) == BE


def test_pagerank_dangling_and_empty() -> None:
    D = nx.DiGraph([("a", "b")])
    pr = metrics.pagerank(D)
    assert pr["b"] > pr["a"] and sum(pr.values()) == pytest.approx(1.0)
    assert metrics.pagerank(nx.DiGraph()) == {}


def test_eigenvector_fallback() -> None:
    ev_ = metrics.eigenvector(nx.path_graph(4), max_iter=1)  # cannot converge in one step
    assert ev_ == pytest.approx(metrics.pagerank(nx.path_graph(4)))
    assert metrics.eigenvector(nx.path_graph(4), max_iter=1, fallback=False) is None


def test_communities_two_clusters(G: nx.MultiDiGraph) -> None:
    comms = metrics.communities(G)
    assert sorted(map(frozenset, comms), key=sorted) == sorted(
        [frozenset({AL, AN, AA}), frozenset({BE, BR, RB})], key=sorted
    )
    assert comms[0] == {AL, AN, AA}  # equal sizes: the one with the smallest label ("Alpha Army") first
    # this split is the modularity optimum: 4/10 - (11/20)^2 + 3/10 - (9/20)^2
    U = metrics.to_simple(G, "count", directed=False)
    assert nx.community.modularity(U, comms) == pytest.approx(0.195)
    assert metrics.communities(G) == comms  # fixed seed: same result


def test_brokers(G: nx.MultiDiGraph) -> None:
    rows = metrics.brokers(G)
    assert [r["label"] for r in rows] == ["Alphaland", "Anna Adler", "Betania", "Bruno Berg"]
    assert all(r["communities"] == 2 and r["cross_edges"] == 1 for r in rows)
    assert rows[0]["betweenness"] == pytest.approx(0.2)


def test_reciprocity(G: nx.MultiDiGraph, small_store: KGStore) -> None:
    rows = {(r["a"], r["b"]): r for r in metrics.reciprocity(G)}
    assert len(rows) == 8
    war = rows[("Alphaland", "Betania")]
    assert (war["a_to_b"], war["b_to_a"], war["reciprocity"], war["coop"], war["conflict"], war["balance"]) == (
        1, 1, 1.0, 0, 2, -1.0
    )
    assert (war["goldstein_a_to_b"], war["goldstein_b_to_a"]) == (-4.4, -10.0)
    army = rows[("Alpha Army", "Alphaland")]
    assert (army["a_to_b"], army["b_to_a"], army["reciprocity"]) == (1, 1, 1.0)
    assert army["balance"] == pytest.approx((7 - 4) / (7 + 4))
    assert rows[("Anna Adler", "Bruno Berg")]["reciprocity"] == 0.0
    assert sum(r["reciprocity"] == 1.0 for r in rows.values()) == 2
    # same result from the collapsed actor graph
    collapsed = {(r["a"], r["b"]): r for r in metrics.reciprocity(actor_graph(small_store))}
    assert collapsed[("Alpha Army", "Alphaland")]["balance"] == pytest.approx(army["balance"])
    assert collapsed[("Alphaland", "Betania")]["conflict"] == 2
    with pytest.raises(nx.NetworkXError):
        metrics.reciprocity(nx.Graph())


def test_contested_ranking(small_store: KGStore, G: nx.MultiDiGraph) -> None:
    rows = metrics.contested(claim_graph(small_store))
    assert [r["event"] for r in rows] == [ev("C/1"), ev("B/4")]
    assert (rows[0]["disputing_claims"], rows[0]["disputing_sources"]) == (2, 2)
    assert rows[0]["deniers"] == ["Anna Adler", "Bruno Berg"]
    assert rows[0]["summary"] == "Talks: Anna Adler -> Bruno Berg"
    assert rows[0]["sources"] == ["two officials", "The Gazette"]
    assert (rows[1]["disputing_claims"], rows[1]["deniers"]) == (1, ["Beta Rebels"])
    # the interaction graph gives the same ranking (both events have a target)
    assert [r["event"] for r in metrics.contested(G)] == [ev("C/1"), ev("B/4")]
    assert metrics.contested(G, limit=1)[0]["event"] == ev("C/1")


def test_timelines(small_store: KGStore) -> None:
    tl = metrics.timelines(claim_graph(small_store))
    assert [e["event"] for e in tl[AL]] == [ev(x) for x in ("A/2", "A/1", "B/4", "B/5", "C/2", "C/3")]
    assert [e["role"] for e in tl[AL]] == ["agent", "target", "agent", "agent", "target", "target"]
    assert tl[AL][2]["with"] == ["Betania"] and tl[AL][2]["disputed"] is True
    assert [e["event"] for e in tl[AN]] == [ev(x) for x in ("A/1", "A/3", "A/4", "C/1", "C/4")]
    assert tl[AN][1]["with"] == []  # a statement with no target is in the timeline
    rows = metrics.timeline_rows(claim_graph(small_store))
    assert rows[0]["actor"] == "Alpha Army"
    assert [r["event"] for r in rows if r["actor"] == "Betania"] == [ev(x) for x in ("B/3", "B/1", "B/4", "C/2")]


def test_metrics_table(G: nx.MultiDiGraph) -> None:
    rows = {r["label"]: r for r in metrics.metrics_table(G)}
    al = rows["Alphaland"]
    assert (al["degree"], al["events_in"], al["events_out"], al["events"]) == (3, 3, 2, 5)
    assert al["weighted_degree"] == pytest.approx(28.9) and al["goldstein"] == pytest.approx(-7.9)
    assert al["betweenness"] == pytest.approx(0.2) and al["broker"] is True
    assert rows["Beta Rebels"]["broker"] is False
    assert rows["Alphaland"]["community"] == rows["Anna Adler"]["community"] == rows["Alpha Army"]["community"]
    assert rows["Betania"]["community"] != rows["Alphaland"]["community"]
    ordered = metrics.metrics_table(G)
    assert [r["pagerank"] for r in ordered] == sorted((r["pagerank"] for r in ordered), reverse=True)
    assert all(r["eigenvector"] is not None for r in ordered)


def test_write_table_formats() -> None:
    rows = [{"label": "Russia", "degree": 3, "pagerank": 0.25, "aliases": ["Moscow", "RF"], "broker": True}]
    buf = io.StringIO()
    metrics.write_table(rows, "csv", buf)
    parsed = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert parsed == [{"label": "Russia", "degree": "3", "pagerank": "0.25", "aliases": "Moscow; RF", "broker": "yes"}]
    buf = io.StringIO()
    metrics.write_table(rows, "json", buf)
    assert json.loads(buf.getvalue()) == rows
    buf = io.StringIO()
    text = metrics.write_table(rows, "table", buf, title="actors")
    assert "Russia" in text and "pagerank" in text and "\x1b[" not in text  # no colour codes off a terminal
    with pytest.raises(ValueError):
        metrics.write_table(rows, "xml", io.StringIO())  # type: ignore[arg-type]
