"""Hand-curated JSON data files (views, history): read once, checked once, handed out as copies."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Checks a loaded table and raises ``ValueError`` naming the file, the entry and what to fix.
Checker = Callable[[dict[str, Any], Path], None]


@lru_cache(maxsize=8)
def _load(path: Path, check: Checker) -> dict[str, Any]:
    table = json.loads(path.read_text(encoding="utf-8"))
    check(table, path)
    return table


def entries(path: Path, key: str, check: Checker) -> list[dict[str, Any]]:
    """Return a deep copy of the list ``key`` of the checked JSON file at ``path`` (loaded and checked once)."""
    return json.loads(json.dumps(_load(Path(path), check)[key]))


def entry_ids(path: Path, key: str, check: Checker) -> tuple[str, ...]:
    """Return the ``id`` of every entry of the list ``key``, in file order."""
    return tuple(entry["id"] for entry in _load(Path(path), check)[key])
