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
# Japanese and Chinese glyphs for the screenshots and the browser tests in Japanese (Debian's Noto CJK).
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian's fonts-noto-cjk for the Japanese pages..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  else
    echo "fonts-noto-cjk is missing (Debian: sudo apt-get install fonts-noto-cjk): Japanese screenshots use fallbacks." >&2
  fi
fi
# Poppler's pdftoppm and pdftotext, to look at the printed handouts' PDF pages (layers.handout) as images and text.
if ! command -v pdftoppm >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian's poppler-utils for the handouts' PDF pages..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "poppler-utils is missing (Debian: sudo apt-get install poppler-utils): the handouts' PDF pages cannot be rendered to images." >&2
  fi
fi
# axe-core (npm), the accessibility engine the browser tests inject into each page (tests/axe.py).
axe_version="4.14.1"
if [ ! -f ".cache/axe-core-$axe_version/node_modules/axe-core/axe.min.js" ]; then
  if command -v npm >/dev/null; then
    npm install --silent --no-audit --no-fund --prefix ".cache/axe-core-$axe_version" "axe-core@$axe_version" >/dev/null
  else
    echo "npm is missing: the axe-core checks are skipped (Debian: sudo apt-get install npm)." >&2
  fi
fi
export KURIL_AXE_JS="$PWD/.cache/axe-core-$axe_version/node_modules/axe-core/axe.min.js"
exec .venv/bin/python -m pytest "$@"
