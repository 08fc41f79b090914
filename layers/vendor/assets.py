"""Offline copies of the CDN files a folium map loads, and a one-file HTML export.

folium names its JavaScript/CSS by CDN URL (``default_js``/``default_css`` on
``folium.Map`` and every plugin). With no network those URLs load nothing and
the map stays blank, so we carry the files ourselves. They come from versioned
PyPI packages installed by pip, never from files committed to this repository:

* ``XStatic-Leaflet`` 1.9.3.0 ships Leaflet 1.9.3 byte for byte as npm's
  ``leaflet@1.9.3/dist`` (checked with ``cmp`` on the npm tarball);
* ``folium-offline`` 0.20.0.2 (import name ``offlinefolium``) holds, keyed by
  URL, the content of every CDN file folium 0.20 and its plugins use. Its own
  ``leaflet.js`` is patched (marker images embedded), so Leaflet comes from
  XStatic and only the plugins come from here.

``ASSETS`` is the one table: URL -> where the bytes come from, upstream
version, licence, and the path used under ``static/vendor/`` in the app.
``inline_html(m)`` renders a map into one self-contained page; the app-side
counterpart (files on disk + rewritten URLs) is in ``layers.vendor.static``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib
import importlib.metadata
import json
import mimetypes
import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink
from folium.elements import JSCSSMixin

from layers.minify import minified

__all__ = [
    "ASSETS",
    "Asset",
    "AssetError",
    "asset_bytes",
    "asset_for",
    "asset_sha256",
    "assets_used",
    "inline_html",
    "inline_text",
    "jscss_elements",
    "leaflet_images",
    "licence_notice",
    "strip_unused_defaults",
]

LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"

_XSTATIC = ("XStatic-Leaflet", "1.9.3.0")
_FOLIUM_OFFLINE = ("folium-offline", "0.20.0.2")


class AssetError(LookupError):
    """An asset the map needs cannot be served offline."""


@dataclass(frozen=True)
class Asset:
    """One CDN file folium names, and where our offline copy comes from.

    ``source`` is ``"xstatic:<file in XStatic-Leaflet's data dir>"`` or
    ``"folium-offline"`` (content keyed by ``url`` in ``offlinefolium``).
    """

    url: str
    kind: Literal["js", "css"]
    project: str
    version: str
    licence: str
    package: str
    package_version: str
    source: str
    vendor_path: str
    note: str = ""


def _xstatic(url: str, kind: Literal["js", "css"], filename: str) -> Asset:
    return Asset(
        url=url,
        kind=kind,
        project="Leaflet",
        version="1.9.3",
        licence="BSD-2-Clause",
        package=_XSTATIC[0],
        package_version=_XSTATIC[1],
        source=f"xstatic:{filename}",
        vendor_path=f"leaflet/1.9.3/{filename}",
    )


def _offline(
    url: str,
    kind: Literal["js", "css"],
    project: str,
    version: str,
    licence: str,
    vendor_path: str,
    note: str = "",
) -> Asset:
    return Asset(
        url=url,
        kind=kind,
        project=project,
        version=version,
        licence=licence,
        package=_FOLIUM_OFFLINE[0],
        package_version=_FOLIUM_OFFLINE[1],
        source="folium-offline",
        vendor_path=vendor_path,
        note=note,
    )


_UNVERSIONED = "unversioned upstream URL; content as snapshotted in folium-offline 0.20.0.2"
_IMAGES_INLINED = "folium-offline replaced the CSS's image files with data: URIs"

# Every file the project's maps may load. Licences checked against each
# upstream repository's LICENSE file. Versions are upstream's, not the pip
# package's. Add a row (and a test) before using another folium plugin.
ASSETS: dict[str, Asset] = {
    asset.url: asset
    for asset in (
        _xstatic(LEAFLET_JS, "js", "leaflet.js"),
        _xstatic(LEAFLET_CSS, "css", "leaflet.css"),
        _offline(
            "https://code.jquery.com/jquery-3.7.1.min.js", "js",
            "jQuery", "3.7.1", "MIT", "jquery/3.7.1/jquery.min.js",
            note="loaded only when folium.Popup or objects_to_stay_in_front needs $()",
        ),
        _offline(
            "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js", "js",
            "leaflet.fullscreen", "3.0.0", "MIT",
            "leaflet.fullscreen/3.0.0/Control.FullScreen.min.js",
        ),
        _offline(
            "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css", "css",
            "leaflet.fullscreen", "3.0.0", "MIT",
            "leaflet.fullscreen/3.0.0/Control.FullScreen.css", note=_IMAGES_INLINED,
        ),
        _offline(
            "https://cdnjs.cloudflare.com/ajax/libs/topojson/1.6.9/topojson.min.js", "js",
            "topojson", "1.6.9", "BSD-3-Clause", "topojson/1.6.9/topojson.min.js",
            note="the TopoJSON client folium's TopoJson loads; decodes the page's one topology (layers.map.topology)",
        ),
        _offline(
            "https://teastman.github.io/Leaflet.pattern/leaflet.pattern.js", "js",
            "Leaflet.pattern", "unversioned", "BSD-2-Clause",
            "leaflet.pattern/folium-offline-0.20.0.2/leaflet.pattern.js", note=_UNVERSIONED,
        ),
        _offline(
            "https://cdn.jsdelivr.net/gh/ardhi/Leaflet.MousePosition/src/L.Control.MousePosition.min.js", "js",
            "Leaflet.MousePosition", "unversioned", "MIT",
            "leaflet.mouseposition/folium-offline-0.20.0.2/L.Control.MousePosition.min.js",
            note=_UNVERSIONED,
        ),
        _offline(
            "https://cdn.jsdelivr.net/gh/ardhi/Leaflet.MousePosition/src/L.Control.MousePosition.min.css", "css",
            "Leaflet.MousePosition", "unversioned", "MIT",
            "leaflet.mouseposition/folium-offline-0.20.0.2/L.Control.MousePosition.min.css",
            note=_UNVERSIONED,
        ),
    )
}

# folium.Map's default assets we do not load, by the name folium gives them.
# Bootstrap, Font Awesome, glyphicons and awesome-markers serve only
# folium.Icon (awesome markers); the Bootstrap JS bundle serves nothing folium
# draws. jQuery is dropped unless something calls $() (see _needs_jquery).
_ICON_DEFAULTS = frozenset({
    "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
    "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css",
})
_JQUERY = "jquery"


# --- where the bytes come from ------------------------------------------------

def _check_package(name: str, wanted: str) -> None:
    try:
        found = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        raise AssetError(
            f"the offline map assets need the PyPI package {name} {wanted}, which is not "
            f"installed; fix: pip install '{name}=={wanted}' (it is pinned in requirements.txt)"
        ) from None
    if found != wanted:
        raise AssetError(
            f"expected {name} {wanted} (the version ASSETS in layers/assets.py records), "
            f"found {found}; fix: pip install '{name}=={wanted}', or update ASSETS "
            "after checking the new files and licences"
        )


@functools.cache
def _xstatic_dir() -> Path:
    _check_package(*_XSTATIC)
    module = importlib.import_module("xstatic.pkg.leaflet")
    return Path(module.BASE_DIR)


@functools.cache
def _folium_offline_files() -> dict[str, str]:
    _check_package(*_FOLIUM_OFFLINE)
    # A private dict, but the package's whole content is this table; pinning
    # the version above is what makes relying on it safe.
    return importlib.import_module("offlinefolium.elements")._res


def asset_for(url: str) -> Asset:
    """Return the ASSETS row for a CDN URL, or say how to add one."""
    try:
        return ASSETS[url]
    except KeyError:
        raise AssetError(
            f"no offline copy registered for {url!r}; expected one of the {len(ASSETS)} URLs "
            "in ASSETS (layers/assets.py). Fix: add a row whose bytes come from a pip "
            f"package (folium-offline {_FOLIUM_OFFLINE[1]} holds every CDN file folium "
            f"{folium.__version__} and its plugins use: pip install "
            f"'folium-offline=={_FOLIUM_OFFLINE[1]}'), or drop the element that loads it"
        ) from None


@functools.cache
def asset_bytes(url: str) -> bytes:
    """Return the file behind a CDN URL as its pip package ships it.

    >>> asset_bytes(LEAFLET_JS)[:12]
    b'/* @preserve'
    """
    asset = asset_for(url)
    if asset.source.startswith("xstatic:"):
        return (_xstatic_dir() / asset.source.removeprefix("xstatic:")).read_bytes()
    try:
        text = _folium_offline_files()[url]
    except KeyError:
        raise AssetError(
            f"folium-offline {_FOLIUM_OFFLINE[1]} has no file for {url!r}; fix the URL "
            "in ASSETS (layers/assets.py) or take the file from another pip package"
        ) from None
    # folium-offline prefixes every file with one newline; drop it.
    return text.removeprefix("\n").encode("utf-8")


def leaflet_images() -> dict[str, bytes]:
    """Return Leaflet's images/ (layer switcher, default marker) by file name."""
    folder = _xstatic_dir() / "images"
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.png"))}


# --- one-file export ----------------------------------------------------------

def _data_uri(name: str, data: bytes) -> str:
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


_CSS_IMAGE = re.compile(r"url\(\s*['\"]?images/([\w.-]+)['\"]?\s*\)")
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=\S+\s*$", re.MULTILINE)
_SCRIPT_CLOSE = re.compile(r"</(script)", re.IGNORECASE)


@functools.cache
def inline_text(url: str) -> str:
    """Return the asset as text fit to sit inside <script> or <style>.

    Leaflet's CSS images become data: URIs, source-map comments (pointing at
    files we do not ship) go, and ``</script`` is escaped so the file cannot
    end its own tag.
    """
    asset = asset_for(url)
    text = asset_bytes(url).decode("utf-8")
    if asset.kind == "css":
        images = leaflet_images() if url == LEAFLET_CSS else {}

        def to_data_uri(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in images:
                raise AssetError(f"{url} refers to images/{name}, which {asset.package} does not ship")
            return f"url({_data_uri(name, images[name])})"

        text = _CSS_IMAGE.sub(to_data_uri, text)
        if "</style" in text.lower():
            raise AssetError(f"{url} contains '</style' and cannot be inlined as is")
    else:
        text = _SCRIPT_CLOSE.sub(r"<\\/\1", text)
    return _SOURCE_MAP.sub("", text)


def _icon_default_script() -> str:
    """Return JS pointing Leaflet's default marker at data: URIs.

    Leaflet finds its marker images by reading a CSS url() and cutting the file
    name off; with a data: URI that guess fails, so we set the URLs directly.
    """
    images = leaflet_images()
    options = {
        "iconUrl": _data_uri("marker-icon.png", images["marker-icon.png"]),
        "iconRetinaUrl": _data_uri("marker-icon-2x.png", images["marker-icon-2x.png"]),
        "shadowUrl": _data_uri("marker-shadow.png", images["marker-shadow.png"]),
    }
    return f'L.Icon.Default.imagePath = "";\nL.Icon.Default.mergeOptions({json.dumps(options)});'


class _InlineCode(Element):
    """A <script> or <style> holding code verbatim (no Jinja pass over it)."""

    def __init__(self, tag: Literal["script", "style"], code: str):
        super().__init__()
        self._name = f"Inline_{tag}"
        self.tag = tag
        self.code = code

    def render(self, **kwargs: object) -> str:
        return f"<{self.tag}>\n{self.code}\n</{self.tag}>"


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def jscss_elements(m: Element) -> list[JSCSSMixin]:
    """Return the map and every descendant that names CDN files (JSCSSMixin)."""
    return [element for element in _walk(m) if isinstance(element, JSCSSMixin)]


def _needs_jquery(m: folium.Map, elements: list[Element]) -> bool:
    # folium.Popup builds its content with $(`...`); the Map's
    # objects_to_stay_in_front hook waits on $(document).ready. GeoJsonPopup,
    # GeoJsonTooltip, Tooltip and LayerControl are plain Leaflet.
    return bool(getattr(m, "objects_to_stay_in_front", None)) or any(
        isinstance(element, folium.Popup) for element in elements
    )


def strip_unused_defaults(m: folium.Map) -> folium.Map:
    """Return ``m`` with folium's jQuery/Bootstrap/Font Awesome no longer loaded.

    Sets per-instance ``default_js``/``default_css`` on the map (folium's class
    lists stay untouched). jQuery is kept only if a ``folium.Popup`` or
    ``objects_to_stay_in_front`` needs it. Idempotent.
    """
    elements = list(_walk(m))
    icons = [element for element in elements if isinstance(element, folium.Icon)]
    if icons:
        raise AssetError(
            f"the map holds {len(icons)} folium.Icon marker(s); they draw with Bootstrap and "
            "Font Awesome web fonts, which the offline build does not carry. "
            "Fix: use folium.DivIcon, CircleMarker, or a Marker with Leaflet's default icon"
        )
    drop = set(_ICON_DEFAULTS)
    if not _needs_jquery(m, elements):
        drop.add(_JQUERY)
    for element in jscss_elements(m):
        element.default_js = [(n, u) for n, u in element.default_js if n not in drop]
        element.default_css = [(n, u) for n, u in element.default_css if n not in drop]
    return m


def assets_used(m: folium.Map) -> list[Asset]:
    """Return the ASSETS rows the map will load, in load order, no repeats."""
    urls: dict[str, None] = {}
    for element in jscss_elements(m):
        urls.update(dict.fromkeys(url for _, url in element.default_js))
        urls.update(dict.fromkeys(url for _, url in element.default_css))
    return [asset_for(url) for url in urls]


def licence_notice(assets: list[Asset]) -> str:
    """Return an HTML comment naming each bundled asset, version, licence, package."""
    rows = dict.fromkeys(
        f"  {asset.project} {asset.version}, {asset.licence}; from {asset.package} {asset.package_version}"
        for asset in assets
    )
    lines = ["Bundled for offline use (project version, licence; pip package):", *rows]
    body = "\n".join(lines).replace("--", "- -")
    return f"<!--\n{body}\n-->"


def inline_html(m: folium.Map) -> str:
    """Return the map as one HTML page with every script and stylesheet inlined, and minified (``layers.minify``).

    Renders the map's figure, then swaps each ``JavascriptLink``/``CssLink``
    child of the figure header for an inline element holding the registered
    file, so the page loads nothing from a CDN. Web tiles, if the map has any,
    still point at their servers (that is the caller's choice).
    """
    strip_unused_defaults(m)
    figure = m.get_root()
    if not isinstance(figure, Figure):
        raise AssetError(
            f"expected a folium.Map inside a branca Figure, got a root of type "
            f"{type(figure).__name__}; create the map with folium.Map(...)"
        )
    # Figure.render() is "render the children, then the template"; the links
    # only exist after the first step, so the swap goes between the two.
    for child in figure._children.values():
        child.render()
    inlined: OrderedDict[str, Element] = OrderedDict()
    used: list[Asset] = []
    for name, child in figure.header._children.items():
        if isinstance(child, (JavascriptLink, CssLink)):
            used.append(asset_for(child.url))
            tag = "script" if isinstance(child, JavascriptLink) else "style"
            inlined[name] = _InlineCode(tag, inline_text(child.url))
            if child.url == LEAFLET_JS:
                inlined["leaflet_icon_default"] = _InlineCode("script", _icon_default_script())
        else:
            inlined[name] = child
    for child in inlined.values():
        child._parent = figure.header
    figure.header._children = inlined
    page = minified(figure._template.render(this=figure, kwargs={}))
    doctype, _, rest = page.partition("\n")
    return f"{doctype}\n{licence_notice(used)}\n{rest}"


def asset_sha256(url: str) -> str:
    """Return the SHA-256 of the file as its package ships it (for provenance)."""
    return hashlib.sha256(asset_bytes(url)).hexdigest()
