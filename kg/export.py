"""Serialise the store: TriG and N-Quads keep the claim graphs; Turtle is the union of all graphs.

Formats are named like rdflib's plugins and resolved through their MIME types.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import KGError
from kg.store import KGStore

#: format name -> (pyoxigraph format, keeps named graphs)
FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
}

UNION = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def rdf_format(name: str) -> tuple[ox.RdfFormat, bool]:
    """A format by name ("trig"), file extension ("nq") or MIME type ("application/trig")."""
    key = name.lower()
    if key in FORMATS:
        return FORMATS[key]
    for fmt in (ox.RdfFormat.from_extension(key), ox.RdfFormat.from_media_type(key)):
        if fmt is not None:
            for value in FORMATS.values():
                if value[0] == fmt:
                    return value
    raise KGError("E402", fmt=name, choices=", ".join(FORMATS))


def export(store: KGStore, out: str | Path | BinaryIO, fmt: str = "trig") -> None:
    """Write the whole knowledge graph to ``out`` (a path or a binary file object).

    Examples
    --------
    >>> import io
    >>> buf = io.BytesIO(); export(KGStore(None), buf, "nquads"); buf.getvalue()
    b''
    """
    rdf, quads = rdf_format(fmt)
    target = str(out) if isinstance(out, Path) else out
    if quads:
        store.oxigraph.dump(target, rdf, prefixes=_prefixes(rdf))
    else:
        ox.serialize(store.oxigraph.query(UNION), target, rdf, prefixes=_prefixes(rdf))


def _prefixes(fmt: ox.RdfFormat) -> dict[str, str] | None:
    from kg.vocab import PREFIXES

    return dict(PREFIXES) if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE) else None
