"""kg.pipeline.build: incremental, robust to bad input, never losing data already in the store."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.pipeline import BuildReport, build
from kg.store import KGStore
from kg.table import event_rows
from kg.vocab import ID, article_iri

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
TWO = ["sudan-jeddah-talks-sanctions-2023.txt", "azerbaijan-karabakh-offensive-2023.txt"]  # the first has anonymous sources

RELATIVE = "Russia rejected a proposal by Ukraine on Tuesday."
ENGLISH = ("Russia rejected a proposal by Ukraine on Tuesday, officials in Moscow said, and the talks between the "
           "two governments were postponed until further notice.")


def _txt(path: Path, title: str, body: str, published: str | None = "Feb 14 2024") -> Path:
    parts = [title, ""]
    if published:
        parts += [published, ""]
    parts.append(body)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def _two_samples(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for name in TWO:
        shutil.copy(SAMPLES / name, d / name)
    return d


def _dump(store: KGStore) -> list[str]:
    return sorted(store.oxigraph.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


def _graphs_of(store: KGStore, aid: str) -> set[str]:
    return {g.value for g in store.oxigraph.named_graphs() if g.value.startswith(f"{ID}claim/{aid}/")}


def test_sample_build_report(sample_build):
    _, report = sample_build
    assert isinstance(report, BuildReport)
    assert report.ok, report.errors
    assert report.articles == len(list(SAMPLES.glob("*.txt"))) == 8
    assert report.unchanged == 0
    assert report.events > 40
    assert report.warnings == []


def test_sample_store_holds_every_article(sample_store):
    ids = sample_store.article_ids()
    assert ids == sorted(p.stem for p in SAMPLES.glob("*.txt"))
    for aid in ids:
        assert sample_store.article_hash(article_iri(aid)) is not None
        assert _graphs_of(sample_store, aid)


def test_incremental_build_skips_unchanged_and_force_rebuilds(nlp, tmp_path):
    d = _two_samples(tmp_path)
    store = KGStore(None)
    first = build([d], store, nlp=nlp)
    assert (first.articles, first.unchanged) == (2, 0)
    dump = _dump(store)
    again = build([d], store, nlp=nlp)
    assert (again.articles, again.unchanged, again.quads) == (0, 2, 0)
    forced = build([d], store, nlp=nlp, force=True)
    assert (forced.articles, forced.unchanged) == (2, 0)
    assert _dump(store) == dump  # rebuilding gives exactly the same quads and IRIs


def test_changed_article_is_replaced_and_others_kept(nlp, tmp_path):
    d = _two_samples(tmp_path)
    store = KGStore(None)
    build([d], store, nlp=nlp)
    niger, sudan = (Path(n).stem for n in TWO)
    sudan_before = [line for line in _dump(store) if f"/{sudan}" in line]
    niger_graphs = _graphs_of(store, niger)
    assert len(niger_graphs) > 1
    anon_before = {q.subject.value for q in store.oxigraph if q.subject.value.startswith(f"{ID}source/{niger}/")}

    _txt(d / TWO[0], "Azerbaijan rejects talks", RELATIVE, "Sep 21 2023")
    report = build([d], store, nlp=nlp)
    assert (report.articles, report.unchanged) == (1, 1)

    assert len(_graphs_of(store, niger)) == 1
    assert {q.subject.value for q in store.oxigraph if q.subject.value.startswith(f"{ID}source/{niger}/")} == set()
    assert anon_before  # the old version had anonymous sources, now gone
    rows = list(event_rows(store, article=niger))
    assert {r["sentence"] for r in rows} == {RELATIVE}
    after = _dump(store)
    assert all(line in after for line in sudan_before)


def test_bad_input_is_reported_and_good_input_built(nlp, tmp_path):
    store = KGStore(None)
    good = _txt(tmp_path / "kept.txt", "Kept", ENGLISH)
    build([good], store, nlp=nlp)
    kept = _dump(store)

    d = tmp_path / "batch"
    d.mkdir()
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 100)
    lines = [
        json.dumps({"id": "good-one", "title": "G1", "published": "2024-02-14", "text": ENGLISH}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "good-two", "title": "G2", "published": "2024-02-14", "text": ENGLISH.replace("Russia", "China")}),
    ]
    (d / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "page.html").write_text("<html><head><title>Menu</title></head><body><nav>Home</nav></body></html>",
                                 encoding="utf-8")
    (d / "german.txt").write_text(
        "Titel\n\n14. Februar 2024\n\nDie Regierung in Berlin hat am Dienstag einen Vorschlag der Ukraine abgelehnt, "
        "wie die Nachrichtenagentur berichtete. Der Kanzler sagte, man werde weiter verhandeln.\n", encoding="utf-8")
    _txt(d / "nodate.txt", "No date here", ENGLISH, published=None)
    (d / "kept.txt").write_text("", encoding="utf-8")  # the stored article's file is now broken: keep its data

    report = build([d], store, nlp=nlp)

    by_file = {Path(e.path).name: e for e in report.errors}
    assert set(by_file) == {"empty.txt", "binary.txt", "batch.jsonl", "page.html", "german.txt", "kept.txt"}
    assert by_file["batch.jsonl"].line == 2
    assert str(by_file["batch.jsonl"]).startswith(f"{d / 'batch.jsonl'}:2: [E103]")
    assert by_file["empty.txt"].code == "E101"
    assert by_file["binary.txt"].code == "E102"
    assert by_file["german.txt"].code == "E106"
    assert all(str(d) in str(e) for e in report.errors)
    assert not report.ok
    assert len(report.warnings) == 1 and "W101" in report.warnings[0] and "nodate.txt" in report.warnings[0]

    assert report.articles == 3
    assert set(store.article_ids()) == {"kept", "good-one", "good-two", "nodate"}
    after = _dump(store)
    assert all(line in after for line in kept)


def test_good_html_file_is_built(nlp, tmp_path):
    html = tmp_path / "page.html"
    html.write_text(f"<html><head><title>Talks postponed</title></head><body><article><h1>Talks postponed</h1>"
                    f"<p>{ENGLISH}</p><p>{ENGLISH}</p></article></body></html>", encoding="utf-8")
    store = KGStore(None)
    report = build([html], store, nlp=nlp, published=date(2024, 2, 14))
    assert report.ok, report.errors
    assert store.article_ids() == ["page"]


def test_relative_date_needs_a_publication_date(nlp, tmp_path):
    f = _txt(tmp_path / "rel.txt", "Russia rejects", RELATIVE, published=None)
    store = KGStore(None)
    report = build([f], store, nlp=nlp)
    assert any("rel.txt" in w for w in report.warnings)
    rows = [r for r in event_rows(store) if r["type"] == "Rejection"]
    assert len(rows) == 1 and rows[0]["date"] is None
    ask = "ASK { GRAPH ?g { ?e a geo:Rejection ; sem:hasEarliestBeginTimeStamp ?t } }"
    assert not bool(store.query(ask))

    dated = KGStore(None)
    report = build([f], dated, nlp=nlp, published=date(2024, 2, 14))
    assert report.warnings == []
    rows = [r for r in event_rows(dated) if r["type"] == "Rejection"]
    assert len(rows) == 1 and rows[0]["date"] == "2024-02-13"


def test_failing_article_does_not_stop_the_build(nlp, tmp_path, monkeypatch):
    import kg.pipeline as pipeline

    real = pipeline.extract

    def flaky(doc, article):  # type: ignore[no-untyped-def]
        if article.id == "bad":
            raise RuntimeError("boom")
        return real(doc, article)

    monkeypatch.setattr(pipeline, "extract", flaky)
    _txt(tmp_path / "bad.txt", "Bad", ENGLISH)
    _txt(tmp_path / "good.txt", "Good", ENGLISH)
    store = KGStore(None)
    report = build([tmp_path], store, nlp=nlp)
    assert [(e.code, Path(e.path).name) for e in report.errors] == [("E110", "bad.txt")]
    assert "boom" in str(report.errors[0])
    assert store.article_ids() == ["good"]


def test_failing_rdf_conversion_does_not_stop_the_build(nlp, tmp_path, monkeypatch):
    import kg.pipeline as pipeline

    real = pipeline.rdf.quads

    def flaky(ex):  # type: ignore[no-untyped-def]
        if ex.article.id == "bad":
            raise KeyError("agent")
        return real(ex)

    monkeypatch.setattr(pipeline.rdf, "quads", flaky)
    _txt(tmp_path / "bad.txt", "Bad", ENGLISH)
    _txt(tmp_path / "good.txt", "Good", ENGLISH)
    store = KGStore(None)
    report = build([tmp_path], store, nlp=nlp)
    assert [(e.code, Path(e.path).name) for e in report.errors] == [("E110", "bad.txt")]
    assert store.article_ids() == ["good"]


def test_background_writes_give_the_same_store_in_input_order(nlp, tmp_path, monkeypatch):
    """Writes run on a writer thread while the next batch is parsed: same quads and counts as writing on the
    calling thread, transactions in input order, never two at once, callbacks on the writer thread."""
    import threading

    d = _two_samples(tmp_path)
    for name in ("niger-coup-ecowas-ultimatum-2023.txt", "india-pakistan-strikes-may-2025.txt"):
        shutil.copy(SAMPLES / name, d / name)
    plain, threaded = KGStore(None), KGStore(None)
    expected = build([d], plain, nlp=nlp, write_batch=1, background=False)

    real = KGStore.replace_nquads
    busy, order, threads = threading.Lock(), [], set()

    def one_at_a_time(self, batch, **kw):  # type: ignore[no-untyped-def]
        assert busy.acquire(blocking=False), "two transactions at once"
        try:
            order.extend(iri for iri, _ in batch)
            return real(self, batch, **kw)
        finally:
            busy.release()

    monkeypatch.setattr(KGStore, "replace_nquads", one_at_a_time)
    written: list[int] = []

    def seen(articles: int, events: int, quads: int) -> None:
        written.append(articles)
        threads.add(threading.current_thread().name)

    report = build([d], threaded, nlp=nlp, write_batch=1, on_written=seen)
    assert _dump(threaded) == _dump(plain)
    assert (report.articles, report.events, report.quads) == (expected.articles, expected.events, expected.quads)
    assert report.articles == 4
    assert order == [article_iri(p.stem) for p in sorted(d.glob("*.txt"))] and written == [1, 1, 1, 1]
    assert threads and all(name.startswith("kg-write") for name in threads)


@pytest.mark.parametrize("background", [True, False])
def test_what_came_back_is_written_before_the_last_batch_is_parsed(nlp, tmp_path, monkeypatch, background):
    """Once the input is read, the articles built so far are written (on the writer thread, while the last batch
    is parsed) instead of waiting for the last batch: the build's tail is that batch's write only."""
    from spacy.language import Language

    d = _two_samples(tmp_path)
    for name in ("niger-coup-ecowas-ultimatum-2023.txt", "india-pakistan-strikes-may-2025.txt",
                 "drc-rwanda-m23-goma-2025.txt"):
        shutil.copy(SAMPLES / name, d / name)
    events: list[str] = []
    real_pipe = Language.pipe

    def pipe(self, docs, **kw):  # type: ignore[no-untyped-def]
        docs = list(docs)
        events.append(f"parse {len(docs)}")
        return real_pipe(self, docs, **kw)

    monkeypatch.setattr(Language, "pipe", pipe)
    report = build([d], KGStore(None), nlp=nlp, batch_size=2, background=background,
                   on_written=lambda articles, _e, _q: events.append(f"write {articles}"))
    assert report.articles == 5
    # 5 articles in batches of 2: the 4 of the first two batches are written once the last batch is known
    assert events[:3] == ["parse 2", "parse 2", "write 4"] or events[:3] == ["parse 2", "parse 2", "parse 1"]
    assert sorted(events) == ["parse 1", "parse 2", "parse 2", "write 1", "write 4"]
    if not background:  # on the calling thread, the write comes strictly before the last parse
        assert events == ["parse 2", "parse 2", "write 4", "parse 1", "write 1"]


def test_a_failing_background_write_stops_the_build_with_its_error(nlp, tmp_path, monkeypatch):
    d = _two_samples(tmp_path)

    def broken(self, batch, **kw):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(KGStore, "replace_nquads", broken)
    with pytest.raises(OSError, match="disk full"):
        build([d], KGStore(None), nlp=nlp, write_batch=1)
