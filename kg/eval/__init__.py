"""The evaluation harness: score the extractor against gold files (``kg eval``).

Two gold formats are read, told apart by their content (:func:`detect_format`):

* **expectations** (``data/eval/*.expected.json``, ``../shared/eval/seed-article-expectations.json``): one
  article per file, the events it must (``required``) or may yield; scored with :func:`kg.evaluate.score`
  and aggregated by :mod:`kg.eval.expectations`;
* **PLOVER gold-standard records** (``../shared/bench/plover_gsr_cameo.json``): one sentence per record with
  its PLOVER category and source/target country codes; scored by :mod:`kg.eval.plover`.

:mod:`kg.eval.report` renders both as rich tables and as a Markdown report.  The method is described in
``docs/evaluation.md``.

The shared reference folder (kept outside the project, never copied into it) is ``$KG_SHARED_DIR`` when set,
else ``../shared`` relative to the repository root (:func:`shared_dir`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

GoldFormat = Literal["expectations", "plover"]

ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """The shared reference folder: ``$KG_SHARED_DIR``, else ``<repo>/../shared``.

    Examples
    --------
    >>> shared_dir().name
    'shared'
    """
    env = os.environ.get("KG_SHARED_DIR")
    return Path(env) if env else ROOT.parent / "shared"


def detect_format(doc: Any) -> GoldFormat | None:
    """Which gold format a parsed JSON document is in, by content; ``None`` when neither.

    An expectations file is an object with an ``article`` string and an ``events`` list; a PLOVER gold file
    is a list of objects with ``event`` and ``id`` fields (the first is usually the ``DOCUMENT`` record).

    Examples
    --------
    >>> detect_format({"article": "a.txt", "events": []})
    'expectations'
    >>> detect_format([{"id": "PLOVER-1", "event": "AGREE", "text": "..."}])
    'plover'
    >>> detect_format({"foo": 1}) is None
    True
    """
    if isinstance(doc, dict) and isinstance(doc.get("article"), str) and isinstance(doc.get("events"), list):
        return "expectations"
    if isinstance(doc, list) and doc and all(isinstance(r, dict) and "event" in r and "id" in r for r in doc):
        return "plover"
    return None


def load_gold(path: str | Path) -> tuple[GoldFormat | None, Any]:
    """Parse a gold JSON file and detect its format (raises ``OSError``/``ValueError`` when unreadable)."""
    with Path(path).open(encoding="utf-8") as fh:
        doc = json.load(fh)
    return detect_format(doc), doc


__all__ = ["GoldFormat", "ROOT", "detect_format", "load_gold", "shared_dir"]
