"""Map states: a point of view or a period of history, as styled areas, lines and a legend.

A state is data (``geo.views`` / ``geo.history``) turned into one style key per
area; ``state_layer`` draws any state the same way, so views and periods share
one rendering path and an export can carry them all and switch between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import folium
import geopandas as gpd
from folium import plugins

from markupsafe import escape

from geo.boundaries import boundary_lines
from geo.geojson import feature_collection
from geo.history import period, period_areas
from geo.islands import simplified
from geo.languages import localized
from geo.views import view, view_areas, view_islands
from layers import style
from layers.i18n import text
from layers.templates import render_compact

#: How each status of a view, or holder of a period, is drawn (keys of ``style.STATE_STYLES``).
VIEW_STATUS_STYLE = {
    "administered_claimed": "claimed",
    "part_of_sakhalin_oblast": "ru",
    "part_of_hokkaido_nemuro": "jp",
    "undetermined": "undetermined",
}
PERIOD_HOLDER_STYLE = {"JP": "jp", "RU": "ru", "shared": "shared", "undetermined": "undetermined"}


@dataclass(frozen=True)
class LegendItem:
    """One legend row: a swatch (a style key) and the text attributing the position."""

    key: str
    text: str


@dataclass(frozen=True)
class MapState:
    """What one view or period shows: styled areas, per-island detail, lines and the legend."""

    id: str
    kind: str  # "view" or "period"
    title: str
    description: str
    sources: tuple[str, ...]
    areas: gpd.GeoDataFrame  # id, name_en, style, legend (in the state's language), geometry
    line_ids: tuple[str, ...]
    legend: tuple[LegendItem, ...]
    island_styles: dict[str, str] = field(default_factory=dict)  # island id -> style key (districts)
    island_details: dict[str, str] = field(default_factory=dict)  # island id -> district or pre-1945 village
    ui: str = "en"  # the language of its texts


def _country_style(country: str) -> str:
    return {"RU": "ru", "JP": "jp"}.get(country, "ru")


def _legend(frame: gpd.GeoDataFrame) -> tuple[LegendItem, ...]:
    items = []
    for key, words in zip(frame["style"], frame["legend"]):
        item = LegendItem(key, words)
        if words and item not in items:
            items.append(item)
    return tuple(items)


def view_state(view_id: str, ui: str = "en") -> MapState:
    """Return a point of view as a map state with its texts in ``ui`` (raises ``UnknownViewError`` listing the views)."""
    entry = view(view_id)
    frame = view_areas(view_id)
    frame["legend"] = [localized(entry["areas"][area_id], "legend", ui) for area_id in frame["id"]]
    frame["style"] = [
        VIEW_STATUS_STYLE.get(status) or _country_style(country)
        for status, country in zip(frame["status"], frame["country"].where(frame["country"] != "", frame["administered_by"]))
    ]
    legend = list(_legend(frame))
    island_styles: dict[str, str] = {}
    details: dict[str, str] = {}
    if entry.get("island_detail"):
        chain = view_islands(view_id)
        details = {i: d for i, d in zip(chain["id"], chain["detail"]) if d}
        if entry["island_detail"] == "ru_district":
            island_styles = {i: f"district:{d}" for i, d in details.items() if f"district:{d}" in style.STATE_STYLES}
            legend += [LegendItem(key, text(f"common.district.{key.split(':', 1)[1]}", ui))
                       for key in dict.fromkeys(island_styles.values())]
    return MapState(
        id=view_id,
        kind="view",
        title=localized(entry, "legend_title", ui) or localized(entry, "name", ui),
        description=localized(entry, "description", ui),
        sources=tuple(entry.get("sources", ())),
        areas=frame,
        line_ids=tuple(entry.get("boundary_lines", ())),
        legend=tuple(legend),
        island_styles=island_styles,
        island_details=details,
        ui=ui,
    )


def _holder(holder: str, year: int) -> str:
    """Return the catalogue's name of who held an area in ``year``: Japan, the Russian Empire, the Soviet Union or Russia."""
    if holder == "JP":
        return "JP"
    if year < 1922:
        return "RU_empire"
    return "USSR" if year < 1992 else "RU"


def period_state(year_or_id: int | str, ui: str = "en") -> MapState:
    """Return a period of history as a map state with its texts in ``ui`` (raises ``UnknownPeriodError`` listing the periods)."""
    entry = period(year_or_id)
    year = int(entry["year"])
    frame = period_areas(entry["id"])
    frame = frame[frame["holder"] != ""].copy()
    styles, texts = [], []
    for holder, disputed in zip(frame["holder"], frame["disputed"]):
        if disputed:
            styles.append("claimed")
            texts.append(text(f"map.legend.administeredClaimed.{'USSR' if year < 1992 else 'RU'}", ui))
        elif holder == "shared":
            styles.append("shared")
            texts.append(text("map.legend.shared", ui))
        elif holder == "undetermined":
            styles.append("undetermined")
            texts.append(text("map.legend.undetermined", ui))
        else:
            styles.append(PERIOD_HOLDER_STYLE[holder])
            texts.append(text(f"common.holder.{_holder(holder, year)}", ui))
    frame["style"], frame["legend"] = styles, texts
    legend = list(_legend(frame))
    highlight = entry.get("highlight") or {}
    label = localized(highlight, "label", ui)
    if label:
        legend.append(LegendItem("highlight", label))
    highlighted = period_areas(entry["id"])
    highlighted = highlighted[highlighted["highlighted"]].copy()
    if not highlighted.empty:
        highlighted["style"], highlighted["legend"] = "highlight", label
        frame = gpd.GeoDataFrame([*frame.to_dict("records"), *highlighted.to_dict("records")], crs=frame.crs)
    return MapState(
        id=entry["id"],
        kind="period",
        title=text("panel.period", ui, year=entry["date"][:4], title=localized(entry, "title", ui)),
        description=localized(entry, "description", ui),
        sources=tuple(entry.get("sources", ())),
        areas=frame.reset_index(drop=True),
        line_ids=tuple(entry.get("boundary_lines", ())),
        legend=tuple(legend),
        ui=ui,
    )


def swatch_key(style_key: str) -> str:
    """Return the CSS-safe legend swatch name of a state style key (``district:Kurilsky`` -> ``state-district-Kurilsky``)."""
    return "state-" + style_key.replace(":", "-").replace(" ", "-")


def swatch_css() -> str:
    """Return the CSS of every state style's legend swatch: its fill, its edge and, if hatched, its stripes."""
    rules = []
    for key, spec in style.STATE_STYLES.items():
        fill = spec.get("fillColor", "transparent") if spec.get("fill", True) else "transparent"
        background = fill
        pattern = style.STATE_PATTERNS.get(key)
        if pattern:
            background = f"repeating-linear-gradient(-45deg, {pattern['color']} 0 3px, {fill} 3px 8px)"
        border = "dashed" if spec.get("dashArray") else "solid"
        rules.append(f".kuril-swatch-{swatch_key(key)} {{ background: {background}; border: 2px {border} {spec['color']}; }}")
    line = style.BOUNDARY_STYLE
    rules.append(f".kuril-swatch-line {{ background: none; border: none; border-top: 3px dashed {line['color']}; height: 0; }}")
    return "\n".join(rules)


def legend_html(state: MapState) -> str:
    """Return the escaped HTML of a state's legend in its language: title, one row per position, lines, and a note."""
    items = [{"key": swatch_key(item.key), "text": item.text} for item in state.legend]
    if state.line_ids:
        items.append({"key": "line", "text": text("map.legend.line", state.ui)})
    return render_compact("legend.html", title=state.title, items=items, note=text("map.legend.coastlines", state.ui))


def state_layer(state: MapState, m: folium.Map, name: str | None = None, decimals: int = 5) -> folium.FeatureGroup:
    """Return a feature group drawing a state's areas (fills and hatches) and its boundary lines."""
    group = folium.FeatureGroup(name=name or state.title)
    patterns = {
        key: plugins.StripePattern(**spec).add_to(m) for key, spec in style.STATE_PATTERNS.items()
    }
    # One shape per style: areas styled alike are dissolved, so no edge is drawn where no border runs.
    areas = simplified(state.areas, style.STATE_SIMPLIFY_DEG).dissolve(by="style", sort=False).reset_index()
    for key, rows in areas.groupby("style", sort=False):
        base = style.STATE_STYLES[key]
        data = feature_collection(rows[["style", "geometry"]], decimals)
        folium.GeoJson(data, name=f"state-{key}", style_function=lambda _, base=base: base, interactive=False).add_to(group)
        if key in patterns:
            # A fill pattern replaces the fill colour in Leaflet, so the hatch is a second layer over the fill.
            hatch = {**style.HATCH_STYLE, "fillPattern": patterns[key]}
            folium.GeoJson(data, name=f"state-{key}-hatch", style_function=lambda _, hatch=hatch: hatch, interactive=False).add_to(group)
    if state.line_ids:
        lines = boundary_lines()
        lines = lines[lines["id"].isin(state.line_ids)].copy()
        lines["tooltip_html"] = [str(escape(name)) for name in lines["name_en"]]
        folium.GeoJson(
            feature_collection(lines[["id", "tooltip_html", "geometry"]], decimals),
            name="boundary-lines",
            style_function=lambda _: style.BOUNDARY_STYLE,
            tooltip=folium.GeoJsonTooltip(fields=["tooltip_html"], labels=False),
        ).add_to(group)
    return group
