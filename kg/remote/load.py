"""Load the store into a remote triple store with the standard protocols: idempotent, batched, resumable.

* Each claim graph is *replaced* on the server: Graph Store Protocol ``PUT ?graph=G`` (N-Triples), or, where the
  server has no Graph Store Protocol (or refuses it), SPARQL Update ``DROP SILENT GRAPH G ; INSERT DATA {...}``.
  A graph larger than the chunk bound is sent in parts: the first replaces (PUT / DROP+INSERT), the others
  append (POST / INSERT DATA).  Loading twice leaves the same triples.
* The default graph (articles, actors, attributions) is replaced the same way, last; on servers whose default
  graph is not addressable it goes to the named graph ``id:graph/default`` (see :mod:`kg.remote.endpoints`).
* Claim graphs of the store's articles that are on the server but no longer in the store (an article rebuilt with
  fewer claims) are dropped, and so are graphs this store sent before that are gone from it.
* A state file (``load-state.json`` in the store directory) records, per endpoint, the content hash of each graph
  sent.  A rerun skips graphs already sent with the same content and finishes the rest.
* At the end the triple count of every graph on the server is compared with the store; graphs that differ are
  sent once more, and a remaining difference is reported (``LoadReport.ok`` is False).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import vocab
from kg.remote.client import HTTPStatusError, SparqlClient
from kg.remote.endpoints import Endpoint, EndpointError
from kg.store import KGStore

log = logging.getLogger("kg.remote.load")

STATE_FILE = "load-state.json"
DEFAULT_KEY = "@default"  # the local default graph in the state file and reports
GSP_UNSUPPORTED = frozenset({404, 405, 415, 501})

Progress = Callable[[int, int, str], None]


class LoadError(EndpointError):
    """The load stopped part-way; ``report`` tells what was loaded and what is pending."""

    def __init__(self, message: str, report: LoadReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class LoadReport:
    endpoint: str
    protocol: str = "gsp"
    graphs_total: int = 0
    sent: list[str] = field(default_factory=list)
    skipped: int = 0
    dropped: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    triples_sent: int = 0
    local_triples: int = 0
    remote_triples: int | None = None
    requests: int = 0
    retries: int = 0
    repaired: list[str] = field(default_factory=list)
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)
    verified: bool | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.pending and not self.mismatches

    def summary(self) -> str:
        done = self.graphs_total - len(self.pending)
        text = (f"{done} of {self.graphs_total} graph(s) on {self.endpoint} are up to date "
                f"({len(self.sent)} sent, {self.skipped} unchanged, {len(self.dropped)} dropped; "
                f"{self.triples_sent} triples in {self.requests} request(s), {self.retries} retried; protocol {self.protocol})")
        if self.verified:
            text += f"; verified: {self.remote_triples} triples on the server match the store"
        elif self.mismatches:
            shown = ", ".join(f"{g} local {a} remote {b}" for g, (a, b) in list(self.mismatches.items())[:5])
            text += f"; MISMATCH in {len(self.mismatches)} graph(s): {shown}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


@dataclass
class _Graph:
    key: str  # graph IRI, or DEFAULT_KEY
    lines: list[str]
    digest: str

    @property
    def is_default(self) -> bool:
        return self.key == DEFAULT_KEY

    def has_bnodes(self) -> bool:
        return any("_:" in line for line in self.lines)


# -- reading the local store -----------------------------------------------------------------------


def _triple_line(q: ox.Quad) -> str:
    return f"{q.subject} {q.predicate} {q.object} ."


def local_graphs(store: KGStore) -> list[_Graph]:
    """Every non-empty graph of the store (named graphs sorted, the default graph last) with its content hash."""
    ox_store = store.oxigraph
    names = sorted((g.value for g in ox_store.named_graphs() if isinstance(g, ox.NamedNode)))
    graphs: list[_Graph] = []
    for name in names:
        graphs.append(_make_graph(name, ox_store.quads_for_pattern(None, None, None, ox.NamedNode(name))))
    graphs = [g for g in graphs if g.lines]
    default = _make_graph(DEFAULT_KEY, ox_store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if default.lines:
        graphs.append(default)
    return graphs


def _make_graph(key: str, quads: Iterator[ox.Quad]) -> _Graph:
    lines = sorted({_triple_line(q) for q in quads})
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    return _Graph(key, lines, digest)


def local_articles(store: KGStore) -> set[str]:
    kind = ox.NamedNode(vocab.SCHEMA + "NewsArticle")
    rdf_type = ox.NamedNode(vocab.RDF + "type")
    return {q.subject.value for q in store.oxigraph.quads_for_pattern(None, rdf_type, kind, ox.DefaultGraph())}


# -- state file ------------------------------------------------------------------------------------


class LoadState:
    """``{"version": 1, "endpoints": {KEY: {"graphs": {GRAPH: SHA256}, "updated": ISO}}}`` on disk."""

    def __init__(self, path: Path | None, endpoint_key: str) -> None:
        self.path = path
        self.key = endpoint_key
        self.data: dict[str, Any] = {"version": 1, "endpoints": {}}
        if path is not None and path.exists():
            try:
                self.data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                log.warning("ignoring unreadable load state %s", path)
        self.graphs: dict[str, str] = dict(self.data.setdefault("endpoints", {}).get(endpoint_key, {}).get("graphs", {}))
        self._saved = time.monotonic()

    def save(self, *, force: bool = True) -> None:
        if self.path is None or (not force and time.monotonic() - self._saved < 1.0):
            return
        self.data["endpoints"][self.key] = {"graphs": self.graphs, "updated": datetime.now(timezone.utc).isoformat()}
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.data, indent=0, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
        self._saved = time.monotonic()


def default_state_path(store: KGStore) -> Path | None:
    return None if store.path is None else store.path / STATE_FILE


# -- the load ------------------------------------------------------------------------------------


def load(
    store: KGStore,
    endpoint: Endpoint,
    *,
    chunk_triples: int = 5000,
    protocol: str = "auto",
    retries: int = 4,
    backoff: float = 0.5,
    state_path: str | Path | None = None,
    use_state: bool = True,
    verify: bool = True,
    progress: Progress | None = None,
    client: SparqlClient | None = None,
) -> LoadReport:
    """Load (or update) the whole store into ``endpoint``; returns a :class:`LoadReport`.

    ``protocol`` is ``"auto"`` (Graph Store Protocol, falling back to SPARQL Update when the server has none),
    ``"gsp"`` or ``"update"``.  Each request carries at most ``chunk_triples`` triples (a graph with blank nodes
    is never split).  ``progress(done, total, graph)`` is called after each graph.  Raises :class:`LoadError`
    (with the report) when the server fails part-way; running the same load again finishes it.

    Examples
    --------
    >>> from kg.remote.endpoints import make_endpoint
    >>> report = load(KGStore(None), make_endpoint("http://127.0.0.1:7878", preset="oxigraph"))  # doctest: +SKIP
    """
    if chunk_triples < 1:
        raise ValueError("chunk_triples must be at least 1")
    if protocol not in ("auto", "gsp", "update"):
        raise ValueError("protocol must be auto, gsp or update")
    client = client or SparqlClient(endpoint, retries=retries, backoff=backoff)
    use_gsp = protocol != "update" and endpoint.graph_store_url is not None
    if protocol == "gsp" and not use_gsp:
        raise EndpointError("protocol gsp needs a Graph Store Protocol URL (--graph-store-url or a preset that has one)")
    if not use_gsp and not endpoint.update_url:
        raise EndpointError("this endpoint has neither a Graph Store Protocol nor a SPARQL Update URL")
    path = Path(state_path) if state_path is not None else default_state_path(store)
    state = LoadState(path if use_state else None, endpoint.key)
    if not use_state:
        state.graphs = {}
    loader = _Loader(store, endpoint, client, state, chunk_triples, use_gsp, protocol == "auto", progress)
    return loader.run(verify)


class _Loader:
    def __init__(self, store: KGStore, endpoint: Endpoint, client: SparqlClient, state: LoadState,
                 chunk: int, use_gsp: bool, may_fall_back: bool, progress: Progress | None) -> None:
        self.store = store
        self.endpoint = endpoint
        self.client = client
        self.state = state
        self.chunk = chunk
        self.use_gsp = use_gsp
        self.may_fall_back = may_fall_back and endpoint.update_url is not None
        self.progress = progress
        self.report = LoadReport(endpoint.key, "gsp" if use_gsp else "update")
        self.pending: dict[str, None] = {}
        self.done = 0

    # server-side name of a local graph
    def target(self, key: str) -> str | None:
        return self.endpoint.default_graph_iri if key == DEFAULT_KEY else key

    def run(self, verify: bool) -> LoadReport:
        report = self.report
        graphs = local_graphs(self.store)
        by_key = {g.key: g for g in graphs}
        report.graphs_total = len(graphs)
        report.local_triples = sum(len(g.lines) for g in graphs)
        todo = [g for g in graphs if self.state.graphs.get(g.key) != g.digest]
        report.skipped = len(graphs) - len(todo)
        self.pending = dict.fromkeys(g.key for g in todo)
        self.done = report.skipped
        try:
            stale = self.stale_graphs(set(by_key))
            for g in stale:
                self.drop(g)
                self.state.graphs.pop(g, None)
                report.dropped.append(g)
            self.state.save(force=False)
            self.send(todo)
            if verify:
                mismatched = self.verify(graphs, stale)
                if mismatched:
                    log.warning("%d graph(s) differ on the server; sending them again", len(mismatched))
                    again = [by_key[k] for k in mismatched if k in by_key]
                    for g in again:
                        self.state.graphs.pop(g.key, None)
                    report.repaired = [g.key for g in again]
                    self.pending = dict.fromkeys(g.key for g in again)
                    self.send(again, count_progress=False)
                    self.verify(graphs, stale)
        except EndpointError as exc:
            report.pending = list(self.pending)
            report.error = str(exc)
            report.requests, report.retries = self.client.requests, self.client.retried
            self.state.save()
            loaded = report.graphs_total - len(report.pending)
            example = ", ".join(report.pending[:3]) + (" ..." if len(report.pending) > 3 else "")
            raise LoadError(
                f"load into {self.endpoint.key} stopped: {exc}. {loaded} of {report.graphs_total} graph(s) are "
                f"loaded ({len(report.sent)} sent in this run, {report.triples_sent} triples); "
                f"{len(report.pending)} pending ({example}). Run the same load again to finish: "
                f"graphs already sent are skipped.", report) from None
        finally:
            self.state.save()
        report.pending = list(self.pending)
        report.requests, report.retries = self.client.requests, self.client.retried
        return report

    # -- stale graphs ------------------------------------------------------------------------

    def stale_graphs(self, local: set[str]) -> list[str]:
        """Claim graphs on the server from this store's articles, or sent by this store before, that it no longer has."""
        articles = local_articles(self.store)
        derived = f"<{vocab.PROV}wasDerivedFrom>"
        standin = self.endpoint.default_graph_iri
        pattern = f"?g {derived} ?a ."
        if standin is not None:
            pattern = f"GRAPH <{standin}> {{ {pattern} }}"
        stale: set[str] = set()
        if articles:
            for row in self.client.select(f"SELECT DISTINCT ?g ?a WHERE {{ {pattern} FILTER(isIRI(?g)) }}"):
                g, a = row.get("g", {}).get("value"), row.get("a", {}).get("value")
                if g and a in articles and g not in local:
                    stale.add(g)
        stale |= {k for k in self.state.graphs if k not in local and k != DEFAULT_KEY}
        return sorted(stale)

    def drop(self, graph: str) -> None:
        if self.use_gsp:
            try:
                self.client.delete_graph(graph)
                self.report.requests = self.client.requests
                return
            except HTTPStatusError as exc:
                if not (self.may_fall_back and exc.status in GSP_UNSUPPORTED):
                    raise
                self.fall_back(exc)
        self.client.update(f"DROP SILENT GRAPH <{graph}>")

    def fall_back(self, exc: HTTPStatusError) -> None:
        log.warning("Graph Store Protocol refused (HTTP %s); using SPARQL Update", exc.status)
        self.use_gsp = False
        self.report.protocol = "update (graph store refused)"

    # -- sending -----------------------------------------------------------------------------

    def parts(self, graphs: list[_Graph]) -> Iterator[tuple[_Graph, list[str], bool, bool]]:
        """(graph, lines, first, last) pieces of at most ``chunk`` triples (graphs with blank nodes whole)."""
        for g in graphs:
            size = len(g.lines) if g.has_bnodes() else self.chunk
            pieces = [g.lines[i:i + size] for i in range(0, len(g.lines), size)] or [[]]
            for i, piece in enumerate(pieces):
                yield g, piece, i == 0, i == len(pieces) - 1

    def send(self, graphs: list[_Graph], *, count_progress: bool = True) -> None:
        total = self.report.graphs_total
        batch: list[tuple[_Graph, list[str], bool, bool]] = []
        batch_size = 0

        def finished(g: _Graph, lines: int) -> None:
            self.state.graphs[g.key] = g.digest
            self.report.sent.append(g.key)
            self.pending.pop(g.key, None)
            if count_progress:
                self.done += 1
            self.state.save(force=False)
            if self.progress is not None:
                self.progress(self.done, total, g.key)

        def flush_update() -> None:
            nonlocal batch, batch_size
            if batch:
                self.client.update(self.update_text(batch))
                self.report.triples_sent += batch_size
                for g, _, _, last in batch:
                    if last:
                        finished(g, 0)
            batch, batch_size = [], 0

        for part in self.parts(graphs):
            g, lines, first, last = part
            if self.use_gsp:
                try:
                    body = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
                    self.client.put_graph(self.target(g.key), body, append=not first)
                    self.report.triples_sent += len(lines)
                    if last:
                        finished(g, len(lines))
                    continue
                except HTTPStatusError as exc:
                    if not (self.may_fall_back and first and exc.status in GSP_UNSUPPORTED):
                        raise
                    self.fall_back(exc)
            if batch and batch_size + len(lines) > self.chunk:
                flush_update()
            batch.append(part)
            batch_size += len(lines)
        flush_update()

    def update_text(self, parts: list[tuple[_Graph, list[str], bool, bool]]) -> str:
        ops: list[str] = []
        for g, lines, first, _ in parts:
            target = self.target(g.key)
            if first:
                ops.append("DROP SILENT DEFAULT" if target is None else f"DROP SILENT GRAPH <{target}>")
            if lines:
                body = "\n".join(lines)
                ops.append(f"INSERT DATA {{\n{body}\n}}" if target is None
                           else f"INSERT DATA {{ GRAPH <{target}> {{\n{body}\n}} }}")
        return " ;\n".join(ops)

    # -- verification ------------------------------------------------------------------------

    def verify(self, graphs: list[_Graph], dropped: list[str]) -> list[str]:
        """Compare per-graph triple counts with the server; returns the local graph keys that differ."""
        remote: dict[str, int] = {}
        for row in self.client.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"):
            g, n = row.get("g", {}).get("value"), row.get("n", {}).get("value")
            if g is not None and n is not None:
                remote[g] = int(float(n))
        if self.endpoint.default_graph_iri is None:
            rows = self.client.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            remote[DEFAULT_KEY] = int(float(rows[0]["n"]["value"])) if rows else 0
        mismatches: dict[str, tuple[int, int]] = {}
        total = 0
        for g in graphs:
            have = remote.get(self.target(g.key) or DEFAULT_KEY, 0)
            total += have
            if have != len(g.lines):
                mismatches[g.key] = (len(g.lines), have)
        for g in dropped:
            if remote.get(g, 0):
                mismatches[g] = (0, remote[g])
        self.report.remote_triples = total
        self.report.mismatches = mismatches
        self.report.verified = not mismatches
        return list(mismatches)
