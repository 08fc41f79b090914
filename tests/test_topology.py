"""The map's geometry as one topology (geo.topology): lossless on the page's grid, each shared coast one arc."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer

from geo.islands import claim_areas
from geo.topology import grid_transform, simplified_arcs, topology, topology_features
from layers.export import EXPORT_DECIMALS, export_frames


@pytest.fixture(scope="module")
def frames() -> dict[str, gpd.GeoDataFrame]:
    chain, context = export_frames()
    claims = claim_areas(chain)
    return {
        "islands": chain[["id", "claimed_by", "area_km2", "geometry"]],
        "context": context[["id", "geometry"]],
        "claim": claims.loc[claims["holder"] == "JP", ["id", "geometry"]],
    }


@pytest.fixture(scope="module")
def topo(frames) -> dict:
    return topology(frames, EXPORT_DECIMALS)


def _arcs(geometry: dict) -> set[int]:
    nested = geometry.get("arcs", [])
    while nested and isinstance(nested[0], list):
        nested = [arc for part in nested for arc in part]
    return {~arc if arc < 0 else arc for arc in nested}


def test_the_topology_draws_exactly_the_frames_it_was_given(frames, topo) -> None:
    for name, frame in frames.items():
        decoded = topology_features(topo, name)
        assert list(decoded["id"]) == list(frame["id"]), name
        for want, got in zip(frame.geometry, decoded.geometry):
            assert want.geom_type == got.geom_type
            # The grid is the frames' own rounding: no vertex moves (beyond float noise) and none is lost.
            assert shapely.hausdorff_distance(want, got) < 1e-9, name
            assert shapely.get_num_coordinates(want) == shapely.get_num_coordinates(got), name


def test_japans_claim_is_drawn_from_the_islands_own_arcs(topo) -> None:
    islands = set().union(*(_arcs(geometry) for geometry in topo["objects"]["islands"]["geometries"]))
    claim = set().union(*(_arcs(geometry) for geometry in topo["objects"]["claim"]["geometries"]))
    assert claim and claim <= islands


def test_properties_are_plain_json_and_rocks_are_points_on_the_grid(frames, topo) -> None:
    geometries = {geometry["properties"]["id"]: geometry for geometry in topo["objects"]["islands"]["geometries"]}
    rocks = frames["islands"][frames["islands"].geom_type == "Point"]
    assert len(rocks) >= 1
    for row in rocks.itertuples():
        shape = geometries[row.id]
        assert shape["type"] == "Point" and all(isinstance(value, int) for value in shape["coordinates"])
        assert shape["properties"]["area_km2"] is None  # NaN in the frame, null in JSON
    assert "id" not in next(iter(geometries.values()))  # the package's numbering is dropped: ids are properties


def test_the_grid_is_whole_steps_from_a_whole_degree(frames) -> None:
    transform = grid_transform(frames, 4)
    assert transform["scale"] == [0.0001, 0.0001]
    assert all(corner == int(corner) for corner in transform["translate"])


def test_a_topology_refuses_what_it_cannot_encode(frames) -> None:
    with pytest.raises(ValueError, match="at least one frame"):
        topology({}, 4)
    projected = frames["context"].to_crs(3857)
    with pytest.raises(ValueError, match="not EPSG:4326"):
        topology({"context": projected}, 4)
    with pytest.raises(KeyError, match="no object 'coasts'"):
        topology_features(topology({"context": frames["context"]}, 4), "coasts")


def test_the_topology_is_smaller_than_the_same_frames_as_geojson(frames, topo) -> None:
    from geo.geojson import feature_collection
    from layers.templates import script_json

    geojson = sum(len(script_json(feature_collection(frame, EXPORT_DECIMALS))) for frame in frames.values())
    assert len(script_json(topo)) < geojson / 2


def _absolute(arc: list[list[int]]) -> np.ndarray:
    return np.cumsum(np.asarray(arc, dtype=np.int64).reshape(-1, 2), axis=0)


def _mercator(points: np.ndarray, transform: dict) -> np.ndarray:
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    to_mercator = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    return np.column_stack(to_mercator.transform(points[:, 0] * sx + tx, points[:, 1] * sy + ty))


def test_coarse_arcs_are_subsets_with_the_same_ends_bounds_and_within_the_tolerance(topo) -> None:
    tolerance_m = 600.0
    coarse = simplified_arcs(topo, tolerance_m)
    assert len(coarse) == len(topo["arcs"])
    kept = sum(len(arc) for arc in coarse)
    assert kept < 0.5 * sum(len(arc) for arc in topo["arcs"])  # the point of a coarse level
    for full_arc, coarse_arc in zip(topo["arcs"], coarse):
        full, fewer = _absolute(full_arc), _absolute(coarse_arc)
        assert all(isinstance(value, int) for point in coarse_arc for value in point)
        # Its points are the arc's own, in order, from the same first to the same last.
        rows = {tuple(point): index for index, point in enumerate(full.tolist())}
        assert all(tuple(point) in rows for point in fewer.tolist())
        assert (fewer[0] == full[0]).all() and (fewer[-1] == full[-1]).all()
        # Exactly the same bounds: fits and labels read from them do not move between levels.
        assert (fewer.min(axis=0) == full.min(axis=0)).all() and (fewer.max(axis=0) == full.max(axis=0)).all()
        if len(full) > 2:
            gap = shapely.hausdorff_distance(
                shapely.linestrings(_mercator(full, topo["transform"])), shapely.linestrings(_mercator(fewer, topo["transform"]))
            )
            assert gap <= tolerance_m * 1.001


def test_the_coarse_level_keeps_every_ring_a_polygon(topo) -> None:
    coarse = dict(topo, arcs=simplified_arcs(topo, 2_000.0))
    for name in ("islands", "claim", "context"):
        for geometry in topology_features(coarse, name).geometry:
            if geometry.geom_type in ("Polygon", "MultiPolygon"):
                assert geometry.is_valid or shapely.make_valid(geometry).area > 0, name
                assert all(len(ring.coords) >= 4 for polygon in getattr(geometry, "geoms", [geometry])
                           for ring in [polygon.exterior, *polygon.interiors]), name


def test_no_tolerance_keeps_every_point_and_a_negative_one_is_refused(topo) -> None:
    assert simplified_arcs(topo, 0.0) == topo["arcs"]
    with pytest.raises(ValueError, match="tolerance"):
        simplified_arcs(topo, -1.0)
