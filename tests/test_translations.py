"""The map's curated texts in English, Russian and Japanese, and the glossary of the dispute's words.

Every text a reader sees in ``data/views.json``, ``history.json``, ``tour.json`` and the boundary lines' names is found
in the files themselves (every ``*_en`` key, at any depth), never from a list kept here; the checks are that each has
its Russian and Japanese sibling, in the right script, with the same numbers, and that the words of the dispute
(``data/glossary.csv``) are used the way the glossary says: a side's terms only as that side's.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geo import paths
from geo.history import periods
from geo.languages import LANGUAGES
from geo.tour import TourError, tour
from geo.views import views

DATA = paths.data_dir()
CURATED = ("views.json", "history.json", "tour.json")
GLOSSARY_COLUMNS = ["id", "en", "ru", "ja", "whose", "use", "note", "source"]
HOLDERS = ("JP", "RU")

#: Latin words a Russian or Japanese text may keep: abbreviations and units (URLs are removed before the check).
LATIN_ALLOWED = {"GSHHG", "km", "UN"}

# --- the texts, as found in the files ----------------------------------------------------------------------------


def _texts(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Yield ``(where, the object holding it, field)`` for every ``field_en`` string at any depth of ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("_en") and isinstance(value, str):
                yield where, node, key[: -len("_en")]
            elif isinstance(value, (dict, list)):
                yield from _texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            label = value.get("id", index) if isinstance(value, dict) else index
            yield from _texts(value, f"{where}[{label}]")


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _all_texts() -> list[tuple[str, dict[str, Any], str]]:
    found = [text for name in CURATED for text in _texts(_json(name), name)]
    boundaries = _json("boundaries.geojson")["features"]
    found += [text for feature in boundaries for text in _texts(feature["properties"], f"boundaries.geojson[{feature['properties']['id']}]")]
    return found


TEXTS = _all_texts()
TEXT_IDS = [f"{where}.{field}" for where, _, field in TEXTS]


def test_the_texts_are_found_in_every_file():
    # A guard on the walk itself: every kind of text the brief names is reached.
    fields = {(where.split("[")[0], field) for where, _, field in TEXTS}
    assert {("views.json.views", "name"), ("views.json.views", "legend_title"), ("history.json.periods", "title"),
            ("history.json.periods", "description"), ("tour.json.steps", "title"), ("tour.json.steps", "text"),
            ("boundaries.geojson", "name")} <= fields
    assert any(field == "legend" for _, _, field in TEXTS) and any(field == "label" for _, _, field in TEXTS)


@pytest.mark.parametrize(("where", "entry", "field"), TEXTS, ids=TEXT_IDS)
def test_every_text_is_in_all_three_languages(where: str, entry: dict, field: str):
    for lang in LANGUAGES:
        assert str(entry.get(f"{field}_{lang}") or "").strip(), f"{where}: {field}_{lang} is missing or empty"


# --- scripts -------------------------------------------------------------------------------------------------------

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
KANA = re.compile(r"[\u3040-\u30FF]")
JAPANESE = re.compile(r"[\u3040-\u30FF\u4E00-\u9FFF]")
URL = re.compile(r"https?://\S+")


def _latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", URL.sub("", text))) - LATIN_ALLOWED


@pytest.mark.parametrize(("where", "entry", "field"), TEXTS, ids=TEXT_IDS)
def test_russian_is_cyrillic_and_japanese_is_japanese_with_no_english_left(where: str, entry: dict, field: str):
    russian, japanese = (str(entry.get(f"{field}_{lang}", "")) for lang in LANGUAGES[1:])
    assert CYRILLIC.search(russian), f"{where}: {field}_ru is not in Cyrillic: {russian!r}"
    assert not JAPANESE.search(russian), f"{where}: {field}_ru holds Japanese script"
    assert not _latin_words(russian), f"{where}: {field}_ru keeps Latin words {_latin_words(russian)}"
    assert JAPANESE.search(japanese), f"{where}: {field}_ja is not in Japanese script: {japanese!r}"
    assert not CYRILLIC.search(japanese), f"{where}: {field}_ja holds Cyrillic"
    assert not _latin_words(japanese), f"{where}: {field}_ja keeps Latin words {_latin_words(japanese)}"


def test_the_japanese_texts_keep_one_style_plain_form_not_desu_masu():
    """The Japanese texts are written in the plain (である/だ) style throughout; none ends a sentence in です or ます."""
    polite = [(where, field) for where, entry, field in TEXTS if re.search(r"(です|ます)(。|$|」)", entry.get(f"{field}_ja", ""))]
    assert not polite


# --- numbers -------------------------------------------------------------------------------------------------------

#: Japanese writes months as numbers (8月, 8～9月) where English and Russian write words: those are not compared.
JA_MONTHS = re.compile(r"\d+(?:\s*[～〜~–-]\s*\d+)?\s*月")


def numbers(text: str, lang: str) -> set[str]:
    """Return the whole numbers written in digits in ``text`` (full-width digits folded), Japanese months left out.

    >>> sorted(numbers("1945年8月8～9日、8月18日", "ja"))
    ['18', '1945', '8', '9']
    >>> sorted(numbers("8-9 August 1945, 18 August", "en"))
    ['18', '1945', '8', '9']
    """
    text = unicodedata.normalize("NFKC", text)
    if lang == "ja":
        text = JA_MONTHS.sub(" ", text)
    return {str(int(number)) for number in re.findall(r"\d+", URL.sub("", text))}


@pytest.mark.parametrize(("where", "entry", "field"), TEXTS, ids=TEXT_IDS)
def test_numbers_and_years_are_the_same_in_every_language(where: str, entry: dict, field: str):
    english = numbers(entry[f"{field}_en"], "en")
    for lang in LANGUAGES[1:]:
        assert numbers(entry[f"{field}_{lang}"], lang) == english, f"{where}: {field}_{lang} has other numbers than the English"


# --- the glossary --------------------------------------------------------------------------------------------------


def glossary() -> list[dict[str, str]]:
    with open(DATA / "glossary.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_glossary_is_complete():
    rows = glossary()
    with open(DATA / "glossary.csv", encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == GLOSSARY_COLUMNS
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)
    for row in rows:
        for column in ("en", "ru", "ja", "use", "note", "source"):
            assert row[column].strip(), f"glossary {row['id']}: empty {column}"
        assert row["whose"] in ("JP", "RU", "neutral"), row["id"]
        assert re.search(r"https?://|data/|FACTS\.md", row["source"]), f"glossary {row['id']}: no source"
        assert CYRILLIC.search(row["ru"]) and JAPANESE.search(row["ja"]), row["id"]
    whose = {row["id"]: row["whose"] for row in rows}
    # The terms the brief names, each with the holder it belongs to.
    assert {"northern_territories": "JP", "southern_kurils": "RU", "four_northern_islands": "JP", "inherent_territory": "JP",
            "illegally_occupied": "JP", "indisputable_sovereignty": "RU", "results_of_ww2": "RU", "kuril_islands": "neutral",
            "iturup": "neutral", "kunashir": "neutral", "shikotan": "neutral", "habomai": "neutral", "administered": "neutral",
            "claimed": "neutral", "disputed": "neutral"}.items() <= whose.items()
    assert "北方領土" in _forms(next(row for row in rows if row["id"] == "northern_territories"), "ja")


def _forms(row: dict[str, str], lang: str) -> list[str]:
    return [form.strip() for form in row[lang].split("|") if form.strip()]


# --- fairness ------------------------------------------------------------------------------------------------------

#: How a text names each holder, by language (a sentence naming the holder attributes the term to it).
HOLDER_NAMES = {
    "JP": {"en": re.compile(r"\bJapan", re.I), "ru": re.compile(r"япон", re.I), "ja": re.compile(r"日本")},
    "RU": {"en": re.compile(r"\bRussia", re.I), "ru": re.compile(r"росси", re.I), "ja": re.compile(r"ロシア")},
}
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|「[^」]*」|『[^』]*』")
#: Where a sentence ends: after . ! ? and a space before a capital or an opening quote (English, Russian), after 。！？
#: (Japanese). A full stop after an abbreviation (Art., ст., г., с. ш.) ends nothing.
SENTENCE_END = {
    "en": re.compile(r"(?<=[.!?])\s+(?=[A-Z«“\"])"),
    "ru": re.compile(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁ«“\"])"),
    "ja": re.compile(r"(?<=[。！？])"),
}
ABBREVIATIONS = re.compile(r"(?:\b(?:Art|No|vol|pp)|(?<![\w-])(?:г|ст|с|ш))\.$")


def _russian_word(word: str) -> str:
    """A pattern for a Russian word in any case ending: its stem (2 letters off, at least 4 kept) then any letters."""
    if len(word) <= 3:
        return re.escape(word) + r"(?!\w)"
    return re.escape(word[: max(len(word) - 2, 4)]) + r"\w*"


def term_pattern(form: str, lang: str) -> re.Pattern[str]:
    """Return the pattern finding a glossary form in a text: English whole words, Russian by stems, Japanese as is.

    >>> bool(term_pattern("Южные Курилы", "ru").search("о Южных Курилах"))
    True
    >>> bool(term_pattern("Южные Курилы", "ru").search("Южно-Курильский район"))
    False
    """
    if lang == "en":
        return re.compile(r"\b" + re.escape(form) + r"\b", re.I)
    if lang == "ru":
        return re.compile(r"(?<![\w-])" + r"\s+".join(_russian_word(word) for word in form.split()), re.I)
    return re.compile(re.escape(form))


def _sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of each sentence of ``text``."""
    cuts = [match.start() for match in SENTENCE_END[lang].finditer(text) if not ABBREVIATIONS.search(text[: match.start()])]
    bounds = [0, *cuts, len(text)]
    return list(zip(bounds, bounds[1:]))


def unattributed(text: str, lang: str, view_holder: str) -> list[str]:
    """Return the glossary terms of a side used in ``text`` without being attributed to that side.

    The rule: a term whose ``whose`` is ``JP`` or ``RU`` may appear only in a sentence that names its holder in the
    text's language (Japan / Япония / 日本, Russia / Россия / ロシア, in any form). Outside that holder's own view
    (``view_holder``: ``""`` for the neutral view, the history and the boundary lines) the term must also stand inside
    quotation marks (“ ”, " ", « », „ “, 「 」, 『 』), so the map quotes a side's words and never says them itself.
    In the holder's own view ("Russia's position: the Southern Kurils are...") naming the holder is enough.
    """
    found: dict[tuple[int, int], str] = {}
    sentences = _sentences(text, lang)
    for row, match in term_uses(text, lang):
        holder = row["whose"]
        start, end = next(bounds for bounds in sentences if bounds[0] <= match.start() < bounds[1])
        named = HOLDER_NAMES[holder][lang].search(text[start:end])
        quoted = any(q.start() <= match.start() and match.end() <= q.end() for q in QUOTED.finditer(text))
        if not named or (holder != view_holder and not quoted):
            found.setdefault(match.span(), f"{row['id']} ({match.group()!r})")
    return list(found.values())


def term_uses(text: str, lang: str) -> Iterator[tuple[dict[str, str], re.Match[str]]]:
    """Yield ``(glossary row, match)`` for every use in ``text`` of a term of a side (``whose`` JP or RU)."""
    for row in glossary():
        if row["whose"] in HOLDERS:
            for form in _forms(row, lang):
                for match in term_pattern(form, lang).finditer(text):
                    yield row, match


def _view_texts() -> Iterator[tuple[str, str, str, str]]:
    """Yield ``(where, language, text, holder of the view)`` for every text a view, period, step or line shows."""
    for entry in views():
        for where, node, field in _texts(entry, f"view {entry['id']}"):
            for lang in LANGUAGES:
                yield where, lang, node[f"{field}_{lang}"], entry.get("holder", "")
    for entry in periods():
        for where, node, field in _texts(entry, f"period {entry['id']}"):
            for lang in LANGUAGES:
                yield where, lang, node[f"{field}_{lang}"], ""
    holders = {entry["id"]: entry.get("holder", "") for entry in views()}
    for entry in tour():
        for where, node, field in _texts(entry, f"step {entry['id']}"):
            for lang in LANGUAGES:
                yield where, lang, node[f"{field}_{lang}"], holders[entry["view"]]
    for feature in _json("boundaries.geojson")["features"]:
        for lang in LANGUAGES:
            yield f"line {feature['properties']['id']}", lang, feature["properties"][f"name_{lang}"], ""


def test_the_fairness_rule_itself():
    assert unattributed("the Northern Territories", "en", "") == ["northern_territories ('Northern Territories')"]
    assert unattributed("what Japan calls the “Northern Territories”", "en", "") == []
    assert unattributed("«Южные Курилы»", "ru", "") != []  # quoted but not attributed
    assert unattributed("то, что в России называют «Южными Курилами»", "ru", "") == []
    assert unattributed("ロシアが「南クリル」と呼ぶ島々", "ja", "") == []
    assert unattributed("ロシアが南クリルと呼ぶ島々", "ja", "") != []  # attributed but not quoted, in the neutral view
    assert unattributed("ロシアの立場：南クリルはロシアの領土", "ja", "RU") == []  # Russia's own view
    assert unattributed("Russia's position: the Northern Territories", "en", "RU") != []  # Japan's term in Russia's view


def test_the_sides_terms_are_found_where_the_views_use_them():
    # The matcher sees the terms in the data (so the fairness test below is not vacuously true), in every language.
    used = {(row["id"], lang) for _, lang, text, _ in _view_texts() for row, _ in term_uses(text, lang)}
    for term in ("northern_territories", "southern_kurils", "inherent_territory", "illegally_occupied", "indisputable_sovereignty", "undetermined"):
        assert {(term, lang) for lang in LANGUAGES} <= used, term


def test_no_side_s_term_is_asserted_in_the_neutral_view_or_used_unattributed_anywhere():
    wrong = [f"{where} [{lang}]: {terms}" for where, lang, text, holder in _view_texts() if (terms := unattributed(text, lang, holder))]
    assert not wrong, "\n".join(wrong)


def test_the_neutral_view_names_who_administers_and_who_claims_in_every_language():
    neutral = next(entry for entry in views() if entry["id"] == "neutral")
    row = neutral["areas"]["southern_four"]
    assert "Administered by Russia" in row["legend_en"] and "claimed by Japan" in row["legend_en"]
    assert "под управлением россии" in row["legend_ru"].lower() and "претендует Япония" in row["legend_ru"]
    assert "ロシア" in row["legend_ja"] and "施政下" in row["legend_ja"] and "日本" in row["legend_ja"] and "領有権を主張" in row["legend_ja"]
    texts = " ".join(node[f"{field}_{lang}"] for _, node, field in _texts(neutral, "neutral") for lang in LANGUAGES)
    for loaded in ("occupied", "оккупир", "占拠", "実効支配", "Japanese territory", "российская территория", "日本の領土", "ロシアの領土"):
        assert loaded not in texts


def test_the_views_of_each_side_attribute_its_terms_to_it():
    by_id = {entry["id"]: entry for entry in views()}
    russia, japan = by_id["russia"]["areas"]["southern_four"], by_id["japan"]["areas"]["southern_four"]
    assert russia["legend_ru"].startswith("Позиция России:") and "Южные Курилы" in russia["legend_ru"]
    assert russia["legend_ja"].startswith("ロシアの立場：") and "「南クリル」" in russia["legend_ja"]
    assert japan["legend_ru"].startswith("Позиция Японии:") and "«Северные территории»" in japan["legend_ru"]
    assert japan["legend_ja"].startswith("日本の立場：") and "北方領土" in japan["legend_ja"] and "固有の領土" in japan["legend_ja"]


def test_a_disputed_island_has_both_names_the_way_the_english_gives_them():
    """Each language gives its own name first and the other in parentheses, where the English gives both."""
    pairs = {"Etorofu (Iturup)": ("Итуруп", "(Эторофу)", "択捉島（イトゥルップ島）"),
             "Iturup/Etorofu": ("Итуруп", "(Эторофу)", "択捉島（イトゥルップ島）")}
    checked = 0
    for where, entry, field in TEXTS:
        for english, (ru_name, ru_other, ja_both) in pairs.items():
            if english in entry[f"{field}_en"]:
                checked += 1
                assert ru_name in entry[f"{field}_ru"] and ru_other in entry[f"{field}_ru"], where
                assert ja_both in entry[f"{field}_ja"], where
    assert checked >= 3


# --- the loaders refuse a missing translation ----------------------------------------------------------------------


def _copy(tmp_path: Path, name: str, change) -> Path:
    table = _json(name)
    change(table)
    path = tmp_path / name
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_view_without_its_japanese_legend_title_is_refused(tmp_path: Path):
    path = _copy(tmp_path, "views.json", lambda table: table["views"][1].pop("legend_title_ja"))
    with pytest.raises(ValueError, match=r"views\.json is invalid: view 'russia' lacks the translations \['legend_title_ja'\]"):
        views(path)


def test_an_area_legend_without_its_russian_is_refused(tmp_path: Path):
    path = _copy(tmp_path, "views.json", lambda table: table["views"][0]["areas"]["southern_four"].update(legend_ru=""))
    with pytest.raises(ValueError, match=r"view 'neutral', area 'southern_four' lacks the translations \['legend_ru'\]"):
        views(path)


def test_a_period_without_its_translations_is_refused(tmp_path: Path):
    path = _copy(tmp_path, "history.json", lambda table: [table["periods"][2].pop(key) for key in ("description_ru", "title_ja")])
    with pytest.raises(ValueError, match=r"history\.json is invalid: period '1905-portsmouth' lacks the translations \['title_ja', 'description_ru'\]"):
        periods(path)
    path = _copy(tmp_path, "history.json", lambda table: table["periods"][4]["highlight"].pop("label_ja"))
    with pytest.raises(ValueError, match=r"period '1951-san-francisco': its highlight lacks the translations \['label_ja'\]"):
        periods(path)


def test_a_tour_step_without_its_translations_is_refused(tmp_path: Path):
    path = _copy(tmp_path, "tour.json", lambda table: table["steps"][3].pop("text_ja"))
    with pytest.raises(TourError, match=r"tour\.json is invalid: step 4 \('portsmouth'\) lacks the translations \['text_ja'\]"):
        tour(path)
