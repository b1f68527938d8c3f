#!/usr/bin/env python
"""Benchmark of the build (not a test): every figure is a ratio against a baseline measured in this run.

    python scripts/bench.py                       # the samples, repeated with varied names and dates
    python scripts/bench.py --corpus my.jsonl     # any JSONL of articles (id, title, published, text)
    python scripts/bench.py --copies 20 --rss-base 2 --query-triples 1000000

Prints one table:

* words/s of bare ``nlp.pipe`` (the statistical model alone), of the same model with its attribute-ruler rules
  applied through geokg's index (:mod:`kg.nlp.attributes`, as the geokg pipeline runs them), of the full geokg
  pipeline (that model plus the geokg_* components), and of ``kg build`` (pipeline, extraction, RDF, store),
  with their ratios;
* triples/s of the store write path (:func:`kg.shards.load_shards`: atomic, incremental, batched) against
  pyoxigraph's own ``bulk_load`` of the same N-Quads into an empty store;
* peak RSS of ``kg build`` (the process's own ``VmHWM``) at 1x, 4x and 16x a corpus (``--rss-sizes``), each in a
  fresh process;
* speed-up of 2 worker processes over 1, against the machine's ceiling measured in the same rounds (2 independent
  extractions at once against one alone), and of a 2-worker Dask ``LocalCluster`` over a 1-worker one;
* median and 95th-percentile latency of the named queries on a store of at least ``--query-triples``
  (compacted with :meth:`kg.store.KGStore.optimize`, as ``kg build`` does after a large load): the first
  page (``--query-page`` items, what ``kg query --named`` shows on a terminal) and the whole result.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"

#: Name swaps applied to a copy when the bit of its number is set: varied actors, same grammar.
SWAPS = [("Russia", "Belarus"), ("Sudan", "Chad"), ("Niger", "Mali"), ("Israel", "Egypt"), ("China", "Vietnam"),
         ("India", "Bangladesh"), ("Rwanda", "Uganda"), ("Azerbaijan", "Georgia"), ("Philippines", "Indonesia")]


def make_corpus(out: Path, copies: int) -> tuple[int, int]:
    """Write ``copies`` varied copies of the samples to ``out`` (JSONL); returns (articles, words)."""
    from kg.ingest import iter_articles

    base = list(iter_articles([SAMPLES]))
    n = words = 0
    with out.open("w", encoding="utf-8") as fh:
        for i in range(copies):
            for a in base:
                text, title = a.text, a.title
                for bit, (x, y) in enumerate(SWAPS):
                    if i >> bit & 1:
                        text, title = (re.sub(rf"\b{x}\b", y, s) for s in (text, title))
                day = (a.published + timedelta(days=i)) if a.published else None
                fh.write(json.dumps({"id": f"{a.id}-{i}", "title": title, "text": text,
                                     "published": day.isoformat() if day else None}) + "\n")
                n += 1
                words += len(text.split())
    return n, words


def read_corpus(path: Path) -> list:  # type: ignore[type-arg]
    """The corpus's articles; its bad records are counted on stderr (a silently smaller corpus would skew
    every figure), and a corpus with no article stops the bench."""
    from kg.ingest import InputError, iter_articles

    errors: list[InputError] = []
    articles = list(iter_articles([path], errors=errors))
    if errors:
        print(f"{path}: {len(errors)} records skipped, e.g. {errors[0]}", file=sys.stderr)
    if not articles:
        sys.exit(f"{path}: no article to measure")
    return articles


def repeat_file(src: Path, dst: Path, times: int) -> None:
    """``times`` copies of a JSONL corpus with distinct ids (for the RSS runs)."""
    lines = src.read_text(encoding="utf-8").splitlines()
    with dst.open("w", encoding="utf-8") as fh:
        for k in range(times):
            for line in lines:
                rec = json.loads(line)
                rec["id"] = f"{rec.get('id', 'a')}-r{k}"
                fh.write(json.dumps(rec) + "\n")


def words_of(articles) -> int:  # type: ignore[no-untyped-def]
    return sum(len(a.text.split()) for a in articles)


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


T = TypeVar("T")


def in_turn(k: int, steps: Sequence[T]) -> Sequence[T]:
    """``steps`` in round ``k``'s order: as given in even rounds, reversed in odd ones, so that a drift of the
    machine's speed within a round favours none of the paired measures."""
    return steps if k % 2 == 0 else steps[::-1]


def stolen_seconds(stat: str | None = None) -> float | None:
    """CPU seconds the hypervisor has taken from this machine's cores since boot (the ``steal`` column of
    ``/proc/stat``'s ``cpu`` line), or None where it is not known.  On a VM, time stolen during a measure
    slows it without showing in its own CPU time: the workers' rounds print their share.

    >>> stolen_seconds("cpu  100 0 50 900 10 0 3 250 0 0\\ncpu0 50 0 25 450 5 0 1 125 0 0")
    2.5
    """
    if stat is None:
        try:
            stat = Path("/proc/stat").read_text()
        except OSError:
            return None
    fields = stat.split("\n", 1)[0].split()
    if len(fields) < 9 or fields[0] != "cpu":
        return None
    return int(fields[8]) / os.sysconf("SC_CLK_TCK")


def speed_ups(slow: Sequence[float], fast: Sequence[float]) -> tuple[float, str]:
    """The median of each round's time ratio ``slow / fast`` (made back to back), and all of them, sorted."""
    import statistics

    each = sorted(a / b for a, b in zip(slow, fast))
    return statistics.median(each), ", ".join(f"{x:.2f}x" for x in each)


def pipe_words_per_second(nlp, articles, batch_size: int) -> float:  # type: ignore[no-untyped-def]
    from kg.nlp import make_doc

    def run() -> None:
        for i in range(0, len(articles), batch_size):
            chunk = articles[i : i + batch_size]
            with nlp.memory_zone():
                docs = [make_doc(nlp, a.text, published=a.published, article_id=a.id) for a in chunk]
                for _ in nlp.pipe(docs, batch_size=batch_size):
                    pass

    dt, _ = timed(run)
    return words_of(articles) / dt


RSS_SCRIPT = """
import re, resource, sys
from pathlib import Path
from kg.pipeline import build
from kg.store import KGStore
r = build([sys.argv[1]], KGStore(sys.argv[2]), batch_size=16)
# VmHWM: this process's own peak.  Linux carries ru_maxrss across fork and exec, so a child of a big process
# (the bench holds three pipelines) would report at least the parent's size, hiding the build's own growth.
status = Path("/proc/self/status")
hwm = re.search(r"VmHWM:\\s+(\\d+) kB", status.read_text()) if status.exists() else None
print(r.articles, int(hwm.group(1)) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss(corpus: Path, tmp: Path, label: str) -> tuple[int, float]:
    store = tmp / f"rss-{label}"
    out = subprocess.run([sys.executable, "-c", RSS_SCRIPT, str(corpus), str(store)], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    articles, kb = out.stdout.split()[-2:]
    shutil.rmtree(store, ignore_errors=True)
    return int(articles), int(kb) / 1024


CEILING_SCRIPT = """
import os, sys, time
from pathlib import Path
from kg.ingest import iter_articles
from kg.pipeline import build_articles, shared_pipeline
nlp = shared_pipeline()
articles = list(iter_articles([sys.argv[1]]))
list(build_articles(articles[:8], nlp))
Path(sys.argv[2] + ".ready." + str(os.getpid())).touch()
while not Path(sys.argv[2]).exists():
    time.sleep(0.005)
t = time.perf_counter()
list(build_articles(articles, nlp))
print(time.perf_counter() - t)
"""


def processes_at_once(corpus: Path, tmp: Path, k: int) -> float:
    """Wall clock of the slowest of ``k`` independent processes extracting the corpus (in-process, the
    pipeline loaded beforehand) started at the same instant: what the machine gives ``k`` busy processes."""
    go = tmp / f"go-{k}-{time.time_ns()}"
    procs = [subprocess.Popen([sys.executable, "-c", CEILING_SCRIPT, str(corpus), str(go)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
             for _ in range(k)]
    while len(list(tmp.glob(go.name + ".ready.*"))) < k:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError("a ceiling process failed")
        time.sleep(0.05)
    go.touch()
    return max(float(p.communicate()[0].split()[-1]) for p in procs)


def synth_store(path: Path, shard: Path, target: int):  # type: ignore[no-untyped-def]
    """A store of at least ``target`` quads: the shard's articles copied under new ids, bulk-loaded in rounds."""
    import pyoxigraph as ox

    from kg.shards import iter_shard
    from kg.store import KGStore

    arts = [(iri.rsplit("/", 1)[-1], ox.serialize(qs, format=ox.RdfFormat.N_QUADS).decode()) for iri, qs in iter_shard(shard)]
    store = KGStore(path)
    nq = path.with_suffix(".nq")
    k = 0
    while len(store.oxigraph) < target:
        with nq.open("w", encoding="utf-8") as fh:
            for _ in range(10):
                for aid, text in arts:
                    fh.write(text.replace(f"/{aid}", f"/{aid}-q{k}").replace(f'"{aid}"', f'"{aid}-q{k}"'))
                k += 1
        store.oxigraph.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    nq.unlink()
    store.optimize()
    return store


QUERY_SCRIPT = """
import json, re, statistics, sys, time
from kg.queries import bind, get_query, page_text, parse_params
from kg.store import KGStore
from kg.vocab import actor_iri
ACTOR = actor_iri("")
store = KGStore(sys.argv[1], read_only=True)
q = get_query(sys.argv[2])
runs = int(sys.argv[3])
text = page_text(q, int(sys.argv[5]))  # 0: the whole result
params = {}
if sys.argv[4] == "example":  # the parameters of the query's first example, else none
    for ex in q.examples[:1]:
        params = {k: v.strip('"') for k, v in parse_params(re.findall(r'--param\\s+(\\S+="[^"]*"|\\S+)', ex)).items()}
if "article" in params:  # the store holds copies of the samples under new ids: the first article with rows
    hit = store.select(page_text(q, 1), {})
    params["article"] = hit[0]["article"] if hit else params["article"]
try:
    bound = bind(store, q, params)
except Exception:  # an example actor missing from this store: measured without parameters (the label says so)
    params = {}
    bound = bind(store, q, params)
actors = [p.name for p in q.params if p.type == "actor"]
if params and len(actors) == 1 and not store.select(page_text(q, 1), bound):
    # The example's actor has no rows here (the store holds the samples, not the article the example is
    # about): timing an empty result measures nothing, so take the first item's actor that has rows.
    first = store.select(page_text(q, 1), {}) if not any(p.required for p in q.params) else []
    for value in (first[0].values() if first else []):
        if isinstance(value, str) and value.startswith(ACTOR):
            trial = bind(store, q, {**params, actors[0]: value})
            if store.select(page_text(q, 1), trial):
                params, bound = {**params, actors[0]: value[len(ACTOR):] + " (an actor with rows)"}, trial
                break
times = []
rows = 0
for i in range(runs + 1):
    t = time.perf_counter()
    rows = len(store.select(text, bound))
    dt = (time.perf_counter() - t) * 1000
    if i:
        times.append(dt)
    elif dt > 5000:  # a slow query: one more run is enough
        runs = 1
        times.append(dt)
        break
times.sort()
print(json.dumps([rows, statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], len(times),
                  " ".join(f"{k}={v}" for k, v in params.items())]))
"""


def named_query_latency(store_path: Path, runs: int, timeout: float, page: int) -> list[tuple[str, str]]:
    """(what, "median / p95 ms") per named query, each in a child process with a time limit: run with the
    parameters of its first example and, when it has no required parameter, also without parameters; each
    for its first page of ``page`` items and for its whole result.  Last: the median of the first pages'
    medians."""
    import statistics

    from kg.queries import list_queries

    out = []
    firsts = []
    for q in list_queries():
        modes = ["example"] + (["none"] if not any(p.required for p in q.params) else [])
        for mode in modes:
            for limit in (page, 0):
                label = q.name if mode == "example" else f"{q.name}, no parameters"
                part = f"first {page} items" if limit else "all"
                try:
                    res = subprocess.run([sys.executable, "-c", QUERY_SCRIPT, str(store_path), q.name, str(runs), mode,
                                          str(limit)], capture_output=True, text=True, timeout=timeout, check=True)
                    rows, med, p95, n, given = json.loads(res.stdout.strip().splitlines()[-1])
                    label = f"{q.name} {given}" if given else label
                    out.append((f"{label}, {part} ({rows} rows, {n} runs) median / p95", f"{med:,.0f} / {p95:,.0f} ms"))
                    if limit:
                        firsts.append(med)
                except subprocess.TimeoutExpired:
                    out.append((f"{label}, {part} median / p95", f"> {timeout:.0f} s"))
                except subprocess.CalledProcessError as exc:
                    out.append((f"{label}, {part}", "failed: " + (exc.stderr.strip().splitlines() or ["?"])[-1][:60]))
    if firsts:
        firsts.sort()
        out.append((f"median of the {len(firsts)} first-page medians", f"{statistics.median(firsts):,.0f} ms"))
        out.append((f"95th percentile of the {len(firsts)} first-page medians",
                    f"{firsts[min(len(firsts) - 1, round(0.95 * (len(firsts) - 1)))]:,.0f} ms"))
    return out


def main() -> None:  # noqa: C901, PLR0915
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="A JSONL corpus (default: the samples, --copies times, varied).")
    ap.add_argument("--copies", type=int, default=12, help="Copies of the 8 samples in the generated corpus.")
    ap.add_argument("--rss-base", type=int, default=8,
                    help="Copies of the 8 samples in the 1x corpus of the RSS runs (default 8: 64 articles, one write "
                         "batch; a 1x of one or two parse batches never holds a batch's parse and the loaded tables "
                         "at once, so its peak is lower than any longer build's).")
    ap.add_argument("--rss-sizes", type=lambda v: [int(x) for x in v.split(",")], default=[1, 4, 16],
                    help="Corpus sizes of the RSS runs, in multiples of the 1x corpus (default 1,4,16; 64 takes "
                         "~9 minutes more).")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--store-runs", type=int, default=3, help="Runs of each store load (medians are compared).")
    ap.add_argument("--runs", type=int, default=1,
                    help="Runs of each words/s, workers and Dask measure, interleaved (medians are compared).")
    ap.add_argument("--query-triples", type=int, default=1_000_000)
    ap.add_argument("--query-runs", type=int, default=20)
    ap.add_argument("--query-page", type=int, default=100, help="Items in a named query's first page (kg query's default).")
    ap.add_argument("--query-timeout", type=float, default=120, help="Seconds per named query (all its runs).")
    ap.add_argument("--skip", default="", help="Comma-separated parts to skip: words,store,rss,workers,dask,queries")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("kg").setLevel(logging.CRITICAL)
    import spacy

    from kg.nlp import load_pipeline, model_name
    from kg.nlp.attributes import index_attribute_rules
    from kg.pipeline import build, build_articles
    from kg.shards import ShardWriter, load_shards
    from kg.store import KGStore
    from kg.vocab import article_iri

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    rows: list[tuple[str, str, str]] = []

    def row(what: str, value: str, note: str = "") -> None:
        rows.append((what, value, note))
        print(f"  {what:58s} {value:>14s}  {note}", file=sys.stderr, flush=True)

    try:
        corpus = tmp / "corpus.jsonl"
        if args.corpus:
            shutil.copy(args.corpus, corpus)
        else:
            make_corpus(corpus, args.copies)
        articles = read_corpus(corpus)
        words = words_of(articles)
        print(f"corpus: {len(articles)} articles, {words} words", file=sys.stderr)

        # -- 1. words per second -----------------------------------------------------------------------
        full = load_pipeline()  # the workers and Dask parts use it too
        warm = articles[: min(len(articles), 8)]
        list(build_articles(warm, full, batch_size=args.batch_size))  # its lazily loaded tables, before any measure
        import statistics

        if "words" not in skip:
            bare = spacy.load(model_name())
            indexed = spacy.load(model_name())  # the model as geokg runs it, without geokg's own components
            index_attribute_rules(indexed)
            for nlp in (bare, indexed):
                pipe_words_per_second(nlp, warm, args.batch_size)

            bares, indexeds, fulls, builds = [], [], [], []
            reports = []

            def kg_build(k: int) -> float:
                store = KGStore(tmp / f"build{k}")
                dt, report = timed(lambda: build([corpus], store, nlp=full, batch_size=args.batch_size))
                reports.append(report)
                return words / dt

            for k in range(args.runs):  # interleaved, in reverse order every other round (drift cancels); medians
                steps = [(bares, lambda: pipe_words_per_second(bare, articles, args.batch_size)),
                         (indexeds, lambda: pipe_words_per_second(indexed, articles, args.batch_size)),
                         (fulls, lambda: pipe_words_per_second(full, articles, args.batch_size)),
                         (builds, lambda k=k: kg_build(k))]
                for into, step in in_turn(k, steps):
                    into.append(step())
            rep = reports[-1]
            wps_bare, wps_indexed, wps_full, wps_build = (statistics.median(x) for x in (bares, indexeds, fulls, builds))
            runs = f", median of {args.runs} runs" if args.runs > 1 else ""

            def ratio(xs: list[float], ys: list[float]) -> str:
                """The median of the ratios of runs made back to back (a VM's speed drifts between rounds more
                than within one), with their range."""
                each = sorted(x / y for x, y in zip(xs, ys))
                spread = f" (runs: {each[0]:.0%}–{each[-1]:.0%})" if len(each) > 1 else ""
                return f"{statistics.median(each):.0%}{spread}"

            row("bare nlp.pipe (" + model_name() + ") words/s", f"{wps_bare:,.0f}", runs.lstrip(", "))
            row("model with its attribute rules indexed, nlp.pipe words/s", f"{wps_indexed:,.0f}",
                f"{ratio(indexeds, bares)} of bare (kg.nlp.attributes: the model as geokg runs it, without the geokg_* "
                f"components){runs}")
            row("full geokg pipeline nlp.pipe words/s", f"{wps_full:,.0f}",
                f"{ratio(fulls, bares)} of bare, {ratio(fulls, indexeds)} of the model with indexed rules{runs}")
            row("kg build words/s (1 process)", f"{wps_build:,.0f}",
                f"{ratio(builds, bares)} of bare nlp.pipe, {ratio(builds, indexeds)} of the model with indexed rules "
                f"(what geokg adds), {ratio(builds, fulls)} of full pipeline "
                f"({rep.articles} articles, {rep.events} events, {rep.quads} quads{runs}; each ratio the median "
                "of those of the rounds)")

        # -- 2. store loading ----------------------------------------------------------------------------
        if not {"store", "queries"} <= skip:  # the corpus's quads: loaded here, copied into the query store
            with ShardWriter(tmp / "shards", name="bench") as w:
                for b in build_articles(articles, full, batch_size=args.batch_size):
                    if b.nquads is not None:
                        w.add(article_iri(b.article.id), b.nquads)
            shard = w.paths[0]
        if "store" not in skip:
            import pyoxigraph as ox

            nquads = sum(1 for _ in ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS))
            bulk_times, our_times = [], []
            for k in range(args.store_runs):  # interleaved (in turn first), each into a new store; medians
                bulk, ours = KGStore(tmp / f"bulk{k}"), KGStore(tmp / f"ours{k}")
                steps = [(bulk_times, lambda bulk=bulk: (bulk.oxigraph.bulk_load(path=str(shard), format=ox.RdfFormat.N_QUADS),
                                                         bulk.flush())),
                         (our_times, lambda ours=ours: load_shards(ours, [shard]))]
                for into, step in in_turn(k, steps):
                    into.append(timed(step)[0])
            dt_bulk, dt_ours = statistics.median(bulk_times), statistics.median(our_times)
            def one_by_one() -> KGStore:
                from kg.shards import iter_shard

                store = KGStore(tmp / "one")
                for iri, qs in iter_shard(shard):
                    store.replace_article(iri, qs)
                store.flush()
                return store

            dt_one, one = timed(one_by_one)
            assert len(ours.oxigraph) == len(bulk.oxigraph) == len(one.oxigraph)
            row("pyoxigraph bulk_load triples/s", f"{nquads / dt_bulk:,.0f}",
                f"{nquads} quads, median of {args.store_runs} runs")
            row("kg store write (batched, atomic per article) triples/s", f"{nquads / dt_ours:,.0f}",
                f"{dt_bulk / dt_ours:.0%} of bulk_load (kg.shards.load_shards, median of {args.store_runs} runs)")
            row("kg store write, one SPARQL update per article", f"{nquads / dt_one:,.0f}", f"{dt_bulk / dt_one:.0%} of bulk_load")
            del bulk, ours, one

        # -- 3. peak RSS ------------------------------------------------------------------------------------
        if "rss" not in skip:
            small = tmp / "rss-1x.jsonl"
            make_corpus(small, args.rss_base)
            base_rss = None
            for k in sorted({1, *args.rss_sizes}):
                f = tmp / f"rss-{k}x.jsonl"
                if k > 1:
                    repeat_file(small, f, k)
                n, mb = peak_rss(f, tmp, f"{k}x")
                base_rss = base_rss or mb
                row(f"peak RSS of kg build at {k}x ({n} articles)", f"{mb:,.0f} MB", f"{mb / base_rss:.2f}x of 1x")

        # -- 4. workers ----------------------------------------------------------------------------------------
        if "workers" not in skip:
            import resource

            from kg.parallel import START_METHOD

            def cpu() -> float:  # CPU seconds of this process (all its threads) and of its waited-for children
                own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
                return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

            walls: dict[int, list[float]] = {1: [], 2: []}
            cpu_s: dict[int, list[float]] = {1: [], 2: []}
            stolen: list[float] = []  # per 2-worker round: share of the machine's cores taken by the hypervisor
            alone, together = [], []  # per round: 1 independent extraction alone, the slowest of 2 at once
            for k in range(args.runs):  # interleaved, 2 before 1 every other round (drift cancels); medians
                # the machine's ceiling in the same round as the builds it is compared with: its speed drifts
                for n in in_turn(k, (1, 2)):
                    (alone if n == 1 else together).append(processes_at_once(corpus, tmp, n))
                for n in in_turn(k, (1, 2)):
                    s = KGStore(tmp / f"w{n}-{k}")
                    c0, st0 = cpu(), stolen_seconds()
                    walls[n].append(timed(lambda s=s, n=n: build([corpus], s, nlp=full, workers=n,
                                                                  batch_size=args.batch_size))[0])
                    cpu_s[n].append(cpu() - c0)
                    st1 = stolen_seconds()
                    if n == 2 and st0 is not None and st1 is not None:
                        stolen.append((st1 - st0) / (walls[n][-1] * (os.cpu_count() or 1)))
                    del s
            timings = {n: statistics.median(walls[n]) for n in walls}
            cpus = {n: statistics.median(cpu_s[n]) for n in cpu_s}
            ceiling = 2 * statistics.median(alone) / statistics.median(together)
            speedups = [a / b for a, b in zip(walls[1], walls[2])]  # each round's, in order
            ceilings = [2 * a / t for a, t in zip(alone, together)]
            tiny = tmp / "tiny.jsonl"
            tiny.write_text("\n".join(corpus.read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")
            startup, _ = timed(lambda: build([tiny], KGStore(None), nlp=full, workers=2, batch_size=1))
            w1, w2 = timings[1], timings[2]
            row("1 worker (in-process): CPU time / wall clock", f"{cpus[1] / w1:.2f}",
                f"{cpus[1]:.1f} CPU s in {w1:.1f}s: the cores one process keeps busy (1.00 = one core)")
            if args.runs > 1:
                median, each = speed_ups(walls[1], walls[2])
                row("2 worker processes vs 1, median of the rounds' ratios", f"{median:.2f}x", f"rounds: {each}")
            if stolen:
                row("CPU stolen by the hypervisor during the 2-worker rounds", f"{statistics.median(stolen):.1%}",
                    "of the machine's cores, median; rounds in order: "
                    + ", ".join(f"{x:.2f}x with {y:.1%}" for x, y in zip(speedups, stolen)))
            row("2 worker processes vs 1, wall clock (incl. start-up)", f"{w1 / w2:.2f}x",
                f"{w1:.1f}s vs {w2:.1f}s, workers started with {START_METHOD} "
                f"(1 worker: in-process, pipeline already loaded); 2 workers used {cpus[2] / w2:.2f} cores"
                + (f"; median of {args.runs} runs" if args.runs > 1 else ""))
            row("2 worker processes vs 1, without the workers' start-up", f"{w1 / max(w2 - startup, 1e-9):.2f}x",
                f"start-up {startup:.1f}s (a 2-article build with 2 workers)")
            row("machine ceiling: 2 independent processes vs 1", f"{ceiling:.2f}x",
                f"throughput of 2 separate 1-process extractions run at once vs one alone "
                f"({statistics.median(alone):.1f}s alone, {statistics.median(together):.1f}s together); "
                f"2 workers reach {w1 / w2 / ceiling:.0%} of it")
            row("2 workers' speed-up as a share of the same round's ceiling",
                f"{statistics.median(x / c for x, c in zip(speedups, ceilings)):.0%}",
                "median; rounds in order: " + ", ".join(f"{x:.2f}x of {c:.2f}x" for x, c in zip(speedups, ceilings)))

        if "dask" not in skip:
            from contextlib import ExitStack

            from distributed import Client, LocalCluster

            from kg.distributed import build_distributed, warm
            from kg.parallel import THREAD_VARS

            clients, parts = {}, {}
            dask_walls: dict[int, list[float]] = {1: [], 2: []}
            with ExitStack() as stack:
                for n in (1, 2):  # both clusters up (pipelines loaded: "existing" clusters), used in turn
                    cluster = stack.enter_context(LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                                               host="127.0.0.1", dashboard_address=None,
                                                               env={v: "1" for v in THREAD_VARS}))
                    clients[n] = stack.enter_context(Client(cluster))
                    clients[n].run(warm)
                    parts[n] = tmp / f"dask-{n}"  # partitions of about 4 tasks per worker
                    parts[n].mkdir()
                    _split(corpus, parts[n], max(1, len(articles) // (4 * n)))
                for k in range(args.runs):  # interleaved, in reverse order every other round; medians
                    for n in in_turn(k, (1, 2)):
                        s = KGStore(tmp / f"d{n}-{k}")
                        dask_walls[n].append(timed(lambda s=s, n=n: build_distributed(
                            [parts[n]], s, scheduler=clients[n], files_per_task=1))[0])
                        del s
            d1, d2 = statistics.median(dask_walls[1]), statistics.median(dask_walls[2])
            median, each = speed_ups(dask_walls[1], dask_walls[2])
            row("2-worker LocalCluster vs 1-worker", f"{median:.2f}x",
                (f"median of the rounds' ratios ({each}); " if args.runs > 1 else "")
                + f"{d1:.1f}s vs {d2:.1f}s, {len(articles) / d2 * 3600:,.0f} articles/h on 2 workers")

        # -- 5. named queries on >= 1M triples --------------------------------------------------------------------
        if "queries" not in skip:
            import gc

            dt, big = timed(lambda: synth_store(tmp / "big", shard, args.query_triples))
            n = len(big.oxigraph)
            del big
            gc.collect()
            row(f"query store: quads (bulk-loaded and compacted in {dt:.0f}s)", f"{n:,}")
            for what, value in named_query_latency(tmp / "big", args.query_runs, args.query_timeout, args.query_page):
                row("  " + what, value)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\ngeokg benchmark on {platform.node() or 'this machine'}: {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, spaCy {spacy.__version__}")
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure'.ljust(width)} | value | note |")
    print(f"|{'-' * (width + 2)}|------:|------|")
    for what, value, note in rows:
        print(f"| {what.ljust(width)} | {value} | {note} |")


def _split(corpus: Path, out: Path, per_file: int) -> None:
    """The corpus as several JSONL files (Dask partitions are runs of files)."""
    lines = corpus.read_text(encoding="utf-8").splitlines()
    for i in range(0, len(lines), per_file):
        (out / f"part-{i // per_file:05d}.jsonl").write_text("\n".join(lines[i : i + per_file]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
