"""Named SPARQL queries: ``queries/*.rq`` files whose header comments say what they do and what they take.

Header format (comment lines before the query)::

    # name: actor-timeline
    # title: An actor's timeline
    # description: Every event in which the actor is the agent or the target ...
    #   (indented continuation lines extend the description)
    # param: actor (actor) The actor (Wikidata QID such as Q7747, actor IRI or name).
    # param: from (date, optional) Only events on or after this day.
    # param: within (boolean, default true) ...
    # example: kg query --named actor-timeline --param actor=Q30

A parameter is the query variable of the same name; values are bound through pyoxigraph's query
substitutions, never pasted into the text.  Types: ``actor`` (resolved to an actor IRI: a Wikidata QID like
``Q7747`` or ``wd:Q7747``, an IRI, or a name/label matched case-insensitively), ``iri``, ``date``
(``xsd:date``), ``string``, ``integer``, ``decimal``, ``boolean``.  An optional parameter that is not given
stays unbound; the queries test it with ``COALESCE(condition, true)``.  pyoxigraph requires substituted
variables to be projected, so every parameter is a result column too.

Query plans
-----------
The queries are written for pyoxigraph's evaluator, whose behaviour on a store of a million quads decides
their speed more than anything else (an index look-up costs ~6-20 µs there, the less after
:meth:`KGStore.optimize`; a scanned quad under 1 µs):

* **Joins.**  The optimizer orders the triple patterns of a group greedily from static estimates (a pattern
  with more constants first) and joins them by index look-ups; anything else (a sub-``SELECT``, a group with
  an ``OPTIONAL``) it hash-joins: both sides are evaluated in full and matched in memory.  It does not know
  that a substituted parameter is bound, so it never starts from one.
* **LATERAL** (SEP-0006, supported by Oxigraph; the named queries therefore need Oxigraph) fixes the order:
  ``A LATERAL { B }`` evaluates ``B`` once per row of ``A`` with that row's values bound, i.e. by look-ups.
  The queries are a chain: a small *anchor* (the parameter's actor, article or country; else the rarest
  pattern, such as the events of one class), then ``LATERAL`` stages, each filtering before the next adds
  columns.  Inside a ``LATERAL`` every part must be reachable from bound variables: a part that is not (a
  group joined on a variable bound only by its sibling) is hash-joined, i.e. evaluated in full once per row.
  Chain such parts with another ``LATERAL``.
* **Optional parameters** choose their anchor at run time with two guarded ``UNION`` branches,
  ``{ FILTER(isIRI(?actor)) } ...`` and ``{ FILTER(!COALESCE(isIRI(?actor), false)) } ...`` (``isLiteral``
  for strings): the guard is a one-row group evaluated first, and an empty guard skips its branch.  Do not
  write ``BOUND(?param)`` or ``BIND(?param AS ?x)`` where no pattern of the group binds ``?param``: the
  optimizer folds them at planning time as if the variable were never bound, substitution or not.
* **Hash joins on purpose.**  Intersecting two index scans (an actor's events with the events of one class)
  or looking up small tables (actors' countries and names) is cheaper as a hash join of sub-``SELECT`` s than
  as one look-up per row.  The key of such a join must be bound on both sides: an ``OPTIONAL`` sub-select
  joined on a variable that may be unbound on the left is compared with every row.
* **Per-claim aggregates** (the sources joined with ``"; "``) are computed per row,
  ``LATERAL { OPTIONAL { SELECT ?claim (GROUP_CONCAT(...)) ... GROUP BY ?claim } }``, not for every claim of
  the store.

* **Sort keys.**  Comparing two IRIs or long strings in ``ORDER BY`` fetches both strings from the store at
  every comparison; dates and numbers are compared in place, and a computed string that is stored nowhere is
  kept in memory.  The listings therefore order their items by a key computed once per item from the item's
  own IRI, with no look-up of the article: geokg mints ``id:event/<article id>/<n>`` and
  ``id:claim/<article id>/<n>`` (:mod:`kg.rdf`), so ``REPLACE(STR(?event), "/([^/]*)$", " $1")`` sorts
  exactly as ``?article ?event`` (the space, below every character an IRI may hold, keeps article ``a``
  before ``a-2``, where the IRIs themselves would not: ``-`` sorts before ``/``), and the claim's IRI cut
  at its last ``/`` sorts as ``?article``.  The article's identifier is looked up for the page only.

Pages
-----
Each result row still costs its look-ups (10-20 per event with all its columns), so a query that returns
thousands of events takes a second.  A query therefore picks its *items* (events, denials ...) with only the
patterns its filters and its order need, in a sub-``SELECT`` closed by a comment line
``# page: ORDER BY <keys>``; every other column is looked up in ``LATERAL`` stages after it.  Each item
gives at least one row, so a page with fewer rows than its size is the last one: what can drop an item (a
filter, a parameter) is tested among the items, and after the page come only ``OPTIONAL`` columns and what
geokg writes for every item (its class and article, and the agent of a proposal, rejection or denial: the
extractor makes none without one; an inner join on it would cost a look-up per item).  Asked for a
page (:func:`page_text`), that line becomes ``ORDER BY <keys> LIMIT n OFFSET m``, so only the page's items
get their columns; without a page it stays a comment (other engines read it as one too) and nothing is
sorted twice.  A query without the line is paged as a whole (``LIMIT``/``OFFSET`` at its end).  The
listings' page keys are exact (article, then item), so their pages are slices of the whole sorted result;
the timelines page by date, and items of the same date keep the store's order, which is the same on every
run over the same store.  The rows of one page are sorted by the query's full ``ORDER BY``.

``tests/queries/test_query_plans.py`` checks that the rewritten queries return exactly what the plain
formulations (``queries/portable/``) return, and that pages put together give the whole result.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import vocab
from kg.store import KGStore

TYPES = ("actor", "iri", "date", "string", "integer", "decimal", "boolean")
#: The comment line that closes a query's items sub-select (see "Pages").
_PAGE = re.compile(r"^(?P<indent>[ \t]*)# page:(?P<order>[^\n]*)$", re.M)
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?P<doc>.*)$")
_QID = re.compile(r"^(?:wd:)?(Q[1-9][0-9]*)$")


class NamedQueryError(Exception):
    """An unknown query, a bad parameter, or an actor that cannot be resolved."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    optional: bool = False
    default: str | None = None
    doc: str = ""

    @property
    def required(self) -> bool:
        return not self.optional and self.default is None


@dataclass
class NamedQuery:
    name: str
    text: str
    path: Path | None = None
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    @property
    def paged(self) -> bool:
        """Whether the query picks its items before their columns, so that a page costs only its items."""
        return _PAGE.search(self.text) is not None

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise NamedQueryError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


def queries_dir() -> Path:
    """``$KG_QUERIES_DIR``, else the ``queries/`` folder of the source tree."""
    env = os.environ.get("KG_QUERIES_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "queries"


def parse_query(text: str, path: Path | None = None) -> NamedQuery:
    """Read the header of a ``.rq`` file.

    Examples
    --------
    >>> q = parse_query("# name: x\\n# param: actor (actor, optional) Who.\\nSELECT ?actor WHERE {}")
    >>> q.name, q.params[0].type, q.params[0].optional
    ('x', 'actor', True)
    """
    fields: dict[str, str] = {}
    params: list[Param] = []
    examples: list[str] = []
    last: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        body = line[1:]
        m = re.match(r"^\s*([a-z]+):\s?(.*)$", body)
        if m and m.group(1) in ("name", "title", "description", "param", "example"):
            key, value = m.group(1), m.group(2).strip()
            if key == "param":
                params.append(_parse_param(value, path))
            elif key == "example":
                examples.append(value)
            else:
                fields[key] = value
            last = key
        elif last in ("description", "title") and body.startswith("  "):
            fields[last] += " " + body.strip()
        elif last == "param" and body.startswith("  ") and params:
            p = params[-1]
            params[-1] = Param(p.name, p.type, p.optional, p.default, (p.doc + " " + body.strip()).strip())
    name = fields.get("name") or (path.stem if path else "")
    if not name:
        raise NamedQueryError(f"{path or 'query'}: no '# name:' header")
    return NamedQuery(name, text, path, fields.get("title", ""), fields.get("description", ""), params, examples)


def _parse_param(value: str, path: Path | None) -> Param:
    m = _PARAM.match(value)
    if not m:
        raise NamedQueryError(f"{path}: bad param line {value!r}; expected 'NAME (TYPE[, optional][, default X]) doc'")
    type_ = "string"
    optional = False
    default = None
    for i, part in enumerate(p.strip() for p in m.group("spec").split(",")):
        if i == 0 and part in TYPES:
            type_ = part
        elif part == "optional":
            optional = True
        elif part.startswith("default"):
            default = part[len("default"):].strip()
        elif part:
            raise NamedQueryError(f"{path}: unknown parameter attribute {part!r} (types: {', '.join(TYPES)})")
    return Param(m.group("name"), type_, optional, default, m.group("doc").strip())


def list_queries(directory: str | Path | None = None) -> list[NamedQuery]:
    """Every named query in ``directory`` (default :func:`queries_dir`), by name."""
    folder = Path(directory) if directory is not None else queries_dir()
    if not folder.is_dir():
        raise NamedQueryError(f"no queries folder at {folder} (set KG_QUERIES_DIR)")
    found = [parse_query(p.read_text(encoding="utf-8"), p) for p in sorted(folder.glob("*.rq"))]
    return sorted(found, key=lambda q: q.name)


def get_query(name: str, directory: str | Path | None = None) -> NamedQuery:
    queries = list_queries(directory)
    for q in queries:
        if q.name == name:
            return q
    raise NamedQueryError(f"no named query {name!r}; known: {', '.join(q.name for q in queries)}")


# -- binding parameters ------------------------------------------------------------------------

ACTOR_BY_LABEL = """
SELECT DISTINCT ?actor ?rank ?label WHERE {
  ?actor a geo:Actor .
  { ?actor schema:name|rdfs:label ?l . BIND(0 AS ?rank) } UNION { ?actor skos:altLabel ?l . BIND(1 AS ?rank) }
  FILTER(LCASE(STR(?l)) = LCASE(STR(?label)))
}
ORDER BY ?rank ?actor
"""
ACTOR_BY_QID = """
SELECT DISTINCT ?actor ?wikidata WHERE { ?actor a geo:Actor ; owl:sameAs ?wikidata . } ORDER BY ?actor
"""


def resolve_actor(store: KGStore, value: str) -> ox.NamedNode:
    """An actor IRI from a Wikidata QID (``Q7747``, ``wd:Q7747``), an IRI (``id:actor/...`` too) or a name.

    A name is matched case-insensitively against ``schema:name``/``rdfs:label`` first, then ``skos:altLabel``;
    a name that fits several actors equally is an error listing them.
    """
    text = value.strip()
    if text.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(text)
    if text.startswith("id:"):
        return ox.NamedNode(vocab.ID + text[3:])
    m = _QID.match(text)
    if m:
        qid = m.group(1)
        rows = store.select(ACTOR_BY_QID, {"wikidata": ox.NamedNode(vocab.WD + qid)})
        if rows:
            return ox.NamedNode(str(rows[0]["actor"]))
        local = ox.NamedNode(vocab.actor_iri(qid))
        if store.select("SELECT ?actor WHERE { ?actor a geo:Actor }", {"actor": local}):
            return local
        raise NamedQueryError(f"no actor with Wikidata id {qid} in the store")
    rows = store.select(ACTOR_BY_LABEL, {"label": ox.Literal(text)})
    if not rows:
        raise NamedQueryError(f"no actor named {text!r} in the store (try a Wikidata QID or an actor IRI)")
    best = [r for r in rows if r["rank"] == rows[0]["rank"]]
    iris = sorted({str(r["actor"]) for r in best})
    if len(iris) > 1:
        raise NamedQueryError(f"the name {text!r} fits several actors: {', '.join(iris)}; give one of these IRIs")
    return ox.NamedNode(iris[0])


def to_term(store: KGStore, param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term for a parameter value given as text (checked against the parameter's type)."""
    t = param.type
    try:
        if t == "actor":
            return resolve_actor(store, value)
        if t == "iri":
            if value.startswith("id:"):
                value = vocab.ID + value[3:]
            if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value, re.IGNORECASE):
                raise ValueError("not an IRI")
            return ox.NamedNode(value)
        if t == "date":
            return ox.Literal(date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(vocab.XSD + "date"))
        if t == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(vocab.XSD + "integer"))
        if t == "decimal":
            return ox.Literal(str(Decimal(value)), datatype=ox.NamedNode(vocab.XSD + "decimal"))
        if t == "boolean":
            low = value.strip().lower()
            if low not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError("not a boolean")
            return ox.Literal("true" if low in ("true", "1", "yes") else "false",
                              datatype=ox.NamedNode(vocab.XSD + "boolean"))
        return ox.Literal(value)
    except (ValueError, InvalidOperation) as exc:
        raise NamedQueryError(f"parameter {param.name}: {value!r} is not a valid {t} ({exc})") from None


def bind(store: KGStore, query: NamedQuery, params: dict[str, str] | None = None) -> dict[str, Any]:
    """Parameter values (text) checked and turned into terms; defaults filled in; unknown/missing ones refused."""
    given = dict(params or {})
    for name in given:
        query.param(name)  # raises on unknown names
    out: dict[str, Any] = {}
    for p in query.params:
        if p.name in given:
            out[p.name] = to_term(store, p, given[p.name])
        elif p.default is not None:
            out[p.name] = to_term(store, p, p.default)
        elif not p.optional:
            raise NamedQueryError(f"query {query.name!r} needs --param {p.name}=... ({p.type}: {p.doc})")
    return out


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """``["actor=Q7747", "from=2024-01-01"]`` -> dict; a repeated name is an error."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise NamedQueryError(f"--param needs NAME=VALUE, got {pair!r}")
        if key in out:
            raise NamedQueryError(f"--param {key} given twice")
        out[key] = value
    return out


def page_text(query: NamedQuery, limit: int | None = None, offset: int = 0) -> str:
    """The text of ``query`` for one page: at most ``limit`` items (all when ``None`` or 0) after ``offset``.

    See "Pages" above: the ``# page:`` line of a query becomes its ``ORDER BY ... LIMIT ... OFFSET``; a query
    without one is limited as a whole.  The numbers are checked integers, so pasting them is safe.

    Examples
    --------
    >>> q = parse_query("# name: x\nSELECT ?e WHERE {\n  { SELECT ?e WHERE { ?e ?p ?o }\n    # page: ORDER BY ?e\n  }\n}")
    >>> print(page_text(q, 10, 20).splitlines()[3])
        ORDER BY ?e LIMIT 10 OFFSET 20
    >>> page_text(q) == q.text
    True
    """
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise NamedQueryError(f"{name} must be a whole number 0 or more, got {value!r}")
    if not limit and not offset:
        return query.text
    page = (f" LIMIT {limit}" if limit else "") + (f" OFFSET {offset}" if offset else "")
    m = _PAGE.search(query.text)
    if m is None:
        return query.text.rstrip() + "\n" + page.strip() + "\n"
    return query.text[: m.start()] + m.group("indent") + m.group("order").strip() + page + query.text[m.end():]


def run_named(store: KGStore, name: str, params: dict[str, str] | None = None, fmt: str = "csv",
              directory: str | Path | None = None, *, limit: int | None = None,
              offset: int = 0) -> str | list[dict[str, Any]]:
    """Run the named query ``name`` with ``params``; output as :func:`kg.query.run_query` gives it.

    ``limit``/``offset`` ask for one page of the query's items (:func:`page_text`); by default, all of them.

    Examples
    --------
    >>> run_named(KGStore(None), "anonymous-sources", fmt="table", limit=100)
    []
    """
    from kg.query import run_query

    query = get_query(name, directory)
    return run_query(store, page_text(query, limit, offset), fmt, bind(store, query, params))


def select_named(store: KGStore, name: str, params: dict[str, str] | None = None,
                 directory: str | Path | None = None, *, limit: int | None = None,
                 offset: int = 0) -> list[dict[str, Any]]:
    """Rows of the named query as dicts of plain Python values (see :meth:`KGStore.select`); ``limit`` and
    ``offset`` as in :func:`run_named`."""
    query = get_query(name, directory)
    return store.select(page_text(query, limit, offset), bind(store, query, params))
