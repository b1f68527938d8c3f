#!/usr/bin/env bash
# Score the extractor against every gold file: the sample expectations (data/eval), the seed article's
# expectations and the 322 PLOVER gold-standard records (both read in place from ../shared, never copied).
# Writes artifacts/eval.md; prints the scores. Exit status 0 unless a gold file is unreadable.
# SHARED=/path/to/shared overrides ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
KG="${KG:-.venv/bin/kg}"
command -v "$KG" >/dev/null 2>&1 || KG=kg
mkdir -p artifacts
"$KG" eval data/eval "$SHARED/eval/seed-article-expectations.json" "$SHARED/bench/plover_gsr_cameo.json" \
  --report artifacts/eval.md "$@"
