"""Extraction on a Dask distributed cluster, writing N-Quads shards that are then loaded into the store.

The input files are split into partitions (contiguous runs of the sorted file list; a big JSONL file into
blocks of lines, one partition each); each partition is one Dask task, run with the worker process's own
spaCy pipeline (loaded once per worker and kept), which reads its files, skips articles whose content hash
the store already has, and writes its articles' quads to a shard in ``shards/`` (:mod:`kg.shards`). The
client loads each shard into the store, in partition order, as soon as it is done, while the cluster works
on the others. The files and the shard folder must be visible at the same paths from the workers and the
client (a shared or network file system).

Needs the ``dask`` extra (``pip install geokg[dask]``).  Tests run it on a ``LocalCluster``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from kg.errors import MESSAGES
from kg.ingest import InputError, read_file
from kg.ingest.batch import expand_paths
from kg.ingest.errors import report
from kg.ingest.files import JSONL_BLOCK, Block, line_blocks
from kg.pipeline import BuildReport, build_articles, shared_pipeline
from kg.shards import ShardWriter, load_shards
from kg.store import KGStore
from kg.types import Article, Extraction
from kg.vocab import GEO, article_iri

ErrorTuple = tuple[str, str, "int | None", str]


def _pack_error(err: InputError) -> ErrorTuple:
    return err.code, err.path, err.line, err.message


def unpack_error(t: ErrorTuple) -> InputError:
    """An :class:`InputError` rebuilt from its parts (InputError does not pickle)."""
    code, path, line, message = t
    err = InputError.__new__(InputError)
    err.code, err.path, err.line, err.message = code, path, line, message
    Exception.__init__(err, str(err))
    return err


#: One input of a partition: a file, or a block of lines of a big JSONL file.
Part = str | tuple[str, Block]


def partitions(paths: Iterable[str | Path], *, size: int = 64, block_bytes: int = JSONL_BLOCK,
               errors: list[InputError] | None = None) -> Iterator[list[Part]]:
    """Runs of ``size`` input files (sorted as ``kg build`` reads them); a ``.jsonl`` file larger than
    ``block_bytes`` is split into blocks of whole lines of about that size (one pass over it here), each a
    partition of its own, so that one big corpus file is spread over the cluster like many small ones.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "big.jsonl").write_text('{"text": "..."}\\n' * 100)
    >>> _ = (folder / "a.txt").write_text("A title\\n\\nSome text.")
    >>> parts = list(partitions([folder], block_bytes=800))
    >>> [[p if isinstance(p, str) else p[1] for p in part] for part in parts]  # doctest: +ELLIPSIS
    [['.../a.txt'], [(0, 800, 1)], [(800, 1600, 51)]]
    """
    run: list[Part] = []
    for f in expand_paths(paths, errors):
        if f.suffix.lower() == ".jsonl" and _size(f) > block_bytes:
            try:
                blocks = line_blocks(f, block_bytes)
            except InputError as err:
                report(err, errors)
                continue
            if run:
                yield run
                run = []
            yield from ([(str(f), b)] for b in blocks)
            continue
        run.append(str(f))
        if len(run) >= size:
            yield run
            run = []
    if run:
        yield run


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read as a whole file: the reader reports the problem


def read_parts(parts: Iterable[Part], *, published: date | None = None,
               errors: list[InputError] | None = None) -> Iterator[Article]:
    """The articles of a partition's files and blocks, in order, going on past bad input."""
    for part in parts:  # files already expanded by partitions(): each is read as iter_articles would
        path, block = (part, None) if isinstance(part, str) else part
        try:
            yield from read_file(path, published=published, errors=errors, block=block)
        except InputError as err:
            report(err, errors)


def extract_partition(files: list[Part], shard_dir: str, name: str, hashes: dict[str, str] | None,
                      published: date | None = None, batch_size: int = 16) -> dict[str, Any]:
    """The worker side: read (files, or blocks of a JSONL file), skip unchanged, extract, write one shard.
    Returns counts and problems."""
    errors: list[InputError] = []
    out: dict[str, Any] = {"articles": 0, "unchanged": 0, "events": 0, "quads": 0, "warnings": [], "errors": [],
                           "shards": []}

    def fresh(articles: Iterable[Article]) -> Iterator[Article]:
        for a in articles:
            if a.published is None and published is None:
                out["warnings"].append("W101 " + MESSAGES["W101"].format(path=a.path or a.id))
            if hashes is not None and hashes.get(article_iri(a.id)) == a.content_hash:
                out["unchanged"] += 1
                continue
            yield a

    with ShardWriter(shard_dir, name=name) as writer:
        for b in build_articles(fresh(read_parts(files, published=published, errors=errors)), shared_pipeline(),
                                batch_size=batch_size):
            if b.error is not None or b.nquads is None:
                errors.append(InputError("E110", b.article.path or b.article.id, detail=b.error or "no quads"))
                continue
            n = b.events
            writer.add(article_iri(b.article.id), b.nquads, n)
            out["articles"] += 1
            out["events"] += n
            out["quads"] += b.count
        out["shards"] = [str(p) for p in writer.paths]
    out["errors"] = [_pack_error(e) for e in errors]
    return out


def stored_hashes(store: KGStore) -> dict[str, str]:
    """Article IRI -> content hash of every article in the store."""
    rows = store.oxigraph.quads_for_pattern(None, _node(GEO + "contentHash"), None, None)
    return {q.subject.value: q.object.value for q in rows}


def _node(iri: str):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def build_distributed(
    paths: Iterable[str | Path],
    store: KGStore,
    *,
    scheduler: Any,
    shards: str | Path | None = None,
    published: date | None = None,
    force: bool = False,
    batch_size: int = 16,
    files_per_task: int = 64,
    block_bytes: int = JSONL_BLOCK,
    write_batch: int = 256,
    progress: Callable[[Extraction], None] | None = None,
    on_partition: Callable[[dict[str, Any]], None] | None = None,
) -> BuildReport:
    """Build on a Dask cluster: ``scheduler`` is an address (``tcp://host:8786``) or a ``distributed.Client``.

    Shards go to ``shards`` (kept) or to a temporary folder (removed afterwards).  ``on_partition`` is
    called with each partition's counts as its shard is loaded (the CLI's progress bar); ``progress``
    is accepted for symmetry with :func:`kg.pipeline.build` and is not called (no extractions come back).
    """
    from distributed import Client

    report = BuildReport()
    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler
    tmp = None
    if shards is None:
        tmp = tempfile.mkdtemp(prefix="kg-shards-")
        shard_dir = Path(tmp)
    else:
        shard_dir = Path(shards)
        shard_dir.mkdir(parents=True, exist_ok=True)
    try:
        hashes = None if force else client.scatter([stored_hashes(store)], broadcast=True)[0]  # one future: the dict
        futures = []
        for i, files in enumerate(partitions(paths, size=files_per_task, block_bytes=block_bytes,
                                                 errors=report.errors)):
            futures.append(client.submit(extract_partition, files, str(shard_dir.resolve()), f"part-{i:05d}", hashes,
                                         published, batch_size, pure=False, key=f"kg-part-{i:05d}-{id(report)}"))
        for fut in futures:  # in partition order: later files win, as in a sequential build
            try:
                part = fut.result()
            except Exception as err:  # noqa: BLE001  (a task that failed: its files are reported)
                report.errors.append(InputError("E110", f"partition {fut.key}", detail=f"{type(err).__name__}: {err}"))
                continue
            finally:
                fut.release()
            report.unchanged += part["unchanged"]
            report.warnings += part["warnings"]
            report.errors += [unpack_error(e) for e in part["errors"]]
            written, quads, failed = load_shards(store, part["shards"], batch=write_batch, flush=False)  # once, below
            report.articles += written
            report.quads += quads
            report.events += part["events"]
            for iri, err in failed:
                report.errors.append(InputError("E110", iri, detail=f"{type(err).__name__}: {err}"))
            if on_partition is not None:
                on_partition(part)
    finally:
        if own:
            client.close()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    store.flush()
    return report


def warm() -> int:
    """Load the spaCy pipeline in this (worker) process; ``client.run(warm)`` before timing a build."""
    import os

    shared_pipeline()
    return os.getpid()
