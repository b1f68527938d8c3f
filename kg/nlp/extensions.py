"""Custom attributes the geokg components set on a Doc (``doc._.<name>``)."""

from __future__ import annotations

from spacy.tokens import Doc

#: name -> default; every component documents which of these it writes.
DOC_EXTENSIONS = {
    "published": None,  # datetime.date | None: set by make_doc before the pipeline runs
    "article_id": None,
    "actors": None,  # dict[str, Actor]: canonical actors mentioned in the doc
    "mentions": None,  # dict[int, str]: token index -> actor key (every token of every actor mention)
    "mention_spans": None,
    "groups": None,  # dict[int, list[str]]: token index -> several actor keys ("they", "the two sides")  # list[tuple[int, int, str]]: (start, end, key) of actor mentions
    "triggers": None,  # dict[int, Trigger]: token index of the trigger head -> lexicon entry
    "reports": None,  # list[Report]
    "polarity": None,  # dict[int, Polarity]: trigger index -> negation/modality
    "dates": None,  # list[tuple[int, int, DateValue | None]]: DATE entities and their values
}


def register() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
