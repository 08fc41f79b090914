"""Points of view as data: which status each named area has in the neutral, Russian and Japanese views.

``data/views.json`` holds the table (statuses, legend texts attributing each position
to its holder, lines to draw, sources); this module loads and checks it and joins it
to the areas and islands so the layers only style what they get.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.areas import area_ids, areas
from geo.boundaries import BOUNDARY_SPECS
from geo.datafile import entries, entry_ids
from geo.islands import islands
from geo.languages import missing_languages

#: The file's name in the data folder (``geo.paths.data_file``), looked up at each call.
VIEWS_FILE = "views.json"

#: The statuses a view may give an area (documented in the file's ``_meta``).
STATUSES = (
    "administered_undisputed",
    "administered_claimed",
    "part_of_sakhalin_oblast",
    "part_of_hokkaido_nemuro",
    "undetermined",
    "foreign",
)

#: Text fields of a view and of each of its areas: each needs its Russian and Japanese sibling (``name_ru``...).
VIEW_TEXTS = ("name", "legend_title", "description")
AREA_TEXTS = ("legend",)

#: Island columns a view may use for per-island detail (district or pre-1945 village).
DETAIL_COLUMNS = ("", "ru_district", "jp_municipality_1945")


class UnknownViewError(KeyError):
    """A view id that is not in ``data/views.json``; the message lists the accepted ids."""

    def __str__(self) -> str:
        return str(self.args[0])


def _check(table: dict[str, Any], path: Path) -> None:
    """Raise ``ValueError`` naming the view and what to fix (``geo.datafile`` turns it into a ``DataFileError``)."""
    known_areas = set(area_ids())
    if not table["views"]:
        raise ValueError("'views' is empty; the map needs at least one point of view")
    for entry in table["views"]:
        where = f"view {entry.get('id')!r}"
        for key in ("id", "name_en", "legend_title_en", "areas", "boundary_lines", "sources"):
            if key not in entry:
                raise ValueError(f"{where} lacks {key!r}")
        if missing := missing_languages(entry, VIEW_TEXTS):
            raise ValueError(f"{where} lacks the translations {missing}")
        unknown = sorted(set(entry["areas"]) - known_areas)
        if unknown:
            raise ValueError(f"{where}: unknown areas {unknown}; known: {', '.join(sorted(known_areas))}")
        for area_id, status in entry["areas"].items():
            if status.get("status") not in STATUSES:
                raise ValueError(f"{where}, area {area_id!r}: status {status.get('status')!r} is not one of {', '.join(STATUSES)}")
            if not status.get("legend_en"):
                raise ValueError(f"{where}, area {area_id!r}: empty legend_en")
            if missing := missing_languages(status, AREA_TEXTS):
                raise ValueError(f"{where}, area {area_id!r} lacks the translations {missing}")
        lines = sorted(set(entry["boundary_lines"]) - set(BOUNDARY_SPECS))
        if lines:
            raise ValueError(f"{where}: unknown boundary lines {lines}; known: {', '.join(BOUNDARY_SPECS)}")
        if entry.get("island_detail", "") not in DETAIL_COLUMNS:
            raise ValueError(f"{where}: island_detail must be one of {DETAIL_COLUMNS}")
        if not entry["sources"]:
            raise ValueError(f"{where}: no sources")


def views(path: Path | None = None) -> list[dict[str, Any]]:
    """Return every view as a dict (``id``, names, ``holder``, ``areas``, ``boundary_lines``, ``sources``...), in file order."""
    return entries(path, "views", _check, VIEWS_FILE)


def view_ids(path: Path | None = None) -> tuple[str, ...]:
    """Return the accepted view ids (``neutral``, ``russia``, ``japan``)."""
    return entry_ids(path, "views", _check, VIEWS_FILE)


def view(view_id: str, path: Path | None = None) -> dict[str, Any]:
    """Return one view; raise :class:`UnknownViewError` naming the accepted ids when ``view_id`` is unknown."""
    for entry in views(path):
        if entry["id"] == view_id:
            return entry
    accepted = view_ids(path)
    raise UnknownViewError(f"unknown view {view_id!r}; choose {', '.join(accepted[:-1])} or {accepted[-1]}")


def view_areas(view_id: str, path: Path | None = None) -> gpd.GeoDataFrame:
    """Return the areas a view colours: area rows with ``status``, ``country``, ``administered_by``, ``claimed_by``, ``legend_en``."""
    entry = view(view_id, path)
    frame = areas()
    frame = frame[frame["id"].isin(entry["areas"])].copy()
    for column in ("status", "country", "administered_by", "claimed_by", "legend_en"):
        frame[column] = [entry["areas"][area_id].get(column, "") for area_id in frame["id"]]
    return frame.reset_index(drop=True)


def view_islands(view_id: str, path: Path | None = None) -> gpd.GeoDataFrame:
    """Return every island with the status its area has in the view and a ``detail`` (district or pre-1945 village)."""
    entry = view(view_id, path)
    frame = islands()
    area_of: dict[str, str] = {}
    for area in areas().itertuples(index=False):
        if area.id in ("southern_four", "kurils_urup_north"):
            area_of.update({island_id: area.id for island_id in area.island_ids})
    frame["area_id"] = frame["id"].map(area_of)
    frame["status"] = frame["area_id"].map(lambda area_id: entry["areas"][area_id]["status"])
    frame["legend_en"] = frame["area_id"].map(lambda area_id: entry["areas"][area_id]["legend_en"])
    detail = entry.get("island_detail", "")
    frame["detail"] = frame[detail].fillna("").str.replace("|", ", ", regex=False) if detail else ""
    return frame


def legend(view_id: str, path: Path | None = None) -> pd.DataFrame:
    """Return the legend rows of a view: one per distinct (status, country, text), in area order."""
    rows = view_areas(view_id, path)[["status", "country", "legend_en"]]
    return rows.drop_duplicates().reset_index(drop=True)
