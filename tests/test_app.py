"""app.py under streamlit.testing: deep links, the facts and excerpt panel, bad links and bad articles."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import geo.paths

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SEED_DISPUTE = "2025-07-15-ians-japan-ready-to-resume-peace-talks#p8"


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def warnings(at: AppTest) -> list[str]:
    """Return the warnings as the reader sees them (Markdown escapes removed)."""
    return [re.sub(r"\\(.)", r"\1", warning.value) for warning in at.warning]


def html_blocks(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def fact_sheets(at: AppTest) -> list[str]:
    return [block for block in html_blocks(at) if 'class="kuril-popup"' in block]


def test_app_starts_with_the_map_and_a_prompt():
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "Kuril Islands"
    assert any("Click an island" in info.value for info in at.info)
    assert not fact_sheets(at)


def test_island_in_the_url_shows_its_facts_and_the_seed_excerpts_naming_it():
    at = run_app(island="kunashir")
    assert not at.exception
    facts = "\n".join(fact_sheets(at))
    assert "Kunashir" in facts and "Yuzhno-Kurilsky" in facts and "1,490.0 km²" in facts
    assert any("Kunashir / Kunashiri" in header.value for header in at.subheader)
    related = [block for block in html_blocks(at) if "names this island" in block]
    assert related and f'data-excerpt="{SEED_DISPUTE}"' in related[0]
    assert '<mark class="kuril-mention kuril-mention-name" data-place="kunashir"' in related[0]


def test_picking_an_excerpt_selects_it():
    at = run_app(island="kunashir")
    at.button(key=f"rel-{SEED_DISPUTE}").click().run()
    assert not at.exception
    assert at.session_state["excerpt"] == SEED_DISPUTE
    assert any("kuril-excerpt-selected" in block and SEED_DISPUTE in block for block in html_blocks(at))


def test_unknown_island_in_the_url_gets_a_message_and_the_default_state():
    at = run_app(island="atlantis")
    assert not at.exception
    assert any("Unknown island 'atlantis'" in warning for warning in warnings(at)), warnings(at)
    assert not fact_sheets(at)
    assert "island" not in at.query_params


def test_a_broken_article_is_named_and_the_others_still_show(tmp_path, monkeypatch):
    shutil.copy(next(Path(geo.paths.SEEDS_DIR).glob("2025-07-15-*.txt")), tmp_path)
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    monkeypatch.setattr(geo.paths, "SEEDS_DIR", tmp_path)
    at = run_app(island="kunashir")
    assert not at.exception
    assert any("broken.txt" in warning for warning in warnings(at))
    assert any(SEED_DISPUTE in block for block in html_blocks(at))


@pytest.mark.parametrize("lang", ["ru", "ja", "en+ja"])
def test_label_language_can_be_switched(lang):
    at = run_app()
    at.selectbox(key="lang").set_value(lang).run()
    assert not at.exception


def expander_labels(at: AppTest) -> list[str]:
    return [expander.label for expander in at.expander]


@pytest.mark.parametrize(
    ("query", "title"),
    [({"view": "japan"}, "Japan's position"), ({"view": "russia"}, "Russia's position"), ({"year": "1905"}, "1905: Treaty of Portsmouth"),
     ({"year": "1960"}, "1956: Japan–Soviet Joint Declaration")],
)
def test_view_and_year_links_show_that_state_with_its_attributed_legend(query, title):
    at = run_app(**query)
    assert not at.exception
    assert title in expander_labels(at)
    for key, value in query.items():
        assert at.query_params[key] == value or key == "year"


@pytest.mark.parametrize(
    ("query", "message"),
    [({"view": "atlantis"}, "unknown view 'atlantis'; choose neutral, russia or japan"),
     ({"year": "1800"}, "unknown period"), ({"step": "nowhere"}, "Unknown tour step 'nowhere'")],
)
def test_unknown_view_year_or_step_gets_a_message_and_the_default_map(query, message):
    at = run_app(**query)
    assert not at.exception
    assert any(message in warning for warning in warnings(at)), warnings(at)
    assert at.session_state["view"] == "neutral" and at.session_state["period"] == "today"


def test_a_step_link_opens_the_tour_and_next_moves_on():
    at = run_app(step="shimoda")
    assert not at.exception
    assert at.session_state["tour_on"] is True
    first = at.session_state["step"]
    assert at.session_state["period"] == "1855-shimoda"
    at.button(key="tour_next").click().run()
    assert at.session_state["step"] == first + 1
    assert at.query_params["step"] != "shimoda"


def test_the_offline_download_is_the_export_of_what_is_shown():
    at = run_app()
    at.toggle(key="prepare_export").set_value(True).run()
    assert not at.exception
    button = at.get("download_button")[0]
    assert "kuril-islands-map.html" in button.proto.label
