"""The rendered HTML file, read as text: self-contained, escaped, and showing the seed story."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from kg.analysis import actor_article_graph, actor_graph, claim_graph, interaction_graph
from kg.store import KGStore
from kg.viz import graph_data, render_html
from kg.viz.html import DISPUTED_MARK, EDGE_COLORS, layout_positions

def page_data(html_text: str) -> dict:
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html_text, re.S)
    assert m, "no graph data block"
    return json.loads(m.group(1))


XSS_LABEL = "<script>window.__pwned=1</script>"
XSS_SENTENCE = '<img src=x onerror="window.__pwned=2">'


def xss_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(projection="interaction")
    G.add_node("a", label=XSS_LABEL, kind="Person", aliases=['"><svg onload=window.__pwned=3>'])
    G.add_node("b", label="Safe & sound </script><script>window.__pwned=4</script>", kind="Country")
    G.add_edge(
        "a", "b", key="e1", event="e1", cls="Threat", goldstein=-4.0, date="2024-01-02", begin="2024-01-02",
        end="2024-01-02", sentence=XSS_SENTENCE, sources=["<b onmouseover=window.__pwned=5>x</b>"],
        article_title="<iframe src=javascript:window.__pwned=6>", disputed=True,
    )
    return G


def external_refs(text: str) -> list[str]:
    return re.findall(r"""<(?:script|link|img|iframe)[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//""", text, re.I)


def test_self_contained(tmp_path: Path, small_store: KGStore) -> None:
    text = render_html(interaction_graph(small_store), tmp_path / "g.html").read_text(encoding="utf-8")
    assert external_refs(text) == []
    assert "<link" not in text.lower()
    for fetched in ("bootstrap.min", "cdn.jsdelivr", "cdnjs.", "unpkg.com", "googleapis"):
        assert fetched not in text.lower()
    assert "@import" not in text and not re.search(r"url\(\s*['\"]?https?:", text)
    assert "vis.Network" in text and ".vis-network" in text  # vis-network JS and CSS inlined
    assert len(re.findall(r"^<script\b", text, re.M)) == 3  # data, vis-network, app
    assert "Content-Security-Policy" in text and "sha256-" in text


def test_xss_payloads_are_escaped(tmp_path: Path) -> None:
    text = render_html(xss_graph(), tmp_path / "x.html", title="<img src=x onerror=alert(1)>").read_text(encoding="utf-8")
    for payload in (XSS_LABEL, XSS_SENTENCE, "<svg", "<iframe", "<b onmouseover", "window.__pwned=4</script>"):
        assert payload not in text
    assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in text
    # the data block holds the strings intact, for the page to show as text
    data = page_data(text)
    labels = {n["label"] for n in data["nodes"]}
    assert XSS_LABEL in labels
    tip = dict(tuple(x) for x in data["edges"][0]["tip"])
    assert XSS_SENTENCE in tip["Evidence"]
    block = re.search(r'id="graph-data">(.*?)</script>', text, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    # tooltips are never HTML strings: the page builds them with textContent
    assert all("title" not in n for n in data["nodes"]) and all("title" not in e for e in data["edges"])
    app = text.split('id="graph-data">', 1)[1]
    assert "innerHTML" not in app and "insertAdjacentHTML" not in app and "document.write" not in app


def test_seed_story_in_graph(tmp_path: Path, seed_store: KGStore) -> None:
    text = render_html(interaction_graph(seed_store), tmp_path / "seed.html", title="seed").read_text(encoding="utf-8")
    data = page_data(text)
    labels = {n["label"] for n in data["nodes"]}
    assert {"Vladimir Putin", "United States", "Russia", "Ukraine", "Volodymyr Zelensky", "Joe Biden", "Congress"} <= labels
    by_class = {}
    for e in data["edges"]:
        by_class.setdefault(e["classes"][0], []).append(e)
    assert {"Proposal", "Rejection", "Talks"} <= set(by_class)
    ids = {n["id"]: n["label"] for n in data["nodes"]}
    proposal, rejection, talks = by_class["Proposal"][0], by_class["Rejection"][0], by_class["Talks"][0]
    assert (ids[proposal["from"]], ids[proposal["to"]]) == ("Vladimir Putin", "United States")
    assert (ids[rejection["from"]], ids[rejection["to"]]) == ("United States", "Vladimir Putin")
    assert proposal["color"] == EDGE_COLORS["cooperation"] and rejection["color"] == EDGE_COLORS["conflict"]
    # the contested claim is visible as such
    assert talks["disputed"] is True and talks["dashes"] and talks["label"] == f"Talks [{DISPUTED_MARK}]"
    tip = dict(tuple(x) for x in talks["tip"])
    assert tip[DISPUTED_MARK].endswith("by a US official")
    assert tip["According to"] == "three Russian sources ← Reuters"
    assert "held contacts" in tip["Evidence"]
    assert not proposal["disputed"] and "dashes" not in proposal
    assert proposal["arrows"] == "to"
    assert any(item["dashed"] and DISPUTED_MARK in item["label"] for item in data["meta"]["legend"]["edges"])


def test_seed_claim_graph_shows_the_dispute(tmp_path: Path, seed_store: KGStore) -> None:
    data = page_data(render_html(claim_graph(seed_store), tmp_path / "c.html").read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    talks = nodes["https://w3id.org/geokg/id/event/seed/3"]
    assert talks["label"] == f"Talks: Russia -> United States [{DISPUTED_MARK}]" and talks["disputed"]
    disputes = [e for e in data["edges"] if e.get("label") == f"disputes [{DISPUTED_MARK}]"]
    assert [(nodes[e["from"]]["label"], e["to"]) for e in disputes] == [("a US official", talks["id"])]


def test_other_projections_render(tmp_path: Path, small_store: KGStore) -> None:
    for name, G in (("a", actor_graph(small_store)), ("b", actor_article_graph(small_store))):
        data = page_data(render_html(G, tmp_path / f"{name}.html", color_by="community").read_text(encoding="utf-8"))
        assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
        assert data["meta"]["legend"]["nodes"][0]["label"].startswith("community")
    pair = next(e for e in graph_data(actor_graph(small_store))["edges"] if e["classes"] == ["MilitaryAction"])
    assert pair["color"] == EDGE_COLORS["conflict"]
    with pytest.raises(ValueError):
        graph_data(actor_graph(small_store), color_by="rainbow")  # type: ignore[arg-type]


def test_filters_metadata(small_store: KGStore) -> None:
    data = graph_data(interaction_graph(small_store))
    assert {c["name"]: c["count"] for c in data["meta"]["classes"]} == {
        "Aid": 2, "Cooperation": 3, "MilitaryAction": 1, "Proposal": 1, "Rejection": 1, "Talks": 1, "Threat": 1,
    }
    assert data["meta"]["dates"] == ["2024-01-01", "2024-12-31"]
    c3 = next(e for e in data["edges"] if e["classes"] == ["Rejection"])
    assert (c3["begin"], c3["end"]) == ("2024-02-28", "2024-02-28")  # undated: its claim's report date


def test_pruning_and_large_graph_settings() -> None:
    G = nx.barabasi_albert_graph(700, 2, seed=3)
    data = graph_data(G, max_nodes=600, physics_threshold=500, size_by="degree")
    meta = data["meta"]
    assert (meta["shownNodes"], meta["totalNodes"]) == (600, 700) and len(data["nodes"]) == 600
    assert meta["large"] and data["options"]["physics"]["enabled"] is False and data["options"]["edges"]["smooth"] is False
    assert any("100 nodes" in n and "not shown" in n for n in meta["notices"])
    assert any("physics is off" in n for n in meta["notices"])
    assert all("x" in n and "y" in n for n in data["nodes"])
    kept = {n["id"] for n in data["nodes"]}
    top = sorted(G.degree, key=lambda x: (-x[1], str(x[0])))[:50]
    assert {n for n, _ in top} <= kept  # the best connected nodes survive pruning
    small = graph_data(nx.path_graph(5))
    assert not small["meta"]["large"] and small["meta"]["notices"] == [] and small["options"]["physics"]["enabled"]


def test_layout_positions_spread() -> None:
    G = nx.gnm_random_graph(2000, 3000, seed=2)
    pos = layout_positions(G, seed=1)
    assert len(pos) == 2000 and len(set(pos.values())) > 1990
    assert layout_positions(G, seed=1) == pos
