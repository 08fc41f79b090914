"""``python -m geo.store``: add, list, show, remove, sync, relink, rebuild, stats; messages and exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo import store as S
from geo.paths import ROOT, SEEDS_DIR
from geo.store.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEED_ID = "2025-07-15-ians-japan-ready-to-resume-peace-talks"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "articles.sqlite3"


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_add_a_folder_reports_each_file_and_refuses_the_broken_ones(db, capsys):
    assert run(db, "add", str(FIXTURES)) == 1  # some files refused
    out, err = capsys.readouterr()
    assert "added 2025-08-02-ru-rybaki" in out
    assert "not added: broken-empty.txt: file is empty" in err
    assert run(db, "add", str(FIXTURES / "2025-08-02-ru-rybaki.txt")) == 1
    assert "already stored" in capsys.readouterr().err


def test_list_show_and_remove(db, capsys):
    run(db, "add", str(SEEDS_DIR / f"{SEED_ID}.txt"), str(FIXTURES / "2025-08-02-ru-rybaki.txt"))
    capsys.readouterr()
    assert run(db, "list", "--language", "ru") == 0
    out = capsys.readouterr().out
    assert "2025-08-02-ru-rybaki" in out and SEED_ID not in out and "1 of 1 article(s)" in out
    assert run(db, "show", SEED_ID) == 0
    out = capsys.readouterr().out
    assert "origin: cli" in out and "#p8 [" in out and "kunashir" in out
    assert run(db, "remove", SEED_ID, "no-such-article") == 1
    out, err = capsys.readouterr()
    assert f"removed {SEED_ID}" in out and "no article 'no-such-article'" in err
    assert run(db, "show", SEED_ID) == 1


def test_sync_and_stats(db, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    assert run(db, "sync", "--seeds", str(seeds)) == 0
    assert "1 added" in capsys.readouterr().out
    assert run(db, "sync", "--seeds", str(seeds)) == 0
    assert "0 added, 0 updated, 0 removed, 1 unchanged" in capsys.readouterr().out
    assert run(db, "stats") == 0
    out = capsys.readouterr().out
    assert "articles: 1" in out and "excerpts: 11" in out
    assert run(db, "sync", "--seeds", str(tmp_path / "nowhere")) == 2
    assert "does not exist" in capsys.readouterr().err


def test_a_corrupt_store_is_named_and_rebuilt_keeping_the_old_file(db, tmp_path, capsys):
    db.write_bytes(b"this is not a database" * 200)
    assert run(db, "list") == 2
    err = capsys.readouterr().err
    assert "articles.sqlite3" in err and "python -m geo.store rebuild" in err and str(tmp_path) not in err
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    assert run(db, "rebuild", "--seeds", str(seeds)) == 0
    assert "kept the old store as articles.sqlite3.broken-" in capsys.readouterr().out
    assert [path.read_bytes()[:22] for path in tmp_path.glob("articles.sqlite3.broken-*")] == [b"this is not a database"]
    assert S.articles_page(S.open_store(db)).total == 1


def test_relink_after_the_places_file_changes(db, tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    monkeypatch.setenv("KURIL_DATA_DIR", str(data))
    run(db, "add", str(SEEDS_DIR / f"{SEED_ID}.txt"))
    assert run(db, "relink") == 0 and "0 article(s) re-linked" in capsys.readouterr().out
    with (data / "places.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")  # any change to the file: linked with another places file
    assert run(db, "relink") == 0 and "1 article(s) re-linked" in capsys.readouterr().out
    assert run(db, "relink", "--all") == 0 and "1 article(s) re-linked" in capsys.readouterr().out


def test_the_module_runs_and_a_wrong_command_is_a_usage_error(db):
    done = subprocess.run([sys.executable, "-m", "geo.store", "--db", str(db), "stats"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "articles: 0" in done.stdout
    wrong = subprocess.run([sys.executable, "-m", "geo.store", "frobnicate"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
