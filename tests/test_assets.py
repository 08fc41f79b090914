"""Offline assets: the registry, the one-file export, the vendor folder, atomic writes."""

from __future__ import annotations

import html.parser
import importlib
import json
import os
import re
import tempfile
from pathlib import Path

import folium
import folium.plugins
import pytest

from layers.vendor import assets
from layers.vendor.assets import (
    ASSETS,
    LEAFLET_CSS,
    LEAFLET_JS,
    AssetError,
    asset_bytes,
    assets_used,
    inline_html,
    inline_text,
    strip_unused_defaults,
)
from layers.html_io import ExportError, ExportWriteError, write_atomic
from layers.vendor.static import VENDOR_URL_PREFIX, use_vendor_urls, write_vendor_assets

PLUGINS_USED = [
    folium.plugins.Fullscreen,
    folium.TopoJson,
    folium.plugins.StripePattern,
    folium.plugins.MousePosition,
]
# folium.Map's defaults that serve only folium.Icon or nothing folium draws.
DROPPED_DEFAULTS = {
    "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
    "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css",
}


def _urls(element_class: type) -> list[str]:
    pairs = [*element_class.default_js, *getattr(element_class, "default_css", [])]
    return [url for _, url in pairs]


def _needed_urls() -> list[str]:
    map_urls = [u for n, u in [*folium.Map.default_js, *folium.Map.default_css] if n not in DROPPED_DEFAULTS]
    return map_urls + [url for plugin in PLUGINS_USED for url in _urls(plugin)]


class _LoadCollector(html.parser.HTMLParser):
    """Collect every URL a page would fetch through script/link/img tags."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href", "img": "src", "iframe": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.loads.append(value)


def _loads(page: str) -> list[str]:
    collector = _LoadCollector()
    collector.feed(page)
    return collector.loads


# --- the registry -----------------------------------------------------------

@pytest.mark.parametrize("url", _needed_urls())
def test_every_url_the_map_and_plugins_name_resolves_to_bytes(url: str) -> None:
    data = asset_bytes(url)
    assert len(data) > 500, f"{url} gave only {len(data)} bytes"
    assert ASSETS[url].licence and ASSETS[url].version and ASSETS[url].package


def test_folium_map_defaults_are_registered_or_deliberately_dropped() -> None:
    names = {name for name, _ in [*folium.Map.default_js, *folium.Map.default_css]}
    registered = {name for name, url in [*folium.Map.default_js, *folium.Map.default_css] if url in ASSETS}
    assert names - registered == DROPPED_DEFAULTS


def test_xstatic_leaflet_is_the_version_folium_pins() -> None:
    xstatic = importlib.import_module("xstatic.pkg.leaflet")
    assert xstatic.VERSION == "1.9.3"
    assert dict(folium.Map.default_js)["leaflet"] == LEAFLET_JS
    assert dict(folium.Map.default_css)["leaflet_css"] == LEAFLET_CSS


def test_leaflet_js_equals_folium_offline_copy_but_for_its_marker_patch() -> None:
    # folium-offline patched Icon._createImg to embed marker images; undo that
    # patch and the two files are the same upstream Leaflet 1.9.3.
    offline = importlib.import_module("offlinefolium.elements")._res[LEAFLET_JS]
    unpatched = re.sub(r"_embedImg:function\(t\)\{.*?else return t\},", "", offline, flags=re.DOTALL)
    unpatched = unpatched.replace("this._embedImg(t)", "t")
    assert unpatched.strip() == asset_bytes(LEAFLET_JS).decode("utf-8").strip()


def test_leaflet_css_equals_folium_offline_copy_but_for_line_endings() -> None:
    offline = importlib.import_module("offlinefolium.elements")._res[LEAFLET_CSS]
    ours = inline_text(LEAFLET_CSS).replace("\r\n", "\n")
    assert ours.strip() == offline.strip()


@pytest.mark.parametrize("url", [url for url, asset in ASSETS.items() if asset.kind == "css"])
def test_inlined_css_refers_to_no_file(url: str) -> None:
    refs = re.findall(r"url\(\s*['\"]?([^)'\"]*)", inline_text(url))
    assert [ref for ref in refs if not ref.startswith(("data:", "#"))] == []


@pytest.mark.parametrize("url", [url for url, asset in ASSETS.items() if asset.kind == "js"])
def test_inlined_js_cannot_close_its_script_tag(url: str) -> None:
    assert "</script" not in inline_text(url).lower()


def test_unknown_url_error_names_the_url_and_the_package_to_install() -> None:
    url = "https://cdn.example.invalid/leaflet.heat.js"
    with pytest.raises(AssetError, match=re.escape(url)) as caught:
        asset_bytes(url)
    assert "pip install 'folium-offline==0.20.0.2'" in str(caught.value)


def test_wrong_package_version_says_which_version_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assets.importlib.metadata, "version", lambda name: "9.9.9")
    with pytest.raises(AssetError, match=r"expected XStatic-Leaflet 1\.9\.3\.0 .* found 9\.9\.9"):
        assets._check_package("XStatic-Leaflet", "1.9.3.0")


# --- dropping unused defaults -----------------------------------------------

def test_strip_drops_jquery_bootstrap_and_icons_but_not_folium_class_lists(small_map) -> None:
    m = strip_unused_defaults(small_map())
    kept = {name for name, _ in [*m.default_js, *m.default_css]}
    assert kept == {"leaflet", "leaflet_css"}
    assert "jquery" in dict(folium.Map.default_js), "folium's class list was mutated"


def test_strip_keeps_jquery_when_a_folium_popup_needs_it(small_map) -> None:
    m = small_map()
    folium.CircleMarker([44.0, 146.0], popup=folium.Popup("<b>text</b>")).add_to(m)
    strip_unused_defaults(m)
    assert "jquery" in dict(m.default_js)


def test_folium_icon_is_refused_with_a_fix(small_map) -> None:
    m = small_map()
    folium.Marker([44.0, 146.0], icon=folium.Icon(icon="info-sign")).add_to(m)
    with pytest.raises(AssetError, match="folium.Icon.*DivIcon"):
        strip_unused_defaults(m)


# --- the one-file export ----------------------------------------------------

def test_inline_html_loads_nothing_from_the_network(small_map) -> None:
    page = inline_html(small_map())
    assert _loads(page) == []
    assert not re.search(r"<(script|link)[^>]+(src|href)\s*=\s*['\"]?https?://", page, re.I)
    assert "L.tileLayer(" not in page, "no tiles were requested, so none may be drawn"


def test_inline_html_carries_only_the_assets_it_uses(small_map) -> None:
    page = inline_html(small_map())
    assert "Leaflet 1.9.3" in page and "topojson" in page and "L.Pattern" in page
    for absent in ("jQuery v3", "Bootstrap v5", "Font Awesome", "AwesomeMarkers", "leaflet-measure"):
        assert absent not in page


def test_inline_html_keeps_web_tiles_only_when_asked(small_map) -> None:
    m = small_map()
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap (web)", show=False).add_to(m)
    page = inline_html(m)
    assert "tile.openstreetmap.org" in page
    assert _loads(page) == []


def test_inline_html_starts_with_a_licence_notice(small_map) -> None:
    page = inline_html(small_map())
    head = page[: page.index("<html>")]
    assert head.startswith("<!DOCTYPE html>\n<!--")
    for line in (
        "Leaflet 1.9.3, BSD-2-Clause; from XStatic-Leaflet 1.9.3.0",
        "leaflet.fullscreen 3.0.0, MIT; from folium-offline 0.20.0.2",
        "topojson 1.6.9, BSD-3-Clause; from folium-offline 0.20.0.2",
        "Leaflet.pattern unversioned, BSD-2-Clause",
        "Leaflet.MousePosition unversioned, MIT",
    ):
        assert line in head


def test_inline_html_is_the_same_when_rendered_twice(small_map) -> None:
    m = small_map()
    assert _loads(inline_html(m)) == _loads(inline_html(m)) == []


def test_assets_used_lists_each_file_once_in_load_order(small_map) -> None:
    m = strip_unused_defaults(small_map())
    urls = [asset.url for asset in assets_used(m)]
    assert urls[:2] == [LEAFLET_JS, LEAFLET_CSS]
    assert len(urls) == len(set(urls)) == 8


# --- the app side: static/vendor ------------------------------------------

def test_vendor_folder_holds_every_asset_and_leaflet_images(tmp_path: Path) -> None:
    vendor = tmp_path / "vendor"
    written = write_vendor_assets(vendor)
    for asset in ASSETS.values():
        assert (vendor / asset.vendor_path).read_bytes() == asset_bytes(asset.url)
    assert (vendor / "leaflet/1.9.3/images/layers.png").is_file()
    manifest = json.loads((vendor / "manifest.json").read_text())
    assert {row["url"] for row in manifest["assets"]} == set(ASSETS)
    assert len(written) == len(ASSETS) + 5 + 1


def test_vendor_folder_is_rewritten_only_when_stale(tmp_path: Path) -> None:
    vendor = tmp_path / "vendor"
    write_vendor_assets(vendor)
    assert write_vendor_assets(vendor) == []
    stale = vendor / ASSETS[LEAFLET_JS].vendor_path
    stale.write_text("/* truncated */")
    assert write_vendor_assets(vendor) == [stale]
    assert stale.read_bytes() == asset_bytes(LEAFLET_JS)


def test_use_vendor_urls_points_every_element_at_the_local_server(small_map) -> None:
    m = use_vendor_urls(small_map())
    urls = [url for element in assets.jscss_elements(m) for _, url in [*element.default_js, *element.default_css]]
    assert urls and all(url.startswith(VENDOR_URL_PREFIX + "/") for url in urls)
    assert use_vendor_urls(m) is m  # idempotent


def test_st_folium_hands_its_component_only_local_urls(small_map, monkeypatch: pytest.MonkeyPatch) -> None:
    # st_folium strips <script src> from the header and loads default_js/css of
    # the map and its JSCSSMixin children; capture exactly what it sends.
    streamlit_folium = importlib.import_module("streamlit_folium")
    sent: dict[str, object] = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: sent.update(kwargs))
    streamlit_folium.st_folium(use_vendor_urls(small_map()), returned_objects=[])
    links = [*sent["js_links"], *sent["css_links"]]
    assert len(links) == 8
    assert all(link.startswith("/app/static/vendor/") for link in links), links
    assert not re.search(r"https?://", str(sent["header"]))
    # The marker image path is set in the script st_folium runs, before any marker.
    script = str(sent["script"])
    assert -1 < script.find("L.Icon.Default.imagePath") < script.find("L.marker(")
    assert '"/app/static/vendor/leaflet/1.9.3/images/"' in script


# --- write_atomic -----------------------------------------------------------

def test_write_atomic_writes_the_whole_text(tmp_path: Path) -> None:
    target = write_atomic(tmp_path / "map.html", "<!DOCTYPE html>é")
    assert target.read_text(encoding="utf-8") == "<!DOCTYPE html>é"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_write_atomic_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "map.html"
    with pytest.raises(ExportWriteError, match=r"cannot write .*map\.html: the folder .*nowhere does not exist"):
        write_atomic(target, "x")


def test_write_atomic_under_a_file_says_it_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("")
    with pytest.raises(ExportWriteError, match="is a file, expected a folder"):
        write_atomic(tmp_path / "plain" / "map.html", "x")


def test_write_atomic_onto_a_folder_asks_for_a_file_name(tmp_path: Path) -> None:
    with pytest.raises(ExportWriteError, match="it is a folder, expected a file name"):
        write_atomic(tmp_path, "x")


def test_write_atomic_in_an_unwritable_folder_names_path_and_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root, chmod does not stop writes, so simulate what the OS would raise.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError) as caught:
        write_atomic(tmp_path / "map.html", "x")
    message = str(caught.value)
    assert str(tmp_path / "map.html") in message and "Permission denied" in message
    assert "writable" in message


@pytest.mark.parametrize("interruption", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_interrupted_write_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption: BaseException
) -> None:
    written: list[int] = []
    real_fsync = os.fsync

    def fail_after_data(fd: int) -> None:
        written.append(os.fstat(fd).st_size)  # the data is in the temp file by now
        raise interruption

    monkeypatch.setattr(os, "fsync", fail_after_data)
    with pytest.raises((ExportError, KeyboardInterrupt)):
        write_atomic(tmp_path / "map.html", "x" * 200_000)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert written == [200_000]
    assert list(tmp_path.iterdir()) == []


def test_interrupted_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "map.html"
    target.write_text("previous export")

    def fail(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ExportWriteError, match="Input/output error.*not changed"):
        write_atomic(target, "new export")
    assert target.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
