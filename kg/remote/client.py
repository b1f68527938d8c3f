"""A small SPARQL 1.1 Protocol / Graph Store Protocol client over urllib, with retries and backoff.

Retries cover connection errors, timeouts and 5xx/429 answers; other 4xx answers fail at once.  Error messages
carry the redacted URL and the status, never the request headers or credentials.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from kg.remote.endpoints import Endpoint, EndpointError, redact

log = logging.getLogger("kg.remote")

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class HTTPStatusError(EndpointError):
    """The server answered with an error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ConnectionFailed(EndpointError):
    """The server could not be reached (after the retries)."""


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str


class SparqlClient:
    """Talks to one :class:`Endpoint`.

    ``retries`` extra attempts are made on connection errors and 5xx answers, waiting ``backoff * 2**n`` seconds
    (at most ``max_wait``) before the n-th.
    """

    def __init__(self, endpoint: Endpoint, *, retries: int = 4, backoff: float = 0.5, max_wait: float = 30.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.endpoint = endpoint
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.requests = 0
        self.retried = 0
        creds = endpoint.credentials
        handlers: list[Any] = []
        if creds.user and creds.scheme == "digest":
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (endpoint.query_url, endpoint.update_url, endpoint.graph_store_url):
                if url:
                    mgr.add_password(None, url, creds.user, creds.password or "")
            handlers.append(urllib.request.HTTPDigestAuthHandler(mgr))
        self._opener = urllib.request.build_opener(*handlers)

    # -- transport ---------------------------------------------------------------------------

    def request(self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                ok: tuple[int, ...] = ()) -> Response:
        """Send one request with retries; statuses in ``ok`` (besides 2xx) are returned, not raised."""
        all_headers = {"User-Agent": "geokg", **(headers or {}), **self.endpoint.credentials.header()}
        attempt = 0
        while True:
            self.requests += 1
            try:
                req = urllib.request.Request(url, data=body, headers=all_headers, method=method)
                with self._opener.open(req, timeout=self.endpoint.timeout) as resp:
                    return Response(resp.status, resp.read(), resp.headers.get("Content-Type", ""))
            except urllib.error.HTTPError as exc:
                status = exc.code
                detail = _snippet(exc)
                if status in ok:
                    return Response(status, b"", "")
                if status not in RETRY_STATUS or attempt >= self.retries:
                    msg = f"{method} {redact(_no_query(url))} failed: HTTP {status} {exc.reason}"
                    if detail:
                        msg += f": {detail}"
                    raise HTTPStatusError(self.endpoint.credentials.scrub(msg), status) from None
                why = f"HTTP {status}"
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if attempt >= self.retries:
                    msg = (f"{method} {redact(_no_query(url))} failed after {attempt + 1} attempt(s): "
                           f"{type(reason).__name__}: {reason}")
                    raise ConnectionFailed(self.endpoint.credentials.scrub(msg)) from None
                why = type(reason).__name__
            wait = min(self.max_wait, self.backoff * (2**attempt))
            log.info("%s %s: %s; retrying in %.2fs", method, redact(_no_query(url)), why, wait)
            self.retried += 1
            attempt += 1
            self.sleep(wait)

    # -- SPARQL protocol -----------------------------------------------------------------------

    def select(self, query: str) -> list[dict[str, dict[str, str]]]:
        """Run a SELECT (POSTed as a form); the JSON result bindings."""
        body = urlencode({"query": query}).encode()
        resp = self.request("POST", self.endpoint.query_url, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        })
        try:
            data = json.loads(resp.body.decode("utf-8"))
            return list(data["results"]["bindings"])
        except (ValueError, KeyError, TypeError) as exc:
            raise EndpointError(f"{redact(self.endpoint.query_url)} did not answer with SPARQL JSON results") from exc

    def update(self, update: str) -> None:
        if not self.endpoint.update_url:
            raise EndpointError("no SPARQL Update URL for this endpoint (give --update-url)")
        body = urlencode({"update": update}).encode("utf-8")
        self.request("POST", self.endpoint.update_url, body, {"Content-Type": "application/x-www-form-urlencoded"})

    # -- Graph Store Protocol ----------------------------------------------------------------

    def graph_url(self, graph: str | None) -> str:
        base = self.endpoint.graph_store_url
        if not base:
            raise EndpointError("no Graph Store Protocol URL for this endpoint")
        sep = "&" if "?" in base else "?"
        return base + sep + ("default" if graph is None else "graph=" + quote(graph, safe=""))

    def put_graph(self, graph: str | None, ntriples: bytes, *, append: bool = False) -> None:
        self.request("POST" if append else "PUT", self.graph_url(graph), ntriples,
                     {"Content-Type": "application/n-triples"})

    def delete_graph(self, graph: str | None) -> None:
        self.request("DELETE", self.graph_url(graph), None, {}, ok=(404,))


def _snippet(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read(300).decode("utf-8", "replace")
    except Exception:  # noqa: BLE001
        return ""
    return " ".join(text.split())[:200]


def _no_query(url: str) -> str:
    return url


def binding_value(binding: dict[str, Any] | None) -> str | None:
    return None if binding is None else str(binding.get("value"))
