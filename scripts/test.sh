#!/usr/bin/env bash
# Set up .venv with the test dependencies, make sure Chromium is there, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh requirements-dev.txt
chromium_path="${CHROMIUM:-/usr/bin/chromium}"
bash scripts/debian-package.sh chromium "test -x '$chromium_path'" \
  "the browser tests (or set CHROMIUM=/path/to/chromium; they are skipped without it)"
bash scripts/debian-package.sh fonts-noto-cjk "fc-list | grep -i 'Noto Sans CJK'" \
  "Japanese glyphs for the screenshots, the browser tests and the handouts"
bash scripts/debian-package.sh poppler-utils "command -v pdftoppm" "to look at the handouts' PDF pages as images and text"
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
# Two workers (pytest-xdist), one per core of the project's 2-core machines; a later -n wins (-n 0: one process).
# -p no:xdist, --pdb and --trace run in one process too.
workers=(-n 2)
for arg in "$@"; do
  case "$arg" in *no:xdist | --pdb | --trace) workers=() ;; esac
done
exec .venv/bin/python -m pytest "${workers[@]}" "$@"
