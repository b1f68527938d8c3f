"""Extraction in a pool of worker processes, each with the spaCy pipeline.

The parent reads the articles (and skips unchanged ones), sends them to the workers in batches, and gets
back, in input order, each article's extraction (or only its number of events) and its quads as N-Quads
bytes, which go to the store as they are (:meth:`kg.store.KGStore.replace_nquads`: the parent never turns a
quad into a Python object).
The parent remains the single writer of the store.  At most ``2 * workers`` tasks are in flight and
``2 * workers + 1`` more are read ahead (:func:`tasks`), so memory does not grow with the corpus.

Where ``fork`` exists (Linux), the workers are forked from the parent after it has loaded the pipeline and
warmed its lazily loaded tables: start-up costs milliseconds instead of a pipeline load per worker, and the
model's memory is shared copy-on-write.  Elsewhere (or with ``KG_START_METHOD=spawn``) each worker loads
its own pipeline.  The parent has threads when it forks (RocksDB's, the pool's own, as with Python's
default ``fork`` pools before 3.14); a worker never touches the store or those threads' locks: it runs the
pipeline, makes N-Quads and returns them, and leaves with ``os._exit``.

spaCy's own ``nlp.pipe(n_process=N)`` is not used: it sends Docs back to the parent, where extraction and
RDF would then run on one core.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from itertools import chain

from spacy.language import Language

from kg.pipeline import Built, build_articles, shared_pipeline
from kg.types import Article, Extraction


def _default_start_method() -> str:
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


#: Start method of the worker processes: ``fork`` on Linux (the parent's loaded pipeline is shared),
#: ``spawn`` elsewhere; ``KG_START_METHOD`` overrides it.
START_METHOD = os.environ.get("KG_START_METHOD") or _default_start_method()

#: A worker's answer for one article: its extraction (or only its number of events), its N-Quads, or the error.
Packed = tuple[Extraction | int | None, bytes | None, str | None]


#: One BLAS thread per worker: N workers with N threads each would fight over the cores.  Set in the
#: parent before the workers start (numpy reads them when it is imported, before any initializer runs);
#: spaCy's CPU models use blis, single-threaded, so one process uses one core either way.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

#: Articles per task at most: one spaCy batch of the default size.  Tasks of 8 made the workers spend 5-8%
#: more CPU on the same articles (8 interleaved pairs of 64-article 2-worker builds: 7.07 against 6.52 CPU s,
#: 6% longer, slower in every pair); the guided tail (:func:`tasks`) keeps the workers finishing together.
TASK_SIZE = 16

#: Articles (of average length) per task at least, at the end of the input: spaCy parses a batch of one
#: article ~25% slower per article than a batch of eight, so shorter tasks cost more than they save.
TASK_MIN = 2


def tasks(articles: Iterable[Article], size: int, workers: int) -> Iterator[list[Article]]:
    """The articles in tasks of at most ``size``, shorter ones at the end of the input (guided scheduling).

    Reads ``(2 * workers + 1) * size`` articles ahead, as many as are in flight and one task more.  Once the
    end of the input is among them, a task takes at most a ``1 / (2 * workers)`` share of the text left (but
    :data:`TASK_MIN` articles' worth of it): the last tasks are short, so the workers finish together
    instead of one idling while the other parses a last full task (up to a second with the bench corpus).

    Examples
    --------
    >>> arts = [Article(id=str(i), title="", text="word " * 100) for i in range(20)]
    >>> [len(t) for t in tasks(arts, 4, 2)]
    [4, 4, 3, 2, 2, 2, 2, 1]
    """
    source = iter(articles)
    ahead: deque[Article] = deque()
    left = 0  # characters of text in ``ahead``
    horizon = (2 * workers + 1) * size
    ended = False
    while True:
        while not ended and len(ahead) < horizon:
            article = next(source, None)
            if article is None:
                ended = True
            else:
                ahead.append(article)
                left += len(article.text)
        if not ahead:
            return
        # a share of the text left, but TASK_MIN articles' worth of it (on average) at least
        share = max(left / (2 * workers), TASK_MIN * left / len(ahead)) if ended else float("inf")
        task: list[Article] = [ahead.popleft()]
        took = len(task[0].text)
        while ahead and len(task) < size and took + len(ahead[0].text) <= share:
            task.append(ahead.popleft())
            took += len(task[-1].text)
        left -= took
        yield task


#: The pipeline forked workers use (set in the parent just before the pool starts).
_FORKED: Language | None = None


def _init_worker() -> None:
    if _FORKED is None:
        shared_pipeline()


def _pipeline() -> Language:
    return _FORKED if _FORKED is not None else shared_pipeline()


def work(articles: list[Article], batch_size: int = 16, extractions: bool = True) -> list[Packed]:
    """Extract a batch of articles in this process (the worker side): one answer per article, in order.

    Without ``extractions`` an answer carries the extraction's number of events instead of the extraction:
    unpickling the dataclasses costs the parent ~3 ms per article, on a core the workers need.
    """
    built = build_articles(articles, _pipeline(), batch_size=batch_size)
    if extractions:
        return [(b.extraction, b.nquads, b.error) for b in built]
    return [(None if b.extraction is None else b.events, b.nquads, b.error) for b in built]


_WARM_TEXT = ("KINSHASA - Rebels seized Goma on Monday, a Congolese army spokesman told reporters, and Kenyan "
              "officials said the talks in Nairobi would resume on March 3, 2024.")


def warm(nlp: Language) -> None:
    """Run the pipeline once and load the gazetteer's lazily loaded tables (cities, country_converter), so
    that forked workers share them instead of each loading them on its first article."""
    try:
        list(build_articles([Article(id="warm-up", title="Warm-up", text=_WARM_TEXT, published=date(2024, 2, 14))], nlp))
        from kg import gazetteer

        gazetteer.city_country("Goma")
        gazetteer.coco_iso3("Congolese")
    except Exception:  # noqa: BLE001, S110  (only a warm-up: the workers load what is missing)
        pass


def build_parallel(articles: Iterable[Article], *, workers: int = 2, batch_size: int = 16,
                   start_method: str | None = None, nlp: Language | None = None,
                   idle: bool = False, extractions: bool = True) -> Iterator[Built | None]:
    """:func:`kg.pipeline.build_articles` over ``workers`` processes, results in input order, in tasks of
    ``batch_size`` articles (at most :data:`TASK_SIZE`; shorter at the end of the input, see :func:`tasks`).

    With ``fork``, the workers use ``nlp`` (default: this process's shared pipeline), loaded and warmed here
    before they start; with ``spawn`` each loads its own and ``nlp`` is unused.  A worker that dies (out of
    memory, a crash in native code) costs the batches in flight: those articles come back with an error
    (E110) and a new pool takes over.  With ``idle``, ``None`` is yielded near the end: once when the input
    is read and about a task per worker is left, once when all of it is sent, and whenever a worker has
    nothing left to do while the next result is not ready.  The caller may then write what it holds, while
    the workers parse what is left, instead of after them.  Without ``extractions`` the results carry the
    number of events (:attr:`Built.events`) and no extraction.
    """
    global _FORKED
    method = start_method or START_METHOD
    ctx = multiprocessing.get_context(method)
    size = max(1, min(batch_size, TASK_SIZE))
    read = 0  # articles read from the input
    done = False  # whether the input is all read

    def source() -> Iterator[Article]:
        nonlocal read, done
        for article in articles:
            read += 1
            yield article
        done = True

    todo = tasks(source(), size, workers)
    first = next(todo, None)
    if first is None:  # nothing to build: no pipeline, no pool
        return
    for var in THREAD_VARS:
        os.environ.setdefault(var, "1")
    if method == "fork":
        _FORKED = nlp or shared_pipeline()
        warm(_FORKED)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)
    inflight: deque[tuple[list[Article], Future[list[Packed]]]] = deque()
    back = 0  # articles yielded
    near = False  # whether the pause near the end was yielded
    try:
        for batch in chain([first], todo):
            inflight.append((batch, _submit(pool, batch, size, extractions)))
            while len(inflight) >= 2 * workers:
                got, pool = _collect(inflight.popleft(), pool, ctx, workers)
                back += len(got)
                yield from got
                if idle and done and not near and read - back <= workers * size:
                    near = True
                    yield None  # about a task per worker left: what came back can be written while they run
        if idle:
            yield None  # all is sent: the same, for what came back since
        while inflight:
            if idle and len(inflight) < workers and not inflight[0][1].done():
                yield None  # a worker has nothing left to do: its core is free for the caller's writes
            got, pool = _collect(inflight.popleft(), pool, ctx, workers)
            yield from got
    finally:
        for _, fut in inflight:
            fut.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        _FORKED = None


def _submit(pool: ProcessPoolExecutor, batch: list[Article], size: int, extractions: bool) -> Future[list[Packed]]:
    with warnings.catch_warnings():  # Python >= 3.12 warns on any fork of a process with threads (see above)
        warnings.filterwarnings("ignore", message=r".*fork\(\) may lead to deadlocks", category=DeprecationWarning)
        return pool.submit(work, batch, size, extractions)


def _collect(item: tuple[list[Article], Future[list[Packed]]], pool: ProcessPoolExecutor, ctx, workers: int):  # type: ignore[no-untyped-def]
    batch, fut = item
    try:
        packed = fut.result()
        if len(packed) != len(batch):
            raise RuntimeError(f"{len(packed)} results for {len(batch)} articles")
        return [Built(a, ex, data, error) if not isinstance(ex, int) else Built(a, None, data, error, event_count=ex)
                for a, (ex, data, error) in zip(batch, packed)], pool
    except BrokenProcessPool as err:
        pool.shutdown(wait=False, cancel_futures=True)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)
        return [Built(a, error=f"WorkerDied: {err}") for a in batch], pool
    except Exception as err:  # noqa: BLE001  (e.g. a result that cannot be unpickled)
        return [Built(a, error=f"{type(err).__name__}: {err}") for a in batch], pool
