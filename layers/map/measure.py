"""The map's measuring tool: a small Leaflet control of our own, in place of leaflet-measure (issue 13).

Each click on the map adds a point; a dashed line joins them and the readout gives the distance along them in km
and nautical miles (the Kurils' straits are usually given in both) and, from three points, the area they enclose
in km². Distances are Leaflet's ``map.distance()`` (haversine, R = 6,371 km): within 0.32 % of pyproj's WGS84
geodesics anywhere over the chain (the worst: east-west at 51° N). Areas are Leaflet.draw's spherical formula
(``L.GeometryUtil.geodesicArea``, R = 6,378,137 m) over edges cut into great-circle steps of 10 km, so they are the
polygon of the measured distances: within 0.15 % of pyproj's geodesic polygon from 10 km² to 120,000 km² (the
formula alone, on the corners only, drifts to 0.5 % at 2,000 km² and 1.8 % at 30,000 km², at 50° N). The browser
tests check both.

The control carries its words in all three languages, so the map's client switches them in place with
``control.setLanguage(lang)``, as it does the rest of the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from folium.template import Template

from geo.languages import LANGUAGES, check_language
from layers.i18n import bcp47, catalogue
from layers.templates import TEMPLATE_DIR, PageElement, script_json

__all__ = ["POSITIONS", "MeasureTool"]

#: The corners of a Leaflet map a control may sit in.
POSITIONS: Final = ("topleft", "topright", "bottomleft", "bottomright")

#: The catalogue keys the tool's script reads (``layers/i18n/catalogue/map.json``).
WORDS_PREFIX: Final = "map.measure."


#: A comment block on lines of its own; a ``//`` comment on its own line or after ``;``, ``{`` or ``}`` and a space
#: (the template's style: no string of the tool holds one).
_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*$", re.M | re.S)
_LINE_COMMENT = re.compile(r"^[ \t]*//.*$|(?<=[;{}])[ \t]+//[ \t].*$", re.M)


def _read(name: str) -> str:
    return Path(TEMPLATE_DIR, name).read_text(encoding="utf-8")


def _compact(source: str) -> str:
    r"""Return a script or stylesheet without its comments, indentation and blank lines: the page carries the code,
    the template file the reasons (a quarter of the bytes).

    >>> _compact("a();  // why\n    /* and why */\n    b();")
    'a();\nb();'
    """
    source = _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", source))
    return "\n".join(line.strip() for line in source.splitlines() if line.strip())


class MeasureTool(PageElement):
    """A Leaflet control (``leaflet-control kuril-measure``) measuring distance and area by clicks on the map.

    ``ui`` is the language it is drawn in; its script holds all three (``setLanguage(lang)`` on the control
    switches them). Its JavaScript variable (``get_name()``) is the control, which also has ``start()``,
    ``finish()``, ``cancel()`` and ``measurement()`` (mode, points, ``distance_m``, ``area_m2``).

    >>> import folium
    >>> tool = MeasureTool("ja").add_to(folium.Map())
    >>> tool.position
    'topleft'
    """

    _template = Template(_compact(_read("measure.js")))

    def __init__(self, ui: str = "en", position: str = "topleft") -> None:
        super().__init__()
        self._name = "MeasureTool"
        self.ui = check_language(ui)
        if position not in POSITIONS:
            raise ValueError(f"unknown control position {position!r}; choose one of {', '.join(POSITIONS)}")
        self.position = position

    @property
    def css(self) -> str:
        """Return the tool's stylesheet (``layers/templates/measure.css``)."""
        return _compact(_read("measure.css"))

    @property
    def words_json(self) -> str:
        """Return the tool's texts, by language then catalogue key, as JSON safe inside ``<script>``."""
        words = {key: entry for key, entry in catalogue().items() if key.startswith(WORDS_PREFIX)}
        return script_json({lang: {key: entry[lang] for key, entry in words.items()} for lang in LANGUAGES})

    @property
    def locales_json(self) -> str:
        """Return each language's ``Intl`` locale tag (``layers.i18n.bcp47``) as JSON."""
        return script_json({lang: bcp47(lang) for lang in LANGUAGES})
