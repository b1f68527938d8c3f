"""``geokg_triggers``: event triggers from the lexicon (``data/lexicon/triggers.json``), checked on the parse.

Writes ``doc._.triggers``: token index -> :class:`~kg.lexicon.Trigger`.  A lemma can have several entries;
the most specific entry whose constraints hold wins ("send troops into" beats "send aid" beats nothing).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.lexicon import Lexicon, Trigger, load_lexicon
from kg.nlp.columns import columns

_QUANTITY = {"thousand", "hundred", "dozen", "number", "lot", "batch", "wave", "package", "shipment", "round", "series", "barrage", "volley", "salvo", "million", "billion", "truck", "truckload", "convoy", "tonne", "ton", "litre", "liter", "consignment", "planeload", "shipload",
             "kg", "kilogram", "kilo", "pound", "worth", "barrel", "gallon", "sack", "bag", "crate", "box", "load", "part", "some", "more", "amount", "quantity",
             "group", "team", "mission", "delegation", "contingent", "batch", "handful", "band"}
_OBJ = ("dobj", "obj", "nsubjpass")


def direct_object(token: Token, children: Iterable[Token] | None = None) -> Token | None:
    """The object of a verb, looking through quantities ("thousands of troops" -> troops); ``children``: the
    verb's, when the caller has them already."""
    obj = next((c for c in (token.children if children is None else children) if c.dep_ in _OBJ), None)
    if obj is None:
        # "engage in talks", "fired at", "agreed on": first prepositional object when there is no direct one
        return None
    return through_quantity(obj)


def through_quantity(obj: Token) -> Token:
    if obj.lemma_.lower() in _QUANTITY or obj.like_num:
        of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return obj


def preps(token: Token) -> list[Token]:
    """Prepositions of a word, through chains like "pulled out of": out -> of."""
    out = [c for c in token.children if c.dep_ in ("prep", "agent", "dative") or (c.dep_ == "prt" and any(g.dep_ == "prep" for g in c.children))]
    for c in list(out):
        out += [g for g in c.children if g.dep_ == "prep"]
    return out


#: Prepositions that place a noun in time or circumstance, not as what a verb acts on ("rejected X after talks").
CIRCUMSTANTIAL = {"after", "before", "during", "since", "until", "amid", "following", "despite", "ahead", "as", "like", "than", "because"}


def infinitival(token: Token) -> bool:
    """Whether a verb is a to-infinitive ("to protest", "to be deployed")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def governing_verb(token: Token) -> Token | None:
    """The verb a noun is the object of: "made an offer" -> made, "engage in talks" -> engage; for a conjoined
    noun, its first conjunct's ("launched artillery and rocket fire")."""
    while token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN") and token.head.i != token.i:
        token = token.head
    if token.dep_ in ("dobj", "obj", "nsubjpass", "attr") and token.head.pos_ in ("VERB", "AUX"):
        return token.head
    if (token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ not in CIRCUMSTANTIAL
            and token.head.head.pos_ in ("VERB", "AUX")):
        return token.head.head
    return None


def light_verb(token: Token, light_verbs: frozenset[str], triggers: dict[int, object] | None) -> Token | None:
    """The light verb a nominal event hangs on ("held talks", "has not started any talks"), if any.

    A verb that is itself a trigger ("rejected a proposal") is not light: the noun is what it acts on.
    """
    verb = governing_verb(token)
    if verb is None or verb.lemma_.lower() not in light_verbs:
        return None
    if triggers is not None and verb.i in triggers:
        return None
    return verb


def _lemma_in(token: Token, words: frozenset[str]) -> bool:
    if token.lemma_.lower() in words or token.lower_ in words:
        return True
    mods = " ".join(c.lower_ for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i)
    return bool(mods) and f"{mods} {token.lemma_.lower()}" in words


def satisfies(t: Trigger, token: Token, mentions: dict[int, str], kinds: dict[str, str],
              children: list[Token] | None = None) -> bool:
    """Whether a trigger entry's constraints hold at this token (``children``: the token's, when the caller has
    them already)."""
    if children is None:
        children = list(token.children)
    if t.particle and not any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ == t.particle for c in children):
        return False
    if t.prep and not any(c.dep_ in ("prep", "prt") and c.lower_ == t.prep for c in children):
        return False
    obj = direct_object(token, children) if t.pos == "VERB" else None
    # "photographs and other intelligence": any conjoined object may carry the word
    if t.objects and (obj is None or not any(_lemma_in(o, t.objects) for o in (obj, *obj.conjuncts))):
        if not (t.pos == "VERB" and any(_lemma_in(p, t.objects) for pr in preps(token) for p in pr.children if p.dep_ == "pobj")):
            return False
    if t.object_is_actor and (obj is None or obj.i not in mentions):
        return False
    if t.actor_or and (obj is None or (obj.i not in mentions and not _lemma_in(obj, t.actor_or))):
        return False
    if t.object_not_actor and obj is not None and obj.i in mentions:
        return False
    if t.object_not_person and obj is not None and kinds.get(mentions.get(obj.i, ""), "") == "Person":
        return False
    if t.object_not_clause and any(c.dep_ == "ccomp" for c in children):
        return False
    if t.prep_objects and not any(_lemma_in(p, t.prep_objects) for pr in preps(token) for p in pr.children if p.dep_ == "pobj"):
        return False
    if t.prep_required and not any(c.dep_ == "prep" and c.lower_ == t.prep_required for c in children):
        return False
    if t.not_prep and any(c.dep_ == "prep" and c.lower_ == t.not_prep for c in children):
        return False
    # "allow candidate X to participate" is often parsed as a clausal complement with "to"
    if t.requires_xcomp and not any(c.dep_ == "xcomp" or (c.dep_ == "ccomp" and infinitival(c))
                                    for c in children):
        return False
    if t.clause_only and (token.dep_ in ("acl", "amod") or (token.dep_ == "advcl" and token.tag_ == "VBG"
                                                            and not any(c.dep_.startswith("nsubj") for c in children))):
        return False  # "a regulation allowing ...", "took effect, allowing ...": a description, not an act
    if t.light:
        verb = governing_verb(token)
        if verb is None or verb.lemma_.lower() not in t.light:
            return False
    if t.modifier:
        mods = {c.lower_ for c in children if c.dep_ in ("compound", "amod")}
        if not set(t.modifier) <= mods:
            return False
    if t.compound_of and not any(c.lemma_.lower() in t.compound_of for c in children if c.dep_ in ("compound", "amod")):
        return False
    return True


@Language.factory("geokg_triggers")
def make_trigger_matcher(nlp: Language, name: str) -> "TriggerMatcher":
    return TriggerMatcher(load_lexicon())


class TriggerMatcher:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.words = frozenset(word for word, _ in lexicon.triggers)  # lemmas (and forms) with entries

    def match(self, token: Token, mentions: dict[int, str], kinds: dict[str, str]) -> Trigger | None:
        if token.i in mentions:
            return None  # "Rapid Support Forces" is an actor, not a support event
        pos = "VERB" if token.pos_ in ("VERB",) else "NOUN" if token.pos_ == "NOUN" else None
        if pos is None:
            return None
        children = list(token.children)  # read once for every entry's constraints
        if pos == "NOUN" and any(f"{c.lower_} {token.lemma_.lower()}" in self.lex.non_events for c in children if c.dep_ == "compound"):
            return None  # "a press release" is no release
        entries = self.lex.entries(token.lemma_, pos) or self.lex.entries(token.lower_, pos)
        for entry in entries:
            if satisfies(entry, token, mentions, kinds, children):
                return entry
        return None

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.mentions or {}
        kinds = {k: a.kind for k, a in (doc._.actors or {}).items()}
        found: dict[int, Trigger] = {}
        cols = columns(doc)
        # only a verb or noun with lexicon entries can match: the rest never become a Token
        for i in cols.where_form_or_lemma(self.words):
            lower, lemma, pos = cols.lower[i], cols.lemma[i], cols.pos[i]
            if pos not in ("VERB", "NOUN") or ((lemma, pos) not in self.lex.triggers and (lower, pos) not in self.lex.triggers):
                continue
            entry = self.match(doc[i], mentions, kinds)
            if entry is not None:
                found[i] = entry
        # a noun that is the object of a verb trigger of its own class is that verb's event ("launched attacks")
        for i in list(found):
            token = doc[i]
            if found[i].pos != "NOUN":
                continue
            verb = governing_verb(token)
            if verb is not None and verb.i in found and found[verb.i].cls == found[i].cls:
                del found[i]
        doc._.triggers = found
        return doc
