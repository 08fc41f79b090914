"""The handouts' projection, extent, scale bar and graticule: all measured, none guessed.

The map is drawn in a Lambert conformal conic projection with standard parallels 44° and 50° N, which run through the
chain (43.4° N at the Habomai islets to 50.9° N at Shumshu): shapes are true, and scale errors stay within about
0.6 % between 42° and 52° N, where Web Mercator's grow by 40 % from one end of the chain to the other. The scale bar's
length is the geodesic distance on the WGS84 ellipsoid (pyproj ``Geod``) between its two ends at the map's centre.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer

__all__ = [
    "CRS_PROJ", "GridLine", "ScaleBar", "STANDARD_PARALLELS", "fit_extent", "graticule", "project_bounds", "scale_bar",
    "to_lonlat", "to_map",
]

STANDARD_PARALLELS = (44.0, 50.0)
CENTRAL_MERIDIAN = 149.0
CRS_PROJ = (
    f"+proj=lcc +lat_1={STANDARD_PARALLELS[0]:g} +lat_2={STANDARD_PARALLELS[1]:g} +lat_0=47 +lon_0={CENTRAL_MERIDIAN:g} "
    "+datum=WGS84 +units=m +no_defs"
)
MAP_CRS = CRS.from_proj4(CRS_PROJ)
_FORWARD = Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)
_INVERSE = Transformer.from_crs(MAP_CRS, "EPSG:4326", always_xy=True)
_GEOD = Geod(ellps="WGS84")

#: Lengths a scale bar may have, in km.
NICE_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
#: How many segments a bar of each length is cut into (ticks at 0, 25, 50, 75, 100 km...).
BAR_PARTS = {1: 2, 2: 2, 5: 5, 10: 2, 20: 4, 25: 5, 50: 5, 100: 4, 200: 4, 250: 5, 500: 5, 1000: 4}
#: Graticule spacings in degrees, finest first.
GRID_STEPS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0)

Extent = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in metres of MAP_CRS


def to_map(lon, lat):
    """Return projected (x, y) in metres of the map's CRS for lon/lat in degrees (scalars or arrays)."""
    return _FORWARD.transform(lon, lat)


def to_lonlat(x, y):
    """Return (lon, lat) in degrees of projected x, y."""
    return _INVERSE.transform(x, y)


def project_bounds(bounds: tuple[float, float, float, float]) -> Extent:
    """Return the projected box around a lon/lat box ``(west, south, east, north)`` (its edges densified: in a
    conic projection a parallel is an arc)."""
    west, south, east, north = bounds
    edge = shapely.segmentize(shapely.box(west, south, east, north).exterior, 0.05)
    xs, ys = to_map(*np.asarray(edge.coords).T)
    return float(np.min(xs)), float(np.min(ys)), float(np.max(xs)), float(np.max(ys))


def fit_extent(box: Extent, aspect: float, margin: float = 0.06, min_width_m: float = 60_000.0,
               within: Extent | None = None) -> Extent:
    """Return an extent showing ``box`` with ``margin`` (a share of its size) around it, at least ``min_width_m``
    wide, widened on its short side to the axes' ``aspect`` (width / height), so the map fills its frame; with
    ``within``, moved (never shrunk) to stay inside it where it fits, so the widening shows data, not its edge."""
    xmin, ymin, xmax, ymax = box
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    width = max(xmax - xmin, min_width_m) * (1 + 2 * margin)
    height = max(ymax - ymin, min_width_m / aspect) * (1 + 2 * margin)
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    if within is not None:
        cx = _shift(cx, width, within[0], within[2], xmin, xmax)
        cy = _shift(cy, height, within[1], within[3], ymin, ymax)
    return cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2


def _shift(centre: float, size: float, low: float, high: float, keep_low: float, keep_high: float) -> float:
    """Return ``centre`` moved so that ``[centre ± size/2]`` lies in ``[low, high]`` if it can, still holding
    ``[keep_low, keep_high]`` (what must be shown)."""
    if size >= high - low:
        return (low + high) / 2 if keep_low >= low and keep_high <= high else centre
    centre = min(max(centre, low + size / 2), high - size / 2)
    centre = min(centre, keep_low + size / 2)  # never lose what must be shown
    return max(centre, keep_high - size / 2)


@dataclass(frozen=True)
class ScaleBar:
    """A scale bar: its length in km, the projected length it is drawn with, and where it was measured."""

    km: float
    projected_m: float
    lat: float
    lon: float
    ticks_km: tuple[float, ...]


def _ground_per_projected(x: float, y: float, span_m: float) -> float:
    """Return metres on the ellipsoid per projected metre along the x axis at (x, y), over ``span_m``."""
    lon1, lat1 = to_lonlat(x - span_m / 2, y)
    lon2, lat2 = to_lonlat(x + span_m / 2, y)
    _, _, distance = _GEOD.inv(lon1, lat1, lon2, lat2)
    return distance / span_m


def scale_bar(extent: Extent, share: float = 0.3) -> ScaleBar:
    """Return the longest nice scale bar at most ``share`` of the map's width, measured geodesically at its centre."""
    xmin, ymin, xmax, ymax = extent
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    room = (xmax - xmin) * share
    factor = _ground_per_projected(cx, cy, room)
    fitting = [km for km in NICE_KM if km * 1000 / factor <= room] or [NICE_KM[0]]
    km = fitting[-1]
    factor = _ground_per_projected(cx, cy, km * 1000 / factor)  # measured over the bar's own length
    lon, lat = to_lonlat(cx, cy)
    parts = BAR_PARTS.get(km, 2)
    ticks = tuple(round(km * i / parts, 6) for i in range(parts + 1))
    return ScaleBar(km=float(km), projected_m=km * 1000 / factor, lat=float(lat), lon=float(lon), ticks_km=ticks)


@dataclass(frozen=True)
class GridLine:
    """One line of the graticule: a meridian (``kind`` ``lon``) or a parallel (``lat``), projected, clipped."""

    kind: str
    value: float
    xy: np.ndarray  # (n, 2) projected coordinates


def _grid_step(span_deg: float, lines: int = 10) -> float:
    for step in GRID_STEPS:
        if span_deg / step <= lines:
            return step
    return GRID_STEPS[-1]


def graticule(extent: Extent) -> list[GridLine]:
    """Return the meridians and parallels crossing the extent, at a spacing giving at most ten of each."""
    xmin, ymin, xmax, ymax = extent
    frame = shapely.box(xmin, ymin, xmax, ymax)
    corners = shapely.segmentize(frame.exterior, (xmax - xmin) / 50)
    lons, lats = to_lonlat(*np.asarray(corners.coords).T)
    west, east, south, north = float(np.min(lons)), float(np.max(lons)), float(np.min(lats)), float(np.max(lats))
    lon_step = _grid_step(east - west)
    lat_step = _grid_step(north - south)
    step = min(lon_step, lat_step) if max(lon_step, lat_step) / min(lon_step, lat_step) <= 2 else None
    lon_step, lat_step = (step, step) if step else (lon_step, lat_step)
    lines: list[GridLine] = []
    for kind, first, last, spacing in (("lon", west, east, lon_step), ("lat", south, north, lat_step)):
        value = math.ceil(first / spacing) * spacing
        while value <= last + 1e-9:
            if kind == "lon":
                lon_line, lat_line = np.full(200, value), np.linspace(south - 1, north + 1, 200)
            else:
                lon_line, lat_line = np.linspace(west - 1, east + 1, 200), np.full(200, value)
            xs, ys = to_map(lon_line, lat_line)
            clipped = shapely.intersection(shapely.LineString(np.column_stack([xs, ys])), frame)
            for part in shapely.get_parts(clipped):
                if part.geom_type == "LineString" and not part.is_empty:
                    lines.append(GridLine(kind, round(value, 6), np.asarray(part.coords)))
            value += spacing
    return lines
