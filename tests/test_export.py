"""layers.export and layers.panel: one self-contained file, article text only ever as escaped data, a CLI that says what it did."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from jinja2.utils import htmlsafe_json_dumps
from pyproj import Geod

from geo.articles import load_articles, parse_article
from geo.islands import islands
from geo.linking import link_articles
from geo.paths import SEEDS_DIR
from layers.assets import ASSETS
from layers.export import SIZE_BUDGET_BYTES, build_export, export_frames, export_html, main
from layers.map import WEB_TILES
from layers.panel import panel_data, utf16_offset

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "export" / "2025-09-01-hostile-markup.md"
BROKEN = FIXTURES / "articles" / "broken-empty.txt"
SEED_DISPUTE = "2025-07-15-ians-japan-ready-to-resume-peace-talks#p8"
DISPUTED = ("iturup", "kunashir", "shikotan")


def hostile_article():
    return parse_article(HOSTILE.read_bytes(), HOSTILE.name)


@pytest.fixture(scope="module")
def html() -> str:
    return export_html(extra_articles=[hostile_article()])


def _hosts(url: str) -> str:
    return re.match(r"https?://([^/]+)", url).group(1)


def test_the_page_loads_no_script_or_stylesheet_from_the_web(html):
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//", html, re.IGNORECASE)
    assert "<script>" in html and "L.map(" in html


def test_no_cdn_or_tile_host_is_named_when_tiles_are_off(html):
    hosts = {_hosts(url) for url in ASSETS} | {_hosts(provider.build_url()) for provider in WEB_TILES.values()}
    hosts |= {"unpkg.com", "cdnjs.cloudflare.com", "code.jquery.com", "maxcdn.bootstrapcdn.com", "netdna.bootstrapcdn.com"}
    named = sorted(host for host in hosts if host in html)
    assert not named, f"the export names {named}"


def test_web_tiles_when_chosen_are_only_optional_layers():
    page = export_html(web_tiles=True)
    assert "tile.openstreetmap.org" in page
    assert not re.search(r"tile_layer_\w+\.addTo\(map_\w+\)", page)


def test_every_island_is_in_the_map_data(html):
    for island_id in islands()["id"]:
        assert f'"id": "{island_id}"' in html, island_id


def test_seed_excerpts_reach_the_page_only_as_escaped_json(html):
    articles, _ = load_articles(SEEDS_DIR)
    texts = [excerpt.text for article in articles for excerpt in article.excerpts]
    assert any(SEED_DISPUTE == excerpt.id for article in articles for excerpt in article.excerpts)
    for text in texts:
        assert str(htmlsafe_json_dumps(text)) in html, text[:60]
    # Quotes and non-ASCII letters are escaped inside the JSON, so the raw paragraph is nowhere as markup.
    quoted = [text for text in texts if not text.isascii()]
    assert quoted
    for text in quoted:
        assert text not in html, text[:60]


def test_a_hostile_article_never_appears_as_markup(html):
    for raw in (
        "<script>window.__pwned", "<img src=x onerror", 'onerror="window', "<svg onload", "<iframe src",
        'href="javascript:', "</textarea>", "</style></textarea>",
    ):
        assert raw not in html, raw
    assert r"\u003cscript\u003ewindow.__pwned=1\u003c/script\u003e" in html
    # The template engine escaped it once; it was never rendered as a template itself.
    assert "{{ 7*7 }}" in html and "${7*7}" in html


def test_the_page_is_within_the_size_budget():
    export = build_export()
    assert export.size_bytes <= SIZE_BUDGET_BYTES, export.size_bytes


def test_disputed_islands_keep_their_area_within_half_a_percent():
    geod = Geod(ellps="WGS84")
    full, (drawn, _) = islands(), export_frames()
    for island_id in DISPUTED:
        before = abs(geod.geometry_area_perimeter(full.loc[full["id"] == island_id].geometry.iloc[0])[0])
        after = abs(geod.geometry_area_perimeter(drawn.loc[drawn["id"] == island_id].geometry.iloc[0])[0])
        assert abs(after - before) / before < 0.005, island_id
    assert len(drawn) == len(full) and not drawn.geometry.is_empty.any()


def test_the_panel_lists_an_islands_excerpts_naming_it_first_then_its_group_then_the_chain():
    articles, _ = load_articles(SEEDS_DIR)
    data = panel_data(link_articles(articles), islands())
    ranks = {"direct": 0, "group": 1, "chain": 2}
    entries = data["islands"]["kunashir"]["excerpts"]
    assert entries and entries[0][1] == "direct"
    assert [ranks[relation] for _, relation in entries] == sorted(ranks[relation] for _, relation in entries)
    assert data["excerpts"][entries[0][0]]["id"] == SEED_DISPUTE
    # Picking the dispute excerpt shows the four claimed groups, not the whole chain it also names.
    picked = set(data["excerpts"][entries[0][0]]["islands"])
    assert {"iturup", "kunashir", "shikotan"} <= picked and "paramushir" not in picked


def test_marks_are_cut_at_javascript_string_offsets():
    assert utf16_offset("🗾 Kunashir", 2) == 3
    article = parse_article("title: Test\n\n🗾🗾 Kunashir and Iturup.\n".encode(), "emoji.txt")
    record = panel_data(link_articles([article]), islands())["excerpts"][0]
    text_utf16 = record["text"].encode("utf-16-le")
    names = [text_utf16[start * 2 : end * 2].decode("utf-16-le") for start, end, *_ in record["marks"]]
    assert names == ["Kunashir", "Iturup"]


def test_cli_writes_the_file_and_reports_where_and_how_big(tmp_path, capsys):
    out = tmp_path / "kurils.html"
    assert main(["--out", str(out), "--lang", "en+ja"]) == 0
    printed = capsys.readouterr().out
    size = out.stat().st_size
    assert str(out.resolve()) in printed and f"{size:,} bytes" in printed
    assert "Reading articles" in printed and "Building the map" in printed
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("target", ["missing-folder/kurils.html", "a-folder"])
def test_cli_refuses_an_unwritable_path_with_a_message_and_exit_code_2(tmp_path, capsys, target):
    (tmp_path / "a-folder").mkdir()
    assert main(["--out", str(tmp_path / target)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: cannot write") and "Traceback" not in error
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["a-folder"]  # no partial file anywhere


def test_cli_refuses_an_unknown_language(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["--out", str(tmp_path / "k.html"), "--lang", "fr"])
    assert exit_info.value.code == 2
    assert "unknown label language 'fr'" in capsys.readouterr().err


def test_cli_names_a_broken_article_and_exports_the_others(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in SEEDS_DIR.glob("*.txt"):
        shutil.copy(seed, folder)
    shutil.copy(BROKEN, folder)
    shutil.copy(HOSTILE, folder)
    out = tmp_path / "kurils.html"
    assert main(["--out", str(out), "--articles", str(folder)]) == 0
    captured = capsys.readouterr()
    assert "broken-empty.txt" in captured.err and "file is empty" in captured.err
    assert "1 file(s) skipped" in captured.out
    page = out.read_text(encoding="utf-8")
    assert SEED_DISPUTE in page and "2025-09-01-hostile-markup#p1" in page


def test_cli_says_so_when_the_articles_folder_is_missing(tmp_path, capsys):
    assert main(["--out", str(tmp_path / "k.html"), "--articles", str(tmp_path / "nowhere")]) == 2
    assert "nowhere" in capsys.readouterr().err
    assert not (tmp_path / "k.html").exists()
