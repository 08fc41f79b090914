"""Tests for geo/linking.py: place mentions in three languages and the islands they stand for.

These run on the repository's data/gazetteer.csv and data/places.csv, so a
change to a name there that breaks linking fails here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo import linking
from geo.articles import load_articles, parse_article
from geo.linking import (
    CONTEXT_CONFIDENCE,
    build_place_index,
    default_place_index,
    excerpts_for,
    find_mentions,
    link_articles,
)
from geo.paths import GAZETTEER_CSV, PLACES_CSV, SEEDS_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEED_ID = "2025-07-15-ians-japan-ready-to-resume-peace-talks"

HABOMAI = {"zelyony", "polonsky", "tanfilyev", "yuri", "anuchina", "signalny", "oskolki"}
FOUR_GROUPS = {"iturup", "kunashir", "shikotan"} | HABOMAI


@pytest.fixture(scope="module")
def index():
    return default_place_index()


def linked(text: str, lang: str | None = None) -> list[tuple[str, str, str]]:
    """Return (text, place id, method) of each mention, in order."""
    return [(m.text, m.place_id, m.method) for m in find_mentions(text, lang)]


def place_ids(text: str) -> list[str]:
    return [m.place_id for m in find_mentions(text)]


# --- English --------------------------------------------------------------


def test_english_names_any_case_and_possessive():
    assert linked("Kunashir's harbour, ITURUP and shikotan.") == [
        ("Kunashir", "kunashir", "name"), ("ITURUP", "iturup", "name"), ("shikotan", "shikotan", "name"),
    ]


def test_english_japanese_romanised_names_are_aliases():
    assert linked("Etorofu and Kunashiri") == [("Etorofu", "iturup", "alias"), ("Kunashiri", "kunashir", "alias")]


def test_english_name_inside_a_longer_word_is_not_a_mention():
    assert place_ids("Urupan, Iturupian and Matuarama are not islands.") == []


def test_text_naming_no_place_gives_no_mentions():
    assert find_mentions("The ferry left on time and the weather was mild.") == []
    assert find_mentions("") == []


# --- Russian --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Итуруп", ("Итуруп", "iturup", "name")),
        ("на Итурупе", ("Итурупе", "iturup", "inflection")),
        ("берег Итурупа", ("Итурупа", "iturup", "inflection")),
        ("жители Кунашира", ("Кунашира", "kunashir", "inflection")),
        ("острова Шикотан", ("Шикотан", "shikotan", "name")),
        ("за Урупом", ("Урупом", "urup", "inflection")),
        ("у Кетоя", ("Кетоя", "ketoy", "inflection")),
        ("на Брате-Чирпоеве", ("Брате-Чирпоеве", "brat_chirpoyev", "inflection")),
        ("Хабомаи", ("Хабомаи", "habomai", "collective")),
        ("островов Хабомаи", ("островов Хабомаи", "habomai", "collective")),
        ("Курильских островов", ("Курильских островов", "kuril_chain", "collective")),
        ("на Курилах", ("Курилах", "kuril_chain", "collective")),
        ("Курил", ("Курил", "kuril_chain", "collective")),
        ("Южных Курил", ("Южных Курил", "southern_four", "collective")),
        ("Малой Курильской гряды", ("Малой Курильской гряды", "lesser_kuril", "collective")),
        ("на острове Зеленый", ("острове Зеленый", "zelyony", "name")),  # ё printed as е
    ],
)
def test_russian_case_forms_link_from_stems(text, expected):
    assert linked(text) == [expected]


def test_russian_towns_link_to_their_island_as_settlements_and_districts_link_nothing():
    # A town is on one island (method "settlement"); a district is an administrative unit, not an island or the chain.
    assert linked("Южно-Курильск, Курильск и Северо-Курильский район") == [
        ("Южно-Курильск", "kunashir", "settlement"), ("Курильск", "iturup", "settlement"),
    ]


# --- Japanese -------------------------------------------------------------


def test_japanese_names_without_spaces():
    assert linked("択捉島、国後島、色丹島及び歯舞群島からなる北方領土と千島列島") == [
        ("択捉島", "iturup", "name"), ("国後島", "kunashir", "name"), ("色丹島", "shikotan", "name"),
        ("歯舞群島", "habomai", "collective"), ("北方領土", "southern_four", "collective"),
        ("千島列島", "kuril_chain", "collective"),
    ]


def test_japanese_short_forms_link_but_not_inside_other_words():
    # 帰国後 is "after returning home", not Kunashiri; 両島 may follow a short name.
    assert linked("帰国後、国後・択捉両島を訪れた") == [("国後", "kunashir", "alias"), ("択捉", "iturup", "alias")]


def test_japanese_longest_name_wins():
    assert place_ids("秋勇留島とモユルリ島") == ["anuchina", "moyururi"]


def test_japanese_ordinary_words_link_only_in_full():
    assert place_ids("水晶の指輪と貝殻") == []
    assert place_ids("水晶島と貝殻島") == ["tanfilyev", "signalny"]


# --- overlaps and ambiguous names ----------------------------------------


def test_southern_kurils_is_the_four_groups_not_also_the_chain():
    assert linked("the Southern Kurils") == [("Southern Kurils", "southern_four", "collective")]
    assert linked("the Kuril Islands and the Northern Kuril Islands") == [
        ("Kuril Islands", "kuril_chain", "collective"), ("Northern Kuril Islands", "northern_kurils", "collective"),
    ]


def test_south_kuril_strait_is_not_a_place_name():
    assert place_ids("ships in the South Kuril Strait") == []


def test_names_that_are_also_words_or_people_need_an_island_word():
    assert place_ids("Yuri Gagarin and Юрий Трутнев spoke; a todo list; Зелёный свет") == []
    assert linked("Yuri Island and остров Юрий") == [("Yuri Island", "yuri", "name"), ("остров Юрий", "yuri", "name")]


def test_language_argument_limits_the_names_tried():
    assert place_ids("Kunashir и Кунашир") == ["kunashir", "kunashir"]
    assert [m.text for m in find_mentions("Kunashir и Кунашир", lang="ru")] == ["Кунашир"]
    with pytest.raises(ValueError, match="unknown language 'de'; choose one of en, ru, ja"):
        find_mentions("Kunashir", lang="de")


def test_spans_point_into_the_text():
    text = "<b>Kunashir</b>: на Итурупе и 色丹島"
    for mention in find_mentions(text):
        assert text[mention.start : mention.end] == mention.text
    assert [(m.start, m.end) for m in find_mentions(text)] == [(3, 11), (20, 27), (30, 33)]


# --- the prefilter: only patterns whose name's start is in the text are tried -----------------------------

# Each text alone, so that a pattern the prefilter wrongly leaves out cannot be let in by another name.
PREFILTER_CASES = [
    ("Kunashir", [("Kunashir", "kunashir", "name")]),  # the whole text
    ("Fishing off Iturup", [("Iturup", "iturup", "name")]),  # at the very end
    ("(Shikotan)", [("Shikotan", "shikotan", "name")]),  # after punctuation
    ("«Кунашир»", [("Кунашир", "kunashir", "name")]),
    ("—Итуруп,", [("Итуруп", "iturup", "name")]),
    ("Kunashir's", [("Kunashir", "kunashir", "name")]),
    ("Iturup-based", [("Iturup", "iturup", "name")]),
    # Letters re.IGNORECASE takes as others: dotted capital I, long s, dotless i, the Kelvin sign.
    ("KUNASHİR, Kunaſhir and ıturup", [
        ("KUNASHİR", "kunashir", "name"), ("Kunaſhir", "kunashir", "name"), ("ıturup", "iturup", "name"),
    ]),
    ("\u212aUNASHIR", [("\u212aUNASHIR", "kunashir", "name")]),
    ("на Итурупе, у Кунашира, с Шикотаном; ИТУРУПОМ", [
        ("Итурупе", "iturup", "inflection"), ("Кунашира", "kunashir", "inflection"),
        ("Шикотаном", "shikotan", "inflection"), ("ИТУРУПОМ", "iturup", "inflection"),
    ]),
    ("Курильских островов; Курилы; Южных Курил", [
        ("Курильских островов", "kuril_chain", "collective"), ("Курилы", "kuril_chain", "collective"),
        ("Южных Курил", "southern_four", "collective"),
    ]),
    ("Зеленого острова", [("Зеленого острова", "zelyony", "inflection")]),  # ё printed е
    ("国後島と択捉", [("国後島", "kunashir", "name"), ("択捉", "iturup", "alias")]),
    ("色丹村", [("色丹", "shikotan", "alias")]),  # next to a kanji that may follow
    ("国後・択捉両島", [("国後", "kunashir", "alias"), ("択捉", "iturup", "alias")]),
    ("帰国後", []),  # next to a kanji that may not
    ("北方領土に", [("北方領土", "southern_four", "collective")]),
    ("остров Юрий", [("остров Юрий", "yuri", "name")]),  # the island word first
    ("о. Зелёный", [("о. Зелёный", "zelyony", "name")]),
    ("островок Сигнальный", [("островок Сигнальный", "signalny", "name")]),
    ("island of Yuri", [("island of Yuri", "yuri", "name")]),
    ("Yuri Island", [("Yuri Island", "yuri", "name")]),
    ("Yuri", []),
    ("Southern Kurils", [("Southern Kurils", "southern_four", "collective")]),
    ("the Lesser Kuril Chain", [("Lesser Kuril Chain", "lesser_kuril", "collective")]),
    ("Habomai islets", [("Habomai islets", "habomai", "collective")]),
    ("Малая Курильская гряда", [("Малая Курильская гряда", "lesser_kuril", "collective")]),
    ("Iturup, Kunashir and Shikotan, and a group of small uninhabited islets", [
        ("Iturup", "iturup", "name"), ("Kunashir", "kunashir", "name"), ("Shikotan", "shikotan", "name"),
        ("a group of small uninhabited islets", "habomai", "context"),
    ]),
]


@pytest.mark.parametrize(("text", "expected"), PREFILTER_CASES, ids=[text for text, _ in PREFILTER_CASES])
def test_the_prefilter_finds_what_trying_every_pattern_finds(index, monkeypatch, text, expected):
    def found() -> dict[str | None, list[tuple[int, int, str, str, str, float]]]:
        return {
            lang: [(m.start, m.end, m.text, m.place_id, m.method, m.confidence) for m in find_mentions(text, lang, index)]
            for lang in (None, "en", "ru", "ja")
        }

    filtered = found()
    assert [(matched, place_id, method) for _, _, matched, place_id, method, _ in filtered[None]] == expected
    every_pattern = range(len(index.patterns))
    monkeypatch.setattr(linking._Prefilter, "candidates", lambda self, folded: every_pattern)
    assert found() == filtered


def test_the_prefilter_tries_no_pattern_on_a_text_naming_no_place(index):
    assert index._prefilter.candidates(linking._fold("The ferry left on time; 天気は晴れ; паром ушёл вовремя.")) == []


# --- the seed -------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_links():
    articles, _ = load_articles(SEEDS_DIR)
    return [item for item in link_articles(articles) if item.article.id == SEED_ID]


def test_seed_dispute_paragraph_links_the_three_islands_and_habomai_by_context(seed_links):
    paragraph = next(item for item in seed_links if "a group of small uninhabited islets" in item.excerpt.text)
    by_place = {m.place_id: m for m in paragraph.mentions}
    assert {"iturup", "kunashir", "shikotan", "habomai"} <= set(by_place)
    assert by_place["habomai"].text == "a group of small uninhabited islets"
    assert by_place["habomai"].method == "context"
    assert by_place["habomai"].confidence == CONTEXT_CONFIDENCE < 1
    assert paragraph.island_ids_within("group") == FOUR_GROUPS


def test_seed_northern_territories_paragraphs_link_southern_four(seed_links):
    with_term = [item for item in seed_links if "Northern Territories" in item.excerpt.text]
    assert len(with_term) == 2
    for item in with_term:
        assert "southern_four" in item.place_ids
        assert item.island_ids_within("group") == FOUR_GROUPS


def test_seed_paragraphs_without_places_link_nothing(seed_links):
    first = seed_links[0]
    assert first.excerpt.id == f"{SEED_ID}#p1"
    assert first.mentions == () and first.island_ids == frozenset()


def test_clicking_kunashir_lists_the_naming_excerpt_before_the_group_one(seed_links):
    found = excerpts_for("kunashir", seed_links)
    assert [(item.excerpt.id, item.relations["kunashir"]) for item in found] == [
        (f"{SEED_ID}#p8", "direct"), (f"{SEED_ID}#p10", "group"),
    ]


# --- the fixture articles in three languages --------------------------------


@pytest.fixture(scope="module")
def fixture_links():
    articles, _ = load_articles(FIXTURES)
    return {item.excerpt.id: item for item in link_articles(articles)}


@pytest.mark.parametrize(
    ("excerpt_id", "places"),
    [
        ("2025-08-01-en-kunashir-ferry#p1", {"kunashir"}),
        ("2025-08-01-en-kunashir-ferry#p2", {"iturup", "shikotan"}),
        ("2025-08-01-en-kunashir-ferry#p3", {"habomai", "southern_four"}),
        ("2025-08-01-en-kunashir-ferry#p4", {"urup", "paramushir", "kuril_chain"}),
        ("2025-08-01-en-kunashir-ferry#p5", set()),
        ("2025-08-02-ru-rybaki#p1", {"iturup", "kunashir"}),
        ("2025-08-02-ru-rybaki#p2", {"kunashir", "shikotan", "habomai"}),
        ("2025-08-02-ru-rybaki#p3", {"kuril_chain", "southern_four"}),
        ("2025-08-02-ru-rybaki#p4", set()),
        ("2025-08-03-ja-hoppou#p1", {"iturup", "kunashir"}),
        ("2025-08-03-ja-hoppou#p2", {"shikotan", "habomai", "southern_four", "kuril_chain"}),
        ("2025-08-03-ja-hoppou#p3", {"kunashir", "iturup"}),
        ("2025-08-03-ja-hoppou#p4", set()),
        ("2025-08-04-script-injection#p1", {"kunashir"}),
        ("2025-08-04-script-injection#p2", {"iturup", "shikotan"}),
        ("2025-08-04-script-injection#p3", set()),
        ("2025-08-05-ru-cp1251#p1", {"iturup", "kunashir"}),
        ("2025-08-06-ja-shift-jis#p2", {"habomai"}),
    ],
)
def test_fixture_articles_link_without_code_changes(fixture_links, excerpt_id, places):
    assert set(fixture_links[excerpt_id].place_ids) == places


# --- ordering: the island, its group, the chain ------------------------------


def test_excerpts_for_an_islet_come_direct_then_group_then_chain():
    article = parse_article(
        b"The Kurils stretch far.\n\nNobody lives on the Habomai islets.\n\nShibotsu had a school.\n\nNo place here.\n",
        "order.txt",
    )
    found = excerpts_for("zelyony", link_articles([article]))
    assert [(item.excerpt.number, item.relations["zelyony"]) for item in found] == [(3, "direct"), (2, "group"), (1, "chain")]


def _article(name: str, date: str | None, *paragraphs: str):
    header = f"date: {date}\n\n" if date else ""
    return parse_article((header + "\n\n".join(paragraphs)).encode(), name)


def test_excerpts_for_orders_by_relation_then_newest_article_then_article_id_then_excerpt_number():
    articles = [
        _article("undated.txt", None, "Kunashir again.", "The Kurils."),
        _article("b-old.txt", "2024-01-05", "The Kurils.", "Kunashir in 2024.", "Kunashir, later."),
        _article("z-new.txt", "2025-03-01", "Kunashir today.", "The Southern Kurils."),
        _article("a-new.txt", "2025-03-01", "The Southern Kurils.", "Kunashir too."),
    ]
    expected = [
        ("a-new#p2", "direct"), ("z-new#p1", "direct"), ("b-old#p2", "direct"), ("b-old#p3", "direct"), ("undated#p1", "direct"),
        ("a-new#p1", "group"), ("z-new#p2", "group"),
        ("b-old#p1", "chain"), ("undated#p2", "chain"),
    ]
    for order in (articles, articles[::-1]):  # the input order does not matter
        found = excerpts_for("kunashir", link_articles(order))
        assert [(item.excerpt.id, item.relations["kunashir"]) for item in found] == expected


def test_yururi_is_not_part_of_habomai_or_the_chain(index):
    assert "yururi" not in index.places["habomai"].members
    assert "yururi" not in index.places["kuril_chain"].members
    article = parse_article(b"The Habomai islets and the Kuril Islands.\n", "a.txt")
    assert excerpts_for("yururi", link_articles([article])) == []


def test_lesser_kuril_chain_is_shikotan_and_habomai(index):
    assert index.places["lesser_kuril"].members == {"shikotan"} | HABOMAI
    assert index.places["southern_four"].members == FOUR_GROUPS


def test_excerpts_for_an_unknown_island_is_refused_when_given_the_index(index):
    with pytest.raises(ValueError, match="unknown island id 'kunashiri'; expected one of .*kunashir,"):
        excerpts_for("kunashiri", [], index)


# --- the places table is checked -------------------------------------------


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    read = {"dtype": str, "keep_default_na": False, "encoding": "utf-8"}
    return pd.read_csv(GAZETTEER_CSV, **read), pd.read_csv(PLACES_CSV, **read)


def test_unknown_member_is_refused_with_the_place_and_token():
    islands, places = _tables()
    places.loc[places["id"] == "habomai", "members"] = "zelyony atlantis"
    with pytest.raises(ValueError, match="'habomai' has unknown member 'atlantis'; use an island id"):
        build_place_index(islands, places)


def test_group_rule_with_no_islands_is_refused():
    islands, places = _tables()
    places.loc[places["id"] == "northern_kurils", "members"] = "group:arctic"
    with pytest.raises(ValueError, match="'northern_kurils' names 'group:arctic', but no gazetteer island has that group"):
        build_place_index(islands, places)


def test_a_name_shared_by_two_places_is_refused():
    islands, places = _tables()
    islands.loc[islands["id"] == "zelyony", "aliases_en"] = "Habomai"
    with pytest.raises(ValueError, match="the name 'Habomai' \\(en\\) belongs to both 'zelyony' and 'habomai'"):
        build_place_index(islands, places)
