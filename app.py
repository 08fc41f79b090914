"""The Kuril Islands map as a Streamlit app: ``streamlit run app.py``.

Wiring only: data and linking come from ``geo/``, the map and every piece of
HTML from ``layers/``. The map is built once per option set and cached; a
click or a picked excerpt changes only ``st.session_state`` and the small
highlight layer, so the map is never remounted and keeps its view.
"""

from __future__ import annotations

import copy
from pathlib import Path

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo.articles import Article, ArticleError, load_articles, parse_article
from geo.islands import DataFileError, islands
from geo.linking import LinkedExcerpt, excerpts_for, link_articles
from geo.paths import SEEDS_DIR
from layers.excerpts import excerpt_html, panel_stylesheet
from layers.html_io import ExportError, write_atomic
from layers.map import bounds_of, highlight_layer, render_map
from layers.static_assets import use_vendor_urls, write_vendor_assets
from layers.style import LAYER_NAMES, MAX_ZOOM, MIN_ZOOM
from layers.text import island_label, island_popup_html
from layers.viewport import fit_view

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "ja": "日本語", "en+ja": "English + 日本語", "en+ru": "English + Русский"}
MAP_HEIGHT_PX = 620
SIDEBAR_LAYERS = ("ru", "jp", "labels", "context")
#: A conservative guess of the map column's width (about 540 px in a 1400 px window with the sidebar open);
#: used only to choose the zoom that shows a picked excerpt's islands.
MAP_WIDTH_PX = 500


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
def base_map(lang: str, web_tiles: bool, hidden: tuple[str, ...] = ()):
    """Return the map for these options; cached so that every run renders the same map."""
    frame = island_table()
    return use_vendor_urls(render_map(lang=lang, web_tiles=web_tiles, island_frame=frame, popups=False, hidden=hidden))


def seeds_signature(folder: Path = SEEDS_DIR) -> tuple[tuple[str, int, int], ...]:
    """Return (name, size, mtime) of every file in ``folder``: a cache key that changes when an article does."""
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()))


@st.cache_data(show_spinner=False)
def seed_articles(signature: tuple) -> tuple[list[Article], list[str]]:
    """Return the articles in seeds/ and a message per file that could not be read."""
    articles, problems = load_articles(SEEDS_DIR)
    return articles, [problem.message for problem in problems]


@st.cache_data(show_spinner=False)
def linked_excerpts(articles: tuple[Article, ...]) -> list[LinkedExcerpt]:
    """Return every excerpt with its place mentions."""
    return link_articles(list(articles))


def clicked_island(chain: gpd.GeoDataFrame, clicked: dict | None) -> None:
    """Record a new click on an island (st_folium's ``last_active_drawing``) as the selection."""
    island_id = ((clicked or {}).get("properties") or {}).get("id")
    if island_id == st.session_state.get("last_click"):
        return  # the same drawing comes back on every run; only a change is a click
    st.session_state["last_click"] = island_id
    if island_id in set(chain["id"]):
        st.session_state["island"] = island_id
        st.session_state["excerpt"] = None


def island_from_url(chain: gpd.GeoDataFrame) -> None:
    """Apply ``?island=…`` once per session; an unknown id gets a message and the default state."""
    if st.session_state.get("url_read"):
        return
    st.session_state["url_read"] = True
    wanted = st.query_params.get("island")
    if wanted is None:
        return
    if wanted in set(chain["id"]):
        st.session_state["island"] = wanted
    else:
        st.session_state["url_warning"] = (
            f"Unknown island {wanted!r} in the link; showing the whole chain. Known islands: {', '.join(sorted(chain['id']))}."
        )


def upload_panel() -> None:
    """Let the reader add an article for this session, and optionally save it into seeds/."""
    with st.expander("Add an article (.txt or .md)"):
        st.caption("Uploaded articles are linked at once and kept **for this session only**, unless you save them into seeds/.")
        upload = st.file_uploader("Article file", type=["txt", "md"], key="upload", label_visibility="collapsed")
        save = st.checkbox("Also save it into seeds/ for everyone using this app", key="save_upload")
        if upload is None:
            return
        try:
            article = parse_article(upload.getvalue(), upload.name)
        except ArticleError as err:
            st.error(str(err))
            return
        uploaded: dict[str, Article] = st.session_state.setdefault("uploaded", {})
        uploaded[article.id] = article
        st.success(f"{upload.name}: {len(article.excerpts)} excerpts linked for this session.")
        if save:
            target = SEEDS_DIR / Path(upload.name).name
            if target.exists():
                st.warning(f"seeds/{target.name} already exists; not overwritten. Rename the file to save it.")
            else:
                try:
                    write_atomic(target, upload.getvalue())
                    st.success(f"Saved as seeds/{target.name}.")
                except ExportError as err:
                    st.error(str(err))


def pick_excerpt(excerpt_id: str) -> None:
    st.session_state["excerpt"] = excerpt_id


def excerpt_list(items: list[tuple[LinkedExcerpt, str | None]], selected: str | None, key_prefix: str) -> None:
    """Show excerpts with their marked place names, each with a button that shows its islands on the map."""
    for linked, relation in items:
        st.html(excerpt_html(linked, relation=relation, selected=linked.excerpt.id == selected))
        if linked.island_ids:
            st.button(
                "Show on map",
                key=f"{key_prefix}-{linked.excerpt.id}",
                on_click=pick_excerpt,
                args=(linked.excerpt.id,),
                help="Highlight the islands this excerpt names and zoom to them",
            )


def main() -> None:
    st.set_page_config(page_title="Kuril Islands map", page_icon="🗺️", layout="wide")
    try:
        chain = island_table()
    except DataFileError as err:
        st.error(str(err))
        st.stop()
    vendor_assets_ready()
    st.session_state.setdefault("island", None)
    st.session_state.setdefault("excerpt", None)
    island_from_url(chain)

    with st.sidebar:
        st.header("Map")
        lang = st.selectbox("Island names", list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get, key="lang")
        web_tiles = st.toggle("Offer web tiles (needs internet)", value=False, key="web_tiles",
                              help="Adds OpenStreetMap and Esri Ocean to the layer control. The vector map works without them.")
        st.subheader("Layers")
        shown = {key: st.checkbox(LAYER_NAMES[key], value=True, key=f"layer_{key}") for key in SIDEBAR_LAYERS}
        hidden = tuple(key for key, on in shown.items() if not on)
        st.caption("The layer control on the map (top right) switches them too.")
        if st.session_state["island"] or st.session_state["excerpt"]:
            if st.button("Clear selection"):
                st.session_state["island"] = st.session_state["excerpt"] = None

    articles, problems = seed_articles(seeds_signature())
    articles = [*articles, *st.session_state.get("uploaded", {}).values()]
    linked = linked_excerpts(tuple(articles))
    by_id = {item.excerpt.id: item for item in linked}

    st.title("Kuril Islands")
    st.caption("Russia administers the whole chain; Japan claims the four southern island groups (the Northern Territories).")
    if warning := st.session_state.pop("url_warning", None):
        st.warning(warning)
    for message in problems:
        st.warning(f"Article skipped: {message}")

    picked = by_id.get(st.session_state["excerpt"] or "")
    island_id = st.session_state["island"]
    highlight = sorted(picked.island_ids_within("group")) if picked else ([island_id] if island_id else [])
    bounds = bounds_of(chain, highlight) if picked else None
    center, zoom = fit_view(bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX, MIN_ZOOM, MAX_ZOOM) if bounds else (None, None)

    left, right = st.columns([3, 2], gap="medium")
    with left:
        # st_folium rewrites the ids of the map it renders, so each run gets a copy of the cached
        # map: the same element names every time, hence the same HTML and no remount.
        state = st_folium(
            copy.deepcopy(base_map(lang, web_tiles, hidden)),
            key="map",
            height=MAP_HEIGHT_PX,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
            feature_group_to_add=highlight_layer(chain, highlight),
            center=center,
            zoom=zoom,
        )
    clicked_island(chain, (state or {}).get("last_active_drawing"))
    if st.session_state["island"] != island_id or st.session_state["excerpt"] != (picked.excerpt.id if picked else None):
        st.rerun()  # a new click: redraw the highlight and the panel for it

    with right:
        st.html(panel_stylesheet())
        if island_id:
            st.query_params["island"] = island_id
            row = chain[chain["id"] == island_id].iloc[0].to_dict()
            st.html(island_popup_html(row))
            related = excerpts_for(island_id, linked)
            st.subheader(f"News that mentions {island_label(row, 'en')}")
            if related:
                excerpt_list([(item, item.relations.get(island_id)) for item in related], st.session_state["excerpt"], "rel")
            else:
                st.info("No excerpt names this island, its group or the chain.")
        else:
            st.query_params.pop("island", None)
            st.info("Click an island on the map for its facts and the news that names it.")
        st.subheader("All articles")
        for article in articles:
            with st.expander(f"{article.title} ({article.source or 'unknown source'}, {article.date or 'undated'})"):
                excerpt_list([(by_id[e.id], None) for e in article.excerpts], st.session_state["excerpt"], "all")
        upload_panel()


if __name__ == "__main__":
    main()
