"""Integration test against a second real store: Virtuoso 7 from Debian's virtuoso-opensource package.

scripts/install_triplestores.sh installs it (scripts/test.sh runs that first); the fixture starts it on a temporary
database bound to loopback ports and stops it by PID.  When Virtuoso is not installed the tests skip, saying why.
Virtuoso's default graph is the union of all graphs and its Graph Store endpoint cannot address it, so the preset
puts the default-graph triples into the named graph id:graph/default.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from kg.remote.endpoints import DEFAULT_GRAPH_STANDIN, make_endpoint
from kg.remote.load import load, local_graphs
from kg.store import KGStore

pytestmark = pytest.mark.slow


def select(base: str, query: str) -> list[dict]:
    req = urllib.request.Request(base + "/sparql?" + urllib.parse.urlencode({"query": query}),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read())["results"]["bindings"]


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_load_into_virtuoso(sample_store: KGStore, virtuoso_server: str, tmp_path, protocol: str) -> None:
    endpoint = make_endpoint(virtuoso_server, preset="virtuoso")
    report = load(sample_store, endpoint, protocol=protocol, state_path=tmp_path / "state.json", chunk_triples=250)
    assert report.ok and report.verified, report.summary()
    assert report.remote_triples == sum(len(g.lines) for g in local_graphs(sample_store))
    # Loading again leaves the same triples.
    again = load(sample_store, endpoint, protocol=protocol, use_state=False, chunk_triples=250)
    assert again.ok and again.remote_triples == report.remote_triples
    # The articles are in the stand-in graph; queries on the (union) default graph find them too.
    rows = select(virtuoso_server, f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH <{DEFAULT_GRAPH_STANDIN}> "
                                   "{ ?a a <https://schema.org/NewsArticle> } }")
    assert int(rows[0]["n"]["value"]) == len(sample_store.article_ids())
    rows = select(virtuoso_server, "SELECT ?d WHERE { GRAPH ?c { ?d a <https://w3id.org/geokg/ontology#Denial> } } LIMIT 1")
    assert rows
