"""Ingest: news articles from .txt, .json, .jsonl and .html files into :class:`kg.types.Article`.

>>> from kg.ingest import iter_articles, InputError
>>> errors: list[InputError] = []
>>> articles = list(iter_articles(["corpus/"], errors=errors))  # doctest: +SKIP
"""

from .batch import FORMATS, iter_articles, read_file
from .errors import ERRORS, InputError
from .txt import parse_text

__all__ = ["ERRORS", "FORMATS", "InputError", "iter_articles", "parse_text", "read_file"]
