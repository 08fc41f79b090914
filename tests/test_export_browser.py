"""The exported file in headless Chromium with every request off this machine blocked."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import OfflinePage

from geo.articles import parse_article
from layers.export import export_html
from layers.html_io import write_atomic
from layers.style import HIGHLIGHT_EDGE

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
    page.wait_for_selector("path.leaflet-interactive", timeout=10_000)
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
    page.wait_for_selector("path.leaflet-interactive", timeout=10_000)
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
