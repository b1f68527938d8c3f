"""Loader for ``data/lexicon/boilerplate.json``: line patterns of web-page furniture."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

#: Default location of the pattern file (repository checkout layout).
BOILERPLATE_PATH = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "boilerplate.json"


@lru_cache(maxsize=4)
def load_boilerplate(path: str | Path = BOILERPLATE_PATH) -> tuple[re.Pattern[str], ...]:
    """Compile the boilerplate line patterns.

    Parameters
    ----------
    path : str or Path
        A JSON file ``{"about": ..., "patterns": [{"pattern": ..., "comment": ...}, ...]}``.

    Returns
    -------
    tuple of re.Pattern
        Case-insensitive patterns, to be searched in one stripped line each.
    """
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return tuple(re.compile(entry["pattern"], re.IGNORECASE) for entry in data["patterns"])


def is_boilerplate(line: str, patterns: tuple[re.Pattern[str], ...] | None = None) -> bool:
    """Return True when ``line`` (stripped) is page furniture rather than article text.

    Parameters
    ----------
    line : str
        One line of text.
    patterns : tuple of re.Pattern, optional
        Defaults to :func:`load_boilerplate`.

    Returns
    -------
    bool
    """
    stripped = line.strip()
    if not stripped:
        return False
    pats = load_boilerplate() if patterns is None else patterns
    return any(p.search(stripped) for p in pats)
