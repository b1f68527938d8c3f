"""Projections of the store into networkx graphs.

Every projection is computed from a few SPARQL SELECTs run through :meth:`kg.store.KGStore.iter_select`;
rows are streamed and only the selected events are kept in memory, so the store is never copied into
an rdflib graph.  The projections are:

* :func:`interaction_graph` -- :class:`networkx.MultiDiGraph`, one edge per event, agent -> target;
* :func:`actor_graph` -- :class:`networkx.DiGraph`, one edge per ordered actor pair with the
  cooperation/conflict balance of their events (from Goldstein values);
* :func:`claim_graph` -- :class:`networkx.MultiDiGraph` of who asserts or disputes which event;
* :func:`actor_article_graph` -- bipartite :class:`networkx.Graph` of actors and the articles they
  appear in.

All of them accept the same filters (``since``, ``until``, ``classes``, ``actors``, ``radius``); see
:mod:`kg.analysis.filters` for their exact meaning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import networkx as nx

from kg import vocab
from kg.analysis import filters as _filters
from kg.store import KGStore

__all__ = [
    "ACTOR_KIND_PRIORITY",
    "actor_article_graph",
    "actor_graph",
    "actors",
    "claim_graph",
    "collapse",
    "events",
    "interaction_graph",
    "local_name",
]

#: Actor kinds, most specific first: an actor typed with several kinds gets the first one listed.
ACTOR_KIND_PRIORITY: tuple[str, ...] = (
    "AnonymousSource",
    "MediaOrganization",
    "Country",
    "Person",
    "Group",
    "Organization",
)

_GENERIC_EVENT_CLASSES = {vocab.GEO + "Event", vocab.SEM + "Event"}
_QID = re.compile(r"^Q[0-9]+$")

_EVENTS_QUERY = """
SELECT ?event ?claim ?class ?agent ?target ?cameo ?goldstein ?cameoGoldstein ?negated ?date ?begin ?end
       ?granularity ?dateText ?theme ?modality ?about ?denies ?sentence ?trigger ?article ?reported
WHERE {
  GRAPH ?claim {
    ?event a geo:Event .
    OPTIONAL { ?event a ?class FILTER(?class != geo:Event && ?class != sem:Event) }
    OPTIONAL { ?event geo:agent ?agent }
    OPTIONAL { ?event geo:target ?target }
    OPTIONAL { ?event geo:cameo ?cameo }
    OPTIONAL { ?event geo:goldstein ?goldstein }
    OPTIONAL { ?event geo:negated ?negated }
    OPTIONAL { ?event geo:date ?date }
    OPTIONAL { ?event sem:hasEarliestBeginTimeStamp ?begin }
    OPTIONAL { ?event sem:hasLatestEndTimeStamp ?end }
    OPTIONAL { ?event geo:dateGranularity ?granularity }
    OPTIONAL { ?event geo:dateText ?dateText }
    OPTIONAL { ?event geo:theme ?theme }
    OPTIONAL { ?event geo:modality ?modality }
    OPTIONAL { ?event geo:about ?about }
    OPTIONAL { ?event geo:denies ?denies }
    OPTIONAL { ?event geo:evidence ?evidence .
               OPTIONAL { ?evidence geo:sentence ?sentence }
               OPTIONAL { ?evidence geo:trigger ?trigger } }
  }
  OPTIONAL { ?claim prov:wasDerivedFrom ?article }
  OPTIONAL { ?claim geo:reportedOn ?reported }
  OPTIONAL { ?cameo geo:goldstein ?cameoGoldstein }
}
"""

_DISPUTES_QUERY = """
SELECT ?event ?denial ?dclaim ?denier WHERE {
  GRAPH ?c1 { ?event a geo:Event }
  GRAPH ?dclaim { ?denial geo:denies ?event . OPTIONAL { ?denial geo:agent ?denier } }
  FILTER(?c1 != ?dclaim)
}
"""

_ATTRIBUTIONS_QUERY = """
SELECT ?claim ?agent ?order ?role ?publisher WHERE {
  ?claim a geo:Claim .
  OPTIONAL { ?claim prov:wasAttributedTo ?publisher }
  OPTIONAL { ?claim prov:qualifiedAttribution ?att .
             ?att prov:agent ?agent .
             OPTIONAL { ?att geo:order ?order }
             OPTIONAL { ?att prov:hadRole ?role } }
}
"""

_ARTICLES_QUERY = """
SELECT ?article ?id ?title ?issued ?url ?publisher WHERE {
  ?article a schema:NewsArticle .
  OPTIONAL { ?article dct:identifier ?id }
  OPTIONAL { ?article dct:title ?title }
  OPTIONAL { ?article dct:issued ?issued }
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article dct:publisher ?publisher }
}
"""

_ACTORS_QUERY = """
SELECT ?actor ?type ?label ?name ?country ?cameo ?same ?count ?affiliation WHERE {
  ?actor a geo:Actor .
  OPTIONAL { ?actor a ?type }
  OPTIONAL { ?actor rdfs:label ?label }
  OPTIONAL { ?actor schema:name ?name }
  OPTIONAL { ?actor geo:country ?country }
  OPTIONAL { ?actor geo:cameoCode ?cameo }
  OPTIONAL { ?actor owl:sameAs ?same }
  OPTIONAL { ?actor geo:count ?count }
  OPTIONAL { ?actor geo:affiliation ?affiliation }
}
"""

_ALIASES_QUERY = "SELECT ?actor ?alt WHERE { ?actor a geo:Actor ; skos:altLabel ?alt }"

_MENTIONS_QUERY = "SELECT ?actor ?article WHERE { ?actor a geo:Actor ; geo:mentionedIn ?article }"


# -- small helpers ---------------------------------------------------------------------------------


def local_name(iri: str | None) -> str:
    """The part of an IRI after the last ``#`` or ``/``.

    Examples
    --------
    >>> local_name("https://w3id.org/geokg/ontology#Proposal")
    'Proposal'
    >>> local_name("https://w3id.org/geokg/cameo/036")
    '036'
    """
    if not iri:
        return ""
    return re.split(r"[#/]", str(iri))[-1]


def _date_bounds(text: Any) -> tuple[str | None, str | None]:
    """First and last day (ISO strings) of an xsd:date, gYearMonth or gYear lexical value."""
    if text is None:
        return None, None
    value = str(text)[:10]
    m = re.match(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None, None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if day:
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}"
    if month:
        y, mo = int(year), int(month)
        nxt = date(y + (mo == 12), mo % 12 + 1, 1)
        last = date.fromordinal(nxt.toordinal() - 1)
        return f"{year}-{month}-01", last.isoformat()
    return f"{year}-01-01", f"{year}-12-31"


def _append_unique(values: list[Any], value: Any) -> None:
    if value is not None and value not in values:
        values.append(value)


# -- raw records -----------------------------------------------------------------------------------


def actors(store: KGStore) -> dict[str, dict[str, Any]]:
    """Attributes of every actor in the store, keyed by IRI.

    Parameters
    ----------
    store : KGStore
        The store to read.

    Returns
    -------
    dict
        IRI -> ``{"label", "kind", "kinds", "country", "cameo", "wikidata", "aliases", "anonymous",
        "count", "affiliation"}``.  ``kind`` is the most specific kind in :data:`ACTOR_KIND_PRIORITY`
        (``"Actor"`` when none is given), ``wikidata`` a QID such as ``"Q7747"`` or None.

    Examples
    --------
    >>> store = KGStore(None)
    >>> store.oxigraph.update('''PREFIX geo: <https://w3id.org/geokg/ontology#>
    ... PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    ... INSERT DATA { <https://w3id.org/geokg/id/actor/Q159> a geo:Actor, geo:Country ;
    ...     rdfs:label "Russia" }''')
    >>> actors(store)["https://w3id.org/geokg/id/actor/Q159"]["kind"]
    'Country'
    """
    out: dict[str, dict[str, Any]] = {}
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in store.iter_select(_ACTORS_QUERY):
        iri = str(row["actor"])
        rec = out.get(iri)
        if rec is None:
            key = local_name(iri)
            rec = out[iri] = {
                "label": None,
                "kind": "Actor",
                "kinds": [],
                "country": None,
                "cameo": None,
                "wikidata": key if _QID.match(key) else None,
                "aliases": [],
                "anonymous": False,
                "count": None,
                "affiliation": None,
            }
        if row["type"]:
            kinds[iri].add(local_name(str(row["type"])))
        if row["label"] and not rec["label"]:
            rec["label"] = row["label"]
        if row["name"] and row["name"] != rec["label"]:
            _append_unique(rec["aliases"], row["name"])
        for field in ("country", "cameo", "count", "affiliation"):
            if row[field] is not None and rec[field] is None:
                rec[field] = row[field]
        same = row["same"]
        if same and str(same).startswith(vocab.WD):
            rec["wikidata"] = local_name(str(same))
    for row in store.iter_select(_ALIASES_QUERY):
        rec = out.get(str(row["actor"]))
        if rec is not None:
            _append_unique(rec["aliases"], row["alt"])
    for iri, rec in out.items():
        found = kinds.get(iri, set())
        rec["kinds"] = sorted(found - {"Actor", "Agent"})
        rec["kind"] = next((k for k in ACTOR_KIND_PRIORITY if k in found), "Actor")
        rec["anonymous"] = rec["kind"] == "AnonymousSource"
        if not rec["label"]:
            rec["label"] = rec["aliases"][0] if rec["aliases"] else local_name(iri)
        if rec["label"] in rec["aliases"]:
            rec["aliases"].remove(rec["label"])
    return out


def _articles(store: KGStore) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in store.iter_select(_ARTICLES_QUERY):
        iri = str(row["article"])
        rec = out.setdefault(
            iri,
            {"id": None, "title": None, "issued": None, "url": None, "publisher": None},
        )
        for field in ("id", "title", "issued", "url", "publisher"):
            if row[field] is not None and rec[field] is None:
                rec[field] = row[field]
    for iri, rec in out.items():
        rec["id"] = rec["id"] or local_name(iri)
        rec["label"] = rec["title"] or rec["id"]
    return out


def _attributions(store: KGStore, claims: set[str]) -> dict[str, dict[str, Any]]:
    """claim -> {"sources": [(order, agent, role)], "publisher": iri|None} for the given claims."""
    out: dict[str, dict[str, Any]] = {}
    for row in store.iter_select(_ATTRIBUTIONS_QUERY):
        claim = str(row["claim"])
        if claim not in claims:
            continue
        rec = out.setdefault(claim, {"sources": [], "publisher": None})
        if row["publisher"] and rec["publisher"] is None:
            rec["publisher"] = row["publisher"]
        if row["agent"]:
            order = row["order"] if isinstance(row["order"], int) else 1_000_000
            entry = (order, str(row["agent"]), local_name(str(row["role"])) if row["role"] else None)
            if entry not in rec["sources"]:
                rec["sources"].append(entry)
    for rec in out.values():
        rec["sources"].sort(key=lambda e: (e[0], e[1]))
    return out


def _iter_event_rows(store: KGStore) -> Iterator[dict[str, Any]]:
    """Merge the (multiplied) solution rows of the events query into one record per event."""
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for row in store.iter_select(_EVENTS_QUERY):
        key = (str(row["event"]), str(row["claim"]))
        rec = records.get(key)
        if rec is None:
            rec = records[key] = {
                "event": key[0],
                "claim": key[1],
                "classes": [],
                "agents": [],
                "targets": [],
                "cameo": None,
                "goldstein": None,
                "cameo_goldstein": None,
                "negated": False,
                "date": None,
                "begin": None,
                "end": None,
                "granularity": None,
                "date_text": None,
                "theme": None,
                "modality": None,
                "about": [],
                "denies": [],
                "sentence": None,
                "trigger": None,
                "article": None,
                "reported": None,
            }
        if row["class"] and str(row["class"]) not in _GENERIC_EVENT_CLASSES:
            _append_unique(rec["classes"], local_name(str(row["class"])))
        _append_unique(rec["agents"], row["agent"])
        _append_unique(rec["targets"], row["target"])
        _append_unique(rec["about"], row["about"])
        _append_unique(rec["denies"], row["denies"])
        if row["cameo"] and rec["cameo"] is None:
            rec["cameo"] = local_name(str(row["cameo"]))
        if isinstance(row["goldstein"], (int, float)) and not isinstance(row["goldstein"], bool):
            rec["goldstein"] = float(row["goldstein"])
        if isinstance(row["cameoGoldstein"], (int, float)) and not isinstance(row["cameoGoldstein"], bool):
            rec["cameo_goldstein"] = float(row["cameoGoldstein"])
        if row["negated"] is True:
            rec["negated"] = True
        for field, col in (
            ("date", "date"),
            ("begin", "begin"),
            ("end", "end"),
            ("date_text", "dateText"),
            ("theme", "theme"),
            ("modality", "modality"),
            ("sentence", "sentence"),
            ("trigger", "trigger"),
            ("article", "article"),
            ("reported", "reported"),
        ):
            if row[col] is not None and rec[field] is None:
                rec[field] = row[col]
        if row["granularity"] and rec["granularity"] is None:
            rec["granularity"] = local_name(str(row["granularity"])).removeprefix("unit").lower()
    yield from records.values()


def events(
    store: KGStore,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    classes: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """One record per event in the store, with its claim, sources, article and dispute status.

    Parameters
    ----------
    store : KGStore
        The store to read (only SPARQL SELECTs are run).
    since, until : str or datetime.date, optional
        Keep events whose date interval overlaps ``[since, until]`` (see
        :func:`kg.analysis.filters.in_window`).
    classes : iterable of str, optional
        Keep events of these classes (local names such as ``"Proposal"`` or full IRIs).

    Returns
    -------
    list of dict
        Sorted by ``sort_date`` then event IRI.  Keys: ``event``, ``claim``, ``article``,
        ``article_id``, ``article_title``, ``issued``, ``cls`` (the specific class), ``classes``,
        ``cameo``, ``goldstein`` (the event's own value, else the CAMEO code's, else None),
        ``negated``, ``date``, ``begin``, ``end``, ``granularity``, ``date_text``, ``sort_date``,
        ``theme``, ``modality``, ``about``, ``denies``, ``sentence``, ``trigger``, ``agents``,
        ``targets``, ``agent_labels``, ``target_labels``, ``sources`` (labels, nearest first), ``source_iris``, ``source_roles``,
        ``disputed``, ``disputed_by`` (claim IRIs), ``denials`` (event IRIs), ``deniers`` (actor IRIs), ``denier_labels``,
        ``dispute_sources`` (IRIs of the sources of the disputing claims), ``n_disputes``.

    Notes
    -----
    ``sort_date`` is the first day of the event's date, else of its claim's ``geo:reportedOn``, else the
    article's ``dct:issued``; it is ``""`` when none is known.  An event is disputed when it is the
    object of ``geo:denies`` in a different claim graph.

    Examples
    --------
    >>> store = KGStore(None)
    >>> events(store)
    []
    """
    wanted = _filters.normalise_classes(classes)
    arts = _articles(store)
    selected: list[dict[str, Any]] = []
    for rec in _iter_event_rows(store):
        rec["cls"] = rec["classes"][0] if rec["classes"] else "Event"
        if rec["goldstein"] is None:
            rec["goldstein"] = rec["cameo_goldstein"]
        del rec["cameo_goldstein"]
        art = arts.get(str(rec["article"])) if rec["article"] else None
        rec["article_id"] = art["id"] if art else (local_name(rec["article"]) if rec["article"] else None)
        rec["article_title"] = art["title"] if art else None
        rec["issued"] = art["issued"] if art else None
        if rec["begin"] is None and rec["date"] is not None:
            rec["begin"], rec["end"] = _date_bounds(rec["date"])
        else:
            rec["begin"] = _date_bounds(rec["begin"])[0] if rec["begin"] else None
            rec["end"] = _date_bounds(rec["end"])[1] if rec["end"] else None
        fallback = rec["reported"] or rec["issued"]
        rec["sort_date"] = rec["begin"] or (_date_bounds(fallback)[0] if fallback else None) or ""
        if not _filters.in_window(rec, since, until) or not _filters.has_class(rec, wanted):
            continue
        selected.append(rec)

    by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in selected:
        rec.update(disputed=False, disputed_by=[], denials=[], deniers=[], dispute_sources=[], n_disputes=0)
        by_event[rec["event"]].append(rec)
    disputing_claims: set[str] = set()
    for row in store.iter_select(_DISPUTES_QUERY):
        for rec in by_event.get(str(row["event"]), ()):
            if str(row["dclaim"]) == rec["claim"]:
                continue
            rec["disputed"] = True
            _append_unique(rec["disputed_by"], str(row["dclaim"]))
            _append_unique(rec["denials"], str(row["denial"]))
            _append_unique(rec["deniers"], row["denier"])
            disputing_claims.add(str(row["dclaim"]))

    atts = _attributions(store, {rec["claim"] for rec in selected} | disputing_claims)
    labels = {iri: a["label"] for iri, a in actors(store).items()}
    for rec in selected:
        rec["agent_labels"] = [labels.get(a, local_name(a)) for a in rec["agents"]]
        rec["target_labels"] = [labels.get(t, local_name(t)) for t in rec["targets"]]
        att = atts.get(rec["claim"], {"sources": [], "publisher": None})
        rec["source_iris"] = [agent for _, agent, _ in att["sources"]]
        rec["source_roles"] = [role for _, _, role in att["sources"]]
        rec["sources"] = [labels.get(agent, local_name(agent)) for agent in rec["source_iris"]]
        rec["publisher"] = att["publisher"]
        for claim in rec["disputed_by"]:
            for _, agent, _ in atts.get(claim, {"sources": []})["sources"]:
                _append_unique(rec["dispute_sources"], agent)
        rec["n_disputes"] = len(rec["disputed_by"])
        for field in ("disputed_by", "denials", "deniers", "dispute_sources"):
            rec[field].sort()
        rec["denier_labels"] = [labels.get(d, local_name(d)) for d in rec["deniers"]]
    selected.sort(key=lambda r: (r["sort_date"], r["event"]))
    return selected


# -- projections -----------------------------------------------------------------------------------


def _add_actor(G: nx.Graph, iri: str, info: dict[str, dict[str, Any]]) -> None:
    if iri in G:
        return
    a = info.get(iri)
    if a is None:
        key = local_name(iri)
        a = {
            "label": key,
            "kind": "Actor",
            "country": None,
            "cameo": None,
            "wikidata": key if _QID.match(key) else None,
            "aliases": [],
        }
    G.add_node(
        iri,
        label=a["label"],
        kind=a["kind"],
        country=a.get("country"),
        cameo=a.get("cameo"),
        wikidata=a.get("wikidata"),
        aliases=list(a.get("aliases", [])),
    )


def _edge_attrs(rec: dict[str, Any]) -> dict[str, Any]:
    g = rec["goldstein"]
    attrs = {k: v for k, v in rec.items() if k not in ("agents", "targets", "agent_labels", "target_labels")}
    attrs["count"] = 1
    attrs["intensity"] = abs(g) if g is not None else 0.0
    attrs["weight"] = g if g is not None else 0.0
    return attrs


def _build_interaction(records: list[dict[str, Any]], info: dict[str, dict[str, Any]]) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(projection="interaction")
    for rec in records:
        for agent in rec["agents"]:
            for target in rec["targets"]:
                _add_actor(G, agent, info)
                _add_actor(G, target, info)
                G.add_edge(agent, target, key=rec["event"], **_edge_attrs(rec))
    return G


def _select_by_actors(
    records: list[dict[str, Any]],
    info: dict[str, dict[str, Any]],
    actors_: Iterable[str] | None,
    radius: int | None,
) -> list[dict[str, Any]]:
    """Keep events whose participants all lie in the ego graph of ``actors_`` (radius ``radius``)."""
    if actors_ is None:
        return records
    queries = [actors_] if isinstance(actors_, str) else list(actors_)
    G = _build_interaction(records, info)
    for rec in records:  # actors of targetless events are reachable too
        for agent in rec["agents"]:
            _add_actor(G, agent, info)
    keep = set(_filters.ego(G, queries, radius=1 if radius is None else radius).nodes)
    return [
        rec
        for rec in records
        if rec["agents"] and all(a in keep for a in rec["agents"]) and all(t in keep for t in rec["targets"])
    ]


def _selected(
    store: KGStore,
    since: str | date | None,
    until: str | date | None,
    classes: Iterable[str] | None,
    actors_: Iterable[str] | None,
    radius: int | None,
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    records = events(store, since=since, until=until, classes=classes)
    info = actors(store)
    return _select_by_actors(records, info, actors_, radius), info


def _filters_used(**kw: Any) -> dict[str, Any]:
    out = {}
    for k, v in kw.items():
        if v is None:
            continue
        if isinstance(v, date):
            v = v.isoformat()
        elif not isinstance(v, (str, int, float)):
            v = list(v)
        out[k] = v
    return out


def interaction_graph(
    store: KGStore,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    classes: Iterable[str] | None = None,
    actors: Iterable[str] | str | None = None,
    radius: int | None = None,
) -> nx.MultiDiGraph:
    """The actor interaction multigraph: one edge per event, from its agent to its target.

    Parameters
    ----------
    store : KGStore
        The store to read.
    since, until : str or datetime.date, optional
        Time window: keep events whose date interval overlaps it (undated events use their claim's
        report date or their article's date).
    classes : iterable of str, optional
        Event classes to keep (``"Proposal"``, ``"geo:Rejection"`` or a full IRI).
    actors : str or iterable of str, optional
        Keep only the neighbourhood of these actors (matched by IRI, label, alias or Wikidata QID).
    radius : int, optional
        Radius of that neighbourhood (default 1 when ``actors`` is given).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are actor IRIs with attributes ``label``, ``kind``, ``country``, ``cameo``, ``wikidata``,
        ``aliases``.  Edges are keyed by event IRI and carry the event record of :func:`events`
        (``cls``, ``cameo``, ``goldstein``, ``date``, ``article``, ``disputed``, ``sentence``,
        ``sources``, ...) plus ``count`` (1), ``intensity`` (``abs(goldstein)``) and ``weight``
        (``goldstein``, 0 when unknown).  Events without a target are not edges.

    Examples
    --------
    >>> G = interaction_graph(KGStore(None))
    >>> G.number_of_nodes(), G.graph["projection"]
    (0, 'interaction')
    """
    records, info = _selected(store, since, until, classes, actors, radius)
    G = _build_interaction(records, info)
    G.graph["filters"] = _filters_used(since=since, until=until, classes=classes, actors=actors, radius=radius)
    return G


def collapse(G: nx.MultiDiGraph, *, include_negated: bool = False) -> nx.DiGraph:
    """Collapse an interaction multigraph into the weighted actor graph.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An :func:`interaction_graph`.
    include_negated : bool, default False
        Count events reported as not having happened (``geo:negated true``).

    Returns
    -------
    networkx.DiGraph
        One edge per ordered actor pair with ``count`` (events), ``goldstein`` (sum of known
        Goldstein values), ``mean_goldstein`` (mean of known values or None), ``coop`` / ``conflict`` /
        ``neutral`` (events with Goldstein > 0, < 0, = 0 or unknown), ``coop_weight`` (sum of positive
        values), ``conflict_weight`` (sum of absolute negative values), ``intensity`` (their sum),
        ``balance`` (``(coop_weight - conflict_weight) / intensity``, in [-1, 1], 0 when intensity is
        0), ``weight`` (= ``goldstein``), ``classes``, ``events``, ``disputed`` (number of disputed
        events), ``begin`` / ``end`` / ``sort_date`` (earliest and latest dates).

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", goldstein=4.0, cls="Proposal", event="e1", disputed=False, negated=False)
    >>> _ = M.add_edge("a", "b", goldstein=-2.0, cls="Threat", event="e2", disputed=True, negated=False)
    >>> d = collapse(M)["a"]["b"]
    >>> d["count"], d["goldstein"], d["coop"], d["conflict"], round(d["balance"], 3)
    (2, 2.0, 1, 1, 0.333)
    """
    A = nx.DiGraph(projection="actor")
    A.graph.update({k: v for k, v in G.graph.items() if k != "projection"})
    A.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        if d.get("negated") and not include_negated:
            continue
        if not A.has_edge(u, v):
            A.add_edge(
                u,
                v,
                count=0,
                goldstein=0.0,
                known=0,
                coop=0,
                conflict=0,
                neutral=0,
                coop_weight=0.0,
                conflict_weight=0.0,
                classes=[],
                events=[],
                disputed=0,
                begin=None,
                end=None,
                sort_date=None,
            )
        e = A[u][v]
        g = d.get("goldstein")
        e["count"] += 1
        if g is None:
            e["neutral"] += 1
        else:
            e["known"] += 1
            e["goldstein"] += g
            if g > 0:
                e["coop"] += 1
                e["coop_weight"] += g
            elif g < 0:
                e["conflict"] += 1
                e["conflict_weight"] += -g
            else:
                e["neutral"] += 1
        _append_unique(e["classes"], d.get("cls"))
        _append_unique(e["events"], d.get("event"))
        e["disputed"] += 1 if d.get("disputed") else 0
        for field, pick in (("begin", min), ("end", max), ("sort_date", min)):
            val = d.get(field) or (d.get("sort_date") if field != "sort_date" else None)
            if val:
                e[field] = pick(e[field], val) if e[field] else val
    for _, _, e in A.edges(data=True):
        known = e.pop("known")
        e["goldstein"] = round(e["goldstein"], 10)
        e["mean_goldstein"] = round(e["goldstein"] / known, 10) if known else None
        e["intensity"] = round(e["coop_weight"] + e["conflict_weight"], 10)
        e["balance"] = (e["coop_weight"] - e["conflict_weight"]) / e["intensity"] if e["intensity"] else 0.0
        e["weight"] = e["goldstein"]
        e["classes"].sort()
    return A


def actor_graph(
    store: KGStore,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    classes: Iterable[str] | None = None,
    actors: Iterable[str] | str | None = None,
    radius: int | None = None,
    min_weight: float | None = None,
    weight: str = "count",
    include_negated: bool = False,
) -> nx.DiGraph:
    """The weighted actor graph: cooperation vs conflict balance per ordered pair.

    Parameters
    ----------
    store : KGStore
        The store to read.
    since, until, classes, actors, radius
        As for :func:`interaction_graph`.
    min_weight : float, optional
        Drop edges whose ``weight`` attribute is below this (then nodes left without edges).
    weight : str, default "count"
        Edge attribute ``min_weight`` applies to (``"count"``, ``"intensity"``, ``"goldstein"``...).
    include_negated : bool, default False
        Count negated events too.

    Returns
    -------
    networkx.DiGraph
        See :func:`collapse` for the edge attributes.

    Examples
    --------
    >>> actor_graph(KGStore(None)).graph["projection"]
    'actor'
    """
    M = interaction_graph(store, since=since, until=until, classes=classes, actors=actors, radius=radius)
    A = collapse(M, include_negated=include_negated)
    if min_weight is not None:
        A = _filters.min_weight(A, min_weight, weight=weight)
    return A


def claim_graph(
    store: KGStore,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    classes: Iterable[str] | None = None,
    actors: Iterable[str] | str | None = None,
    radius: int | None = None,
) -> nx.MultiDiGraph:
    """Who asserts or disputes which event.

    Parameters
    ----------
    store : KGStore
        The store to read.
    since, until, classes, actors, radius
        As for :func:`interaction_graph` (events without a target are kept).

    Returns
    -------
    networkx.MultiDiGraph
        Event nodes (``kind="event"``, with the record of :func:`events`, ``label`` like
        ``"Proposal: Vladimir Putin -> United States"``) and actor nodes (the sources).  Edges go from an
        actor to an event, keyed ``"asserts"`` or ``"disputes"`` (attribute ``relation``):

        * ``asserts``: the actor is an attribution agent of the event's claim (attributes ``claim``,
          ``order``, ``role``); a claim without attribution is asserted by its article's publisher, else
          by the article itself (a node of ``kind="article"``);
        * ``disputes``: the actor is the agent of a denial, in another claim, of the event (attributes
          ``claim`` of the denial, ``denial``).

    Examples
    --------
    >>> claim_graph(KGStore(None)).graph["projection"]
    'claim'
    """
    records, info = _selected(store, since, until, classes, actors, radius)
    arts = _articles(store)
    G = nx.MultiDiGraph(projection="claim")
    G.graph["filters"] = _filters_used(since=since, until=until, classes=classes, actors=actors, radius=radius)
    for rec in records:
        agents = ", ".join(info.get(a, {}).get("label") or local_name(a) for a in rec["agents"]) or "?"
        targets = ", ".join(info.get(t, {}).get("label") or local_name(t) for t in rec["targets"])
        label = f"{rec['cls']}: {agents}" + (f" -> {targets}" if targets else "")
        attrs = dict(rec)
        attrs.update(kind="event", label=label, count=1)
        G.add_node(rec["event"], **attrs)
        asserters: list[tuple[str, int | None, str | None]] = list(
            zip(rec["source_iris"], range(len(rec["source_iris"])), rec["source_roles"])
        )
        if not asserters:
            fallback = rec.get("publisher") or (arts.get(rec["article"], {}).get("publisher") if rec["article"] else None)
            if fallback:
                asserters = [(str(fallback), None, "NarratorRole")]
            elif rec["article"]:
                art = arts.get(rec["article"], {})
                if rec["article"] not in G:
                    G.add_node(
                        rec["article"],
                        kind="article",
                        label=art.get("label") or local_name(rec["article"]),
                        issued=art.get("issued"),
                        url=art.get("url"),
                    )
                asserters = [(rec["article"], None, "NarratorRole")]
        for src, order, role in asserters:
            if src not in G:
                _add_actor(G, src, info)
            G.add_edge(
                src,
                rec["event"],
                key="asserts",
                relation="asserts",
                claim=rec["claim"],
                order=order,
                role=role,
                count=1,
                begin=rec["begin"],
                end=rec["end"],
                sort_date=rec["sort_date"],
                cls=rec["cls"],
                classes=list(rec["classes"]),
            )
        for denier in rec["deniers"]:
            _add_actor(G, denier, info)
            G.add_edge(
                denier,
                rec["event"],
                key="disputes",
                relation="disputes",
                claim=", ".join(rec["disputed_by"]),
                denial=", ".join(rec["denials"]),
                count=1,
                begin=rec["begin"],
                end=rec["end"],
                sort_date=rec["sort_date"],
                cls=rec["cls"],
                classes=list(rec["classes"]),
                disputed=True,
            )
    return G


def actor_article_graph(
    store: KGStore,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    classes: Iterable[str] | None = None,
    actors: Iterable[str] | str | None = None,
    radius: int | None = None,
    mentions: bool = True,
    min_weight: float | None = None,
) -> nx.Graph:
    """The bipartite graph of actors and the articles they appear in.

    Parameters
    ----------
    store : KGStore
        The store to read.
    since, until, classes, actors, radius
        As for :func:`interaction_graph`; they select the events that make the edges.
    mentions : bool, default True
        Also link actors to the articles they are ``geo:mentionedIn`` without taking part in a selected
        event (only when no event filter is given, since a mention has no class or date; these edges
        have ``weight`` 0 and ``mentioned=True``).
    min_weight : float, optional
        Drop edges with fewer events than this (then nodes left without edges).

    Returns
    -------
    networkx.Graph
        Actor nodes (``bipartite=0``) and article nodes (``bipartite=1``, ``kind="article"``,
        ``label`` = title, ``issued``, ``url``).  An edge's ``weight`` is the number of selected events
        of that article the actor is agent or target of; ``events`` lists them.

    Examples
    --------
    >>> G = actor_article_graph(KGStore(None))
    >>> G.graph["projection"], G.number_of_edges()
    ('actor-article', 0)
    """
    records, info = _selected(store, since, until, classes, actors, radius)
    arts = _articles(store)
    G = nx.Graph(projection="actor-article")
    G.graph["filters"] = _filters_used(since=since, until=until, classes=classes, actors=actors, radius=radius)

    def add_article(iri: str) -> None:
        if iri not in G:
            art = arts.get(iri, {})
            G.add_node(
                iri,
                bipartite=1,
                kind="article",
                label=art.get("label") or local_name(iri),
                issued=art.get("issued"),
                url=art.get("url"),
                article_id=art.get("id") or local_name(iri),
            )

    for rec in records:
        if not rec["article"]:
            continue
        add_article(rec["article"])
        for actor in rec["agents"] + [t for t in rec["targets"] if t not in rec["agents"]]:
            _add_actor(G, actor, info)
            G.nodes[actor]["bipartite"] = 0
            if not G.has_edge(actor, rec["article"]):
                G.add_edge(
                    actor,
                    rec["article"],
                    weight=0,
                    count=0,
                    events=[],
                    mentioned=False,
                    begin=None,
                    end=None,
                    classes=[],
                )
            e = G[actor][rec["article"]]
            e["weight"] += 1
            e["count"] += 1
            e["events"].append(rec["event"])
            _append_unique(e["classes"], rec["cls"])
            if rec["begin"]:
                e["begin"] = min(e["begin"], rec["begin"]) if e["begin"] else rec["begin"]
            if rec["end"]:
                e["end"] = max(e["end"], rec["end"]) if e["end"] else rec["end"]
    unfiltered = since is None and until is None and classes is None and actors is None
    if mentions and unfiltered:
        for row in store.iter_select(_MENTIONS_QUERY):
            actor, article = str(row["actor"]), str(row["article"])
            add_article(article)
            _add_actor(G, actor, info)
            G.nodes[actor]["bipartite"] = 0
            if G.has_edge(actor, article):
                G[actor][article]["mentioned"] = True
            else:
                G.add_edge(actor, article, weight=0, count=0, events=[], mentioned=True, begin=None, end=None, classes=[])
    if min_weight is not None:
        G = _filters.min_weight(G, min_weight, weight="weight")
    return G
