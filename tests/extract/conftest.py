"""Run the whole extractor on a sentence of our own and describe its events compactly."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import extract
from kg.nlp import make_doc
from kg.types import Article, Extraction


@pytest.fixture(scope="session")
def run(nlp):  # type: ignore[no-untyped-def]
    def _run(text: str, published: date | None = date(2024, 3, 6)) -> Extraction:
        art = Article(id="t", title="t", text=text, published=published)
        return extract(nlp(make_doc(nlp, text, published=published, article_id="t")), art)

    return _run


@pytest.fixture(scope="session")
def events(run):  # type: ignore[no-untyped-def]
    """(type, agent label, target label) of every event, in order."""

    def _events(text: str, published: date | None = date(2024, 3, 6)) -> list[tuple[str, str | None, str | None]]:
        ex = run(text, published)
        lab = lambda k: ex.actors[k].label if k in ex.actors else None  # noqa: E731
        return [(e.type, lab(e.agent), lab(e.target)) for e in ex.events]

    return _events
