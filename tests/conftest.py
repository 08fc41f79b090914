"""Shared fixtures. The browser ones live in tests/browser.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import folium
import folium.plugins
import pytest
from browser import chromium, offline_page  # noqa: F401 - fixtures registered by import
from streamlit_server import app_servers  # noqa: F401 - one per session, whichever module asks (tests/streamlit_server.py)

# A rough box around Kunashir: test geometry, not data.
_BOX = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Test island"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[145.4, 43.6], [146.6, 43.6], [146.6, 44.5], [145.4, 44.5], [145.4, 43.6]]],
            },
        }
    ],
}


def build_small_map() -> folium.Map:
    """Return a tile-less map using every element and plugin the project draws with."""
    from layers.map.measure import MeasureTool

    m = folium.Map(location=[44.0, 146.0], zoom_start=7, tiles=None)
    stripes = folium.plugins.StripePattern(angle=-45, color="#c0392b", opacity=0.8)
    stripes.add_to(m)
    claims = folium.FeatureGroup(name="Claimed (test)").add_to(m)
    folium.GeoJson(
        _BOX,
        name="Test island",
        style_function=lambda _feature: {"color": "#c0392b", "weight": 2, "fillPattern": stripes},
        tooltip=folium.GeoJsonTooltip(fields=["name"]),
        popup=folium.GeoJsonPopup(fields=["name"]),
    ).add_to(claims)
    folium.Marker([44.05, 146.0], tooltip="default marker").add_to(claims)
    folium.plugins.Fullscreen().add_to(m)
    MeasureTool().add_to(m)
    # A topology layer, drawn as folium's TopoJson draws one: it loads topojson-client (layers.map.topology).
    line = {"type": "Topology", "transform": {"scale": [0.001, 0.001], "translate": [146.0, 44.0]},
            "objects": {"line": {"type": "GeometryCollection", "geometries": [{"type": "LineString", "arcs": [0]}]}},
            "arcs": [[[0, 0], [100, 50]]]}
    folium.TopoJson(line, "objects.line", name="Test topology").add_to(m)
    folium.plugins.MousePosition().add_to(m)
    folium.LayerControl().add_to(m)
    return m


@pytest.fixture(scope="session")
def seed_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return an export of the seed articles, written once for the browser tests that only read it."""
    from layers.export import export_html
    from layers.html_io import write_atomic

    return write_atomic(tmp_path_factory.mktemp("seed-export") / "kurils.html", export_html())


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point geo.paths at a copy of data/ in a tmp folder and return it (a test may break the copy freely)."""
    from data_loaders import REPO_DATA
    from geo import paths

    folder = tmp_path / "data"
    shutil.copytree(REPO_DATA, folder)
    monkeypatch.setattr(paths, "DATA_DIR", folder)
    return folder


@pytest.fixture(autouse=True)
def own_article_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every test its own article store (geo.store), never the project's var/articles.sqlite3."""
    monkeypatch.setenv("KURIL_STORE", str(tmp_path_factory.mktemp("store") / "articles.sqlite3"))


@pytest.fixture
def small_map() -> Callable[[], folium.Map]:
    """Return a factory of fresh small maps (folium maps are mutated by rendering)."""
    return build_small_map
