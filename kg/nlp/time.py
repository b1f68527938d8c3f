"""``geokg_time``: DATE entities normalised against the publication date, kept at their granularity.

Writes ``doc._.dates``: ``[(start, end, DateValue | None)]``.  A relative expression ("on Tuesday", "last
month") in an article without a publication date stays None: it is never guessed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.types import DateValue

_LEAD = re.compile(r"^(?:on|in|at|by|since|from|during|early|late|mid|the|of)\s+", re.I)
_DURATION = re.compile(
    r"^(?:about |nearly |almost |more than |over |some )?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|several|many|few|a few|\w+ty)[\s-]+(?:day|week|month|year|decade|hour|minute)s?$",
    re.I,
)
_ANCHORED = re.compile(r"\b(?:later|after|afterwards|before|prior|earlier|previously|following)\b(?! this| that| last)", re.I)
_PUBLICATION_DAY = {"today", "overnight", "tonight", "this morning", "this afternoon", "this evening", "earlier today", "early today"}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_PERIODS = {"day": "day", "month": "month", "year": "year"}
_BASES = (datetime(2001, 6, 15), datetime(2011, 3, 9))  # two far-apart bases: results that differ are relative


@lru_cache(maxsize=64)
def _parser(base: datetime):  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False}
    return DateDataParser(languages=["en"], settings=settings)


def _parse(text: str, base: datetime) -> tuple[date, str] | None:
    data = _parser(base).get_date_data(text)
    if data.date_obj is None or data.period not in _PERIODS:
        return None
    return data.date_obj.date(), _PERIODS[data.period]


def bounds(day: date, granularity: str) -> tuple[str, date, date]:
    """ISO value and earliest/latest days of a date at a granularity."""
    if granularity == "year":
        return f"{day.year:04d}", date(day.year, 1, 1), date(day.year, 12, 31)
    if granularity == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return f"{day.year:04d}-{day.month:02d}", date(day.year, day.month, 1), date(day.year, day.month, last)
    return day.isoformat(), day, day


def normalise(text: str, published: date | None) -> DateValue | None:
    """Normalise one date expression.

    Examples
    --------
    >>> normalise("on Tuesday", date(2024, 2, 14)).value
    '2024-02-13'
    >>> normalise("in 2023", None).granularity
    'year'
    >>> normalise("on Tuesday", None) is None
    True
    """
    core = _LEAD.sub("", text.strip()).strip(" ,.")
    core = _LEAD.sub("", core)
    if not core or _DURATION.match(core) or re.fullmatch(r"\d{1,2}", core):
        return None
    if _ANCHORED.search(core):
        return None  # "a day after", "nine days later": relative to another event, not to the publication
    if published is not None and core.lower() in _PUBLICATION_DAY:
        return DateValue(value=published.isoformat(), granularity="day", earliest=published, latest=published, text=text)
    first, second = (_parse(core, b) for b in _BASES)
    if first is None:
        return None
    relative = first != second
    if relative:
        if published is None:
            return None
        weekday = _WEEKDAYS.get(core.lower())
        if weekday is not None and weekday == published.weekday():
            day, gran = published, "day"  # "on Wednesday" in a Wednesday article is that day
        else:
            parsed = _parse(core, datetime(published.year, published.month, published.day))
            if parsed is None:
                return None
            day, gran = parsed
            if day > published + timedelta(days=1) and gran == "day" and weekday is not None:
                day -= timedelta(days=7)
    else:
        day, gran = first
    value, earliest, latest = bounds(day, gran)
    return DateValue(value=value, granularity=gran, earliest=earliest, latest=latest, text=text)  # type: ignore[arg-type]


@Language.factory("geokg_time")
def make_time(nlp: Language, name: str) -> "TimeNormaliser":
    return TimeNormaliser()


class TimeNormaliser:
    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        out = []
        for ent in doc.ents:
            if ent.label_ == "DATE":
                out.append((ent.start, ent.end, normalise(ent.text, published)))
        doc._.dates = out
        return doc
