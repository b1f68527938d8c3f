"""Plain dataclasses passed between the pipeline stages.

ingest -> :class:`Article`; extract -> :class:`Extraction` (actors, events, claims);
rdf turns an :class:`Extraction` into quads.  Nothing here imports spaCy or rdflib.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Granularity = Literal["day", "month", "year"]

#: Event classes of the ontology (local names under ``geo:``).
EVENT_CLASSES: tuple[str, ...] = (
    "Statement",
    "Appeal",
    "Proposal",
    "Talks",
    "Cooperation",
    "Agreement",
    "Aid",
    "Concession",
    "Investigation",
    "Demand",
    "Criticism",
    "Accusation",
    "Rejection",
    "Denial",
    "Threat",
    "Protest",
    "Mobilization",
    "Sanction",
    "Coercion",
    "MilitaryAction",
    "MassViolence",
)

#: Actor kinds of the ontology (local names under ``geo:``).
ACTOR_KINDS: tuple[str, ...] = (
    "Country",
    "Person",
    "Organization",
    "MediaOrganization",
    "Group",
    "AnonymousSource",
)


@dataclass(frozen=True)
class Article:
    """One news article, as read from a file.

    ``text`` is the body (title line, date line, dateline prefix and boilerplate removed);
    character offsets of extracted evidence refer to it.
    """

    id: str
    title: str
    text: str
    published: date | None = None
    url: str | None = None
    source: str | None = None  # the outlet that published it, when known
    path: str | None = None  # the file it came from
    dateline: str | None = None  # place of the dateline ("Washington"), when one was stripped
    language: str = "en"

    @property
    def content_hash(self) -> str:
        """SHA-256 over what extraction depends on; equal hashes mean nothing to rebuild."""
        h = hashlib.sha256()
        for part in (self.title, self.published.isoformat() if self.published else "", self.source or "", self.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x1f")
        return h.hexdigest()


@dataclass(frozen=True)
class DateValue:
    """A date at its granularity: ``2023`` is a year, never 2023-01-01."""

    value: str  # "2024-02-13", "2022-02" or "2023"
    granularity: Granularity
    earliest: date
    latest: date
    text: str = ""  # the expression it came from

    @property
    def xsd_type(self) -> str:
        return {"day": "date", "month": "gYearMonth", "year": "gYear"}[self.granularity]


@dataclass
class Actor:
    """A canonical actor: one per real-world entity across articles (anonymous sources: per article)."""

    key: str  # stable identifier, e.g. "Q7747" or "anon-<article>-1" or "name-<slug>"
    label: str
    kind: str  # one of ACTOR_KINDS
    wikidata: str | None = None
    country: str | None = None  # ISO 3166 alpha-3
    cameo: str | None = None  # CAMEO actor code, e.g. "RUSGOV"
    aliases: set[str] = field(default_factory=set)
    count: int | None = None  # "three Russian sources" -> 3
    affiliation: str | None = None  # key of the actor an anonymous source belongs to
    anonymous: bool = False


@dataclass
class Evidence:
    sentence: str
    start: int  # character offsets of the sentence in Article.text
    end: int
    trigger: str = ""


@dataclass
class Event:
    id: str  # "<article id>/e<n>", stable for the same article text
    type: str  # one of EVENT_CLASSES
    cameo: str  # most specific CAMEO event code the text allows, e.g. "036"
    evidence: Evidence
    agent: str | None = None  # Actor.key
    target: str | None = None  # Actor.key
    theme: str | None = None  # what it is about, as text
    about: str | None = None  # Event.id this event is about (a Rejection of a Proposal)
    denies: list[str] = field(default_factory=list)  # Event.ids of events (in other claims) this one denies
    negated: bool = False
    modality: str | None = None  # "would", "may", "will", ... or "hypothetical" under "if"
    date: DateValue | None = None
    claim: str = ""  # Claim.id of the claim graph it belongs to


@dataclass
class Claim:
    """What one chain of sources asserts: becomes one named graph."""

    id: str  # "<article id>/c<n>"
    sources: list[str]  # Actor keys, nearest source first (the speaker, then the outlet that quotes them)
    reported: DateValue | None = None  # when the source said it, when the text says
    anonymous: bool = False


@dataclass
class Extraction:
    article: Article
    actors: dict[str, Actor] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    mentions: dict[str, set[str]] = field(default_factory=dict)  # actor key -> surface forms seen
    dates: list[tuple[str, DateValue | None]] = field(default_factory=list)  # every date expression and its value
    warnings: list[str] = field(default_factory=list)
