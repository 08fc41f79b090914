"""layers.map: the folium map's HTML carries every layer, escapes every text and fetches nothing unasked."""

from __future__ import annotations

import re

import pytest

from geo.islands import islands
from layers.map import bounds_of, render_map
from layers.style import HIGHLIGHT_FILL, LAYER_NAMES


@pytest.fixture(scope="module")
def html() -> str:
    return render_map(web_tiles=False).get_root().render()


def test_map_has_every_layer_and_a_legend_attributing_each_position(html):
    for name in (LAYER_NAMES["context"], LAYER_NAMES["ru"], LAYER_NAMES["jp"], LAYER_NAMES["labels"]):
        assert name in html
    assert "Administered by Russia" in html and "Claimed by Japan" in html
    assert "kuril-legend" in html


def test_every_island_is_in_the_map_data(html):
    for island_id in islands()["id"]:
        assert f'"id": "{island_id}"' in html or f'"id":"{island_id}"' in html, island_id


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


def test_scale_fullscreen_and_layer_control_are_present(html):
    assert "L.control.scale" in html
    assert "L.control.fullscreen" in html.lower() or "Control.Fullscreen" in html or "fullscreen" in html
    assert "L.control.layers" in html


def test_hostile_names_reach_the_page_only_as_text():
    hostile = islands().copy()
    hostile.loc[hostile["id"] == "kunashir", "name_en"] = "<script>alert('x')</script>"
    html = render_map(web_tiles=False, island_frame=hostile).get_root().render()
    assert "<script>alert('x')</script>" not in html
    assert "alert" in html  # the text is there, escaped


def test_highlight_fits_the_view_to_the_chosen_islands():
    chain = islands()
    bounds = bounds_of(chain, ["shikotan"])
    html = render_map(web_tiles=False, highlight_ids=["shikotan"]).get_root().render()
    plain = render_map(web_tiles=False).get_root().render()
    assert HIGHLIGHT_FILL in html and HIGHLIGHT_FILL not in plain
    south, west = bounds[0]
    assert f"{south}" in html and f"{west}" in html


def test_bounds_of_unknown_islands_is_none():
    assert bounds_of(islands(), ["atlantis"]) is None


def test_hidden_layers_start_off_but_stay_in_the_layer_control():
    shown = render_map(web_tiles=False)
    hidden = render_map(web_tiles=False, hidden=["jp"])
    claim_group = [child for child in hidden._children.values() if getattr(child, "layer_name", "") == LAYER_NAMES["jp"]][0]
    html = hidden.get_root().render()
    assert LAYER_NAMES["jp"] in html
    assert f"{claim_group.get_name()}.addTo(" not in html
    shown_html = shown.get_root().render()
    assert shown_html.count(".addTo(map_") == html.count(".addTo(map_") + 1


def test_unknown_layer_names_the_choices():
    with pytest.raises(ValueError, match="unknown layer.*choose from context, ru, jp"):
        render_map(hidden=["atlantis"])
