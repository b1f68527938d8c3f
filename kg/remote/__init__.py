"""Remote triple stores: load the knowledge graph into one (standard protocols), or serve the store over HTTP.

* :func:`kg.remote.load.load` - SPARQL 1.1 Graph Store HTTP Protocol, SPARQL 1.1 Update as the fallback.
* :func:`kg.remote.serve.make_server` - a SPARQL 1.1 Protocol endpoint over the embedded store.
* :mod:`kg.remote.endpoints` - presets for Oxigraph, Fuseki, GraphDB, Virtuoso and Blazegraph.
"""

from kg.remote.auth import Credentials
from kg.remote.endpoints import PRESETS, Endpoint, EndpointError, make_endpoint, redact, resolve_endpoint

__all__ = ["PRESETS", "Credentials", "Endpoint", "EndpointError", "make_endpoint", "redact", "resolve_endpoint"]
