"""Tests for geo/views.py and geo/areas.py: each view's statuses, legends attributed to their holders."""

from __future__ import annotations

import pytest
import shapely

from geo.areas import SAKHALIN_SPLIT_LAT, area_ids, areas, split_at_latitude
from geo.views import STATUSES, legend, view, view_areas, view_ids, view_islands


def test_the_three_views() -> None:
    assert view_ids() == ("neutral", "russia", "japan")


def test_unknown_view_lists_the_accepted_ids() -> None:
    with pytest.raises(KeyError, match="unknown view 'atlantis'; choose neutral, russia or japan"):
        view("atlantis")


def test_neutral_view_shows_the_four_groups_administered_and_claimed() -> None:
    statuses = view_areas("neutral").set_index("id")
    assert statuses.loc["southern_four", "status"] == "administered_claimed"
    assert (statuses.loc["southern_four", "administered_by"], statuses.loc["southern_four", "claimed_by"]) == ("RU", "JP")
    assert statuses.loc["kurils_urup_north", "status"] == "administered_undisputed"


def test_russia_view_puts_every_island_in_a_sakhalin_oblast_district() -> None:
    frame = view_islands("russia")
    assert (frame["status"] == "part_of_sakhalin_oblast").all()
    assert set(frame["detail"]) == {"Severo-Kurilsky", "Kurilsky", "Yuzhno-Kurilsky"}
    assert frame.set_index("id").loc["iturup", "detail"] == "Kurilsky"


def test_japan_view_gives_the_four_groups_their_pre_1945_villages_and_leaves_the_rest_undetermined() -> None:
    frame = view_islands("japan").set_index("id")
    assert frame.loc["kunashir", "status"] == "part_of_hokkaido_nemuro"
    assert frame.loc["kunashir", "detail"] == "Tomari-mura, Ruyobetsu-mura"
    assert frame.loc["urup", "status"] == "undetermined"
    statuses = view_areas("japan").set_index("id")["status"]
    assert statuses["sakhalin_south"] == "undetermined" and statuses["sakhalin_north"] == "foreign"


def test_positions_are_attributed_to_their_holder() -> None:
    for view_id, prefix in (("russia", "Russia's position"), ("japan", "Japan's position")):
        rows = legend(view_id)
        contested = rows[~rows["status"].isin(["foreign", "administered_undisputed"])]
        assert len(contested) >= 2
        assert contested["legend_en"].str.startswith(prefix).all()


def test_every_view_covers_every_area_it_lists_with_a_known_status() -> None:
    for view_id in view_ids():
        frame = view_areas(view_id)
        assert set(frame["status"]) <= set(STATUSES)
        assert {"southern_four", "kurils_urup_north", "sakhalin_south"} <= set(frame["id"])


def test_areas_table() -> None:
    frame = areas().set_index("id")
    assert list(frame.index) == list(area_ids())
    assert "yururi" in frame.loc["hokkaido", "context_ids"]
    assert set(frame.loc["shikotan_habomai", "island_ids"]) | set(frame.loc["iturup_kunashir", "island_ids"]) == set(
        frame.loc["southern_four", "island_ids"]
    )
    assert "urup" in frame.loc["kurils_urup_north", "island_ids"] and "iturup" not in frame.loc["kurils_urup_north", "island_ids"]


def test_sakhalin_is_split_at_50_north() -> None:
    frame = areas().set_index("id")
    assert frame.loc["sakhalin_south"].geometry.bounds[3] == SAKHALIN_SPLIT_LAT
    assert frame.loc["sakhalin_north"].geometry.bounds[1] == SAKHALIN_SPLIT_LAT
    with pytest.raises(ValueError, match="'south' or 'north'"):
        split_at_latitude(shapely.box(0, 0, 1, 1), 0.5, "east")
