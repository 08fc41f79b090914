"""The exported file in headless Chromium with every request off this machine blocked."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from browser import OfflinePage
from map_page import wait_for_map
from playwright.sync_api import expect

from geo.articles import parse_article
from geo.facts import teacher_facts
from geo.history import period_ids
from geo.linking import link_articles
from geo.state import QUOTE_LIMIT
from geo.store import PAGE_SIZE
from geo.tour import step_bounds, step_state, tour
from geo.views import view_ids
from layers.export import build_export, export_frames, export_html
from layers.export import host as export_host
from layers.export.panel import panel_data
from layers.html_io import write_atomic
from layers.i18n import text
from layers.map.states import MapState, period_state, view_state
from layers.style import HIGHLIGHT_EDGE, JP_FILL, RU_FILL, STATE_PATTERNS, STATE_STYLES

LEGEND_TITLE = text("map.legend.title", "en")

pytestmark = pytest.mark.browser

HOSTILE = Path(__file__).parent / "fixtures" / "export" / "2025-09-01-hostile-markup.md"
SEED_DISPUTE = "2025-07-15-ians-japan-ready-to-resume-peace-talks#p8"
HOSTILE_P1 = "2025-09-01-hostile-markup#p1"
HIGHLIGHTED = f"path[stroke='{HIGHLIGHT_EDGE}']"
# folium names the map's variable after its div's id.
MAP_VIEW = "() => { const m = window[document.querySelector('.folium-map').id]; return [m.getZoom(), m.getCenter().lat, m.getCenter().lng]; }"


@pytest.fixture(scope="module")
def export_file(tmp_path_factory) -> Path:
    hostile = parse_article(HOSTILE.read_bytes(), HOSTILE.name)
    return write_atomic(tmp_path_factory.mktemp("export") / "kurils.html", export_html(extra_articles=[hostile]))


@pytest.fixture
def opened(offline_page: OfflinePage, export_file: Path) -> OfflinePage:
    page = offline_page.page
    offline_page.dialogs = []
    page.on("dialog", lambda dialog: (offline_page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(export_file.as_uri())
    wait_for_map(page, timeout=30_000)
    return offline_page


def click_island(page, island_id: str, attempts: int = 3) -> None:
    """Click the island where its label is anchored (a point inside it; the label text sits beside it and lets
    clicks through) until the panel shows its facts; a click that landed is never repeated."""
    facts = page.locator(f".kuril-panel-facts [data-island='{island_id}']")
    for _ in range(attempts):
        x, y = page.evaluate(
            "id => { const r = document.querySelector(`.kuril-label[data-island='${id}']`).parentElement"
            ".getBoundingClientRect(); return [r.x, r.y]; }",
            island_id,
        )
        page.mouse.click(x, y)
        try:
            facts.wait_for(timeout=3_000)
            return
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: the map was still settling; try again
            continue
    facts.wait_for(timeout=1)


def test_the_file_draws_the_map_offline_with_no_failed_request(opened):
    page = opened.page
    assert page.locator("path.leaflet-interactive").count() > 20
    assert page.locator(".kuril-label[data-island='kunashir']").is_visible()
    assert "Administered by Russia" in page.locator(".kuril-legend").inner_text()
    assert page.locator("#kuril-panel .kuril-article").count() == 2
    assert opened.network.problems() == {}
    opened.screenshot("export_initial.png")


def test_clicking_kunashir_shows_its_excerpt_then_the_excerpt_highlights_its_islands(opened):
    page = opened.page
    click_island(page, "kunashir")
    excerpt = page.locator(f".kuril-panel-related article[data-excerpt='{SEED_DISPUTE}']")
    excerpt.wait_for(timeout=5_000)
    assert "names this island" in excerpt.inner_text().lower()
    assert excerpt.locator("mark[data-place='kunashir']").count() == 1
    assert "Yuzhno-Kurilsky" in page.locator(".kuril-panel-facts").inner_text()
    assert page.locator(HIGHLIGHTED).count() == 1  # the clicked island
    opened.screenshot("export_kunashir.png")

    before = page.evaluate(MAP_VIEW)
    excerpt.locator("button.kuril-excerpt-pick").click()
    # Iturup, Kunashir, Shikotan and the Habomai islets (drawn polygons and the two rocks kept as points).
    page.wait_for_function(f"() => document.querySelectorAll(\"{HIGHLIGHTED}\").length >= 4", timeout=5_000)
    page.wait_for_function(f"() => ({MAP_VIEW})()[0] > {before[0]}", timeout=5_000)
    assert excerpt.get_attribute("class").split().count("kuril-excerpt-selected") == 1
    assert opened.network.problems() == {}
    page.wait_for_timeout(400)  # let the zoom animation end, for the screenshot
    opened.screenshot("export_excerpt_highlight.png")


def test_keyboard_tab_to_an_excerpt_and_enter_shows_its_islands(opened):
    page = opened.page
    before = page.evaluate(MAP_VIEW)
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => { const b = document.activeElement.closest('[data-excerpt]'); return b && b.dataset.excerpt; }")
        if focused == SEED_DISPUTE:
            break
    else:
        pytest.fail(f"Tab never reached the excerpt {SEED_DISPUTE}")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused excerpt shows no focus ring"
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll(\"{HIGHLIGHTED}\").length >= 4", timeout=5_000)
    page.wait_for_function(f"() => ({MAP_VIEW})()[0] > {before[0]}", timeout=5_000)
    assert page.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "true"
    page.wait_for_timeout(400)
    opened.screenshot("export_keyboard.png")


def test_a_script_laden_article_executes_nothing_and_shows_its_text_literally(opened):
    page = opened.page
    click_island(page, "kunashir")
    hostile = page.locator(f".kuril-panel-related article[data-excerpt='{HOSTILE_P1}']")
    hostile.wait_for(timeout=5_000)
    hostile.locator("button").click()
    page.wait_for_timeout(300)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert opened.dialogs == []
    assert "<script>window.__pwned=1</script>" in hostile.inner_text()
    panel = page.locator("#kuril-panel")
    text = panel.inner_text()
    assert '<img src=x onerror="window.__pwned=1;alert(1)">' in text
    assert '<a href="javascript:window.__pwned=1">Shikotan</a>' in text
    assert "{{ 7*7 }}" in text
    assert panel.locator("script, img, iframe, svg, a[href^='javascript']").count() == 0
    assert "<script>window.__pwned=1</script> Hostile title" in text
    assert opened.network.problems() == {}
    opened.screenshot("export_hostile.png")


def test_on_a_narrow_screen_the_panel_is_a_drawer_that_opens_on_a_click(opened):
    page = opened.page
    page.set_viewport_size({"width": 400, "height": 760})
    page.reload()
    wait_for_map(page, timeout=10_000)
    assert page.locator(".kuril-legend details").get_attribute("open") is None  # folded, not covering the map
    toggle = page.locator(".kuril-panel-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator(".kuril-panel-body").is_visible()
    map_width = page.evaluate("() => document.querySelector('.folium-map').getBoundingClientRect().width")
    assert map_width == 400
    click_island(page, "kunashir")
    assert toggle.get_attribute("aria-expanded") == "true"
    # The drawer takes the bottom of the screen and the map the top; the island stays in view above it.
    map_box = page.locator(".folium-map").bounding_box()
    panel_box = page.locator("#kuril-panel").bounding_box()
    assert map_box["y"] + map_box["height"] <= panel_box["y"] + 2
    page.wait_for_timeout(400)
    assert page.locator(HIGHLIGHTED).count() == 1
    highlight_box = page.locator(HIGHLIGHTED).bounding_box()
    assert highlight_box["y"] < panel_box["y"]
    opened.screenshot("export_narrow.png")


# --- classroom controls: points of view, timeline, tour, links, large type (layers/client, layers/export/host.py) ----

# The state the map client drew (layers/client/templates/client.js) and the one the panel describes (host.js).
SHOWN_STATE = "() => document.documentElement.dataset.kurilState"
PANEL_STATE = "() => document.getElementById('kuril-class').dataset.state"
MESSAGE = ".kuril-message"
MESSAGE_TEXT = ".kuril-message .kuril-message-text"
# Filled paths by fill colour (lower case); hatched ones count as "pattern". A fill at opacity 0 is an outline.
DRAWN_FILLS = """() => {
    const counts = {};
    document.querySelectorAll('.leaflet-overlay-pane path').forEach(path => {
        const fill = (path.getAttribute('fill') || '').toLowerCase();
        if (!fill || fill === 'none' || parseFloat(path.getAttribute('fill-opacity') || '1') === 0) { return; }
        const key = fill.startsWith('url(') ? 'pattern' : fill;
        counts[key] = (counts[key] || 0) + 1;
    });
    return counts;
}"""
# The hatched shapes on the map with no filled shape of the same feature drawn under them (before them in the SVG): a
# hatch drawn in place of its fill (a fill pattern replaces the fill colour in Leaflet), or under it.
UNFILLED_HATCHES = """() => {
    const shapes = [];
    window.kurilMap.map.eachLayer(layer => { if (layer instanceof L.Path && layer.feature && layer._path) { shapes.push(layer); } });
    const fills = shapes.filter(s => s.options.fill && !s.options.fillPattern && s.options.fillOpacity > 0);
    const under = (fill, hatch) => Boolean(fill._path.compareDocumentPosition(hatch._path) & Node.DOCUMENT_POSITION_FOLLOWING);
    return shapes.filter(s => s.options.fillPattern && !fills.some(f => f.feature === s.feature && under(f, s)))
                 .map(s => s.feature.properties.id);
}"""
STEP_IN_VIEW = """([south, west, north, east]) => {
    const m = window[document.querySelector('.folium-map').id];
    return m.getBounds().contains([(south + north) / 2, (west + east) / 2]);
}"""
PERIOD_SHOTS = {"1855-shimoda", "1905-portsmouth", "1945-soviet-occupation", "1956-joint-declaration"}
TOUR_SHOTS = {"shimoda", "joint-declaration"}


def expected_fills(state: MapState) -> set[str]:
    """Return what a state must draw: the fill colour of each style it uses (areas and islands), and 'pattern' over
    it if hatched (a hatch replaces no fill: Russia's administration still shows under Japan's claim)."""
    keys = set(state.areas["style"]) | set(state.island_styles.values())
    fills = set()
    for key in keys:
        spec = STATE_STYLES[key]
        if key in STATE_PATTERNS:
            fills.add("pattern")
        if spec.get("fill", True):
            fills.add(spec["fillColor"].lower())
    return fills


def assert_shows(page, state: MapState | None) -> None:
    """Assert the page shows ``state`` (None: the neutral view today): the legend's title and items, and its fills."""
    wanted = "neutral" if state is None else state.id
    page.wait_for_function(f"() => ({SHOWN_STATE})() === {wanted!r}", timeout=5_000)
    assert page.evaluate(PANEL_STATE) == wanted  # the panel describes the state the map shows
    legend = page.locator(".kuril-legend").inner_text()
    fills = page.evaluate(DRAWN_FILLS)
    if state is None:
        assert LEGEND_TITLE in legend and "Administered by Russia" in legend and "Claimed by Japan" in legend
        assert fills.get(RU_FILL.lower(), 0) > 20 and fills.get("pattern", 0) >= 1  # every island, the claim hatch
        assert JP_FILL.lower() not in fills
        return
    assert state.title in legend, (state.id, legend)
    for item in state.legend:
        assert item.text in legend, (state.id, item.text)
    expected = expected_fills(state)
    assert expected <= set(fills), (state.id, expected, fills)
    assert page.evaluate(UNFILLED_HATCHES) == [], f"{state.id}: a hatch drawn without its fill under it"
    if "pattern" not in expected:
        assert "pattern" not in fills, f"{state.id}: today's claim hatch is still drawn"


def open_at(offline_page: OfflinePage, export_file: Path, fragment: str):
    """Open the file afresh at ``#fragment`` (a fragment change alone would not reload the page)."""
    page = offline_page.page
    page.goto("about:blank")
    page.goto(export_file.as_uri() + fragment)
    # A tour step may hide the clickable islands, and a horizontal boundary line has an empty box (never
    # "visible"): wait for the drawn paths, whatever they are, and for the client and the panel.
    page.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 20", timeout=10_000)
    page.wait_for_function(f"() => !!window.kurilMap && !!({SHOWN_STATE})() && !!({PANEL_STATE})()", timeout=5_000)
    return page


def test_each_point_of_view_and_each_period_shows_its_fills_and_its_legend(opened):
    page = opened.page
    assert_shows(page, None)
    for view_id in [*view_ids()[1:], view_ids()[0]]:  # russia, japan, then back to neutral
        button = page.locator(f".kuril-view-buttons button[data-view='{view_id}']")
        button.click()
        assert button.get_attribute("aria-pressed") == "true"
        assert_shows(page, None if view_id == "neutral" else view_state(view_id))
        assert page.evaluate("location.hash") == ("" if view_id == "neutral" else f"#view={view_id}")
        page.wait_for_timeout(150)
        opened.screenshot(f"export_view_{view_id}.png")
    for period_id in period_ids():
        page.select_option("#kuril-period", period_id)
        state = period_state(period_id)
        assert_shows(page, state)
        assert state.title in page.locator(".kuril-state-title").inner_text()
        assert page.locator(".kuril-view-buttons button[data-view='neutral']").get_attribute("aria-pressed") == "true"
        if period_id in PERIOD_SHOTS:
            page.wait_for_timeout(150)
            opened.screenshot(f"export_period_{period_id[:4]}.png")
    page.select_option("#kuril-period", "")  # Today: the map as drawn, claim hatch and all
    assert_shows(page, None)
    assert opened.network.problems() == {}


def test_the_tour_walks_every_step_by_buttons_and_arrow_keys(opened):
    page = opened.page
    steps = tour()
    page.locator(".kuril-tour-toggle").click()
    title = page.locator(".kuril-tour-title")

    def check(index: int) -> None:
        step = steps[index]
        page.wait_for_function(f"() => document.querySelector('.kuril-tour').dataset.step === {step['id']!r}", timeout=5_000)
        assert title.inner_text() == step["title_en"]
        assert page.locator(".kuril-tour-count").inner_text() == f"Step {index + 1} of {len(steps)}"
        view_id, period_id = step_state(step)
        assert_shows(page, period_state(period_id) if period_id else (None if view_id == "neutral" else view_state(view_id)))
        (south, west), (north, east) = step_bounds(step)
        page.wait_for_function(STEP_IN_VIEW, arg=[south, west, north, east], timeout=5_000)
        assert page.evaluate("location.hash") == f"#step={step['id']}"
        if step["id"] in TOUR_SHOTS:
            page.wait_for_timeout(400)
            opened.screenshot(f"export_tour_{step['id']}.png")

    check(0)
    assert page.locator(".kuril-tour-prev").is_disabled()
    for index in range(1, len(steps)):  # Next by button and by key, in turn
        if index % 2:
            page.locator(".kuril-tour-next").click()
        else:
            page.keyboard.press("ArrowRight")
        check(index)
    assert page.locator(".kuril-tour-next").is_disabled()
    page.keyboard.press("ArrowRight")  # past the end: stays on the last step
    check(len(steps) - 1)
    for index in range(len(steps) - 2, -1, -1):
        if index % 2:
            page.locator(".kuril-tour-prev").click()
        else:
            page.keyboard.press("ArrowLeft")
        check(index)
    # A step's excerpt is the article panel's own: picking it outlines its islands.
    first = steps[0]["excerpt_ids"][0]
    page.locator(f".kuril-tour-excerpts [data-excerpt='{first}'] button").click()
    page.wait_for_function(f"() => document.querySelectorAll(\"{HIGHLIGHTED}\").length >= 4", timeout=5_000)
    assert opened.network.problems() == {}


def test_links_open_a_step_a_view_a_year_and_an_island_and_unknown_values_get_a_message(offline_page, export_file):
    page = open_at(offline_page, export_file, "#step=portsmouth")
    portsmouth = next(step for step in tour() if step["id"] == "portsmouth")
    assert page.locator(".kuril-tour").is_visible()
    assert page.locator(".kuril-tour-title").inner_text() == portsmouth["title_en"]
    assert_shows(page, period_state("1905-portsmouth"))
    assert page.locator(MESSAGE).count() == 1 and not page.locator(MESSAGE).is_visible()

    page = open_at(offline_page, export_file, "#view=atlantis")
    message = page.locator(MESSAGE_TEXT)
    assert message.is_visible()
    assert "Unknown view 'atlantis'; choose neutral, russia, japan." in message.inner_text()
    assert "default map" in message.inner_text()
    assert_shows(page, None)
    offline_page.screenshot("export_link_unknown_view.png")

    page = open_at(offline_page, export_file, "#year=1905&island=kunashir")
    assert_shows(page, period_state(1905))
    page.locator(".kuril-panel-facts [data-island='kunashir']").wait_for(timeout=5_000)
    assert page.evaluate("location.hash") == "#year=1905&island=kunashir"

    page = open_at(offline_page, export_file, "#view=japan")
    assert_shows(page, view_state("japan"))
    assert not page.locator(MESSAGE).is_visible()  # a good link after a bad one: no message left over
    page = open_at(offline_page, export_file, "#year=1800&step=atlantis")
    assert message.is_visible() and message.inner_text().count("Unknown") == 2
    assert_shows(page, None)
    page.locator(".kuril-message-close").click()  # the message closes with its button
    assert not page.locator(MESSAGE).is_visible()
    assert offline_page.network.problems() == {}


# Link values that name a property every JavaScript object has, and one far too long to echo whole: each gets a
# message quoting it (cut to geo.state.QUOTE_LIMIT characters) and the default map, claim hatch and all.
LONG_VALUE = "k" * 2_000
HOSTILE_LINKS = [
    ("#view=constructor", "Unknown view 'constructor'; choose neutral, russia, japan."),
    ("#view=__proto__", "Unknown view '__proto__'; choose neutral, russia, japan."),
    ("#island=toString", "Unknown island 'toString'; known islands:"),
    ("#step=hasOwnProperty", "Unknown tour step 'hasOwnProperty'; choose one of"),
    ("#year=constructor", "Unknown year 'constructor'; give a year from 1855 on, or a period id."),
    ("#__proto__=japan", "Unknown link part '__proto__'; use view, year, step, island, lang."),
    (f"#view={LONG_VALUE}", f"Unknown view '{LONG_VALUE[:QUOTE_LIMIT]}…'; choose neutral, russia, japan."),
    # A value that looks like a message's own placeholder or a replacement pattern is quoted as it is.
    ("#view=%7Baccepted%7D", "Unknown view '{accepted}'; choose neutral, russia, japan."),
    ("#view=%24%27%24%26", "Unknown view '$'$&'; choose neutral, russia, japan."),
]


@pytest.mark.parametrize(("fragment", "expected"), HOSTILE_LINKS, ids=lambda value: str(value)[:24])
def test_a_link_naming_an_objects_own_property_or_too_long_gets_a_message_and_the_default_map(
    offline_page, export_file, fragment, expected
):
    page = open_at(offline_page, export_file, fragment)
    message = page.locator(MESSAGE_TEXT)
    assert message.is_visible()
    text = message.inner_text()
    assert expected in text and "Showing the default map." in text, text
    assert LONG_VALUE[: QUOTE_LIMIT + 1] not in text  # a long value is never echoed whole
    assert page.evaluate(SHOWN_STATE) == "neutral"
    assert_shows(page, None)  # Japan's claim layer is still drawn: the hatched paths are there
    state = page.evaluate("() => window.kurilMap.state")
    assert (state["view"], state["period"], state["step"], state["island"]) == ("neutral", None, None, None)
    assert page.evaluate("location.hash") == ""  # the address shows the default map's link
    assert offline_page.network.page_errors == []
    assert offline_page.network.problems() == {}


def test_large_type_the_distances_table_and_the_controls_work_from_the_keyboard(opened):
    page = opened.page
    label = page.locator(".kuril-label[data-island='kunashir']")
    before = page.evaluate("el => parseFloat(getComputedStyle(el).fontSize)", label.element_handle())
    page.locator(".kuril-large-toggle").click()
    after = page.evaluate("el => parseFloat(getComputedStyle(el).fontSize)", label.element_handle())
    assert page.evaluate("document.body.classList.contains('kuril-large')") and after > before
    assert page.locator(".kuril-large-toggle").get_attribute("aria-pressed") == "true"
    opened.screenshot("export_large_type.png")
    page.locator(".kuril-large-toggle").click()

    page.locator(".kuril-distances summary").click()
    rows = page.locator(".kuril-distances-table tbody tr")
    facts = teacher_facts()
    assert rows.count() == len(facts)
    first = rows.nth(0).inner_text()
    assert facts.iloc[0]["label_en"] in first and f"{facts.iloc[0]['computed_km']:.2f} km" in first
    assert f"{facts.iloc[0]['published_km']:g} km" in first
    # The app's columns: what, computed, published, difference, source.
    assert page.locator(".kuril-distances-table thead th").count() == 5
    assert f"{abs(facts.iloc[0]['difference_km']):.2f} km" in first

    # Tab to Russia's view, press Enter: a real button with a visible focus ring.
    page.locator(".kuril-view-buttons button[data-view='neutral']").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.view") == "russia"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("", "none")
    page.keyboard.press("Enter")
    assert_shows(page, view_state("russia"))
    page.keyboard.press("Tab")  # past Japan's view, on to the timeline: a select the keyboard changes
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "kuril-period"
    page.keyboard.press("ArrowDown")
    assert_shows(page, period_state(period_ids()[0]))
    assert opened.network.problems() == {}


TOPMOST_FILL = """([lat, lon]) => {
    // The fill the reader sees at a point: the last painted path over it in the SVG (later paths paint on top).
    const at = kurilMap.map.latLngToLayerPoint([lat, lon]);
    const paths = [...kurilMap.map.getPanes().overlayPane.querySelectorAll('path')].reverse();
    const top = paths.find(path => {
        const fill = path.getAttribute('fill');
        return fill && fill !== 'none' && !fill.startsWith('url(') && Number(path.getAttribute('fill-opacity') || 1) > 0
            && path.isPointInFill(new DOMPoint(at.x, at.y));
    });
    return top ? top.getAttribute('fill') : null;
}"""


def test_a_period_s_fills_are_seen_over_the_land_not_hidden_under_it(opened):
    """In 1905 southern Sakhalin is Japan's and northern Sakhalin Russia's: the reader must see those fills,
    drawn above the land layer (which is opaque), at a point inside each half."""
    page = opened.page
    page.evaluate("() => { location.hash = '#year=1905'; }")
    page.wait_for_function("() => document.documentElement.dataset.kurilState === '1905-portsmouth'")
    assert page.evaluate(TOPMOST_FILL, [46.96, 142.73]) == STATE_STYLES["jp"]["fillColor"]
    assert page.evaluate(TOPMOST_FILL, [51.8, 143.1]) == STATE_STYLES["ru"]["fillColor"]
    page.evaluate("() => { location.hash = ''; }")
    page.wait_for_function("() => document.documentElement.dataset.kurilState === 'neutral'")
    assert page.evaluate(TOPMOST_FILL, [46.96, 142.73]) not in (STATE_STYLES["jp"]["fillColor"], STATE_STYLES["ru"]["fillColor"])


# --- a panel that scales: paged, filtered and searched lists (layers/export/templates/host.js) ----------------------

PAGED_LANGS = ("en", "ru", "ja")
PAGED_COUNT = 35
UNDATED = {6, 13}  # articles with no date: last in "All articles"
MARKUP = '<img src=x onerror="window.__pwned=1">'
ISLAND_ITEMS = ".kuril-panel-related .kuril-list-items > .kuril-excerpt"
ARTICLE_ITEMS = ".kuril-panel-articles .kuril-list-items > .kuril-article"


def paged_title(number: int) -> str:
    return {"en": f"Harbour report {number:02d}", "ru": f"Сводка {number:02d}", "ja": f"港の報告{number:02d}"}[
        PAGED_LANGS[number % 3]
    ]


def paged_article(number: int) -> str:
    """One small article naming Kunashir in its language (every third one in each), dated 2024-01-01 + number days."""
    lang = PAGED_LANGS[number % 3]
    text = {
        "en": f"Kunashir harbour report, code{number:02d}: the ferry is late.",
        "ru": f"На Кунашире ёлки и рыба, сводка code{number:02d}.",
        "ja": f"国後島の港の報告、コード{number:02d}。",
    }[lang]
    if number == 9:
        text += f" Kunashir {MARKUP} in the text."
    date = "" if number in UNDATED else f"date: {dt.date(2024, 1, 1) + dt.timedelta(days=number)}\n"
    return f"---\ntitle: {paged_title(number)}\n{date}language: {lang}\n---\n\n{text}\n\nA paragraph that names no place, number {number}.\n"


def write_paged_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(PAGED_COUNT):
        (folder / f"paged-{number:02d}.md").write_text(paged_article(number), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def paged_folder(tmp_path_factory) -> Path:
    return write_paged_articles(tmp_path_factory.mktemp("paged") / "articles")


@pytest.fixture(scope="module")
def paged_export(tmp_path_factory, paged_folder) -> tuple[Path, dict]:
    """The export of the generated articles plus the hostile one, and the panel data it was built from."""
    hostile = parse_article(HOSTILE.read_bytes(), HOSTILE.name)
    export = build_export(articles_dir=paged_folder, extra_articles=[hostile])
    data = panel_data(link_articles(export.articles), export_frames()[0])
    return write_atomic(tmp_path_factory.mktemp("paged-export") / "kurils.html", export.html), data


def open_island(offline_page: OfflinePage, file: Path, island_id: str = "kunashir"):
    page = open_at(offline_page, file, f"#island={island_id}")
    # Attached, not visible: on a narrow screen a link leaves the drawer closed.
    page.locator(f".kuril-panel-facts [data-island='{island_id}']").wait_for(state="attached", timeout=5_000)
    return page


def show_all(more) -> None:
    """Press "Show more" until it is gone (a bounded number of times: a button that never goes fails the test)."""
    for _ in range(PAGED_COUNT):
        if not more.is_visible():
            return
        more.click()
    pytest.fail("'Show more' is still there after every item was shown")


def search_for(page, box: str, term: str) -> None:
    """Type ``term`` into the list's search box and wait until the list shows its results (after the typing pause)."""
    page.locator(f"{box} input.kuril-list-search").fill(term)
    page.wait_for_function(
        "([box, term]) => document.querySelector(box).getAttribute('data-query') === term", arg=[box, term], timeout=5_000
    )


def shown_ids(page, items: str, attribute: str = "data-excerpt") -> list[str]:
    return page.locator(items).evaluate_all(f"nodes => nodes.map(n => n.getAttribute({attribute!r}))")


def test_an_islands_excerpts_come_a_page_at_a_time_with_a_count(offline_page, paged_export):
    file, data = paged_export
    entries = data["islands"]["kunashir"]["excerpts"]
    total = len(entries)
    assert total > 3 * PAGE_SIZE  # three pages and a bit: the generated articles plus the hostile one
    expected = [data["excerpts"][index]["id"] for index, _ in entries]
    page = open_island(offline_page, file)
    related = page.locator(".kuril-panel-related")
    expect(related.locator(".kuril-list-count")).to_have_text(f"{total} excerpts")
    assert related.locator(".kuril-list-count").get_attribute("aria-live") == "polite"
    assert shown_ids(page, ISLAND_ITEMS) == expected[:PAGE_SIZE]  # panel_data's order, the first page only
    more = related.locator("button.kuril-list-more")
    assert more.inner_text() == f"Show more ({total - PAGE_SIZE} left)"
    offline_page.screenshot("export_paged_island.png")

    more.focus()
    page.keyboard.press("Enter")  # a real button: the keyboard works it
    assert shown_ids(page, ISLAND_ITEMS) == expected[: 2 * PAGE_SIZE]
    # The focus moved to the first new excerpt.
    assert page.evaluate("() => document.activeElement.dataset.excerpt") == expected[PAGE_SIZE]
    assert more.inner_text() == f"Show more ({total - 2 * PAGE_SIZE} left)"
    show_all(more)
    assert shown_ids(page, ISLAND_ITEMS) == expected

    # Picking an excerpt of a later page outlines its islands, as on the first page.
    last = page.locator(f"{ISLAND_ITEMS}[data-excerpt='{expected[-1]}']")
    last.locator("button.kuril-excerpt-pick").click()
    expect(last).to_have_class(re.compile(r"\bkuril-excerpt-selected\b"))
    assert page.locator(HIGHLIGHTED).count() >= 1
    assert offline_page.network.page_errors == [] and offline_page.network.problems() == {}


def test_the_language_filter_offers_the_languages_present_by_their_own_names(offline_page, paged_export):
    file, data = paged_export
    entries = data["islands"]["kunashir"]["excerpts"]
    by_lang = {lang: [data["excerpts"][i]["id"] for i, _ in entries if data["excerpts"][i]["lang"] == lang] for lang in PAGED_LANGS}
    page = open_island(offline_page, file)
    related = page.locator(".kuril-panel-related")
    select = related.locator("select.kuril-list-lang")
    label_for = related.locator("label", has_text="Language").get_attribute("for")
    assert label_for and label_for == select.get_attribute("id")
    options = select.locator("option").evaluate_all("nodes => nodes.map(n => [n.value, n.textContent, n.lang])")
    assert options == [["", "All languages", ""], ["en", "English", "en"], ["ru", "Русский", "ru"], ["ja", "日本語", "ja"]]

    select.select_option("ru")
    expect(related.locator(".kuril-list-count")).to_have_text(f"{len(by_lang['ru'])} of {len(entries)} excerpts")
    assert shown_ids(page, ISLAND_ITEMS) == by_lang["ru"][:PAGE_SIZE]
    assert set(shown_ids(page, ISLAND_ITEMS, "data-lang")) == {"ru"}
    select.select_option("ja")
    assert shown_ids(page, ISLAND_ITEMS) == by_lang["ja"][:PAGE_SIZE]
    assert set(shown_ids(page, ISLAND_ITEMS, "data-lang")) == {"ja"}

    # An island no excerpt refers to says so, with no list; back on Kunashir the list starts afresh.
    page.evaluate("() => { location.hash = '#island=urup'; }")
    page.locator(".kuril-panel-facts [data-island='urup']").wait_for(timeout=5_000)
    assert not related.is_visible()
    assert page.locator(".kuril-panel-island", has_text="No excerpt names this island").is_visible()
    page.evaluate("() => { location.hash = '#island=kunashir'; }")
    page.locator(".kuril-panel-facts [data-island='kunashir']").wait_for(timeout=5_000)
    assert select.input_value() == ""
    expect(related.locator(".kuril-list-count")).to_have_text(f"{len(entries)} excerpts")


def test_typing_a_search_leaves_only_the_matching_excerpts(offline_page, paged_export):
    file, data = paged_export
    entries = data["islands"]["kunashir"]["excerpts"]
    ids = {data["excerpts"][i]["text"]: data["excerpts"][i]["id"] for i, _ in entries}
    page = open_island(offline_page, file)
    related = page.locator(".kuril-panel-related")
    search = related.locator("input.kuril-list-search")
    assert search.get_attribute("id") == related.locator("label", has_text="Search").get_attribute("for")
    count = related.locator(".kuril-list-count")

    def search_island(term: str) -> list[str]:
        search_for(page, ".kuril-panel-related", term)
        return shown_ids(page, ISLAND_ITEMS)

    # Every word must appear, in any case; "е" finds "ё".
    ru = [excerpt_id for text, excerpt_id in ids.items() if "ёлки" in text]
    assert search_island("ЕЛКИ") == ru[:PAGE_SIZE] and len(ru) > PAGE_SIZE
    expect(count).to_have_text(f"{len(ru)} of {len(entries)} excerpts")
    assert search_island("елки code04") == ["paged-04#p1"]
    # Japanese has no spaces: a substring; full-width digits are the same as ASCII ones (NFKC).
    assert search_island("報告、コード０８") == ["paged-08#p1"]
    assert search_island("ferry   CODE03") == ["paged-03#p1"]
    offline_page.screenshot("export_paged_search.png")

    assert search_island("ferry code04") == []  # code04 is a Russian article's
    message = related.locator(".kuril-list-empty")
    expect(message).to_have_text("No excerpt matches “ferry code04”")
    expect(count).to_have_text(f"0 of {len(entries)} excerpts")
    assert not related.locator("button.kuril-list-more").is_visible()

    # A search for the markup in an article finds it, shown as text; nothing runs.
    assert search_island("onerror") == ["paged-09#p1"]
    found = page.locator(ISLAND_ITEMS).first
    assert MARKUP in found.inner_text()
    assert page.locator("#kuril-panel img, #kuril-panel script").count() == 0
    assert page.evaluate("() => typeof window.__pwned") == "undefined"

    search_island("")
    expect(count).to_have_text(f"{len(entries)} excerpts")
    assert len(shown_ids(page, ISLAND_ITEMS)) == PAGE_SIZE
    assert offline_page.network.page_errors == [] and offline_page.network.problems() == {}


def test_all_articles_is_a_paged_list_newest_first_that_filters_and_searches(offline_page, paged_export):
    file, data = paged_export
    dated = [number for number in range(PAGED_COUNT) if number not in UNDATED]
    # The hostile fixture (2025-09-01) is the newest; the generated articles are dated 2024; undated ones last.
    newest_first = ["2025-09-01-hostile-markup", *(f"paged-{n:02d}" for n in sorted(dated, reverse=True))]
    total = PAGED_COUNT + 1
    page = open_at(offline_page, file, "")
    articles = page.locator(".kuril-panel-articles")
    count = articles.locator(".kuril-list-count")
    expect(count).to_have_text(f"{total} articles")
    assert shown_ids(page, ARTICLE_ITEMS, "data-article") == newest_first[:PAGE_SIZE]
    # Each article shows its title and all its excerpts, as before.
    first_generated = page.locator(f"{ARTICLE_ITEMS}[data-article='paged-34']")
    assert first_generated.locator(".kuril-article-title").inner_text() == paged_title(34)
    assert first_generated.locator(".kuril-excerpt").count() == 2
    more = articles.locator("button.kuril-list-more")
    more.click()
    assert shown_ids(page, ARTICLE_ITEMS, "data-article") == newest_first[: 2 * PAGE_SIZE]
    assert page.evaluate("() => document.activeElement.dataset.article") == newest_first[PAGE_SIZE]
    show_all(more)
    shown = shown_ids(page, ARTICLE_ITEMS, "data-article")
    assert shown[: len(newest_first)] == newest_first
    assert set(shown[len(newest_first):]) == {f"paged-{n:02d}" for n in UNDATED} and len(shown) == total

    articles.locator("select.kuril-list-lang").select_option("ja")
    ja = [f"paged-{n:02d}" for n in sorted(dated, reverse=True) if n % 3 == 2]
    expect(count).to_have_text(f"{len(ja)} of {total} articles")
    assert shown_ids(page, ARTICLE_ITEMS, "data-article") == ja[:PAGE_SIZE]
    assert set(shown_ids(page, ARTICLE_ITEMS, "data-lang")) == {"ja"}
    articles.locator("select.kuril-list-lang").select_option("")

    search_for(page, ".kuril-panel-articles", "сводка 07")  # a title (Russian, lower case)
    expect(count).to_have_text(f"1 of {total} articles")
    assert shown_ids(page, ARTICLE_ITEMS, "data-article") == ["paged-07"]
    search_for(page, ".kuril-panel-articles", "names no place, number 21")  # an excerpt's text, not the title
    expect(count).to_have_text(f"1 of {total} articles")
    assert shown_ids(page, ARTICLE_ITEMS, "data-article") == ["paged-21"]
    search_for(page, ".kuril-panel-articles", "onerror")
    expect(count).to_have_text(f"2 of {total} articles")
    assert shown_ids(page, ARTICLE_ITEMS, "data-article") == ["2025-09-01-hostile-markup", "paged-09"]
    text = articles.locator(".kuril-list-items").inner_text()
    assert MARKUP in text and '<img src=x onerror="window.__pwned=1;alert(1)">' in text
    assert page.locator("#kuril-panel img, #kuril-panel script, #kuril-panel iframe").count() == 0
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    search_for(page, ".kuril-panel-articles", "atlantis $& {query}")
    expect(articles.locator(".kuril-list-empty")).to_have_text("No article matches “atlantis $& {query}”")
    assert shown_ids(page, ARTICLE_ITEMS, "data-article") == []
    assert offline_page.network.page_errors == [] and offline_page.network.problems() == {}


def test_the_page_size_comes_from_the_store_not_the_script(offline_page, paged_folder, tmp_path, monkeypatch):
    """Built with another page size, the file shows that many: the script reads it from its data."""
    monkeypatch.setattr(export_host, "PAGE_SIZE", 4)
    file = write_atomic(tmp_path / "kurils.html", build_export(articles_dir=paged_folder).html)
    page = open_island(offline_page, file)
    assert page.locator(ISLAND_ITEMS).count() == 4
    page.locator(".kuril-panel-related button.kuril-list-more").click()
    assert page.locator(ISLAND_ITEMS).count() == 8
    assert page.locator(ARTICLE_ITEMS).count() == 4


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_screenshot_of_the_paged_panel(offline_page, paged_export, width, height):
    file, _ = paged_export
    page = offline_page.page
    page.set_viewport_size({"width": width, "height": height})
    page = open_island(offline_page, file)
    if page.locator(".kuril-panel-toggle").is_visible() and page.locator(".kuril-panel-toggle").get_attribute("aria-expanded") != "true":
        page.locator(".kuril-panel-toggle").click()
    related = page.locator(".kuril-panel-related")
    search_for(page, ".kuril-panel-related", "kunashir")
    assert related.locator(".kuril-list-items > .kuril-excerpt").count() == PAGE_SIZE
    page.evaluate("() => document.querySelector('.kuril-panel-related-title').scrollIntoView({block: 'start'})")
    offline_page.screenshot(f"export_paged_{width}x{height}.png")
    # The foot of the page: "Show more", then "All articles" with its own count and controls.
    search_for(page, ".kuril-panel-related", "")
    page.evaluate("() => document.querySelector('.kuril-panel-related .kuril-list-more').scrollIntoView({block: 'start'})")
    offline_page.screenshot(f"export_paged_more_{width}x{height}.png")
