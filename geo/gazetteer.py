"""The gazetteer: every named island of the chain with its names and one point inside it.

``data/gazetteer.csv`` is curated by hand from published sources (each row
cites the page its coordinate came from). It is the single source of island
identity: the data build finds each island's polygon by point-in-polygon and
the article linker takes its names and aliases from here.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import paths
from geo.datafile import error, file_stamp, read_csv

#: The file's name in the data folder (``geo.paths.data_file``), looked up at each call.
GAZETTEER_FILE = "gazetteer.csv"

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
def _read(path: Path, _stamp: tuple[int, int] = (0, 0)) -> pd.DataFrame:
    table = read_csv(path, GAZETTEER_FILE, REQUIRED_COLUMNS)
    blank = [number for number, value in enumerate(table["id"], start=2) if not value.strip()]
    if blank:
        raise error(path, GAZETTEER_FILE, f"is invalid: rows {blank} have no id (row 1 is the header)")
    repeated = sorted(set(table.loc[table["id"].duplicated(), "id"]))
    if repeated:
        raise error(path, GAZETTEER_FILE, f"is invalid: ids {repeated} are used twice")
    for column in ("lon", "lat"):
        bad = [row_id for row_id, value in zip(table["id"], table[column]) if not _is_number(value)]
        if bad:
            raise error(path, GAZETTEER_FILE, f"is invalid: {column} of {bad} is not a number")
        table[column] = table[column].astype(float)
    return table


def _is_number(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def _path(path: Path | str | None) -> Path:
    return Path(path if path is not None else paths.data_file(GAZETTEER_FILE)).resolve()


def gazetteer(path: Path | str | None = None) -> pd.DataFrame:
    """Return the gazetteer as a DataFrame, one row per named island (a fresh copy).

    ``path`` defaults to ``data/gazetteer.csv``, looked up now; a bad file raises ``DataFileError`` naming it.
    """
    resolved = _path(path)
    return _read(resolved, file_stamp(resolved)).copy()


def gazetteer_points(path: Path | str | None = None) -> gpd.GeoDataFrame:
    """Return the gazetteer's representative points as a GeoDataFrame in EPSG:4326."""
    table = gazetteer(path)
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326")


def split_aliases(value: str) -> list[str]:
    """Return the names in a ``|``-separated gazetteer field, blanks dropped."""
    return [part.strip() for part in value.split("|") if part.strip()]
