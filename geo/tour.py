"""The classroom tour as data: load ``data/tour.json`` and check every step against the views, periods and islands.

A teacher edits the JSON; :func:`tour` raises a :class:`TourError` naming the step and
the bad value, so a typo is found before class, not in front of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo import paths
from geo.areas import area_ids, areas
from geo.datafile import DataFileError, check_with, error, read_object
from geo.history import EXCERPT_ID, period_ids
from geo.islands import islands
from geo.languages import missing_languages
from geo.views import view_ids

#: The file's name in the data folder (``geo.paths.data_file``), looked up at each call.
TOUR_FILE = "tour.json"

#: Layer names a step may switch on (the map's vocabulary; extend together with layers/).
LAYERS = ("islands", "labels", "claim_areas", "view", "history", "boundaries", "facts", "articles")

#: Keys a step's ``fit`` may hold; exactly one of them.
FIT_KEYS = ("islands", "areas", "bounds")

REQUIRED = ("id", "title_en", "text_en", "view", "period", "fit", "layers")

#: A step's texts: each needs its Russian and Japanese sibling (``title_ru``, ``title_ja``, ``text_ru``, ``text_ja``).
TEXTS = ("title", "text")


class TourError(DataFileError):
    """The tour is malformed; the message names the step and what to fix (and the file, when read from one)."""


class UnknownStepError(KeyError):
    """A step id the tour does not hold; the message lists the accepted ids."""

    def __str__(self) -> str:
        return str(self.args[0])


def _unknown(values: Iterable[str], known: Iterable[str]) -> list[str]:
    known_set = set(known)
    return [value for value in values if value not in known_set]


def check_step(step: dict[str, Any], number: int, known_excerpts: set[str] | None = None) -> None:
    """Raise :class:`TourError` if a step refers to anything that does not exist; ``number`` counts from 1."""
    name = f"step {number} ({step.get('id', 'no id')!r})"
    missing = [key for key in REQUIRED if key not in step]
    if missing:
        raise TourError(f"{name} lacks {missing}; every step needs {list(REQUIRED)}")
    if missing := missing_languages(step, TEXTS):
        raise TourError(f"{name} lacks the translations {missing}; every step's title and text need Russian and Japanese too")
    if step["view"] not in view_ids():
        raise TourError(f"{name}: unknown view {step['view']!r}; choose one of {', '.join(view_ids())}")
    if step["period"] not in period_ids():
        raise TourError(f"{name}: unknown period {step['period']!r}; choose one of {', '.join(period_ids())}")
    fit = step["fit"]
    if not isinstance(fit, dict) or len(fit) != 1 or next(iter(fit)) not in FIT_KEYS:
        raise TourError(f"{name}: 'fit' must hold exactly one of {FIT_KEYS}, got {fit!r}")
    (kind, values), = fit.items()
    if kind == "islands" and (bad := _unknown(values, islands()["id"])):
        raise TourError(f"{name}: unknown islands {bad}; see the id column of data/islands.geojson")
    if kind == "areas" and (bad := _unknown(values, area_ids())):
        raise TourError(f"{name}: unknown areas {bad}; choose from {', '.join(area_ids())}")
    if kind == "bounds":
        if len(values) != 4 or not (-180 <= values[0] < values[2] <= 180 and -90 <= values[1] < values[3] <= 90):
            raise TourError(f"{name}: bounds must be [west, south, east, north] in degrees, got {values!r}")
    if bad := _unknown(step["layers"], LAYERS):
        raise TourError(f"{name}: unknown layers {bad}; choose from {', '.join(LAYERS)}")
    for excerpt in step.get("excerpt_ids", []):
        if not EXCERPT_ID.match(excerpt):
            raise TourError(f"{name}: excerpt id {excerpt!r} is not '<article id>#p<number>'")
        if known_excerpts is not None and excerpt not in known_excerpts:
            raise TourError(f"{name}: no article excerpt {excerpt!r} in seeds/")


def check_tour(steps: list[dict[str, Any]], known_excerpts: set[str] | None = None) -> None:
    """Raise :class:`TourError` for the first bad step, or for an empty tour or a repeated step id."""
    if not steps:
        raise TourError("the tour has no steps")
    seen: set[str] = set()
    for number, step in enumerate(steps, start=1):
        check_step(step, number, known_excerpts)
        if step["id"] in seen:
            raise TourError(f"step {number}: id {step['id']!r} is used twice; step ids must be unique (they are ?step= links)")
        seen.add(step["id"])


@lru_cache(maxsize=4)
def _read(path: Path) -> tuple[dict[str, Any], ...]:
    table = read_object(path, TOUR_FILE, ("steps",), TourError)
    steps = table["steps"]
    if not isinstance(steps, list) or not all(isinstance(entry, dict) for entry in steps):
        raise error(path, TOUR_FILE, "is invalid: 'steps' must be a list of objects", TourError)
    check_with(path, TOUR_FILE, lambda: check_tour(steps), TourError)
    return tuple(steps)


def tour(path: Path | str | None = None) -> list[dict[str, Any]]:
    """Return the checked tour steps, in order (a deep copy); ``path`` defaults to ``data/tour.json``, looked up now.

    Raises :class:`TourError` (a :class:`~geo.datafile.DataFileError`) naming the file, the step and what to fix.
    """
    path = Path(path if path is not None else paths.data_file(TOUR_FILE)).resolve()
    return json.loads(json.dumps(list(_read(path))))


def step(step_id: str, path: Path | str | None = None) -> dict[str, Any]:
    """Return one step by id; raise :class:`UnknownStepError` listing the accepted ids."""
    steps = tour(path)
    for entry in steps:
        if entry["id"] == step_id:
            return entry
    raise UnknownStepError(f"unknown step {step_id!r}; choose one of {', '.join(entry['id'] for entry in steps)}")


def step_state(entry: dict[str, Any]) -> tuple[str, str | None]:
    """Return ``(view, period)`` for the map of a step: a point of view other than neutral shows today's positions
    (no period); with the neutral view, the step's period is shown."""
    if entry["view"] != "neutral":
        return entry["view"], None
    return "neutral", entry["period"]


def step_bounds(entry: dict[str, Any]) -> list[list[float]]:
    """Return ``[[south, west], [north, east]]`` of what a step's ``fit`` names (islands, areas or a box)."""
    fit = entry["fit"]
    if "bounds" in fit:
        west, south, east, north = fit["bounds"]
    else:
        frame = islands() if "islands" in fit else areas()
        chosen = frame[frame["id"].isin(fit.get("islands") or fit.get("areas"))]
        west, south, east, north = chosen.total_bounds
    return [[float(south), float(west)], [float(north), float(east)]]
