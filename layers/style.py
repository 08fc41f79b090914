"""Every colour, weight and user-facing layer name of the map, in one table.

The Russia/Japan pair is taken from the Okabe-Ito palette (vermillion and
blue), which stays distinguishable under the common colour-vision
deficiencies; the claim is drawn as a hatch over the administered fill so the
two positions read one over the other without either hiding the other.
"""

from __future__ import annotations

from typing import Final

from geo.languages import LANGUAGES  # noqa: F401 - re-exported: the label languages are the map's

SEA: Final = "#d6e6f2"
LAND: Final = "#ece8df"
LAND_EDGE: Final = "#9c968a"
JP_CONTEXT_EDGE: Final = "#9c968a"

RU_FILL: Final = "#E69F00"  # Okabe-Ito orange
RU_EDGE: Final = "#8a5a00"
JP_STRIPE: Final = "#005f95"  # Okabe-Ito blue, darkened so the hatch keeps 3:1 contrast over the orange fill (WCAG 1.4.11)
JP_EDGE: Final = "#0072B2"
JP_FILL: Final = "#56B4E9"  # Okabe-Ito sky blue: Japan's fill in the points of view and history
UNDETERMINED_EDGE: Final = "#6b6b6b"
BOUNDARY_INK: Final = "#7a1f5c"  # Okabe-Ito reddish purple, apart from both sides' colours
HIGHLIGHT_EDGE: Final = "#111111"
HIGHLIGHT_FILL: Final = "#fff36b"

LABEL_INK: Final = "#1d1d1d"
LABEL_HALO: Final = "#ffffff"

#: Folium ``style_function`` dictionaries, by layer.
# Context land has no outline: its polygons are clipped to the region, and an outline would draw the cut.
CONTEXT_STYLE: Final = {"fillColor": LAND, "stroke": False, "fillOpacity": 1.0}
RU_STYLE: Final = {"fillColor": RU_FILL, "color": RU_EDGE, "weight": 1.0, "fillOpacity": 0.55}
JP_STYLE: Final = {"color": JP_EDGE, "weight": 2.0, "dashArray": "6 4", "fillOpacity": 0.6}
#: Rocks GSHHG does not hold (about 200 m across) are drawn as a small dot at their published coordinate: a symbol,
#: not a disc that would outweigh the islets around them.
ROCK_MARKER: Final = {"color": RU_EDGE, "fill": True, "fill_color": RU_FILL, "fill_opacity": 0.9, "weight": 1}
ROCK_RADIUS_PX: Final = 3
#: Islands over a map state's fill: a thin outline, clickable, the fill left to the state.
OUTLINE_STYLE: Final = {"color": RU_EDGE, "weight": 0.6, "fillOpacity": 0.0, "fillColor": RU_FILL}
HIGHLIGHT_STYLE: Final = {"fillColor": HIGHLIGHT_FILL, "color": HIGHLIGHT_EDGE, "weight": 3.0, "fillOpacity": 0.35}

STRIPE: Final = {"angle": -45, "weight": 3, "space_weight": 5, "color": JP_STRIPE, "space_color": "#ffffff", "opacity": 0.9, "space_opacity": 0.0}

#: Fills of the map states (points of view and periods of history), by style key (``layers.map.states``).
STATE_STYLES: Final = {
    "ru": {"fillColor": RU_FILL, "color": RU_EDGE, "weight": 0.8, "fillOpacity": 0.6},
    "jp": {"fillColor": JP_FILL, "color": JP_EDGE, "weight": 0.8, "fillOpacity": 0.6},
    "claimed": {"fillColor": RU_FILL, "color": JP_EDGE, "weight": 1.5, "dashArray": "6 4", "fillOpacity": 0.6},
    "shared": {"fillColor": JP_FILL, "color": RU_EDGE, "weight": 0.8, "fillOpacity": 0.6},
    "undetermined": {"fillColor": "#ffffff", "color": UNDETERMINED_EDGE, "weight": 1.0, "dashArray": "4 4", "fillOpacity": 0.9},
    "highlight": {"fill": False, "color": HIGHLIGHT_EDGE, "weight": 3.0, "dashArray": "2 5"},
    "district:Severo-Kurilsky": {"fillColor": "#F5C54C", "color": RU_EDGE, "weight": 1.0, "fillOpacity": 0.9},
    "district:Kurilsky": {"fillColor": "#E69F00", "color": RU_EDGE, "weight": 1.0, "fillOpacity": 0.9},
    "district:Yuzhno-Kurilsky": {"fillColor": "#A86F00", "color": RU_EDGE, "weight": 1.0, "fillOpacity": 0.9},
}
#: Hatches laid over a state fill: Japan's claim, a shared area, an undetermined one.
STATE_PATTERNS: Final = {
    "claimed": STRIPE,
    "shared": {**STRIPE, "color": RU_FILL},
    "undetermined": {**STRIPE, "color": UNDETERMINED_EDGE, "weight": 1.5, "space_weight": 6},
}
#: A fill pattern replaces the fill colour in Leaflet, so a hatched state style is drawn twice: its fill, then over
#: it this hatch with the style's ``STATE_PATTERNS`` pattern (``layers.map.states.state_layer``, the map client).
HATCH_STYLE: Final = {"stroke": False, "fillOpacity": 1.0}
BOUNDARY_STYLE: Final = {"color": BOUNDARY_INK, "weight": 3, "dashArray": "10 6", "opacity": 0.95}
STATE_SIMPLIFY_DEG: Final = 0.0005

#: The map's layers, by key; each one's name (which says whose position it shows) is the catalogue's ``map.layer.<key>``.
LAYER_KEYS: Final = ("context", "ru", "jp", "labels", "highlight", "state")

#: Initial view: the whole chain from Hokkaido to Kamchatka.
CHAIN_BOUNDS: Final = ((42.6, 142.5), (51.2, 157.0))
#: Panning stops at the edge of the built region (geo.build.REGION), beyond which there is no land data.
MAX_BOUNDS: Final = ((41.0, 139.0), (52.5, 158.0))
MIN_ZOOM: Final = 5
#: Zoom levels a fit may stop at: quarters, so that the whole chain fills a frame of any shape (the +/- buttons still
#: step by one level).
ZOOM_SNAP: Final = 0.25
MAX_ZOOM: Final = 14
#: A fit (a tour step, a picked excerpt) zooms in no further than this, with this margin around what it shows.
FIT_MAX_ZOOM: Final = 12
FIT_PADDING_PX: Final = 30

#: Two levels of detail (``layers.map.topology``): up to this zoom, the coasts are drawn simplified to a part of a
#: pixel (Leaflet itself smooths each path to one pixel when it draws); past it, at full detail. The chain's opening
#: view is zoom 5 to 6.5, so it is drawn from about a third of the vertices.
COARSE_MAX_ZOOM: Final = 7
COARSE_TOLERANCE_PX: Final = 0.5

#: Islands smaller than this (drawn area) get their label only when zoomed in.
MINOR_LABEL_AREA_KM2: Final = 50.0
MINOR_LABEL_MIN_ZOOM: Final = 8


#: Context land labelled on the map (with its country); the clipped mainland and Honshu are left unlabelled.
CONTEXT_LABELS: Final = ("hokkaido", "sakhalin", "kamchatka")
