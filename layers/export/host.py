"""The export's host of the map client: the article panel and the classroom controls, one folium element.

The map's behaviour is the client's (``layers.client``): this element adds only what a file needs and the app
does in Streamlit: a panel listing the articles and the clicked island's facts and excerpts, buttons for the
points of view, the timeline, the guided tour and large type, and the distances table. Its script reads the
file's ``#…`` link through the client and hands the map its state, as the app's bridge does with ``?…``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
from folium.template import Template

from geo.facts import teacher_facts
from geo.history import period
from geo.languages import LANGUAGES
from geo.linking import LinkedExcerpt
from geo.store import PAGE_SIZE
from geo.tour import step as tour_step
from geo.views import view
from layers.export.panel import panel_data
from layers.i18n import client_catalogue
from layers.client import when_client_ready
from layers.payload import PageData, page_data
from layers.templates import PageElement
from layers.text import LANGUAGE_NAMES, distance_rows, parse_lang, positions_html

__all__ = ["ExportHost", "host_data", "initial_state"]

HOST_TEMPLATES = Path(__file__).resolve().parent / "templates"

def _read(name: str) -> str:
    return Path(HOST_TEMPLATES, name).read_text(encoding="utf-8")


def initial_state(view_id: str = "neutral", period_id: int | str | None = None, step_id: str | None = None) -> dict[str, Any]:
    """Return what a file opens on without a link: ``{"view", "period", "step"}``, each checked.

    A period is shown in the neutral view (as in the app), so a period with another view is refused; a step
    brings its own. Raises ``UnknownViewError`` / ``UnknownPeriodError`` / ``UnknownStepError`` naming the
    accepted values.
    """
    view_id = view(view_id)["id"]
    if step_id is not None:
        return {"view": None, "period": None, "step": tour_step(step_id)["id"]}
    if period_id is None:
        return {"view": view_id, "period": None, "step": None}
    if view_id != "neutral":
        raise ValueError(
            f"a period of history is shown in the neutral view, not {view_id!r}; give a view (today's positions) or a year, not both"
        )
    return {"view": "neutral", "period": period(period_id)["id"], "step": None}


def host_data(
    linked: Sequence[LinkedExcerpt],
    chain: gpd.GeoDataFrame,
    *,
    lang: str = "en",
    labels: str | None = None,
    initial: Mapping[str, Any] | None = None,
    web_tiles: bool = False,
) -> dict[str, Any]:
    """Return the host script's JSON-ready data: the panel's articles and islands, distances, opening state.

    Every text is given in each interface language (the words themselves are the catalogue's, which the client
    carries: ``kurilMap.t``). ``lang`` is the language the file opens in, ``labels`` the island names' language
    (None: the interface's). ``pageSize`` is how many excerpts (or articles) a list shows at first and each
    "Show more" adds (``geo.store.PAGE_SIZE``, shared with the app); ``languages`` names the languages by their
    own names, in filter and switch order.
    """
    if labels is not None:
        parse_lang(labels)
    table = teacher_facts()
    return {
        **panel_data(linked, chain),
        "facts": {ui: distance_rows(table, ui) for ui in LANGUAGES},
        "positions": {ui: positions_html(ui) for ui in LANGUAGES},
        "languages": [[code, LANGUAGE_NAMES[code]] for code in LANGUAGES],
        "pageSize": PAGE_SIZE,
        "initial": dict(initial or initial_state()),
        "lang": lang,
        "labels": labels,
        "tiles": web_tiles,
    }


class ExportHost(PageElement):
    """The panel beside the map (a drawer on narrow screens): articles, island facts, classroom controls.

    Add it to a map that already carries the client (``layers.client.add_client``): its script talks to
    ``window.kurilMap``.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}<style>" + _read("host.css") + _read("print.css") + "</style>{% endmacro %}\n"
        "{% macro html(this, kwargs) %}" + _read("host.html") + "{% endmacro %}\n"
        + _read("host.js")
    )

    #: The script runs once the page's data is unpacked (``layers.payload``) and the client is whole.
    wrap_script = staticmethod(when_client_ready)

    def __init__(self, data: Mapping[str, Any], payload: PageData) -> None:
        super().__init__()
        self._name = "ExportHost"
        self.data = dict(data)
        #: The JavaScript expression of the script's data: its part of the page's packed data.
        self.data_js = payload.add("host", lambda: self.data)
        #: The language the page is written in before its script runs (it rewrites every text on a switch).
        self.lang = self.data["lang"]
        self.words = client_catalogue()[self.lang]
        self.language_names = [tuple(pair) for pair in self.data["languages"]]


def add_host(m: folium.Map, data: Mapping[str, Any]) -> ExportHost:
    """Add the export's panel and controls to a map carrying the client; return the element."""
    host = ExportHost(data, page_data(m))
    host.add_to(m)
    return host
