"""Doc -> :class:`~kg.types.Extraction`: events, actors and claims as plain dataclasses.

Examples
--------
>>> from kg.nlp import load_pipeline, make_doc
>>> from kg.types import Article
>>> nlp = load_pipeline()
>>> art = Article(id="t", title="t", text="Russia rejected a proposal by Ukraine.")
>>> ex = extract(nlp(make_doc(nlp, art.text, article_id="t")), art)
>>> [(e.type, ex.actors[e.agent].label) for e in ex.events]
[('Proposal', 'Ukraine'), ('Rejection', 'Russia')]
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from kg.extract.arguments import ArgumentFinder
from kg.extract.disputes import link_disputes
from kg.extract.events import SYMMETRIC, Draft, EventBuilder
from kg.gazetteer import load_gazetteer
from kg.lexicon import load_lexicon
from kg.nlp.attribution import Report, chain
from kg.nlp.columns import Columns, columns
from kg.types import Actor, Article, Claim, Event, Extraction

__all__ = ["extract"]


def extract(doc: Doc, article: Article) -> Extraction:
    """Everything the processed ``doc`` says about who did what to whom, and who says so."""
    gz, lex = load_gazetteer(), load_lexicon()
    finder = ArgumentFinder(doc, gz, lex)
    builder = EventBuilder(doc, finder)
    drafts = builder.drafts()
    actors: dict[str, Actor] = finder.actors
    reports: list[Report] = doc._.reports or []
    ex = Extraction(article=article, actors=actors)

    claims: dict[tuple[str, ...], Claim] = {}

    def claim_for(index: int, speaker: str | None = None) -> Claim:
        around = chain(reports, index)
        sources = tuple(dict.fromkeys([*([speaker] if speaker else []), *(k for r in around for k in r.speakers)]))
        claim = claims.get(sources)
        if claim is None:
            claim = claims[sources] = Claim(id=f"{article.id}/c{len(claims) + 1}", sources=list(sources))
            claim.anonymous = any(r.anonymous for r in around)
        if claim.reported is None and around:
            claim.reported = builder.report_date(around[0].verb)
        return claim

    def affiliation_country(key: str) -> str | None:
        actor = actors.get(key)
        if actor is None:
            return None
        return actor.country or actor.affiliation

    by_token: dict[int, list[Event]] = {}
    n = 0
    for d in drafts:
        agents = d.agents
        if not agents and d.cls in SYMMETRIC and d.targets:
            agents = _default_partner(d, reports, actors, affiliation_country)
        if not agents and d.cls in _AGENTLESS and d.targets and _doer_unsaid(doc[d.token], lex) and not (
                d.polarity.modality or d.polarity.hypothetical or d.polarity.negated):
            agents = [None]  # "three civilians were killed in a car bombing": by whom, the text does not say
        if not agents:
            continue
        # a denial, and any speech act of an anonymous source, is its speaker's own claim: "Iran denies the
        # charge" puts the denial in Iran's graph, apart from the graph that asserts what it denies
        speaker = agents[0] if len(agents) == 1 and agents[0] is not None and (d.cls == "Denial" or actors[agents[0]].anonymous) else None
        claim = claim_for(d.token, speaker)
        # a US official's threat is not aimed at "Washington": a country is no target of its own people
        # (a state's own people and bodies); rebels, students or police acting on their own country do aim at
        # it, and so does an act named by where it happened ("imposed a curfew in Algiers")
        own = {finder.country_key(a) for a in agents if a is not None and _speaks_for_state(actors[a])}
        if d.placed or d.cls in _MATERIAL:  # "banned Ugandan opposition candidates" is done to Uganda
            targets = d.targets
        elif any(t in finder.by_demonym for t in d.targets):
            targets = d.targets  # "threatened to ban Ugandan opposition candidates": the country's own people
        else:
            targets = [t for t in d.targets if not (actors[t].kind == "Country" and actors[t].country in own)]
        for agent in agents:
            for target in targets or [None]:
                if target == agent:
                    continue
                n += 1
                ev = _event(article.id, n, d, agent, target, claim.id)
                by_token.setdefault(d.token, []).append(ev)
                ex.events.append(ev)

    for d in drafts:
        if d.about_token is not None and d.about_token in by_token and d.token in by_token:
            for ev in by_token[d.token]:
                ev.about = by_token[d.about_token][0].id
        for ev in by_token.get(d.token, []):
            ev.denies = [e.id for j in d.denies_tokens for e in by_token.get(j, [])[:1]]
    about_class = {ev.id: d.about_class for d in drafts for ev in by_token.get(d.token, [])}

    n = _statements(doc, article, reports, builder, ex, claim_for, n, [d for d in drafts if d.token in by_token], by_token)
    ex.claims = list(claims.values())
    # "denied that account": the statement made in that account is what is denied
    for d in drafts:
        if d.denies_report is None:
            continue
        verb = doc[d.denies_report]
        told = [e for e in ex.events if e.evidence.trigger == verb.text and e.evidence.start <= verb.idx < e.evidence.end and e.id not in {x.id for x in by_token.get(d.token, [])}]
        for ev in by_token.get(d.token, []):
            ev.denies += [t.id for t in told if t.id not in ev.denies]
    link_disputes(ex, about_class, affiliation_country, next_id=n + 1)
    _affiliations(ex, gz)
    ex.mentions = {k: set(a.aliases) for k, a in actors.items()}
    ex.dates = [(columns(doc).span_text(start, end), value) for start, end, value in doc._.dates or []]
    return ex


def _default_partner(d: Draft, reports: list[Report], actors: dict[str, Actor], country) -> list[str]:  # type: ignore[no-untyped-def]
    """A symmetric event with one named side: the other side is the speaker's ("talks with the Americans",
    says a Russian source)."""
    for report in chain(reports, d.token):
        for key in report.speakers:
            iso = country(key)
            actor = actors.get(key)
            if actor is not None and actor.kind != "MediaOrganization" and iso:
                gz = load_gazetteer()
                entry = gz.country_entry.get(iso)
                if entry is not None and entry.key not in d.targets:
                    if entry.key not in actors:
                        actors[entry.key] = entry.actor()
                    return [entry.key]
    return []


#: Classes reported without an agent when the text names none: a bombing, a killing, an arrest, an accusation
#: in the passive ("was accused of misusing funds").  Every other event needs an agent (the named listings
#: of proposals, rejections and denials read it after their page: see "Pages" in kg/queries.py).
_AGENTLESS = {"MilitaryAction", "MassViolence", "Coercion", "Accusation"}
#: Classes of material acts, which a state does to its own country as well (curfews, bans, arrests).
_MATERIAL = {"Coercion", "Sanction", "MilitaryAction", "MassViolence", "Concession", "Aid", "Mobilization", "Investigation", "Protest"}


def _doer_unsaid(verb: Token, lex) -> bool:  # type: ignore[no-untyped-def]
    """Whether a verb names no doer at all, of a victim it does name: a passive without a "by" phrase ("Russian
    peacekeepers were killed"), or an active verb whose subject is a weapon or a blast
    (``lex.coreference["instrument_nouns"]``: "a roadside bomb killed two US soldiers").  The victim must be
    named (a name or a demonym, not "they" or "four officers", whose reference is a guess), not negated ("no
    facilities had been hit"), and the clause must not be a condition or an expected outcome ("until Hamas has
    been destroyed").  A human subject that is not resolved ("crowds") is a doer left unnamed, not an unsaid one."""
    if verb.pos_ != "VERB":
        return False
    instruments = lex.coreference.get("instrument_nouns", ())
    if any(c.dep_ == "auxpass" for c in verb.children):
        by = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        if by and not all(p.lemma_.lower() in instruments for p in by):
            return False  # "killed by an improvised explosive device" names a weapon, not a doer
        victim = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    else:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lemma_.lower() not in instruments:
            return False
        victim = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if victim is None or victim.pos_ == "PRON" or any(c.lower_ in ("no", "neither") for c in victim.children):
        return False
    cols = columns(verb.doc)
    if not any(t.text[:1].isupper() and (t.i != cols.sent_bounds(t.i)[0] or t.pos_ == "PROPN") for t in victim.subtree if t.i <= victim.i):
        return False
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    return not (clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("until", "before", "if", "unless", "once", "lest")
                                               for m in clause.children))


def _speaks_for_state(actor: Actor) -> bool:
    """A country, a person, an anonymous official or a government body: whoever acts in a state's name."""
    code = actor.cameo or ""
    return actor.kind in ("Country", "Person") or actor.anonymous or code.endswith("GOV") or len(code) == 3


def _event(aid: str, n: int, d: Draft, agent: str, target: str | None, claim: str) -> Event:
    modality = d.polarity.modality
    if d.polarity.hypothetical:
        modality = "hypothetical"
    return Event(
        id=f"{aid}/{n}", type=d.cls, cameo=d.cameo, evidence=d.evidence, agent=agent, target=target,
        theme=d.theme, negated=d.polarity.negated, modality=modality, date=d.date, claim=claim,
    )


def _statements(doc: Doc, article: Article, reports: list[Report], builder: EventBuilder, ex: Extraction,
                claim_for, n: int, drafts: list[Draft], by_token: dict[int, list[Event]]) -> int:  # type: ignore[no-untyped-def]
    """A named speaker's report with no more specific event inside is a Statement (CAMEO 010)."""
    lex = load_lexicon()
    cols = columns(doc)
    emitted = {d.token for d in drafts}
    groups = doc._.groups or {}
    for r in reports:
        if cols.lemma[r.verb] == "accord":
            continue
        speaker = next((k for k in reversed(r.speakers) if ex.actors.get(k) and ex.actors[k].kind != "MediaOrganization"), None)
        if speaker is None:
            continue
        token = doc[r.verb]
        # an anonymous official who says another party must act makes a demand (in the official's own claim)
        obliged = [k for k in _obliged(doc, r, builder) if k not in r.speakers and k != speaker]
        # "must prepare to pay a heavy price" is a threat (read in what they must do, not in who: "US forces")
        if obliged and not _words(cols, (i for i in r.content if not _in_subject(doc[i], r))) & lex.threat_words:
            # what someone must do has not happened: the acts of the clause are the demand's content
            asked = {id(e) for i in r.content for e in by_token.get(i, [])}
            ex.events[:] = [e for e in ex.events if id(e) not in asked]  # "said China must drop barriers to US exports": a demand on China, whatever else is said
            for target in obliged:
                n += 1
                ex.events.append(Event(
                    id=f"{article.id}/{n}", type="Demand", cameo="100", evidence=builder.evidence(token), agent=speaker,
                    target=target, theme=_content_text(doc, r), date=builder.report_date(r.verb),
                    claim=claim_for(r.verb, speaker if ex.actors[speaker].anonymous else None).id,
                ))
            continue
        if not r.content.isdisjoint(emitted) or ex.actors[speaker].anonymous:
            continue
        cls, cameo, target = "Statement", "010", r.addressee if r.addressee != speaker else None
        words = _words(cols, r.content)
        modal = any(cols.lower[i] in ("would", "will", "could") and doc[i].dep_ == "aux" for i in r.content)
        accused = _violator(doc, r, lex, ex)
        if accused and accused != speaker:
            cls, cameo, target = "Accusation", "112", accused  # "said the RSF had not honoured its commitments"
        elif "unless" in words or (modal and words & lex.threat_words):
            cls, cameo = "Threat", "130"  # "unless X, it would take all measures", "would be regarded as war"
        subj = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        speakers = groups.get(subj.i, [speaker]) if subj is not None else [speaker]
        for who in speakers:
            n += 1
            ex.events.append(Event(
                id=f"{article.id}/{n}", type=cls, cameo=cameo, evidence=builder.evidence(token),
                agent=who, target=target if target != who else None,
                theme=_content_text(doc, r), date=builder.report_date(r.verb), claim=claim_for(r.verb).id,
            ))
    return n


def _words(cols: Columns, indices: Iterable[int]) -> set[str]:
    """The lower-case forms and lemmas of some tokens."""
    out: set[str] = set()
    for i in indices:
        out.add(cols.lower[i])
        out.add(cols.lemma[i])
    return out


#: Auxiliaries that put an obligation on the subject of a reported clause.
_OBLIGING = {"must", "should"}


def _in_subject(token: Token, r: Report) -> bool:
    """Whether a token of a report's content lies in the subject of the content's main clause."""
    t = token
    while t.head.i != t.i and t.i != r.verb:
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.head.i == r.verb:
            return True
        t = t.head
    return False


def _obliged(doc: Doc, r: Report, builder: EventBuilder) -> list[str]:
    """Who a report says must act: the subject of its clause when that clause is under "must"/"should"
    ("declared that China must drop barriers", "said Sudan should return the helicopter")."""
    # the verbs whose head is the reporting verb: its children, in order
    for verb in (c for c in doc[r.verb].children if c.i in r.content):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if not any(c.dep_ == "aux" and c.lower_ in _OBLIGING for c in verb.children):
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return builder.args.actors_at(subj) or builder.args.owner_of(subj, {})
    return []


def _violator(doc: Doc, r: Report, lex, ex: Extraction) -> str | None:  # type: ignore[no-untyped-def]
    """Who the report says broke (or did not honour) a commitment, truce or law."""
    mentions = doc._.mentions or {}
    lemmas = columns(doc).lemma
    for i in sorted(r.content):
        only_negated = lex.violation_verbs.get(lemmas[i])
        if only_negated is None:
            continue
        verb = doc[i]
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)
        if only_negated and not negated:
            continue
        objects = [c for c in verb.subtree if c.pos_ == "NOUN" and c.lemma_.lower() in lex.violation_objects]
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if objects and subj is not None and subj.i in mentions:
            return mentions[subj.i]
    return None


def _content_text(doc: Doc, r: Report) -> str | None:
    if not r.content:
        return None
    lo, hi = min(r.content), max(r.content)
    text = " ".join(columns(doc).span_text(lo, hi + 1).split())
    return text if len(text) <= 160 else text[:159].rsplit(" ", 1)[0] + "…"


def _affiliations(ex: Extraction, gz) -> None:  # type: ignore[no-untyped-def]
    """Anonymous sources point at their country's canonical actor."""
    for actor in list(ex.actors.values()):
        if actor.anonymous and actor.affiliation and actor.affiliation in gz.country_entry:
            entry = gz.country_entry[actor.affiliation]
            if entry.key not in ex.actors:
                ex.actors[entry.key] = entry.actor(ex.article.published)
            actor.affiliation = entry.key
