"""Plain-text articles: title line, publication-date line, then the body."""

from __future__ import annotations

from datetime import date

from ..types import Article
from .boilerplate import is_boilerplate
from .build import build_article
from .dates import is_update_label, parse_date_line
from .errors import InputError

#: How many non-empty lines (title included) are searched for the publication date.
HEADER_LINES = 6


def _title_index(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if line.strip() and not is_boilerplate(line):
            return i
    return None


def find_header_dates(lines: list[str], start: int) -> tuple[date | None, set[int]]:
    """Find date-only lines among the first header lines after the title.

    Parameters
    ----------
    lines : list of str
        All lines of the file.
    start : int
        Index of the first line after the title.

    Returns
    -------
    tuple of (date or None, set of int)
        The publication date (the first date line not labelled "Updated", else the first one)
        and the indices of all date lines, which are removed from the body.
    """
    found: list[tuple[int, date, bool]] = []
    seen = 1  # the title
    for i in range(start, len(lines)):
        if seen >= HEADER_LINES:
            break
        if not lines[i].strip():
            continue
        seen += 1
        parsed = parse_date_line(lines[i])
        if parsed is not None:
            found.append((i, parsed, is_update_label(lines[i])))
    if not found:
        return None, set()
    primary = next((d for _, d, updated in found if not updated), found[0][1])
    return primary, {i for i, _, _ in found}


def parse_text(
    text: str,
    *,
    id: str,
    path: str | None = None,
    published: date | None = None,
    source: str | None = None,
) -> Article:
    """Turn the text of a ``.txt`` article into an :class:`Article`.

    The first non-empty line is the title; a line that is only a date, among the first
    few lines, is the publication date; the rest is cleaned (boilerplate lines dropped,
    paragraphs rebuilt, dateline stripped).

    Parameters
    ----------
    text : str
        The whole file.
    id : str
        Article id (already IRI-safe).
    path : str, optional
        The file, for Article.path and messages.
    published : date, optional
        Overrides any date found in the text.
    source : str, optional
        The outlet; otherwise taken from a dateline like "(Reuters)".

    Returns
    -------
    Article

    Raises
    ------
    InputError
        E101 empty, E107 nothing but a title, E106 not English.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    t = _title_index(lines)
    if t is None:
        raise InputError("E101" if not text.strip() else "E107", path or f"<{id}>")
    detected, consumed = find_header_dates(lines, t + 1)
    body = "\n".join(line for i, line in enumerate(lines[t + 1:], t + 1) if i not in consumed)
    return build_article(
        body,
        id=id,
        title=" ".join(lines[t].split()),
        published=published or detected,
        path=path,
        source=source,
    )
