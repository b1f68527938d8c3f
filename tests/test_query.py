"""kg.query: SPARQL in the standard result formats, errors with codes, safe bindings."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib

from kg import rdf
from kg.errors import KGError
from kg.query import run_query
from kg.store import KGStore
from kg.vocab import ID, article_iri

SELECT = "SELECT ?e ?type WHERE { GRAPH ?g { ?e a geo:Event, ?type FILTER(?type != geo:Event && ?type != sem:Event) } } ORDER BY ?e"


@pytest.fixture
def store(make_extraction) -> KGStore:
    s = KGStore(None)
    s.replace_article(article_iri("a1"), rdf.quads(make_extraction("a1")))
    return s


def test_select_csv_tsv_json_xml(store):
    rows = list(csv.DictReader(io.StringIO(run_query(store, SELECT, "csv"))))
    assert [r["e"] for r in rows] == [f"{ID}event/a1/{n}" for n in (1, 2, 3, 4)]
    assert rows[0]["type"].endswith("#Proposal")
    tsv = run_query(store, SELECT, "tsv").splitlines()
    assert tsv[0].split("\t") == ["?e", "?type"] and len(tsv) == 5
    data = json.loads(run_query(store, SELECT, "json"))
    assert data["head"]["vars"] == ["e", "type"]
    assert len(data["results"]["bindings"]) == 4
    root = ET.fromstring(run_query(store, SELECT, "xml"))
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert len(root.findall(".//s:result", ns)) == 4


def test_select_table_rows(store):
    rows = run_query(store, SELECT, "table")
    assert isinstance(rows, list) and len(rows) == 4
    assert rows[0] == {"e": f"{ID}event/a1/1", "type": "https://w3id.org/geokg/ontology#Proposal"}


def test_ask(store):
    assert run_query(store, "ASK { GRAPH ?g { ?e a geo:Denial } }", "csv") == "true\n"
    assert run_query(store, "ASK { GRAPH ?g { ?e a geo:Threat } }", "json") == "false\n"


def test_construct(store):
    q = "CONSTRUCT { ?e geo:cameo ?c } WHERE { GRAPH ?g { ?e geo:cameo ?c } }"
    g = rdflib.Graph().parse(data=run_query(store, q, "turtle"), format="turtle")
    assert len(g) == 4
    nt = rdflib.Graph().parse(data=run_query(store, q, "csv"), format="nt")
    assert len(nt) == 4


def test_syntax_error_is_e401(store):
    with pytest.raises(KGError) as info:
        run_query(store, "SELECT ?x WHERE { ?x ", "csv")
    assert info.value.code == "E401"
    with pytest.raises(KGError) as info:
        run_query(store, "DROP ALL", "csv")  # updates are not queries
    assert info.value.code == "E401"
    assert store.triple_count() > 0


def test_unknown_format_is_e402(store):
    for fmt in ("yaml", "turtle"):  # turtle is for graphs, not SELECT results
        with pytest.raises(KGError) as info:
            run_query(store, SELECT, fmt)
        assert info.value.code == "E402"


@pytest.mark.parametrize("evil", ['Russia" } ; DROP ALL ; #', "} ; DROP ALL", 'x") || true || STR("', "\\\n{"])
def test_bindings_are_substituted_not_pasted(store, evil):
    n = store.triple_count()
    q = "SELECT ?a WHERE { ?a schema:name ?n FILTER(?n = ?label) }"
    assert json.loads(run_query(store, q, "json", {"label": evil}))["results"]["bindings"] == []
    assert run_query(store, "ASK { ?a schema:name ?label }", "csv", {"label": evil}) == "false\n"
    assert store.triple_count() == n
    ok = json.loads(run_query(store, q, "json", {"label": "Russia"}))["results"]["bindings"]
    assert [b["a"]["value"] for b in ok] == [f"{ID}actor/Q159"]


def test_label_with_quote_is_found_exactly(make_extraction):
    ex = make_extraction("q1")
    ex.actors["Q159"].label = 'Russia "the Federation" } ; DROP ALL'
    s = KGStore(None)
    s.replace_article(article_iri("q1"), rdf.quads(ex))
    rows = s.select("SELECT ?a WHERE { ?a schema:name ?n FILTER(?n = ?label) }",
                    {"label": 'Russia "the Federation" } ; DROP ALL'})
    assert rows == [{"a": f"{ID}actor/Q159"}]
