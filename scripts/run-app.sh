#!/usr/bin/env bash
# Set up .venv and run the Streamlit app on http://localhost:8501 (works with no network).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh requirements.txt
# Japanese and Cyrillic glyphs for the handouts (layers.handout draws with Debian's Noto CJK).
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "installing Debian's fonts-noto-cjk for the handouts..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  else
    echo "fonts-noto-cjk is missing (Debian: sudo apt-get install fonts-noto-cjk): the handouts need it." >&2
  fi
fi
exec .venv/bin/streamlit run app.py "$@"
