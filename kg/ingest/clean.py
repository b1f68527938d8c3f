"""Body cleaning shared by all formats: boilerplate lines, paragraphs, dateline.

* boilerplate lines (patterns in ``data/lexicon/boilerplate.json``) are dropped wherever they occur;
* paragraphs are separated by blank lines and joined with ``"\\n\\n"``; hard-wrapped lines inside a
  paragraph are joined with a space; short heading lines stay paragraphs of their own;
* a dateline at the start of the first paragraph ("WASHINGTON:", "MOSCOW, June 17 (Reuters) -",
  "Beirut, Lebanon –") is stripped; its place (title-cased) and outlet are returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .boilerplate import is_boilerplate
from .dates import MONTH

_CAPS_WORD = r"[A-Z][A-Z.'’\-]*[A-Z.]"
_TITLE_WORD = r"[A-Z][a-z.'’\-]+"
_REGION = rf"(?:,\s*(?P<region>(?:{_CAPS_WORD}|{_TITLE_WORD})(?:\s(?:{_CAPS_WORD}|{_TITLE_WORD})){{0,2}}))"
_WHEN = rf"(?:,\s*(?P<when>(?i:{MONTH})\s+\d{{1,2}}(?:,\s*\d{{4}})?))"
_OUTLET = r"(?:\s*\((?P<outlet>[A-Za-z][\w .&'’-]{0,30})\))"
_DASH = r"(?:—|–|--|-(?=\s))"

_CAPS_DATELINE = re.compile(
    rf"^(?P<place>{_CAPS_WORD}(?:[ /]{_CAPS_WORD}){{0,4}}){_REGION}?{_WHEN}?{_OUTLET}?"
    rf"\s*(?::|{_DASH})\s*(?=\S)"
)
_MIXED_DATELINE = re.compile(
    rf"^(?P<place>{_TITLE_WORD}(?:[ /]{_TITLE_WORD}){{0,2}})"
    rf"{_REGION}?{_WHEN}?{_OUTLET}?"
    rf"\s*{_DASH}\s*(?=\S)"
)
#: All-caps lead-ins that are labels, not places.
_NOT_PLACES = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE ANALYSIS WATCH LIVE OPINION NOTE CORRECTION VIDEO PHOTOS "
    "EDITOR'S EDITOR’S FACT CHECK COMMENT REVIEW EXPLAINER INTERVIEW".split()
)
#: All-caps place words kept as they are (besides any word of one or two letters: "US", "UK", "D.C.").
_ACRONYMS = frozenset({"UAE", "USA", "DRC"})
_SENTENCE_END = re.compile(r"[.!?:;\"”’')\]]$")
_HEADING_MAX_WORDS = 12


@dataclass(frozen=True)
class Dateline:
    """A stripped dateline: ``place`` title-cased ("Gaza City/Cairo"), ``outlet`` as written ("Reuters")."""

    place: str
    outlet: str | None
    prefix: str  # the exact text removed


@dataclass(frozen=True)
class CleanBody:
    """Result of :func:`clean_body`."""

    text: str
    dateline: Dateline | None


def title_case(place: str) -> str:
    """Title-case an all-caps place name: ``"GAZA CITY/CAIRO"`` -> ``"Gaza City/Cairo"``."""
    if place != place.upper():
        return place
    return re.sub(r"[A-Za-z]+", lambda m: _title_word(m.group(0)), place)


def _title_word(word: str) -> str:
    return word if len(word) <= 2 or word in _ACRONYMS else word.capitalize()


def find_dateline(paragraph: str) -> Dateline | None:
    """Recognise a dateline at the start of ``paragraph``.

    Parameters
    ----------
    paragraph : str
        The first body paragraph.

    Returns
    -------
    Dateline or None
    """
    m = _CAPS_DATELINE.match(paragraph)
    if not m:
        m = _MIXED_DATELINE.match(paragraph)
        if not m or not (m.group("region") or m.group("outlet")):
            return None  # "Meanwhile – ..." is no dateline: a mixed-case place needs a region or outlet
    place = m.group("place")
    if any(word in _NOT_PLACES for word in re.split(r"[ /]", place)) or len(place) > 40:
        return None
    region = m.group("region")
    full = title_case(place) + (f", {title_case(region)}" if region else "")
    outlet = m.group("outlet").strip() if m.group("outlet") else None
    return Dateline(place=full, outlet=outlet, prefix=m.group(0))


def strip_dateline(paragraph: str) -> tuple[str, Dateline | None]:
    """Remove a leading dateline from ``paragraph``; return (rest, dateline or None)."""
    found = find_dateline(paragraph)
    if found is None:
        return paragraph, None
    return paragraph[len(found.prefix):], found


def _is_heading(lines: list[str], i: int, width: int) -> bool:
    """A short line without final punctuation, after a sentence end, inside a block of wrapped lines."""
    line = lines[i]
    if len(lines) == 1 or len(line.split()) > _HEADING_MAX_WORDS or _SENTENCE_END.search(line):
        return False
    if not line[:1].isupper() and not line[:1].isdigit():
        return False
    if i > 0 and not _SENTENCE_END.search(lines[i - 1]):
        return False
    if i == len(lines) - 1:
        return True  # a last line without final punctuation after a finished sentence
    return len(line) < 0.7 * width and lines[i + 1][:1].isupper()


def _block_paragraphs(lines: list[str]) -> list[str]:
    """Split one blank-line-delimited block into paragraphs (headings apart), joining wrapped lines."""
    width = max(len(line) for line in lines)
    paragraphs: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        if _is_heading(lines, i, width):
            paragraphs.extend([[line], []])
        else:
            paragraphs[-1].append(line)
    return [" ".join(p) for p in paragraphs if p]


def to_paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs.

    Parameters
    ----------
    lines : list of str
        Body lines; blank lines separate paragraphs, boilerplate lines are dropped.

    Returns
    -------
    list of str
        Paragraphs with inner whitespace normalised.
    """
    blocks: list[list[str]] = [[]]
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            if blocks[-1]:
                blocks.append([])
        elif not is_boilerplate(line):
            blocks[-1].append(line)
    return [p for block in blocks if block for p in _block_paragraphs(block)]


def clean_body(text: str) -> CleanBody:
    """Clean an article body: drop boilerplate, rebuild paragraphs, strip the dateline.

    Parameters
    ----------
    text : str
        Raw body text (lines separated by ``"\\n"``, paragraphs by blank lines).

    Returns
    -------
    CleanBody
        ``text`` has paragraphs joined by ``"\\n\\n"``; ``dateline`` is what was stripped.
    """
    paragraphs = to_paragraphs(text.splitlines())
    dateline = None
    if paragraphs:
        rest, dateline = strip_dateline(paragraphs[0])
        paragraphs[0] = rest.strip()
        paragraphs = [p for p in paragraphs if p]
    return CleanBody(text="\n\n".join(paragraphs), dateline=dateline)
