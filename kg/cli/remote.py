"""Remote commands: load the store into a triple store, serve it over SPARQL, list the named queries."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.cli.app import STORE_HELP, app
from kg.cli.core import err, fail, open_store
from kg.store import DEFAULT_STORE


@app.command()
def load(
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", "-s", help=STORE_HELP),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", "-e",
                                           help="Base URL of the server (see --preset), or a name from the config file."),
    preset: Optional[str] = typer.Option(None, help="oxigraph, fuseki, graphdb, virtuoso, blazegraph or generic."),
    query_url: Optional[str] = typer.Option(None, help="SPARQL query URL (overrides the preset)."),
    update_url: Optional[str] = typer.Option(None, help="SPARQL Update URL (overrides the preset)."),
    graph_store_url: Optional[str] = typer.Option(None, help="Graph Store Protocol URL (overrides the preset)."),
    default_graph: Optional[str] = typer.Option(None, help="'default' (the server's default graph) or 'named' (graph id:graph/default)."),
    protocol: str = typer.Option("auto", help="auto (Graph Store Protocol, else Update), gsp or update."),
    chunk: int = typer.Option(5000, help="At most this many triples per request."),
    retries: int = typer.Option(4, help="Retries on connection errors and 5xx answers."),
    backoff: float = typer.Option(0.5, help="Seconds before the first retry (doubling)."),
    timeout: float = typer.Option(60.0, help="Seconds to wait for each answer."),
    config: Optional[Path] = typer.Option(None, help="Endpoints file (default ~/.config/geokg/endpoints.toml)."),
    full: bool = typer.Option(False, "--full", help="Send every graph, ignoring what earlier loads sent."),
    no_verify: bool = typer.Option(False, "--no-verify", help="Skip the final triple-count check."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Load the store into a SPARQL server (Graph Store Protocol, SPARQL Update as the fallback).

    Example: [bold]kg load --store kg-store --endpoint http://localhost:7878 --preset oxigraph[/bold]

    Idempotent (each graph is replaced) and resumable: graphs already sent with the same content are skipped, so
    after a failure the same command finishes the load. Credentials come from KG_ENDPOINT_USER and
    KG_ENDPOINT_PASSWORD, or KG_ENDPOINT_TOKEN, or the config file; they are never printed. Exit status 1 when the
    load stops part-way or the triple counts on the server differ from the store.
    """
    from kg.remote.endpoints import EndpointError, resolve_endpoint
    from kg.remote.load import LoadError
    from kg.remote.load import load as run

    try:
        target = resolve_endpoint(endpoint, config=config, preset=preset, query_url=query_url, update_url=update_url,
                                  graph_store_url=graph_store_url, default_graph=default_graph, timeout=timeout)
    except (EndpointError, ValueError) as exc:
        raise fail(exc) from exc
    kg = open_store(store, read_only=True)
    logging.getLogger("kg.remote").setLevel(logging.ERROR)
    if not quiet:
        err.print(f"loading {store} into {target.describe()}")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, disable=quiet, transient=True) as bar:
        task = bar.add_task("graphs", total=None)

        def step(done: int, total: int, graph: str) -> None:
            bar.update(task, completed=done, total=total)

        try:
            report = run(kg, target, chunk_triples=chunk, protocol=protocol, retries=retries, backoff=backoff,
                         use_state=not full, verify=not no_verify, progress=step)
        except LoadError as exc:
            raise fail(exc) from exc
        except (EndpointError, ValueError) as exc:
            raise fail(exc) from exc
    print(report.summary())
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def serve(
    store: Path = typer.Option(Path(DEFAULT_STORE), "--store", "-s", help=STORE_HELP),
    host: str = typer.Option("127.0.0.1", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(7879, help="Port (0 picks a free one)."),
    allow_update: bool = typer.Option(False, "--allow-update", help="Accept SPARQL Update (refused with 403 otherwise)."),
    cors: bool = typer.Option(False, "--cors", help="Send Access-Control-Allow-Origin: * (for YASGUI in a browser)."),
    union_default_graph: bool = typer.Option(False, "--union-default-graph",
                                             help="Queries without GRAPH see all graphs, not only the default graph."),
    no_lock: bool = typer.Option(False, "--no-lock",
                                 help="Open the store read-only without taking its lock (never build into it meanwhile)."),
) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint (JSON, XML, CSV, TSV results) at http://HOST:PORT/sparql.

    Example: [bold]kg serve --store kg-store --port 7879[/bold]

    The store is opened with its lock held, so a concurrent `kg build` into it fails at once instead of changing
    data under the server; updates are refused unless --allow-update. Stop with Ctrl-C.
    """
    from kg.remote.serve import make_server

    kg = open_store(store, read_only=no_lock and not allow_update)
    try:
        server = make_server(kg, host, port, allow_update=allow_update, cors=cors,
                             union_default_graph=union_default_graph)
    except OSError as exc:
        raise fail(exc) from exc
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach it can query the store")
    err.print(f"SPARQL endpoint at {server.url} ({'read-write' if allow_update else 'read-only'}); Ctrl-C stops it")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        kg.flush() if allow_update else None


@app.command("queries")
def queries_list(
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """List the named queries (queries/*.rq) with their parameters, for kg query --named.

    Example: [bold]kg queries[/bold]
    """
    import json

    from kg.queries import NamedQueryError, list_queries

    try:
        found = list_queries()
    except NamedQueryError as exc:
        raise fail(exc) from exc
    if fmt == "json":
        out = [{"name": q.name, "title": q.title, "description": q.description,
                "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                            "doc": p.doc} for p in q.params], "examples": q.examples} for q in found]
        sys.stdout.write(json.dumps(out, indent=1) + "\n")
        return
    for q in found:
        print(f"{q.name}: {q.title}")
        for p in q.params:
            flag = "required" if p.required else (f"default {p.default}" if p.default is not None else "optional")
            print(f"    --param {p.name}=<{p.type}>  ({flag}) {p.doc}")
        for ex in q.examples:
            print(f"    e.g. {ex}")
