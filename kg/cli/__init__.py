"""Command line: a thin layer over the library; every command calls one library function.

Each command module registers its commands on :data:`kg.cli.app.app`.
"""

from __future__ import annotations

from kg.cli import analysis, core  # noqa: F401  (registers commands)
from kg.cli import remote  # noqa: F401  (registers load, serve, queries)
from kg.cli import evaluate  # noqa: F401  (registers the eval command)
from kg.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
