"""Score the extractor against expectation files and aggregate the per-article scores.

Each expectations file (``data/eval/<slug>.expected.json``, ``../shared/eval/seed-article-expectations.json``)
names its article in the ``article`` field.  **Article lookup rule** (:func:`find_article`): with
``--articles DIR`` the article is ``DIR/<article>``; otherwise, for an expectations file in folder ``E``, the
first existing of

1. ``E/../samples/<article>``  (``data/eval/x.expected.json`` -> ``data/samples/<article>``),
2. ``E/../corpus/<article>``   (``shared/eval/seed-....json`` -> ``shared/corpus/<article>``),
3. ``E/<article>``             (the article beside its expectations).

Each article is read with :func:`kg.ingest.read_file` (its ``metadata.published`` fills in a missing
publication date), all articles go through :func:`kg.pipeline.extract_articles` in one batch, and each
extraction is scored with :func:`kg.evaluate.score` (whose docstring states the matching rules).

Aggregation (:func:`aggregate`), summed over all articles (micro averages):

* **precision of class C** = extracted events of class C that are not spurious / extracted events of class C
  (an extracted event counts for its own class);
* **recall of class C** = required expected events whose *first listed* class is C that were found /
  required expected events whose first listed class is C (a required event counts for its first class);
* **F1 of class C** = harmonic mean of the two (undefined when either is);
* **overall** precision and recall sum the same counts over all classes (equal to pooling
  :attr:`kg.evaluate.Score.precision` and :attr:`~kg.evaluate.Score.recall` over articles);
* **agent accuracy** = of required events for which some extracted event has an accepted class, the share for
  which one of those also has an accepted agent;
* **target accuracy** = of required events that list a target and for which some extracted event has an
  accepted class and agent, the share for which one of those also has an accepted target;
* **date accuracy** = of found events (required or optional) that list a date, the share with the date right;
* **attribution accuracy** = of found events that list ``asserted_by``, the share whose claim names one of them;
* **dispute accuracy** = of found events that list ``disputed_by``, the share denied by one of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kg.evaluate import Score, actor_names, names_match, score
from kg.types import Event, Extraction


# ----------------------------------------------------------------------------------------- article lookup
def find_article(gold: str | Path, article: str, articles_dir: str | Path | None = None) -> Path:
    """The article file an expectations file names (see the module docstring for the rule).

    Raises
    ------
    FileNotFoundError
        When no candidate exists; the message lists every place tried.
    """
    if articles_dir is not None:
        candidates = [Path(articles_dir) / article]
    else:
        folder = Path(gold).resolve().parent
        candidates = [folder.parent / "samples" / article, folder.parent / "corpus" / article, folder / article]
    for c in candidates:
        if c.is_file():
            return c
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"{gold}: article {article!r} not found (tried {tried}); use --articles DIR")


def read_article(path: Path, expected: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Read the article, taking the publication date from the expectations' metadata when the file has none."""
    from kg.ingest import read_file

    art = next(iter(read_file(path)))
    published = expected.get("metadata", {}).get("published")
    if art.published is None and published:
        art = dataclasses.replace(art, published=date.fromisoformat(published))
    return art


# ----------------------------------------------------------------------------------------- counts
@dataclass
class Ratio:
    """``num`` of ``den``; :attr:`value` is ``None`` when nothing was counted."""

    num: int = 0
    den: int = 0

    def add(self, ok: bool) -> None:
        self.den += 1
        self.num += bool(ok)

    @property
    def value(self) -> float | None:
        return self.num / self.den if self.den else None


def f1(p: float | None, r: float | None) -> float | None:
    """Harmonic mean; ``None`` when either is undefined, 0.0 when both are 0."""
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ClassCounts:
    """Counts for one event class (or overall)."""

    extracted: int = 0  # extracted events of the class
    correct: int = 0  # ... of which not spurious
    required: int = 0  # required expected events whose first class is this one
    found: int = 0  # ... of which found

    @property
    def precision(self) -> float | None:
        return self.correct / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.required if self.required else None

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)


@dataclass
class Candidate:
    """An extracted event of an accepted class, shown beside a miss."""

    event: str
    type: str
    agent: str | None
    target: str | None
    sentence: str


@dataclass
class Miss:
    """A required expected event that was not found."""

    article: str
    id: str
    types: list[str]
    agent: list[str]
    target: list[str]
    theme: str
    reason: str  # "no event of an accepted class", "agent differs", "target differs or missing"
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class Spurious:
    """An extracted event that matches no listed event."""

    article: str
    event: str
    type: str
    cameo: str
    agent: str | None
    target: str | None
    trigger: str
    sentence: str


@dataclass
class ArticleResult:
    gold: Path
    article_path: Path
    expected: dict[str, Any]
    extraction: Extraction
    score: Score


@dataclass
class ExpectationSummary:
    articles: list[ArticleResult] = field(default_factory=list)
    classes: dict[str, ClassCounts] = field(default_factory=dict)
    overall: ClassCounts = field(default_factory=ClassCounts)
    agent: Ratio = field(default_factory=Ratio)
    target: Ratio = field(default_factory=Ratio)
    date: Ratio = field(default_factory=Ratio)
    attribution: Ratio = field(default_factory=Ratio)
    dispute: Ratio = field(default_factory=Ratio)
    misses: list[Miss] = field(default_factory=list)
    spurious: list[Spurious] = field(default_factory=list)
    alias_misses: list[str] = field(default_factory=list)
    date_misses: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------- aggregation
def _label(ex: Extraction, key: str | None) -> str | None:
    return ex.actors[key].label if key is not None and key in ex.actors else key


def _agent_ok(ex: Extraction, ev: Event, spec: dict[str, Any]) -> bool:
    if not spec.get("agent"):
        return True
    names, country = actor_names(ex, ev.agent)
    return names_match(names, country, spec["agent"])


def _target_ok(ex: Extraction, ev: Event, spec: dict[str, Any]) -> bool:
    if not spec.get("target"):
        return True
    if ev.target is None:
        return False
    names, country = actor_names(ex, ev.target)
    return names_match(names, country, spec["target"])


def aggregate(results: Iterable[ArticleResult]) -> ExpectationSummary:
    """Sum per-article :class:`~kg.evaluate.Score` results into per-class and overall figures."""
    out = ExpectationSummary()

    def cls(name: str) -> ClassCounts:
        return out.classes.setdefault(name, ClassCounts())

    for res in results:
        out.articles.append(res)
        ex, sc = res.extraction, res.score
        spurious_ids = {e.id for e in sc.spurious}
        for ev in ex.events:
            c = cls(ev.type)
            c.extracted += 1
            c.correct += ev.id not in spurious_ids
        specs = {s["id"]: s for s in res.expected.get("events", [])}
        for check in sc.checks:
            spec = specs[check.id]
            if check.required:
                c = cls(spec["types"][0])
                c.required += 1
                c.found += bool(check.found)
                by_class = [e for e in ex.events if e.type in spec["types"]]
                if by_class:
                    with_agent = [e for e in by_class if _agent_ok(ex, e, spec)]
                    out.agent.add(bool(with_agent))
                    if spec.get("target") and with_agent:
                        out.target.add(any(_target_ok(ex, e, spec) for e in with_agent))
                if not check.found:
                    if not by_class:
                        reason = "no event of an accepted class"
                    elif not any(_agent_ok(ex, e, spec) for e in by_class):
                        reason = "agent differs"
                    else:
                        reason = "target differs or missing"
                    out.misses.append(Miss(
                        article=ex.article.id, id=check.id, types=list(spec["types"]), agent=list(spec.get("agent") or []),
                        target=list(spec.get("target") or []), theme=spec.get("theme", ""), reason=reason,
                        candidates=[Candidate(e.id, e.type, _label(ex, e.agent), _label(ex, e.target), e.evidence.sentence)
                                    for e in by_class],
                    ))
            if check.date_ok is not None:
                out.date.add(check.date_ok)
            if check.attribution_ok is not None:
                out.attribution.add(check.attribution_ok)
            if check.disputed_ok is not None:
                out.dispute.add(check.disputed_ok)
        for ev in sc.spurious:
            out.spurious.append(Spurious(
                article=ex.article.id, event=ev.id, type=ev.type, cameo=ev.cameo, agent=_label(ex, ev.agent),
                target=_label(ex, ev.target), trigger=ev.evidence.trigger, sentence=ev.evidence.sentence,
            ))
        out.alias_misses += [f"{ex.article.id}: {m}" for m in sc.alias_misses]
        out.date_misses += [f"{ex.article.id}: {m}" for m in sc.date_misses]
    for c in out.classes.values():
        out.overall.extracted += c.extracted
        out.overall.correct += c.correct
        out.overall.required += c.required
        out.overall.found += c.found
    out.classes = dict(sorted(out.classes.items()))
    return out


# ----------------------------------------------------------------------------------------- running
def run(golds: Sequence[tuple[Path, dict[str, Any]]], *, nlp=None, articles_dir: str | Path | None = None,  # type: ignore[no-untyped-def]
        batch_size: int = 16) -> ExpectationSummary:
    """Extract every article the expectation files name (one pipeline batch) and aggregate the scores.

    Parameters
    ----------
    golds : sequence of (path, parsed expectations)
    nlp : spaCy Language, optional
        Defaults to :func:`kg.pipeline.shared_pipeline`.
    articles_dir : path, optional
        Overrides the article lookup rule: every article is read from this folder.

    Raises
    ------
    FileNotFoundError
        When an article cannot be found.
    """
    from kg.pipeline import extract_articles

    paths = [find_article(g, doc["article"], articles_dir) for g, doc in golds]
    articles = [read_article(p, doc) for p, (_, doc) in zip(paths, golds)]
    results = []
    for (gold, doc), path, ex in zip(golds, paths, extract_articles(articles, nlp, batch_size=batch_size)):
        results.append(ArticleResult(gold=Path(gold), article_path=path, expected=doc, extraction=ex, score=score(ex, doc)))
    return aggregate(results)


__all__ = [
    "ArticleResult", "Candidate", "ClassCounts", "ExpectationSummary", "Miss", "Ratio", "Spurious",
    "aggregate", "f1", "find_article", "read_article", "run",
]
