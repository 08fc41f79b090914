"""A page whose data cannot be unpacked says so in its own language, and a good one unpacks before it draws."""

from __future__ import annotations

import re
from pathlib import Path

from browser import OfflinePage
from map_page import LOAD_TIMEOUT_MS, wait_for_map

from layers.i18n import text


def test_the_export_paints_the_islands_then_finishes_its_opening(offline_page: OfflinePage, seed_export: Path) -> None:
    page = offline_page.page
    # When the islands are first in the page, and when the client is whole (after the frame that paints them).
    page.add_init_script("""
        new MutationObserver((changes, observer) => {
            if (document.querySelector('path.leaflet-interactive')) { window.__drawnAt = performance.now(); observer.disconnect(); }
        }).observe(document, {childList: true, subtree: true});
        document.addEventListener('kuril-map-ready', () => { window.__readyAt = performance.now(); });
    """)
    page.goto(seed_export.as_uri())
    wait_for_map(page)
    drawn, ready = page.evaluate("() => [window.__drawnAt, window.__readyAt]")
    assert drawn < ready
    assert page.evaluate("() => typeof window.kurilMap.set === 'function'")
    assert page.locator(".kuril-panel").count() == 1
    assert page.locator(".kuril-panel-articles .kuril-article").count() == 1  # the host ran once the client was whole
    assert page.locator(".kuril-page-problem").count() == 0
    assert offline_page.network.problems() == {}


def test_a_damaged_file_says_so_instead_of_a_blank_map(offline_page: OfflinePage, seed_export: Path, tmp_path: Path) -> None:
    html = seed_export.read_text(encoding="utf-8")
    packed = re.search(r'kurilUnpack\(["`]([A-Za-z0-9+/=]+)["`]', html)
    middle = (packed.start(1) + packed.end(1)) // 2
    broken = tmp_path / "broken.html"
    broken.write_text(html[:middle] + "AAAAAAAA" + html[middle + 8:], encoding="utf-8")  # a few bytes overwritten
    page = offline_page.page
    page.goto(broken.as_uri())
    notice = page.locator(".kuril-page-problem")
    notice.wait_for(timeout=LOAD_TIMEOUT_MS)
    assert notice.inner_text() == text("map.page.broken", "en")
    assert notice.get_attribute("role") == "alert"
    assert page.locator("path.leaflet-interactive").count() == 0


def test_a_browser_without_decompression_is_told_what_it_needs(offline_page: OfflinePage, seed_export: Path, tmp_path: Path) -> None:
    from layers.export import export_html

    russian = tmp_path / "ru.html"
    russian.write_text(export_html(lang="ru"), encoding="utf-8")
    page = offline_page.page
    page.add_init_script("delete window.DecompressionStream;")
    page.goto(russian.as_uri())
    notice = page.locator(".kuril-page-problem")
    notice.wait_for(timeout=LOAD_TIMEOUT_MS)
    assert notice.inner_text() == text("map.page.unsupported", "ru")
