"""Hostile input for app.py under AppTest: bad links, bad reports from the map, and broken data files.

The link is the map client's to read: it shows each bad value's message over the map, as text (tests in
tests/test_app_browser.py and tests/test_link_cases.py). What stays Python's: a page with a bad link must
never raise, never echo the link into Streamlit's Markdown, and take from the client's report only known
ids (a report is data from the browser: anything may arrive). A missing or corrupt data file must give one
message naming the file and how to rebuild it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from app_harness import map_data, map_state, send
from streamlit.testing.v1 import AppTest

import geo.paths

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run_app(**query: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["all_articles"] = True  # the article list, drawn on request
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def fact_sheets(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html") if 'class="kuril-popup"' in element.proto.body]


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def page_text(at: AppTest) -> str:
    """Return every message, text, Markdown and HTML block the run drew (not the component's data)."""
    parts = [element.value for kind in ("warning", "error", "info", "success", "markdown", "caption", "text")
             for element in getattr(at, kind)]
    parts += [element.proto.body for element in at.get("html")]
    return "\n".join(str(part) for part in parts)


def assert_default_map(at: AppTest) -> None:
    assert (at.session_state["view"], at.session_state["period"], at.session_state["island"]) == ("neutral", "today", None)
    assert not fact_sheets(at)
    state = map_state(at)
    assert (state["view"], state["period"], state["step"], state["island"]) == ("neutral", None, None, None)


HOSTILE_VALUES = {
    "empty": "",
    "script": "<script>alert(1)</script>",
    "unicode, RTL and zero-width": "Кунашир 国後島 \u202ekuna\u200bshir",
    "case, padding and NUL": " Kunashir\x00",
    "markdown": "![x](http://example.invalid/x.png) [Official notice](https://example.invalid) **bold**\n\n# heading",
    "very long": "x" * 5_000,
}


@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES.keys())
def test_a_bad_island_in_the_link_is_left_to_the_client_and_never_echoed_by_python(value):
    at = run_app(island=value)
    assert not at.exception, at.exception
    assert map_data(at)["linkRead"] is False
    assert at.session_state["island"] is None and not fact_sheets(at)
    assert not at.warning and not at.error
    if value.strip():
        assert value not in page_text(at)


@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES.keys())
@pytest.mark.parametrize("key", ["island", "view", "period", "step"])
def test_a_report_with_a_bad_value_gives_the_default_map(key, value):
    at = run_app(**{"year" if key == "period" else key: value})
    send(at, "link", {key: value})
    assert not at.exception, at.exception
    assert_default_map(at)
    assert at.session_state["tour_on"] is not True
    if value.strip():
        assert value not in page_text(at)


def test_every_parameter_bad_at_once_gives_the_default_map_and_no_python_message():
    at = run_app(island="x", view="y", year="z", step="w", other="<script>")
    assert not at.exception
    assert not at.warning
    send(at, "link", {})
    assert not at.exception
    assert_default_map(at)


def test_a_report_of_known_and_unknown_values_takes_the_known_ones():
    at = run_app(view="japan", island="atlantis")
    send(at, "link", {"view": "japan", "period": "constructor", "island": "atlantis", "extra": "<b>x</b>"})
    assert not at.exception
    assert (at.session_state["view"], at.session_state["period"], at.session_state["island"]) == ("japan", "today", None)
    assert map_state(at)["view"] == "japan"


@pytest.mark.parametrize("report", [
    None,
    pytest.param([], id="empty list"),
    pytest.param({"view": ["japan"], "step": {"id": 1}}, id="non-string view and step"),
    pytest.param(["view", "japan"], id="list"),
    pytest.param("view=japan", id="string"),
    pytest.param({"island": ["kunashir"]}, id="list island"),
])
def test_a_malformed_report_gives_the_default_map_not_an_exception(report):
    at = run_app(view="japan")
    send(at, "link", report)
    assert not at.exception, at.exception
    assert_default_map(at)


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
    (error,) = [unescaped(element.value) for element in at.error]
    # Messages name a file as geo.paths.display_name does: never by an absolute path.
    assert geo.paths.display_name(broken) in error and str(tmp_path) not in error, error
    assert "python -m geo.build" in error and "git checkout data/" in error, error
    assert not at.title  # the app stopped before drawing anything
    assert not at.get("bidi_component")


def test_broken_context_land_file_gives_a_message_naming_it(tmp_path, monkeypatch, fresh_caches):
    broken = tmp_path / "context_land.geojson"
    broken.write_bytes(b"not json")
    monkeypatch.setattr(geo.paths, "CONTEXT_GEOJSON", broken)
    at = run_app()
    assert not at.exception, at.exception
    errors = [unescaped(element.value) for element in at.error]
    assert any(geo.paths.display_name(broken) in error and "python -m geo.build" in error for error in errors), errors
    assert not at.get("bidi_component")


# --- the article store and the seeds folder --------------------------------------------------------------


def test_a_corrupt_store_gives_a_message_naming_it_and_the_map_still_works(tmp_path, monkeypatch):
    broken = tmp_path / "articles.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    monkeypatch.setenv("KURIL_STORE", str(broken))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["island"] = "kunashir"
    at.run()
    assert not at.exception
    (message,) = [unescaped(error.value) for error in at.error]
    assert "articles.sqlite3" in message and "python -m geo.store rebuild" in message
    assert str(tmp_path) not in page_text(at)
    assert map_state(at)["island"] == "kunashir" and fact_sheets(at)  # the map and the island's facts still work


def test_a_seed_file_name_that_is_not_utf8_is_named_and_the_others_load(tmp_path, monkeypatch):
    import os
    import shutil

    shutil.copy(next((geo.paths.ROOT / "seeds").glob("2025-07-15-*.txt")), tmp_path)
    with open(os.path.join(os.fsencode(tmp_path), b"\xcf\xf0\xe8\xec\xe5\xf0.txt"), "wb") as handle:  # cp1251
        handle.write(b"title: x\n\nKunashir.")
    monkeypatch.setattr(geo.paths, "SEEDS_DIR", tmp_path)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["island"] = "kunashir"
    at.run()
    assert not at.exception
    assert any("UTF-8" in unescaped(warning.value) for warning in at.warning), [w.value for w in at.warning]
    assert "2025-07-15-ians-japan-ready-to-resume-peace-talks#p8" in page_text(at)


@pytest.mark.parametrize("name", ["README.txt", "..txt", ".streamlit.md", "x" * 250 + ".txt", "ж" * 200 + ".txt"])
def test_odd_upload_names_are_stored_or_refused_in_words_never_with_a_path(name, tmp_path):
    at = run_app()
    at.session_state["show_upload"] = True
    at.run()
    at.file_uploader(key="upload").upload(name, b"title: Odd name\n\nFerries to Kunashir.", "text/plain").run()
    assert not at.exception, at.exception
    said = [unescaped(message.value) for kind in (at.success, at.warning, at.error) for message in kind]
    assert any("added as" in message for message in said), said
    assert str(geo.paths.ROOT) not in page_text(at) and "Traceback" not in page_text(at)
