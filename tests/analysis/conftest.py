from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest

from kg.store import KGStore

FIXTURES = Path(__file__).parent / "fixtures"
ID = "https://w3id.org/geokg/id/"

# The actors of fixtures/small.trig.
AL = ID + "actor/Q1001"  # Alphaland
AN = ID + "actor/Q1002"  # Anna Adler
AA = ID + "actor/name-alpha-army"  # Alpha Army
BE = ID + "actor/Q2001"  # Betania
BR = ID + "actor/Q2002"  # Bruno Berg
RB = ID + "actor/name-beta-rebels"  # Beta Rebels
GZ = ID + "actor/Q3001"  # The Gazette (publisher, never a participant)
S1 = ID + "source/C/1"  # two officials (anonymous)


def ev(name: str) -> str:
    return ID + "event/" + name


def load_trig(path: Path) -> KGStore:
    store = KGStore(None)
    store.oxigraph.load(path=str(path), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def small_store() -> KGStore:
    return load_trig(FIXTURES / "small.trig")


@pytest.fixture(scope="session")
def ids() -> SimpleNamespace:
    """IRIs of fixtures/small.trig: ``ids.AL`` ..., ``ids.ev("C/1")``, ``ids.ID``."""
    return SimpleNamespace(AL=AL, AN=AN, AA=AA, BE=BE, BR=BR, RB=RB, GZ=GZ, S1=S1, ID=ID, ev=ev)
