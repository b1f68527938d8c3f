"""Publication-date detection (header lines of .txt files) and parsing (JSON ``published`` fields).

A header line is taken as a date line only when the *whole* line is a date, optionally
with a label ("Published:", "Updated") and a time ("10:32", "3:41 PM EST"); a regular
expression checks that shape first, then :mod:`dateparser` (strict, English) parses the
date part.  Ordinary sentences are therefore never taken as dates.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DATE = (
    rf"(?:{_WEEKDAY})?"
    rf"(?:{MONTH}\s+{_DAY},?\s+{_YEAR}"  # Feb 14, 2024 / Wed Feb 14 2024
    rf"|{_DAY}\s+{MONTH},?\s+{_YEAR}"  # 14 February 2024
    rf"|{_YEAR}-\d\d-\d\d"  # 2024-02-14
    rf"|{_YEAR}/\d\d/\d\d)"  # 2024/02/14
)
_LABEL = (
    r"(?:(?:first |last )?(?:published|updated|posted|modified|date|dated)(?: on| at)?\s*[:\-–—|]?\s*)"
)
_TIME = (
    r"(?:\s*(?:,|at|-|–|—|\||·|•|T)?\s*"
    r"\d{1,2}(?:[:.]\d\d){1,2}(?:\.\d+)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:Z|[A-Z]{2,5}|(?:UTC|GMT)?\s*[+-]\d\d?(?::?\d\d)?)?)"
)
_DATE_LINE = re.compile(
    rf"^\s*(?P<label>{_LABEL})?(?P<date>{_DATE}){_TIME}?\s*\.?\s*$",
    re.IGNORECASE,
)
_UPDATED = re.compile(r"^\s*(?:last )?(?:updated|modified)\b", re.IGNORECASE)

_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}


@lru_cache(maxsize=1024)
def _dateparse(text: str) -> date | None:
    import dateparser  # slow import: only when a date needs parsing

    parsed = dateparser.parse(text, languages=["en"], settings=dict(_SETTINGS))
    return parsed.date() if parsed else None


def parse_date_line(line: str) -> date | None:
    """Parse a line that consists only of a date (plus optional label and time).

    Parameters
    ----------
    line : str
        One line, e.g. ``"Wed Feb 14 2024"`` or ``"Updated Feb 14, 2024 3:41 PM EST"``.

    Returns
    -------
    datetime.date or None
        The date, or None when the line is anything else (a sentence, a title, ...).

    Examples
    --------
    >>> parse_date_line("Published: 2024-02-14 10:32")
    datetime.date(2024, 2, 14)
    >>> parse_date_line("Talks resumed on February 14, 2024 in Geneva.") is None
    True
    """
    m = _DATE_LINE.match(line)
    if not m:
        return None
    return _dateparse(m.group("date").strip())


def is_update_label(line: str) -> bool:
    """Return True when a date line is labelled as an update ("Updated ...", "Last modified ...")."""
    return bool(_UPDATED.match(line))


def parse_published(value: object) -> date | None:
    """Parse a ``published`` field of a JSON record.

    Parameters
    ----------
    value : object
        Usually an ISO date (``"2024-02-14"``) or datetime (``"2024-02-14T10:32:00Z"``);
        other strings are tried as a date line.

    Returns
    -------
    datetime.date or None
        None when the value is missing or cannot be parsed.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return parse_date_line(text)
