"""Where the project's data files live; one place, so tests and tools agree."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
#: The articles the map links to; ``KURIL_SEEDS_DIR`` points the app at another folder (a class's own articles).
SEEDS_DIR = Path(os.environ.get("KURIL_SEEDS_DIR") or ROOT / "seeds")

GAZETTEER_CSV = DATA_DIR / "gazetteer.csv"
PLACES_CSV = DATA_DIR / "places.csv"
ISLANDS_GEOJSON = DATA_DIR / "islands.geojson"
CONTEXT_GEOJSON = DATA_DIR / "context_land.geojson"
MANIFEST_JSON = DATA_DIR / "manifest.json"
