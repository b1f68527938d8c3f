"""The typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kg",
    help="geokg: knowledge graphs of who did what to whom, when, and according to whom, from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

STORE_HELP = "Directory of the embedded store (pyoxigraph)."
