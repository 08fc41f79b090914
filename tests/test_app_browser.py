"""The Streamlit app in headless Chromium with the outside network blocked."""

from __future__ import annotations

import pytest
from streamlit_server import app_url  # noqa: F401 - fixture

from layers.style import HIGHLIGHT_EDGE

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
SEED_DISPUTE = "2025-07-15-ians-japan-ready-to-resume-peace-talks#p8"


def click_island(page, island_id: str, until, attempts: int = 3) -> None:
    """Click the middle of an island's label (labels let clicks through to the island) until ``until`` shows.

    The component iframe resizes once after its first paint, which can move the map under a very early
    click; a click that landed is never repeated.
    """
    frame = page.frame_locator(MAP_FRAME)
    label = frame.locator(f".kuril-label[data-island='{island_id}']")
    for _ in range(attempts):
        label.wait_for(state="visible")
        box = label.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
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
    app_page.screenshot("app_excerpt_highlight.png")
    assert not app_page.network.problems(), app_page.network.problems()
