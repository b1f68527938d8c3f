"""Events from triggers: class, code, participants, date, polarity, evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.extract.arguments import ArgumentFinder, _clip
from kg.lexicon import Trigger
from kg.nlp.negation import Polarity
from kg.nlp.triggers import governing_verb
from kg.types import DateValue, Evidence

#: Nominal events whose target defaults to whoever acts on them ("X rejected Putin's proposal": to X).
_ADDRESSED = {"Proposal", "Appeal", "Demand", "Threat", "Accusation"}
#: Classes whose participants are symmetric: "talks with the Americans" by a Russian source is Russia-USA.
SYMMETRIC = {"Talks", "Cooperation", "Agreement", "MilitaryAction"}
#: Lexical classes that, acting on a bare event noun, deny that the event happened.
_DENYING = {"Rejection", "Denial"}


@dataclass
class Draft:
    """An event before it has an id and a claim."""

    token: int
    trigger: Trigger
    cls: str
    cameo: str
    agents: list[str]
    targets: list[str]
    polarity: Polarity
    evidence: Evidence
    theme: str | None = None
    object_token: int | None = None
    about_token: int | None = None  # trigger index of the event it is about
    about_class: str | None = None  # class of a nominal event it is about that made no event of its own
    date: DateValue | None = None
    dropped: bool = False
    related: list[int] = field(default_factory=list)


def date_anchor(token: Token) -> Token | None:
    """The verb (or event noun) a date expression modifies."""
    t = token
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        if t.head.i == t.i:
            return t
        t = t.head
    return None


class EventBuilder:
    def __init__(self, doc: Doc, args: ArgumentFinder) -> None:
        self.doc = doc
        self.args = args
        self.triggers: dict[int, Trigger] = doc._.triggers or {}
        self.polarity: dict[int, Polarity] = doc._.polarity or {}
        self.dates_by_anchor: dict[int, DateValue] = {}
        for start, end, value in doc._.dates or []:
            if value is None:
                continue
            anchor = date_anchor(doc[start:end].root)
            if anchor is not None:
                self.dates_by_anchor.setdefault(anchor.i, value)

    def evidence(self, token: Token) -> Evidence:
        sent = token.sent
        text = sent.text.strip()
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        return Evidence(sentence=text, start=start, end=start + len(text), trigger=token.text)

    def drafts(self) -> list[Draft]:
        # nouns first, so verbs can point at the events their objects name
        order = sorted(self.triggers, key=lambda i: (self.triggers[i].pos != "NOUN", i))
        noun_agents: dict[int, list[str]] = {}
        drafts: dict[int, Draft] = {}
        for i in order:
            token = self.doc[i]
            trig = self.triggers[i]
            pol = self.polarity.get(i, Polarity(anchor=i))
            if trig.pos == "NOUN":
                a = self.args.noun_args(token)
                agents, targets, theme, obj = a.agents, a.targets, self.args.theme(token), None
                noun_agents[i] = agents
            else:
                agents = self.args.verb_agents(token)
                targets, obj = self.args.verb_targets(token, noun_agents)
                theme = self.args.theme(token)
            cls, cameo, negated = trig.cls, trig.cameo, pol.negated
            if negated and trig.negated_cls:
                cls, cameo, negated = trig.negated_cls, trig.negated_cameo or cameo, False
            drafts[i] = Draft(
                token=i, trigger=trig, cls=cls, cameo=cameo, agents=agents,
                targets=[t for t in targets if t not in agents],
                polarity=Polarity(negated=negated, modality=pol.modality, hypothetical=pol.hypothetical, anchor=pol.anchor),
                evidence=self.evidence(token), theme=theme, object_token=obj,
                date=self.dates_by_anchor.get(pol.anchor) or self.dates_by_anchor.get(i),
            )
        self._link(drafts)
        return [drafts[i] for i in sorted(drafts) if not drafts[i].dropped]

    def _link(self, drafts: dict[int, Draft]) -> None:
        for i, d in drafts.items():
            token = self.doc[i]
            if d.trigger.pos == "NOUN":
                verb = governing_verb(token)
                outer = drafts.get(verb.i) if verb is not None else None
                if outer is not None and outer is not d and outer.about_token is None:
                    outer.about_token = i
                    # only a bare event noun ("dismissed any contact", "denied any talks") is a denial of
                    # what others report; "rejected Putin's proposal" acts on the proposal itself
                    if outer.trigger.cls in _DENYING and not (d.agents or d.targets):
                        outer.about_class = d.cls
                    if d.cls in _ADDRESSED and not d.targets and outer.agents:
                        d.targets = [a for a in outer.agents if a not in d.agents]
                    if not outer.targets and d.agents and outer.cls not in SYMMETRIC:
                        outer.targets = [a for a in d.agents if a not in outer.agents]
                # nominal events only stand on their own with a participant
                if not d.agents and not d.targets:
                    d.dropped = True
                elif d.trigger.agent_required and not d.agents and d.cls not in SYMMETRIC:
                    d.dropped = True
            # "refused to meet X": the refusal is the event; the meeting gives it its target and theme
            head = self.doc[d.polarity.anchor] if d.polarity.anchor >= 0 else token
            if head.dep_ == "xcomp" and head.head.i in drafts and head.head.i != i:
                outer = drafts[head.head.i]
                if outer.cls in ("Rejection", "Denial"):
                    if not outer.targets:
                        outer.targets = d.targets
                    outer.theme = outer.theme or _clip(self.doc[head.left_edge.i : head.right_edge.i + 1].text)
                    d.dropped = True
