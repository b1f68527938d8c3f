"""The Examples sections of the analysis and viz modules run and pass."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "kg.analysis",
    "kg.analysis.projections",
    "kg.analysis.filters",
    "kg.analysis.metrics",
    "kg.analysis.report",
    "kg.viz",
    "kg.viz.html",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    if name not in ("kg.analysis", "kg.viz"):
        assert result.attempted > 0
