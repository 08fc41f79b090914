"""Load the built island and context-land data as GeoDataFrames (EPSG:4326).

Reads only the committed files under ``data/``; building them is
``geo.build``'s job. Loads are cached, and each call returns a copy so a
caller can never mutate the cache.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.ops import polylabel

from geo import paths
from geo.datafile import DataFileError, read_geojson

__all__ = [
    "DataFileError", "claim_areas", "cluster_label_points", "context_land", "island", "islands", "label_points", "simplified",
]

#: The ids of the four island groups Japan claims, as the gazetteer's ``group`` column names them.
CLAIMED_GROUPS = ("southern", "lesser_kuril")

#: Properties the loaders rely on; a file without them is refused by name.
ISLAND_COLUMNS = ("id", "name_en", "group", "claimed_by", "disputed")
CONTEXT_COLUMNS = ("id", "country")


@lru_cache(maxsize=8)
def _read_geojson(path: Path, role: str, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    return read_geojson(path, role, columns)


def _path(path: Path | str | None, role: str) -> Path:
    return Path(path if path is not None else paths.data_file(role)).resolve()


def islands(path: Path | str | None = None) -> gpd.GeoDataFrame:
    """Return the Kuril islands, one row per named island, indexed by nothing, ordered north to south.

    Columns are documented in ``data/README.md`` (``id``, names, ``group``,
    ``administered_by``, ``claimed_by``, ``disputed``, ``area_km2``, ...).
    ``path`` defaults to ``data/islands.geojson`` (``geo.paths.data_file``), looked up at call time.
    Raises :class:`DataFileError` naming the file when it is missing or broken.
    """
    frame = _read_geojson(_path(path, "islands.geojson"), "islands.geojson", ISLAND_COLUMNS).copy()
    frame["disputed"] = frame["disputed"].astype(bool)
    frame["claimed_by"] = frame["claimed_by"].fillna("")
    return frame


def context_land(path: Path | str | None = None) -> gpd.GeoDataFrame:
    """Return the land around the chain (Hokkaido, Sakhalin, Kamchatka, ...), each row with its ``country``."""
    return _read_geojson(_path(path, "context_land.geojson"), "context_land.geojson", CONTEXT_COLUMNS).copy()


def island(island_id: str, frame: gpd.GeoDataFrame | None = None) -> pd.Series:
    """Return one island's row; raise ``KeyError`` listing the known ids when ``island_id`` is unknown."""
    frame = islands() if frame is None else frame
    match = frame[frame["id"] == island_id]
    if match.empty:
        known = ", ".join(sorted(frame["id"]))
        raise KeyError(f"unknown island {island_id!r}; known islands: {known}")
    return match.iloc[0]


def claim_areas(frame: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Return the two dissolved claim areas: the whole chain administered by Russia, the four groups claimed by Japan.

    Columns: ``id`` (``ru_administered`` / ``jp_claimed``), ``holder`` (ISO
    code of the country whose position the area shows), ``position``
    (``administers`` / ``claims``), ``island_ids`` and ``geometry``.
    """
    frame = islands() if frame is None else frame
    ids = sorted(frame["id"])
    claimed_ids = sorted(frame.loc[frame["claimed_by"] == "JP", "id"])
    # Rocks GSHHG does not hold are points; an area is the union of the drawn polygons only.
    frame = frame[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    claimed = frame[frame["claimed_by"] == "JP"]
    rows = [
        {
            "id": "ru_administered",
            "holder": "RU",
            "position": "administers",
            "island_ids": ids,
            "geometry": frame.geometry.union_all(),
        },
        {
            "id": "jp_claimed",
            "holder": "JP",
            "position": "claims",
            "island_ids": claimed_ids,
            "geometry": claimed.geometry.union_all(),
        },
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=frame.crs)


def label_points(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return one point per feature for its label: the pole of inaccessibility of its largest polygon.

    That point is the one farthest inside the shape, where a label sits best (a point feature keeps its point).
    """

    def label_point(geometry: shapely.Geometry) -> shapely.Point:
        if geometry.geom_type == "Point":
            return geometry
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)
        return polylabel(largest, tolerance=max(largest.length / 1000, 1e-5))

    points = frame.drop(columns=frame.geometry.name).copy()
    return gpd.GeoDataFrame(points, geometry=[label_point(g) for g in frame.geometry], crs=frame.crs)


def cluster_label_points(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return one point per cluster of islets (e.g. ``habomai``), inside the largest polygon nearest the cluster's centre.

    Columns: ``cluster`` and ``geometry``. Used to label the group as a whole when its islets are too small to label.
    """
    rows = []
    for cluster, members in frame[frame["cluster"].fillna("") != ""].groupby("cluster"):
        drawn = members[members.geometry.geom_type != "Point"]
        union = (drawn if not drawn.empty else members).geometry.union_all()
        rows.append({"cluster": cluster, "geometry": union.convex_hull.centroid})
    return gpd.GeoDataFrame(rows, columns=["cluster", "geometry"], geometry="geometry", crs=frame.crs)


def simplified(frame: gpd.GeoDataFrame, tolerance_deg: float) -> gpd.GeoDataFrame:
    """Return ``frame`` with its geometry simplified (topology kept) to ``tolerance_deg``; 0 returns a copy."""
    result = frame.copy()
    if tolerance_deg > 0:
        result[result.geometry.name] = result.geometry.simplify(tolerance_deg, preserve_topology=True)
    return result
