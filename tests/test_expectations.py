"""The seed article and every sample article against their expectations files.

For each: every required event found with an accepted class, agent and target; no extracted event that the
file does not list (precision 1.0); the listed dates of required events carried by the events; the article's
listed date expressions normalised to their values; the listed aliases resolved to their actors; disputed
claims disputed by the listed side.  Matching rules: kg/evaluate.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import load_expectations, score
from kg.extract import extract
from kg.ingest import read_file
from kg.nlp import make_doc

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = (SHARED / "corpus" / "seed-article-us-rejects-ceasefire.txt", SHARED / "eval" / "seed-article-expectations.json")
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))
CASES = [pytest.param(*SEED, id="seed")] + [
    pytest.param(p, ROOT / "data" / "eval" / f"{p.stem}.expected.json", id=p.stem) for p in SAMPLES
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scored(nlp):  # type: ignore[no-untyped-def]
    cache = {}

    def run(article: Path, expected: Path):  # type: ignore[no-untyped-def]
        if not article.exists():
            pytest.skip(f"{article} is absent (../shared is not beside the project)")
        if article not in cache:
            art = next(read_file(article))
            doc = nlp(make_doc(nlp, art.text, published=art.published, article_id=art.id))
            ex = extract(doc, art)
            cache[article] = (ex, score(ex, load_expectations(expected)))
        return cache[article]

    return run


def test_there_are_at_least_six_samples() -> None:
    assert len(SAMPLES) >= 6
    for p in SAMPLES:
        assert (ROOT / "data" / "eval" / f"{p.stem}.expected.json").exists(), p


@pytest.mark.parametrize(("article", "expected"), CASES)
def test_required_events_found(scored, article: Path, expected: Path) -> None:  # type: ignore[no-untyped-def]
    _, s = scored(article, expected)
    assert s.misses() == [], f"required events not found: {s.misses()}"


@pytest.mark.parametrize(("article", "expected"), CASES)
def test_no_spurious_events(scored, article: Path, expected: Path) -> None:  # type: ignore[no-untyped-def]
    ex, s = scored(article, expected)
    lab = lambda k: ex.actors[k].label if k in ex.actors else None  # noqa: E731
    spurious = [f"{e.type} {lab(e.agent)} -> {lab(e.target)} [{e.evidence.trigger}] {e.evidence.sentence[:90]}" for e in s.spurious]
    assert spurious == []


@pytest.mark.parametrize(("article", "expected"), CASES)
def test_event_dates(scored, article: Path, expected: Path) -> None:  # type: ignore[no-untyped-def]
    _, s = scored(article, expected)
    wrong = [(c.id, c.date_expected) for c in s.required if c.found and c.date_ok is False]
    assert wrong == []
    assert s.date_misses == []


@pytest.mark.parametrize(("article", "expected"), CASES)
def test_aliases_resolve(scored, article: Path, expected: Path) -> None:  # type: ignore[no-untyped-def]
    _, s = scored(article, expected)
    assert s.alias_misses == []


@pytest.mark.parametrize(("article", "expected"), CASES)
def test_attribution_and_disputes(scored, article: Path, expected: Path) -> None:  # type: ignore[no-untyped-def]
    _, s = scored(article, expected)
    assert [c.id for c in s.required if c.attribution_ok is False] == []
    assert [c.id for c in s.required if c.disputed_ok is False] == []
