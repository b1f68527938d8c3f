"""Batched store writes, N-Quads shards and the process-pool build (kg.store, kg.shards, kg.parallel)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import rdf
from kg.pipeline import build
from kg.shards import ShardWriter, iter_shard, load_shards, shard_paths
from kg.store import KGStore
from kg.vocab import SCHEMA, article_iri

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

    monkeypatch.setattr(store, "_store", _Proxy(store._store, update=picky, bulk_load=_fail))
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
