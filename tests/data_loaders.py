"""Every data file of data/ and the geo/ loader that reads it by default: one table for the data-file tests."""

from __future__ import annotations

from collections.abc import Callable

from geo import paths
from geo.boundaries import boundary_lines
from geo.datafile import manifest
from geo.facts import teacher_facts
from geo.gazetteer import gazetteer
from geo.history import periods
from geo.islands import context_land, islands
from geo.linking import default_place_index
from geo.tour import tour
from geo.views import views

REPO_DATA = paths.ROOT / "data"

LOADERS: dict[str, Callable[[], object]] = {
    "gazetteer.csv": gazetteer,
    "places.csv": default_place_index,
    "islands.geojson": islands,
    "context_land.geojson": context_land,
    "boundaries.geojson": boundary_lines,
    "views.json": views,
    "history.json": periods,
    "tour.json": tour,
    "facts.json": teacher_facts,
    "manifest.json": manifest,
}
