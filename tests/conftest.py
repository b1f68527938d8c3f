"""Shared fixtures for the core tests.

* ``nlp``: the spaCy pipeline, loaded once per session (``kg.pipeline.shared_pipeline()``).
* ``sample_store_path`` / ``sample_store``: ``data/samples`` built once per session into a tmp dir.
* ``make_extraction``: small hand-made :class:`kg.types.Extraction` objects, no spaCy needed.
* ``shared_dir``: ``../shared`` next to the repository, skipped with a reason when it is absent.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.types import Actor, Article, Claim, DateValue, Event, Evidence, Extraction

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SHARED = ROOT.parent / "shared"


# -- spaCy-backed, session scoped -------------------------------------------------------------


@pytest.fixture(scope="session")
def nlp():
    from kg.pipeline import shared_pipeline

    return shared_pipeline()


@pytest.fixture(scope="session")
def sample_build(nlp, tmp_path_factory):
    """Build data/samples once; returns (store path, BuildReport). The writer is closed afterwards."""
    from kg.pipeline import build
    from kg.store import KGStore

    path = tmp_path_factory.mktemp("samples") / "store"
    store = KGStore(path)
    report = build([SAMPLES], store, nlp=nlp)
    del store
    gc.collect()  # release the RocksDB lock so tests (and the CLI) can open it
    return path, report


@pytest.fixture(scope="session")
def sample_store_path(sample_build) -> Path:
    return sample_build[0]


@pytest.fixture(scope="session")
def sample_store(sample_store_path):
    from kg.store import KGStore

    return KGStore(sample_store_path, read_only=True)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED} (the shared corpus sits next to the repository)")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared_dir) -> Path:
    seed = shared_dir / "corpus" / "seed-article-us-rejects-ceasefire.txt"
    if not seed.is_file():
        pytest.skip(f"seed article not found at {seed}")
    return seed


# -- hand-made extractions ----------------------------------------------------------------------


def day(text: str, expr: str = "") -> DateValue:
    d = date.fromisoformat(text)
    return DateValue(text, "day", d, d, expr)


def year(y: int, expr: str = "") -> DateValue:
    return DateValue(str(y), "year", date(y, 1, 1), date(y, 12, 31), expr)


def month(y: int, m: int, expr: str = "") -> DateValue:
    import calendar

    return DateValue(f"{y}-{m:02d}", "month", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), expr)


def _extraction(aid: str = "a1", *, variant: int = 0, published: date | None = date(2024, 2, 14),
                source: str | None = None) -> Extraction:
    """A small article with three claims:

    * c1 (the article's own voice): Ukraine proposes a ceasefire to Russia (day), Russia rejects it (year);
    * c2 (three Russian sources, quoted by Western media): Russia accuses Ukraine (month);
    * c3 (Ukraine's foreign ministry): Ukraine denies the accusation of c2 -> that event is disputed.

    ``variant=1`` changes the text and drops c3 and the anonymous source, to test rebuilding.
    """
    text = "Ukraine proposed a ceasefire. Russia rejected it. Three Russian sources accused Ukraine. Kyiv denied it."
    if variant:
        text = "Ukraine proposed a ceasefire again. Russia rejected it in 2023."
    art = Article(id=aid, title=f"Title {aid}", text=text, published=published, url=f"https://example.org/{aid}",
                  source=source, dateline="Kyiv" if not variant else None)
    actors = {
        "Q159": Actor("Q159", "Russia", "Country", wikidata="Q159", country="RUS", cameo="RUS", aliases={"Moscow"}),
        "Q212": Actor("Q212", "Ukraine", "Country", wikidata="Q212", country="UKR", cameo="UKR", aliases={"Kyiv"}),
    }
    ev = lambda s, t: Evidence(sentence=s, start=text.find(s), end=text.find(s) + len(s), trigger=t)  # noqa: E731
    events = [
        Event(f"{aid}/1", "Proposal", "036", ev("Ukraine proposed a ceasefire", "proposed"), agent="Q212", target="Q159",
              theme="a ceasefire", date=day("2024-02-13", "on Tuesday"), claim=f"{aid}/c1"),
        Event(f"{aid}/2", "Rejection", "120", ev("Russia rejected it", "rejected"), agent="Q159", target="Q212",
              about=f"{aid}/1", date=year(2023, "in 2023"), claim=f"{aid}/c1"),
    ]
    claims = [Claim(f"{aid}/c1", sources=[])]
    if not variant:
        actors[f"source/{aid}/1"] = Actor(f"source/{aid}/1", "three Russian sources", "AnonymousSource", count=3,
                                          affiliation="Q159", anonymous=True)
        actors["name-western-media"] = Actor("name-western-media", "Western media", "MediaOrganization", cameo="JRN")
        actors["name-ukrainian-foreign-ministry"] = Actor("name-ukrainian-foreign-ministry", "Ukrainian foreign ministry",
                                                          "Organization", country="UKR", cameo="UKRGOV")
        events += [
            Event(f"{aid}/3", "Accusation", "112", ev("Three Russian sources accused Ukraine", "accused"),
                  agent=f"source/{aid}/1", target="Q212", date=month(2024, 2, "in February"), claim=f"{aid}/c2"),
            Event(f"{aid}/4", "Denial", "016", ev("Kyiv denied it", "denied"), agent="name-ukrainian-foreign-ministry",
                  denies=[f"{aid}/3"], negated=False, claim=f"{aid}/c3"),
        ]
        claims += [
            Claim(f"{aid}/c2", sources=[f"source/{aid}/1", "name-western-media"], reported=day("2024-02-13"), anonymous=True),
            Claim(f"{aid}/c3", sources=["name-ukrainian-foreign-ministry"]),
        ]
    return Extraction(article=art, actors=actors, events=events, claims=claims,
                      mentions={k: {a.label} for k, a in actors.items()})


@pytest.fixture
def make_extraction() -> Callable[..., Extraction]:
    return _extraction


@pytest.fixture
def extraction() -> Extraction:
    return _extraction("a1")


@pytest.fixture
def mem_store():
    from kg.store import KGStore

    return KGStore(None)


def nquads(store) -> list[str]:
    """The store as sorted N-Quads lines (for exact comparisons)."""
    data = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return sorted(line for line in data.splitlines() if line.strip())


@pytest.fixture
def dump() -> Callable[..., list[str]]:
    return nquads
