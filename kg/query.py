"""SPARQL queries over the store, results in the standard formats (or rows for a terminal table)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.errors import KGError
from kg.store import KGStore

RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"csv": ox.RdfFormat.N_TRIPLES, "tsv": ox.RdfFormat.N_TRIPLES, "json": ox.RdfFormat.JSON_LD,
                 "xml": ox.RdfFormat.RDF_XML, "table": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE}


def run_query(store: KGStore, sparql: str, fmt: str = "csv", bindings: dict[str, Any] | None = None) -> str | list[dict[str, Any]]:
    """Run ``sparql``; SELECT gives a serialisation in ``fmt`` (or a list of rows for ``"table"``),
    ASK gives "true"/"false", CONSTRUCT/DESCRIBE give RDF.

    Examples
    --------
    >>> run_query(KGStore(None), "ASK { ?s ?p ?o }", "csv")
    'false\\n'
    """
    if fmt not in (*RESULT_FORMATS, "table", "turtle"):
        raise KGError("E402", fmt=fmt, choices=", ".join([*RESULT_FORMATS, "table", "turtle"]))
    try:
        result = store.query(sparql, bindings)
    except SyntaxError as exc:
        raise KGError("E401", reason=exc) from exc
    if isinstance(result, ox.QueryBoolean):
        return ("true" if bool(result) else "false") + "\n"
    if isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            names = [v.value for v in result.variables]
            return [{n: (None if s[n] is None else s[n].value) for n in names} for s in result]
        if fmt not in RESULT_FORMATS:  # "turtle" is for CONSTRUCT/DESCRIBE results only
            raise KGError("E402", fmt=fmt, choices=", ".join([*RESULT_FORMATS, "table"]))
        return result.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")
    return ox.serialize(result, format=GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)).decode("utf-8")
