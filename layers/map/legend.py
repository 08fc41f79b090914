"""The legend's content: which layer shows whose position, in the interface's language."""

from __future__ import annotations

from layers.i18n import text
from layers.templates import render_compact


def legend_html(ui: str = "en") -> str:
    """Return the escaped HTML of the neutral map's legend in ``ui``, each entry attributing a position to its holder."""
    items = [
        {"key": "ru", "text": text("map.layer.ru", ui)},
        {"key": "jp", "text": text("map.layer.jp", ui)},
        {"key": "context", "text": text("map.legend.otherLand", ui)},
    ]
    return render_compact("legend.html", title=text("map.legend.title", ui), items=items, note=text("map.legend.note", ui))
