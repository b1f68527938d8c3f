"""Events from triggers: class, code, participants, date, polarity, evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.extract.arguments import ArgumentFinder, _clip
from kg.lexicon import Trigger
from kg.nlp.columns import columns
from kg.nlp.negation import Polarity
from kg.nlp.triggers import CIRCUMSTANTIAL, governing_verb, infinitival
from kg.types import DateValue, Evidence

#: Nominal events whose target defaults to whoever acts on them ("X rejected Putin's proposal": to X).
_ADDRESSED = {"Proposal", "Appeal", "Demand", "Threat", "Accusation"}
#: Classes whose participants are symmetric: "talks with the Americans" by a Russian source is Russia-USA.
SYMMETRIC = {"Talks", "Cooperation", "Agreement"}
_HOSTILE = {"MilitaryAction", "MassViolence", "Coercion", "Threat", "Sanction", "Accusation", "Criticism", "Protest"}
_THREAT_MODALS = {"will", "would", "shall", "could", "may", "might"}
#: Classes whose target may be the subject of their complement clause ("demanded that China return ...").
_CLAUSE_TARGET = {"Demand", "Appeal", "Proposal", "Concession"}
#: Classes whose target, when nothing else names it, is the first other actor named in what they act on.
_NAMED_INSIDE = {"Threat", "Rejection", "Demand", "Appeal", "Sanction", "Mobilization", "Criticism", "Accusation",
                 "Agreement", "Aid", "Concession", "Proposal", "Investigation", "Coercion"}
#: Classes whose "that" clause says whom they are aimed at ("warned that police will not tolerate rallies by X").
_CLAUSE_AIMED = {"Threat", "Demand", "Appeal"}
#: Hostile classes whose announcement is a threat, and the CAMEO threat code of each (131 non-force,
#: 132 administrative sanctions, 138 military force); a boycott (Protest 143) is 1312.
_THREATENABLE = {"Sanction", "Coercion", "MilitaryAction", "MassViolence"}
_THREAT_CODES = {"Sanction": "131", "Coercion": "132", "MilitaryAction": "138", "MassViolence": "138", "Protest": "1312"}
#: Verbs whose infinitive complement is an announced act: "plans to impose", "vowed to retaliate".
_INTENT_VERBS = {"plan", "vow", "pledge", "swear", "intend", "prepare", "promise"}
#: Classes whose complement is asked for or offered, not asserted.
_REQUESTING = {"Appeal", "Demand", "Proposal", "Threat", "Accusation", "Criticism", "Denial", "Agreement"}
#: Classes done to a place, whose "in X" names who bears them ("imposed a curfew in Abidjan" is aimed at
#: Cote d'Ivoire, "shelled positions in Karabakh") when nothing else is named.
_PLACE_TARGET = {"MilitaryAction", "MassViolence", "Coercion", "Sanction", "Aid", "Concession", "Protest", "Mobilization",
                 "Investigation", "Threat"}
#: Prepositions of a place phrase.
_PLACE_PREPS = ("in", "across", "inside", "throughout", "near", "outside", "around")
#: Prepositions of circumstance or place, not of what is acted on.
_NOT_ACTED_ON = CIRCUMSTANTIAL | set(_PLACE_PREPS) | {"at", "within"}
#: Classes whose target may be whom the act in their infinitive complement is aimed at: "threatened to cut off
#: electricity to Nakhichevan", "refused to deploy troops in Iraq", "agreed to provide aid for Romania".
_COMPLEMENT_TARGET = {"Agreement", "Proposal", "Threat", "Rejection", "Concession", "Demand", "Appeal", "Aid",
                      "Sanction", "Coercion", "Protest", "Mobilization"}
#: Classes that respond to an earlier event and take its agent as their target.
_RESPONSIVE = {"Denial", "Rejection", "Criticism", "Accusation", "Threat"}
#: Nouns that refer back to what someone said.
_REPORT_NOUNS = {"account", "claim", "report", "allegation", "accusation", "charge", "assertion", "statement", "version", "story", "claims"}
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
    about_token: int | None = None  # trigger index of the event it is about
    about_class: str | None = None  # class of a nominal event it is about that made no event of its own
    date: DateValue | None = None
    dropped: bool = False
    denies_tokens: list[int] = field(default_factory=list)  # trigger indices of the events it denies
    denies_report: int | None = None  # reporting verb of the account it denies ("denied that account")
    placed: bool = False  # the targets are where it happened ("a curfew in Algiers"), maybe the agent's own country


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
        self.cols = columns(doc)
        self._places: dict[int, list[str]] = {}  # _place of a token, asked up to three times per trigger
        self._sentences: dict[int, tuple[str, int]] = {}  # sentence start -> its stripped text and offset
        self.dates: list[tuple[int, int, DateValue | None]] = doc._.dates or []
        for start, end, value in self.dates:
            if value is None:
                continue
            anchor = date_anchor(doc[start:end].root)
            if anchor is not None:
                self.dates_by_anchor.setdefault(anchor.i, value)

    def _taker(self, token: Token, cls: str) -> list[str]:
        """Whoever an offer or a demand is put to, named in a relative clause on a noun of the same class:
        "offered to join an inquiry, an offer New Delhi did not take up"."""
        lex = self.args.lex
        for t in token.subtree:
            if t.pos_ == "NOUN" and any(e.cls == cls for e in lex.entries(t.lemma_, "NOUN")):
                for rel in (c for c in self.args.children(t) if c.dep_ == "relcl"):
                    subj = next((c for c in self.args.children(rel) if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is not None and self.args.actors_at(subj):
                        return self.args.actors_at(subj)
        return []

    def _complement(self, token: Token) -> Token | None:
        """The infinitive complement of a verb ("threatened to ban", "began a strike to protest"); through a
        chain of them ("has sworn to try to ...") and a conjoined second act."""
        for c in self.args.children(token):
            if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
                return c
        for c in self.args.children(token):  # a purpose clause: "staged a strike to demand ...", "in order to"
            if c.dep_ == "advcl" and infinitival(c):
                return c
        return None

    def _complement_targets(self, token: Token, events_at: dict[int, list[str]]) -> tuple[list[str], bool]:
        """Targets of the act an agreement, offer, threat or refusal is about: "agreed to provide aid for
        Romania", "threatened to break relations with Russia", "refused to deploy troops in Iraq"; and
        whether they are a place."""
        comp = self._complement(token)
        for _ in range(3):
            if comp is None:
                break
            found, place = self.args.verb_targets(comp, events_at)[0], self._place(comp)
            if found:  # "a curfew in Algiers" is found as the curfew's owner; it is still a place
                return found, set(found) <= set(place)
            if place:
                return place, True
            comp = self._complement(comp)
        return [], False

    def _place(self, token: Token) -> list[str]:
        """Countries named by a place phrase ("in", "near", "outside" ...) of the verb, of its object or of a
        temporal clause under it: "imposed a curfew in Abidjan", "killed 23 people when they blew themselves
        up in Tel Aviv".  Remembered per token (a copy each time: callers may extend it)."""
        if token.i not in self._places:
            self._places[token.i] = self._find_place(token)
        return list(self._places[token.i])

    def _find_place(self, token: Token) -> list[str]:
        heads = [token, *(c for c in self.args.children(token) if c.dep_ in ("dobj", "obj", "nsubjpass"))]
        heads += [c for c in self.args.children(token) if c.dep_ == "advcl" and any(m.dep_ in ("advmod", "mark") and m.lower_ in ("when", "as", "while") for m in self.args.children(c))]
        for head in heads:
            for prep in (c for c in self.args.children(head) if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS):
                for pobj in (c for c in self.args.children(prep) if c.dep_ == "pobj"):
                    found = self.args.place_of(pobj)
                    if found:
                        return found
        return []

    def _named_inside(self, token: Token, agents: list[str]) -> list[str]:
        """Last resort for whom a threat, refusal, demand or sanction concerns: the first other actor named in
        what it acts on -- its object, its infinitive complement (and that complement's condition), or a
        non-circumstantial prepositional phrase ("threatened to launch an offensive in its war with Iraq",
        "vetoed a Security Council resolution", "mobilized reservists for a war against Iraq").  Relative
        clauses and reported speech inside are skipped: they describe, they are not acted on."""
        trig = self.triggers.get(token.i)
        aimed = ("ccomp",) if trig is not None and trig.cls in _CLAUSE_AIMED else ()
        parts = [c for c in self.args.children(token) if c.dep_ in ("dobj", "obj", "xcomp", "dative", "attr", *aimed)
                 or (c.dep_ == "prep" and c.lower_ not in _NOT_ACTED_ON)]
        if token.pos_ == "NOUN":
            parts = [c for c in self.args.children(token) if c.dep_ in ("prep", "acl")]
        own = {self.args.country_key(a) for a in agents}
        for part in parts:
            for t in self._subtree_outside_relatives(part):
                # the agent's own country is no target here ("its war with Iraq"); its own groups may be
                found = [k for k in self.args.actors_at(t) if k not in agents
                         and not (self.args.actors[k].kind == "Country" and self.args.country_key(k) in own)]
                if found:
                    return found
        return []

    def _subtree_outside_relatives(self, top: Token) -> list[Token]:
        out: list[Token] = []
        stack = [top]
        while stack:
            t = stack.pop()
            out.append(t)
            # a finite relative clause describes; an infinitival one ("a call for troops to be deployed in X") is content
            stack.extend(c for c in reversed(list(self.args.children(t))) if c.dep_ not in ("ccomp", "appos", "parataxis") and not (
                c.dep_ == "relcl" and not infinitival(c)))
        return sorted(out, key=lambda t: t.i)

    def _grievance(self, token: Token, pol: Polarity, agents: list[str]) -> list[str]:
        """Whom a protest is against: the first actor named in its purpose ("to demand the resignation of X",
        "calling for independence from Iraq"), in "in protest of/against ..." or in an "against"/"over" phrase."""
        heads = [token] + ([self.doc[pol.anchor]] if pol.anchor >= 0 and pol.anchor != token.i else [])
        parts: list[Token] = []
        for head in heads:
            for c in self.args.children(head):
                if c.dep_ in ("advcl", "xcomp", "relcl", "acl") and (c.tag_ == "VBG" or infinitival(c)):
                    parts.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("against", "over"):
                    parts.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("in", "to") and any(p.lemma_.lower() in ("protest", "defiance", "response", "opposition") for p in self.args.children(c)):
                    parts.append(c)
                elif c.dep_ == "prep" and any(p.i in self.triggers and self.triggers[p.i].cls == "Protest" for p in self.args.children(c)):
                    parts.append(c)  # "rioted following a demonstration calling for the removal of X"
        for part in parts:
            for t in part.subtree:
                found = [k for k in self.args.actors_at(t) if k not in agents]
                if found:
                    return found
        return []

    def _readiness(self, token: Token) -> bool:
        """Under "right to", "ready to", "prepared to": an announced, not a done, act."""
        head = token.head
        return token.dep_ in ("xcomp", "acl") and head.lemma_.lower() in ("right", "ready", "prepared", "willing", "determined", "poised")

    def _announced_harm(self, token: Token, cls: str, cameo: str, pol: Polarity) -> bool:
        """A sanction, coercion, boycott or attack that is announced rather than done ("will impose", "is
        prepared to impose martial law", "plans to impose restrictions"), or any act made conditional with
        "unless": CAMEO codes these as threats."""
        anchor = self.doc[pol.anchor] if pol.anchor >= 0 else token
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in self.args.children(c)) for c in self.args.children(anchor)):
            return cls not in ("Threat", "Demand", "Appeal", "Statement")
        if cls in _THREATENABLE and pol.modality in _THREAT_MODALS and any(
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "if" for m in self.args.children(c)) for c in self.args.children(anchor)):
            return True  # "may halt its mediation if the fighting goes on"
        if cls not in _THREATENABLE and not (cls == "Protest" and cameo.startswith("143")):
            return False
        return pol.modality in ("will", "would", "shall") or self._readiness(anchor) or (
            anchor.dep_ == "xcomp" and anchor.head.lemma_.lower() in _INTENT_VERBS)

    def report_date(self, verb: int) -> DateValue | None:
        """The date of a reporting verb, also when the parser hung it on the complement: "said on Wednesday
        it had walked away" dates the saying."""
        if verb in self.dates_by_anchor:
            return self.dates_by_anchor[verb]
        for start, end, value in self.dates:
            if not verb < start <= verb + 3:
                continue
            gap = [t for t in self.doc[verb + 1 : start] if not t.is_space]
            if value is not None and len(gap) <= 1 and all(t.lower_ in ("on", "late", "early") for t in gap):
                return value
        return None

    def evidence(self, token: Token) -> Evidence:
        first, last = self.cols.sent_bounds(token.i)
        if first not in self._sentences:
            raw = self.cols.span_text(first, last)
            self._sentences[first] = (raw.strip(), self.cols.char_start(first) + len(raw) - len(raw.lstrip()))
        text, start = self._sentences[first]
        return Evidence(sentence=text, start=start, end=start + len(text), trigger=token.text)

    def drafts(self) -> list[Draft]:
        # nouns first, so verbs can point at the events their objects name
        order = sorted(self.triggers, key=lambda i: (self.triggers[i].pos != "NOUN", i))
        noun_agents: dict[int, list[str]] = {}
        drafts: dict[int, Draft] = {}
        for i in order:
            token = self.doc[i]
            trig = self.triggers[i]
            pol = self.polarity.get(i) or Polarity(anchor=i)
            placed = False
            if trig.pos == "NOUN":
                a = self.args.noun_args(token)
                agents, targets, theme = a.agents, a.targets, self.args.theme(token)
                noun_agents[i] = agents
                self.args.noun_agents[i] = agents
            else:
                agents = self.args.verb_agents(token)
                targets, _ = self.args.verb_targets(token, noun_agents)
                targets = [t for t in targets if t not in agents]  # "tightened its blockade of Libya": not "its"
                if targets and trig.cls in _PLACE_TARGET:
                    placed = set(targets) <= set(self._place(token))  # "imposed a curfew in Algiers"
                theme = self.args.theme(token)
                if not targets and trig.cls in _CLAUSE_TARGET:
                    targets = [t for t in self.args.clause_subjects(token) if t not in agents]
                if not targets and trig.cls in _CLAUSE_TARGET:
                    targets = [t for t in self._taker(token, trig.cls) if t not in agents]  # "an offer X did not take up"
                if not targets and trig.cls in _COMPLEMENT_TARGET:
                    found, placed = self._complement_targets(token, noun_agents)
                    targets = [t for t in found if t not in agents]
                if not targets and trig.cls in _CLAUSE_TARGET and token.dep_ == "conj":
                    targets = [t for t in self.args.object_of(token.head) if t not in agents]  # "told Kagame ... and urged"
                if not targets and trig.cls in _PLACE_TARGET:
                    targets = [t for t in self._place(token) if t not in agents]  # "imposed a curfew in Abidjan"
                    placed = bool(targets)
            if not targets and trig.pos == "NOUN" and trig.cls in _PLACE_TARGET and pol.anchor >= 0 and pol.anchor != i:
                targets = [t for t in self._place(self.doc[pol.anchor]) if t not in agents]  # "remained on alert in X"
                placed = bool(targets)
            if not targets and trig.cls == "Investigation" and token.dep_ in ("advcl", "xcomp") and token.head.pos_ == "VERB":
                # "sent 21 personnel to Bosnia to investigate": where the investigators were sent
                targets = [k for c in self.args.children(token.head) if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into")
                           for p in self.args.children(c) if p.dep_ == "pobj" for k in self.args.place_of(p) if k not in agents]
            if trig.cls in ("Criticism", "Accusation") and trig.pos == "VERB":
                # "complained to the UN over Israeli air raids": what it is about names the criticised, not "to"
                about = [k for c in self.args.children(token) if c.dep_ == "prep" and c.lower_ in ("over", "about")
                         for p in self.args.children(c) if p.dep_ == "pobj" for k in (self.args.actors_at(p) or self.args.owner_of(p, noun_agents)) if k not in agents]
                targets = about or targets
            if not targets and trig.cls == "Protest":
                targets = self._grievance(token, pol, agents)  # "went on hunger strike to protest Sweden's decision"
            if not targets and trig.cls in _NAMED_INSIDE and not (trig.pos == "NOUN" and trig.cls in _ADDRESSED) and not (
                    trig.symmetric and (len(agents) > 1 or self.args.between(token))):
                # (a proposal or demand named by a noun is addressed to whoever acts on it: see _link)
                targets = self._named_inside(token, agents)  # "rejected a fresh offer from Kabul for talks"
            if not targets and token.dep_ in ("xcomp", "advcl") and token.head.pos_ == "VERB" and (
                    trig.symmetric or infinitival(token)):
                # "telephoned Kozyrev to discuss the crisis", "summoned the ambassador to complain": whom the
                # governing verb reached ("Togo's ambassador": Togo)
                reached = self.args.object_of(token.head) or [k for c in self.args.children(token.head) if c.dep_ in ("dobj", "obj")
                                                               for k in self.args.owner_of(c, noun_agents)]
                targets = [t for t in reached if t not in agents]
            if not targets and trig.cls == "Appeal" and trig.cameo.startswith("023"):
                targets = self._place(token)  # "sought refuge in Germany": asked of the host
            targets = [t for t in targets if t not in agents]
            if trig.symmetric and not targets:
                # "the US and Jordan agreed on a pact between the two countries": "between" restates the agents
                targets = [t for t in self.args.between(token) if t not in agents]
            if trig.symmetric and not agents and len(targets) > 1:
                agents, targets = targets[:1], targets[1:]  # the parties of a symmetric act whose subject was misparsed
            if trig.symmetric and len(agents) > 1 and not targets:
                agents, targets = agents[:1], agents[1:]  # "Israel and Hamas agreed": one event, both sides
            cls, cameo, negated = trig.cls, trig.cameo, pol.negated
            if trig.only_negated:
                if not negated:
                    continue
                negated = False  # "would not hesitate to act" is the threat itself
            if negated and trig.negated_cls:
                cls, cameo, negated = trig.negated_cls, trig.negated_cameo or cameo, False
            # "would not surrender" is a refusal, not an intent: the modal reading only applies un-negated
            if not negated and self._announced_harm(token, cls, cameo, pol):
                cls, cameo = "Threat", _THREAT_CODES.get(cls, "130")  # "would boycott the elections unless ..."
            elif trig.modal_cls and not pol.negated and (pol.modality in _THREAT_MODALS or self._readiness(token)):
                cls, cameo = trig.modal_cls, trig.modal_cameo or cameo  # "has every right to respond"
            drafts[i] = Draft(
                token=i, trigger=trig, cls=cls, cameo=cameo, agents=agents,
                targets=[t for t in targets if t not in agents],
                polarity=Polarity(negated=negated, modality=pol.modality, hypothetical=pol.hypothetical, anchor=pol.anchor),
                evidence=self.evidence(token), theme=theme, placed=placed and bool(targets),
                date=self.dates_by_anchor.get(pol.anchor) or self.dates_by_anchor.get(i),
            )
        self._inherit_dates(drafts)
        self._inherit_victims(drafts)
        self._link(drafts)
        self._requested(drafts)
        self._anaphora(drafts)
        return [drafts[i] for i in sorted(drafts) if not drafts[i].dropped]

    def _inherit_dates(self, drafts: dict[int, Draft]) -> None:
        """An event without a date of its own takes the date of the clause it belongs to: a participle or
        conjoined verb shares its head's ("began the offensive on Tuesday, pounding positions"; "flew to
        Niamey on Sunday to attempt mediation and met ..."), and a date deeper in the event's own clause dates
        it ("Under a ceasefire announced on Wednesday, the forces agreed")."""
        anchors = sorted(self.dates_by_anchor)
        for d in drafts.values():
            if d.date is not None:
                continue
            node = self.doc[d.polarity.anchor] if d.polarity.anchor >= 0 else self.doc[d.token]
            for _ in range(4):
                lo, hi = node.left_edge.i, node.right_edge.i
                inside = [a for a in anchors if lo <= a <= hi and self._same_clause(a, node)]
                if inside:
                    d.date = self.dates_by_anchor[min(inside, key=lambda a: abs(a - d.token))]
                    break
                if node.pos_ == "NOUN" and node.dep_ in ("dobj", "obj", "pobj", "nsubjpass"):
                    node = node.head if node.dep_ != "pobj" else node.head.head  # "would convene a summit, expected on Wednesday"
                    continue
                if node.dep_ == "acl" and node.head.dep_ in ("dobj", "obj", "nsubj") and node.head.head.i != node.head.i:
                    node = node.head.head  # "adopted on Wednesday a resolution demanding ..."
                    continue
                if node.dep_ not in ("advcl", "xcomp", "conj") or any(c.dep_.startswith("nsubj") for c in self.args.children(node)) and node.dep_ == "conj":
                    break
                node = node.head

    def _inherit_victims(self, drafts: dict[int, Draft]) -> None:
        """A participle that tells the toll of an attack shares its target: "shelled the camps in Kunar,
        killing 20" -- the dead were there."""
        for i, d in drafts.items():
            token = self.doc[i]
            if d.targets or token.dep_ != "advcl" or token.tag_ != "VBG" or d.cls not in _HOSTILE:
                continue
            heads = [drafts.get(token.head.i)]
            # "launched artillery and rocket fire against the camps, killing 50": the nominal attack's target
            heads += [drafts.get(o.i) for c in self.args.children(token.head) if c.dep_ in ("dobj", "obj") for o in (c, *c.conjuncts)]
            head = next((h for h in heads if h is not None and h.cls in _HOSTILE and h.targets), None)
            if head is not None:
                d.targets = [t for t in head.targets if t not in d.agents]

    def _same_clause(self, anchor: int, node: Token) -> bool:
        """Whether a dated verb is ``node`` itself or hangs under it without crossing another event's clause
        or a reported content."""
        t = self.doc[anchor]
        while t.i != node.i:
            if t.i in self.triggers and t.i != anchor or t.dep_ in ("ccomp", "relcl") and t.i != anchor:
                return False
            if t.head.i == t.i:
                return False
            t = t.head
        return True

    def _requested(self, drafts: dict[int, Draft]) -> None:
        """What an appeal, demand, proposal or threat asks for has not happened: "urged the army to stop
        supporting the M23" is one Appeal, not also a (negated) support event."""
        for i, d in drafts.items():
            if d.cls in ("Demand", "Appeal", "Proposal", "Threat") and d.trigger.pos == "NOUN":
                self._requested_by_noun(d, drafts)
            if d.cls not in _REQUESTING or d.trigger.pos != "VERB":
                continue
            inside: set[int] = set()
            for c in self.args.children(self.doc[i]):
                if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("of", "for") and d.cls in ("Accusation", "Criticism")):
                    inside |= {t.i for t in c.subtree}  # "accused Baku of seeking ... ethnic cleansing"
                if d.cls == "Agreement" and c.dep_ == "advcl" and c.tag_ == "VBG":
                    inside |= {t.i for t in c.subtree}  # "signed a declaration ..., pledging to protect civilians"
                if d.cls == "Agreement" and c.dep_ in ("dobj", "obj"):
                    # "signed a declaration pledging to protect civilians": the terms of the deal
                    inside |= {t.i for a in self.args.children(c) if a.dep_ in ("acl", "relcl") for t in a.subtree}
            for j in inside & drafts.keys():
                drafts[j].dropped = True
                d.theme = d.theme or drafts[j].evidence.trigger

    def _requested_by_noun(self, d: Draft, drafts: dict[int, Draft]) -> None:
        """"its demand that Israel ease restrictions", "a call for Russia to withdraw": the clause is what is
        asked for (no event of its own) and its subject is whom it is asked of."""
        noun = self.doc[d.token]
        clauses = list(self.args.children(noun))
        if noun.dep_ in ("dobj", "obj") and not any(c.dep_ in ("acl", "ccomp") for c in clauses):
            # "reiterated its demand today that Israel ease ...": the clause hangs on the verb
            clauses += [c for c in self.args.children(noun.head) if c.dep_ == "ccomp" and c.i > noun.i]
        for c in clauses:
            if c.dep_ not in ("acl", "ccomp") or not any(m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to") for m in self.args.children(c)):
                continue
            for j in {t.i for t in c.subtree} & drafts.keys():
                drafts[j].dropped = True
            if not d.targets:
                subj = next((s for s in self.args.children(c) if s.dep_ in ("nsubj", "nsubjpass")), None)
                d.targets = [t for t in self.args.actors_at(subj) if t not in d.agents] if subj is not None else []
            d.theme = d.theme or _clip(self.cols.span_text(c.left_edge.i, c.right_edge.i + 1))

    def _anaphora(self, drafts: dict[int, Draft]) -> None:
        """"denied the accusation", "a charge Iran denies", "condemned the strikes", "warned that the attack
        would not go unanswered": a definite event noun points back at an earlier event (or report), whose
        agent becomes the target."""
        reports = self.doc._.reports or []
        for i, d in sorted(drafts.items()):
            if d.dropped or d.cls not in _RESPONSIVE or d.targets:
                continue
            token = self.doc[i]
            if d.cls == "Threat":
                # "said the strikes answered Houthi attacks and that he would not hesitate to act": a threat
                # without an addressee is aimed at the other side of the sentence's events
                sides = {self.args.country_key(a) for a in d.agents}
                near = [o for j, o in drafts.items() if o is not d and o.agents and o.cls in _HOSTILE
                        and self.doc[j].sent == token.sent and not sides & {self.args.country_key(a) for a in o.agents}]
                if near:
                    d.targets = list(min(near, key=lambda o: abs(o.token - i)).agents)
                    continue
            if d.cls in ("Criticism", "Accusation"):
                # "condemned conduct by China"; "likened the incident to piracy, saying Chinese personnel ..."
                found = self._by_agent(token) or [t for c in self.args.children(token) if c.dep_ == "advcl" and c.lemma_.lower()
                                                  in self.args.lex.reporting_verbs for t in self.args.clause_subjects(c)]
                found = [t for t in found if t not in d.agents]
                if found:
                    d.targets = found
                    continue
            if d.cls == "Denial":
                # "denied taking any measures against Philippine personnel": whom the denied act was aimed at
                aimed = [t for c in self.args.children(token) if c.dep_ in ("xcomp", "ccomp") for t in self._aimed_at(c) if t not in d.agents]
                if aimed:
                    d.targets = aimed
                    continue
            if d.cls == "Denial" and d.about_class is None and not self._anaphors(token):
                # "Islamabad denied any involvement": a denial answers the latest charge against the denier
                charge = self._latest_charge(d, drafts)
                if charge is not None:
                    d.targets = [a for a in charge.agents if a not in d.agents]
                    d.about_token = charge.token
                    d.denies_tokens.append(charge.token)
                    continue
            for noun in self._anaphors(token):
                ref = self._referent(noun, d, drafts)
                if ref is not None:
                    d.targets = [a for a in ref.agents if a not in d.agents]
                    d.about_token = d.about_token if d.about_token is not None else ref.token
                    if d.cls in _DENYING:
                        d.denies_tokens.append(ref.token)
                    break
                if noun.lemma_.lower() in _REPORT_NOUNS:
                    speaker = next((r for r in sorted(reports, key=lambda r: -r.verb) if r.verb < noun.i
                                    and not set(r.speakers) & set(d.agents)), None)
                    if speaker is not None:
                        d.targets = [speaker.speakers[-1]]
                        if d.cls in _DENYING:
                            d.denies_tokens += [j for j in drafts if j in speaker.content and not drafts[j].dropped]
                            d.denies_report = speaker.verb
                        break

    def _aimed_at(self, clause: Token) -> list[str]:
        for t in clause.subtree:
            if t.dep_ == "prep" and t.lower_ in ("against", "on", "at", "toward", "towards"):
                for pobj in (p for p in self.args.children(t) if p.dep_ == "pobj"):
                    found = self.args.actors_at(pobj) or self.args.owner_of(pobj, {})
                    if found:
                        return found
        return []

    def _by_agent(self, token: Token) -> list[str]:
        for c in self.args.children(token):
            if c.dep_ in ("dobj", "obj", "ccomp"):
                for t in c.subtree:
                    if t.dep_ in ("agent", "prep") and t.lower_ == "by":
                        for pobj in (p for p in self.args.children(t) if p.dep_ == "pobj"):
                            if self.args.actors_at(pobj):
                                return self.args.actors_at(pobj)
        return []

    def _latest_charge(self, d: Draft, drafts: dict[int, Draft]) -> Draft | None:
        denier = {self.args.country_key(a) for a in d.agents}
        best = None
        for j, other in drafts.items():
            if j >= d.token or other.dropped or other.cls not in ("Accusation", "Criticism", "Demand", "Threat"):
                continue
            if denier & {self.args.country_key(t) for t in other.targets}:
                best = other if best is None or j > best.token else best
        return best

    def _anaphors(self, token: Token) -> list[Token]:
        out = []
        if token.dep_ == "relcl" and token.head.pos_ == "NOUN":
            out.append(token.head)  # "a charge Iran denies"
        for c in self.args.children(token):
            if c.dep_ in ("dobj", "obj") and c.pos_ == "NOUN":
                out.append(c)
            if c.dep_ in ("ccomp",):
                out += [s for s in self.args.children(c) if s.dep_ in ("nsubj", "nsubjpass") and s.pos_ == "NOUN"]
        return [n for n in out if n.lemma_.lower() in _REPORT_NOUNS or n.i in self.triggers or self._event_noun(n)]

    def _event_noun(self, noun: Token) -> bool:
        return bool(self.args.lex.entries(noun.lemma_, "NOUN"))

    def _referent(self, noun: Token, d: Draft, drafts: dict[int, Draft]) -> Draft | None:
        if not any(c.dep_ in ("det", "poss") for c in self.args.children(noun)) and noun.dep_ not in ("dobj",) and d.token != noun.head.i:
            return None
        lemma = noun.lemma_.lower()
        wanted = {"Accusation", "Criticism", "Demand"} if lemma in _REPORT_NOUNS else None
        if wanted is None:
            entries = self.triggers.get(noun.i)
            classes = {e.cls for e in self.args.lex.entries(lemma, "NOUN")}
            wanted = classes or ({entries.cls} if entries else set())
        best = None
        for j, other in drafts.items():
            if j >= noun.i or j == d.token or other.cls not in wanted or not other.agents:
                continue
            if set(other.agents) & set(d.agents):
                continue
            if best is None or j > best.token:
                best = other
        return best

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
                # "halted its cooperation", "denied the accusation": what a trigger verb does to an event of
                # its own agent is that verb's event, not a second one
                if outer is not None and outer is not d and set(d.agents) <= set(outer.agents):
                    d.dropped = True
                # nominal events only stand on their own with a participant
                elif not d.agents and not d.targets:
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
                    outer.theme = outer.theme or _clip(self.cols.span_text(head.left_edge.i, head.right_edge.i + 1))
                    d.dropped = True
