"""Tests for the forms readers use besides the names (geo/linking.py, version 3), and the traps beside them.

The cases are in tests/fixtures/linking_forms.json: Russian adjectives, settlements, "four islands" phrases,
katakana and hiragana forms, names shared with Moneron, Hokkaido's Yururi. Every case runs with and without
the prefilter. The rest checks the settlement rows of data/places.csv and how the store re-links.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geo import linking
from geo.articles import parse_article
from geo.linking import (
    CONTEXT_CONFIDENCE,
    FOUR_GROUPS_PLACE,
    JA_SHARED_NAMES,
    LANGUAGES,
    LINKER_VERSION,
    SETTLEMENT_KIND,
    build_place_index,
    default_place_index,
    excerpts_for,
    find_mentions,
    link_articles,
)
from geo.paths import GAZETTEER_CSV, PLACES_CSV

CASES_FILE = Path(__file__).parent / "fixtures" / "linking_forms.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
#: Which languages each group of cases must cover, with a true case and a trap in each.
COVERAGE = {"adjective": ("ru",), "settlement": LANGUAGES, "four islands": LANGUAGES, "kana": ("ja",), "shared name": ("ja",)}


@pytest.fixture(scope="module")
def index():
    return default_place_index()


def case_id(case: dict) -> str:
    return f"{case['form']}-{case['text'][:40]}"


def found(text: str, lang: str | None, index) -> list[tuple[int, int, str, str, str, float]]:
    return [(m.start, m.end, m.text, m.place_id, m.method, m.confidence) for m in find_mentions(text, lang, index)]


# --- the cases -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_a_form_links_as_its_case_says(index, case):
    mentions = find_mentions(case["text"], None, index)
    assert [[m.text, m.place_id, m.method] for m in mentions] == case["mentions"], case["why"]
    for mention in mentions:
        assert case["text"][mention.start : mention.end] == mention.text
        assert mention.confidence == (CONTEXT_CONFIDENCE if mention.method == "context" else 1.0)


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_the_prefilter_finds_what_trying_every_pattern_finds(index, monkeypatch, case):
    text = case["text"]
    filtered = {lang: found(text, lang, index) for lang in (None, *LANGUAGES)}
    every_pattern = range(len(index.patterns))
    monkeypatch.setattr(linking._Prefilter, "candidates", lambda self, folded: every_pattern)
    assert {lang: found(text, lang, index) for lang in (None, *LANGUAGES)} == filtered


def test_the_case_file_has_a_true_case_and_a_trap_in_every_language_of_each_form():
    for form, languages in COVERAGE.items():
        for lang in languages:
            kinds = {case["trap"] for case in CASES if case["form"] == form and case["lang"] == lang}
            assert kinds == {True, False}, (form, lang)


def test_the_case_text_is_in_the_language_it_names(index):
    # A case marked "ru" must link with Russian patterns alone: the case is about a Russian form, not an English one.
    for case in CASES:
        alone = [[m.text, m.place_id, m.method] for m in find_mentions(case["text"], case["lang"], index)]
        assert alone == case["mentions"], case["text"]


# --- how they are linked ---------------------------------------------------------------------------------


def test_a_settlement_refers_to_its_island_directly_and_is_not_a_place(index):
    assert "yuzhno_kurilsk" not in index.places and "kurilsk" not in index.places
    article = parse_article("В Южно-Курильске открыли школу.\n\nКурильские рыбаки вышли в море.\n".encode(), "a.txt")
    found_for = excerpts_for("kunashir", link_articles([article], index), index)
    assert [(item.excerpt.number, item.relations["kunashir"]) for item in found_for] == [(1, "direct"), (2, "chain")]


def test_four_islands_refer_to_the_four_groups_as_a_group(index):
    article = parse_article(b"Japan wants the four islands back, Kunashir first.\n", "b.txt")
    (item,) = link_articles([article], index)
    assert item.relations["iturup"] == "group" and item.relations["kunashir"] == "direct"
    assert item.island_ids_within("group") == index.places[FOUR_GROUPS_PLACE].members


def test_a_district_links_nothing_in_any_language(index):
    assert find_mentions("Курильский район; Yuzhno-Kurilsk District; クリリスク管区", None, index) == []


def test_yururi_stays_off_the_chain_with_the_new_forms(index):
    article = parse_article("ユルリ島の近く、はぼまいの海。\n\nКурильские острова.\n".encode(), "c.txt")
    assert excerpts_for("yururi", link_articles([article], index), index)[0].relations["yururi"] == "direct"
    assert "yururi" not in index.places["kuril_chain"].members and "yururi" not in index.places["habomai"].members
    (chain_only,) = [item for item in link_articles([article], index) if item.excerpt.number == 2]
    assert "yururi" not in chain_only.island_ids


def test_the_shared_names_are_forms_of_an_islet_of_their_group(index):
    for form, group in JA_SHARED_NAMES.items():
        owners = {pattern.place_id for pattern in index.patterns if pattern.lang == "ja" and pattern.form == form}
        assert len(owners) == 1 and owners <= index.places[group].members, form


def test_linker_version_3_is_in_the_store_signature():
    from geo.store.write import linker_signature

    assert LINKER_VERSION == 3
    assert linker_signature().startswith("v3-")


# --- the settlement rows of the places table ----------------------------------------------------------------


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    read = {"dtype": str, "keep_default_na": False, "encoding": "utf-8"}
    return pd.read_csv(GAZETTEER_CSV, **read), pd.read_csv(PLACES_CSV, **read)


def _settlement(places: pd.DataFrame, **values: str) -> pd.DataFrame:
    row = {column: "" for column in places.columns}
    row.update({"id": "atlantis_town", "kind": SETTLEMENT_KIND, "name_en": "Atlantis Town", "members": "iturup",
                "source": "https://example.org/atlantis"}, **values)
    return pd.concat([places, pd.DataFrame([row])], ignore_index=True)


def test_every_settlement_row_has_one_island_and_a_source():
    islands, places = _tables()
    settlements = places[places["kind"] == SETTLEMENT_KIND]
    assert len(settlements) >= 6
    for row in settlements.to_dict("records"):
        assert row["members"] in set(islands["id"]), row["id"]
        assert "http" in row["source"] or "FACTS.md" in row["source"], row["id"]


def test_a_settlement_row_links_its_names_to_its_island():
    islands, places = _tables()
    index = build_place_index(islands, _settlement(places))
    assert [(m.text, m.place_id, m.method) for m in find_mentions("Atlantis Town's port", None, index)] == [
        ("Atlantis Town", "iturup", "settlement"),
    ]


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"members": "atlantis"}, "settlement 'atlantis_town' has members 'atlantis'; give the id of the one gazetteer island"),
        ({"members": "iturup kunashir"}, "settlement 'atlantis_town' has members 'iturup kunashir'"),
        ({"members": "habomai"}, "settlement 'atlantis_town' has members 'habomai'"),  # a group is not an island
        ({"source": " "}, "settlement 'atlantis_town' has no source; give a URL or a FACTS.md section saying it is on 'iturup'"),
        ({"id": "kurilsk"}, "id 'kurilsk' is used twice; keep one row for it"),
        ({"id": "iturup"}, "id 'iturup' is also an island id in the gazetteer"),
        ({"kind": "town"}, "has kind 'town'; expected one of group, chain, settlement"),
    ],
)
def test_a_bad_settlement_row_is_refused_naming_it(values, says):
    islands, places = _tables()
    with pytest.raises(ValueError, match="^places table: ") as caught:
        build_place_index(islands, _settlement(places, **values))
    assert says in str(caught.value)


def test_a_collective_place_cannot_list_a_settlement_as_a_member():
    islands, places = _tables()
    places.loc[places["id"] == "southern_four", "members"] = "iturup kurilsk"
    with pytest.raises(ValueError, match="'southern_four' has unknown member 'kurilsk'"):
        build_place_index(islands, places)


def test_without_the_four_groups_or_habomai_their_phrases_and_shared_names_do_not_link():
    islands, places = _tables()
    reduced = places[~places["id"].isin([FOUR_GROUPS_PLACE, "habomai", "lesser_kuril"])]
    index = build_place_index(islands, reduced)
    assert [m.place_id for m in find_mentions("the four islands and Kunashir; 海馬島と貝殻島", None, index)] == [
        "kunashir", "signalny",
    ]
