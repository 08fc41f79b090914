"""The Streamlit app in headless Chromium with the outside network blocked."""

from __future__ import annotations

import pytest
from streamlit_server import app_url  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def click_island(page, island_id: str) -> None:
    """Click the middle of an island's label: labels let clicks through to the island under them."""
    frame = page.frame_locator(MAP_FRAME)
    label = frame.locator(f".kuril-label[data-island='{island_id}']")
    label.wait_for(state="visible")
    box = label.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_app_draws_the_islands_offline_and_clicking_kunashir_shows_its_facts(offline_page, app_url):
    page = offline_page.page
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    assert frame.locator("path.leaflet-interactive").count() > 20
    assert frame.locator(".kuril-legend").inner_text().count("Administered by Russia") == 1

    click_island(page, "kunashir")
    facts = page.locator("[data-testid='stHtml']").filter(has_text="Yuzhno-Kurilsky")
    facts.wait_for(timeout=15_000)
    assert "Kunashir" in facts.inner_text()
    assert "island=kunashir" in page.url
    offline_page.screenshot("app_kunashir.png")
    assert not offline_page.network.problems(), offline_page.network.problems()
