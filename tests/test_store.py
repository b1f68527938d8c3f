"""kg.store: atomic, idempotent per-article replacement; reading; persistence."""

from __future__ import annotations

import gc
from datetime import date

import pyoxigraph as ox
import pytest

from kg import codes, rdf
from kg.store import KGStore, term_value, to_term
from kg.types import Actor
from kg.vocab import GEO, ID, SCHEMA, XSD, article_iri


def put(store: KGStore, ex) -> int:  # type: ignore[no-untyped-def]
    return store.replace_article(article_iri(ex.article.id), rdf.quads(ex))


def subjects(store: KGStore, prefix: str) -> set[str]:
    return {q.subject.value for q in store.oxigraph if q.subject.value.startswith(prefix)}


def graphs(store: KGStore) -> set[str]:
    return {g.value for g in store.oxigraph.named_graphs()}


def test_build_twice_gives_identical_quads(mem_store, make_extraction, dump):
    put(mem_store, make_extraction("a1"))
    first = dump(mem_store)
    put(mem_store, make_extraction("a1"))
    assert dump(mem_store) == first
    other = KGStore(None)
    put(other, make_extraction("a1"))
    assert dump(other) == first  # same IRIs, independent of the store


def test_replace_returns_number_of_quads_written(mem_store, extraction):
    n = put(mem_store, extraction)
    assert n == len(set(rdf.quads(extraction)))
    assert mem_store.triple_count() == n


def test_rebuilding_a_changed_article_removes_its_old_data(mem_store, make_extraction, dump):
    put(mem_store, make_extraction("b1"))
    before_b = [line for line in dump(mem_store)]
    put(mem_store, make_extraction("a1"))
    assert graphs(mem_store) >= {f"{ID}claim/a1/2", f"{ID}claim/a1/3"}
    assert subjects(mem_store, f"{ID}source/a1/") == {f"{ID}source/a1/1"}

    put(mem_store, make_extraction("a1", variant=1))  # changed text: one claim, no anonymous source

    assert {g for g in graphs(mem_store) if "/a1/" in g} == {f"{ID}claim/a1/1"}
    assert subjects(mem_store, f"{ID}claim/a1/") == {f"{ID}claim/a1/1", f"{ID}claim/a1/1/attribution/0"} - {
        f"{ID}claim/a1/1/attribution/0"}  # no publisher: the narrator claim has no attribution
    assert subjects(mem_store, f"{ID}source/a1/") == set()
    assert subjects(mem_store, f"{ID}event/a1/") == {f"{ID}event/a1/1", f"{ID}event/a1/2", f"{ID}event/a1/1/evidence",
                                                    f"{ID}event/a1/2/evidence"}
    mentioned = {q.subject.value for q in mem_store.oxigraph.quads_for_pattern(
        None, ox.NamedNode(GEO + "mentionedIn"), ox.NamedNode(article_iri("a1")), ox.DefaultGraph())}
    assert mentioned == {f"{ID}actor/Q159", f"{ID}actor/Q212"}
    assert not any("DROP" in line for line in dump(mem_store))
    # b1 is untouched: every quad it had is still there
    assert set(before_b) <= set(dump(mem_store))
    # shared canonical actor descriptions stay (b1 and a1 both mention Russia)
    assert ox.Quad(ox.NamedNode(f"{ID}actor/Q159"), ox.NamedNode(SCHEMA + "name"), ox.Literal("Russia"),
                   ox.DefaultGraph()) in mem_store.oxigraph
    # and the actor only mentioned by the old a1 keeps its description (shared, canonical)
    assert ox.NamedNode(f"{ID}actor/name-western-media") in {q.subject for q in mem_store.oxigraph}


def test_rebuild_then_restore_gives_the_original_article(mem_store, make_extraction, dump):
    put(mem_store, make_extraction("a1"))
    first = dump(mem_store)
    put(mem_store, make_extraction("a1", variant=1))
    put(mem_store, make_extraction("a1"))
    assert dump(mem_store) == first


def test_remove_article_keeps_other_articles(mem_store, make_extraction, dump):
    put(mem_store, make_extraction("b1"))
    only_b = dump(mem_store)
    put(mem_store, make_extraction("a1"))
    mem_store.remove_article(article_iri("a1"))
    assert mem_store.article_ids() == ["b1"]
    assert mem_store.article_hash(article_iri("a1")) is None
    assert not any("/a1" in g for g in graphs(mem_store))
    assert not any("/a1/" in q.subject.value or q.object == ox.NamedNode(article_iri("a1"))
                   for q in mem_store.oxigraph)
    # b1's quads are all there; a1's canonical actors were only added (shared), nothing of b1 lost
    assert set(only_b) <= set(dump(mem_store))
    mem_store.remove_article(article_iri("nope"))  # removing an unknown article is a no-op


def test_article_hash(mem_store, extraction):
    iri = article_iri("a1")
    assert mem_store.article_hash(iri) is None
    put(mem_store, extraction)
    assert mem_store.article_hash(iri) == extraction.article.content_hash
    assert len(extraction.article.content_hash) == 64


def test_failed_update_leaves_store_unchanged(mem_store, make_extraction, dump):
    put(mem_store, make_extraction("a1"))
    before = dump(mem_store)
    ex = make_extraction("a1", variant=1)
    ex.events[0].agent = "missing-actor"  # rdf.quads raises KeyError halfway through
    with pytest.raises(KeyError):
        put(mem_store, ex)
    assert dump(mem_store) == before


def test_reopened_store_keeps_data(tmp_path, extraction, dump):
    path = tmp_path / "store"
    store = KGStore(path)
    put(store, extraction)
    store.flush()
    before = dump(store)
    del store
    gc.collect()
    again = KGStore(path, read_only=True)
    assert dump(again) == before
    assert again.article_ids() == ["a1"]
    assert again.article_hash(article_iri("a1")) == extraction.article.content_hash


def test_actor_single_valued_facts_follow_the_latest_article(mem_store, make_extraction):
    """A person's CAMEO code depends on the date (USAGOV in office, USA otherwise): two articles must not
    leave the canonical actor with two codes (shapes: geo:cameoCode maxCount 1)."""
    old = make_extraction("old", published=date(2019, 6, 1))
    new = make_extraction("new", published=date(2023, 6, 1))
    old.actors["Q22686"] = Actor("Q22686", "Donald Trump", "Person", wikidata="Q22686", country="USA", cameo="USAGOV")
    new.actors["Q22686"] = Actor("Q22686", "Donald Trump", "Person", wikidata="Q22686", country="USA", cameo="USA")
    put(mem_store, old)
    put(mem_store, new)
    codes = mem_store.select(f"SELECT ?c WHERE {{ <{ID}actor/Q22686> geo:cameoCode ?c }}")
    assert codes == [{"c": "USA"}]
    mentioned = mem_store.select(f"SELECT ?a WHERE {{ <{ID}actor/Q22686> geo:mentionedIn ?a }} ORDER BY ?a")
    assert [r["a"] for r in mentioned] == [article_iri("new"), article_iri("old")]


def test_select_rows_are_plain_values(mem_store, extraction):
    put(mem_store, extraction)
    rows = mem_store.select("""SELECT ?n ?neg ?g ?t WHERE { GRAPH ?c { ?e geo:negated ?neg ; geo:goldstein ?g ;
                               geo:cameo cameo:036 } ?s geo:count ?n ; schema:name ?t }""")
    assert rows == [{"n": 3, "neg": False, "g": float(codes.goldstein("036")), "t": "three Russian sources"}]
    assert isinstance(rows[0]["n"], int) and rows[0]["neg"] is False and isinstance(rows[0]["g"], float)


def test_select_needs_a_select_query(mem_store):
    with pytest.raises(TypeError):
        mem_store.select("ASK { ?s ?p ?o }")


def test_bindings_are_substituted_not_pasted(mem_store, make_extraction):
    put(mem_store, make_extraction("a1"))
    q = "SELECT ?a WHERE { ?a schema:name ?name }"
    assert mem_store.select(q, {"name": "Russia"}) == [{"a": f"{ID}actor/Q159"}]
    # a binding used only in a FILTER (not projected) works too
    q2 = "SELECT ?a WHERE { ?a schema:name ?n FILTER(?n = ?name) }"
    assert mem_store.select(q2, {"name": "Ukraine"}) == [{"a": f"{ID}actor/Q212"}]
    n = mem_store.triple_count()
    for evil in ['x" } ; DROP ALL ; #', "} ; DROP ALL", '"; DELETE WHERE { ?s ?p ?o } #', "a\\b\n{"]:
        assert mem_store.select(q, {"name": evil}) == []
        assert mem_store.select(q2, {"name": evil}) == []
    assert mem_store.triple_count() == n


def test_to_term_and_term_value():
    assert to_term("https://w3id.org/x") == ox.NamedNode("https://w3id.org/x")
    assert to_term("plain") == ox.Literal("plain")
    assert to_term("http://a b") == ox.Literal("http://a b")  # not a valid IRI: stays a string
    assert to_term(True) == ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    assert term_value(to_term(3)) == 3
    assert term_value(to_term(2.5)) == 2.5
    assert term_value(to_term(False)) is False
    assert term_value(None) is None


def test_optimize_keeps_the_contents(tmp_path, make_extraction, extraction, dump):
    store = KGStore(tmp_path / "store")
    for k in range(3):  # several writes: several files for the compaction to merge
        put(store, make_extraction(f"a{k}") if k else extraction)
    before = dump(store)
    store.optimize()
    assert dump(store) == before
    memory = KGStore(None)
    put(memory, extraction)
    memory.optimize()  # nothing to compact in memory: a no-op, not an error
    assert len(memory.oxigraph) > 0
