"""A store built once from data/samples (and the seed article when shared/ is there) for the named-query tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store import KGStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def samples_store(tmp_path_factory: pytest.TempPathFactory) -> KGStore:
    from kg.pipeline import build

    store = KGStore(tmp_path_factory.mktemp("queries") / "kg-store")
    seed = ROOT.parent / "shared" / "corpus"
    build([ROOT / "data" / "samples", *([seed] if seed.is_dir() else [])], store)
    return store
