"""Hostile input for app.py: bad links (query parameters) and broken data files, under AppTest.

A bad link must give a short message and the default map, never an exception; the value from the link
must reach the page as text (Markdown in a warning would render a link or fetch an image). A missing or
corrupt data file must give one message naming the file and how to rebuild it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import geo.islands
import geo.paths

APP = str(Path(__file__).resolve().parent.parent / "app.py")
#: Longest warning accepted for one bad link: the value cut short, plus the list of choices.
MAX_WARNING_CHARS = 500


def run_app(**query: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def fact_sheets(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html") if 'class="kuril-popup"' in element.proto.body]


def markdown_outside_code(message: str) -> str:
    """Return ``message`` without its inline code spans and backslash-escaped characters: what Streamlit would render."""
    return re.sub(r"\\.", "", re.sub(r"`[^`]*`", "", message))


HOSTILE_ISLANDS = {
    "empty": "",
    "script": "<script>alert(1)</script>",
    "unicode, RTL and zero-width": "Кунашир 国後島 \u202ekuna\u200bshir",
    "case, padding and NUL": " Kunashir\x00",
}


@pytest.mark.parametrize("value", HOSTILE_ISLANDS.values(), ids=HOSTILE_ISLANDS.keys())
def test_bad_island_in_the_link_gets_a_short_message_and_the_default_state(value):
    at = run_app(island=value)
    assert not at.exception, at.exception
    assert at.session_state["island"] is None
    assert not fact_sheets(at)
    warnings = [warning.value for warning in at.warning]
    assert len(warnings) == 1 and "nknown island" in warnings[0], warnings
    assert len(warnings[0]) <= MAX_WARNING_CHARS
    assert "island" not in at.query_params


def test_very_long_island_in_the_link_is_cut_short_in_the_message():
    at = run_app(island="x" * 5_000)
    assert not at.exception
    assert at.session_state["island"] is None
    (warning,) = [warning.value for warning in at.warning]
    assert len(warning) <= MAX_WARNING_CHARS


def test_markdown_in_the_link_is_shown_as_text_not_rendered():
    at = run_app(island="![x](http://example.invalid/x.png) [Official notice](https://example.invalid) **bold**\n\n# heading")
    assert not at.exception
    (warning,) = [warning.value for warning in at.warning]
    rendered = markdown_outside_code(warning)
    assert "](" not in rendered and "**" not in rendered and "\n#" not in rendered, warning


def test_repeated_island_takes_the_last_value_like_st_query_params():
    at = run_app(island=["atlantis", "kunashir"])
    assert not at.exception
    assert at.session_state["island"] == "kunashir"
    assert fact_sheets(at)


def test_repeated_island_with_a_bad_last_value_gets_the_message():
    at = run_app(island=["kunashir", "<b>atlantis</b>"])
    assert not at.exception
    assert at.session_state["island"] is None
    assert any("nknown island" in warning.value for warning in at.warning)


@pytest.mark.parametrize(("key", "value"), [("view", "<script>alert(1)</script>"), ("year", "-1"), ("step", "\u202epets")])
def test_bad_view_year_or_step_in_the_link_gets_a_message(key, value):
    at = run_app(**{key: value})
    assert not at.exception, at.exception
    assert at.warning, f"no message for ?{key}={value!r}"
    assert all(len(warning.value) <= MAX_WARNING_CHARS for warning in at.warning)


def test_superscript_digit_year_in_the_link_gets_a_message_not_an_exception():
    at = run_app(year="²")
    assert not at.exception, at.exception
    assert at.warning


def test_every_parameter_bad_at_once_gives_messages_and_the_default_map():
    at = run_app(island="x", view="y", year="z", step="w", other="<script>")
    assert not at.exception
    assert at.session_state["island"] is None and at.session_state["view"] == "neutral"
    assert len(at.warning) >= 4


# --- broken data files ----------------------------------------------------------------------------------


@pytest.fixture
def fresh_caches():
    """Clear Streamlit's caches around a test that points the app at other data files."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


# tests/test_islands.py covers every way the file can be broken for geo.islands; here, what the app shows.
BROKEN = {"missing": None, "truncated JSON": b'{"type": "FeatureCollection", "features": ['}


@pytest.mark.parametrize("content", BROKEN.values(), ids=BROKEN.keys())
def test_broken_islands_file_gives_one_message_naming_it_and_how_to_rebuild(tmp_path, monkeypatch, fresh_caches, content):
    broken = tmp_path / "islands.geojson"
    if content is not None:
        broken.write_bytes(content)
    monkeypatch.setattr(geo.paths, "ISLANDS_GEOJSON", broken)
    at = run_app()
    assert not at.exception, at.exception
    (error,) = [element.value for element in at.error]
    assert str(broken) in error and "python -m geo.build" in error and "git checkout data/" in error
    assert not at.title  # the app stopped before drawing anything


def test_broken_context_land_file_gives_a_message_naming_it(tmp_path, monkeypatch, fresh_caches):
    broken = tmp_path / "context_land.geojson"
    broken.write_bytes(b"not json")
    monkeypatch.setattr(geo.paths, "CONTEXT_GEOJSON", broken)
    at = run_app()
    assert not at.exception, at.exception
    assert any(str(broken) in element.value and "python -m geo.build" in element.value for element in at.error)
