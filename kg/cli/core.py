"""Core commands: build, query, events, export, validate."""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli.app import STORE_HELP, app
from kg.errors import KGError
from kg.ingest.files import JSONL_BLOCK
from kg.store import DEFAULT_STORE, KGStore

err = Console(stderr=True)
#: Items a named query shows on a terminal unless --limit says otherwise.
PAGE = 100
#: A build that wrote this many quads compacts the store afterwards (see KGStore.optimize).
OPTIMIZE_MIN_QUADS = 100_000


def open_store(path: Path, *, must_exist: bool = True, read_only: bool = False) -> KGStore:
    if must_exist and not path.exists():
        raise KGError("E302", path=path)
    try:
        return KGStore(path, read_only=read_only)
    except OSError as exc:
        raise KGError("E301", path=path, reason=exc) from exc


def fail(exc: Exception, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
    return typer.Exit(code)


def store_or_exit(path: Path, *, must_exist: bool = True, read_only: bool = False) -> KGStore:
    """:func:`open_store`, turning a missing or unopenable store into a one-line error and exit status 1."""
    try:
        return open_store(path, must_exist=must_exist, read_only=read_only)
    except KGError as exc:
        raise fail(exc) from exc


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Files (.txt .json .jsonl .html) or directories."),
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", "-s", help=STORE_HELP),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for every article, overriding the files."),
    force: bool = typer.Option(False, help="Rebuild articles even when their content is unchanged."),
    batch_size: int = typer.Option(16, help="Articles per spaCy batch."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction processes (on Linux forked after the pipeline is loaded, sharing it; elsewhere each loads its own)."),
    scheduler: Optional[str] = typer.Option(None, help="Run the extraction on this Dask cluster (tcp://HOST:8786); needs geokg[dask]."),
    block_mb: float = typer.Option(JSONL_BLOCK / 1e6, min=0.001, help="With --scheduler: a .jsonl file over this many MB is cut into tasks of about this size."),
    shards: Optional[Path] = typer.Option(None, help="Also write the quads as N-Quads shards in this folder (kept; loadable by any triplestore)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Build or update the knowledge graph from news articles.

    Example: [bold]kg build data/samples --store kg-store[/bold]

    Faster: [bold]kg build corpus/ --workers 4[/bold] (processes on this machine) or
    [bold]kg build /shared/corpus --scheduler tcp://HOST:8786 --shards /shared/shards[/bold] (a Dask cluster;
    docs/scaling.md).

    Exit status 0 when everything was read, 2 when some input was skipped (each problem is printed
    with its file and line).
    """
    import time

    from kg.pipeline import build as run

    try:
        day = date.fromisoformat(published) if published else None
    except ValueError as exc:
        raise typer.BadParameter(f"{published!r} is not a date (YYYY-MM-DD)", param_hint="--published") from exc
    kg = store_or_exit(store, must_exist=False)
    logging.getLogger("kg").setLevel(logging.CRITICAL)  # problems are reported below, once
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} articles"),
                  TextColumn("{task.fields[events]} events, {task.fields[quads]} triples"),
                  TextColumn("[dim]{task.fields[rate]}[/dim]"), TimeElapsedColumn(),
                  console=err, disable=quiet, transient=True) as bar:
        task = bar.add_task("building", total=None, events=0, quads=0, rate="")
        seen = {"articles": 0, "events": 0, "quads": 0}
        t0 = time.perf_counter()

        def advance(articles: int, events: int, quads: int) -> None:
            seen["articles"] += articles
            seen["events"] += events
            seen["quads"] += quads
            dt = max(time.perf_counter() - t0, 1e-9)
            rate = (f"{seen['articles'] / dt:.1f} art/s, {seen['events'] / dt:.0f} ev/s, "
                    f"{seen['quads'] / dt:.0f} tr/s")
            bar.update(task, advance=articles, events=seen["events"], quads=seen["quads"], rate=rate)

        try:
            if scheduler:
                try:
                    from kg.distributed import build_distributed
                except ImportError as exc:
                    raise fail(RuntimeError(f"--scheduler needs the dask extra: pip install 'geokg[dask]' ({exc})")) from exc
                report = build_distributed(paths, kg, scheduler=scheduler, shards=shards, published=day, force=force,
                                           batch_size=batch_size, block_bytes=int(block_mb * 1e6),
                                           on_partition=lambda p: advance(p["articles"], p["events"], p["quads"]))
            else:
                report = run(paths, kg, published=day, force=force, batch_size=batch_size, on_written=advance,
                             workers=workers, shards=shards)
        except OSError as exc:
            raise fail(exc) from exc
    if report.quads >= OPTIMIZE_MIN_QUADS:  # a large load: compact now so that queries are fast
        kg.optimize()
    for problem in report.errors:
        err.print(f"[yellow]skipped:[/yellow] {escape(str(problem))}", soft_wrap=True)
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}", soft_wrap=True)
    if not quiet:
        print(f"{report.articles} article(s) built, {report.unchanged} unchanged, {len(report.errors)} skipped; "
              f"{report.events} events, {report.quads} quads written; store {store} holds {kg.triple_count()} quads")
    if report.errors:
        raise typer.Exit(2)


@app.command()
def query(
    sparql: Optional[str] = typer.Argument(None, help="A SPARQL query (or '-' to read it from standard input)."),
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", "-s", help=STORE_HELP),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="table, csv, tsv, json or xml (default: table on a terminal, csv otherwise)."),
    named: Optional[str] = typer.Option(None, "--named", "-n", help="Run a named query from queries/ (see kg queries)."),
    param: Optional[list[str]] = typer.Option(None, "--param", "-p", help="NAME=VALUE for a named query (repeatable); bound, never pasted."),
    limit: Optional[int] = typer.Option(None, "--limit", "-l", min=0, help=f"Named query: at most this many items (events, denials ...); 0 for all. Default: {PAGE} in a table on a terminal, else all."),
    offset: int = typer.Option(0, "--offset", min=0, help="Named query: skip this many items (the next page: --offset LIMIT)."),
) -> None:
    """Run a SPARQL query over the store. The geo:, prov:, schema:, sem:, dct:, ... prefixes are predeclared.

    Example: [bold]kg query 'SELECT ?e ?type WHERE { GRAPH ?g { ?e a geo:Event, ?type } }' --format csv[/bold]

    Named queries: [bold]kg query --named actor-timeline --param actor=Q7747[/bold] (list them with kg queries);
    a page at a time: [bold]kg query --named denials --limit 50 --offset 50[/bold].
    """
    from kg.query import run_query

    fmt = fmt or ("table" if sys.stdout.isatty() else "csv")
    try:
        if named is not None:
            from kg.queries import NamedQueryError, parse_params, run_named

            if sparql not in (None,):
                raise KGError("E401", reason="give either a query or --named, not both")
            if limit is None:  # a terminal shows one page; files and pipes get everything
                limit = PAGE if fmt == "table" else 0
            try:
                result = run_named(open_store(store, read_only=True), named, parse_params(param), fmt,
                                   limit=limit, offset=offset)
            except NamedQueryError as exc:
                raise fail(exc) from exc
            if limit and isinstance(result, list) and len(result) >= limit:
                err.print(f"[dim]items {offset + 1}-{offset + limit}; more may follow: --offset {offset + limit} "
                          "for the next page, --limit 0 for all[/dim]")
        else:
            if param or limit is not None or offset:
                raise KGError("E401", reason="--param, --limit and --offset need --named (write LIMIT in the query)")
            text = sys.stdin.read() if sparql in (None, "-") else sparql
            result = run_query(open_store(store, read_only=True), text, fmt)
    except KGError as exc:
        raise fail(exc) from exc
    if isinstance(result, list):
        _print_table(result)
    else:
        sys.stdout.write(result)


def _print_table(rows: list[dict]) -> None:  # type: ignore[type-arg]
    table = Table(show_lines=False)
    for name in rows[0].keys() if rows else []:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row.values()])
    Console().print(table)


@app.command()
def events(
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", "-s", help=STORE_HELP),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, json, csv or tsv."),
    article: Optional[str] = typer.Option(None, help="Only the events of this article id."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file instead of standard output."),
) -> None:
    """The event table: one row per event (article, event, type, cameo, plover, agent, target, date, negated,
    sources, disputed, sentence).

    Example: [bold]kg events --store kg-store --format csv > events.csv[/bold]
    """
    from kg.table import event_rows, write_rows

    kg = store_or_exit(store, read_only=True)
    try:
        if out is None:
            write_rows(event_rows(kg, article=article), sys.stdout, fmt)
        else:
            with out.open("w", encoding="utf-8", newline="") as fh:
                write_rows(event_rows(kg, article=article), fh, fmt)
    except KGError as exc:
        raise fail(exc) from exc


@app.command()
def export(
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", "-s", help=STORE_HELP),
    fmt: str = typer.Option("trig", "--format", "-f", help="trig, nquads, jsonld (named graphs kept), turtle, ntriples (union)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file instead of standard output."),
) -> None:
    """Serialise the whole knowledge graph.

    Example: [bold]kg export --store kg-store --format nquads --out kg.nq[/bold]
    """
    from kg.export import export as run

    kg = store_or_exit(store, read_only=True)
    try:
        run(kg, out if out is not None else sys.stdout.buffer, fmt)
    except KGError as exc:
        raise fail(exc) from exc


@app.command()
def validate(
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", "-s", help=STORE_HELP),
    shapes: Optional[Path] = typer.Option(None, help="SHACL shapes file (default: ontology/shapes.ttl)."),
) -> None:
    """Validate the store against the SHACL shapes; exit status 1 and the report when it does not conform.

    Example: [bold]kg validate --store kg-store[/bold]
    """
    from kg.validate import validate as run

    report = run(store_or_exit(store, read_only=True), shapes)
    if report.conforms:
        print("conforms: the store satisfies every shape")
        return
    print(report.text)
    raise fail(KGError("E501", count=report.violations))


@app.command()
def stats(
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", "-s", help=STORE_HELP),
) -> None:
    """Summarise the store: articles, actors, claims, events per class, disputed events.

    Example: [bold]kg stats --store kg-store[/bold]
    """
    from kg.summary import summary

    print(json.dumps(summary(store_or_exit(store, read_only=True)), indent=1))
