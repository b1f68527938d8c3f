"""The harness on real input: the sample and seed expectations, and the first PLOVER gold records.

These check that the harness computes its numbers correctly (consistent with kg.evaluate.score and with an
independent recount from the raw gold file), not that the extractor meets its targets.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kg.codes import current_plover, plover
from kg.eval import expectations, load_gold
from kg.eval import plover as plover_eval
from kg.eval.plover import GOLD_CODE_ALIASES

pytestmark = pytest.mark.slow

N_PLOVER = 30


def _golds(paths: list[Path]) -> list[tuple[Path, dict]]:  # type: ignore[type-arg]
    out = []
    for p in paths:
        kind, doc = load_gold(p)
        assert kind == "expectations", p
        out.append((p, doc))
    return out


def _check_consistent(summary: expectations.ExpectationSummary) -> None:
    scores = [a.score for a in summary.articles]
    assert summary.overall.extracted == sum(s.extracted for s in scores)
    assert summary.overall.extracted - summary.overall.correct == sum(len(s.spurious) for s in scores)
    assert summary.overall.required == sum(len(s.required) for s in scores)
    assert summary.overall.found == sum(sum(bool(c.found) for c in s.required) for s in scores)
    assert len(summary.misses) == summary.overall.required - summary.overall.found
    assert len(summary.spurious) == summary.overall.extracted - summary.overall.correct
    assert sum(c.extracted for c in summary.classes.values()) == summary.overall.extracted
    for a in summary.articles:
        assert a.article_path.is_file()
        assert a.extraction.article.published is not None


def test_samples(root: Path) -> None:
    files = sorted((root / "data" / "eval").glob("*.expected.json"))
    assert files, "no sample expectations"
    summary = expectations.run(_golds(files))
    assert len(summary.articles) == len(files)
    for a in summary.articles:  # the article lookup rule: data/eval/x.expected.json -> data/samples/<article>
        assert a.article_path == (root / "data" / "samples" / a.expected["article"]).resolve()
    _check_consistent(summary)


def test_seed(shared_file) -> None:  # type: ignore[no-untyped-def]
    seed = shared_file("eval/seed-article-expectations.json")
    summary = expectations.run(_golds([seed]))
    (a,) = summary.articles
    assert a.article_path == seed.resolve().parent.parent / "corpus" / a.expected["article"]
    _check_consistent(summary)
    assert summary.overall.recall == pytest.approx(a.score.recall)
    assert summary.overall.precision == pytest.approx(a.score.precision)


def _codes(actors: object) -> set[str]:
    if not isinstance(actors, list):
        return set()
    codes = {GOLD_CODE_ALIASES.get(a["code"], a["code"]) for a in actors if isinstance(a, dict) and a.get("code")}
    return codes | ({"IGO", "NGO"} if codes & {"IGO", "NGO"} else set())  # one class for the comparison


def test_plover_first_records(shared_file) -> None:  # type: ignore[no-untyped-def]
    path = shared_file("bench/plover_gsr_cameo.json")
    kind, doc = load_gold(path)
    assert kind == "plover"
    s = plover_eval.run(doc, limit=N_PLOVER)
    assert s.scored == N_PLOVER and s.skipped == 1  # the DOCUMENT record
    raw = [r for r in doc if r["event"] != "DOCUMENT"][:N_PLOVER]
    # independent recount from the raw records
    cat = src = tgt = 0
    for r, p in zip(raw, s.predictions):
        assert p.record.id == r["id"]
        gold = current_plover(r["event"])
        predicted = plover(p.event.cameo) if p.event is not None else None
        assert p.event is None or p.event.type != "Statement"
        cat += predicted == gold
        g_src, g_tgt = _codes(r.get("source")), _codes(r.get("target"))
        if not g_tgt and "SRC/TAR:" in str(r.get("textInfo")):
            g_tgt = g_src
        if p.event is not None:
            src += bool(g_src & p.agent_codes) if g_src else p.event.agent is None
            tgt += bool(g_tgt & p.target_codes) if g_tgt else p.event.target is None
    assert (s.category.num, s.source.num, s.target.num) == (cat, src, tgt)
    assert s.category.den == s.source.den == s.target.den == N_PLOVER
    assert s.category.value == pytest.approx(cat / N_PLOVER)
    assert sum(s.confusion.values()) == N_PLOVER
    assert s.confusion[("AGREE", "(no event)")] == s.no_event  # the first 30 records are all AGREE
    assert sum(c.required for c in s.classes.values()) == N_PLOVER
    assert sum(c.found for c in s.classes.values()) == cat
    assert sum(c.extracted for c in s.classes.values()) == N_PLOVER - s.no_event - s.no_category
    assert Counter(p.record.current for p in s.predictions) == Counter(current_plover(r["event"]) for r in raw)


def test_cli_eval_writes_report(root: Path, shared_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from kg.cli import app

    seed = shared_file("eval/seed-article-expectations.json")
    bench = shared_file("bench/plover_gsr_cameo.json")
    out = tmp_path / "eval.md"
    res = CliRunner().invoke(app, ["eval", str(root / "data" / "eval"), str(seed), str(bench), "--limit", "5",
                                   "--report", str(out), "--brief"])
    assert res.exit_code == 0, res.output
    assert "event category accuracy" in res.output and "overall" in res.output
    md = out.read_text(encoding="utf-8")
    assert "## Expectations" in md and "## PLOVER gold-standard records" in md and "records scored | 5" in md
    # a gate: recall above 1 can never be met
    res = CliRunner().invoke(app, ["eval", str(seed), "--min-recall", "1.01", "--brief"])
    assert res.exit_code == 1
