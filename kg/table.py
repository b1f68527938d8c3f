"""The event table: one flat row per event, GDELT-like, derived from the store by SPARQL.

Fields (exactly): ``article, event, type, cameo, plover, agent, target, date, negated, sources, disputed,
sentence``; ``agent``/``target`` are ``{"label", "wikidata", "country", "cameo"}`` or None.

Examples
--------
>>> from kg.store import KGStore
>>> list(event_rows(KGStore(None)))
[]
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

import pyoxigraph as ox

from kg.errors import KGError
from kg.store import KGStore
from kg.vocab import CAMEO, GEO, PLOVER, WD

FIELDS = ("article", "event", "type", "cameo", "plover", "agent", "target", "date", "negated", "sources", "disputed", "sentence")
FORMATS = ("jsonl", "json", "csv", "tsv")

EVENTS_QUERY = """
SELECT ?article ?event ?type ?cameo ?plover ?agent ?target ?date ?negated ?sentence ?claim WHERE {
  ?claim prov:wasDerivedFrom ?a .
  ?a dct:identifier ?article .
  GRAPH ?claim {
    ?event a geo:Event ; a ?type ; geo:cameo ?cameo ; geo:negated ?negated ; geo:evidence ?ev .
    ?ev geo:sentence ?sentence .
    FILTER(?type != geo:Event && STRSTARTS(STR(?type), STR(geo:)))
    OPTIONAL { ?event geo:plover ?plover }
    OPTIONAL { ?event geo:agent ?agent }
    OPTIONAL { ?event geo:target ?target }
    OPTIONAL { ?event geo:date ?date }
  }
}
ORDER BY ?article STRLEN(STR(?event)) STR(?event)
"""

ACTORS_QUERY = """
SELECT ?actor ?label ?wikidata ?country ?cameo WHERE {
  ?actor a geo:Actor ; schema:name ?label .
  OPTIONAL { ?actor owl:sameAs ?wikidata }
  OPTIONAL { ?actor geo:country ?country }
  OPTIONAL { ?actor geo:cameoCode ?cameo }
}
"""

SOURCES_QUERY = """
SELECT ?claim ?label ?order WHERE {
  ?claim a geo:Claim ; prov:qualifiedAttribution ?att .
  ?att prov:agent ?agent ; geo:order ?order .
  ?agent schema:name ?label .
}
ORDER BY ?claim ?order
"""

DISPUTED_QUERY = """
SELECT DISTINCT ?event WHERE {
  GRAPH ?c1 { ?event a geo:Event }
  GRAPH ?c2 { ?denial geo:denies ?event }
  FILTER(?c1 != ?c2)
}
"""


def _actor(info: dict[str, dict[str, Any]], iri: Any) -> dict[str, Any] | None:
    if iri is None:
        return None
    return info.get(str(iri)) or {"label": str(iri).rsplit("/", 1)[-1], "wikidata": None, "country": None, "cameo": None}


def event_rows(store: KGStore, *, article: str | None = None) -> Iterator[dict[str, Any]]:
    """The event table, one dict per event (streamed from the store)."""
    actors: dict[str, dict[str, Any]] = {}
    for r in store.iter_select(ACTORS_QUERY):
        wd = r["wikidata"]
        actors.setdefault(str(r["actor"]), {
            "label": r["label"],
            "wikidata": str(wd)[len(WD):] if wd and str(wd).startswith(WD) else None,
            "country": r["country"],
            "cameo": r["cameo"],
        })
    sources: dict[str, list[str]] = {}
    for r in store.iter_select(SOURCES_QUERY):
        sources.setdefault(str(r["claim"]), []).append(str(r["label"]))
    disputed = {str(r["event"]) for r in store.iter_select(DISPUTED_QUERY)}
    query = EVENTS_QUERY
    if article is not None:  # a literal in N-Triples syntax is escaped: no injection through the id
        query = query.replace("  ?a dct:identifier ?article .\n", f"  VALUES ?article {{ {ox.Literal(article)} }}\n  ?a dct:identifier ?article .\n")
    seen: set[str] = set()
    for r in store.iter_select(query):
        event = str(r["event"])
        if event in seen:  # an event typed with two specific classes would repeat; shapes forbid it anyway
            continue
        seen.add(event)
        yield {
            "article": r["article"],
            "event": event,
            "type": str(r["type"])[len(GEO):],
            "cameo": str(r["cameo"])[len(CAMEO):],
            "plover": str(r["plover"])[len(PLOVER):] if r["plover"] else None,
            "agent": _actor(actors, r["agent"]),
            "target": _actor(actors, r["target"]),
            "date": r["date"],
            "negated": bool(r["negated"]),
            "sources": sources.get(str(r["claim"]), []),
            "disputed": event in disputed,
            "sentence": r["sentence"],
        }


def write_rows(rows: Iterable[dict[str, Any]], out: TextIO, fmt: str = "jsonl") -> int:
    """Write event rows as JSON Lines, a JSON array, CSV or TSV; returns the number written."""
    if fmt not in FORMATS:
        raise KGError("E402", fmt=fmt, choices=", ".join(FORMATS))
    n = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == "json":
        items = list(rows)
        json.dump(items, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return len(items)
    writer = csv.DictWriter(out, fieldnames=FIELDS, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        flat = dict(row)
        for key in ("agent", "target"):
            flat[key] = row[key]["label"] if row[key] else ""
        flat["sources"] = "; ".join(row["sources"])
        flat["date"] = row["date"] or ""
        flat["plover"] = row["plover"] or ""
        flat["negated"] = "true" if row["negated"] else "false"
        flat["disputed"] = "true" if row["disputed"] else "false"
        flat["sentence"] = " ".join(str(row["sentence"]).split())
        writer.writerow(flat)
        n += 1
    return n


def rows_text(rows: Iterable[dict[str, Any]], fmt: str = "jsonl") -> str:
    buf = io.StringIO()
    write_rows(rows, buf, fmt)
    return buf.getvalue()
