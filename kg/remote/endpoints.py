"""Remote SPARQL endpoints: the query, update and Graph Store Protocol URLs of a triple store.

Each server lays out the standard protocols under different paths; a *preset* derives the three URLs from the
base URL of a server (or of one of its datasets/repositories).  Any URL can be overridden.

=========== ========================================= ============== ====================== ================
preset      base URL                                  query          update                 graph store
=========== ========================================= ============== ====================== ================
oxigraph    ``http://localhost:7878``                 ``/query``     ``/update``            ``/store``
fuseki      ``http://localhost:3030/DATASET``         ``/sparql``    ``/update``            ``/data``
graphdb     ``http://localhost:7200/repositories/R``  (base)         ``/statements``        ``/rdf-graphs/service``
virtuoso    ``http://localhost:8890``                 ``/sparql``    ``/sparql``            ``/sparql-graph-crud``
blazegraph  ``http://localhost:9999/blazegraph/namespace/kb``  ``/sparql``  ``/sparql``   (none: Update only)
generic     give ``--query-url``, ``--update-url``, ``--graph-store-url``
=========== ========================================= ============== ====================== ================

The *default graph* (articles, actors, attributions) is written to the server's default graph where that graph is
addressable and queried on its own (Oxigraph, Fuseki/TDB2).  Virtuoso, GraphDB and Blazegraph answer queries on
the default graph with the union of all graphs, and Virtuoso's Graph Store endpoint cannot address it, so there
the default-graph triples go into the named graph :data:`DEFAULT_GRAPH_STANDIN`
(``https://w3id.org/geokg/id/graph/default``).  Queries on those servers see them in the union default graph
as usual.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kg import vocab
from kg.remote.auth import Credentials

#: Named graph that holds the default-graph triples on servers whose default graph is not addressable.
DEFAULT_GRAPH_STANDIN = vocab.ID + "graph/default"

#: Where ``kg load --endpoint NAME`` looks for named endpoints when no ``--config`` is given.
CONFIG_PATH = Path("~/.config/geokg/endpoints.toml")


class EndpointError(Exception):
    """A remote endpoint is misconfigured, unreachable or refused a request (messages never hold credentials)."""


@dataclass(frozen=True)
class Preset:
    name: str
    query: str | None  # path appended to the base URL ("" = the base itself)
    update: str | None
    graph_store: str | None
    default_graph: str  # "default": the server's own default graph; "named": DEFAULT_GRAPH_STANDIN
    note: str = ""


PRESETS: dict[str, Preset] = {
    "oxigraph": Preset("oxigraph", "/query", "/update", "/store", "default", "Oxigraph server (oxigraph serve)"),
    "fuseki": Preset("fuseki", "/sparql", "/update", "/data", "default", "Apache Jena Fuseki; base is the dataset URL"),
    "graphdb": Preset("graphdb", "", "/statements", "/rdf-graphs/service", "named",
                      "Ontotext GraphDB; base is the repository URL (…/repositories/NAME)"),
    "virtuoso": Preset("virtuoso", "/sparql", "/sparql", "/sparql-graph-crud", "named",
                       "OpenLink Virtuoso; the SPARQL user needs SPARQL_UPDATE, or use the -auth endpoints"),
    "blazegraph": Preset("blazegraph", "/sparql", "/sparql", None, "named",
                         "Blazegraph (quads mode); no Graph Store Protocol, loaded with SPARQL Update"),
    "generic": Preset("generic", None, None, None, "default", "Any SPARQL 1.1 store: give the URLs yourself"),
}


@dataclass(frozen=True)
class Endpoint:
    """The URLs of one remote store and how to authenticate to it."""

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    default_graph: str = "default"  # or "named"
    preset: str = "generic"
    credentials: Credentials = field(default_factory=Credentials)
    timeout: float = 60.0

    @property
    def key(self) -> str:
        """Identifies the endpoint in the load-state file (no credentials)."""
        return redact(self.graph_store_url or self.update_url or self.query_url)

    @property
    def default_graph_iri(self) -> str | None:
        """The named graph holding the default-graph triples on this server, or None for its own default graph."""
        return DEFAULT_GRAPH_STANDIN if self.default_graph == "named" else None

    def describe(self) -> str:
        parts = [f"query {redact(self.query_url)}"]
        if self.update_url:
            parts.append(f"update {redact(self.update_url)}")
        if self.graph_store_url:
            parts.append(f"graph store {redact(self.graph_store_url)}")
        return f"{self.preset}: " + ", ".join(parts) + f" ({self.credentials.describe()})"


def redact(url: str) -> str:
    """``url`` without user name or password: ``http://u:p@h/x`` -> ``http://***@h/x``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, "***@" + host, parts.path, parts.query, parts.fragment))


def _strip_userinfo(url: str) -> tuple[str, str | None, str | None]:
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    from urllib.parse import unquote

    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    clean = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return clean, user, password


def make_endpoint(
    url: str | None = None,
    *,
    preset: str | None = None,
    query_url: str | None = None,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    default_graph: str | None = None,
    credentials: Credentials | None = None,
    timeout: float | None = None,
) -> Endpoint:
    """An :class:`Endpoint` from a base URL and a preset, with any URL overridden.

    User info in a URL (``http://user:pw@host``) is taken as credentials and removed from the URL.

    Examples
    --------
    >>> e = make_endpoint("http://127.0.0.1:7878", preset="oxigraph")
    >>> e.query_url, e.update_url, e.graph_store_url, e.default_graph
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store', 'default')
    >>> make_endpoint("http://h:8890/", preset="virtuoso").graph_store_url
    'http://h:8890/sparql-graph-crud'
    """
    name = (preset or "generic").lower()
    if name not in PRESETS:
        raise EndpointError(f"unknown preset {preset!r}; choose one of: {', '.join(PRESETS)}")
    p = PRESETS[name]
    user = password = None
    if url:
        url, user, password = _strip_userinfo(url)
        base = url.rstrip("/")
    else:
        base = None

    def derive(path: str | None) -> str | None:
        if base is None or path is None:
            return None
        return base + path

    if name == "generic" and base is not None and not any((query_url, update_url, graph_store_url)):
        # A bare URL with no preset: take it as a SPARQL endpoint for both query and update.
        q, u, g = base, base, None
    else:
        q, u, g = derive(p.query), derive(p.update), derive(p.graph_store)
    q = _clean(query_url) or q
    u = _clean(update_url) or u
    g = _clean(graph_store_url) or g
    if not q:
        raise EndpointError("no query URL: give --endpoint URL with --preset, or --query-url")
    creds = credentials or Credentials()
    if user and not creds.user and not creds.token:
        creds = replace(creds, user=user, password=password)
    mode = (default_graph or p.default_graph).lower()
    if mode not in ("default", "named"):
        raise EndpointError(f"default_graph must be 'default' or 'named', not {default_graph!r}")
    return Endpoint(q, u, g, mode, name, creds, timeout or 60.0)


def _clean(url: str | None) -> str | None:
    return _strip_userinfo(url)[0] if url else None


# -- configuration file --------------------------------------------------------------------------


def read_config(path: str | Path | None = None) -> dict[str, Any]:
    """The endpoints configuration (TOML), or ``{}`` when the default file does not exist.

    Format::

        [endpoints.fuseki]
        url = "http://localhost:3030/geokg"
        preset = "fuseki"
        user = "admin"
        password_env = "FUSEKI_PASSWORD"   # or: password = "..."; token = "..."; token_env = "..."
        # query_url = "..."; update_url = "..."; graph_store_url = "..."; default_graph = "named"
    """
    explicit = path is not None
    target = Path(path if path is not None else os.environ.get("KG_ENDPOINTS_CONFIG", CONFIG_PATH)).expanduser()
    if not target.exists():
        if explicit:
            raise EndpointError(f"configuration file {target} does not exist")
        return {}
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with target.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, ValueError) as exc:  # never echo the file's content
        raise EndpointError(f"cannot read configuration file {target}: {type(exc).__name__}") from None


def resolve_endpoint(
    endpoint: str | None,
    *,
    config: str | Path | None = None,
    preset: str | None = None,
    query_url: str | None = None,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    default_graph: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Endpoint:
    """The endpoint named ``endpoint`` in the configuration file, or the URL ``endpoint``.

    Options given here override the file; credentials come from the environment (``KG_ENDPOINT_USER`` /
    ``KG_ENDPOINT_PASSWORD`` or ``KG_ENDPOINT_TOKEN``), else from the file entry, else from the URL's user info.
    """
    env = os.environ if env is None else env
    conf = read_config(config)
    entries = conf.get("endpoints", {}) if isinstance(conf, dict) else {}
    default_name = (conf.get("default") or {}).get("endpoint") if isinstance(conf, dict) else None
    name = endpoint or default_name
    entry: dict[str, Any] = {}
    url = endpoint
    if name and name in entries:
        entry = dict(entries[name])
        url = entry.get("url")
    elif endpoint is None and name:
        raise EndpointError(f"endpoint {name!r} is not in the configuration file")
    elif endpoint is not None and "://" not in endpoint:
        raise EndpointError(f"endpoint {endpoint!r} is neither a URL nor a name in the configuration file")
    creds = Credentials.from_env(env)
    if not creds:
        creds = Credentials.from_mapping(entry, env)
    return make_endpoint(
        url,
        preset=preset or entry.get("preset"),
        query_url=query_url or entry.get("query_url"),
        update_url=update_url or entry.get("update_url"),
        graph_store_url=graph_store_url or entry.get("graph_store_url"),
        default_graph=default_graph or entry.get("default_graph"),
        credentials=creds,
        timeout=timeout or entry.get("timeout"),
    )
