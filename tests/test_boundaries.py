"""Tests for geo/boundaries.py: median lines are equidistant, the 1905 line is the 50th parallel on Sakhalin."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo.boundaries import (
    BOUNDARY_SPECS,
    CLAIMED_ISLANDS,
    HOKKAIDO_SIDE,
    boundary_line,
    boundary_lines,
    median_line,
    strait_clip,
)
from geo.facts import computed_facts, shortest_distance
from geo.islands import context_land, islands

GEOD = Geod(ellps="WGS84")

#: context_land is simplified to 0.002° (at most ~220 m off the full-resolution coast the committed lines were built from).
SIMPLIFICATION_TOLERANCE_M = 300.0


@lru_cache(maxsize=1)
def _land() -> dict[str, shapely.Geometry]:
    frames = [islands(), context_land()]
    return {row.id: row.geometry for frame in frames for row in frame.itertuples(index=False)}


@lru_cache(maxsize=16)
def _union(ids: tuple[str, ...]) -> shapely.Geometry:
    return shapely.union_all([_land()[i] for i in ids])


@lru_cache(maxsize=4)
def _near_goyomai(ids: tuple[str, ...]) -> shapely.Geometry:
    """The land within about 25 km of Cape Nosappu: enough for any nearest point in the Goyomai strait."""
    nosappu = shapely.Point(computed_facts()["cape_nosappu"]["lonlat"])
    return shapely.intersection(_union(ids), nosappu.buffer(0.3))


def _samples(line: shapely.Geometry, count: int) -> list[shapely.Point]:
    return [line.interpolate(fraction, normalized=True) for fraction in np.linspace(0.02, 0.98, count)]


def test_median_line_between_two_boxes_is_halfway() -> None:
    line = median_line(shapely.box(0, 0, 0.1, 0.1), shapely.box(0.2, 0, 0.3, 0.1), shapely.box(0.1, 0.02, 0.2, 0.08))
    assert line.geom_type == "LineString"
    assert np.allclose(shapely.get_coordinates(line)[:, 0], 0.15, atol=1e-4)


def test_median_line_rejects_empty_land() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        median_line(shapely.Polygon(), shapely.box(0, 0, 1, 1), shapely.box(0, 0, 1, 1))


def test_goyomai_strait_median_is_equidistant_when_computed_from_the_same_coasts() -> None:
    hokkaido_side, russian_side = _near_goyomai(HOKKAIDO_SIDE), _near_goyomai(CLAIMED_ISLANDS)
    line = median_line(hokkaido_side, russian_side, strait_clip(hokkaido_side, russian_side, 6_000), reach_m=6_000)
    assert line.length > 0
    for point in _samples(line, 15):
        to_hokkaido, _, _ = shortest_distance(point, hokkaido_side)
        to_habomai, _, _ = shortest_distance(point, russian_side)
        assert abs(to_hokkaido - to_habomai) < 25.0, (point, to_hokkaido, to_habomai)


def test_committed_line_of_control_is_equidistant_in_the_goyomai_strait() -> None:
    nosappu = shapely.Point(computed_facts()["cape_nosappu"]["lonlat"])
    line = boundary_line("line_of_control")
    near_nosappu = shapely.intersection(line, nosappu.buffer(0.08))
    assert not near_nosappu.is_empty
    for point in _samples(near_nosappu, 10):
        to_hokkaido, _, _ = shortest_distance(point, _near_goyomai(HOKKAIDO_SIDE))
        to_habomai, _, _ = shortest_distance(point, _near_goyomai(CLAIMED_ISLANDS))
        assert abs(to_hokkaido - to_habomai) < SIMPLIFICATION_TOLERANCE_M
        assert 1_000 < to_hokkaido < 8_000  # a strait a few km wide, not open sea


def test_line_of_control_runs_from_the_okhotsk_sea_past_the_habomai_islets() -> None:
    line = boundary_line("line_of_control")
    west, south, east, north = line.bounds
    kunashir = _land()["kunashir"]
    assert north > kunashir.bounds[1] + 0.5  # through the Nemuro Strait, along Kunashir
    assert east > _land()["tanfilyev"].bounds[0]  # past Suisho, into the Pacific
    assert not line.intersects(_union(HOKKAIDO_SIDE)) and not line.intersects(_union(CLAIMED_ISLANDS))


def test_1905_line_lies_on_50_north_within_sakhalin() -> None:
    line = boundary_line("sakhalin_50n")
    coordinates = shapely.get_coordinates(line)
    assert np.all(coordinates[:, 1] == 50.0)
    sakhalin = _land()["sakhalin"]
    assert line.within(sakhalin.buffer(0.005))
    assert line.length > 0.9 * shapely.intersection(sakhalin, shapely.LineString([(140, 50), (146, 50)])).length


def test_shimoda_line_separates_iturup_and_urup() -> None:
    line = boundary_line("shimoda_1855")
    iturup, urup = _land()["iturup"], _land()["urup"]
    assert not line.intersects(iturup) and not line.intersects(urup)
    across = shapely.LineString([iturup.representative_point(), urup.representative_point()])
    assert line.intersects(across)
    for point in _samples(line, 10):
        to_iturup, _, _ = shortest_distance(point, iturup)
        to_urup, _, _ = shortest_distance(point, urup)
        assert abs(to_iturup - to_urup) < 50.0


def test_first_kuril_strait_line_separates_kamchatka_and_shumshu() -> None:
    line = boundary_line("lopatka_1875")
    across = shapely.LineString([_land()["kamchatka"].representative_point(), _land()["shumshu"].representative_point()])
    assert line.intersects(across)
    assert not line.intersects(_land()["shumshu"])


def test_committed_lines_are_the_spec_table_and_labelled_computed() -> None:
    frame = boundary_lines()
    assert list(frame["id"]) == list(BOUNDARY_SPECS)
    assert frame["computed"].all() and frame["approximate"].all()
    assert "not an agreed border" in frame.set_index("id").loc["line_of_control", "name_en"]
    assert all(sources for sources in frame["sources"])


def test_unknown_line_lists_the_accepted_ids() -> None:
    with pytest.raises(KeyError, match="choose one of shimoda_1855, lopatka_1875"):
        boundary_line("atlantis")
