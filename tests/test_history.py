"""Tests for geo/history.py: the periods, who held what, lookups by id and year."""

from __future__ import annotations

import pytest

from geo.articles import load_articles
from geo.boundaries import boundary_lines
from geo.history import period, period_areas, period_ids, periods


def test_periods_run_from_shimoda_to_the_seed_article() -> None:
    ids = period_ids()
    assert ids[0] == "1855-shimoda" and ids[-1] == "2025-japan-ready-to-resume"
    assert "1993-tokyo-declaration" in ids
    assert [entry["year"] for entry in periods()] == sorted(entry["year"] for entry in periods())


def test_lookup_by_year_picks_the_period_in_force() -> None:
    assert period(1960)["id"] == "1956-joint-declaration"
    assert period("1905")["id"] == "1905-portsmouth"
    assert period("2001-irkutsk")["date"] == "2001-03-25"


def test_unknown_period_lists_the_accepted_values() -> None:
    with pytest.raises(KeyError, match="give a year from 1855 on, or one of: 1855-shimoda"):
        period(1800)
    with pytest.raises(KeyError, match="unknown period 'atlantis'"):
        period("atlantis")


def test_who_held_what() -> None:
    assert period("1855-shimoda")["areas"]["sakhalin_south"] == "shared"
    assert period("1855-shimoda")["areas"]["kurils_urup_north"] == "RU"
    assert period("1875-saint-petersburg")["areas"]["kurils_urup_north"] == "JP"
    assert period("1905-portsmouth")["areas"]["sakhalin_south"] == "JP"
    assert period("1905-portsmouth")["areas"]["sakhalin_north"] == "RU"
    frame = period_areas(2022).set_index("id")
    assert frame.loc["southern_four", "holder"] == "RU" and frame.loc["southern_four", "disputed"]
    assert period_areas(1956).set_index("id").loc["shikotan_habomai", "highlighted"]


def test_every_period_has_sources_and_drawable_lines() -> None:
    line_ids = set(boundary_lines()["id"])
    for entry in periods():
        assert entry["sources"], entry["id"]
        assert set(entry["boundary_lines"]) <= line_ids
    assert period("1905-portsmouth")["boundary_lines"] == ["lopatka_1875", "sakhalin_50n"]


def test_excerpt_links_point_at_real_seed_paragraphs() -> None:
    articles, _ = load_articles()
    known = {excerpt.id for article in articles for excerpt in article.excerpts}
    for entry in periods():
        assert set(entry["excerpt_ids"]) <= known, entry["id"]
