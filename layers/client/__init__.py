"""The map client: one folium map plus one script that owns its state, for the app and the export alike.

``client_map()`` returns the folium map ``render_map`` draws (neutral view, today) with a :class:`MapClient`
added: the script that switches points of view, periods, tour steps, labels, layers, large type and web
tiles in the browser, outlines and fits islands, and reads and writes links (``#…`` in a file, ``?…`` in the
app) from the state model of ``geo.state``. Its hosts only set that small state and listen for clicks:

* the export (``layers.export``) inlines the page and adds its panel (articles, classroom controls);
* the app (``app.py``) serves the page from ``static/`` (:func:`write_app_page`) and mounts it once per
  browser session in a Streamlit component whose bridge (:func:`app_bridge_js`) passes the state across.

Every state is drawn from the features the page already holds (islands, land) plus Sakhalin's two halves:
each view or period is a few lines of JSON (which area gets which style, which lines, the legend), so the
eleven periods and three views cost tens of kilobytes, not the megabytes of one ``state_layer`` each.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import Element
from folium import plugins
from folium.map import FitBounds
from folium.template import Template

from geo.areas import SAKHALIN_SPLIT_LAT, area_specs, split_at_latitude
from geo.boundaries import boundary_lines
from geo.history import periods
from geo.languages import LANGUAGES
from geo.state import state_model
from geo.views import views
from layers import style
from layers.html_io import write_atomic
from layers.i18n import bcp47, client_catalogue, text
from layers.map import render_map
from layers.map.find import find_geojson
from layers.map.legend import legend_html as default_legend_html
from layers.map.measure import MeasureTool
from layers.map.render import WEB_TILES, label_order, label_texts
from layers.map.states import MapState, legend_html, period_state, view_state
from layers.map.topology import PageTopology, page_topology
from layers.minify import minified
from layers.payload import PageData, page_data, when_ready
from layers.templates import TEMPLATE_DIR, PageElement, scoped_css, script_json
from layers.text import context_tooltip_html, island_tooltip_html, layer_name

__all__ = [
    "APP_LABEL_LANGUAGES",
    "MapClient",
    "app_bridge_js",
    "app_page_html",
    "client_data",
    "client_map",
    "page_inputs_key",
    "stable_names",
    "state_record",
    "when_client_ready",
    "write_app_page",
]

CLIENT_TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Label languages a page carries (the app's sidebar and the export's choices); the labels follow the interface
#: language unless the reader picks another.
APP_LABEL_LANGUAGES = ("en", "ru", "ja", "en+ja", "en+ru")

#: The GeoJson names ``render_map`` gives the layers the client restyles or hides.
LAYER_NAMES = {"islands": "islands", "context": "context", "claim": "claim", "labels": "labels"}

#: Sakhalin drawn whole, from the page's own feature, when a state gives both halves one style (see _whole_sakhalin).
WHOLE_SAKHALIN = "sakhalin"

_JS_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")


def _read(name: str) -> str:
    return Path(CLIENT_TEMPLATES, name).read_text(encoding="utf-8")


def state_record(by_language: Mapping[str, MapState]) -> dict[str, Any]:
    """Return a map state as the client's JSON: which area gets which style, the lines, and its title, description
    and legend in each language of ``by_language`` (the same state, its texts in each language)."""
    state = next(iter(by_language.values()))
    return {
        "id": state.id,
        "kind": state.kind,
        "title": {lang: shown.title for lang, shown in by_language.items()},
        "description": {lang: shown.description for lang, shown in by_language.items()},
        "sources": list(state.sources),
        "legend": {lang: legend_html(shown) for lang, shown in by_language.items()},
        "areas": _whole_sakhalin([[area_id, key] for area_id, key in zip(state.areas["id"], state.areas["style"])]),
        "lines": list(state.line_ids),
        "islandStyles": dict(state.island_styles),
    }


def _whole_sakhalin(pairs: list[list[str]]) -> list[list[str]]:
    """Return ``[area id, style key]`` pairs with Sakhalin's halves joined when they share a style.

    Drawn as two halves, an undivided Sakhalin would show an edge at 50° N as if it were a border;
    the 1905 border is a boundary line of its own (``sakhalin_50n``).

    >>> _whole_sakhalin([["sakhalin_south", "ru"], ["sakhalin_north", "ru"], ["hokkaido", "jp"]])
    [['sakhalin', 'ru'], ['hokkaido', 'jp']]
    """
    halves = {area_id: key for area_id, key in pairs if area_id in ("sakhalin_south", "sakhalin_north")}
    if len(halves) != 2 or len(set(halves.values())) != 1:
        return pairs
    joined = []
    for area_id, key in pairs:
        if area_id == "sakhalin_south":
            joined.append([WHOLE_SAKHALIN, key])
        elif area_id != "sakhalin_north":
            joined.append([area_id, key])
    return joined


@lru_cache(maxsize=1)
def _state_records() -> tuple[dict[str, Any], ...]:
    records = []
    for entry in views():
        record = state_record({lang: view_state(entry["id"], lang) for lang in LANGUAGES})
        if entry["id"] == "neutral":
            # The neutral view today is the map render_map draws (administration fill, claim hatch): the client keeps it.
            record.update(kind="today", title={lang: text("map.legend.title", lang) for lang in LANGUAGES},
                          legend={lang: default_legend_html(lang) for lang in LANGUAGES}, areas=[], lines=[], islandStyles={})
        records.append(record)
    for entry in periods():
        record = state_record({lang: period_state(entry["id"], lang) for lang in LANGUAGES})
        record["year"] = entry["year"]
        records.append(record)
    return tuple(records)


def state_records() -> list[dict[str, Any]]:
    """Return every view and period as the client draws it (the neutral view today is the map as rendered)."""
    return [dict(record) for record in _state_records()]


def _area_sources(
    chain: gpd.GeoDataFrame, context: gpd.GeoDataFrame
) -> tuple[dict[str, dict[str, list[str]]], gpd.GeoDataFrame]:
    """Return, per area id, the island and context-land features it is drawn from, and the features only an area has.

    Sakhalin's halves are the only areas not made of whole features on the page: they are cut from the page's
    own Sakhalin, so in the page's topology their coasts are Sakhalin's own arcs and only the cut at 50° N is new.
    """
    sources: dict[str, dict[str, list[str]]] = {}
    cut_rows = []
    for spec in area_specs(chain):
        if spec.side_of_50n:
            land = context[context["id"].isin(spec.context_ids)]
            geometry = split_at_latitude(shapely.union_all(land.geometry.values), SAKHALIN_SPLIT_LAT, spec.side_of_50n)
            cut_rows.append({"id": spec.id, "geometry": geometry})
            sources[spec.id] = {"cut": [spec.id]}
        else:
            sources[spec.id] = {"islands": list(spec.island_ids), "context": list(spec.context_ids)}
    sources[WHOLE_SAKHALIN] = {"context": ["sakhalin"]}
    return sources, gpd.GeoDataFrame(cut_rows, geometry="geometry", crs="EPSG:4326")


def _lines() -> gpd.GeoDataFrame:
    """Return the boundary lines, each with its name in every language (``name_en``… where the data has them)."""
    lines = boundary_lines()
    names = [column for column in (f"name_{lang}" for lang in LANGUAGES) if column in lines.columns]
    return lines[["id", *names, "geometry"]]


def _tooltips(frame: gpd.GeoDataFrame, make: Callable[[dict, str], str]) -> dict[str, dict[str, str]]:
    """Return each feature's tooltip HTML (our escaped templates) by language, then by id."""
    rows = frame.drop(columns=frame.geometry.name).to_dict("records")
    return {lang: {str(row["id"]): make(row, lang) for row in rows} for lang in LANGUAGES}


def interface_texts() -> dict[str, Any]:
    """Return what a page's scripts need to speak each language: the catalogue's texts, the locales (``Intl``)
    and the layer names."""
    return {
        "texts": client_catalogue(),
        "locales": {lang: bcp47(lang) for lang in LANGUAGES},
        "layerNames": {lang: {key: layer_name(key, lang) for key in (*style.LAYER_KEYS, *WEB_TILES)} for lang in LANGUAGES},
    }


def client_data(
    chain: gpd.GeoDataFrame,
    context: gpd.GeoDataFrame,
    *,
    label_languages: Iterable[str] = ("en",),
    ui: str = "en",
    sources: dict[str, dict[str, list[str]]] | None = None,
) -> dict[str, Any]:
    """Return the client's JSON-ready data: the state model, every state, the areas' sources, labels, styles,
    tooltips and the interface's texts in every language (the geometry is the page's topology: see :func:`add_client`).

    ``chain`` and ``context`` are the frames the page draws (their ids are what the client looks up);
    ``label_languages`` the label languages it can switch between (the first is the page's own; the three single
    languages are always there, since the labels follow the interface language); ``ui`` the page's language as drawn;
    ``sources`` the areas' sources, if the caller has cut Sakhalin already (as :func:`add_client` has).
    """
    languages = list(dict.fromkeys([*label_languages, *LANGUAGES]))
    if sources is None:
        sources, _ = _area_sources(chain, context)
    return {
        "model": state_model(),
        "states": state_records(),
        "areas": sources,
        "styles": {key: dict(spec) for key, spec in style.STATE_STYLES.items()},
        "hatchStyle": dict(style.HATCH_STYLE),
        "outlineStyle": dict(style.OUTLINE_STYLE),
        "lineStyle": dict(style.BOUNDARY_STYLE),
        "highlightStyle": dict(style.HIGHLIGHT_STYLE),
        "labels": {lang: label_texts(chain, context, lang) for lang in languages},
        "labels_default": languages[0],
        "labelOrder": label_order(chain, context),
        # The islands the legend must never cover (the four disputed groups), and the view the map opens on.
        "disputed": sorted(chain.loc[chain["claimed_by"].fillna("") != "", "id"]),
        "chainBounds": [list(corner) for corner in style.CHAIN_BOUNDS],
        "fit": {"padding": style.FIT_PADDING_PX, "maxZoom": style.FIT_MAX_ZOOM},
        "tooltips": {"islands": _tooltips(chain, island_tooltip_html), "context": _tooltips(context, context_tooltip_html)},
        "i18n": interface_texts(),
        "ui": ui,
    }


class MapClient(PageElement):
    """The client's script and style on a map built by ``render_map`` (neutral view, today).

    ``layers`` maps the client's names (islands, context, claim, labels: folium elements) to the map's
    elements; ``tiles`` lists ``(TileLayer, name)`` pairs it may offer; ``patterns`` maps the hatched
    style keys to ``StripePattern`` elements already on the map.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}\n" + _read("client.js")
    )

    #: The script runs once the page's data is unpacked (its own data, the topology: ``layers.payload``).
    wrap_script = staticmethod(when_ready)

    @property
    def data_js(self) -> str:
        """Return the JavaScript expression of the script's data: its part of the page's packed data."""
        return self._data_expression

    def __init__(
        self,
        data: Mapping[str, Any],
        layers: Mapping[str, Element],
        control: folium.LayerControl,
        tiles: Iterable[tuple[folium.TileLayer, str]],
        patterns: Mapping[str, plugins.StripePattern],
        css: str,
        payload: PageData,
        geometry: tuple[PageTopology, Iterable[str]] | None = None,
    ) -> None:
        super().__init__()
        self._name = "MapClient"
        self.data = dict(data)
        self.geometry = geometry
        self._data_expression = payload.add("client", lambda: self.data)
        self.layers = dict(layers)
        self.control = control
        self.tiles = list(tiles)
        self.patterns = dict(patterns)
        self.css = css

    @staticmethod
    def _identifier(element: Element) -> str:
        name = element.get_name()
        if not _JS_IDENTIFIER.match(name):
            raise ValueError(f"the element's name {name!r} is not a JavaScript identifier")
        return name

    @property
    def map_name(self) -> str:
        """Return the JavaScript variable of the Leaflet map."""
        if self._parent is None:
            raise ValueError("add the MapClient to a folium.Map before rendering it")
        return self._identifier(self._parent)

    @property
    def layers_js(self) -> str:
        """Return a JavaScript object literal naming the map's layers, groups, control and tiles (identifiers, checked)."""
        parts = [f'"{key}": {self._identifier(element)}' for key, element in self.layers.items()]
        parts.append(f'"control": {self._identifier(self.control)}')
        tiles = ", ".join(f"[{self._identifier(tile)}, {script_json(name)}]" for tile, name in self.tiles)
        parts.append(f'"tiles": [{tiles}]')
        return "{" + ", ".join(parts) + "}"

    @property
    def geometry_js(self) -> str:
        """Return a JavaScript object literal of the features only the client draws (Sakhalin's halves, the boundary
        lines), each an expression decoding its object of the page's topology (``layers.map.topology``)."""
        if self.geometry is None:
            return "{}"
        topology, names = self.geometry
        return "{" + ", ".join(f"{script_json(name)}: {topology.features_js(name)}" for name in names) + "}"

    @property
    def patterns_js(self) -> str:
        """Return a JavaScript object literal naming each hatch pattern's variable (identifiers only, checked)."""
        return "{" + ", ".join(f'"{key}": {self._identifier(pattern)}' for key, pattern in self.patterns.items()) + "}"


def when_client_ready(script: str) -> str:
    """Return ``script`` run once the map client is whole (``window.kurilMapReady``, after the frame that first paints
    the islands), inside the wait for the page's data (``layers.payload.when_ready``): a host's script."""
    return when_ready(f"window.kurilMapReady.then(function () {{\n{script}\n}});")


def client_css() -> str:
    """Return the client's stylesheet: its message notice and large type (the app's large_type.css, by a class)."""
    large = Path(TEMPLATE_DIR, "large_type.css").read_text(encoding="utf-8")
    return _read("client.css") + "\n/* Large type, switched by a class on <body> */\n" + scoped_css(large, ".kuril-large")


def _child_of_type(m: folium.Map, kind: type) -> list:
    return [child for child in m._children.values() if isinstance(child, kind)]


def add_client(
    m: folium.Map, chain: gpd.GeoDataFrame, context: gpd.GeoDataFrame, label_languages: Iterable[str], ui: str = "en"
) -> MapClient:
    """Add the client to a map built by ``render_map`` (neutral view, today, interface language ``ui``) from ``chain``
    and ``context``; return it."""
    found = {key: find_geojson(m, name) for key, name in LAYER_NAMES.items()}
    layers: dict[str, Element] = dict(found)
    for key in ("islands", "context", "claim", "labels"):
        layers[f"{key}Group"] = found[key]._parent
    controls = _child_of_type(m, folium.LayerControl)
    if len(controls) != 1:
        raise ValueError(f"expected one LayerControl on the map, found {len(controls)}; build the map with render_map")
    # Web tiles are added in WEB_TILES order (render_map); the client names each by its key, in the reader's language.
    tiles = list(zip(_child_of_type(m, folium.TileLayer), WEB_TILES))
    patterns = {key: plugins.StripePattern(**spec).add_to(m) for key, spec in style.STATE_PATTERNS.items()}
    sources, cut = _area_sources(chain, context)
    data = client_data(chain, context, label_languages=label_languages, ui=ui, sources=sources)
    # Sakhalin's halves and the boundary lines join the page's one topology, beside the layers render_map drew.
    topology = page_topology(m)
    if topology is None:
        raise ValueError("the map has no PageTopology; build it with render_map")
    geometry = (topology, [topology.add("cut", cut), topology.add("lines", _lines())])
    # The measuring tool, whose words the client translates (optional: a map may be built without it). The
    # full-screen button has no variable (folium's template): the client finds it in the page.
    measures = _child_of_type(m, MeasureTool)
    if measures:
        layers["measure"] = measures[0]
    client = MapClient(data, layers, controls[0], tiles, patterns, client_css(), page_data(m), geometry)
    # The client gives the map its opening view (the chain beside the legend) before anything is drawn: without a
    # zoom folium's map has no view (Leaflet sets none), and its fit would draw every layer once more at another one.
    m.options.pop("zoom", None)
    for key in [key for key, child in m._children.items() if isinstance(child, FitBounds)]:
        del m._children[key]
    client.add_to(m)
    return client


def client_map(
    chain: gpd.GeoDataFrame,
    context: gpd.GeoDataFrame,
    *,
    label_languages: Iterable[str] = ("en",),
    web_tiles: bool = False,
    measure: bool = True,
    ui: str = "en",
    **map_options: Any,
) -> folium.Map:
    """Return the map ``render_map`` draws from ``chain`` and ``context`` with the client on it.

    The first of ``label_languages`` is the labels' language as drawn; the client switches to the others. ``ui`` is
    the interface language the page is drawn in; the client switches to the two others.
    """
    languages = list(dict.fromkeys(label_languages)) or ["en"]
    m = render_map(
        lang=languages[0], web_tiles=web_tiles, island_frame=chain, context_frame=context, popups=False,
        measure=measure, ui=ui, **map_options,
    )
    add_client(m, chain, context, languages, ui)
    return m


def stable_names(m: folium.Map) -> folium.Map:
    """Return ``m`` with every element named by its place in the tree (``geo_json_12``) instead of a random id.

    folium names each element with 16 random bytes, so the same map renders to other bytes each time: a page
    served by its content hash would get a new name at every start and never come from the browser's cache,
    and two exports of the same data would differ. Numbering in tree order keeps names unique and stable.
    """
    for number, element in enumerate(_walk(m.get_root())):
        element._id = str(number)
    return m


def _walk(element: Element):
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def app_page_html(m: folium.Map, url_prefix: str) -> str:
    """Return the app's map page: ``m`` rendered with its assets served from ``url_prefix`` (the app's static/vendor),
    its scripts and styles minified as the export's are."""
    from layers.vendor.static import use_vendor_urls

    use_vendor_urls(m, url_prefix)
    m.get_root().header.add_child(
        Element('<meta name="viewport" content="width=device-width, initial-scale=1">'), name="viewport"
    )
    m.get_root().title = text("map.title", "en")
    return minified(stable_names(m).get_root().render())


#: A page of other inputs that nothing has used for this long is removed (see :func:`write_app_page`).
STALE_PAGE_S = 24 * 3600

#: Installed packages whose files end up in the app's page (their versions are part of its cache key).
PAGE_PACKAGES = ("folium", "branca", "geopandas", "shapely", "XStatic-Leaflet", "folium-offline")


def page_inputs_key(*options: str) -> str:
    """Return a short hash of everything the app's page is made from: the code of ``geo/`` and ``layers/``
    (templates included), the data files, the packages' versions and ``options`` (e.g. the assets' URL prefix).

    The page is deterministic (:func:`stable_names`), so the same inputs make the same bytes: a page already
    written for this key need not be built again when the app restarts (building it costs seconds).
    """
    import importlib.metadata

    import geo.paths

    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[2]
    # The data folder and the files geo.islands and geo.linking read, wherever a caller pointed them.
    data = [geo.paths.ISLANDS_GEOJSON, geo.paths.CONTEXT_GEOJSON, geo.paths.GAZETTEER_CSV, geo.paths.PLACES_CSV]
    files = [*sorted((root / "geo").rglob("*.py")), *sorted((root / "layers").rglob("*")), *sorted(geo.paths.data_dir().glob("*")),
             *(Path(path) for path in data)]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    for package in PAGE_PACKAGES:
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode("utf-8"))
    digest.update("\0".join(options).encode("utf-8"))
    return digest.hexdigest()[:16]


def write_app_page(folder: str | Path, build: Callable[[], str], key: str) -> str:
    """Return the file name of the app's map page for ``key`` in ``folder``, calling ``build`` only if it is not there.

    The name changes whenever the page's inputs do, so a browser may keep the page as long as it likes;
    pages of other keys unused for :data:`STALE_PAGE_S` are removed.
    """
    name = f"kurils-{key}.html"
    target = Path(folder) / name
    if not (target.is_file() and target.stat().st_size > 0):
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, build())
    else:
        target.touch()  # in use again: not stale
    # Pages of other inputs are an earlier version's, or another app's sharing this folder (another data folder,
    # a test server): removed once nothing has used them for a day, never while another process may serve them.
    for stale in Path(folder).glob("kurils-*.html"):
        with contextlib.suppress(FileNotFoundError):  # another process cleaning the folder removed it first
            if stale.name != name and time.time() - stale.stat().st_mtime > STALE_PAGE_S:
                stale.unlink(missing_ok=True)
    return name


def app_bridge_js() -> str:
    """Return the Streamlit component's module: it mounts the map page once and passes the state across."""
    return _read("app_bridge.js")
