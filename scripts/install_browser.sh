#!/bin/sh
# Install headless Chromium and its WebDriver for the browser tests (tests/viz/test_browser.py).
# Idempotent: does nothing when both binaries are already present.
set -eu

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "chromium and chromedriver already installed"
    exit 0
fi

. "$(dirname "$0")/apt.sh" install_browser.sh
$SUDO apt-get install -y --no-install-recommends chromium chromium-driver fonts-liberation

/usr/bin/chromium --version
/usr/bin/chromedriver --version
