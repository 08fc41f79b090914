"""The Streamlit app in headless Chromium with the outside network blocked."""

from __future__ import annotations

import pytest
from streamlit_server import app_url, hostile_app_url  # noqa: F401 - fixtures

from layers.style import HIGHLIGHT_EDGE

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
SEED_DISPUTE = "2025-07-15-ians-japan-ready-to-resume-peace-talks#p8"


def click_island(page, island_id: str, until, attempts: int = 3) -> None:
    """Click the point an island's label is anchored to (inside the island) until ``until`` shows.

    The component iframe resizes once after its first paint, which can move the map under a very early
    click; a click that landed is never repeated.
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
    page = offline_page.page
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url)
    page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    return offline_page


def test_app_draws_the_islands_offline_with_a_legend(app_page):
    frame = app_page.page.frame_locator(MAP_FRAME)
    assert frame.locator("path.leaflet-interactive").count() > 20
    assert "Administered by Russia" in frame.locator(".kuril-legend").inner_text()
    assert not app_page.network.problems(), app_page.network.problems()


def test_clicking_kunashir_shows_its_facts_and_excerpts_then_an_excerpt_highlights_its_islands(app_page):
    page = app_page.page
    facts = page.locator("[data-testid='stHtml']").filter(has_text="Yuzhno-Kurilsky")
    click_island(page, "kunashir", until=facts)
    assert "island=kunashir" in page.url
    excerpt = page.locator(f"article[data-excerpt='{SEED_DISPUTE}']").first
    excerpt.wait_for()
    assert "names this island" in excerpt.inner_text().lower()
    assert excerpt.locator("mark[data-place='kunashir']").count() == 1
    app_page.screenshot("app_kunashir.png")

    frame_before = page.frame_locator(MAP_FRAME).locator(".leaflet-container").element_handle()
    page.get_by_role("button", name="Show on map").first.click()
    page.wait_for_function(
        f"() => document.querySelector(\"{MAP_FRAME}\").contentDocument.querySelectorAll(\"path[stroke='{HIGHLIGHT_EDGE}']\").length >= 4",
        timeout=15_000,
    )
    # Four groups: Iturup, Kunashir, Shikotan and the drawn Habomai islets.
    assert highlighted_paths(page) >= 4
    # Same map element: the map was updated in place, not remounted.
    assert page.frame_locator(MAP_FRAME).locator(".leaflet-container").element_handle() is not None
    assert frame_before.is_visible()
    settle(page)
    app_page.screenshot("app_excerpt_highlight.png")
    assert not app_page.network.problems(), app_page.network.problems()


def settle(page) -> None:
    """Wait until the map has finished zooming, so a screenshot shows the final view."""
    page.wait_for_function(
        f"""() => {{ const doc = document.querySelector("{MAP_FRAME}")?.contentDocument;
                  return doc && doc.querySelector('.leaflet-container') && !doc.querySelector('.leaflet-zoom-anim'); }}"""
    )
    page.wait_for_timeout(400)


def _legend_after(page, url: str) -> str:
    page.goto(url)
    legend = page.frame_locator(MAP_FRAME).locator(".kuril-legend")
    legend.wait_for(timeout=30_000)
    settle(page)
    return legend.inner_text()


def test_each_point_of_view_and_period_draws_its_state_and_attributes_its_legend(app_page, app_url):  # noqa: F811
    from geo.history import periods
    from layers.map.states import period_state, view_state

    page = app_page.page
    for view_id in ("neutral", "russia", "japan"):
        legend = _legend_after(page, f"{app_url}/?view={view_id}")
        if view_id == "neutral":
            assert "Administered by Russia" in legend and "Claimed by Japan" in legend
        else:
            state = view_state(view_id)
            assert state.title in legend
            assert f"{'Russia' if view_id == 'russia' else 'Japan'}'s position" in legend
        app_page.screenshot(f"app_view_{view_id}.png")
    for entry in periods():
        state = period_state(entry["id"])
        legend = _legend_after(page, f"{app_url}/?year={entry['year']}")
        assert state.title in legend, (entry["id"], legend)
        for item in state.legend:
            assert item.text in legend
        if state.line_ids:
            assert "Boundary line" in legend
        app_page.screenshot(f"app_period_{entry['year']}.png")
    assert not app_page.network.problems(), app_page.network.problems()


def test_the_tour_steps_forward_and_back(app_page, app_url):  # noqa: F811
    from geo.tour import tour

    page = app_page.page
    steps = tour()
    page.goto(f"{app_url}/?step={steps[0]['id']}")
    page.get_by_text(f"Step 1 of {len(steps)}").wait_for(timeout=30_000)
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text(f"Step 2 of {len(steps)}").wait_for()
    page.get_by_role("heading", name=steps[1]["title"]).wait_for()
    page.wait_for_function(f"() => location.search.includes('step={steps[1]['id']}')")
    app_page.screenshot("app_tour_step2.png")
    page.get_by_role("button", name="◀ Previous").click()
    page.get_by_text(f"Step 1 of {len(steps)}").wait_for()


def test_an_article_full_of_markup_runs_nothing_in_the_app_and_shows_as_text(offline_page, hostile_app_url):  # noqa: F811
    page = offline_page.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{hostile_app_url}/?island=kunashir")
    hostile = page.locator("article.kuril-excerpt").filter(has_text="<script>alert(document.cookie)</script>")
    hostile.first.wait_for(timeout=30_000)
    assert hostile.first.locator("mark[data-place='kunashir']").count() == 1
    page.locator("[data-testid='stExpander'] summary").filter(has_text='<script>alert("title")</script>').click()
    page.locator("[data-testid='stExpander'] p.kuril-excerpt-text").filter(has_text="javascript:alert(3)").first.wait_for()
    page.wait_for_timeout(1000)
    injected = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stHtml] script, [data-testid=stHtml] iframe, "
        "[data-testid=stHtml] img, [data-testid=stHtml] svg, [data-testid=stHtml] a[href^=javascript]')].length"
    )
    assert injected == 0
    assert dialogs == []
    offline_page.screenshot("app_hostile_article.png")
