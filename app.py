"""The Kuril Islands map as a Streamlit app: ``streamlit run app.py``.

Wiring only: data, linking, views, history and the tour come from ``geo/``; the map, its client and every
piece of HTML from ``layers/``. The map is one page built once per server process and served from
``static/`` (the browser caches it); a custom component mounts it once per browser session and only a small
state crosses over (``layers.client``): Python sends the view, period, step, selection, highlight, fit,
labels and layers; the map sends back the island clicked and, once, the state its ``?…`` link asked for.
The map and the island panel sit in a fragment, so a click reruns only them.
"""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path

import geopandas as gpd
import streamlit as st

from geo.articles import Article, ArticleError, load_articles, parse_article
from geo.facts import teacher_facts
from geo.history import period, periods
from geo.islands import DataFileError, islands
from geo.linking import LinkedExcerpt, excerpts_for, link_articles
from geo.paths import SEEDS_DIR
from geo.tour import step_state, tour
from geo.views import view_ids, views
from layers.client import APP_LABEL_LANGUAGES, app_bridge_js, app_page_html, client_map, page_inputs_key, write_app_page
from layers.excerpts import excerpt_html, panel_stylesheet
from layers.export import export_frames, export_html
from layers.html_io import ExportError, write_atomic
from layers.map import map_state
from layers.style import LAYER_NAMES
from layers.text import distances_table_html, island_label, island_popup_html, markdown_literal
from layers.vendor.static import VENDOR_URL_PREFIX, write_vendor_assets

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAP_PAGE_URL_PREFIX = "/app/static/map"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "ja": "日本語", "en+ja": "English + 日本語", "en+ru": "English + Русский"}
MAP_HEIGHT_PX = 620
SIDEBAR_LAYERS = ("ru", "jp", "labels", "context")
TODAY = "today"
#: Session state to start with: the selection, the map's state and the sidebar's widgets (by key).
SESSION_DEFAULTS = {
    "island": None, "excerpt": None, "view": "neutral", "period": TODAY, "step": 0, "on_step": False, "tour_on": False,
    "lang": "en", "web_tiles": False, "large": False, **{f"layer_{name}": True for name in SIDEBAR_LAYERS},
}
#: Query parameters that are Streamlit's own, not the map's link: the client leaves them alone.
STREAMLIT_PARAMS = ("embed", "embed_options")

kuril_map = st.components.v2.component(
    "kuril_map", html='<div class="kuril-map-holder"></div>', js=app_bridge_js()
)


# --- data, loaded once per server process ------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def island_table() -> gpd.GeoDataFrame:
    """Return the islands, loaded once per server process (shared, never modified: no copy per run)."""
    return islands()


@st.cache_resource(show_spinner=False)
def island_ids() -> frozenset[str]:
    """Return the ids a click or a link may select."""
    return frozenset(island_table()["id"])


@st.cache_resource(show_spinner=False, max_entries=64)
def state_text(view_id: str, period_id: str | None) -> tuple[str, str, tuple[str, ...], tuple[str, ...]] | None:
    """Return what a view or period shows, in words (title, description, legend rows, sources); None for the neutral view."""
    state = map_state(view_id, period_id)
    if state is None:
        return None
    return state.title, state.description, tuple(item.text for item in state.legend), tuple(state.sources)


@st.cache_resource(show_spinner=False)
def map_page_url() -> str:
    """Write Leaflet's files and the map page under static/ once per server process; return the page's URL.

    The page is the client's map (as the export draws it, simplified alike) with every label language the
    sidebar offers and the web tiles the reader may switch on; it is built only when its inputs changed.
    Everything loaded by then is frozen out of the garbage collector: Streamlit collects after every run
    (``runner.postScriptGC``), and walking the data each time cost ~100 ms per click (bench/RESULTS.md).
    """
    write_vendor_assets(STATIC_DIR / "vendor")

    def build() -> str:
        chain, context = export_frames()
        return app_page_html(client_map(chain, context, label_languages=APP_LABEL_LANGUAGES, web_tiles=True), VENDOR_URL_PREFIX)

    name = write_app_page(STATIC_DIR / "map", build, page_inputs_key(VENDOR_URL_PREFIX, *APP_LABEL_LANGUAGES))
    gc.freeze()  # what is loaded by now lives as long as the process: keep it out of every later collection
    return f"{MAP_PAGE_URL_PREFIX}/{name}"


def seeds_signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Return (name, size, mtime) of every file in ``folder``: a cache key that changes when an article does."""
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()))


@st.cache_data(show_spinner=False)
def seed_articles(folder: str, signature: tuple) -> tuple[list[Article], list[str]]:
    """Return the articles in ``folder`` and a message per file that could not be read."""
    articles, problems = load_articles(Path(folder))
    return articles, [problem.message for problem in problems]


@st.cache_resource(show_spinner=False, max_entries=32)
def linked_excerpts(articles_key: str, _articles: tuple[Article, ...]) -> list[LinkedExcerpt]:
    """Return every excerpt with its place mentions, linked once per set of articles (``articles_key``)."""
    return link_articles(list(_articles))


@st.cache_resource(show_spinner=False, max_entries=512)
def island_panel(island_id: str, articles_key: str, _linked: list[LinkedExcerpt]) -> tuple[str, str, list[tuple[str, str, bool]]]:
    """Return an island's fact sheet, the heading over its news, and each excerpt naming it (id, HTML, has islands)."""
    row = island_table().set_index("id").loc[island_id].to_dict() | {"id": island_id}  # once per island: cached
    items = [
        (item.excerpt.id, excerpt_html(item, relation=item.relations.get(island_id)), bool(item.island_ids))
        for item in excerpts_for(island_id, _linked)
    ]
    return island_popup_html(row), f"News that mentions {island_label(row, 'en')}", items


@st.cache_resource(show_spinner=False)
def distances_html() -> str:
    """Return the distances table (computed beside published), built once per server process."""
    return distances_table_html(teacher_facts())


@st.cache_resource(show_spinner=False, max_entries=32)
def article_list(articles_key: str, _articles: tuple[Article, ...], _linked: list[LinkedExcerpt]) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """Return each article's heading and its excerpts (id, HTML, names islands), rendered once per set of articles."""
    by_id = {item.excerpt.id: item for item in _linked}
    return [
        (
            f"{article.title} ({article.source or 'unknown source'}, {article.date or 'undated'})",
            [(e.id, excerpt_html(by_id[e.id]), bool(by_id[e.id].island_ids)) for e in article.excerpts],
        )
        for article in _articles
    ]


@st.cache_data(show_spinner="Building the offline file…", max_entries=8)
def offline_html(lang: str, web_tiles: bool, folder: str, signature: tuple, extra: tuple[Article, ...]) -> bytes:
    """Return the one-file offline export for these options (the same file as ``python -m layers.export``)."""
    return export_html(lang=lang, web_tiles=web_tiles, articles_dir=Path(folder), extra_articles=extra).encode("utf-8")


def articles_key(signature: tuple, uploaded: dict[str, Article]) -> str:
    """Return a short key for the seeds folder's state and this session's uploads."""
    uploads = sorted((article.id, len(article.excerpts), hash(article.excerpts)) for article in uploaded.values())
    return hashlib.sha256(repr((signature, uploads)).encode("utf-8")).hexdigest()[:16]


# --- state -------------------------------------------------------------------------------------------------


def go_to_step(index: int) -> None:
    """Make tour step ``index`` the map's state: its view or period; the client fits it and shows its layers."""
    steps = tour()
    index = max(0, min(index, len(steps) - 1))
    view_id, period_id = step_state(steps[index])
    st.session_state.update(step=index, on_step=True, view=view_id, period=period_id or TODAY, excerpt=None, island=None)


def tour_toggled() -> None:
    """Starting the tour shows its current step; ending it leaves the map as it is."""
    if st.session_state["tour_on"]:
        go_to_step(st.session_state["step"])


def left_step() -> None:
    """A view or period picked during the tour is the reader's own: the map no longer shows the step."""
    st.session_state["on_step"] = False


def on_island_clicked() -> None:
    """Record the island the map says was clicked (the map has outlined it already)."""
    island_id = st.session_state["map"].island
    if isinstance(island_id, str) and island_id in island_ids():
        st.session_state.update(island=island_id, excerpt=None)


def on_link_read() -> None:
    """Take the state the page's ``?…`` link gave (read by the client, which showed any message); only known ids."""
    wanted = st.session_state["map"].link
    wanted = {key: value for key, value in wanted.items() if isinstance(value, str)} if isinstance(wanted, dict) else {}
    st.session_state.update(url_read=True, rerun_app=True)
    if wanted.get("step") in [entry["id"] for entry in tour()]:
        go_to_step([entry["id"] for entry in tour()].index(wanted["step"]))
        st.session_state["tour_on"] = True
    else:
        if wanted.get("view") in view_ids():
            st.session_state["view"] = wanted["view"]
        if wanted.get("period") in {entry["id"] for entry in periods()}:
            st.session_state["period"] = wanted["period"]
    if wanted.get("island") in island_ids():
        st.session_state["island"] = wanted["island"]


def pick_excerpt(excerpt_id: str) -> None:
    st.session_state["excerpt"] = excerpt_id
    st.session_state["fit_seq"] = st.session_state.get("fit_seq", 0) + 1


def clear_selection() -> None:
    st.session_state.update(island=None, excerpt=None)


def client_state(by_id: dict[str, LinkedExcerpt], options: dict) -> dict:
    """Return the map client's state for this run: small, and the same on every run that changes nothing."""
    state = st.session_state
    picked = by_id.get(state["excerpt"] or "")
    highlight = sorted(picked.island_ids_within("group")) if picked else []
    steps = tour()
    return {
        "view": state["view"],
        "period": None if state["period"] == TODAY else state["period"],
        "step": steps[state["step"]]["id"] if state.get("tour_on") and state.get("on_step") else None,
        "island": state["island"],
        "highlight": highlight,
        "fit": {"id": f"excerpt:{picked.excerpt.id}:{state.get('fit_seq', 0)}", "islands": highlight} if highlight else None,
        "labels": options["lang"],
        "hidden": list(options["hidden"]),
        "large": options["large"],
        "tiles": options["web_tiles"],
    }


# --- panels ------------------------------------------------------------------------------------------------


def take_upload() -> None:
    """Link an uploaded article for this session (and save it into seeds/ if asked), before the script runs:
    the article list, the island panel and the offline copy of this very run include it."""
    upload, results = st.session_state.get("upload"), []
    st.session_state["upload_results"] = results
    if upload is None:
        return
    try:
        article = parse_article(upload.getvalue(), upload.name)
    except ArticleError as err:
        results.append(("error", str(err)))
        return
    st.session_state.setdefault("uploaded", {})[article.id] = article
    results.append(("success", f"{upload.name}: {len(article.excerpts)} excerpts linked for this session."))
    if st.session_state.get("save_upload"):
        target = SEEDS_DIR / Path(upload.name).name
        if target.exists():
            results.append(("warning", f"seeds/{target.name} already exists; not overwritten. Rename the file to save it."))
            return
        try:
            write_atomic(target, upload.getvalue())
            results.append(("success", f"Saved as seeds/{target.name}."))
        except ExportError as err:
            results.append(("error", str(err)))


def upload_panel() -> None:
    """Let the reader add an article for this session, and optionally save it into seeds/ (see :func:`take_upload`)."""
    if not st.toggle("Add an article (.txt or .md)", key="show_upload"):
        return  # the uploader is drawn on request: it costs the page's first paint otherwise
    with st.container(border=True):
        st.caption("Uploaded articles are linked at once and kept **for this session only**, unless you save them into seeds/.")
        st.checkbox("Also save it into seeds/ for everyone using this app", key="save_upload",
                    help="Tick this before choosing the file.")
        st.file_uploader("Article file", type=["txt", "md"], key="upload", label_visibility="collapsed", on_change=take_upload)
        show = {"error": st.error, "warning": st.warning, "success": st.success}
        for kind, text in st.session_state.get("upload_results", []):
            show[kind](markdown_literal(text))


def excerpt_buttons(items: list[tuple[str, str, bool]], selected: str | None, key_prefix: str) -> None:
    """Show excerpts (escaped HTML), each naming islands with a button that shows them on the map."""
    for excerpt_id, html, has_islands in items:
        if excerpt_id == selected:
            html = html.replace('class="kuril-excerpt"', 'class="kuril-excerpt kuril-excerpt-selected"', 1)
        st.html(html)
        if has_islands:
            st.button(
                "Show on map", key=f"{key_prefix}-{excerpt_id}", on_click=pick_excerpt, args=(excerpt_id,),
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
    shown = state_text(st.session_state["view"], None if st.session_state["period"] == TODAY else st.session_state["period"])
    if shown is None:
        return
    title, description, legend, sources = shown
    with st.expander(title, expanded=True):
        if description:
            st.text(description)
        for text in legend:
            st.text(f"• {text}")
        if sources:
            st.caption("Sources: " + " · ".join(sources))


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
    """The distances table; open when the tour's step shows it (its ``layers`` name ``facts``)."""
    state = st.session_state
    shown = bool(state.get("tour_on") and state.get("on_step") and "facts" in tour()[state["step"]]["layers"])
    with st.expander("Distances: computed from the coastline vs published", expanded=shown):
        st.html(distances_html())


# --- page --------------------------------------------------------------------------------------------------


def state_controls() -> None:
    """The point of view and the period: at the top of the panel, as in the export, and inside the fragment,
    so that switching them reruns only the map and the panel."""
    view_names = {entry["id"]: entry["name_en"] for entry in views()}
    st.radio("Point of view", list(view_names), format_func=view_names.get, key="view", on_change=left_step, horizontal=True,
             help="Whose position the colours show. Neutral: who administers and who claims.")
    period_names = {TODAY: "Today"} | {entry["id"]: f"{entry['year']}: {entry['title_en']}" for entry in periods()}
    st.selectbox("History", list(period_names), format_func=period_names.get, key="period", on_change=left_step,
                 help="The border as it stood after each treaty or event.")


def sidebar() -> None:
    """Draw the sidebar; its widgets keep their values in ``st.session_state`` (read by :func:`map_options`)."""
    with st.sidebar:
        st.header("Map")
        st.selectbox("Island names", list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get, key="lang")
        st.subheader("Layers")
        for name in SIDEBAR_LAYERS:
            st.checkbox(LAYER_NAMES[name], key=f"layer_{name}")
        st.toggle("Offer web tiles (needs internet)", key="web_tiles",
                  help="Adds OpenStreetMap and Esri Ocean to the layer control. The vector map works without them.")
        st.subheader("Classroom")
        st.toggle("Guided tour", key="tour_on", on_change=tour_toggled)
        st.toggle("Large type", key="large")


def map_options() -> dict:
    """Return the map options the sidebar's widgets hold (in session state before the script runs, so the map,
    drawn first, need not wait for the sidebar)."""
    state = st.session_state
    hidden = tuple(name for name in SIDEBAR_LAYERS if not state[f"layer_{name}"])
    return {"lang": state["lang"], "web_tiles": state["web_tiles"], "hidden": hidden, "large": state["large"]}


@st.fragment
def map_and_panel(articles: list[Article], linked: list[LinkedExcerpt], key: str, options: dict) -> None:
    """The map and the island panel: a click on the map, or a picked excerpt, reruns only this."""
    if st.session_state.pop("rerun_app", False):
        st.rerun(scope="app")  # the link's view, period or step must reach the sidebar too
    try:
        map_and_panel_body(articles, linked, key, options)
    except DataFileError as err:
        st.error(markdown_literal(str(err)))


def map_and_panel_body(articles: list[Article], linked: list[LinkedExcerpt], key: str, options: dict) -> None:
    by_id = {item.excerpt.id: item for item in linked}
    left, right = st.columns([3, 2], gap="medium")
    with left:
        kuril_map(
            key="map",
            data={
                "url": map_page_url(), "title": "Map of the Kuril Islands", "height": MAP_HEIGHT_PX,
                "linkRead": bool(st.session_state.get("url_read")), "ignoreParams": list(STREAMLIT_PARAMS),
                "state": client_state(by_id, options),
            },
            height=MAP_HEIGHT_PX,
            on_island_change=on_island_clicked,
            on_link_change=on_link_read,
        )
    with right:
        state_controls()
        state_panel()
        island_id = st.session_state["island"]
        if island_id or st.session_state["excerpt"]:
            st.button("Clear selection", on_click=clear_selection, key="clear_selection")
        if island_id:
            facts, heading, items = island_panel(island_id, key, linked)
            st.html(facts)
            st.subheader(heading)
            if items:
                excerpt_buttons(items, st.session_state["excerpt"], "rel")
            else:
                st.info("No excerpt names this island, its group or the chain.")
        else:
            st.info("Click an island on the map for its facts and the news that names it.")
        st.subheader("All articles")
        # Listed on request: every excerpt is an element, and a long list would slow every click and page open.
        if st.toggle(f"Show all {len(articles)} articles and their excerpts", key="all_articles"):
            for label, items in article_list(key, tuple(articles), linked):
                with st.expander(markdown_literal(label)):
                    excerpt_buttons(items, st.session_state["excerpt"], "all")


def page() -> None:
    """Draw the page: title, tour, the map with its panel, the sidebar, distances, sharing and uploads."""
    map_page_url()
    for name, value in SESSION_DEFAULTS.items():
        st.session_state.setdefault(name, value)
    # Nothing in the address bar for the map: no link to wait for (the client reads and reports one otherwise).
    st.session_state.setdefault("url_read", not any(name not in STREAMLIT_PARAMS for name in st.query_params))
    options = map_options()

    folder = SEEDS_DIR
    signature = seeds_signature(folder)
    seeds, problems = seed_articles(str(folder), signature)
    uploaded = st.session_state.get("uploaded", {})
    articles = [*[article for article in seeds if article.id not in uploaded], *uploaded.values()]
    key = articles_key(signature, uploaded)
    linked = linked_excerpts(key, tuple(articles))

    st.title("Kuril Islands")
    st.caption("Russia administers the whole chain; Japan claims the four southern island groups (the Northern Territories).")
    st.html(panel_stylesheet())
    # Notices and the tour always take their slots, filled or not: the map after them keeps its place in the
    # page, so turning the tour on or a new notice never remounts it.
    notices, tour_box = st.container(), st.container()
    map_and_panel(articles, linked, key, options)
    with notices:
        for message in problems:
            st.warning(markdown_literal(f"Article skipped: {message}"))
    if st.session_state.get("tour_on"):
        with tour_box:
            tour_panel({item.excerpt.id: item for item in linked})
    sidebar()
    facts_panel()
    download_panel(options, folder)
    upload_panel()


def main() -> None:
    st.set_page_config(page_title="Kuril Islands map", page_icon="🗺️", layout="wide")
    try:
        island_table()
        page()
    except DataFileError as err:
        # A missing or corrupt data file: say which and how to restore it (geo.datafile), never a traceback.
        st.error(markdown_literal(str(err)))


if __name__ == "__main__":
    main()
