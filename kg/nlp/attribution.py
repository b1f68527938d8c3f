"""``geokg_attribution``: who says what.  Reporting verbs, "according to", "quoting", "told Reuters".

Writes ``doc._.reports``: one :class:`Report` per reporting construction, with the tokens it covers and
its speakers nearest first (``[three Russian sources, Western media]``).  :func:`chain` gives the sources
of any token: the reports around it, innermost first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.lexicon import Lexicon, load_lexicon
from kg.nlp.columns import columns

_QUOTING = {"quote", "cite"}
_ACCORD = frozenset({"accord"})


@dataclass
class Report:
    verb: int  # token index of the reporting word
    speakers: list[str]  # actor keys, nearest source first
    content: frozenset[int] = field(default_factory=frozenset)
    anonymous: bool = False
    addressee: str | None = None  # "told Moscow": the actor told, when it is not an outlet


def subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def subject(token: Token) -> Token | None:
    """The subject of a verb, inherited through conjunction ("dismissed ... and said")."""
    start = token
    seen = 0
    while token is not None and seen < 4:
        subj = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
        if subj is not None:
            return subj
        if token.dep_ in ("conj", "xcomp", "advcl") and token.head.i != token.i:
            token = token.head
            seen += 1
            continue
        if token.dep_ == "acomp" and token.head.i != token.i:
            # "Syria is willing to withdraw": the subject of the copula that the adjective completes
            token = token.head
            seen += 1
            continue
        break
    # a misparse spaCy makes of "NP, which ... , VERB ...": the sentence's root is the noun phrase and the
    # main verb hangs inside the relative clause; the noun is then the verb's subject
    root = columns(start.doc).sent(start.i).root
    if root.pos_ in ("NOUN", "PROPN") and root.i < start.i and not any(c.dep_.startswith("nsubj") for c in start.children):
        return root
    # the same misparse with a verb root elsewhere: climb out of the relative clause to the noun phrase it
    # modifies ("Fighters of the M23 group, which experts say is backed by Rwanda, pushed into Goma")
    node = start
    for _ in range(6):
        if node.dep_ == "relcl":
            head = node.head
            while head.dep_ == "pobj" and head.head.dep_ == "prep":
                head = head.head.head
            if head.dep_ in ("nsubj", "nsubjpass", "ROOT") and head.i < start.i:
                return head
            return None
        if node.dep_ not in ("conj", "ccomp") or node.head.i == node.i:
            return None
        node = node.head
    return None


def actor_of(token: Token | None, mentions: dict[int, str]) -> str | None:
    if token is None:
        return None
    if token.i in mentions:
        return mentions[token.i]
    # "the Hamas-run government", "Israeli figures": a source described by whom it belongs to
    for left in token.lefts:
        for t in left.subtree:
            if t.i in mentions and t.i < token.i:
                return mentions[t.i]
    # "allies of X" / "members of X": the head noun is no actor, its "of" object may be
    for child in token.children:
        if child.dep_ == "appos" and child.i in mentions:
            return mentions[child.i]
    return None


def chain(reports: list[Report], i: int) -> list[Report]:
    """Reports whose content covers token ``i``, innermost first."""
    inside = [r for r in reports if i in r.content]
    return sorted(inside, key=lambda r: len(r.content))


@Language.factory("geokg_attribution")
def make_attribution(nlp: Language, name: str) -> "Attribution":
    return Attribution(load_lexicon())


class Attribution:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        mentions: dict[int, str] = doc._.mentions or {}
        actors = doc._.actors or {}
        triggers = doc._.triggers or {}
        reports: list[Report] = []
        cols = columns(doc)
        anonymous: dict[int, bool] = {}  # sentence start -> whether it has an anonymity phrase
        # where a reporting construction can start: "according", a reporting verb, a trigger verb
        for i in sorted({*cols.where(_ACCORD | self.lex.reporting_verbs, lemma=True), *triggers}):
            lemma, verb = cols.lemma[i], cols.pos[i] == "VERB"
            if lemma != "accord" and not (verb and (i in triggers or lemma in self.lex.reporting_verbs)):
                continue
            token = doc[i]
            if lemma == "accord" and any(c.lower_ == "to" for c in token.children):
                rep = self._according(token, mentions)
            elif verb and i in triggers and (interview := self._interview(token, mentions, actors)) is not None:
                rep = interview
            elif verb and lemma in self.lex.reporting_verbs:
                if lemma in _QUOTING and token.dep_ in ("advcl", "xcomp", "conj"):
                    continue  # folded into the report it belongs to
                if token.i in triggers and not any(c.dep_ == "ccomp" for c in token.children):
                    continue  # "announced sanctions" is an event, not a report
                rep = self._reporting(token, mentions, actors)
            else:
                continue
            if rep is not None:
                start, end = cols.sent_bounds(i)
                if start not in anonymous:
                    text = cols.span_text(start, end).lower()
                    anonymous[start] = any(p in text for p in self.lex.anonymity_phrases)
                rep.anonymous = anonymous[start] or any(actors[k].anonymous for k in rep.speakers if k in actors)
                reports.append(rep)
        doc._.reports = reports
        return doc

    def _according(self, token: Token, mentions: dict[int, str]) -> Report | None:
        to = next(c for c in token.children if c.lower_ == "to")
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        key = actor_of(pobj, mentions) or self._demonym_actor(pobj, mentions)
        if key is None:
            return None
        head = token.head
        content = subtree(head) - subtree(token)
        return Report(verb=token.i, speakers=[key], content=frozenset(content))

    def _demonym_actor(self, token: Token | None, mentions: dict[int, str]) -> str | None:
        """"according to Israeli figures": the country of a demonym modifier, added to the doc's actors."""
        if token is None:
            return None
        from kg.gazetteer import load_gazetteer

        gz = load_gazetteer()
        for mod in token.lefts:
            iso = gz.country_of(mod.text) if mod.text[:1].isupper() else None
            if iso and iso in gz.country_entry:
                entry = gz.country_entry[iso]
                actors = token.doc._.actors
                if entry.key not in actors:
                    actors[entry.key] = entry.actor(token.doc._.published)
                actors[entry.key].aliases.add(mod.text)
                return entry.key
        return None

    def _interview(self, verb: Token, mentions: dict[int, str], actors: dict) -> Report | None:  # type: ignore[type-arg]
        """"dismissed the allegation in an interview with BFM TV": the outlet carries the speaker's words."""
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during")):
            for noun in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in self.lex.reporting_nouns):
                for w in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("with", "to", "on")):
                    for pobj in (c for c in w.children if c.dep_ == "pobj" and c.i in mentions):
                        speaker = actor_of(subject(verb), mentions)
                        outlet = mentions[pobj.i]
                        speakers = [k for k in (speaker, outlet) if k]
                        return Report(verb=verb.i, speakers=speakers, content=frozenset(subtree(verb) - subtree(prep)))
        return None

    def _reporting(self, verb: Token, mentions: dict[int, str], actors: dict) -> Report | None:  # type: ignore[type-arg]
        speaker = actor_of(subject(verb), mentions)
        if verb.dep_ == "acl" and verb.head.i in mentions:
            # "Khawaja Asif, speaking to Geo TV, dismissed ...": the speaker is the noun the participle describes
            speaker = mentions[verb.head.i]
        speakers: list[str] = []
        addressee = None
        # "quoting three Russian sources as saying", "citing officials": the quoted are nearer than the speaker
        for child in verb.children:
            if child.lemma_.lower() in _QUOTING:
                obj = next((c for c in child.children if c.dep_ in ("dobj", "obj", "pobj")), None)
                key = actor_of(obj, mentions)
                if key:
                    speakers.append(key)
        if speaker:
            speakers.append(speaker)
        # "told Reuters", "speaking to Geo TV": the outlet passes the claim on; "told Moscow": an addressee
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "to":
                for pobj in (c for c in child.children if c.dep_ == "pobj" and c.i in mentions):
                    if actors.get(mentions[pobj.i]) is not None and actors[mentions[pobj.i]].kind == "MediaOrganization":
                        speakers.append(mentions[pobj.i])
            if child.dep_ in ("dobj", "dative", "obj") and child.i in mentions:
                key = mentions[child.i]
                if actors.get(key) is not None and actors[key].kind == "MediaOrganization":
                    speakers.append(key)
                else:
                    addressee = key
        if not speakers:
            return None
        content: set[int] = set()
        for child in verb.children:
            if child.dep_ in ("ccomp", "parataxis") or (child.dep_ == "xcomp" and child.pos_ == "VERB"):
                content |= subtree(child)
            elif child.dep_ in ("dobj", "obj") and child.i not in mentions and verb.lemma_.lower() in ("report", "confirm", "announce", "reveal", "claim"):
                content |= subtree(child)
        if not content and verb.dep_ == "acl" and verb.head.dep_ in ("nsubj", "nsubjpass") and verb.head.head.i != verb.head.i:
            content = subtree(verb.head.head) - subtree(verb)
        if not content and verb.dep_ in ("advcl", "parataxis", "ccomp", "conj") and verb.head.i != verb.i:
            # "The US has rejected ..., Western media reported": the report frames its head clause
            if verb.dep_ != "conj":
                content = subtree(verb.head) - subtree(verb)
        if not content:
            return None
        return Report(verb=verb.i, speakers=list(dict.fromkeys(speakers)), content=frozenset(content), addressee=addressee)
