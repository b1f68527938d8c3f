"""Assembling an :class:`~kg.types.Article` from cleaned parts, with the checks all formats share."""

from __future__ import annotations

from datetime import date

from ..types import Article
from .clean import clean_body
from .errors import InputError, logger
from .language import looks_english

NO_DATE = "no publication date found; relative dates will stay unresolved"


def where(path: str | None, id: str, line: int | None = None) -> str:
    """Name of the input for messages: ``path`` (or ``<id>``), with ``:line`` when given."""
    name = path or f"<{id}>"
    return name if line is None else f"{name}:{line}"


def build_article(
    body: str,
    *,
    id: str,
    title: str,
    published: date | None,
    path: str | None = None,
    line: int | None = None,
    url: str | None = None,
    source: str | None = None,
    date_warning: str | None = NO_DATE,
    min_words: int = 1,
) -> Article:
    """Clean ``body`` (boilerplate, paragraphs, dateline), check it and make the Article.

    Parameters
    ----------
    body : str
        Raw body text.
    id, title, published, path, url, source
        Article fields; ``source`` falls back to the outlet named in the dateline.
    line : int, optional
        Line of the record (JSON/JSONL), for messages.
    date_warning : str or None
        Logged (naming the input) when ``published`` is None; None to stay quiet.
    min_words : int
        Fewer words left after cleaning is an E107.

    Returns
    -------
    Article

    Raises
    ------
    InputError
        E107 when no text is left after cleaning, E106 when the text is not English.
    """
    err_path = path or f"<{id}>"
    cleaned = clean_body(body)
    if len(cleaned.text.split()) < min_words:
        detail = "" if min_words <= 1 else f" (fewer than {min_words} words: no article body found)"
        raise InputError("E107", err_path, line, detail=detail)
    english, reason = looks_english(cleaned.text)
    if not english:
        raise InputError("E106", err_path, line, detail=reason)
    if published is None and date_warning:
        logger.warning("%s: %s", where(path, id, line), date_warning)
    dateline = cleaned.dateline
    return Article(
        id=id,
        title=title,
        text=cleaned.text,
        published=published,
        url=url,
        source=source or (dateline.outlet if dateline else None),
        path=path,
        dateline=dateline.place if dateline else None,
    )
