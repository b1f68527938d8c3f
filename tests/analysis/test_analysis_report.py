"""``kg analyze`` tables on fixtures/small.trig."""

from __future__ import annotations

import io
import json

from kg.analysis.report import TABLES, analyze, write_report
from kg.store import KGStore


def test_analyze_tables(small_store: KGStore) -> None:
    report = analyze(small_store)
    assert list(report) == list(TABLES)
    assert len(report["actors"]) == 6 and len(report["pairs"]) == 8
    assert [c["members"] for c in report["communities"]] == [
        ["Alpha Army", "Alphaland", "Anna Adler"],
        ["Beta Rebels", "Betania", "Bruno Berg"],
    ]
    assert [b["label"] for b in report["brokers"]] == ["Alphaland", "Anna Adler", "Betania", "Bruno Berg"]
    assert [c["summary"] for c in report["contested"]] == ["Talks: Anna Adler -> Bruno Berg", "Threat: Alphaland -> Betania"]
    assert len(report["timelines"]) == 15 + 10  # every event's agent, plus the target of the 10 with one


def test_analyze_filters(small_store: KGStore) -> None:
    report = analyze(small_store, classes=["Cooperation"])
    assert {r["label"] for r in report["actors"]} == {"Anna Adler", "Alphaland", "Betania", "Bruno Berg", "Beta Rebels"}
    assert report["contested"] == []
    assert analyze(small_store, min_weight=2)["pairs"] == []
    assert len(analyze(small_store, limit=2)["timelines"]) == 2


def test_write_report(small_store: KGStore) -> None:
    report = analyze(small_store)
    buf = io.StringIO()
    write_report(report, "json", buf)
    data = json.loads(buf.getvalue())
    assert data["contested"][0]["disputing_claims"] == 2
    buf = io.StringIO()
    write_report(report, "csv", buf)
    text = buf.getvalue()
    assert text.startswith("# actors\n") and "\n# timelines\n" in text
    buf = io.StringIO()
    write_report(report, "table", buf)
    text = buf.getvalue()
    for name in TABLES:
        assert name in text
    assert "Alphaland" in text and "pagerank" in text
