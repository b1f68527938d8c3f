"""The ``eval`` command: score the extractor against gold files (expectations and PLOVER records)."""

from __future__ import annotations

import logging
import shlex
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console

from kg.cli.app import app

err = Console(stderr=True)


def _collect(golds: list[Path]) -> tuple[list[tuple[Path, dict[str, Any]]], list[tuple[Path, list[Any]]], list[str]]:
    """Split gold paths into expectation files and PLOVER files (format by content); problems as messages."""
    from kg.eval import load_gold

    expectations: list[tuple[Path, dict[str, Any]]] = []
    plover: list[tuple[Path, list[Any]]] = []
    problems: list[str] = []
    for gold in golds:
        if gold.is_dir():
            files = sorted(p for p in gold.rglob("*.json") if not any(part.startswith(".") for part in p.parts))
            if not files:
                problems.append(f"{gold}: no .json files in this directory")
        else:
            files = [gold]
        for f in files:
            try:
                kind, doc = load_gold(f)
            except (OSError, ValueError) as exc:
                problems.append(f"{f}: cannot read: {exc}")
                continue
            if kind == "expectations":
                expectations.append((f, doc))
            elif kind == "plover":
                plover.append((f, doc))
            elif gold.is_dir():
                err.print(f"[yellow]note:[/yellow] {f}: not a gold file, skipped")
            else:
                problems.append(f"{f}: neither an expectations file (object with 'article' and 'events') "
                                "nor PLOVER gold records (list of objects with 'id' and 'event')")
    return expectations, plover, problems


@app.command("eval")
def eval_(
    golds: list[Path] = typer.Argument(..., help="Expectation files (*.expected.json), directories of them, or PLOVER gold JSON "
                                                 "(plover_gsr_cameo.json); the format is detected from the content."),
    report: Optional[Path] = typer.Option(None, "--report", "-r", help="Also write a Markdown report (every miss and spurious event) here."),
    articles: Optional[Path] = typer.Option(None, "--articles", help="Read every expectations file's article from this directory "
                                                                     "(default: <eval dir>/../samples, then <eval dir>/../corpus, then <eval dir>)."),
    limit: Optional[int] = typer.Option(None, help="Score only the first N PLOVER records (quick runs)."),
    brief: bool = typer.Option(False, "--brief", "-b", help="Scores only on the terminal; no listing of misses and spurious events."),
    min_recall: Optional[float] = typer.Option(None, help="Exit with status 1 when the expectations' overall recall is below this."),
    min_precision: Optional[float] = typer.Option(None, help="Exit with status 1 when the expectations' overall precision is below this."),
) -> None:
    """Score the extractor against gold files: precision, recall and F1 per event class and overall, agent,
    target, date and attribution accuracy (expectation files); category and source/target country accuracy
    with a confusion table (PLOVER records). Every miss and spurious event is listed with its sentence.

    Example: [bold]kg eval data/eval ../shared/eval/seed-article-expectations.json ../shared/bench/plover_gsr_cameo.json --report artifacts/eval.md[/bold]

    Exit status 0 (the scores are information) unless a file is unreadable (2) or a gate fails (1).

    The method is described in docs/evaluation.md.
    """
    from kg.eval import expectations as exp_mod
    from kg.eval import plover as plover_mod
    from kg.eval.report import markdown, print_expectations, print_plover

    expectations, plover_files, problems = _collect(golds)
    if not problems and articles is not None and not articles.is_dir():
        problems.append(f"{articles}: --articles is not a directory")
    if not problems:
        for gold, doc in expectations:
            try:
                exp_mod.find_article(gold, doc["article"], articles)
            except FileNotFoundError as exc:
                problems.append(str(exc))
    for p in problems:
        err.print(f"[red]error:[/red] {p}", highlight=False)
    if problems:
        raise typer.Exit(2)

    logging.getLogger("kg").setLevel(logging.ERROR)
    from kg.pipeline import shared_pipeline

    out = Console()
    nlp = shared_pipeline()
    exp_summary = None
    if expectations:
        err.print(f"extracting {len(expectations)} article(s) named by expectation files ...")
        exp_summary = exp_mod.run(expectations, nlp=nlp, articles_dir=articles)
        print_expectations(exp_summary, out, listings=not brief)
    plover_summary = None
    for path, doc in plover_files:
        err.print(f"extracting the PLOVER gold sentences of {path} ...")
        summary = plover_mod.run(doc, nlp=nlp, limit=limit)
        print_plover(summary, out, listings=not brief)
        if plover_summary is None:
            plover_summary = summary
        else:  # several PLOVER files: pool them
            plover_summary = plover_mod.summarise(plover_summary.predictions + summary.predictions,
                                                  plover_summary.skipped + summary.skipped)
    if report is not None:
        args = ["kg", "eval", *map(str, golds)]
        if articles is not None:
            args += ["--articles", str(articles)]
        if limit is not None:
            args += ["--limit", str(limit)]
        args += ["--report", str(report)]
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(markdown(exp_summary, plover_summary, command=shlex.join(args)), encoding="utf-8")
        err.print(f"report written to {report}")
    failed = []
    if exp_summary is not None:
        r, p = exp_summary.overall.recall, exp_summary.overall.precision
        if min_recall is not None and (r if r is not None else 1.0) < min_recall:
            failed.append(f"recall {r:.3f} < {min_recall}")
        if min_precision is not None and (p if p is not None else 1.0) < min_precision:
            failed.append(f"precision {p:.3f} < {min_precision}")
    if failed:
        err.print("[red]gate failed:[/red] " + "; ".join(failed))
        raise typer.Exit(1)

