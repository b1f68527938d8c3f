"""``geokg_negation``: negation, modality and hypotheticals of each trigger.

Writes ``doc._.polarity``: trigger index -> :class:`Polarity`.  The anchor of a nominal trigger is the verb
it is the object of ("has not started any talks" negates *talks* through *started*).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.lexicon import Lexicon, load_lexicon
from kg.nlp.triggers import light_verb

_NEG_WORDS = {"not", "n't", "never", "no"}
_NEG_DETS = {"no", "neither"}


@dataclass(frozen=True)
class Polarity:
    negated: bool = False
    modality: str | None = None  # the modal verb: "would", "may", "will", ...
    hypothetical: bool = False  # under "if"/"unless"/"whether"
    anchor: int = -1  # the verb the trigger's negation and modality were read from


def anchor_of(token: Token, lexicon: Lexicon, triggers: dict[int, object] | None = None) -> Token:
    """Where a trigger's polarity is read: a nominal event's light verb, or the trigger itself."""
    if token.pos_ == "NOUN":
        verb = light_verb(token, lexicon.anchor_verbs, triggers)
        if verb is not None:
            return verb
    return token


@Language.factory("geokg_negation")
def make_negation(nlp: Language, name: str) -> "Negation":
    return Negation(load_lexicon())


class Negation:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def polarity(self, token: Token, triggers: dict[int, object] | None) -> Polarity:
        """The polarity of a trigger (``triggers``: the doc's, as ``doc._.triggers`` holds them)."""
        anchor = anchor_of(token, self.lex, triggers)
        children = list(anchor.children)
        negated = any(c.dep_ == "neg" or c.lower_ in ("never",) for c in children)
        if token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _NEG_DETS for c in token.children):
            negated = not negated  # "no talks"; "did not hold no talks" is rare enough to flip
        modality = None
        for c in children:
            if c.dep_ == "aux" and c.lower_ in self.lex.modals:
                modality = c.lower_ if c.lower_ not in ("ca", "wo") else {"ca": "can", "wo": "will"}[c.lower_]
        # "refused to meet", "failed to agree", "was unwilling to quit": the governing word negates
        head = anchor
        for _ in range(2):
            if head.dep_ in ("xcomp", "ccomp") and head.head.i != head.i:
                gov = head.head
                if gov.lemma_.lower() in self.lex.negating_verbs or any(
                    c.dep_ == "acomp" and c.lemma_.lower() in self.lex.negating_verbs for c in gov.children
                ):
                    negated = not negated
                    break
                if head.dep_ == "xcomp" and gov.lemma_.lower() in self.lex.negating_verbs:
                    negated = not negated
                    break
                if gov.pos_ == "ADJ" and gov.lemma_.lower() in self.lex.negating_verbs:
                    negated = not negated
                    break
                head = gov
            else:
                break
        if anchor.dep_ == "xcomp" and anchor.head.pos_ == "ADJ" and anchor.head.lemma_.lower() in self.lex.negating_verbs:
            negated = True
        hypothetical = any(
            c.dep_ == "mark" and c.lower_ in self.lex.hypothetical_markers for c in children
        ) or (anchor.dep_ == "advcl" and any(c.lower_ in self.lex.hypothetical_markers for c in children))
        return Polarity(negated=negated, modality=modality, hypothetical=hypothetical, anchor=anchor.i)

    def __call__(self, doc: Doc) -> Doc:
        triggers = doc._.triggers
        doc._.polarity = {i: self.polarity(doc[i], triggers) for i in (triggers or {})}
        return doc
