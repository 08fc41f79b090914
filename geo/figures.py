"""Both sides' figures for each island: areas and populations, one sourced row each, from ``data/figures.csv``.

Japan's figures (MOFA, the Northern Territories Issue Association: GSI surveys, the 1945 residents) and Russia's
(statistics, encyclopedias) stand side by side; none is picked. :func:`figures` reads and checks the file,
:func:`island_figures` gives what applies to one island (its own figures, then those of the groups and the
district it belongs to), and :func:`disagreements` says where the two sides' figures for the same place and
quantity differ by more than :data:`TOLERANCE`.

A figure's ``place_id`` is an island id of ``data/gazetteer.csv``, a place id of ``data/places.csv`` (a group
such as ``habomai``, or the chain) or ``district:<ru_district>`` (a Russian district, by the gazetteer's
``ru_district`` column: ``district:Yuzhno-Kurilsky``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo import paths
from geo.datafile import DataFileError, error, file_stamp, read_csv
from geo.gazetteer import GAZETTEER_FILE, gazetteer
from geo.linking import PLACES_FILE, default_place_index

#: The file's name in the data folder (``geo.paths.data_file``), looked up at each call.
FIGURES_FILE = "figures.csv"

COLUMNS = ("place_id", "quantity", "value", "as_of", "side", "kind", "scope", "scope_ru", "scope_ja", "source", "source_title",
           "verified", "note")
QUANTITIES = ("area_km2", "population")
#: Whose figure a row is: Russia's or Japan's (the area drawn from the coastline is in data/islands.geojson).
SIDES = ("RU", "JP")
KINDS = ("official", "official statistics", "census", "estimate", "encyclopedic", "historical record")
VERIFIED = ("yes", "no")
DISTRICT_PREFIX = "district:"
#: ``as_of``: a year, a month or a day, or ``undated`` for a figure its source gives no date for.
UNDATED = "undated"
_AS_OF = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
#: ``value``: digits, with a point for decimals; never a thousands separator, a unit or an exponent.
_NUMBER = re.compile(r"\d+(\.\d+)?")

#: Two sides' figures for the same place and quantity disagree when they differ by more than this share of the
#: larger one. 5 %: Japan's own surveys of the same islands moved by up to 5.1 % when the GSI remapped them
#: (Habomai 99.94 -> 94.84 km² in the 2014 survey, Japan Times 2015-03-10), and counting a coast's islets or not
#: moves Shikotan by 1.2 % (251 vs 248 km², MOFA); differences within that are what one side's own measurements
#: show, beyond it the sources disagree about the island (Shikotan: 182 km², Great Soviet Encyclopedia, vs 247.7).
TOLERANCE = 0.05

#: How a figure reaches an island, narrowest first (the order of :func:`island_figures`).
RELATIONS = ("island", "group", "district", "chain")


class FiguresError(DataFileError):
    """``data/figures.csv`` is malformed; the message names the file, the row and what to fix."""


class UnknownIslandError(KeyError):
    """An island id the gazetteer does not hold."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class _Place:
    relation: str  # "island", "group", "district" or "chain"
    islands: frozenset[str]


def _places() -> dict[str, _Place]:
    """Return every place a figure may name, with how it relates to an island and the islands it covers."""
    index = default_place_index()
    places = {
        place_id: _Place("island" if place.kind == "island" else place.kind, frozenset(place.members))
        for place_id, place in index.places.items()
    }
    islands = gazetteer()
    for district, rows in islands[islands["ru_district"] != ""].groupby("ru_district"):
        places[DISTRICT_PREFIX + district] = _Place("district", frozenset(rows["id"]))
    return places


def _path(path: Path | str | None) -> Path:
    return Path(path if path is not None else paths.data_file(FIGURES_FILE)).resolve()


def _stamps() -> tuple[tuple[int, int], tuple[int, int]]:
    return file_stamp(paths.data_file(GAZETTEER_FILE).resolve()), file_stamp(paths.data_file(PLACES_FILE).resolve())


def figures(path: Path | str | None = None) -> pd.DataFrame:
    """Return ``data/figures.csv``, checked: one row per figure, ``value`` a float, ``row`` its line in the file.

    ``path`` defaults to ``data/figures.csv``, looked up now. A bad file raises :class:`FiguresError` (a
    ``DataFileError``) naming the file, the row and the fix. Read again when the file, the gazetteer or the
    places file changes.
    """
    resolved = _path(path)
    return _read(resolved, file_stamp(resolved), paths.data_dir().resolve(), _stamps()).copy()


@lru_cache(maxsize=8)
def _read(path: Path, _stamp: tuple[int, int], _data_dir: Path, _inputs: tuple[tuple[int, int], tuple[int, int]]) -> pd.DataFrame:
    table = read_csv(path, FIGURES_FILE, COLUMNS)
    table = table[list(COLUMNS)].copy()
    table.insert(len(COLUMNS), "row", range(2, len(table) + 2))
    places = _places()
    for record in table.to_dict("records"):
        problem = _problem(record, places)
        if problem:
            where = f"row {record['row']} ({record['place_id'] or 'no place_id'}, {record['quantity'] or 'no quantity'})"
            raise error(path, FIGURES_FILE, f"is invalid: {where}: {problem} (row 1 is the header)", FiguresError)
    repeated = table.duplicated(["place_id", "quantity", "side", "as_of", "source", "value"], keep="first")
    if repeated.any():
        rows = list(table.loc[repeated, "row"])
        raise error(path, FIGURES_FILE, f"is invalid: rows {rows} repeat an earlier row (same place, quantity, side, date, source and value); remove them", FiguresError)
    table["value"] = table["value"].astype(float)
    return table


def _problem(record: dict[str, str], places: dict[str, _Place]) -> str:
    """Return what is wrong with one row of the file, or ""."""
    blank = [column for column in COLUMNS if column not in ("note",) and not record[column].strip()]
    if blank:
        return f"{blank} empty; every figure needs {[column for column in COLUMNS if column != 'note']}"
    if record["place_id"] not in places:
        return (
            f"unknown place {record['place_id']!r}; use an island id of data/gazetteer.csv, a place id of data/places.csv "
            f"or {DISTRICT_PREFIX}<ru_district of the gazetteer> ({', '.join(sorted(p for p in places if p.startswith(DISTRICT_PREFIX)))})"
        )
    for column, accepted in (("quantity", QUANTITIES), ("side", SIDES), ("kind", KINDS), ("verified", VERIFIED)):
        if record[column] not in accepted:
            return f"unknown {column} {record[column]!r}; choose one of {', '.join(accepted)}"
    if not _NUMBER.fullmatch(record["value"]):
        return f"value {record['value']!r} is not a number; write digits with a point for decimals (3174.71), no separators or units"
    value = float(record["value"])
    if record["quantity"] == "population" and not value.is_integer():
        return f"a population counts people: {record['value']!r} is not a whole number"
    if record["quantity"] == "area_km2" and value == 0:
        return "an area of 0 km² is not a figure; leave the row out"
    if record["as_of"] != UNDATED and not _AS_OF.fullmatch(record["as_of"]):
        return f"as_of {record['as_of']!r} is not a year, YYYY-MM or YYYY-MM-DD, nor {UNDATED!r}"
    if record["verified"] == "no" and not record["note"].strip():
        return "an unverified figure needs a note saying where it comes from and why it is not verified"
    return ""


def _island_places(island_id: str, places: dict[str, _Place]) -> dict[str, _Place]:
    if places.get(island_id, _Place("", frozenset())).relation != "island":
        islands = sorted(place_id for place_id, place in places.items() if place.relation == "island")
        raise UnknownIslandError(f"unknown island {island_id!r}; choose one of {', '.join(islands)}")
    return {place_id: place for place_id, place in places.items() if island_id in place.islands}


def island_figures(island_id: str, path: Path | str | None = None) -> pd.DataFrame:
    """Return the figures that apply to an island: its own, then its groups', its district's and the chain's.

    Each row of :func:`figures`, plus ``relation`` (how it reaches the island: "island", "group", "district" or
    "chain"), ``islands_covered`` (how many gazetteer islands the figure's place holds; the Habomai group's 1945
    population shown for Zelyony covers 7) and ``disagrees`` (the other side has a figure for the same place and
    quantity that differs by more than :data:`TOLERANCE`, see :func:`disagreements`). Ordered narrowest place
    first (relation, islands covered, place), then quantity, side and ``as_of``. Unknown ids raise
    :class:`UnknownIslandError`.
    """
    table = figures(path)
    applying = _island_places(island_id, _places())
    table = table[table["place_id"].isin(applying)].copy()
    table["relation"] = [applying[place_id].relation for place_id in table["place_id"]]
    table["islands_covered"] = [len(applying[place_id].islands) for place_id in table["place_id"]]
    pairs = _pairs(table)
    flagged = set(pairs["row_ru"]) | set(pairs["row_jp"])
    table["disagrees"] = table["row"].isin(flagged)
    table["_relation_rank"] = table["relation"].map(RELATIONS.index)
    table["_quantity_rank"] = table["quantity"].map(QUANTITIES.index)
    table["_side_rank"] = table["side"].map(SIDES.index)
    ordered = table.sort_values(
        ["_relation_rank", "islands_covered", "place_id", "_quantity_rank", "_side_rank", "as_of", "row"], kind="stable",
    )
    return ordered.drop(columns=["_relation_rank", "_quantity_rank", "_side_rank"]).reset_index(drop=True)


def _comparable(a: dict, b: dict) -> bool:
    """Two figures measure the same thing: same place and quantity; a population also the same year."""
    if a["place_id"] != b["place_id"] or a["quantity"] != b["quantity"]:
        return False
    if a["quantity"] == "population":
        return a["as_of"] != UNDATED and a["as_of"][:4] == b["as_of"][:4]
    return True


def relative_difference(a: float, b: float) -> float:
    """Return ``|a - b|`` as a share of the larger of the two (0 when both are 0).

    >>> round(relative_difference(182, 247.7), 3)
    0.265
    """
    larger = max(abs(a), abs(b))
    return 0.0 if larger == 0 else abs(a - b) / larger


PAIR_COLUMNS = (
    "place_id", "quantity", "value_ru", "as_of_ru", "source_ru", "row_ru", "value_jp", "as_of_jp", "source_jp", "row_jp",
    "difference", "relative_difference",
)


def _pairs(table: pd.DataFrame) -> pd.DataFrame:
    records = table.to_dict("records")
    russian = [record for record in records if record["side"] == "RU"]
    japanese = [record for record in records if record["side"] == "JP"]
    pairs = []
    for ru, jp in itertools.product(russian, japanese):
        if not _comparable(ru, jp):
            continue
        share = relative_difference(ru["value"], jp["value"])
        if share > TOLERANCE:
            pairs.append({
                "place_id": ru["place_id"], "quantity": ru["quantity"],
                "value_ru": ru["value"], "as_of_ru": ru["as_of"], "source_ru": ru["source"], "row_ru": ru["row"],
                "value_jp": jp["value"], "as_of_jp": jp["as_of"], "source_jp": jp["source"], "row_jp": jp["row"],
                "difference": round(abs(ru["value"] - jp["value"]), 6), "relative_difference": round(share, 4),
            })
    return pd.DataFrame(pairs, columns=list(PAIR_COLUMNS))


def disagreements(island_id: str | None = None, path: Path | str | None = None) -> pd.DataFrame:
    """Return each pair of a Russian and a Japanese figure that disagree by more than :data:`TOLERANCE`.

    A pair is two figures of the same place and quantity (for a population, of the same year: 1945 against 2016 is
    a change, not a disagreement). One row per pair: ``place_id``, ``quantity``, each side's ``value``, ``as_of``,
    ``source`` and file ``row``, the absolute ``difference`` and the ``relative_difference`` (a share of the larger
    figure). ``island_id`` keeps the pairs about the places that apply to that island (see :func:`island_figures`).
    """
    table = figures(path)
    if island_id is not None:
        table = table[table["place_id"].isin(_island_places(island_id, _places()))]
    return _pairs(table).sort_values(["place_id", "quantity", "row_ru", "row_jp"], kind="stable").reset_index(drop=True)
