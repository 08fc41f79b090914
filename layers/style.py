"""Every colour, weight and user-facing layer name of the map, in one table.

The Russia/Japan pair is taken from the Okabe-Ito palette (vermillion and
blue), which stays distinguishable under the common colour-vision
deficiencies; the claim is drawn as a hatch over the administered fill so the
two positions read one over the other without either hiding the other.
"""

from __future__ import annotations

from typing import Final

SEA: Final = "#d6e6f2"
LAND: Final = "#ece8df"
LAND_EDGE: Final = "#9c968a"
JP_CONTEXT_EDGE: Final = "#9c968a"

RU_FILL: Final = "#E69F00"  # Okabe-Ito orange
RU_EDGE: Final = "#8a5a00"
JP_STRIPE: Final = "#0072B2"  # Okabe-Ito blue
JP_EDGE: Final = "#0072B2"
HIGHLIGHT_EDGE: Final = "#111111"
HIGHLIGHT_FILL: Final = "#fff36b"

LABEL_INK: Final = "#1d1d1d"
LABEL_HALO: Final = "#ffffff"

#: Folium ``style_function`` dictionaries, by layer.
# Context land has no outline: its polygons are clipped to the region, and an outline would draw the cut.
CONTEXT_STYLE: Final = {"fillColor": LAND, "stroke": False, "fillOpacity": 1.0}
RU_STYLE: Final = {"fillColor": RU_FILL, "color": RU_EDGE, "weight": 1.0, "fillOpacity": 0.55}
JP_STYLE: Final = {"color": JP_EDGE, "weight": 2.0, "dashArray": "6 4", "fillOpacity": 0.6}
#: Rocks GSHHG does not hold are drawn as a ring at their published coordinate.
ROCK_MARKER: Final = {"color": RU_EDGE, "fill": True, "fill_color": RU_FILL, "fill_opacity": 0.9, "weight": 2}
HIGHLIGHT_STYLE: Final = {"fillColor": HIGHLIGHT_FILL, "color": HIGHLIGHT_EDGE, "weight": 3.0, "fillOpacity": 0.35}

STRIPE: Final = {"angle": -45, "weight": 3, "space_weight": 5, "color": JP_STRIPE, "space_color": "#ffffff", "opacity": 0.9, "space_opacity": 0.0}

#: Layer names shown in the layer control; each says whose position it shows.
LAYER_NAMES: Final = {
    "context": "Land around the chain (offline)",
    "ru": "Administered by Russia (Sakhalin Oblast)",
    "jp": "Claimed by Japan (Northern Territories)",
    "labels": "Island names",
    "highlight": "Selected",
}

#: Initial view: the whole chain from Hokkaido to Kamchatka.
CHAIN_BOUNDS: Final = ((42.6, 142.5), (51.2, 157.0))
#: Panning stops at the edge of the built region (geo.build.REGION), beyond which there is no land data.
MAX_BOUNDS: Final = ((41.0, 139.0), (52.5, 158.0))
MIN_ZOOM: Final = 5
MAX_ZOOM: Final = 14

#: Islands smaller than this (drawn area) get their label only when zoomed in.
MINOR_LABEL_AREA_KM2: Final = 50.0
MINOR_LABEL_MIN_ZOOM: Final = 8

LANGUAGES: Final = ("en", "ru", "ja")

#: Context land labelled on the map (with its country); the clipped mainland and Honshu are left unlabelled.
CONTEXT_LABELS: Final = ("hokkaido", "sakhalin", "kamchatka")
