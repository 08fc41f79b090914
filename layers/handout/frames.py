"""The web map's GeoDataFrames in the handouts' projection, cut to a page's extent and simplified for its scale.

The same frames the map draws (``geo.islands``, ``geo.boundaries``, a state's areas from ``layers.map.states``) are
projected once per process (``layers.handout.scale.MAP_CRS``); each page keeps what lies in its extent and simplifies
it to a tolerance far below what paper shows (a 3000th of the map's width, about 0.06 mm on an A4 page), which keeps
a PDF small without changing a printed line.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import shapely

from geo import paths
from geo.boundaries import boundary_lines
from geo.datafile import DataFileError, manifest
from geo.islands import context_land, islands
from layers import style
from layers.handout.scale import MAP_CRS, Extent, to_map

__all__ = ["cut", "data_region", "region_inner", "projected_context", "projected_islands", "projected_lines", "region_polygon", "simplify_tolerance"]

#: A page's shapes are simplified to this share of its map's width.
SIMPLIFY_SHARE = 1 / 3000


def simplify_tolerance(extent: Extent) -> float:
    """Return the simplification tolerance in metres for a map showing ``extent``."""
    return (extent[2] - extent[0]) * SIMPLIFY_SHARE


@lru_cache(maxsize=4)
def _islands(path: str) -> gpd.GeoDataFrame:
    return islands(path).to_crs(MAP_CRS)


@lru_cache(maxsize=4)
def _context(path: str) -> gpd.GeoDataFrame:
    return context_land(path).to_crs(MAP_CRS)


@lru_cache(maxsize=4)
def _lines(path: str) -> gpd.GeoDataFrame:
    return boundary_lines().to_crs(MAP_CRS)


def projected_islands() -> gpd.GeoDataFrame:
    """Return the islands (``geo.islands.islands``) projected (a copy)."""
    return _islands(str(paths.data_file("islands.geojson").resolve())).copy()


def projected_context() -> gpd.GeoDataFrame:
    """Return the land around the chain projected (a copy)."""
    return _context(str(paths.data_file("context_land.geojson").resolve())).copy()


def projected_lines() -> gpd.GeoDataFrame:
    """Return the computed boundary lines projected (a copy)."""
    return _lines(str(paths.data_file("boundaries.geojson").resolve())).copy()


def cut(geometry: shapely.Geometry, extent: Extent, tolerance: float) -> shapely.Geometry:
    """Return ``geometry`` clipped to ``extent`` (with a margin, so no cut edge shows) and simplified to
    ``tolerance`` metres; points are kept as they are."""
    if geometry is None or geometry.is_empty:
        return shapely.GeometryCollection()
    if geometry.geom_type in ("Point", "MultiPoint"):
        return geometry
    xmin, ymin, xmax, ymax = extent
    pad = (xmax - xmin) * 0.05
    clipped = shapely.clip_by_rect(geometry, xmin - pad, ymin - pad, xmax + pad, ymax + pad)
    if clipped.is_empty or tolerance <= 0:
        return clipped
    return shapely.simplify(clipped, tolerance, preserve_topology=True)


@lru_cache(maxsize=4)
def _region(path: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(value) for value in manifest(path)["build"]["region_lonlat"])
        return west, south, east, north
    except (DataFileError, KeyError, TypeError, ValueError):
        (south, west), (north, east) = style.MAX_BOUNDS
        return west, south, east, north


def data_region() -> tuple[float, float, float, float]:
    """Return the box the data was built for, ``(west, south, east, north)`` in degrees (``data/manifest.json``'s
    ``build.region_lonlat``): beyond it the land is not drawn because it is not in the data, not because it is sea."""
    return _region(str(paths.data_file("manifest.json").resolve()))


@lru_cache(maxsize=4)
def _region_polygon(bounds: tuple[float, float, float, float]) -> shapely.Geometry:
    ring = shapely.segmentize(shapely.box(*bounds).exterior, 0.05)
    xs, ys = to_map(*shapely.get_coordinates(ring).T)
    return shapely.Polygon(list(zip(xs, ys)))


def region_polygon() -> shapely.Geometry:
    """Return :func:`data_region` projected: a curved quadrilateral in the conic projection."""
    return _region_polygon(data_region())


@lru_cache(maxsize=4)
def _region_inner(bounds: tuple[float, float, float, float]) -> Extent:
    west, south, east, north = bounds
    edge = lambda lons, lats: to_map(lons, lats)  # noqa: E731
    steps = [south + (north - south) * i / 50 for i in range(51)]
    across = [west + (east - west) * i / 50 for i in range(51)]
    west_x, _ = edge([west] * 51, steps)
    east_x, _ = edge([east] * 51, steps)
    _, south_y = edge(across, [south] * 51)
    _, north_y = edge(across, [north] * 51)
    return float(max(west_x)), float(max(south_y)), float(min(east_x)), float(min(north_y))


def region_inner() -> Extent:
    """Return the largest box of the map's CRS along its axes that :func:`region_polygon` holds (nearly): an extent
    kept inside it shows only land and sea the data has."""
    return _region_inner(data_region())
