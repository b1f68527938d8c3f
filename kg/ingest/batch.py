"""Reading files and directories of articles in any supported format."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ..types import Article
from .errors import InputError, report
from .files import Block, read_lines, read_text
from .html import read_html
from .ids import safe_id
from .jsonl import read_json, read_jsonl
from .txt import parse_text

#: File suffix -> format.
FORMATS: dict[str, str] = {".txt": "txt", ".json": "json", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}


def read_file(
    path: str | Path,
    *,
    published: date | None = None,
    max_bytes: int = 5_000_000,
    errors: list[InputError] | None = None,
    block: Block | None = None,
) -> Iterator[Article]:
    """Read the articles of one file (format from its suffix).

    Whole-file checks (size, readability, encoding, JSON syntax of a ``.json`` file, a single
    article's problems) run at call time and raise.  A ``.jsonl`` file is read lazily, a line at a time,
    whatever its size: only its start is checked at call time (readable, not binary, not empty).

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.json``, ``.jsonl``, ``.html`` or ``.htm`` file.
    published : date, optional
        Overrides any publication date found in the file.
    max_bytes : int
        Larger files are rejected (E105) without being read; in a ``.jsonl`` file, the limit is per line:
        a longer record is skipped (E111) and the others are read.
    errors : list of InputError, optional
        Problems with single records of a JSONL file (or a JSON list) are appended here
        (and logged) while the other records are still read.
    block : Block, optional
        Only this run of lines of a ``.jsonl`` file (:func:`kg.ingest.files.line_blocks`): a part of a big
        file read on its own, e.g. by one Dask task.

    Returns
    -------
    iterator of Article

    Raises
    ------
    InputError
        For a problem with the whole file.
    """
    p = Path(path)
    kind = FORMATS.get(p.suffix.lower())
    if kind is None:
        raise InputError("E109", str(p), suffix=p.suffix or "(none)")
    if kind == "jsonl":  # streamed a line at a time: a corpus file has no size limit, its records do (E111)
        return read_jsonl(read_lines(p, max_bytes, block=block), p, published=published, errors=errors)
    if block is not None:
        raise InputError("E109", str(p), suffix=f"{p.suffix} (only .jsonl files are read in blocks)")
    text = read_text(p, max_bytes)
    if kind == "txt":
        return iter([parse_text(text, id=safe_id(p.stem), path=str(p), published=published)])
    if kind == "html":
        return iter([read_html(text, p, published=published)])
    return read_json(text, p, published=published, errors=errors)


def _walk(root: Path, errors: list[InputError] | None) -> list[Path]:
    """Supported files under ``root``, hidden files and directories skipped, sorted by relative path."""
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        report(InputError("E108", exc.filename or str(root), detail=exc.strerror or str(exc)), errors)

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(
            Path(dirpath, f) for f in filenames if not f.startswith(".") and Path(f).suffix.lower() in FORMATS
        )
    return sorted(found, key=lambda f: f.relative_to(root).as_posix())


def expand_paths(paths: Iterable[str | Path], errors: list[InputError] | None = None) -> Iterator[Path]:
    """Yield the files to read: files as given, directories recursively (sorted, deterministic)."""
    for path in paths:
        p = Path(path)
        if p.is_dir():
            yield from _walk(p, errors)
        else:
            yield p


def iter_articles(
    paths: Iterable[str | Path],
    *,
    published: date | None = None,
    errors: list[InputError] | None = None,
    max_bytes: int = 5_000_000,
) -> Iterator[Article]:
    """Read articles from files and directories, going on past bad input.

    Parameters
    ----------
    paths : iterable of str or Path
        Files (any supported suffix) and directories (recursed over .txt .json .jsonl .html .htm).
    published : date, optional
        Overrides every detected publication date.
    errors : list of InputError, optional
        Each problem is appended here and logged on ``kg.ingest``; with None it is only logged.
    max_bytes : int
        Per-file size limit (E105); per record in a ``.jsonl`` file, which has no size limit (E111).

    Yields
    ------
    Article
    """
    for file in expand_paths(paths, errors):
        try:
            yield from read_file(file, published=published, max_bytes=max_bytes, errors=errors)
        except InputError as err:
            report(err, errors)
