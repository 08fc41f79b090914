"""layers.export, its host and panel: one self-contained file, article text only ever as escaped data, a CLI that says what it did."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2.utils import htmlsafe_json_dumps
from pyproj import Geod

from page_payload import payload as payload_of, readable

import geo.state
from geo.articles import load_articles, parse_article
from geo.facts import teacher_facts
from geo.history import period_ids
from geo.islands import islands
from geo.linking import excerpts_for, link_articles
from geo.paths import SEEDS_DIR
from geo.tour import tour
from geo.views import view_ids
from layers.client import client_data, state_records
from layers.export import SIZE_BUDGET_BYTES, build_export, export_frames, export_html, main
from layers.export.host import host_data, initial_state
from layers.export.panel import panel_data, utf16_offset
from layers.map import WEB_TILES
from layers.map.legend import legend_html as default_legend
from layers.map.states import period_state, view_state
from layers.i18n import catalogue, text
from layers.style import LAYER_KEYS
from layers.templates import script_json
from layers.text import layer_name

LEGEND_TITLE = text("map.legend.title", "en")
LAYER_NAMES = {key: layer_name(key, "en") for key in LAYER_KEYS}
from layers.vendor.assets import ASSETS

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "export" / "2025-09-01-hostile-markup.md"
BROKEN = FIXTURES / "articles" / "broken-empty.txt"
SEED_DISPUTE = "2025-07-15-ians-japan-ready-to-resume-peace-talks#p8"
DISPUTED = ("iturup", "kunashir", "shikotan")


def hostile_article():
    return parse_article(HOSTILE.read_bytes(), HOSTILE.name)


@pytest.fixture(scope="module")
def html() -> str:
    """The export's page with its packed data written out (tests/page_payload.py): what the page holds, readable."""
    return readable(export_html(extra_articles=[hostile_article()]))


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
    topology = payload_of(html)["topology"]
    drawn = [geometry["properties"]["id"] for geometry in topology["objects"]["islands"]["geometries"]]
    assert sorted(drawn) == sorted(islands()["id"])


def test_seed_excerpts_reach_the_page_only_as_escaped_json(html):
    articles, _ = load_articles(SEEDS_DIR)
    texts = [excerpt.text for article in articles for excerpt in article.excerpts]
    assert any(SEED_DISPUTE == excerpt.id for article in articles for excerpt in article.excerpts)
    for text in texts:
        assert script_json(text) in html, text[:60]
    # Inside the JSON, <, >, & and ' are \\uXXXX escapes (non-ASCII letters stay as they are, UTF-8): a paragraph
    # holding any of them is nowhere in the page as written, so it cannot close the script or open a tag.
    marked = [text for text in texts if set(text) & set("<>&'\"")]
    assert marked
    for text in marked:
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


def _dated(title: str, date: str | None) -> bytes:
    header = f"title: {title}\n" + (f"date: {date}\n" if date else "")
    return f"---\n{header}language: en\n---\n\n{title} names Kunashir.\n\nA second paragraph.\n".encode()


def test_the_article_list_is_newest_first_and_undated_articles_last():
    given = [("Spring", "2024-05-01"), ("Undated one", None), ("New year", "2025-01-01"), ("Old", "2019-03-03"),
             ("Eve", "2024-12-31"), ("Undated two", None)]
    articles = [parse_article(_dated(title, date), f"{number}.md") for number, (title, date) in enumerate(given)]
    data = panel_data(link_articles(articles), islands())
    assert [article["title"] for article in data["articles"]] == [
        "New year", "Eve", "Spring", "Old", "Undated one", "Undated two",
    ]
    # Each excerpt still points at its own article; the island's excerpts keep excerpts_for's order.
    for record in data["excerpts"]:
        assert record["text"].startswith(data["articles"][record["article"]]["title"]) or record["text"] == "A second paragraph."
    linked = link_articles(articles)
    assert [data["excerpts"][index]["id"] for index, _ in data["islands"]["kunashir"]["excerpts"]] == [
        item.excerpt.id for item in excerpts_for("kunashir", linked)
    ]


def test_the_host_data_carries_the_page_size_and_the_language_names(monkeypatch):
    import layers.export.host as export_host
    from geo.store import PAGE_SIZE

    chain, _ = export_frames()
    data = host_data(link_articles([]), chain)
    assert data["pageSize"] == PAGE_SIZE
    assert data["languages"] == [["en", "English"], ["ru", "Русский"], ["ja", "日本語"]]
    monkeypatch.setattr(export_host, "PAGE_SIZE", 3)
    assert host_data(link_articles([]), chain)["pageSize"] == 3
    # The script reads it from its data: no page size written in the script itself.
    script = (export_host.HOST_TEMPLATES / "host.js").read_text(encoding="utf-8")
    assert "data.pageSize" in script and not re.search(rf"\b{PAGE_SIZE}\b", script)


def test_the_panels_words_are_the_catalogues_not_the_scripts(html):
    for key in ("panel.showMore", "panel.noExcerptMatch", "panel.noArticleMatch", "panel.searchExcerpts",
                "panel.searchArticles", "panel.allLanguages"):
        for lang in ("en", "ru", "ja"):
            assert _json(catalogue()[key][lang]) in html, (key, lang)
    script = (Path(__file__).parents[1] / "layers" / "export" / "templates" / "host.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", script, flags=re.S)
    code = re.sub(r"(^|\s)//\s.*$", "", code, flags=re.M)  # comments may name the words; the code must not
    for words in ("Show more", " left)", "No excerpt", "No article", "Search ", "“", "English", "Русский"):
        assert words not in code, words


def test_marks_are_cut_at_javascript_string_offsets():
    assert utf16_offset("🗾 Kunashir", 2) == 3
    article = parse_article("title: Test\n\n🗾🗾 Kunashir and Iturup.\n".encode(), "emoji.txt")
    record = panel_data(link_articles([article]), islands())["excerpts"][0]
    text_utf16 = record["text"].encode("utf-16-le")
    names = [text_utf16[start * 2 : end * 2].decode("utf-16-le") for start, end, *_ in record["marks"]]
    assert names == ["Kunashir", "Iturup"]


def test_cli_writes_the_file_and_reports_where_and_how_big(tmp_path, capsys):
    out = tmp_path / "kurils.html"
    assert main(["--out", str(out), "--lang", "ja", "--labels", "en+ja"]) == 0
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
    assert "invalid choice: 'fr'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["--out", str(tmp_path / "k.html"), "--labels", "en+fr"])
    assert exit_info.value.code == 2
    assert "unknown label language 'en+fr'" in capsys.readouterr().err
    assert not (tmp_path / "k.html").exists()


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
    page = readable(out.read_text(encoding="utf-8"))
    assert SEED_DISPUTE in page and "2025-09-01-hostile-markup#p1" in page


def test_cli_says_so_when_the_articles_folder_is_missing(tmp_path, capsys):
    assert main(["--out", str(tmp_path / "k.html"), "--articles", str(tmp_path / "nowhere")]) == 2
    assert "nowhere" in capsys.readouterr().err
    assert not (tmp_path / "k.html").exists()


# --- classroom controls: points of view, timeline, tour, distances (layers/client, layers/export/host.py) -------------


def _json(value) -> str:
    return script_json(value)


class _LegendText(HTMLParser):
    """A legend's title and item texts as a browser shows them: entities decoded, tags and attributes dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.items: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if "kuril-legend-title" in classes:
            self._in = "title"
        elif "kuril-legend-item" in classes:
            self._in = "item"
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("summary", "div"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "item":
            self.items[-1] += data


def legend_texts(legend: str) -> tuple[str, list[str]]:
    """Return the title and the item texts a legend's HTML shows."""
    parser = _LegendText()
    parser.feed(legend)
    parser.close()
    return parser.title.strip(), [item.strip() for item in parser.items]


def test_legend_texts_reads_what_a_browser_shows():
    title, items = legend_texts(default_legend())
    assert title == LEGEND_TITLE and items[:2] == [LAYER_NAMES["ru"], LAYER_NAMES["jp"]]
    assert items[0].startswith("Administered by Russia") and items[1].startswith("Claimed by Japan")


def test_every_view_and_period_travels_in_the_file_with_its_legend(html):
    records = {record["id"]: record for record in state_records()}
    assert list(records) == [*view_ids(), *period_ids()]
    for state_id, record in records.items():
        assert _json(record["legend"]["en"]) in html, state_id  # the legend the client draws is in the file
        title, items = legend_texts(record["legend"]["en"])
        if state_id == "neutral":
            # The neutral view today is the map as drawn, with its own legend; the script can put it back.
            assert record["kind"] == "today" and record["legend"]["en"] == default_legend()
            assert title == LEGEND_TITLE and {LAYER_NAMES["ru"], LAYER_NAMES["jp"]} <= set(items)
            continue
        state = view_state(state_id) if state_id in view_ids() else period_state(state_id)
        assert record["kind"] == state.kind and record["title"]["en"] == title == state.title, state_id
        assert _json(state.title) in html, state_id
        # Every position attributed to its holder, in the legend's order, then the boundary line if the state draws one.
        assert items[: len(state.legend)] == [item.text for item in state.legend], (state_id, items)
        assert len(items) == len(state.legend) + bool(state.line_ids), (state_id, items)


def test_the_tour_travels_in_the_file_step_by_step(html):
    for step in tour():
        assert _json(step["id"]) in html
        assert _json(step["title_en"]) in html and _json(step["text_en"]) in html


def test_the_distances_table_shows_computed_beside_published(html):
    for row in teacher_facts().to_dict("records"):
        for lang in ("en", "ru", "ja"):
            assert _json(row[f"label_{lang}"]) in html
        assert _json(f"{row['computed_km']:.2f} km") in html and _json(f"{row['published_km']:g} km") in html
        assert _json(f"{row['computed_km']:.2f}".replace(".", ",") + " км") in html  # the Russian table's figures


def test_the_classroom_controls_load_nothing_from_outside(html):
    # Sources are links a reader may follow, built by the script; no markup in the file fetches anything.
    fetching = re.compile(r"<(?:script|link|img|iframe|source|video|audio|object|embed)\b[^>]*\b(?:src|href|data)\s*=\s*[\"']?(?:https?:)?//", re.I)
    assert not fetching.search(html)
    assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", html, re.I)
    assert not re.search(r"@import", html)


def test_state_fills_reuse_the_pages_features_so_the_file_stays_small(html):
    chain, context = export_frames()
    data = client_data(chain, context)
    # Only Sakhalin's two halves are new geometry; every other area names features the page already holds.
    topology = payload_of(html)["topology"]
    cut = topology["objects"]["cut"]["geometries"]
    assert [geometry["properties"]["id"] for geometry in cut] == ["sakhalin_south", "sakhalin_north"]
    assert set(data["areas"]["southern_four"]["islands"]) == {"iturup", "kunashir", "shikotan", *data["areas"]["shikotan_habomai"]["islands"]}
    # The halves' coasts are Sakhalin's own arcs: only the cut at 50° N is theirs alone.
    sakhalin = next(g for g in topology["objects"]["context"]["geometries"] if g["properties"]["id"] == "sakhalin")
    def arcs(geometry):
        nested = geometry["arcs"]
        while nested and isinstance(nested[0], list):
            nested = [arc for part in nested for arc in part]
        return {~arc if arc < 0 else arc for arc in nested}
    own = set().union(*(arcs(geometry) for geometry in cut)) - arcs(sakhalin)
    own_points = sum(len(topology["arcs"][arc]) for arc in own)
    assert own_points <= 10, own_points
    # The client's data is words (in three languages) and ids; no coordinates.
    assert "coordinates" not in _json(data)


def test_text_from_the_data_files_is_never_rendered_as_a_template_or_markup(monkeypatch):
    real = geo.state.tour()
    hostile = [{**real[0], "title_en": "{{ 7*7 }} <script>window.__pwned=1</script>", "text_en": "${7*7} </script><b>x"}, *real[1:]]
    monkeypatch.setattr(geo.state, "tour", lambda: hostile)  # the client's state model reads the tour from here
    page = readable(build_export().html)
    assert _json(hostile[0]["title_en"]) in page and _json(hostile[0]["text_en"]) in page  # the hostile step is in the file
    assert "{{ 7*7 }}" in page and "${7*7}" in page
    assert "<script>window.__pwned" not in page and "</script><b>x" not in page
    assert r"\u003cscript\u003ewindow.__pwned=1\u003c/script\u003e" in page


def _initial(page: str) -> dict:
    """Return the opening state the file's host script is given (its data's ``"initial"``)."""
    assert page.count('"initial":') == 1
    return json.JSONDecoder().raw_decode(page, page.index('"initial":') + len('"initial":'))[0]


@pytest.mark.parametrize(
    ("options", "initial"),
    [
        ({}, {"view": "neutral", "period": None, "step": None}),
        ({"view": "japan"}, {"view": "japan", "period": None, "step": None}),
        ({"period": 1960}, {"view": "neutral", "period": "1956-joint-declaration", "step": None}),
        ({"period": "1905-portsmouth"}, {"view": "neutral", "period": "1905-portsmouth", "step": None}),
        ({"step": "portsmouth"}, {"view": None, "period": None, "step": "portsmouth"}),
    ],
)
def test_the_file_opens_on_the_chosen_view_period_or_step(options, initial):
    state = initial_state(options.get("view", "neutral"), options.get("period"), options.get("step"))
    assert state == initial
    chain, _ = export_frames()
    assert host_data(link_articles([]), chain, initial=state)["initial"] == initial
    if not options:
        assert host_data(link_articles([]), chain)["initial"] == initial  # no opening state given: the default map


def test_a_period_with_another_view_is_refused():
    with pytest.raises(ValueError, match="neutral view"):
        initial_state("russia", 1905)


def test_cli_opens_on_a_view_year_or_step(tmp_path, capsys):
    for args, expected in (
        (["--view", "russia"], {"view": "russia", "period": None, "step": None}),
        (["--year", "1905"], {"view": "neutral", "period": "1905-portsmouth", "step": None}),
        (["--step", "portsmouth"], {"view": None, "period": None, "step": "portsmouth"}),
    ):
        out = tmp_path / "kurils.html"
        assert main(["--out", str(out), *args]) == 0
        assert _initial(readable(out.read_text(encoding="utf-8"))) == expected, args
        assert "opens on the" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "atlantis"], "unknown view 'atlantis'; choose neutral, russia or japan"),
        (["--year", "1800"], "unknown period '1800'; give a year from 1855 on, or one of: 1855-shimoda,"),
        (["--step", "atlantis"], "unknown step 'atlantis'; choose one of today, shimoda,"),
        (["--view", "japan", "--year", "1905"], "a period of history is shown in the neutral view"),
        (["--step", "portsmouth", "--year", "1905"], "give --step alone"),
    ],
)
def test_cli_refuses_a_wrong_view_year_or_step_naming_the_accepted_values(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["--out", str(tmp_path / "k.html"), *args])
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
    assert not (tmp_path / "k.html").exists()


def test_the_same_data_exports_to_the_same_bytes():
    """Element names come from their place in the map, not random ids: a rebuild changes nothing."""
    first, second = export_html(), export_html()
    assert first == second
    assert "map_1" in first


def test_the_app_page_is_built_once_per_set_of_inputs_and_replaces_an_older_page(tmp_path):
    from layers.client import APP_LABEL_LANGUAGES, app_page_html, client_map, page_inputs_key, write_app_page

    chain, context = export_frames()
    builds = []

    def page() -> str:
        builds.append(1)
        return app_page_html(client_map(chain, context, label_languages=APP_LABEL_LANGUAGES, web_tiles=True), "/app/static/vendor")

    first, second = page(), page()
    assert first == second  # deterministic: the same inputs make the same bytes, so a key of the inputs names the page
    builds.clear()
    import os

    old = tmp_path / "kurils-0000000000000000.html"
    old.write_text("an older page, unused for two days", encoding="utf-8")
    os.utime(old, (old.stat().st_atime, old.stat().st_mtime - 2 * 24 * 3600))
    (tmp_path / "kurils-1111111111111111.html").write_text("another server's page, in use", encoding="utf-8")
    key = page_inputs_key("/app/static/vendor")
    assert key != page_inputs_key("/other/prefix")
    name = write_app_page(tmp_path, page, key)
    assert write_app_page(tmp_path, page, key) == name and len(builds) == 1  # a restart finds the page written
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([name, "kurils-1111111111111111.html"])
    html = (tmp_path / name).read_text(encoding="utf-8")
    assert html == first
    assert 'src="/app/static/vendor/leaflet/1.9.3/leaflet.js"' in html
    assert "cdn.jsdelivr.net" not in html


def test_a_page_cuts_sakhalin_once_for_its_halves(monkeypatch: pytest.MonkeyPatch) -> None:
    import layers.client
    from geo.areas import area_specs
    from layers.client import client_map

    chain, context = export_frames()
    cuts = []
    real = layers.client.split_at_latitude
    monkeypatch.setattr(layers.client, "split_at_latitude", lambda *args: cuts.append(args[2]) or real(*args))
    client_map(chain, context).get_root().render()
    halves = [spec.side_of_50n for spec in area_specs(chain) if spec.side_of_50n]
    assert len(halves) == 2 and sorted(cuts) == sorted(halves)


def test_an_old_page_another_process_removes_first_is_no_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from layers.client import write_app_page

    gone = tmp_path / "kurils-2222222222222222.html"
    gone.write_text("removed by another server between the listing and the look", encoding="utf-8")
    real_stat = Path.stat

    def stat(path, *args, **kwargs):
        if path.name == gone.name:
            path.unlink(missing_ok=True)  # the other process wins the race
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    name = write_app_page(tmp_path, lambda: "<!DOCTYPE html><title>page</title>", "3333333333333333")
    assert (tmp_path / name).is_file() and not gone.exists()
