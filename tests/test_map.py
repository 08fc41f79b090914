"""layers.map: the folium map's HTML carries every layer, escapes every text and fetches nothing unasked."""

from __future__ import annotations

import json
import re

import pytest
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from page_payload import readable

from geo.islands import islands
from layers.map import bounds_of, render_map
from layers.map.find import find_geojson
from layers.style import CHAIN_BOUNDS, HIGHLIGHT_FILL, LAYER_KEYS
from layers.text import layer_name

#: The layers' names as an English map shows them.
LAYER_NAMES = {key: layer_name(key, "en") for key in LAYER_KEYS}


@pytest.fixture(scope="module")
def html() -> str:
    return readable(render_map(web_tiles=False).get_root().render())


def test_map_has_every_layer_and_a_legend_attributing_each_position(html):
    for name in (LAYER_NAMES["context"], LAYER_NAMES["ru"], LAYER_NAMES["jp"], LAYER_NAMES["labels"]):
        name = htmlsafe_json_dumps(name)[1:-1]  # as folium's layer control writes it
        assert name in html
    assert "Administered by Russia" in html and "Claimed by Japan" in html
    assert "kuril-legend" in html


def test_every_island_is_in_the_map_data(html):
    for island_id in islands()["id"]:
        assert f'"id":"{island_id}"' in html, island_id


def test_both_names_label_the_disputed_islands(html):
    assert "Iturup / Etorofu" in html and "Kunashir / Kunashiri" in html


def test_claim_is_hatched_with_a_stripe_pattern(html):
    assert "L.StripePattern" in html
    assert re.search(r'"fillPattern":\s*stripe_pattern_', html)


def test_no_tile_server_is_referenced_without_web_tiles(html):
    assert "tile.openstreetmap.org" not in html and "arcgisonline" not in html


def test_web_tiles_are_optional_layers_switched_off():
    html = render_map(web_tiles=True).get_root().render()
    assert "tile.openstreetmap.org" in html
    # Off until ticked: folium adds a tile overlay to the map only when show=True.
    assert not re.search(r"tile_layer_\w+\.addTo\(map_\w+\)", html)


def _added_controls(html: str) -> dict[str, list[str]]:
    """Return, per Leaflet control factory (scale, fullscreen, layers, ...), the map variables it is added to."""
    found: dict[str, list[str]] = {}
    for kind, target in re.findall(r"L\.control\.(\w+)\((?:[^;]*?)\)\s*\.addTo\((map_\w+)\)", html, re.S):
        found.setdefault(kind, []).append(target)
    return found


def test_scale_fullscreen_and_layer_control_are_present():
    m = render_map(web_tiles=False)
    controls = _added_controls(m.get_root().render())
    for kind in ("scale", "fullscreen", "layers"):
        assert controls.get(kind) == [m.get_name()], (kind, controls)


def test_added_controls_finds_only_controls_added_to_the_map():
    assert _added_controls("L.control.scale().addTo(map_1); var x = L.control.fullscreen({});") == {"scale": ["map_1"]}


def test_hostile_names_reach_the_page_only_as_text(html):
    name = "<script>alert('x')</script>"
    hostile = islands().copy()
    hostile.loc[hostile["id"] == "kunashir", "name_en"] = name
    page = readable(render_map(web_tiles=False, island_frame=hostile).get_root().render())
    assert "<script>alert" not in page.lower()
    assert page.count("<script") == html.count("<script")  # no script tag came from the name
    shown = str(escape(name))  # &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;: shown as text, never run
    # The label: escaped HTML (inside a JavaScript string), drawn as the text "<script>...".
    assert f'data-island=\\"kunashir\\">{shown} / Kunashiri</div>' in page
    # The tooltip and the fact sheet: escaped HTML inside escaped JSON.
    assert str(htmlsafe_json_dumps(shown))[1:-1] in page
    # The name itself: escaped JSON data.
    assert str(htmlsafe_json_dumps(name)) in page


def _flat(bounds) -> list[float]:
    """Return ``[[south, west], [north, east]]`` as ``[south, west, north, east]`` (pytest.approx takes flat lists)."""
    (south, west), (north, east) = bounds
    return [south, west, north, east]


def _fitted_bounds(html: str) -> list[float]:
    """Return ``[south, west, north, east]`` of the page's one ``fitBounds`` call."""
    calls = re.findall(r"\.fitBounds\(\s*(\[\[.*?\]\])", html, re.S)
    assert len(calls) == 1, calls
    return _flat(json.loads(calls[0]))


def _highlighted_ids(m) -> list[str]:
    return sorted(feature["properties"]["id"] for feature in find_geojson(m, "highlight").data["features"])


@pytest.mark.parametrize("chosen", [["shikotan"], ["kunashir", "iturup", "atlantis"]])
def test_highlight_outlines_the_chosen_islands_and_fits_the_view_to_them(chosen):
    chain = islands()
    m = render_map(web_tiles=False, highlight_ids=chosen)
    html = m.get_root().render()
    assert _highlighted_ids(m) == sorted(set(chosen) & set(chain["id"]))  # exactly those islands, unknown ids dropped
    assert find_geojson(m, "highlight").get_name() + ".addTo(" in html
    assert HIGHLIGHT_FILL in html
    assert _fitted_bounds(html) == pytest.approx(_flat(bounds_of(chain, chosen)))


def test_without_a_highlight_nothing_is_outlined_and_the_view_fits_the_chain():
    m = render_map(web_tiles=False)
    html = m.get_root().render()
    with pytest.raises(LookupError):
        find_geojson(m, "highlight")
    assert HIGHLIGHT_FILL not in html
    fitted = _fitted_bounds(html)
    assert fitted == pytest.approx(_flat(CHAIN_BOUNDS))
    assert fitted != pytest.approx(_flat(bounds_of(islands(), ["shikotan"])))


def test_bounds_of_unknown_islands_is_none():
    assert bounds_of(islands(), ["atlantis"]) is None


def test_hidden_layers_start_off_but_stay_in_the_layer_control():
    shown = render_map(web_tiles=False)
    hidden = render_map(web_tiles=False, hidden=["jp"])
    claim_group = [child for child in hidden._children.values() if getattr(child, "layer_name", "") == LAYER_NAMES["jp"]][0]
    html = hidden.get_root().render()
    assert htmlsafe_json_dumps(LAYER_NAMES["jp"])[1:-1] in html
    assert f"{claim_group.get_name()}.addTo(" not in html
    shown_html = shown.get_root().render()
    assert shown_html.count(".addTo(map_") == html.count(".addTo(map_") + 1


def test_unknown_layer_names_the_choices():
    with pytest.raises(ValueError, match="unknown layer.*choose from context, ru, jp"):
        render_map(hidden=["atlantis"])
