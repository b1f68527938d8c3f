"""Per-token strings and offsets the geokg components read over and over, taken from a Doc once and shared.

spaCy makes a new Token for every ``doc[i]`` and a new Span for every ``doc[a:b]``; ``span.text`` joins the
tokens in Python, ``doc.text`` joins all of them and ``token.sent`` scans the whole doc for sentence annotation
first.  The rule components and the extraction touch every token several times, so they scan these lists and
make Tokens only for the few that pass.  Not a component: the first geokg component after the model
(``geokg_time``) refreshes them, the others and the extraction reuse them (kept in ``doc.user_data``).
"""

from __future__ import annotations

import weakref
from collections.abc import Set as AbstractSet

from spacy.attrs import IDX, LEMMA, LENGTH, LOWER, POS
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

_KEY = "geokg.columns"
_TEXT = "geokg.text"  # the text a doc was made from (make_doc): spaCy's tokenisation keeps it, doc.text rebuilds it

#: String hash -> string (and -> its lower case): a dict look-up is cheaper than the StringStore's.  Hashes are
#: of the strings themselves, so the entries stay right after a memory zone drops the strings from the vocab.
_STRINGS: dict[int, str] = {}
_LOWERED: dict[int, str] = {}
_LIMIT = 1 << 18


def remember_text(doc: Doc, text: str) -> None:
    """Keep the text ``doc`` was tokenised from (``doc.text`` is equal to it, and costs a join of every token)."""
    doc.user_data[_TEXT] = text


def _strings(store: StringStore, hashes: list[int], cache: dict[int, str], lower: bool = False) -> list[str]:
    try:
        return [cache[h] for h in hashes]
    except KeyError:
        if len(cache) > _LIMIT:
            cache.clear()
        for h in set(hashes).difference(cache):
            cache[h] = store[h].lower() if lower else store[h]
        return [cache[h] for h in hashes]


class Columns:
    """``lower``, ``lemma`` (lower case, as the lexicons hold them) and ``pos`` of every token; and, computed
    when first asked, the tokens of given words, span texts, sentence bounds and entity bounds."""

    def __init__(self, doc: Doc) -> None:
        self._doc = weakref.ref(doc)  # the doc keeps the columns in its user_data: no reference cycle
        store = doc.vocab.strings
        lower, lemma, pos = doc.to_array([LOWER, LEMMA, POS]).T.tolist() if len(doc) else ([], [], [])
        self.lower: list[str] = _strings(store, lower, _STRINGS)
        self.lemma: list[str] = _strings(store, lemma, _LOWERED, lower=True)
        self.pos: list[str] = _strings(store, pos, _STRINGS)
        self._text = ""
        self._starts: list[int] = []  # character offsets of the tokens
        self._ends: list[int] = []
        self._sent_start: list[int] = []  # first token of each token's sentence
        self._sent_end: list[int] = []
        self._ents: list[tuple[int, int, int, str]] | None = None  # (start, end, label, label_) of doc.ents
        self._index: dict[bool, tuple[dict[str, int], list[int]]] = {}  # by_lemma -> where()'s index

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        assert doc is not None, "the columns outlived their doc"
        return doc

    def where(self, words: AbstractSet[str], *, lemma: bool = False) -> list[int]:
        """Indices of the tokens whose lower-case form (``lemma``: lemma) is one of ``words``, in order.

        From an index built at the first call: the components look for a few words each, and do not walk
        every token for them."""
        index = self._index.get(lemma)
        if index is None:
            # word -> its first token, and each token -> the next of the same word: two objects for the garbage
            # collector to track, where a list per word would be hundreds per doc
            column = self.lemma if lemma else self.lower
            first: dict[str, int] = {}
            following = [-1] * len(column)
            for i in range(len(column) - 1, -1, -1):
                following[i] = first.get(column[i], -1)
                first[column[i]] = i
            index = self._index[lemma] = (first, following)
        first, following = index
        out = []
        for word in first.keys() & words:
            i = first[word]
            while i >= 0:
                out.append(i)
                i = following[i]
        return sorted(out)

    def where_form_or_lemma(self, words: AbstractSet[str]) -> list[int]:
        """Indices of the tokens whose lower-case form or lemma is one of ``words``, in order."""
        return sorted({*self.where(words), *self.where(words, lemma=True)})

    def tokens_in(self, words: AbstractSet[str], *, lemma: bool = False) -> list[Token]:
        """The tokens whose lower-case form (``lemma``: lemma) is one of ``words``, in order."""
        doc = self.doc
        return [doc[i] for i in self.where(words, lemma=lemma)]

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``, sliced from the doc's text."""
        if end <= start:
            return ""
        if not self._starts:
            self._offsets()
        return self._text[self._starts[start] : self._ends[end - 1]]

    def char_start(self, i: int) -> int:
        """``doc[i].idx``."""
        if not self._starts:
            self._offsets()
        return self._starts[i]

    def _offsets(self) -> None:
        doc = self.doc
        starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
        self._text = doc.user_data.get(_TEXT) or doc.text
        self._starts = starts
        self._ends = [s + n for s, n in zip(starts, lengths)]

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """Start and end of the sentence of token ``i`` (``token.sent``, without its scan of the whole doc)."""
        if not self._sent_start:
            for sent in self.doc.sents:
                n = sent.end - sent.start
                self._sent_start += [sent.start] * n
                self._sent_end += [sent.end] * n
        return self._sent_start[i], self._sent_end[i]

    def ents(self, labels: AbstractSet[str]) -> list[Span]:
        """The entities of ``doc.ents`` with one of these labels (``doc.ents`` walks the whole doc and makes a
        Span of every entity at each call; their bounds are kept, and Spans made only of those asked for)."""
        doc = self.doc
        if self._ents is None:
            self._ents = [(ent.start, ent.end, ent.label, ent.label_) for ent in doc.ents]
        return [Span(doc, start, end, label=label) for start, end, label, name in self._ents if name in labels]

    def sent(self, i: int) -> Span:
        """``doc[i].sent``."""
        start, end = self.sent_bounds(i)
        return Span(self.doc, start, end)  # what doc[start:end] makes, without its slice normalisation


class Children:
    """``list(token.children)`` of the tokens of one doc, each read once: the rules ask for the same tokens'
    children again and again.  For one pass of rules over a doc, not kept on it (Tokens refer to their doc)."""

    def __init__(self) -> None:
        self._kids: dict[int, list[Token]] = {}

    def __call__(self, token: Token) -> list[Token]:
        kids = self._kids.get(token.i)
        if kids is None:
            kids = self._kids[token.i] = list(token.children)
        return kids


def columns(doc: Doc, *, refresh: bool = False) -> Columns:
    """The doc's columns, computed on first use (``refresh``: again, for a doc the model has just annotated)."""
    cols = None if refresh else doc.user_data.get(_KEY)
    if cols is None:
        cols = doc.user_data[_KEY] = Columns(doc)
    return cols
