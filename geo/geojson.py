"""GeoDataFrames to compact GeoJSON: rounded coordinates, plain JSON property values."""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd


def rounded(coordinates: Any, decimals: int) -> Any:
    """Return nested coordinate sequences with every number rounded to ``decimals``."""
    if isinstance(coordinates, float):
        return round(coordinates, decimals)
    if isinstance(coordinates, (list, tuple)):
        return [rounded(item, decimals) for item in coordinates]
    return coordinates


def plain(value: Any) -> Any:
    """Return a JSON-ready property value: numpy scalars as Python ones, NaN as None."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, float) and value != value:
        return None
    return value


def features(frame: gpd.GeoDataFrame, decimals: int) -> list[dict[str, Any]]:
    """Return ``frame`` as a list of GeoJSON feature dicts with coordinates rounded to ``decimals``."""
    result = []
    geometry_column = frame.geometry.name
    for record in frame.to_dict("records"):
        geometry = record.pop(geometry_column)
        interface = geometry.__geo_interface__
        result.append(
            {
                "type": "Feature",
                "properties": {key: plain(value) for key, value in record.items()},
                "geometry": {"type": interface["type"], "coordinates": rounded(interface["coordinates"], decimals)},
            }
        )
    return result


def feature_collection(frame: gpd.GeoDataFrame, decimals: int) -> dict[str, Any]:
    """Return ``frame`` as a GeoJSON FeatureCollection dict (EPSG:4326 expected)."""
    return {"type": "FeatureCollection", "features": features(frame, decimals)}


def geojson_lines(frame: gpd.GeoDataFrame, decimals: int) -> str:
    """Return ``frame`` as deterministic GeoJSON text with one feature per line, for readable diffs."""
    lines = [json.dumps(feature, ensure_ascii=False, separators=(",", ":")) for feature in features(frame, decimals)]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
