"""One error for a bad data file: every loader raises DataFileError naming the file (never a server path) and the fix."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from geo import paths
from geo.boundaries import boundary_lines
from geo.datafile import BUILT, CURATED, DataFileError, manifest
from geo.facts import teacher_facts
from geo.gazetteer import gazetteer
from geo.history import UnknownPeriodError, period, periods
from geo.islands import context_land, islands
from geo.linking import default_place_index
from geo.tour import TourError, UnknownStepError, step, tour
from geo.views import UnknownViewError, view, views

from data_loaders import LOADERS, REPO_DATA  # noqa: E402 - tests/ is on the path (conftest)


def _truncated(raw: bytes) -> bytes:
    """Cut the file short: half a JSON document, or half a CSV header (so required columns are gone)."""
    if raw.lstrip().startswith((b"{", b"[")):
        return raw[: len(raw) // 2]
    header = raw.split(b"\n", 1)[0]
    return header[: len(header) // 2] + b"\n"


def _after_first_line(raw: bytes, insert: bytes) -> bytes:
    cut = raw.find(b"\n") + 1
    return raw[:cut] + insert + raw[cut:]


CORRUPTIONS: dict[str, Callable[[bytes], bytes | None]] = {
    "missing": lambda raw: None,
    "empty": lambda raw: b"",
    "truncated": _truncated,
    "bad UTF-8": lambda raw: _after_first_line(raw, b"\xff\xfe\xc3("),
}

#: What the message says about each corruption.
SAYS = {"missing": "is missing", "empty": "is empty", "truncated": "is", "bad UTF-8": "is not valid UTF-8"}


def _error(name: str) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        LOADERS[name]()
    return caught.value


def _assert_names_the_file_only(err: DataFileError, name: str, data_copy: Path) -> None:
    message = str(err)
    assert message.startswith(f"data/{name} "), message
    assert str(data_copy) not in message and str(paths.ROOT) not in message and "/tmp" not in message, message
    assert f"git checkout data/{name}" in message, message
    if name in BUILT:
        assert "python -m geo.build" in message, message
    assert err.file == f"data/{name}"


def test_every_data_file_has_a_loader_and_a_kind():
    assert set(LOADERS) == set(CURATED) | set(BUILT)


@pytest.mark.parametrize("corruption", CORRUPTIONS)
@pytest.mark.parametrize("name", LOADERS)
def test_a_corrupt_data_file_gives_data_file_error_naming_it(data_copy: Path, name: str, corruption: str):
    target = data_copy / name
    content = CORRUPTIONS[corruption](target.read_bytes())
    if content is None:
        target.unlink()
    else:
        target.write_bytes(content)
    err = _error(name)
    _assert_names_the_file_only(err, name, data_copy)
    assert SAYS[corruption] in str(err)
    if corruption == "truncated" and name.endswith(("json", "geojson")):
        assert "is not valid JSON: line " in str(err) and ", column " in str(err)
    if corruption == "bad UTF-8":
        assert "byte 0xff at line 2, column 1" in str(err)


@pytest.mark.parametrize("name", ["views.json", "history.json", "facts.json", "islands.geojson"])
def test_a_folder_in_place_of_the_file_is_named(data_copy: Path, name: str):
    (data_copy / name).unlink()
    (data_copy / name).mkdir()
    _assert_names_the_file_only(_error(name), name, data_copy)


def _edit_json(path: Path, change: Callable[[dict], None]) -> None:
    table = json.loads(path.read_text(encoding="utf-8"))
    change(table)
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")


SCHEMA = {
    "views.json": (lambda table: table["views"][0]["areas"].update({"atlantis": {"status": "foreign"}}), "unknown areas"),
    "history.json": (lambda table: table["periods"].reverse(), "chronological order"),
    "tour.json": (lambda table: table["steps"][1].update({"view": "atlantis"}), "unknown view 'atlantis'"),
    "facts.json": (lambda table: table["facts"].pop(next(iter(table["facts"]))), "no computed value"),
    "boundaries.geojson": (lambda table: table["features"].pop(), "lacks the lines"),
    "manifest.json": (lambda table: table.pop("outputs"), "lacks ['outputs']"),
    "islands.geojson": (lambda table: table.update({"features": {}}), "'features' is not a list"),
    "context_land.geojson": (lambda table: table.update({"features": []}), "holds no features"),
}


@pytest.mark.parametrize("name", SCHEMA)
def test_a_json_file_breaking_its_schema_is_a_data_file_error(data_copy: Path, name: str):
    change, says = SCHEMA[name]
    _edit_json(data_copy / name, change)
    err = _error(name)
    _assert_names_the_file_only(err, name, data_copy)
    assert says in str(err)


def test_a_schema_error_of_a_view_is_still_a_value_error_naming_the_view(data_copy: Path):
    _edit_json(data_copy / "views.json", lambda table: table["views"][0].pop("sources"))
    with pytest.raises(ValueError, match=r"data/views\.json is invalid: view 'neutral' lacks 'sources'"):
        views()


def test_a_bad_tour_step_is_a_tour_error_and_a_data_file_error(data_copy: Path):
    _edit_json(data_copy / "tour.json", lambda table: table["steps"][0].update({"layers": ["lasers"]}))
    with pytest.raises(TourError, match=r"data/tour\.json is invalid: step 1 .*unknown layers.*data/TOUR\.md") as caught:
        tour()
    assert isinstance(caught.value, DataFileError)


def test_a_tour_over_a_broken_islands_file_names_the_islands_file(data_copy: Path):
    (data_copy / "islands.geojson").write_bytes(b"{")
    with pytest.raises(DataFileError, match=r"^data/islands\.geojson is not valid JSON"):
        tour()


@pytest.mark.parametrize(
    ("name", "rows", "says"),
    [
        ("gazetteer.csv", lambda lines: [*lines, "extra" + "," * 60], "is not valid CSV"),
        ("gazetteer.csv", lambda lines: [lines[0], *lines[1:], lines[1]], "used twice"),
        ("gazetteer.csv", lambda lines: lines[:1], "has no rows"),
        ("places.csv", lambda lines: [*lines, "atlantis_group,ocean,Atlantis,Атлантида,アトランティス,,,,iturup,,"], "kind 'ocean'"),
    ],
    ids=["extra field", "repeated id", "header only", "unknown kind"],
)
def test_a_csv_file_breaking_its_schema_is_a_data_file_error(data_copy: Path, name: str, rows, says: str):
    path = data_copy / name
    path.write_text("\n".join(rows(path.read_text(encoding="utf-8").splitlines())) + "\n", encoding="utf-8")
    err = _error(name)
    _assert_names_the_file_only(err, name, data_copy)
    assert says in str(err)


def test_unknown_ids_are_lookups_not_data_file_errors():
    for lookup, error in ((lambda: view("atlantis"), UnknownViewError), (lambda: period("atlantis"), UnknownPeriodError),
                          (lambda: step("atlantis"), UnknownStepError)):
        with pytest.raises(error) as caught:
            lookup()
        assert not isinstance(caught.value, DataFileError)
