"""The Streamlit app in headless Chromium with the outside network blocked.

The map is the client's page (served from static/) in ``iframe.kuril-map-frame``, mounted once per session
by the components-v2 bridge inside the component's shadow root: Playwright locators pierce it, and
``map_frame()`` gives the frame itself for ``evaluate``. The island panel and the tour are Streamlit.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
import map_page
from map_page import LOAD_TIMEOUT_MS, MAP_FRAME, app_idle, map_frame
from streamlit_server import app_url, hostile_app_url  # noqa: F401 - fixtures

from geo.tour import step_state, tour
from layers.style import HIGHLIGHT_EDGE

pytestmark = pytest.mark.browser

SEED_DISPUTE = "2025-07-15-ians-japan-ready-to-resume-peace-talks#p8"
#: The Streamlit container of the island panel's "Show on map" button for SEED_DISPUTE (key ``rel-<id>``).
SEED_DISPUTE_BUTTON = ".st-key-rel-2025-07-15-ians-japan-ready-to-resume-peace-talks-p8"


def settle(page, state: str) -> None:
    """Wait until the app's map shows ``state`` with no zoom running, and Streamlit has finished its runs; assert it."""
    map_page.settle(lambda: map_frame(page), state)
    app_idle(page)
    map_page.settle(lambda: map_frame(page), state)


def open_app(page, url: str, state: str = "neutral") -> None:
    page.goto(url)
    page.frame_locator(MAP_FRAME).locator(".kuril-legend").wait_for(timeout=LOAD_TIMEOUT_MS)
    settle(page, state)


def click_island(page, island_id: str, until, attempts: int = 3) -> None:
    """Click the point an island's label is anchored to (inside the island) until ``until`` shows.

    The iframe may still move once after its first paint (Streamlit's layout settling), which can move the
    map under a very early click; a click that landed is never repeated.
    """
    frame = page.frame_locator(MAP_FRAME)
    label = frame.locator(f".kuril-label[data-island='{island_id}']")
    # The label's marker has no size: its top-left corner is the island's pole of inaccessibility.
    anchor = label.locator("xpath=..")
    for _ in range(attempts):
        label.wait_for(state="visible")
        box = anchor.bounding_box()
        page.mouse.click(box["x"], box["y"])
        try:
            until.wait_for(timeout=8_000)
            return
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; try again
            continue
    until.wait_for(timeout=1)


def highlighted_paths(page) -> int:
    return page.frame_locator(MAP_FRAME).locator(f"path[stroke='{HIGHLIGHT_EDGE}']").count()


@pytest.fixture
def app_page(offline_page, app_url):  # noqa: F811 - fixture from streamlit_server
    offline_page.page.set_viewport_size({"width": 1400, "height": 900})
    open_app(offline_page.page, app_url)
    return offline_page


def test_app_draws_the_islands_offline_with_a_legend(app_page):
    frame = app_page.page.frame_locator(MAP_FRAME)
    assert frame.locator("path.leaflet-interactive").count() > 20
    assert "Administered by Russia" in frame.locator(".kuril-legend").inner_text()
    assert frame.locator(".kuril-message").is_hidden()
    assert not app_page.network.problems(), app_page.network.problems()


def test_clicking_kunashir_shows_its_facts_and_excerpts_then_an_excerpt_highlights_its_islands(app_page):
    page = app_page.page
    facts = page.locator(".kuril-popup[data-island='kunashir']")
    click_island(page, "kunashir", until=facts)
    assert "Yuzhno-Kurilsky" in facts.inner_text()
    page.wait_for_function("() => new URLSearchParams(location.search).get('island') === 'kunashir'", timeout=10_000)
    frame = map_frame(page)
    assert frame.evaluate("() => kurilMap.state.island") == "kunashir"
    excerpt = page.locator(f"article.kuril-excerpt[data-excerpt='{SEED_DISPUTE}']").first
    excerpt.wait_for()
    assert "names this island" in excerpt.inner_text().lower()
    assert excerpt.locator("mark[data-place='kunashir']").count() == 1
    app_page.screenshot("app_kunashir.png")

    frame_element = page.locator(MAP_FRAME).element_handle()
    frame.evaluate("() => { window.__mark = 1; window.__client = window.kurilMap; }")
    # By role: Streamlit keeps a hidden copy of a button with help= beside the one shown.
    page.locator(SEED_DISPUTE_BUTTON).get_by_role("button", name="Show on map").click()
    # Four groups: Iturup, Kunashir, Shikotan and the drawn Habomai islets.
    frame.wait_for_function(f"() => document.querySelectorAll(\"path[stroke='{HIGHLIGHT_EDGE}']\").length >= 4", timeout=15_000)
    assert highlighted_paths(page) >= 4
    page.locator(f"article.kuril-excerpt-selected[data-excerpt='{SEED_DISPUTE}']").first.wait_for()
    # Updated in place, not remounted: the same iframe element, the same page, the same client object.
    assert page.evaluate("([a, b]) => a === b", [frame_element, page.locator(MAP_FRAME).element_handle()])
    assert map_frame(page).evaluate("() => window.__mark === 1 && window.kurilMap === window.__client")
    settle(page, "neutral")
    assert "island=kunashir" in page.url
    app_page.screenshot("app_excerpt_highlight.png")
    assert not app_page.network.problems(), app_page.network.problems()


def test_clicking_an_island_offers_clear_selection(app_page):
    page = app_page.page
    click_island(page, "kunashir", until=page.locator(".kuril-popup[data-island='kunashir']"))
    settle(page, "neutral")
    page.get_by_role("button", name="Clear selection").wait_for(timeout=5_000)


def _legend_after(page, url: str, state: str) -> str:
    open_app(page, url, state)
    return page.frame_locator(MAP_FRAME).locator(".kuril-legend").inner_text()


def test_each_point_of_view_and_period_draws_its_state_and_attributes_its_legend(app_page, app_url):  # noqa: F811
    from geo.history import periods
    from layers.map.states import period_state, view_state

    page = app_page.page
    for view_id in ("neutral", "russia", "japan"):
        legend = _legend_after(page, f"{app_url}/?view={view_id}", view_id)
        if view_id == "neutral":
            assert "Administered by Russia" in legend and "Claimed by Japan" in legend
        else:
            state = view_state(view_id)
            assert state.title in legend
            assert f"{'Russia' if view_id == 'russia' else 'Japan'}'s position" in legend
            page.locator("[data-testid='stExpander'] summary").filter(has_text=state.title).wait_for()
        app_page.screenshot(f"app_view_{view_id}.png")
    for entry in periods():
        state = period_state(entry["id"])
        legend = _legend_after(page, f"{app_url}/?year={entry['year']}", entry["id"])
        assert state.title in legend, (entry["id"], legend)
        for item in state.legend:
            assert item.text in legend
        if state.line_ids:
            assert "Boundary line" in legend
        page.wait_for_function(f"() => location.search === '?year={entry['year']}'", timeout=10_000)
        app_page.screenshot(f"app_period_{entry['year']}.png")
    assert not app_page.network.problems(), app_page.network.problems()


def step_key(step: dict) -> str:
    """Return the state key a tour step shows (its period, else its view)."""
    view_id, period_id = step_state(step)
    return period_id or view_id


def test_the_tour_steps_forward_and_back(app_page, app_url):  # noqa: F811
    page = app_page.page
    steps = tour()
    page.goto(f"{app_url}/?step={steps[0]['id']}")
    page.get_by_text(f"Step 1 of {len(steps)}").wait_for(timeout=LOAD_TIMEOUT_MS)
    settle(page, step_key(steps[0]))
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text(f"Step 2 of {len(steps)}").wait_for()
    page.get_by_role("heading", name=steps[1]["title_en"]).wait_for()
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('step') === '{steps[1]['id']}'", timeout=10_000)
    settle(page, step_key(steps[1]))
    assert map_frame(page).evaluate("() => kurilMap.state.step") == steps[1]["id"]
    app_page.screenshot("app_tour_step2.png")
    page.get_by_role("button", name="◀ Previous").click()
    page.get_by_text(f"Step 1 of {len(steps)}").wait_for()
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('step') === '{steps[0]['id']}'", timeout=10_000)
    settle(page, step_key(steps[0]))
    assert map_frame(page).evaluate("() => kurilMap.state.step") == steps[0]["id"]
    assert not app_page.network.problems(), app_page.network.problems()


def map_page_loads(page) -> list[str]:
    loads: list[str] = []
    page.on("request", lambda request: "/app/static/map/" in request.url and loads.append(request.url))
    return loads


def test_turning_the_tour_on_keeps_the_map_mounted(app_page):
    page = app_page.page
    loads = map_page_loads(page)
    frame_element = page.locator(MAP_FRAME).element_handle()
    map_frame(page).evaluate("() => { window.__mark = 1; }")
    page.locator("label").filter(has_text="Guided tour").click()  # beside the title (app.header)
    page.get_by_text("Step 1 of").wait_for()
    settle(page, step_key(tour()[0]))
    page.wait_for_timeout(1_000)
    assert loads == []
    assert page.evaluate("([a, b]) => a === b", [frame_element, page.locator(MAP_FRAME).element_handle()])
    assert map_frame(page).evaluate("() => window.__mark === 1")


def test_a_step_link_loads_the_map_once_and_keeps_its_message(offline_page, app_url):  # noqa: F811
    page = offline_page.page
    loads = map_page_loads(page)
    page.goto(f"{app_url}/?step=portsmouth&island=atlantis")
    page.get_by_text("Step 4 of").wait_for(timeout=LOAD_TIMEOUT_MS)
    settle(page, "1905-portsmouth")
    page.wait_for_timeout(1_000)
    settle(page, "1905-portsmouth")
    text = map_frame(page).evaluate("() => document.querySelector('.kuril-message').hidden ? null : document.querySelector('.kuril-message-text').textContent")
    assert text and "Unknown island 'atlantis'" in text, text
    assert len(loads) == 1, loads


#: Hostile links (formerly tests/test_hostile_app.py's, when Python showed the messages): each gives a short
#: message shown as text, and the map stays usable. (link parts, text the message must contain, island selected.)
MARKDOWN = "![x](http://example.invalid/x.png) [Official notice](https://example.invalid) **bold**\n\n# heading"
HOSTILE_LINKS = {
    "empty island": ([("island", "")], "Unknown island ''", None),
    "script island": ([("island", "<script>alert(1)</script>")], "Unknown island '<script>alert(1)</script>'", None),
    "RTL and zero-width": ([("island", "Кунашир 国後島 \u202ekuna\u200bshir")], "Unknown island 'Кунашир 国後島 \u202ekuna\u200bshir'", None),
    "padding and NUL": ([("island", " Kunashir\x00")], "Unknown island ' Kunashir\x00'", None),
    "markdown": ([("island", MARKDOWN)], "Unknown island '" + MARKDOWN[:40] + "…'", None),
    "very long": ([("island", "x" * 5_000)], "Unknown island '" + "x" * 40 + "…'", None),
    "view script": ([("view", "<script>alert(1)</script>")], "Unknown view '<script>alert(1)</script>'", None),
    "negative year": ([("year", "-1")], "Unknown year '-1'", None),
    "superscript year": ([("year", "²")], "Unknown year '²'", None),
    "RTL step": ([("step", "\u202epets")], "Unknown tour step '\u202epets'", None),
    "all bad at once": ([("island", "x"), ("view", "y"), ("year", "z"), ("step", "w"), ("other", "<script>")],
                        "Unknown island 'x'; known islands: ", None),
    "repeated island, good last": ([("island", "atlantis"), ("island", "kunashir")], "Unknown island 'atlantis'", "kunashir"),
    "repeated island, bad last": ([("island", "kunashir"), ("island", "<b>atlantis</b>")], "Unknown island '<b>atlantis</b>'", None),
}
MAX_MESSAGE_CHARS = 500


@pytest.mark.parametrize(("parts", "expected", "island"), HOSTILE_LINKS.values(), ids=HOSTILE_LINKS.keys())
def test_a_hostile_link_gets_a_short_message_shown_as_text(offline_page, app_url, parts, expected, island):  # noqa: F811
    link = urlencode(parts, quote_via=quote)
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_app(page, f"{app_url}/?{link}")
    frame = map_frame(page)
    notice = page.frame_locator(MAP_FRAME).locator(".kuril-message")
    notice.wait_for(state="visible")
    text = frame.evaluate("() => document.querySelector('.kuril-message-text').textContent")
    assert expected in text, text
    assert "Showing the default map." in text
    # One bad part: one message, the value cut short, plus the list of choices.
    assert len(parts) > 1 or len(text) <= MAX_MESSAGE_CHARS, len(text)
    assert notice.locator("a, img, script, b, h1").count() == 0
    assert frame.evaluate("() => kurilMap.state.island") == island
    if island:
        page.locator(f".kuril-popup[data-island='{island}']").wait_for()
    else:
        assert page.locator(".kuril-popup").count() == 0
    assert dialogs == []
    assert not offline_page.network.page_errors, offline_page.network.page_errors


def test_an_article_full_of_markup_runs_nothing_in_the_app_and_shows_as_text(offline_page, hostile_app_url):  # noqa: F811
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_viewport_size({"width": 1400, "height": 900})
    open_app(page, f"{hostile_app_url}/?island=kunashir")
    hostile = page.locator("article.kuril-excerpt").filter(has_text="<script>alert(document.cookie)</script>")
    hostile.first.wait_for(timeout=LOAD_TIMEOUT_MS)
    assert hostile.first.locator("mark[data-place='kunashir']").count() == 1
    page.locator("label").filter(has_text="Show the").first.click()  # the article list is drawn on request
    page.locator("[data-testid='stExpander'] summary").filter(has_text='<script>alert("title")</script>').click()
    page.locator("[data-testid='stExpander'] p.kuril-excerpt-text").filter(has_text="javascript:alert(3)").first.wait_for()
    page.wait_for_timeout(1000)
    injected = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stHtml] script, [data-testid=stHtml] iframe, "
        "[data-testid=stHtml] img, [data-testid=stHtml] svg, [data-testid=stHtml] a[href^=javascript]')].length"
    )
    assert injected == 0
    assert page.locator("[data-testid='stHtml']").count() > 0  # the selector above still finds Streamlit's HTML blocks
    assert dialogs == []
    assert not offline_page.network.page_errors, offline_page.network.page_errors
    offline_page.screenshot("app_hostile_article.png")
