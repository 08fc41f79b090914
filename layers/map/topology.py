"""The page's geometry sent once: a TopoJSON topology (``geo.topology``) that folium's GeoJson layers draw from.

``PageTopology`` is added to the map before its layers; each :class:`SharedArcsGeoJson` registers its features as
one object of it and, in the browser, once the page's data is unpacked (``layers.payload``), is filled from
``topojson.feature`` (topojson-client 1.6.9, the library
folium's own ``TopoJson`` loads) instead of carrying a GeoJSON copy. Everything else is folium's ``GeoJson``:
style and highlight maps, tooltips, popups and markers work as before, from the same properties.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.geojson import feature_collection
from geo.topology import topology
from layers.payload import PageData, when_ready
from layers.templates import script_json

__all__ = ["PageTopology", "SharedArcsGeoJson", "TOPOJSON_JS"]

#: topojson-client, as folium's ``TopoJson`` loads it (served offline from folium-offline; see layers.vendor.assets).
TOPOJSON_JS = "https://cdnjs.cloudflare.com/ajax/libs/topojson/1.6.9/topojson.min.js"

_EMPTY = {"type": "FeatureCollection", "features": []}


class PageTopology(JSCSSMixin, MacroElement):
    """One TopoJSON topology of every layer registered with :meth:`add`, built when the page is written and sent
    in the page's data (``layers.payload``).

    ``decimals`` is the coordinate grid (``10**-decimals`` degrees): give the frames' own rounding, so quantising
    moves nothing.
    """

    default_js = [("topojson", TOPOJSON_JS)]

    def __init__(self, decimals: int, data: PageData) -> None:
        super().__init__()
        self._name = "Topology"
        self.decimals = decimals
        self.frames: dict[str, gpd.GeoDataFrame] = {}
        self.expression = data.add("topology", self.data)

    def add(self, name: str, frame: gpd.GeoDataFrame) -> str:
        """Register ``frame`` (its columns become the features' properties) as the object ``name``; return ``name``."""
        if name in self.frames:
            raise ValueError(f"the page's topology already has an object {name!r}")
        self.frames[name] = frame
        return name

    def features_js(self, name: str) -> str:
        """Return the JavaScript expression decoding object ``name`` into a FeatureCollection, inside a script
        waiting for the page's data (``layers.payload.when_ready``)."""
        if name not in self.frames:
            raise KeyError(f"the page's topology has no object {name!r}")
        return f"topojson.feature({self.expression}, {self.expression}.objects[{script_json(name)}])"

    def data(self) -> dict[str, Any]:
        """Return the topology of every registered frame (``geo.topology.topology``)."""
        return topology(self.frames, self.decimals)


def page_topology(m: folium.Map) -> PageTopology | None:
    """Return the map's :class:`PageTopology`, or None if it has none."""
    found = [child for child in m._children.values() if isinstance(child, PageTopology)]
    if len(found) > 1:
        raise ValueError(f"a map holds one PageTopology, this one holds {len(found)}")
    return found[0] if found else None


class SharedArcsGeoJson(folium.GeoJson):
    """folium's ``GeoJson``, its features decoded from the page's topology rather than embedded.

    ``frame`` is what ``folium.GeoJson`` would be given (its columns become properties); folium still reads it in
    Python to map styles and check tooltip fields, but the page holds it only once, as the object ``object_name``
    of ``topology``.
    """

    _template = Template("{% macro script(this, kwargs) %}{{ this.layer_script(kwargs) }}{% endmacro %}")

    def __init__(self, frame: gpd.GeoDataFrame, topology_element: PageTopology, object_name: str, **kwargs: Any) -> None:
        super().__init__(feature_collection(frame, topology_element.decimals), **kwargs)
        self.topology = topology_element
        self.object_name = topology_element.add(object_name, frame)

    def layer_script(self, kwargs: dict) -> str:
        """Return folium's own GeoJson script, given no features, then the call adding the topology's."""
        data, self.data = self.data, _EMPTY
        try:
            script = folium.GeoJson._template.module.script(self, kwargs)
        finally:
            self.data = data
        return f"{script}\n" + when_ready(f"{self.get_name()}_add({self.topology.features_js(self.object_name)});")
