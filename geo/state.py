"""The map's state model: what a reader can ask the map to show, and what every link value means.

One table for both hosts of the map client (the Streamlit app and the one-file export): the accepted
views, periods, tour steps and islands, the defaults, the parts of a link (``?view=japan`` in the app,
``#view=japan`` in a file) and the message each unknown value gets. The client (``layers/client``)
receives :func:`state_model` as JSON and is the one place that reads and writes links; nothing here
parses a link, so the rule cannot drift between two languages.

A map state is ``view`` (a point of view), ``period`` (a period of history, shown in the neutral view),
``step`` (a tour step, which brings its own view, period, fit and layers), ``island`` (the selection) and
``lang`` (the interface language). Every text of the model is given in each language (``{"en": …, "ru": …}``);
the words of the messages are the interface catalogue's (``layers.i18n``, keys ``map.link.<kind>``).
"""

from __future__ import annotations

from typing import Any

from geo.history import periods
from geo.islands import islands
from geo.languages import DEFAULT_LANGUAGE, LANGUAGES, localized
from geo.tour import step_bounds, step_state, tour
from geo.views import views

#: The parts a link may hold, in the order the client writes them.
LINK_KEYS = ("step", "view", "year", "island", "lang")

#: A link value is quoted in a message cut to this many characters: a link is never echoed whole.
QUOTE_LIMIT = 40

#: What the map shows when a link says nothing (or something unknown).
DEFAULT_STATE = {"view": "neutral", "period": None, "step": None, "island": None, "lang": DEFAULT_LANGUAGE}

#: The kinds of message a link can get, each a text of the catalogue (``map.link.<kind>``). In a text, ``{value}``
#: is the quoted value (cut to QUOTE_LIMIT), ``{accepted}`` the accepted values, ``{first}`` the timeline's first year.
MESSAGE_KINDS = ("unknown_key", "unknown_view", "unknown_year", "unknown_step", "unknown_island", "unknown_lang", "showing_default")

#: Tour layers (``geo.tour.LAYERS``) that switch a layer of the map; the others are the host's (facts, articles)
#: or always drawn with the state they belong to (view, history).
STEP_MAP_LAYERS = {"islands": "ru", "claim_areas": "jp", "labels": "labels", "boundaries": "lines"}


def listed(values: list[str] | tuple[str, ...]) -> str:
    """Return ``"a, b, c"``: accepted values (link words, the same in every language) as a message lists them.

    >>> listed(["neutral", "russia", "japan"])
    'neutral, russia, japan'
    """
    return ", ".join(values)


def in_languages(entry: dict[str, Any], field: str) -> dict[str, str]:
    """Return a text of a data entry in every language: ``{"en": …, "ru": …, "ja": …}``."""
    return {lang: localized(entry, field, lang) for lang in LANGUAGES}


def tour_steps() -> list[dict[str, Any]]:
    """Return each tour step as the client shows it: its view and period, the bounds it fits, the layers it shows."""
    steps = []
    for entry in tour():
        view_id, period_id = step_state(entry)
        steps.append({
            "id": entry["id"],
            "title": in_languages(entry, "title"),
            "text": in_languages(entry, "text"),
            "view": view_id,
            "period": period_id,
            "bounds": step_bounds(entry),
            "layers": list(entry["layers"]),
            "excerpts": list(entry.get("excerpt_ids", [])),
        })
    return steps


def state_model() -> dict[str, Any]:
    """Return the accepted values, defaults and link messages as plain data for the map client.

    ``periods`` are in chronological order with their first ``year``: a year in a link means the period
    in force that year, the last one starting on or before it (as :func:`geo.history.period`).
    """
    view_ids = [entry["id"] for entry in views()]
    step_ids = [entry["id"] for entry in tour()]
    island_ids = sorted(islands()["id"])
    return {
        "views": [{"id": entry["id"], "name": in_languages(entry, "name")} for entry in views()],
        "periods": [
            {"id": entry["id"], "year": int(entry["year"]), "title": in_languages(entry, "title")} for entry in periods()
        ],
        "languages": list(LANGUAGES),
        "steps": tour_steps(),
        "islands": island_ids,
        "defaults": dict(DEFAULT_STATE),
        "link": {
            "keys": list(LINK_KEYS),
            "quoteLimit": QUOTE_LIMIT,
            "kinds": list(MESSAGE_KINDS),
            "accepted": {
                "unknown_key": listed(["view", "year", "step", "island", "lang"]),
                "unknown_lang": listed(LANGUAGES),
                "unknown_view": listed(view_ids),
                "unknown_step": ", ".join(step_ids),
                "unknown_island": ", ".join(island_ids),
            },
        },
        "stepLayers": dict(STEP_MAP_LAYERS),
    }
