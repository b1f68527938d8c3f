"""IRI-safe article identifiers."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def safe_id(raw: str, fallback: str = "article") -> str:
    """Make an IRI-safe identifier: lower case, only ``[a-z0-9._-]``, other runs become ``-``.

    Parameters
    ----------
    raw : str
        A file stem or an ``id`` field.
    fallback : str
        Returned when nothing usable is left.

    Returns
    -------
    str

    Examples
    --------
    >>> safe_id("US Rejects: Putin's Offer (2024)")
    'us-rejects-putin-s-offer-2024'
    >>> safe_id("Zürich/Genève")
    'zurich-geneve'
    """
    decomposed = unicodedata.normalize("NFKD", str(raw))
    unaccented = "".join(c for c in decomposed if not unicodedata.combining(c))  # "Zürich" -> "Zurich"
    cleaned = _UNSAFE.sub("-", unaccented.lower()).strip("-")
    return cleaned or fallback
