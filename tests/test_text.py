"""layers.text: labels, tooltips and fact sheets in three languages, always escaped."""

from __future__ import annotations

import re

import pytest

from geo.islands import island, islands
from layers.text import island_label, island_popup_html, island_tooltip_html, parse_lang


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


def test_popup_shows_drawn_and_official_area_each_labelled(iturup):
    html = island_popup_html(iturup)
    assert "Area as drawn" in html and "3,225.5 km²" in html
    assert "Official area" in html and "3,168.0 km²" in html
    assert "Ministry of Foreign Affairs of Japan" in html
    assert "Kurilsky District" in html and "Rubetsu-mura, Shana-mura, Shibetoro-mura" in html


def test_popup_of_an_undisputed_island_says_no_claim():
    html = island_popup_html(island("urup", islands()).to_dict())
    assert "no other state" in html and "Official area" not in html


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
