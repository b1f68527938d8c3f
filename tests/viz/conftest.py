from __future__ import annotations

from pathlib import Path
import pyoxigraph as ox
import pytest

from kg.store import KGStore

HERE = Path(__file__).parent
SEED_TRIG = HERE / "fixtures" / "seed.trig"
SMALL_TRIG = HERE.parent / "analysis" / "fixtures" / "small.trig"
ARTIFACTS = HERE.parent.parent / "artifacts"


def load_trig(path: Path) -> KGStore:
    store = KGStore(None)
    store.oxigraph.load(path=str(path), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="session")
def seed_store() -> KGStore:
    return load_trig(SEED_TRIG)


@pytest.fixture(scope="session")
def small_store() -> KGStore:
    return load_trig(SMALL_TRIG)
