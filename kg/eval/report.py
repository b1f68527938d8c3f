"""Render evaluation results: rich tables on the terminal and a Markdown report.

Both list every miss and every spurious event with its sentence; the terminal listing can be left out
(``kg eval --brief``), the Markdown report always has it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from rich.console import Console
from rich.table import Table

from kg.codes import table as code_table
from kg.eval.expectations import ClassCounts, ExpectationSummary, Ratio
from kg.eval.plover import PloverSummary, Prediction

NONE = "—"


def fmt(x: float | None) -> str:
    """A score with two decimals, or an em dash when undefined.

    >>> fmt(0.8333), fmt(None)
    ('0.83', '—')
    """
    return NONE if x is None else f"{x:.2f}"


def ratio(r: Ratio) -> str:
    """``0.75 (3/4)``, or an em dash when nothing was counted."""
    return f"{fmt(r.value)} ({r.num}/{r.den})" if r.den else NONE


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _codes(codes: frozenset[str]) -> str:
    return ",".join(sorted(codes)) or NONE


def _gold_codes(actors: Sequence[object]) -> str:
    return ",".join(f"{a.code}" for a in actors) or NONE  # type: ignore[attr-defined]


def _categories(s: PloverSummary) -> list[str]:
    current = list(code_table().get("plover_categories", []))
    seen = {g for g, _ in s.confusion} | {p for _, p in s.confusion}
    return [c for c in current if c in seen] + sorted(seen - set(current) - {"(no category)", "(no event)"}) + \
        [c for c in ("(no category)", "(no event)") if c in seen]


def _class_rows(classes: dict[str, ClassCounts], overall: ClassCounts | None) -> list[list[str]]:
    rows = [[name, str(c.extracted), str(c.correct), fmt(c.precision), str(c.required), str(c.found), fmt(c.recall), fmt(c.f1)]
            for name, c in classes.items()]
    if overall is not None:
        rows.append(["overall", str(overall.extracted), str(overall.correct), fmt(overall.precision), str(overall.required),
                     str(overall.found), fmt(overall.recall), fmt(overall.f1)])
    return rows


CLASS_HEAD = ["class", "extracted", "correct", "precision", "required", "found", "recall", "F1"]
PLOVER_HEAD = ["category", "predicted", "correct", "precision", "gold", "found", "recall", "F1"]


def _accuracy_rows(s: ExpectationSummary) -> list[tuple[str, str, str]]:
    return [
        ("agent", ratio(s.agent), "required events with an extracted event of an accepted class: one also has an accepted agent"),
        ("target", ratio(s.target), "required events with a listed target and a class+agent match: one also has an accepted target"),
        ("date", ratio(s.date), "found events with a listed date: the date is right"),
        ("attribution", ratio(s.attribution), "found events with asserted_by: the claim names one of them"),
        ("dispute", ratio(s.dispute), "found events with disputed_by: denied by one of them"),
    ]


def _plover_rows(s: PloverSummary) -> list[tuple[str, str]]:
    return [
        ("records scored", f"{s.scored} ({s.skipped} skipped: DOCUMENT/malformed)"),
        ("event category accuracy", ratio(s.category)),
        ("source country accuracy", ratio(s.source)),
        ("target country accuracy", ratio(s.target)),
        ("target accuracy where gold names a target", ratio(s.target_given)),
        ("no event predicted", str(s.no_event)),
        ("event without PLOVER category (CAMEO 01/02)", str(s.no_category)),
    ]


def _pred_desc(p: Prediction) -> str:
    if p.event is None:
        return "(no event)" + (f" error: {p.error}" if p.error else "")
    return f"{p.predicted_label} [{p.event.type} {p.event.cameo} '{p.event.evidence.trigger}'] {p.agent or NONE} ({_codes(p.agent_codes)}) -> {p.target or NONE} ({_codes(p.target_codes)})"


def _wrong(p: Prediction) -> str:
    return "/".join(w for w, ok in (("category", p.category_ok), ("source", p.source_ok), ("target", p.target_ok)) if not ok)


# ----------------------------------------------------------------------------------------- terminal
def print_expectations(s: ExpectationSummary, console: Console, *, listings: bool = True) -> None:
    console.rule("[bold]Expectations")
    t = Table(title="Per article")
    for h in ("article", "expectations", "extracted", "required found", "recall", "spurious", "precision"):
        t.add_column(h)
    for a in s.articles:
        sc = a.score
        t.add_row(a.extraction.article.id, str(a.gold), str(sc.extracted), f"{sum(bool(c.found) for c in sc.required)}/{len(sc.required)}",
                  fmt(sc.recall), str(len(sc.spurious)), fmt(sc.precision))
    console.print(t)
    t = Table(title="Per event class (precision: by extracted class; recall: required events by first listed class)")
    for h in CLASS_HEAD:
        t.add_column(h, justify="left" if h == "class" else "right")
    for row in _class_rows(s.classes, s.overall):
        t.add_row(*row, style="bold" if row[0] == "overall" else None)
    console.print(t)
    t = Table(title="Accuracy")
    for h in ("measure", "score", "of"):
        t.add_column(h)
    for row in _accuracy_rows(s):
        t.add_row(*row)
    console.print(t)
    if not listings:
        return
    console.print(f"[bold]Missed required events ({len(s.misses)})")
    for m in s.misses:
        console.print(f"  [red]{m.article} {m.id}[/red] {'/'.join(m.types)}: {', '.join(m.agent[:3])} -> {', '.join(m.target[:3]) or NONE}"
                      f" -- {m.reason}; {m.theme}", markup=True, highlight=False)
        for c in m.candidates:
            console.print(f"      candidate {c.event} {c.type}: {c.agent} -> {c.target}: {c.sentence}", markup=False, highlight=False)
    console.print(f"[bold]Spurious events ({len(s.spurious)})")
    for x in s.spurious:
        console.print(f"  [yellow]{x.event}[/yellow] {x.type} {x.cameo} '{x.trigger}' {x.agent or NONE} -> {x.target or NONE}", highlight=False)
        console.print(f"      {x.sentence}", markup=False, highlight=False)


def print_plover(s: PloverSummary, console: Console, *, listings: bool = True) -> None:
    console.rule("[bold]PLOVER gold-standard records")
    t = Table(title="Summary")
    t.add_column("measure")
    t.add_column("score")
    for row in _plover_rows(s):
        t.add_row(*row)
    console.print(t)
    t = Table(title="Per PLOVER category (current names; gold mapped from 0.5b1)")
    for h in PLOVER_HEAD:
        t.add_column(h, justify="left" if h == "category" else "right")
    for row in _class_rows(s.classes, None):
        t.add_row(*row)
    console.print(t)
    cats = _categories(s)
    t = Table(title="Confusion (rows: gold, columns: predicted; ncat = event without category, none = no event)")
    t.add_column("gold")
    short = {"(no category)": "ncat", "(no event)": "none"}
    for c in cats:
        t.add_column(short.get(c, c[:4]), justify="right")
    for g in cats:
        if any(s.confusion[(g, p)] for p in cats):
            t.add_row(g, *[str(s.confusion[(g, p)] or "") for p in cats])
    console.print(t)
    t = Table(title="Most common category misses")
    for h in ("gold", "predicted", "n", "example"):
        t.add_column(h)
    for g, p, n, ex in s.miss_patterns(10):
        t.add_row(g, p, str(n), f"{ex.record.id}: {ex.record.text}")
    console.print(t)
    if not listings:
        return
    wrong = [p for p in s.predictions if _wrong(p)]
    console.print(f"[bold]Records with a wrong category, source or target ({len(wrong)})")
    for p in wrong:
        console.print(f"  [red]{p.record.id}[/red] wrong {_wrong(p)}: gold {p.record.category}->{p.record.current} "
                      f"{_gold_codes(p.record.sources)} -> {_gold_codes(p.record.targets)}; predicted {_pred_desc(p)}", highlight=False)
        console.print(f"      {p.record.text}", markup=False, highlight=False)


# ----------------------------------------------------------------------------------------- markdown
def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    return out + [""]


def markdown(expectations: ExpectationSummary | None, plover: PloverSummary | None, *, command: str = "") -> str:
    """The whole report as Markdown."""
    lines = ["# Evaluation report", ""]
    if command:
        lines += [f"Reproduce with `{command}` (generated {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC); "
                  "the method is in docs/evaluation.md.", ""]
    if expectations is not None:
        s = expectations
        lines += ["## Expectations", "", "### Per article", ""]
        lines += _table(["article", "expectations", "extracted", "required found", "recall", "spurious", "precision"], [
            [a.extraction.article.id, a.gold, a.score.extracted, f"{sum(bool(c.found) for c in a.score.required)}/{len(a.score.required)}",
             fmt(a.score.recall), len(a.score.spurious), fmt(a.score.precision)] for a in s.articles])
        lines += ["### Per event class", "",
                  "Precision counts extracted events by their class; recall counts required events by their first listed class.", ""]
        lines += _table(CLASS_HEAD, _class_rows(s.classes, s.overall))
        lines += ["### Accuracy", ""] + _table(["measure", "score", "of"], _accuracy_rows(s))
        lines += [f"### Missed required events ({len(s.misses)})", ""]
        for m in s.misses:
            lines.append(f"- **{m.article} {m.id}** {'/'.join(m.types)}: {', '.join(m.agent[:4])} -> {', '.join(m.target[:4]) or NONE} "
                         f"— {m.reason}; {m.theme}")
            for c in m.candidates:
                lines.append(f"  - candidate `{c.event}` {c.type}: {c.agent} -> {c.target}: “{c.sentence}”")
        lines += ["", f"### Spurious events ({len(s.spurious)})", ""]
        for x in s.spurious:
            lines.append(f"- `{x.event}` {x.type} {x.cameo} '{x.trigger}' {x.agent or NONE} -> {x.target or NONE}: “{x.sentence}”")
        if s.alias_misses or s.date_misses:
            lines += ["", "### Actor aliases and date expressions not resolved as expected", ""]
            lines += [f"- {m}" for m in s.alias_misses + s.date_misses]
        lines.append("")
    if plover is not None:
        s2 = plover
        lines += ["## PLOVER gold-standard records", ""] + _table(["measure", "score"], _plover_rows(s2))
        lines += ["### Per category", "", "Current PLOVER names; gold 0.5b1 names mapped as in docs/evaluation.md.", ""]
        lines += _table(PLOVER_HEAD, _class_rows(s2.classes, None))
        cats = _categories(s2)
        lines += ["### Confusion", "", "Rows: gold category; columns: predicted.", ""]
        lines += _table(["gold \\ predicted", *cats], [[g, *[s2.confusion[(g, p)] or "" for p in cats]] for g in cats
                                                       if any(s2.confusion[(g, p)] for p in cats)])
        lines += ["### Most common category misses", ""]
        lines += _table(["gold", "predicted", "n", "example"], [[g, p, n, f"{ex.record.id}: {ex.record.text}"] for g, p, n, ex in s2.miss_patterns(10)])
        wrong = [p for p in s2.predictions if _wrong(p)]
        lines += [f"### Records with a wrong category, source or target ({len(wrong)})", ""]
        for p in wrong:
            lines.append(f"- **{p.record.id}** wrong {_wrong(p)}: gold {p.record.category}→{p.record.current} "
                         f"{_gold_codes(p.record.sources)} -> {_gold_codes(p.record.targets)}; predicted {_pred_desc(p)}  \n"
                         f"  “{p.record.text}”")
        lines.append("")
    return "\n".join(lines)


__all__ = ["fmt", "markdown", "print_expectations", "print_plover", "ratio"]
