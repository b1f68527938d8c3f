"""kg.nlp.attributes: the model's attribute-ruler rules through an index set exactly what spaCy's ruler sets."""

from __future__ import annotations

import doctest
from pathlib import Path

import numpy as np
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from kg.ingest import iter_articles
from kg.nlp import attributes
from kg.nlp.attributes import IndexedAttributeRuler, from_ruler

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP]

#: Informal English that the model's multi-token and exception rules are about, and whitespace tokens.
TRICKY = ("I think you got it. Y'all gonna do it, ain't you? It gets worse: there is  a cat, and there are two.\n\n"
          "  Let's go, c'mon! But we did, and I did it for you and for it. Gotta go.  \n")


def _parsed(nlp, text: str) -> Doc:
    """``text`` through the components before the attribute ruler (what the ruler sees)."""
    doc = nlp.make_doc(text)
    for name in nlp.pipe_names[: nlp.pipe_names.index("attribute_ruler")]:
        doc = nlp.get_pipe(name)(doc)
    return doc


def _model_ruler(nlp) -> AttributeRuler:
    """A spaCy AttributeRuler with the model's rules (the pipeline holds the indexed one)."""
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns(nlp.get_pipe("attribute_ruler").patterns)
    return ruler


def _differences(spacy_ruler, indexed, doc: Doc) -> list[str]:
    a, b = doc.copy(), doc.copy()
    spacy_ruler(a)
    indexed(b)
    if np.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS)):
        return []
    return [f"{x.i} {x.text!r}: {(x.tag_, x.pos_, str(x.morph), x.lemma_, x.dep_)} != "
            f"{(y.tag_, y.pos_, str(y.morph), y.lemma_, y.dep_)}" for x, y in zip(a, b)
            if (x.tag, x.pos, x.morph, x.lemma, x.dep) != (y.tag, y.pos, y.morph, y.lemma, y.dep)]


def test_the_pipeline_indexes_the_models_rules(nlp) -> None:
    indexed = nlp.get_pipe("attribute_ruler")
    assert isinstance(indexed, IndexedAttributeRuler)
    assert len(indexed.attrs) == len(nlp.get_pipe("attribute_ruler").attrs) > 100
    assert indexed.longer, "the model's rules over two tokens (gon na, let 's) are indexed too"


def test_same_annotations_as_spacys_ruler_on_the_samples_and_informal_text(nlp) -> None:
    spacy_ruler, indexed = _model_ruler(nlp), nlp.get_pipe("attribute_ruler")
    texts = [a.text for a in iter_articles([SAMPLES])] + [TRICKY, " ", "\n\n", "ai n't"]
    for text in texts:
        assert _differences(spacy_ruler, indexed, _parsed(nlp, text)) == [], text[:60]
    # the informal text does exercise the rules over two tokens and the exceptions
    doc = _parsed(nlp, TRICKY)
    indexed(doc)
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert (lemmas["gon"], lemmas["na"], lemmas["gets"]) == ("go", "to", "get")


def test_rule_order_operators_and_negative_index_behave_as_in_spacy(nlp) -> None:
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "talks"}]], {"LEMMA": "first"})
    ruler.add([[{"TAG": {"IN": ["NNS", "NNPS"]}}]], {"LEMMA": "plural"})
    ruler.add([[{"LOWER": "talks"}]], {"LEMMA": "talk"})  # later wins over both
    ruler.add([[{"LOWER": {"REGEX": "^cease"}}, {"LOWER": "-"}, {"LOWER": "fire"}]], {"POS": "NOUN"}, index=-1)
    ruler.add([[{"DEP": {"NOT_IN": ["nsubj", ""]}, "TAG": "NNP"}]], {"MORPH": "Number=Sing|NounType=Prop"})
    ruler.add([[{"IS_SPACE": True}]], {"TAG": "_SP"})
    ruler.add([[{}, {"LOWER": "said"}]], {"LEMMA": "speaker"})  # a token with no condition: tried everywhere
    indexed = from_ruler(nlp.vocab, ruler)
    assert indexed is not None
    text = "Peace talks on a cease - fire with Hamas stalled in Cairo, Egypt said.  Talks resume Monday."
    doc = _parsed(nlp, text)
    assert _differences(ruler, indexed, doc) == []
    indexed(doc)
    assert [t.lemma_ for t in doc if t.lower_ == "talks"] == ["talk", "talk"]
    assert doc[[t.text for t in doc].index("said") - 1].lemma_ == "speaker"


def test_rules_the_index_cannot_take_keep_spacys_ruler(nlp) -> None:
    for pattern in ([{"LOWER": "a", "OP": "+"}], [{"MORPH": {"IS_SUPERSET": ["Number=Sing"]}}],
                    [{"LENGTH": {">=": 3}}], [{"_": {"kind": "x"}}]):
        ruler = AttributeRuler(nlp.vocab)
        ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
        ruler.add([pattern], {"POS": "X"})
        assert from_ruler(nlp.vocab, ruler) is None, pattern


def test_doctests() -> None:
    result = doctest.testmod(attributes)
    assert result.attempted > 0 and result.failed == 0


def test_remembered_rows_stay_bounded(nlp, monkeypatch) -> None:
    monkeypatch.setattr(attributes, "_SEEN_LIMIT", 5)
    indexed = from_ruler(nlp.vocab, _model_ruler(nlp))
    assert indexed is not None
    spacy_ruler = _model_ruler(nlp)
    for text in (TRICKY, TRICKY.upper(), "Ministers met in Geneva on Tuesday."):
        doc = _parsed(nlp, text)
        assert _differences(spacy_ruler, indexed, doc) == []
        assert len(indexed._rows) <= 5 + len(doc)  # cleared before a doc when over the limit
