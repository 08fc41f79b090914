"""``render_map``: the Kuril Islands as a folium map, complete with no network."""

from __future__ import annotations

from collections.abc import Iterable

import folium
import geopandas as gpd
import xyzservices.providers as xyz
from branca.element import Element
from folium import plugins
from markupsafe import Markup, escape

from geo.languages import check_language
from geo.islands import claim_areas, cluster_label_points, context_land, islands, label_points
from geo.linking import default_place_index
from layers import style
from layers.i18n import text
from layers.map.elements import Legend, ZoomClasses
from layers.map.legend import legend_html
from layers.map.measure import MeasureTool
from layers.map.states import MapState, period_state, state_layer, swatch_css, view_state
from layers.map.topology import PageTopology, SharedArcsGeoJson
from layers.payload import PageData
from layers.map.states import legend_html as state_legend_html
from layers.templates import render
from layers.text import (
    context_label, context_tooltip_html, island_label, island_popup_html, island_tooltip_html, layer_name, parse_lang,
)

#: Decimals of the coordinates sent to the browser by default (1e-5° is about 1 m); the grid of the page's topology.
COORDINATE_DECIMALS = 5

#: Optional web tiles, off until the user ticks them (offline they simply stay empty); named ``map.layer.<key>``.
WEB_TILES = {
    "osm": xyz.OpenStreetMap.Mapnik,
    "esri": xyz.Esri.OceanBasemap,
}


def _with_html(frame: gpd.GeoDataFrame, **columns) -> gpd.GeoDataFrame:
    """Return a copy of ``frame`` with extra columns computed per row (escaped HTML strings)."""
    result = frame.copy()
    for name, make in columns.items():
        result[name] = [make(row) for row in frame.to_dict("records")]
    return result


def _shared(topology: PageTopology, name: str, frame: gpd.GeoDataFrame, keep: Iterable[str], **options) -> SharedArcsGeoJson:
    """Return a GeoJson layer called ``name`` of ``frame``'s ``keep`` columns, its geometry held by the page's topology."""
    return SharedArcsGeoJson(frame[[*keep, frame.geometry.name]], topology, name, name=name, **options)


def context_layer(context: gpd.GeoDataFrame, topology: PageTopology, ui: str = "en") -> folium.FeatureGroup:
    """Return the offline basemap: the land around the chain, drawn over the sea colour."""
    group = folium.FeatureGroup(name=layer_name("context", ui), control=True)
    data = _with_html(context, tooltip_html=lambda row: context_tooltip_html(row, ui))
    _shared(
        topology, "context", data, ["id", "country", "tooltip_html"],
        style_function=lambda _: style.CONTEXT_STYLE,
        tooltip=folium.GeoJsonTooltip(fields=["tooltip_html"], labels=False, sticky=True),
        highlight_function=None,
    ).add_to(group)
    return group


def administered_layer(
    frame: gpd.GeoDataFrame, topology: PageTopology, popups: bool = True, island_styles: dict[str, str] | None = None,
    ui: str = "en",
) -> folium.FeatureGroup:
    """Return the islands administered by Russia, each clickable, with its tooltip and (optionally) fact-sheet popup.

    With ``island_styles`` (island id -> key of ``style.STATE_STYLES``) the islands are styled by a map state
    instead: those not listed are drawn as a clickable outline over the state's fill.
    """
    group = folium.FeatureGroup(name=layer_name("ru", ui))
    if island_styles is None:
        style_of = lambda _: style.RU_STYLE  # noqa: E731
    else:
        style_of = lambda feature: style.STATE_STYLES.get(island_styles.get(feature["properties"]["id"], ""), style.OUTLINE_STYLE)  # noqa: E731
    data = _with_html(frame, tooltip_html=lambda row: island_tooltip_html(row, ui), popup_html=lambda row: island_popup_html(row, ui))
    keep = ["id", "name_en", "group", "claimed_by", "tooltip_html"] + (["popup_html"] if popups else [])
    _shared(
        topology, "islands", data, keep,
        style_function=style_of,
        highlight_function=lambda _: {"weight": 3, "fillOpacity": 0.75},
        tooltip=folium.GeoJsonTooltip(fields=["tooltip_html"], labels=False, sticky=True),
        popup=folium.GeoJsonPopup(fields=["popup_html"], labels=False, max_width=360, min_width=280) if popups else None,
        marker=folium.CircleMarker(radius=style.ROCK_RADIUS_PX, **style.ROCK_MARKER),
        zoom_on_click=False,
    ).add_to(group)
    return group


def claimed_layer(claims: gpd.GeoDataFrame, m: folium.Map, topology: PageTopology, ui: str = "en") -> folium.FeatureGroup:
    """Return Japan's claim as a hatched, dashed overlay that lets the administered fill show through (its coasts
    are the islands' own arcs in the page's topology: not sent twice)."""
    stripes = plugins.StripePattern(**style.STRIPE).add_to(m)
    group = folium.FeatureGroup(name=layer_name("jp", ui))
    claimed = claims[claims["holder"] == "JP"]
    _shared(
        topology, "claim", claimed, ["id", "holder", "position"],
        style_function=lambda _: {**style.JP_STYLE, "fillPattern": stripes},
        interactive=False,
    ).add_to(group)
    return group


def _label_html(text: str, css: str, key: str) -> str:
    """Return a label's escaped HTML: one line per line of ``text``."""
    lines = Markup("<br>").join(escape(line) for line in text.split("\n"))
    return f'<div class="{css}" data-island="{escape(key)}">{lines}</div>'


def _label_rows(frame: gpd.GeoDataFrame, lang: str, context: gpd.GeoDataFrame | None, countries: bool = True) -> list[dict]:
    """Return one row per label: its key (the ``data-island`` of its HTML), text, CSS class and point.

    Keys are context land ids, cluster ids (the Habomai group, labelled once when zoomed out) and island ids.
    """
    rows: list[dict] = []
    if context is not None:
        labelled = context[context["id"].isin(style.CONTEXT_LABELS)]
        for row in label_points(labelled).to_dict("records"):
            text = context_label(row, lang) if countries else island_label(row, lang).split(" / ")[0]
            rows.append({"id": row["id"], "key": row["id"], "text": text, "css": "kuril-label kuril-label-context", "geometry": row["geometry"]})
    places = default_place_index().places
    for row in cluster_label_points(frame).to_dict("records"):
        place = places.get(row["cluster"])
        if place is not None:
            names = {"name_en": place.name_en, "name_ru": place.name_ru, "name_ja": place.name_ja}
            rows.append({"id": f"group:{row['cluster']}", "key": row["cluster"], "text": island_label(names, lang),
                         "css": "kuril-label kuril-label-group", "geometry": row["geometry"]})
    for row in label_points(frame).to_dict("records"):
        area = row.get("area_km2")
        minor = row.get("cluster") == "habomai" or not area or area != area or area < style.MINOR_LABEL_AREA_KM2
        css = "kuril-label kuril-label-minor" if minor else "kuril-label"
        rows.append({"id": row["id"], "key": row["id"], "text": island_label(row, lang), "css": css, "geometry": row["geometry"]})
    return rows


def label_order(frame: gpd.GeoDataFrame, context: gpd.GeoDataFrame | None) -> list[str]:
    """Return the labels' keys in the order they claim room on the map: the disputed islands and their group first,
    then the other islands, each by drawn area (largest first), then the land around the chain.

    The client places labels in this order and leaves out any that would cover one placed before it or be cut by
    the map's edge, so where room is short the disputed islands keep their names.
    """
    rows = _label_rows(frame, "en", context)
    area = dict(zip(frame["id"], frame["area_km2"].fillna(0.0)))
    disputed = set(frame.loc[frame["claimed_by"].fillna("") != "", "id"]) | set(frame.loc[frame["claimed_by"].fillna("") != "", "cluster"].dropna())
    groups = frame.groupby(frame["cluster"].fillna(""))["area_km2"].sum().to_dict()

    def rank(row: dict) -> tuple[int, float]:
        key = row["key"]
        if row["css"].endswith("kuril-label-context"):
            return (2, 0.0)
        size = float(groups.get(key, 0.0) if key not in area else area[key])
        return (0 if key in disputed else 1, -size)

    return [row["key"] for row in sorted(rows, key=rank)]


def label_texts(frame: gpd.GeoDataFrame, context: gpd.GeoDataFrame | None, lang: str) -> dict[str, dict[str, list[str]]]:
    """Return each label's lines in ``lang`` by key: ``names`` as drawn today, ``state`` where a map state differs.

    In a past period or a contested view the land around the chain is labelled by name only: today's countries
    would mislabel a past border.
    """
    today = {row["key"]: row["text"].split("\n") for row in _label_rows(frame, lang, context)}
    states = {row["key"]: row["text"].split("\n") for row in _label_rows(frame, lang, context, countries=False)}
    return {"names": today, "state": {key: lines for key, lines in states.items() if lines != today.get(key)}}


def labels_layer(
    frame: gpd.GeoDataFrame, lang: str, topology: PageTopology, context: gpd.GeoDataFrame | None = None,
    countries: bool = True, ui: str = "en",
) -> folium.FeatureGroup:
    """Return the island names as text labels; small islands' labels show only when zoomed in.

    When zoomed out, a cluster of islets (the Habomai group) is labelled once, with the group's name.
    The big context landmasses are labelled with their country. All labels are one GeoJson point layer whose
    markers are ``DivIcon``s, each given its own HTML through the style function (folium assigns a point
    feature's style to its icon's options): one layer to render instead of one folium Marker per label.
    """
    rows = [
        {"id": row["id"], "html": _label_html(row["text"], row["css"], row["key"]), "geometry": row["geometry"]}
        for row in _label_rows(frame, lang, context, countries)
    ]
    points = gpd.GeoDataFrame(rows, geometry="geometry", crs=frame.crs)
    html_of = dict(zip(points["id"], points["html"]))
    group = folium.FeatureGroup(name=layer_name("labels", ui))
    _shared(
        topology, "labels", points, ["id"],
        marker=folium.Marker(icon=folium.DivIcon(icon_size=(0, 0)), interactive=False, keyboard=False),
        style_function=lambda feature: {"html": html_of[feature["properties"]["id"]]},
        interactive=False,
    ).add_to(group)
    return group


def highlight_layer(
    frame: gpd.GeoDataFrame, island_ids: Iterable[str], topology: PageTopology, ui: str = "en"
) -> folium.FeatureGroup:
    """Return an outline layer over the given islands (for a selected excerpt or island)."""
    group = folium.FeatureGroup(name=layer_name("highlight", ui), control=False)
    chosen = frame[frame["id"].isin(list(island_ids))]
    if not chosen.empty:
        _shared(
            topology, "highlight", chosen, ["id"],
            style_function=lambda _: style.HIGHLIGHT_STYLE,
            marker=folium.CircleMarker(radius=8),
            interactive=False,
        ).add_to(group)
    return group


def bounds_of(frame: gpd.GeoDataFrame, island_ids: Iterable[str]) -> list[list[float]] | None:
    """Return ``[[south, west], [north, east]]`` around the given islands, or None if none match."""
    chosen = frame[frame["id"].isin(list(island_ids))]
    if chosen.empty:
        return None
    west, south, east, north = chosen.total_bounds
    return [[float(south), float(west)], [float(north), float(east)]]


def map_css(large_type: bool = False) -> str:
    """Return the map's stylesheet (colours from ``layers.style``), fact-sheet and legend-swatch rules included.

    ``large_type`` scales labels, legend and popups up for a projector.
    """
    return render("facts.css") + render(
        "map.css",
        sea=style.SEA,
        land=style.LAND,
        land_edge=style.LAND_EDGE,
        ru_fill=style.RU_FILL,
        ru_edge=style.RU_EDGE,
        jp_stripe=style.JP_STRIPE,
        jp_edge=style.JP_EDGE,
        ink=style.LABEL_INK,
        halo=style.LABEL_HALO,
    ) + swatch_css() + (render("large_type.css") if large_type else "")


def map_state(view: str = "neutral", period: int | str | None = None, ui: str = "en") -> MapState | None:
    """Return the state a map shows, its texts in ``ui``: a period if given, else a view; None for the neutral view's two layers."""
    if period is not None:
        return period_state(period, ui)
    state = view_state(view, ui)  # validates the id even for the neutral view
    return None if view == "neutral" else state


def render_map(
    *,
    lang: str = "en",
    web_tiles: bool = True,
    highlight_ids: Iterable[str] = (),
    island_frame: gpd.GeoDataFrame | None = None,
    context_frame: gpd.GeoDataFrame | None = None,
    height: str | int = "100%",
    popups: bool = True,
    hidden: Iterable[str] = (),
    view: str = "neutral",
    period: int | str | None = None,
    measure: bool = True,
    large_type: bool = False,
    ui: str = "en",
    decimals: int = COORDINATE_DECIMALS,
) -> folium.Map:
    """Return the map: offline land, Russia's administration, Japan's claim, labels, legend and controls.

    ``lang`` is ``en``, ``ru``, ``ja`` or two joined by ``+``. ``web_tiles``
    offers OpenStreetMap and Esri Ocean as layers the user can switch on;
    they are off by default, so nothing is fetched unless asked for.
    ``popups=False`` leaves the fact sheet to a panel beside the map (the app).
    ``hidden`` names layers (keys of ``layers.style.LAYER_KEYS``: context, ru, jp,
    labels) that start switched off; they stay in the layer control.
    ``view`` (neutral, russia, japan) or ``period`` (a year or a period id of
    ``data/history.json``) chooses the map state; the neutral view draws Russia's
    administration and Japan's claim as two layers, the others one state layer.
    ``measure`` adds a distance/area measuring tool; ``large_type`` bigger text for a classroom screen.
    ``ui`` is the interface language of every word around the names (layer names, legend, tooltips, controls).
    ``decimals`` is the coordinate grid of the page's geometry (one topology, ``layers.map.topology``): give the
    frames' own rounding (the export's ``EXPORT_DECIMALS``), so the page draws exactly the frames given.
    """
    parse_lang(lang)
    check_language(ui)
    hidden = set(hidden)
    unknown = hidden - set(style.LAYER_KEYS)
    if unknown:
        raise ValueError(f"unknown layer(s) {sorted(unknown)}; choose from {', '.join(style.LAYER_KEYS)}")
    frame = islands() if island_frame is None else island_frame
    context = context_land() if context_frame is None else context_frame
    m = folium.Map(
        tiles=None,
        min_zoom=style.MIN_ZOOM,
        max_zoom=style.MAX_ZOOM,
        control_scale=True,
        prefer_canvas=False,
        height=height,
        zoom_control=True,
        # Fits (the opening view, a step, an excerpt) may stop between zoom levels, so the chain fills the frame.
        zoom_snap=style.ZOOM_SNAP,
        max_bounds=True,
        min_lat=style.MAX_BOUNDS[0][0],
        min_lon=style.MAX_BOUNDS[0][1],
        max_lat=style.MAX_BOUNDS[1][0],
        max_lon=style.MAX_BOUNDS[1][1],
    )
    m.get_root().header.add_child(Element(f"<style>{map_css(large_type)}</style>"), name="kuril_css")
    if web_tiles:
        for key, provider in WEB_TILES.items():
            folium.TileLayer(
                tiles=provider.build_url(),
                attr=provider.html_attribution,
                name=layer_name(key, ui),
                overlay=True,
                show=False,
                max_zoom=style.MAX_ZOOM,
            ).add_to(m)
    # The page's data (packed once), then every layer's geometry in one topology, before the layers that draw from it.
    data = PageData(ui).add_to(m)
    topology = PageTopology(decimals, data).add_to(m)
    state = map_state(view, period, ui)
    if state is None:
        layers = {
            "context": context_layer(context, topology, ui),
            "ru": administered_layer(frame, topology, popups, ui=ui),
            "jp": claimed_layer(claim_areas(frame), m, topology, ui),
            "labels": labels_layer(frame, lang, topology, context, ui=ui),
        }
    else:
        layers = {
            "context": context_layer(context, topology, ui),
            "state": state_layer(state, m),
            "ru": administered_layer(frame, topology, popups, island_styles=state.island_styles, ui=ui),
            # Today's countries would mislabel a past border or a contested view: names only.
            "labels": labels_layer(frame, lang, topology, context, countries=False, ui=ui),
        }
    for key, layer in layers.items():
        layer.show = key not in hidden
        layer.add_to(m)
    chosen = list(highlight_ids)
    if chosen:
        highlight_layer(frame, chosen, topology, ui).add_to(m)
    Legend(legend_html(ui) if state is None else state_legend_html(state), label=text("map.legend.label", ui)).add_to(m)
    ZoomClasses(style.MINOR_LABEL_MIN_ZOOM).add_to(m)
    plugins.Fullscreen(position="topleft").add_to(m)
    if measure:
        MeasureTool(ui, position="topleft").add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    m.fit_bounds(bounds_of(frame, chosen) or [list(corner) for corner in style.CHAIN_BOUNDS])
    return m
