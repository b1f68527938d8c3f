"""kg.export: serialisations that keep (or union) the claim graphs, checked by parsing them back with rdflib."""

from __future__ import annotations

import io
import json

import pytest
import rdflib

from kg import rdf
from kg.errors import KGError
from kg.export import FORMATS, export, rdf_format
from kg.store import KGStore
from kg.vocab import ID, article_iri


@pytest.fixture
def store(make_extraction) -> KGStore:
    s = KGStore(None)
    for aid in ("a1", "b2"):
        s.replace_article(article_iri(aid), rdf.quads(make_extraction(aid)))
    return s


def _bytes(store: KGStore, fmt: str) -> bytes:
    buf = io.BytesIO()
    export(store, buf, fmt)
    return buf.getvalue()


def _union_size(store: KGStore) -> int:
    return len({(q.subject, q.predicate, q.object) for q in store.oxigraph})


@pytest.mark.parametrize(("fmt", "parser"), [("trig", "trig"), ("nquads", "nquads")])
def test_quad_formats_round_trip_through_rdflib(store, fmt, parser):
    ds = rdflib.Dataset()
    ds.parse(data=_bytes(store, fmt).decode("utf-8"), format=parser)
    assert len(list(ds.quads((None, None, None, None)))) == store.triple_count()
    names = {str(c.identifier) for c in ds.graphs()} - {str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)}
    assert {f"{ID}claim/a1/1", f"{ID}claim/a1/2", f"{ID}claim/a1/3", f"{ID}claim/b2/1"} <= names


def test_turtle_is_the_union_of_all_graphs(store):
    g = rdflib.Graph().parse(data=_bytes(store, "turtle").decode("utf-8"), format="turtle")
    assert len(g) == _union_size(store)
    assert (rdflib.URIRef(f"{ID}event/a1/1"), rdflib.URIRef("https://w3id.org/geokg/ontology#cameo"),
            rdflib.URIRef("https://w3id.org/geokg/cameo/036")) in g
    nt = rdflib.Graph().parse(data=_bytes(store, "ntriples").decode("utf-8"), format="nt")
    assert len(nt) == len(g)


def test_jsonld_parses_with_rdflib(store):
    text = _bytes(store, "jsonld").decode("utf-8")
    json.loads(text)
    ds = rdflib.Dataset()
    ds.parse(data=text, format="json-ld")
    assert len(list(ds.quads((None, None, None, None)))) == store.triple_count()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("trig", "trig"), ("TriG", "trig"), ("application/trig", "trig"), ("nq", "nquads"),
     ("application/n-quads", "nquads"), ("ttl", "turtle"), ("text/turtle", "turtle"), ("nt", "ntriples"),
     ("application/n-triples", "ntriples"), ("application/ld+json", "jsonld"), ("jsonld", "jsonld")],
)
def test_format_by_name_extension_or_mime_type(name, expected):
    assert rdf_format(name) == FORMATS[expected]


@pytest.mark.parametrize("name", ["xlsx", "application/pdf", "", "rdf/xml-ish"])
def test_unknown_format_is_e402(store, name):
    with pytest.raises(KGError) as info:
        rdf_format(name)
    assert info.value.code == "E402"
    with pytest.raises(KGError) as info:
        export(store, io.BytesIO(), name)
    assert info.value.code == "E402"
    assert "[E402]" in str(info.value)


def test_export_to_a_path(store, tmp_path):
    out = tmp_path / "kg.nq"
    export(store, out, "nquads")
    ds = rdflib.Dataset()
    ds.parse(out, format="nquads")
    assert len(list(ds.quads((None, None, None, None)))) == store.triple_count()
    out2 = tmp_path / "kg.trig"
    export(store, str(out2), "trig")
    assert out2.stat().st_size > 0


def test_empty_store_exports_empty(store):
    assert _bytes(KGStore(None), "nquads") == b""
    g = rdflib.Graph().parse(data=_bytes(KGStore(None), "turtle").decode("utf-8") or "", format="turtle")
    assert len(g) == 0
