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


# Count, for each path on the map, its projections (Leaflet's _projectLatlngs called on its own LatLngs, as its
# _project does) and its SVG writes (L.SVG's _setPath), from now on.
_COUNT = """() => {
  const counts = window.__kurilCounts = new Map();
  const tally = (layer, key) => {
    if (!counts.has(layer)) { counts.set(layer, {projected: 0, written: 0}); }
    counts.get(layer)[key] += 1;
  };
  const projectLatlngs = L.Polyline.prototype._projectLatlngs;
  L.Polyline.prototype._projectLatlngs = function (latlngs) {
    if (latlngs === this._latlngs) { tally(this, "projected"); }
    return projectLatlngs.apply(this, arguments);
  };
  const setPath = L.SVG.prototype._setPath;
  L.SVG.prototype._setPath = function (layer) { tally(layer, "written"); return setPath.apply(this, arguments); };
}"""
# For every path on the map: how often it was projected and written since _COUNT, and its SVG path as drawn.
_COUNTED = """() => {
  const out = [];
  window.kurilMap.map.eachLayer((layer) => {
    if (!(layer instanceof L.Polyline)) { return; }
    const c = window.__kurilCounts.get(layer) || {projected: 0, written: 0};
    out.push({id: L.stamp(layer), projected: c.projected, written: c.written, d: layer._path.getAttribute("d")});
  });
  window.__kurilCounts.clear();
  return out;
}"""
# Every path projected and written again by Leaflet itself, as a redraw does: what it should show for the view.
_REDRAWN = """() => {
  const out = [];
  window.kurilMap.map.eachLayer((layer) => {
    if (layer instanceof L.Polyline) { layer.redraw(); out.push({id: L.stamp(layer), d: layer._path.getAttribute("d")}); }
  });
  return out;
}"""
_ZOOM_IN_ANIMATED = """() => new Promise((done) => {
  const map = window.kurilMap.map;
  map.once('zoomend', () => requestAnimationFrame(() => done()));
  map.setZoom(map.getZoom() + 1, {animate: true});
})"""
_NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())))"


def test_one_change_of_view_projects_and_draws_each_path_once_and_draws_it_right(
    offline_page: OfflinePage, seed_export: Path
) -> None:
    page = offline_page.page
    opening = _open(offline_page, seed_export)
    page.evaluate(_COUNT)
    # Each change, how often it must project every path: once for a new view (a zoom, a new pixel origin), never for
    # a pan (Leaflet moves the pane and only clips again); and write it: once (Leaflet alone: three times for a reset
    # of the view), or twice for a view reset and then a new stroke weight, clipped again at the next move's end
    # (a polygon's clip is padded by its weight; Iturup's coast runs out of that view).
    changes = [
        ("a step far closer (fitBounds: a new zoom, the fine level)", "() => window.kurilMap.set({step: 'how-close'})", {1}, {1}),
        ("a view reset to a new centre (a new pixel origin, the same zoom)",
         "() => { const m = window.kurilMap.map; m.setView(m.containerPointToLatLng([900, 500]), m.getZoom(), {reset: true}); }",
         {1}, {1}),
        ("a pan", "() => window.kurilMap.map.panBy([300, 120], {animate: false})", {0}, {1}),
        ("a view reset, a new stroke weight, a move's end in the same view",
         """() => { const m = window.kurilMap.map;
                   m.setView([45.0, 147.9], 10, {reset: true});
                   m.eachLayer((l) => { if (l instanceof L.Polygon) { l.setStyle({weight: 12}); } });
                   m.panBy([0, 0]); }""", {1}, {2}),
        ("an animated zoom in", _ZOOM_IN_ANIMATED, {1}, {1}),
        ("the map's own zoom back out (the coarse level)",
         f"() => window.kurilMap.map.setZoom({opening['zoom']}, {{animate: false}})", {1}, {1}),
        ("a period (a state's layer added, the islands restyled)",
         "() => window.kurilMap.set({step: null, period: '1855-shimoda'})", {0, 1}, {0, 1}),
    ]
    for what, change, projections, writes in changes:
        page.evaluate(change)
        page.evaluate(_NEXT_FRAME)
        counted = page.evaluate(_COUNTED)
        assert counted, what
        projected = {c["projected"] for c in counted}
        written = {c["written"] for c in counted}
        assert projected == projections if len(projections) == 1 else projected <= projections, (what, projected)
        assert written == writes if len(writes) == 1 else written <= writes, (what, written)
        drawn = {c["id"]: c["d"] for c in counted}
        assert drawn == {r["id"]: r["d"] for r in page.evaluate(_REDRAWN)}, what
        page.evaluate("() => window.__kurilCounts.clear()")
    assert offline_page.network.problems() == {}


def test_the_fine_level_is_made_while_the_page_is_idle_not_at_the_first_close_zoom(
    offline_page: OfflinePage, seed_export: Path
) -> None:
    page = offline_page.page
    opening = _open(offline_page, seed_export)
    assert opening["zoom"] <= COARSE_MAX_ZOOM
    page.evaluate("() => window[Object.keys(window).find((k) => /^topology_/.test(k))].warmed")
    # From now on, count every decoding of the topology and every LatLngs made from GeoJSON coordinates.
    page.evaluate("""() => {
      window.__made = 0;
      for (const [owner, name] of [[topojson, "feature"], [L.GeoJSON, "coordsToLatLngs"]]) {
        const original = owner[name];
        owner[name] = function () { window.__made += 1; return original.apply(this, arguments); };
      }
    }""")
    page.evaluate(_ZOOM, [COARSE_MAX_ZOOM + 1, True])
    page.evaluate("() => window.kurilMap.set({view: 'japan'})")
    closer = page.evaluate(_DRAWN)
    assert closer["zoom"] > COARSE_MAX_ZOOM
    assert page.evaluate("() => window.__made") == 0
