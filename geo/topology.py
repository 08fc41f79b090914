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
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import topojson
from pyproj import Transformer

from geo.geojson import features

__all__ = ["coarse_points", "coarse_steps", "grid_transform", "simplified_arcs", "topology", "topology_features"]


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
        mixed = frame.geometry[frame.geometry.geom_type == "GeometryCollection"]
        if len(mixed):
            # Leaflet draws one as a group of paths that no longer know their feature, which no level could follow.
            raise ValueError(f"frame {name!r} holds a GeometryCollection (row {mixed.index[0]!r}): explode it first")
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


def coarse_points(topology_dict: Mapping[str, Any], tolerance_m: float) -> list[list[int]]:
    """Return, for each arc of the topology, the indices of the points a coarse level keeps: Douglas-Peucker to
    ``tolerance_m`` metres of Web Mercator (the map's own projection, so the tolerance is a fixed part of a pixel at
    a given zoom).

    The coarse arcs are subsets of the arcs, so shared coasts stay shared. Each keeps its ends, so every ring stays
    closed and joined where it was, and the points where it reaches furthest west, east, south and north, so every
    ring keeps its exact bounds: a fit or a label anchored on a shape's bounds does not move between levels. A ring
    left with fewer than three corners (an islet under the tolerance) keeps all its points, so none becomes a line;
    a large ring may cross itself by less than the tolerance, as any Douglas-Peucker simplification may.
    """
    if not math.isfinite(tolerance_m) or tolerance_m < 0:
        raise ValueError(f"a tolerance is a distance of zero or more metres, not {tolerance_m}")
    grids = [_absolute(arc) for arc in topology_dict["arcs"]]
    if tolerance_m == 0:
        return [list(range(len(grid))) for grid in grids]
    (sx, sy), (tx, ty) = topology_dict["transform"]["scale"], topology_dict["transform"]["translate"]
    to_mercator = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    kept = []
    for grid in grids:
        if len(grid) <= 2:
            kept.append(list(range(len(grid))))
            continue
        projected = np.column_stack(to_mercator.transform(grid[:, 0] * sx + tx, grid[:, 1] * sy + ty))
        # The ends and extremes are kept, and each stretch between two of them simplified on its own, so that every
        # dropped point stays within the tolerance of the line that replaces it.
        breaks = sorted({0, len(grid) - 1, *(int(f(grid[:, axis])) for f in (np.argmin, np.argmax) for axis in (0, 1))})
        chosen = set(breaks)
        for start, end in zip(breaks, breaks[1:]):
            if end - start >= 2:
                chosen.update(start + index for index in _douglas_peucker(projected[start : end + 1], tolerance_m))
        kept.append(sorted(chosen))
    for ring in _rings(topology_dict["objects"].values()):
        corners = {tuple(point) for arc in ring for point in grids[_index(arc)][kept[_index(arc)]].tolist()}
        if len(corners) < 3:
            for arc in ring:
                kept[_index(arc)] = list(range(len(grids[_index(arc)])))
    return kept


def simplified_arcs(topology_dict: Mapping[str, Any], kept: list[list[int]]) -> list[list[list[int]]]:
    """Return the topology's arcs reduced to the points ``kept`` (:func:`coarse_points`), delta-encoded as arcs are."""
    result = []
    for arc, indices in zip(topology_dict["arcs"], kept):
        points = _absolute(arc)[indices]
        result.append(np.vstack([points[:1], np.diff(points, axis=0)]).tolist() if len(points) else [])
    return result


def coarse_steps(kept: list[list[int]]) -> list[list[int]]:
    """Return ``kept`` (:func:`coarse_points`) as the page sends it: for each arc, the steps from one kept index to
    the next (the first point is always kept). It weighs a fraction of the coarse arcs themselves, which the
    browser rebuilds from the arcs it has (``layers/templates/levels.js``).

    >>> coarse_steps([[0, 4, 5, 9], [0, 1]])
    [[4, 1, 4], [1]]
    """
    return [np.diff(indices).astype(int).tolist() for indices in kept]


def _absolute(arc: list[list[int]]) -> np.ndarray:
    """Return a delta-encoded arc's points on the grid (TopoJSON's quantised arcs, specification section 2.1.4)."""
    return np.cumsum(np.asarray(arc, dtype=np.int64).reshape(-1, 2), axis=0)


def _index(arc: int) -> int:
    """Return the arc an arc reference names (a negative one, ``~index``, runs it backwards)."""
    return ~arc if arc < 0 else arc


def _rings(collections: Iterable[Mapping[str, Any]]) -> Iterator[list[int]]:
    """Yield every polygon ring (its arc references) of the topology's objects."""
    for collection in collections:
        for geometry in collection.get("geometries", []):
            if geometry["type"] == "Polygon":
                yield from geometry["arcs"]
            elif geometry["type"] == "MultiPolygon":
                for polygon in geometry["arcs"]:
                    yield from polygon


def _douglas_peucker(points: np.ndarray, tolerance: float) -> list[int]:
    """Return the indices of the points GEOS's Douglas-Peucker keeps of the line ``points`` (its ends included)."""
    # The index rides along as z: GEOS keeps each kept vertex's z, so which points are kept is known exactly.
    line = shapely.linestrings(np.column_stack([points, np.arange(len(points), dtype=float)]))
    kept = shapely.get_coordinates(shapely.simplify(line, tolerance, preserve_topology=False), include_z=True)
    return kept[:, 2].astype(int).tolist()


def topology_features(topology_dict: Mapping[str, Any], name: str) -> gpd.GeoDataFrame:
    """Return the object ``name`` of a topology as a GeoDataFrame (EPSG:4326), decoded by the ``topojson``
    package: what a page holding ``topology_dict`` draws, for checking it against its source."""
    if name not in topology_dict.get("objects", {}):
        raise KeyError(f"the topology has no object {name!r}; it has {', '.join(topology_dict.get('objects', {}))}")
    collection = topojson.utils.serialize_as_geojson(dict(topology_dict), objectname=name)
    return gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326")
