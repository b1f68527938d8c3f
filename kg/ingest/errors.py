"""Input error codes (one place, spaCy style) and the :class:`InputError` exception.

Every problem that stops a file (or one record of a JSON/JSONL file) from becoming an
:class:`~kg.types.Article` is an :class:`InputError` with a stable code.  The message
templates live in :data:`ERRORS`; raise with ``InputError("E101", path)``.
"""

from __future__ import annotations

import logging

logger = logging.getLogger("kg.ingest")

#: Code -> message template (``str.format`` fields are filled from keyword arguments).
ERRORS: dict[str, str] = {
    "E101": "empty file (nothing but whitespace)",
    "E102": "not UTF-8 text: {detail}",
    "E103": "malformed JSON: {detail}",
    "E104": "missing required field '{field}'{detail}",
    "E105": "file too large: {size} bytes (limit {limit}); split it or raise max_bytes",
    "E106": "not English: {detail}",
    "E107": "no text left after cleaning{detail}",
    "E108": "unreadable: {detail}",
    "E110": "extraction failed: {detail}",
    "E109": "unsupported file type '{suffix}' (expected .txt, .json, .jsonl, .html or .htm)",
    "E111": "record too large: {size} bytes on one line (limit {limit}); skipped",
}


class InputError(Exception):
    """A file (or one JSON record) that cannot be turned into an article.

    Parameters
    ----------
    code : str
        One of the keys of :data:`ERRORS`, e.g. ``"E101"``.
    path : str
        The file the problem is in.
    line : int or None
        1-based line number (JSON/JSONL records), when known.
    **fields
        Values for the placeholders of the message template.

    Attributes
    ----------
    code, path, line, message
        ``str(err)`` is ``"path:line: [code] message"`` (``"path: [code] message"`` without a line).
    """

    def __init__(self, code: str, path: str, line: int | None = None, **fields: object) -> None:
        template = ERRORS[code]
        fields.setdefault("detail", "")
        self.code = code
        self.path = str(path)
        self.line = line
        self.message = template.format(**fields)
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: [{self.code}] {self.message}"

    def __reduce__(self):  # keep picklable (multiprocessing / dask)
        return (_rebuild, (self.code, self.path, self.line, self.message))


def _rebuild(code: str, path: str, line: int | None, message: str) -> InputError:
    err = InputError.__new__(InputError)
    err.code, err.path, err.line, err.message = code, path, line, message
    Exception.__init__(err, str(err))
    return err


def report(err: InputError, errors: list[InputError] | None) -> None:
    """Log ``err`` on ``kg.ingest`` and append it to ``errors`` when a list is given."""
    logger.error("%s", err)
    if errors is not None:
        errors.append(err)
