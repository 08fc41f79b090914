#!/usr/bin/env bash
# Set up .venv and run the Streamlit app on http://localhost:8501 (works with no network).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh requirements.txt
exec .venv/bin/streamlit run app.py "$@"
