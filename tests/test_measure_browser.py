"""The measuring tool (layers/map/measure.py) in a real browser: clicked as a reader clicks, checked against pyproj."""

from __future__ import annotations

import re
from pathlib import Path

import folium
import pytest
from browser import OfflinePage
from pyproj import Geod

from layers.html_io import write_atomic
from layers.map.measure import MeasureTool
from layers.vendor.assets import inline_html

pytestmark = pytest.mark.browser

TIMEOUT_MS = 10_000
WGS84 = Geod(ellps="WGS84")

CAPE_NOSAPPU = (43.385, 145.817)
KUNASHIR_SOUTH = (43.86, 145.5)  # inside the test island
#: A triangle of sides about 50 km over southern Kunashir and the strait.
TRIANGLE = [(43.85, 145.45), (43.85, 146.07), (44.24, 145.76)]
INSIDE_ISLAND = (44.3, 146.3)
OUTSIDE_ISLAND = (43.3, 145.2)

# A rough box over Kunashir: test geometry, not data.
ISLAND = {
    "type": "Feature",
    "properties": {"name": "Test island"},
    "geometry": {"type": "Polygon",
                 "coordinates": [[[145.4, 43.6], [146.6, 43.6], [146.6, 44.5], [145.4, 44.5], [145.4, 43.6]]]},
}


def _open(offline: OfflinePage, folder: Path, ui: str = "en") -> str:
    """Open a map with the tool and a clickable island counting its clicks; return the tool's variable name."""
    m = folium.Map(location=[43.85, 145.8], zoom_start=9, tiles=None)
    island = folium.GeoJson(ISLAND, name="island", style_function=lambda _: {"color": "#8a5a00", "fillColor": "#E69F00"})
    island.add_to(m)
    tool = MeasureTool(ui).add_to(m)
    page_file = write_atomic(folder / f"measure-{ui}.html", inline_html(m))
    page = offline.page
    page.goto(page_file.as_uri())
    page.wait_for_selector(".kuril-measure-toggle", timeout=TIMEOUT_MS)
    page.evaluate(
        "([map, island, tool]) => { window.map = window[map]; window.tool = window[tool]; window.islandClicks = 0;"
        " window[island].on('click', () => { window.islandClicks += 1; }); }",
        [m.get_name(), island.get_name(), tool.get_name()],
    )
    return tool.get_name()


def _xy(page: object, lat: float, lng: float) -> tuple[float, float]:
    """Return the page pixel of a place on the map."""
    return tuple(page.evaluate(
        "([lat, lng]) => { const p = map.latLngToContainerPoint([lat, lng]);"
        " const box = map.getContainer().getBoundingClientRect(); return [box.left + p.x, box.top + p.y]; }",
        [lat, lng],
    ))


def _click(page: object, place: tuple[float, float]) -> None:
    page.mouse.click(*_xy(page, *place))
    page.wait_for_timeout(350)  # apart, so two clicks are never one double-click


def _measurement(page: object) -> dict:
    return page.evaluate("() => tool.measurement()")


def _readout(page: object) -> str:
    return page.locator(".kuril-measure-readout").inner_text()


def _number(text: str, unit: str, decimal: str = ".") -> float:
    """Return the number written before ``unit`` in ``text`` (group separators dropped)."""
    found = re.search(r"([\d\s\u00a0\u202f.,]+?)\s*" + re.escape(unit), text)
    assert found, f"no number before {unit!r} in {text!r}"
    digits = re.sub(r"[\s\u00a0\u202f]", "", found.group(1))
    digits = digits.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    return float(digits)


def _geodesic_m(points: list[list[float]]) -> float:
    return sum(WGS84.inv(a[1], a[0], b[1], b[0])[2] for a, b in zip(points, points[1:]))


def _area_km2(points: list[list[float]]) -> float:
    lats, lngs = zip(*points)
    return abs(WGS84.polygon_area_perimeter(lngs, lats)[0]) / 1e6


def test_two_clicks_give_the_distance_within_half_a_percent_of_wgs84(offline_page: OfflinePage, tmp_path: Path) -> None:
    page = offline_page.page
    _open(offline_page, tmp_path)
    toggle = page.locator(".kuril-measure-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    assert toggle.get_attribute("title") == toggle.get_attribute("aria-label") == "Measure distance and area"
    assert page.locator(".leaflet-control.kuril-measure").count() == 1
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    _click(page, CAPE_NOSAPPU)
    _click(page, KUNASHIR_SOUTH)
    measured = _measurement(page)
    assert measured["mode"] == "measuring" and len(measured["points"]) == 2
    # Each point where it was clicked (within a pixel, ~220 m at this zoom).
    for (lat, lng), target in zip(measured["points"], (CAPE_NOSAPPU, KUNASHIR_SOUTH)):
        assert WGS84.inv(lng, lat, target[1], target[0])[2] < 250
    geodesic = _geodesic_m(measured["points"])
    assert abs(measured["distance_m"] - geodesic) / geodesic < 0.005
    readout = _readout(page)
    assert abs(_number(readout, "km") * 1000 - geodesic) / geodesic < 0.005
    assert abs(_number(readout, "nautical miles") * 1852 - geodesic) / geodesic < 0.005
    assert re.search(r"Distance: \d\d\.\d km \(\d\d\.\d nautical miles\)", readout), readout
    assert "Area" not in readout  # two points enclose nothing
    # The island under the second point heard nothing: the click was the tool's.
    assert page.evaluate("() => islandClicks") == 0
    assert offline_page.network.problems() == {}


def test_a_triangle_gives_its_area_within_half_a_percent(offline_page: OfflinePage, tmp_path: Path) -> None:
    page = offline_page.page
    _open(offline_page, tmp_path)
    page.locator(".kuril-measure-toggle").click()
    for corner in TRIANGLE:
        _click(page, corner)
    measured = _measurement(page)
    area = _area_km2(measured["points"])
    assert 900 < area < 1300  # the triangle's sides are about 50 km
    assert abs(measured["area_m2"] / 1e6 - area) / area < 0.005
    assert abs(_number(_readout(page), "km²") - area) / area < 0.005
    assert page.locator(".leaflet-kurilMeasure-pane path").count() >= 4  # area, casing, line, the points
    page.locator(".kuril-measure-finish").click()
    measured = _measurement(page)
    assert measured["mode"] == "done" and len(measured["points"]) == 3
    # Finished: the result stays, with a Clear button, and the map's clicks are the islands' again.
    assert "Area:" in _readout(page)
    assert page.locator(".kuril-measure-cancel").inner_text() == "Clear"
    assert page.locator(".kuril-measure-finish").is_hidden()
    assert page.locator(".kuril-measure-toggle").get_attribute("aria-pressed") == "false"
    _click(page, INSIDE_ISLAND)
    assert page.evaluate("() => islandClicks") == 1
    assert len(_measurement(page)["points"]) == 3
    page.locator(".kuril-measure-cancel").click()
    assert _measurement(page)["mode"] == "off"
    assert page.locator(".leaflet-kurilMeasure-pane path").count() == 0
    assert offline_page.network.problems() == {}


def test_a_double_click_finishes_without_a_doubled_point(offline_page: OfflinePage, tmp_path: Path) -> None:
    page = offline_page.page
    _open(offline_page, tmp_path)
    zoom = page.evaluate("() => map.getZoom()")
    page.locator(".kuril-measure-toggle").click()
    _click(page, TRIANGLE[0])
    _click(page, TRIANGLE[1])
    page.mouse.dblclick(*_xy(page, *TRIANGLE[2]))
    page.wait_for_timeout(400)
    measured = _measurement(page)
    assert measured["mode"] == "done" and len(measured["points"]) == 3
    assert page.evaluate("() => map.getZoom()") == zoom  # the double-click did not zoom in
    # The map's double-click zoom is back once the tool stops.
    assert page.evaluate("() => map.doubleClickZoom.enabled()")
    assert page.evaluate("() => islandClicks") == 0
    assert offline_page.network.problems() == {}


def test_escape_cancels_and_the_islands_hear_clicks_again(offline_page: OfflinePage, tmp_path: Path) -> None:
    page = offline_page.page
    _open(offline_page, tmp_path)
    toggle = page.locator(".kuril-measure-toggle")
    toggle.focus()
    page.keyboard.press("Enter")  # a real button: the keyboard starts it
    assert toggle.get_attribute("aria-pressed") == "true"
    _click(page, INSIDE_ISLAND)
    _click(page, OUTSIDE_ISLAND)
    assert len(_measurement(page)["points"]) == 2
    assert page.evaluate("() => islandClicks") == 0
    assert page.evaluate("() => map.getContainer().classList.contains('kuril-measuring')")
    page.keyboard.press("Escape")
    assert _measurement(page) | {"lang": None} == {"mode": "off", "lang": None, "points": [], "distance_m": 0, "area_m2": 0}
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.locator(".kuril-measure-panel").is_hidden()
    assert page.locator(".leaflet-kurilMeasure-pane path").count() == 0
    assert not page.evaluate("() => map.getContainer().classList.contains('kuril-measuring')")
    _click(page, INSIDE_ISLAND)
    assert page.evaluate("() => islandClicks") == 1
    # Cancel, like Escape, ends it; the toggle pressed again while measuring finishes instead.
    toggle.click()
    page.locator(".kuril-measure-cancel").click()
    assert _measurement(page)["mode"] == "off"
    _click(page, INSIDE_ISLAND)
    assert page.evaluate("() => islandClicks") == 2
    toggle.click()
    _click(page, CAPE_NOSAPPU)
    _click(page, KUNASHIR_SOUTH)
    toggle.click()
    assert _measurement(page)["mode"] == "done"
    assert offline_page.network.problems() == {}


def test_distances_and_areas_over_the_whole_chain_are_within_half_a_percent(
    offline_page: OfflinePage, tmp_path: Path
) -> None:
    """The tool's own arithmetic, on pairs and triangles from Hokkaido to Shumshu, small and large, against WGS84."""
    page = offline_page.page
    _open(offline_page, tmp_path)
    places = [(lat, lng) for lat in (43.3, 44.5, 46.0, 47.5, 49.0, 50.9) for lng in (145.0, 148.0, 151.0, 154.0, 157.0)]
    pairs = [[a, b] for i, a in enumerate(places) for b in places[i + 1:]]
    triangles = [[(lat, 146.0), (lat, 146.0 + 1.4 * size), (lat + 0.87 * size, 146.0 + 0.7 * size)]
                 for size in (0.05, 0.3, 1.2, 5.0) for lat in (43.4, 47.0, 50.0)]
    measured = page.evaluate("(shapes) => shapes.map((shape) => tool.measure(shape))", pairs + triangles)
    distance_errors = [abs(got["distance_m"] / _geodesic_m(pair) - 1) for got, pair in zip(measured, pairs)]
    area_errors = [abs(got["area_m2"] / 1e6 / _area_km2(triangle) - 1)
                   for got, triangle in zip(measured[len(pairs):], triangles)]
    assert max(distance_errors) < 0.005  # haversine on Leaflet's sphere: 0.31 % at worst (east-west at 51° N)
    assert max(area_errors) < 0.005  # 0.15 % at worst, from a 12 km² triangle to one of 120,000 km²
    assert offline_page.network.problems() == {}


@pytest.mark.parametrize(
    "lang, button, distance, area, decimal",
    [
        ("ru", "Измерить расстояние и площадь", r"Расстояние: \d\d,\d км \(\d\d,\d морской мили\)",
         r"Площадь: \d[\s\u00a0\u202f]\d{3} км²", ","),
        ("ja", "距離と面積を測る", r"距離：\d\d\.\d km（\d\d\.\d海里）", r"面積：\d,\d{3} km²", "."),
    ],
)
def test_the_language_switches_in_place(
    offline_page: OfflinePage, tmp_path: Path, lang: str, button: str, distance: str, area: str, decimal: str
) -> None:
    page = offline_page.page
    _open(offline_page, tmp_path)
    page.locator(".kuril-measure-toggle").click()
    for corner in TRIANGLE:
        _click(page, corner)
    english = _readout(page)
    page.evaluate("(lang) => tool.setLanguage(lang)", lang)
    toggle = page.locator(".kuril-measure-toggle")
    assert toggle.get_attribute("title") == toggle.get_attribute("aria-label") == button
    readout = _readout(page)
    assert re.search(distance, readout), readout
    assert re.search(area, readout), readout
    assert _number(readout, "к" if lang == "ru" else "km", decimal) == _number(english, "km")
    finish = {"ru": "Готово", "ja": "完了"}[lang]
    assert page.locator(".kuril-measure-finish").inner_text() == finish
    assert page.locator(".kuril-measure-panel").get_attribute("aria-label") == {"ru": "Измерение", "ja": "計測"}[lang]
    assert _measurement(page)["lang"] == lang
    assert offline_page.network.problems() == {}


def test_drawn_in_japanese_on_a_phone(offline_page: OfflinePage, tmp_path: Path) -> None:
    page = offline_page.page
    page.set_viewport_size({"width": 390, "height": 844})
    _open(offline_page, tmp_path, ui="ja")
    toggle = page.locator(".kuril-measure-toggle")
    assert toggle.get_attribute("aria-label") == "距離と面積を測る"
    toggle.click()
    # The triangle below the readout, as a reader would pan it.
    page.evaluate("() => map.fitBounds([[43.8, 145.4], [44.3, 146.1]], {paddingTopLeft: [10, 240], paddingBottomRight: [10, 40]})")
    page.wait_for_timeout(400)
    for corner in TRIANGLE:
        _click(page, corner)
    readout = _readout(page)
    assert "距離：" in readout and "面積：" in readout
    panel = page.locator(".kuril-measure-panel").bounding_box()
    assert panel["x"] + panel["width"] <= 390  # the readout fits the phone's width
    offline_page.screenshot("measure_ja_phone.png")
    assert offline_page.network.problems() == {}


def test_the_tool_passes_axe_while_measuring_and_when_done(offline_page: OfflinePage, tmp_path: Path) -> None:
    from axe import axe_violations

    page = offline_page.page
    _open(offline_page, tmp_path, ui="ru")
    page.locator(".kuril-measure-toggle").click()
    for corner in TRIANGLE:
        _click(page, corner)

    def ours() -> list[dict]:
        found = axe_violations(page, [])
        # "region" (content inside landmarks) is the host page's to meet: this bare test page has none.
        return [v for v in found if v["id"] != "region" and any("kuril-measure" in node for node in v["nodes"])]

    assert ours() == []
    page.locator(".kuril-measure-finish").click()
    assert ours() == []
    assert page.evaluate("() => document.activeElement.className") == "kuril-measure-toggle"  # the focus is kept
