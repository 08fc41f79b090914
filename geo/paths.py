"""Where the project's data files live; one place, so tests and tools agree.

Every lookup happens when it is called, never at import: :func:`data_dir`, :func:`data_file` and
:func:`seeds_dir` read the environment and this module's settings each time, and the loaders in
``geo/`` cache by the resolved path they got, so pointing the project elsewhere takes effect at once.

To point the project at other data, set ``KURIL_DATA_DIR=/path/to/a/copy/of/data`` (and
``KURIL_SEEDS_DIR=/path/to/articles`` for the articles, ``KURIL_STORE=/path/to/articles.sqlite3`` for the article
store); in a test, ``monkeypatch.setattr(geo.paths,
"DATA_DIR", tmp_path)`` (or ``"SEEDS_DIR"``) does the same for one test.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The default data folder. Reassigning it (a test's monkeypatch) moves every data file; prefer :func:`data_dir`.
DATA_DIR = ROOT / "data"
#: The articles the map links to, as seen at import; ``KURIL_SEEDS_DIR`` points the app at another folder
#: (a class's own articles). Kept for app.py and layers/; prefer :func:`seeds_dir`, which reads it at call time.
SEEDS_DIR = Path(os.environ.get("KURIL_SEEDS_DIR") or ROOT / "seeds")

# Kept for code outside geo/ that reads them; inside geo/, use data_file(name). Reassigning one of them
# (as tests/test_hostile_app.py does) still points data_file() at the file given.
GAZETTEER_CSV = DATA_DIR / "gazetteer.csv"
PLACES_CSV = DATA_DIR / "places.csv"
ISLANDS_GEOJSON = DATA_DIR / "islands.geojson"
CONTEXT_GEOJSON = DATA_DIR / "context_land.geojson"

_CONSTANT_OF = {
    "gazetteer.csv": "GAZETTEER_CSV",
    "places.csv": "PLACES_CSV",
    "islands.geojson": "ISLANDS_GEOJSON",
    "context_land.geojson": "CONTEXT_GEOJSON",
}
_AS_IMPORTED = {name: globals()[name] for name in ("DATA_DIR", "SEEDS_DIR", *_CONSTANT_OF.values())}


def _reassigned(name: str) -> Path | None:
    """Return the module constant ``name`` if someone reassigned it since import, else None."""
    value = globals()[name]
    return None if value == _AS_IMPORTED[name] else Path(value)


def _from_env(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return Path(value) if value else None


def data_dir() -> Path:
    """Return the data folder now: a reassigned :data:`DATA_DIR`, else ``$KURIL_DATA_DIR``, else ``data/``."""
    return _reassigned("DATA_DIR") or _from_env("KURIL_DATA_DIR") or ROOT / "data"


def data_file(name: str) -> Path:
    """Return the path of the data file ``name`` (e.g. ``"views.json"``) in :func:`data_dir`, looked up now."""
    constant = _CONSTANT_OF.get(name)
    return (constant and _reassigned(constant)) or data_dir() / name


def seeds_dir() -> Path:
    """Return the article folder now: a reassigned :data:`SEEDS_DIR`, else ``$KURIL_SEEDS_DIR``, else ``seeds/``."""
    return _reassigned("SEEDS_DIR") or _from_env("KURIL_SEEDS_DIR") or ROOT / "seeds"


def store_path() -> Path:
    """Return the article store's database file now: ``$KURIL_STORE``, else ``var/articles.sqlite3`` (git-ignored)."""
    return _from_env("KURIL_STORE") or ROOT / "var" / "articles.sqlite3"


def display_name(path: Path | str) -> str:
    """Return how a message names a file: relative to the project (``data/views.json``), never an absolute path.

    A file in the data folder is ``data/<name>`` wherever that folder is; any other file outside the
    project is named by its file name alone.
    """
    path = Path(path)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return path.name
    for base, prefix in ((ROOT, ""), (data_dir(), "data/")):
        try:
            return prefix + resolved.relative_to(base.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            continue
    return path.name
