"""layers.text: labels, tooltips and fact sheets in three languages, always escaped."""

from __future__ import annotations

import re

import pytest

from markupsafe import escape

from geo.figures import island_figures
from geo.islands import island, islands
from geo.linking import default_place_index
from geo.positions import positions
from layers.i18n import format_number, text
from layers.text import island_label, island_popup_html, island_tooltip_html, parse_lang, place_name, positions_html


@pytest.fixture(scope="module")
def iturup() -> dict:
    return island("iturup", islands()).to_dict()


def test_english_label_gives_both_names_when_they_differ(iturup):
    assert island_label(iturup, "en") == "Iturup / Etorofu"


def test_english_label_gives_one_name_when_both_sides_agree():
    assert island_label(island("shikotan", islands()).to_dict(), "en") == "Shikotan"


def test_label_in_russian_japanese_and_two_languages(iturup):
    assert island_label(iturup, "ru") == "Итуруп"
    assert island_label(iturup, "ja") == "択捉島"
    assert island_label(iturup, "en+ja").splitlines() == ["Iturup / Etorofu", "択捉島"]


@pytest.mark.parametrize("bad", ["fr", "", "en+ru+ja", "EN"])
def test_unknown_language_names_the_accepted_ones(bad):
    with pytest.raises(ValueError, match="choose en, ru, ja"):
        parse_lang(bad)


def test_popup_shows_both_sides_figures_each_with_whose_it_is_and_its_source(iturup):
    html = island_popup_html(iturup)
    assert "As drawn on this map" in html and "3,225.5 km²" in html
    figures = island_figures("iturup")
    for figure in figures[figures["relation"] == "island"].to_dict("records"):
        side = {"RU": "Russian figure", "JP": "Japanese figure"}[figure["side"]]
        assert side in html and f'href="{escape(figure["source"])}"' in html, figure
    assert "Ministry of Foreign Affairs of Japan" in html  # the publisher, named in the reader's language
    assert "Kurilsky District" in html and "Rubetsu-mura, Shana-mura, Shibetoro-mura" in html


def test_where_the_sources_disagree_the_sheet_says_so_and_keeps_both():
    shikotan = island("shikotan", islands()).to_dict()
    for lang in ("en", "ru", "ja"):
        html = island_popup_html(shikotan, lang)
        assert text("panel.figures.disagree", lang) in html
        assert html.count("kuril-figure-disagrees") == int(island_figures("shikotan")["disagrees"].sum())
    assert "182 km²" in island_popup_html(shikotan) and "247.7 km²" in island_popup_html(shikotan)
    assert text("panel.figures.disagree", "en") not in island_popup_html(island("kunashir", islands()).to_dict())


def test_an_islet_shows_its_groups_figures_but_not_the_wider_groups():
    html = island_popup_html(island("zelyony", islands()).to_dict())
    assert "the Habomai islands as a group" in html and "5,281 residents" in html and "2,249 residents" in html
    assert "17,291" not in html  # the four groups' total says nothing of one islet


def test_the_four_groups_are_named_in_neutral_words_never_either_sides_term():
    place = default_place_index().places["southern_four"]
    for lang in ("en", "ru", "ja"):
        name = place_name("southern_four", lang)
        assert name not in {place.name_en, place.name_ru, place.name_ja, "Northern Territories", "Южные Курилы", "北方領土"}
    assert place_name("iturup", "ja") == "択捉島"


def test_popup_in_russian_writes_numbers_and_dates_as_russian_does():
    html = island_popup_html(island("kunashir", islands()).to_dict(), "ru")
    assert f"{format_number(7364, 'ru')} жителя" in html or f"{format_number(7364, 'ru')} жителей" in html
    assert "15 августа 1945" in html and "Под управлением" in html


def test_popup_of_an_undisputed_island_says_no_claim():
    html = island_popup_html(island("urup", islands()).to_dict())
    assert "no other state" in html and "Japanese figure" not in html


def test_each_sides_position_is_quoted_in_its_language_with_its_translation_marked():
    for ui in ("en", "ru", "ja"):
        html = positions_html(ui)
        for statement in positions():
            original = statement["language"]
            assert f'<blockquote lang="{original}" cite="{escape(statement["url"])}">{escape(statement["text"])}</blockquote>' in html
            if ui != original:
                translation = statement["translations"][ui]
                assert f'<blockquote lang="{ui}" class="kuril-position-translation">{escape(translation["text"])}</blockquote>' in html
                assert escape(text(f"panel.positions.translation.{translation['by']}", ui)) in html
        assert escape(text("panel.positions.note", ui)) in html
    japanese = positions_html("ja")
    mofa = next(statement for statement in positions() if statement["language"] == "ja")
    assert japanese.count(escape(mofa["text"])) == 1  # in its own language, no translation is added


def test_names_are_escaped_in_popup_and_tooltip(iturup):
    hostile = {**iturup, "name_en": '<img src=x onerror="alert(1)">', "name_ru": "<script>alert(2)</script>"}
    for html in (island_popup_html(hostile), island_tooltip_html(hostile)):
        assert "<img" not in html and "<script" not in html
        assert "&lt;script&gt;" in html


def test_markdown_literal_keeps_outside_text_from_becoming_a_link_or_formatting():
    from layers.text import markdown_literal

    escaped = markdown_literal("[click](javascript:alert(1)) **bold** <b>")
    assert "](" not in escaped and "**" not in escaped and "<b>" not in escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == "[click](javascript:alert(1)) **bold** <b>"
