"""N-Quads shards: what a distributed build writes, and how they are loaded.

A shard is two files: ``NAME.nq`` (plain N-Quads, loadable by any triplestore) and ``NAME.idx.jsonl``
(one line per article, in the order of the ``.nq`` file: ``{"iri": ..., "quads": n, "events": n}``).
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

    def add(self, iri: str, quads: Sequence[ox.Quad], events: int = 0) -> None:
        if self._nq is None or self._count >= self.max_quads:
            self.close()
            self._open()
        self._nq.write(ox.serialize(quads, format=NQ))  # type: ignore[union-attr]
        self._idx.write(json.dumps({"iri": iri, "quads": len(quads), "events": events}) + "\n")  # type: ignore[union-attr]
        self._count += len(quads)

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


def shard_paths(directory: str | Path) -> list[Path]:
    """The ``.nq`` shards of a folder that have an index, sorted by name."""
    return sorted(p for p in Path(directory).glob("*.nq") if index_path(p).is_file())


def load_shards(store: KGStore, shards: Iterable[str | Path], *, batch: int = 64) -> tuple[int, int, list[tuple[str, Exception]]]:
    """Replace each article of the shards in ``store``, ``batch`` articles per transaction (bulk-loaded when new).

    Returns (articles written, quads written, [(article IRI, error)]).
    """
    articles = quads = 0
    failed: list[tuple[str, Exception]] = []
    for shard in shards:
        items = iter_shard(shard)
        while chunk := list(islice(items, batch)):
            for (iri, qs), outcome in zip(chunk, store.replace_articles(chunk)):
                if isinstance(outcome, Exception):
                    failed.append((iri, outcome))
                else:
                    articles += 1
                    quads += outcome
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
