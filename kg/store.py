"""The embedded triple store: pyoxigraph on disk, one atomic update per article.

Only this module talks to pyoxigraph directly for writes; readers use :meth:`KGStore.select`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import vocab

DEFAULT_STORE = "kg-store"

#: Below this many quads, new articles are written in one transaction instead of a bulk load: a bulk load
#: costs ~80 ms however small (it writes and syncs a file per index), a transaction ~20 µs per quad.
BULK_MIN_QUADS = 5_000

#: Properties of a canonical actor that have one value (ontology/shapes.ttl): a newer article's value
#: replaces the stored one, so that two articles never leave an actor with two names or two CAMEO codes.
_FUNCTIONAL = tuple(
    ox.NamedNode(iri)
    for iri in (vocab.SCHEMA + "name", vocab.RDFS + "label", vocab.GEO + "country", vocab.GEO + "cameoCode", vocab.OWL + "sameAs")
)
_TYPE = ox.NamedNode(vocab.RDF + "type")
_HASH = ox.NamedNode(vocab.GEO + "contentHash")
_KINDS = {ox.NamedNode(vocab.GEO + k) for k in ("Country", "Person", "Organization", "MediaOrganization", "Group", "AnonymousSource")}

#: SPARQL prefixes known to every query run through :meth:`KGStore.select`.
PREFIXES: dict[str, str] = dict(vocab.PREFIXES)

RowValue = str | int | float | bool | None


def term_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> RowValue:
    """Turn a pyoxigraph term into a plain Python value (IRIs and blank nodes as strings)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt == vocab.XSD + "boolean":
            return term.value == "true" or term.value == "1"
        if dt in (vocab.XSD + "integer", vocab.XSD + "int", vocab.XSD + "long", vocab.XSD + "nonNegativeInteger"):
            return int(term.value)
        if dt in (vocab.XSD + "decimal", vocab.XSD + "double", vocab.XSD + "float"):
            return float(term.value)
        return term.value
    return term.value


def to_term(value: Any) -> ox.NamedNode | ox.Literal:
    """A Python value as a term for query substitution: strings that look like IRIs become IRIs."""
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(vocab.XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(vocab.XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(vocab.XSD + "double"))
    text = str(value)
    if text.startswith(("http://", "https://", "urn:")):
        try:
            return ox.NamedNode(text)
        except ValueError:  # not a valid IRI ("http://a b"): a plain string then
            pass
    return ox.Literal(text)


class KGStore:
    """A knowledge graph on disk (or in memory when ``path`` is None).

    Examples
    --------
    >>> store = KGStore(None)
    >>> store.triple_count()
    0
    """

    def __init__(self, path: str | Path | None = DEFAULT_STORE, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(self.path))
        else:
            self._store = ox.Store(str(self.path))

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store`."""
        return self._store

    # -- reading -----------------------------------------------------------------------------

    def select(self, query: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, RowValue]]:
        """Run a SPARQL SELECT; rows as dicts of plain values. ``bindings`` are substituted, never pasted."""
        return list(self.iter_select(query, bindings))

    def iter_select(self, query: str, bindings: Mapping[str, Any] | None = None) -> Iterator[dict[str, RowValue]]:
        solutions = self.query(query, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError("select() needs a SELECT query")
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            yield {n: term_value(solution[n]) for n in names}

    def query(self, query: str, bindings: Mapping[str, Any] | None = None) -> Any:
        """Run any SPARQL query; returns pyoxigraph's result object.

        ``bindings`` give variables a value without pasting text into the query: pyoxigraph substitutes
        them, and for a variable it refuses (one a SELECT does not project, such as a FILTER parameter)
        the value is joined in as a ``VALUES`` row serialised by pyoxigraph, so quotes and braces in a
        value stay inside its literal.
        """
        subs = {ox.Variable(k): to_term(v) for k, v in (bindings or {}).items()}
        if not subs:
            return self._store.query(query, prefixes=PREFIXES)
        try:
            return self._store.query(query, prefixes=PREFIXES, substitutions=subs)
        except RuntimeError as exc:  # "does not contain variable ?x in its SELECT projection"
            if "projection" not in str(exc):
                raise
        return self._store.query(_with_values(query, subs), prefixes=PREFIXES)

    def triple_count(self) -> int:
        return len(self._store)

    def article_hash(self, article_iri: str) -> str | None:
        """The content hash stored for an article, or None when it is not in the store."""
        for quad in self._store.quads_for_pattern(
            ox.NamedNode(article_iri), ox.NamedNode(vocab.GEO + "contentHash"), None, ox.DefaultGraph()
        ):
            return str(quad.object.value)
        return None

    def article_ids(self) -> list[str]:
        rows = self.select("SELECT ?id WHERE { ?a a schema:NewsArticle ; dct:identifier ?id } ORDER BY ?id")
        return [str(r["id"]) for r in rows]

    # -- writing -----------------------------------------------------------------------------

    def _article_subjects(self, article: ox.NamedNode) -> tuple[list[ox.NamedNode], list[ox.NamedNode]]:
        """Default-graph subjects minted for one article, and its claim graphs."""
        derived = ox.NamedNode(vocab.PROV + "wasDerivedFrom")
        qualified = ox.NamedNode(vocab.PROV + "qualifiedAttribution")
        mentioned = ox.NamedNode(vocab.GEO + "mentionedIn")
        claims = [q.subject for q in self._store.quads_for_pattern(None, derived, article, ox.DefaultGraph())]
        subjects: list[ox.NamedNode] = [article, *claims]
        for claim in claims:
            subjects += [q.object for q in self._store.quads_for_pattern(claim, qualified, None, ox.DefaultGraph())]
        prefix = vocab.ID + "source/" + article.value.rsplit("/", 1)[-1] + "/"
        subjects += [
            q.subject
            for q in self._store.quads_for_pattern(None, mentioned, article, ox.DefaultGraph())
            if q.subject.value.startswith(prefix)
        ]
        return subjects, claims

    def _removals(self, article: ox.NamedNode) -> tuple[list[ox.Quad], list[ox.NamedNode]]:
        subjects, claims = self._article_subjects(article)
        old: list[ox.Quad] = []
        for s in subjects:
            old += list(self._store.quads_for_pattern(s, None, None, ox.DefaultGraph()))
        old += list(
            self._store.quads_for_pattern(None, ox.NamedNode(vocab.GEO + "mentionedIn"), article, ox.DefaultGraph())
        )
        return old, claims

    def _superseded(self, new: list[ox.Quad]) -> list[ox.Quad]:
        """Stored single-valued facts about canonical actors that ``new`` gives another value for."""
        prefix = vocab.ID + "actor/"
        given: dict[tuple[ox.NamedNode, ox.NamedNode], set[Any]] = {}
        for q in new:
            if not isinstance(q.graph_name, ox.DefaultGraph) or not q.subject.value.startswith(prefix):
                continue
            if q.predicate in _FUNCTIONAL or (q.predicate == _TYPE and q.object in _KINDS):
                given.setdefault((q.subject, q.predicate), set()).add(q.object)
        return self._stale(given)

    def _stale(self, given: Mapping[tuple[Any, Any], set[Any]]) -> list[ox.Quad]:
        stale: list[ox.Quad] = []
        for (subject, predicate), values in given.items():
            for q in self._store.quads_for_pattern(subject, predicate, None, ox.DefaultGraph()):
                if q.object in values:
                    continue
                if predicate != _TYPE or q.object in _KINDS:
                    stale.append(q)
        return stale

    def replace_article(self, article_iri: str, quads: Iterable[ox.Quad]) -> int:
        """Replace everything an article contributed with ``quads``, atomically. Returns quads written.

        Canonical actor descriptions are shared between articles and are kept; everything minted for the
        article (its claims, their graphs, attributions, anonymous sources, mentions) is removed first.
        """
        article = ox.NamedNode(article_iri)
        new = list(dict.fromkeys(quads))
        old, claims = self._removals(article)
        old = list(dict.fromkeys([*old, *self._superseded(new)]))
        parts = [f"DROP SILENT GRAPH {g}" for g in claims]
        if old:
            parts.append("DELETE DATA { " + " ".join(_quad_text(q) for q in old) + " }")
        if new:
            parts.append("INSERT DATA { " + " ".join(_quad_text(q) for q in new) + " }")
        if parts:
            self._store.update(" ;\n".join(parts))
        return len(new)

    def replace_articles(self, batch: Sequence[tuple[str, Iterable[ox.Quad]]], *, bulk: bool = True) -> list[int | Exception]:
        """:meth:`replace_article` for many articles at once, with the same result as calling it in order.

        Returns, per article, the number of quads written or the exception that stopped it (the article's
        old data is then kept).  The quads are serialised once (:func:`nquads`) and written by
        :meth:`replace_nquads`.
        """
        return self.replace_nquads([(iri, nquads(quads)) for iri, quads in batch], bulk=bulk)

    def replace_nquads(self, batch: Sequence[tuple[str, bytes]], *, bulk: bool = True) -> list[int | Exception]:
        """:meth:`replace_articles` for articles given as N-Quads (one distinct quad per line, as
        :func:`nquads` and :func:`pyoxigraph.serialize` write them): the write path of ``kg build``.

        Articles new to the store whose single-valued actor facts agree with the store and with each other
        (the usual case) are written as they are: no quad is turned into a Python object.  They go in with
        pyoxigraph's ``bulk_load`` when ``bulk`` (in one transaction when they are fewer than
        :data:`BULK_MIN_QUADS`), their ``geo:contentHash`` last, in a transaction of its own, so an
        interrupted load leaves articles without a hash, which the next build rebuilds.  A batch that
        replaces or supersedes anything is one SPARQL update (one transaction).  When that fails the
        articles are written one by one, so that one bad article only costs itself.
        """
        items = [(iri, data if not data or data.endswith(b"\n") else data + b"\n") for iri, data in batch]
        results: list[int | Exception] = []
        start = 0
        seen: set[str] = set()
        for i, (iri, _) in enumerate(items):  # an article twice in a batch: the second write must see the first
            if iri in seen:
                results += self._replace_text_batch(items[start:i], bulk)
                start, seen = i, set()
            seen.add(iri)
        results += self._replace_text_batch(items[start:], bulk)
        return results

    def _stored(self, article: ox.NamedNode) -> bool:
        """Whether anything minted for the article is in the store (what :meth:`_removals` would find)."""
        dg = ox.DefaultGraph()
        for pattern in ((article, None, None, dg), (None, _DERIVED, article, dg), (None, _MENTIONED, article, dg)):
            for _ in self._store.quads_for_pattern(*pattern):
                return True
        return False

    def _replace_text_batch(self, items: list[tuple[str, bytes]], bulk: bool) -> list[int | Exception]:
        if not items:
            return []
        if bulk:
            data = b"\n" + b"".join(d for _, d in items)  # every line after a newline
            try:
                given, conflicting = _functional_text(data)
                fast = (not conflicting and not any(self._stored(ox.NamedNode(iri)) for iri, _ in items)
                        and not self._stale_text(given))
            except Exception:  # noqa: BLE001  (e.g. an invalid IRI: the general path reports it per article)
                fast = False
            if fast:
                body, hashes = _split_hashes(data)
                try:
                    self._bulk_load_text(items, body, hashes)
                except Exception:  # noqa: BLE001  (one bad article: find it, write the others)
                    return [self._replace_one_text(iri, d) for iri, d in items]
                return [d.count(b"\n") for _, d in items]
        parsed: list[tuple[str, list[ox.Quad]]] = []
        failed: dict[int, Exception] = {}
        for i, (iri, data) in enumerate(items):
            try:
                parsed.append((iri, _parse(data)))
            except Exception as err:  # noqa: BLE001  (not N-Quads: this article fails, its old data stays)
                failed[i] = err
        written = iter(self._replace_batch(parsed, bulk))
        return [failed[i] if i in failed else next(written) for i in range(len(items))]

    def _replace_one_text(self, iri: str, data: bytes) -> int | Exception:
        try:
            return self.replace_article(iri, _parse(data))
        except Exception as err:  # noqa: BLE001
            return err

    def _stale_text(self, given: Mapping[tuple[str, str], set[str]]) -> bool:
        """Whether the store has another value for any of the single-valued facts ``given`` (as N-Triples)."""
        dg = ox.DefaultGraph()
        for (subject, predicate), values in given.items():
            is_type = predicate == _TYPE_TEXT
            for q in self._store.quads_for_pattern(ox.NamedNode(subject[1:-1]), ox.NamedNode(predicate[1:-1]), None, dg):
                if is_type and q.object not in _KINDS:
                    continue
                if str(q.object) not in values:
                    return True
        return False

    def _bulk_load_text(self, items: list[tuple[str, bytes]], body: bytes, hashes: bytes) -> None:
        try:
            if body.count(b"\n") < BULK_MIN_QUADS:  # small: one transaction is faster than a bulk load
                self._store.load(body, format=ox.RdfFormat.N_QUADS)
            else:
                self._store.bulk_load(body, format=ox.RdfFormat.N_QUADS)
        except Exception:
            for iri, _ in items:  # take back what got in; the hash was not written, so nothing is skipped later
                self.remove_article(iri)
            raise
        if hashes:
            self._store.load(hashes, format=ox.RdfFormat.N_QUADS)

    def _replace_batch(self, items: list[tuple[str, list[ox.Quad]]], bulk: bool) -> list[int | Exception]:
        if not items:
            return []
        try:
            given, conflicting = _functional(items)
            if conflicting:
                items = _last_value_wins(items, given)
            old: list[ox.Quad] = []
            claims: list[ox.NamedNode] = []
            for iri, _ in items:
                o, c = self._removals(ox.NamedNode(iri))
                old += o
                claims += c
            new = [q for _, quads in items for q in quads]
            old = list(dict.fromkeys([*old, *self._stale({k: v for k, (_, v) in given.items()})]))
            if bulk and not old and not claims:
                self._bulk_insert(items)
            else:
                parts = [f"DROP SILENT GRAPH {g}" for g in claims]
                if old:
                    parts.append("DELETE DATA { " + " ".join(_quad_text(q) for q in old) + " }")
                if new:
                    parts.append("INSERT DATA { " + " ".join(_quad_text(q) for q in dict.fromkeys(new)) + " }")
                if parts:
                    self._store.update(" ;\n".join(parts))
            return [len(quads) for _, quads in items]
        except Exception:  # noqa: BLE001  (one bad article: find it, write the others)
            out: list[int | Exception] = []
            for iri, quads in items:
                try:
                    out.append(self.replace_article(iri, quads))
                except Exception as err:  # noqa: BLE001
                    out.append(err)
            return out

    def _bulk_insert(self, items: list[tuple[str, list[ox.Quad]]]) -> None:
        body: list[ox.Quad] = []
        hashes: list[ox.Quad] = []
        for _, quads in items:
            for q in quads:
                (hashes if q.predicate == _HASH else body).append(q)
        try:
            self._store.bulk_load(ox.serialize(body, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        except Exception:
            for iri, _ in items:  # take back what got in; the hash was not written, so nothing is skipped later
                self.remove_article(iri)
            raise
        self._store.extend(hashes)

    def remove_article(self, article_iri: str) -> None:
        self.replace_article(article_iri, [])

    def load_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction (code lists, ontology)."""
        self._store.extend(quads)

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def optimize(self) -> None:
        """Compact the on-disk store (RocksDB) after large writes.

        Bulk loads leave many overlapping files that every index look-up must search; compacting them made
        the named queries' look-ups ~1.5-2x faster on a 1.2M-quad store (``scripts/bench.py``).  Takes
        seconds per million quads; a no-op for an in-memory store.
        """
        if self.path is not None:
            self._store.optimize()


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_GROUP = re.compile(r"\b(?:SELECT|ASK|DESCRIBE)\b[^{]*\{", re.IGNORECASE)  # SELECT * { ... }, ASK { ... }


def _with_values(query: str, subs: Mapping[ox.Variable, Any]) -> str:
    """``query`` with ``VALUES (?a ?b) { (term term) }`` opening its WHERE group."""
    match = _WHERE.search(query) or _GROUP.search(query)
    if match is None:
        raise SyntaxError("cannot find the WHERE clause to bind " + ", ".join(str(v) for v in subs))
    names = " ".join(str(v) for v in subs)
    values = " ".join(str(t) for t in subs.values())
    return f"{query[:match.end()]} VALUES ({names}) {{ ({values}) }} {query[match.end():]}"


_SINGLE = frozenset([*_FUNCTIONAL, _TYPE])


def _functional(items: list[tuple[str, list[ox.Quad]]]) -> tuple[dict[tuple[Any, Any], tuple[int, set[Any]]], bool]:
    """Single-valued actor facts of a batch: (subject, predicate) -> (last article giving it, its values),
    and whether two articles give different values for one of them."""
    prefix = vocab.ID + "actor/"
    last: dict[tuple[Any, Any], tuple[int, set[Any]]] = {}
    conflicting = False
    for i, (_, quads) in enumerate(items):
        mine: dict[tuple[Any, Any], set[Any]] = {}
        for q in quads:
            p = q.predicate
            if p not in _SINGLE or (p == _TYPE and q.object not in _KINDS):
                continue
            if isinstance(q.graph_name, ox.DefaultGraph) and q.subject.value.startswith(prefix):
                mine.setdefault((q.subject, p), set()).add(q.object)
        for key, values in mine.items():
            before = last.get(key)
            if before is not None and before[1] != values:
                conflicting = True
            last[key] = (i, values)
    return last, conflicting


def _last_value_wins(items: list[tuple[str, list[ox.Quad]]],
                     last: dict[tuple[Any, Any], tuple[int, set[Any]]]) -> list[tuple[str, list[ox.Quad]]]:
    """Drop single-valued actor facts that a later article of the batch gives another value for (as
    :meth:`KGStore.replace_article` in order would have deleted them)."""
    out = []
    for i, (iri, quads) in enumerate(items):
        kept = []
        for q in quads:
            p = q.predicate
            owner = last.get((q.subject, p)) if p in _SINGLE and isinstance(q.graph_name, ox.DefaultGraph) else None
            if owner is not None and owner[0] > i and q.object not in owner[1] and (p != _TYPE or q.object in _KINDS):
                continue
            kept.append(q)
        out.append((iri, kept))
    return out


def _quad_text(q: ox.Quad) -> str:
    if isinstance(q.graph_name, ox.DefaultGraph):
        return f"{q.subject} {q.predicate} {q.object} ."
    return f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"


_DERIVED = ox.NamedNode(vocab.PROV + "wasDerivedFrom")
_MENTIONED = ox.NamedNode(vocab.GEO + "mentionedIn")
_TYPE_TEXT = str(_TYPE)
_NQ = ox.RdfFormat.N_QUADS


def nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Quads as N-Quads, each distinct quad once, one per line: what :meth:`KGStore.replace_nquads` takes."""
    return ox.serialize(dict.fromkeys(quads), format=_NQ)


def _parse(data: bytes) -> list[ox.Quad]:
    return list(dict.fromkeys(ox.parse(data, format=_NQ))) if data else []


# One N-Quads line: subject, predicate, object, optional graph.  IRIs hold no space, '>' or newline;
# literals are quoted with their quotes and backslashes escaped (N-Quads has no multi-line literals).
_LIT = rb'"(?:[^"\\\n]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>\n]*>)?'
_TERM = rb"(?:<[^>\n]*>|_:[^ \n]+|" + _LIT + rb")"
_DEFAULT_LINE = re.compile(rb"(<[^>\n]*>) (<[^>\n]*>) (" + _TERM + rb") \.[ \t\r]*")  # in the default graph


def _lines_with(data: bytes, needle: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``data`` (newline-terminated N-Quads) in which ``needle`` occurs."""
    i = data.find(needle)
    while i >= 0:
        start = data.rfind(b"\n", 0, i) + 1
        end = data.find(b"\n", i)
        if end < 0:
            end = len(data)
        yield start, end
        i = data.find(needle, end)


_ACTOR_START = b"<" + vocab.ID.encode() + b"actor/"
_ACTOR_LINE = b"\n" + _ACTOR_START
#: The rest of a default-graph line after the actor namespace: subject, predicate, object.
_ACTOR_REST = re.compile(rb"([^>\n]*>) (<[^>\n]*>) (" + _TERM + rb") \.[ \t\r]*")
_FACT_PREDICATES = frozenset(str(p).encode() for p in _FUNCTIONAL)
_TYPE_BYTES = str(_TYPE).encode()
_KIND_BYTES = frozenset(str(k).encode() for k in _KINDS)


def _functional_text(data: bytes) -> tuple[dict[tuple[str, str], set[str]], bool]:
    """The single-valued actor facts of a batch of N-Quads: (subject, predicate) -> objects, as N-Triples
    text, and whether one of them has more than one value (two articles disagree, or :func:`_functional`
    must sort it out).  ``data`` starts with a newline.  Only lines about a canonical actor are looked at,
    each distinct one once (actors recur across articles), found and cut by ``bytes`` methods in C."""
    given: dict[tuple[str, str], set[str]] = {}
    pieces = data.split(_ACTOR_LINE)[1:]  # each: an actor line without its namespace, maybe more lines
    for rest in {piece if (end := piece.find(b"\n")) < 0 else piece[:end] for piece in pieces}:
        parts = rest.split(b" ", 2)
        if len(parts) < 3 or not (parts[1] in _FACT_PREDICATES or parts[1] == _TYPE_BYTES
                                  and parts[2].rstrip(b" .\t\r") in _KIND_BYTES):
            continue
        m = _ACTOR_REST.fullmatch(rest)
        if m is None:  # another graph, or not N-Quads (then the load reports it)
            continue
        s, p, o = m.groups()
        if p == _TYPE_BYTES and o not in _KIND_BYTES:
            continue
        given.setdefault(((_ACTOR_START + s).decode(), p.decode()), set()).add(o.decode())
    return given, any(len(values) > 1 for values in given.values())


_HASH_TEXT = str(_HASH).encode()
_HASH_NEEDLE = b"> " + _HASH_TEXT + b" "


def _split_hashes(data: bytes) -> tuple[bytes, bytes]:
    """N-Quads without their default-graph ``geo:contentHash`` lines, and those lines."""
    body: list[bytes] = []
    hashes: list[bytes] = []
    at = 0
    for start, end in _lines_with(data, _HASH_NEEDLE):
        m = _DEFAULT_LINE.fullmatch(data, start, end)
        if m is not None and m.group(2) == _HASH_TEXT:
            body.append(data[at:start])
            hashes.append(data[start:end] + b"\n")
            at = end + 1
    if not hashes:
        return data, b""
    body.append(data[at:])
    return b"".join(body), b"".join(hashes)
