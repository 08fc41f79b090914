"""Both sides' figures (geo.figures, data/figures.csv) and positions (geo.positions, data/positions.json)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from geo import paths
from geo.datafile import DataFileError
from geo.figures import (
    COLUMNS,
    DISTRICT_PREFIX,
    QUANTITIES,
    SIDES,
    TOLERANCE,
    FiguresError,
    UnknownIslandError,
    disagreements,
    figures,
    island_figures,
    relative_difference,
)
from geo.gazetteer import gazetteer
from geo.languages import LANGUAGES
from geo.linking import default_place_index
from geo.positions import SIDE_TERMS, TRANSLATORS, PositionsError, in_language, positions

REPO_DATA = paths.ROOT / "data"


def _row(**values: str) -> dict[str, str]:
    """Return a valid figure row (a Japanese area of Iturup), changed by ``values``."""
    row = {
        "place_id": "iturup", "quantity": "area_km2", "value": "100", "as_of": "2020", "side": "JP", "kind": "official",
        "scope": "test scope", "scope_ru": "проверка", "scope_ja": "テスト", "source": "https://example.org/test", "source_title": "Test source",
        "verified": "yes", "note": "",
    }
    return row | values


def _write_figures(folder: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    target = folder / "figures.csv"
    target.write_text(out.getvalue(), encoding="utf-8")
    return target


def _refusal(folder: Path, rows: list[dict[str, str]]) -> str:
    _write_figures(folder, rows)
    with pytest.raises(FiguresError) as caught:
        figures()
    message = str(caught.value)
    assert message.startswith("data/figures.csv is invalid: "), message
    assert "git checkout data/figures.csv" in message and str(folder) not in message, message
    assert caught.value.file == "data/figures.csv"
    return message


# --- the committed figures -------------------------------------------------------------------------------------


def test_every_committed_figure_has_a_known_place_quantity_side_and_a_source():
    table = figures()
    places = default_place_index().places
    districts = {DISTRICT_PREFIX + value for value in gazetteer()["ru_district"] if value}
    assert set(table["place_id"]) <= set(places) | districts
    assert set(table["quantity"]) <= set(QUANTITIES) and set(table["side"]) == set(SIDES)
    assert all(source.strip() for source in table["source"])
    assert all(note.strip() for note, verified in zip(table["note"], table["verified"]) if verified == "no")


def test_japans_gsi_areas_are_the_gazetteers_official_areas():
    """Where figures.csv cites the gazetteer's official source for an island, it gives the gazetteer's figure, and
    every official area of the gazetteer is there."""
    table = figures()
    islands = gazetteer()
    with_area = islands[islands["official_area_km2"] != ""]
    assert not with_area.empty
    for island in with_area.to_dict("records"):
        cited = table[
            (table["place_id"] == island["id"]) & (table["side"] == "JP") & (table["quantity"] == "area_km2")
            & (table["source"] == island["official_area_source"])
        ]
        assert list(cited["value"]) == [float(island["official_area_km2"])], island["id"]
    sources = set(with_area["official_area_source"])
    for figure in table[(table["source"].isin(sources)) & (table["quantity"] == "area_km2")].to_dict("records"):
        if figure["place_id"] in set(islands["id"]):
            assert figure["place_id"] in set(with_area["id"]), f"{figure['place_id']} has an official area the gazetteer lacks"


def test_the_habomai_groups_1945_population_reaches_every_islet_as_the_groups():
    table = figures()
    group_rows = table[(table["place_id"] == "habomai") & (table["quantity"] == "population") & (table["side"] == "JP")]
    assert not group_rows.empty
    members = default_place_index().places["habomai"].members
    for islet in members:
        shown = island_figures(islet)
        reached = shown[shown["row"].isin(group_rows["row"])]
        assert len(reached) == len(group_rows), islet
        assert set(reached["relation"]) == {"group"} and set(reached["islands_covered"]) == {len(members)}


def test_shikotans_soviet_encyclopedia_area_disagrees_with_japans():
    table = figures()
    russian = table[(table["place_id"] == "shikotan") & (table["quantity"] == "area_km2") & (table["side"] == "RU")]
    japanese = table[(table["place_id"] == "shikotan") & (table["quantity"] == "area_km2") & (table["side"] == "JP")]
    expected = {
        (ru["row"], jp["row"])
        for ru in russian.to_dict("records") for jp in japanese.to_dict("records")
        if abs(ru["value"] - jp["value"]) / max(ru["value"], jp["value"]) > TOLERANCE
    }
    assert expected, "the data should hold at least one Russian and one Japanese area of Shikotan that disagree"
    found = disagreements("shikotan")
    assert {(pair["row_ru"], pair["row_jp"]) for pair in found.to_dict("records") if pair["place_id"] == "shikotan"} == expected
    flagged = island_figures("shikotan").set_index("row")["disagrees"]
    assert all(flagged[ru] and flagged[jp] for ru, jp in expected)


def test_an_unknown_island_is_refused_with_the_choices():
    with pytest.raises(UnknownIslandError, match=r"unknown island 'atlantis'; choose one of .*iturup"):
        island_figures("atlantis")
    with pytest.raises(UnknownIslandError):
        island_figures("habomai")  # a group, not an island


# --- validation of a broken file --------------------------------------------------------------------------------


def test_an_unknown_place_is_refused_naming_the_row(data_copy: Path):
    message = _refusal(data_copy, [_row(), _row(place_id="atlantis")])
    assert "row 3 (atlantis, area_km2)" in message and "unknown place 'atlantis'" in message
    assert "district:Yuzhno-Kurilsky" in message  # the accepted forms are named


def test_a_figure_without_a_source_is_refused(data_copy: Path):
    message = _refusal(data_copy, [_row(source="")])
    assert "row 2" in message and "['source'] empty" in message


@pytest.mark.parametrize("value", ["1,490", "about 250", "nan", "1e3", "-5", "3 174"])
def test_a_value_that_is_not_a_plain_number_is_refused(data_copy: Path, value: str):
    message = _refusal(data_copy, [_row(value=value)])
    assert f"value {value!r} is not a number" in message


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"quantity": "height_m"}, "unknown quantity 'height_m'"),
        ({"side": "UN"}, "unknown side 'UN'; choose one of RU, JP"),
        ({"kind": "rumour"}, "unknown kind 'rumour'"),
        ({"verified": "maybe"}, "unknown verified 'maybe'"),
        ({"quantity": "population", "value": "12.5"}, "not a whole number"),
        ({"as_of": "last year"}, "as_of 'last year' is not a year"),
        ({"verified": "no", "note": ""}, "an unverified figure needs a note"),
        ({"place_id": "district:Atlantis"}, "unknown place 'district:Atlantis'"),
    ],
)
def test_a_broken_row_is_refused_saying_what_to_fix(data_copy: Path, change: dict[str, str], says: str):
    assert says in _refusal(data_copy, [_row(), _row(**change)])


def test_a_repeated_row_is_refused(data_copy: Path):
    assert "rows [3] repeat an earlier row" in _refusal(data_copy, [_row(), _row()])


def test_a_missing_file_is_a_data_file_error_naming_it(data_copy: Path):
    (data_copy / "figures.csv").unlink()
    with pytest.raises(DataFileError, match=r"^data/figures\.csv is missing; fix it, or restore it with `git checkout data/figures\.csv`"):
        figures()


def test_an_edited_file_is_read_again(data_copy: Path):
    target = _write_figures(data_copy, [_row(value="100")])
    assert list(figures()["value"]) == [100.0]
    _write_figures(data_copy, [_row(value="200")])
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert list(figures()["value"]) == [200.0]


# --- which figures apply to an island, in which order ------------------------------------------------------------


def test_own_figures_come_first_then_groups_then_district_then_chain_each_sorted(data_copy: Path):
    district = DISTRICT_PREFIX + gazetteer().set_index("id").loc["zelyony", "ru_district"]
    rows = [
        _row(place_id="kuril_chain", side="RU", as_of="2023", quantity="population", value="20"),
        _row(place_id=district, side="RU", quantity="population", value="10"),
        _row(place_id="southern_four", side="JP", value="50"),
        _row(place_id="habomai", side="JP", quantity="population", value="5"),
        _row(place_id="zelyony", side="JP", quantity="population", as_of="1945-08-15", value="7"),
        _row(place_id="zelyony", side="RU", as_of="undated", value="60"),
        _row(place_id="zelyony", side="JP", as_of="2021", value="58.3"),
        _row(place_id="zelyony", side="JP", as_of="2020", value="58"),
        _row(place_id="kunashir", value="1490"),  # another island: not shown
    ]
    _write_figures(data_copy, rows)
    shown = island_figures("zelyony")
    assert list(shown["place_id"]) == ["zelyony"] * 4 + ["habomai", "southern_four", district, "kuril_chain"]
    assert list(shown["relation"]) == ["island"] * 4 + ["group", "group", "district", "chain"]
    own = shown[shown["relation"] == "island"]
    assert list(zip(own["quantity"], own["side"], own["as_of"])) == [
        ("area_km2", "RU", "undated"), ("area_km2", "JP", "2020"), ("area_km2", "JP", "2021"), ("population", "JP", "1945-08-15"),
    ]
    assert all(group["islands_covered"].is_monotonic_increasing for _, group in shown.groupby("relation"))


def test_a_district_figure_reaches_every_island_of_the_district_and_no_other(data_copy: Path):
    islands = gazetteer()
    district = islands.set_index("id").loc["kunashir", "ru_district"]
    _write_figures(data_copy, [_row(place_id=DISTRICT_PREFIX + district, side="RU", quantity="population", value="11480")])
    inside = set(islands.loc[islands["ru_district"] == district, "id"])
    for island_id in islands["id"]:
        assert len(island_figures(island_id)) == (1 if island_id in inside else 0), island_id


# --- disagreements ---------------------------------------------------------------------------------------------


def test_figures_within_the_tolerance_agree_and_beyond_it_disagree(data_copy: Path):
    near, far = 100 * (1 - TOLERANCE / 2), 100 * (1 - 2 * TOLERANCE)
    _write_figures(data_copy, [
        _row(side="RU", value="100"),
        _row(side="JP", value=f"{near:g}"),
        _row(place_id="kunashir", side="RU", value="100"),
        _row(place_id="kunashir", side="JP", value=f"{far:g}"),
    ])
    found = disagreements()
    assert list(found["place_id"]) == ["kunashir"]
    assert found.loc[0, "relative_difference"] == pytest.approx(relative_difference(100, far), abs=1e-4)
    assert not island_figures("iturup")["disagrees"].any() and island_figures("kunashir")["disagrees"].all()


def test_populations_of_different_years_are_a_change_not_a_disagreement(data_copy: Path):
    _write_figures(data_copy, [
        _row(quantity="population", side="JP", as_of="1945-08-15", value="3608"),
        _row(quantity="population", side="RU", as_of="2016", value="5934"),
    ])
    assert disagreements("iturup").empty
    _write_figures(data_copy, [
        _row(quantity="population", side="JP", as_of="2016-01-01", value="3608"),
        _row(quantity="population", side="RU", as_of="2016", value="5934"),
    ])
    assert len(disagreements("iturup")) == 1


def test_figures_of_one_side_are_never_a_disagreement(data_copy: Path):
    _write_figures(data_copy, [_row(value="251"), _row(value="182", source="https://example.org/other")])
    assert disagreements().empty


# --- positions -------------------------------------------------------------------------------------------------


def test_each_side_states_its_position_in_a_map_language_translated_into_the_two_others():
    statements = positions()
    assert {statement["side"] for statement in statements} == {"JP", "RU"}
    for statement in statements:
        assert statement["language"] in LANGUAGES and statement["text"].strip()
        assert statement["url"].startswith("https://") and statement["accessed"]
        assert sorted(statement["translations"]) == sorted(set(LANGUAGES) - {statement["language"]})
        for lang, translation in statement["translations"].items():
            assert translation["by"] in TRANSLATORS and translation["text"].strip()
            if translation["by"] == "official":
                assert translation["url"].startswith("https://")
            assert in_language(statement, lang) == {
                "lang": lang, "text": translation["text"], "by": translation["by"], "url": translation.get("url", ""),
            }
        assert in_language(statement, statement["language"])["by"] == "original"


def test_no_translation_uses_the_other_sides_name_for_the_islands():
    for statement in positions():
        other = "RU" if statement["side"] == "JP" else "JP"
        for lang, translation in statement["translations"].items():
            for term in SIDE_TERMS[other][lang]:
                assert term.casefold() not in translation["text"].casefold(), (statement["id"], lang, term)


def _write_positions(folder: Path, change) -> None:
    target = folder / "positions.json"
    table = json.loads(target.read_text(encoding="utf-8"))
    change(table)
    target.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")


def _positions_refusal(folder: Path, change) -> str:
    _write_positions(folder, change)
    with pytest.raises(PositionsError) as caught:
        positions()
    message = str(caught.value)
    assert message.startswith("data/positions.json is invalid: "), message
    assert "git checkout data/positions.json" in message
    return message


def _first(table: dict, side: str) -> dict:
    return next(statement for statement in table["statements"] if statement["side"] == side)


def test_a_file_without_russias_position_is_refused(data_copy: Path):
    message = _positions_refusal(data_copy, lambda table: table.update(
        statements=[statement for statement in table["statements"] if statement["side"] != "RU"],
    ))
    assert "no statement of ['RU']" in message


def test_a_missing_translation_is_refused(data_copy: Path):
    def drop(table: dict) -> None:
        statement = _first(table, "JP")
        statement["translations"].pop("ru")
    assert "translations must be exactly into ['en', 'ru']" in _positions_refusal(data_copy, drop)


def test_an_unmarked_translation_is_refused(data_copy: Path):
    def unmark(table: dict) -> None:
        next(iter(_first(table, "RU")["translations"].values())).pop("by")
    assert "mark it 'official' or 'project'" in _positions_refusal(data_copy, unmark)


def test_an_official_translation_needs_its_address(data_copy: Path):
    def officialise(table: dict) -> None:
        translation = next(iter(_first(table, "RU")["translations"].values()))
        translation.update(by="official")
        translation.pop("url", None)
    assert "an official translation needs the 'url'" in _positions_refusal(data_copy, officialise)


def test_a_translation_swapping_in_the_other_sides_term_is_refused(data_copy: Path):
    def swap(table: dict) -> None:
        statement = _first(table, "RU")
        lang = next(lang for lang in statement["translations"])
        statement["translations"][lang]["text"] += " " + SIDE_TERMS["JP"][lang][0]
    assert "the other side's term" in _positions_refusal(data_copy, swap)


def test_a_term_lost_in_translation_is_refused(data_copy: Path):
    def soften(table: dict) -> None:
        statement = _first(table, "JP")
        statement["terms"] = [{"ja": "不法占拠", "en": "illegal occupation", "ru": "незаконная оккупация"}]
        translation = statement["translations"]["ru"]
        translation["text"] = translation["text"].casefold().replace("незаконная оккупация", "присутствие")
    assert "the term '不法占拠' is rendered 'незаконная оккупация'" in _positions_refusal(data_copy, soften)


def test_a_statement_with_no_date_must_say_why(data_copy: Path):
    def undate(table: dict) -> None:
        statement = _first(table, "RU")
        statement["date"] = ""
        statement.pop("date_note", None)
    assert "a 'date_note' saying why" in _positions_refusal(data_copy, undate)


def test_an_original_in_another_language_is_refused(data_copy: Path):
    assert "language 'fr' is not one of the map's languages" in _positions_refusal(
        data_copy, lambda table: _first(table, "JP").update(language="fr"),
    )


def test_every_figure_says_what_it_counts_in_each_language():
    """The fact sheet shows a figure's scope in the reader's language: Russian in Cyrillic, Japanese in its script."""
    import re

    table = figures()
    assert all(re.search(r"[\u0400-\u04FF]", scope) for scope in table["scope_ru"])
    assert all(re.search(r"[\u3040-\u30FF\u4E00-\u9FFF]", scope) for scope in table["scope_ja"])
    # Japan's term is quoted as Japan's in every language, never asserted.
    for column, term in (("scope", "Northern Territories"), ("scope_ru", "Северными территориями"), ("scope_ja", "北方領土")):
        for scope in table[column]:
            if term in scope:
                assert re.search(r"(Japan|Япони|日本)", scope), scope
