"""What one handout page shows: a map state (a view, a period or a tour step), its extent, texts and paper, checked.

Every value a reader can give (view, period, step, island, languages, size) is checked here, once, and a wrong one
raises :class:`HandoutError` with a message naming the accepted values: the command line prints it, the app can
show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo.history import UnknownPeriodError
from geo.islands import island as island_row
from geo.islands import islands
from geo.languages import UnknownLanguageError, check_language, localized
from geo.tour import UnknownStepError, step_bounds, step_state, tour
from geo.tour import step as tour_step
from geo.views import UnknownViewError
from layers import style
from layers.i18n import catalogue, text
from layers.map.states import MapState, period_state, view_state
from layers.text import parse_lang

__all__ = ["HandoutError", "PageSpec", "SIZES", "page_spec", "paper_inches", "step_specs"]

#: Paper sizes in millimetres, portrait (ISO 216).
SIZES = {"a4": (210.0, 297.0), "a3": (297.0, 420.0)}
MM_PER_INCH = 25.4


class HandoutError(ValueError):
    """A handout cannot be made from these values; the message names the accepted ones."""


@dataclass(frozen=True)
class PageSpec:
    """Everything one page shows, in its languages: the state, its title and text, what is fitted, the paper."""

    state: MapState
    title: str
    kicker: str  # the line above the title (the map's name, the tour step's number)
    text: str  # the view's or period's description, or the step's text
    bounds: tuple[float, float, float, float]  # west, south, east, north in degrees: what the map must show
    ui: str
    labels: str  # the label language: en, ru, ja or two joined by '+'
    island: dict[str, Any] | None = None  # the selected island's row
    countries: bool = False  # context land labelled with its country (today's neutral view only)
    show_labels: bool = True
    show_lines: bool = True
    size: str = "a4"
    landscape: bool = False
    step_id: str | None = None


def paper_inches(size: str, landscape: bool) -> tuple[float, float]:
    """Return the paper's (width, height) in inches."""
    try:
        short, long = SIZES[size]
    except KeyError:
        raise HandoutError(f"unknown paper size {size!r}; choose {' or '.join(SIZES)}") from None
    width, height = (long, short) if landscape else (short, long)
    return width / MM_PER_INCH, height / MM_PER_INCH


def _chain_bounds() -> tuple[float, float, float, float]:
    (south, west), (north, east) = style.CHAIN_BOUNDS
    return west, south, east, north


def _languages(ui: str, labels: str | None) -> str:
    try:
        check_language(ui)
    except UnknownLanguageError as err:
        raise HandoutError(f"{err} (the interface language)") from None
    labels = ui if labels is None else labels
    try:
        parse_lang(labels)
    except ValueError as err:
        raise HandoutError(f"{err} (the labels' language)") from None
    return labels


def _island(island_id: str | None) -> dict[str, Any] | None:
    if island_id is None:
        return None
    try:
        return dict(island_row(island_id, islands()))
    except KeyError as err:
        raise HandoutError(str(err.args[0])) from None


def _step_spec(entry: dict[str, Any], ui: str, labels: str, island: dict[str, Any] | None, size: str, landscape: bool,
               number: int, total: int) -> PageSpec:
    view_id, period_id = step_state(entry)
    state = period_state(period_id, ui) if period_id is not None else view_state(view_id, ui)
    (south, west), (north, east) = step_bounds(entry)
    kicker = text("map.title", ui) + " · " + text("panel.tour", ui) + " · " + text("panel.stepCount", ui, number=number, total=total)
    return PageSpec(
        state=state, title=localized(entry, "title", ui), kicker=kicker, text=localized(entry, "text", ui),
        bounds=(west, south, east, north), ui=ui, labels=labels, island=island,
        show_labels="labels" in entry["layers"], show_lines="boundaries" in entry["layers"],
        size=size, landscape=landscape, step_id=entry["id"],
    )


def page_spec(
    *,
    view: str = "neutral",
    period: int | str | None = None,
    step: str | None = None,
    island: str | None = None,
    ui: str = "en",
    labels: str | None = None,
    size: str = "a4",
    landscape: bool = False,
) -> PageSpec:
    """Return the page for a view, a period (shown in the neutral view) or a tour step (which brings its own view,
    period and extent); raise :class:`HandoutError` naming the accepted values when one is wrong."""
    labels = _languages(ui, labels)
    paper_inches(size, landscape)
    chosen = _island(island)
    if step is not None:
        if period is not None or view != "neutral":
            raise HandoutError("a tour step brings its own view and period; give the step alone, or a view or a year")
        try:
            entry = tour_step(step)
        except UnknownStepError as err:
            raise HandoutError(str(err)) from None
        steps = [item["id"] for item in tour()]
        return _step_spec(entry, ui, labels, chosen, size, landscape, steps.index(entry["id"]) + 1, len(steps))
    try:
        state = view_state(view, ui)
    except UnknownViewError as err:
        raise HandoutError(str(err)) from None
    if period is not None:
        if view != "neutral":
            raise HandoutError(
                f"a period of history is shown in the neutral view, not {view!r}; give a view (today's positions) or a year, not both"
            )
        try:
            state = period_state(period, ui)
        except UnknownPeriodError as err:
            raise HandoutError(str(err)) from None
    about = state.description
    if not about and period is None and f"handout.about.{view}" in catalogue():
        about = text(f"handout.about.{view}", ui)  # the views carry no description of their own
    return PageSpec(
        state=state, title=state.title, kicker=text("map.title", ui), text=about, bounds=_chain_bounds(),
        ui=ui, labels=labels, island=chosen, countries=period is None and view == "neutral", size=size, landscape=landscape,
    )


def step_specs(*, ui: str = "en", labels: str | None = None, size: str = "a4", landscape: bool = False) -> list[PageSpec]:
    """Return one page per tour step, in the tour's order."""
    labels = _languages(ui, labels)
    paper_inches(size, landscape)
    steps = tour()
    return [_step_spec(entry, ui, labels, None, size, landscape, number, len(steps)) for number, entry in enumerate(steps, start=1)]
