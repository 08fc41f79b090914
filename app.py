"""The Kuril Islands map as a Streamlit app: ``streamlit run app.py``.

Wiring only: data comes from ``geo/``, the map and its HTML from ``layers/``.
"""

from __future__ import annotations

import copy
from pathlib import Path

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo.islands import DataFileError, islands
from layers.map import render_map
from layers.static_assets import use_vendor_urls, write_vendor_assets
from layers.text import island_popup_html

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "ja": "日本語", "en+ja": "English + 日本語", "en+ru": "English + Русский"}
MAP_HEIGHT_PX = 620


@st.cache_resource(show_spinner=False)
def vendor_assets_ready() -> bool:
    """Write Leaflet and plugin files under static/vendor once per server process."""
    write_vendor_assets(VENDOR_DIR)
    return True


@st.cache_data(show_spinner=False)
def island_table() -> gpd.GeoDataFrame:
    """Return the islands, loaded once per server process."""
    return islands()


@st.cache_resource(show_spinner=False)
def base_map(lang: str, web_tiles: bool):
    """Return the map for these options; cached so reruns hand st_folium the very same map (no remount)."""
    return use_vendor_urls(render_map(lang=lang, web_tiles=web_tiles, island_frame=island_table()))


def selected_island(chain: gpd.GeoDataFrame, clicked: dict | None) -> str | None:
    """Return the island id from a click (st_folium's ``last_active_drawing``), or the one in the URL."""
    known = set(chain["id"])
    if clicked:
        island_id = (clicked.get("properties") or {}).get("id")
        if island_id in known:
            st.query_params["island"] = island_id
            return island_id
    wanted = st.query_params.get("island")
    if wanted and wanted not in known:
        st.warning(f"Unknown island {wanted!r} in the link; showing the whole chain. Known islands: {', '.join(sorted(known))}.")
        del st.query_params["island"]
        return None
    return wanted


def main() -> None:
    st.set_page_config(page_title="Kuril Islands map", page_icon="🗺️", layout="wide")
    try:
        chain = island_table()
    except DataFileError as err:
        st.error(str(err))
        st.stop()
    vendor_assets_ready()

    with st.sidebar:
        st.header("Map")
        lang = st.selectbox("Island names", list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get, key="lang")
        web_tiles = st.toggle("Offer web tiles (needs internet)", value=False, key="web_tiles",
                              help="Adds OpenStreetMap and Esri Ocean to the layer control. The vector map works without them.")
        st.caption("Layers: use the layer control on the map to show or hide Russia's administration, Japan's claim and the labels.")

    st.title("Kuril Islands")
    st.caption("Russia administers the whole chain; Japan claims the four southern island groups (the Northern Territories).")
    left, right = st.columns([2, 1], gap="medium")
    with left:
        # st_folium rewrites the ids of the map it renders, so each run gets a copy of the cached
        # map: the same element names every time, hence the same HTML and no remount.
        state = st_folium(
            copy.deepcopy(base_map(lang, web_tiles)),
            key="map",
            height=MAP_HEIGHT_PX,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
        )
    island_id = selected_island(chain, (state or {}).get("last_active_drawing"))
    with right:
        if island_id:
            row = chain[chain["id"] == island_id].iloc[0].to_dict()
            st.html(island_popup_html(row))
        else:
            st.info("Click an island on the map to see its facts.")


if __name__ == "__main__":
    main()
