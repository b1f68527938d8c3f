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
