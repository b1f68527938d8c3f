"""The build: files -> articles -> spaCy docs -> extractions -> quads -> store, streaming.

Examples
--------
>>> from kg.store import KGStore
>>> report = build(["data/samples"], KGStore(None))  # doctest: +SKIP
>>> report.articles > 0  # doctest: +SKIP
True
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from spacy.language import Language

from kg import rdf
from kg.errors import MESSAGES
from kg.extract import extract
from kg.ingest import InputError, iter_articles
from kg.nlp import load_pipeline, make_doc
from kg.store import KGStore
from kg.types import Article, Extraction
from kg.vocab import article_iri

log = logging.getLogger("kg.build")


@dataclass
class BuildReport:
    """What a build did: counts, and every problem with the file it came from."""

    articles: int = 0
    unchanged: int = 0
    events: int = 0
    quads: int = 0
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


_NLP: Language | None = None


def shared_pipeline() -> Language:
    """One spaCy pipeline per process, loaded on first use."""
    global _NLP
    if _NLP is None:
        _NLP = load_pipeline()
    return _NLP


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def extract_articles(articles: Iterable[Article], nlp: Language | None = None, *, batch_size: int = 16,
                     on_error: Callable[[Article, Exception], None] | None = None) -> Iterator[Extraction]:
    """Run the pipeline over articles, yielding one :class:`Extraction` each (lazily, in batches)."""
    nlp = nlp or shared_pipeline()
    for batch in _batches(articles, batch_size):
        with nlp.memory_zone():
            docs = [make_doc(nlp, a.text, published=a.published, article_id=a.id) for a in batch]
            try:
                processed: list = list(nlp.pipe(docs, batch_size=batch_size))
            except Exception:
                if on_error is None:
                    raise
                processed = []  # one article broke the batch: run them one by one to find it
                for article in batch:
                    try:
                        processed.append(nlp(make_doc(nlp, article.text, published=article.published, article_id=article.id)))
                    except Exception as err:
                        on_error(article, err)
                        processed.append(None)
            for article, doc in zip(batch, processed):
                if doc is None:
                    continue
                try:
                    ex = extract(doc, article)
                except Exception as err:  # one bad article must not stop the batch
                    if on_error is None:
                        raise
                    on_error(article, err)
                    continue
                yield ex


def build(
    paths: Iterable[str | Path],
    store: KGStore,
    *,
    published: date | None = None,
    nlp: Language | None = None,
    batch_size: int = 16,
    force: bool = False,
    progress: Callable[[Extraction], None] | None = None,
) -> BuildReport:
    """Build (or update) the knowledge graph in ``store`` from files and folders.

    Articles already in the store with the same content hash are skipped (``force`` rebuilds them);
    a changed article replaces its graphs.  Bad files are reported in ``BuildReport.errors`` and skipped.
    """
    report = BuildReport()

    def fresh(articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            if article.published is None and published is None:
                msg = "W101 " + MESSAGES["W101"].format(path=article.path or article.id)
                report.warnings.append(msg)
                log.warning(msg)
            if not force and store.article_hash(article_iri(article.id)) == article.content_hash:
                report.unchanged += 1
                continue
            yield article

    def failed(article: Article, err: Exception) -> None:
        report.errors.append(InputError("E110", article.path or article.id, detail=f"{type(err).__name__}: {err}"))

    articles = fresh(iter_articles(paths, published=published, errors=report.errors))
    for ex in extract_articles(articles, nlp, batch_size=batch_size, on_error=failed):
        try:
            report.quads += store.replace_article(article_iri(ex.article.id), rdf.quads(ex))
        except Exception as err:  # the article's old data stays: replace_article is atomic
            failed(ex.article, err)
            continue
        report.articles += 1
        report.events += len(ex.events)
        if progress is not None:
            progress(ex)
    store.flush()
    return report
