"""Extraction -> quads under the geokg ontology (docs/rdf-model.md).

The default graph gets the article, the actors, the claims and their PROV-O attribution; each claim's
events go into the claim's own named graph.  IRIs are derived from the article id and positions, so the
same article always gives the same IRIs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from kg import codes
from kg.types import Actor, Extraction
from kg.vocab import (
    CAMEO, DCT, GEO, ID, OWL, PLOVER, PROV, RDF, RDFS, SCHEMA, SEM, SKOS, TIME, WD, XSD, actor_iri, article_iri,
)

_TYPE = ox.NamedNode(RDF + "type")
_DEFAULT = ox.DefaultGraph()
_GRANULARITY = {"day": TIME + "unitDay", "month": TIME + "unitMonth", "year": TIME + "unitYear"}
_ROLE = {"anonymous": GEO + "AnonymousSourceRole", "named": GEO + "NamedSourceRole", "media": GEO + "MediaRole", "narrator": GEO + "NarratorRole"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: object, dtype: str | None = None) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=_n(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_n(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(f"{value:.1f}", datatype=_n(XSD + "decimal"))
    if dtype:
        return ox.Literal(str(value), datatype=_n(XSD + dtype))
    return ox.Literal(str(value))


def actor_node(actor: Actor) -> ox.NamedNode:
    """IRI of an actor: anonymous sources live under ``id:source/``, canonical actors under ``id:actor/``."""
    if actor.anonymous:
        return _n(ID + actor.key)
    return _n(actor_iri(actor.key))


def event_node(event_id: str) -> ox.NamedNode:
    aid, n = event_id.rsplit("/", 1)
    return _n(f"{ID}event/{aid}/{n}")


def claim_node(claim_id: str) -> ox.NamedNode:
    aid, c = claim_id.rsplit("/", 1)
    return _n(f"{ID}claim/{aid}/{c.lstrip('c')}")


def quads(ex: Extraction) -> Iterator[ox.Quad]:
    """All quads for one article's extraction.

    Examples
    --------
    >>> from kg.types import Article, Extraction
    >>> qs = list(quads(Extraction(article=Article(id="a1", title="T", text="x"))))
    >>> any(q.object == ox.NamedNode("https://schema.org/NewsArticle") for q in qs)
    True
    """
    art = ex.article
    a = _n(article_iri(art.id))
    yield ox.Quad(a, _TYPE, _n(SCHEMA + "NewsArticle"), _DEFAULT)
    yield ox.Quad(a, _n(DCT + "identifier"), _lit(art.id), _DEFAULT)
    yield ox.Quad(a, _n(DCT + "title"), _lit(art.title or art.id), _DEFAULT)
    yield ox.Quad(a, _n(GEO + "contentHash"), _lit(art.content_hash), _DEFAULT)
    if art.published:
        yield ox.Quad(a, _n(DCT + "issued"), _lit(art.published.isoformat(), "date"), _DEFAULT)
    if art.url:
        yield ox.Quad(a, _n(SCHEMA + "url"), _lit(art.url), _DEFAULT)
    if art.dateline:
        yield ox.Quad(a, _n(GEO + "dateline"), _lit(art.dateline), _DEFAULT)
    publisher = _publisher(ex)
    if publisher is not None:
        yield ox.Quad(a, _n(DCT + "publisher"), actor_node(publisher), _DEFAULT)

    for actor in ex.actors.values():
        yield from _actor(actor, a, ex)

    for claim in ex.claims:
        c = claim_node(claim.id)
        yield ox.Quad(c, _TYPE, _n(GEO + "Claim"), _DEFAULT)
        yield ox.Quad(c, _TYPE, _n(PROV + "Entity"), _DEFAULT)
        yield ox.Quad(c, _n(PROV + "wasDerivedFrom"), a, _DEFAULT)
        if publisher is not None:
            yield ox.Quad(c, _n(PROV + "wasAttributedTo"), actor_node(publisher), _DEFAULT)
        if claim.reported is not None and claim.reported.granularity == "day":
            yield ox.Quad(c, _n(GEO + "reportedOn"), _lit(claim.reported.value, "date"), _DEFAULT)
        chain = [ex.actors[k] for k in claim.sources if k in ex.actors]
        if not chain and publisher is not None:
            chain = [publisher]
        for k, source in enumerate(chain):
            att = _n(f"{c.value}/attribution/{k}")
            role = "narrator" if not claim.sources else "anonymous" if source.anonymous else "media" if source.kind == "MediaOrganization" else "named"
            yield ox.Quad(c, _n(PROV + "qualifiedAttribution"), att, _DEFAULT)
            yield ox.Quad(att, _TYPE, _n(PROV + "Attribution"), _DEFAULT)
            yield ox.Quad(att, _n(PROV + "agent"), actor_node(source), _DEFAULT)
            yield ox.Quad(att, _n(PROV + "hadRole"), _n(_ROLE[role]), _DEFAULT)
            yield ox.Quad(att, _n(GEO + "order"), _lit(k), _DEFAULT)

    claim_of = {e.id: e.claim for e in ex.events}
    for ev in ex.events:
        yield from _event(ev, ex, claim_of)


def _publisher(ex: Extraction) -> Actor | None:
    if not ex.article.source:
        return None
    from kg.gazetteer import load_gazetteer
    from kg.vocab import slug

    entry = load_gazetteer().lookup(ex.article.source)
    if entry is not None:
        actor = entry.actor(ex.article.published)
    else:
        actor = Actor(key=f"media-{slug(ex.article.source)}", label=ex.article.source, kind="MediaOrganization", cameo="JRN")
    ex.actors.setdefault(actor.key, actor)
    return ex.actors[actor.key]


def _actor(actor: Actor, article: ox.NamedNode, ex: Extraction) -> Iterator[ox.Quad]:
    s = actor_node(actor)
    yield ox.Quad(s, _TYPE, _n(GEO + "Actor"), _DEFAULT)
    yield ox.Quad(s, _TYPE, _n(GEO + actor.kind), _DEFAULT)
    yield ox.Quad(s, _n(SCHEMA + "name"), _lit(actor.label), _DEFAULT)
    yield ox.Quad(s, _n(RDFS + "label"), _lit(actor.label), _DEFAULT)
    yield ox.Quad(s, _n(GEO + "mentionedIn"), article, _DEFAULT)
    if actor.wikidata:
        yield ox.Quad(s, _n(OWL + "sameAs"), _n(WD + actor.wikidata), _DEFAULT)
    if actor.country:
        yield ox.Quad(s, _n(GEO + "country"), _lit(actor.country), _DEFAULT)
    if actor.cameo:
        yield ox.Quad(s, _n(GEO + "cameoCode"), _lit(actor.cameo), _DEFAULT)
    if actor.anonymous:
        yield ox.Quad(s, _TYPE, _n(PROV + "Agent"), _DEFAULT)
        yield ox.Quad(s, _n(GEO + "anonymous"), _lit(True), _DEFAULT)
        if actor.count:
            yield ox.Quad(s, _n(GEO + "count"), _lit(actor.count), _DEFAULT)
        if actor.affiliation and actor.affiliation in ex.actors:
            yield ox.Quad(s, _n(GEO + "affiliation"), actor_node(ex.actors[actor.affiliation]), _DEFAULT)
    for alias in sorted(actor.aliases):
        if alias and alias != actor.label:
            yield ox.Quad(s, _n(SKOS + "altLabel"), _lit(alias), _DEFAULT)


def _event(ev, ex: Extraction, claim_of: dict[str, str]) -> Iterator[ox.Quad]:  # type: ignore[no-untyped-def]
    g = claim_node(ev.claim)
    e = event_node(ev.id)
    yield ox.Quad(e, _TYPE, _n(GEO + "Event"), g)
    yield ox.Quad(e, _TYPE, _n(SEM + "Event"), g)
    yield ox.Quad(e, _TYPE, _n(GEO + ev.type), g)
    yield ox.Quad(e, _n(GEO + "agent"), actor_node(ex.actors[ev.agent]), g)
    if ev.target and ev.target in ex.actors:
        yield ox.Quad(e, _n(GEO + "target"), actor_node(ex.actors[ev.target]), g)
    if ev.theme:
        yield ox.Quad(e, _n(GEO + "theme"), _lit(ev.theme), g)
    yield ox.Quad(e, _n(GEO + "cameo"), _n(CAMEO + ev.cameo), g)
    plover = codes.plover(ev.cameo)
    if plover:
        yield ox.Quad(e, _n(GEO + "plover"), _n(PLOVER + plover), g)
    goldstein = codes.goldstein(ev.cameo)
    if goldstein is not None:
        yield ox.Quad(e, _n(GEO + "goldstein"), _lit(float(goldstein)), g)
    yield ox.Quad(e, _n(GEO + "negated"), _lit(ev.negated), g)
    if ev.modality:
        yield ox.Quad(e, _n(GEO + "modality"), _lit(ev.modality), g)
    if ev.about and ev.about in claim_of:
        yield ox.Quad(e, _n(GEO + "about"), event_node(ev.about), g)
    for denied in ev.denies:
        if denied not in claim_of:  # no such event in this article: nothing to point at
            continue
        yield ox.Quad(e, _n(GEO + "denies"), event_node(denied), g)
        yield ox.Quad(e, _n(GEO + "about"), event_node(denied), g)
        yield ox.Quad(claim_node(claim_of[denied]), _n(GEO + "disputedBy"), g, _DEFAULT)
    if ev.date is not None:
        d = ev.date
        yield ox.Quad(e, _n(GEO + "date"), _lit(d.value, d.xsd_type), g)
        yield ox.Quad(e, _n(SEM + "hasEarliestBeginTimeStamp"), _lit(d.earliest.isoformat(), "date"), g)
        yield ox.Quad(e, _n(SEM + "hasLatestEndTimeStamp"), _lit(d.latest.isoformat(), "date"), g)
        yield ox.Quad(e, _n(GEO + "dateGranularity"), _n(_GRANULARITY[d.granularity]), g)
        if d.text:
            yield ox.Quad(e, _n(GEO + "dateText"), _lit(d.text), g)
    ev_node = _n(e.value + "/evidence")
    yield ox.Quad(e, _n(GEO + "evidence"), ev_node, g)
    yield ox.Quad(ev_node, _TYPE, _n(GEO + "Evidence"), g)
    yield ox.Quad(ev_node, _n(GEO + "sentence"), _lit(ev.evidence.sentence), g)
    yield ox.Quad(ev_node, _n(GEO + "charStart"), _lit(ev.evidence.start), g)
    yield ox.Quad(ev_node, _n(GEO + "charEnd"), _lit(ev.evidence.end), g)
    if ev.evidence.trigger:
        yield ox.Quad(ev_node, _n(GEO + "trigger"), _lit(ev.evidence.trigger), g)
