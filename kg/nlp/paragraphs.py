"""``geokg_paragraphs``: a paragraph break always ends a sentence (headings stay on their own)."""

from __future__ import annotations

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("geokg_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    # A line break is in a space token (a token's trailing whitespace_ is one space or nothing), so only the
    # space tokens are looked at: their indices come from one C call instead of a Token per token.
    last = len(doc) - 1
    for i in doc.to_array(IS_SPACE).nonzero()[0].tolist():
        if i < last and "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc
