"""One handout page: a map state on paper, with its title, text, legend, labels, scale bar, graticule and sources.

The page is laid out in points, from the top: the map's name (and the tour step's number), the state's title, its
description or the step's text; then the map, framed, with the graticule's degrees outside its frame; then (beside
the map in landscape, under it in portrait) the legend, one row per position the state shows, each saying whose it
is, the boundary lines and the selected island, and the scale bar; and at the foot the note on the names of the four
groups, the state's sources, the coastline's version, the projection and the date the page was made.

Areas are filled as the web map fills them (``layers.style.STATE_STYLES``, the hatches of ``STATE_PATTERNS`` as
Matplotlib hatching), over the land drawn first in the land colour: the neutral view draws Russia's administration
with Japan's claim hatched over the four southern groups. Every word is the catalogue's (``layers.i18n``) or the
data's, in the interface language, and the island names in the labels' language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from geo import paths
from geo.islands import cluster_label_points
from geo.datafile import DataFileError, manifest, read_csv
from layers import style
from layers.handout import frames
from layers.handout.fonts import HandoutFonts, fonts_for
from layers.handout.labels import Label, Placed, anchor_point, place_labels, to_points
from layers.handout.scale import (
    STANDARD_PARALLELS, Extent, ScaleBar, fit_extent, graticule, project_bounds, scale_bar, to_map,
)
from layers.handout.spec import PageSpec, paper_inches
from layers.handout.wrap import wrap
from layers.i18n import format_date, format_number, text
from layers.text import island_label, names_first_in, parse_lang

__all__ = ["DrawnPage", "coastline_source", "draw_page", "pixel_of"]

POINTS_PER_INCH = 72.0
#: Type sizes in points on A4; an A3 page scales them by :data:`A3_SCALE`, so a wall map reads from further away.
SIZES = {
    "kicker": 8.0, "title": 16.0, "text": 9.5, "head": 9.0, "legend": 8.0, "note": 7.2, "small": 6.5,
    "label": 7.5, "minor": 6.3, "group": 7.0, "context": 9.0, "grid": 6.3, "selected": 8.0,
}
A3_SCALE = 1.25
LEAD = 1.3  # line spacing of text blocks, in ems
LABEL_LEAD = 1.22  # line spacing of map labels (Matplotlib's multi-line text), in ems
ASCENT = 0.88  # the font's ascent, in ems: where a line's baseline sits below its top
INK = style.LABEL_INK
GREY = "#555555"
FRAME = "#6b6b6b"
NO_DATA = "#f1f1f1"  # outside the region the data was built for
#: Leaflet pixels to printed points, for line widths and dashes of the web map's styles.
PX = 0.55
HATCH = "\\\\\\\\"  # across the chain, which runs south-west to north-east: stripes along it would hide in a thin island
HATCH_WIDTH = 1.0
#: Habomai islets get their own labels only when the group is at least this wide on paper (points).
CLUSTER_ZOOM_PT = 110.0
#: A label placed this far (points) from its island's point gets a leader line to it.
LEADER_PT = 15.0


@dataclass
class DrawnPage:
    """A drawn page: its figure, the map's axes and extent (metres of ``scale.MAP_CRS``) and what it shows."""

    figure: Figure
    map_ax: Axes
    extent: Extent
    spec: PageSpec
    labels: list[Placed] = field(default_factory=list)
    scale: ScaleBar | None = None


@lru_cache(maxsize=4)
def _coastline_source(manifest_path: str, readme: str) -> tuple[str, str]:
    version, licence = "", "LGPL-3.0-or-later"
    try:
        source = manifest(manifest_path).get("source", {})
        licence = str(source.get("licence") or licence)
        found = re.search(r"GSHHG\b\D{0,80}?(\d+(?:\.\d+)+)", f"{source.get('dataset', '')} {source.get('attribution', '')}")
        version = found.group(1) if found else ""
    except (DataFileError, AttributeError):
        pass
    if not version:
        try:
            found = re.search(r"GSHHG (\d+(?:\.\d+)+)", Path(readme).read_text(encoding="utf-8"))
            version = found.group(1) if found else ""
        except OSError:
            pass
    return version or "?", licence


def coastline_source() -> tuple[str, str]:
    """Return the coastline's GSHHG version and licence as ``data/manifest.json`` records them (else the version
    ``data/README.md`` names); the data says which coastline it was built from, so the page never hard-codes it."""
    return _coastline_source(str(paths.data_file("manifest.json").resolve()), str(paths.data_file("README.md").resolve()))


def _degrees(value: float, ui: str) -> str:
    decimals = 0 if abs(value - round(value)) < 1e-9 else (1 if abs(value * 10 - round(value * 10)) < 1e-9 else 2)
    return format_number(value, ui, decimals)


# --- text blocks -------------------------------------------------------------------------------------------------


class Typesetter:
    """Measures, wraps and sets text in one page's fonts and scale."""

    def __init__(self, fonts: HandoutFonts, scale: float) -> None:
        self.fonts = fonts
        self.scale = scale

    def size(self, role: str) -> float:
        return SIZES[role] * self.scale

    def lines(self, words: str, role: str, width: float, bold: bool = False) -> list[str]:
        size = self.size(role)
        return wrap(words, width, lambda line: self.fonts.width(line, size, bold))

    def height(self, lines: list[str], role: str) -> float:
        size = self.size(role)
        return 0.0 if not lines else (len(lines) - 1) * LEAD * size + 1.12 * size

    def label_box(self, words: str, size: float, bold: bool) -> tuple[float, float]:
        lines = words.split("\n")
        width = max(self.fonts.width(line, size, bold) for line in lines)
        return width + 1.0, len(lines) * LABEL_LEAD * size + 0.6

    def draw(self, ax: Axes, x: float, top: float, lines: list[str], role: str, bold: bool = False,
             color: str = INK, ha: str = "left") -> float:
        """Draw ``lines`` with their first line's top at ``top`` (points, page axes); return the block's height."""
        size = self.size(role)
        props = self.fonts.props(size, bold)
        for number, line in enumerate(lines):
            ax.text(x, top - ASCENT * size - number * LEAD * size, line, fontproperties=props, color=color,
                    ha=ha, va="baseline", parse_math=False)
        return self.height(lines, role)


# --- geometry to Matplotlib -------------------------------------------------------------------------------------


def _path(geometry: shapely.Geometry) -> MplPath | None:
    """Return a Matplotlib path of every polygon of ``geometry`` (holes included), or None if it has none."""
    vertices, codes = [], []
    for polygon in shapely.get_parts(geometry):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            xy = np.asarray(ring.coords)
            if len(xy) < 3:
                continue
            ring_codes = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
            ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            vertices.append(xy)
            codes.append(ring_codes)
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _dashes(spec: dict, scale: float = PX) -> tuple | str:
    dash = spec.get("dashArray")
    if not dash:
        return "solid"
    return (0, tuple(float(part) * scale for part in str(dash).split()))


def _add(ax: Axes, geometry: shapely.Geometry, zorder: float, **style_kw) -> None:
    path = _path(geometry)
    if path is not None:
        ax.add_artist(PathPatch(path, zorder=zorder, **style_kw))  # add_patch would walk every vertex for the limits


def _lines(ax: Axes, geometry: shapely.Geometry, zorder: float, **line_kw) -> None:
    """Draw every line of ``geometry`` as one collection."""
    parts = [np.asarray(part.coords) for part in shapely.get_parts(shapely.line_merge(geometry) if geometry.geom_type == "MultiLineString" else geometry)
             if part.geom_type in ("LineString", "LinearRing") and len(part.coords) > 1]
    if parts:
        line_kw = {key.replace("solid_joinstyle", "joinstyle"): value for key, value in line_kw.items() if key != "dash_joinstyle"}
        ax.add_collection(LineCollection(parts, zorder=zorder, capstyle="butt", **line_kw), autolim=False)


def _draw_style(ax: Axes, key: str, geometry: shapely.Geometry, zorder: float, inside: shapely.Geometry | None = None) -> None:
    """Draw one state style's shape: its fill, its hatch if it has one, then its edge."""
    spec = style.STATE_STYLES[key]
    if spec.get("fill", True):
        _add(ax, geometry, zorder, facecolor=spec.get("fillColor", style.RU_FILL), alpha=spec.get("fillOpacity", 0.6),
             edgecolor="none", linewidth=0)
    pattern = style.STATE_PATTERNS.get(key)
    if pattern:
        # The hatch's edge colour is its own colour, at width 0: a patch with no edge colour gets its hatch drawn
        # transparent by some PDF readers (poppler's Cairo and Splash renderers among them).
        _add(ax, geometry, zorder + 0.1, facecolor="none", edgecolor=pattern["color"], linewidth=0, hatch=HATCH,
             hatchcolor=pattern["color"], hatch_linewidth=HATCH_WIDTH * (pattern.get("weight", 3) / 3))
    # The edge is a coast or a border, never the edge of the data: where a landmass is cut by the data's region (the
    # mainland at 139° E), no line is drawn.
    edge = shapely.intersection(shapely.boundary(geometry), inside) if inside is not None else shapely.boundary(geometry)
    _lines(ax, edge, zorder + 0.2, color=spec["color"], linewidth=spec.get("weight", 1) * PX, linestyle=_dashes(spec),
           solid_joinstyle="round", dash_joinstyle="round")


def _swatch(ax: Axes, x: float, y: float, width: float, height: float, key: str, scale: float) -> None:
    """Draw a legend swatch for a style key (or ``line`` / ``selected``) with its lower left corner at (x, y)."""
    box = dict(xy=(x, y), width=width, height=height)
    if key == "line":
        spec = style.BOUNDARY_STYLE
        ax.plot([x, x + width], [y + height / 2] * 2, color=spec["color"], linewidth=spec["weight"] * PX * 0.9,
                linestyle=_dashes(spec, PX * 0.6), solid_capstyle="butt")
        return
    if key == "selected":  # as the map rings the selected island: a fine dark line just off its coast
        ax.add_artist(Rectangle(**box, facecolor="#ffffff", edgecolor=style.HIGHLIGHT_STYLE["color"], linewidth=1.1 * scale))
        inset = 2.0 * scale
        ax.add_artist(Rectangle((x + inset, y + inset), width - 2 * inset, height - 2 * inset, facecolor=style.LAND, edgecolor="none"))
        return
    spec = style.STATE_STYLES[key]
    ax.add_artist(Rectangle(**box, facecolor=style.LAND if spec.get("fill", True) else "#ffffff", edgecolor="none"))
    if spec.get("fill", True):
        ax.add_artist(Rectangle(**box, facecolor=spec.get("fillColor"), alpha=spec.get("fillOpacity", 0.6), edgecolor="none"))
    pattern = style.STATE_PATTERNS.get(key)
    if pattern:
        ax.add_artist(Rectangle(**box, facecolor="none", edgecolor=pattern["color"], linewidth=0, hatch=HATCH, hatchcolor=pattern["color"],
                               hatch_linewidth=HATCH_WIDTH * (pattern.get("weight", 3) / 3)))
    ax.add_artist(Rectangle(**box, facecolor="none", edgecolor=spec["color"], linewidth=max(spec.get("weight", 1) * PX, 0.6),
                           linestyle=_dashes(spec)))


# --- what the page says -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """Every text of a page, in its languages, before it is laid out."""

    kicker: str
    title: str
    body: str
    legend_head: str
    legend: list[tuple[str, str]]  # (swatch key, text)
    selected: list[str]  # the selected island's lines (names, status, area), or none
    scale_note: str
    names_note: str
    sources: str
    coast: str
    page_number: str = ""


def join_sentences(ui: str, parts: list[str]) -> str:
    """Return sentences joined as the language writes them: with a space, or none after a Japanese full stop."""
    return ("" if ui == "ja" else " ").join(part for part in parts if part)


def words_of(spec: PageSpec, made: dt.date, page_number: str = "") -> Words:
    """Return the texts of a page."""
    ui, state = spec.ui, spec.state
    legend = [(item.key, item.text) for item in state.legend]
    if spec.show_lines and state.line_ids:
        legend.append(("line", text("map.legend.line", ui)))
    selected: list[str] = []
    if spec.island is not None:
        row = spec.island
        names = " · ".join(name for _, name in names_first_in(row, ui))
        status = text("map.tooltip.administeredClaimed" if row.get("claimed_by") else "map.tooltip.administered", ui)
        selected = [names, status]
        area = row.get("area_km2")
        if area is not None and area == area:
            value = text("panel.unit.km2", ui, value=format_number(float(area), ui, 1))
            value = join_sentences(ui, [value, text("panel.facts.areaDrawnNote", ui)])
            selected.append(text("handout.labelValue", ui, label=text("panel.facts.areaDrawn", ui), value=value))
        legend.append(("selected", text("handout.labelValue", ui, label=text("handout.selected", ui), value=names)))
    version, licence = coastline_source()
    coast = join_sentences(ui, [
        text("handout.coastlines", ui, version=version, licence=licence),
        text("handout.projection", ui, first=_degrees(STANDARD_PARALLELS[0], ui), second=_degrees(STANDARD_PARALLELS[1], ui)),
        text("handout.made", ui, date=format_date(made, ui)),
    ])
    return Words(
        kicker=spec.kicker,
        title=spec.title,
        body=spec.text,
        legend_head=text("map.legend.label", ui),
        legend=legend,
        selected=selected,
        scale_note="",
        names_note=join_sentences(ui, [text("handout.namesNote", ui), text("handout.colours", ui)]),
        sources=text("handout.sources", ui, sources="; ".join(state.sources)),
        coast=coast,
        page_number=page_number,
    )


# --- labels ---------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _places(path: str) -> dict[str, dict[str, str]]:
    table = read_csv(Path(path), "places.csv", ("id", "name_en", "name_ru", "name_ja"))
    return {row["id"]: {key: str(row[key]) for key in ("name_en", "name_ru", "name_ja")} for row in table.to_dict("records")}


def _group_names(place_id: str) -> dict[str, str] | None:
    """Return a group's names (``data/places.csv``, as the web map's group labels), or None."""
    return _places(str(paths.data_file("places.csv").resolve())).get(place_id)


def _context_text(row: dict, labels: str, countries: bool) -> str:
    from layers.text import context_label

    if countries:
        return context_label(row, labels)
    return "\n".join(str(row[f"name_{part}"]) for part in parse_lang(labels))


def _labels(spec: PageSpec, extent: Extent, size_pt: tuple[float, float], chain, context, typeset: Typesetter,
            tolerance: float) -> tuple[list[Label], list[tuple[str, shapely.Geometry]]]:
    """Return the labels to place, most important first, and the land (in points) they should keep off."""
    frame = shapely.box(*extent)
    land: list[tuple[str, shapely.Geometry]] = []
    for key, geometry in [*zip(chain["id"], chain.geometry), *zip(context["id"], context.geometry)]:
        if geometry.geom_type in ("Point", "MultiPoint"):
            continue
        visible = frames.cut(geometry, extent, tolerance * 3)
        if not visible.is_empty:
            for part in shapely.get_parts(to_points(visible, extent, size_pt)):
                land.append((key, part))
    if not spec.show_labels:
        return [], land

    def point_of(geometry: shapely.Geometry) -> tuple[float, float] | None:
        anchor = anchor_point(geometry, frame)
        if anchor is None:
            return None
        point = to_points(anchor, extent, size_pt)
        return point.x, point.y

    labels: list[Label] = []
    selected = spec.island["id"] if spec.island is not None else None
    for row in context[context["id"].isin(style.CONTEXT_LABELS)].to_dict("records"):
        where = point_of(row["geometry"])
        if where:
            labels.append(Label(row["id"], _context_text(row, spec.labels, spec.countries), typeset.size("context"), *where,
                                kind="context", centred=True, required=False))
    cluster = chain[chain["cluster"].fillna("") == "habomai"]
    zoomed = False
    if not cluster.empty:
        xmin, _, xmax, _ = cluster.total_bounds
        zoomed = (xmax - xmin) / (extent[2] - extent[0]) * size_pt[0] >= CLUSTER_ZOOM_PT
    major, minor = [], []
    for row in chain.to_dict("records"):
        area = row.get("area_km2")
        area = float(area) if area is not None and area == area else 0.0
        in_cluster = row.get("cluster") == "habomai"
        if in_cluster and not zoomed and row["id"] != selected:
            continue
        where = point_of(row["geometry"])
        if where is None:
            continue
        shown = row["geometry"].bounds
        across = max(shown[2] - shown[0], shown[3] - shown[1]) / (extent[2] - extent[0]) * size_pt[0]
        # Small on the map, not in km²: zoomed in, an islet is as big as an island and as easy to name.
        small = (in_cluster or area < style.MINOR_LABEL_AREA_KM2) and across < 40 * typeset.scale
        label = Label(row["id"], island_label(row, spec.labels), typeset.size("minor" if small else "label"), *where,
                      required=not small, kind="minor" if small else "island", bold=row["id"] == selected)
        if row["id"] == selected:
            labels.insert(0, label)
        else:
            (minor if small else major).append((area, label))
    labels += [label for _, label in sorted(major, key=lambda item: -item[0])]
    group = []
    place = _group_names("habomai")
    if place is not None and not cluster.empty:
        for row in cluster_label_points(cluster).to_dict("records"):
            point = row["geometry"]
            if frame.contains(point):
                at = to_points(point, extent, size_pt)
                group.append(Label("group:habomai", island_label(place, spec.labels), typeset.size("group"), at.x, at.y,
                                   kind="group", required=not zoomed))
    if not zoomed:
        labels += group
    labels += [label for _, label in sorted(minor, key=lambda item: -item[0])]
    if zoomed:
        labels += group
    return labels, land


# --- the map --------------------------------------------------------------------------------------------------------


def _draw_map(ax: Axes, spec: PageSpec, extent: Extent, size_pt: tuple[float, float], typeset: Typesetter) -> list[Placed]:
    """Draw the state on ``ax`` (limits already set): graticule, land, fills and hatches, lines, selection, labels."""
    state = spec.state
    tolerance = frames.simplify_tolerance(extent)
    ax.set_facecolor(style.SEA)
    for line in graticule(extent):
        ax.plot(line.xy[:, 0], line.xy[:, 1], color="#ffffff", linewidth=0.6, alpha=0.9, zorder=1, solid_capstyle="butt")
    chain = frames.projected_islands()
    context = frames.projected_context()
    land = shapely.union_all([frames.cut(g, extent, tolerance) for g in [*context.geometry, *chain.geometry]
                              if g.geom_type not in ("Point", "MultiPoint")])
    _add(ax, land, 2, facecolor=style.LAND, edgecolor="none", linewidth=0)
    region = frames.region_polygon()
    inside = shapely.buffer(region, -2 * tolerance)
    areas = state.areas.to_crs(frames.MAP_CRS)
    order = list(dict.fromkeys(areas["style"]))
    # One shape per style, as on the web map: no edge is drawn where no border runs.
    for number, key in enumerate(order):
        if key == "highlight":
            continue
        shape = shapely.union_all([frames.cut(g, extent, tolerance) for g in areas.loc[areas["style"] == key].geometry])
        if not shape.is_empty:
            _draw_style(ax, key, shape, 3 + number * 0.01, inside)
    for key in dict.fromkeys(state.island_styles.values()):
        ids = [island_id for island_id, value in state.island_styles.items() if value == key]
        shape = shapely.union_all([frames.cut(g, extent, tolerance) for g in chain.loc[chain["id"].isin(ids)].geometry
                                   if g.geom_type not in ("Point", "MultiPoint")])
        spec_style = style.STATE_STYLES[key]
        _add(ax, shape, 4, facecolor=spec_style["fillColor"], alpha=spec_style.get("fillOpacity", 0.9), edgecolor="none", linewidth=0)
    polygons = [frames.cut(g, extent, tolerance) for g in chain.geometry if g.geom_type not in ("Point", "MultiPoint")]
    outline = style.OUTLINE_STYLE
    _add(ax, shapely.union_all(polygons), 5, facecolor="none", edgecolor=outline["color"], linewidth=outline["weight"] * PX)
    line_shapes: list[shapely.Geometry] = []
    if spec.show_lines and state.line_ids:
        lines = frames.projected_lines()
        boundary = style.BOUNDARY_STYLE
        for geometry in lines.loc[lines["id"].isin(state.line_ids)].geometry:
            for part in shapely.get_parts(frames.cut(geometry, extent, tolerance)):
                if part.geom_type == "LineString":
                    line_shapes.append(part)
                    xy = np.asarray(part.coords)
                    ax.plot(xy[:, 0], xy[:, 1], color=boundary["color"], linewidth=boundary["weight"] * PX,
                            linestyle=_dashes(boundary), alpha=boundary.get("opacity", 1.0), zorder=6, solid_capstyle="butt")
    highlighted = areas.loc[areas["style"] == "highlight"]
    if not highlighted.empty:
        shape = shapely.union_all([frames.cut(g, extent, tolerance) for g in highlighted.geometry])
        spec_style = style.STATE_STYLES["highlight"]
        _add(ax, shape, 7, facecolor="none", edgecolor=spec_style["color"], linewidth=spec_style["weight"] * PX,
             linestyle=_dashes(spec_style))
    rocks = chain[chain.geometry.geom_type.isin(["Point", "MultiPoint"])]
    if not rocks.empty:
        marker = style.ROCK_MARKER
        ax.scatter(rocks.geometry.x, rocks.geometry.y, s=(2.2 * typeset.scale) ** 2, facecolor=marker["fill_color"],
                   edgecolor=marker["color"], linewidth=0.6, zorder=8)
    if spec.island is not None:
        chosen = chain.loc[chain["id"] == spec.island["id"]].geometry.iloc[0]
        highlight = style.HIGHLIGHT_STYLE
        if chosen.geom_type in ("Point", "MultiPoint"):
            ax.scatter([chosen.x], [chosen.y], s=(7 * typeset.scale) ** 2, facecolor="none", edgecolor=highlight["color"],
                       linewidth=highlight["weight"] * PX, zorder=9)
        else:
            # Outlined around, not over: a ring just off the coast leaves the island's own fill and hatch in sight
            # (a thick line on the coast would fill a small island black).
            metres_per_pt = (extent[2] - extent[0]) / size_pt[0]
            shape = frames.cut(chosen, extent, tolerance / 2).buffer(2.0 * typeset.scale * metres_per_pt, quad_segs=4)
            _add(ax, shape, 9, facecolor="none", edgecolor="#ffffff", linewidth=2.6 * typeset.scale, joinstyle="round")
            _add(ax, shape, 9.1, facecolor="none", edgecolor=highlight["color"], linewidth=1.1 * typeset.scale, joinstyle="round")
    outside = shapely.difference(shapely.box(*extent), region)
    if not outside.is_empty and outside.area > 1e-6 * shapely.box(*extent).area:
        # Beyond the data's region the map has no land to draw: shown as such, not as sea.
        _add(ax, outside, 8.5, facecolor=NO_DATA, edgecolor="none", linewidth=0)
        _lines(ax, shapely.intersection(region.exterior, shapely.box(*extent)), 8.6, color=FRAME, linewidth=0.5)
    labels, land_pt = _labels(spec, extent, size_pt, chain, context, typeset, tolerance)
    drawn_lines = [to_points(line, extent, size_pt) for line in line_shapes]
    placed = place_labels(labels, land_pt, size_pt, typeset.label_box, lines=drawn_lines)
    # The halo is a second copy of the label, stroked: a path effect turns its text into outlines, so the label
    # itself is drawn over it as plain text and stays text in the PDF (searchable, extractable).
    halo = [patheffects.Stroke(linewidth=2.2 * typeset.scale, foreground=style.LABEL_HALO)]
    xmin, ymin, xmax, ymax = extent
    for item in placed:
        x = xmin + item.x / size_pt[0] * (xmax - xmin)
        y = ymin + item.y / size_pt[1] * (ymax - ymin)
        colour = GREY if item.label.kind in ("context", "group") else INK
        common = dict(fontproperties=typeset.fonts.props(item.label.size, item.label.bold), ha=item.ha, va=item.va,
                      ma="center" if item.ha == "center" else item.ha, linespacing=1.1, parse_math=False, clip_on=True)
        if item.distance >= LEADER_PT:
            # A label set far from its island gets a fine line to it.
            left, bottom, right, top = item.box
            near_x, near_y = min(max(item.label.x, left), right), min(max(item.label.y, bottom), top)
            ax.plot([xmin + item.label.x / size_pt[0] * (xmax - xmin), xmin + near_x / size_pt[0] * (xmax - xmin)],
                    [ymin + item.label.y / size_pt[1] * (ymax - ymin), ymin + near_y / size_pt[1] * (ymax - ymin)],
                    color=GREY, linewidth=0.4, zorder=9.5, solid_capstyle="butt")
        ax.text(x, y, item.label.text, color=style.LABEL_HALO, path_effects=halo, zorder=10, **common)
        ax.text(x, y, item.label.text, color=colour, zorder=10.1, **common)
    return placed


def _grid_labels(page: Axes, spec: PageSpec, extent: Extent, box: tuple[float, float, float, float], typeset: Typesetter) -> None:
    """Write each graticule line's degrees outside the map's frame where it crosses it (meridians below or above,
    parallels left or right)."""
    left, bottom, width, height = box
    xmin, ymin, xmax, ymax = extent
    eps = (xmax - xmin) * 1e-6
    size = typeset.size("grid")
    props = typeset.fonts.props(size)
    used: dict[str, list[float]] = {"bottom": [], "top": [], "left": [], "right": []}
    for line in graticule(extent):
        words = text("handout.lonEast" if line.kind == "lon" else "handout.latNorth", spec.ui, value=_degrees(line.value, spec.ui))
        ends = [line.xy[0], line.xy[-1]]
        if line.kind == "lon":
            edges = [("bottom", end) for end in ends if abs(end[1] - ymin) < eps] or [("top", end) for end in ends if abs(end[1] - ymax) < eps]
        else:
            edges = [("left", end) for end in ends if abs(end[0] - xmin) < eps] or [("right", end) for end in ends if abs(end[0] - xmax) < eps]
        if not edges:
            continue
        edge, (x, y) = edges[0]
        px = left + (x - xmin) / (xmax - xmin) * width
        py = bottom + (y - ymin) / (ymax - ymin) * height
        along = px if edge in ("bottom", "top") else py
        extent_of = typeset.fonts.width(words, size) if edge in ("bottom", "top") else size
        if any(abs(along - other) < extent_of + 4 for other in used[edge]):
            continue
        if edge in ("left", "right") and not (bottom + size < py < bottom + height - size):
            continue
        if edge == "right" and not spec.landscape:
            continue  # the portrait page has no margin right of the map for it; the parallels are labelled on the left
        if edge in ("bottom", "top") and not (left + extent_of / 2 < px < left + width - extent_of / 2):
            continue
        used[edge].append(along)
        offset = 2.5 * typeset.scale
        if edge == "bottom":
            page.text(px, bottom - offset, words, fontproperties=props, color=GREY, ha="center", va="top", parse_math=False)
        elif edge == "top":
            page.text(px, bottom + height + offset, words, fontproperties=props, color=GREY, ha="center", va="bottom", parse_math=False)
        elif edge == "left":
            page.text(left - offset, py, words, fontproperties=props, color=GREY, ha="right", va="center", parse_math=False)
        else:
            page.text(left + width + offset, py, words, fontproperties=props, color=GREY, ha="left", va="center", parse_math=False)


def _scale_bar(page: Axes, bar: ScaleBar, x: float, top: float, map_width_pt: float, extent: Extent, typeset: Typesetter,
               ui: str) -> float:
    """Draw the scale bar with its top-left at (x, top) in page points; return its height."""
    size = typeset.size("small")
    props = typeset.fonts.props(size)
    length = bar.projected_m / (extent[2] - extent[0]) * map_width_pt
    bar_height = 3.2 * typeset.scale
    label_top = top
    bar_top = top - 1.3 * size
    parts = len(bar.ticks_km) - 1
    for index in range(parts):
        start = x + length * index / parts
        page.add_artist(Rectangle((start, bar_top - bar_height), length / parts, bar_height,
                                 facecolor=INK if index % 2 == 0 else "#ffffff", edgecolor=INK, linewidth=0.5))
    ticks = []
    for index, tick in enumerate(bar.ticks_km):
        words = format_number(tick, ui, 0 if float(tick).is_integer() else 1)
        at = x + length * index / parts
        half = typeset.fonts.width(words, size) / 2 + 1.5
        ticks.append((at - half, at + half, at, words))
    shown = [ticks[0], ticks[-1]]
    for tick in ticks[1:-1]:
        if all(tick[1] < other[0] or tick[0] > other[1] for other in shown):
            shown.append(tick)
    for _, _, at, words in shown:
        page.text(at, label_top - ASCENT * size, words, fontproperties=props, color=INK, ha="center", va="baseline",
                  parse_math=False)
    unit = text("panel.unit.km", ui, value="").strip()
    page.text(x + length + 3 * typeset.scale, bar_top - bar_height / 2, unit, fontproperties=props, color=INK, ha="left",
              va="center", parse_math=False)
    note_top = bar_top - bar_height - 0.5 * size
    lines = typeset.lines(text("handout.scaleAt", ui, lat=_degrees(round(bar.lat, 1), ui)), "small", max(length + 60, 160))
    used = typeset.draw(page, x, note_top, lines, "small", color=GREY)
    return top - note_top + used


# --- the page ------------------------------------------------------------------------------------------------------


def _legend_height(typeset: Typesetter, words: Words, width: float) -> float:
    swatch = 14 * typeset.scale
    height = typeset.height([words.legend_head], "head") + 4 * typeset.scale
    for _, row in words.legend:
        lines = typeset.lines(row, "legend", width - swatch - 6 * typeset.scale)
        height += max(typeset.height(lines, "legend"), 9 * typeset.scale) + 3.5 * typeset.scale
    return height


def _draw_legend(page: Axes, typeset: Typesetter, words: Words, x: float, top: float, width: float) -> float:
    swatch_w, swatch_h = 14 * typeset.scale, 9 * typeset.scale
    gap = 6 * typeset.scale
    y = top - typeset.draw(page, x, top, [words.legend_head], "head", bold=True) - 4 * typeset.scale
    for key, row in words.legend:
        lines = typeset.lines(row, "legend", width - swatch_w - gap)
        used = max(typeset.height(lines, "legend"), swatch_h)
        _swatch(page, x, y - swatch_h, swatch_w, swatch_h, key, typeset.scale)
        typeset.draw(page, x + swatch_w + gap, y, lines, "legend")
        y -= used + 3.5 * typeset.scale
    return top - y


def _draw_selected(page: Axes | None, typeset: Typesetter, rows: list[str], x: float, top: float, width: float) -> float:
    """Draw the selected island's facts (its names in bold, then its status and area); return their height. With no
    ``page``, only measure them."""
    first = typeset.lines(rows[0], "selected", width, bold=True)
    rest = [line for row in rows[1:] for line in typeset.lines(row, "selected", width)]
    gap = 1.5 * typeset.scale
    if page is not None:
        typeset.draw(page, x, top, first, "selected", bold=True)
        typeset.draw(page, x, top - typeset.height(first, "selected") - gap, rest, "selected")
    return typeset.height(first, "selected") + gap + typeset.height(rest, "selected")


def blank_page(size: str, landscape: bool) -> tuple[Figure, Axes, float, float]:
    """Return a white page of ``size`` (a4, a3) as a figure and one axes spanning it in points (0..width, 0..height),
    with the page's width and height in points: what a page and the booklet's cover are drawn on."""
    width_in, height_in = paper_inches(size, landscape)
    page_w, page_h = width_in * POINTS_PER_INCH, height_in * POINTS_PER_INCH
    figure = Figure(figsize=(width_in, height_in), dpi=POINTS_PER_INCH, facecolor="#ffffff")
    page = figure.add_axes((0, 0, 1, 1))
    page.set_xlim(0, page_w)
    page.set_ylim(0, page_h)
    page.set_axis_off()
    return figure, page, page_w, page_h


def draw_page(spec: PageSpec, made: dt.date | None = None, page_number: str = "") -> DrawnPage:
    """Draw one page of ``spec`` on a new figure of its paper size (points are the figure's units)."""
    made = made or dt.date.today()
    words = words_of(spec, made, page_number)
    every = "\n".join([words.kicker, words.title, words.body, words.legend_head, *(row for _, row in words.legend),
                       *words.selected, words.names_note, words.sources, words.coast, words.page_number,
                       text("handout.scaleAt", spec.ui, lat="0"), text("panel.unit.km", spec.ui, value="0")])
    labels_text = "".join(str(value) for column in ("name_en", "name_ru", "name_ja", "name_ja_latn")
                          for value in frames.projected_islands()[column].fillna(""))
    fonts = fonts_for(every + labels_text + "°NE" + text("handout.lonEast", spec.ui, value="0") + text("handout.latNorth", spec.ui, value="0"))
    scale = A3_SCALE if spec.size == "a3" else 1.0
    typeset = Typesetter(fonts, scale)
    figure, page, page_w, page_h = blank_page(spec.size, spec.landscape)
    margin = 30 * scale
    content_w = page_w - 2 * margin
    grid_room = max(fonts.width(text("handout.latNorth", spec.ui, value="50.5"), typeset.size("grid")) + 5 * scale, 18 * scale)
    below_room = typeset.size("grid") * 1.6 + 3 * scale

    # Header: the map's name, the title, the text.
    top = page_h - margin
    top -= typeset.draw(page, margin, top, [words.kicker], "kicker", color=GREY) + 3 * scale
    title_lines = typeset.lines(words.title, "title", content_w, bold=True)
    top -= typeset.draw(page, margin, top, title_lines, "title", bold=True) + 5 * scale
    body_lines = typeset.lines(words.body, "text", content_w) if words.body else []
    if body_lines:
        top -= typeset.draw(page, margin, top, body_lines, "text") + 8 * scale

    # Footer: the names note, the sources, the coastline, projection and date (bottom up, measured first).
    footer = [
        (typeset.lines(words.names_note, "note", content_w), "note", INK),
        (typeset.lines(words.sources, "small", content_w), "small", GREY),
        (typeset.lines(words.coast + (f"  {words.page_number}" if words.page_number else ""), "small", content_w), "small", GREY),
    ]
    footer_h = sum(typeset.height(lines, role) for lines, role, _ in footer) + 3 * scale * (len(footer) - 1)
    footer_top = margin + footer_h
    page.plot([margin, margin + content_w], [footer_top + 6 * scale] * 2, color="#bbbbbb", linewidth=0.5)
    y = footer_top
    for lines, role, colour in footer:
        y -= typeset.draw(page, margin, y, lines, role, color=colour) + 3 * scale

    selected_lines = words.selected
    if spec.landscape:
        column_w = content_w * 0.31
        gutter = max(grid_room, 14 * scale)
        map_left = margin + grid_room
        map_w = content_w - column_w - gutter - grid_room
        map_top = top - typeset.size("grid") * 1.6
        map_bottom = footer_top + 12 * scale + below_room
        column_x = map_left + map_w + gutter
        column_top = top
    else:
        legend_h = _legend_height(typeset, words, content_w)
        selected_h = _draw_selected(None, typeset, selected_lines, 0, 0, content_w) + 6 * scale if selected_lines else 0.0
        scale_h = 30 * scale
        map_left = margin + grid_room
        map_w = content_w - grid_room
        map_top = top - typeset.size("grid") * 1.6
        map_bottom = footer_top + 12 * scale + legend_h + selected_h + scale_h + below_room
        column_x, column_w = margin, content_w
        column_top = map_bottom - below_room - 6 * scale
    map_h = max(map_top - map_bottom, 120 * scale)
    size_pt = (map_w, map_h)
    extent = fit_extent(project_bounds(spec.bounds), map_w / map_h, within=frames.region_inner())
    ax = figure.add_axes((map_left / page_w, map_bottom / page_h, map_w / page_w, map_h / page_h))
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(FRAME)
        spine.set_linewidth(0.6)
    placed = _draw_map(ax, spec, extent, size_pt, typeset)
    _grid_labels(page, spec, extent, (map_left, map_bottom, map_w, map_h), typeset)

    # The legend, the selected island and the scale bar: beside the map (landscape) or under it (portrait).
    bar = scale_bar(extent)
    y = column_top
    if spec.landscape:
        y -= _draw_legend(page, typeset, words, column_x, y, column_w) + 6 * scale
        if selected_lines:
            y -= _draw_selected(page, typeset, selected_lines, column_x, y, column_w) + 8 * scale
        _scale_bar(page, bar, column_x + 4 * scale, y - 4 * scale, map_w, extent, typeset, spec.ui)
    else:
        used = _scale_bar(page, bar, map_left + 4 * scale, y, map_w, extent, typeset, spec.ui)
        y -= max(used, 22 * scale) + 6 * scale
        y -= _draw_legend(page, typeset, words, column_x, y, column_w) + 3 * scale
        if selected_lines:
            _draw_selected(page, typeset, selected_lines, column_x, y, column_w)
    return DrawnPage(figure, ax, extent, spec, placed, bar)


def pixel_of(drawn: DrawnPage, lon: float, lat: float, dpi: float) -> tuple[int, int]:
    """Return the (column, row) of a PNG saved at ``dpi`` where the map draws lon/lat (row 0 at the top)."""
    x, y = to_map(lon, lat)
    display = drawn.map_ax.transData.transform((x, y))  # in figure points (the figure's dpi is 72)
    factor = dpi / drawn.figure.dpi
    height_px = drawn.figure.get_figheight() * dpi
    return int(round(display[0] * factor)), int(round(height_px - display[1] * factor))
