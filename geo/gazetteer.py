"""The gazetteer: every named island of the chain with its names and one point inside it.

``data/gazetteer.csv`` is curated by hand from published sources (each row
cites the page its coordinate came from). It is the single source of island
identity: the data build finds each island's polygon by point-in-polygon and
the article linker takes its names and aliases from here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.paths import GAZETTEER_CSV

NAME_COLUMNS = ("name_en", "name_ru", "name_ja", "name_ja_latn")
ALIAS_COLUMNS = ("aliases_en", "aliases_ru", "aliases_ja")
REQUIRED_COLUMNS = (
    "id", *NAME_COLUMNS, *ALIAS_COLUMNS, "group", "cluster", "country", "claimed_by", "ru_district",
    "jp_municipality_1945", "drawn", "lon", "lat", "coord_source", "official_area_km2", "official_main_island_km2",
    "official_area_source",
)

#: Group values in the order the chain runs, north to south, then Hokkaido.
GROUPS = ("northern", "central", "southern", "lesser_kuril", "hokkaido")


@lru_cache(maxsize=4)
def _read(path: Path) -> pd.DataFrame:
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError as err:
        raise FileNotFoundError(f"gazetteer not found at {path}; it is part of the repository, restore it with git") from err
    missing = [column for column in REQUIRED_COLUMNS if column not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}; expected at least {list(REQUIRED_COLUMNS)}")
    table["lon"] = table["lon"].astype(float)
    table["lat"] = table["lat"].astype(float)
    return table


def gazetteer(path: Path = GAZETTEER_CSV) -> pd.DataFrame:
    """Return the gazetteer as a DataFrame, one row per named island (a fresh copy)."""
    return _read(Path(path)).copy()


def gazetteer_points(path: Path = GAZETTEER_CSV) -> gpd.GeoDataFrame:
    """Return the gazetteer's representative points as a GeoDataFrame in EPSG:4326."""
    table = gazetteer(path)
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326")


def split_aliases(value: str) -> list[str]:
    """Return the names in a ``|``-separated gazetteer field, blanks dropped."""
    return [part.strip() for part in value.split("|") if part.strip()]
