"""kg.validate: SHACL on the union of all graphs (ontology/shapes.ttl)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import rdf
from kg.store import KGStore
from kg.validate import union_graph, validate
from kg.vocab import GEO, ID, SCHEMA, XSD, article_iri


@pytest.fixture
def small(make_extraction) -> KGStore:
    s = KGStore(None)
    for aid in ("a1", "b2"):
        s.replace_article(article_iri(aid), rdf.quads(make_extraction(aid, source="Reuters")))
    return s


def _event_agent(store: KGStore) -> ox.Quad:
    return next(iter(store.oxigraph.quads_for_pattern(None, ox.NamedNode(GEO + "agent"), None, None)))


def test_hand_made_extraction_conforms(small):
    report = validate(small)
    assert report.conforms, report.text
    assert report.violations == 0


def test_union_graph_drops_graph_names(small):
    g = union_graph(small)
    assert len(g) == len({(q.subject, q.predicate, q.object) for q in small.oxigraph})


def _drop_participants(store: KGStore) -> ox.Quad:
    """Remove an event's agent and its target: an event must keep at least one of them."""
    q = _event_agent(store)
    store.oxigraph.remove(q)
    for t in list(store.oxigraph.quads_for_pattern(q.subject, ox.NamedNode(GEO + "target"), None, q.graph_name)):
        store.oxigraph.remove(t)
    return q


def test_missing_agent_and_target_is_a_violation(small):
    _drop_participants(small)
    report = validate(small)
    assert not report.conforms
    assert report.violations >= 1
    assert "agent" in report.text


def test_missing_agent_alone_is_allowed_with_a_target(small):
    q = _event_agent(small)
    if not list(small.oxigraph.quads_for_pattern(q.subject, ox.NamedNode(GEO + "target"), None, q.graph_name)):
        small.oxigraph.add(ox.Quad(q.subject, ox.NamedNode(GEO + "target"), q.object, q.graph_name))
    small.oxigraph.remove(q)
    assert validate(small).conforms


def test_second_negated_is_a_violation(small):
    q = _event_agent(small)
    small.oxigraph.add(ox.Quad(q.subject, ox.NamedNode(GEO + "negated"),
                               ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), q.graph_name))
    report = validate(small)
    assert not report.conforms and report.violations >= 1


def test_second_actor_name_is_a_violation(small):
    small.oxigraph.add(ox.Quad(ox.NamedNode(f"{ID}actor/Q159"), ox.NamedNode(SCHEMA + "name"),
                               ox.Literal("Russian Federation"), ox.DefaultGraph()))
    assert not validate(small).conforms


def test_empty_store_conforms():
    assert validate(KGStore(None)).conforms


@pytest.mark.slow
def test_sample_store_conforms(sample_store):
    report = validate(sample_store)
    assert report.conforms, report.text


@pytest.mark.slow
def test_seed_article_conforms(nlp, seed_article):
    from kg.pipeline import build

    store = KGStore(None)
    report = build([seed_article], store, nlp=nlp)
    assert report.ok and report.articles == 1 and report.events > 0
    result = validate(store)
    assert result.conforms, result.text
    # the same real article, broken: an event loses its agent and target and gets a second geo:negated
    _drop_participants(store)
    neg = next(iter(store.oxigraph.quads_for_pattern(None, ox.NamedNode(GEO + "negated"), None, None)))
    flipped = "false" if neg.object.value == "true" else "true"
    store.oxigraph.add(ox.Quad(neg.subject, neg.predicate, ox.Literal(flipped, datatype=ox.NamedNode(XSD + "boolean")),
                               neg.graph_name))
    broken = validate(store)
    assert not broken.conforms
    assert broken.violations >= 2
