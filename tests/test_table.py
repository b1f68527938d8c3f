"""kg.table: the event table, from hand-made extractions (no spaCy)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kg import rdf
from kg.errors import KGError
from kg.store import KGStore
from kg.table import FIELDS, FORMATS, event_rows, rows_text, write_rows
from kg.vocab import ID, article_iri

EXPECTED_FIELDS = ["article", "event", "type", "cameo", "plover", "agent", "target", "date", "negated", "sources",
                   "disputed", "sentence"]


@pytest.fixture
def store(make_extraction) -> KGStore:
    s = KGStore(None)
    for aid in ("a1", "b2"):
        ex = make_extraction(aid)
        s.replace_article(article_iri(aid), rdf.quads(ex))
    return s


def by_event(rows):  # type: ignore[no-untyped-def]
    return {r["event"].rsplit("/", 2)[-2] + "/" + r["event"].rsplit("/", 1)[-1]: r for r in rows}


def test_fields_are_exactly_the_documented_ones(store):
    assert list(FIELDS) == EXPECTED_FIELDS
    rows = list(event_rows(store))
    assert len(rows) == 8
    for row in rows:
        assert list(row) == EXPECTED_FIELDS


def test_row_values(store):
    rows = by_event(event_rows(store))
    r = rows["a1/1"]
    assert r["article"] == "a1"
    assert r["event"] == f"{ID}event/a1/1"
    assert (r["type"], r["cameo"], r["plover"]) == ("Proposal", "036", "AGREE")
    assert r["agent"] == {"label": "Ukraine", "wikidata": "Q212", "country": "UKR", "cameo": "UKR"}
    assert r["target"] == {"label": "Russia", "wikidata": "Q159", "country": "RUS", "cameo": "RUS"}
    assert r["date"] == "2024-02-13"
    assert r["negated"] is False
    assert r["sources"] == []
    assert r["sentence"] == "Ukraine proposed a ceasefire"
    assert rows["a1/2"]["date"] == "2023"
    assert rows["a1/3"]["date"] == "2024-02"
    assert rows["a1/4"]["target"] is None
    assert rows["a1/4"]["agent"] == {"label": "Ukrainian foreign ministry", "wikidata": None, "country": "UKR",
                                     "cameo": "UKRGOV"}
    assert rows["a1/3"]["agent"]["label"] == "three Russian sources"


def test_sources_are_ordered_nearest_first(store):
    rows = by_event(event_rows(store))
    assert rows["a1/3"]["sources"] == ["three Russian sources", "Western media"]
    assert rows["a1/4"]["sources"] == ["Ukrainian foreign ministry"]


def test_disputed_exactly_for_events_denied_from_another_claim(store, make_extraction):
    rows = by_event(event_rows(store))
    assert {k for k, r in rows.items() if r["disputed"]} == {"a1/3", "b2/3"}
    # a denial inside the same claim graph does not make the event disputed
    ex = make_extraction("c3")
    ex.events[3].claim = ex.events[2].claim
    s = KGStore(None)
    s.replace_article(article_iri("c3"), rdf.quads(ex))
    assert not any(r["disputed"] for r in event_rows(s))


def test_article_filter(store):
    rows = list(event_rows(store, article="b2"))
    assert len(rows) == 4 and {r["article"] for r in rows} == {"b2"}
    assert list(event_rows(store, article="nope")) == []
    # a value that would break a pasted query is just an unknown article
    assert list(event_rows(store, article='b2" || true) } #')) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_has_exactly_the_fields(store, fmt):
    text = rows_text(event_rows(store), fmt)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
    elif fmt == "json":
        rows = json.loads(text)
    else:
        rows = list(csv.DictReader(io.StringIO(text), delimiter="\t" if fmt == "tsv" else ","))
    assert len(rows) == 8
    for row in rows:
        assert list(row) == EXPECTED_FIELDS
    flat = by_event(rows)
    if fmt in ("csv", "tsv"):
        assert flat["a1/3"]["sources"] == "three Russian sources; Western media"
        assert flat["a1/3"]["disputed"] == "true"
        assert flat["a1/1"]["agent"] == "Ukraine"
        assert flat["a1/4"]["target"] == ""
    else:
        assert flat["a1/3"]["sources"] == ["three Russian sources", "Western media"]
        assert flat["a1/3"]["disputed"] is True
        assert flat["a1/1"]["agent"]["wikidata"] == "Q212"


def test_csv_sentences_stay_on_one_line(make_extraction):
    ex = make_extraction("nl")
    ex.events[0].evidence.sentence = 'Ukraine\nproposed, "a ceasefire"\tnow'
    s = KGStore(None)
    s.replace_article(article_iri("nl"), rdf.quads(ex))
    for fmt in ("csv", "tsv"):
        text = rows_text(event_rows(s), fmt)
        assert len(text.splitlines()) == 1 + 4
        rows = list(csv.DictReader(io.StringIO(text), delimiter="\t" if fmt == "tsv" else ","))
        assert rows[0]["sentence"] == 'Ukraine proposed, "a ceasefire" now'


def test_unknown_format_is_e402(store):
    with pytest.raises(KGError) as info:
        write_rows(event_rows(store), io.StringIO(), "xlsx")
    assert info.value.code == "E402"


def test_write_rows_counts(store):
    for fmt in FORMATS:
        assert write_rows(event_rows(store), io.StringIO(), fmt) == 8


def test_empty_store_gives_no_rows():
    assert list(event_rows(KGStore(None))) == []
    assert rows_text([], "csv").splitlines() == [",".join(EXPECTED_FIELDS)]
    assert rows_text([], "json").strip() == "[]"
