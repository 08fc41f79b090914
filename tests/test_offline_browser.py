"""The map draws in a real browser with every request off this machine blocked."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import OfflinePage, serve_directory

from layers.vendor.assets import inline_html
from layers.html_io import write_atomic
from layers.vendor.static import use_vendor_urls, write_vendor_assets

pytestmark = pytest.mark.browser

TIMEOUT_MS = 10_000


def _assert_map_works(offline: OfflinePage) -> None:
    page = offline.page
    page.wait_for_selector("path.leaflet-interactive", timeout=TIMEOUT_MS)
    assert page.locator("path.leaflet-interactive").count() >= 1
    assert page.locator(".leaflet-control-zoom-fullscreen").count() == 1
    assert page.locator(".leaflet-control.kuril-measure").count() == 1
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.locator(".leaflet-control-mouseposition").count() == 1
    # The stripe fill is an SVG <pattern> that the polygon references.
    assert page.locator("svg pattern").count() >= 1
    assert "url(#" in (page.locator("path.leaflet-interactive").first.get_attribute("fill") or "")
    # Leaflet's default marker image loaded (offline: from a data: URI or the vendor folder).
    page.wait_for_function(
        "() => { const img = document.querySelector('img.leaflet-marker-icon');"
        " return img && img.complete && img.naturalWidth > 0; }",
        timeout=TIMEOUT_MS,
    )
    # GeoJsonPopup works without jQuery.
    page.locator("path.leaflet-interactive").first.click(position={"x": 40, "y": 40})
    page.wait_for_selector(".leaflet-popup-content", timeout=TIMEOUT_MS)
    assert "Test island" in page.locator(".leaflet-popup-content").inner_text()
    # Let the popup finish fading in, so the screenshot shows it as a reader sees it.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    assert offline.network.problems() == {}


def test_exported_file_draws_the_map_with_the_network_blocked(
    offline_page: OfflinePage, small_map, tmp_path: Path
) -> None:
    export = write_atomic(tmp_path / "kurils.html", inline_html(small_map()))
    offline_page.page.goto(export.as_uri())
    _assert_map_works(offline_page)
    shot = offline_page.screenshot("offline_export.png")
    assert shot.stat().st_size > 10_000


def test_vendor_folder_serves_the_app_side_urls(
    offline_page: OfflinePage, small_map, tmp_path: Path
) -> None:
    # Same layout as Streamlit's static serving: <root>/app/static/vendor/...
    write_vendor_assets(tmp_path / "app" / "static" / "vendor")
    m = use_vendor_urls(small_map())
    page_html = m.get_root().render()
    write_atomic(tmp_path / "index.html", page_html)
    with serve_directory(tmp_path) as base_url:
        offline_page.page.goto(f"{base_url}/index.html")
        _assert_map_works(offline_page)
        loaded = offline_page.page.eval_on_selector_all(
            "script[src], link[href]", "els => els.map(e => e.getAttribute('src') || e.getAttribute('href'))"
        )
        assert loaded and all(url.startswith("/app/static/vendor/") for url in loaded), loaded
        offline_page.screenshot("offline_vendor.png")
