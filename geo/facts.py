"""Distances a teacher reaches for, computed from the coastlines and shown beside the published figures.

Computed values come from the full-resolution GSHHG coastlines (Hokkaido is only
simplified in ``data/context_land.geojson``), so ``python -m geo.build``
writes them to ``data/facts.json`` with :func:`compute_facts`; :func:`teacher_facts`
joins them with :data:`PUBLISHED`. GSHHG is a generalised shoreline: expect
differences of a few hundred metres, and more where a published figure is measured
to a feature GSHHG does not draw (see each fact's ``note``).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod, Transformer
from shapely.ops import nearest_points

from geo import paths
from geo.boundaries import local_crs
from geo.datafile import check_with, read_object

#: The file's name in the data folder (``geo.paths.data_file``), looked up at each call.
FACTS_FILE = "facts.json"

_GEOD = Geod(ellps="WGS84")

HOPPOU_TABLE = "https://www.hoppou.go.jp/gakushu/outline/islands/island1/"
CAO_PAGE = "https://www8.cao.go.jp/hoppo/sugata/01.html"

#: Cape Nosappu as published (ja.wikipedia infobox, 43°23′6.2″N 145°48′58.6″E), to check the derived point.
NOSAPPU_PUBLISHED_LONLAT = (145.816278, 43.385056)
NOSAPPU_PUBLISHED_SOURCE = "https://ja.wikipedia.org/wiki/納沙布岬 (infobox; read via the mirror mobile.seisyun.net/wgate/納沙布岬)"


@dataclass(frozen=True)
class PublishedFact:
    """A published figure and what the computation measures to compare with it."""

    id: str
    label_en: str
    label_ru: str
    label_ja: str
    kind: str  # "distance" (shortest) or "length" (an island's greatest extent)
    origin: str  # "cape_nosappu", "hokkaido" or a feature id
    target: tuple[str, ...]  # feature ids; the nearest one is reached
    published_km: float
    source: str
    note: str = ""
    note_ru: str = ""
    note_ja: str = ""


#: The published figures (Japan's Cabinet Office and Northern Territories Issue Association).
#: Distances "from Cape Nosappu" except Kunashiri's, measured from the Notsuke peninsula (HOPPOU_TABLE).
PUBLISHED: tuple[PublishedFact, ...] = (
    PublishedFact(
        "nosappu_kaigara", "Cape Nosappu – Kaigara (Signalny)", "Мыс Носаппу – о. Сигнальный", "納沙布岬 – 貝殻島",
        "distance", "cape_nosappu", ("signalny",), 3.7, HOPPOU_TABLE,
        "Kaigara/Signalny is a ~200 m rock GSHHG does not draw: the computed distance reaches its published point "
        "(data/gazetteer.csv), not its shore.",
        note_ru='Сигнальный (Кайгара) — скала около 200 м, которой нет в GSHHG: расстояние рассчитано до её опубликованной точки (data/gazetteer.csv), а не до берега.',
        note_ja='貝殻島は約200 mの岩礁でGSHHGには描かれていないため、計算した距離は海岸線ではなく公表された位置（data/gazetteer.csv）までのものである。',
    ),
    PublishedFact(
        "nosappu_suisho", "Cape Nosappu – Suisho (Tanfilyev)", "Мыс Носаппу – о. Танфильева", "納沙布岬 – 水晶島",
        "distance", "cape_nosappu", ("tanfilyev",), 7.0, HOPPOU_TABLE,
        "The nearest Habomai islet GSHHG draws. The computed shortest distance is well below the published 7.0 km; "
        "the source does not say to which point of Suisho it measures (unexplained difference).",
        note_ru='Ближайший из островов Хабомаи, который есть в GSHHG. Рассчитанное кратчайшее расстояние заметно меньше опубликованных 7.0 км; источник не говорит, до какой точки острова Танфильева (Суйсё) ведётся измерение (расхождение не объяснено).',
        note_ja='GSHHGに描かれている歯舞群島の島のうち最も近い島。計算した最短距離は公表値の7.0 kmをかなり下回る。出典は水晶島のどの地点までの距離かを示していない（差の理由は不明）。',
    ),
    PublishedFact(
        "nosappu_nearest_habomai", "Cape Nosappu – nearest Habomai islet", "Мыс Носаппу – ближайший из островов Хабомаи",
        "納沙布岬 – 最も近い歯舞群島の島", "distance", "cape_nosappu",
        ("signalny", "tanfilyev", "anuchina", "yuri", "zelyony", "polonsky", "oskolki"), 3.7, HOPPOU_TABLE,
        "Published: 'the Habomai islands lie from 3.7 km off Cape Nosappu' (Kaigara).",
        note_ru='Опубликовано: острова Хабомаи начинаются в 3.7 км от мыса Носаппу (остров Сигнальный, Кайгара).',
        note_ja='公表値：歯舞群島は納沙布岬から3.7 kmの距離から始まる（貝殻島）。',
    ),
    PublishedFact(
        "nosappu_akiyuri", "Cape Nosappu – Akiyuri (Anuchina)", "Мыс Носаппу – о. Анучина", "納沙布岬 – 秋勇留島",
        "distance", "cape_nosappu", ("anuchina",), 13.7, HOPPOU_TABLE,
    ),
    PublishedFact(
        "nosappu_yuri", "Cape Nosappu – Yuri", "Мыс Носаппу – о. Юрий", "納沙布岬 – 勇留島",
        "distance", "cape_nosappu", ("yuri",), 16.6, HOPPOU_TABLE,
    ),
    PublishedFact(
        "nosappu_shibotsu", "Cape Nosappu – Shibotsu (Zelyony)", "Мыс Носаппу – о. Зелёный", "納沙布岬 – 志発島",
        "distance", "cape_nosappu", ("zelyony",), 25.5, HOPPOU_TABLE,
    ),
    PublishedFact(
        "nosappu_taraku", "Cape Nosappu – Taraku (Polonsky)", "Мыс Носаппу – о. Полонского", "納沙布岬 – 多楽島",
        "distance", "cape_nosappu", ("polonsky",), 45.5, HOPPOU_TABLE,
    ),
    PublishedFact(
        "nosappu_shikotan", "Cape Nosappu – Shikotan", "Мыс Носаппу – о. Шикотан", "納沙布岬 – 色丹島",
        "distance", "cape_nosappu", ("shikotan",), 73.3, HOPPOU_TABLE,
    ),
    PublishedFact(
        "nosappu_iturup", "Cape Nosappu – Etorofu (Iturup)", "Мыс Носаппу – о. Итуруп", "納沙布岬 – 択捉島",
        "distance", "cape_nosappu", ("iturup",), 144.5, HOPPOU_TABLE,
    ),
    PublishedFact(
        "hokkaido_kunashir", "Hokkaido (Notsuke peninsula) – Kunashiri", "Хоккайдо (полуостров Нотсуке) – о. Кунашир",
        "北海道（野付半島）– 国後島", "distance", "hokkaido", ("kunashir",), 16.0, HOPPOU_TABLE,
        "Computed as the shortest distance from Hokkaido's main island; the Hokkaido end should fall on the Notsuke peninsula.",
        note_ru='Рассчитано как кратчайшее расстояние от основного острова Хоккайдо; конец на Хоккайдо должен приходиться на полуостров Нотсуке.',
        note_ja='北海道本島からの最短距離として計算した。北海道側の端は野付半島になるはずである。',
    ),
    PublishedFact(
        "kunashir_iturup", "Kunashiri – Etorofu (Catherine Strait)", "Кунашир – Итуруп (пролив Екатерины)",
        "国後島 – 択捉島（国後水道）", "distance", "kunashir", ("iturup",), 22.5, CAO_PAGE,
    ),
    PublishedFact(
        "kunashir_length", "Length of Kunashiri", "Длина Кунашира", "国後島の全長",
        "length", "kunashir", ("kunashir",), 122.0, CAO_PAGE,
        "Computed as the greatest geodesic distance between two points of the main island's polygon.",
        note_ru="Рассчитано как наибольшее геодезическое расстояние между двумя точками контура основного острова.",
        note_ja="本島の輪郭上の2点間の最大の測地線距離として計算した。",
    ),
    PublishedFact(
        "iturup_length", "Length of Etorofu (Iturup)", "Длина Итурупа", "択捉島の全長",
        "length", "iturup", ("iturup",), 204.0, CAO_PAGE,
        "Computed as the greatest geodesic distance between two points of the main island's polygon.",
        note_ru="Рассчитано как наибольшее геодезическое расстояние между двумя точками контура основного острова.",
        note_ja="本島の輪郭上の2点間の最大の測地線距離として計算した。",
    ),
)


def main_polygon(geometry: shapely.Geometry) -> shapely.Geometry:
    """Return the largest polygon of ``geometry`` (the island itself, without its islets); points pass through."""
    parts = shapely.get_parts(geometry)
    polygons = [part for part in parts if part.geom_type == "Polygon"]
    return max(polygons, key=lambda polygon: polygon.area) if polygons else geometry


def cape_nosappu(hokkaido: shapely.Geometry) -> shapely.Point:
    """Return Cape Nosappu derived from the data: the easternmost vertex of Hokkaido's main polygon.

    Cape Nosappu is by definition Hokkaido's easternmost point; the rocks off it are
    islets attached to Hokkaido, so only the main polygon is used.
    """
    coordinates = shapely.get_coordinates(main_polygon(hokkaido))
    east = coordinates[np.lexsort((coordinates[:, 1], -coordinates[:, 0]))[0]]
    return shapely.Point(float(east[0]), float(east[1]))


def geodesic_m(a: shapely.Point, b: shapely.Point) -> float:
    """Return the WGS84 geodesic distance between two lon/lat points, in metres."""
    _, _, distance = _GEOD.inv(a.x, a.y, b.x, b.y)
    return float(distance)


def _transformers(geometry: shapely.Geometry) -> tuple[Transformer, Transformer]:
    crs = local_crs(geometry)
    return (
        Transformer.from_crs("EPSG:4326", crs, always_xy=True),
        Transformer.from_crs(crs, "EPSG:4326", always_xy=True),
    )


def _apply(geometry: shapely.Geometry, transformer: Transformer) -> shapely.Geometry:
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def shortest_distance(a: shapely.Geometry, b: shapely.Geometry) -> tuple[float, shapely.Point, shapely.Point]:
    """Return ``(distance_m, point_on_a, point_on_b)``: the shortest geodesic distance between two lon/lat geometries.

    The nearest points are found in a local conformal projection, then measured on the WGS84 ellipsoid.
    """
    forward, back = _transformers(shapely.union_all([a, b]))
    near_a, near_b = nearest_points(_apply(a, forward), _apply(b, forward))
    point_a, point_b = _apply(near_a, back), _apply(near_b, back)
    return geodesic_m(point_a, point_b), point_a, point_b


def length_m(island: shapely.Geometry) -> tuple[float, shapely.Point, shapely.Point]:
    """Return ``(length_m, end_a, end_b)``: the greatest geodesic distance across the island's main polygon."""
    hull = main_polygon(island).convex_hull
    forward, back = _transformers(hull)
    coordinates = shapely.get_coordinates(_apply(hull, forward))
    best = max(itertools.combinations(range(len(coordinates)), 2), key=lambda pair: np.hypot(*(coordinates[pair[0]] - coordinates[pair[1]])))
    end_a, end_b = (_apply(shapely.Point(coordinates[i]), back) for i in best)
    return geodesic_m(end_a, end_b), end_a, end_b


def _lonlat(point: shapely.Point) -> list[float]:
    return [round(point.x, 5), round(point.y, 5)]


def compute_facts(islands: gpd.GeoDataFrame, hokkaido: shapely.Geometry) -> dict[str, dict[str, Any]]:
    """Return each fact of :data:`PUBLISHED` computed from the geometry: distance, endpoints and feature reached.

    ``islands`` has ``id`` and geometry (EPSG:4326); ``hokkaido`` is Hokkaido's land (its main polygon is used).
    """
    by_id = dict(zip(islands["id"], islands.geometry))
    nosappu = cape_nosappu(hokkaido)
    origins = {"cape_nosappu": nosappu, "hokkaido": main_polygon(hokkaido)}
    result: dict[str, dict[str, Any]] = {}
    for fact in PUBLISHED:
        missing = [feature for feature in (*fact.target, fact.origin) if feature not in by_id and feature not in origins]
        if missing:
            raise ValueError(f"fact {fact.id!r}: unknown features {missing}")
        origin = origins.get(fact.origin, by_id.get(fact.origin))
        if fact.kind == "length":
            distance, end_a, end_b = length_m(by_id[fact.target[0]])
            reached = fact.target[0]
        else:
            measured = sorted(
                ((*shortest_distance(origin, by_id[target]), target) for target in fact.target), key=lambda row: (row[0], row[3])
            )
            distance, end_a, end_b, reached = measured[0]
        result[fact.id] = {
            "computed_km": round(distance / 1000, 2),
            "from_lonlat": _lonlat(end_a),
            "to_lonlat": _lonlat(end_b),
            "reaches": reached,
            "reaches_point_feature": by_id[reached].geom_type == "Point",
        }
    return result


#: What each computed fact in ``data/facts.json`` holds.
FACT_KEYS = ("computed_km", "from_lonlat", "to_lonlat", "reaches")


def _check(table: dict[str, Any]) -> None:
    if not isinstance(table["facts"], dict):
        raise ValueError("'facts' must map each fact id to its computed value")
    for fact in PUBLISHED:
        measured = table["facts"].get(fact.id)
        if measured is None:
            raise ValueError(f"no computed value for {fact.id!r}")
        missing = [key for key in FACT_KEYS if key not in measured]
        if missing:
            raise ValueError(f"fact {fact.id!r} lacks {missing}")
        float(measured["computed_km"])


@lru_cache(maxsize=4)
def _read(path: Path) -> dict[str, Any]:
    table = read_object(path, FACTS_FILE, ("_meta", "cape_nosappu", "facts"))
    check_with(path, FACTS_FILE, lambda: _check(table))
    return table


def computed_facts(path: Path | str | None = None) -> dict[str, Any]:
    """Return the committed computation record (``_meta``, ``cape_nosappu`` and ``facts``) from ``data/facts.json``.

    ``path`` defaults to ``data/facts.json``, looked up now; a bad file raises ``DataFileError`` naming it.
    """
    return json.loads(json.dumps(_read(Path(path if path is not None else paths.data_file(FACTS_FILE)).resolve())))


def teacher_facts(path: Path | str | None = None) -> pd.DataFrame:
    """Return one row per fact: labels, ``computed_km`` beside ``published_km``, their difference, source and note."""
    computed = computed_facts(path)["facts"]
    rows = []
    for fact in PUBLISHED:
        measured = computed[fact.id]  # every fact is there: checked on load
        rows.append(
            {
                "id": fact.id,
                "label_en": fact.label_en,
                "label_ru": fact.label_ru,
                "label_ja": fact.label_ja,
                "kind": fact.kind,
                "computed_km": measured["computed_km"],
                "published_km": fact.published_km,
                "difference_km": round(measured["computed_km"] - fact.published_km, 2),
                "reaches": measured["reaches"],
                "from_lonlat": measured["from_lonlat"],
                "to_lonlat": measured["to_lonlat"],
                "source": fact.source,
                "note": fact.note,
                "note_ru": fact.note_ru,
                "note_ja": fact.note_ja,
            }
        )
    return pd.DataFrame(rows)
