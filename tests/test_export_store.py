"""The export takes its articles from the store (seeds/ synced first) or a folder, chosen by date, language, number."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from page_payload import readable

import geo.paths
from geo import store as S
from layers.export import main

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEED_ID = "2025-07-15-ians-japan-ready-to-resume-peace-talks"


def exported_article_ids(path: Path) -> list[str]:
    """Return the ids of the articles in an exported file's panel data, in the order the file lists them."""
    html = readable(path.read_text(encoding="utf-8"))
    return re.findall(r'\{"id":"([^"#]+)","title":"', html)


@pytest.fixture
def seeds(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(geo.paths.SEEDS_DIR, folder)
    for name in ("2025-08-02-ru-rybaki.txt", "2025-08-03-ja-hoppou.txt", "2025-08-01-en-kunashir-ferry.md"):
        shutil.copy(FIXTURES / name, folder)
    monkeypatch.setenv("KURIL_SEEDS_DIR", str(folder))
    return folder


def test_the_export_reads_the_store_synced_with_seeds(tmp_path, seeds, capsys):
    out = tmp_path / "k.html"
    assert main(["--out", str(out), "--no-tiles"]) == 0
    assert "Reading articles from the store" in capsys.readouterr().out
    assert set(exported_article_ids(out)) == {SEED_ID, "2025-08-02-ru-rybaki", "2025-08-03-ja-hoppou",
                                              "2025-08-01-en-kunashir-ferry"}
    store = S.open_store()  # the test's own KURIL_STORE: the export synced it
    assert S.articles_page(store).total == 4


def test_uploads_in_the_store_are_exported_too(tmp_path, seeds):
    store = S.open_store()
    S.add_file(store, b"title: Upload\ndate: 2025-09-09\n\nFerries to Shikotan.", "upload.txt", origin="upload", owner="r")
    out = tmp_path / "k.html"
    assert main(["--out", str(out)]) == 0
    assert "upload" in exported_article_ids(out)


@pytest.mark.parametrize(("args", "expected"), [
    (["--language", "ru"], {"2025-08-02-ru-rybaki"}),
    (["--since", "2025-08-02", "--until", "2025-08-03"], {"2025-08-02-ru-rybaki", "2025-08-03-ja-hoppou"}),
    (["--limit", "1"], {"2025-08-03-ja-hoppou"}),  # the newest
])
def test_options_choose_the_articles(tmp_path, seeds, args, expected):
    out = tmp_path / "k.html"
    assert main(["--out", str(out), *args]) == 0
    assert set(exported_article_ids(out)) == expected


def test_a_folder_is_read_without_touching_the_store(tmp_path, seeds):
    out = tmp_path / "k.html"
    assert main(["--out", str(out), "--articles", str(FIXTURES), "--language", "ja"]) == 0
    assert set(exported_article_ids(out)) == {"2025-08-03-ja-hoppou", "2025-08-06-ja-shift-jis"}
    assert not Path(geo.paths.store_path()).exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "15 July"], "is not a date written YYYY-MM-DD"),
    (["--limit", "0"], "is not a whole number of 1 or more"),
    (["--language", "fr"], "invalid choice"),
])
def test_wrong_choices_are_usage_errors(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["--out", str(tmp_path / "k.html"), *args])
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_a_corrupt_store_is_reported_with_exit_code_2(tmp_path, seeds, capsys):
    Path(geo.paths.store_path()).write_bytes(b"garbage" * 1000)
    assert main(["--out", str(tmp_path / "k.html")]) == 2
    err = capsys.readouterr().err
    assert "python -m geo.store rebuild" in err and not (tmp_path / "k.html").exists()
    json.dumps(err)  # printable
