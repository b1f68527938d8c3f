"""Batched store writes, N-Quads shards and the process-pool build (kg.store, kg.shards, kg.parallel)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import rdf
from kg.pipeline import build, build_articles
from kg.shards import (
    ShardWriter,
    iter_shard,
    iter_shard_nquads,
    load_shards,
    shard_paths,
)
from kg.store import KGStore, nquads
from kg.types import Actor
from kg.vocab import GEO, SCHEMA, article_iri

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


def _dump(store: KGStore) -> list[str]:
    return sorted(store.oxigraph.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


def _renamed(ex, name: str):  # type: ignore[no-untyped-def]
    """The same extraction with the Russian actor under another name (a single-valued property)."""
    actors = dict(ex.actors)
    actors["Q159"] = dataclasses.replace(actors["Q159"], label=name)
    return dataclasses.replace(ex, actors=actors)


def test_batched_writes_equal_one_by_one(make_extraction):
    exs = [make_extraction("a1"), _renamed(make_extraction("a2"), "Russian Federation"), make_extraction("a3", variant=1),
           make_extraction("a1", variant=1)]  # a1 twice: the second replaces the first
    one, many = KGStore(None), KGStore(None)
    for ex in exs:
        one.replace_article(article_iri(ex.article.id), rdf.quads(ex))
    out = many.replace_articles([(article_iri(ex.article.id), list(rdf.quads(ex))) for ex in exs])
    assert all(isinstance(n, int) and n > 0 for n in out)
    assert _dump(many) == _dump(one)
    names = {q.object.value for q in many.oxigraph.quads_for_pattern(None, ox.NamedNode(SCHEMA + "name"), None)
             if q.subject.value.endswith("/Q159")}
    assert len(names) == 1


def test_batched_replacement_keeps_other_articles(make_extraction):
    one, many = KGStore(None), KGStore(None)
    first = [make_extraction("a1"), make_extraction("a2")]
    second = [make_extraction("a1", variant=1), _renamed(make_extraction("a3"), "Rossiya")]
    for ex in first + second:
        one.replace_article(article_iri(ex.article.id), rdf.quads(ex))
    for batch in (first, second):
        many.replace_articles([(article_iri(ex.article.id), list(rdf.quads(ex))) for ex in batch])
    assert _dump(many) == _dump(one)


def test_a_bad_article_in_a_batch_costs_only_itself(make_extraction, monkeypatch):
    store = KGStore(None)
    good = make_extraction("a1")
    bad_quads = list(rdf.quads(make_extraction("a2")))
    real = store._store.update

    def picky(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        if "/a2" in text:
            raise RuntimeError("disk full")
        return real(text, *args, **kwargs)

    def picky_load(data, *args, **kwargs):  # type: ignore[no-untyped-def]
        if b"/a2" in data:
            raise RuntimeError("disk full")
        return real_load(data, *args, **kwargs)

    real_load = store._store.load
    monkeypatch.setattr(store, "_store", _Proxy(store._store, update=picky, load=picky_load, bulk_load=_fail))
    out = store.replace_articles([(article_iri("a1"), list(rdf.quads(good))), (article_iri("a2"), bad_quads)])
    assert isinstance(out[0], int) and isinstance(out[1], RuntimeError)
    assert store.article_ids() == ["a1"]


def _fail(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise OSError("bulk load failed")


class _Proxy:
    def __init__(self, inner, **overrides):  # type: ignore[no-untyped-def]
        self._inner, self._overrides = inner, overrides

    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        return self._overrides.get(name) or getattr(self._inner, name)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._inner)

    def __len__(self) -> int:
        return len(self._inner)


@pytest.mark.parametrize("bulk_min", [0, 10**9])
def test_new_articles_are_bulk_loaded_with_their_hashes_last(make_extraction, monkeypatch, bulk_min):
    """New articles: one bulk load (or, when small, one transaction), then their hashes."""
    import kg.store

    monkeypatch.setattr(kg.store, "BULK_MIN_QUADS", bulk_min)
    exs = [make_extraction("a1"), make_extraction("a2")]
    one, many = KGStore(None), KGStore(None)
    for ex in exs:
        one.replace_article(article_iri(ex.article.id), rdf.quads(ex))
    calls: list[tuple[str, bytes]] = []
    inner = many._store

    def record(name):  # type: ignore[no-untyped-def]
        def call(data, *args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append((name, data))
            return getattr(inner, name)(data, *args, **kwargs)
        return call

    many._store = _Proxy(inner, bulk_load=record("bulk_load"), load=record("load"), update=record("update"))
    out = many.replace_nquads([(article_iri(ex.article.id), nquads(rdf.quads(ex))) for ex in exs])
    many._store = inner
    assert out == [len(set(rdf.quads(ex))) for ex in exs]
    first = "bulk_load" if bulk_min == 0 else "load"
    assert [name for name, _ in calls] == [first, "load"]  # no SPARQL update, the hashes in a second step
    assert b"contentHash" not in calls[0][1]
    assert calls[1][1].count(b"\n") == 2 and calls[1][1].count(b"contentHash") == 2
    assert _dump(many) == _dump(one)


def test_text_path_is_not_fooled_by_literals(make_extraction):
    """Literals that contain what the write path looks for (a hash predicate, an actor's name line), and a
    single-valued fact with quotes, backslashes and a newline, compared with what the store holds."""
    odd = 'Ukra"ine \\ \n <x>'

    def tricky(aid: str):  # type: ignore[no-untyped-def]
        ex = make_extraction(aid)
        trap = f'x> <{GEO}contentHash> "h" .\n<https://w3id.org/geokg/id/actor/Q159> <{SCHEMA}name> "Nope" .'
        ex = dataclasses.replace(ex, article=dataclasses.replace(ex.article, title=trap))
        ex.actors["Q212"] = dataclasses.replace(ex.actors["Q212"], label=odd)
        return ex

    exs = [tricky("a1"), tricky("a2")]
    one, many = KGStore(None), KGStore(None)
    for e in exs:
        one.replace_article(article_iri(e.article.id), rdf.quads(e))
    many.replace_articles([(article_iri("a1"), list(rdf.quads(exs[0])))])
    calls: list[str] = []
    inner = many._store

    def record(name):  # type: ignore[no-untyped-def]
        return lambda *a, **k: (calls.append(name), getattr(inner, name)(*a, **k))[1]

    many._store = _Proxy(inner, **{n: record(n) for n in ("update", "bulk_load", "load", "extend")})
    many.replace_articles([(article_iri("a2"), list(rdf.quads(exs[1])))])
    many._store = inner
    assert calls == ["load", "load"]  # the stored name is the same value: nothing superseded, the fast path
    assert _dump(many) == _dump(one)
    names = {q.object.value for q in many.oxigraph.quads_for_pattern(None, ox.NamedNode(SCHEMA + "name"), None)
             if q.subject.value.endswith("/Q212")}
    assert names == {odd}
    assert {q.object.value for q in many.oxigraph.quads_for_pattern(None, ox.NamedNode(GEO + "contentHash"), None)} == {
        e.article.content_hash for e in exs}


def test_single_valued_facts_in_the_store_send_a_new_article_the_long_way(make_extraction):
    store = KGStore(None)
    store.replace_articles([(article_iri("a1"), list(rdf.quads(make_extraction("a1"))))])
    ex = make_extraction("a2")
    ex.actors["Q159"] = Actor("Q159", "Russian Federation", "Country", wikidata="Q159", country="RUS", cameo="RUS")
    store.replace_nquads([(article_iri("a2"), nquads(rdf.quads(ex)))])
    names = [q.object.value for q in store.oxigraph.quads_for_pattern(ox.NamedNode("https://w3id.org/geokg/id/actor/Q159"),
                                                                      ox.NamedNode(SCHEMA + "name"), None)]
    assert names == ["Russian Federation"]


def test_bad_nquads_cost_only_their_article(make_extraction):
    store = KGStore(None)
    good = nquads(rdf.quads(make_extraction("a1")))
    out = store.replace_nquads([(article_iri("a1"), good), (article_iri("a2"), b"<not an iri> <p> <o> .\n")])
    assert isinstance(out[0], int) and isinstance(out[1], Exception)
    assert store.article_ids() == ["a1"]
    assert store.article_hash(article_iri("a1")) is not None


def test_shards_round_trip(make_extraction, tmp_path):
    exs = [make_extraction("a1"), make_extraction("a2"), make_extraction("a1", variant=1)]
    with ShardWriter(tmp_path, name="s", max_quads=50) as w:
        for ex in exs:
            w.add(article_iri(ex.article.id), list(rdf.quads(ex)), len(ex.events))
    assert len(shard_paths(tmp_path)) == len(w.paths) > 1
    got = [iri for p in shard_paths(tmp_path) for iri, _ in iter_shard(p)]
    assert sorted(got) == sorted(article_iri(ex.article.id) for ex in exs)
    direct, loaded = KGStore(None), KGStore(None)
    for ex in exs:
        direct.replace_article(article_iri(ex.article.id), rdf.quads(ex))
    articles, quads, failed = load_shards(loaded, w.paths)
    assert (articles, failed) == (3, [])
    assert _dump(loaded) == _dump(direct)
    assert [(iri, len(qs)) for iri, qs in iter_shard(w.paths[0])] == [
        (iri, data.count(b"\n")) for iri, data in iter_shard_nquads(w.paths[0])]


def test_edited_shard_with_comments_and_blank_lines_still_loads(make_extraction, tmp_path):
    exs = [make_extraction("a1"), make_extraction("a2")]
    with ShardWriter(tmp_path, name="s") as w:
        for ex in exs:
            w.add(article_iri(ex.article.id), nquads(rdf.quads(ex)), len(ex.events))
    path = w.paths[0]
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"# edited by hand\n" + b"".join(lines[:5]) + b"\n  \n" + b"".join(lines[5:]))
    direct, loaded = KGStore(None), KGStore(None)
    for ex in exs:
        direct.replace_article(article_iri(ex.article.id), rdf.quads(ex))
    assert load_shards(loaded, [path])[::2] == (2, [])
    assert _dump(loaded) == _dump(direct)


def _articles(n: int, words: int = 100, start: int = 0) -> list:  # type: ignore[type-arg]
    from kg.types import Article

    return [Article(id=f"a{i}", title="", text="word " * words) for i in range(start, start + n)]


def test_tasks_shrink_at_the_end_of_the_input():
    """Guided scheduling: full tasks while the end of the input is far, then shares of what is left."""
    from kg.parallel import TASK_MIN, tasks

    arts = _articles(60)
    got = list(tasks(arts, 8, 2))
    assert [a for t in got for a in t] == arts  # every article once, in order
    sizes = [len(t) for t in got]
    assert max(sizes) == 8 and sizes[:3] == [8, 8, 8]
    assert all(n >= TASK_MIN for n in sizes[:-1])
    assert sizes[-4:] == sorted(sizes[-4:], reverse=True) and sizes[-1] < 8
    # the share is of text, not articles: a long article near the end goes alone
    mixed = _articles(20) + _articles(1, words=2000, start=20) + _articles(3, start=21)
    alone = [t for t in tasks(mixed, 8, 2) if mixed[20] in t]
    assert alone == [[mixed[20]]]
    # a tiny input is still split between the workers
    assert [len(t) for t in tasks(_articles(3), 8, 2)] == [2, 1]
    assert list(tasks([], 8, 2)) == []


def test_tasks_read_a_bounded_way_ahead():
    from kg.parallel import tasks

    read = []

    def source():  # type: ignore[no-untyped-def]
        for a in _articles(1000):
            read.append(a)
            yield a

    todo = tasks(source(), 8, 2)
    next(todo)
    assert len(read) == 5 * 8  # what two workers have in flight, and one task more
    next(todo)
    assert len(read) == 5 * 8 + 8


@pytest.mark.slow
def test_two_workers_build_the_same_store(sample_store, tmp_path):
    d = tmp_path / "in"
    shutil.copytree(SAMPLES, d)
    (d / "empty.txt").write_text("", encoding="utf-8")
    store = KGStore(None)
    report = build([d], store, workers=2, batch_size=2, shards=tmp_path / "shards")
    assert [e.code for e in report.errors] == ["E101"]
    assert report.articles == 8 and report.events > 40
    assert _dump(store) == _dump(sample_store)
    again = build([d], store, workers=2)
    assert (again.articles, again.unchanged) == (0, 8)
    (d / "drc-rwanda-m23-goma-2025.txt").write_text("Talks\n\nFeb 14 2024\n\nRussia rejected a proposal by Ukraine.\n",
                                                      encoding="utf-8")
    changed = build([d], store, workers=2)
    assert (changed.articles, changed.unchanged) == (1, 7)
    copy = KGStore(None)
    load_shards(copy, shard_paths(tmp_path / "shards"))
    assert _dump(copy) == _dump(sample_store)


@pytest.mark.slow
def test_spawned_workers_give_what_one_process_gives(nlp):
    """Where fork is missing (macOS, Windows) the workers are spawned and load their own pipeline."""
    from kg.ingest import iter_articles
    from kg.parallel import build_parallel

    articles = list(iter_articles([SAMPLES]))[:3]
    spawned = list(build_parallel(articles, workers=2, batch_size=2, start_method="spawn"))
    local = list(build_articles(articles, nlp))
    assert [b.article.id for b in spawned] == [a.id for a in articles]
    assert [(b.error, b.nquads) for b in spawned] == [(b.error, b.nquads) for b in local]


@pytest.mark.slow
def test_workers_send_event_counts_unless_extractions_are_wanted(nlp):
    """The parent unpickles extractions only when a progress callback wants them; counts are the same."""
    from kg.ingest import iter_articles
    from kg.parallel import build_parallel

    articles = list(iter_articles([SAMPLES]))[:4]
    local = list(build_articles(articles, nlp))
    slim = list(build_parallel(articles, workers=2, batch_size=2, nlp=nlp, extractions=False))
    full = list(build_parallel(articles, workers=2, batch_size=2, nlp=nlp))
    assert [b.events for b in slim] == [b.events for b in full] == [len(b.extraction.events) for b in local]
    assert sum(b.events for b in slim) > 0
    assert all(b.extraction is None for b in slim) and all(b.extraction is not None for b in full)
    assert [b.nquads for b in slim] == [b.nquads for b in local]
    # with idle, pauses (None) for the caller's writes come between the same results
    paused = list(build_parallel(articles, workers=2, batch_size=2, nlp=nlp, extractions=False, idle=True))
    assert None in paused
    assert [b.nquads for b in paused if b is not None] == [b.nquads for b in local]
    seen: list = []  # type: ignore[type-arg]
    report = build([SAMPLES], KGStore(None), nlp=nlp, workers=2, progress=seen.append)
    assert len(seen) == report.articles == 8
    assert sum(len(ex.events) for ex in seen) == report.events > 40
