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
from geo.views import view, view_areas, view_islands
from layers import style
from layers.templates import render

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
    areas: gpd.GeoDataFrame  # id, name_en, style, legend_en, geometry
    line_ids: tuple[str, ...]
    legend: tuple[LegendItem, ...]
    island_styles: dict[str, str] = field(default_factory=dict)  # island id -> style key (districts)
    island_details: dict[str, str] = field(default_factory=dict)  # island id -> district or pre-1945 village


def _country_style(country: str) -> str:
    return {"RU": "ru", "JP": "jp"}.get(country, "ru")


def _legend(frame: gpd.GeoDataFrame) -> tuple[LegendItem, ...]:
    items = []
    for key, text in zip(frame["style"], frame["legend_en"]):
        item = LegendItem(key, text)
        if text and item not in items:
            items.append(item)
    return tuple(items)


def view_state(view_id: str) -> MapState:
    """Return a point of view as a map state (raises ``UnknownViewError`` listing the views)."""
    entry = view(view_id)
    frame = view_areas(view_id)
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
            legend += [LegendItem(key, f"{key.split(':', 1)[1]} District") for key in dict.fromkeys(island_styles.values())]
    return MapState(
        id=view_id,
        kind="view",
        title=entry.get("legend_title_en") or entry["name_en"],
        description=entry.get("description_en", ""),
        sources=tuple(entry.get("sources", ())),
        areas=frame,
        line_ids=tuple(entry.get("boundary_lines", ())),
        legend=tuple(legend),
        island_styles=island_styles,
        island_details=details,
    )


def _holder_name(holder: str, year: int) -> str:
    if holder == "JP":
        return "Japan"
    if year < 1922:
        return "Russian Empire"
    return "Soviet Union" if year < 1992 else "Russia"


def period_state(year_or_id: int | str) -> MapState:
    """Return a period of history as a map state (raises ``UnknownPeriodError`` listing the periods)."""
    entry = period(year_or_id)
    year = int(entry["year"])
    frame = period_areas(entry["id"])
    frame = frame[frame["holder"] != ""].copy()
    styles, texts = [], []
    for holder, disputed in zip(frame["holder"], frame["disputed"]):
        if disputed:
            styles.append("claimed")
            texts.append(f"Administered by the {_holder_name(holder, year)}, claimed by Japan".replace("the Russia", "Russia"))
        elif holder == "shared":
            styles.append("shared")
            texts.append("Open to both Japan and Russia (not divided)")
        elif holder == "undetermined":
            styles.append("undetermined")
            texts.append("Status undetermined")
        else:
            styles.append(PERIOD_HOLDER_STYLE[holder])
            texts.append(_holder_name(holder, year))
    frame["style"], frame["legend_en"] = styles, texts
    legend = list(_legend(frame))
    highlight = entry.get("highlight") or {}
    if highlight.get("label_en"):
        legend.append(LegendItem("highlight", highlight["label_en"]))
    highlighted = period_areas(entry["id"])
    highlighted = highlighted[highlighted["highlighted"]].copy()
    if not highlighted.empty:
        highlighted["style"], highlighted["legend_en"] = "highlight", highlight.get("label_en", "")
        frame = gpd.GeoDataFrame([*frame.to_dict("records"), *highlighted.to_dict("records")], crs=frame.crs)
    return MapState(
        id=entry["id"],
        kind="period",
        title=f"{entry['date'][:4]}: {entry['title_en']}",
        description=entry.get("description_en", ""),
        sources=tuple(entry.get("sources", ())),
        areas=frame.reset_index(drop=True),
        line_ids=tuple(entry.get("boundary_lines", ())),
        legend=tuple(legend),
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
    """Return the escaped HTML of a state's legend: title, one row per position, lines, and a note."""
    items = [{"key": swatch_key(item.key), "text": item.text} for item in state.legend]
    if state.line_ids:
        items.append({"key": "line", "text": "Boundary line (computed from the coastlines; approximate)"})
    return render("legend.html", title=state.title, items=items, note="Coastlines: GSHHG 2.3.6.")


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
            hatch = {"stroke": False, "fillOpacity": 1.0, "fillPattern": patterns[key]}
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
