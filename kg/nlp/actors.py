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
from operator import itemgetter
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.gazetteer import Entry, Gazetteer, load_gazetteer, norm, place_country
from kg.lexicon import Lexicon, load_lexicon
from kg.nlp.columns import Children, columns
from kg.types import Actor
from kg.vocab import slug

_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "several": None, "some": None, "many": None, "multiple": None,
}
_ORDINALS = {"another", "second", "third", "fourth", "fifth", "other"}
_DEF_DETS = {"the", "this", "that", "these", "those"}
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_GPE = frozenset({"GPE"})
_STATE_SECTORS = {"MIL", "COP", "GOV", "LEG", "JUD", "SPY"}
_SPEECH_ACTS = {"warn", "deny", "dismiss", "confirm", "reject", "accuse", "urge", "insist", "caution", "acknowledge", "concede", "speak", "declare"}
_PEOPLE_QUALIFIERS = {"familiar", "close", "knowledge", "briefed", "aware", "involved", "knowledgeable"}


@Language.factory("geokg_actors")
def make_actor_ruler(nlp: Language, name: str) -> "ActorRuler":
    return ActorRuler(nlp, load_gazetteer(), load_lexicon())


class ActorRuler:
    """Rule-based actor recogniser and resolver (gazetteer + NER + parse)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.gz = gazetteer
        self.lex = lexicon
        self.coref = lexicon.coreference
        # the coreference word lists as sets: they are tested on every token
        self.member_nouns = frozenset(self.coref.get("member_nouns", ()))
        self.head_nouns = frozenset(self.coref.get("head_nouns", ()))
        self.proxy_nouns = frozenset(self.coref.get("proxy_nouns", ()))
        self.pair_nouns = frozenset(self.coref.get("pair_nouns", ()))
        self.pair_modifiers = frozenset(self.coref.get("pair_modifiers", ()))
        self.sector_definites = frozenset(self.coref.get("sector_definites", ()))
        self.identity_words = frozenset(self.coref.get("identity_words", ()))
        # what makes a noun worth a closer look, as its lemma or lower-case form (or, ending a two-word phrase,
        # with the word before it): most nouns are none of these and never become a Token
        sectors = gazetteer.sector_nouns
        self.source_words = frozenset({*sectors, *lexicon.source_nouns, *lexicon.media_nouns, *self.member_nouns})
        self.definite_words = frozenset({*sectors, *self.sector_definites, *self.coref.get("group_nouns", {})})
        self.sector_words = frozenset(sectors)
        self.two_words = frozenset(w for w in {*sectors, *self.sector_definites} if " " in w)
        # what a token ending one of them can be: the text after any of its spaces
        self.two_word_ends = frozenset(w.split(" ", n)[-1] for w in self.two_words for n in range(1, w.count(" ") + 1))
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
        self._places(doc, state)
        state.commit()
        for i, keys in state.pending_groups.items():
            if state.token_key.get(i) in keys:
                state.groups[i] = keys
        self._heads_of(doc, state)
        self._definites(doc, state)  # before pairs: "the army" mentions make the army salient
        self._pairs(doc, state)
        self._bare_sectors(doc, state)
        self._appositions(doc, state)
        self._pronouns(doc, state)
        self._proxies(doc, state)  # after pronouns: "his spokesman" needs "his"
        doc._.actors = state.actors
        doc._.groups = state.groups
        doc._.mentions = state.token_key
        doc._.mention_spans = sorted(state.spans)
        return doc

    # -- 4. gazetteer names --------------------------------------------------------------------
    def _gazetteer_mentions(self, doc: Doc, st: "_State") -> None:
        matches = self.matcher(doc)
        countries = frozenset(
            e.country for e in (self.gz.lookup(doc.vocab.strings[m]) for m, _, _ in matches) if e and e.kind == "Country"
        )
        st.countries = countries
        for match_id, start, end in matches:
            entry = self.gz.lookup(doc.vocab.strings[match_id], countries_in_text=countries)
            if entry is None:
                continue
            if entry.kind == "Country":
                span = doc[start:end]
                if self._is_modifier(span):
                    continue  # "US" in "US President Joe Biden" or "US source": handled by the phrase rules
                people = norm(st.cols.span_text(start, end)) in self.gz.peoples
                if people and start > 0 and st.lower[start - 1] == "ethnic":
                    continue  # "ethnic Hungarians": a people, coded by _entity_mentions
                home = self._people_home(doc, span, st) if people else None
                if home is not None and home in self.gz.country_entry:
                    # "Bosnian Serbs", "Iraqi Kurds", "the Albanians of southern Serbia": a people where it lives,
                    # which is not that country's state
                    self._propose_people(doc, start, end, home, st, priority=5)
                    continue
            st.propose(start, end, entry, priority=5 if end - start > 1 else 2)

    def _is_modifier(self, span: Span) -> bool:
        root = span.root
        return root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end and root.head.pos_ in ("NOUN", "PROPN")

    # -- 1. titles -----------------------------------------------------------------------------
    def _title_mentions(self, doc: Doc, st: "_State") -> None:
        for i in st.cols.where(self.gz.title_first_words):
            title, t_end = self._title_at(doc, i, st)
            if title is None:
                continue
            token = doc[i]
            # who: a name right after the title, else the role holder of the country before it
            country, c_start = self._country_before(doc, token.i)
            name_end = t_end
            while name_end < len(doc) and (doc[name_end].ent_type_ == "PERSON" or (
                    doc[name_end].pos_ == "PROPN" and doc[name_end].text[:1].isupper() and name_end + 1 < len(doc)
                    and doc[name_end + 1].ent_type_ == "PERSON")):
                name_end += 1
            while name_end > t_end and doc[name_end - 1].text in ("'s", "’s"):
                name_end -= 1
            if name_end > t_end:
                name = st.cols.span_text(t_end, name_end)
                entry = self._person(name, country)
                if entry is None and country is None:
                    entry = self.gz.holder_named(title, name, st.day)  # "President Bush" in 1991
                holder = self.gz.role_holder(title, country, st.day) if country else None
                if holder is not None and (holder.label.split()[-1].lower() == name.split()[-1].lower()
                                           or self.gz.holder_named(title, name, st.day) is holder):
                    entry = holder  # "Chad's President Mahamat Idriss Deby" in 2023 is the son, not the father
                start = c_start if c_start is not None else token.i
                org = self._org_before(doc, token.i, st) if country is None else None
                if org is not None:
                    # "Arab League Secretary-General Chedli Klibi": speaking for the organisation, coded as it
                    actor = entry.actor(st.day) if entry is not None else self._named("Person", name, org.country, st.day)
                    st.propose_actor(org_start(doc, token.i, org, self.gz), name_end, replace(actor, cameo=org.cameo), priority=5)
                elif entry is not None:
                    st.propose(start, name_end, entry, priority=5)
                else:
                    if country is None and self.gz.title_sector.get(title) == "GOV":
                        country = self._sole_country(doc, st)  # "President Museveni threatened to ban Ugandan ..."
                    st.propose_actor(start, name_end, self._named("Person", name, country, st.day), priority=5)
                continue
            if country is None:
                country = self._country_after(doc, t_end)
            if country is None:
                continue
            holder = self.gz.role_holder(title, country, st.day)
            if holder is None:
                continue
            start = c_start if c_start is not None else token.i
            if start > 0 and doc[start - 1].lower_ in _DEF_DETS | {"a"}:
                start -= 1
            end = t_end
            if end + 1 < len(doc) and doc[end].lower_ == "of" and self.gz.country_of(doc[end + 1].text) == country:
                end += 2
            st.propose(start, end, holder, priority=5)

    def _title_at(self, doc: Doc, i: int, st: "_State") -> tuple[str | None, int]:
        if st.lower[i] not in self.gz.title_first_words or st.pos[i] not in ("NOUN", "PROPN", "ADJ"):
            return None, i  # most tokens: no title starts here
        for width in range(min(self.gz.max_title_words, len(doc) - i), 0, -1):
            key = self.gz.title_key(st.cols.span_text(i, i + width))
            if key is not None:
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
        return self._demonym_among_modifiers(doc, i)

    def _demonym_among_modifiers(self, doc: Doc, i: int) -> tuple[str | None, int | None]:
        """A demonym a few modifiers before the title: "Nigerian junior foreign minister", "French National
        Assembly president" -- the title is that country's, even when the person is not in the gazetteer."""
        for j in range(i - 1, max(-1, i - 5), -1):
            token = doc[j]
            if token.pos_ not in ("ADJ", "PROPN", "NOUN") or token.is_punct:
                return None, None
            if token.text[:1].isupper():
                iso = self.gz.country_of(token.text)
                if iso:
                    return iso, j
        return None, None

    def _org_before(self, doc: Doc, i: int, st: "_State") -> Entry | None:
        """An intergovernmental or non-governmental organisation named right before a title."""
        for width in range(min(5, i), 0, -1):
            entry = self.gz.lookup(st.cols.span_text(i - width, i), countries_in_text=st.countries)
            if entry is not None and entry.kind == "Organization" and (entry.cameo or "")[:3] in ("IGO", "NGO"):
                return entry
        return None

    def _sole_country(self, doc: Doc, st: "_State") -> str | None:
        """The one country a text names (by name, demonym, capital or city), if it names exactly one: an office
        holder the gazetteer does not know, titled without a country, holds that country's office."""
        if st.sole_country:
            return st.sole_country[0]  # the same for every title of the doc
        found = set(st.countries)
        for token in (doc[i] for i, pos in enumerate(st.pos) if pos in ("ADJ", "PROPN")):
            if token.text[:1].isupper() and norm(token.text) in self.gz.demonyms:
                found.add(self.gz.demonyms[norm(token.text)])
        for ent in st.cols.ents(_GPE):
            text = st.cols.span_text(ent.start, ent.end)
            found |= {c for c in (self.gz.country_of(text, fallback=True), place_country(text)) if c}
        st.sole_country.append(next(iter(found)) if len(found) == 1 else None)
        return st.sole_country[0]

    def _country_after(self, doc: Doc, end: int) -> str | None:
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            return self.gz.country_of(doc[end + 1].text)
        return None

    def _person(self, name: str, country: str | None) -> Entry | None:
        name = re.sub(r"['’]s$", "", name).strip()
        entry = self.gz.lookup(name)
        if entry is not None and entry.kind == "Person":
            return entry
        words = name.split()
        entry = self.gz.lookup(words[-1])
        if entry is None or entry.kind != "Person" or (country is not None and entry.country != country):
            return None
        # "Mahamat Idriss Deby" is not "Idriss Deby": a full name must agree with the entry's names
        known = {w.lower() for a in {entry.label, *self._aliases(entry)} for w in norm(a).split()}
        return entry if len(words) == 1 or {w.lower() for w in words} <= known else None

    def _aliases(self, entry: Entry) -> list[str]:
        return self.gz.aliases_of.get(entry.key, [])

    def _named(self, kind: str, name: str, country: str | None, day: date | None) -> Actor:
        return Actor(key=f"name-{slug(name)}", label=norm(name), kind=kind, country=country, cameo=country)

    # -- 2./3. anonymous sources, sectors, media groups -------------------------------------------
    def _nouns_in(self, st: "_State", words: frozenset[str]) -> list[int]:
        """Indices of the nouns (NOUN, PROPN) whose lemma or lower-case form is one of ``words``, or that end
        one of ``self.two_words`` ("foreign ministry"), in order."""
        lowers = st.lower
        found = set(st.cols.where_form_or_lemma(words))
        found.update(i for i in st.cols.where(self.two_word_ends) if i > 0 and f"{lowers[i - 1]} {lowers[i]}" in self.two_words)
        return sorted(i for i in found if st.pos[i] in ("NOUN", "PROPN"))

    def _source_and_sector_mentions(self, doc: Doc, st: "_State") -> None:
        sources, media = self.lex.source_nouns, self.lex.media_nouns
        for i in self._nouns_in(st, self.source_words):
            lower, lemma = st.lower[i], st.lemma[i]
            sector = (self.gz.sector(f"{st.lower[i - 1]} {lower}") if i > 0 else None) or self.gz.sector(lemma) or self.gz.sector(lower)
            is_media = lemma in media or lower in media
            if not (sector or is_media or lemma in sources or lower in self.member_nouns):
                continue  # most tokens: no member, source, sector or media noun
            token = doc[i]
            if token.ent_type_ == "PERSON":
                continue
            if self._member_of_org(doc, token, st):
                continue
            is_source = lemma in sources and lower not in media
            if lemma in ("person", "people") and not any(
                c.lower_ in _PEOPLE_QUALIFIERS or c.lemma_.lower() in _PEOPLE_QUALIFIERS for c in token.subtree
            ):
                is_source = False  # "1,200 people" are not a source; "people familiar with the talks" are
            for child in st.children(token) if sector else ():  # "a doctors' union" is the doctors' (HLH), not labour's
                if child.dep_ in ("poss", "compound") and child.pos_ == "NOUN" and self.gz.sector(child.lower_):
                    sector = self.gz.sector(child.lower_)
            if not (is_source or sector or is_media):
                continue
            mods = [c for c in st.children(token) if c.i < token.i and c.dep_ in ("amod", "compound", "nmod", "poss", "det", "nummod", "npadvmod")]
            named = [c for c in mods if c.ent_type_ == "PERSON" and not self.gz.country_of(c.text)]
            if named or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in st.children(token)):
                continue  # "Kremlin spokesman Dmitry Peskov" is a person, not an anonymous source
            start = min([m.left_edge.i for m in mods] + [token.i])
            country = None
            for m in mods:
                iso = self._affiliation(m, st)
                if iso is None and m.lower_ in _LED:  # "Vietnamese-led forces", "Iranian-backed militias"
                    iso = next((i for g in st.children(m) if g.i < m.i for i in [self._affiliation(g, st)] if i), None)
                if iso:
                    country = iso
            if country is None and sector and not is_source:
                country = self._located_in(token, st)  # "students throughout Indonesia", "rebels in the Ivory Coast"
            igo = self._igo_among(mods, st) if country is None and sector else None
            if igo is not None:
                # "the U.N. war crimes court", "NATO troops": a body of the organisation, coded as it
                label = f"{igo.label} ({self.gz.sector_labels.get(sector, sector.lower())})"  # type: ignore[arg-type]
                st.propose_actor(start, token.i + 1, Actor(key=f"sector-{igo.key.split(':')[-1]}-{sector}", label=label, kind="Group",
                                                           cameo=f"{igo.cameo}{sector}" if not (igo.cameo or "").endswith(sector or "") else igo.cameo), priority=4)
                continue
            if is_source and not any(c.dep_ == "appos" for c in st.children(token)) and self._source_position(token, mods, st):
                self._anonymous(doc, token, start, country, mods, st)
            elif is_source and country and token.tag_ == "NNS":
                # "Azerbaijani officials met ...": officials acting, not speaking, are their government
                self._sector_group(doc, token, start, mods, sector or "GOV", country, st)  # "army officers": MIL
            elif is_media and (country or mods or self._located_in(token, st)):
                country = country or self._located_in(token, st)
                label = norm(st.cols.span_text(start, token.i + 1))
                label = re.sub(r"^(?:a|an|some)\s+", "", label, flags=re.I)
                st.propose_actor(start, token.i + 1, Actor(key=f"media-{slug(label)}", label=label, kind="MediaOrganization", country=country, cameo="JRN"), priority=4)
            elif is_media:
                st.propose_actor(token.i, token.i + 1, Actor(key="media-media", label="media", kind="MediaOrganization", cameo="JRN"), priority=3)
            elif sector and country:
                self._sector_group(doc, token, start, mods, sector, country, st)
            elif sector and sector not in _STATE_SECTORS and token.tag_ in ("NNS", "NNPS") and self._acting(token) and any(
                    m.dep_ in ("amod", "compound", "nmod") and (m.lower_ in self.identity_words or m.text[:1].isupper() and (
                        m.i != st.cols.sent_bounds(m.i)[0] or m.ent_type_ in ("NORP", "GPE", "ORG") or m.pos_ == "PROPN")) for m in mods):
                # "Islamic fundamentalists continued their hunger strike", "Jewish settlers set fire to ...": a group
                # named by who they are, of no known country, still acts (bare "crowds" or "protesters" do not)
                label = re.sub(r"^(?:the|some|many|several|a|an)\s+", "", norm(st.cols.span_text(start, token.i + 1)), flags=re.I)
                st.propose_actor(start, token.i + 1, Actor(key=f"group-{slug(label)}", label=label, kind="Group", cameo=sector), priority=2)

    def _igo_among(self, mods: list[Token], st: "_State") -> Entry | None:
        """An intergovernmental organisation named among a noun's modifiers ("U.N. war crimes court")."""
        for m in mods:
            for text in (st.cols.span_text(m.left_edge.i, m.i + 1), m.text):
                entry = self.gz.lookup(text, countries_in_text=st.countries)
                if entry is not None and entry.kind == "Organization" and (entry.cameo or "").startswith("IGO"):
                    return entry
        return None

    @staticmethod
    def _acting(token: Token) -> bool:
        """Whether a noun is a participant of a clause: its subject (or the agent of a passive, or the subject
        through a quantity: "thousands of students") or its object ("dispersed Islamist demonstrators")."""
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ in ("nsubj", "dobj", "nsubjpass"):
            return True
        return token.dep_ in ("nsubj", "dobj", "nsubjpass") or (token.dep_ == "pobj" and token.head.dep_ in ("agent", "prep"))

    def _sector_group(self, doc: Doc, token: Token, start: int, mods: list[Token], sector: str, country: str, st: "_State") -> None:
        """The sector actor of a demonym + noun; "Hungarian and Romanian officials" stands for both governments."""
        isos = [country]
        for m in mods:
            for c in m.conjuncts:
                iso = self._affiliation(c, st) if c.text[:1].isupper() else None
                if iso and iso not in isos:
                    isos.append(iso)
        actors = [self.gz.sector_actor(iso, sector, st.day) for iso in isos]
        st.propose_actor(start, token.i + 1, actors[0], priority=4)
        if len(actors) > 1:
            for actor in actors:
                st.actors.setdefault(actor.key, actor)
            st.pending_groups[token.i] = [a.key for a in actors]

    def _clause_place(self, token: Token, st: "_State") -> str | None:
        """The country of the place where the clause of ``token`` happens: "ethnic Albanians demonstrated in
        Serbia" are Albanians of Serbia."""
        verb = token.head
        for _ in range(3):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        preps = [c for c in st.children(verb) if c.dep_ == "prep"]
        preps += [g for p in preps for o in st.children(p) if o.dep_ == "pobj" for g in st.children(o) if g.dep_ == "prep"]  # "in a gunbattle in X"
        for prep in (p for p in preps if p.lower_ in ("in", "throughout", "across")):
            for pobj in (c for c in st.children(prep) if c.dep_ == "pobj"):
                iso = self._place_named(pobj)
                if iso:
                    return iso
        return None

    def _propose_people(self, doc: Doc, start: int, end: int, home: str, st: "_State", priority: int) -> None:
        """A people named where it lives ("Bosnian Serbs", "Iraqi Kurds"): a group of that country, with the
        demonym before it in its span."""
        first = start - 1 if start > 0 and self.gz.country_of(doc[start - 1].text) == home else start
        label = norm(st.cols.span_text(first, end))
        st.propose_actor(first, end, Actor(key=f"people-{slug(label)}-{home}", label=label, kind="Group", country=home, cameo=home),
                         priority=priority)

    def _people_home(self, doc: Doc, span: Span, st: "_State") -> str | None:
        """Where a people named in the text lives, when the text says: a demonym before it ("Bosnian Serbs")
        or a place phrase after it ("Albanians of southern Serbia")."""
        if span.start > 0 and doc[span.start - 1].text[:1].isupper():
            iso = self.gz.country_of(doc[span.start - 1].text)
            if iso:
                return iso
        return self._located_in(span.root, st)

    def _located_in(self, token: Token, st: "_State") -> str | None:
        """The country of a place phrase on a group noun: "students throughout Indonesia", "people in Hong
        Kong", "Albanians of southern Serbia" (a country, a demonym-free country name, or a known city)."""
        preps = [c for c in st.children(token) if c.dep_ == "prep" and c.lower_ in ("in", "throughout", "across", "from", "of")]
        # "a newspaper based in east Beirut", "a group operating in Iraq"
        preps += [p for a in st.children(token) if a.dep_ == "acl" and a.lemma_.lower() in ("base", "operate", "live", "headquarter")
                  for p in st.children(a) if p.dep_ == "prep" and p.lower_ in ("in", "throughout", "across")]
        for prep in preps:
            for pobj in (c for c in st.children(prep) if c.dep_ == "pobj"):
                iso = self._place_named(pobj, with_next=True)
                if iso:
                    return iso
        return None

    def _place_named(self, pobj: Token, with_next: bool = False) -> str | None:
        """The country of the place a prepositional object names ("North Korea", "southern Serbia", "the Ivory
        Coast", "Hong Kong" with ``with_next``): a country, a region or a city, as named or without a leading
        "the" or direction word."""
        doc = pobj.doc
        names = [doc[pobj.left_edge.i : pobj.i + 1].text, pobj.text]
        if with_next and pobj.i + 1 < len(doc) and doc[pobj.i + 1].pos_ == "PROPN":
            names.insert(0, doc[pobj.i : pobj.i + 2].text)
        for name in (n for full in names for n in dict.fromkeys((full, _LEADING_PLACE_WORDS.sub("", full)))):
            iso = self.gz.country_of(name) or (place_country(name) if name[:1].isupper() else None)
            if iso and iso in self.gz.country_entry:
                return iso
        return None

    def _member_of_org(self, doc: Doc, token: Token, st: "_State") -> bool:
        """"Hamas gunmen", "M23 fighters", "Houthi forces": members stand for their organisation."""
        if token.lower_ not in self.member_nouns:
            return False
        mods = [c for c in st.children(token) if c.dep_ in ("compound", "amod", "nmod") and c.i < token.i]
        of = next((c for c in st.children(token) if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = None
        if of is not None:  # "of Mali", or "of neighbouring Mali" parsed as of -> pcomp -> dobj
            pobj = next((c for c in st.children(of) if c.dep_ == "pobj"), None) or next(
                (g for c in st.children(of) if c.dep_ == "pcomp" for g in st.children(c) if g.dep_ in ("dobj", "pobj")), None)
        if pobj is not None and (self.gz.sector(token.lemma_.lower()) or self.gz.sector(token.lower_)):
            # "the military governments of Mali and Burkina Faso": each country's sector
            code = self.gz.sector(token.lemma_.lower()) or self.gz.sector(token.lower_)
            # "the military governments of Mali and Burkina Faso", "the government of Sindh province"
            countries = [self.gz.country_of(st.cols.span_text(t.left_edge.i, t.i + 1)) or self.gz.country_of(t.text)
                         or place_country(re.sub(r"^the\s+", "", st.cols.span_text(t.left_edge.i, t.i + 1), flags=re.I))
                         or place_country(st.cols.span_text(t.left_edge.i, t.i)) for t in (pobj, *pobj.conjuncts)]
            if countries and all(countries):
                keys = []
                for c in countries:
                    actor = self.gz.sector_actor(c, code, st.day)  # type: ignore[arg-type]
                    st.propose_actor(token.i, token.i + 1, actor, priority=4)
                    keys.append(actor.key)
                    st.actors.setdefault(actor.key, actor)
                if len(keys) > 1:
                    st.pending_groups[token.i] = keys
                return True
        if pobj is not None:
            first = pobj.left_edge.i
            for text in (st.cols.span_text(first, pobj.i + 1), *(st.cols.span_text(k, pobj.i + 1) for k in range(first, pobj.i + 1))):
                entry = self.gz.lookup(text, countries_in_text=st.countries)
                if entry is not None and entry.kind in ("Organization", "Group"):
                    st.propose(token.i, pobj.i + 1, entry, priority=6)  # the member span contains the name
                    return True
        for m in mods:
            first = m.left_edge.i
            entry = self.gz.lookup(st.cols.span_text(first, m.i + 1), countries_in_text=st.countries) or self.gz.lookup(m.text, countries_in_text=st.countries)
            if entry is None:  # "the Hamas-run government", "Houthi-led forces"
                entry = next((e for t in m.subtree for e in [self.gz.lookup(t.text, countries_in_text=st.countries)]
                              if e is not None and e.kind in ("Organization", "Group")), None)
            if entry is not None and entry.kind in ("Organization", "Group"):
                if token.i + 1 < len(doc) and doc[token.i + 1].ent_type_ == "PERSON":
                    return False  # "RSF commander Mohamed Hamdan Dagalo" is the person
                start = first - (1 if first > 0 and st.lower[first - 1] == "the" else 0)
                st.propose(start, token.i + 1, entry, priority=6)
                return True
        return False

    def _source_position(self, token: Token, mods: list[Token], st: "_State") -> bool:
        """A source noun is an anonymous source when it speaks or is quoted, or is singular and indefinite
        ("a senior official"); plural officials who act ("officials met") are their government."""
        if token.lemma_.lower() == "source":
            return True
        head = token.head
        if token.dep_ in ("nsubj", "nsubjpass") and (head.lemma_.lower() in self.lex.reporting_verbs or head.lemma_.lower() in _SPEECH_ACTS):
            return True
        if token.dep_ == "nsubj" and head.dep_ == "conj" and head.head.lemma_.lower() in self.lex.reporting_verbs:
            return True
        if token.dep_ == "pobj" and head.head.lemma_.lower() in ("accord", "cite", "quote"):
            return True
        if token.dep_ in ("dobj", "obj") and head.lemma_.lower() in ("cite", "quote"):
            return True
        return any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in ("speak", "familiar", "brief") for c in st.children(token)) or any(
            c.dep_ == "amod" and c.lower_ in ("familiar", "unnamed", "anonymous") for c in st.children(token))

    def _affiliation(self, token: Token, st: "_State") -> str | None:
        if token.i >= 2 and token.doc[token.i - 1].text == "-" and token.doc[token.i - 2].lower_ in ("anti", "pro", "non"):
            return None  # "anti-Syria protesters" are not Syrian
        if token.dep_ == "poss":
            return self.gz.country_of(token.text)
        if token.dep_ == "compound" and token.left_edge.i < token.i:  # "Ivory Coast rebels", "Sri Lanka's"
            iso = self.gz.country_of(st.cols.span_text(token.left_edge.i, token.i + 1))
            if iso:
                return iso
        prev = token.doc[token.i - 1] if token.i > 0 else None
        if prev is not None and prev.text[:1].isupper() and prev.dep_ in ("amod", "compound") and token.text[:1].isupper():
            iso = self.gz.country_of(f"{prev.text} {token.text}")  # "South Korean army officers"
            if iso:
                return iso
        if token.ent_type_ in ("GPE", "NORP", "ORG", "LOC") or token.text[:1].isupper():
            iso = self.gz.country_of(token.text)
            if iso:
                return iso
            if token.ent_type_ in ("GPE", "LOC") and place_country(token.text):
                return place_country(token.text)  # "Darfur rebels", "Chechen ... " by region
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
        label = norm(st.cols.span_text(start, token.i + 1)) if not definite else None
        st.anonymous_mention(start, token.i + 1, token.lemma_.lower(), country, count, ordinal, definite, label, plural)

    # -- 5. named entities the gazetteer lacks --------------------------------------------------
    def _entity_mentions(self, doc: Doc, st: "_State") -> None:
        people: dict[str, Actor] = {}
        for ent in st.cols.ents(_ACTOR_ENTS):
            ent_label = ent.label_
            root = ent.root
            raw = st.cols.span_text(ent.start, ent.end)
            text = norm(raw)
            if ent_label in ("PERSON", "ORG") and text in self.gz.demonyms:
                continue  # "Azerbaijani" mis-tagged as an organisation is a demonym
            if ent_label == "PERSON":
                text = re.sub(r"['’]s$", "", text).strip()
                entry = self._person(text, None)
                if entry is not None:
                    st.propose(ent.start, ent.end, entry, priority=1)
                    continue
                last = text.split()[-1]
                if len(text.split()) == 1 and last in people:
                    st.propose_actor(ent.start, ent.end, people[last], priority=1)
                    continue
                if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i >= ent.end:
                    continue  # "the Lachin corridor": an unknown name modifying a common noun names a thing
                actor = self._named("Person", text, None, st.day)
                people[last] = actor
                st.propose_actor(ent.start, ent.end, actor, priority=1)
            elif ent_label in ("GPE", "NORP", "LOC"):
                if ent_label == "NORP" and not raw.endswith("s"):
                    continue  # a bare adjective ("Russian") is no actor
                if root.dep_ in ("compound", "amod") and root.head.i >= ent.end:
                    continue
                first = next((c for c in st.children(root) if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == ent.start - 1
                              and not c.ent_type_), None)
                iso = self.gz.country_of(text, fallback=True)
                if iso is None and first is not None and ent_label == "GPE":
                    # "Kenzo Oshima" tagged as a place "Oshima": an untagged first name makes it a person's name
                    st.propose_actor(first.i, ent.end, self._named("Person", st.cols.span_text(first.i, ent.end), None, st.day), priority=1)
                    continue
                iso = iso or (place_country(text) if ent_label in ("GPE", "LOC") else None)
                if ent_label == "NORP" and len(ent) == 1 and ent.start > 0 and st.lower[ent.start - 1] != "ethnic" and (
                        home := self._people_home(doc, ent, st)) and (iso is None or iso != home) and home in self.gz.country_entry:
                    # "Iraqi Kurds", "Kurds of northern Syria": a people where it lives, not that country's state
                    self._propose_people(doc, ent.start, ent.end, home, st, priority=3)
                    continue
                if ent_label == "NORP" and len(ent) > 1 and self.gz.country_of(ent[0].text):
                    iso = self.gz.country_of(ent[0].text)  # "Bosnian Serbs", "Iraqi Kurds": where they live
                elif ent_label == "NORP" and self._located_in(root, st):
                    iso = self._located_in(root, st)  # "the Albanians of southern Serbia"
                if ent_label == "NORP" and ent.start > 0 and st.lower[ent.start - 1] == "ethnic":
                    # "ethnic Albanians in Serbia" are a people, not Albania: coded by where they live, if said
                    home = self._located_in(root, st) or self._clause_place(root, st)
                    label = norm(st.cols.span_text(ent.start - 1, ent.end))
                    st.propose_actor(ent.start - 1, ent.end, Actor(key=f"group-{slug(label)}-{home or 'x'}", label=label, kind="Group",
                                                                   country=home, cameo=home), priority=3)
                    continue
                if iso and iso in self.gz.country_entry:
                    st.propose(ent.start, ent.end, self.gz.country_entry[iso], priority=1)
            elif ent_label == "ORG":
                entry = self.gz.lookup(text, countries_in_text=st.countries)
                if entry is not None:
                    st.propose(ent.start, ent.end, entry, priority=1)
                elif root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i >= ent.end:
                    continue
                elif len(text) > 2 and not text.isdigit():
                    media = text.split()[-1] in self.coref.get("media_name_suffixes", ())
                    actor = self._named("MediaOrganization" if media else "Organization", text, None, st.day)
                    if media:
                        actor.cameo = "JRN"
                    else:
                        actor.country, actor.cameo = self._org_code(ent)
                    st.propose_actor(ent.start, ent.end, actor, priority=1)

    def _org_code(self, ent: Span) -> tuple[str | None, str | None]:
        """Country and CAMEO code of an organisation the gazetteer lacks, from its name: a country or demonym
        in it ("Liberian Peace Council" -> LBR) and the role its head word signals (data/lexicon/coreference.json
        ``organization_roles``: "Front" REB, "Party" PTY, "Association" NGO ...); without a country an
        international body ("International Labour Office") is IGO."""
        # a country, demonym or tagged place in the name ("Liberian Peace Council", "Baghdad University"), not any
        # word that is also a small town somewhere ("University", Florida)
        country = next((iso for t in ent if t.text[:1].isupper() for iso in [self.gz.country_of(t.text) or (
            place_country(t.text, min_population=200_000) if len(ent) > 1 and t.i < ent.root.i else None)] if iso), None)
        doc = ent.doc
        if country is None and ent.start > 1 and doc[ent.start - 1].text in ("'s", "’s"):
            owner = doc[ent.start - 2]  # "the Ivory Coast's Supreme Court"
            country = self.gz.country_of(doc[owner.left_edge.i : owner.i + 1].text) or self.gz.country_of(owner.text)
        words = [t.lower_ for t in ent if t.pos_ != "DET"]
        sector = self.gz.sector(" ".join(words[-2:])) or self.gz.sector(words[-1]) if words else None
        if country and sector in _STATE_SECTORS:
            return country, f"{country}{sector}"  # "Supreme Court", "National Assembly" of a named country
        role = next((code for code, nouns in self.coref.get("organization_roles", {}).items() if any(w in nouns for w in words)), None)
        if country is None and role in ("NGO", "LAB", None) and words and words[0] in self.coref.get("international_words", ()):
            role = "IGO"
        if role is None:
            return country, country
        return country, "IGO" if role == "IGO" else f"{country or ''}{role}"

    def _places(self, doc: Doc, st: "_State") -> None:
        """Proper nouns the NER missed that are cities ("into the centre of Goma"): their country."""
        for token in (doc[i] for i, pos in enumerate(st.pos) if pos == "PROPN"):
            if token.ent_type_ or token.dep_ != "pobj" or not token.text[:1].isupper():
                continue
            iso = place_country(token.text)
            if iso and iso in self.gz.country_entry:
                st.propose(token.i, token.i + 1, self.gz.country_entry[iso], priority=0)

    # -- 6. references: "the head of X", "the group", "the two sides", pronouns ------------------
    def _heads_of(self, doc: Doc, st: "_State") -> None:
        for token in st.tokens_in(self.head_nouns, lemma=True):
            if token.i in st.token_key:
                continue
            of = next((c for c in st.children(token) if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in st.children(of) if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is None or pobj.i not in st.token_key:
                continue
            start = token.i - (1 if token.i > 0 and doc[token.i - 1].lower_ in _DEF_DETS else 0)
            st.link(range(start, token.i + 1), st.token_key[pobj.i])

    def _proxies(self, doc: Doc, st: "_State") -> None:
        """"President Emmanuel Macron's office", "Putin's spokesman": coded as the person."""
        for token in st.tokens_in(self.proxy_nouns, lemma=True):
            if token.i in st.token_key:
                continue
            poss = next((c for c in st.children(token) if c.dep_ == "poss" and c.i in st.token_key), None)
            if poss is not None and st.actors[st.token_key[poss.i]].kind == "Person":
                key = st.token_key[poss.i]
                st.link(range(token.i, token.i + 1), key)
                st.actors[key].aliases.add(norm(st.cols.span_text(poss.left_edge.i, token.i + 1)))

    def _appositions(self, doc: Doc, st: "_State") -> None:
        """"Yahya Saree, the Houthis' military spokesman": the apposition is the same actor."""
        for start, end, key in list(st.spans):
            if st.actors[key].kind != "Person":
                continue  # only a person takes the apposition's names and code
            root = Span(doc, start, end).root
            for other in [c for c in st.children(root) if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else []):
                span = doc[other.left_edge.i : other.right_edge.i + 1]
                if not any(t.i in st.token_key and st.token_key[t.i] != key for t in span if t.ent_type_ == "PERSON"):
                    st.actors[key].aliases.add(norm(st.cols.span_text(span.start, span.end)))
                    st.actors[key].aliases.add(norm(st.cols.span_text(min(start, span.start), max(end, span.end))))
                    self._coded_by_apposition(st.actors[key], span, st)

    def _coded_by_apposition(self, person: Actor, span: Span, st: "_State") -> None:
        """A person the gazetteer does not place, described by an apposition that does: "Kenzo Oshima, the United
        Nations Emergency Relief Coordinator" speaks for the UN (IGOUNO); "Salaheddine Sidhoum, Algeria's leading
        human rights activist" is Algerian."""
        if person.country is not None and person.cameo not in (None, person.country):
            return  # a gazetteer office holder keeps the code of the office he holds on the day
        for width in range(min(5, len(span)), 0, -1):
            for i in range(span.start, span.end - width + 1):
                entry = self.gz.lookup(st.cols.span_text(i, i + width), countries_in_text=st.countries)
                if entry is not None and entry.kind == "Organization" and (entry.cameo or "")[:3] in ("IGO", "NGO"):
                    person.cameo = entry.cameo
                    return
        if person.country is None:
            iso = next((iso for t in span if t.dep_ in ("poss", "amod", "compound") and t.text[:1].isupper()
                        for iso in [self.gz.country_of(t.text)] if iso), None)
            if iso:
                person.country = person.cameo = iso

    def _bare_sectors(self, doc: Doc, st: "_State") -> None:
        """"two navy boats", "marines stationed on the ship": a state's forces named without the state are
        the forces mentioned before."""
        for i in self._nouns_in(st, self.sector_words):
            if st.pos[i] != "NOUN" or i in st.token_key:
                continue
            code = self.gz.sector(st.lemma[i]) or self.gz.sector(st.lower[i])
            if code not in ("MIL", "COP"):
                continue
            token = doc[i]
            if any(c.dep_ in ("det", "poss") for c in st.children(token)):
                continue
            key = st.nearest(token.i, None, cameo_suffix=code)
            if key is not None:
                st.link(range(token.i, token.i + 1), key)

    def _definites(self, doc: Doc, st: "_State") -> None:
        groups: dict[str, list[str]] = self.coref.get("group_nouns", {})
        sectors = self.sector_definites
        for i in self._nouns_in(st, self.definite_words):
            if i in st.token_key:
                continue
            lower, lemma = st.lower[i], st.lemma[i]
            two = f"{st.lower[i - 1]} {lower}" if i > 0 else ""
            token = doc[i]
            det = next((c for c in st.children(token) if c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")), None)
            if det is None:
                continue
            pronoun_owner = det.lower_ in ("its", "their")  # "its troops": the owner, resolved through the pronoun
            if lower in self.pair_nouns and any(c.lower_ in self.pair_modifiers for c in st.children(token)):
                continue  # "the rival forces", "both parties": a pair, resolved by _pairs
            lemma = lemma if token.tag_ != "NNS" else lower
            key = None
            code = self.gz.sector(two) or self.gz.sector(lemma) or self.gz.sector(token.lower_)
            if not pronoun_owner and (two in sectors or lemma in sectors or token.lower_ in sectors or code in _STATE_SECTORS):
                if code is not None:  # "the junta": the actor called a junta before, else the nearest of the sector
                    key = st.nearest(token.i, None, cameo_suffix=code, head=lemma) or st.nearest(token.i, None, cameo_suffix=code, window=60)
                    focus = st.focal_country(token.i)
                    if key is None and code in ("MIL", "COP", "GOV", "LEG", "JUD") and focus:
                        # "the national guard" before any other: the forces of the story's main country
                        actor = self.gz.sector_actor(focus, code, st.day)
                        st.actors.setdefault(actor.key, actor)
                        key = actor.key
            if key is None and (lemma in groups or token.lower_ in groups):
                kinds = set(groups.get(lemma) or groups[token.lower_])
                named = next((iso for c in st.children(token) if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i
                              and c.text[:1].isupper() for iso in [self.gz.country_of(c.text)] if iso), None)
                if named is not None:
                    # "the autonomous Azerbaijani republic" is named by its modifier, not the last country
                    if "Country" not in kinds or named not in self.gz.country_entry:
                        continue
                    actor = self.gz.country_entry[named].actor(st.day)
                    key = st.actors.setdefault(actor.key, actor).key
                else:
                    key = st.nearest(token.i, kinds, plural=False, state_organs=False)
            if key is not None:
                st.link(range(det.i if det.i < token.i else token.i, token.i + 1), key)

    def _pairs(self, doc: Doc, st: "_State") -> None:
        for token in st.tokens_in(self.pair_nouns):
            if token.i in st.token_key:
                continue
            if not any(c.lower_ in self.pair_modifiers for c in st.children(token)):
                continue
            kind = self.coref.get("pair_kinds", {}).get(token.lower_, "any")
            # "X and Y ... citing violations by both parties": the parties are not the sentence's own subjects
            subjects = [t for t in st.cols.sent(token.i) if t.dep_ in ("nsubj", "nsubjpass")]
            speakers = {st.token_key[t.i] for t in subjects if t.i in st.token_key and t.i < token.i}
            speakers |= {st.token_key[c.i] for t in subjects for c in t.conjuncts if c.i in st.token_key}
            pair = st.latest_pair(token.i, kind, exclude=speakers) or st.most_mentioned(token.i, {"Country"} if kind != "nonstate" else {"Group", "Organization"}, 2)
            if pair:
                st.link(range(token.i, token.i + 1), pair[0])
                st.groups[token.i] = list(pair)

    # -- 7. pronouns ---------------------------------------------------------------------------
    def _pronouns(self, doc: Doc, st: "_State") -> None:
        person, thing, plural = (self.lex.pronouns.get(k, frozenset()) for k in ("person", "thing", "plural"))
        for token in st.tokens_in(person | thing | plural):
            low = token.lower_
            if token.i in st.token_key or token.tag_ not in ("PRP", "PRP$"):
                continue
            if low in person:
                want = {"Person"}
            elif low in thing:
                want = {"Country", "Organization", "MediaOrganization", "Group"}  # "Hamas said it ..."
            elif low in plural:
                want = {"Group", "AnonymousSource", "Country", "Organization"}
            else:
                continue
            key = st.nearest(token.i, want, plural=low in plural, window=120)
            if key is not None:
                st.link(range(token.i, token.i + 1), key)
                if low in plural:
                    together = st.coordinated(key, token.i)
                    if len(together) > 1:
                        st.groups[token.i] = together


def org_start(doc: Doc, i: int, org: Entry, gz: Gazetteer) -> int:
    """Where the organisation's name before a title at ``i`` starts."""
    for width in range(min(5, i), 0, -1):
        if gz.lookup(doc[i - width : i].text) is org:
            return i - width
    return i


#: Words before a place name that are not part of it: "the", "southern", "southeastern" ...
_LEADING_PLACE_WORDS = re.compile(
    r"^(?:the\s+)?(?:(?:north|south)?(?:east|west)(?:ern)?|north(?:ern)?|south(?:ern)?|central)?\s*", re.I)


#: Participles that make a demonym before them the owner: "Vietnamese-led forces" are Vietnam's.
_LED = {"led", "backed", "supported", "sponsored", "controlled", "commanded", "trained", "armed", "funded"}


class _State:
    """Mention candidates for one doc, then the committed, non-overlapping mentions."""

    def __init__(self, doc: Doc, gz: Gazetteer, day: date | None) -> None:
        self.doc = doc
        self.gz = gz
        self.day = day
        self.countries: frozenset[str] = frozenset()
        self.candidates: list[tuple[int, int, int, Actor]] = []  # (priority, start, end, actor)
        self.actors: dict[str, Actor] = {}
        self.token_key: dict[int, str] = {}
        self.spans: list[tuple[int, int, str]] = []
        self.anon: list[Actor] = []  # anonymous source groups of this doc, in order of first mention
        self.plural_spans: set[int] = set()  # start tokens of plural mentions ("the Americans")
        self.heads: dict[str, set[str]] = {}  # anonymous group key -> head nouns seen ("source", "official")
        self.anon_count = 0
        self.groups: dict[int, list[str]] = {}
        self.pending_groups: dict[int, list[str]] = {}  # set before commit, kept if the head token wins
        self.cols = columns(doc)  # what the rules test on every token, read once
        self.lower, self.lemma, self.pos = self.cols.lower, self.cols.lemma, self.cols.pos
        self.tokens_in = self.cols.tokens_in
        self.sole_country: list[str | None] = []  # _sole_country's answer, once asked
        self._subject_span: dict[tuple[int, int], bool] = {}
        self._alias_words: dict[str, tuple[set[str], int, set[str]]] = {}
        self.children = Children()
        self._entry_actors: dict[int, Actor] = {}

    def alias_words(self, key: str) -> set[str]:
        """The lower-case words of an actor's aliases (cached until it gets a new alias: aliases only grow)."""
        aliases = self.actors[key].aliases
        cached = self._alias_words.get(key)
        if cached is None or cached[0] is not aliases or cached[1] != len(aliases):
            cached = self._alias_words[key] = (aliases, len(aliases), {w.lower() for a in aliases for w in a.split()})
        return cached[2]

    def is_subject(self, start: int, end: int) -> bool:
        """Whether a mention is a subject, or conjoined with one (cached: spans are ranked again and again)."""
        subject = self._subject_span.get((start, end))
        if subject is None:
            root = Span(self.doc, start, end).root
            subject = self._subject_span[(start, end)] = root.dep_ in ("nsubj", "nsubjpass") or (
                root.dep_ == "conj" and root.head.dep_ in ("nsubj", "nsubjpass"))
        return subject

    def propose(self, start: int, end: int, entry: Entry, priority: int) -> None:
        # one Actor per entry and doc: candidates are only read (commit copies the winners)
        actor = self._entry_actors.get(id(entry))
        if actor is None:
            actor = self._entry_actors[id(entry)] = entry.actor(self.day)
        self.propose_actor(start, end, actor, priority)

    def propose_actor(self, start: int, end: int, actor: Actor, priority: int) -> None:
        self.candidates.append((priority, start, end, actor))

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
            name = label or norm(self.cols.span_text(start, end))
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
        for priority, start, end, actor in sorted(self.candidates, key=lambda c: (-c[0], -(c[2] - c[1]), c[1])):
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            known = self.actors.get(actor.key)
            if known is None:
                known = self.actors[actor.key] = replace(actor, aliases=set(actor.aliases))
            known.aliases.add(norm(self.cols.span_text(start, end)))
            for i in range(start, end):
                self.token_key[i] = actor.key
            self.spans.append((start, end, actor.key))
            if actor.kind == "Group" or self.doc[end - 1].tag_ in ("NNS", "NNPS") or (root := Span(self.doc, start, end).root).dep_ == "conj" or any(
                    c.dep_ == "conj" for c in self.children(root)):
                self.plural_spans.add(start)  # "the Americans", "Saudi Arabia and the United States"

    def link(self, tokens: range, key: str) -> None:
        """Point tokens (a reference: pronoun, definite description) at an already known actor."""
        for t in tokens:
            self.token_key[t] = key
        self.spans.append((tokens.start, tokens.stop, key))
        if len(tokens) > 1 or self.pos[tokens.start] in ("NOUN", "PROPN"):  # pronouns are references, not names
            self.actors[key].aliases.add(norm(self.cols.span_text(tokens.start, tokens.stop)))

    def coordinated(self, key: str, before: int) -> list[str]:
        """The keys coordinated with the latest mention of ``key`` ("Saudi Arabia and the United States")."""
        for start, end, k in sorted(self.spans, key=itemgetter(0), reverse=True):  # latest first, stable
            if k != key or end > before:
                continue
            if start in self.groups:
                return list(self.groups[start])  # an earlier "they" that stood for several
            root = Span(self.doc, start, end).root
            head = root.head if root.dep_ == "conj" else root
            keys = [self.token_key[t.i] for t in [head, *head.conjuncts] if t.i in self.token_key]
            return list(dict.fromkeys(keys)) or [key]
        return [key]

    def focal_country(self, before: int) -> str | None:
        """The country the story is about so far: the most frequent country of the actors mentioned."""
        counts: dict[str, int] = {}
        first: dict[str, int] = {}  # where each country is first mentioned (anywhere): the earlier wins a tie
        for start, end, key in self.spans:
            country = self.actors[key].country or self.actors[key].affiliation
            if country:
                first[country] = min(first.get(country, start), start)
            if end <= before and country:
                counts[country] = counts.get(country, 0) + 1
        return max(counts, key=lambda c: (counts[c], -first[c])) if counts else None

    def most_mentioned(self, before: int, kinds: set[str], n: int) -> tuple[str, ...] | None:
        """The ``n`` actors of these kinds mentioned most often before a token ("both countries")."""
        counts: dict[str, int] = {}
        for start, end, key in self.spans:
            if end <= before and self.actors[key].kind in kinds:
                counts[key] = counts.get(key, 0) + 1
        ranked = sorted(counts, key=lambda k: -counts[k])
        return tuple(ranked[:n]) if len(ranked) >= n else None

    def latest_pair(self, before: int, kind: str = "any", exclude: set[str] | frozenset[str] = frozenset()) -> tuple[str, str] | None:
        """The most recent two different actors joined by "and" (or "between X and Y") before a token."""
        def fits(key: str) -> bool:
            actor = self.actors[key]
            if key in exclude:
                return False
            if kind == "state":
                return actor.kind == "Country"
            if kind == "nonstate":
                return actor.kind in ("Group", "Organization")
            return True

        counts: dict[str, int] = {}
        for start, end, key in self.spans:
            if end <= before:
                counts[key] = counts.get(key, 0) + 1
        # the most salient coordinated pair (both mentioned often), the latest among equals
        best = None
        for start, end, key in self.spans:
            if end > before or not fits(key):
                continue
            root = Span(self.doc, start, end).root
            for conj in root.conjuncts:
                other = self.token_key.get(conj.i)
                if other and other != key and fits(other) and conj.i > root.i:
                    rank = (min(counts.get(key, 0), counts.get(other, 0)), start)
                    if best is None or rank > best[0]:
                        best = (rank, key, other)
        return (best[1], best[2]) if best else None

    def nearest(self, i: int, kinds: set[str] | None, *, plural: bool = False, cameo_suffix: str | None = None,
                window: int = 400, state_organs: bool = True, head: str | None = None) -> str | None:
        """The closest earlier compatible mention; pronouns (small window) prefer the subjects of the current
        and previous sentence over other mentions."""
        sent_start = self.cols.sent_bounds(i)[0]
        window_start = max(0, sent_start - window)
        pronoun_is_subject = False
        if window < 400:
            token = self.doc[i]
            pronoun_is_subject = token.dep_ in ("nsubj", "nsubjpass") or token.tag_ == "PRP$"
        # the best-ranked compatible mention in the window before the token; of equal ranks, the first found
        best: str | None = None
        best_rank: tuple[int, ...] = ()
        for start, end, key in self.spans:
            if end > i or start < window_start or not self._compatible(key, start, kinds, plural, cameo_suffix, state_organs, head):
                continue
            if window < 400:
                # nearer sentences first; then the same grammatical role ("he" -> an earlier subject, "him" ->
                # an earlier object); then the latest
                rank: tuple[int, ...] = (0 if start >= sent_start else 1 + (sent_start - start) // 40,
                                         int(self.is_subject(start, end) != pronoun_is_subject), -start)
            else:
                rank = (-start,)  # the latest
            if best is None or rank < best_rank:
                best, best_rank = key, rank
        return best

    def _compatible(self, key: str, start: int, kinds: set[str] | None, plural: bool, cameo_suffix: str | None,
                    state_organs: bool, head: str | None) -> bool:
        """Whether a mention (of ``key``, at ``start``) can be what ``nearest`` looks for."""
        actor = self.actors[key]
        if not state_organs and key.startswith("sector-") and not (actor.cameo or "").endswith(("REB", "OPP")):
            return False
        if head is not None and head not in self.alias_words(key):
            return False
        if cameo_suffix is not None:
            return bool(actor.cameo and actor.cameo.endswith(cameo_suffix) and actor.kind != "Person")
        if kinds is not None and actor.kind not in kinds:
            return False
        return not (plural and actor.kind in ("AnonymousSource", "Country", "Organization") and start not in self.plural_spans)
