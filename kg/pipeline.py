"""The build: files -> articles -> spaCy docs -> extractions -> quads -> store, streaming.

Articles are read lazily, parsed with ``nlp.pipe`` in batches inside ``memory_zone`` (so the vocabulary
does not grow with the corpus), extracted, turned into quads and written to the store in batched
transactions (:meth:`kg.store.KGStore.replace_articles`).  Nothing holds the whole corpus: at any time
only a batch or two of articles is in memory.  ``workers > 1`` runs the extraction in a process pool
(:mod:`kg.parallel`); the parent stays the only writer of the store.  ``kg.distributed`` runs it on a
Dask cluster instead.

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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from spacy.language import Language

from kg import rdf
from kg.errors import MESSAGES
from kg.extract import extract
from kg.ingest import InputError, iter_articles
from kg.nlp import load_pipeline, make_doc
from kg.store import KGStore, nquads
from kg.types import Article, Extraction
from kg.vocab import article_iri

if TYPE_CHECKING:
    from kg.shards import ShardWriter

log = logging.getLogger("kg.build")

#: Articles per store transaction (bulk loads below ~64 articles lose speed: see docs/scaling.md).
WRITE_BATCH = 64


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


@dataclass
class Built:
    """One article through extraction and RDF: its extraction, its quads as N-Quads, or the error.

    ``nquads`` holds each distinct quad once, one per line (:func:`kg.store.nquads`): the form the store
    writes without making a Python object of each quad, the shards keep and the workers send back.
    """

    article: Article
    extraction: Extraction | None = None
    nquads: bytes | None = None
    error: str | None = None  # "Type: message" when extraction or RDF failed (E110)
    event_count: int | None = None  # the number of events when the extraction stayed in a worker

    @property
    def events(self) -> int:
        """Number of events extracted."""
        if self.extraction is not None:
            return len(self.extraction.events)
        return self.event_count or 0

    @property
    def quads(self) -> list[ox.Quad] | None:
        """The quads as pyoxigraph objects (parsed from ``nquads``)."""
        if self.nquads is None:
            return None
        return list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))

    @property
    def count(self) -> int:
        """Number of quads."""
        return self.nquads.count(b"\n") if self.nquads else 0


_NLP: Language | None = None


def shared_pipeline() -> Language:
    """One spaCy pipeline per process, loaded on first use."""
    global _NLP
    if _NLP is None:
        _NLP = load_pipeline()
    return _NLP


def batches(items: Iterable, size: int) -> Iterator[list]:  # type: ignore[type-arg]
    """Lists of ``size`` items (the last shorter), lazily."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def extract_articles(articles: Iterable[Article], nlp: Language | None = None, *, batch_size: int = 16,
                     on_error: Callable[[Article, Exception], None] | None = None) -> Iterator[Extraction]:
    """Run the pipeline over articles, yielding one :class:`Extraction` each (lazily, in batches)."""
    nlp = nlp or shared_pipeline()
    for batch in batches(articles, batch_size):
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


def build_articles(articles: Iterable[Article], nlp: Language | None = None, *, batch_size: int = 16) -> Iterator[Built]:
    """Extraction and RDF for each article, in order; failures come back as :class:`Built` with ``error``."""
    failures: dict[int, str] = {}

    def failed(article: Article, err: Exception) -> None:
        failures[id(article)] = f"{type(err).__name__}: {err}"

    pending: list[Article] = []

    def tracked() -> Iterator[Article]:
        for a in articles:
            pending.append(a)
            yield a

    for ex in extract_articles(tracked(), nlp, batch_size=batch_size, on_error=failed):
        while pending and pending[0] is not ex.article:  # articles before this one failed
            a = pending.pop(0)
            yield Built(a, error=failures.pop(id(a), "RuntimeError: no extraction"))
        if pending:
            pending.pop(0)
        try:
            data = nquads(rdf.quads(ex))
        except Exception as err:  # noqa: BLE001  (reported per article)
            yield Built(ex.article, error=f"{type(err).__name__}: {err}")
            continue
        yield Built(ex.article, ex, data)
    for a in pending:
        yield Built(a, error=failures.pop(id(a), "RuntimeError: no extraction"))


def _last_flagged(items: Iterable[list[Article]]) -> Iterator[tuple[list[Article], bool]]:
    """Each item with whether it is the last one (one read ahead)."""
    it = iter(items)
    current = next(it, None)
    while current is not None:
        following = next(it, None)
        yield current, following is None
        current = following


def _build_stream(articles: Iterable[Article], nlp: Language | None, batch_size: int) -> Iterator[Built | None]:
    """:func:`build_articles`, with a ``None`` once the input is read, just before its last batch is parsed:
    what came back before can then be written while that batch is parsed instead of after it."""
    for batch, last in _last_flagged(batches(articles, batch_size)):
        if last:
            yield None
        yield from build_articles(batch, nlp, batch_size=batch_size)


def build(
    paths: Iterable[str | Path],
    store: KGStore,
    *,
    published: date | None = None,
    nlp: Language | None = None,
    batch_size: int = 16,
    force: bool = False,
    progress: Callable[[Extraction], None] | None = None,
    workers: int = 1,
    write_batch: int = WRITE_BATCH,
    shards: str | Path | None = None,
    on_written: Callable[[int, int, int], None] | None = None,
    background: bool = True,
) -> BuildReport:
    """Build (or update) the knowledge graph in ``store`` from files and folders.

    Articles already in the store with the same content hash are skipped (``force`` rebuilds them);
    a changed article replaces its graphs.  Bad files are reported in ``BuildReport.errors`` and skipped.
    ``workers > 1`` extracts in that many processes (:mod:`kg.parallel`: forked from this one, sharing
    ``nlp`` or the shared pipeline, where ``fork`` exists; otherwise each loads its own).
    ``shards`` also writes every article's quads to N-Quads shards in that folder (:mod:`kg.shards`).
    ``progress`` is called after each article is written, with its extraction; ``on_written`` after each
    store transaction, with the articles, events and quads it wrote.  With ``background`` (the default)
    the writes, and so these two callbacks, run on a writer thread while the next batch is parsed, one
    transaction at a time in input order; ``background=False`` writes on the calling thread.
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

    articles = fresh(iter_articles(paths, published=published, errors=report.errors))
    if workers > 1:
        from kg.parallel import build_parallel

        # idle: near the end, pauses (None) in which what has come back is written while the workers finish
        # extractions: only a progress callback needs them; otherwise the workers send their event counts
        results: Iterator[Built | None] = build_parallel(articles, workers=workers, batch_size=batch_size, nlp=nlp,
                                                         idle=True, extractions=progress is not None)
    else:
        results = _build_stream(articles, nlp, batch_size)
    writer: ShardWriter | None = None
    if shards is not None:
        from kg.shards import ShardWriter

        writer = ShardWriter(shards)

    def flush(batch: list[Built]) -> None:
        before = (report.articles, report.events, report.quads)
        write(store, batch, report, progress=progress, shards=writer)
        if on_written is not None:
            on_written(report.articles - before[0], report.events - before[1], report.quads - before[2])

    # Writes run on a thread of their own, one batch at a time and in order, while the next batch is parsed:
    # pyoxigraph releases the GIL while it loads, so the store write overlaps with spaCy instead of adding
    # to it.  One batch in flight at most keeps memory flat; an error in a write is raised here as before.
    thread = ThreadPoolExecutor(1, thread_name_prefix="kg-write") if background else None
    pending: Future[None] | None = None

    def flush_next(batch: list[Built]) -> None:
        nonlocal pending
        if thread is None:
            flush(batch)
            return
        if pending is not None:
            pending.result()
        pending = thread.submit(flush, batch)

    try:
        batch: list[Built] = []
        for built in results:
            if built is not None:
                batch.append(built)
            if batch and (built is None or len(batch) >= write_batch):
                flush_next(batch)
                batch = []
        if batch:
            flush_next(batch)
        if pending is not None:
            pending.result()
    finally:
        if thread is not None:
            thread.shutdown(wait=True)  # an interrupted build still finishes the transaction it started
        if writer is not None:
            writer.close()
    store.flush()
    return report


def write(store: KGStore, batch: list[Built], report: BuildReport, *,
          progress: Callable[[Extraction], None] | None = None, shards: ShardWriter | None = None) -> None:
    """Write a batch of built articles in one store transaction, counting into ``report``."""
    good = [b for b in batch if b.error is None and b.nquads is not None]
    outcomes = store.replace_nquads([(article_iri(b.article.id), b.nquads or b"") for b in good])
    done = {id(b): n for b, n in zip(good, outcomes)}
    for b in batch:
        n = done.get(id(b), None)
        if b.error is not None or isinstance(n, Exception) or n is None:
            detail = b.error or (f"{type(n).__name__}: {n}" if isinstance(n, Exception) else "no quads")
            report.errors.append(InputError("E110", b.article.path or b.article.id, detail=detail))
            continue
        report.quads += n
        report.articles += 1
        report.events += b.events
        if shards is not None:
            shards.add(article_iri(b.article.id), b.nquads or b"", b.events)
        if progress is not None:
            progress(b.extraction or Extraction(article=b.article))
