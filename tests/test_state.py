"""geo.state: the map's state model, the one table of accepted values and link messages both hosts read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.history import UnknownPeriodError, period, periods
from geo.islands import islands
from geo.languages import LANGUAGES
from geo.state import LINK_KEYS, MESSAGE_KINDS, QUOTE_LIMIT, listed, state_model
from layers.i18n import catalogue
from geo.tour import tour
from geo.views import view_ids

LINK_CASES = Path(__file__).parent / "fixtures" / "link_cases.json"


def test_the_model_accepts_exactly_the_data_files_values():
    model = state_model()
    assert [entry["id"] for entry in model["views"]] == list(view_ids())
    assert [entry["id"] for entry in model["periods"]] == [entry["id"] for entry in periods()]
    assert [entry["id"] for entry in model["steps"]] == [entry["id"] for entry in tour()]
    assert model["islands"] == sorted(islands()["id"])
    assert model["defaults"] == {"view": "neutral", "period": None, "step": None, "island": None, "lang": "en"}
    assert model["languages"] == list(LANGUAGES)


def test_periods_are_chronological_so_a_year_finds_the_period_in_force():
    years = [entry["year"] for entry in state_model()["periods"]]
    assert years == sorted(years) and len(set(years)) == len(years)


def test_a_step_carries_the_view_and_period_it_shows():
    for step in state_model()["steps"]:
        if step["view"] == "neutral":
            assert step["period"] in {entry["id"] for entry in periods()}
        else:
            assert step["period"] is None  # another point of view shows today's positions
        (south, west), (north, east) = step["bounds"]
        assert south < north and west < east


def test_every_message_names_the_value_and_what_is_accepted():
    model = state_model()
    assert model["link"]["kinds"] == list(MESSAGE_KINDS)
    for kind in MESSAGE_KINDS:
        for lang in LANGUAGES:
            text = catalogue()[f"map.link.{kind}"][lang]  # the words are the interface catalogue's
            if kind.startswith("unknown_"):
                assert "{value}" in text
                assert "{accepted}" in text or "{first}" in text
                assert kind in model["link"]["accepted"] or "{accepted}" not in text
    assert model["link"]["accepted"]["unknown_view"] == "neutral, russia, japan"
    assert model["link"]["accepted"]["unknown_lang"] == "en, ru, ja"
    assert model["link"]["keys"] == list(LINK_KEYS) and model["link"]["quoteLimit"] == QUOTE_LIMIT


def test_listed_joins_link_words_alike_in_every_language():
    assert listed(["a"]) == "a"
    assert listed(["a", "b", "c"]) == "a, b, c"


def test_every_text_of_the_model_is_in_every_language():
    model = state_model()
    texts = [entry["name"] for entry in model["views"]] + [entry["title"] for entry in model["periods"]]
    texts += [step[key] for step in model["steps"] for key in ("title", "text")]
    assert all(set(text) == set(LANGUAGES) and all(text.values()) for text in texts)


def test_the_model_is_plain_json():
    model = state_model()
    assert json.loads(json.dumps(model)) == model


@pytest.mark.parametrize("case", [c for c in json.loads(LINK_CASES.read_text(encoding="utf-8"))["cases"] if c["link"].startswith("year=")],
                         ids=lambda case: case["link"][:30])
def test_a_linked_year_means_the_same_period_in_python_as_in_the_client(case):
    """The client reads ``year=`` (tests/test_link_cases.py); the command line's --year reads it with geo.history."""
    value = case["link"].split("&")[0].removeprefix("year=")
    wanted = case["state"] if not case["messages"] else None
    try:
        found = period(int(value) if value.isdecimal() else value)["id"]
    except UnknownPeriodError:
        found = None
    assert found == wanted
