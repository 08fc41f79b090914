"""The page's data, sent once and compressed: the topology, the client's states and words, the panel's sheets.

A map page carries a few hundred kilobytes of JSON: the coasts (``layers.map.topology``), every state's legend,
every island's fact sheet and tooltip, each side's position and the catalogue, each in three languages. The words
repeat a great deal (the same table rows in every sheet), so ``zlib`` shrinks the whole to about a tenth. The page
holds it as one base64 string, first in the map's script; the browser inflates it with its own
``DecompressionStream`` (no library) and resolves the promise ``kurilData`` with the data, before any script that
needs it runs:

    kurilData.then(function (kurilPayload) { ... kurilPayload.client ... });

Elements register what they send with :meth:`PageData.add` (a function called when the page is rendered, after
every element has registered) and wrap their script with :func:`when_ready`. Scripts run in the order the page
holds them, as before: every ``then`` on one promise runs in the order it was attached.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium
from folium.template import Template

from layers.i18n import text
from layers.templates import TEMPLATE_DIR, PageElement, script_json

__all__ = ["PAYLOAD_VAR", "PageData", "pack", "page_data", "unpack", "when_ready"]

#: The name of the data inside each script that waits for it.
PAYLOAD_VAR = "kurilPayload"
#: The page's promise of its data.
READY_VAR = "kurilData"


def pack(data: Any) -> str:
    """Return ``data`` as compact JSON, deflated (zlib format, level 9), in base64.

    >>> unpack(pack({"name": "国後島"}))
    {'name': '国後島'}
    """
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def unpack(packed: str) -> Any:
    """Return the data of :func:`pack`'s output (what the browser does, for tests and benchmarks)."""
    return json.loads(zlib.decompress(base64.b64decode(packed, validate=True)).decode("utf-8"))


def when_ready(script: str) -> str:
    """Return ``script`` run once the page's data is there, as ``kurilPayload``."""
    return f"{READY_VAR}.then(function ({PAYLOAD_VAR}) {{\n{script}\n}});"


class PageData(PageElement):
    """The page's one packed payload and the script that unpacks it, first in the map's script (``render_map`` adds
    this element before any other, so it runs right after the map is made and before everything that waits on it).

    It is a template macro, so that a host running each element's script macro itself (st_folium's component)
    unpacks it too. ``ui`` is the language of the message a reader gets if the browser cannot unpack it (one from
    before 2023).
    """

    _template = Template("{% macro script(this, kwargs) %}{{ this.script() }}{% endmacro %}")

    def __init__(self, ui: str = "en") -> None:
        super().__init__()
        self._name = "PageData"
        self.ui = ui
        self.providers: dict[str, Callable[[], Any]] = {}

    def add(self, key: str, provider: Callable[[], Any]) -> str:
        """Register ``provider`` (called once, when the page is written: every element registers when it is made)
        as the payload's ``key``; return the JavaScript expression of its value inside a :func:`when_ready` script."""
        if key in self.providers:
            raise ValueError(f"the page's data already has {key!r}")
        self.providers[key] = provider
        return f"{PAYLOAD_VAR}[{script_json(key)}]"

    def payload(self) -> dict[str, Any]:
        """Return every registered value by key."""
        return {key: provider() for key, provider in self.providers.items()}

    def script(self) -> str:
        """Return the unpacking script (JavaScript): ``kurilData``, the promise of the payload."""
        unpacker = Path(TEMPLATE_DIR, "payload.js").read_text(encoding="utf-8")
        messages = {"unsupported": text("map.page.unsupported", self.ui), "broken": text("map.page.broken", self.ui)}
        return f"{unpacker}\nvar {READY_VAR} = kurilUnpack({script_json(pack(self.payload()))}, {script_json(messages)});"


def page_data(m: folium.Map) -> PageData:
    """Return the map's :class:`PageData` (``render_map`` adds one first)."""
    found = [child for child in m._children.values() if isinstance(child, PageData)]
    if len(found) != 1:
        raise LookupError(f"a map built by render_map holds one PageData, this one holds {len(found)}")
    return found[0]
