"""Extraction -> quads under the geokg ontology (docs/rdf-model.md).

The default graph gets the article, the actors, the claims and their PROV-O attribution; each claim's
events go into the claim's own named graph.  IRIs are derived from the article id and positions, so the
same article always gives the same IRIs: ``id:event/<article id>/<n>`` and ``id:claim/<article id>/<n>``, a
scheme the named queries sort by (see "Sort keys" in :mod:`kg.queries`; tests/queries checks it).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import pyoxigraph as ox

from kg import codes
from kg.types import Actor, Extraction
from kg.vocab import (
    CAMEO, DCT, GEO, ID, OWL, PLOVER, PROV, RDF, RDFS, SCHEMA, SEM, SKOS, TIME, WD, XSD, actor_iri, article_iri,
)

_TYPE = ox.NamedNode(RDF + "type")
# Quads of the default graph are made without a graph argument: pyoxigraph then takes the default graph
# at once, where an explicit DefaultGraph() costs it several failed conversions first.
_GRANULARITY = {"day": TIME + "unitDay", "month": TIME + "unitMonth", "year": TIME + "unitYear"}
_ROLE = {"anonymous": GEO + "AnonymousSourceRole", "named": GEO + "NamedSourceRole", "media": GEO + "MediaRole", "narrator": GEO + "NarratorRole"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


_VOCAB: dict[str, ox.NamedNode] = {}


def _c(iri: str) -> ox.NamedNode:
    """A node of the vocabulary (predicates, classes, code lists): made once, reused."""
    node = _VOCAB.get(iri)
    if node is None:
        node = _VOCAB[iri] = ox.NamedNode(iri)
    return node


class _Namespace:
    """The nodes of one namespace as attributes (``_geo.agent``): each made on first use, then a plain attribute
    (no string concatenation and look-up per quad)."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = _c(self._base + name)
        setattr(self, name, node)
        return node


_geo, _schema, _dct, _prov, _sem, _skos, _rdfs, _owl, _xsd = (
    _Namespace(base) for base in (GEO, SCHEMA, DCT, PROV, SEM, SKOS, RDFS, OWL, XSD))
_BOOLEAN = {True: ox.Literal("true", datatype=_xsd.boolean), False: ox.Literal("false", datatype=_xsd.boolean)}


def _lit(value: object, dtype: str | None = None) -> ox.Literal:
    if isinstance(value, bool):
        return _BOOLEAN[value]
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=_xsd.integer)
    if isinstance(value, float):
        return ox.Literal(f"{value:.1f}", datatype=_xsd.decimal)
    if dtype:
        return ox.Literal(str(value), datatype=_c(XSD + dtype))
    return ox.Literal(str(value))


def actor_node(actor: Actor) -> ox.NamedNode:
    """IRI of an actor: anonymous sources live under ``id:source/``, canonical actors under ``id:actor/``."""
    return _actor_node(actor.key, actor.anonymous)


@lru_cache(maxsize=4096)
def _actor_node(key: str, anonymous: bool) -> ox.NamedNode:  # an actor is named in many quads of its article
    if anonymous:
        return _n(ID + key)
    return _n(actor_iri(key))


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
    yield ox.Quad(a, _TYPE, _schema.NewsArticle)
    yield ox.Quad(a, _dct.identifier, _lit(art.id))
    yield ox.Quad(a, _dct.title, _lit(art.title or art.id))
    yield ox.Quad(a, _geo.contentHash, _lit(art.content_hash))
    if art.published:
        yield ox.Quad(a, _dct.issued, _lit(art.published.isoformat(), "date"))
    if art.url:
        yield ox.Quad(a, _schema.url, _lit(art.url))
    if art.dateline:
        yield ox.Quad(a, _geo.dateline, _lit(art.dateline))
    publisher = _publisher(ex)
    if publisher is not None:
        yield ox.Quad(a, _dct.publisher, actor_node(publisher))

    for actor in ex.actors.values():
        yield from _actor(actor, a, ex)

    for claim in ex.claims:
        c = claim_node(claim.id)
        yield ox.Quad(c, _TYPE, _geo.Claim)
        yield ox.Quad(c, _TYPE, _prov.Entity)
        yield ox.Quad(c, _prov.wasDerivedFrom, a)
        if publisher is not None:
            yield ox.Quad(c, _prov.wasAttributedTo, actor_node(publisher))
        if claim.reported is not None and claim.reported.granularity == "day":
            yield ox.Quad(c, _geo.reportedOn, _lit(claim.reported.value, "date"))
        chain = [ex.actors[k] for k in claim.sources if k in ex.actors]
        if not chain and publisher is not None:
            chain = [publisher]
        for k, source in enumerate(chain):
            att = _n(f"{c.value}/attribution/{k}")
            role = "narrator" if not claim.sources else "anonymous" if source.anonymous else "media" if source.kind == "MediaOrganization" else "named"
            yield ox.Quad(c, _prov.qualifiedAttribution, att)
            yield ox.Quad(att, _TYPE, _prov.Attribution)
            yield ox.Quad(att, _prov.agent, actor_node(source))
            yield ox.Quad(att, _prov.hadRole, _c(_ROLE[role]))
            yield ox.Quad(att, _geo.order, _lit(k))

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
    yield ox.Quad(s, _TYPE, _geo.Actor)
    yield ox.Quad(s, _TYPE, _c(GEO + actor.kind))
    yield ox.Quad(s, _schema.name, _lit(actor.label))
    yield ox.Quad(s, _rdfs.label, _lit(actor.label))
    yield ox.Quad(s, _geo.mentionedIn, article)
    if actor.wikidata:
        yield ox.Quad(s, _owl.sameAs, _n(WD + actor.wikidata))
    if actor.country:
        yield ox.Quad(s, _geo.country, _lit(actor.country))
    if actor.cameo:
        yield ox.Quad(s, _geo.cameoCode, _lit(actor.cameo))
    if actor.anonymous:
        yield ox.Quad(s, _TYPE, _prov.Agent)
        yield ox.Quad(s, _geo.anonymous, _lit(True))
        if actor.count:
            yield ox.Quad(s, _geo.count, _lit(actor.count))
        if actor.affiliation and actor.affiliation in ex.actors:
            yield ox.Quad(s, _geo.affiliation, actor_node(ex.actors[actor.affiliation]))
    for alias in sorted(actor.aliases):
        if alias and alias != actor.label:
            yield ox.Quad(s, _skos.altLabel, _lit(alias))


def _event(ev, ex: Extraction, claim_of: dict[str, str]) -> Iterator[ox.Quad]:  # type: ignore[no-untyped-def]
    g = claim_node(ev.claim)
    e = event_node(ev.id)
    yield ox.Quad(e, _TYPE, _geo.Event, g)
    yield ox.Quad(e, _TYPE, _sem.Event, g)
    yield ox.Quad(e, _TYPE, _c(GEO + ev.type), g)
    if ev.agent is not None:  # a bombing "by unknown attackers" has a target and no agent
        yield ox.Quad(e, _geo.agent, actor_node(ex.actors[ev.agent]), g)
    if ev.target and ev.target in ex.actors:
        yield ox.Quad(e, _geo.target, actor_node(ex.actors[ev.target]), g)
    if ev.theme:
        yield ox.Quad(e, _geo.theme, _lit(ev.theme), g)
    yield ox.Quad(e, _geo.cameo, _c(CAMEO + ev.cameo), g)
    plover = codes.plover(ev.cameo)
    if plover:
        yield ox.Quad(e, _geo.plover, _c(PLOVER + plover), g)
    goldstein = codes.goldstein(ev.cameo)
    if goldstein is not None:
        yield ox.Quad(e, _geo.goldstein, _lit(float(goldstein)), g)
    yield ox.Quad(e, _geo.negated, _lit(ev.negated), g)
    if ev.modality:
        yield ox.Quad(e, _geo.modality, _lit(ev.modality), g)
    if ev.about and ev.about in claim_of:
        yield ox.Quad(e, _geo.about, event_node(ev.about), g)
    for denied in ev.denies:
        if denied not in claim_of:  # no such event in this article: nothing to point at
            continue
        yield ox.Quad(e, _geo.denies, event_node(denied), g)
        yield ox.Quad(e, _geo.about, event_node(denied), g)
        yield ox.Quad(claim_node(claim_of[denied]), _geo.disputedBy, g)
    if ev.date is not None:
        d = ev.date
        yield ox.Quad(e, _geo.date, _lit(d.value, d.xsd_type), g)
        yield ox.Quad(e, _sem.hasEarliestBeginTimeStamp, _lit(d.earliest.isoformat(), "date"), g)
        yield ox.Quad(e, _sem.hasLatestEndTimeStamp, _lit(d.latest.isoformat(), "date"), g)
        yield ox.Quad(e, _geo.dateGranularity, _c(_GRANULARITY[d.granularity]), g)
        if d.text:
            yield ox.Quad(e, _geo.dateText, _lit(d.text), g)
    ev_node = _n(e.value + "/evidence")
    yield ox.Quad(e, _geo.evidence, ev_node, g)
    yield ox.Quad(ev_node, _TYPE, _geo.Evidence, g)
    yield ox.Quad(ev_node, _geo.sentence, _lit(ev.evidence.sentence), g)
    yield ox.Quad(ev_node, _geo.charStart, _lit(ev.evidence.start), g)
    yield ox.Quad(ev_node, _geo.charEnd, _lit(ev.evidence.end), g)
    if ev.evidence.trigger:
        yield ox.Quad(ev_node, _geo.trigger, _lit(ev.evidence.trigger), g)
