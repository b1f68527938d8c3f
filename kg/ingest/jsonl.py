"""JSON (one object or a list of objects) and JSONL (one object per line) articles.

Fields: ``text`` (required), ``id``, ``title``, ``published`` (ISO date or datetime), ``url``,
``source``.  The text is cleaned like a ``.txt`` body (boilerplate, paragraphs, dateline) but no
title or date is looked for in it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ..types import Article
from .build import NO_DATE, build_article, where
from .dates import parse_published
from .errors import InputError, logger, report
from .files import Line
from .ids import safe_id

_WS = " \t\n\r"


def _optional_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def _published(record: dict, override: date | None, path: str, line: int) -> tuple[date | None, str | None]:
    """Return (date, warning to log when it is None) for a record."""
    if override is not None:
        return override, None
    raw = record.get("published")
    if raw is None or raw == "":
        return None, NO_DATE
    parsed = parse_published(raw)
    if parsed is None:
        return None, f"unparseable 'published' value {raw!r}; relative dates will stay unresolved"
    return parsed, None


def article_from_record(
    record: object,
    *,
    path: str,
    line: int,
    default_id: str,
    published: date | None = None,
) -> Article:
    """Make an Article from one JSON object.

    Parameters
    ----------
    record : object
        The decoded JSON value (must be an object).
    path : str
        The file, for Article.path and messages.
    line : int
        1-based line where the record starts.
    default_id : str
        Id used when the record has no ``id`` field.
    published : date, optional
        Overrides the record's ``published`` field.

    Returns
    -------
    Article

    Raises
    ------
    InputError
        E103 not an object, E104 no ``text``, E107 nothing left after cleaning, E106 not English.
    """
    if not isinstance(record, dict):
        raise InputError("E103", path, line, detail=f"expected an object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        detail = "" if text is None else f" (must be a non-empty string, got {text!r:.40})"
        raise InputError("E104", path, line, field="text", detail=detail)
    raw_id = record.get("id")
    art_id = safe_id(str(raw_id)) if raw_id not in (None, "") else default_id
    pub, warning = _published(record, published, path, line)
    if warning and warning is not NO_DATE:
        logger.warning("%s: %s", where(path, art_id, line), warning)
    return build_article(
        text,
        id=art_id,
        title=_optional_str(record, "title") or "",
        published=pub,
        path=path,
        line=line,
        url=_optional_str(record, "url"),
        source=_optional_str(record, "source"),
        date_warning=NO_DATE if warning is NO_DATE else None,
    )


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _array_items(text: str) -> Iterator[tuple[int, object]]:
    """Yield (line, value) for the elements of a JSON array already known to be valid."""
    decoder = json.JSONDecoder()
    i = _skip_ws(text, text.index("[") + 1)
    line = 1 + text.count("\n", 0, i)
    while i < len(text) and text[i] != "]":
        value, end = decoder.raw_decode(text, i)
        yield line, value
        nxt = _skip_ws(text, end)
        if nxt < len(text) and text[nxt] == ",":
            nxt = _skip_ws(text, nxt + 1)
        line += text.count("\n", i, nxt)
        i = nxt


def read_json(
    text: str,
    path: str | Path,
    *,
    published: date | None = None,
    errors: list[InputError] | None = None,
) -> Iterator[Article]:
    """Read a ``.json`` file: one object, or a list of objects.

    Parameters
    ----------
    text : str
        The file contents.
    path : str or Path
        The file.
    published : date, optional
        Overrides every record's ``published``.
    errors : list of InputError, optional
        Problems with single records of a list are appended here (and logged); the others go on.

    Returns
    -------
    iterator of Article

    Raises
    ------
    InputError
        Malformed JSON (E103, with line) or, for a single object, any record problem.
    """
    name, stem = str(path), safe_id(Path(path).stem)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("E103", name, exc.lineno, detail=f"{exc.msg} (column {exc.colno})") from None
    if isinstance(data, dict):
        return iter([article_from_record(data, path=name, line=1, default_id=stem, published=published)])
    if not isinstance(data, list):
        raise InputError("E103", name, 1, detail=f"expected an object or a list of objects, got {type(data).__name__}")
    return _records(_array_items(text), name, stem, published, errors)


def _records(items, name: str, stem: str, published: date | None, errors) -> Iterator[Article]:
    for line, record in items:
        try:
            yield article_from_record(record, path=name, line=line, default_id=f"{stem}-{line}", published=published)
        except InputError as err:
            report(err, errors)


def _jsonl_items(lines: Iterable[Line], name: str, errors: list[InputError] | None) -> Iterator[tuple[int, object]]:
    for line, raw in lines:
        if isinstance(raw, InputError):  # not UTF-8, or too long
            report(raw, errors)
            continue
        try:
            yield line, json.loads(raw)
        except json.JSONDecodeError as exc:
            report(InputError("E103", name, line, detail=f"{exc.msg} (column {exc.colno})"), errors)


def read_jsonl(
    source: str | Iterable[Line],
    path: str | Path,
    *,
    published: date | None = None,
    errors: list[InputError] | None = None,
) -> Iterator[Article]:
    """Read a ``.jsonl`` file: one object per line, blank lines ignored.

    A bad line (malformed JSON, missing ``text``, not UTF-8, too long ...) is reported to ``errors`` (and
    logged) with its line number; the lines before and after are still read.

    Parameters
    ----------
    source : str or iterable of (line number, text or InputError)
        The file's contents, or its lines as :func:`kg.ingest.files.read_lines` reads them (lazily: what
        :func:`kg.ingest.read_file` does, so a corpus of any size streams through one line at a time).
    path : str or Path
        The file.
    published : date, optional
        Overrides every record's ``published``.
    errors : list of InputError, optional
        Where problems with single lines go.

    Returns
    -------
    iterator of Article

    Examples
    --------
    >>> text = '{"id": "a", "text": "Kenya and Ethiopia signed a trade deal on Monday."}\\n{"id": 2}\\n'
    >>> errors = []
    >>> [a.id for a in read_jsonl(text, "news.jsonl", errors=errors)], [e.code for e in errors]
    (['a'], ['E104'])
    """
    name, stem = str(path), safe_id(Path(path).stem)
    lines = source
    if isinstance(source, str):  # read_lines skips blank lines itself
        lines = ((n, raw) for n, raw in enumerate(source.split("\n"), 1) if raw.strip())
    return _records(_jsonl_items(lines, name, errors), name, stem, published, errors)
