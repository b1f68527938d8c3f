"""kg.distributed on a 2-worker LocalCluster (processes, 127.0.0.1 only): the same store as a local build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import KGStore

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
THREE = ["azerbaijan-karabakh-offensive-2023.txt", "niger-coup-ecowas-ultimatum-2023.txt",
         "sudan-jeddah-talks-sanctions-2023.txt"]


def _records() -> list[str]:
    """The three samples as JSONL records (one line each)."""
    import json

    from kg.ingest import iter_articles

    return [json.dumps({"id": a.id, "title": a.title, "text": a.text, "published": a.published.isoformat()})
            for a in iter_articles([SAMPLES / name for name in THREE])]


def _dump(store: KGStore) -> list[str]:
    return sorted(store.oxigraph.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, worker_dashboard_address=None)
    with Client(cluster) as c:
        yield c
    cluster.close()


def test_cluster_build_equals_local_build(client, nlp, tmp_path):
    from kg.distributed import build_distributed
    from kg.pipeline import build
    from kg.shards import bulk_load_shards, shard_paths

    d = tmp_path / "in"
    d.mkdir()
    for name in THREE:
        shutil.copy(SAMPLES / name, d / name)
    (d / "broken.jsonl").write_text('{"id": "x", "text": \n', encoding="utf-8")
    local = KGStore(None)
    build([d], local, nlp=nlp)

    store = KGStore(None)
    shards = tmp_path / "shards"
    parts: list[dict] = []
    report = build_distributed([d], store, scheduler=client, shards=shards, files_per_task=1, on_partition=parts.append)
    assert report.articles == 3 and report.events > 10
    assert [(e.code, Path(e.path).name, e.line) for e in report.errors] == [("E103", "broken.jsonl", 1)]
    assert len(parts) == 4
    assert _dump(store) == _dump(local)

    fresh = KGStore(None)  # the shards alone make the same graph
    bulk_load_shards(fresh, shard_paths(shards))
    assert _dump(fresh) == _dump(local)

    again = build_distributed([d], store, scheduler=client, files_per_task=2)
    assert (again.articles, again.unchanged) == (0, 3)
    assert _dump(store) == _dump(local)


def test_a_big_jsonl_file_is_split_into_blocks_that_build_the_same_store(client, nlp, tmp_path):
    from kg.distributed import build_distributed, partitions
    from kg.pipeline import build

    records = _records()
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join([records[0], records[1], '{"id": "x", "text": ', records[2]]) + "\n", encoding="utf-8")
    block = len(records[0]) // 2
    parts = list(partitions([corpus], block_bytes=block))
    assert len(parts) >= 3 and all(len(p) == 1 and p[0][0] == str(corpus) for p in parts)

    local = KGStore(None)
    build([corpus], local, nlp=nlp)
    store = KGStore(None)
    report = build_distributed([corpus], store, scheduler=client, block_bytes=block)
    assert report.articles == 3
    assert [(e.code, e.line) for e in report.errors] == [("E103", 3)]
    assert _dump(store) == _dump(local)


def test_cli_build_on_a_scheduler_address_cuts_big_jsonl_files_by_block_mb(client, nlp, tmp_path, monkeypatch):
    import gc

    from typer.testing import CliRunner

    import kg.distributed
    from kg.cli import app
    from kg.ingest import iter_articles

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(r + "\n" for r in _records()), encoding="utf-8")
    blocks: list[int] = []
    cut = kg.distributed.line_blocks
    monkeypatch.setattr(kg.distributed, "line_blocks", lambda path, size: blocks.append(size) or cut(path, size))
    address = client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    result = CliRunner().invoke(app, ["build", str(corpus), "--store", str(tmp_path / "store"), "--quiet",
                                      "--scheduler", address, "--block-mb", "0.004"])
    assert result.exit_code == 0, result.output
    assert blocks == [4000] and len(cut(corpus, 4000)) >= 2  # the file (~7 kB) went out in blocks of ~4 kB
    del result
    gc.collect()
    assert KGStore(tmp_path / "store", read_only=True).article_ids() == sorted(a.id for a in iter_articles([corpus]))


def test_doctests():
    import doctest

    import kg.distributed

    result = doctest.testmod(kg.distributed, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
