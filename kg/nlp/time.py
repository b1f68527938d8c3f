"""``geokg_time``: DATE expressions normalised against the publication date, kept at their granularity.

Writes ``doc._.dates``: ``[(start, end, DateValue | None)]``.  A relative expression ("on Tuesday", "last
month") in an article without a publication date stays None: it is never guessed.  Expressions anchored on
another event ("a day after", "nine days later") stay None too.  Weekdays follow news usage: "on Wednesday"
in a Wednesday story is that day, otherwise the latest one before it, or the next one when the clause looks
ahead ("a summit expected on Wednesday", "will meet on Friday").  A week ("last week") is kept as its month
when it lies within one month, else dropped: there is no week granularity.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.nlp.columns import columns
from kg.types import DateValue

_LEAD = re.compile(r"^(?:on|in|at|by|since|from|during|early|late|mid|the|of|hours|morning|evening|night)\s+", re.I)
_DURATION = re.compile(
    r"^(?:about |nearly |almost |more than |over |some )?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|several|many|few|a few|\w+ty)[\s-]+(?:day|week|month|year|decade|hour|minute)s?$",
    re.I,
)
_ANCHORED = re.compile(r"\b(?:later|after|afterwards|before|prior|earlier|previously|following)\b(?! this| that| last)", re.I)
_PUBLICATION_DAY = {"today", "overnight", "tonight", "this morning", "this afternoon", "this evening", "earlier today", "early today"}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_WEEK = re.compile(r"^(last|this|next|past)\s+week$", re.I)
_PERIODS = {"day": "day", "month": "month", "year": "year"}
_DATE_LABELS = frozenset({"DATE", "TIME"})
_BASES = (datetime(2001, 6, 15), datetime(2011, 3, 9))  # two far-apart bases: results that differ are relative
#: Words of a clause that looks ahead: its weekdays are the next ones, not the last.
_FUTURE = {"will", "shall", "expected", "due", "scheduled", "set", "planned", "plan", "next", "upcoming", "'ll"}


@lru_cache(maxsize=64)
def _parser(base: datetime):  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False}
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=8192)
def _parse(text: str, base: datetime) -> tuple[date, str] | None:
    """dateparser's reading of ``text`` from ``base`` (cached: each call costs milliseconds, and the same
    expressions recur with the same bases across articles -- ``normalise``'s own cache is per publication date)."""
    data = _parser(base).get_date_data(text)
    if data.date_obj is None or data.period not in (*_PERIODS, "week"):
        return None
    return data.date_obj.date(), data.period


def bounds(day: date, granularity: str) -> tuple[str, date, date]:
    """ISO value and earliest/latest days of a date at a granularity."""
    if granularity == "year":
        return f"{day.year:04d}", date(day.year, 1, 1), date(day.year, 12, 31)
    if granularity == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return f"{day.year:04d}-{day.month:02d}", date(day.year, day.month, 1), date(day.year, day.month, last)
    return day.isoformat(), day, day


def _value(day: date, granularity: str, text: str) -> DateValue:
    value, earliest, latest = bounds(day, granularity)
    return DateValue(value=value, granularity=granularity, earliest=earliest, latest=latest, text=text)  # type: ignore[arg-type]


def _weekday(core: str, published: date, future: bool) -> DateValue | None:
    match = _WEEKDAY.search(core)
    if match is None or re.search(r"\d", core):
        return None
    rest = _WEEKDAY.sub("", core).strip(" ,.'’s").lower()
    if rest not in ("", "early", "late", "last", "next", "this", "hours of", "early hours of", "morning", "night", "evening", "afternoon"):
        return None  # "Wednesday 14 February" and the like go to dateparser
    wanted = _WEEKDAYS[match.group(1).lower()]
    delta = (published.weekday() - wanted) % 7
    if rest.startswith("next") or (future and delta != 0 and not rest.startswith("last")):
        day = published + timedelta(days=(wanted - published.weekday()) % 7 or 7)
    else:
        day = published - timedelta(days=delta if not rest.startswith("last") else delta or 7)
    return _value(day, "day", core)


def _week(core: str, published: date) -> DateValue | None:
    match = _WEEK.match(core)
    if match is None:
        return None
    shift = {"last": -7, "past": -7, "this": 0, "next": 7}[match.group(1).lower()]
    monday = published - timedelta(days=published.weekday()) + timedelta(days=shift)
    sunday = monday + timedelta(days=6)
    if (monday.year, monday.month) != (sunday.year, sunday.month):
        return None  # a week across two months has no honest single value
    return _value(monday, "month", core)


@lru_cache(maxsize=8192)
def normalise(text: str, published: date | None, *, future: bool = False) -> DateValue | None:
    """Normalise one date expression.

    Examples
    --------
    >>> normalise("on Tuesday", date(2024, 2, 14)).value
    '2024-02-13'
    >>> normalise("in 2023", None).granularity
    'year'
    >>> normalise("on Tuesday", None) is None
    True
    >>> normalise("on Friday", date(2024, 2, 14), future=True).value
    '2024-02-16'
    """
    core = text.strip().strip(" ,.")
    while _LEAD.match(core):
        core = _LEAD.sub("", core, count=1).strip(" ,.")
    core = re.sub(r"['’]s$", "", core)
    if not core or _DURATION.match(core) or re.fullmatch(r"\d{1,2}", core):
        return None
    if _ANCHORED.search(core):
        return None  # "a day after", "nine days later": relative to another event, not to the publication
    if core.lower() in _PUBLICATION_DAY:
        return _value(published, "day", text) if published is not None else None
    if _WEEKDAY.search(core) and not re.search(r"\d", core):
        return _weekday(core, published, future) if published is not None else None
    if _WEEK.match(core):
        return _week(core, published) if published is not None else None
    first, second = (_parse(core, b) for b in _BASES)
    if first is None or first[1] == "week":
        return None
    if first != second:  # relative to the publication date
        if published is None:
            return None
        parsed = _parse(core, datetime(published.year, published.month, published.day))
        if parsed is None or parsed[1] == "week":
            return None
        day, gran = parsed
    else:
        day, gran = first
    out = _value(day, _PERIODS[gran], text)
    return out


def looks_ahead(span: Span) -> bool:
    """Whether the clause a date sits in speaks of the future ("expected on Wednesday", "will meet on Friday")."""
    head = span.root
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX") or head.dep_ == "ROOT":
            break
        head = head.head
    words = {head.lower_, head.lemma_.lower()} | {c.lower_ for c in head.children if c.dep_ in ("aux", "advmod", "amod")}
    return bool(words & _FUTURE)


@Language.factory("geokg_time")
def make_time(nlp: Language, name: str) -> "TimeNormaliser":
    return TimeNormaliser()


class TimeNormaliser:
    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        out = []
        taken: set[int] = set()
        cols = columns(doc, refresh=True)  # the first geokg component after the model: (re)reads the columns
        for ent in cols.ents(_DATE_LABELS):
            text = cols.span_text(ent.start, ent.end)
            # only a weekday's reading depends on the clause looking ahead: the parse is not walked for the rest
            value = normalise(text, published, future=bool(_WEEKDAY.search(text)) and looks_ahead(ent))
            if ent.label_ == "DATE" or value is not None:
                out.append((ent.start, ent.end, value))
                taken.update(range(ent.start, ent.end))
        if published is not None:
            for i in cols.where(_PUBLICATION_DAY):  # words the NER leaves out: "struck targets overnight"
                if i not in taken:
                    out.append((i, i + 1, _value(published, "day", doc[i].text)))
        doc._.dates = sorted(out, key=lambda d: d[0])
        return doc
