"""The server dies part-way through a load: the load fails cleanly with what is loaded and what is pending, and
a rerun against the restarted server (same database, same port) finishes it with matching counts."""

from __future__ import annotations

import pytest

from kg.remote.endpoints import make_endpoint
from kg.remote.load import LoadError, load, local_graphs
from kg.store import KGStore

pytestmark = pytest.mark.slow


def test_server_stopped_mid_load_then_rerun_completes(sample_store: KGStore, oxigraph_server, tmp_path) -> None:
    endpoint = make_endpoint(oxigraph_server.base, preset="oxigraph")
    state = tmp_path / "load-state.json"
    total = len(local_graphs(sample_store))
    assert total > 6
    seen: list[str] = []

    def kill_after_five(done: int, of: int, graph: str) -> None:
        seen.append(graph)
        if len(seen) == 5:
            oxigraph_server.stop()  # by PID

    with pytest.raises(LoadError) as info:
        load(sample_store, endpoint, state_path=state, chunk_triples=20, retries=1, backoff=0.01,
             progress=kill_after_five)
    report = info.value.report
    message = str(info.value)
    assert len(report.sent) == 5
    assert report.pending and len(report.pending) == total - 5
    assert "5 of" in message and "pending" in message and "again" in message
    assert state.exists()

    oxigraph_server.start()
    again = load(sample_store, endpoint, state_path=state, chunk_triples=20)
    assert again.ok and again.verified
    assert again.skipped == 5  # what the first run finished is not sent again
    assert len(again.sent) == total - 5
    assert again.remote_triples == sum(len(g.lines) for g in local_graphs(sample_store))
