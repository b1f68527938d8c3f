"""The benchmark's own helpers (scripts/bench.py): the corpus it measures and how it pairs the rounds.

No timing is checked here: the bench prints ratios, the tests check what those ratios are made of.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("geokg_bench", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_corpus_is_varied_copies_of_the_samples(bench, tmp_path):
    out = tmp_path / "c.jsonl"
    n, words = bench.make_corpus(out, 3)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    samples = len(list((ROOT / "data" / "samples").glob("*.txt")))
    assert n == len(records) == 3 * samples
    assert len({r["id"] for r in records}) == n
    assert words == sum(len(r["text"].split()) for r in records)
    # copy 2 has the second pair of names swapped (bit 1 of its number): Sudan becomes Chad
    sudan = [i for i, r in enumerate(records[:samples]) if "Sudan" in r["text"]]
    assert sudan
    swapped = records[2 * samples + sudan[0]]["text"]
    assert "Chad" in swapped and not re.search(r"\bSudan\b", swapped)
    assert records[samples + sudan[0]]["text"] == records[sudan[0]]["text"]  # copy 1 swaps only Russia


def test_repeated_corpus_keeps_ids_distinct(bench, tmp_path):
    src, dst = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    src.write_text('{"id": "x", "text": "t"}\n{"id": "y", "text": "u"}\n', encoding="utf-8")
    bench.repeat_file(src, dst, 3)
    ids = [json.loads(line)["id"] for line in dst.read_text(encoding="utf-8").splitlines()]
    assert ids == ["x-r0", "y-r0", "x-r1", "y-r1", "x-r2", "y-r2"]


def test_read_corpus_says_what_it_skipped_and_stops_on_nothing(bench, tmp_path, capsys):
    good = json.dumps({"id": "a", "text": "Kenya and Ethiopia signed a trade agreement in Nairobi on Monday."})
    p = tmp_path / "c.jsonl"
    p.write_text(good + "\n{not json\n", encoding="utf-8")
    assert [a.id for a in bench.read_corpus(p)] == ["a"]
    assert "1 records skipped" in capsys.readouterr().err
    p.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="no article to measure"):
        bench.read_corpus(p)


def test_rounds_are_paired_and_alternate(bench):
    assert list(bench.in_turn(0, [1, 2, 3])) == [1, 2, 3]
    assert list(bench.in_turn(1, [1, 2, 3])) == [3, 2, 1]
    median, each = bench.speed_ups([10.0, 9.0, 12.0], [5.0, 6.0, 4.0])
    assert median == 2.0
    assert each == "1.50x, 2.00x, 3.00x"


def test_stolen_seconds_reads_the_steal_column_of_the_cpu_line(bench):
    import doctest
    import os

    finder = doctest.DocTestFinder()
    [test] = finder.find(bench.stolen_seconds, "stolen_seconds", globs={"stolen_seconds": bench.stolen_seconds})
    assert doctest.DocTestRunner().run(test).failed == 0
    ticks = os.sysconf("SC_CLK_TCK")
    assert bench.stolen_seconds(f"cpu  1 2 3 4 5 6 7 {3 * ticks} 0 0\n") == 3.0
    assert bench.stolen_seconds("cpu0 1 2 3 4 5 6 7 8 0 0\n") is None  # one core's line, not the machine's
    assert bench.stolen_seconds("cpu  1 2 3 4\n") is None  # a kernel without the column
    if Path("/proc/stat").exists():
        assert bench.stolen_seconds() >= 0
