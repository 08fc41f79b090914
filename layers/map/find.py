"""Find the folium elements ``render_map`` made, by the names it gives them."""

from __future__ import annotations

from collections.abc import Iterable

import folium
from branca.element import Element

#: The name ``layers.map.render.administered_layer`` gives the clickable islands' GeoJson.
ISLANDS_LAYER_NAME = "islands"


def _walk(element: Element) -> Iterable[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def find_geojson(m: folium.Map, layer_name: str = ISLANDS_LAYER_NAME) -> folium.GeoJson:
    """Return the map's ``folium.GeoJson`` called ``layer_name`` (``render_map`` names the islands ``"islands"``)."""
    found = [
        element for element in _walk(m)
        if isinstance(element, folium.GeoJson) and getattr(element, "layer_name", None) == layer_name
    ]
    if len(found) != 1:
        names = sorted({element.layer_name for element in _walk(m) if isinstance(element, folium.GeoJson)})
        raise LookupError(
            f"expected one GeoJson layer named {layer_name!r} in the map, found {len(found)}; layers: {names}. "
            "Build the map with layers.map.render_map",
        )
    return found[0]
