"""The map as a reader sees it, by geometry, at a desktop's, a laptop's and a phone's size: the legend never lies
over the disputed islands, and no island label covers another, a control, or is cut by the map's edge.

Checked for the opening view of every state (the three points of view and every period of history), in the export
(the states switched in place by the client) and in the app. Boxes are the browser's own (getBoundingClientRect):
an island's box is its drawn shape's bounding box, so "clear of the box" is stricter than "clear of the land".
"""

from __future__ import annotations


import pytest
from browser import OfflinePage
from map_page import LOAD_TIMEOUT_MS, app_idle, map_frame, wait_for_map
from streamlit_server import app_url  # noqa: F401 - fixture

from geo.history import period_ids
from geo.views import view_ids

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1400, 900), "laptop": (1024, 768), "phone": (390, 844)}

#: What the page shows, in boxes: the legend's, the disputed islands', the placed labels' and the controls'.
GEOMETRY = """
() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; };
  const client = window.kurilMap;
  const container = client.map.getContainer();
  const legend = container.querySelector(".kuril-legend");
  const disputed = [];
  client.map.eachLayer((layer) => {
    const id = layer.feature && layer.feature.properties && layer.feature.properties.id;
    const element = layer._path || (layer.getElement && layer.getElement());
    if (id && element && layer.feature.properties.claimed_by && element.getBoundingClientRect) {
      const b = box(element);
      if (b.width || b.height) { disputed.push({id, ...b}); }
    }
  });
  const labels = [...container.querySelectorAll(".kuril-label[data-island]")]
    .filter((node) => node.offsetWidth && !node.classList.contains("kuril-label-unplaced") && getComputedStyle(node).visibility !== "hidden")
    .map((node) => ({key: node.getAttribute("data-island"), text: node.textContent, ...box(node)}));
  const controls = [...container.querySelectorAll(".leaflet-control")].filter((c) => c.offsetWidth).map((c) => ({name: c.className, ...box(c)}));
  return {frame: box(container), legend: legend && legend.offsetWidth ? box(legend) : null, disputed, labels, controls};
}
"""


def overlap(a: dict, b: dict) -> bool:
    """Whether two boxes share more than a hairline (half a pixel, for the browser's rounding)."""
    return min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5


def problems(shown: dict) -> list[str]:
    """Return what is wrong on the map: the legend over a disputed island, labels over each other or a control, or cut."""
    found = []
    if shown["legend"]:
        found += [f"legend over {island['id']}" for island in shown["disputed"] if overlap(shown["legend"], island)]
    frame = shown["frame"]
    labels = shown["labels"]
    for number, label in enumerate(labels):
        if label["left"] < frame["left"] - 0.5 or label["right"] > frame["right"] + 0.5 or label["top"] < frame["top"] - 0.5 \
                or label["bottom"] > frame["bottom"] + 0.5:
            found.append(f"label {label['text']!r} cut by the map's edge")
        found += [f"labels {label['text']!r} and {other['text']!r} overlap" for other in labels[number + 1:] if overlap(label, other)]
        found += [f"label {label['text']!r} under {control['name'].split()[-1]}" for control in shown["controls"] if overlap(label, control)]
    return found


@pytest.mark.parametrize("size", list(SIZES))
def test_every_states_opening_view_keeps_the_disputed_islands_and_the_labels_clear(offline_page: OfflinePage, seed_export, size):
    page = offline_page.page
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    page.goto(seed_export.as_uri())
    wait_for_map(page, timeout=LOAD_TIMEOUT_MS)
    found = {}
    for state in [("view", view) for view in view_ids()] + [("period", period) for period in period_ids()]:
        partial = {"view": state[1], "period": None} if state[0] == "view" else {"view": "neutral", "period": state[1]}
        page.evaluate("partial => window.kurilMap.set(partial)", partial)
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        shown = page.evaluate(GEOMETRY)
        assert shown["disputed"], "the disputed islands are drawn"
        assert len(shown["labels"]) >= 10, (state, shown["labels"])  # most islands keep their names
        if problems(shown):
            found[state[1]] = problems(shown)
    assert found == {}
    assert offline_page.network.page_errors == []


@pytest.mark.parametrize("size", list(SIZES))
def test_the_apps_map_keeps_the_disputed_islands_and_the_labels_clear(offline_page: OfflinePage, app_url, size):  # noqa: F811
    page = offline_page.page
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(app_url)
    frame = map_frame(page)
    app_idle(page)
    frame.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    shown = frame.evaluate(GEOMETRY)
    assert shown["disputed"] and len(shown["labels"]) >= 10, shown["labels"]
    assert problems(shown) == []
    # The map takes the room it deserves: most of the window's height, and beside the sidebar the wider column.
    box = page.locator("iframe.kuril-map-frame").bounding_box()
    assert box["y"] + box["height"] >= height - 80, box  # down to the window's foot (or past it, on a phone)
    if width >= 1024:
        assert box["width"] >= 0.45 * width, box


def test_where_two_names_find_no_room_a_label_shortens_to_its_first_name(offline_page: OfflinePage, seed_export):
    page = offline_page.page
    page.set_viewport_size(dict(zip(("width", "height"), SIZES["phone"])))
    page.goto(seed_export.as_uri())
    wait_for_map(page, timeout=LOAD_TIMEOUT_MS)
    page.evaluate("() => window.kurilMap.set({labels: 'en+ja'})")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    shown = page.evaluate(GEOMETRY)
    assert problems(shown) == []
    short = page.evaluate("() => [...document.querySelectorAll('.kuril-label-short')].map((node) => node.textContent)")
    assert short, "on a phone some two-name labels take their short form"
    assert all(" / " not in text for text in short)
    # Back on a wide screen, they are whole again.
    page.set_viewport_size({"width": 1400, "height": 900})
    page.evaluate("() => new Promise((done) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(done)), 300))")
    assert page.evaluate("() => document.querySelectorAll('.kuril-label-short').length") < len(short)
