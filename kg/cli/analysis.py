"""Analysis commands: analyze (actor-network metrics as tables) and graph (interactive HTML page)."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, Optional

import typer

from kg.cli.app import STORE_HELP, app
from kg.cli.core import err, fail, open_store
from kg.errors import KGError
from kg.store import DEFAULT_STORE, KGStore

#: Projections of ``kg graph``.
PROJECTIONS = ("interaction", "actors", "claims", "articles")
SIZE_BY = ("pagerank", "degree", "events", "weighted_degree", "betweenness", "eigenvector")
COLOR_BY = ("kind", "community")
FORMATS = ("table", "csv", "json")

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

SINCE_HELP = "Keep events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD); undated events use their report date."
UNTIL_HELP = "Keep events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)."
CLASS_HELP = "Keep only events of this class (Proposal, Rejection, geo:Talks...); repeat for several."
ACTOR_HELP = "Keep only the neighbourhood of this actor (label, alias, Wikidata QID or IRI); repeat for several."
RADIUS_HELP = "Radius of the --actor neighbourhood (default 1)."
MIN_WEIGHT_HELP = "Drop actor pairs (or actor-article links) with fewer events than this."


def _date(value: Optional[str], option: str) -> Optional[str]:
    if value is None:
        return None
    value = value.strip()
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", param_hint=option) from None
    return value


def _choice(value: str, choices: tuple[str, ...], option: str) -> str:
    if value not in choices:
        raise typer.BadParameter(f"{value!r} is not one of: {', '.join(choices)}", param_hint=option)
    return value


def _filters(since: Optional[str], until: Optional[str], classes: Optional[list[str]], actors: Optional[list[str]],
             radius: Optional[int]) -> dict[str, Any]:
    if radius is not None and radius < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--radius")
    if radius is not None and not actors:
        raise typer.BadParameter("needs --actor", param_hint="--radius")
    return {
        "since": _date(since, "--since"),
        "until": _date(until, "--until"),
        "classes": classes or None,
        "actors": actors or None,
        "radius": radius,
    }


def _open(path: Path) -> KGStore:
    try:
        return open_store(path, read_only=True)
    except KGError as exc:
        raise fail(exc) from exc


def _warn_unmatched(store: KGStore, actors: Optional[list[str]]) -> None:
    """Say on standard error which --actor values match no actor of the store."""
    if not actors:
        return
    import networkx as nx

    from kg.analysis.filters import match_actors
    from kg.analysis.projections import actors as actor_info

    G = nx.Graph()
    G.add_nodes_from(actor_info(store).items())
    for name in actors:
        if not match_actors(G, [name]):
            err.print(f"[yellow]warning:[/yellow] --actor {name!r} matches no actor in the store")


@app.command()
def analyze(
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", "-s", help=STORE_HELP),
    since: Optional[str] = typer.Option(None, help=SINCE_HELP),
    until: Optional[str] = typer.Option(None, help=UNTIL_HELP),
    classes: Optional[list[str]] = typer.Option(None, "--class", "-c", help=CLASS_HELP),
    actors: Optional[list[str]] = typer.Option(None, "--actor", "-a", help=ACTOR_HELP),
    radius: Optional[int] = typer.Option(None, help=RADIUS_HELP),
    min_weight: Optional[float] = typer.Option(None, "--min-weight", help=MIN_WEIGHT_HELP),
    include_negated: bool = typer.Option(
        False, "--include-negated",
        help="Count events reported as not having happened in the actor, pair and community metrics.",
    ),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
    tables: Optional[list[str]] = typer.Option(
        None, "--table", "-t",
        help="Only this table (actors, pairs, communities, brokers, contested, timelines); repeat for several.",
    ),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file instead of standard output."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", help="At most this many rows per table."),
    seed: int = typer.Option(0, help="Seed of the Louvain communities."),
) -> None:
    """Actor-network metrics of the store: actors (degree, PageRank, betweenness, eigenvector,
    community, broker), pairs (reciprocity, cooperation vs conflict), communities, brokers, contested
    claims and per-actor timelines.

    Example: [bold]kg analyze --store kg-store --actor Putin --radius 2 --table actors --format csv[/bold]

    The terminal table shows a selection of columns; csv and json have them all.
    With one --table, csv output is a plain CSV file; otherwise each table follows a "# name" line.
    """
    from kg.analysis.report import TABLES
    from kg.analysis.report import analyze as run
    from kg.analysis.report import write_report

    _choice(fmt, FORMATS, "--format")
    for name in tables or ():
        _choice(name, TABLES, "--table")
    if limit is not None and limit < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--limit")
    filt = _filters(since, until, classes, actors, radius)
    kg = _open(store)
    _warn_unmatched(kg, actors)
    report = run(kg, min_weight=min_weight, include_negated=include_negated, seed=seed, limit=limit, **filt)
    if out is None:
        write_report(report, fmt, sys.stdout, tables=tables or None)  # type: ignore[arg-type]
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as fh:
            write_report(report, fmt, fh, tables=tables or None)  # type: ignore[arg-type]
        counts = ", ".join(f"{name} {len(report[name])}" for name in (tables or TABLES) if name in report)
        err.print(f"wrote {out} ({counts} rows)", soft_wrap=True, markup=False)


@app.command()
def graph(
    out: Path = typer.Option(..., "--out", "-o", help="The HTML file to write."),
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", "-s", help=STORE_HELP),
    projection: str = typer.Option(
        "interaction", "--projection", "-p",
        help="interaction (one edge per event), actors (one weighted edge per actor pair), claims (who asserts "
             "or disputes which event), articles (actors and the articles they appear in).",
    ),
    since: Optional[str] = typer.Option(None, help=SINCE_HELP),
    until: Optional[str] = typer.Option(None, help=UNTIL_HELP),
    classes: Optional[list[str]] = typer.Option(None, "--class", "-c", help=CLASS_HELP),
    actors: Optional[list[str]] = typer.Option(None, "--actor", "-a", help=ACTOR_HELP),
    radius: Optional[int] = typer.Option(None, help=RADIUS_HELP),
    min_weight: Optional[float] = typer.Option(None, "--min-weight", help=MIN_WEIGHT_HELP),
    size_by: str = typer.Option("pagerank", "--size-by", help=f"Node size (and pruning rank): {', '.join(SIZE_BY)}."),
    color_by: str = typer.Option("kind", "--color-by", help="Node colour: kind (of actor) or community (Louvain)."),
    max_nodes: int = typer.Option(2000, "--max-nodes", help="Keep at most this many nodes, the largest by --size-by."),
    title: Optional[str] = typer.Option(None, help="Page title (default: the projection and the filters)."),
    seed: int = typer.Option(0, help="Seed of the communities and of the layout of large graphs."),
) -> None:
    """Write one self-contained, offline HTML page with an interactive graph of the store: node size by
    a metric, colour by kind or community, green/red edges for cooperation/conflict, disputed events
    dashed and marked [DISPUTED], tooltips with the evidence, search, class and date filters.

    Example: [bold]kg graph --store kg-store --out graph.html --actor Putin --since 2023 --size-by betweenness[/bold]
    """
    from kg.analysis import filters, projections
    from kg.viz.html import graph_data, write_page

    _choice(projection, PROJECTIONS, "--projection")
    _choice(size_by, SIZE_BY, "--size-by")
    _choice(color_by, COLOR_BY, "--color-by")
    if max_nodes < 1:
        raise typer.BadParameter("must be 1 or more", param_hint="--max-nodes")
    if min_weight is not None and projection == "claims":
        raise typer.BadParameter("does not apply to the claims projection", param_hint="--min-weight")
    filt = _filters(since, until, classes, actors, radius)
    kg = _open(store)
    _warn_unmatched(kg, actors)
    if projection == "interaction":
        G = projections.interaction_graph(kg, **filt)
        if min_weight is not None:
            G = filters.min_pair_events(G, min_weight)
    elif projection == "actors":
        G = projections.actor_graph(kg, min_weight=min_weight, **filt)
    elif projection == "claims":
        G = projections.claim_graph(kg, **filt)
    else:
        G = projections.actor_article_graph(kg, min_weight=min_weight, **filt)
    if title is None:
        used = G.graph.get("filters") or {}
        title = f"geokg: {projection}" + (
            " (" + "; ".join(f"{k} {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in used.items()) + ")"
            if used else ""
        )
    data = graph_data(G, size_by=size_by, color_by=color_by, max_nodes=max_nodes, title=title, seed=seed)  # type: ignore[arg-type]
    path = write_page(data, out)
    meta = data["meta"]
    print(f"{path}: {projection} projection, {meta['shownNodes']} of {meta['totalNodes']} nodes and "
          f"{meta['shownEdges']} of {meta['totalEdges']} edges shown")
    for notice in meta["notices"]:
        print(notice)
    if meta["totalNodes"] == 0:
        err.print("[yellow]warning:[/yellow] the graph is empty: no event matches the filters")
