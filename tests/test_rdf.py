"""kg.rdf: Extraction -> quads (docs/rdf-model.md), no spaCy needed."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import rdf
from kg.store import KGStore
from kg.vocab import GEO, ID, PROV, SCHEMA, SEM, TIME, XSD

DG = ox.DefaultGraph()


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: str, dtype: str) -> ox.Literal:
    return ox.Literal(value, datatype=_n(XSD + dtype))


def test_same_extraction_gives_same_quads(make_extraction):
    first = sorted(str(q) for q in rdf.quads(make_extraction("a1")))
    second = sorted(str(q) for q in rdf.quads(make_extraction("a1")))
    assert first == second
    assert len(first) == len(set(first)) > 50


def test_iris_follow_the_documented_scheme(extraction):
    qs = list(rdf.quads(extraction))
    subjects = {q.subject.value for q in qs}
    assert f"{ID}article/a1" in subjects
    assert f"{ID}actor/Q159" in subjects
    assert f"{ID}source/a1/1" in subjects
    assert {f"{ID}claim/a1/1", f"{ID}claim/a1/2", f"{ID}claim/a1/3"} <= subjects
    assert f"{ID}claim/a1/2/attribution/0" in subjects
    assert {f"{ID}event/a1/{n}" for n in (1, 2, 3, 4)} <= subjects
    assert f"{ID}event/a1/1/evidence" in subjects


def test_one_named_graph_per_claim(extraction):
    qs = list(rdf.quads(extraction))
    graphs = {q.graph_name.value for q in qs if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert graphs == {f"{ID}claim/a1/1", f"{ID}claim/a1/2", f"{ID}claim/a1/3"}
    ev_graph = {q.subject.value: q.graph_name.value for q in qs
                if q.predicate == _n(GEO + "negated")}
    assert ev_graph == {
        f"{ID}event/a1/1": f"{ID}claim/a1/1",
        f"{ID}event/a1/2": f"{ID}claim/a1/1",
        f"{ID}event/a1/3": f"{ID}claim/a1/2",
        f"{ID}event/a1/4": f"{ID}claim/a1/3",
    }


def test_default_graph_holds_article_actors_claims_attributions_only(extraction):
    allowed = (f"{ID}article/", f"{ID}actor/", f"{ID}source/", f"{ID}claim/")
    for q in rdf.quads(extraction):
        if isinstance(q.graph_name, ox.DefaultGraph):
            assert q.subject.value.startswith(allowed), q
            assert not q.subject.value.startswith(f"{ID}event/"), q
        else:
            assert q.subject.value.startswith(f"{ID}event/"), q


def test_anonymous_sources_live_under_id_source(extraction):
    qs = list(rdf.quads(extraction))
    anon = {q.subject.value for q in qs if q.predicate == _n(GEO + "anonymous")}
    assert anon == {f"{ID}source/a1/1"}
    src = _n(f"{ID}source/a1/1")
    assert ox.Quad(src, _n(GEO + "count"), _lit("3", "integer"), DG) in qs
    assert ox.Quad(src, _n(GEO + "affiliation"), _n(f"{ID}actor/Q159"), DG) in qs
    assert ox.Quad(src, _n(GEO + "mentionedIn"), _n(f"{ID}article/a1"), DG) in qs


@pytest.mark.parametrize(
    ("n", "value", "dtype", "earliest", "latest", "unit"),
    [
        (1, "2024-02-13", "date", "2024-02-13", "2024-02-13", "unitDay"),
        (2, "2023", "gYear", "2023-01-01", "2023-12-31", "unitYear"),
        (3, "2024-02", "gYearMonth", "2024-02-01", "2024-02-29", "unitMonth"),
    ],
)
def test_partial_dates_keep_their_granularity(extraction, n, value, dtype, earliest, latest, unit):
    e = _n(f"{ID}event/a1/{n}")
    qs = [q for q in rdf.quads(extraction) if q.subject == e]
    got = {q.predicate.value: q.object for q in qs}
    assert got[GEO + "date"] == _lit(value, dtype)
    assert got[SEM + "hasEarliestBeginTimeStamp"] == _lit(earliest, "date")
    assert got[SEM + "hasLatestEndTimeStamp"] == _lit(latest, "date")
    assert got[GEO + "dateGranularity"] == _n(TIME + unit)


def test_undated_event_has_no_time_properties(extraction):
    e = _n(f"{ID}event/a1/4")
    preds = {q.predicate.value for q in rdf.quads(extraction) if q.subject == e}
    assert GEO + "negated" in preds
    assert not preds & {GEO + "date", SEM + "hasEarliestBeginTimeStamp", SEM + "hasLatestEndTimeStamp",
                        GEO + "dateGranularity"}


def test_attribution_chain_is_ordered_nearest_first(extraction):
    qs = list(rdf.quads(extraction))
    c2 = f"{ID}claim/a1/2"
    agents = {}
    for q in qs:
        if q.subject.value.startswith(c2 + "/attribution/") and q.predicate == _n(PROV + "agent"):
            agents[int(q.subject.value.rsplit("/", 1)[-1])] = q.object.value
    assert agents == {0: f"{ID}source/a1/1", 1: f"{ID}actor/name-western-media"}
    roles = {q.subject.value.rsplit("/", 1)[-1]: q.object.value for q in qs
             if q.subject.value.startswith(c2 + "/attribution/") and q.predicate == _n(PROV + "hadRole")}
    assert roles == {"0": GEO + "AnonymousSourceRole", "1": GEO + "MediaRole"}


def test_denial_is_materialised_as_disputed_by(extraction):
    qs = list(rdf.quads(extraction))
    assert ox.Quad(_n(f"{ID}claim/a1/2"), _n(GEO + "disputedBy"), _n(f"{ID}claim/a1/3"), DG) in qs
    g3 = _n(f"{ID}claim/a1/3")
    assert ox.Quad(_n(f"{ID}event/a1/4"), _n(GEO + "denies"), _n(f"{ID}event/a1/3"), g3) in qs


def test_denial_of_an_unknown_event_does_not_crash(extraction):
    extraction.events[3].denies.append("a1/99")
    qs = list(rdf.quads(extraction))
    assert not any(q.object == _n(f"{ID}event/a1/99") for q in qs)


def test_article_without_date_has_no_issued(make_extraction):
    ex = make_extraction("nd", published=None)
    preds = {q.predicate.value for q in rdf.quads(ex) if q.subject == _n(f"{ID}article/nd")}
    assert "http://purl.org/dc/terms/issued" not in preds
    assert GEO + "contentHash" in preds


def test_publisher_is_the_narrator(make_extraction):
    ex = make_extraction("p1", source="Reuters")
    qs = list(rdf.quads(ex))
    (pub,) = [q.object for q in qs if q.predicate.value == "http://purl.org/dc/terms/publisher"]
    assert ox.Quad(pub, _n(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type").value),
                   _n(GEO + "MediaOrganization"), DG) in qs
    c1 = f"{ID}claim/p1/1"
    narrator = [q for q in qs if q.subject.value == c1 + "/attribution/0"]
    assert ox.Quad(_n(c1 + "/attribution/0"), _n(PROV + "hadRole"), _n(GEO + "NarratorRole"), DG) in narrator
    assert ox.Quad(_n(c1 + "/attribution/0"), _n(PROV + "agent"), pub, DG) in narrator


def test_range_filter_over_earliest_timestamp_for_every_granularity(extraction):
    store = KGStore(None)
    store.replace_article(f"{ID}article/a1", rdf.quads(extraction))
    q = """SELECT ?e WHERE { GRAPH ?g { ?e sem:hasEarliestBeginTimeStamp ?t }
           FILTER(?t >= ?from && ?t <= ?to) } ORDER BY ?e"""

    def between(a: str, b: str) -> list[str]:
        rows = store.select(q, {"from": _lit(a, "date"), "to": _lit(b, "date")})
        return [str(r["e"]).rsplit("/", 1)[-1] for r in rows]

    assert between("2023-01-01", "2023-12-31") == ["2"]           # year 2023
    assert between("2024-02-01", "2024-02-01") == ["3"]           # month 2024-02
    assert between("2024-02-13", "2024-02-13") == ["1"]           # day
    assert between("2023-01-01", "2024-12-31") == ["1", "2", "3"]
    assert between("2025-01-01", "2025-12-31") == []
    # overlap with an interval: year 2023 overlaps June 2023, the others do not
    rows = store.select(
        """SELECT ?e WHERE { GRAPH ?g { ?e sem:hasEarliestBeginTimeStamp ?b ; sem:hasLatestEndTimeStamp ?l }
           FILTER(?b <= "2023-06-30"^^xsd:date && ?l >= "2023-06-01"^^xsd:date) }""")
    assert [str(r["e"]).rsplit("/", 1)[-1] for r in rows] == ["2"]
    # a literal in the query text works too (not only bound variables)
    rows = store.select('SELECT ?e WHERE { GRAPH ?g { ?e sem:hasEarliestBeginTimeStamp ?t } '
                        'FILTER(?t >= "2024-01-01"^^xsd:date) } ORDER BY ?e')
    assert [str(r["e"]).rsplit("/", 1)[-1] for r in rows] == ["1", "3"]


def test_article_node_has_schema_type(extraction):
    qs = list(rdf.quads(extraction))
    assert ox.Quad(_n(f"{ID}article/a1"), _n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   _n(SCHEMA + "NewsArticle"), DG) in qs
