#!/usr/bin/env bash
# Set up .venv and run the Streamlit app on http://localhost:8501 (works with no network).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh requirements.txt
bash scripts/debian-package.sh fonts-noto-cjk "fc-list | grep -i 'Noto Sans CJK'" "Japanese glyphs for the handouts"
exec .venv/bin/streamlit run app.py "$@"
