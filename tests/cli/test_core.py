"""The core commands: build, query, events, export, validate, stats (through typer's CliRunner)."""

from __future__ import annotations

import csv
import gc
import io
import json
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from kg import rdf
from kg.cli import app
from kg.store import KGStore
from kg.vocab import article_iri

runner = CliRunner()

ENGLISH = ("Russia rejected a proposal by Ukraine on Tuesday, officials in Moscow said, and the talks between the "
           "two governments were postponed until further notice.")


@pytest.fixture
def small_store(tmp_path, make_extraction) -> Path:
    """A store on disk from two hand-made extractions (no spaCy), closed so the CLI can open it."""
    import gc

    path = tmp_path / "store"
    s = KGStore(path)
    for aid in ("a1", "b2"):
        s.replace_article(article_iri(aid), rdf.quads(make_extraction(aid)))
    s.flush()
    del s
    gc.collect()
    return path


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], terminal_width=80)


# -- events ---------------------------------------------------------------------------------------


def test_events_jsonl(small_store):
    result = invoke("events", "--store", small_store)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 8
    assert list(rows[0]) == ["article", "event", "type", "cameo", "plover", "agent", "target", "date", "negated",
                             "sources", "disputed", "sentence"]


def test_events_article_filter_and_csv_out(small_store, tmp_path):
    out = tmp_path / "ev.csv"
    result = invoke("events", "--store", small_store, "--article", "b2", "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 4 and {r["article"] for r in rows} == {"b2"}


def test_events_unknown_format(small_store):
    result = invoke("events", "--store", small_store, "--format", "xlsx")
    assert result.exit_code == 1
    assert "E402" in result.output


@pytest.mark.parametrize("command", ["events", "export", "stats", "validate", "query"])
def test_missing_store_is_a_clean_error(tmp_path, command):
    args = [command, "--store", tmp_path / "nowhere"]
    if command == "query":
        args.insert(1, "ASK { ?s ?p ?o }")
    result = invoke(*args)
    assert result.exit_code == 1
    assert "E302" in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an uncaught KGError
    assert "Traceback" not in result.output


# -- query ----------------------------------------------------------------------------------------


def test_query_formats(small_store):
    q = "SELECT ?e WHERE { GRAPH ?g { ?e a geo:Denial } }"
    result = invoke("query", q, "--store", small_store, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "e" and len(result.stdout.splitlines()) == 3
    result = invoke("query", q, "--store", small_store, "--format", "json")
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 2
    result = invoke("query", "ASK { GRAPH ?g { ?e a geo:Denial } }", "--store", small_store, "--format", "csv")
    assert result.stdout == "true\n"
    result = invoke("query", q, "--store", small_store, "--format", "table")
    assert result.exit_code == 0 and "event/a1/4" in result.stdout


def test_query_from_stdin(small_store):
    result = runner.invoke(app, ["query", "-", "--store", str(small_store), "--format", "csv"],
                           input="SELECT ?a WHERE { ?a a schema:NewsArticle } ORDER BY ?a")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3


def test_query_syntax_error(small_store):
    result = invoke("query", "SELECT ?x WHERE {", "--store", small_store)
    assert result.exit_code == 1
    assert "E401" in result.output


def test_query_select_as_turtle_is_an_error_not_a_crash(small_store):
    result = invoke("query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--store", small_store, "--format", "turtle")
    assert result.exit_code == 1
    assert "E402" in result.output


def test_construct_query(small_store):
    q = "CONSTRUCT { ?e geo:cameo ?c } WHERE { GRAPH ?g { ?e geo:cameo ?c } }"
    result = invoke("query", q, "--store", small_store, "--format", "turtle")
    assert result.exit_code == 0, result.output
    assert len(rdflib.Graph().parse(data=result.stdout, format="turtle")) == 8


# -- export, stats, validate -----------------------------------------------------------------------


def test_export_nquads_to_stdout_and_file(small_store, tmp_path):
    result = invoke("export", "--store", small_store, "--format", "nquads")
    assert result.exit_code == 0, result.output
    ds = rdflib.Dataset()
    ds.parse(data=result.stdout_bytes.decode("utf-8"), format="nquads")
    n = len(list(ds.quads((None, None, None, None))))
    out = tmp_path / "kg.trig"
    result = invoke("export", "--store", small_store, "--out", out)
    assert result.exit_code == 0
    ds2 = rdflib.Dataset()
    ds2.parse(out, format="trig")
    assert len(list(ds2.quads((None, None, None, None)))) == n


def test_export_unknown_format(small_store):
    result = invoke("export", "--store", small_store, "--format", "docx")
    assert result.exit_code == 1 and "E402" in result.output


def test_stats(small_store):
    result = invoke("stats", "--store", small_store)
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["articles"] == 2
    assert stats["events"] == 8
    assert stats["claims"] == 6
    assert stats["disputed_events"] == 2
    assert stats["events_by_class"] == {"Proposal": 2, "Rejection": 2, "Accusation": 2, "Denial": 2}
    assert stats["quads"] > 0


def test_validate_command(small_store):
    result = invoke("validate", "--store", small_store)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout


def test_validate_command_fails_on_broken_store(tmp_path, make_extraction):
    import gc

    import pyoxigraph as ox

    from kg.vocab import GEO

    path = tmp_path / "broken"
    s = KGStore(path)
    s.replace_article(article_iri("a1"), rdf.quads(make_extraction("a1")))
    agent = next(iter(s.oxigraph.quads_for_pattern(None, ox.NamedNode(GEO + "agent"), None, None)))
    s.oxigraph.remove(agent)  # an event without agent and target breaks the shapes
    for t in list(s.oxigraph.quads_for_pattern(agent.subject, ox.NamedNode(GEO + "target"), None, None)):
        s.oxigraph.remove(t)
    s.flush()
    del s
    gc.collect()
    result = invoke("validate", "--store", path)
    assert result.exit_code == 1
    assert "E501" in result.output


def test_build_rejects_a_bad_published_date(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("T\n\n" + ENGLISH, encoding="utf-8")
    result = invoke("build", f, "--store", tmp_path / "s", "--published", "14/02/2024")
    assert result.exit_code == 2
    assert "--published" in result.output
    assert isinstance(result.exception, SystemExit)


# -- build (spaCy) ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_build_exits_2_and_names_every_bad_file(nlp, tmp_path):
    d = tmp_path / "a-rather-long-directory-name-so-that-paths-would-wrap-at-eighty-columns" / "input"
    d.mkdir(parents=True)
    (d / "good.txt").write_text("Talks postponed\n\nFeb 14 2024\n\n" + ENGLISH + "\n", encoding="utf-8")
    (d / "empty.txt").write_text("   \n", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x00\xff" * 200)
    (d / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "title": "J1", "published": "2024-02-14", "text": ENGLISH}) + "\n{oops\n"
        + json.dumps({"id": "j2", "title": "J2", "published": "2024-02-14", "text": ENGLISH}) + "\n", encoding="utf-8")
    (d / "nodate [draft].txt").write_text("Undated\n\n" + ENGLISH + "\n", encoding="utf-8")
    store = tmp_path / "store"

    result = invoke("build", d, "--store", store)
    assert result.exit_code == 2, result.output
    err = result.stderr
    for name in ("empty.txt", "binary.txt"):
        assert f"{d / name}: [E1" in err, err
    assert f"{d / 'batch.jsonl'}:2: [E103]" in err
    assert "W101" in err and str(d / "nodate [draft].txt") in err  # brackets are not eaten as markup
    assert "3 skipped" in result.stdout
    assert "4 article(s) built" in result.stdout

    del result  # its traceback keeps the command's store (and its RocksDB lock) alive in this process
    gc.collect()
    again = invoke("build", d, "--store", store, "--quiet")
    assert again.exit_code == 2
    assert again.stdout == ""
    del again
    gc.collect()
    ids = KGStore(store, read_only=True).article_ids()
    assert ids == ["good", "j1", "j2", "nodate-draft"]


@pytest.mark.slow
def test_build_exits_0_when_everything_is_read(nlp, tmp_path):
    f = tmp_path / "good.txt"
    f.write_text("Talks postponed\n\nFeb 14 2024\n\n" + ENGLISH + "\n", encoding="utf-8")
    result = invoke("build", f, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "1 article(s) built, 0 unchanged, 0 skipped" in result.stdout
    del result
    gc.collect()
    result = invoke("build", f, "--store", tmp_path / "store")
    assert "0 article(s) built, 1 unchanged" in result.stdout
    del result
    gc.collect()
    result = invoke("build", f, "--store", tmp_path / "store", "--force")
    assert "1 article(s) built, 0 unchanged" in result.stdout


def test_a_large_build_compacts_the_store(nlp, tmp_path, monkeypatch):
    import kg.cli.core as core

    calls = []
    monkeypatch.setattr(core.KGStore, "optimize", lambda self: calls.append(self.path))
    f = tmp_path / "good.txt"
    f.write_text("Talks postponed\n\nFeb 14 2024\n\n" + ENGLISH + "\n", encoding="utf-8")
    monkeypatch.setattr(core, "OPTIMIZE_MIN_QUADS", 10**9)  # a small build: no compaction
    assert invoke("build", f, "--store", tmp_path / "store").exit_code == 0
    assert calls == []
    monkeypatch.setattr(core, "OPTIMIZE_MIN_QUADS", 1)
    assert invoke("build", f, "--store", tmp_path / "store", "--force").exit_code == 0
    assert calls == [tmp_path / "store"]
