"""AppTest helpers for app.py's map component (components v2): what Python sends it, and what it sends back.

AppTest runs no JavaScript, so the map client never runs here. It does see the component's element
(``at.get("bidi_component")``, an ``UnknownElement`` whose proto carries the ``data`` as JSON), so a test can
assert the state Python sends. For the other way, :func:`send` does what the bridge's
``component.setTriggerValue(event, value)`` does in the browser: one trigger payload in the next run's
widget states. It uses AppTest's private ``_tree`` and ``_run`` (Streamlit 1.67); if they move, this is
the one place to change.
"""

from __future__ import annotations

import json
from typing import Any

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

MAP_KEY = "map"


def map_element(at: AppTest) -> Any:
    """Return the map component's element (exactly one, keyed ``map``)."""
    (element,) = [element for element in at.get("bidi_component") if element.key == MAP_KEY]
    return element


def map_data(at: AppTest) -> dict[str, Any]:
    """Return the ``data`` Python gave the map component on the last run."""
    return json.loads(map_element(at).proto.json)


def map_state(at: AppTest) -> dict[str, Any]:
    """Return the client state Python sent on the last run (view, period, step, island, highlight, fit, …)."""
    return map_data(at)["state"]


def send(at: AppTest, event: str, value: Any) -> AppTest:
    """Rerun as if the map's bridge had called ``setTriggerValue(event, value)`` ("island" or "link")."""
    states = at._tree.get_widget_states()
    trigger_id = _make_trigger_id(map_element(at).proto.id, "events")
    states.widgets.append(WidgetState(id=trigger_id, json_trigger_value=json.dumps([{"event": event, "value": value}])))
    return at._run(states)
