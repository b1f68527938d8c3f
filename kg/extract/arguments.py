"""Who and whom: agents, targets and themes of a trigger, read off the dependency parse."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon
from kg.nlp.attribution import subject
from kg.nlp.triggers import light_verb, through_quantity
from kg.types import Actor

_RELATIVE = {"that", "which", "who", "whom"}
_OBJECT_CONTROL = {"urge", "push", "press", "ask", "call", "encourage", "force", "order", "tell", "persuade", "pressure", "invite", "allow", "help"}


@dataclass
class Args:
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    theme: str | None = None
    object_token: int | None = None  # the noun the event acts on ("rejected a proposal" -> proposal)


class ArgumentFinder:
    """Finds the participants of triggers in one Doc."""

    def __init__(self, doc: Doc, gz: Gazetteer, lex: Lexicon) -> None:
        self.doc = doc
        self.gz = gz
        self.lex = lex
        self.mentions: dict[int, str] = doc._.mentions or {}
        self.actors: dict[str, Actor] = doc._.actors or {}

    # -- actor of a token ----------------------------------------------------------------------
    def actors_at(self, token: Token | None) -> list[str]:
        """The actor(s) a token stands for, conjuncts included ("Egypt, Qatar and the US")."""
        if token is None:
            return []
        out: list[str] = []
        for t in [token, *token.conjuncts]:
            key = self.key_of(t)
            if key and key not in out:
                out.append(key)
        return out

    def key_of(self, token: Token) -> str | None:
        if token.i in self.mentions:
            return self.mentions[token.i]
        if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
            return self.key_of(token.head.head)
        # a demonym or country used as a modifier: "the Russian proposal", "US strikes"
        if token.dep_ in ("amod", "compound", "poss", "nmod") and token.text[:1].isupper():
            iso = self.gz.country_of(token.text)
            if iso and iso in self.gz.country_entry:
                entry = self.gz.country_entry[iso]
                if entry.key not in self.actors:
                    actor = entry.actor(self.doc._.published)
                    actor.aliases.add(token.text)
                    self.actors[entry.key] = actor
                return entry.key
        return None

    # -- verbs -----------------------------------------------------------------------------------
    def verb_agents(self, verb: Token) -> list[str]:
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            by = next((c for c in verb.children if c.dep_ == "agent"), None)
            pobj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
            return self.actors_at(pobj)
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _OBJECT_CONTROL:
            obj = next((c for c in verb.head.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None and self.actors_at(obj):
                return self.actors_at(obj)  # "urged Israel to halt": Israel halts
        if verb.dep_ == "relcl" and not any(c.dep_.startswith("nsubj") for c in verb.children):
            return self.actors_at(verb.head)
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return []  # "territory controlled by Russia" is handled as passive above
        return self.actors_at(subject(verb))

    def verb_targets(self, verb: Token, events_at: dict[int, list[str]]) -> tuple[list[str], int | None]:
        """Targets of a verb and the index of its object noun (for "about" links)."""
        targets: list[str] = []
        obj_index = None
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        for child in verb.children:
            if child.dep_ in ("dobj", "obj", "dative") or (passive and child.dep_ == "nsubjpass"):
                obj = through_quantity(child)
                if self.actors_at(obj):
                    targets += self.actors_at(obj)
                else:
                    obj_index = obj.i
                    targets += self.owner_of(obj, events_at)
                    # "approve assistance for Ukraine", "impose sanctions on Russia"
                    for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in self.lex.target_preps and c.lower_ not in ("from", "of")):
                        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                            targets += self.actors_at(pobj)
            elif child.dep_ == "prep" and child.lower_ in self.lex.target_preps:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    if self.actors_at(pobj):
                        targets += self.actors_at(pobj)
                    elif pobj.i in events_at:
                        targets += events_at[pobj.i]
                        obj_index = obj_index if obj_index is not None else pobj.i
                    elif child.lower_ in ("to", "against", "on", "into", "with"):
                        targets += self.owner_of(pobj, events_at)
            elif child.dep_ == "prt" and child.lower_ in ("on", "upon"):
                pass
        # "call on X to": X parsed as the object of the particle-preposition
        return list(dict.fromkeys(targets)), obj_index

    def owner_of(self, noun: Token, events_at: dict[int, list[str]]) -> list[str]:
        """Whose thing a noun is: "Russia's control" -> Russia, "a proposal by Putin" -> Putin."""
        if noun.i in events_at:
            return events_at[noun.i]
        for child in noun.children:
            if child.dep_ == "poss":
                return self.actors_at(child)
        for child in noun.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "of", "from"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and self.actors_at(pobj):
                    return self.actors_at(pobj)
        return []

    # -- nouns -----------------------------------------------------------------------------------
    def noun_args(self, noun: Token) -> Args:
        """Participants of a nominal trigger: possessor, "by"/"from" (agent), "to"/"against"/"with" (target)."""
        args = Args()
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i):
                args.agents += self.actors_at(child)
            elif child.dep_ in ("prep", "agent"):
                pobjs = [c for c in child.children if c.dep_ == "pobj"]
                for pobj in pobjs:
                    found = self.actors_at(pobj)
                    if child.lower_ in ("by", "from", "of") and not args.agents:
                        if child.lower_ != "of" or noun.lemma_.lower() not in ("conflict", "war"):
                            args.agents += found
                            if child.lower_ == "of":
                                continue
                    if child.lower_ == "between" and found:
                        args.agents += found[:1]
                        args.targets += found[1:]
                    elif child.lower_ in self.lex.target_preps and child.lower_ != "from":
                        args.targets += found
        verb = light_verb(noun, self.lex.light_verbs | self.lex.recipient_verbs, self.doc._.triggers)
        if verb is not None and not args.agents:
            if verb.lemma_.lower() in self.lex.recipient_verbs:
                args.targets = args.targets or self.verb_agents(verb)
            else:
                if noun.dep_ in ("dobj", "obj", "pobj"):
                    args.agents = self.verb_agents(verb)
                    if not args.targets:
                        for child in verb.children:
                            if child.dep_ in ("dative",) or (child.dep_ == "prep" and child.lower_ in self.lex.target_preps and child.i != noun.head.i):
                                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                                    args.targets += self.actors_at(pobj)
                            if child.dep_ == "dative" and self.actors_at(child):
                                args.targets += self.actors_at(child)
        args.agents = list(dict.fromkeys(args.agents))
        args.targets = [t for t in dict.fromkeys(args.targets) if t not in args.agents]
        return args

    def theme(self, token: Token) -> str | None:
        """What the event is about, as text: its object or complement ("a ceasefire in Ukraine")."""
        for child in token.children:
            if child.dep_ in ("dobj", "obj", "xcomp") or (child.dep_ == "prep" and child.lower_ in ("of", "for", "on", "about", "over", "in") and token.pos_ == "NOUN"):
                text = self.doc[child.left_edge.i : child.right_edge.i + 1].text
                return _clip(text)
        return None


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
