"""A SPARQL 1.1 Protocol endpoint over the embedded store (http.server, one thread per request).

* ``GET /sparql?query=...``, ``POST`` with ``application/x-www-form-urlencoded`` (``query=``) or
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri`` are honoured.
* Results by content negotiation on ``Accept`` (or a ``format=json|xml|csv|tsv`` parameter):
  SELECT/ASK as ``application/sparql-results+json`` (default), ``+xml``, ``text/csv``, ``text/tab-separated-values``;
  CONSTRUCT/DESCRIBE as ``text/turtle`` (default), ``application/n-triples``, ``application/rdf+xml``,
  ``application/ld+json``, ``application/trig``, ``application/n-quads``.
* Updates (``update=`` or ``application/sparql-update``) are refused with 403 unless ``allow_update``.
* The geokg prefixes (geo:, prov:, schema:, ...) are predeclared, as in ``kg query``.

Any path answers (``/``, ``/sparql``, ``/query``), so SPARQLWrapper, YASGUI and rdflib's ``SPARQLStore`` can use
``http://127.0.0.1:PORT/sparql``.
"""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.store import PREFIXES, KGStore

log = logging.getLogger("kg.remote.serve")

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
         "ntriples": "application/n-triples", "nt": "application/n-triples", "rdfxml": "application/rdf+xml",
         "jsonld": "application/ld+json"}
CONTENT_TYPE = {ox.QueryResultsFormat.JSON: "application/sparql-results+json",
                ox.QueryResultsFormat.XML: "application/sparql-results+xml",
                ox.QueryResultsFormat.CSV: "text/csv", ox.QueryResultsFormat.TSV: "text/tab-separated-values"}
MAX_BODY = 10 * 1024 * 1024

INDEX = """<!doctype html><meta charset="utf-8"><title>geokg SPARQL endpoint</title>
<h1>geokg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol: <code>GET {path}?query=...</code> or <code>POST</code> a form with <code>query=</code>.
Results: JSON, XML, CSV, TSV (SELECT/ASK), Turtle, N-Triples, RDF/XML, JSON-LD (CONSTRUCT/DESCRIBE).
Updates are {updates}.</p>
<form method="get"><textarea name="query" rows="8" cols="80">SELECT ?event ?type WHERE {{ GRAPH ?claim {{ ?event a geo:Event, ?type }} }} LIMIT 20</textarea>
<br><select name="format"><option>json</option><option>xml</option><option>csv</option><option>tsv</option></select>
<button>Run</button></form>
"""


def accepted(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, order kept on ties)."""
    items: list[tuple[float, int, str]] = []
    for i, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, fields[0].lower()))
    return [t for _, _, t in sorted(items)]


def negotiate(header: str | None, table: dict[str, Any], default: str) -> str | None:
    """The best media type of ``table`` for an Accept header; ``default`` for none or */*; None if nothing fits."""
    types = accepted(header)
    if not types:
        return default
    for t in types:
        if t in table:
            return t
        if t in ("*/*", "application/*", "text/*") and (t == "*/*" or default.startswith(t[:-1])):
            return default
        if t.endswith("/*"):
            for k in table:
                if k.startswith(t[:-1]):
                    return k
    return None


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], store: KGStore, *, allow_update: bool = False, cors: bool = False,
                 union_default_graph: bool = False, timeout: float | None = None) -> None:
        super().__init__(address, SparqlHandler)
        self.store = store
        self.allow_update = allow_update
        self.cors = cors
        self.union_default_graph = union_default_graph
        self.update_lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "geokg-sparql"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        log.info("%s %s", self.address_string(), format % args)

    # -- entry points ------------------------------------------------------------------------

    def do_OPTIONS(self) -> None:  # noqa: N802
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        if "update" in params:
            self._error(405, "updates must be POSTed")
            return
        if "query" not in params:
            if parts.path in ("/", "/sparql", "/query"):
                text = INDEX.format(path=parts.path, updates="allowed" if self.server.allow_update else "refused")
                self._send(200, "text/html; charset=utf-8", text.encode())
            else:
                self._error(404, "no such page; the SPARQL endpoint is /sparql")
            return
        self._query(params["query"][0], params)

    def do_POST(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._error(413, "request body too large")
            return
        body = self.rfile.read(length).decode("utf-8") if length else ""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
            if "update" in params:
                self._update(params["update"][0])
            elif "query" in params:
                self._query(params["query"][0], params)
            else:
                self._error(400, "no query= or update= parameter")
        elif ctype == "application/sparql-query":
            self._query(body, params)
        elif ctype == "application/sparql-update":
            self._update(body)
        else:
            self._error(415, f"unsupported content type {ctype or '(none)'}")

    # -- work --------------------------------------------------------------------------------

    def _query(self, text: str, params: dict[str, list[str]]) -> None:
        kwargs: dict[str, Any] = {"prefixes": PREFIXES}
        if params.get("default-graph-uri"):
            kwargs["default_graph"] = [ox.NamedNode(u) for u in params["default-graph-uri"]]
        elif self.server.union_default_graph:
            kwargs["use_default_graph_as_union"] = True
        if params.get("named-graph-uri"):
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in params["named-graph-uri"]]
        try:
            result = self.server.store.oxigraph.query(text, **kwargs)
        except SyntaxError as exc:
            self._error(400, f"SPARQL syntax error: {exc}")
            return
        except ValueError as exc:
            self._error(400, str(exc))
            return
        except OSError as exc:
            self._error(500, f"store error: {exc}")
            return
        fmt = (params.get("format") or params.get("output") or [None])[0]
        accept = SHORT.get(fmt.lower(), fmt) if fmt else self.headers.get("Accept")
        try:
            if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
                mt = negotiate(accept, RESULT_TYPES, "application/sparql-results+json")
                if mt is None:
                    self._error(406, "acceptable: " + ", ".join(CONTENT_TYPE.values()))
                    return
                out = result.serialize(format=RESULT_TYPES[mt])
                self._send(200, CONTENT_TYPE[RESULT_TYPES[mt]] + "; charset=utf-8", out)
            else:
                mt = negotiate(accept, GRAPH_TYPES, "text/turtle")
                if mt is None:
                    self._error(406, "acceptable: " + ", ".join(GRAPH_TYPES))
                    return
                rdf = GRAPH_TYPES[mt]
                out = ox.serialize(result, format=rdf,
                                   prefixes=dict(PREFIXES) if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None)
                self._send(200, rdf.media_type + "; charset=utf-8", out)
        except (OSError, ValueError) as exc:
            self._error(500, f"query failed: {exc}")

    def _update(self, text: str) -> None:
        if not self.server.allow_update:
            self._error(403, "this endpoint is read-only (start kg serve with --allow-update to accept updates)")
            return
        try:
            with self.server.update_lock:
                self.server.store.oxigraph.update(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            self._error(400, f"SPARQL syntax error: {exc}")
            return
        except (OSError, ValueError) as exc:
            self._error(500, f"update failed: {exc}")
            return
        self._send(204, None, b"")

    # -- plumbing ----------------------------------------------------------------------------

    def _cors(self) -> None:
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")

    def _send(self, status: int, ctype: str | None, body: bytes) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self._cors()
        self.end_headers()
        if self.command != "HEAD" and status != 204:
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def make_server(store: KGStore, host: str = "127.0.0.1", port: int = 7879, *, allow_update: bool = False,
                cors: bool = False, union_default_graph: bool = False) -> SparqlServer:
    """A :class:`SparqlServer` bound to ``host:port`` (port 0 picks a free one); call ``serve_forever()``.

    Examples
    --------
    >>> server = make_server(KGStore(None), port=0)
    >>> server.url.startswith("http://127.0.0.1:")
    True
    >>> server.server_close()
    """
    return SparqlServer((host, port), store, allow_update=allow_update, cors=cors,
                        union_default_graph=union_default_graph)
