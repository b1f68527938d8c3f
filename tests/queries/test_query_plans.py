"""The named queries are written for pyoxigraph's evaluator (anchors, LATERAL stages, guarded UNIONs: see
"Query plans" in kg/queries.py).  These tests check that they mean what the plain formulations in
queries/portable/ mean: the same columns, the same rows (as a multiset, every value compared as an RDF
term) and the same order of the ORDER BY keys, with and without their parameters, on the samples store.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kg.queries import NamedQueryError, bind, get_query, list_queries, page_text
from kg.store import KGStore

pytestmark = pytest.mark.slow
REFERENCE = Path(__file__).resolve().parents[2] / "queries" / "portable"
SEED = "seed-article-us-rejects-ceasefire"

#: Parameter sets per query: none (where allowed), the example's, and others that reach other branches.
PARAMS: dict[str, list[dict[str, str]]] = {
    "actor-timeline": [{"actor": "Q30"}, {"actor": "Q30", "from": "2023-01-01"}, {"actor": "Q1037"},
                       {"actor": "Q1037", "from": "2025-01-20", "to": "2025-01-31"},
                       {"actor": "Q843", "to": "2025-05-07"}, {"actor": "Q7747"}],
    "anonymous-sources": [{}, {"article": SEED}, {"article": "india-pakistan-strikes-may-2025"},
                          {"article": "philippines-china-second-thomas-shoal-2024"}, {"article": "no-such-article"}],
    "country-balance": [{}, {"country": "RWA"}, {"country": "USA"}, {"country": "XXX"}],
    "denials": [{}, {"actor": "Rwanda"}, {"actor": "Q843"}, {"actor": "Q30"}],
    "disputed-claims": [{}, {"article": SEED}, {"article": "drc-rwanda-m23-goma-2025"},
                        {"article": "india-pakistan-strikes-may-2025"}],
    "events-between": [{"a": "Q974", "b": "Q1037"}, {"a": "Q1037", "b": "Q974", "within": "false"},
                       {"a": "Q974", "b": "Q1037", "from": "2025-01-26", "to": "2025-01-31"},
                       {"a": "Q974", "b": "Q1037", "to": "2020-01-01"}, {"a": "Q843", "b": "Q668"},
                       {"a": "Q668", "b": "Q843", "within": "false"}, {"a": "Q30", "b": "Q7747"}],
    "proposals": [{}, {"actor": "Q7747"}, {"actor": "Q846"}, {"actor": "Q843"}],
    "rejections": [{}, {"actor": "United States"}, {"actor": "Q148"}, {"actor": "Q843"}],
}
CASES = [(name, params) for name, sets in PARAMS.items() for params in sets]


def _rows(store: KGStore, text: str, bound: dict[str, Any], *,
          plain: bool = False) -> tuple[list[str], list[tuple[str | None, ...]]]:
    """Columns and rows, each value as an RDF term (N-Triples), or ``plain``: its lexical value (for ordering)."""
    solutions = store.query(text, bound)
    names = [v.value for v in solutions.variables]
    cell = (lambda t: t.value) if plain else str
    return names, [tuple(None if s[n] is None else cell(s[n]) for n in names) for s in solutions]


def _order_key(text: str, names: list[str]):  # type: ignore[no-untyped-def]
    """The ORDER BY of ``text`` as a function of a row: ``?x`` is column x, ``(!BOUND(?x))`` whether x is unbound."""
    clause = text[text.rindex("ORDER BY") + len("ORDER BY"):]
    keys = [(m.group(1) or m.group(2), bool(m.group(1))) for m in re.finditer(r"\(!BOUND\(\?(\w+)\)\)|\?(\w+)", clause)]
    assert keys, "no ORDER BY keys"
    index = {n: i for i, n in enumerate(names)}
    return lambda row: tuple((row[index[k]] is None) if unbound else row[index[k]] for k, unbound in keys)


def test_every_named_query_has_a_reference_and_cases() -> None:
    assert {q.name for q in list_queries()} == {q.name for q in list_queries(REFERENCE)} == set(PARAMS)


@pytest.mark.parametrize(("name", "params"), CASES, ids=[f"{n}-{'-'.join(p.values()) or 'all'}" for n, p in CASES])
def test_rewritten_query_returns_the_reference_rows(samples_store: KGStore, name: str, params: dict[str, str]) -> None:
    query, reference = get_query(name), get_query(name, REFERENCE)
    names, rows = _rows(samples_store, query.text, bind(samples_store, query, params))
    ref_names, ref_rows = _rows(samples_store, reference.text, bind(samples_store, reference, params))
    assert names == ref_names
    assert Counter(rows) == Counter(ref_rows)
    key = _order_key(reference.text, names)
    assert [key(r) for r in rows] == [key(r) for r in ref_rows]


def test_the_cases_reach_rows(samples_store: KGStore) -> None:
    """The comparison above is only worth something if the cases return rows: every query has some that do."""
    for name, sets in PARAMS.items():
        query = get_query(name)
        assert any(_rows(samples_store, query.text, bind(samples_store, query, p))[1] for p in sets), name


# -- pages ----------------------------------------------------------------------------------------------------

PAGED = [(name, params) for name, params in CASES if name != "country-balance"]


def test_every_event_listing_picks_its_items_before_their_columns() -> None:
    """Every query but the aggregate one has a ``# page:`` line, so that a page costs only its items."""
    assert {q.name for q in list_queries() if q.paged} == {name for name, _ in PAGED}
    assert not get_query("country-balance", REFERENCE).paged


def _check_pages(store: KGStore, name: str, params: dict[str, str]) -> int:
    """Pages of 2 items put together give the whole result, each page in the query's order and each after the
    one before in the order of the page key; returns the number of rows."""
    query = get_query(name)
    bound = bind(store, query, params)
    names, whole = _rows(store, query.text, bound, plain=True)
    key = _order_key(query.text, names)
    size, offset, pages = 2, 0, []
    while True:
        page = _rows(store, page_text(query, size, offset), bound, plain=True)[1]
        if not page:
            break
        assert [key(r) for r in page] == sorted(key(r) for r in page)  # each page in the query's order
        if pages:  # each item gives a row: only the last page may hold fewer rows than its size
            assert len(pages[-1]) >= size
        pages.append(page)
        offset += size
        assert offset <= 2 * len(whole) + size, "pages never end"
    assert Counter(r for p in pages for r in p) == Counter(whole)
    # Pages follow each other in the order of the page key (the date, or the article and the item).
    col = names.index("start" if "start" in names else "article")
    last = [max(r[col] or "\uffff" for r in p) for p in pages]
    first = [min(r[col] or "\uffff" for r in p) for p in pages]
    assert all(a <= b for a, b in zip(last, first[1:]))
    if "start" not in names:  # the article-ordered listings: their page key is exact, so are the pages
        assert [key(r) for p in pages for r in p] == sorted(key(r) for r in whole)
    return len(whole)


@pytest.mark.parametrize(("name", "params"), PAGED, ids=[f"{n}-{'-'.join(p.values()) or 'all'}" for n, p in PAGED])
def test_pages_put_together_give_the_whole_result(samples_store: KGStore, name: str, params: dict[str, str]) -> None:
    _check_pages(samples_store, name, params)


#: Article ids that are prefixes of each other, followed by characters that sort before and after "/".
PREFIXED = ("", "-2", ".2", "-2-1", "2", "_2")
LISTINGS = ["anonymous-sources", "denials", "disputed-claims", "proposals", "rejections"]


@pytest.fixture(scope="module")
def prefixed_store(samples_store: KGStore, tmp_path_factory: pytest.TempPathFactory) -> KGStore:
    """The samples store plus copies of every article under ids that extend its id (``x-2``, ``x.2`` ...)."""
    import pyoxigraph as ox

    dump = samples_store.oxigraph.dump(format=ox.RdfFormat.N_QUADS).decode()
    ids = [r["article"] for r in samples_store.select("SELECT ?article WHERE { ?a dct:identifier ?article }")]
    lines = [ln for ln in dump.splitlines() if ln]
    out = list(lines)
    for aid in ids:
        mine = [ln for ln in lines if f"/{aid}" in ln or f'"{aid}"' in ln]
        for suffix in PREFIXED[1:]:
            out += [ln.replace(f"/{aid}", f"/{aid}{suffix}").replace(f'"{aid}"', f'"{aid}{suffix}"') for ln in mine]
    store = KGStore(tmp_path_factory.mktemp("prefixed") / "kg-store")
    store.oxigraph.load("\n".join(out).encode(), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.mark.parametrize("name", LISTINGS)
def test_page_keys_sort_as_the_articles_when_ids_extend_each_other(prefixed_store: KGStore, name: str) -> None:
    """The listings' page keys are made from IRIs (``.../event/<article id>/<n>``), which sort differently
    from the ids when one id extends another with a character below "/" ("a-2" before "a/"): pages must
    still come in the order of the article ids."""
    assert _check_pages(prefixed_store, name, {}) > len(PREFIXED)


def test_a_page_of_the_aggregate_query_is_a_slice_of_its_rows(samples_store: KGStore) -> None:
    query = get_query("country-balance")
    whole = _rows(samples_store, query.text, {})[1]
    assert len(whole) > 2
    assert _rows(samples_store, page_text(query, 2, 1), {})[1] == whole[1:3]


def test_page_numbers_are_checked() -> None:
    query = get_query("proposals")
    assert page_text(query, None, 0) == page_text(query, 0) == query.text
    assert "LIMIT 5 OFFSET 10" in page_text(query, 5, 10)
    assert "OFFSET 3" in page_text(query, None, 3) and "LIMIT" not in page_text(query, None, 3).split("# page")[0][-40:]
    for bad in (-1, True, 2.5, "5"):
        with pytest.raises(NamedQueryError, match="whole number"):
            page_text(query, bad)  # type: ignore[arg-type]
