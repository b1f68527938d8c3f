#!/usr/bin/env bash
# README command 2: set up (virtualenv, browser for the HTML tests) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -f scripts/install_browser.sh ]; then
  bash scripts/install_browser.sh || echo "warning: could not install chromium; browser tests will say why they skip or fail" >&2
fi
bash scripts/install_triplestores.sh || echo "warning: could not install Virtuoso; its integration test will say why it skips" >&2
.venv/bin/python -m pytest "$@"
