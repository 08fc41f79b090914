"""Reading the data files under ``data/``, with one error for a bad one: :class:`DataFileError`.

Every loader in ``geo/`` reads through here, so a missing, unreadable, non-UTF-8, malformed or
schema-breaking file gives a :class:`DataFileError` whose message names the file relative to the
project (``data/views.json``, never a server path), says what is wrong (line and column for JSON)
and how to fix it (restore a curated file with git, rebuild a built one). One ``except DataFileError``
in the app catches them all. Hand-curated JSON tables (views, history) are read once, checked once
and handed out as copies (:func:`entries`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd

from geo import paths

#: Files edited by hand and committed: restored with git.
CURATED = ("gazetteer.csv", "places.csv", "views.json", "history.json", "tour.json")
#: Files written by ``python -m geo.build``: rebuilt (or restored with git).
BUILT = ("islands.geojson", "context_land.geojson", "boundaries.geojson", "facts.json", "manifest.json")

T = TypeVar("T")

REBUILD = "pip install -r requirements-data.txt && python -m geo.build"


class DataFileError(ValueError):
    """A data file is missing, unreadable, undecodable, malformed or breaks its schema.

    The message names the file relative to the project, says what is wrong and how to fix it;
    ``file`` holds that name when the error is about a file (None for a check of data in memory).
    """

    file: str | None = None


def file_stamp(path: Path) -> tuple[int, int]:
    """Return (modification time in ns, size) of ``path``, or (0, 0) when it cannot be read: a cache key part,
    so a loader cached by file re-reads a file edited while the server runs (the loader reports a missing one)."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def fix_hint(role: str) -> str:
    """Return how to repair the data file whose canonical name is ``role`` (e.g. ``"views.json"``)."""
    if role in BUILT:
        return f"rebuild it with `{REBUILD}`, or restore it with `git checkout data/{role}`"
    if role == "tour.json":
        return "fix it (format: data/TOUR.md), or restore it with `git checkout data/tour.json`"
    return f"fix it, or restore it with `git checkout data/{role}`"


def error(path: Path | str, role: str, problem: str, kind: type[DataFileError] = DataFileError) -> DataFileError:
    """Return a ``kind`` error: "<file> <problem>; <how to fix it>", the file named relative to the project."""
    name = paths.display_name(path)
    err = kind(f"{name} {problem}; {fix_hint(role)}")
    err.file = name
    return err


def read_text(path: Path, role: str, kind: type[DataFileError] = DataFileError) -> str:
    """Return the UTF-8 text of the data file at ``path``; raise ``kind`` if it is missing, unreadable, not UTF-8 or empty."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise error(path, role, "is missing", kind) from None
    except IsADirectoryError:
        raise error(path, role, "is a folder, not a file", kind) from None
    except OSError as err:
        raise error(path, role, f"could not be read ({err.strerror or type(err).__name__})", kind) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise error(path, role, f"is not valid UTF-8 (byte 0x{raw[err.start]:02x} at line {line}, column {column})", kind) from None
    if not text.strip():
        raise error(path, role, "is empty", kind)
    return text


def read_json(path: Path, role: str, kind: type[DataFileError] = DataFileError) -> Any:
    """Return the parsed JSON of the data file at ``path``; raise ``kind`` naming the line and column of a syntax error."""
    text = read_text(path, role, kind)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise error(path, role, f"is not valid JSON: line {err.lineno}, column {err.colno}: {err.msg}", kind) from None
    except RecursionError:
        raise error(path, role, "is not valid JSON: it nests too deeply", kind) from None


def read_object(path: Path, role: str, keys: Sequence[str], kind: type[DataFileError] = DataFileError) -> dict[str, Any]:
    """Return the JSON object in the data file at ``path``; raise ``kind`` unless it is an object holding ``keys``."""
    table = read_json(path, role, kind)
    if not isinstance(table, dict):
        raise error(path, role, f"is invalid: expected a JSON object, got {type(table).__name__}", kind)
    missing = [key for key in keys if key not in table]
    if missing:
        raise error(path, role, f"is invalid: it lacks {missing}", kind)
    return table


def read_csv(path: Path, role: str, columns: Sequence[str]) -> pd.DataFrame:
    """Return the CSV data file at ``path`` as strings (blank cells stay ``""``); it must hold ``columns`` and a row."""
    text = read_text(path, role).removeprefix("\ufeff")
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        raise error(path, role, f"is not valid CSV ({' '.join(str(err).split())})") from None
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise error(path, role, f"is invalid: missing columns {missing}; expected at least {list(columns)}")
    if table.empty:
        raise error(path, role, "is invalid: it has no rows")
    return table


def read_geojson(path: Path, role: str, columns: Sequence[str] = ("id",)) -> gpd.GeoDataFrame:
    """Return the GeoJSON FeatureCollection at ``path`` (EPSG:4326); it must hold features with ``columns``."""
    collection = read_object(path, role, ("features",))
    features = collection["features"]
    if not isinstance(features, list):
        raise error(path, role, "is not valid GeoJSON: 'features' is not a list")
    if not features:
        raise error(path, role, "is invalid: it holds no features")
    try:
        frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as err:
        raise error(path, role, f"is not valid GeoJSON ({type(err).__name__}: {err})") from None
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise error(path, role, f"is invalid: its features lack the properties {missing}")
    if frame.geometry.isna().any():
        raise error(path, role, f"is invalid: features {sorted(map(str, frame.loc[frame.geometry.isna(), columns[0]]))} have no geometry")
    return frame


#: Checks a loaded table; raises ``ValueError`` (or meets a missing key or wrong type) naming the entry and what to fix.
Checker = Callable[[dict[str, Any], Path], None]


def check_with(path: Path, role: str, check: Callable[[], T], kind: type[DataFileError] = DataFileError) -> T:
    """Return ``check()``, run on a loaded data file; turn what it refuses into ``kind`` naming the file.

    A ``DataFileError`` that already names a file (another one, e.g. the islands a tour step names) passes as it is.
    """
    try:
        return check()
    except DataFileError as err:
        if err.file is not None:  # about another file (e.g. the islands a tour step names): already says which
            raise
        raise error(path, role, f"is invalid: {err}", kind) from err
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as err:
        problem = str(err) if isinstance(err, ValueError) else f"{type(err).__name__}: {err}"
        raise error(path, role, f"is invalid: {problem}", kind) from err


@lru_cache(maxsize=16)
def _load(path: Path, role: str, key: str, check: Checker) -> dict[str, Any]:
    table = read_object(path, role, (key,))
    if not isinstance(table[key], list) or not all(isinstance(entry, dict) for entry in table[key]):
        raise error(path, role, f"is invalid: {key!r} must be a list of objects")
    check_with(path, role, lambda: check(table, path))
    return table


def _resolved(path: Path | str | None, role: str) -> Path:
    return Path(path if path is not None else paths.data_file(role)).resolve()


def entries(path: Path | str | None, key: str, check: Checker, role: str | None = None) -> list[dict[str, Any]]:
    """Return a deep copy of the list ``key`` of the checked JSON file at ``path`` (loaded and checked once per file).

    ``role`` is the file's canonical name (``"views.json"``); ``path=None`` looks it up in the data folder now.
    """
    role = role or Path(path).name
    return json.loads(json.dumps(_load(_resolved(path, role), role, key, check)[key]))


def entry_ids(path: Path | str | None, key: str, check: Checker, role: str | None = None) -> tuple[str, ...]:
    """Return the ``id`` of every entry of the list ``key``, in file order."""
    role = role or Path(path).name
    return tuple(entry["id"] for entry in _load(_resolved(path, role), role, key, check)[key])


def manifest(path: Path | str | None = None) -> dict[str, Any]:
    """Return ``data/manifest.json``, the build's provenance record (source, inputs, build, outputs)."""
    path = _resolved(path, "manifest.json")
    table = read_object(path, "manifest.json", ("source", "inputs_sha256", "build", "outputs"))
    check_with(path, "manifest.json", lambda: _check_manifest(table))
    return table


def _check_manifest(table: dict[str, Any]) -> None:
    if not isinstance(table["outputs"], dict) or not all(isinstance(entry, dict) and "sha256" in entry for entry in table["outputs"].values()):
        raise ValueError("'outputs' must map each file name to its sha256 and size")
    if not isinstance(table["build"], dict) or "date" not in table["build"]:
        raise ValueError("'build' lacks its 'date'")
