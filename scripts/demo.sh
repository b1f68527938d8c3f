#!/usr/bin/env bash
# README command 1: set up, build the knowledge graph of the bundled sample articles into ./kg-store
# (embedded pyoxigraph store, no server), and print a summary and the first rows of the event table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
STORE=${STORE:-kg-store}
.venv/bin/kg build data/samples --store "$STORE"
.venv/bin/kg stats --store "$STORE"
echo "First events (kg events --store $STORE --format tsv):"
.venv/bin/kg events --store "$STORE" --format tsv | head -n 8 | cut -c1-220
