"""The tour booklet: a cover, then one page per step of ``data/tour.json`` (so steps + 1 pages), in one PDF.

The cover names the map and the tour, lists the steps with their page numbers, says what each page holds and
carries the same note on the names of the four groups, the coastline and the date as every page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from matplotlib.figure import Figure

from geo.tour import tour
from geo.languages import localized
from layers.handout.fonts import fonts_for
from layers.handout.page import A3_SCALE, GREY, INK, Typesetter, blank_page, coastline_source, draw_page, join_sentences
from layers.handout.spec import PageSpec, step_specs
from layers.i18n import format_date, text

__all__ = ["booklet_pages", "cover_page", "page_count"]


def page_count() -> int:
    """Return the booklet's number of pages: the cover and one per tour step."""
    return len(tour()) + 1


def cover_page(specs: list[PageSpec], made: dt.date) -> Figure:
    """Draw the booklet's cover for the pages of ``specs`` (all in one interface language and paper)."""
    first = specs[0]
    ui = first.ui
    version, licence = coastline_source()
    steps = tour()
    title = text("map.title", ui)
    subtitle = text("panel.tour", ui) + " · " + text("handout.cover.steps", ui, count=len(steps))
    how_to = text("handout.cover.howTo", ui)
    contents = [(str(number + 2), localized(entry, "title", ui)) for number, entry in enumerate(steps)]
    note = join_sentences(ui, [text("handout.namesNote", ui), text("handout.colours", ui)])
    coast = join_sentences(ui, [text("handout.coastlines", ui, version=version, licence=licence),
                            text("handout.made", ui, date=format_date(made, ui))])
    head = text("handout.cover.contents", ui)
    fonts = fonts_for("\n".join([title, subtitle, how_to, head, note, coast, *(t for _, t in contents), "0123456789"]))
    scale = A3_SCALE if first.size == "a3" else 1.0
    typeset = Typesetter(fonts, scale)
    figure, page, page_w, page_h = blank_page(first.size, first.landscape)
    margin = 48 * scale
    width = page_w - 2 * margin
    top = page_h - margin * 1.6
    big = typeset.lines(title, "title", width, bold=True)
    for line in big:  # the cover's title, at twice the pages' title size
        page.text(margin, top - 0.88 * typeset.size("title") * 2, line, fontproperties=fonts.props(typeset.size("title") * 2, True),
                  color=INK, va="baseline", parse_math=False)
        top -= typeset.size("title") * 2 * 1.3
    top -= 10 * scale
    top -= typeset.draw(page, margin, top, typeset.lines(subtitle, "title", width), "title", color=GREY) + 18 * scale
    top -= typeset.draw(page, margin, top, typeset.lines(how_to, "text", width), "text") + 22 * scale
    top -= typeset.draw(page, margin, top, [head], "head", bold=True) + 8 * scale
    number_w = fonts.width("00", typeset.size("text")) + 12 * scale
    for number, step_title in contents:
        lines = typeset.lines(step_title, "text", width - number_w)
        page.text(margin + number_w - 12 * scale, top - 0.88 * typeset.size("text"), number, fontproperties=fonts.props(typeset.size("text")),
                  color=GREY, ha="right", va="baseline", parse_math=False)
        top -= typeset.draw(page, margin + number_w, top, lines, "text") + 6 * scale
    bottom = margin
    footer = [(typeset.lines(note, "note", width), "note", INK), (typeset.lines(coast, "small", width), "small", GREY)]
    height = sum(typeset.height(lines, role) for lines, role, _ in footer) + 4 * scale
    y = bottom + height
    page.plot([margin, margin + width], [y + 8 * scale] * 2, color="#bbbbbb", linewidth=0.5)
    for lines, role, colour in footer:
        y -= typeset.draw(page, margin, y, lines, role, color=colour) + 4 * scale
    return figure


def booklet_pages(*, ui: str = "en", labels: str | None = None, size: str = "a4", landscape: bool = False,
                  made: dt.date | None = None) -> Iterator[Figure]:
    """Yield the booklet's pages, drawn one at a time: the cover, then each step's page."""
    made = made or dt.date.today()
    specs = step_specs(ui=ui, labels=labels, size=size, landscape=landscape)
    total = len(specs) + 1
    yield cover_page(specs, made)
    for number, spec in enumerate(specs, start=2):
        yield draw_page(spec, made, page_number=text("handout.page", ui, number=number, total=total)).figure
