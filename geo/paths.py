"""Where the project's data files live; one place, so tests and tools agree."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"

GAZETTEER_CSV = DATA_DIR / "gazetteer.csv"
PLACES_CSV = DATA_DIR / "places.csv"
ISLANDS_GEOJSON = DATA_DIR / "islands.geojson"
CONTEXT_GEOJSON = DATA_DIR / "context_land.geojson"
MANIFEST_JSON = DATA_DIR / "manifest.json"
