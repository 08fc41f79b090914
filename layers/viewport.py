"""Centre and zoom that fit bounds in a map of a given pixel size (Web Mercator, 256 px tiles).

``st_folium`` can move a mounted map by ``center`` and ``zoom`` without
remounting it, but takes no bounds; this is Leaflet's ``getBoundsZoom`` in Python.
"""

from __future__ import annotations

import math

TILE_PX = 256


def _mercator_y(lat_deg: float) -> float:
    """Return the Web Mercator y of a latitude, in units of the world's width (0 at the equator)."""
    lat = math.radians(max(min(lat_deg, 85.0511), -85.0511))
    return math.log(math.tan(math.pi / 4 + lat / 2)) / (2 * math.pi)


def fit_view(
    bounds: list[list[float]], width_px: int, height_px: int, min_zoom: int = 0, max_zoom: int = 18, padding_px: int = 24
) -> tuple[tuple[float, float], int]:
    """Return ``((lat, lon), zoom)``: the centre of ``[[south, west], [north, east]]`` and the largest zoom that shows it all."""
    (south, west), (north, east) = bounds
    span_x = max((east - west) / 360.0, 1e-9)
    span_y = max(_mercator_y(north) - _mercator_y(south), 1e-9)
    usable_w, usable_h = max(width_px - 2 * padding_px, 1), max(height_px - 2 * padding_px, 1)
    zoom = math.floor(min(math.log2(usable_w / (TILE_PX * span_x)), math.log2(usable_h / (TILE_PX * span_y))))
    centre_y = (_mercator_y(north) + _mercator_y(south)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y * 2 * math.pi)) - math.pi / 2)
    return (centre_lat, (west + east) / 2), max(min_zoom, min(max_zoom, zoom))
