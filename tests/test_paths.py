"""geo.paths: every data file is looked up when it is used, so pointing the project elsewhere takes effect at once."""

from __future__ import annotations

import inspect
import json
import pkgutil
import shutil
from importlib import import_module
from pathlib import Path

import pytest

import geo
from geo import paths
from geo.articles import load_articles
from geo.boundaries import boundary_lines
from geo.datafile import DataFileError, manifest
from geo.facts import teacher_facts
from geo.gazetteer import gazetteer
from geo.history import periods
from geo.islands import context_land, islands
from geo.linking import default_place_index
from geo.tour import tour
from geo.views import view, views

from data_loaders import LOADERS, REPO_DATA  # noqa: E402 - tests/ is on the path (conftest)


def test_the_default_is_the_repository_data_folder():
    assert paths.data_dir() == REPO_DATA
    assert paths.data_file("views.json") == REPO_DATA / "views.json"


def test_a_changed_data_folder_changes_what_views_returns(data_copy: Path):
    table = json.loads((data_copy / "views.json").read_text(encoding="utf-8"))
    table["views"][0]["name_en"] = "Neutral (test copy)"
    (data_copy / "views.json").write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    assert paths.data_file("views.json") == data_copy / "views.json"
    assert views()[0]["name_en"] == "Neutral (test copy)"
    assert view(table["views"][0]["id"])["name_en"] == "Neutral (test copy)"


def test_the_cache_keys_on_the_file_so_the_original_comes_back(data_copy: Path, monkeypatch: pytest.MonkeyPatch):
    original = views()[0]["name_en"]
    table = json.loads((data_copy / "views.json").read_text(encoding="utf-8"))
    table["views"][0]["name_en"] = "Changed"
    (data_copy / "views.json").write_text(json.dumps(table), encoding="utf-8")
    other = data_copy.parent / "other"
    shutil.copytree(data_copy, other)
    monkeypatch.setattr(paths, "DATA_DIR", other)
    assert views()[0]["name_en"] == "Changed"
    monkeypatch.setattr(paths, "DATA_DIR", REPO_DATA)
    assert views()[0]["name_en"] == original


@pytest.mark.parametrize("name", LOADERS)
def test_every_loader_reads_the_data_folder_it_is_pointed_at(data_copy: Path, name: str):
    (data_copy / name).unlink()
    with pytest.raises(DataFileError, match=rf"data/{name} is missing"):
        LOADERS[name]()


def test_kuril_data_dir_is_read_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "elsewhere"
    shutil.copytree(REPO_DATA, folder)
    table = json.loads((folder / "history.json").read_text(encoding="utf-8"))
    table["periods"][0]["title_en"] = "From KURIL_DATA_DIR"
    (folder / "history.json").write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("KURIL_DATA_DIR", str(folder))
    assert paths.data_dir() == folder
    assert periods()[0]["title_en"] == "From KURIL_DATA_DIR"


def test_kuril_seeds_dir_is_read_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    seed = next(paths.seeds_dir().glob("*.txt"))
    shutil.copy(seed, tmp_path)
    monkeypatch.setenv("KURIL_SEEDS_DIR", str(tmp_path))
    assert paths.seeds_dir() == tmp_path
    articles, problems = load_articles()
    assert [article.id for article in articles] == [seed.stem] and not problems
    assert paths.SEEDS_DIR != tmp_path  # the import-time constant is left as it was, for app.py and layers/


def test_a_reassigned_legacy_constant_still_points_its_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    copy = tmp_path / "islands.geojson"
    collection = json.loads((REPO_DATA / "islands.geojson").read_text(encoding="utf-8"))
    collection["features"] = collection["features"][:2]
    copy.write_text(json.dumps(collection), encoding="utf-8")
    monkeypatch.setattr(paths, "ISLANDS_GEOJSON", copy)
    assert len(islands()) == 2
    monkeypatch.undo()
    assert len(islands()) > 2


def test_file_names_in_messages_are_relative_to_the_project(data_copy: Path):
    assert paths.display_name(REPO_DATA / "views.json") == "data/views.json"
    assert paths.display_name(data_copy / "views.json") == "data/views.json"
    assert paths.display_name(Path("/somewhere/else/tour.json")) == "tour.json"


def _geo_modules():
    for info in pkgutil.iter_modules(geo.__path__):
        yield import_module(f"geo.{info.name}")


def test_no_geo_function_binds_a_path_at_import():
    """A ``path=`` default is None ("look it up now"), never a Path fixed when the module was imported."""
    bound = []
    for module in _geo_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__:
                continue
            for parameter in inspect.signature(function).parameters.values():
                if isinstance(parameter.default, Path):
                    bound.append(f"{module.__name__}.{name}({parameter.name}=...)")
    assert not bound


def test_only_geo_paths_holds_path_constants():
    constants = [
        f"{module.__name__}.{name}"
        for module in _geo_modules()
        if module is not paths
        for name, value in vars(module).items()
        if isinstance(value, Path)
    ]
    assert not constants
