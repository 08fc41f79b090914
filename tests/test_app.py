"""app.py under streamlit.testing: it starts, reads deep links, and refuses unknown ones gently."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def html_blocks(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def test_app_starts_with_the_map_and_a_prompt():
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "Kuril Islands"
    assert any("Click an island" in info.value for info in at.info)


def test_island_in_the_url_shows_its_facts():
    at = run_app(island="kunashir")
    assert not at.exception
    facts = "\n".join(html_blocks(at))
    assert "Kunashir" in facts and "Yuzhno-Kurilsky" in facts and "1,490.0 km²" in facts


def test_unknown_island_in_the_url_gets_a_message_and_the_default_state():
    at = run_app(island="atlantis")
    assert not at.exception
    assert any("Unknown island 'atlantis'" in warning.value for warning in at.warning)
    assert not html_blocks(at)
    assert "island" not in at.query_params


@pytest.mark.parametrize("lang", ["ru", "ja", "en+ja"])
def test_label_language_can_be_switched(lang):
    at = run_app()
    at.selectbox(key="lang").set_value(lang).run()
    assert not at.exception
