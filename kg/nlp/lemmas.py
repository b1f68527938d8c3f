"""``geokg_lemmas``: lemmas the model's rule lemmatizer gets wrong ("staged" -> "stag"), from the lexicon's
``lemma_fixes``, set right after the attribute ruler.

The lemmatizer only fills lemmas that are still unset, so these stay.  The same rules as ``{"LOWER": form}``
patterns of the attribute ruler would cost far more: every pattern added to its Matcher is tried on every
token (three of them slowed the ruler by a third).  Here one hash look-up per token does it.
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.lexicon import load_lexicon


@Language.factory("geokg_lemmas")
def make_lemma_fixes(nlp: Language, name: str) -> "LemmaFixes":
    return LemmaFixes(nlp.vocab, load_lexicon().lemma_fixes)


class LemmaFixes:
    def __init__(self, vocab: Vocab, fixes: dict[str, str]) -> None:
        # LOWER hash of the form -> LEMMA hash (the strings are added now, not inside a memory zone)
        self.fixes = {vocab.strings.add(form): vocab.strings.add(lemma) for form, lemma in fixes.items()}

    def __call__(self, doc: Doc) -> Doc:
        if self.fixes:
            for i, lower in enumerate(doc.to_array(LOWER).tolist()):
                lemma = self.fixes.get(lower)
                if lemma is not None:
                    doc[i].lemma = lemma
        return doc
