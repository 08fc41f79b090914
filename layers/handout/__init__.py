"""Handouts on paper: any state of the map as a PNG (300 dpi) or a vector PDF, and the guided tour as a booklet.

Drawn with Matplotlib from the GeoDataFrames and styles the web map uses (no browser): a page holds the state's
title and text, the map (islands filled as the state styles them, Japan's claim and the undetermined and shared
areas hatched, the land around the chain, the state's boundary lines, the selected island outlined), a legend
saying whose position each colour shows, island labels in one or two languages, a geodesic scale bar, a graticule,
and a footer with the sources, the coastline's version and the date. Modules: ``spec`` (what a page shows, checked),
``page`` (one page), ``booklet`` (the tour), ``labels``, ``scale``, ``frames``, ``fonts``, ``wrap``, ``render``;
``python -m layers.handout`` is the command line.

For the app's download buttons::

    from layers.handout import handout_bytes, tour_booklet_bytes
    pdf = handout_bytes("pdf", view="japan", ui="ja", labels="en+ja")
    png = handout_bytes("png", step="portsmouth", size="a3", landscape=True)
    booklet = tour_booklet_bytes(ui="ru")

A wrong value raises :class:`HandoutError` (a ``ValueError``) whose message names the accepted values.
"""

from __future__ import annotations

import datetime as dt

from layers.handout.fonts import FontError
from layers.handout.spec import SIZES, HandoutError, page_spec

__all__ = ["FORMATS", "FontError", "HandoutError", "SIZES", "booklet_page_count", "handout_bytes", "tour_booklet_bytes"]

FORMATS = ("pdf", "png")


def _format(fmt: str) -> str:
    chosen = str(fmt).lower().lstrip(".")
    if chosen not in FORMATS:
        raise HandoutError(f"unknown format {fmt!r}; choose pdf or png")
    return chosen


def handout_bytes(
    fmt: str,
    *,
    view: str = "neutral",
    period: int | str | None = None,
    step: str | None = None,
    island: str | None = None,
    ui: str = "en",
    labels: str | None = None,
    size: str = "a4",
    landscape: bool = False,
    made: dt.date | None = None,
) -> bytes:
    """Return one page of a map state as ``fmt`` (``"pdf"``: vector, fonts embedded; ``"png"``: 300 dpi).

    ``view`` (neutral, russia, japan) or ``period`` (a year or a period id, shown in the neutral view) or ``step`` (a
    tour step, which brings its view, period and extent); ``island`` outlines an island (an id of
    ``data/islands.geojson``); ``ui`` is the language of the title, legend and notes, ``labels`` the island names'
    (en, ru, ja or two joined by '+'; default: ``ui``); ``size`` a4 or a3; ``made`` the date printed (default: today).
    """
    from layers.handout.page import draw_page
    from layers.handout.render import metadata, pdf_bytes, png_bytes, saving

    chosen = _format(fmt)
    spec = page_spec(view=view, period=period, step=step, island=island, ui=ui, labels=labels, size=size, landscape=landscape)
    made = made or dt.date.today()
    with saving():
        drawn = draw_page(spec, made)
        if chosen == "png":
            return png_bytes(drawn.figure)
        return pdf_bytes([drawn.figure], metadata(spec.title, spec.kicker, made))


def tour_booklet_bytes(
    *, ui: str = "en", labels: str | None = None, size: str = "a4", landscape: bool = False, made: dt.date | None = None
) -> bytes:
    """Return the guided tour as one PDF: a cover, then one page per step of ``data/tour.json``
    (:func:`booklet_page_count` pages)."""
    from layers.handout.booklet import booklet_pages
    from layers.handout.render import metadata, pdf_bytes
    from layers.i18n import text

    page_spec(ui=ui, labels=labels, size=size, landscape=landscape)  # checks the values before any drawing
    made = made or dt.date.today()
    title = f"{text('map.title', ui)} · {text('panel.tour', ui)}"
    return pdf_bytes(booklet_pages(ui=ui, labels=labels, size=size, landscape=landscape, made=made), metadata(title, "", made))


def booklet_page_count() -> int:
    """Return how many pages :func:`tour_booklet_bytes` makes: the cover and one per tour step."""
    from layers.handout.booklet import page_count

    return page_count()
