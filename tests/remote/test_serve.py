"""kg serve: the SPARQL 1.1 Protocol over the embedded store, checked with raw HTTP and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from kg.remote.serve import accepted, make_server
from kg.store import KGStore

pytestmark = pytest.mark.slow
Q = "SELECT ?d WHERE { GRAPH ?c { ?d a geo:Denial } } ORDER BY ?d"


@pytest.fixture()
def endpoint(sample_store: KGStore) -> Iterator[str]:
    server = make_server(sample_store, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()


def get(url: str, query: str, accept: str | None = None) -> tuple[int, str, bytes]:
    headers = {"Accept": accept} if accept else {}
    req = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}), headers=headers)
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.headers["Content-Type"], resp.read()


def test_select_in_every_result_format(endpoint: str, sample_store: KGStore) -> None:
    expected = [r["d"] for r in sample_store.select(Q)]
    assert expected
    _, ctype, body = get(endpoint, Q)
    assert ctype.startswith("application/sparql-results+json")
    assert [b["d"]["value"] for b in json.loads(body)["results"]["bindings"]] == expected
    _, ctype, body = get(endpoint, Q, "application/sparql-results+xml")
    assert ctype.startswith("application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert [u.text for u in ET.fromstring(body).iter(ns + "uri")] == expected
    _, ctype, body = get(endpoint, Q, "text/csv")
    assert ctype.startswith("text/csv")
    assert [r["d"] for r in csv.DictReader(io.StringIO(body.decode()))] == expected
    _, ctype, body = get(endpoint, Q, "text/tab-separated-values")
    assert ctype.startswith("text/tab-separated-values")
    assert body.decode().splitlines()[1] == f"<{expected[0]}>"


def test_post_forms_construct_and_ask(endpoint: str) -> None:
    form = urllib.parse.urlencode({"query": "ASK { GRAPH ?g { ?e a geo:Event } }"}).encode()
    req = urllib.request.Request(endpoint, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert json.loads(resp.read())["boolean"] is True
    req = urllib.request.Request(endpoint, data=b"CONSTRUCT { ?a a schema:NewsArticle } WHERE { ?a a schema:NewsArticle }",
                                 headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.headers["Content-Type"].startswith("application/n-triples")
        assert b"<https://schema.org/NewsArticle>" in resp.read()


def test_updates_are_refused_and_errors_are_4xx(endpoint: str) -> None:
    req = urllib.request.Request(endpoint, data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=30)
    assert info.value.code == 403
    with pytest.raises(urllib.error.HTTPError) as info:
        get(endpoint, "SELECT WHERE {")
    assert info.value.code == 400
    with pytest.raises(urllib.error.HTTPError) as info:
        get(endpoint, Q, "image/png")
    assert info.value.code == 406


def test_rdflib_sparqlstore(endpoint: str, sample_store: KGStore) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = SPARQLStore(endpoint, returnFormat="json")
    rows = list(remote.query("PREFIX geo: <https://w3id.org/geokg/ontology#> "
                             "SELECT ?d WHERE { GRAPH ?c { ?d a geo:Denial } } ORDER BY ?d"))
    assert [str(r[0]) for r in rows] == [r["d"] for r in sample_store.select(Q)]
    xml_store = SPARQLStore(endpoint)  # rdflib's default: SPARQL XML results
    assert list(xml_store.query("ASK { ?s ?p ?o }"))[0] is True


def test_accept_header_order() -> None:
    assert accepted("text/csv;q=0.5, application/sparql-results+json") == ["application/sparql-results+json", "text/csv"]
