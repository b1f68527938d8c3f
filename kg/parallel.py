"""Extraction in a pool of worker processes, each with its own spaCy pipeline.

The parent reads the articles (and skips unchanged ones), sends them to the workers in batches, and gets
back, in input order, each article's extraction and its quads as N-Quads bytes (pickling pyoxigraph terms
one by one costs twenty times more than serialising them).  The parent remains the single writer of the
store.  At most ``2 * workers`` batches are in flight, so memory does not grow with the corpus.

spaCy's own ``nlp.pipe(n_process=N)`` is not used: it sends Docs back to the parent, where extraction and
RDF would then run on one core.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pyoxigraph as ox

from kg.pipeline import Built, batches, build_articles, shared_pipeline
from kg.types import Article, Extraction

#: Start method of the worker processes: "spawn" is safe with the parent's open store and threads.
START_METHOD = os.environ.get("KG_START_METHOD", "spawn")

Packed = tuple[Article, Extraction | None, bytes | None, str | None]


#: One BLAS thread per worker: N workers with N threads each would fight over the cores.  Set in the
#: parent before the workers start (numpy reads them when it is imported, before any initializer runs).
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _init_worker() -> None:
    shared_pipeline()


def pack(built: Built) -> Packed:
    data = None if built.quads is None else ox.serialize(built.quads, format=ox.RdfFormat.N_QUADS)
    return built.article, built.extraction, data, built.error


def unpack(packed: Packed) -> Built:
    article, ex, data, error = packed
    quads = None if data is None else list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    return Built(article, ex, quads, error)


def work(articles: list[Article], batch_size: int = 16) -> list[Packed]:
    """Extract a batch of articles in this process (the worker side)."""
    return [pack(b) for b in build_articles(articles, shared_pipeline(), batch_size=batch_size)]


def build_parallel(articles: Iterable[Article], *, workers: int = 2, batch_size: int = 16,
                   start_method: str | None = None) -> Iterator[Built]:
    """:func:`kg.pipeline.build_articles` over ``workers`` processes, results in input order.

    A worker that dies (out of memory, a crash in native code) costs the batches in flight: those articles
    come back with an error (E110) and a new pool takes over.  Workers start with ``spawn`` (set
    ``KG_START_METHOD=fork`` to reuse the parent's memory; not safe with every native library).
    """
    ctx = multiprocessing.get_context(start_method or START_METHOD)
    for var in THREAD_VARS:
        os.environ.setdefault(var, "1")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)
    inflight: deque[tuple[list[Article], Future[list[Packed]]]] = deque()
    try:
        for batch in batches(articles, batch_size):
            inflight.append((batch, pool.submit(work, batch, batch_size)))
            while len(inflight) >= 2 * workers:
                got, pool = _collect(inflight.popleft(), pool, ctx, workers)
                yield from got
        while inflight:
            got, pool = _collect(inflight.popleft(), pool, ctx, workers)
            yield from got
    finally:
        for _, fut in inflight:
            fut.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(item: tuple[list[Article], Future[list[Packed]]], pool: ProcessPoolExecutor, ctx, workers: int):  # type: ignore[no-untyped-def]
    batch, fut = item
    try:
        return [unpack(p) for p in fut.result()], pool
    except BrokenProcessPool as err:
        pool.shutdown(wait=False, cancel_futures=True)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)
        return [Built(a, error=f"WorkerDied: {err}") for a in batch], pool
    except Exception as err:  # noqa: BLE001  (e.g. a result that cannot be unpickled)
        return [Built(a, error=f"{type(err).__name__}: {err}") for a in batch], pool
