"""Tests for geo/tour.py: the default tour is valid, and a bad step is named in the error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.articles import load_articles
from geo.tour import TourError, check_tour, step, step_bounds, step_state, tour


def _steps() -> list[dict]:
    return tour()


def test_default_tour_is_valid_and_links_real_excerpts() -> None:
    steps = _steps()
    assert len(steps) >= 8
    articles, _ = load_articles()
    check_tour(steps, known_excerpts={excerpt.id for article in articles for excerpt in article.excerpts})
    assert {entry["view"] for entry in steps} == {"neutral", "russia", "japan"}


def test_step_by_id_and_unknown_step() -> None:
    assert step("portsmouth")["period"] == "1905-portsmouth"
    with pytest.raises(KeyError, match="unknown step 'x'; choose one of today, shimoda"):
        step("x")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"view": "atlantis"}, r"step 2 \('shimoda'\): unknown view 'atlantis'; choose one of neutral, russia, japan"),
        ({"period": "1812"}, r"step 2 \('shimoda'\): unknown period '1812'"),
        ({"fit": {"islands": ["atlantis"]}}, r"step 2 \('shimoda'\): unknown islands \['atlantis'\]"),
        ({"fit": {"bounds": [150, 40, 140, 50]}}, r"bounds must be \[west, south, east, north\]"),
        ({"layers": ["islands", "lasers"]}, r"unknown layers \['lasers'\]"),
        ({"excerpt_ids": ["not-an-id"]}, r"excerpt id 'not-an-id'"),
    ],
)
def test_bad_step_is_named(change: dict, message: str) -> None:
    steps = _steps()
    steps[1].update(change)
    with pytest.raises(TourError, match=message):
        check_tour(steps)


def test_repeated_step_id_is_refused() -> None:
    steps = _steps()
    steps[2]["id"] = steps[0]["id"]
    with pytest.raises(TourError, match="used twice"):
        check_tour(steps)


def test_broken_file_gives_a_readable_error(tmp_path: Path) -> None:
    path = tmp_path / "tour.json"
    path.write_text('{"steps": [', encoding="utf-8")
    with pytest.raises(TourError, match="not valid JSON: line 1"):
        tour(path)
    path.write_text(json.dumps({"steps": []}), encoding="utf-8")
    with pytest.raises(TourError, match="no steps"):
        tour(path)


def test_a_step_with_a_point_of_view_shows_today_and_a_neutral_step_its_period():
    assert step_state({"view": "japan", "period": "1905-portsmouth"}) == ("japan", None)
    assert step_state({"view": "neutral", "period": "1905-portsmouth"}) == ("neutral", "1905-portsmouth")


def test_step_bounds_cover_the_islands_it_names():
    (south, west), (north, east) = step_bounds({"fit": {"islands": ["iturup", "urup"]}})
    assert 44.0 < south < 45.0 and 46.0 < north < 46.5 and 146.5 < west < 148.0 and 150.0 < east < 151.0
    assert step_bounds({"fit": {"bounds": [145.0, 43.0, 146.0, 44.0]}}) == [[43.0, 145.0], [44.0, 146.0]]
