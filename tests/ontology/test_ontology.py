"""Tests of the ontology, the generated code lists, the SHACL shapes and kg.codes."""

from __future__ import annotations

import doctest
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Callable

import pyoxigraph
import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

import kg.codes as codes

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
BENCH = SHARED / "bench"

GEO = Namespace("https://w3id.org/geokg/ontology#")
GEOSH = Namespace("https://w3id.org/geokg/shapes#")
CAMEO = Namespace("https://w3id.org/geokg/cameo/")
PLOVER = Namespace("https://w3id.org/geokg/plover/")
ID = Namespace("https://w3id.org/geokg/id/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # an open namespace: pytest's collection probes attributes

# rdflib's own TriG parser and Dataset emit these; nothing to do with the code under test.
pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]

TTL_FILES = ["geokg.ttl", "cameo.ttl", "plover.ttl", "shapes.ttl"]

EVENT_CLASSES = [
    "Statement", "Appeal", "Proposal", "Talks", "Cooperation", "Agreement", "Aid", "Concession",
    "Investigation", "Demand", "Criticism", "Accusation", "Rejection", "Denial", "Threat", "Protest",
    "Mobilization", "Sanction", "Coercion", "MilitaryAction", "MassViolence",
]
ACTOR_KINDS = ["Country", "Person", "Organization", "MediaOrganization", "Group", "AnonymousSource"]
ROLES = ["AnonymousSourceRole", "NamedSourceRole", "MediaRole", "NarratorRole"]
PROPERTIES = [
    "agent", "target", "about", "denies", "theme", "cameo", "plover", "goldstein", "negated", "modality", "date",
    "dateGranularity", "dateText", "evidence", "sentence", "charStart", "charEnd", "trigger", "country",
    "cameoCode", "mentionedIn", "anonymous", "count", "affiliation", "reportedOn", "order", "disputedBy",
    "dateline", "contentHash", "cameoRoot",
]
PLOVER_CURRENT = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
PLOVER_LEGACY = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}

needs_shared = pytest.mark.skipif(
    not BENCH.is_dir(), reason=f"reference tables not available: {BENCH} is absent (../shared is not checked out)"
)


# ----------------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "geokg.ttl")


@pytest.fixture(scope="module")
def cameo() -> Graph:
    return Graph().parse(ONTOLOGY / "cameo.ttl")


@pytest.fixture(scope="module")
def plover() -> Graph:
    return Graph().parse(ONTOLOGY / "plover.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl")


def load_union(path: Path) -> Graph:
    """All triples of all graphs of a TriG file, in one graph (what the shapes validate)."""
    ds = Dataset()
    ds.parse(path, format="trig")
    union = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@pytest.fixture()
def valid() -> Graph:
    return load_union(FIXTURES / "valid.trig")


def read_tsv(name: str) -> dict[str, str]:
    lines = (BENCH / name).read_text(encoding="utf-8").splitlines()[1:]
    return {c.strip(): v.strip() for c, _, v in (line.partition("\t") for line in lines if line.strip())}


Violation = tuple[str, str | None, URIRef | None, str | None, str]


def validate(data: Graph, shapes: Graph) -> tuple[bool, set[Violation]]:
    """Validate without inference; return conformance and (component, path, focus, shape, message) of each result."""
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    found: set[Violation] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        component = report.value(result, SH.sourceConstraintComponent)
        path = report.value(result, SH.resultPath)
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        message = " ".join(sorted(str(m) for m in report.objects(result, SH.resultMessage)))
        found.add((
            str(component).rsplit("#", 1)[-1],
            str(path) if isinstance(path, URIRef) else None,
            focus if isinstance(focus, URIRef) else None,
            str(shape) if isinstance(shape, URIRef) else None,
            message,
        ))
    return bool(conforms), found


# ----------------------------------------------------------------------------------------------- parsing
@pytest.mark.parametrize("name", TTL_FILES)
def test_parses_with_rdflib(name: str) -> None:
    g = Graph().parse(ONTOLOGY / name)
    assert len(g) > 0


@pytest.mark.parametrize("name", TTL_FILES)
def test_loads_in_pyoxigraph(name: str) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY / name), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(ONTOLOGY / name))


def test_fixture_loads_in_pyoxigraph() -> None:
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURES / "valid.trig"), format=pyoxigraph.RdfFormat.TRIG)
    assert len(store) > 0


# ----------------------------------------------------------------------------------------------- ontology
def test_ontology_header(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/geokg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) is not None
    assert ontology.value(onto, DCTERMS.license) == URIRef("https://www.apache.org/licenses/LICENSE-2.0")
    assert ontology.value(onto, DCTERMS.title) is not None
    assert ontology.value(onto, RDFS.comment) is not None


def test_event_class_list_matches_kg_types() -> None:
    from kg.types import EVENT_CLASSES as RUNTIME_CLASSES

    assert list(RUNTIME_CLASSES) == EVENT_CLASSES


@pytest.mark.parametrize("name", EVENT_CLASSES)
def test_event_class(name: str, ontology: Graph, cameo: Graph) -> None:
    cls = GEO[name]
    assert (cls, RDF.type, OWL.Class) in ontology
    assert GEO.Event in set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls}
    assert ontology.value(cls, RDFS.label) is not None
    assert ontology.value(cls, RDFS.comment) is not None
    roots = list(ontology.objects(cls, GEO.cameoRoot))
    assert roots, f"{name} has no geo:cameoRoot"
    for root in roots:
        assert (root, SKOS.inScheme, CAMEO.scheme) in cameo, f"{name}: {root} is not a CAMEO concept"


def test_event_class_alignment(ontology: Graph, plover: Graph) -> None:
    assert (GEO.Event, RDFS.subClassOf, SEM.Event) in ontology
    assert (GEO.Event, RDFS.subClassOf, SCHEMA.Event) in ontology
    assert (GEO.Accusation, RDFS.subClassOf, GEO.Criticism) in ontology
    for cls, root in [("Statement", "01"), ("Agreement", "057"), ("Accusation", "112"), ("Denial", "016"),
                      ("MassViolence", "20")]:
        assert (GEO[cls], GEO.cameoRoot, CAMEO[root]) in ontology
    assert set(ontology.objects(GEO.Cooperation, GEO.cameoRoot)) == {CAMEO["05"], CAMEO["06"]}
    assert set(ontology.objects(GEO.MilitaryAction, GEO.cameoRoot)) == {CAMEO["18"], CAMEO["19"]}
    assert (GEO.Proposal, SKOS.closeMatch, PLOVER.AGREE) in ontology
    assert (GEO.Statement, SKOS.closeMatch, None) not in ontology
    for target in ontology.objects(None, SKOS.closeMatch):
        assert (target, SKOS.inScheme, PLOVER.scheme) in plover
        assert (target, OWL.deprecated, Literal(True)) not in plover


def test_actor_classes(ontology: Graph) -> None:
    assert {(GEO.Actor, RDFS.subClassOf, SEM.Actor), (GEO.Actor, RDFS.subClassOf, PROV.Agent)} <= set(ontology)
    for kind in ACTOR_KINDS:
        assert (GEO[kind], RDF.type, OWL.Class) in ontology
        assert GEO.Actor in set(ontology.transitive_objects(GEO[kind], RDFS.subClassOf))
    assert (GEO.MediaOrganization, RDFS.subClassOf, GEO.Organization) in ontology
    assert (GEO.MediaOrganization, RDFS.subClassOf, SCHEMA.NewsMediaOrganization) in ontology
    assert (GEO.Country, RDFS.subClassOf, SCHEMA.Country) in ontology
    assert (GEO.Claim, RDFS.subClassOf, PROV.Entity) in ontology
    assert (GEO.Evidence, RDF.type, OWL.Class) in ontology
    for role in ROLES:
        assert (GEO[role], RDF.type, PROV.Role) in ontology


@pytest.mark.parametrize("name", PROPERTIES)
def test_property_declared(name: str, ontology: Graph) -> None:
    kinds = set(ontology.objects(GEO[name], RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}, name
    assert ontology.value(GEO[name], RDFS.comment) is not None


def test_property_alignment(ontology: Graph) -> None:
    assert (GEO.agent, RDFS.subPropertyOf, SEM.hasActor) in ontology
    assert (GEO.agent, RDFS.subPropertyOf, SCHEMA.agent) in ontology
    assert (GEO.target, RDFS.subPropertyOf, SEM.hasActor) in ontology
    assert (GEO.denies, RDFS.subPropertyOf, GEO.about) in ontology
    assert ontology.value(GEO.dateGranularity, RDFS.range) == TIME.TemporalUnit
    assert "OWL-Time" in str(ontology.value(GEO.date, RDFS.comment))


def test_every_geo_term_used_is_defined(ontology: Graph, shapes: Graph, cameo: Graph, plover: Graph) -> None:
    defined = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(GEO))}
    used: set[URIRef] = set()
    for g in (shapes, cameo, plover, load_union(FIXTURES / "valid.trig")):
        for triple in g:
            used |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(str(GEO))}
    assert used - defined == set()


# ----------------------------------------------------------------------------------------------- code lists
def test_cameo_scheme_structure(cameo: Graph) -> None:
    assert (CAMEO.scheme, RDF.type, SKOS.ConceptScheme) in cameo
    concepts = set(cameo.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 300
    for c in concepts:
        code = str(cameo.value(c, SKOS.notation))
        assert str(c) == str(CAMEO) + code and re.fullmatch(r"[0-9]{2,4}", code)
        assert (c, SKOS.inScheme, CAMEO.scheme) in cameo
        assert cameo.value(c, SKOS.prefLabel) is not None
        value = cameo.value(c, GEO.goldstein)
        assert value is not None and value.datatype == XSD.decimal and -10 <= value.toPython() <= 10
        if len(code) == 2:
            assert (c, SKOS.topConceptOf, CAMEO.scheme) in cameo
            assert cameo.value(c, SKOS.broader) is None
        else:
            assert cameo.value(c, SKOS.broader) == CAMEO[code[:-1]]
    assert cameo.value(CAMEO["036"], SKOS.broader) == CAMEO["03"]
    assert cameo.value(CAMEO["0311"], SKOS.broader) == CAMEO["031"]
    assert cameo.value(CAMEO["036"], SKOS.closeMatch) == PLOVER.AGREE
    for c in concepts:
        if str(cameo.value(c, SKOS.notation)).startswith("01"):
            assert cameo.value(c, SKOS.closeMatch) is None


def test_cameo_matches_exist_in_plover(cameo: Graph, plover: Graph) -> None:
    for target in set(cameo.objects(None, SKOS.closeMatch)):
        assert (target, SKOS.inScheme, PLOVER.scheme) in plover
        assert (target, OWL.deprecated, Literal(True)) not in plover


def test_plover_scheme(plover: Graph) -> None:
    assert (PLOVER.scheme, RDF.type, SKOS.ConceptScheme) in plover
    current = {c for c in plover.subjects(SKOS.inScheme, PLOVER.scheme)
               if (c, OWL.deprecated, Literal(True)) not in plover}
    assert current == {PLOVER[n] for n in PLOVER_CURRENT}
    for name in PLOVER_CURRENT:
        c = PLOVER[name]
        assert str(plover.value(c, SKOS.notation)) == name
        assert plover.value(c, SKOS.prefLabel) is not None
        assert plover.value(c, SKOS.definition) is not None
    for old, new in PLOVER_LEGACY.items():
        c = PLOVER[old]
        assert (c, OWL.deprecated, Literal(True)) in plover
        assert (c, SKOS.closeMatch, PLOVER[new]) in plover or (c, SKOS.exactMatch, PLOVER[new]) in plover
        assert "CAMEO2PLOVER" in str(plover.value(c, RDFS.comment))


@needs_shared
def test_every_gdelt_code_in_cameo(cameo: Graph) -> None:
    labels = read_tsv("CAMEO.eventcodes.GDELT.txt")
    values = read_tsv("CAMEO.goldsteinscale.GDELT.txt")
    assert len(labels) > 300
    for code in labels:
        c = CAMEO[code]
        assert (c, SKOS.inScheme, CAMEO.scheme) in cameo, code
        assert str(cameo.value(c, SKOS.notation)) == code
        expected_parent = CAMEO[code[:-1]] if len(code) > 2 else None
        assert cameo.value(c, SKOS.broader) == expected_parent, code
        assert cameo.value(c, GEO.goldstein).toPython() == Decimal(values[code]), code
    assert len(set(cameo.subjects(RDF.type, SKOS.Concept))) == len(labels)


@needs_shared
def test_cameo_plover_mapping_follows_table(cameo: Graph) -> None:
    first: dict[str, str] = {}
    for line in (BENCH / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*([0-9]{2,4})\s*:\s*([A-Z]+)", line)
        if m:
            first.setdefault(m.group(1), m.group(2))
    for c in cameo.subjects(RDF.type, SKOS.Concept):
        code = str(cameo.value(c, SKOS.notation))
        match = cameo.value(c, SKOS.closeMatch)
        if code in first:
            assert match == PLOVER[first[code]], code
        elif code.startswith("02"):  # the table maps no appeal code; appeals are filled as REQUEST (build_code_lists.py)
            assert match == PLOVER["REQUEST"], code
        else:
            assert match is None, code


@needs_shared
def test_legacy_names_cover_gold_records(plover: Graph) -> None:
    records = json.loads((BENCH / "plover_gsr_cameo.json").read_text(encoding="utf-8"))
    names = {r["event"] for r in records if r.get("event")} - set(PLOVER_CURRENT) - {"DOCUMENT"}
    for name in names:
        assert (PLOVER[name], OWL.deprecated, Literal(True)) in plover, name


def test_cameo_json_matches_ttl(cameo: Graph) -> None:
    doc = json.loads((ROOT / "data" / "codes" / "cameo.json").read_text(encoding="utf-8"))
    assert doc["about"]
    assert doc["plover_legacy"] == PLOVER_LEGACY
    assert set(doc["codes"]) == {str(n) for n in cameo.objects(None, SKOS.notation)}
    for code, entry in doc["codes"].items():
        c = CAMEO[code]
        assert entry["label"] == str(cameo.value(c, SKOS.prefLabel))
        assert entry["goldstein"] == float(cameo.value(c, GEO.goldstein).toPython())
        assert entry["parent"] == (code[:-1] if len(code) > 2 else None)
        assert entry["root"] == code[:2]
        match = cameo.value(c, SKOS.closeMatch)
        assert entry["plover"] == (str(match).rsplit("/", 1)[-1] if match else None)


# ----------------------------------------------------------------------------------------------- kg.codes
def test_codes_lookups() -> None:
    codes.clear_cache()
    assert codes.cameo_label("036") is not None
    assert codes.cameo_label("9999") is None
    assert codes.goldstein("036") == 4.0
    assert codes.goldstein("1213") == codes.goldstein("121")  # unknown code: nearest ancestor
    assert codes.plover("036") == "AGREE"
    assert codes.plover("0874") == "RETREAT"
    assert codes.plover("010") is None
    assert codes.plover("1213") == "REJECT"
    assert codes.cameo_root("0311") == "03"
    assert codes.cameo_parent("03") is None
    assert codes.current_plover("DISAPPROVE") == "ACCUSE"
    assert codes.current_plover("investigate") == "ACCUSE"
    assert codes.current_plover("ASSAULT") == "ASSAULT"
    with pytest.raises(ValueError):
        codes.current_plover("DOCUMENT")
    with pytest.raises(ValueError):
        codes.cameo_root("3")


def test_codes_data_dir_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "codes").mkdir()
    doc = {"about": "test", "plover_categories": ["AGREE"], "plover_legacy": {"OLD": "AGREE"},
           "codes": {"03": {"label": "Intend", "goldstein": 4.0, "plover": "AGREE", "parent": None, "root": "03"},
                     "036": {"label": "Meet", "goldstein": None, "plover": None, "parent": "03", "root": "03"}}}
    (tmp_path / "codes" / "cameo.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path))
    codes.clear_cache()
    try:
        assert codes.data_dir() == tmp_path
        assert codes.cameo_label("036") == "Meet"
        assert codes.goldstein("036") == 4.0  # from the ancestor
        assert codes.plover("036") == "AGREE"
        assert codes.current_plover("old") == "AGREE"
    finally:
        monkeypatch.delenv("KG_DATA_DIR")
        codes.clear_cache()


def test_codes_doctests() -> None:
    codes.clear_cache()
    result = doctest.testmod(codes)
    assert result.attempted > 0 and result.failed == 0


# ----------------------------------------------------------------------------------------------- shapes
def test_shapes_declared(shapes: Graph) -> None:
    names = {s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    assert {GEOSH.ArticleShape, GEOSH.ActorShape, GEOSH.ClaimShape, GEOSH.AttributionShape, GEOSH.EventShape,
            GEOSH.EventDateShape, GEOSH.EvidenceShape} <= names


def test_valid_fixture_conforms(valid: Graph, shapes: Graph) -> None:
    conforms, found = validate(valid, shapes)
    assert conforms, found


def test_valid_fixture_conforms_with_code_lists_and_ontology(valid: Graph, shapes: Graph, ontology: Graph,
                                                             cameo: Graph, plover: Graph) -> None:
    conforms, found = validate(valid + ontology + cameo + plover, shapes)
    assert conforms, found


def test_entailed_superclass_types_are_allowed(valid: Graph, shapes: Graph) -> None:
    """A media outlet may also be typed geo:Organization, an accusation geo:Criticism (both entailed)."""
    valid.add((ID["actor/Q130879"], RDF.type, GEO.Organization))
    valid.remove((E1, RDF.type, GEO.Proposal))
    valid.add((E1, RDF.type, GEO.Accusation))
    valid.add((E1, RDF.type, GEO.Criticism))
    conforms, found = validate(valid, shapes)
    assert conforms, found


def test_valid_fixture_covers_the_model(valid: Graph) -> None:
    types = set(valid.objects(None, RDF.type))
    assert {SCHEMA.NewsArticle, GEO.AnonymousSource, GEO.Claim, GEO.Proposal, GEO.Rejection, GEO.Talks,
            GEO.Denial} <= types
    assert len(set(valid.subjects(RDF.type, GEO.Claim))) == 2


def test_disputed_event_query() -> None:
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURES / "valid.trig"), format=pyoxigraph.RdfFormat.TRIG)
    query = """PREFIX geo: <https://w3id.org/geokg/ontology#>
        SELECT ?event WHERE { GRAPH ?c1 { ?event a geo:Event } GRAPH ?c2 { ?d geo:denies ?event } FILTER(?c1 != ?c2) }"""
    rows = [row["event"].value for row in store.query(query)]
    assert rows == [str(ID["event/fixture-1/3"])]


E1 = ID["event/fixture-1/1"]
EV1 = ID["event/fixture-1/1/evidence"]
PUTIN = ID["actor/Q7747"]
ATTR0 = ID["claim/fixture-1/1/attribution/0"]
SRC1 = ID["source/fixture-1/1"]
ARTICLE = ID["article/fixture-1"]


def _remove(*triples: tuple) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        for t in triples:
            assert any(True for _ in g.triples(t)), t
            g.remove(t)
    return mutate


def _set(s: URIRef, p: URIRef, o) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        assert (s, p, None) in g
        g.set((s, p, o))
    return mutate


def _add(*triples: tuple) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        for t in triples:
            g.add(t)
    return mutate


# (mutation, expected constraint component, expected path or None, expected focus node[, text in the message])
BROKEN = {
    # an event may lack its agent ("killed in a car bombing"), not both agent and target
    "missing agent and target": (_remove((E1, GEO.agent, None), (E1, GEO.target, None)), "OrConstraintComponent", None, E1,
                                 "geo:agent"),
    "bad cameo IRI": (_set(E1, GEO.cameo, URIRef("http://example.org/cameo/036")),
                      "PatternConstraintComponent", GEO.cameo, E1),
    "cameo code too long": (_set(E1, GEO.cameo, CAMEO["03611"]), "PatternConstraintComponent", GEO.cameo, E1),
    "date without bounds": (_remove((E1, SEM.hasEarliestBeginTimeStamp, None), (E1, SEM.hasLatestEndTimeStamp, None),
                                    (E1, GEO.dateGranularity, None)), "OrConstraintComponent", None, E1,
                            "present together"),
    "bounds without date": (_remove((E1, GEO.date, None)), "OrConstraintComponent", None, E1, "present together"),
    "earliest after latest": (_set(E1, SEM.hasEarliestBeginTimeStamp, Literal("2024-01-01", datatype=XSD.date)),
                              "SPARQLConstraintComponent", None, E1, "is after"),
    "granularity does not match date": (_set(E1, GEO.dateGranularity, TIME.unitDay),
                                        "SPARQLConstraintComponent", None, E1, "does not match"),
    "date of wrong datatype": (_set(E1, GEO.date, Literal("2023-01-01T00:00:00", datatype=XSD.dateTime)),
                               "OrConstraintComponent", GEO.date, E1),
    "charStart after charEnd": (_set(EV1, GEO.charStart, Literal(100)), "LessThanConstraintComponent",
                                GEO.charStart, EV1),
    "negative charStart": (_set(EV1, GEO.charStart, Literal(-1)), "MinInclusiveConstraintComponent",
                           GEO.charStart, EV1),
    "empty sentence": (_set(EV1, GEO.sentence, Literal("")), "MinLengthConstraintComponent", GEO.sentence, EV1),
    "bad wikidata IRI": (_set(PUTIN, OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q7747")),
                         "PatternConstraintComponent", OWL.sameAs, PUTIN),
    "two specific event classes": (_add((E1, RDF.type, GEO.Rejection)),
                                   "QualifiedMaxCountConstraintComponent", RDF.type, E1),
    "no specific event class": (_remove((E1, RDF.type, GEO.Proposal)),
                                "QualifiedMinCountConstraintComponent", RDF.type, E1),
    "missing negated": (_remove((E1, GEO.negated, None)), "MinCountConstraintComponent", GEO.negated, E1),
    "goldstein out of range": (_set(E1, GEO.goldstein, Literal(Decimal("12.5"))),
                               "MaxInclusiveConstraintComponent", GEO.goldstein, E1),
    "two actor kinds": (_add((PUTIN, RDF.type, GEO.Organization)),
                        "QualifiedMaxCountConstraintComponent", RDF.type, PUTIN),
    "person typed media organization": (_add((PUTIN, RDF.type, GEO.MediaOrganization)),
                                        "QualifiedMaxCountConstraintComponent", RDF.type, PUTIN),
    "actor without kind": (_remove((PUTIN, RDF.type, GEO.Person)),
                           "QualifiedMinCountConstraintComponent", RDF.type, PUTIN),
    "accusation typed proposal": (_add((E1, RDF.type, GEO.Accusation)),
                                  "QualifiedMaxCountConstraintComponent", RDF.type, E1),
    "bad country code": (_set(PUTIN, GEO.country, Literal("RU")), "PatternConstraintComponent", GEO.country, PUTIN),
    "two names": (_add((PUTIN, SCHEMA.name, Literal("Putin"))), "MaxCountConstraintComponent", SCHEMA.name, PUTIN),
    "attribution with unknown role": (_set(ATTR0, PROV.hadRole, GEO.SpeakerRole), "InConstraintComponent",
                                      PROV.hadRole, ATTR0),
    "attribution with negative order": (_set(ATTR0, GEO.order, Literal(-1)), "MinInclusiveConstraintComponent",
                                        GEO.order, ATTR0),
    "anonymous source not flagged": (_remove((SRC1, GEO.anonymous, None)), "MinCountConstraintComponent",
                                     GEO.anonymous, SRC1),
    "article without content hash": (_remove((ARTICLE, GEO.contentHash, None)), "MinCountConstraintComponent",
                                     GEO.contentHash, ARTICLE),
    "claim without article": (_remove((ID["claim/fixture-1/2"], PROV.wasDerivedFrom, None)),
                              "MinCountConstraintComponent", PROV.wasDerivedFrom, ID["claim/fixture-1/2"]),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_variant_fails(case: str, valid: Graph, shapes: Graph) -> None:
    mutate, component, path, focus, *text = BROKEN[case]
    mutate(valid)
    conforms, found = validate(valid, shapes)
    assert not conforms
    expected = [v for v in found
                if v[0] == component and v[1] == (str(path) if path is not None else None) and v[2] == focus
                and all(t in v[4] for t in text)]
    assert expected, f"{case}: expected {component} on {path} at {focus}, got {sorted(found, key=str)}"
