"""Boundary lines constructed from the coastline data: strait median lines and the 50th parallel on Sakhalin.

No line here is drawn by hand. A strait boundary is the equidistant (median)
line between two coasts, built from the Voronoi diagram of densified coastline
points in a local conformal projection (metres), so distances are right and
not raw degrees. ``python -m geo.build`` runs :func:`boundary_lines_from`
on the full-resolution GSHHG coastlines and commits ``data/boundaries.geojson``;
the app reads that file with :func:`boundary_lines`.

Editorial decision: every line is *computed and approximate*. The historic
treaties named a strait, not a line; today's line between Hokkaido and the
Russian-administered islands is a line of control, not an agreed border.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer

from geo import paths
from geo.datafile import error, read_geojson

#: The file's name in the data folder (``geo.paths.data_file``), looked up at each call.
BOUNDARIES_FILE = "boundaries.geojson"

#: Coast points are this far apart (metres) before the Voronoi step; the line's error is far below it.
SPACING_M = 100.0

#: Written coordinates: 1e-5° grid (about 1 m), as ``data/islands.geojson``.
DECIMALS = 5


class UnknownBoundaryError(KeyError):
    """A boundary line id that is not in the table; the message lists the accepted ids."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def local_crs(geometry: shapely.Geometry) -> str:
    """Return a PROJ string for an oblique stereographic projection (conformal, metres) centred on ``geometry``.

    Over a strait (tens of km) its scale error is below 1e-4, so planar distances are geodesic ones.
    """
    centre = geometry.envelope.centroid
    return f"+proj=sterea +lat_0={centre.y:.6f} +lon_0={centre.x:.6f} +k=1 +datum=WGS84 +units=m +no_defs"


def _project(geometry: shapely.Geometry, transformer: Transformer) -> shapely.Geometry:
    def move(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, move)


def _coast(land: shapely.Geometry) -> shapely.Geometry:
    """Return the coastline of ``land``: polygon rings as lines; points (undrawn rocks) stay points."""
    parts = shapely.get_parts(land)
    return shapely.union_all([part.boundary if part.geom_type == "Polygon" else part for part in parts])


def _coast_points(land_local: shapely.Geometry, window: shapely.Geometry, spacing_m: float) -> np.ndarray:
    coast = shapely.intersection(_coast(land_local), window)
    if coast.is_empty:
        return np.empty((0, 2))
    return np.unique(shapely.get_coordinates(shapely.segmentize(coast, spacing_m)), axis=0)


def median_line(
    a: shapely.Geometry,
    b: shapely.Geometry,
    clip: shapely.Geometry,
    spacing_m: float = SPACING_M,
    reach_m: float | None = None,
) -> shapely.LineString | shapely.MultiLineString:
    """Return the line equidistant from the coasts of ``a`` and ``b`` inside ``clip`` (all EPSG:4326 lon/lat).

    ``a`` and ``b`` are land (polygons, or points for rocks); ``clip`` bounds the strait. ``reach_m``,
    when the caller knows it (as for :func:`strait_clip`), bounds the distance from any point of ``clip``
    to both coasts and keeps the computation small. The Voronoi cells of coast points are dissolved by side; the line is the edge the two sides share.

    >>> round(median_line(shapely.box(0, 0, 0.1, 0.1), shapely.box(0.2, 0, 0.3, 0.1), shapely.box(0.1, 0, 0.2, 0.1)).bounds[0], 6)
    0.15
    """
    if a.is_empty or b.is_empty:
        raise ValueError("median_line needs two non-empty land geometries")
    crs = local_crs(clip)
    forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    a_local, b_local, clip_local = (_project(g, forward) for g in (a, b, clip))
    # Only coast within ``reach`` of the clip area can be nearest to a point in it. Without a caller's
    # bound, reach is the farthest coast seen from the clip's boundary plus the clip's own size.
    if reach_m is None:
        ring_points = shapely.points(shapely.get_coordinates(shapely.segmentize(clip_local.boundary, spacing_m)))
        xmin, ymin, xmax, ymax = clip_local.bounds
        farthest = max(shapely.distance(ring_points, a_local).max(), shapely.distance(ring_points, b_local).max())
        reach = float(farthest) + max(xmax - xmin, ymax - ymin)
    else:
        reach = reach_m + spacing_m
    window = clip_local.buffer(reach)
    points_a = _coast_points(a_local, window, spacing_m)
    points_b = _coast_points(b_local, window, spacing_m)
    if len(points_a) == 0 or len(points_b) == 0:
        raise ValueError("no coast of one side lies near the clip area; widen the clip or check the land ids")
    points = np.vstack([points_a, points_b])
    side_a = np.arange(len(points)) < len(points_a)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(points), extend_to=window.envelope.buffer(reach), ordered=True)
    )
    region_a = shapely.coverage_union_all(cells[side_a])
    region_b = shapely.coverage_union_all(cells[~side_a])
    shared = shapely.intersection(region_a.boundary, region_b.boundary)
    lines = [part for part in shapely.get_parts(shapely.intersection(shared, clip_local)) if part.geom_type == "LineString"]
    if not lines:
        raise ValueError("the median line does not cross the clip area")
    merged = shapely.line_merge(shapely.union_all(lines))
    return _project(merged, back)


def strait_clip(a: shapely.Geometry, b: shapely.Geometry, reach_m: float) -> shapely.Polygon | shapely.MultiPolygon:
    """Return the sea area within ``reach_m`` metres of both ``a`` and ``b`` (EPSG:4326), to clip a median line.

    Derived from the data, not drawn: the lens where the two coasts' buffers overlap.
    """
    crs = local_crs(shapely.box(*np.r_[np.minimum(a.bounds[:2], b.bounds[:2]), np.maximum(a.bounds[2:], b.bounds[2:])]))
    forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    a_local, b_local = _project(a, forward), _project(b, forward)
    # A point of the lens lies within reach of b, so its nearest point of a lies within 2 * reach of b's
    # envelope (and the other way round): only those parts need buffering, which keeps big land cheap.
    a_local = shapely.intersection(a_local, b_local.envelope.buffer(2 * reach_m))
    b_local = shapely.intersection(b_local, a_local.envelope.buffer(2 * reach_m))
    lens = shapely.intersection(a_local.buffer(reach_m, quad_segs=16), b_local.buffer(reach_m, quad_segs=16))
    if lens.is_empty:
        raise ValueError(f"the two coasts are more than {2 * reach_m / 1000:.0f} km apart; raise reach_m")
    return _project(lens, back)


def parallel_across(land: shapely.Geometry, lat: float) -> shapely.LineString | shapely.MultiLineString:
    """Return the part of the parallel ``lat`` that crosses ``land`` (EPSG:4326), e.g. 50°N across Sakhalin."""
    xmin, _, xmax, _ = land.bounds
    parallel = shapely.LineString([(xmin - 1.0, lat), (xmax + 1.0, lat)])
    crossing = shapely.intersection(parallel, land)
    lines = [part for part in shapely.get_parts(crossing) if part.geom_type == "LineString"]
    if not lines:
        raise ValueError(f"the parallel {lat}° does not cross the land given")
    return shapely.line_merge(shapely.union_all(lines))


@dataclass(frozen=True)
class MedianSpec:
    """A strait median line: land ids on each side and how far out to sea it is drawn."""

    side_a: tuple[str, ...]
    side_b: tuple[str, ...]
    reach_m: float


@dataclass(frozen=True)
class ParallelSpec:
    """A parallel of latitude across one land."""

    land: str
    lat: float


@dataclass(frozen=True)
class BoundarySpec:
    """One boundary line of the map: names, what it is, how it is computed and its sources."""

    id: str
    name_en: str
    name_ru: str
    name_ja: str
    kind: str
    construction: MedianSpec | ParallelSpec
    note: str
    sources: tuple[str, ...]


#: Land on the Japanese side of today's line of control: Hokkaido with its islets Yururi and Moyururi.
HOKKAIDO_SIDE = ("hokkaido", "yururi", "moyururi")

#: The four claimed groups, rocks GSHHG does not hold (Signalny/Kaigara, Oskolki) included as points.
CLAIMED_ISLANDS = (
    "iturup", "kunashir", "shikotan", "zelyony", "polonsky", "tanfilyev", "yuri", "anuchina", "signalny", "oskolki",
)

#: Editorial decision: which coasts each line separates and how far out to sea (metres) it is drawn.
#: ``reach_m`` only sets the drawn extent (the line stops where both coasts are farther than that).
BOUNDARY_SPECS: dict[str, BoundarySpec] = {
    spec.id: spec
    for spec in (
        BoundarySpec(
            "shimoda_1855",
            "1855 border: strait between Iturup/Etorofu and Urup (Vries/Friza Strait)",
            "Граница 1855 г.: пролив Фриза между Итурупом (Эторофу) и Урупом",
            "1855年の国境：択捉島（イトゥルップ島）とウルップ島の間の海峡（択捉海峡）",
            "treaty_strait",
            MedianSpec(("iturup",), ("urup",), 40_000.0),
            "Computed median line of the strait the 1855 Treaty of Shimoda named; approximate. "
            "Japan's school atlases still draw a border here.",
            (
                "https://www.japantimes.co.jp/2004/09/09/announcements/repeated-treaties-kept-border-in-state-of-flux/",
                "https://www.teikokushoin.co.jp/faq/detail/108/",
            ),
        ),
        BoundarySpec(
            "lopatka_1875",
            "1875 border: First Kuril Strait between Cape Lopatka (Kamchatka) and Shumshu",
            "Граница 1875 г.: Первый Курильский пролив между мысом Лопатка и Шумшу",
            "1875年の国境：カムチャツカ半島のロパトカ岬と占守島の間の海峡（占守海峡）",
            "treaty_strait",
            MedianSpec(("kamchatka",), ("shumshu", "atlasov", "paramushir"), 20_000.0),
            "Computed median line of the strait the 1875 Treaty of Saint Petersburg named; approximate.",
            ("https://www.mofa.go.jp/region/europe/russia/territory/edition92/period2.html",),
        ),
        BoundarySpec(
            "soya_strait",
            "La Pérouse (Sōya) Strait between Hokkaido and Sakhalin",
            "Пролив Лаперуза (Соя) между Хоккайдо и Сахалином",
            "宗谷海峡（ラ・ペルーズ海峡）：北海道とサハリンの間",
            "strait",
            MedianSpec(("hokkaido",), ("sakhalin",), 50_000.0),
            "Computed median line; approximate. The 1875 treaty put the border 'through La Pérouse Strait'; "
            "Japanese atlases draw a line here today.",
            (
                "http://public-vic-foryou1-peterburg.blogspot.com (Russian text of the 1875 treaty, Art. 1)",
                "https://faq.tokyo-shoseki.co.jp/fa/customer/web/knowledge774.html",
            ),
        ),
        BoundarySpec(
            "sakhalin_50n",
            "1905 border: the 50th parallel across Sakhalin",
            "Граница 1905 г.: 50-я параллель на Сахалине",
            "1905年の国境：サハリンの北緯50度線",
            "parallel",
            ParallelSpec("sakhalin", 50.0),
            "The 1905 Treaty of Portsmouth (Art. IX) adopted the 50th parallel as the northern limit of the ceded "
            "part of Sakhalin; the demarcated line followed it 'so far as topographical considerations permit'.",
            (
                "Treaty of Portsmouth, 5 Sep 1905, Art. IX and additional Art. II, American Journal of International Law "
                "vol. 1 no. 1 suppl. (1907) pp. 17-22",
            ),
        ),
        BoundarySpec(
            "line_of_control",
            "Line of control between Hokkaido and the Russian-administered islands (computed, approximate; not an agreed border)",
            "Линия разграничения между Хоккайдо и островами под управлением России (расчётная, приблизительная; не согласованная граница)",
            "北海道とロシア施政下の島々の間の事実上の境界線（計算による概略の線。合意された国境ではない）",
            "line_of_control",
            MedianSpec(HOKKAIDO_SIDE, CLAIMED_ISLANDS, 30_000.0),
            "Median line through the Nemuro (Kunashir), Notsuke and Goyomai straits, computed from the coastlines. "
            "No border has been agreed here; real fishing and patrol lines differ.",
            ("https://www.hoppou.go.jp/gakushu/outline/islands/island1/",),
        ),
    )
}


def _land(frame: gpd.GeoDataFrame, ids: tuple[str, ...]) -> shapely.Geometry:
    chosen = frame[frame["id"].isin(ids)]
    missing = sorted(set(ids) - set(chosen["id"]))
    if missing:
        raise ValueError(f"land ids {missing} are not in the data; known: {', '.join(sorted(frame['id']))}")
    return shapely.union_all(chosen.geometry.to_numpy())


def boundary_geometry(spec: BoundarySpec, land: gpd.GeoDataFrame, spacing_m: float = SPACING_M) -> shapely.Geometry:
    """Return the computed geometry of one line from ``land`` (columns ``id`` and geometry, EPSG:4326)."""
    construction = spec.construction
    if isinstance(construction, ParallelSpec):
        return parallel_across(_land(land, (construction.land,)), construction.lat)
    a, b = _land(land, construction.side_a), _land(land, construction.side_b)
    return median_line(a, b, strait_clip(a, b, construction.reach_m), spacing_m, construction.reach_m)


def boundary_lines_from(land: gpd.GeoDataFrame, spacing_m: float = SPACING_M) -> gpd.GeoDataFrame:
    """Return every line of :data:`BOUNDARY_SPECS` computed from ``land``, one row each, EPSG:4326.

    ``land`` is islands and context land together (``id`` and geometry). Columns: ``id``, names,
    ``kind``, ``computed`` (always true), ``approximate`` (always true), ``method``, ``note``, ``sources``.
    """
    rows = []
    for spec in BOUNDARY_SPECS.values():
        construction = spec.construction
        if isinstance(construction, ParallelSpec):
            method = f"intersection of latitude {construction.lat:g}°N with the coastline polygon of {construction.land}"
        else:
            method = (
                f"median line (Voronoi of coast points every {spacing_m:g} m, local stereographic projection) between "
                f"{', '.join(construction.side_a)} and {', '.join(construction.side_b)}, drawn where both are within "
                f"{construction.reach_m / 1000:g} km"
            )
        rows.append(
            {
                "id": spec.id,
                "name_en": spec.name_en,
                "name_ru": spec.name_ru,
                "name_ja": spec.name_ja,
                "kind": spec.kind,
                "computed": True,
                "approximate": True,
                "method": method,
                "note": spec.note,
                "sources": list(spec.sources),
                "geometry": shapely.set_precision(boundary_geometry(spec, land, spacing_m), 10**-DECIMALS),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


@lru_cache(maxsize=4)
def _read(path: Path) -> gpd.GeoDataFrame:
    frame = read_geojson(path, BOUNDARIES_FILE, ("id", "name_en", "kind"))
    missing = [line_id for line_id in BOUNDARY_SPECS if line_id not in set(frame["id"])]
    if missing:
        raise error(path, BOUNDARIES_FILE, f"is invalid: it lacks the lines {missing}")
    return frame


def boundary_lines(path: Path | str | None = None) -> gpd.GeoDataFrame:
    """Return the committed boundary lines (built from full-resolution coastlines), one row per line id.

    ``path`` defaults to ``data/boundaries.geojson``, looked up now; a bad file raises ``DataFileError``.
    """
    return _read(Path(path if path is not None else paths.data_file(BOUNDARIES_FILE)).resolve()).copy()


def boundary_line(line_id: str, frame: gpd.GeoDataFrame | None = None) -> shapely.Geometry:
    """Return one line's geometry; raise :class:`UnknownBoundaryError` listing the accepted ids."""
    frame = boundary_lines() if frame is None else frame
    match = frame[frame["id"] == line_id]
    if match.empty:
        raise UnknownBoundaryError(f"unknown boundary line {line_id!r}; choose one of {', '.join(BOUNDARY_SPECS)}")
    return match.geometry.iloc[0]
