"""The measuring tool (layers/map/measure.py) as HTML: its words, its size, its errors. The browser tests click it."""

from __future__ import annotations

import json
import re

import folium
import pytest

from geo.languages import LANGUAGES, UnknownLanguageError
from layers.i18n import catalogue
from layers.map.measure import MeasureTool
from layers.templates import TEMPLATE_DIR
from layers.vendor.assets import inline_html

#: What leaflet-measure 2.1.7 weighed inlined (105 kB of JS, 12 kB of CSS); the tool must stay a small part of it.
BUDGET_BYTES = 14_000


def _tool_parts(ui: str = "en") -> tuple[MeasureTool, str, str]:
    """Return a tool on a map, its rendered script and its rendered style."""
    m = folium.Map(tiles=None)
    tool = MeasureTool(ui).add_to(m)
    module = tool._template.module
    return tool, module.script(tool, {}), module.header(tool, {})


def _words(script: str) -> dict:
    found = re.search(r"\}\)\([A-Za-z0-9_]+, (\{.*\}), (\{.*?\}), \"(\w+)\"\);\s*$", script, re.S)
    assert found, "the script ends by calling its function with the map, the words, the locales and the language"
    return json.loads(found.group(1))


def test_the_tool_is_a_small_part_of_leaflet_measure() -> None:
    _, script, style = _tool_parts()
    size = len(script.encode()) + len(style.encode())
    assert size < BUDGET_BYTES, f"the measuring tool renders {size} bytes; keep it under {BUDGET_BYTES}"


def test_it_carries_its_words_in_every_language() -> None:
    tool, script, _ = _tool_parts("ru")
    words = _words(script)
    assert set(words) == set(LANGUAGES)
    keys = {key for key in catalogue() if key.startswith("map.measure.")}
    for lang in LANGUAGES:
        assert set(words[lang]) == keys
    assert words["ja"]["map.measure.finish"] == "完了"
    assert words["ru"]["map.measure.nmi"]["few"] == "{count} морские мили"
    # Each key the script reads is among them.
    used = set(re.findall(r"\"(map\.measure\.[A-Za-z]+)\"", script))
    assert used and used <= keys
    assert '"ru":"ru-RU"' in script and '"ja":"ja-JP"' in script
    assert script.rstrip().endswith('"ru");')
    assert f"var {tool.get_name()} = " in script


def test_texts_reach_the_page_as_text_only() -> None:
    source = (TEMPLATE_DIR / "measure.js").read_text(encoding="utf-8")
    assert "innerHTML" not in source and "insertAdjacentHTML" not in source
    assert "textContent" in source


def test_nothing_is_fetched() -> None:
    _, script, style = _tool_parts()
    urls = set(re.findall(r"https?://[^\s\"')]+", script + style))
    assert urls == {"http://www.w3.org/2000/svg"}  # the SVG namespace, a name and no request
    assert "url(" not in style


def test_a_word_cannot_end_the_script(monkeypatch: pytest.MonkeyPatch) -> None:
    """The words go in as JSON safe inside <script> (layers.templates.script_json)."""
    import layers.map.measure as measure

    hostile = dict(catalogue())
    hostile["map.measure.finish"] = {lang: "</script><b>x</b>" for lang in LANGUAGES}
    monkeypatch.setattr(measure, "catalogue", lambda: hostile)
    _, script, _ = _tool_parts()
    assert "</script>" not in script and "<b>" not in script
    assert _words(script)["en"]["map.measure.finish"] == "</script><b>x</b>"


def test_the_page_holds_the_tool_once_and_no_leaflet_measure() -> None:
    m = folium.Map(tiles=None)
    MeasureTool("ja", position="topright").add_to(m)
    page = inline_html(m)
    # The page's scripts and styles are minified (layers.minify): the rule and the option as the minifier writes them.
    assert len(re.findall(r"\.kuril-measure-toggle\s*\{", page)) == 1
    assert "leaflet-measure" not in page
    assert re.search(r"\{\s*position:\s*[\"'`]topright[\"'`]\s*\}", page)


def test_a_wrong_language_or_corner_names_the_choices() -> None:
    with pytest.raises(UnknownLanguageError, match="unknown language 'fr'; choose one of en, ru, ja"):
        MeasureTool("fr")
    corners = "topleft, topright, bottomleft, bottomright"
    with pytest.raises(ValueError, match=f"unknown control position 'middle'; choose one of {corners}"):
        MeasureTool(position="middle")


def test_rendering_outside_a_map_says_what_to_do() -> None:
    with pytest.raises(ValueError, match=r"add the MeasureTool to a folium\.Map"):
        MeasureTool().render()
