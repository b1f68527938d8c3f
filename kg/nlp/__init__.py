"""The spaCy pipeline: the statistical English model plus geokg's rule components.

Components (one module each, registered as spaCy factories):
``geokg_paragraphs`` (sentence breaks at paragraph breaks, before the parser), ``geokg_lemmas`` (lemma fixes,
after the attribute ruler), ``geokg_actors`` (actor ruler and
resolution), ``geokg_triggers`` (event trigger matcher), ``geokg_attribution`` (reporting chains),
``geokg_negation`` (negation and modality) and ``geokg_time`` (dates normalised against publication).
"""

from __future__ import annotations

from kg.nlp.pipeline import load_pipeline, make_doc, model_name

__all__ = ["load_pipeline", "make_doc", "model_name"]
