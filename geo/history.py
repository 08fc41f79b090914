"""History as map states: the border of each period, who held which area, a short description and its sources.

``data/history.json`` is the table; this module loads and checks it and resolves a
period by id or by year (a year picks the latest period that began in or before it).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.areas import area_ids, areas
from geo.boundaries import BOUNDARY_SPECS
from geo.datafile import entries, entry_ids
from geo.languages import missing_languages

#: The file's name in the data folder (``geo.paths.data_file``), looked up at each call.
HISTORY_FILE = "history.json"

#: Who held an area in a period.
HOLDERS = ("JP", "RU", "shared", "undetermined")

#: Text fields of a period and of its highlight: each needs its Russian and Japanese sibling (``title_ru``...).
PERIOD_TEXTS = ("title", "description")
HIGHLIGHT_TEXTS = ("label",)

EXCERPT_ID = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9-]+#p[1-9][0-9]*$")


class UnknownPeriodError(KeyError):
    """A period id or year the timeline does not hold; the message lists the accepted values."""

    def __str__(self) -> str:
        return str(self.args[0])


def _check(table: dict[str, Any], path: Path) -> None:
    """Raise ``ValueError`` naming the period and what to fix (``geo.datafile`` turns it into a ``DataFileError``)."""
    known_areas = set(area_ids())
    if not table["periods"]:
        raise ValueError("'periods' is empty; the timeline needs at least one period")
    years = [entry["year"] for entry in table["periods"]]
    if years != sorted(years):
        raise ValueError(f"periods must be in chronological order, got years {years}")
    for entry in table["periods"]:
        where = f"period {entry.get('id')!r}"
        for key in ("id", "year", "date", "title_en", "description_en", "areas", "boundary_lines", "sources"):
            if key not in entry:
                raise ValueError(f"{where} lacks {key!r}")
        if missing := missing_languages(entry, PERIOD_TEXTS):
            raise ValueError(f"{where} lacks the translations {missing}")
        if not str(entry["date"]).startswith(str(entry["year"])):
            raise ValueError(f"{where}: date {entry['date']!r} is not in year {entry['year']}")
        unknown = sorted((set(entry["areas"]) | set(entry.get("disputed", []))) - known_areas)
        if unknown:
            raise ValueError(f"{where}: unknown areas {unknown}; known: {', '.join(sorted(known_areas))}")
        bad = {area: holder for area, holder in entry["areas"].items() if holder not in HOLDERS}
        if bad:
            raise ValueError(f"{where}: holders {bad} are not among {', '.join(HOLDERS)}")
        lines = sorted(set(entry["boundary_lines"]) - set(BOUNDARY_SPECS))
        if lines:
            raise ValueError(f"{where}: unknown boundary lines {lines}; known: {', '.join(BOUNDARY_SPECS)}")
        highlight = entry.get("highlight")
        if highlight and set(highlight["area_ids"]) - known_areas:
            raise ValueError(f"{where}: highlight names unknown areas {sorted(set(highlight['area_ids']) - known_areas)}")
        if highlight and (missing := missing_languages(highlight, HIGHLIGHT_TEXTS)):
            raise ValueError(f"{where}: its highlight lacks the translations {missing}")
        bad_excerpts = [excerpt for excerpt in entry.get("excerpt_ids", []) if not EXCERPT_ID.match(excerpt)]
        if bad_excerpts:
            raise ValueError(f"{where}: excerpt ids {bad_excerpts} are not '<article id>#p<number>'")
        if not entry["sources"]:
            raise ValueError(f"{where}: no sources")


def periods(path: Path | None = None) -> list[dict[str, Any]]:
    """Return every period as a dict, oldest first (``id``, ``year``, ``date``, ``title_en``, ``areas``, ...)."""
    return entries(path, "periods", _check, HISTORY_FILE)


def period_ids(path: Path | None = None) -> tuple[str, ...]:
    """Return the accepted period ids, oldest first."""
    return entry_ids(path, "periods", _check, HISTORY_FILE)


def period(year_or_id: int | str, path: Path | None = None) -> dict[str, Any]:
    """Return the period with this id, or the one in force in this year (``1960`` -> the 1956 declaration).

    Accepts an int, or a string holding an id or a year (``"1905"``, as from ``?year=1905``).
    Raises :class:`UnknownPeriodError` listing the ids and the first year when nothing matches.
    """
    entries = periods(path)
    key = str(year_or_id).strip()
    for entry in entries:
        if entry["id"] == key:
            return entry
    if key.isdigit():
        earlier = [entry for entry in entries if entry["year"] <= int(key)]
        if earlier:
            return earlier[-1]
    raise UnknownPeriodError(
        f"unknown period {year_or_id!r}; give a year from {entries[0]['year']} on, or one of: {', '.join(period_ids(path))}"
    )


def period_areas(year_or_id: int | str, path: Path | None = None) -> gpd.GeoDataFrame:
    """Return the areas drawn in a period with ``holder``, ``disputed``, ``highlighted`` and ``highlight_label_en``.

    Highlighted areas that the period does not list (they lie inside a listed one) come last, with an empty holder;
    draw them on top.
    """
    entry = period(year_or_id, path)
    highlight = entry.get("highlight") or {"area_ids": [], "label_en": ""}
    frame = areas()
    frame = frame[frame["id"].isin(entry["areas"]) | frame["id"].isin(highlight["area_ids"])].copy()
    # A highlighted area may lie inside a listed one (Shikotan and Habomai in the four groups): no holder of its own.
    frame["holder"] = frame["id"].map(entry["areas"]).fillna("")
    frame["disputed"] = frame["id"].isin(entry.get("disputed", []))
    frame["highlighted"] = frame["id"].isin(highlight["area_ids"])
    frame["highlight_label_en"] = frame["highlighted"].map({True: highlight["label_en"], False: ""})
    return frame.reset_index(drop=True)
