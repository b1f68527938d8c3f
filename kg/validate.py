"""SHACL validation of the store against ``ontology/shapes.ttl`` (pyshacl, on the union of all graphs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rdflib

from kg.store import KGStore

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


@dataclass
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def union_graph(store: KGStore) -> rdflib.Graph:
    """All quads of the store as one rdflib Graph (graph names dropped)."""
    graph = rdflib.Graph()
    data = store.oxigraph.dump(format=__import__("pyoxigraph").RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def validate(store: KGStore, shapes: str | Path | None = None) -> ValidationReport:
    """Validate the store; ``conforms`` is False when any shape is violated.

    Examples
    --------
    >>> validate(KGStore(None)).conforms
    True
    """
    from pyshacl import validate as shacl

    shapes_graph = rdflib.Graph().parse(str(shapes or ONTOLOGY / "shapes.ttl"), format="turtle")
    conforms, results, text = shacl(union_graph(store), shacl_graph=shapes_graph, inference="none", advanced=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = len(list(results.subjects(rdflib.RDF.type, sh.ValidationResult)))
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text))
