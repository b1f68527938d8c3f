"""Namespaces and IRI builders of the geokg model (see docs/rdf-model.md)."""

from __future__ import annotations

import re

GEO = "https://w3id.org/geokg/ontology#"
ID = "https://w3id.org/geokg/id/"
CAMEO = "https://w3id.org/geokg/cameo/"
PLOVER = "https://w3id.org/geokg/plover/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
WD = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    "geo": GEO,
    "id": ID,
    "cameo": CAMEO,
    "plover": PLOVER,
    "sem": SEM,
    "schema": SCHEMA,
    "prov": PROV,
    "time": TIME,
    "dct": DCT,
    "skos": SKOS,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "wd": WD,
}

_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def slug(text: str) -> str:
    """IRI-safe lowercase slug: ``slug("Western media") == "western-media"``."""
    return _UNSAFE.sub("-", text.lower()).strip("-") or "x"


def article_iri(article_id: str) -> str:
    return f"{ID}article/{article_id}"


def actor_iri(key: str) -> str:
    return f"{ID}actor/{key}"


def source_iri(article_id: str, n: int) -> str:
    return f"{ID}source/{article_id}/{n}"


def claim_iri(article_id: str, n: int) -> str:
    return f"{ID}claim/{article_id}/{n}"


def event_iri(article_id: str, n: int) -> str:
    return f"{ID}event/{article_id}/{n}"
