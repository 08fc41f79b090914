"""geo.islands: the built dataset as GeoDataFrames, its identity and status rules."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest

from geo.gazetteer import gazetteer_points
from geo.islands import DataFileError, claim_areas, context_land, island, islands, label_points

DISPUTED_GROUP_IDS = {"iturup", "kunashir", "shikotan"}


@pytest.fixture(scope="module")
def chain() -> gpd.GeoDataFrame:
    return islands()


def test_islands_are_in_wgs84_with_the_documented_columns(chain):
    assert chain.crs.to_epsg() == 4326
    for column in ("id", "name_en", "name_ru", "name_ja", "name_ja_latn", "group", "administered_by", "claimed_by",
                   "disputed", "ru_district", "jp_municipality_1945", "area_km2", "official_area_km2"):
        assert column in chain.columns, column
    assert chain["id"].is_unique
    assert (chain["administered_by"] == "RU").all()


def test_every_drawn_gazetteer_point_lands_in_exactly_one_polygon_of_its_own():
    points = gazetteer_points().query("drawn == 'yes'")
    land = gpd.GeoDataFrame(
        {"owner": [*islands()["id"], *context_land()["id"]]},
        geometry=[*islands().geometry, *context_land().geometry],
        crs="EPSG:4326",
    )
    hits = gpd.sjoin(points[["id", "geometry"]], land, predicate="within")
    assert hits.groupby("id").size().eq(1).all()
    assert set(hits["id"]) == set(points["id"])
    assert (hits["id"] == hits["owner"]).all(), hits[hits["id"] != hits["owner"]]


def test_islands_gshhg_does_not_hold_are_kept_as_points_not_dropped(chain):
    undrawn = set(gazetteer_points().query("drawn == 'no'")["id"])
    kept = chain[chain["id"].isin(undrawn)]
    assert set(kept["id"]) == undrawn
    assert (kept.geometry.geom_type == "Point").all()
    assert kept["area_km2"].isna().all()
    polygons = chain[chain["drawn"]]
    assert (polygons.geometry.geom_type == "MultiPolygon").all()


def test_the_four_southern_groups_are_claimed_by_japan_and_nothing_else(chain):
    claimed = set(chain.loc[chain["claimed_by"] == "JP", "id"])
    assert DISPUTED_GROUP_IDS <= claimed
    assert set(chain.loc[chain["cluster"] == "habomai", "id"]) <= claimed
    assert set(chain.loc[chain["group"].isin(["northern", "central"]), "id"]).isdisjoint(claimed)
    assert "urup" not in claimed
    assert (chain["disputed"] == (chain["claimed_by"] == "JP")).all()


def test_the_chain_runs_from_shumshu_and_atlasov_to_the_habomai_islets(chain):
    for expected in ("shumshu", "atlasov", "paramushir", "urup", "iturup", "kunashir", "shikotan", "zelyony", "signalny"):
        assert expected in set(chain["id"])


def test_yururi_is_not_part_of_habomai():
    context = context_land()
    for islet in ("yururi", "moyururi"):
        row = context[context["id"] == islet].iloc[0]
        assert row["country"] == "JP"
        habomai = islands().query("cluster == 'habomai'").geometry.union_all()
        assert not row.geometry.intersects(habomai)
    assert "yururi" not in set(islands()["id"])


def test_drawn_areas_of_the_disputed_islands_are_near_the_official_figures(chain):
    for island_id in DISPUTED_GROUP_IDS:
        row = island(island_id, chain)
        assert row["official_area_km2"] > 0
        # GSHHG draws small islands larger than they are; within 10 % for these three.
        assert row["area_km2"] == pytest.approx(row["official_area_km2"], rel=0.10)


def test_unknown_island_lists_the_known_ones(chain):
    with pytest.raises(KeyError, match="unknown island 'atlantis'.*kunashir"):
        island("atlantis", chain)


def test_claim_areas_nest_japans_claim_inside_russias_administration(chain):
    claims = claim_areas(chain)
    assert list(claims["id"]) == ["ru_administered", "jp_claimed"]
    ru = claims.set_index("id").geometry["ru_administered"]
    jp = claims.set_index("id").geometry["jp_claimed"]
    assert jp.within(ru.buffer(1e-9))
    assert jp.area < ru.area
    kunashir_point = gazetteer_points().set_index("id").geometry["kunashir"]
    urup_point = gazetteer_points().set_index("id").geometry["urup"]
    assert jp.contains(kunashir_point) and not jp.contains(urup_point)


def test_label_points_fall_inside_their_island(chain):
    points = label_points(chain)
    assert all(geom.within(area) for geom, area in zip(points.geometry, chain.geometry))


def test_a_missing_data_file_names_itself_and_how_to_rebuild(tmp_path):
    with pytest.raises(DataFileError, match="islands.geojson is missing.*python -m geo.build") as caught:
        islands(tmp_path / "islands.geojson")
    assert str(tmp_path) not in str(caught.value)


def test_a_corrupt_data_file_names_itself_the_line_and_how_to_rebuild(tmp_path):
    broken = tmp_path / "islands.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"islands\.geojson is not valid JSON: line 1, column 44.*geo\.build") as caught:
        islands(broken)
    assert str(tmp_path) not in str(caught.value)


def test_islands_without_the_properties_the_map_needs_are_refused(tmp_path):
    broken = tmp_path / "islands.geojson"
    feature = {"type": "Feature", "properties": {"id": "x"}, "geometry": {"type": "Point", "coordinates": [150, 45]}}
    broken.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"islands\.geojson is invalid: its features lack the properties \['name_en'"):
        islands(broken)


def test_data_file_error_is_one_class_for_the_app_to_catch():
    from geo import datafile

    assert DataFileError is datafile.DataFileError and issubclass(DataFileError, ValueError)
