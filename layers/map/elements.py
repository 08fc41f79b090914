"""Small folium elements of our own, each with its JavaScript in a template file."""

from __future__ import annotations

from pathlib import Path

from branca.element import MacroElement
from folium.template import Template

from layers.templates import TEMPLATE_DIR


def _template(name: str) -> Template:
    return Template(Path(TEMPLATE_DIR, name).read_text(encoding="utf-8"))


class Legend(MacroElement):
    """A Leaflet control holding the legend; ``html`` must already be escaped (see ``layers.map.legend``)."""

    _template = _template("legend.js")

    def __init__(self, html: str, position: str = "bottomright", label: str = "Legend") -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.position = position
        self.label = label  # its name for a screen reader, in the interface's language


class ZoomClasses(MacroElement):
    """Marks the map container with ``kuril-zoom-low`` below ``min_zoom``, so CSS can hide minor labels."""

    _template = _template("zoom_classes.js")

    def __init__(self, min_zoom: int) -> None:
        super().__init__()
        self._name = "ZoomClasses"
        self.min_zoom = min_zoom
