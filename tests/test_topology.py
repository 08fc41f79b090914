"""The map's geometry as one topology (geo.topology): lossless on the page's grid, each shared coast one arc."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer

from geo.islands import claim_areas
from geo.topology import _absolute, _index, _rings, coarse_points, coarse_steps, grid_transform, simplified_arcs, topology, topology_features
from layers.export import EXPORT_DECIMALS, export_frames
from layers.map.topology import mercator_metres_per_pixel
from layers.style import COARSE_MAX_ZOOM, COARSE_TOLERANCE_PX


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


def _mercator(points: np.ndarray, transform: dict) -> np.ndarray:
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    to_mercator = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    return np.column_stack(to_mercator.transform(points[:, 0] * sx + tx, points[:, 1] * sy + ty))


#: The page's own coarse tolerance: half a pixel at the last coarse zoom.
PAGE_TOLERANCE_M = COARSE_TOLERANCE_PX * mercator_metres_per_pixel(COARSE_MAX_ZOOM)


def test_mercator_metres_per_pixel_is_leaflets_tile_pixel() -> None:
    assert mercator_metres_per_pixel(0) == pytest.approx(156_543.034, abs=1e-3)
    assert mercator_metres_per_pixel(7) == pytest.approx(mercator_metres_per_pixel(0) / 128)


def test_coarse_arcs_are_subsets_with_the_same_ends_bounds_and_within_the_tolerance(topo) -> None:
    kept = coarse_points(topo, PAGE_TOLERANCE_M)
    coarse = simplified_arcs(topo, kept)
    assert len(coarse) == len(kept) == len(topo["arcs"])
    assert sum(map(len, coarse)) < 0.5 * sum(map(len, topo["arcs"]))  # the point of a coarse level
    for full_arc, indices, coarse_arc in zip(topo["arcs"], kept, coarse):
        full, fewer = _absolute(full_arc), _absolute(coarse_arc)
        assert all(isinstance(value, int) for point in coarse_arc for value in point)
        # Its points are the arc's own, in order, from the same first to the same last.
        assert indices == sorted(set(indices)) and indices[0] == 0 and indices[-1] == len(full) - 1
        assert (fewer == full[indices]).all()
        # Exactly the same bounds: fits and labels read from them do not move between levels.
        assert (fewer.min(axis=0) == full.min(axis=0)).all() and (fewer.max(axis=0) == full.max(axis=0)).all()
        if len(full) > 2:
            gap = shapely.hausdorff_distance(
                shapely.linestrings(_mercator(full, topo["transform"])), shapely.linestrings(_mercator(fewer, topo["transform"]))
            )
            assert gap <= PAGE_TOLERANCE_M * 1.001


def test_the_coarse_level_keeps_every_ring_a_ring_with_an_area(topo) -> None:
    for tolerance_m in (PAGE_TOLERANCE_M, 5_000.0):
        coarse = simplified_arcs(topo, coarse_points(topo, tolerance_m))
        flattened = 0
        for ring in _rings(topo["objects"].values()):
            points = np.vstack([
                _absolute(coarse[_index(arc)])[:: -1 if arc < 0 else 1] for arc in ring
            ])
            corners = {tuple(point) for point in points.tolist()}
            x, y = points[:, 0].astype(float), points[:, 1].astype(float)
            area = 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
            flattened += len(corners) < 3 or area == 0
        assert flattened == 0, f"{flattened} rings flattened at {tolerance_m} m"


def test_the_page_sends_the_coarse_level_as_steps_between_kept_points(topo) -> None:
    kept = coarse_points(topo, PAGE_TOLERANCE_M)
    steps = coarse_steps(kept)
    assert [list(np.cumsum([0, *arc_steps])) for arc_steps in steps] == kept
    assert all(step >= 1 for arc_steps in steps for step in arc_steps)
    assert len(json.dumps(steps)) < 0.25 * len(json.dumps(simplified_arcs(topo, kept)))


def test_no_tolerance_keeps_every_point_and_a_bad_one_is_refused(topo) -> None:
    kept = coarse_points(topo, 0.0)
    assert simplified_arcs(topo, kept) == topo["arcs"]
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="tolerance"):
            coarse_points(topo, bad)


def test_a_geometry_collection_is_refused(frames) -> None:
    mixed = gpd.GeoDataFrame({"id": ["both"]}, geometry=[shapely.GeometryCollection([shapely.box(145, 43, 146, 44)])],
                             crs="EPSG:4326")
    with pytest.raises(ValueError, match="GeometryCollection"):
        topology({"mixed": mixed}, 4)
