"""``geokg_actors``: find actor mentions and resolve each to one canonical actor.

Writes ``doc._.actors`` (key -> :class:`~kg.types.Actor`), ``doc._.mentions`` (token index -> key) and
``doc._.mention_spans``.  Sources of mentions, strongest first:

1. title phrases: "Russian President Vladimir Putin", "the Russian president" (resolved through the
   gazetteer's time-bounded roles at the publication date), "Ukraine's foreign minister";
2. anonymous sources: "three Russian sources", "a senior US official", "another source", "the official";
3. sector groups: "Russian troops" (RUSMIL), "a Tunisian court" (TUNJUD), "Western media";
4. gazetteer names and aliases (countries, capitals as metonyms, peoples, organisations, people);
5. named entities the gazetteer lacks (kept with their NER type, never dropped);
6. pronouns ("he", "it", "they"), resolved to the nearest compatible earlier mention.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.gazetteer import Entry, Gazetteer, load_gazetteer, norm
from kg.lexicon import Lexicon, load_lexicon
from kg.types import Actor
from kg.vocab import slug

_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "several": None, "some": None, "many": None, "multiple": None,
}
_ORDINALS = {"another", "second", "third", "fourth", "fifth", "other"}
_GROUP_WORDS = {"media", "press"}
_DEF_DETS = {"the", "this", "that", "these", "those"}
_ACTOR_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}


@Language.factory("geokg_actors")
def make_actor_ruler(nlp: Language, name: str) -> "ActorRuler":
    return ActorRuler(nlp, load_gazetteer(), load_lexicon())


class ActorRuler:
    """Rule-based actor recogniser and resolver (gazetteer + NER + parse)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.gz = gazetteer
        self.lex = lexicon
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        surfaces = sorted(gazetteer.surface)
        patterns = list(nlp.tokenizer.pipe(surfaces))
        for text, pattern in zip(surfaces, patterns):
            self.matcher.add(text, [pattern])

    # ------------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        state = _State(doc, self.gz, doc._.published)
        self._gazetteer_mentions(doc, state)
        self._title_mentions(doc, state)
        self._source_and_sector_mentions(doc, state)
        self._entity_mentions(doc, state)
        state.commit()
        self._pronouns(doc, state)
        doc._.actors = state.actors
        doc._.mentions = state.token_key
        doc._.mention_spans = sorted(state.spans)
        return doc

    # -- 4. gazetteer names --------------------------------------------------------------------
    def _gazetteer_mentions(self, doc: Doc, st: "_State") -> None:
        countries = frozenset(
            e.country for e in (self.gz.lookup(doc.vocab.strings[m]) for m, _, _ in self.matcher(doc)) if e and e.kind == "Country"
        )
        st.countries = countries
        for match_id, start, end in self.matcher(doc):
            entry = self.gz.lookup(doc.vocab.strings[match_id], countries_in_text=countries)
            if entry is None:
                continue
            span = doc[start:end]
            if entry.kind == "Country" and self._is_modifier(span):
                continue  # "US" in "US President Joe Biden" or "US source": handled by the phrase rules
            st.propose(start, end, entry, priority=2)

    def _is_modifier(self, span: Span) -> bool:
        root = span.root
        return root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end and root.head.pos_ in ("NOUN", "PROPN")

    # -- 1. titles -----------------------------------------------------------------------------
    def _title_mentions(self, doc: Doc, st: "_State") -> None:
        for token in doc:
            title, t_end = self._title_at(doc, token.i)
            if title is None:
                continue
            # who: a name right after the title, else the role holder of the country before it
            country, c_start = self._country_before(doc, token.i)
            name_end = t_end
            while name_end < len(doc) and doc[name_end].ent_type_ == "PERSON":
                name_end += 1
            if name_end > t_end:
                name = doc[t_end:name_end]
                entry = self._person(name.text, country)
                start = c_start if c_start is not None else token.i
                if entry is not None:
                    st.propose(start, name_end, entry, priority=5)
                else:
                    st.propose_actor(start, name_end, self._named("Person", name.text, country, doc._.published), priority=5)
                continue
            if country is None:
                country = self._country_after(doc, t_end)
            if country is None:
                continue
            holder = self.gz.role_holder(title, country, doc._.published)
            if holder is None:
                continue
            start = c_start if c_start is not None else token.i
            if start > 0 and doc[start - 1].lower_ in _DEF_DETS | {"a"}:
                start -= 1
            end = t_end
            if end + 1 < len(doc) and doc[end].lower_ == "of" and self.gz.country_of(doc[end + 1].text) == country:
                end += 2
            st.propose(start, end, holder, priority=5)

    def _title_at(self, doc: Doc, i: int) -> tuple[str | None, int]:
        for width in range(min(self.gz.max_title_words, len(doc) - i), 0, -1):
            key = self.gz.title_key(doc[i : i + width].text)
            if key is not None and doc[i].pos_ in ("NOUN", "PROPN", "ADJ"):
                return key, i + width
        return None, i

    def _country_before(self, doc: Doc, i: int) -> tuple[str | None, int | None]:
        j = i - 1
        if j >= 0 and doc[j].text in ("'s", "’s") and j - 1 >= 0:
            iso = self.gz.country_of(doc[j - 1].text)
            return (iso, j - 1) if iso else (None, None)
        for width in (2, 1):
            if i - width < 0 or not all(t.text[:1].isupper() for t in doc[i - width : i]):
                continue
            span = doc[i - width : i]
            iso = self.gz.country_of(span.text)
            if iso:
                return iso, i - width
        return None, None

    def _country_after(self, doc: Doc, end: int) -> str | None:
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            return self.gz.country_of(doc[end + 1].text)
        return None

    def _person(self, name: str, country: str | None) -> Entry | None:
        entry = self.gz.lookup(name)
        if entry is not None and entry.kind == "Person":
            return entry
        last = name.split()[-1]
        entry = self.gz.lookup(last)
        if entry is not None and entry.kind == "Person" and (country is None or entry.country == country):
            return entry
        return None

    def _named(self, kind: str, name: str, country: str | None, day: date | None) -> Actor:
        return Actor(key=f"name-{slug(name)}", label=norm(name), kind=kind, country=country,
                     cameo=country if kind != "Person" or country is None else country)

    # -- 2./3. anonymous sources, sectors, media groups -------------------------------------------
    def _source_and_sector_mentions(self, doc: Doc, st: "_State") -> None:
        for token in doc:
            if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ == "PERSON":
                continue
            lemma = token.lemma_.lower()
            is_source = lemma in self.lex.source_nouns and token.lower_ not in _GROUP_WORDS
            sector = self.gz.sector(lemma) or self.gz.sector(token.lower_)
            is_media = lemma in _GROUP_WORDS or token.lower_ in _GROUP_WORDS
            if not (is_source or sector or is_media):
                continue
            mods = [c for c in token.children if c.i < token.i and c.dep_ in ("amod", "compound", "nmod", "poss", "det", "nummod", "npadvmod")]
            if any(c.ent_type_ == "PERSON" for c in mods) or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in token.children):
                continue  # "Kremlin spokesman Dmitry Peskov" is a person, not an anonymous source
            start = min([m.left_edge.i for m in mods] + [token.i])
            country = None
            for m in mods:
                iso = self._affiliation(m, st)
                if iso:
                    country = iso
            if is_source and not any(c.dep_ == "appos" for c in token.children):
                self._anonymous(doc, token, start, country, mods, st)
            elif is_media and (country or mods):
                label = norm(doc[start : token.i + 1].text)
                label = re.sub(r"^(?:a|an|some)\s+", "", label, flags=re.I)
                st.propose_actor(start, token.i + 1, Actor(key=f"media-{slug(label)}", label=label, kind="MediaOrganization", country=country, cameo="JRN"), priority=4)
            elif is_media:
                st.propose_actor(token.i, token.i + 1, Actor(key="media-media", label="media", kind="MediaOrganization", cameo="JRN"), priority=3)
            elif sector and country:
                c = self.gz.country_entry.get(country)
                label = f"{c.label if c else country} ({self.gz.sector_labels.get(sector, sector.lower())})"
                st.propose_actor(start, token.i + 1, Actor(key=f"sector-{country}{sector}", label=label, kind="Group", country=country, cameo=f"{c.cameo if c and c.cameo else country}{sector}"), priority=4)

    def _affiliation(self, token: Token, st: "_State") -> str | None:
        if token.dep_ == "poss":
            return self.gz.country_of(token.text)
        if token.ent_type_ in ("GPE", "NORP", "ORG") or token.text[:1].isupper():
            iso = self.gz.country_of(token.text)
            if iso:
                return iso
            entry = self.gz.lookup(token.text, countries_in_text=st.countries)
            if entry is not None and entry.country:
                return entry.country
        return None

    def _anonymous(self, doc: Doc, token: Token, start: int, country: str | None, mods: list[Token], st: "_State") -> None:
        words = {m.lower_ for m in mods}
        definite = bool(words & _DEF_DETS)
        count = None
        for m in mods:
            if m.lower_ in _NUMBERS:
                count = _NUMBERS[m.lower_]
            elif m.like_num and m.text.isdigit():
                count = int(m.text)
        ordinal = bool(words & _ORDINALS)
        plural = token.tag_ == "NNS"
        if not (words & ({"a", "an", "some", "several"} | set(_NUMBERS) | _ORDINALS | _DEF_DETS) or plural):
            return
        label = norm(doc[start : token.i + 1].text) if not definite else None
        st.anonymous_mention(start, token.i + 1, token.lemma_.lower(), country, count, ordinal, definite, label, plural)

    # -- 5. named entities the gazetteer lacks --------------------------------------------------
    def _entity_mentions(self, doc: Doc, st: "_State") -> None:
        people: dict[str, Actor] = {}
        for ent in doc.ents:
            if ent.label_ not in _ACTOR_ENTS:
                continue
            text = norm(ent.text)
            if ent.label_ == "PERSON":
                entry = self._person(text, None)
                if entry is not None:
                    st.propose(ent.start, ent.end, entry, priority=1)
                    continue
                last = text.split()[-1]
                if len(text.split()) == 1 and last in people:
                    st.propose_actor(ent.start, ent.end, people[last], priority=1)
                    continue
                actor = self._named("Person", text, None, doc._.published)
                people[last] = actor
                st.propose_actor(ent.start, ent.end, actor, priority=1)
            elif ent.label_ in ("GPE", "NORP", "LOC"):
                if ent.label_ == "NORP" and not ent.text.endswith("s"):
                    continue  # a bare adjective ("Russian") is no actor
                if ent.root.dep_ in ("compound", "amod") and ent.root.head.i >= ent.end:
                    continue
                iso = self.gz.country_of(text, fallback=True)
                if iso and iso in self.gz.country_entry:
                    st.propose(ent.start, ent.end, self.gz.country_entry[iso], priority=1)
            elif ent.label_ == "ORG":
                entry = self.gz.lookup(text, countries_in_text=st.countries)
                if entry is not None:
                    st.propose(ent.start, ent.end, entry, priority=1)
                elif len(text) > 2 and not text.isdigit():
                    st.propose_actor(ent.start, ent.end, self._named("Organization", text, None, doc._.published), priority=1)

    # -- 6. pronouns ---------------------------------------------------------------------------
    def _pronouns(self, doc: Doc, st: "_State") -> None:
        person, thing, plural = (self.lex.pronouns.get(k, frozenset()) for k in ("person", "thing", "plural"))
        for token in doc:
            low = token.lower_
            if token.i in st.token_key or token.tag_ not in ("PRP", "PRP$"):
                continue
            if low in person:
                want = {"Person"}
            elif low in thing:
                want = {"Country", "Organization", "MediaOrganization"}
            elif low in plural:
                want = {"Group", "AnonymousSource", "Country", "Organization"}
            else:
                continue
            key = st.nearest(token.i, want, plural=low in plural)
            if key is not None:
                st.token_key[token.i] = key
                st.spans.append((token.i, token.i + 1, key))


class _State:
    """Mention candidates for one doc, then the committed, non-overlapping mentions."""

    def __init__(self, doc: Doc, gz: Gazetteer, day: date | None) -> None:
        self.doc = doc
        self.gz = gz
        self.day = day
        self.countries: frozenset[str] = frozenset()
        self.candidates: list[tuple[int, int, int, Actor, str]] = []  # (priority, start, end, actor, surface)
        self.actors: dict[str, Actor] = {}
        self.token_key: dict[int, str] = {}
        self.spans: list[tuple[int, int, str]] = []
        self.anon: list[Actor] = []  # anonymous source groups of this doc, in order of first mention
        self.plural_spans: set[int] = set()  # start tokens of plural mentions ("the Americans")
        self.heads: dict[str, set[str]] = {}  # anonymous group key -> head nouns seen ("source", "official")
        self.anon_count = 0

    def propose(self, start: int, end: int, entry: Entry, priority: int) -> None:
        self.propose_actor(start, end, entry.actor(self.day), priority)

    def propose_actor(self, start: int, end: int, actor: Actor, priority: int) -> None:
        self.candidates.append((priority, start, end, actor, self.doc[start:end].text))

    def anonymous_mention(self, start: int, end: int, head: str, country: str | None, count: int | None,
                          ordinal: bool, definite: bool, label: str | None, plural: bool) -> None:
        # One anonymous group per affiliation: "three Russian sources", "a senior Russian source" and
        # "another Russian source" are the same reporting chain; "a third source" joins the latest group.
        group = None
        for g in reversed(self.anon):
            if country is not None and g.affiliation == country:
                group = g
                break
        if group is None and country is None and (ordinal or definite) and self.anon:
            group = next((g for g in reversed(self.anon) if head in self.heads.get(g.key, ())), None) or self.anon[-1]
        if group is not None:  # most recently mentioned last: "a third source" follows the latest group
            self.anon.remove(group)
            self.anon.append(group)
        if group is None:
            if definite and country is None:
                return  # "the source" with nothing before it to refer to
            self.anon_count += 1
            n = self.anon_count
            aid = self.doc._.article_id or "doc"
            name = label or norm(self.doc[start:end].text)
            group = Actor(key=f"source/{aid}/{n}", label=name, kind="AnonymousSource", affiliation=country,
                          country=country, count=count, anonymous=True)
            self.anon.append(group)
        else:
            if count and not group.count:
                group.count = count
        self.heads.setdefault(group.key, set()).add(head)
        if plural:
            self.plural_spans.add(start)
        self.propose_actor(start, end, group, priority=4)

    def commit(self) -> None:
        taken: set[int] = set()
        # strongest and longest first; ties by position for determinism
        for priority, start, end, actor, surface in sorted(self.candidates, key=lambda c: (-c[0], -(c[2] - c[1]), c[1])):
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            known = self.actors.get(actor.key)
            if known is None:
                known = self.actors[actor.key] = replace(actor, aliases=set(actor.aliases))
            known.aliases.add(norm(surface))
            for i in range(start, end):
                self.token_key[i] = actor.key
            self.spans.append((start, end, actor.key))
            if self.doc[end - 1].tag_ in ("NNS", "NNPS") or actor.kind == "Group":
                self.plural_spans.add(start)

    def nearest(self, i: int, kinds: set[str], *, plural: bool) -> str | None:
        sent_start = self.doc[i].sent.start
        window_start = max(0, sent_start - 80)
        for start, end, key in sorted(self.spans, key=lambda s: -s[0]):
            if end > i or start < window_start:
                continue
            actor = self.actors[key]
            if actor.kind not in kinds:
                continue
            if plural and actor.kind in ("AnonymousSource", "Country", "Organization") and start not in self.plural_spans:
                continue
            return key
        return None
