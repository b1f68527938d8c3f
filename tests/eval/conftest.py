"""Shared paths of the evaluation tests; the shared reference folder is read in place, never copied."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.eval import ROOT, shared_dir


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_file():  # type: ignore[no-untyped-def]
    """``shared_file("eval/seed-article-expectations.json")``: the path, or skip when the shared folder lacks it."""

    def get(rel: str) -> Path:
        path = shared_dir() / rel
        if not path.is_file():
            pytest.skip(f"{path} is absent: the shared reference folder (../shared beside the repository, "
                        "or $KG_SHARED_DIR) is not available")
        return path

    return get
