"""Named areas the points of view and the history colour: the claimed groups, the rest of the chain, Sakhalin's halves...

Each area is a union of island or context-land geometry; Sakhalin is split at
50°N with shapely. Area ids are the vocabulary of ``data/views.json`` and
``data/history.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely

from geo import paths
from geo.islands import context_land, islands

#: The 1905 border on Sakhalin (Treaty of Portsmouth, Art. IX).
SAKHALIN_SPLIT_LAT = 50.0


@dataclass(frozen=True)
class AreaSpec:
    """A named area: its names and which islands or context land it is made of."""

    id: str
    name_en: str
    name_ru: str
    name_ja: str
    island_ids: tuple[str, ...] = ()
    context_ids: tuple[str, ...] = ()
    #: ``"south"`` / ``"north"``: keep only that side of :data:`SAKHALIN_SPLIT_LAT`.
    side_of_50n: str = ""


def _ids(frame: gpd.GeoDataFrame, **where: str) -> tuple[str, ...]:
    mask = True
    for column, value in where.items():
        mask = mask & (frame[column] == value)
    return tuple(frame.loc[mask, "id"])


def area_specs(island_frame: gpd.GeoDataFrame | None = None) -> tuple[AreaSpec, ...]:
    """Return the area table; island membership follows the islands' ``claimed_by`` and ``group`` columns."""
    frame = islands() if island_frame is None else island_frame
    claimed = _ids(frame, claimed_by="JP")
    unclaimed = tuple(island_id for island_id in frame["id"] if island_id not in claimed)
    lesser = _ids(frame, group="lesser_kuril")
    return (
        AreaSpec("southern_four", "Iturup, Kunashir, Shikotan and the Habomai islets", "Итуруп, Кунашир, Шикотан и острова Хабомаи",
                 "択捉島・国後島・色丹島・歯舞群島", island_ids=claimed),
        AreaSpec("iturup_kunashir", "Iturup and Kunashir", "Итуруп и Кунашир", "択捉島・国後島",
                 island_ids=tuple(i for i in claimed if i not in lesser)),
        AreaSpec("shikotan_habomai", "Shikotan and the Habomai islets", "Шикотан и острова Хабомаи", "色丹島・歯舞群島",
                 island_ids=tuple(i for i in claimed if i in lesser)),
        AreaSpec("kurils_urup_north", "Kuril Islands from Urup northwards", "Курильские острова от Урупа на север",
                 "得撫島以北の千島列島", island_ids=unclaimed),
        AreaSpec("sakhalin_south", "Sakhalin south of 50°N", "Сахалин южнее 50° с. ш.", "北緯50度以南のサハリン（南樺太）",
                 context_ids=("sakhalin",), side_of_50n="south"),
        AreaSpec("sakhalin_north", "Sakhalin north of 50°N", "Сахалин севернее 50° с. ш.", "北緯50度以北のサハリン",
                 context_ids=("sakhalin",), side_of_50n="north"),
        AreaSpec("hokkaido", "Hokkaido", "Хоккайдо", "北海道", context_ids=("hokkaido", "yururi", "moyururi")),
        AreaSpec("honshu", "Honshu", "Хонсю", "本州", context_ids=("honshu",)),
        AreaSpec("kamchatka", "Kamchatka", "Камчатка", "カムチャツカ半島", context_ids=("kamchatka",)),
        AreaSpec("mainland", "Asian mainland", "материковая часть России", "ユーラシア大陸", context_ids=("mainland",)),
    )


def split_at_latitude(geometry: shapely.Geometry, lat: float, side: str) -> shapely.Geometry:
    """Return the part of a lon/lat ``geometry`` south or north (``side``) of latitude ``lat``."""
    xmin, ymin, xmax, ymax = geometry.bounds
    if side == "south":
        half = shapely.box(xmin - 1, ymin - 1, xmax + 1, lat)
    elif side == "north":
        half = shapely.box(xmin - 1, lat, xmax + 1, ymax + 1)
    else:
        raise ValueError(f"side must be 'south' or 'north', got {side!r}")
    return shapely.intersection(geometry, half)


def areas_from(island_frame: gpd.GeoDataFrame, context_frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the named areas built from ``island_frame`` and ``context_frame``: id, names, member ids, geometry.

    Only polygons are unioned (rocks GSHHG does not hold stay in ``island_ids`` but add no area).
    """
    rows = []
    for spec in area_specs(island_frame):
        members = [
            *island_frame.loc[island_frame["id"].isin(spec.island_ids)].geometry,
            *context_frame.loc[context_frame["id"].isin(spec.context_ids)].geometry,
        ]
        polygons = [g for g in members if g.geom_type in ("Polygon", "MultiPolygon")]
        geometry = shapely.union_all(polygons)
        if spec.side_of_50n:
            geometry = split_at_latitude(geometry, SAKHALIN_SPLIT_LAT, spec.side_of_50n)
        rows.append(
            {
                "id": spec.id,
                "name_en": spec.name_en,
                "name_ru": spec.name_ru,
                "name_ja": spec.name_ja,
                "island_ids": list(spec.island_ids),
                "context_ids": list(spec.context_ids),
                "geometry": geometry,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


@lru_cache(maxsize=4)
def _areas(islands_path: Path, context_path: Path) -> gpd.GeoDataFrame:
    return areas_from(islands(islands_path), context_land(context_path))


def areas() -> gpd.GeoDataFrame:
    """Return the named areas from the committed data (cached per pair of data files; a copy each call)."""
    return _areas(paths.data_file("islands.geojson").resolve(), paths.data_file("context_land.geojson").resolve()).copy()


def area_ids() -> tuple[str, ...]:
    """Return the accepted area ids, in table order."""
    return tuple(spec.id for spec in area_specs())
