"""HTML articles: main text, title, date, URL and site name via trafilatura (no network)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..types import Article
from .build import build_article
from .dates import parse_published
from .errors import InputError
from .ids import safe_id

#: Fewer words than this after extraction means the page had no article body.
MIN_WORDS = 10

_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
_META_SITE = re.compile(
    r"<meta\s[^>]*(?:property|name)\s*=\s*[\"']og:site_name[\"'][^>]*>", re.IGNORECASE
)
_CONTENT = re.compile(r"content\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)


def _og_site_name(html: str) -> str | None:
    m = _META_SITE.search(html)
    c = _CONTENT.search(m.group(0)) if m else None
    value = (c.group(1) or c.group(2) or "").strip() if c else ""
    return value or None


def _extract(html: str, path: str):
    import trafilatura  # heavy import: only when HTML is read

    try:
        return trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        raise InputError("E107", path, detail=f" (trafilatura could not parse the page: {exc})") from None


def parse_html(
    html: str,
    *,
    id: str,
    path: str | None = None,
    published: date | None = None,
    source: str | None = None,
) -> Article:
    """Turn an HTML page into an :class:`Article`.

    Parameters
    ----------
    html : str
        The page.
    id : str
        Article id (already IRI-safe).
    path : str, optional
        The file, for Article.path and messages.
    published : date, optional
        Overrides the date found in the page (meta tags, JSON-LD, ...).
    source : str, optional
        The outlet; otherwise og:site_name (or the JSON-LD publisher), else a dateline outlet.

    Returns
    -------
    Article

    Raises
    ------
    InputError
        E107 when the page has no article body, E106 when it is not English.
    """
    name = path or f"<{id}>"
    doc = _extract(html, name)
    title = " ".join((getattr(doc, "title", None) or "").split())
    lines = [ln.strip() for ln in (getattr(doc, "text", None) or "").split("\n") if ln.strip()]
    if lines and title and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # the <h1> repeated at the top of the body
    sitename = _og_site_name(html) or getattr(doc, "sitename", None)
    if sitename and _DOMAIN.match(sitename):
        sitename = None  # trafilatura's fallback to the host name is not an outlet name
    return build_article(
        "\n\n".join(lines),
        id=id,
        title=title,
        published=published or parse_published(getattr(doc, "date", None)),
        path=path,
        url=getattr(doc, "url", None),
        source=source or sitename,
        min_words=MIN_WORDS,
    )


def read_html(text: str, path: str | Path, *, published: date | None = None) -> Article:
    """Read an ``.html``/``.htm`` file's text; the id is the IRI-safe file stem."""
    return parse_html(text, id=safe_id(Path(path).stem), path=str(path), published=published)
