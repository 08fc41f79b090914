"""The map as folium objects: ``render_map()``, its layers, the map states (views, periods) and the legend."""

from layers.map.render import (
    COORDINATE_DECIMALS,
    WEB_TILES,
    administered_layer,
    bounds_of,
    claimed_layer,
    context_layer,
    highlight_layer,
    labels_layer,
    map_css,
    map_state,
    render_map,
)

__all__ = [
    "COORDINATE_DECIMALS",
    "WEB_TILES",
    "administered_layer",
    "bounds_of",
    "claimed_layer",
    "context_layer",
    "highlight_layer",
    "labels_layer",
    "map_css",
    "map_state",
    "render_map",
]
