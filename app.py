"""The Kuril Islands map as a Streamlit app: ``streamlit run app.py``.

Wiring only: data, linking, views, history and the tour come from ``geo/``;
the map and every piece of HTML from ``layers/``. A map is built once per
option set and cached; a click or a picked excerpt changes only
``st.session_state`` and the small highlight layer, so the map is not remounted.
"""

from __future__ import annotations

import copy
from pathlib import Path

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo.articles import Article, ArticleError, load_articles, parse_article
from geo.facts import teacher_facts
from geo.history import UnknownPeriodError, period, periods
from geo.islands import DataFileError, islands
from geo.linking import LinkedExcerpt, excerpts_for, link_articles
from geo.paths import SEEDS_DIR
from geo.tour import step_bounds, step_state, tour
from geo.views import UnknownViewError, view, view_ids, views
from layers.excerpts import excerpt_html, panel_stylesheet
from layers.export import export_frames, export_html
from layers.html_io import ExportError, write_atomic
from layers.map import bounds_of, highlight_layer, map_state, render_map
from layers.reuse import MapSnapshot
from layers.vendor.static import use_vendor_urls, write_vendor_assets
from layers.style import LAYER_NAMES, MAX_ZOOM, MIN_ZOOM
from layers.text import island_label, island_popup_html, markdown_literal
from layers.viewport import fit_view

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "ja": "日本語", "en+ja": "English + 日本語", "en+ru": "English + Русский"}
MAP_HEIGHT_PX = 620
#: A conservative guess of the map column's width (about 540 px in a 1400 px window with the sidebar open);
#: used only to choose the zoom that shows a picked excerpt's islands or a tour step.
MAP_WIDTH_PX = 500
SIDEBAR_LAYERS = ("ru", "jp", "labels", "context")
TODAY = "today"


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
def drawn_frames() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return the islands and context land as drawn: simplified as the export is (bench/RESULTS.md, "Export")."""
    return export_frames()


@st.cache_resource(show_spinner=False, max_entries=16)
def base_map(lang: str, web_tiles: bool, hidden: tuple[str, ...], view_id: str, period_id: str | None, large: bool):
    """Return the map for these options, built once per server process."""
    island_frame, context_frame = drawn_frames()
    m = render_map(
        lang=lang, web_tiles=web_tiles, island_frame=island_frame, context_frame=context_frame, popups=False,
        hidden=hidden, view=view_id, period=period_id, large_type=large,
    )
    return use_vendor_urls(m)


def session_map(*options) -> folium.Map:
    """Return this session's copy of the map for ``options``, restored to its first state.

    st_folium renames the elements of the map it renders, so each session renders a copy of its own (made once),
    put back as recorded before every run: the same HTML each run, so the map is never remounted.
    """
    copies: dict = st.session_state.setdefault("map_copies", {})
    if options not in copies:
        copies.clear()  # one set of options at a time per session
        copies[options] = MapSnapshot.of(copy.deepcopy(base_map(*options)))
    return copies[options].fresh()


def seeds_signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Return (name, size, mtime) of every file in ``folder``: a cache key that changes when an article does."""
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()))


@st.cache_data(show_spinner=False)
def seed_articles(folder: str, signature: tuple) -> tuple[list[Article], list[str]]:
    """Return the articles in ``folder`` and a message per file that could not be read."""
    articles, problems = load_articles(Path(folder))
    return articles, [problem.message for problem in problems]


@st.cache_data(show_spinner="Building the offline file…", max_entries=8)
def offline_html(lang: str, web_tiles: bool, folder: str, signature: tuple, extra: tuple[Article, ...]) -> bytes:
    """Return the one-file offline export for these options (the same file as ``python -m layers.export``)."""
    return export_html(lang=lang, web_tiles=web_tiles, articles_dir=Path(folder), extra_articles=extra).encode("utf-8")


@st.cache_data(show_spinner=False)
def linked_excerpts(articles: tuple[Article, ...]) -> list[LinkedExcerpt]:
    """Return every excerpt with its place mentions."""
    return link_articles(list(articles))


# --- state -------------------------------------------------------------------------------------------------


def quoted(value: str, limit: int = 40) -> str:
    """Return ``value`` quoted for a message, cut to ``limit`` characters: a link is not echoed whole."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def apply_url(chain: gpd.GeoDataFrame) -> None:
    """Apply ``?island= ?view= ?year= ?step=`` once per session; an unknown value gets a message and the default."""
    if st.session_state.get("url_read"):
        return
    st.session_state["url_read"] = True
    params, warnings = st.query_params, []
    if (wanted := params.get("island")) is not None:
        if wanted in set(chain["id"]):
            st.session_state["island"] = wanted
        else:
            warnings.append(f"Unknown island {quoted(wanted)}; known islands: {', '.join(sorted(chain['id']))}.")
    if (wanted := params.get("view")) is not None:
        try:
            st.session_state["view"] = view(wanted)["id"]
        except UnknownViewError:
            warnings.append(f"unknown view {quoted(wanted)}; choose {', '.join(view_ids()[:-1])} or {view_ids()[-1]}.")
    if (wanted := params.get("year")) is not None:
        try:
            st.session_state["period"] = period(int(wanted) if wanted.isdecimal() else wanted)["id"]
        except (UnknownPeriodError, ValueError):
            first = periods()[0]["year"]
            warnings.append(f"unknown period {quoted(wanted)}; give a year from {first} on, or a period id.")
    if (wanted := params.get("step")) is not None:
        ids = [entry["id"] for entry in tour()]
        if wanted in ids:
            go_to_step(ids.index(wanted))
            st.session_state["tour_on"] = True
        else:
            warnings.append(f"Unknown tour step {quoted(wanted)}; choose one of {', '.join(ids)}.")
    if warnings:
        st.session_state["url_warnings"] = [f"{text} Showing the default map." for text in warnings]
        for key in ("island", "view", "year", "step"):
            params.pop(key, None)


def go_to_step(index: int) -> None:
    """Make tour step ``index`` the map's state: its view or period, its excerpts and its fit."""
    steps = tour()
    index = max(0, min(index, len(steps) - 1))
    entry = steps[index]
    view_id, period_id = step_state(entry)
    st.session_state.update(
        step=index, view=view_id, period=period_id or TODAY, excerpt=None, island=None, fit=step_bounds(entry)
    )


def clicked_island(chain: gpd.GeoDataFrame, clicked: dict | None) -> None:
    """Record a new click on an island (st_folium's ``last_active_drawing``) as the selection."""
    island_id = ((clicked or {}).get("properties") or {}).get("id")
    if island_id == st.session_state.get("last_click"):
        return  # the same drawing comes back on every run; only a change is a click
    st.session_state["last_click"] = island_id
    if island_id in set(chain["id"]):
        st.session_state.update(island=island_id, excerpt=None, fit=None)


def pick_excerpt(excerpt_id: str) -> None:
    st.session_state.update(excerpt=excerpt_id, fit=None)


def sync_url() -> None:
    """Mirror the state in the address bar, so the page can be shared as a link."""
    state, params = st.session_state, st.query_params
    wanted = {
        "island": state.get("island"),
        "view": state["view"] if state["view"] != "neutral" else None,
        "year": period(state["period"])["year"] if state["period"] != TODAY else None,
        "step": tour()[state["step"]]["id"] if state.get("tour_on") else None,
    }
    for key, value in wanted.items():
        if value is None:
            params.pop(key, None)
        elif params.get(key) != str(value):
            params[key] = str(value)


# --- panels ------------------------------------------------------------------------------------------------


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
            st.error(markdown_literal(str(err)))
            return
        st.session_state.setdefault("uploaded", {})[article.id] = article
        st.success(markdown_literal(f"{upload.name}: {len(article.excerpts)} excerpts linked for this session."))
        if save:
            target = SEEDS_DIR / Path(upload.name).name
            if target.exists():
                st.warning(markdown_literal(f"seeds/{target.name} already exists; not overwritten. Rename the file to save it."))
            else:
                try:
                    write_atomic(target, upload.getvalue())
                    st.success(markdown_literal(f"Saved as seeds/{target.name}."))
                except ExportError as err:
                    st.error(markdown_literal(str(err)))


def excerpt_list(items: list[tuple[LinkedExcerpt, str | None]], selected: str | None, key_prefix: str) -> None:
    """Show excerpts with their marked place names, each with a button that shows its islands on the map."""
    for linked, relation in items:
        st.html(excerpt_html(linked, relation=relation, selected=linked.excerpt.id == selected))
        if linked.island_ids:
            st.button(
                "Show on map", key=f"{key_prefix}-{linked.excerpt.id}", on_click=pick_excerpt, args=(linked.excerpt.id,),
                help="Highlight the islands this excerpt names and zoom to them",
            )


def tour_panel(by_id: dict[str, LinkedExcerpt]) -> None:
    """The classroom tour: one step at a time, with previous/next, its text and its excerpts."""
    steps = tour()
    index = st.session_state["step"]
    entry = steps[index]
    back, middle, forward = st.columns([1, 4, 1])
    back.button("◀ Previous", on_click=go_to_step, args=(index - 1,), disabled=index == 0, key="tour_prev")
    forward.button("Next ▶", on_click=go_to_step, args=(index + 1,), disabled=index == len(steps) - 1, key="tour_next")
    middle.markdown(f"**Step {index + 1} of {len(steps)}**")
    st.subheader(entry["title"])
    st.text(entry["text"])
    for excerpt_id in entry.get("excerpt_ids", []):
        if excerpt_id in by_id:
            st.html(excerpt_html(by_id[excerpt_id]))


def state_panel() -> None:
    """What the map shows: the period's description and sources, or the point of view's, each attributed."""
    state = map_state(st.session_state["view"], None if st.session_state["period"] == TODAY else st.session_state["period"])
    if state is None:
        return
    with st.expander(state.title, expanded=True):
        if state.description:
            st.text(state.description)
        for item in state.legend:
            st.text(f"• {item.text}")
        if state.sources:
            st.caption("Sources: " + " · ".join(state.sources))


def download_panel(options: dict, folder: Path) -> None:
    """Offer the map as one HTML file that works with no network: for e-mail, chat or a classroom computer."""
    with st.expander("Share: download an offline copy"):
        st.caption("One HTML file with the map and every article excerpt; it opens in any browser, with no internet.")
        if st.toggle("Prepare the file", key="prepare_export"):
            extra = tuple(st.session_state.get("uploaded", {}).values())
            data = offline_html(options["lang"], options["web_tiles"], str(folder), seeds_signature(folder), extra)
            st.download_button(
                f"Download kuril-islands-map.html ({len(data) / 1e6:.2f} MB)", data=data,
                file_name="kuril-islands-map.html", mime="text/html", key="download_export",
            )


def facts_panel() -> None:
    with st.expander("Distances: computed from the coastline vs published"):
        table = teacher_facts()[["label_en", "computed_km", "published_km", "difference_km", "source", "note"]]
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption("Computed on the WGS84 ellipsoid from GSHHG full-resolution coastlines (python -m geo.build).")


# --- page --------------------------------------------------------------------------------------------------


def sidebar(chain: gpd.GeoDataFrame) -> dict:
    """Draw the sidebar and return the map options chosen there."""
    with st.sidebar:
        st.header("Map")
        view_names = {entry["id"]: entry["name_en"] for entry in views()}
        st.radio("Point of view", list(view_names), format_func=view_names.get, key="view",
                 help="Whose position the colours show. Neutral: who administers and who claims.")
        period_names = {TODAY: "Today"} | {entry["id"]: f"{entry['year']}: {entry['title_en']}" for entry in periods()}
        st.selectbox("History", list(period_names), format_func=period_names.get, key="period",
                     help="The border as it stood after each treaty or event.")
        lang = st.selectbox("Island names", list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get, key="lang")
        st.subheader("Layers")
        shown = {key: st.checkbox(LAYER_NAMES[key], value=True, key=f"layer_{key}") for key in SIDEBAR_LAYERS}
        web_tiles = st.toggle("Offer web tiles (needs internet)", value=False, key="web_tiles",
                              help="Adds OpenStreetMap and Esri Ocean to the layer control. The vector map works without them.")
        st.subheader("Classroom")
        st.toggle("Guided tour", key="tour_on")
        large = st.toggle("Large type", key="large")
        if st.session_state["island"] or st.session_state["excerpt"]:
            if st.button("Clear selection"):
                st.session_state.update(island=None, excerpt=None, fit=None)
    return {"lang": lang, "web_tiles": web_tiles, "hidden": tuple(k for k, on in shown.items() if not on), "large": large}


def main() -> None:
    st.set_page_config(page_title="Kuril Islands map", page_icon="🗺️", layout="wide")
    try:
        chain = island_table()
        drawn_frames()
    except DataFileError as err:
        st.error(str(err))
        st.stop()
    vendor_assets_ready()
    for key, default in {"island": None, "excerpt": None, "fit": None, "view": "neutral", "period": TODAY, "step": 0}.items():
        st.session_state.setdefault(key, default)
    apply_url(chain)
    options = sidebar(chain)

    folder = SEEDS_DIR
    articles, problems = seed_articles(str(folder), seeds_signature(folder))
    articles = [*articles, *st.session_state.get("uploaded", {}).values()]
    linked = linked_excerpts(tuple(articles))
    by_id = {item.excerpt.id: item for item in linked}

    st.title("Kuril Islands")
    st.caption("Russia administers the whole chain; Japan claims the four southern island groups (the Northern Territories).")
    for message in st.session_state.pop("url_warnings", []):
        st.warning(markdown_literal(message))
    for message in problems:
        st.warning(markdown_literal(f"Article skipped: {message}"))
    st.html(panel_stylesheet())
    if st.session_state.get("tour_on"):
        tour_panel(by_id)

    picked = by_id.get(st.session_state["excerpt"] or "")
    highlight = sorted(picked.island_ids_within("group")) if picked else []
    bounds = st.session_state["fit"] or (bounds_of(chain, highlight) if picked else None)
    center, zoom = fit_view(bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX, MIN_ZOOM, MAX_ZOOM) if bounds else (None, None)
    period_id = None if st.session_state["period"] == TODAY else st.session_state["period"]

    left, right = st.columns([3, 2], gap="medium")
    with left:
        state = st_folium(
            session_map(options["lang"], options["web_tiles"], options["hidden"], st.session_state["view"],
                        period_id, options["large"]),
            key="map",
            height=MAP_HEIGHT_PX,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
            feature_group_to_add=highlight_layer(chain, highlight),
            center=center,
            zoom=zoom,
        )
        facts_panel()
        download_panel(options, folder)
    # A click is applied to the panel in the same run: no second run, so a click costs one script run.
    clicked_island(chain, (state or {}).get("last_active_drawing"))
    island_id = st.session_state["island"]
    sync_url()

    with right:
        state_panel()
        if island_id:
            row = chain[chain["id"] == island_id].iloc[0].to_dict()
            st.html(island_popup_html(row))
            related = excerpts_for(island_id, linked)
            st.subheader(f"News that mentions {island_label(row, 'en')}")
            if related:
                excerpt_list([(item, item.relations.get(island_id)) for item in related], st.session_state["excerpt"], "rel")
            else:
                st.info("No excerpt names this island, its group or the chain.")
        else:
            st.info("Click an island on the map for its facts and the news that names it.")
        st.subheader("All articles")
        for article in articles:
            label = f"{article.title} ({article.source or 'unknown source'}, {article.date or 'undated'})"
            with st.expander(markdown_literal(label)):
                excerpt_list([(by_id[e.id], None) for e in article.excerpts], st.session_state["excerpt"], "all")
        upload_panel()


if __name__ == "__main__":
    main()
