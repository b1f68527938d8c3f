from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "corpus" / "seed-article-us-rejects-ceasefire.txt"


@pytest.fixture
def fixtures() -> Path:
    return HERE / "fixtures"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed article not available at {SEED} (../shared is not checked out)")
    return SEED
