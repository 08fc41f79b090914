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
from geo.articles import LANGUAGES
from geo.linking import LinkedExcerpt
from geo.store import PAGE_SIZE
from geo.tour import step as tour_step
from geo.views import view
from layers.export.panel import panel_data
from layers.templates import PageElement
from layers.text import LANGUAGE_NAMES, distance_rows

__all__ = ["ExportHost", "host_data", "initial_state"]

HOST_TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The panel's own words (the map's are the client's).
TEXTS = {
    "showArticles": "Show articles",
    "hideArticles": "Hide articles",
    "source": "source",
    "showOne": "Show on map ({count} island)",
    "showMany": "Show on map ({count} islands)",
    "onMap": "On the map:",
    "newsAbout": "News that mentions {name}",
    "noExcerpt": "No excerpt names this island, its group or the chain.",
    "noArticles": "No articles in this file.",
    "sources": "Sources ({count})",
    "today": "Today",
    "tour": "Guided tour",
    "endTour": "End the tour",
    "stepCount": "Step {number} of {total}",
    "from": "From:",
    # The paged lists (the island's excerpts, all articles): counts, filters, search, "Show more".
    "excerptsOne": "{count} excerpt",
    "excerptsMany": "{count} excerpts",
    "excerptsOf": "{count} of {total} excerpts",
    "articlesOne": "{count} article",
    "articlesMany": "{count} articles",
    "articlesOf": "{count} of {total} articles",
    "searchExcerpts": "Search these excerpts",
    "searchArticles": "Search the articles",
    "language": "Language",
    "allLanguages": "All",
    "showMore": "Show more ({count} left)",
    "noExcerptMatch": "No excerpt matches “{query}”",
    "noArticleMatch": "No article matches “{query}”",
}

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
    initial: Mapping[str, Any] | None = None,
    web_tiles: bool = False,
) -> dict[str, Any]:
    """Return the host script's JSON-ready data: the panel's articles and islands, distances, words, opening state.

    ``pageSize`` is how many excerpts (or articles) a list shows at first and each "Show more" adds
    (``geo.store.PAGE_SIZE``, shared with the app); ``languages`` names the article languages, in filter order.
    """
    return {
        **panel_data(linked, chain, lang),
        "facts": distance_rows(teacher_facts()),
        "texts": dict(TEXTS),
        "languages": [[code, LANGUAGE_NAMES.get(code, code)] for code in LANGUAGES],
        "pageSize": PAGE_SIZE,
        "initial": dict(initial or initial_state()),
        "tiles": web_tiles,
    }


class ExportHost(PageElement):
    """The panel beside the map (a drawer on narrow screens): articles, island facts, classroom controls.

    Add it to a map that already carries the client (``layers.client.add_client``): its script talks to
    ``window.kurilMap``.
    """

    _template = Template(
        "{% macro header(this, kwargs) %}<style>" + _read("host.css") + "</style>{% endmacro %}\n"
        "{% macro html(this, kwargs) %}" + _read("host.html") + "{% endmacro %}\n"
        + _read("host.js")
    )

    def __init__(self, data: Mapping[str, Any], title: str = "Kuril Islands in the news") -> None:
        super().__init__()
        self._name = "ExportHost"
        self.data = dict(data)
        self.title = title


def add_host(m: folium.Map, data: Mapping[str, Any]) -> ExportHost:
    """Add the export's panel and controls to a map carrying the client; return the element."""
    host = ExportHost(data)
    host.add_to(m)
    return host
