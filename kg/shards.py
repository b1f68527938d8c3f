"""N-Quads shards: what a distributed build writes, and how they are loaded.

A shard is two files: ``NAME.nq`` (plain N-Quads, one quad per line, loadable by any triplestore) and
``NAME.idx.jsonl`` (one line per article, in the order of the ``.nq`` file:
``{"iri": ..., "quads": n, "events": n, "bytes": n}``).
The index lets :func:`load_shards` replace each article's graphs in the embedded store exactly as
``kg build`` would (incremental, atomic per article); a triplestore that only needs the quads
(a fresh Oxigraph, Fuseki, GraphDB, QLever) loads the ``.nq`` files directly (docs/scaling.md).

Examples
--------
>>> import tempfile, pyoxigraph as ox
>>> d = tempfile.mkdtemp()
>>> q = ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("v"))
>>> with ShardWriter(d, name="s0") as w:
...     w.add("http://x/a", [q])
>>> [(iri, len(qs)) for iri, qs in iter_shard(Path(d) / "s0.nq")]
[('http://x/a', 1)]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

from kg.store import KGStore

NQ = ox.RdfFormat.N_QUADS


class ShardWriter:
    """Append articles' quads to ``DIR/NAME.nq`` (and its index), rolling to a new shard every ``max_quads``."""

    def __init__(self, directory: str | Path, *, name: str = "shard", max_quads: int = 5_000_000) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.max_quads = max_quads
        self.paths: list[Path] = []
        self._nq = self._idx = None  # type: ignore[assignment]
        self._count = 0

    def _open(self) -> None:
        n = len(self.paths)
        path = self.dir / (f"{self.name}.nq" if n == 0 else f"{self.name}-{n}.nq")
        self.paths.append(path)
        self._nq = path.open("wb")
        self._idx = index_path(path).open("w", encoding="utf-8")
        self._count = 0

    def add(self, iri: str, quads: Sequence[ox.Quad] | bytes, events: int = 0) -> None:
        """Append an article: its quads, or their N-Quads (one quad per line, as :func:`kg.store.nquads`)."""
        if self._nq is None or self._count >= self.max_quads:
            self.close()
            self._open()
        if isinstance(quads, bytes):
            data = quads if not quads or quads.endswith(b"\n") else quads + b"\n"
            n = data.count(b"\n")
        else:
            data, n = ox.serialize(quads, format=NQ), len(quads)
        self._nq.write(data)  # type: ignore[union-attr]
        entry = {"iri": iri, "quads": n, "events": events, "bytes": len(data)}
        self._idx.write(json.dumps(entry) + "\n")  # type: ignore[union-attr]
        self._count += n

    def close(self) -> None:
        if self._nq is not None:
            self._nq.close()
            self._idx.close()  # type: ignore[union-attr]
            self._nq = self._idx = None  # type: ignore[assignment]

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def index_path(shard: Path) -> Path:
    return shard.with_name(shard.name[: -len(".nq")] + ".idx.jsonl")


def iter_shard(path: str | Path) -> Iterator[tuple[str, list[ox.Quad]]]:
    """``(article IRI, quads)`` in the order written, streaming (one article in memory at a time)."""
    path = Path(path)
    with path.open("rb") as fh, index_path(path).open(encoding="utf-8") as idx:
        quads = ox.parse(fh, format=NQ)
        for line in idx:
            entry = json.loads(line)
            yield entry["iri"], list(islice(quads, entry["quads"]))


def iter_shard_nquads(path: str | Path) -> Iterator[tuple[str, bytes]]:
    """``(article IRI, its N-Quads)`` in the order written, streaming, without parsing the quads: the
    index gives each article's size in bytes and lines (a shard edited by hand, whose sizes no longer
    match, is read line by line, skipping blank and comment lines)."""
    path = Path(path)
    with path.open("rb") as fh, index_path(path).open(encoding="utf-8") as idx:
        by_size = True
        for line in idx:
            entry = json.loads(line)
            n = entry["quads"]
            if by_size and "bytes" in entry:
                at = fh.tell()
                data = fh.read(entry["bytes"])
                if data.count(b"\n") == n and (not data or data.endswith(b"\n") and data[:1] in b"<_"):
                    yield entry["iri"], data
                    continue
                fh.seek(at)
                by_size = False
            lines = list(islice(fh, n))
            data = b"".join(lines)
            if bytes(x[0] for x in lines).translate(None, b"<_"):  # a line that is no quad: not one quad per line
                kept = [x for x in lines if _is_statement(x)]
                while len(kept) < n and (got := fh.readline()):
                    if _is_statement(got):
                        kept.append(got)
                data = b"".join(kept)
            if data and not data.endswith(b"\n"):
                data += b"\n"
            yield entry["iri"], data


def _is_statement(line: bytes) -> bool:
    text = line.strip()
    return bool(text) and not text.startswith(b"#")


def shard_paths(directory: str | Path) -> list[Path]:
    """The ``.nq`` shards of a folder that have an index, sorted by name."""
    return sorted(p for p in Path(directory).glob("*.nq") if index_path(p).is_file())


def load_shards(store: KGStore, shards: Iterable[str | Path], *, batch: int = 256,
                flush: bool = True) -> tuple[int, int, list[tuple[str, Exception]]]:
    """Replace each article of the shards in ``store``, ``batch`` articles per transaction (bulk-loaded when
    new: a bulk load costs ~80 ms however small, so large batches go faster); ``flush`` at the end.

    Returns (articles written, quads written, [(article IRI, error)]).
    """
    articles = quads = 0
    failed: list[tuple[str, Exception]] = []
    for shard in shards:
        items = iter_shard_nquads(shard)
        while chunk := list(islice(items, batch)):
            for (iri, _), outcome in zip(chunk, store.replace_nquads(chunk)):
                if isinstance(outcome, Exception):
                    failed.append((iri, outcome))
                else:
                    articles += 1
                    quads += outcome
    if flush:
        store.flush()
    return articles, quads, failed


def bulk_load_shards(store: KGStore, shards: Iterable[str | Path]) -> None:
    """pyoxigraph's ``bulk_load`` of each shard, as is: the fastest way into an empty store.

    Not transactional and not incremental (an article already stored keeps its old quads too): use
    :func:`load_shards` to update a store.
    """
    for shard in shards:
        store.oxigraph.bulk_load(path=str(shard), format=NQ)
    store.flush()
