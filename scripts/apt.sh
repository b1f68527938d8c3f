# Sourced by the install scripts: sets SUDO ("" as root, "sudo" otherwise) and runs apt-get update once.
# Usage: . scripts/apt.sh NAME-OF-CALLING-SCRIPT
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "$1: need root (or sudo) to run apt-get" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
