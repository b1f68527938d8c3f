#!/usr/bin/env bash
# README command 1: set up, build the knowledge graph of the bundled sample articles into ./kg-store
# (embedded pyoxigraph store, no server), print a summary, and write the event table to artifacts/events.tsv
# and its first rows to the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
STORE=${STORE:-kg-store}
.venv/bin/kg build data/samples --store "$STORE"
.venv/bin/kg stats --store "$STORE"
# The table goes to a file first: "kg events | head" would end kg with a broken pipe (click exits 1), and
# with pipefail this script with it.
mkdir -p artifacts
.venv/bin/kg events --store "$STORE" --format tsv --out artifacts/events.tsv
echo "First events (kg events --store $STORE --format tsv; all of them in artifacts/events.tsv):"
head -n 8 artifacts/events.tsv | cut -c1-220
