#!/bin/sh
# Install the triple stores the integration tests (tests/remote) start themselves.
# * Oxigraph server: the PyPI package "oxigraph" (in the project's test extra); installed into .venv if missing.
# * Virtuoso 7: Debian's virtuoso-opensource (apt-get, needs root or sudo).  The package's own service is not
#   started: the tests run their own instance on a temporary database and loopback ports.
# Idempotent: does nothing when both are present.  When apt cannot provide Virtuoso, the Virtuoso test skips
# with the reason (Apache Jena Fuseki is not packaged by Debian, so there is no second candidate to try).
set -eu
cd "$(dirname "$0")/.."

if [ -x .venv/bin/python ] && ! [ -x .venv/bin/oxigraph ]; then
    .venv/bin/python -m pip install --quiet "oxigraph>=0.5,<0.6"
fi

if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    echo "virtuoso already installed: $(command -v virtuoso-t)"
    exit 0
fi

. scripts/apt.sh install_triplestores.sh
if apt-cache show virtuoso-opensource >/dev/null 2>&1; then
    # policy-rc.d may refuse to start the packaged service; that is fine, the tests start their own.
    $SUDO apt-get install -y --no-install-recommends virtuoso-opensource
else
    echo "install_triplestores.sh: apt has no virtuoso-opensource package here" >&2
    exit 1
fi
command -v virtuoso-t
