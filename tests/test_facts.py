"""Tests for geo/facts.py: computed distances beside the published ones, Cape Nosappu derived from the data."""

from __future__ import annotations

import shapely

from geo.facts import PUBLISHED, cape_nosappu, compute_facts, computed_facts, geodesic_m, length_m, shortest_distance, teacher_facts
from geo.islands import context_land, islands


def test_every_published_fact_has_a_computed_value_and_a_source() -> None:
    table = teacher_facts()
    assert list(table["id"]) == [fact.id for fact in PUBLISHED]
    assert table["source"].str.startswith("https://").all()
    assert (table["computed_km"] > 0).all()


def test_computed_distances_are_close_to_the_published_ones() -> None:
    table = teacher_facts().set_index("id")
    assert abs(table.loc["nosappu_kaigara", "difference_km"]) < 0.5
    assert abs(table.loc["hokkaido_kunashir", "difference_km"]) < 0.5
    assert abs(table.loc["nosappu_iturup", "difference_km"]) < 1.0
    assert abs(table.loc["kunashir_length", "computed_km"] / 122 - 1) < 0.03
    assert abs(table.loc["iturup_length", "computed_km"] / 204 - 1) < 0.03


def test_nearest_habomai_islet_is_the_kaigara_rock_point() -> None:
    fact = computed_facts()["facts"]["nosappu_nearest_habomai"]
    assert fact["reaches"] == "signalny" and fact["reaches_point_feature"] is True
    assert "point" in next(f for f in PUBLISHED if f.id == "nosappu_kaigara").note


def test_kunashir_distance_is_measured_from_the_notsuke_peninsula() -> None:
    lon, lat = computed_facts()["facts"]["hokkaido_kunashir"]["from_lonlat"]
    assert 145.1 < lon < 145.4 and 43.5 < lat < 43.8  # the Notsuke spit, east of Betsukai


def test_derived_cape_nosappu_is_near_its_published_coordinate() -> None:
    record = computed_facts()["cape_nosappu"]
    assert record["distance_to_published_m"] < 300
    derived = cape_nosappu(context_land().set_index("id").geometry["hokkaido"])
    assert geodesic_m(derived, shapely.Point(record["lonlat"])) < 300


def test_cape_nosappu_ignores_islets_east_of_the_main_island() -> None:
    main = shapely.box(0, 0, 1, 1)
    islet = shapely.box(1.5, 0.5, 1.6, 0.6)
    assert cape_nosappu(shapely.MultiPolygon([main, islet])).x == 1.0


def test_shortest_distance_is_geodesic() -> None:
    distance, _, _ = shortest_distance(shapely.Point(145.0, 43.0), shapely.Point(145.0, 43.1))
    assert abs(distance - 11_113) < 20  # one tenth of a degree of latitude at 43°N


def test_length_is_the_greatest_extent() -> None:
    distance, a, b = length_m(shapely.box(145.0, 43.0, 145.1, 43.01))
    assert abs(distance - geodesic_m(shapely.Point(145.0, 43.0), shapely.Point(145.1, 43.01))) < 1


def test_committed_facts_agree_with_a_recomputation_from_the_app_data() -> None:
    hokkaido = context_land().set_index("id").geometry["hokkaido"]
    recomputed = compute_facts(islands(), hokkaido)
    for fact_id, committed in computed_facts()["facts"].items():
        assert abs(recomputed[fact_id]["computed_km"] - committed["computed_km"]) < 0.3, fact_id
