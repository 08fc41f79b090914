"""The Kuril Islands map as a Streamlit app: ``streamlit run app.py``.

Wiring only: data, linking, views, history and the tour come from ``geo/``; the map, its client and every
piece of HTML from ``layers/``. The map is one page built once per server process and served from
``static/`` (the browser caches it); a custom component mounts it once per browser session and only a small
state crosses over (``layers.client``): Python sends the view, period, step, selection, highlight, fit,
labels and layers; the map sends back the island clicked and, once, the state its ``?…`` link asked for.
The map and the island panel sit in a fragment, so a click reruns only them.

Every word is the catalogue's (``layers.i18n``) in the reader's interface language: ``?lang=`` in the link,
else the browser's language as Streamlit reports it (``st.context.locale``), else English; the sidebar
switches it, and the map client follows in place.
"""

from __future__ import annotations

import gc
import secrets
from pathlib import Path

import geopandas as gpd
import streamlit as st

from geo import paths
from geo import store as articles
from geo.articles import ArticleError, Excerpt
from geo.facts import teacher_facts
from geo.history import periods
from geo.islands import DataFileError, islands
from geo.languages import DEFAULT_LANGUAGE, LANGUAGES, localized
from geo.linking import LinkedExcerpt
from geo.tour import step_state, tour
from geo.views import view_ids, views
from layers.client import APP_LABEL_LANGUAGES, app_bridge_js, app_page_html, client_map, page_inputs_key, write_app_page
from layers.excerpts import excerpt_html, panel_stylesheet
from layers.export import EXPORT_DECIMALS, export_frames, export_html
from layers.handout import booklet_page_count, handout_bytes, tour_booklet_bytes
from layers.i18n import format_date, format_number, text
from layers.i18n.problems import message_of
from layers.map import map_state
from layers.text import (
    LANGUAGE_NAMES, distances_table_html, island_popup_html, layer_name, markdown_literal, name_in, note_html,
    positions_html, sources_html,
)
from layers.vendor.static import VENDOR_URL_PREFIX, write_vendor_assets

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAP_PAGE_URL_PREFIX = "/app/static/map"
#: The island labels' languages: one, or two at once ("" follows the interface language).
LABEL_LANGUAGES = {**LANGUAGE_NAMES, "en+ja": "English + 日本語", "en+ru": "English + Русский"}
#: The map is as tall as the window, never shorter than this (a phone held sideways).
MAP_MIN_HEIGHT_PX = 440
#: The map's column and the panel's, side by side on a wide screen (Streamlit stacks them on a phone).
COLUMNS = (5, 2)
SIDEBAR_LAYERS = ("ru", "jp", "labels", "context")
TODAY = "today"
#: How often the seeds folder is synced into the store (seconds): a file dropped into seeds/ shows after a reload.
SYNC_EVERY_S = 10
#: The offline copy holds at most this many articles, newest first (python -m layers.export --limit chooses freely).
EXPORT_ARTICLE_LIMIT = 200
#: Session state to start with: the selection, the map's state and the sidebar's widgets (by key).
SESSION_DEFAULTS = {
    "island": None, "excerpt": None, "view": "neutral", "period": TODAY, "step": 0, "on_step": False, "tour_on": False,
    "lang": "", "web_tiles": False, "large": False, **{f"layer_{name}": True for name in SIDEBAR_LAYERS},
}
#: Query parameters that are Streamlit's own, not the map's link: the client leaves them alone.
STREAMLIT_PARAMS = ("embed", "embed_options")

def ui() -> str:
    """Return the reader's interface language (chosen at the session's first run: see :func:`start_language`)."""
    return st.session_state.get("ui", DEFAULT_LANGUAGE)


def t(key: str, /, **values: object) -> str:
    """Return the catalogue's text ``key`` in the reader's language (``layers.i18n.text``)."""
    return text(key, ui(), **values)


def note(words: str) -> None:
    """Show a note in small type, as ``st.caption`` would, but dark enough to read (WCAG 1.4.3: Streamlit's caption
    grey is 3.5:1 on white); ``words`` are ours, escaped, never Markdown."""
    st.html(note_html(words))


def text_date(value) -> str:
    """Return a date as the reader's locale writes it."""
    return format_date(value, ui())


def text_number(value: float, decimals: int | None = None) -> str:
    """Return a number as the reader's locale writes it."""
    return format_number(value, ui(), decimals)


def start_language() -> None:
    """Choose the session's interface language once: the link's ``?lang=``, else the browser's, else English."""
    if "ui" in st.session_state:
        return
    asked = st.query_params.get("lang")
    if asked not in LANGUAGES:
        browser = str(getattr(st.context, "locale", None) or "").replace("_", "-").split("-")[0].lower()
        asked = browser if browser in LANGUAGES else DEFAULT_LANGUAGE
    st.session_state["ui"] = asked


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


@st.cache_resource(show_spinner=False, max_entries=128)
def state_text(view_id: str, period_id: str | None, lang: str) -> tuple[str, str, tuple[str, ...], tuple[str, ...]] | None:
    """Return what a view or period shows, in words of ``lang`` (title, description, legend rows, sources); None for
    the neutral view."""
    state = map_state(view_id, period_id, lang)
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
        return app_page_html(client_map(chain, context, label_languages=APP_LABEL_LANGUAGES, web_tiles=True, decimals=EXPORT_DECIMALS), VENDOR_URL_PREFIX)

    name = write_app_page(STATIC_DIR / "map", build, page_inputs_key(VENDOR_URL_PREFIX, *APP_LABEL_LANGUAGES))
    gc.freeze()  # what is loaded by now lives as long as the process: keep it out of every later collection
    return f"{MAP_PAGE_URL_PREFIX}/{name}"


@st.cache_resource(show_spinner=False)
def article_store(path: str) -> articles.Store:
    """Return the article store at ``path``, opened (or created) once per server process."""
    return articles.open_store(path)


@st.cache_resource(show_spinner=False, ttl=SYNC_EVERY_S)
def synced_seeds(path: str, folder: str) -> tuple:
    """Sync the seeds folder into the store (new and changed files linked, removed ones removed), at most once
    every :data:`SYNC_EVERY_S` seconds per server; return the problem of each file that could not be stored."""
    report = articles.sync_folder(article_store(path), Path(folder))
    return tuple(report.problems)


def open_articles() -> tuple[articles.Store | None, tuple, str | None]:
    """Return the synced store, the problems of the seed files it skipped, and an error message (in the reader's
    language) when it cannot be read (the map still works then, without articles)."""
    path = str(paths.store_path())
    try:
        store = article_store(path)
        return store, synced_seeds(path, str(paths.seeds_dir())), None
    except articles.StoreError as err:
        return None, (), message_of(err, ui())
    except NotADirectoryError as err:
        return article_store(path), (), t("app.seedsNotFolder", error=str(err))


@st.cache_resource(show_spinner=False, max_entries=192)
def island_facts(island_id: str, lang: str) -> tuple[str, str]:
    """Return an island's fact sheet and the heading over its news in ``lang`` (once per island and language: cached)."""
    row = island_table().set_index("id").loc[island_id].to_dict() | {"id": island_id}
    return island_popup_html(row, lang), text("panel.newsAbout", lang, name=name_in(row, lang))


@st.cache_resource(show_spinner=False, max_entries=3)
def positions_block(lang: str) -> str:
    """Return each side's position in its own words, translations marked, in ``lang`` (once per language)."""
    return positions_html(lang)


@st.cache_resource(show_spinner=False, max_entries=3)
def distances_html(lang: str) -> str:
    """Return the distances table (computed beside published) in ``lang``, built once per server process."""
    return distances_table_html(teacher_facts(), lang)


@st.cache_data(show_spinner=False, max_entries=8)
def offline_html(lang: str, labels: str, web_tiles: bool, store_path: str, generation: int) -> bytes:
    """Return the one-file offline export for these options (it opens in ``lang``) and this state of the store
    (``generation``); with no store (``store_path`` empty: it cannot be read), the map alone."""
    linked = articles.linked_articles(article_store(store_path), limit=EXPORT_ARTICLE_LIMIT) if store_path else []
    return export_html(lang=lang, labels=labels or None, web_tiles=web_tiles, linked=linked).encode("utf-8")


def session_owner() -> str:
    """Return this browser session's token: the owner of what it uploads (so it may remove them)."""
    return st.session_state.setdefault("owner", secrets.token_hex(16))


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
    if wanted.get("lang") in LANGUAGES:
        st.session_state["ui"] = wanted["lang"]


def pick_excerpt(excerpt_id: str) -> None:
    st.session_state["excerpt"] = excerpt_id
    st.session_state["fit_seq"] = st.session_state.get("fit_seq", 0) + 1


def clear_selection() -> None:
    st.session_state.update(island=None, excerpt=None)


def picked_excerpt(store: articles.Store | None) -> LinkedExcerpt | None:
    """Return the excerpt the reader picked ("Show on map"), read from the store; None if none or gone."""
    excerpt_id = st.session_state["excerpt"]
    if not excerpt_id or store is None:
        return None
    return articles.excerpts_by_id(store, [excerpt_id]).get(excerpt_id)


def client_state(picked: LinkedExcerpt | None, options: dict) -> dict:
    """Return the map client's state for this run: small, and the same on every run that changes nothing."""
    state = st.session_state
    highlight = sorted(picked.island_ids_within("group")) if picked else []
    steps = tour()
    return {
        "view": state["view"],
        "period": None if state["period"] == TODAY else state["period"],
        "step": steps[state["step"]]["id"] if state.get("tour_on") and state.get("on_step") else None,
        "island": state["island"],
        "highlight": highlight,
        "fit": {"id": f"excerpt:{picked.excerpt.id}:{state.get('fit_seq', 0)}", "islands": highlight} if highlight else None,
        "labels": options["lang"] or None,
        "lang": ui(),
        "hidden": list(options["hidden"]),
        "large": options["large"],
        "tiles": options["web_tiles"],
    }


# --- panels ------------------------------------------------------------------------------------------------


def take_upload() -> None:
    """Store an uploaded article for everyone, before the script runs (so this very run lists it), or say why not:
    not an article, its id or text already stored (naming that article), or a quota reached."""
    upload, results = st.session_state.get("upload"), []
    st.session_state["upload_results"] = results
    if upload is None:
        return
    store, _problems, error = open_articles()
    if store is None:
        results.append(("error", error or t("app.upload.storeUnreadable")))
        return
    try:
        article_id = articles.add_file(
            store, upload.getvalue(), upload.name, origin="upload", owner=session_owner(), quota=articles.UPLOAD_QUOTA,
        )
    except ArticleError as err:
        results.append(("error", message_of(err, ui())))
        return
    except articles.Refused as err:
        results.append(("warning", t("app.upload.notAdded", file=upload.name, reason=message_of(err, ui()))))
        return
    info = articles.stored_info(store, article_id)
    count = info.excerpt_count if info else 0
    results.append(("success", t("app.upload.added", file=upload.name, title=info.article.title if info else article_id,
                                 count=count)))


def remove_upload(article_id: str) -> None:
    """Remove an article this session uploaded (the store refuses anyone else's)."""
    store, _problems, error = open_articles()
    removed = store is not None and articles.remove_article(store, article_id, owner=session_owner())
    st.session_state["upload_results"] = [("success", t("app.upload.removed", id=article_id))] if removed else [
        ("warning", error or t("app.upload.notRemoved", id=article_id))
    ]
    picked = Excerpt.split_id(st.session_state["excerpt"] or "")
    if picked and picked[0] == article_id:
        st.session_state["excerpt"] = None


def upload_panel(store: articles.Store | None) -> None:
    """Let the reader add an article to the store (see :func:`take_upload`) and remove what this session added."""
    if not st.toggle(t("app.upload.toggle"), key="show_upload"):
        return  # the uploader is drawn on request: it costs the page's first paint otherwise
    quota = articles.UPLOAD_QUOTA
    with st.container(border=True):
        note(t("app.upload.caption", articles=quota.owner_articles, megabytes=round(quota.owner_bytes / 1e6)))
        st.file_uploader(t("app.upload.file"), type=["txt", "md"], key="upload", label_visibility="collapsed",
                         on_change=take_upload, disabled=store is None)
        show = {"error": st.error, "warning": st.warning, "success": st.success}
        for kind, text in st.session_state.get("upload_results", []):
            show[kind](markdown_literal(text))
        if store is None:
            return
        mine = articles.articles_page(store, origin="upload", owner=session_owner(), page_size=quota.owner_articles)
        for item in mine.items:
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(markdown_literal(t("app.upload.item", title=item.article.title, count=item.excerpt_count)))
            right.button(t("app.upload.remove"), key=f"remove-{item.article.id}", on_click=remove_upload, args=(item.article.id,),
                         help=t("app.upload.removeHelp"))


def excerpt_buttons(items: list[tuple[LinkedExcerpt, str | None]], selected: str | None, key_prefix: str) -> None:
    """Show excerpts (escaped HTML) with their relation to the island, each naming islands with a button that
    shows them on the map."""
    for item, relation in items:
        st.html(excerpt_html(item, relation=relation, selected=item.excerpt.id == selected, ui=ui()))
        if item.island_ids:
            st.button(
                t("panel.showOnMap"), key=f"{key_prefix}-{item.excerpt.id}", on_click=pick_excerpt, args=(item.excerpt.id,),
                help=t("panel.showOnMapHelp"),
            )


def filter_values(key: str) -> tuple[str | None, str]:
    """Return the language (None for all) and the query the filters keyed ``key`` hold (set before the run)."""
    state = st.session_state
    language = state.get(f"{key}_language", "all")
    return (None if language == "all" else language), state.get(f"{key}_query") or ""


def filters(key: str, languages: dict[str, int]) -> None:
    """Draw a search box and a language choice keyed ``key`` (read by :func:`filter_values`), the language's count
    beside each. Changing either starts the list again at its first page."""
    def restart() -> None:
        st.session_state[f"{key}_pages"] = 1

    search, language = st.columns([3, 2], vertical_alignment="bottom")
    search.text_input(t("panel.searchExcerpts" if key == "island" else "panel.searchArticles"), key=f"{key}_query",
                      max_chars=articles.MAX_QUERY_CHARS, placeholder=t("panel.searchPlaceholder"), on_change=restart)
    language.selectbox(
        t("panel.language"), ["all", *LANGUAGE_NAMES], key=f"{key}_language", on_change=restart, placeholder=t("app.choose"),
        format_func=lambda code: t("panel.allLanguages") if code == "all"
        else t("panel.languageCount", language=LANGUAGE_NAMES[code], count=languages.get(code, 0)),
    )


def more_button(key: str, shown: int, total: int) -> None:
    """Offer the next page of a list of ``total`` of which ``shown`` are on the page."""
    if shown < total:
        st.button(t("panel.showMore", count=total - shown), key=f"{key}_more",
                  on_click=lambda: st.session_state.update({f"{key}_pages": st.session_state.get(f"{key}_pages", 1) + 1}))


def island_excerpts(store: articles.Store, island_id: str, heading: str) -> None:
    """An island's excerpts, a page at a time: naming it, its group, then the chain; newest first within each."""
    st.subheader(heading, anchor=False)
    state = st.session_state
    if state.get("panel_island") != island_id:  # another island: start again at the first page
        state.update(panel_island=island_id, island_pages=1)
    language, query = filter_values("island")  # drawn below, with the counts this page gives
    size = state.get("island_pages", 1) * articles.PAGE_SIZE
    page = articles.excerpts_for_island(store, island_id, 1, language, query, page_size=size)
    filtered = bool(language or query.strip())
    everything = articles.island_total(store, island_id) if filtered else page.total
    if not everything:
        st.info(t("panel.noExcerpt"))
        return
    filters("island", page.languages)
    what = t("panel.excerptsOf", count=page.total, total=everything) if filtered else t("panel.excerpts", count=page.total)
    note(t("app.countShown", what=what, shown=t("panel.shown", count=len(page.items)), order=t("panel.order")))
    if not page.items:
        st.info(t("panel.noFilterMatch"))
    excerpt_buttons(page.items, state["excerpt"], "rel")
    more_button("island", len(page.items), page.total)


def article_list(store: articles.Store) -> None:
    """Every article, newest first, a page at a time, searchable: each with its excerpts."""
    total = articles.articles_page(store, page_size=1).total
    st.subheader(t("panel.allArticles"), anchor=False)
    # Listed on request: every excerpt is an element, and a long list would slow every click and page open.
    if not st.toggle(t("app.showAll", count=total), key="all_articles"):
        return
    pages = st.session_state.get("articles_pages", 1)
    language, query = filter_values("articles")
    page = articles.articles_page(store, 1, language, query, page_size=pages * articles.PAGE_SIZE)
    filters("articles", page.languages)
    filtered = bool(language or query.strip())
    what = t("panel.articlesOf", count=page.total, total=total) if filtered else t("panel.articles", count=page.total)
    note(t("app.articlesShown", what=what, shown=t("panel.shown", count=len(page.items))))
    for item in page.items:
        article = item.article
        label = t("app.articleLabel", title=article.title, source=article.source or t("panel.unknownSource"),
                  date=text_date(article.date) if article.date else t("panel.undated"))
        with st.expander(markdown_literal(label)):
            excerpt_buttons([(excerpt, None) for excerpt in articles.article_excerpts(store, article.id)],
                            st.session_state["excerpt"], "all")
    more_button("articles", len(page.items), page.total)


def tour_panel(store: articles.Store | None) -> None:
    """The classroom tour: one step at a time, with previous/next, its text and its excerpts."""
    steps = tour()
    index = st.session_state["step"]
    entry = steps[index]
    back, middle, forward = st.columns([1, 4, 1])
    back.button(t("panel.previous"), on_click=go_to_step, args=(index - 1,), disabled=index == 0, key="tour_prev")
    forward.button(t("panel.next"), on_click=go_to_step, args=(index + 1,), disabled=index == len(steps) - 1, key="tour_next")
    middle.markdown(t("app.stepCount", number=index + 1, total=len(steps)))
    st.subheader(localized(entry, "title", ui()), anchor=False)
    st.text(localized(entry, "text", ui()))
    found = articles.excerpts_by_id(store, entry.get("excerpt_ids", [])) if store is not None else {}
    for excerpt_id in entry.get("excerpt_ids", []):
        if excerpt_id in found:
            st.html(excerpt_html(found[excerpt_id], ui=ui()))


def state_panel() -> None:
    """What the map shows: the period's description and sources, or the point of view's, each attributed."""
    shown = state_text(st.session_state["view"], None if st.session_state["period"] == TODAY else st.session_state["period"], ui())
    if shown is None:
        return
    title, description, legend, sources = shown
    with st.expander(title, expanded=True):
        if description:
            st.text(description)
        for text in legend:
            st.text(f"• {text}")
        if sources:
            st.html(sources_html(sources, ui()))


def positions_panel() -> None:
    """Each side's position, quoted in its own words with its translation marked; open in that side's point of view."""
    with st.expander(t("panel.positions.title"), expanded=st.session_state["view"] != "neutral"):
        st.html(positions_block(ui()))


def download_panel(options: dict, store: articles.Store | None) -> None:
    """Offer the map as one HTML file that works with no network: for e-mail, chat or a classroom computer."""
    with st.expander(t("app.share.title")):
        note(t("app.share.caption", limit=EXPORT_ARTICLE_LIMIT))
        if st.toggle(t("app.share.prepare"), key="prepare_export"):
            path = str(store.path) if store is not None else ""
            with st.spinner(t("app.share.building")):
                data = offline_html(ui(), options["lang"], options["web_tiles"], path, store.generation() if store else 0)
            st.download_button(
                t("app.share.download", name="kuril-islands-map.html", size=text_number(len(data) / 1e6, 2)), data=data,
                file_name="kuril-islands-map.html", mime="text/html", key="download_export",
            )


@st.cache_data(show_spinner=False, max_entries=16)
def handout_file(fmt: str, view: str, period: str | None, step: str | None, island: str | None, lang: str, labels: str,
                 size: str, landscape: bool) -> bytes:
    """Return a handout of this state (``layers.handout``), drawn once per state, language and paper."""
    return handout_bytes(fmt, view=view, period=period, step=step, island=island, ui=lang, labels=labels or None,
                         size=size, landscape=landscape)


@st.cache_data(show_spinner=False, max_entries=6)
def booklet_file(lang: str, labels: str, size: str) -> bytes:
    """Return the guided tour as a PDF booklet, once per language and paper."""
    return tour_booklet_bytes(ui=lang, labels=labels or None, size=size)


def handout_panel(options: dict) -> None:
    """Take the map to paper: this state (view, period, tour step, selected island, labels) as a PDF or a 300-dpi PNG,
    and the tour as a booklet, drawn with Matplotlib from the same data (no browser)."""
    state = st.session_state
    with st.expander(t("app.handout.title")):
        note(t("app.handout.caption"))
        size_column, landscape_column = st.columns(2, vertical_alignment="bottom")
        size = size_column.radio(t("app.handout.size"), ["a4", "a3"], format_func=str.upper, key="handout_size", horizontal=True)
        landscape = landscape_column.toggle(t("app.handout.landscape"), key="handout_landscape")
        if not st.toggle(t("app.handout.prepare"), key="prepare_handout"):
            return  # drawn on request: a page takes about a second
        step = tour()[state["step"]]["id"] if state.get("tour_on") and state.get("on_step") else None
        period = None if state["period"] == TODAY else state["period"]
        chosen = (state["view"], period, step, state["island"], ui(), options["lang"], size, landscape)
        with st.spinner(t("app.handout.drawing")):
            pdf = handout_file("pdf", *chosen)
            png = handout_file("png", *chosen)
            booklet = booklet_file(ui(), options["lang"], size)
        name = f"kuril-islands-{step or period or state['view']}-{ui()}-{size}"
        pdf_column, png_column, booklet_column = st.columns(3)
        pdf_column.download_button(t("app.handout.pdf", size=text_number(len(pdf) / 1e3, 0)), data=pdf,
                                   file_name=f"{name}.pdf", mime="application/pdf", key="download_handout_pdf")
        png_column.download_button(t("app.handout.png"), data=png, file_name=f"{name}.png", mime="image/png",
                                   key="download_handout_png")
        booklet_column.download_button(t("app.handout.booklet", count=booklet_page_count()), data=booklet,
                                       file_name=f"kuril-islands-tour-{ui()}-{size}.pdf", mime="application/pdf",
                                       key="download_booklet")


def facts_panel() -> None:
    """The distances table; open when the tour's step shows it (its ``layers`` name ``facts``)."""
    state = st.session_state
    shown = bool(state.get("tour_on") and state.get("on_step") and "facts" in tour()[state["step"]]["layers"])
    with st.expander(t("panel.distances.title"), expanded=shown):
        st.html(distances_html(ui()))


# --- page --------------------------------------------------------------------------------------------------


def state_controls() -> None:
    """The point of view and the period: at the top of the panel, as in the export, and inside the fragment,
    so that switching them reruns only the map and the panel."""
    view_names = {entry["id"]: localized(entry, "name", ui()) for entry in views()}
    st.radio(t("panel.pointOfView"), list(view_names), format_func=view_names.get, key="view", on_change=left_step,
             horizontal=True)
    note(t("panel.pointOfViewHelp"))
    period_names = {TODAY: t("panel.today")} | {
        entry["id"]: t("panel.period", year=str(entry["year"]), title=localized(entry, "title", ui())) for entry in periods()
    }
    st.selectbox(t("panel.history"), list(period_names), format_func=period_names.get, key="period", on_change=left_step,
                 placeholder=t("app.choose"))
    note(t("panel.historyHelp"))


def sidebar() -> None:
    """Draw the sidebar; its widgets keep their values in ``st.session_state`` (read by :func:`map_options`)."""
    with st.sidebar:
        st.header(t("app.sidebar.map"), anchor=False)
        labels = {"": t("app.sidebar.labelsSame", language=LANGUAGE_NAMES[ui()]), **LABEL_LANGUAGES}
        st.selectbox(t("app.sidebar.labels"), list(labels), format_func=labels.get, key="lang", placeholder=t("app.choose"))
        st.subheader(t("app.sidebar.layers"), anchor=False)
        for name in SIDEBAR_LAYERS:
            st.checkbox(layer_name(name, ui()), key=f"layer_{name}")
        st.toggle(t("app.sidebar.webTiles"), key="web_tiles")
        note(t("app.sidebar.webTilesHelp"))
        st.subheader(t("app.sidebar.classroom"), anchor=False)
        st.toggle(t("panel.largeType"), key="large")


def header() -> None:
    """The title, and the two switches a reader needs first, beside it: the interface language (each language by its
    own name, so a reader who does not read the current one still finds theirs) and the guided tour. The sidebar,
    folded at first, holds the map's options, so that the map takes the width."""
    title, switches = st.columns([3, 2], vertical_alignment="center")
    with title:
        st.title(t("app.title"), anchor=False)
        note(t("app.caption"))
    with switches:
        st.radio(t("common.interfaceLanguage") + (" · Язык · 言語" if ui() == "en" else ""), list(LANGUAGES),
                 format_func=LANGUAGE_NAMES.get, key="ui", horizontal=True)
        st.toggle(t("panel.tour"), key="tour_on", on_change=tour_toggled)


def map_options() -> dict:
    """Return the map options the sidebar's widgets hold (in session state before the script runs, so the map,
    drawn first, need not wait for the sidebar)."""
    state = st.session_state
    hidden = tuple(name for name in SIDEBAR_LAYERS if not state[f"layer_{name}"])
    return {"lang": state["lang"], "web_tiles": state["web_tiles"], "hidden": hidden, "large": state["large"]}


@st.fragment
def map_and_panel(store: articles.Store | None, options: dict) -> None:
    """The map and the island panel: a click on the map, or a picked excerpt, reruns only this."""
    if st.session_state.pop("rerun_app", False):
        st.rerun(scope="app")  # the link's view, period or step must reach the sidebar too
    try:
        map_and_panel_body(store, options)
    except (DataFileError, articles.StoreError) as err:
        st.error(markdown_literal(str(err)))


def map_and_panel_body(store: articles.Store | None, options: dict) -> None:
    left, right = st.columns(list(COLUMNS), gap="medium")
    with left:
        kuril_map(
            key="map",
            data={
                "url": map_page_url(), "title": t("map.title"), "height": MAP_MIN_HEIGHT_PX, "lang": ui(),
                "linkRead": bool(st.session_state.get("url_read")), "ignoreParams": list(STREAMLIT_PARAMS),
                "state": client_state(picked_excerpt(store), options),
            },
            height="content",
            on_island_change=on_island_clicked,
            on_link_change=on_link_read,
        )
    with right:
        state_controls()
        state_panel()
        positions_panel()
        island_id = st.session_state["island"]
        if island_id or st.session_state["excerpt"]:
            st.button(t("panel.clearSelection"), on_click=clear_selection, key="clear_selection")
        if island_id:
            facts, heading = island_facts(island_id, ui())
            st.html(facts)
            if store is not None:
                island_excerpts(store, island_id, heading)
        else:
            st.info(t("panel.hint"))
        if store is not None:
            article_list(store)


def page() -> None:
    """Draw the page: title, tour, the map with its panel, the sidebar, distances, sharing and uploads."""
    map_page_url()
    for name, value in SESSION_DEFAULTS.items():
        st.session_state.setdefault(name, value)
    # Nothing in the address bar for the map: no link to wait for (the client reads and reports one otherwise).
    st.session_state.setdefault("url_read", not any(name not in STREAMLIT_PARAMS for name in st.query_params))
    options = map_options()
    store, problems, error = open_articles()

    header()
    st.html(panel_stylesheet())
    # Notices and the tour always take their slots, filled or not: the map after them keeps its place in the
    # page, so turning the tour on or a new notice never remounts it.
    notices, tour_box = st.container(), st.container()
    map_and_panel(store, options)
    with notices:
        if error:
            st.error(markdown_literal(error))
        if problems:
            with st.expander(t("app.skipped", count=len(problems)), icon="⚠️"):
                for problem in problems:
                    st.warning(markdown_literal(t("app.skippedOne", message=message_of(problem, ui()))))
    if st.session_state.get("tour_on"):
        with tour_box:
            tour_panel(store)
    sidebar()
    facts_panel()
    download_panel(options, store)
    handout_panel(options)
    upload_panel(store)


def main() -> None:
    start_language()
    st.set_page_config(page_title=t("app.pageTitle"), page_icon="🗺️", layout="wide", initial_sidebar_state="collapsed")
    try:
        island_table()
        page()
    except DataFileError as err:
        # A missing or corrupt data file: say which and how to restore it (geo.datafile), never a traceback.
        st.error(markdown_literal(str(err)))


if __name__ == "__main__":
    main()
