"""``kg analyze`` and ``kg graph``: the commands over a small hand-made store (fast), over a store built
from data/samples (slow) and end to end on the seed article of ../shared/corpus (slow).

The seed test pins what the page must show whatever the extractor's exact events: the seven actors,
Putin's proposal and the US rejection, and at least one disputed event (denied in another claim by
another agent, the definition of :data:`kg.table.DISPUTED_QUERY`).
"""

from __future__ import annotations

import csv
import gc
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import KGStore

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "seed-article-us-rejects-ceasefire.txt"
SMALL_TRIG = ROOT / "tests" / "analysis" / "fixtures" / "small.trig"

ACTOR_COLUMNS = {"label", "kind", "degree", "events_in", "events_out", "weighted_degree", "betweenness", "pagerank",
                 "eigenvector", "community", "broker"}
PAIR_COLUMNS = {"a", "b", "a_to_b", "b_to_a", "reciprocity", "coop", "conflict", "balance"}
#: The seven actors of the seed article, as words of their labels.
SEED_ACTORS = ("Putin", "United States", "Russia", "Ukraine", "Zelensky", "Biden", "Congress")


def run(*args: Any) -> Any:
    """Invoke the CLI; ``output`` holds standard output and standard error."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def graph_data(page: Path) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert m, "no graph data in the page"
    return json.loads(m.group(1))


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _release(store: KGStore) -> None:
    store.flush()
    del store
    gc.collect()  # release the RocksDB lock so that the CLI can open the store


# -- a small hand-made store: fast ------------------------------------------------------------


@pytest.fixture(scope="module")
def small_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "store"
    store = KGStore(path)
    store.oxigraph.load(path=str(SMALL_TRIG), format=ox.RdfFormat.TRIG)
    _release(store)
    return path


def test_commands_have_examples() -> None:
    for name in ("analyze", "graph"):
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.output and f"kg {name}" in result.output


def test_analyze_small_formats(small_path: Path, tmp_path: Path) -> None:
    table = run("analyze", "--store", small_path)
    assert table.exit_code == 0, table.output
    for name in ("actors", "pairs", "communities", "brokers", "contested", "timelines"):
        assert name in table.output
    assert "Anna Adler" in table.output and "pagerank" in table.output

    data = json.loads(run("analyze", "--store", small_path, "--format", "json").stdout)
    assert set(data) == {"actors", "pairs", "communities", "brokers", "contested", "timelines"}
    assert data["actors"] and ACTOR_COLUMNS <= set(data["actors"][0])
    assert data["contested"], "the small store has a disputed event"

    out = tmp_path / "actors.csv"
    result = run("analyze", "--store", small_path, "-t", "actors", "-f", "csv", "--out", out, "--limit", "3")
    assert result.exit_code == 0 and result.stdout == ""  # the file, and a note on standard error only
    rows = csv_rows(out.read_text(encoding="utf-8"))
    assert len(rows) == 3 and ACTOR_COLUMNS <= set(rows[0])


def test_analyze_filters(small_path: Path) -> None:
    every = json.loads(run("analyze", "--store", small_path, "-f", "json", "-t", "actors").stdout)["actors"]
    only = json.loads(run("analyze", "--store", small_path, "-f", "json", "-t", "actors", "-t", "pairs",
                          "--class", "Threat", "--class", "MilitaryAction").stdout)
    assert {r["label"] for r in only["actors"]} == {"Alphaland", "Betania"}
    assert len(only["pairs"]) == 1 and len(every) > 2
    # every ordered pair of the small store has one event: --min-weight 2 leaves nothing
    assert json.loads(run("analyze", "--store", small_path, "-f", "json", "-t", "pairs", "--min-weight", "1").stdout)["pairs"]
    assert json.loads(run("analyze", "--store", small_path, "-f", "json", "-t", "pairs", "--min-weight", "2").stdout) == {
        "pairs": []
    }
    # a partial name matches by whole words
    ego = json.loads(run("analyze", "--store", small_path, "-f", "json", "-t", "actors", "--actor", "Berg",
                         "--radius", "1").stdout)["actors"]
    assert "Bruno Berg" in {r["label"] for r in ego}
    timelines = json.loads(run("analyze", "--store", small_path, "-f", "json", "-t", "timelines").stdout)["timelines"]
    late = json.loads(run("analyze", "--store", small_path, "-f", "json", "-t", "timelines", "--since", "2024-03").stdout)
    assert 0 < len(late["timelines"]) < len(timelines)
    # a day or month before March is out; a year ("2024") overlaps the window
    assert all(not r["date"] or len(r["date"]) == 4 or r["date"] >= "2024-03" for r in late["timelines"])


@pytest.mark.parametrize(
    "args, message",
    [
        (("--since", "2024-13"), "not a date"),
        (("--until", "yesterday"), "not a date"),
        (("--format", "xml"), "not one of"),
        (("--table", "nodes"), "not one of"),
        (("--radius", "2"), "needs --actor"),
    ],
)
def test_analyze_bad_options(small_path: Path, args: tuple[str, ...], message: str) -> None:
    result = run("analyze", "--store", small_path, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_missing_store(tmp_path: Path) -> None:
    for cmd in (("analyze",), ("graph", "--out", tmp_path / "g.html")):
        result = run(*cmd, "--store", tmp_path / "nothing")
        assert result.exit_code == 1
        assert "E302" in result.output
    assert not (tmp_path / "nothing").exists() and not (tmp_path / "g.html").exists()


@pytest.mark.parametrize("projection", ["interaction", "actors", "claims", "articles"])
def test_graph_projections(small_path: Path, tmp_path: Path, projection: str) -> None:
    out = tmp_path / f"{projection}.html"
    result = run("graph", "--store", small_path, "--out", out, "--projection", projection, "--color-by", "community",
                 "--size-by", "degree")
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and f"{projection} projection" in result.output
    data = graph_data(out)
    assert data["nodes"] and data["edges"]
    assert data["meta"]["colorBy"] == "community" and data["meta"]["sizeBy"] == "degree"
    assert "https://" not in out.read_text(encoding="utf-8").split("<script")[0]  # offline page


def test_graph_prunes_and_says_so(small_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "pruned.html"
    result = run("graph", "--store", small_path, "--out", out, "--max-nodes", "2", "--title", "Two nodes")
    assert result.exit_code == 0, result.output
    assert "2 of " in result.output and "pruned" in result.output
    data = graph_data(out)
    assert len(data["nodes"]) == 2 and data["meta"]["title"] == "Two nodes"
    assert data["meta"]["notices"] and "pruned" in data["meta"]["notices"][0]


def test_graph_bad_options(small_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    for args in (("--projection", "events"), ("--size-by", "fame"), ("--color-by", "mood"),
                 ("--projection", "claims", "--min-weight", "2"), ("--max-nodes", "0")):
        result = run("graph", "--store", small_path, "--out", out, *args)
        assert result.exit_code == 2, args
    assert not out.exists()
    assert run("graph", "--store", small_path).exit_code == 2  # --out is required


def test_unmatched_actor_warns(small_path: Path, tmp_path: Path) -> None:
    result = run("graph", "--store", small_path, "--out", tmp_path / "g.html", "--actor", "Nobody")
    assert result.exit_code == 0
    assert "matches no actor" in result.output and "empty" in result.output  # standard error, mixed in


# -- data/samples: slow -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from kg.pipeline import build, shared_pipeline

    path = tmp_path_factory.mktemp("samples") / "store"
    store = KGStore(path)
    report = build([SAMPLES], store, nlp=shared_pipeline())
    assert report.events > 0
    _release(store)
    yield path


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_analyze_samples(samples_path: Path, fmt: str) -> None:
    result = run("analyze", "--store", samples_path, "--format", fmt, "--table", "actors", "--table", "pairs")
    assert result.exit_code == 0, result.output
    text = result.stdout
    if fmt == "json":
        data = json.loads(text)
        actors, pairs = data["actors"], data["pairs"]
        assert actors and ACTOR_COLUMNS <= set(actors[0])
        assert pairs and PAIR_COLUMNS <= set(pairs[0])
    elif fmt == "csv":
        first, second = text.split("# pairs\n")
        assert first.startswith("# actors\n")
        actors, pairs = csv_rows(first.split("\n", 1)[1]), csv_rows(second)
        assert actors and ACTOR_COLUMNS <= set(actors[0])
        assert pairs and PAIR_COLUMNS <= set(pairs[0])
        assert all(float(r["pagerank"]) >= 0 for r in actors)
    else:
        lines = text.splitlines()
        header = next(line for line in lines if "label" in line and "pagerank" in line)
        for col in ("label", "kind", "degree", "betweenness", "pagerank", "eigenvector", "community"):
            assert col in header
        rows = [line for line in lines if line.startswith("│")]
        assert len(rows) > 10  # actors and pairs rows
        assert "pairs" in text and "reciprocity" in text


@pytest.mark.slow
def test_analyze_samples_every_table(samples_path: Path) -> None:
    data = json.loads(run("analyze", "--store", samples_path, "--format", "json").stdout)
    assert data["actors"] and data["pairs"] and data["communities"] and data["timelines"]
    assert sum(c["size"] for c in data["communities"]) == len(data["actors"])


# -- the seed article, end to end: slow -----------------------------------------------------------


@pytest.fixture(scope="module")
def seed_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEED.is_file():
        pytest.skip(f"the seed article is not at {SEED} (../shared sits next to the repository)")
    from kg.pipeline import build, shared_pipeline

    path = tmp_path_factory.mktemp("seed") / "store"
    store = KGStore(path)
    report = build([SEED], store, nlp=shared_pipeline())
    assert report.ok and report.events > 0
    _release(store)
    return path


def _has(labels: set[str], actor: str) -> bool:
    return any(re.search(rf"\b{re.escape(actor)}\b", label) for label in labels)


@pytest.mark.slow
def test_seed_graph_end_to_end(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.html"
    result = run("graph", "--store", seed_path, "--out", out)
    assert result.exit_code == 0, result.output
    data = graph_data(out)
    labels = {str(n["label"]) for n in data["nodes"]}
    missing = [a for a in SEED_ACTORS if not _has(labels, a)]
    assert not missing, f"actors missing from the page: {missing}; nodes: {sorted(labels)}"
    by_id = {n["id"]: str(n["label"]) for n in data["nodes"]}
    edges = [(by_id[e["from"]], e["classes"], e) for e in data["edges"]]
    assert any("Proposal" in c and "Putin" in a for a, c, _ in edges), "no proposal by Putin"
    assert any("Rejection" in c for _, c, _ in edges), "no rejection"
    disputed = [e for _, _, e in edges if e["disputed"]]
    assert disputed, "no disputed edge"
    assert all("DISPUTED" in e.get("label", "DISPUTED") and e.get("dashes") for e in disputed)

    # the same store, analysed: the disputed events are the contested claims
    report = json.loads(run("analyze", "--store", seed_path, "--format", "json").stdout)
    assert len(report["contested"]) >= 1
    assert _has({r["label"] for r in report["actors"]}, "Putin")

    # the claim projection draws who disputes what
    claims = tmp_path / "claims.html"
    assert run("graph", "--store", seed_path, "--out", claims, "--projection", "claims").exit_code == 0
    cdata = graph_data(claims)
    assert any(str(e.get("label", "")).startswith("disputes") and e["disputed"] for e in cdata["edges"])
    assert any(n.get("disputed") for n in cdata["nodes"])
