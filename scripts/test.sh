#!/usr/bin/env bash
# Set up .venv with the test dependencies, make sure Chromium is there, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh requirements-dev.txt
chromium_path="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing at $chromium_path: install it (Debian: sudo apt-get install chromium)" >&2
    echo "or set CHROMIUM=/path/to/chromium; browser tests are skipped without it." >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"
