"""A cheap "is this English?" check: the share of common English function words.

English news prose has roughly a third of its word tokens in the list below; French,
German, Spanish, ... have well under a tenth (only chance overlaps like "a", "in", "an").
Text mostly in a non-Latin script (Cyrillic, Chinese, Arabic, ...) is rejected outright.
"""

from __future__ import annotations

import re

#: Common English function words (closed classes plus "said"), lower case.
FUNCTION_WORDS: frozenset[str] = frozenset(
    """
    a about above after against all also an and any are as at be been before being between both
    but by can could did do does during each for from had has have he her hers him his how however
    i if in into is it its itself may me might more most must my no nor not of off on once only or
    other our out over own said same says she should since so some such than that the their them
    then there these they this those through to too under until up upon very was we were what when
    where which while who whom whose why will with without would you your
    """.split()
)

#: Function words of other Latin-script languages (French, German, Spanish, Italian, Portuguese, Dutch)
#: that are not English words; a text with more of these than English ones is not English.
FOREIGN_WORDS: frozenset[str] = frozenset(
    """
    le la les et des est une du au aux dans pour que qui sur pas avec ce cette sont ont il elle ils
    der die das und ist nicht ein eine einen dem den mit sich auch auf für von zu wird werden aber
    oder nach bei über hat sind dass wie noch
    el los las y por con para del al una es se lo su sus como más pero fue según entre
    il di che non per della delle nel sono gli
    um uma não os com pelo pela são
    het een van en op te zijn niet voor met
    """.split()
)

_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_LETTER = re.compile(r"[^\W\d_]")

#: Texts below this function-word ratio are not English (English news: 0.25-0.45;
#: telegraphic English about 0.08; French, German, Spanish about 0.02-0.05).
MIN_RATIO = 0.06
#: Fewer word tokens than this are too little to judge (accepted when in Latin script).
MIN_TOKENS = 8


def function_word_ratios(text: str, sample: int = 2000) -> tuple[float, float, int] | None:
    """Share of English and of other languages' function words among the word tokens.

    Parameters
    ----------
    text : str
        The text; only the first ``sample`` characters are looked at.
    sample : int
        How many leading characters to use.

    Returns
    -------
    tuple of (float, float, int) or None
        (English ratio, foreign ratio, number of tokens); None when the text is mostly in a
        non-Latin script.
    """
    head = text[:sample]
    letters = len(_LETTER.findall(head))
    if letters and len(_LATIN.findall(head)) / letters < 0.5:
        return None
    tokens = [t.lower() for t in _WORD.findall(head)]
    if not tokens:
        return 0.0, 0.0, 0
    english = sum(t in FUNCTION_WORDS for t in tokens) / len(tokens)
    foreign = sum(t in FOREIGN_WORDS for t in tokens) / len(tokens)
    return english, foreign, len(tokens)


def looks_english(text: str) -> tuple[bool, str]:
    """Decide whether ``text`` is English.

    Parameters
    ----------
    text : str
        Article body (the first ~2000 characters are used).

    Returns
    -------
    tuple of (bool, str)
        The verdict and the reason (for an E106 message).
    """
    ratios = function_word_ratios(text)
    if ratios is None:
        return False, "mostly non-Latin script"
    english, foreign, n = ratios
    if n < MIN_TOKENS:
        return True, f"too short to judge ({n} words)"
    reason = f"English function-word ratio {english:.2f}"
    if english < MIN_RATIO:
        return False, f"{reason} (minimum {MIN_RATIO:.2f})"
    if foreign > english:
        return False, f"{reason}, below that of other languages' function words ({foreign:.2f})"
    return True, reason
