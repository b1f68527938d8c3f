"""``geokg_paragraphs``: a paragraph break always ends a sentence (headings stay on their own)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("geokg_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if prev.is_space and "\n" in prev.text:
            token.is_sent_start = True
        elif not token.is_space and "\n" in prev.whitespace_:
            token.is_sent_start = True
    return doc
