"""Serve the map's JavaScript/CSS from the app's own server instead of CDNs.

The app's map page (``layers.client.app_page_html``) is a plain HTML page served from ``static/``; its
``<script src>`` and ``<link>`` tags must point at files the app serves itself. So the app (1) writes the
registered files under ``static/vendor/`` and (2) points the map's ``default_js`` and ``default_css`` at
``/app/static/vendor/...``, which Streamlit serves when ``server.enableStaticServing = true``.

Usage::

    write_vendor_assets(Path(__file__).parent / "static" / "vendor")  # once, cached
    html = use_vendor_urls(client_map(...)).get_root().render()

or before ``streamlit run``: ``python -m layers.vendor.static static/vendor``.
"""

from __future__ import annotations

import json
from pathlib import Path

import folium
from branca.element import MacroElement
from folium.template import Template

from layers.vendor.assets import (
    ASSETS,
    LEAFLET_CSS,
    asset_bytes,
    asset_for,
    asset_sha256,
    jscss_elements,
    leaflet_images,
    strip_unused_defaults,
)
from layers.html_io import write_atomic

__all__ = ["VENDOR_URL_PREFIX", "LeafletImagePath", "use_vendor_urls", "vendor_files", "write_vendor_assets"]

# Streamlit serves ./static (next to app.py) at /app/static/.
VENDOR_URL_PREFIX = "/app/static/vendor"
MANIFEST_NAME = "manifest.json"


class LeafletImagePath(MacroElement):
    """Tell Leaflet where its default marker images are, before any marker is made.

    Leaflet guesses the folder from leaflet.css by reading a CSS url(), which fails when the CSS has not
    loaded yet or is served under another path; setting it first makes default markers show.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.image_path|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, image_path: str):
        super().__init__()
        self._name = "LeafletImagePath"
        self.image_path = image_path


def vendor_files() -> dict[str, bytes]:
    """Return every file of the vendor folder, by path relative to it."""
    files = {asset.vendor_path: asset_bytes(url) for url, asset in ASSETS.items()}
    # leaflet.css refers to images/ next to itself.
    leaflet_dir = Path(ASSETS[LEAFLET_CSS].vendor_path).parent
    for name, data in leaflet_images().items():
        files[(leaflet_dir / "images" / name).as_posix()] = data
    return files


def _manifest() -> str:
    rows = [
        {
            "url": asset.url,
            "path": asset.vendor_path,
            "project": asset.project,
            "version": asset.version,
            "licence": asset.licence,
            "package": f"{asset.package} {asset.package_version}",
            "sha256": asset_sha256(asset.url),
        }
        for asset in ASSETS.values()
    ]
    return json.dumps({"generated_by": "layers.vendor.static", "assets": rows}, indent=2) + "\n"


def write_vendor_assets(target_dir: str | Path) -> list[Path]:
    """Write the registered assets under ``target_dir``; return the files changed.

    A file is (re)written only when it is missing or its bytes differ, so a
    call at every app start is cheap and repairs a stale or partial folder.
    The folder is generated output: keep it out of git.
    """
    root = Path(target_dir)
    files = vendor_files()
    files[MANIFEST_NAME] = _manifest().encode("utf-8")
    changed: list[Path] = []
    for relative, data in files.items():
        path = root / relative
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        changed.append(path)
    return changed


def use_vendor_urls(m: folium.Map, url_prefix: str = VENDOR_URL_PREFIX) -> folium.Map:
    """Return ``m`` with every CDN URL of the map and its plugins served locally.

    Drops jQuery/Bootstrap/Font Awesome first (``strip_unused_defaults``), then
    rewrites ``default_js``/``default_css`` per instance to
    ``url_prefix/<vendor path>``; raises ``AssetError`` for an unregistered URL.
    Also adds ``LeafletImagePath`` as the map's first child (default markers).
    Pass ``url_prefix`` with the base path if Streamlit runs under
    ``server.baseUrlPath``.
    """
    strip_unused_defaults(m)
    prefix = url_prefix.rstrip("/")

    def local(url: str) -> str:
        if url.startswith(prefix + "/"):
            return url  # already rewritten
        return f"{prefix}/{asset_for(url).vendor_path}"

    for element in jscss_elements(m):
        element.default_js = [(name, local(url)) for name, url in element.default_js]
        element.default_css = [(name, local(url)) for name, url in element.default_css]
    images = Path(asset_for(LEAFLET_CSS).vendor_path).parent / "images"
    # First child, so it runs before any marker's script; the fixed name keeps it single.
    m.add_child(LeafletImagePath(f"{prefix}/{images.as_posix()}/"), name="leaflet_image_path", index=0)
    return m



def main(argv: list[str] | None = None) -> int:
    """Write the vendor folder (default static/vendor) and say what changed."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("target_dir", nargs="?", default="static/vendor", type=Path)
    args = parser.parse_args(argv)
    changed = write_vendor_assets(args.target_dir)
    print(f"{args.target_dir}: {len(changed)} file(s) written, {len(vendor_files()) + 1 - len(changed)} up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
