"""Levels of detail in the browser (layers/templates/levels.js): the opening view draws the coarse arcs, which look
the same at that zoom, and a closer look draws every vertex of the full coast, for the base layers and a state's."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from browser import OfflinePage
from map_page import wait_for_map
from page_payload import _PACKED, payload

from layers.payload import pack
from layers.style import COARSE_MAX_ZOOM

# Every vector layer on the map: its LatLngs, and how many paths; the map's zoom.
_DRAWN = """() => {
  const map = window.kurilMap.map;
  const count = (a) => Array.isArray(a) ? a.reduce((n, x) => n + count(x), 0) : 1;
  let vertices = 0, paths = 0;
  map.eachLayer((layer) => { if (layer instanceof L.Polyline) { vertices += count(layer.getLatLngs()); paths += 1; } });
  return {zoom: map.getZoom(), vertices, paths};
}"""
# Zoom the map to `zoom` (animated or not) and resolve once it has drawn the frame after the zoom's end.
_ZOOM = """([zoom, animate]) => new Promise((done) => {
  const map = window.kurilMap.map;
  if (map.getZoom() === zoom) { done(); return; }
  map.once('zoomend', () => requestAnimationFrame(() => done()));
  map.setZoom(zoom, {animate});
})"""


@pytest.fixture(scope="module")
def full_detail_export(seed_export: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed export with no coarse arcs: the page draws its full coast at every zoom (levels.js's fallback)."""
    html = seed_export.read_text(encoding="utf-8")
    data = payload(html)
    del data["topology"]["coarseSteps"]
    found = _PACKED.search(html)
    path = tmp_path_factory.mktemp("full-detail") / "kurils.html"
    path.write_text(html[: found.start(1)] + pack(data) + html[found.end(1) :], encoding="utf-8")
    return path


def _open(offline_page: OfflinePage, path: Path) -> dict:
    offline_page.page.goto(path.as_uri())
    wait_for_map(offline_page.page)
    return offline_page.page.evaluate(_DRAWN)


def test_the_opening_view_draws_a_third_of_the_vertices_and_looks_the_same(
    offline_page: OfflinePage, seed_export: Path, full_detail_export: Path
) -> None:
    from PIL import Image, ImageChops

    page = offline_page.page
    full = _open(offline_page, full_detail_export)
    full_png = page.screenshot()
    coarse = _open(offline_page, seed_export)
    coarse_png = page.screenshot()
    assert coarse["zoom"] == full["zoom"] <= COARSE_MAX_ZOOM
    assert coarse["paths"] == full["paths"]
    assert coarse["vertices"] < 0.4 * full["vertices"]
    # Leaflet smooths every path to a pixel as it draws: the coarse arcs, within half a pixel, draw the same picture
    # but for the odd edge pixel's shade.
    difference = np.asarray(ImageChops.difference(Image.open(io.BytesIO(full_png)).convert("L"),
                                                  Image.open(io.BytesIO(coarse_png)).convert("L")))
    assert (difference > 40).mean() < 0.002, f"{(difference > 40).sum()} pixels differ"
    assert offline_page.network.problems() == {}


def test_a_closer_look_draws_the_full_coast_and_the_opening_zoom_the_coarse_one_again(
    offline_page: OfflinePage, seed_export: Path, full_detail_export: Path
) -> None:
    page = offline_page.page
    counts = {}
    for name, path in (("full", full_detail_export), ("levels", seed_export)):
        opening = _open(offline_page, path)
        page.evaluate(_ZOOM, [COARSE_MAX_ZOOM + 1, True])  # animated, as a reader's zoom is
        closer = page.evaluate(_DRAWN)
        # A state's layer, built from the same features at the coarse level, joins at the close zoom.
        page.evaluate("() => window.kurilMap.set({view: 'japan'})")
        page.wait_for_function("() => document.documentElement.dataset.kurilState === 'japan'")
        japan = page.evaluate(_DRAWN)
        # A highlight, built from the same features, at the close zoom too.
        page.evaluate("() => window.kurilMap.set({highlight: ['kunashir', 'shikotan']})")
        highlighted = page.evaluate(_DRAWN)
        page.evaluate(_ZOOM, [opening["zoom"], False])
        back = page.evaluate(_DRAWN)
        counts[name] = (opening, closer, japan, highlighted, back)
    full, levels = counts["full"], counts["levels"]
    assert levels[1] == full[1]  # past the coarse zooms: every vertex, for every path
    assert levels[2] == full[2]  # and the state's layer too
    assert levels[3] == full[3] and levels[3]["paths"] > levels[2]["paths"]  # and the highlight
    # Back at the opening zoom, every path (the base layers, the state's, the highlight) is coarse again.
    assert levels[4]["paths"] == full[4]["paths"] and levels[4]["vertices"] < 0.4 * full[4]["vertices"]
    assert offline_page.network.problems() == {}
