"""Score the extractor against the PLOVER gold-standard records (``plover_gsr_cameo.json``).

The file (openeventdata/PLOVER, CC BY-SA 4.0; kept outside the project, read at run time) is a JSON list:
a ``DOCUMENT`` record (skipped) and one record per example sentence with ``text``, ``date``, ``event`` (a
PLOVER 0.5b1 category), ``eventText``, ``textInfo.markup`` (``(SRC: ...)``, ``(TAR: ...)``, ``(EVT: ...)``
spans) and ``source``/``target`` lists of actors with an ISO3-like ``code``.

Method (``docs/evaluation.md`` has the reasoning):

* every sentence becomes an :class:`~kg.types.Article` (``published`` = the record's date) and all of them go
  through :func:`kg.pipeline.extract_articles` in one batch;
* **the predicted event** of a record (:func:`pick_event`): the first non-``Statement`` event whose trigger
  word is one of the record's EVT words (``eventText`` and the ``(EVT: ...)`` spans), else the first
  non-``Statement`` event, else none (``Statement`` is CAMEO 010, which has no PLOVER category);
* **category**: ``kg.codes.plover(event.cameo)`` against the gold category mapped to its current name with
  ``kg.codes.current_plover`` (``DEMAND -> REQUEST``, ``DISAPPROVE -> ACCUSE``, ``INVESTIGATE -> ACCUSE``,
  ``FIGHT -> ASSAULT``: the ``plover_legacy`` table of ``data/codes/cameo.json``);
* **source (target) country**: the codes of the predicted agent (target) -- its ``country`` (for an
  anonymous source without one, its affiliation's), and the first three letters of its CAMEO code, which
  give ``IGO``/``NGO``/``IMG`` for organisations -- must include one of the gold sources' (targets') codes,
  after :data:`GOLD_CODE_ALIASES` (``IGO`` and ``NGO`` count as one: the GSR codes Amnesty International
  and the Red Cross as ``IGO``).  A record whose markup has ``(SRC/TAR: ...)`` spans and no target (a
  reciprocal event, "A and B agreed") has its sources as targets.  When the gold record has no source
  (target) the prediction is right only if the predicted event has none either;
* a record with no predicted event is wrong on all three.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kg.codes import current_plover, plover
from kg.eval.expectations import ClassCounts, Ratio
from kg.types import Article, Event, Extraction

#: Gold codes that are not ISO 3166-1 alpha-3 but old CAMEO country codes, and what they are in ISO3.
#: ``ROM`` is also what the gazetteer gives as Romania's CAMEO code, so predicted codes pass through it too.
GOLD_CODE_ALIASES: dict[str, str] = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU"}

#: Words of EVT spans that never identify the event ("will support", "has agreed to").
_FUNCTION_WORDS = frozenset(
    "a an the to of on in for with by and or is are was were be been being has have had will would shall should can could may "
    "might must not its their his her it they he she that this".split()
)
_EVT = re.compile(r"\(EVT:\s*([^)}]*)[)}]")  # one record closes a span with "}"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@dataclass(frozen=True)
class GoldActor:
    text: str
    code: str


@dataclass
class GoldRecord:
    id: str
    text: str
    published: date | None
    category: str  # as in the file (PLOVER 0.5b1)
    current: str  # mapped to the current PLOVER names
    sources: list[GoldActor]
    targets: list[GoldActor]
    evt_words: frozenset[str]
    markup: str = ""


@dataclass
class Prediction:
    record: GoldRecord
    event: Event | None
    category: str | None  # PLOVER category of the event's CAMEO code (None: no event or no category)
    agent: str | None  # label
    target: str | None
    agent_codes: frozenset[str]
    target_codes: frozenset[str]
    category_ok: bool
    source_ok: bool
    target_ok: bool
    events: int  # events extracted from the sentence
    error: str | None = None  # the pipeline failed on this sentence

    @property
    def predicted_label(self) -> str:
        """The predicted category, or ``(no event)`` / ``(no category: <class> <cameo>)``."""
        if self.event is None:
            return "(no event)"
        return self.category or f"(no category: {self.event.type} {self.event.cameo})"


@dataclass
class PloverSummary:
    predictions: list[Prediction] = field(default_factory=list)
    skipped: int = 0  # DOCUMENT and malformed records
    category: Ratio = field(default_factory=Ratio)
    source: Ratio = field(default_factory=Ratio)
    target: Ratio = field(default_factory=Ratio)
    target_given: Ratio = field(default_factory=Ratio)  # target accuracy where the gold names a target
    classes: dict[str, ClassCounts] = field(default_factory=dict)  # per current PLOVER category
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold current, predicted label)

    @property
    def scored(self) -> int:
        return len(self.predictions)

    @property
    def no_event(self) -> int:
        return sum(p.event is None for p in self.predictions)

    @property
    def no_category(self) -> int:
        return sum(p.event is not None and p.category is None for p in self.predictions)

    def miss_patterns(self, n: int = 10) -> list[tuple[str, str, int, Prediction]]:
        """The ``n`` most common (gold, predicted) category misses, with the first example of each."""
        counts: Counter[tuple[str, str]] = Counter()
        first: dict[tuple[str, str], Prediction] = {}
        for p in self.predictions:
            if not p.category_ok:
                key = (p.record.current, p.predicted_label if p.event is None or p.category else "(no category)")
                counts[key] += 1
                first.setdefault(key, p)
        return [(g, q, c, first[(g, q)]) for (g, q), c in counts.most_common(n)]


# ----------------------------------------------------------------------------------------- reading
def _actors(value: Any) -> list[GoldActor]:
    """Gold actors of a ``source``/``target`` field (a list of objects; strings and null mean none)."""
    if not isinstance(value, list):
        return []
    out = []
    for a in value:
        if isinstance(a, dict) and str(a.get("code") or "").strip():
            code = str(a["code"]).strip().upper()
            out.append(GoldActor(str(a.get("actorText", "")), GOLD_CODE_ALIASES.get(code, code)))
    return out


def markup(record: dict[str, Any]) -> str:
    """The record's markup: ``textInfo.markup``, or ``textInfo`` itself where it is a string (one record)."""
    info = record.get("textInfo")
    if isinstance(info, dict):
        return str(info.get("markup") or "")
    return str(info or "")


def evt_words(record: dict[str, Any]) -> frozenset[str]:
    """Lower-cased content words of ``eventText`` and of the markup's ``(EVT: ...)`` spans.

    Examples
    --------
    >>> sorted(evt_words({"eventText": "agreed cooperate", "textInfo": {"markup": "(EVT: will support) x"}}))
    ['agreed', 'cooperate', 'support']
    """
    parts = [str(record.get("eventText") or "")]
    parts += _EVT.findall(markup(record))
    return frozenset(w.lower() for p in parts for w in _WORD.findall(p) if w.lower() not in _FUNCTION_WORDS)


def read_records(doc: Sequence[dict[str, Any]], limit: int | None = None) -> tuple[list[GoldRecord], int]:
    """The scoreable records of a parsed PLOVER gold file and the number skipped (``DOCUMENT`` records,
    records without text or with an unknown category).  ``limit`` keeps the first ``limit`` scoreable ones."""
    records: list[GoldRecord] = []
    skipped = 0
    for r in doc:
        category = str(r.get("event", "")).strip().upper()
        if category == "DOCUMENT" or not r.get("text"):
            skipped += 1
            continue
        try:
            current = current_plover(category)
        except ValueError:
            skipped += 1
            continue
        if limit is not None and len(records) >= limit:
            continue
        day = r.get("date")
        sources, targets, text = _actors(r.get("source")), _actors(r.get("target")), markup(r)
        if not targets and "SRC/TAR:" in text:  # reciprocal event ("A and B agreed"): each source is a target
            targets = list(sources)
        records.append(GoldRecord(
            id=str(r["id"]), text=" ".join(str(r["text"]).split()), published=date.fromisoformat(day) if day else None,
            category=category, current=current, sources=sources, targets=targets, evt_words=evt_words(r), markup=text,
        ))
    return records, skipped


# ----------------------------------------------------------------------------------------- predicting
def pick_event(ex: Extraction, words: Iterable[str]) -> Event | None:
    """The event a record is scored on: the first non-Statement event whose trigger is an EVT word, else
    the first non-Statement event, else ``None``."""
    wanted = {w.lower() for w in words}
    events = [e for e in ex.events if e.type != "Statement"]
    for e in events:
        if any(w.lower() in wanted for w in _WORD.findall(e.evidence.trigger or "")):
            return e
    return events[0] if events else None


def actor_codes(ex: Extraction, key: str | None) -> frozenset[str]:
    """The codes an actor is compared on: its country (an anonymous source's affiliation's when it has
    none) and the first three letters of its CAMEO code (``IGOUNO -> IGO``), after :data:`GOLD_CODE_ALIASES`."""
    if key is None or key not in ex.actors:
        return frozenset()
    a = ex.actors[key]
    codes = set()
    country = a.country
    if country is None and a.affiliation in ex.actors:
        country = ex.actors[a.affiliation].country
    if country:
        codes.add(country)
    if a.cameo and len(a.cameo) >= 3:
        codes.add(a.cameo[:3])
    return frozenset(GOLD_CODE_ALIASES.get(c.upper(), c.upper()) for c in codes)


#: Codes that count as equal: the GSR codes NGOs such as Amnesty International and the Red Cross as ``IGO``.
_EQUIVALENT: dict[str, frozenset[str]] = {"IGO": frozenset({"IGO", "NGO"}), "NGO": frozenset({"IGO", "NGO"})}


def _role_ok(gold: list[GoldActor], event: Event | None, codes: frozenset[str], key: str | None) -> bool:
    if event is None:
        return False
    if not gold:
        return key is None
    return any(_EQUIVALENT.get(g.code, frozenset({g.code})) & codes for g in gold)


def predict(record: GoldRecord, ex: Extraction | None, error: str | None = None) -> Prediction:
    """Score one record against its extraction (``None`` when the pipeline failed on it)."""
    ev = pick_event(ex, record.evt_words) if ex is not None else None
    category = plover(ev.cameo) if ev is not None and ev.cameo else None
    agent_codes = actor_codes(ex, ev.agent) if ex is not None and ev is not None else frozenset()
    target_codes = actor_codes(ex, ev.target) if ex is not None and ev is not None else frozenset()

    def label(key: str | None) -> str | None:
        return ex.actors[key].label if ex is not None and key in ex.actors else key

    return Prediction(
        record=record, event=ev, category=category,
        agent=label(ev.agent) if ev else None, target=label(ev.target) if ev else None,
        agent_codes=agent_codes, target_codes=target_codes,
        category_ok=ev is not None and category == record.current,
        source_ok=_role_ok(record.sources, ev, agent_codes, ev.agent if ev else None),
        target_ok=_role_ok(record.targets, ev, target_codes, ev.target if ev else None),
        events=len(ex.events) if ex is not None else 0, error=error,
    )


def summarise(predictions: Iterable[Prediction], skipped: int = 0) -> PloverSummary:
    """Accuracies, per-category precision/recall/F1 and the confusion table of scored predictions.

    Per category C: ``extracted`` = records predicted as C, ``correct`` = of those, gold C as well;
    ``required`` = records whose gold category is C, ``found`` = of those, predicted C.
    """
    out = PloverSummary(skipped=skipped)
    for p in predictions:
        out.predictions.append(p)
        out.category.add(p.category_ok)
        out.source.add(p.source_ok)
        out.target.add(p.target_ok)
        if p.record.targets:
            out.target_given.add(p.target_ok)
        gold = out.classes.setdefault(p.record.current, ClassCounts())
        gold.required += 1
        gold.found += p.category_ok
        if p.category is not None:
            pred = out.classes.setdefault(p.category, ClassCounts())
            pred.extracted += 1
            pred.correct += p.category_ok
        out.confusion[(p.record.current, p.predicted_label if p.event is None or p.category else "(no category)")] += 1
    out.classes = dict(sorted(out.classes.items()))
    return out


def run(doc: Sequence[dict[str, Any]], *, nlp=None, limit: int | None = None) -> PloverSummary:  # type: ignore[no-untyped-def]
    """Run the extractor over the records of a parsed PLOVER gold file (all in one spaCy batch) and score it."""
    from kg.ingest.ids import safe_id
    from kg.pipeline import extract_articles

    records, skipped = read_records(doc, limit)
    articles = [Article(id=safe_id(r.id), title="", text=r.text, published=r.published) for r in records]
    errors: dict[str, str] = {}

    def failed(article: Article, err: Exception) -> None:
        errors[article.id] = f"{type(err).__name__}: {err}"

    extractions = {ex.article.id: ex for ex in extract_articles(articles, nlp, batch_size=max(1, len(articles)), on_error=failed)}
    preds = [predict(r, extractions.get(a.id), errors.get(a.id)) for r, a in zip(records, articles)]
    return summarise(preds, skipped)


__all__ = [
    "GOLD_CODE_ALIASES", "GoldActor", "GoldRecord", "PloverSummary", "Prediction",
    "actor_codes", "evt_words", "pick_event", "predict", "read_records", "run", "summarise",
]
