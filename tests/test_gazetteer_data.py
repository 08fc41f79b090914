"""Checks on the hand-curated gazetteer, data/gazetteer.csv.

The point-in-polygon check against the GSHHG coastlines lives with the build
tests; these tests only look at the table itself.
"""

import re
from pathlib import Path

import pandas as pd
import pytest

GAZETTEER_CSV = Path(__file__).resolve().parents[1] / "data" / "gazetteer.csv"

# Region of the map's coastline extract (139–158° E, 41–52.5° N).
LON_RANGE = (139.0, 158.0)
LAT_RANGE = (41.0, 52.5)

KURIL_GROUPS = {"northern", "central", "southern", "lesser_kuril"}
ALL_GROUPS = KURIL_GROUPS | {"hokkaido"}
RU_DISTRICTS = {"Severo-Kurilsky", "Kurilsky", "Yuzhno-Kurilsky"}
# The islands Japan claims: the two large southern islands of the Greater
# Chain plus the whole Lesser Chain (Shikotan and the Habomai islets).
# Urup is "southern" in Russian geography but is not claimed.
CLAIMED_GREATER_CHAIN = {"iturup", "kunashir"}

REQUIRED_IDS = {
    "shumshu", "atlasov", "paramushir", "antsiferov", "makanrushi", "onekotan",
    "kharimkotan", "chirinkotan", "ekarma", "shiashkotan", "raikoke", "matua",
    "rasshua", "ushishir", "ketoy", "simushir", "broutona", "chirpoy",
    "brat_chirpoyev", "urup", "iturup", "kunashir", "shikotan", "zelyony",
    "polonsky", "tanfilyev", "yuri", "anuchina", "signalny", "oskolki",
    "yururi", "moyururi",
}
HABOMAI_IDS = {"zelyony", "polonsky", "tanfilyev", "yuri", "anuchina", "signalny", "oskolki"}

SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


@pytest.fixture(scope="module")
def islands() -> pd.DataFrame:
    return pd.read_csv(GAZETTEER_CSV, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def kuril(islands: pd.DataFrame) -> pd.DataFrame:
    return islands[islands["group"].isin(KURIL_GROUPS)]


def by_id(islands: pd.DataFrame, island_id: str) -> pd.Series:
    rows = islands[islands["id"] == island_id]
    assert len(rows) == 1, f"expected exactly one row for {island_id!r}, found {len(rows)}"
    return rows.iloc[0]


def test_ids_are_unique_ascii_slugs(islands):
    assert islands["id"].is_unique, islands["id"][islands["id"].duplicated()].tolist()
    bad = [i for i in islands["id"] if not SLUG.match(i)]
    assert not bad, f"ids must be ascii slugs like 'brat_chirpoyev', got {bad}"


def test_all_required_ids_are_present(islands):
    missing = REQUIRED_IDS - set(islands["id"])
    assert not missing, f"gazetteer lacks rows for {sorted(missing)}"


def test_every_row_has_english_and_japanese_names(islands):
    for col in ("name_en", "name_ja", "name_ja_latn"):
        empty = islands.loc[islands[col].str.strip() == "", "id"].tolist()
        assert not empty, f"{col} is empty for {empty}"


def test_every_kuril_row_has_all_three_names(kuril):
    for col in ("name_en", "name_ru", "name_ja"):
        empty = kuril.loc[kuril[col].str.strip() == "", "id"].tolist()
        assert not empty, f"{col} is empty for {empty}"


def test_russian_names_are_cyrillic(islands):
    named = islands[islands["name_ru"] != ""]
    bad = named.loc[~named["name_ru"].str.match(r"^[А-ЯЁа-яё][А-ЯЁа-яё \-]*$"), "id"].tolist()
    assert not bad, f"name_ru should be written in Cyrillic for {bad}"


def test_every_row_has_a_coordinate_in_the_region(islands):
    lon = pd.to_numeric(islands["lon"], errors="coerce")
    lat = pd.to_numeric(islands["lat"], errors="coerce")
    unparsable = islands.loc[lon.isna() | lat.isna(), "id"].tolist()
    assert not unparsable, f"lon/lat must be decimal degrees, not parsable for {unparsable}"
    outside = islands.loc[
        ~lon.between(*LON_RANGE) | ~lat.between(*LAT_RANGE), "id"
    ].tolist()
    assert not outside, f"coordinates outside {LON_RANGE} E / {LAT_RANGE} N for {outside}"


def test_groups_are_known_values(islands):
    bad = islands.loc[~islands["group"].isin(ALL_GROUPS), ["id", "group"]].values.tolist()
    assert not bad, f"group must be one of {sorted(ALL_GROUPS)}, got {bad}"


def test_every_kuril_row_has_group_and_russian_district(kuril):
    bad = kuril.loc[~kuril["ru_district"].isin(RU_DISTRICTS), ["id", "ru_district"]].values.tolist()
    assert not bad, f"ru_district must be one of {sorted(RU_DISTRICTS)}, got {bad}"
    assert (kuril["country"] == "RU").all(), kuril.loc[kuril["country"] != "RU", "id"].tolist()


def test_japan_claims_exactly_iturup_kunashir_and_the_lesser_chain(islands):
    expected = islands["id"].isin(CLAIMED_GREATER_CHAIN) | (islands["group"] == "lesser_kuril")
    claimed = islands["claimed_by"] == "JP"
    wrong = islands.loc[expected != claimed, ["id", "group", "claimed_by"]].values.tolist()
    assert not wrong, f"claimed_by JP must mark exactly Iturup, Kunashir and the lesser chain: {wrong}"
    assert set(islands["claimed_by"]) <= {"", "JP"}


def test_claimed_rows_are_all_southern_or_lesser_chain(islands):
    claimed = islands[islands["claimed_by"] == "JP"]
    assert set(claimed["group"]) <= {"southern", "lesser_kuril"}


def test_urup_is_southern_but_not_claimed(islands):
    urup = by_id(islands, "urup")
    assert urup["group"] == "southern"
    assert urup["claimed_by"] == ""


def test_habomai_cluster_is_exactly_the_habomai_islets(islands):
    habomai = set(islands.loc[islands["cluster"] == "habomai", "id"])
    assert habomai == HABOMAI_IDS
    assert set(islands["cluster"]) <= {"", "habomai"}


@pytest.mark.parametrize("island_id", ["yururi", "moyururi"])
def test_yururi_and_moyururi_are_japanese_unclaimed_and_not_habomai(islands, island_id):
    row = by_id(islands, island_id)
    assert row["country"] == "JP"
    assert row["claimed_by"] == ""
    assert row["cluster"] != "habomai"
    assert row["group"] == "hokkaido"
    assert row["ru_district"] == ""


def test_coord_source_is_a_url(islands):
    bad = islands.loc[~islands["coord_source"].str.match(URL), ["id", "coord_source"]].values.tolist()
    assert not bad, f"coord_source must be an http(s) URL, got {bad}"


def test_official_areas_are_positive_numbers_with_a_source(islands):
    with_area = islands[islands["official_area_km2"] != ""]
    area = pd.to_numeric(with_area["official_area_km2"], errors="coerce")
    assert (area > 0).all(), with_area.loc[~(area > 0), "id"].tolist()
    no_source = with_area.loc[~with_area["official_area_source"].str.match(URL), "id"].tolist()
    assert not no_source, f"official area without a source URL for {no_source}"
    orphan = islands.loc[
        (islands["official_area_km2"] == "") & (islands["official_area_source"] != ""), "id"
    ].tolist()
    assert not orphan, f"official_area_source given without an area for {orphan}"


def test_pipe_separated_fields_have_no_empty_items(islands):
    for col in ("aliases_en", "aliases_ru", "aliases_ja", "jp_municipality_1945"):
        for island_id, value in zip(islands["id"], islands[col]):
            if value:
                items = value.split("|")
                assert all(item.strip() == item and item for item in items), (island_id, col, value)
