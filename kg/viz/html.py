"""One self-contained, offline HTML page for any projection of :mod:`kg.analysis.projections`.

pyvis builds the node and edge data; the page itself is our own template (``template.html`` and
``app.js`` next to this module) with vis-network's JavaScript and CSS inlined from the copy that
pyvis ships, so the file opens with no network and can be e-mailed.  There is no Bootstrap and no
CDN link.

Safety: the graph data goes into a ``<script type="application/json">`` block with ``<``, ``>`` and
``&`` escaped, and the page turns it into tooltips with ``textContent`` only.  A Content Security
Policy allows just the page's own inline scripts (by hash), so an event-handler attribute smuggled in
by an article could not run even if it reached the DOM.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import networkx as nx
from pyvis.network import Network

from kg.analysis import metrics

__all__ = [
    "EDGE_COLORS",
    "KIND_COLORS",
    "graph_data",
    "layout_positions",
    "render_html",
    "vis_assets",
    "write_page",
]

_HERE = Path(__file__).resolve().parent

#: Node colours by actor kind (``kind`` attribute); events and articles of the claim and bipartite
#: projections have their own.
KIND_COLORS: dict[str, str] = {
    "Country": "#4e79a7",
    "Person": "#f28e2b",
    "Organization": "#76b7b2",
    "MediaOrganization": "#b07aa1",
    "Group": "#edc948",
    "AnonymousSource": "#bab0ac",
    "Actor": "#9c755f",
    "event": "#ff9da7",
    "article": "#8cd17d",
}
_OTHER_COLOR = "#9c9c9c"

#: Community colours, reused cyclically.
COMMUNITY_COLORS: tuple[str, ...] = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    "#1f77b4", "#8c564b",
)

#: Edge colours: cooperation (Goldstein > 0), conflict (< 0), neither or unknown.
EDGE_COLORS: dict[str, str] = {"cooperation": "#2e7d32", "conflict": "#c62828", "neutral": "#9e9e9e"}

_SHAPES = {"event": "diamond", "article": "square", "AnonymousSource": "triangle"}

#: Marker appended to the label of disputed events (and used in tooltips).
DISPUTED_MARK = "DISPUTED"

SizeBy = str
ColorBy = Literal["kind", "community"]


# -- assets ----------------------------------------------------------------------------------------


def vis_assets() -> tuple[str, str]:
    """The vis-network JavaScript and CSS shipped inside the installed pyvis package.

    Returns
    -------
    (str, str)
        The minified JavaScript and the CSS, read from ``pyvis/templates/lib/vis-*/`` (the newest
        version present).

    Raises
    ------
    FileNotFoundError
        When pyvis ships no vis-network copy.

    Examples
    --------
    >>> js, css = vis_assets()
    >>> "vis-network" in js[:300] and ".vis-network" in css
    True
    """
    import pyvis

    root = Path(pyvis.__file__).resolve().parent
    found = sorted(
        root.glob("**/vis-*/vis-network.min.js"),
        key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name)),
    )
    for js_path in reversed(found):
        css_path = js_path.with_name("vis-network.css")
        if css_path.exists():
            return js_path.read_text(encoding="utf-8"), css_path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"no vis-network.min.js under {root}")


def _script_safe(code: str) -> str:
    """Code that cannot close its <script> element early."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _json_for_html(value: Any) -> str:
    """JSON for a <script type="application/json"> block: no <, > or & left to confuse the HTML parser."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


# -- data ------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{round(value, 4):g}"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _link_weight(G: nx.Graph) -> str | None:
    """Edge weight for PageRank and communities: events (``count``), except in the actor-article
    graph, where an actor merely mentioned in an article has a ``count`` 0 edge that must still link
    them (else every mentioned-only actor is a singleton community of minimal size)."""
    return None if G.graph.get("projection") == "actor-article" else "count"


def _node_metric(G: nx.Graph, size_by: str | None) -> dict[Any, float]:
    if size_by is None or G.number_of_nodes() == 0:
        return {n: 1.0 for n in G}
    if size_by == "pagerank":
        return metrics.pagerank(G, _link_weight(G))
    if size_by == "degree":
        return {n: float(v) for n, v in metrics.degree(G).items()}
    if size_by == "events":
        return {n: float(a + b) if G.is_directed() else float(a) for n, (a, b) in metrics.event_counts(G).items()}
    if size_by == "weighted_degree":
        return metrics.weighted_degree(G)
    if size_by == "betweenness":
        return metrics.betweenness(G)
    if size_by == "eigenvector":
        return metrics.eigenvector(G) or {}
    values = {}
    for n, d in G.nodes(data=True):  # any numeric node attribute
        v = d.get(size_by)
        values[n] = float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else 0.0
    return values


def _edge_kind(d: Mapping[str, Any]) -> str:
    if "relation" in d:
        return "claim"
    if "coop_weight" in d:
        return "pair"
    if "event" in d:
        return "event"
    return "plain"


def _edge_color(d: Mapping[str, Any], kind: str) -> str:
    if kind == "claim":
        return EDGE_COLORS["conflict"] if d.get("relation") == "disputes" else EDGE_COLORS["neutral"]
    g = d.get("goldstein")
    if g is None or isinstance(g, bool) or d.get("negated"):
        return EDGE_COLORS["neutral"]
    return EDGE_COLORS["cooperation"] if g > 0 else EDGE_COLORS["conflict"] if g < 0 else EDGE_COLORS["neutral"]


def _date_line(d: Mapping[str, Any]) -> str:
    if d.get("date"):
        text = str(d["date"])
        if d.get("granularity"):
            text += f" ({d['granularity']})"
        if d.get("date_text"):
            text += f", “{d['date_text']}”"
        return text
    if d.get("sort_date"):
        return f"not given; reported {d['sort_date']}"
    return "unknown"


def _event_tip(G: nx.Graph, d: Mapping[str, Any], agents: str, targets: str) -> list[list[str]]:
    tip = [["Event", f"{d.get('cls') or 'Event'}" + (f" (CAMEO {d['cameo']})" if d.get("cameo") else "")]]
    tip.append(["Who", agents + (f" → {targets}" if targets else "")])
    if d.get("theme"):
        tip.append(["About", _text(d["theme"])])
    if d.get("goldstein") is not None:
        tip.append(["Goldstein", _text(d["goldstein"])])
    tip.append(["Date", _date_line(d)])
    if d.get("modality"):
        tip.append(["Modality", _text(d["modality"])])
    if d.get("negated"):
        tip.append(["Negated", "yes: reported as not having happened"])
    if d.get("sentence"):
        tip.append(["Evidence", f"“{d['sentence']}”"])
    if d.get("sources"):
        tip.append(["According to", " ← ".join(str(s) for s in d["sources"])])
    article = d.get("article_title") or d.get("article_id") or d.get("article")
    if article:
        line = str(article)
        if d.get("article_id") and d.get("article_title"):
            line += f" [{d['article_id']}]"
        if d.get("issued"):
            line += f", {d['issued']}"
        tip.append(["Article", line])
    if d.get("disputed"):
        deniers = ", ".join(
            str(x)
            for x in d.get("denier_labels")
            or [G.nodes[y].get("label", str(y)) if y in G else str(y).rsplit("/", 1)[-1] for y in d.get("deniers") or ()]
        )
        n = len(d.get("disputed_by") or ()) or 1
        tip.append([DISPUTED_MARK, f"denied in {n} other claim{'s' if n != 1 else ''}" + (f" by {deniers}" if deniers else "")])
    return tip


def _label_of(G: nx.Graph, n: Any) -> str:
    return str(G.nodes[n].get("label") or n)


def _edge_entry(G: nx.Graph, u: Any, v: Any, d: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """Colour, dashes, label, tooltip lines, classes and dates of one edge."""
    color = _edge_color(d, kind)
    classes = [str(c) for c in (d.get("classes") or ([d["cls"]] if d.get("cls") else []))]
    disputed = bool(d.get("disputed"))
    entry: dict[str, Any] = {"color": color, "classes": classes, "disputed": disputed}
    begin = d.get("begin") or d.get("sort_date") or None
    end = d.get("end") or d.get("sort_date") or begin
    entry["begin"], entry["end"] = begin, end
    if kind == "event":
        label = str(d.get("cls") or "")
        entry["tip"] = _event_tip(G, d, _label_of(G, u), _label_of(G, v))
        entry["width"] = 2
    elif kind == "pair":
        label = ", ".join(classes[:3]) + ("…" if len(classes) > 3 else "")
        first, last = d.get("begin") or "?", d.get("end") or "?"
        entry["tip"] = [
            ["Pair", f"{_label_of(G, u)} → {_label_of(G, v)}"],
            ["Events", _text(d.get("count"))],
            ["Classes", ", ".join(classes)],
            ["Goldstein", f"sum {_text(d.get('goldstein'))}, mean {_text(d.get('mean_goldstein'))}"],
            ["Cooperative / conflictual", f"{d.get('coop', 0)} / {d.get('conflict', 0)}"],
            ["Balance", _text(d.get("balance"))],
            ["Dates", f"{first} – {last}"],
        ]
        if disputed:
            entry["tip"].append([DISPUTED_MARK, f"{d.get('disputed')} of these events denied in other claims"])
        entry["width"] = 1 + 2 * math.log2(1 + float(d.get("count") or 1))
    elif kind == "claim":
        relation = str(d.get("relation"))
        label = relation
        disputed = relation == "disputes"
        entry["disputed"] = disputed
        entry["tip"] = [["Relation", f"{_label_of(G, u)} {relation} {_label_of(G, v)}"], ["Claim", _text(d.get("claim"))]]
        if d.get("role"):
            entry["tip"].append(["Role", _text(d.get("role"))])
        if d.get("denial"):
            entry["tip"].append(["Denial", _text(d.get("denial"))])
        entry["width"] = 2
    else:
        label = ""
        tip = [["Edge", f"{_label_of(G, u)} – {_label_of(G, v)}"]]
        for key in ("weight", "count", "mentioned"):
            if key in d and not isinstance(d[key], (list, dict)):
                tip.append([key, _text(d[key])])
        entry["tip"] = tip
        w = d.get("weight")
        entry["width"] = 1 + math.log2(1 + abs(float(w))) if isinstance(w, (int, float)) and not isinstance(w, bool) else 1
    if disputed:
        entry["dashes"] = [8, 5]
        label = (label + f" [{DISPUTED_MARK}]").strip()
    if d.get("negated"):
        entry["dashes"] = [2, 4]
        label = (label + " [not]").strip()
    entry["label_text"] = label
    return entry


def _node_tip(G: nx.Graph, n: Any, d: Mapping[str, Any], size_by: str | None, value: float | None,
              community: int | None) -> list[list[str]]:
    if d.get("kind") == "event":
        agents = ", ".join(_label_of(G, a) if a in G else str(a).rsplit("/", 1)[-1] for a in d.get("agents") or ())
        targets = ", ".join(_label_of(G, t) if t in G else str(t).rsplit("/", 1)[-1] for t in d.get("targets") or ())
        tip = _event_tip(G, d, agents or "?", targets)
    elif d.get("kind") == "article":
        tip = [["Article", _text(d.get("label"))]]
        if d.get("issued"):
            tip.append(["Issued", _text(d.get("issued"))])
        if d.get("url"):
            tip.append(["URL", _text(d.get("url"))])
    else:
        tip = [["Actor", _text(d.get("label") or n)], ["Kind", _text(d.get("kind") or "node")]]
        for key, name in (("country", "Country"), ("wikidata", "Wikidata"), ("cameo", "CAMEO code")):
            if d.get(key):
                tip.append([name, _text(d[key])])
        if d.get("aliases"):
            tip.append(["Also called", _text(d["aliases"])])
    if size_by and value is not None:
        tip.append([size_by, _text(value)])
    if community is not None:
        tip.append(["Community", str(community)])
    return tip


def layout_positions(G: nx.Graph, *, seed: int = 0, iterations: int = 80, scale: float = 60.0) -> dict[Any, tuple[float, float]]:
    """Fast force-directed positions for large graphs (Fruchterman-Reingold with sampled repulsion).

    Each iteration computes the attraction along every edge exactly and the repulsion against a
    random sample of at most 64 nodes (scaled up to the whole graph), so the cost is
    ``O(iterations * (64 n + m))`` in time and ``O(64 n)`` in memory; a weak pull towards the centre
    keeps the components together.  networkx's ``spring_layout`` needs SciPy above 500 nodes, or an
    ``n x n`` matrix without it.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; direction and parallel edges are ignored.
    seed : int, default 0
        Random seed: same graph, same positions.
    iterations : int, default 80
        Number of steps (the step size cools down geometrically).
    scale : float, default 60.0
        Typical edge length of the result, in vis-network pixels.

    Returns
    -------
    dict
        Node -> (x, y).

    Examples
    --------
    >>> pos = layout_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
    True
    """
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v}
    E = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = rng.random((n, 2)) * side
    k = 1.0
    temperature = side / 10.0
    samples = min(64, n)
    for _ in range(iterations):
        sample = rng.choice(n, size=samples, replace=False)
        delta = pos[:, None, :] - pos[None, sample, :]
        dist2 = (delta**2).sum(axis=-1) + 1e-9
        disp = (delta / dist2[..., None]).sum(axis=1) * (k * k) * (n / samples)
        if len(E):
            d = pos[E[:, 0]] - pos[E[:, 1]]
            dist = np.sqrt((d**2).sum(axis=-1)) + 1e-9
            force = d * (dist / k)[:, None]
            np.add.at(disp, E[:, 0], -force)
            np.add.at(disp, E[:, 1], force)
        disp -= 0.02 * (pos - pos.mean(axis=0)) * math.sqrt(n) / side
        length = np.sqrt((disp**2).sum(axis=-1)) + 1e-9
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.95
    if len(E):
        edge_len = float(np.median(np.sqrt(((pos[E[:, 0]] - pos[E[:, 1]]) ** 2).sum(axis=-1))))
    else:
        edge_len = 1.0
    pos = (pos - pos.mean(axis=0)) * (scale / max(edge_len, 1e-6))
    return {v: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1)) for i, v in enumerate(nodes)}


def graph_data(
    G: nx.Graph,
    *,
    size_by: SizeBy | None = "pagerank",
    color_by: ColorBy = "kind",
    max_nodes: int | None = 2000,
    physics_threshold: int = 500,
    edge_label_limit: int = 200,
    title: str = "geokg graph",
    seed: int = 0,
) -> dict[str, Any]:
    """The nodes, edges, vis options and page metadata that :func:`render_html` embeds.

    Parameters are those of :func:`render_html`.

    Returns
    -------
    dict
        ``{"nodes": [...], "edges": [...], "options": {...}, "meta": {...}}``: vis-network node and
        edge objects (built with :class:`pyvis.network.Network`) with extra fields ``tip`` (tooltip
        lines as ``[name, text]`` pairs), ``search`` (label and aliases), ``kind``; edges also have
        ``classes``, ``begin``, ``end``, ``disputed``.  ``meta`` holds ``title``, ``notices``,
        ``legend``, ``classes`` (name and count), ``dates``, ``large``, ``stopPhysics``,
        ``shownNodes``, ``totalNodes``, ``shownEdges``, ``totalEdges``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Alpha", kind="Country")
    >>> G.add_node("b", label="Beta", kind="Country")
    >>> _ = G.add_edge("a", "b", key="e1", event="e1", cls="Threat", goldstein=-4.4, disputed=True)
    >>> data = graph_data(G)
    >>> data["edges"][0]["label"], data["edges"][0]["color"]
    ('Threat [DISPUTED]', '#c62828')
    """
    total_nodes, total_edges = G.number_of_nodes(), G.number_of_edges()
    values = _node_metric(G, size_by)
    notices: list[str] = []
    H = G
    if max_nodes is not None and total_nodes > max_nodes:
        ranked = sorted(G, key=lambda n: (-values.get(n, 0.0), _label_of(G, n), str(n)))
        H = G.subgraph(ranked[:max_nodes])
        notices.append(
            f"Large graph pruned: showing the {max_nodes} nodes with the highest {size_by or 'rank'} out of "
            f"{total_nodes}; {total_nodes - max_nodes} nodes and {total_edges - H.number_of_edges()} edges "
            f"are not shown."
        )
    large = H.number_of_nodes() > physics_threshold
    positions: dict[Any, tuple[float, float]] = {}
    if large:
        positions = layout_positions(H, seed=seed)
        notices.append(
            f"Large graph ({H.number_of_nodes()} nodes > {physics_threshold}): positions are precomputed and "
            f"physics is off; edges are drawn straight and hidden while panning or zooming."
        )

    comm: dict[Any, int] = {}
    if color_by == "community":
        comm = metrics.community_map(metrics.communities(H, _link_weight(G), seed=seed))
    elif color_by != "kind":
        raise ValueError(f"color_by must be 'kind' or 'community', not {color_by!r}")

    shown = [values.get(n, 0.0) for n in H]
    lo, hi = (min(shown), max(shown)) if shown else (0.0, 0.0)

    net = Network(directed=H.is_directed(), cdn_resources="remote", height="100%", width="100%")
    ids: dict[Any, str | int] = {}
    kinds_seen: Counter[str] = Counter()
    for n, d in H.nodes(data=True):
        nid: str | int = n if isinstance(n, (str, int)) and not isinstance(n, bool) else str(n)
        ids[n] = nid
        kind = str(d.get("kind") or "node")
        kinds_seen[kind] += 1
        value = values.get(n)
        norm = (value - lo) / (hi - lo) if value is not None and hi > lo else 0.5
        size = round(10 + 30 * math.sqrt(max(norm, 0.0)), 2)
        if color_by == "community":
            color = COMMUNITY_COLORS[comm.get(n, 0) % len(COMMUNITY_COLORS)]
        else:
            color = KIND_COLORS.get(kind, _OTHER_COLOR)
        label = str(d.get("label") or n)
        options: dict[str, Any] = {
            "kind": kind,
            "size": size,
            "tip": _node_tip(H, n, d, size_by, value, comm.get(n) if comm else None),
            "search": [label] + [str(a) for a in d.get("aliases") or ()] + ([str(d["wikidata"])] if d.get("wikidata") else []),
            "borderWidth": 1,
        }
        if kind == "event" and d.get("disputed"):
            label += f" [{DISPUTED_MARK}]"
            options["color"] = {"background": color, "border": EDGE_COLORS["conflict"]}
            options["borderWidth"] = 3
            options["shapeProperties"] = {"borderDashes": [6, 4]}
            options["disputed"] = True
        else:
            options["color"] = color
        if n in positions:
            options["x"], options["y"] = positions[n]
        net.add_node(nid, label=label, shape=_SHAPES.get(kind, "dot"), **options)

    class_counts: Counter[str] = Counter()
    dates: list[str] = []
    edge_iter = H.edges(keys=True, data=True) if H.is_multigraph() else ((u, v, None, d) for u, v, d in H.edges(data=True))
    n_edges = H.number_of_edges()
    any_disputed = False
    any_negated = False
    kinds_of_edges: set[str] = set()
    for i, (u, v, _key, d) in enumerate(edge_iter):
        kind = _edge_kind(d)
        kinds_of_edges.add(kind)
        entry = _edge_entry(H, u, v, d, kind)
        any_disputed |= entry["disputed"]
        any_negated |= bool(d.get("negated"))
        for c in entry["classes"]:
            class_counts[c] += 1
        for x in (entry["begin"], entry["end"]):
            if x:
                dates.append(str(x))
        label = entry.pop("label_text")
        options = {k: v for k, v in entry.items() if v is not None}
        options["id"] = f"e{i}"
        if n_edges <= edge_label_limit and label:
            options["label"] = label
        options["font"] = {"size": 10, "color": "#37474f", "strokeWidth": 3, "align": "middle"}
        net.add_edge(ids[u], ids[v], **options)

    legend_nodes = []
    if color_by == "community":
        for c in sorted(set(comm.values())):
            legend_nodes.append({"label": f"community {c}", "color": COMMUNITY_COLORS[c % len(COMMUNITY_COLORS)], "shape": "dot"})
    else:
        for kind in sorted(kinds_seen):
            legend_nodes.append({"label": kind, "color": KIND_COLORS.get(kind, _OTHER_COLOR), "shape": _SHAPES.get(kind, "dot")})
    legend_edges = []
    if kinds_of_edges & {"event", "pair"}:
        legend_edges += [
            {"label": "cooperation (Goldstein > 0)", "color": EDGE_COLORS["cooperation"], "dashed": False},
            {"label": "conflict (Goldstein < 0)", "color": EDGE_COLORS["conflict"], "dashed": False},
            {"label": "neutral or unknown", "color": EDGE_COLORS["neutral"], "dashed": False},
        ]
    if "claim" in kinds_of_edges:
        legend_edges += [
            {"label": "asserts", "color": EDGE_COLORS["neutral"], "dashed": False},
            {"label": "disputes (denies)", "color": EDGE_COLORS["conflict"], "dashed": True},
        ]
    if any_disputed:
        legend_edges.append({"label": f"dashed, [{DISPUTED_MARK}]: denied in another claim", "color": "#455a64", "dashed": True})
    if any_negated:
        legend_edges.append({"label": "dotted, [not]: reported as not having happened", "color": "#455a64", "dashed": True})
    if size_by:
        legend_nodes.append({"label": f"node size: {size_by}", "color": "#ffffff", "shape": "dot"})

    options = {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "scaling": {"label": {"drawThreshold": 6}}},
        "edges": {
            "smooth": False if large else {"enabled": True, "type": "dynamic"},
            "arrows": {"to": {"enabled": H.is_directed(), "scaleFactor": 0.6}},
            "color": {"inherit": False},
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 150,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": True,
        },
        "layout": {"improvedLayout": not large and H.number_of_nodes() <= 150, "randomSeed": seed},
        "physics": {
            "enabled": not large,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -4000 if not large else -2500,
                "springLength": 160 if not large else 90,
                "springConstant": 0.04,
                "damping": 0.2 if large else 0.09,
                "avoidOverlap": 0.1 if not large else 0,
            },
            "stabilization": {"enabled": not large, "iterations": 400, "updateInterval": 50, "fit": True},
            "minVelocity": 1.0 if large else 0.75,
        },
    }
    meta = {
        "title": title,
        "notices": notices,
        "legend": {"nodes": legend_nodes, "edges": legend_edges},
        "classes": [{"name": c, "count": class_counts[c]} for c in sorted(class_counts)],
        "dates": [min(dates), max(dates)] if dates else None,
        "large": large,
        "stopPhysics": large or H.number_of_nodes() > 150,
        "sizeBy": size_by,
        "colorBy": color_by,
        "projection": G.graph.get("projection"),
        "filters": G.graph.get("filters", {}),
        "shownNodes": H.number_of_nodes(),
        "totalNodes": total_nodes,
        "shownEdges": H.number_of_edges(),
        "totalEdges": total_edges,
    }
    return {"nodes": net.nodes, "edges": net.edges, "options": options, "meta": meta}


def render_html(
    G: nx.Graph,
    out_path: str | Path,
    *,
    size_by: SizeBy | None = "pagerank",
    color_by: ColorBy = "kind",
    max_nodes: int | None = 2000,
    physics_threshold: int = 500,
    edge_label_limit: int = 200,
    title: str = "geokg graph",
    seed: int = 0,
) -> Path:
    """Write a projection as one self-contained interactive HTML file.

    Parameters
    ----------
    G : networkx.Graph
        Any projection (:func:`~kg.analysis.projections.interaction_graph`,
        :func:`~kg.analysis.projections.actor_graph`, :func:`~kg.analysis.projections.claim_graph`,
        :func:`~kg.analysis.projections.actor_article_graph`) or any networkx graph.
    out_path : str or pathlib.Path
        The file to write (parent folders are created).
    size_by : str or None, default "pagerank"
        Node size: ``"pagerank"``, ``"degree"``, ``"events"``, ``"weighted_degree"``,
        ``"betweenness"``, ``"eigenvector"``, any numeric node attribute, or None for equal sizes.
        Also the ranking used when pruning.
    color_by : {"kind", "community"}, default "kind"
        Node colour by actor kind or by Louvain community.
    max_nodes : int or None, default 2000
        Above this, keep the top nodes by ``size_by`` and say in the page what was left out.
    physics_threshold : int, default 500
        Above this many nodes, positions are precomputed (:func:`layout_positions`) and physics is
        off, smooth edges are off and edges hide while panning; the page says so.  Between 150 nodes
        and this threshold, physics stabilises once and then stops.
    edge_label_limit : int, default 200
        Edge labels (event class, ``[DISPUTED]``) are drawn only up to this many edges; tooltips always.
    title : str, default "geokg graph"
        Page title.
    seed : int, default 0
        Louvain and layout seed.

    Returns
    -------
    pathlib.Path
        ``out_path``.

    Notes
    -----
    Edges are green for cooperation (Goldstein > 0), red for conflict (< 0), grey otherwise; disputed
    events are dashed and labelled ``[DISPUTED]``.  Tooltips give the event class, dates, evidence
    sentence, sources and article.  The page has a legend, a search box (label, alias or QID) and
    filters by event class and by date.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", event="e1", cls="Talks", goldstein=1.0)
    >>> out = render_html(G, pathlib.Path(tempfile.mkdtemp()) / "g.html")
    >>> text = out.read_text(encoding="utf-8")
    >>> "https://" in text.split("<script>")[0], '"Talks"' in text
    (False, True)
    """
    data = graph_data(
        G,
        size_by=size_by,
        color_by=color_by,
        max_nodes=max_nodes,
        physics_threshold=physics_threshold,
        edge_label_limit=edge_label_limit,
        title=title,
        seed=seed,
    )
    return write_page(data, out_path)


def write_page(data: Mapping[str, Any], out_path: str | Path) -> Path:
    """Write the page for data made by :func:`graph_data` (what :func:`render_html` does after it).

    Lets a caller inspect ``data["meta"]`` (what was pruned, the notices) without computing the
    layout twice.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> data = graph_data(nx.path_graph(2), title="two")
    >>> out = write_page(data, pathlib.Path(tempfile.mkdtemp()) / "two.html")
    >>> data["meta"]["shownNodes"], "<title>two</title>" in out.read_text(encoding="utf-8")
    (2, True)
    """
    title = str(data["meta"]["title"])
    vis_js, vis_css = vis_assets()
    vis_js = _script_safe(vis_js)
    app_js = _script_safe((_HERE / "app.js").read_text(encoding="utf-8"))
    template = (_HERE / "template.html").read_text(encoding="utf-8")
    csp = (
        "default-src 'none'; script-src "
        + " ".join(_csp_hash("\n" + code + "\n") for code in (vis_js, app_js))
        + "; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'"
    )
    template = re.sub(r'content="default-src[^"]*"', 'content="@@CSP@@"', template)
    parts = {
        "@@CSP@@": html.escape(csp, quote=True),
        "@@TITLE@@": html.escape(title),
        "@@VIS_CSS@@": vis_css.replace("</", "<\\/"),
        "@@DATA@@": _json_for_html(data),
        "@@VIS_JS@@": vis_js,
        "@@APP_JS@@": app_js,
    }
    page = re.sub("|".join(re.escape(k) for k in parts), lambda m: parts[m.group(0)], template)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out
