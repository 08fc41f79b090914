"""The naive Streamlit way, as the baseline for ``bench/streamlit.py``: ``streamlit run bench/baseline_app.py``.

The same islands, map and fact sheet as app.py, wired the way most st_folium examples are: the data is
loaded and the map rebuilt on every run, ``st_folium(m)`` returns every object (so each pan or zoom is a
rerun too), and nothing is cached.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` puts only bench/ on the path

from geo.islands import islands  # noqa: E402
from layers.excerpts import panel_stylesheet  # noqa: E402
from layers.map import render_map  # noqa: E402
from layers.vendor.static import use_vendor_urls, write_vendor_assets  # noqa: E402
from layers.text import island_popup_html  # noqa: E402

VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"

st.set_page_config(page_title="Kuril Islands (baseline)", layout="wide")
write_vendor_assets(VENDOR_DIR)
chain = islands()
m = use_vendor_urls(render_map(lang="en", web_tiles=False, island_frame=chain, popups=False))
left, right = st.columns([3, 2])
with left:
    state = st_folium(m, height=620, use_container_width=True)
with right:
    st.html(panel_stylesheet())
    clicked = ((state or {}).get("last_active_drawing") or {}).get("properties") or {}
    if clicked.get("id") in set(chain["id"]):
        st.html(island_popup_html(chain[chain["id"] == clicked["id"]].iloc[0].to_dict()))
    else:
        st.info("Click an island on the map for its facts.")
