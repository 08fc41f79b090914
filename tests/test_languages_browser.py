"""The map in Russian and Japanese, in a browser: no English interface text, the page's ``lang`` right (axe-core's
html-has-lang and valid-lang run with every other rule in tests/test_axe_browser.py), the switch in place, and plural forms and numbers written
by the browser as Babel writes them in Python.

What may stay in Latin letters is what is not the interface's: names of products and data (GSHHG, OpenStreetMap,
Leaflet's attribution), acronyms (IANS, MB), and whatever carries its own ``lang`` (island names, article text,
quotations, the language switch's own names) or is a cited source (``.kuril-source``: titles are quoted as published).
The measuring tool (``layers.map.measure``) speaks the catalogue's words and is checked like the rest.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import OfflinePage
from map_page import LOAD_TIMEOUT_MS, app_idle, map_frame, wait_for_map
from streamlit_server import app_url  # noqa: F401 - fixture

from geo.languages import LANGUAGES
from geo.tour import tour
from layers.i18n import LOCALES, format_number, plural_category, text
from layers.text import LANGUAGE_NAMES

pytestmark = pytest.mark.browser

#: Latin words the Russian and Japanese pages may show: names of products, data and standards, key names and the
#: link's own words (``?lang=``).
LATIN_NAMES = {"GSHHG", "OpenStreetMap", "Esri", "Ocean", "Leaflet", "WGS84", "Enter", "python", "layers", "export",
               "html", "kuril", "islands", "map", "lang"}
#: Streamlit's own words, which it does not translate (streamlit/streamlit#1353, open): its skip link, the sidebar's
#: names, a select's "Open", and the names of its Material icons (ligatures, drawn as icons).
STREAMLIT_CHROME = {"Skip to main content", "Sidebar", "Collapse sidebar", "Expand sidebar", "Open", "Close"}
ICON_LIGATURE = re.compile(r"^(?:keyboard|arrow|expand|chevron|check|close|upload|error|warning|info)_?[a-z_]*$")
WORD = re.compile(r"[A-Za-z][A-Za-z’'-]{2,}")

#: The page's text a reader sees or hears, but not what carries another language or quotes a source.
INTERFACE_TEXT = """
(ui) => {
  const skipped = (node) => {
    for (let el = node; el && el.nodeType === 1; el = el.parentElement) {
      if (el !== document.documentElement && el.hasAttribute("lang") && el.getAttribute("lang") !== ui) { return true; }
      if (el.matches(".kuril-source, .leaflet-control-attribution, script, style, noscript, textarea")) {
        return true;
      }
    }
    return false;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const value = node.textContent.trim();
    if (value && node.parentElement && !skipped(node.parentElement)) { found.push(value); }
  }
  document.querySelectorAll("[aria-label], [title], [placeholder], [alt]").forEach((el) => {
    if (skipped(el)) { return; }
    ["aria-label", "title", "placeholder", "alt"].forEach((name) => { if (el.getAttribute(name)) { found.push(el.getAttribute(name)); } });
  });
  return found;
}
"""


def english_words(texts: list[str]) -> list[str]:
    """Return the Latin words of ``texts`` that are neither allowed names nor acronyms."""
    words = set()
    for value in texts:
        value = re.sub(r"https?://\S+|\S+\.(?:txt|md|html|csv|json|ru|jp|com|org)\b", "", value)
        words |= {word for word in WORD.findall(value) if word not in LATIN_NAMES and not word.isupper()}
    return sorted(words)


def open_export(offline_page: OfflinePage, file: Path, link: str = ""):
    page = offline_page.page
    page.goto(file.as_uri() + link)
    wait_for_map(page, timeout=LOAD_TIMEOUT_MS)
    return page


def show_everything(page) -> None:
    """Open what a reader opens: an island's facts, the tour, each side's position, the distances, every <details>."""
    page.evaluate("""() => {
        const target = document.querySelector(".kuril-label[data-island='kunashir']").parentElement.getBoundingClientRect();
        return [target.x, target.y];
    }""")
    x, y = page.evaluate("() => { const r = document.querySelector(\".kuril-label[data-island='kunashir']\").parentElement.getBoundingClientRect(); return [r.x, r.y]; }")
    page.mouse.click(x, y)
    page.locator(".kuril-panel-facts [data-island='kunashir']").wait_for(timeout=10_000)
    page.locator(".kuril-tour-toggle").click()
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


@pytest.mark.parametrize("lang", ["ru", "ja"])
def test_the_export_in_russian_and_japanese_has_no_english_interface_text(offline_page, seed_export, lang):
    page = open_export(offline_page, seed_export, f"#lang={lang}")
    assert page.evaluate("document.documentElement.lang") == lang
    assert text("map.legend.title", lang) in page.inner_text(".kuril-legend")  # the neutral map's legend, in its words
    show_everything(page)
    texts = page.evaluate(INTERFACE_TEXT, lang)
    assert english_words(texts) == [], texts[:40]
    assert page.title() == text("export.pageTitle", lang)
    # The tour's step, its legend and the island's facts are this language's words.
    assert page.evaluate("window.kurilMap.stateInfo().title") in page.inner_text(".kuril-legend")
    assert text("panel.facts.administered", lang) in page.inner_text(".kuril-panel-facts")
    assert text("panel.stepCount", lang, number=1, total=len(tour())) == page.inner_text(".kuril-tour-count")
    assert offline_page.network.page_errors == []


def test_the_switch_changes_every_word_in_place_and_the_link_keeps_it(offline_page, seed_export):
    page = open_export(offline_page, seed_export)
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator(".kuril-lang-button[data-lang='ja']").click()
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.evaluate("location.hash") == "#lang=ja"
    assert text("map.legend.title", "ja") in page.inner_text(".kuril-legend")
    assert page.locator(".kuril-lang-button[data-lang='ja']").get_attribute("aria-pressed") == "true"
    # The labels follow the interface: Kunashir's label reads 国後島.
    assert page.inner_text(".kuril-label[data-island='kunashir']") == "国後島"
    page.locator(".kuril-lang-button[data-lang='ru']").click()
    assert page.inner_text(".kuril-label[data-island='kunashir']") == "Кунашир"
    assert page.evaluate("location.hash") == "#lang=ru"
    assert offline_page.network.page_errors == []


def test_an_unknown_language_in_a_link_gets_a_message(offline_page, seed_export):
    page = open_export(offline_page, seed_export, "#lang=fr")
    message = page.inner_text(".kuril-message-text")
    assert "'fr'" in message and "en, ru, ja" in message
    assert page.evaluate("document.documentElement.lang") == "en"


def test_the_browser_writes_plurals_and_numbers_as_babel_does(offline_page, seed_export):
    """The script picks plural forms with Intl.PluralRules and writes counts with Intl.NumberFormat; Python with
    Babel. Both follow CLDR: they must agree on every count a panel shows."""
    page = open_export(offline_page, seed_export)
    counts = [*range(0, 130), 1001, 12_345, 1_000_000]
    for lang in LANGUAGES:
        locale = LOCALES[lang].replace("_", "-")
        browser = page.evaluate(
            "([locale, counts]) => counts.map((n) => [new Intl.PluralRules(locale).select(n), new Intl.NumberFormat(locale).format(n)])",
            [locale, counts],
        )
        python = [[plural_category(n, lang), format_number(n, lang)] for n in counts]
        assert browser == python, lang


@pytest.mark.parametrize("lang", ["ru", "ja"])
def test_the_app_in_russian_and_japanese_has_no_english_interface_text(offline_page, app_url, lang):  # noqa: F811
    page = offline_page.page
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{app_url}/?lang={lang}")
    frame = map_frame(page)
    page.wait_for_selector(f"text={text('app.title', lang)}", timeout=LOAD_TIMEOUT_MS)
    app_idle(page)
    assert page.evaluate("document.documentElement.lang") == lang
    # The language switch names each language in itself (English, Русский, 日本語): Streamlit's radio cannot mark an
    # option's lang, so those three names are let through as names.
    texts = [value for value in page.evaluate(INTERFACE_TEXT, lang)
             if value not in STREAMLIT_CHROME and not ICON_LIGATURE.match(value) and value not in LANGUAGE_NAMES.values()]
    assert english_words(texts) == [], texts[:60]
    assert frame.evaluate("document.documentElement.lang") == lang
    assert english_words(frame.evaluate(INTERFACE_TEXT, lang)) == []
    # (axe-core's html-has-lang and valid-lang, with every other rule, run in tests/test_axe_browser.py.)
