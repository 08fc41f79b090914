"""The page's geometry sent once: a TopoJSON topology (``geo.topology``) that folium's GeoJson layers draw from.

``PageTopology`` is added to the map before its layers; each :class:`SharedArcsGeoJson` registers its features as
one object of it and, in the browser, once the page's data is unpacked (``layers.payload``), is filled from
``topojson.feature`` (topojson-client 1.6.9, the library
folium's own ``TopoJson`` loads) instead of carrying a GeoJSON copy. Everything else is folium's ``GeoJson``:
style and highlight maps, tooltips, popups and markers work as before, from the same properties.

The topology carries two levels of detail over the same arcs (``geo.topology.coarse_points``): features are
decoded at the coarse one, and each path is projected at the level of its zoom (``templates/levels.js``), so the
opening view draws about a third of the vertices and a closer look draws them all.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from pyproj import CRS

from geo.geojson import feature_collection
from geo.topology import coarse_points, coarse_steps, topology
from layers.payload import PageData, when_ready
from layers.style import COARSE_MAX_ZOOM, COARSE_TOLERANCE_PX
from layers.templates import TEMPLATE_DIR, script_json

__all__ = ["PageTopology", "SharedArcsGeoJson", "TOPOJSON_JS", "mercator_metres_per_pixel"]

#: topojson-client, as folium's ``TopoJson`` loads it (served offline from folium-offline; see layers.vendor.assets).
TOPOJSON_JS = "https://cdnjs.cloudflare.com/ajax/libs/topojson/1.6.9/topojson.min.js"

_EMPTY = {"type": "FeatureCollection", "features": []}


def mercator_metres_per_pixel(zoom: float) -> float:
    """Return the Web Mercator metres one pixel spans at ``zoom`` (Leaflet's 256-pixel tiles, EPSG:3857's sphere).

    >>> round(mercator_metres_per_pixel(0), 1)
    156543.0
    """
    radius = CRS.from_epsg(3857).ellipsoid.semi_major_metre
    return 2 * math.pi * radius / (256 * 2**zoom)


class PageTopology(JSCSSMixin, MacroElement):
    """One TopoJSON topology of every layer registered with :meth:`add`, built when the page is written and sent
    in the page's data (``layers.payload``).

    ``decimals`` is the coordinate grid (``10**-decimals`` degrees): give the frames' own rounding, so quantising
    moves nothing. Up to ``coarse_max_zoom`` the page draws the arcs simplified to ``coarse_tolerance_px`` of a
    pixel at that zoom; closer, at full detail.
    """

    default_js = [("topojson", TOPOJSON_JS)]
    _template = Template("{% macro script(this, kwargs) %}{{ this.script() }}{% endmacro %}")

    def __init__(
        self,
        decimals: int,
        data: PageData,
        coarse_max_zoom: float = COARSE_MAX_ZOOM,
        coarse_tolerance_px: float = COARSE_TOLERANCE_PX,
    ) -> None:
        super().__init__()
        self._name = "Topology"
        self.decimals = decimals
        self.coarse_max_zoom = coarse_max_zoom
        self.coarse_tolerance_m = coarse_tolerance_px * mercator_metres_per_pixel(coarse_max_zoom)
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
        return f"{self.get_name()}.features({script_json(name)})"

    def data(self) -> dict[str, Any]:
        """Return the topology of every registered frame (``geo.topology.topology``), with the points of each arc
        its coarse level keeps, as steps between their indices (``coarseSteps``: ``geo.topology.coarse_steps``)."""
        result = topology(self.frames, self.decimals)
        result["coarseSteps"] = coarse_steps(coarse_points(result, self.coarse_tolerance_m))
        return result

    def script(self) -> str:
        """Return the script (JavaScript) making the page's levels of detail, ``templates/levels.js``, once its data
        is unpacked; the layers decode their features from it."""
        levels = Path(TEMPLATE_DIR, "levels.js").read_text(encoding="utf-8")
        start = when_ready(f"{self.get_name()} = kurilLevels({self.expression}, {script_json(self.coarse_max_zoom)});")
        return f"{levels}\nvar {self.get_name()} = null;\n{start}"


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
