"""layers.reuse: a map rendered by st_folium twice gives the same page both times."""

from __future__ import annotations

import copy

import streamlit_folium

from layers.map import highlight_layer, render_map
from layers.reuse import MapSnapshot
from geo.islands import islands


def st_folium_payload(m, feature_group=None) -> tuple[str, str, str]:
    """What st_folium builds from a map: its html, header and script (the feature group as st_folium adds it)."""
    m.get_root().render()
    m.render()
    script = streamlit_folium._get_map_string(m)
    if feature_group is not None:
        script += streamlit_folium._get_feature_group_string(feature_group, m)
    return streamlit_folium._get_html(m), streamlit_folium._get_header(m), script


def test_a_restored_map_renders_exactly_like_a_fresh_copy_every_time():
    m = render_map(web_tiles=False, popups=False)
    reference = st_folium_payload(copy.deepcopy(m))
    snapshot = MapSnapshot.of(m)
    for island_id in ("kunashir", "iturup"):
        payload = st_folium_payload(snapshot.fresh(), highlight_layer(islands(), [island_id]))
        assert payload[:2] == reference[:2]
        assert payload[2].startswith(reference[2])


def test_without_restoring_the_second_render_differs():
    m = render_map(web_tiles=False, popups=False)
    first = st_folium_payload(m)
    second = st_folium_payload(m)
    assert first != second
