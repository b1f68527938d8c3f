"""Unit tests of the evaluation harness on hand-made extractions (no spaCy)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.eval import detect_format
from kg.eval.expectations import ArticleResult, Ratio, aggregate, f1, find_article
from kg.eval.plover import GoldActor, GoldRecord, actor_codes, evt_words, pick_event, predict, read_records, summarise
from kg.eval.report import markdown
from kg.evaluate import score
from kg.types import Actor, Article, Claim, DateValue, Event, Evidence, Extraction


def country(key: str, label: str, iso3: str, *aliases: str) -> Actor:
    return Actor(key=key, label=label, kind="Country", country=iso3, cameo=iso3, aliases=set(aliases))


def event(n: int, type_: str, cameo: str, agent: str | None, target: str | None, sentence: str = "", trigger: str = "",
          claim: str = "", day: DateValue | None = None) -> Event:
    return Event(id=f"t/e{n}", type=type_, cameo=cameo, evidence=Evidence(sentence or f"sentence {n}", 0, 1, trigger),
                 agent=agent, target=target, claim=claim, date=day)


def extraction(actors: list[Actor], events: list[Event], claims: list[Claim] | None = None) -> Extraction:
    return Extraction(article=Article(id="t", title="", text="", published=date(2024, 2, 14)),
                      actors={a.key: a for a in actors}, events=events, claims=claims or [])


RUS = country("Q159", "Russia", "RUS", "Moscow")
USA = country("Q30", "United States", "USA", "US", "Washington")
UKR = country("Q212", "Ukraine", "UKR")
REUTERS = Actor(key="Q130879", label="Reuters", kind="MediaOrganization")

EXPECTED = {
    "article": "t.txt",
    "events": [
        {"id": "x1", "required": True, "types": ["Proposal"], "agent": ["Russia"], "target": ["United States"],
         "date": "2023", "asserted_by": ["Reuters"]},
        {"id": "x2", "required": True, "types": ["Rejection", "Denial"], "agent": ["United States"], "target": ["Russia"]},
        {"id": "x3", "required": True, "types": ["MilitaryAction"], "agent": ["Russia"], "target": ["Ukraine"], "date": "2022-02"},
        {"id": "x4", "required": False, "types": ["Statement"], "agent": ["Russia"]},
    ],
}


def _day(value: str) -> DateValue:
    y = int(value[:4])
    return DateValue(value, "year" if len(value) == 4 else "month", date(y, 1, 1), date(y, 12, 31))


@pytest.fixture()
def summary():  # type: ignore[no-untyped-def]
    ex = extraction(
        [RUS, USA, UKR, REUTERS],
        [
            event(1, "Proposal", "036", "Q159", "Q30", claim="t/c1", day=_day("2023")),  # finds x1, date right, attributed
            event(2, "Rejection", "120", "Q159", "Q30"),  # class of x2 but wrong agent: spurious
            event(3, "MilitaryAction", "190", "Q159", None, day=_day("2022-02")),  # x3 needs a target: not found; not spurious
            event(4, "Statement", "010", "Q159", None),  # optional x4
            event(5, "Talks", "040", "Q30", "Q212"),  # nothing listed: spurious
        ],
        claims=[Claim(id="t/c1", sources=["Q130879"])],
    )
    sc = score(ex, EXPECTED)
    return aggregate([ArticleResult(gold=Path("t.expected.json"), article_path=Path("t.txt"), expected=EXPECTED, extraction=ex, score=sc)])


def test_per_class_counts(summary) -> None:  # type: ignore[no-untyped-def]
    c = summary.classes
    assert (c["Proposal"].extracted, c["Proposal"].correct, c["Proposal"].required, c["Proposal"].found) == (1, 1, 1, 1)
    # the Rejection counts against precision (spurious) and x2 (first class Rejection) is missed
    assert (c["Rejection"].extracted, c["Rejection"].correct, c["Rejection"].required, c["Rejection"].found) == (1, 0, 1, 0)
    assert c["Rejection"].precision == 0.0 and c["Rejection"].recall == 0.0 and c["Rejection"].f1 == 0.0
    # MilitaryAction: not spurious (target none is compatible) but x3 is not found (strict target)
    assert (c["MilitaryAction"].extracted, c["MilitaryAction"].correct, c["MilitaryAction"].found) == (1, 1, 0)
    assert c["Talks"].precision == 0.0 and c["Talks"].recall is None and c["Talks"].f1 is None
    assert "Denial" not in c  # only the first listed class of a required event counts
    o = summary.overall
    assert (o.extracted, o.correct, o.required, o.found) == (5, 3, 3, 1)
    assert o.precision == pytest.approx(0.6) and o.recall == pytest.approx(1 / 3)
    assert o.f1 == pytest.approx(2 * 0.6 * (1 / 3) / (0.6 + 1 / 3))


def test_overall_equals_pooled_scores(summary) -> None:  # type: ignore[no-untyped-def]
    sc = summary.articles[0].score
    assert summary.overall.precision == pytest.approx(sc.precision)
    assert summary.overall.recall == pytest.approx(sc.recall)


def test_accuracies(summary) -> None:  # type: ignore[no-untyped-def]
    # agent: x1 (Proposal by Russia: yes), x2 (a Rejection exists, by Russia not the US: no), x3 (yes)
    assert (summary.agent.num, summary.agent.den) == (2, 3)
    # target: x1 yes; x3 has a class+agent match without a target: no; x2 has no class+agent match: not counted
    assert (summary.target.num, summary.target.den) == (1, 2)
    assert (summary.date.num, summary.date.den) == (1, 1)  # only found events are checked
    assert (summary.attribution.num, summary.attribution.den) == (1, 1)
    assert summary.dispute.den == 0 and summary.dispute.value is None


def test_misses_and_spurious(summary) -> None:  # type: ignore[no-untyped-def]
    misses = {m.id: m for m in summary.misses}
    assert set(misses) == {"x2", "x3"}
    assert misses["x2"].reason == "agent differs"
    assert misses["x3"].reason == "target differs or missing"
    assert [c.event for c in misses["x3"].candidates] == ["t/e3"]
    assert [(s.event, s.type, s.agent, s.target) for s in summary.spurious] == [
        ("t/e2", "Rejection", "Russia", "United States"), ("t/e5", "Talks", "United States", "Ukraine")]
    assert summary.spurious[0].sentence == "sentence 2"


def test_no_event_of_class_reason() -> None:
    ex = extraction([RUS, USA], [])
    sc = score(ex, EXPECTED)
    s = aggregate([ArticleResult(Path("t.expected.json"), Path("t.txt"), EXPECTED, ex, sc)])
    assert {m.reason for m in s.misses} == {"no event of an accepted class"}
    assert s.overall.precision is None and s.overall.recall == 0.0
    assert s.agent.den == 0


def test_markdown_lists_misses_and_spurious(summary) -> None:  # type: ignore[no-untyped-def]
    md = markdown(summary, None, command="kg eval x --report r.md")
    assert "kg eval x --report r.md" in md
    assert "**t x2**" in md and "**t x3**" in md
    assert "sentence 2" in md and "sentence 5" in md
    assert "| overall | 5 | 3 | 0.60 | 3 | 1 | 0.33 |" in md


def test_ratio_and_f1() -> None:
    r = Ratio()
    assert r.value is None
    r.add(True)
    r.add(False)
    assert (r.num, r.den, r.value) == (1, 2, 0.5)
    assert f1(None, 1.0) is None and f1(0.0, 0.0) == 0.0 and f1(0.5, 1.0) == pytest.approx(2 / 3)


def test_detect_format() -> None:
    assert detect_format({"article": "a.txt", "events": []}) == "expectations"
    assert detect_format([{"id": "P-1", "event": "DOCUMENT"}, {"id": "P-2", "event": "AGREE", "text": "x"}]) == "plover"
    assert detect_format([]) is None and detect_format({"events": []}) is None and detect_format([1, 2]) is None


def test_article_lookup_rule(tmp_path: Path) -> None:
    (tmp_path / "eval").mkdir()
    (tmp_path / "samples").mkdir()
    (tmp_path / "corpus").mkdir()
    gold = tmp_path / "eval" / "a.expected.json"
    gold.write_text("{}")
    (tmp_path / "corpus" / "a.txt").write_text("x")
    assert find_article(gold, "a.txt") == (tmp_path / "corpus" / "a.txt").resolve()
    (tmp_path / "samples" / "a.txt").write_text("x")
    assert find_article(gold, "a.txt") == (tmp_path / "samples" / "a.txt").resolve()  # samples first
    (tmp_path / "eval" / "b.txt").write_text("x")
    assert find_article(gold, "b.txt") == (tmp_path / "eval" / "b.txt").resolve()  # beside the file last
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("y")
    assert find_article(gold, "a.txt", other) == other / "a.txt"  # --articles wins
    with pytest.raises(FileNotFoundError, match="--articles"):
        find_article(gold, "missing.txt")


# ------------------------------------------------------------------------------------------------ PLOVER
def record(category: str = "DEMAND", sources: tuple[str, ...] = ("USA",), targets: tuple[str, ...] = ("RUS",),
           words: tuple[str, ...] = ("demanded",)) -> GoldRecord:
    from kg.codes import current_plover

    return GoldRecord(id="P-1", text="The US demanded that Russia withdraw.", published=date(2000, 1, 1), category=category,
                      current=current_plover(category), sources=[GoldActor(c, c) for c in sources],
                      targets=[GoldActor(c, c) for c in targets], evt_words=frozenset(words))


def test_evt_words() -> None:
    r = {"eventText": "offered to hand over", "textInfo": {"markup": "(SRC: Libya) has (EVT: offered to hand over) to (TAR: UK) (EVT: suspected)"}}
    assert evt_words(r) == {"offered", "hand", "over", "suspected"}


def test_pick_event_prefers_trigger_then_first_non_statement() -> None:
    ex = extraction([USA, RUS], [
        event(1, "Statement", "010", "Q30", None, trigger="said"),
        event(2, "Talks", "040", "Q30", "Q159", trigger="met"),
        event(3, "Demand", "100", "Q30", "Q159", trigger="demanded"),
    ])
    assert pick_event(ex, {"demanded"}).id == "t/e3"
    assert pick_event(ex, {"said", "nothing"}).id == "t/e2"  # a Statement is never picked
    assert pick_event(extraction([USA], [event(1, "Statement", "010", "Q30", None, trigger="said")]), {"said"}) is None


def test_actor_codes() -> None:
    un = Actor(key="un", label="United Nations", kind="Organization", cameo="IGOUNO")
    anon = Actor(key="anon", label="officials", kind="AnonymousSource", anonymous=True, affiliation="Q159")
    rom = Actor(key="rom", label="Romania", kind="Country", country="ROU", cameo="ROM")
    ex = extraction([RUS, un, anon, rom], [])
    assert actor_codes(ex, "un") == {"IGO"}
    assert actor_codes(ex, "anon") == {"RUS"}
    assert actor_codes(ex, "rom") == {"ROU"}
    assert actor_codes(ex, None) == frozenset() and actor_codes(ex, "nobody") == frozenset()
    amnesty = Actor(key="ai", label="Amnesty International", kind="Organization", cameo="NGOHRIAMN")
    ex = extraction([amnesty, RUS], [event(1, "Accusation", "112", "ai", "Q159", trigger="accused")])
    gold = record("DISAPPROVE", sources=("IGO",), words=("accused",))
    assert predict(gold, ex).source_ok  # the GSR codes Amnesty International as IGO


def test_predict_and_summarise() -> None:
    right = predict(record(), extraction([USA, RUS], [event(1, "Demand", "100", "Q30", "Q159", trigger="demanded")]))
    assert right.record.current == "REQUEST"  # legacy DEMAND
    assert (right.category, right.category_ok, right.source_ok, right.target_ok) == ("REQUEST", True, True, True)
    wrong = predict(record("FIGHT", targets=()), extraction([USA, RUS], [event(1, "Denial", "016", "Q159", "Q30", trigger="x")]))
    assert wrong.record.current == "ASSAULT" and wrong.category is None and wrong.predicted_label.startswith("(no category")
    assert (wrong.category_ok, wrong.source_ok, wrong.target_ok) == (False, False, False)  # gold has no target, prediction has one
    none = predict(record("DISAPPROVE"), extraction([USA], []))
    assert none.event is None and not (none.category_ok or none.source_ok or none.target_ok)
    failed = predict(record(), None, "boom")
    assert failed.event is None and failed.error == "boom"

    s = summarise([right, wrong, none, failed], skipped=1)
    assert (s.scored, s.skipped, s.no_event, s.no_category) == (4, 1, 2, 1)
    assert (s.category.num, s.category.den) == (1, 4)
    assert (s.source.num, s.target.num) == (1, 1)
    assert (s.target_given.num, s.target_given.den) == (1, 3)
    assert s.confusion == {("REQUEST", "REQUEST"): 2 - 1, ("ASSAULT", "(no category)"): 1, ("ACCUSE", "(no event)"): 1,
                           ("REQUEST", "(no event)"): 1}
    assert (s.classes["REQUEST"].required, s.classes["REQUEST"].found, s.classes["REQUEST"].extracted) == (2, 1, 1)
    assert s.classes["REQUEST"].recall == 0.5 and s.classes["ACCUSE"].precision is None
    patterns = s.miss_patterns(10)
    assert sum(n for _, _, n, _ in patterns) == 3
    md = markdown(None, s)
    assert "## PLOVER gold-standard records" in md and "The US demanded that Russia withdraw." in md


def test_read_records_skips_document_and_limits() -> None:
    doc = [
        {"id": "D", "event": "DOCUMENT", "eventText": "doc"},
        {"id": "A", "event": "INVESTIGATE", "date": "2000-01-01", "text": "x  y", "source": [{"actorText": "Japan", "code": "JAP"}],
         "target": "", "eventText": "probe"},
        {"id": "B", "event": "AGREE", "date": "2000-01-01", "text": "z", "source": [], "target": [{"code": "IGO"}]},
        {"id": "C", "event": "NOT-A-CATEGORY", "text": "w"},
    ]
    recs, skipped = read_records(doc)
    assert [r.id for r in recs] == ["A", "B"] and skipped == 2
    assert recs[0].current == "ACCUSE" and recs[0].sources[0].code == "JPN" and recs[0].targets == [] and recs[0].text == "x y"
    reciprocal = [{"id": "R", "event": "AGREE", "text": "A and B agreed.", "source": [{"code": "ISR"}, {"code": "LBN"}],
                   "textInfo": {"markup": "(SRC/TAR: A) and (SRC/TAR: B) (EVT: agreed)."}}]
    (rec,), _ = read_records(reciprocal)
    assert [t.code for t in rec.targets] == ["ISR", "LBN"]
    recs, skipped = read_records(doc, limit=1)
    assert [r.id for r in recs] == ["A"]


# ------------------------------------------------------------------------------------------------ CLI (no pipeline)
def test_cli_unreadable_and_unknown_files(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["eval", str(tmp_path / "nope.json")])
    assert res.exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"hello": 1}))
    assert runner.invoke(app, ["eval", str(bad)]).exit_code == 2
    gold = tmp_path / "eval" / "a.expected.json"
    gold.parent.mkdir()
    gold.write_text(json.dumps({"article": "missing.txt", "events": []}))
    res = runner.invoke(app, ["eval", str(gold)])
    assert res.exit_code == 2


def test_cli_docstring_has_example() -> None:
    from kg.cli.evaluate import eval_

    assert "Example:" in (eval_.__doc__ or "")
