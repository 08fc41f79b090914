"""The interface catalogue (layers/i18n): complete in three languages, consistent, and formatting as each locale does."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from babel import Locale

from geo.languages import LANGUAGES
from layers import i18n
from layers.i18n import CatalogueError, catalogue, fill, format_date, format_number, plural_category, text

ROOT = Path(__file__).resolve().parents[1]

#: Words that stay in Latin letters in every language: names of products, standards, units and commands.
LATIN_ALLOWED = {
    "GSHHG", "WGS84", "OpenStreetMap", "Esri", "Ocean", "HTML", "MB", "km", "python", "layers", "export", "seeds",
    "txt", "md", "Enter", "lang", "KURIL_SEEDS_DIR", "geo", "store", "rebuild", "UTF", "ID", "URL", "mura", "hoppou", "blog", "PDF", "PNG", "dpi", "KB",
}
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
JAPANESE = re.compile(r"[\u3040-\u30FF\u4E00-\u9FFF]")


def forms(entry_text) -> list[str]:
    """Return every form of a text: itself, or each plural form."""
    return list(entry_text.values()) if isinstance(entry_text, dict) else [entry_text]


def placeholders(value: str) -> set[str]:
    return set(i18n.PLACEHOLDER.findall(value))


def test_every_key_has_every_language() -> None:
    missing = [(key, lang) for key, entry in catalogue().items() for lang in LANGUAGES if not entry.get(lang)]
    assert missing == []


def test_placeholders_are_the_same_in_every_language_and_form() -> None:
    wrong = {}
    for key, entry in catalogue().items():
        found = {lang: [placeholders(form) for form in forms(entry[lang])] for lang in LANGUAGES}
        english = found["en"][0]
        if any(names != english for lang in LANGUAGES for names in found[lang]):
            wrong[key] = found
    assert wrong == {}


def test_no_stray_braces() -> None:
    """A brace outside a placeholder would be read as one by the script or refused by Python."""
    stray = [key for key, entry in catalogue().items() for lang in LANGUAGES for form in forms(entry[lang])
             if re.search(r"[{}]", i18n.PLACEHOLDER.sub("", form))]
    assert stray == []


def test_plural_entries_have_every_category_the_locale_uses() -> None:
    problems = []
    for key, entry in catalogue().items():
        for lang in LANGUAGES:
            value = entry[lang]
            if not isinstance(value, dict):
                continue
            needed = set(Locale.parse(i18n.LOCALES[lang]).plural_form.tags) | {"other"}
            if needed - set(value):
                problems.append((key, lang, sorted(needed - set(value))))
            if set(value) - set(i18n.PLURAL_CATEGORIES):
                problems.append((key, lang, sorted(set(value) - set(i18n.PLURAL_CATEGORIES))))
    assert problems == []


@pytest.mark.parametrize("lang, script", [("ru", CYRILLIC), ("ja", JAPANESE)])
def test_no_english_left_in_russian_or_japanese(lang: str, script: re.Pattern[str]) -> None:
    """Every Russian and Japanese text is written in its script; Latin words are only names, units and commands."""
    left = {}
    for key, entry in catalogue().items():
        for form in forms(entry[lang]):
            bare = i18n.PLACEHOLDER.sub("", form)
            bare = re.sub(r"`[^`]*`|https?://\S+", "", bare)  # commands and links stay as written
            words = [word for word in re.findall(r"[A-Za-z][A-Za-z0-9_]*", bare) if word not in LATIN_ALLOWED]
            rest = re.sub(r"[A-Za-z][A-Za-z0-9_]*|[\s\d.,:;()!?–—\-▶◀←→·*²/\u3000-\u303f\uff01-\uff65]", "", bare)
            if words or (rest and not script.search(rest)):
                left[key] = form
    assert left == {}


def test_english_is_not_copied_into_the_other_languages() -> None:
    copied = [key for key, entry in catalogue().items() for lang in ("ru", "ja")
              if entry[lang] == entry["en"] and JAPANESE.search(json.dumps(entry["en"], ensure_ascii=False)) is None
              and re.search(r"[A-Za-z]{3,}", i18n.PLACEHOLDER.sub("", json.dumps(entry["en"])))]
    assert copied == []


def test_keys_used_in_the_code_exist() -> None:
    """Every literal catalogue key in the Python and JavaScript sources is in the catalogue."""
    sources = [ROOT / "app.py", *ROOT.joinpath("layers").rglob("*.py"), *ROOT.joinpath("layers").rglob("*.js"),
               *ROOT.joinpath("layers").rglob("*.html")]
    used = set()
    for path in sources:
        used |= set(re.findall(r"[\"'`]((?:app|map|panel|export|common|article|store|upload)\.[A-Za-z0-9_.-]+[A-Za-z0-9_])[\"'`]",
                               path.read_text(encoding="utf-8")))
    files = {key for key in used if re.search(r"\.(py|js|css|html|json|md|txt)$", key)}  # file names, not keys
    assert sorted(used - files - set(catalogue())) == []


def test_names_the_data_uses_have_texts() -> None:
    """Groups, districts and pre-1945 villages of the gazetteer, and every linking method, have a text."""
    from geo.gazetteer import gazetteer
    from geo.linking import METHODS

    table = gazetteer()
    def values(column: str) -> set[str]:
        return {part for cell in table[column].dropna() for part in str(cell).split("|") if part}

    needed = {f"common.group.{group}" for group in values("group")}
    needed |= {f"common.district.{district}" for district in values("ru_district")}
    needed |= {f"common.village.{village}" for village in values("jp_municipality_1945")}
    needed |= {f"panel.method.{method}" for method in METHODS}
    assert sorted(needed - set(catalogue())) == []


def test_text_fills_placeholders_and_picks_the_plural_form() -> None:
    assert text("panel.excerpts", "en", count=1) == "1 excerpt"
    assert text("panel.excerpts", "en", count=2) == "2 excerpts"
    russian = [text("panel.excerpts", "ru", count=n) for n in (1, 2, 5, 11, 21, 22, 25)]
    assert [form.split()[1] for form in russian] == ["отрывок", "отрывка", "отрывков", "отрывков", "отрывок", "отрывка", "отрывков"]
    assert text("panel.newsAbout", "ja", name="国後島") == "国後島に触れた記事"


def test_a_value_is_put_in_as_it_is() -> None:
    """One pass: a search query holding a placeholder or a regex replacement is never expanded."""
    assert text("panel.noExcerptMatch", "en", query="{query} \\1 $&") == "No excerpt matches “{query} \\1 $&”"


def test_missing_key_value_or_count_is_an_error_that_names_it() -> None:
    with pytest.raises(CatalogueError, match="no.such.key"):
        text("no.such.key", "en")
    with pytest.raises(CatalogueError, match="name"):
        text("panel.newsAbout", "en")
    with pytest.raises(CatalogueError, match="count"):
        i18n._entry_text("panel.excerpts", "en", None)
    with pytest.raises(ValueError, match="choose one of en, ru, ja"):
        text("panel.today", "fr")


def test_numbers_and_dates_follow_the_locale() -> None:
    nbsp = "\u00a0"
    assert format_number(3168, "en", 1) == "3,168.0"
    assert format_number(3168, "ru", 1).replace(nbsp, " ") == "3 168,0"
    assert format_number(3168, "ja", 1) == "3,168.0"
    day = dt.date(2025, 7, 15)
    assert format_date(day, "ja") == "2025年7月15日"
    assert format_date(day, "ru").replace("\u202f", " ") == "15 июля 2025 г."
    assert format_date(day, "en") == "15 July 2025"
    assert fill("{count}", {"count": 12000}, "ru").replace(nbsp, " ").replace("\u202f", " ") == "12 000"


def test_plural_categories_are_cldr_s() -> None:
    assert [plural_category(n, "ru") for n in (0, 1, 2, 4, 5, 11, 12, 14, 21, 101, 111)] == [
        "many", "one", "few", "few", "many", "many", "many", "many", "one", "one", "many"]
    assert {plural_category(n, "ja") for n in range(30)} == {"other"}
    assert [plural_category(n, "en") for n in (0, 1, 2)] == ["other", "one", "other"]


def test_a_broken_catalogue_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.json").write_text('{"x.y": {"en": "one"}}', encoding="utf-8")
    (tmp_path / "b.json").write_text('{"x.y": {"en": "two"}}', encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", tmp_path)
    i18n._catalogue.cache_clear()
    try:
        with pytest.raises(CatalogueError, match=r"b\.json: key 'x\.y' is defined twice"):
            catalogue()
        (tmp_path / "b.json").write_bytes(b"\xff\xfe{")
        i18n._catalogue.cache_clear()
        with pytest.raises(CatalogueError, match=r"b\.json: cannot be read"):
            catalogue()
    finally:
        i18n._catalogue.cache_clear()


def test_client_catalogue_holds_the_scripts_keys_only() -> None:
    shipped = i18n.client_catalogue()
    assert set(shipped) == set(LANGUAGES)
    assert "panel.excerpts" in shipped["ru"] and "app.title" not in shipped["ru"]
    assert shipped["ru"]["panel.excerpts"]["few"] == "{count} отрывка"
