"""Score extractions against expectation files (the format of data/samples/*.expected.json).

Matching rules, stated once:

* an actor matches a list of names when any name equals (case-insensitively, ignoring a leading "the")
  the actor's label or one of its aliases, or names a country the actor belongs to (its ``country`` or,
  for an anonymous source, its affiliation) -- country-level coding, as PLOVER and GDELT score it;
* a **required** event is found when an extracted event has one of its classes, a matching agent and,
  where the file names a target, a matching target;
* an extracted event is **spurious** when no listed event (required or optional) has its class and a
  matching agent with a compatible target (none extracted, none listed, or a match);
* a listed date is right when a found event carries exactly that value; listed dates of the article are
  checked through :func:`kg.nlp.time.normalise` against the publication date.

Examples
--------
>>> names_match({"Vladimir Putin", "Putin"}, None, ["putin"])
True
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.gazetteer import load_gazetteer, norm
from kg.types import Actor, Event, Extraction


def _n(text: str) -> str:
    """Comparable form of a name: no leading article, no accents, lower case ("António" = "Antonio")."""
    decomposed = unicodedata.normalize("NFKD", norm(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def names_match(names: set[str], country: str | None, wanted: list[str]) -> bool:
    """Whether an actor with these ``names`` (and ``country``) is one of ``wanted``."""
    mine = {_n(x) for x in names}
    gz = load_gazetteer()
    for w in wanted:
        if _n(w) in mine:
            return True
        if country:
            entry = gz.lookup(w)
            if entry is not None and entry.kind == "Country" and entry.country == country:
                return True
    return False


def actor_names(ex: Extraction, key: str | None) -> tuple[set[str], str | None]:
    if key is None or key not in ex.actors:
        return set(), None
    a: Actor = ex.actors[key]
    country = a.country
    if a.anonymous and a.affiliation in ex.actors:
        country = ex.actors[a.affiliation].country
    return {a.label, *a.aliases}, country


@dataclass
class EventCheck:
    id: str
    required: bool
    found: list[str] = field(default_factory=list)  # ids of extracted events matching it
    date_expected: str | None = None
    date_ok: bool | None = None
    attribution_ok: bool | None = None
    disputed_ok: bool | None = None


@dataclass
class Score:
    article: str
    checks: list[EventCheck] = field(default_factory=list)
    spurious: list[Event] = field(default_factory=list)
    extracted: int = 0
    alias_misses: list[str] = field(default_factory=list)
    date_misses: list[str] = field(default_factory=list)

    @property
    def required(self) -> list[EventCheck]:
        return [c for c in self.checks if c.required]

    @property
    def recall(self) -> float:
        req = self.required
        return sum(bool(c.found) for c in req) / len(req) if req else 1.0

    @property
    def precision(self) -> float:
        return (self.extracted - len(self.spurious)) / self.extracted if self.extracted else 1.0

    def misses(self) -> list[str]:
        return [c.id for c in self.required if not c.found]


def load_expectations(path: str | Path) -> dict[str, Any]:
    with Path(path).open(encoding="utf-8") as fh:
        return json.load(fh)


def _event_matches(ex: Extraction, ev: Event, spec: dict[str, Any], *, strict_target: bool) -> bool:
    if ev.type not in spec.get("types", []):
        return False
    names, country = actor_names(ex, ev.agent)
    if spec.get("agent") and not names_match(names, country, spec["agent"]):
        return False
    wanted_target = spec.get("target")
    if wanted_target:
        if ev.target is None:
            return not strict_target
        names, country = actor_names(ex, ev.target)
        return names_match(names, country, wanted_target)
    return True


def _sources(ex: Extraction, ev: Event) -> set[str]:
    claim = next((c for c in ex.claims if c.id == ev.claim), None)
    out: set[str] = set()
    for key in claim.sources if claim else []:
        names, _ = actor_names(ex, key)
        out |= names
    return out


def score(ex: Extraction, expected: dict[str, Any]) -> Score:
    """Compare one article's extraction with its expectations."""
    result = Score(article=ex.article.id, extracted=len(ex.events))
    by_id = {e.id: e for e in ex.events}
    denied_by: dict[str, list[Event]] = {}
    for e in ex.events:
        for d in e.denies:
            denied_by.setdefault(d, []).append(e)
    for spec in expected.get("events", []):
        check = EventCheck(id=spec["id"], required=bool(spec.get("required")), date_expected=spec.get("date"))
        check.found = [e.id for e in ex.events if _event_matches(ex, e, spec, strict_target=True)]
        if check.found and spec.get("date"):
            check.date_ok = any(by_id[i].date is not None and by_id[i].date.value == spec["date"] for i in check.found)
        if check.found and spec.get("asserted_by"):
            wanted = spec["asserted_by"]
            check.attribution_ok = any(names_match(_sources(ex, by_id[i]), None, wanted) for i in check.found)
        if check.found and spec.get("disputed_by"):
            ok = False
            for i in check.found:
                for denial in denied_by.get(i, []):
                    names, country = actor_names(ex, denial.agent)
                    if names_match(names, country, spec["disputed_by"]):
                        ok = True
            check.disputed_ok = ok
        result.checks.append(check)
    for ev in ex.events:
        if not any(_event_matches(ex, ev, spec, strict_target=False) for spec in expected.get("events", [])):
            result.spurious.append(ev)
    result.alias_misses = _alias_misses(ex, expected)
    result.date_misses = _date_misses(ex, expected) if ex.article.published else []
    return result


def _alias_misses(ex: Extraction, expected: dict[str, Any]) -> list[str]:
    """Listed aliases the system does not resolve to their actor.

    An alias resolves when an extracted actor carrying it (or whose mention it contains, as in "Republican
    frontrunner Donald Trump") is the listed actor -- same Wikidata ID, or a label or name in common, or, for a
    listed country, an actor of that country (a state organ) -- or when the gazetteer resolves the alias
    itself to the listed actor ("US", "Congolese").  Aliases of unnamed groups ("hundreds of protesters") are
    not checked: only actors with a proper name, and anonymous sources.
    """
    gz = load_gazetteer()
    misses = []
    for spec in expected.get("actors", []):
        anonymous = spec.get("kind") == "AnonymousSource"
        if not anonymous and spec.get("kind") == "Group" and not spec.get("wikidata"):
            continue  # unnamed groups: "hundreds of protesters", "residents"
        wanted = {_n(spec["label"]), *(_n(a) for a in spec.get("aliases_in_text", []))}
        entry = gz.lookup(spec["label"])
        country = entry.country if entry is not None and entry.kind == "Country" else None

        def same(a: Actor) -> bool:
            if spec.get("cameo") and len(spec["cameo"]) > 3 and a.cameo == spec["cameo"]:
                return True  # the same CAMEO actor code ("NERMIL"): the same actor for event-data coding
            if country is not None and (a.country == country or a.affiliation in ex.actors and ex.actors[a.affiliation].country == country):
                return True
            if spec.get("wikidata") and a.wikidata:
                return a.wikidata == spec["wikidata"]
            names = {_n(x) for x in {a.label, *a.aliases}}
            if _n(spec["label"]) in names or _n(a.label) in wanted:
                return True
            return country is not None and (a.country == country or a.affiliation in ex.actors and ex.actors[a.affiliation].country == country)

        holders = []
        for alias in spec.get("aliases_in_text", []):
            key = _n(alias)
            found = [a for a in ex.actors.values() if key in {_n(x) for x in {a.label, *a.aliases}}]
            if not found:
                found = [a for a in ex.actors.values() if any((len(x) > 3 or x.isupper()) and _contains(key, _n(x)) for x in {a.label, *a.aliases})]
            if anonymous:
                if not found:
                    misses.append(f"{spec['label']}: {alias!r} not resolved")
                holders.append({a.key for a in found})
                continue
            if any(same(a) for a in found) or (found and _contains(key, _n(spec["label"]))):
                continue
            known = gz.lookup(alias)
            iso = gz.country_of(alias)
            if (known is not None and ((spec.get("wikidata") and known.wikidata == spec["wikidata"]) or _n(known.label) == _n(spec["label"]))) or (country and iso == country):
                continue
            misses.append(f"{spec['label']}: {alias!r} resolved to {[a.label for a in found]}" if found else f"{spec['label']}: {alias!r} not resolved")
        if anonymous and holders and not set.intersection(*holders):
            misses.append(f"{spec['label']}: aliases resolve to different actors")
    return misses


def _contains(text: str, part: str) -> bool:
    """Whole-word containment: "us president joe biden" contains "joe biden"."""
    def clean(x: str) -> str:
        return " ".join(re.sub(r"['’]s\b|['’](?=\s|$)|[,;:()]", " ", x).split())

    return f" {clean(part)} " in f" {clean(text)} "


def _date_misses(ex: Extraction, expected: dict[str, Any]) -> list[str]:
    """Listed date expressions whose value in the processed article differs from the listed one."""
    misses = []
    for spec in expected.get("dates", []):
        if spec.get("role") == "publication date":
            continue
        if "dateline" in spec.get("role", ""):  # the dateline is stripped from the text; it dates the article
            if ex.article.published is None or ex.article.published.isoformat() != spec["value"]:
                misses.append(f"dateline {spec['text']!r}: published {ex.article.published}, expected {spec['value']}")
            continue
        got = [v.value if v else None for text, v in ex.dates if _n(spec["text"]) in _n(text) or _n(text) in _n(spec["text"])]
        if spec["value"] not in got:
            misses.append(f"{spec['text']!r} -> {got or 'not found'}, expected {spec['value']}")
    return misses
