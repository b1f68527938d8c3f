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

import numpy
from spacy.attrs import HEAD, IDX, LEMMA, LENGTH, LOWER, POS
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
    """``lower``, ``lemma`` (lower case, as the lexicons hold them) and ``pos`` of every token, and what is
    only computed when first asked: span texts and sentence bounds."""

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
        self._ents: list[tuple[int, int, int]] | None = None  # (start, end, label) of doc.ents
        self._kids: list[int] = []  # children of every token, grouped by head
        self._kids_from: list[int] = []  # where each token's children start in _kids (and end: the next's start)
        self._vocab: dict[bool, frozenset[str]] = {}  # by_lemma -> the words of the doc

    @property
    def doc(self) -> Doc:
        doc = self._doc()
        assert doc is not None, "the columns outlived their doc"
        return doc

    def where(self, words: AbstractSet[str], *, lemma: bool = False) -> list[int]:
        """Indices of the tokens whose lower-case form (``lemma``: lemma) is one of ``words``, in order.

        The components look for a few words each: the doc's set of words says which occur, and only those are
        searched for (``list.index`` runs in C), so no component walks every token in Python."""
        column = self.lemma if lemma else self.lower
        present = self._vocab.get(lemma)
        if present is None:
            present = self._vocab[lemma] = frozenset(column)
        out: list[int] = []
        for word in present & words:
            i = column.index(word)
            while True:
                out.append(i)
                try:
                    i = column.index(word, i + 1)
                except ValueError:
                    break
        return sorted(out)

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

    def children(self, i: int) -> list[Token]:
        """``list(doc[i].children)``: the tokens whose head is token ``i``, in order (indices read once from the
        heads; ``token.children`` walks the subtree's edges with a generator at every call)."""
        doc = self.doc
        if not self._kids_from and len(doc):
            # every token's children in one list, grouped by head (a stable sort keeps each group in order), and
            # where each head's group starts: two lists, not one per token, for the garbage collector to track
            n = len(doc)
            heads = doc.to_array(HEAD).astype(numpy.int64) + numpy.arange(n)
            order = numpy.argsort(heads, kind="stable")
            order = order[heads[order] != order]  # a root is no child of itself
            self._kids = order.tolist()
            self._kids_from = numpy.concatenate(([0], numpy.cumsum(numpy.bincount(heads[order], minlength=n)))).tolist()
        return [doc[j] for j in self._kids[self._kids_from[i] : self._kids_from[i + 1]]]

    def ents(self) -> list[Span]:
        """``doc.ents`` (which walks the whole doc at each call; the bounds are kept, the Spans made anew)."""
        doc = self.doc
        if self._ents is None:
            self._ents = [(ent.start, ent.end, ent.label) for ent in doc.ents]
        return [Span(doc, start, end, label=label) for start, end, label in self._ents]

    def sent(self, i: int) -> Span:
        """``doc[i].sent``."""
        start, end = self.sent_bounds(i)
        return Span(self.doc, start, end)  # what doc[start:end] makes, without its slice normalisation


def columns(doc: Doc, *, refresh: bool = False) -> Columns:
    """The doc's columns, computed on first use (``refresh``: again, for a doc the model has just annotated)."""
    cols = None if refresh else doc.user_data.get(_KEY)
    if cols is None:
        cols = doc.user_data[_KEY] = Columns(doc)
    return cols
