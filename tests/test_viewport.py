"""layers.viewport: the zoom that fits bounds, as Leaflet would choose it."""

from __future__ import annotations

import math

import pytest

from layers.viewport import fit_view


def test_a_smaller_area_gets_a_larger_zoom():
    _, wide = fit_view([[43.0, 145.0], [46.0, 149.0]], 800, 600)
    _, narrow = fit_view([[43.6, 146.6], [43.9, 146.9]], 800, 600)
    assert narrow > wide


def test_the_fitted_area_fits_and_one_zoom_more_would_not():
    bounds = [[43.4, 145.4], [44.6, 146.6]]
    (lat, lon), zoom = fit_view(bounds, 800, 600, padding_px=0)
    assert lat == pytest.approx(44.0, abs=0.05) and lon == pytest.approx(146.0)

    def size_px(z: int) -> tuple[float, float]:
        merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)  # noqa: E731
        world = 256 * 2**z
        return (bounds[1][1] - bounds[0][1]) / 360 * world, (merc(bounds[1][0]) - merc(bounds[0][0])) * world

    width, height = size_px(zoom)
    assert width <= 800 and height <= 600
    width, height = size_px(zoom + 1)
    assert width > 800 or height > 600


def test_zoom_is_clamped():
    _, zoom = fit_view([[43.0, 145.0], [43.0001, 145.0001]], 800, 600, max_zoom=12)
    assert zoom == 12
