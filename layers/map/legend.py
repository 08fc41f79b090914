"""The legend's content: which layer shows whose position."""

from __future__ import annotations

from layers.style import LAYER_NAMES
from layers.templates import render

LEGEND_TITLE = "Kuril Islands: who holds and who claims"
LEGEND_NOTE = "Russia administers the whole chain. Japan claims the four southern groups. Coastlines: GSHHG 2.3.6."


def legend_html() -> str:
    """Return the escaped HTML of the legend, each entry attributing a position to its holder."""
    items = [
        {"key": "ru", "text": LAYER_NAMES["ru"]},
        {"key": "jp", "text": LAYER_NAMES["jp"]},
        {"key": "context", "text": "Other land (Japan: Hokkaido; Russia: Sakhalin, Kamchatka)"},
    ]
    return render("legend.html", title=LEGEND_TITLE, items=items, note=LEGEND_NOTE)
