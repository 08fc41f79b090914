"""The map's geometry as one TopoJSON topology: every coast sent once, as shared arcs on an integer grid.

The islands, the land around them, Japan's claim (the union of four island groups), Sakhalin's halves and the
boundary lines share most of their coasts. As separate GeoJSON layers each copy is sent again (the claim alone
re-sent a third of the vertices); as a topology (`TopoJSON <https://github.com/topojson/topojson-specification>`_,
built by the ``topojson`` package) each coast is one arc, quantised to the page's coordinate grid and
delta-encoded, which the browser turns back into features with topojson-client's ``topojson.feature``.

The grid is the one the coordinates are already snapped to (``10**-decimals`` degrees, from a whole degree), so
quantising moves no vertex: the page draws exactly the frames it was given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import shapely
import topojson

from geo.geojson import features

__all__ = ["grid_transform", "topology", "topology_features"]


def grid_transform(frames: Mapping[str, gpd.GeoDataFrame], decimals: int) -> dict[str, list[float]]:
    """Return the TopoJSON transform of a ``10**-decimals``-degree grid whose origin is the whole degree south-west
    of every frame, so a coordinate already rounded to ``decimals`` lands exactly on a grid point.

    >>> frame = gpd.GeoDataFrame(geometry=gpd.points_from_xy([145.81], [43.38]), crs="EPSG:4326")
    >>> grid_transform({"points": frame}, 4)
    {'scale': [0.0001, 0.0001], 'translate': [145.0, 43.0]}
    """
    bounds = [frame.total_bounds for frame in frames.values() if not frame.empty]
    if not bounds:
        raise ValueError("a topology needs at least one frame with a geometry")
    west = min(bound[0] for bound in bounds)
    south = min(bound[1] for bound in bounds)
    step = 10.0**-decimals
    return {"scale": [step, step], "translate": [float(math.floor(west)), float(math.floor(south))]}


def topology(frames: Mapping[str, gpd.GeoDataFrame], decimals: int) -> dict[str, Any]:
    """Return one TopoJSON Topology holding each frame of ``frames`` as an object of that name.

    Each frame's columns become its geometries' properties (plain JSON values, as in ``geo.geojson``); coordinates
    are rounded to ``decimals`` and quantised on :func:`grid_transform`'s grid, losing nothing more. Coasts that two
    frames (or two features) share become one arc.
    """
    if not frames:
        raise ValueError("a topology needs at least one frame")
    for name, frame in frames.items():
        if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
            raise ValueError(f"frame {name!r} is in {frame.crs}, not EPSG:4326 (longitude, latitude)")
    transform = grid_transform(frames, decimals)
    # The package is given the lines and polygons alone: topojson 2.2 fails on points in any object but the first
    # (``Topology._resolve_coords`` drops the shared coordinates after the first object). A point has no arcs: it is
    # quantised on the same grid here, as the specification's section 2.1.3 says.
    lines_and_areas = {
        name: frame.geometry[~frame.geometry.geom_type.isin(_POINT_TYPES)] for name, frame in frames.items()
    }
    drawn = {name: series for name, series in lines_and_areas.items() if not series.empty}
    result: dict[str, Any] = {"type": "Topology", "transform": transform, "objects": {}, "arcs": []}
    if drawn:
        shapes = [gpd.GeoDataFrame(geometry=series.values, crs="EPSG:4326") for series in drawn.values()]
        result = topojson.Topology(shapes, object_name=list(drawn), prequantize=transform, topology=True).to_dict()
    objects = {}
    for name, frame in frames.items():
        built = iter(result["objects"].get(name, {}).get("geometries", []))
        geometries = []
        for geometry, feature in zip(frame.geometry.values, features(frame, decimals)):
            shape = _quantised_points(geometry, transform) if geometry.geom_type in _POINT_TYPES else next(built, None)
            if shape is None:
                raise ValueError(f"frame {name!r}: a geometry was lost in the topology (empty or invalid?)")
            shape.pop("id", None)  # the package numbers each geometry; ours carry their own id as a property
            shape["properties"] = feature["properties"]
            geometries.append(shape)
        objects[name] = {"type": "GeometryCollection", "geometries": geometries}
    result["objects"] = objects
    return result


_POINT_TYPES = ("Point", "MultiPoint")


def _quantised_points(geometry: Any, transform: Mapping[str, list[float]]) -> dict[str, Any]:
    """Return a Point or MultiPoint as a TopoJSON geometry, its positions on the grid of ``transform``."""
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    points = [[round((x - tx) / sx), round((y - ty) / sy)] for x, y, *_ in shapely.get_coordinates(geometry).tolist()]
    if geometry.geom_type == "Point":
        return {"type": "Point", "coordinates": points[0]}
    return {"type": "MultiPoint", "coordinates": points}


def topology_features(topology_dict: Mapping[str, Any], name: str) -> gpd.GeoDataFrame:
    """Return the object ``name`` of a topology as a GeoDataFrame (EPSG:4326), decoded by the ``topojson``
    package: what a page holding ``topology_dict`` draws, for checking it against its source."""
    if name not in topology_dict.get("objects", {}):
        raise KeyError(f"the topology has no object {name!r}; it has {', '.join(topology_dict.get('objects', {}))}")
    collection = topojson.utils.serialize_as_geojson(dict(topology_dict), objectname=name)
    return gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326")
