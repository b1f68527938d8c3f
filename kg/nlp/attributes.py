"""``geokg_attribute_ruler``: the model's attribute-ruler rules (tag map, morph rules, exceptions), applied
through an index instead of a Matcher.

spaCy's ``AttributeRuler`` adds every rule to a ``Matcher``, which tries all of them on every token: with
the 179 rules of en_core_web_sm that is ~11% of the parse, as much as the parser.  Most rules name the
token's tag or its lower-case form, so one dict look-up per token finds the few that can match.  The rules,
their order (a later rule wins), the attributes they set and the way they are set (spaCy's own
``set_token_attrs``) are those of the model's ruler; :func:`from_ruler` compiles them, and returns ``None``
when a rule uses anything the index does not handle (an operator, a regular expression on another attribute
than a string one, a morph or extension condition...), in which case the pipeline keeps spaCy's ruler.
A test checks token by token that both set the same tags, parts of speech, morphology, lemmas and
dependency labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, ORTH, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

#: Matcher keys the index reads, with the Doc column each compares against (strings as hashes).
_STRING_KEYS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "DEP": DEP}
_BOOL_KEYS = {"IS_SPACE": IS_SPACE}
#: Keys tried in this order to index a rule: the first one its target token names with a fixed value.
_INDEX_ORDER = ("LOWER", "ORTH", "TEXT", "NORM", "TAG", "DEP", "IS_SPACE")
#: Distinct rows of column values whose single-token rules are remembered (then forgotten, to stay bounded).
_SEEN_LIMIT = 1 << 16


@dataclass(frozen=True)
class _Test:
    """One condition on one token: ``column`` of the doc's array compared by ``kind`` with ``value``."""

    column: int
    kind: str  # "eq", "in", "not_in", "regex"
    value: Any


@dataclass(frozen=True)
class _Pattern:
    rule: int  # the rule's position in the ruler: later rules overwrite earlier ones
    tests: tuple[tuple[_Test, ...], ...]  # per token of the pattern
    target: int  # which token of the pattern gets the attributes (0 <= target < len(tests))


@Language.factory("geokg_attribute_ruler")
def make_indexed_attribute_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    """An empty ruler: :meth:`IndexedAttributeRuler.load` fills it from the model's (see ``load_pipeline``)."""
    return IndexedAttributeRuler(nlp.vocab)


class IndexedAttributeRuler:
    """The rules of a spaCy ``AttributeRuler``, matched through a look-up by tag, form or label.

    Single-token rules depend on the token's own values only, so the rules a token matches are settled once
    per distinct row of values (bounded cache).  Rules over several tokens (``gon na``) are few: each is
    looked for where one of its tokens has the value it requires, with numpy over the doc's column.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.patterns: list[dict[str, Any]] = []  # the rules as spaCy's ruler lists them (AttributeRuler.patterns)
        self.attrs: list[dict[int, Any]] = []  # normalised as spaCy's ruler keeps them
        self.columns: list[int] = []  # the Doc attributes read, in array order
        self.single: dict[tuple[int, int], list[_Pattern]] = {}  # (column, value) -> single-token patterns
        self.single_others: list[_Pattern] = []  # single-token patterns with no required value
        self.longer: list[tuple[_Pattern, int, _Test | None]] = []  # pattern, anchor token, its test
        self._rows: dict[tuple[int, ...], tuple[int, ...]] = {}  # column values -> single-token rules
        self._merged: dict[tuple[int, ...], dict[int, Any]] = {}

    def load(self, ruler: AttributeRuler) -> bool:
        """Take the rules of ``ruler``; ``False`` (and nothing loaded) when one cannot be indexed."""
        compiled = _compile(self.vocab, ruler)
        if compiled is None:
            return False
        self._take(ruler, *compiled)
        return True

    def _take(self, ruler: AttributeRuler, columns: list[int], patterns: list[_Pattern]) -> None:
        """Hold ``ruler``'s rules, compiled by :func:`_compile` into ``columns`` and ``patterns``."""
        self.columns = columns
        self.patterns, self.attrs = ruler.patterns, list(ruler.attrs)
        self.single, self.single_others, self.longer, self._rows, self._merged = {}, [], [], {}, {}
        for p in patterns:
            if len(p.tests) == 1:
                keys = _index_keys(p.tests[0])
                for key in keys:
                    self.single.setdefault(key, []).append(p)
                if not keys:
                    self.single_others.append(p)
            else:
                anchor = next((k for k, ts in enumerate(p.tests) if ts and ts[0].kind in ("eq", "in")), None)
                self.longer.append((p, anchor or 0, p.tests[anchor][0] if anchor is not None else None))

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n or not self.attrs:
            return doc
        # every condition is tested against the doc as it was before any rule applied, as the Matcher does
        array = doc.to_array(self.columns).reshape(n, len(self.columns))
        rows = [tuple(r) for r in array.tolist()]
        strings, seen = self.vocab.strings, self._rows
        extra = self._longer_rules(array, n, strings) if self.longer else {}
        if len(seen) > _SEEN_LIMIT:
            seen.clear()
        for i, row in enumerate(rows):
            rules = seen.get(row)
            if rules is None:
                rules = seen[row] = self._single_rules(row, strings)
            more = extra.get(i)
            if more:
                rules = tuple(sorted(more.union(rules)))
            if rules:
                set_token_attrs(doc[i], self._attributes(rules))
        return doc

    def _single_rules(self, row: tuple[int, ...], strings: Any) -> tuple[int, ...]:
        """The single-token rules a token with these column values matches, in rule order."""
        cols = [(v,) for v in row]
        found = {p.rule for c, v in enumerate(row) for p in self.single.get((c, v), ()) if _matches(p, 0, cols, 1, strings)}
        found.update(p.rule for p in self.single_others if _matches(p, 0, cols, 1, strings))
        return tuple(sorted(found))

    def _longer_rules(self, array: np.ndarray, n: int, strings: Any) -> dict[int, set[int]]:
        """Token -> the rules over several tokens that give it their attributes."""
        cols = array.T.tolist()
        out: dict[int, set[int]] = {}
        for p, anchor, test in self.longer:
            if test is None:
                starts: Iterable[int] = range(n)
            else:
                column = array[:, test.column]
                hits = column == test.value if test.kind == "eq" else np.isin(column, list(test.value))
                starts = (int(j) - anchor for j in np.flatnonzero(hits))
            for start in starts:
                if _matches(p, start + p.target, cols, n, strings):
                    out.setdefault(start + p.target, set()).add(p.rule)
        return out

    def _attributes(self, rules: tuple[int, ...]) -> dict[int, Any]:
        """The attributes of these rules, applied in rule order (a later one overwrites an earlier one)."""
        merged = self._merged.get(rules)
        if merged is None:
            merged = {}
            for r in rules:
                merged.update(self.attrs[r])
            self._merged[rules] = merged
        return merged


def from_ruler(vocab: Vocab, ruler: AttributeRuler) -> IndexedAttributeRuler | None:
    """An :class:`IndexedAttributeRuler` with ``ruler``'s rules, or ``None`` when one cannot be indexed."""
    indexed = IndexedAttributeRuler(vocab)
    return indexed if indexed.load(ruler) else None


def index_attribute_rules(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace spaCy's attribute ruler ``name`` in ``nlp`` by an :class:`IndexedAttributeRuler` with its rules
    (same name, same place); ``False``, and ``nlp`` unchanged, when there is none or a rule cannot be indexed.

    Examples
    --------
    >>> import spacy
    >>> from kg.nlp import model_name
    >>> nlp = spacy.load(model_name())
    >>> index_attribute_rules(nlp), type(nlp.get_pipe("attribute_ruler")).__name__
    (True, 'IndexedAttributeRuler')
    >>> [(t.pos_, t.lemma_) for t in nlp("They were gonna talk.")]
    [('PRON', 'they'), ('AUX', 'be'), ('VERB', 'go'), ('PART', 'to'), ('VERB', 'talk'), ('PUNCT', '.')]
    """
    ruler = nlp.get_pipe(name) if name in nlp.pipe_names else None
    compiled = _compile(nlp.vocab, ruler) if isinstance(ruler, AttributeRuler) else None
    if compiled is None:
        return False
    indexed = nlp.replace_pipe(name, "geokg_attribute_ruler")
    assert isinstance(indexed, IndexedAttributeRuler)
    indexed._take(ruler, *compiled)
    return True


def _matches(p: _Pattern, i: int, cols: Sequence[Sequence[int]], n: int, strings: Any) -> bool:
    start = i - p.target
    if start < 0 or start + len(p.tests) > n:
        return False
    for offset, tests in enumerate(p.tests):
        j = start + offset
        for t in tests:
            v = cols[t.column][j]
            if t.kind == "eq":
                ok = v == t.value
            elif t.kind == "in":
                ok = v in t.value
            elif t.kind == "not_in":
                ok = v not in t.value
            else:  # regex on the string of a string column, as the Matcher's REGEX (re.search)
                ok = bool(t.value.search(strings[v] if v else ""))
            if not ok:
                return False
    return True


def _index_keys(tests: tuple[_Test, ...]) -> list[tuple[int, int]]:
    """The (column, value) pairs under which a target token's pattern is filed: the values one of its tests
    requires (one for "eq", each for "in"); none when no test requires a value (tried on every token)."""
    for t in tests:
        if t.kind == "eq":
            return [(t.column, t.value)]
        if t.kind == "in":
            return [(t.column, v) for v in t.value]
    return []


def _compile(vocab: Vocab, ruler: AttributeRuler) -> tuple[list[int], list[_Pattern]] | None:
    columns: list[int] = []
    # each token's tests in order of selectivity (a form before a tag before a label; required values first):
    # the first one that requires a value is the one a pattern is filed under, and settles most candidates
    rank = {_STRING_KEYS.get(k, _BOOL_KEYS.get(k)): n for n, k in enumerate(_INDEX_ORDER)}

    def selective(t: _Test) -> tuple[bool, int]:
        return t.kind not in ("eq", "in"), rank.get(columns[t.column], len(rank))

    def column(attr: int) -> int:
        if attr not in columns:
            columns.append(attr)
        return columns.index(attr)

    def as_hash(value: object) -> int | None:
        if not isinstance(value, str):
            return None
        return 0 if value == "" else vocab.strings.add(value)

    def test(key: str, spec: object) -> _Test | None:
        if key in _BOOL_KEYS:
            if not isinstance(spec, bool):
                return None
            return _Test(column(_BOOL_KEYS[key]), "eq", int(spec))
        if key not in _STRING_KEYS:
            return None
        col = column(_STRING_KEYS[key])
        if isinstance(spec, str):
            return _Test(col, "eq", as_hash(spec))
        if not isinstance(spec, dict) or len(spec) != 1:
            return None
        (op, value), = spec.items()
        if op in ("IN", "NOT_IN") and isinstance(value, list):
            hashes = [as_hash(v) for v in value]
            if None in hashes:
                return None
            return _Test(col, op.lower(), frozenset(hashes))
        if op == "REGEX" and isinstance(value, str):
            return _Test(col, "regex", re.compile(value))
        return None

    patterns: list[_Pattern] = []
    for rule, entry in enumerate(ruler.patterns):
        index = entry.get("index", 0)
        for alternative in entry["patterns"]:
            if not alternative or not isinstance(index, int) or not -len(alternative) <= index < len(alternative):
                return None
            tokens: list[tuple[_Test, ...]] = []
            for token_spec in alternative:
                tests = [test(str(k), v) for k, v in token_spec.items()]
                if None in tests:
                    return None
                tokens.append(tuple(sorted((t for t in tests if t is not None), key=selective)))
            patterns.append(_Pattern(rule, tuple(tokens), index % len(alternative)))
    return columns, patterns
