"""kg load into a real Oxigraph server (started on a free loopback port by the fixture, stopped by PID)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.remote.endpoints import make_endpoint
from kg.remote.load import load, local_graphs
from kg.store import KGStore

pytestmark = pytest.mark.slow


def remote_select(base: str, query: str) -> list[dict]:
    req = urllib.request.Request(base + "/query?" + urllib.parse.urlencode({"query": query}),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())["results"]["bindings"]


def remote_total(base: str) -> int:
    rows = remote_select(base, "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    return int(rows[0]["n"]["value"])


def local_total(store: KGStore) -> int:
    return sum(len(g.lines) for g in local_graphs(store))


def copy_store(store: KGStore) -> KGStore:
    mem = KGStore(None)
    mem.oxigraph.extend(store.oxigraph.quads_for_pattern(None, None, None, None))
    return mem


def test_cli_load_twice_is_idempotent_and_verified(sample_store: KGStore, oxigraph_server, tmp_path) -> None:
    runner = CliRunner()
    args = ["load", "--store", str(sample_store.path), "--endpoint", oxigraph_server.base, "--preset", "oxigraph",
            "--chunk", "200", "--quiet"]
    sample_store.flush()
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "verified" in first.output
    total = remote_total(oxigraph_server.base)
    assert total == local_total(sample_store)
    second = runner.invoke(app, [*args, "--full"])  # send everything again: same triples
    assert second.exit_code == 0, second.output
    assert remote_total(oxigraph_server.base) == total
    third = runner.invoke(app, args)  # with the state file: nothing to send
    assert third.exit_code == 0, third.output
    assert "(0 sent" in third.output


def test_named_graphs_and_default_graph_on_the_server(sample_store: KGStore, oxigraph_server) -> None:
    endpoint = make_endpoint(oxigraph_server.base, preset="oxigraph")
    report = load(sample_store, endpoint, use_state=False, chunk_triples=100)
    assert report.ok and report.verified
    graphs = {r["g"]["value"] for r in remote_select(oxigraph_server.base, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    local = {g.value for g in sample_store.oxigraph.named_graphs()}
    assert graphs == local
    # The default graph holds the articles, as in the store.
    rows = remote_select(oxigraph_server.base, "SELECT ?a WHERE { ?a a <https://schema.org/NewsArticle> }")
    assert len(rows) == len(sample_store.article_ids())


def test_update_protocol_gives_the_same_triples(sample_store: KGStore, oxigraph_server) -> None:
    endpoint = make_endpoint(oxigraph_server.base, preset="oxigraph")
    report = load(sample_store, endpoint, protocol="update", use_state=False, chunk_triples=150)
    assert report.ok and report.protocol == "update"
    assert report.requests > 3  # bounded chunks, not one request
    assert remote_total(oxigraph_server.base) == local_total(sample_store)


def test_rebuilt_article_with_fewer_claims_replaces_its_graphs(sample_store: KGStore, oxigraph_server) -> None:
    endpoint = make_endpoint(oxigraph_server.base, preset="oxigraph")
    assert load(sample_store, endpoint, use_state=False).ok
    smaller = copy_store(sample_store)
    claims = sorted(g.value for g in smaller.oxigraph.named_graphs())
    gone = claims[-1]
    # What a rebuild with one claim less leaves: the graph and its default-graph description are removed.
    smaller.oxigraph.remove_graph(ox.NamedNode(gone))
    for q in list(smaller.oxigraph.quads_for_pattern(ox.NamedNode(gone), None, None, ox.DefaultGraph())):
        smaller.oxigraph.remove(q)
    report = load(smaller, endpoint, use_state=False)
    assert gone in report.dropped
    assert report.ok and report.verified
    rows = remote_select(oxigraph_server.base, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{gone}> {{ ?s ?p ?o }} }}")
    assert rows[0]["n"]["value"] == "0"
    assert remote_total(oxigraph_server.base) == local_total(smaller)


def test_changed_graph_is_resent_and_unchanged_skipped(sample_store: KGStore, oxigraph_server, tmp_path) -> None:
    endpoint = make_endpoint(oxigraph_server.base, preset="oxigraph")
    mem = copy_store(sample_store)
    state = tmp_path / "state.json"
    first = load(mem, endpoint, state_path=state)
    claim = sorted(g.value for g in mem.oxigraph.named_graphs())[0]
    mem.oxigraph.add(ox.Quad(ox.NamedNode("https://w3id.org/geokg/id/event/x"), ox.NamedNode("https://w3id.org/geokg/ontology#theme"),
                             ox.Literal("added"), ox.NamedNode(claim)))
    second = load(mem, endpoint, state_path=state)
    assert second.sent == [claim]
    assert second.skipped == first.graphs_total - 1
    assert second.verified
