"""Who and whom: agents, targets and themes of a trigger, read off the dependency parse."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.gazetteer import Gazetteer, place_country
from kg.lexicon import Lexicon
from kg.nlp.attribution import subject
from kg.nlp.columns import Children, columns
from kg.nlp.triggers import light_verb, through_quantity
from kg.types import Actor

_RELATIVE = {"that", "which", "who", "whom"}
_BETWEEN = frozenset({"between"})
_OBJECT_CONTROL = {"urge", "push", "press", "ask", "call", "encourage", "force", "order", "tell", "persuade", "pressure", "invite", "allow", "help"}


@dataclass
class Args:
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    theme: str | None = None


class ArgumentFinder:
    """Finds the participants of triggers in one Doc."""

    def __init__(self, doc: Doc, gz: Gazetteer, lex: Lexicon) -> None:
        self.doc = doc
        self.gz = gz
        self.lex = lex
        self.mentions: dict[int, str] = doc._.mentions or {}
        self.groups: dict[int, list[str]] = doc._.groups or {}
        self.actors: dict[str, Actor] = doc._.actors or {}
        self.triggers = doc._.triggers  # read once: each doc._ access goes through spaCy's extension machinery
        self.day = doc._.published
        self.noun_agents: dict[int, list[str]] = {}  # event nouns -> their agents, filled by the builder
        self.by_demonym: set[str] = set()  # countries only named by a demonym modifier, never by name
        self._actors_at: dict[int, list[str]] = {}  # actors_at of a token: asked again and again, always the same
        self.children = Children()

    # -- actor of a token ----------------------------------------------------------------------
    def actors_at(self, token: Token | None) -> list[str]:
        """The actor(s) a token stands for, conjuncts included ("Egypt, Qatar and the US")."""
        if token is None:
            return []
        out = self._actors_at.get(token.i)
        if out is None:  # (key_of's additions to the actors are made at the first call, as before)
            out = self._actors_at[token.i] = []
            for t in [token, *token.conjuncts]:
                keys = self.groups.get(t.i) or [k for k in [self.key_of(t)] if k]
                for key in keys:
                    if key not in out:
                        out.append(key)
        return list(out)  # a copy: callers extend what they get

    def key_of(self, token: Token) -> str | None:
        if token.i in self.mentions:
            return self.mentions[token.i]
        if token.i >= 2 and token.doc[token.i - 1].text == "-" and token.doc[token.i - 2].lower_ in ("anti", "pro", "non"):
            return None  # an "anti-Syria journalist" is no Syrian
        if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
            return self.key_of(token.head.head)
        # a demonym or country used as a modifier: "the Russian proposal", "US strikes"
        if token.dep_ in ("amod", "compound", "poss", "nmod") and token.text[:1].isupper():
            iso = self.gz.country_of(token.text)
            if iso and iso in self.gz.country_entry:
                entry = self.gz.country_entry[iso]
                if entry.key not in self.mentions.values():
                    self.by_demonym.add(entry.key)  # the country is only a modifier here ("Ugandan candidates")
                if entry.key not in self.actors:
                    actor = entry.actor(self.day)
                    actor.aliases.add(token.text)
                    self.actors[entry.key] = actor
                return entry.key
        # "the Federal Minister for Interior, Aftab Sherpao": a title whose name is its apposition
        for child in self.children(token):
            if child.dep_ == "appos" and child.i in self.mentions and token.pos_ in ("NOUN", "PROPN"):
                return self.mentions[child.i]
        return None

    def country_actor(self, iso: str) -> str | None:
        """The key of a country's actor (added to the doc's actors when it is not there yet)."""
        entry = self.gz.country_entry.get(iso)
        if entry is None:
            return None
        if entry.key not in self.actors:
            self.actors[entry.key] = entry.actor(self.day)
        return entry.key

    def place_of(self, token: Token, depth: int = 0) -> list[str]:
        """The country a place phrase lies in, coded as CAMEO codes places: "in Serbia", "the town of Cizre",
        "the Iraqi city of Basra", "East Timor's capital Dili", "in central Baghdad"."""
        found = self.actors_at(token)
        if found:
            return found if all(self.actors[k].kind == "Country" for k in found) else []
        if depth > 2:
            return []
        for child in self.children(token):  # "the town of X", "the region of X"
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in (c for c in self.children(child) if c.dep_ == "pobj"):
                    found = self.place_of(pobj, depth + 1)
                    if found:
                        return found
        for child in self.children(token):  # "the Iraqi city", "East Timor's capital", "the West Bank city"
            if child.dep_ in ("amod", "compound", "nmod", "poss", "appos") and (child.i < token.i or child.dep_ == "appos"):
                found = self.place_of(child, depth + 1)
                if found:
                    return found
        if token.pos_ == "PROPN" and token.text[:1].isupper():
            span = self.doc[token.left_edge.i : token.i + 1] if all(t.pos_ == "PROPN" for t in self.doc[token.left_edge.i : token.i + 1]) else token
            iso = place_country(span.text) or place_country(token.text)
            key = self.country_actor(iso) if iso else None
            if key is not None:
                return [key]
        return []

    # -- verbs -----------------------------------------------------------------------------------
    def verb_agents(self, verb: Token) -> list[str]:
        # "were engaged in ethnic cleansing", "was involved in the attack": the subject does it
        if verb.lemma_.lower() in ("engage", "involve") and any(c.dep_ == "prep" and c.lower_ == "in" for c in self.children(verb)):
            subj = next((c for c in self.children(verb) if c.dep_ in ("nsubj", "nsubjpass")), None)
            return self.actors_at(subj)
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in self.children(verb)):
            by = next((c for c in self.children(verb) if c.dep_ == "agent"), None)
            pobj = next((c for c in self.children(by) if c.dep_ == "pobj"), None) if by is not None else None
            return self.actors_at(pobj)
        top = verb
        while top.dep_ == "conj" and top.head.i != top.i:
            top = top.head
        if top.dep_ == "xcomp" and top.head.lemma_.lower() in _OBJECT_CONTROL:
            controller = self.object_of(top.head)
            if controller:
                return controller  # "urged Israel to halt", "called on the army to stop": they halt, stop
        if verb.dep_ == "relcl" and not any(c.dep_.startswith("nsubj") for c in self.children(verb)):
            return self.actors_at(verb.head)
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return []  # "territory controlled by Russia" is handled as passive above
        if verb.dep_ == "acl" and not any(c.dep_.startswith("nsubj") for c in self.children(verb)):
            # "a resolution demanding ...": the one who adopted or issued the resolution
            noun = verb.head
            return self.actors_at(noun) or self.verb_agents(noun.head) if noun.head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "obj") else self.actors_at(noun)
        subj = subject(verb)
        if subj is not None and not self.actors_at(subj):
            subj = through_quantity(subj)  # "thousands of students blocked ...", "hundreds of thousands of people"
            subj = through_quantity(subj) if not self.actors_at(subj) else subj
        if subj is not None and not self.actors_at(subj):
            for noun in (subj, *subj.conjuncts):
                if self.noun_agents.get(noun.i):
                    return self.noun_agents[noun.i]  # "Israel's offensive has killed ...": the offensive's agent
            return self.owner_of(subj, {})  # "Israel's air campaign", "crews aboard Chinese coast guard boats"
        return self.actors_at(subj) + self.co_agents(verb)

    def country_key(self, key: str) -> str:
        """An actor's country (ISO3) for comparing sides, or the key itself for non-state actors."""
        actor = self.actors.get(key)
        if actor is None:
            return key
        if actor.kind in ("Group",) and actor.key.startswith("sector-") is False and (actor.cameo or "").endswith("REB"):
            return key
        return actor.country or actor.affiliation or key

    def object_of(self, verb: Token) -> list[str]:
        """The actor a verb acts on directly: "urged Israel", "called on the army", "told Kagame"."""
        for c in self.children(verb):
            if c.dep_ in ("dobj", "obj", "dative") and self.actors_at(c):
                return self.actors_at(c)
            if c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon"):
                for pobj in (p for p in self.children(c) if p.dep_ == "pobj"):
                    if self.actors_at(pobj):
                        return self.actors_at(pobj)
        return []

    def co_agents(self, verb: Token) -> list[str]:
        """Actors acting together with the subject: "mediated alongside Egypt and the United States"."""
        out: list[str] = []
        for prep in (c for c in self.children(verb) if c.dep_ == "prep" and c.lower_ in ("alongside", "with") and verb.lemma_.lower() not in ("meet", "talk", "negotiate", "clash", "fight", "discuss", "agree", "cooperate", "consult")):
            if prep.lower_ == "with" and not any(a.lower_ in ("together", "along") for a in self.children(prep)):
                continue
            for pobj in (c for c in self.children(prep) if c.dep_ == "pobj"):
                out += self.actors_at(pobj)
        for adv in (c for c in self.children(verb) if c.dep_ == "advmod" and c.lower_ in ("together", "along")):
            for prep in (c for c in self.children(adv) if c.dep_ == "prep" and c.lower_ == "with"):
                for pobj in (c for c in self.children(prep) if c.dep_ == "pobj"):
                    out += self.actors_at(pobj)
        return out

    def between(self, token: Token) -> list[str]:
        """Actors of a "between X and Y" anywhere in the clause of ``token``."""
        clause = token
        while clause.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "conj") and clause.head.i != clause.i:
            clause = clause.head
        lo, hi = clause.left_edge.i, clause.right_edge.i
        if not any(lo <= i <= hi for i in columns(self.doc).where(_BETWEEN)):
            return []  # no "between" where the clause's subtree lies: it need not be walked
        for t in clause.subtree:
            if t.dep_ == "prep" and t.lower_ == "between":
                for pobj in (c for c in self.children(t) if c.dep_ == "pobj"):
                    found = self.actors_at(pobj)
                    if found:
                        return found
        return []

    def clause_subjects(self, verb: Token) -> list[str]:
        """Subjects of a verb's complement clause: "demanded that China hand back ..." -> China."""
        out: list[str] = []
        for c in self.children(verb):
            if c.dep_ in ("ccomp", "xcomp"):
                for clause in (c, *c.conjuncts):
                    subj = next((s for s in self.children(clause) if s.dep_ in ("nsubj", "nsubjpass")), None)
                    out += self.actors_at(subj) or (self.owner_of(subj, {}) if subj is not None else [])
        return list(dict.fromkeys(out))

    def verb_targets(self, verb: Token, events_at: dict[int, list[str]]) -> tuple[list[str], int | None]:
        """Targets of a verb and the index of its object noun (for "about" links)."""
        targets: list[str] = []
        obj_index = None
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in self.children(verb))
        for child in self.children(verb):
            if child.dep_ == "dative" and child.pos_ == "ADP":  # "send peacekeepers to Haiti" parsed as dative
                child = next((c for c in self.children(child) if c.dep_ == "pobj"), child)
                targets += self.actors_at(child)
                continue
            if child.dep_ in ("dobj", "obj", "dative") or (passive and child.dep_ == "nsubjpass"):
                obj = through_quantity(child)
                if self.actors_at(obj):
                    targets += self.actors_at(obj)
                else:
                    obj_index = obj.i
                    targets += self.owner_of(obj, events_at)
                    # "approve assistance for Ukraine", "impose sanctions on Russia"
                    for prep in (c for c in self.children(obj) if c.dep_ == "prep" and c.lower_ in self.lex.target_preps and c.lower_ not in ("from", "of")):
                        for pobj in (c for c in self.children(prep) if c.dep_ == "pobj"):
                            # "a blockade on Palestinian lorries": whose the things are
                            targets += self.actors_at(pobj) or (self.owner_of(pobj, events_at) if prep.lower_ in ("on", "against", "to") else [])
            elif child.dep_ == "prep" and child.lower_ in self.lex.target_preps:
                for pobj in (c for c in self.children(child) if c.dep_ == "pobj"):
                    if self.actors_at(pobj):
                        targets += self.actors_at(pobj)
                    elif pobj.i in events_at and child.lower_ in ("to", "against", "on", "over", "into", "with"):
                        targets += events_at[pobj.i]
                        obj_index = obj_index if obj_index is not None else pobj.i
                    elif child.lower_ in ("to", "against", "on", "into", "with", "for"):
                        targets += self.owner_of(pobj, events_at)
                    elif child.lower_ == "at" and child.i > verb.i and pobj.i not in events_at:
                        # "fired at houses in Ramallah"; a fronted "At a meeting of X, ..." is circumstance
                        targets += self.owner_of(pobj, events_at)
            elif child.dep_ == "prt" and child.lower_ == "up":
                # "kidnapped up to 16 advisers": a quantity parsed as particle + preposition
                for prep in (c for c in self.children(child) if c.dep_ == "prep" and c.lower_ == "to"):
                    for pobj in (c for c in self.children(prep) if c.dep_ == "pobj" and any(n.dep_ == "nummod" for n in self.children(c))):
                        targets += self.actors_at(pobj) or self.owner_of(pobj, events_at)
        # "call on X to": X parsed as the object of the particle-preposition
        return list(dict.fromkeys(targets)), obj_index

    def owner_of(self, noun: Token, events_at: dict[int, list[str]], depth: int = 0) -> list[str]:
        """Whose thing a noun is: "Russia's control" -> Russia, "a proposal by Putin" -> Putin, "calls by
        Belarus's rulers" -> Belarus."""
        if noun.i in events_at:
            return events_at[noun.i]
        for child in self.children(noun):
            if child.dep_ == "poss":
                return self.actors_at(child)
        for child in self.children(noun):  # "the Cambodian refugee camp in Thailand": the camp is Cambodians'
            if child.dep_ == "amod" and child.i < noun.i and child.text[:1].isupper() and self.actors_at(child) and any(
                    c.dep_ == "prep" and c.lower_ in ("in", "inside", "across") for c in self.children(noun)):
                return self.actors_at(child)
        for child in self.children(noun):
            if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "of", "from", "in", "inside", "across", "aboard"):
                pobj = next((c for c in self.children(child) if c.dep_ == "pobj"), None)
                if pobj is not None and self.actors_at(pobj):
                    return self.actors_at(pobj)
                if pobj is not None and child.lower_ in ("by", "from", "of") and depth == 0:
                    found = self.owner_of(pobj, events_at, depth + 1)
                    if found:
                        return found
                if pobj is not None and child.lower_ in ("in", "inside", "across"):
                    # "sites in Pakistan(-administered Kashmir)": the place's country
                    for mod in self.children(pobj):
                        if mod.dep_ in ("nmod", "compound", "amod", "poss") and self.actors_at(mod):
                            return self.actors_at(mod)
        for child in self.children(noun):  # "Philippine vessels", "Houthi targets"
            if child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i and self.actors_at(child):
                return self.actors_at(child)
        for child in self.children(noun):  # "crews aboard Chinese coast guard motorboats": the boats' owner
            if child.dep_ == "prep" and child.lower_ in ("aboard", "of", "from"):
                for pobj in (c for c in self.children(child) if c.dep_ == "pobj"):
                    for mod in self.children(pobj):
                        if mod.dep_ in ("amod", "compound", "nmod", "poss") and mod.i < pobj.i and self.actors_at(mod):
                            return self.actors_at(mod)
        for child in self.children(noun):  # "companies linked to the army", "firms tied to X"
            if child.dep_ == "acl":
                for prep in (c for c in self.children(child) if c.dep_ in ("prep", "agent") and c.lower_ in ("to", "by", "with")):
                    for pobj in (c for c in self.children(prep) if c.dep_ == "pobj"):
                        if self.actors_at(pobj):
                            return self.actors_at(pobj)
        return []

    # -- nouns -----------------------------------------------------------------------------------
    def noun_args(self, noun: Token, depth: int = 0) -> Args:
        """Participants of a nominal trigger: possessor, "by"/"from" (agent), "to"/"against"/"with" (target)."""
        args = Args()
        for child in self.children(noun):
            if child.dep_ == "poss" or (child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i):
                # "US Predator attacks": the country may modify the modifier
                args.agents += self.actors_at(child) or [k for g in self.children(child) if g.dep_ in ("compound", "amod", "nmod", "npadvmod") and g.i < child.i for k in self.actors_at(g)]
            elif child.dep_ in ("prep", "agent"):
                pobjs = [c for c in self.children(child) if c.dep_ == "pobj"]
                for pobj in pobjs:
                    found = self.actors_at(pobj)
                    if child.lower_ == "of" and self._done_to(noun):
                        args.targets += found or self.place_of(pobj)  # "the blockade of Serbia", "invasion of Kuwait"
                        continue
                    if child.lower_ in ("by", "from", "of") and not args.agents:
                        if child.lower_ != "of" or noun.lemma_.lower() not in ("conflict", "war"):
                            args.agents += found
                            if child.lower_ == "of":
                                continue
                    if child.lower_ == "between" and found and self._mediating(noun):
                        args.targets += found  # "mediation between Syria and Arafat": the parties are its targets
                    elif child.lower_ == "between" and found:
                        args.agents += found[:1]
                        args.targets += found[1:]
                    elif child.lower_ in self.lex.target_preps and child.lower_ != "from":
                        # "an investigation into crimes by X": whose the investigated acts are; "fire against
                        # Kampuchean guerrilla camps": whose the camps are
                        owned = child.lower_ == "into" and self._done_to(noun) or child.lower_ in ("against", "on", "at") and self._done_to(noun)
                        args.targets += found or (self.owner_of(pobj, {}) if owned else [])
        verb = light_verb(noun, self.lex.anchor_verbs, self.triggers)
        if verb is not None and not args.agents:
            if verb.lemma_.lower() in self.lex.recipient_verbs:
                args.targets = args.targets or self.verb_agents(verb)
            else:
                if noun.dep_ in ("dobj", "obj", "pobj"):
                    args.agents = self.verb_agents(verb)
                    if not args.targets:
                        for child in self.children(verb):
                            if child.dep_ in ("dative",) or (child.dep_ == "prep" and child.lower_ in self.lex.target_preps and child.i != noun.head.i):
                                for pobj in (c for c in self.children(child) if c.dep_ == "pobj"):
                                    args.targets += self.actors_at(pobj)
                            if child.dep_ == "dative" and self.actors_at(child):
                                args.targets += self.actors_at(child)
                    trig = (self.triggers or {}).get(noun.i)
                    if not args.targets and trig is not None and trig.cameo.startswith("042"):
                        # "arrived in Amman on a visit": the host is where the visitor went
                        args.targets += [k for c in self.children(verb) if c.dep_ == "prep" and c.lower_ in ("in", "to", "at")
                                         for p in self.children(c) if p.dep_ == "pobj" for k in self.place_of(p)]
        if not args.agents and not args.targets and noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and depth == 0:
            return self.noun_args(noun.head, depth=1)  # "a mediation effort between ...", "a peace plan by ..."
        args.agents = list(dict.fromkeys(args.agents))
        args.targets = [t for t in dict.fromkeys(args.targets) if t not in args.agents]
        return args

    def _done_to(self, noun: Token) -> bool:
        """Whether a nominal event's "of" phrase names whom it is done to: attacks, blockades, arrests,
        sanctions, investigations ("the siege of Sarajevo", "the arrest of the opposition leader")."""
        trig = (self.triggers or {}).get(noun.i)
        return trig is not None and trig.cls in ("MilitaryAction", "MassViolence", "Coercion", "Sanction", "Investigation")

    def _mediating(self, noun: Token) -> bool:
        """Whether a noun (or the noun it modifies) is a mediation: its "between" parties are both targets."""
        trig = (self.triggers or {}).get(noun.i)
        if trig is None and noun.dep_ != "compound":
            trig = next(((self.triggers or {}).get(c.i) for c in self.children(noun) if c.dep_ == "compound"), None)
        return trig is not None and trig.cameo.startswith("045")

    def theme(self, token: Token) -> str | None:
        """What the event is about, as text: its object or complement ("a ceasefire in Ukraine")."""
        for child in self.children(token):
            if child.dep_ in ("dobj", "obj", "xcomp") or (child.dep_ == "prep" and child.lower_ in ("of", "for", "on", "about", "over", "in") and token.pos_ == "NOUN"):
                text = columns(self.doc).span_text(child.left_edge.i, child.right_edge.i + 1)
                return _clip(text)
        return None


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
