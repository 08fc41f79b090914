"""app.py under streamlit.testing: the island panel, excerpts, uploads, the tour, and the state Python sends the map.

The map client runs in the browser (tests/test_app_browser.py, tests/test_link_cases.py): it reads the
link, shows its messages and reports the state once (trigger "link"); island clicks come as trigger
"island". Here a test selects through ``at.session_state`` or sends those triggers (tests/app_harness.py)
and checks what Python owns: the panel, the excerpts, the tour, uploads, and the client state it sends.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from app_harness import map_data, map_state, send
from streamlit.testing.v1 import AppTest

import geo.paths
from geo.articles import load_articles
from geo.linking import link_articles
from geo.tour import tour

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SEED_DISPUTE = "2025-07-15-ians-japan-ready-to-resume-peace-talks#p8"
FERRY = ROOT / "tests/fixtures/articles/2025-08-01-en-kunashir-ferry.md"


def run_app(query: dict[str, str] | None = None, **state: object) -> AppTest:
    """Run the app once: ``query`` as the page's query parameters, ``state`` set in session_state first.

    The article list and the uploader, drawn on request (their toggles), are switched on.
    """
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["all_articles"] = True
    at.session_state["show_upload"] = True
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def unescaped(text: str) -> str:
    """Return a message as the reader sees it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", text)


def warnings(at: AppTest) -> list[str]:
    return [unescaped(warning.value) for warning in at.warning]


def html_blocks(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def fact_sheets(at: AppTest) -> list[str]:
    return [block for block in html_blocks(at) if 'class="kuril-popup"' in block]


def expander_labels(at: AppTest) -> list[str]:
    return [expander.label for expander in at.expander]


def group_islands(excerpt_id: str) -> list[str]:
    """Return the islands "Show on map" outlines for a seed excerpt: those it names, each with its group."""
    articles, _ = load_articles(geo.paths.SEEDS_DIR)
    (item,) = [item for item in link_articles(articles) if item.excerpt.id == excerpt_id]
    return sorted(item.island_ids_within("group"))


# --- the page and the map component -----------------------------------------------------------------------


def test_app_starts_with_the_map_and_a_prompt():
    at = run_app()
    assert not at.exception
    assert at.title[0].value == "Kuril Islands"
    assert any("Click an island" in info.value for info in at.info)
    assert not fact_sheets(at)
    data = map_data(at)
    assert re.fullmatch(r"/app/static/map/kurils-[0-9a-f]{16}\.html", data["url"]), data["url"]
    assert (ROOT / "static/map" / data["url"].rsplit("/", 1)[1]).is_file()
    assert data["linkRead"] is True  # no link in the address bar: nothing for the client to report
    assert data["state"] == {
        "view": "neutral", "period": None, "step": None, "island": None, "highlight": [], "fit": None,
        "labels": None, "lang": "en", "hidden": [], "large": False, "tiles": False,
    }


def test_the_map_state_is_the_same_on_a_rerun_that_changes_nothing():
    at = run_app(island="kunashir")
    before = map_data(at)
    at.run()
    assert map_data(at) == before


def test_streamlit_own_parameters_are_not_a_link_to_wait_for():
    at = run_app({"embed": "true"})
    assert not at.exception
    assert map_data(at)["linkRead"] is True
    assert map_data(at)["ignoreParams"] == ["embed", "embed_options"]


# --- the island panel -------------------------------------------------------------------------------------


def test_a_selected_island_shows_its_facts_and_the_seed_excerpts_naming_it():
    at = run_app(island="kunashir")
    assert not at.exception
    facts = "\n".join(fact_sheets(at))
    assert 'data-island="kunashir"' in facts
    assert "Kunashir" in facts and "Yuzhno-Kurilsky" in facts and "1,490 km²" in facts and "Japanese figure" in facts
    assert any("Kunashir / Kunashiri" in header.value for header in at.subheader)
    related = [block for block in html_blocks(at) if "names this island" in block]
    assert related and f'data-excerpt="{SEED_DISPUTE}"' in related[0]
    assert '<mark class="kuril-mention kuril-mention-name" data-place="kunashir"' in related[0]
    state = map_state(at)
    assert state["island"] == "kunashir" and state["highlight"] == [] and state["fit"] is None


def test_an_island_clicked_on_the_map_shows_its_panel():
    at = run_app()
    send(at, "island", "kunashir")
    assert not at.exception
    assert at.session_state["island"] == "kunashir"
    assert any('data-island="kunashir"' in sheet for sheet in fact_sheets(at))
    assert map_state(at)["island"] == "kunashir"


def test_a_click_on_another_island_drops_the_picked_excerpt():
    at = run_app(island="kunashir", excerpt=SEED_DISPUTE)
    send(at, "island", "iturup")
    assert at.session_state["island"] == "iturup" and at.session_state["excerpt"] is None
    assert map_state(at)["highlight"] == [] and map_state(at)["fit"] is None


@pytest.mark.parametrize("island", [
    "atlantis", "__proto__", "", None,
    ["kunashir"],
    {"id": "kunashir"},
], ids=["unknown", "proto", "empty", "none", "list", "object"])
def test_a_click_report_naming_no_known_island_changes_nothing(island):
    at = run_app(island="kunashir")
    send(at, "island", island)
    assert not at.exception, at.exception
    assert at.session_state["island"] == "kunashir"
    assert map_state(at)["island"] == "kunashir"


def test_picking_an_excerpt_selects_it_and_sends_its_islands_with_a_fit():
    at = run_app(island="kunashir")
    at.button(key=f"rel-{SEED_DISPUTE}").click().run()
    assert not at.exception
    assert at.session_state["excerpt"] == SEED_DISPUTE
    assert any("kuril-excerpt-selected" in block and SEED_DISPUTE in block for block in html_blocks(at))
    state = map_state(at)
    islands = group_islands(SEED_DISPUTE)
    assert {"iturup", "kunashir", "shikotan"} <= set(islands) and len(islands) >= 4
    assert state["highlight"] == islands
    assert state["fit"] == {"id": f"excerpt:{SEED_DISPUTE}:1", "islands": islands}
    assert state["island"] == "kunashir"


def test_picking_the_same_excerpt_again_asks_for_a_new_fit():
    at = run_app(island="kunashir")
    at.button(key=f"rel-{SEED_DISPUTE}").click().run()
    first = map_state(at)["fit"]["id"]
    at.button(key=f"all-{SEED_DISPUTE}").click().run()
    assert map_state(at)["fit"]["id"] != first  # the reader may have panned away: fit again
    assert map_state(at)["highlight"] == group_islands(SEED_DISPUTE)


def test_clear_selection_clears_the_island_the_excerpt_and_the_highlight():
    at = run_app(island="kunashir")
    at.button(key=f"rel-{SEED_DISPUTE}").click().run()
    (clear,) = [button for button in at.button if button.label == "Clear selection"]
    clear.click().run()
    assert at.session_state["island"] is None and at.session_state["excerpt"] is None
    assert not fact_sheets(at)
    state = map_state(at)
    assert state["island"] is None and state["highlight"] == [] and state["fit"] is None


def test_a_broken_article_is_named_and_the_others_still_show(tmp_path, monkeypatch):
    shutil.copy(next(Path(geo.paths.SEEDS_DIR).glob("2025-07-15-*.txt")), tmp_path)
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    monkeypatch.setattr(geo.paths, "SEEDS_DIR", tmp_path)
    at = run_app(island="kunashir")
    assert not at.exception
    assert any("broken.txt" in warning for warning in warnings(at)), warnings(at)
    assert any(SEED_DISPUTE in block for block in html_blocks(at))


# --- uploads ---------------------------------------------------------------------------------------------


def uploaded_ferry_is_shown(at: AppTest) -> bool:
    """Return whether the uploaded ferry article is listed and its excerpt naming Kunashir is in Kunashir's panel."""
    listed = any("a ferry timetable" in unescaped(label) for label in expander_labels(at))
    related = any("names this island" in block and "Yuzhno-Kurilsk" in block for block in html_blocks(at))
    return listed and related


def upload(at: AppTest, name: str, raw: bytes) -> AppTest:
    at.file_uploader(key="upload").upload(name, raw, "text/markdown").run()
    assert not at.exception, at.exception
    return at


def messages(at: AppTest) -> list[str]:
    return [unescaped(message.value) for kind in (at.success, at.warning, at.error) for message in kind]


def upload_ferry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setattr(geo.paths, "SEEDS_DIR", tmp_path)
    shutil.copy(next((ROOT / "seeds").glob("2025-07-15-*.txt")), tmp_path)
    at = upload(run_app(island="kunashir"), FERRY.name, FERRY.read_bytes())
    assert any(FERRY.name in message and "excerpts linked" in message for message in messages(at)), messages(at)
    return at


def test_an_uploaded_article_is_stored_linked_and_shown_never_written_into_seeds(tmp_path, monkeypatch):
    at = upload_ferry(tmp_path, monkeypatch)
    assert uploaded_ferry_is_shown(at), expander_labels(at)  # in the very run that took it
    at.run()  # a rerun neither adds it again nor fails on a repeated element key
    assert not at.exception and uploaded_ferry_is_shown(at)
    assert [path.name for path in tmp_path.iterdir()] == [next((ROOT / "seeds").glob("2025-07-15-*.txt")).name]


def test_an_article_already_stored_is_refused_with_its_name(tmp_path, monkeypatch):
    at = upload_ferry(tmp_path, monkeypatch)
    upload(at, "copy-of-the-ferry.md", FERRY.read_bytes())
    assert any("same text is already stored" in message and "ferry" in message for message in messages(at)), messages(at)


def test_an_upload_named_like_a_seed_cannot_replace_it(tmp_path, monkeypatch):
    """Repro: an upload with the seed's id (other case) used to replace the tour's excerpt #p8 for everyone."""
    monkeypatch.setattr(geo.paths, "SEEDS_DIR", tmp_path)
    seed = next((ROOT / "seeds").glob("2025-07-15-*.txt"))
    shutil.copy(seed, tmp_path)
    at = upload(run_app(island="kunashir"), "2025-07-15-IANS-japan-ready-to-resume-peace-talks.txt",
                b"title: Fake\n\nKunashir belongs to nobody.")
    assert any("already stored" in message and seed.name in message for message in messages(at)), messages(at)
    assert not any("belongs to nobody" in block for block in html_blocks(at))
    assert any(SEED_DISPUTE in block for block in html_blocks(at))


def test_a_reader_can_remove_what_their_session_uploaded(tmp_path, monkeypatch):
    at = upload_ferry(tmp_path, monkeypatch)
    removes = [button for button in at.button if button.key and button.key.startswith("remove-")]
    assert [button.key for button in removes] == ["remove-2025-08-01-en-kunashir-ferry"]
    removes[0].click().run()
    assert not at.exception
    assert not uploaded_ferry_is_shown(at)
    assert not [button for button in at.button if button.key and button.key.startswith("remove-")]


def test_the_session_quota_is_announced(tmp_path, monkeypatch):
    import geo.store

    monkeypatch.setattr(geo.store, "UPLOAD_QUOTA", geo.store.Quota(owner_articles=1))
    at = upload_ferry(tmp_path, monkeypatch)
    upload(at, "second.md", b"title: Second\n\nShikotan in winter.")
    assert any("the most one session may add" in message for message in messages(at)), messages(at)


def test_an_upload_that_is_not_an_article_gets_an_error_and_the_app_goes_on():
    at = run_app()
    at.file_uploader(key="upload").upload("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "text/plain").run()
    assert not at.exception, at.exception
    assert any("image.txt" in unescaped(error.value) for error in at.error), [error.value for error in at.error]
    assert at.title[0].value == "Kuril Islands"


# --- options the sidebar sends the map ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "ja", "en+ja"])
def test_label_language_can_be_switched(lang):
    at = run_app()
    at.selectbox(key="lang").set_value(lang).run()
    assert not at.exception
    assert map_state(at)["labels"] == lang


def test_layers_large_type_and_web_tiles_are_sent_to_the_map():
    at = run_app()
    at.checkbox(key="layer_jp").uncheck()
    at.checkbox(key="layer_labels").uncheck()
    at.toggle(key="large").set_value(True)
    at.toggle(key="web_tiles").set_value(True).run()
    state = map_state(at)
    assert state["hidden"] == ["jp", "labels"] and state["large"] is True and state["tiles"] is True


# --- the link: read by the client, its state taken by Python --------------------------------------------------


def test_with_a_link_python_waits_for_the_client_to_read_it():
    at = run_app({"island": "kunashir"})
    assert not at.exception
    assert map_data(at)["linkRead"] is False
    assert at.session_state["island"] is None and not fact_sheets(at)
    assert not at.warning  # the client shows the link's messages, over the map


def test_the_island_the_link_gave_shows_its_facts_and_excerpts():
    at = run_app({"island": "kunashir"})
    send(at, "link", {"island": "kunashir"})
    assert not at.exception
    assert map_data(at)["linkRead"] is True
    assert at.session_state["island"] == "kunashir"
    assert any("Yuzhno-Kurilsky" in sheet for sheet in fact_sheets(at))
    assert any(f'data-excerpt="{SEED_DISPUTE}"' in block for block in html_blocks(at) if "names this island" in block)
    assert map_state(at)["island"] == "kunashir"
    assert at.query_params["island"] == "kunashir"  # the address bar is the bridge's to rewrite


@pytest.mark.parametrize(
    ("query", "reported", "title"),
    [({"view": "japan"}, {"view": "japan", "period": None}, "Japan's position"),
     ({"view": "russia"}, {"view": "russia", "period": None}, "Russia's position"),
     ({"year": "1905"}, {"view": "neutral", "period": "1905-portsmouth"}, "1905: Treaty of Portsmouth"),
     ({"year": "1960"}, {"view": "neutral", "period": "1956-joint-declaration"}, "1956: Japan–Soviet Joint Declaration")],
)
def test_view_and_year_links_show_that_state_with_its_attributed_legend(query, reported, title):
    at = run_app(query)
    send(at, "link", reported)
    assert not at.exception
    assert title in expander_labels(at), expander_labels(at)
    assert at.session_state["view"] == reported["view"]
    assert at.session_state["period"] == (reported["period"] or "today")
    state = map_state(at)
    assert (state["view"], state["period"], state["step"]) == (reported["view"], reported["period"], None)


@pytest.mark.parametrize("query", [{"view": "atlantis"}, {"year": "1800"}, {"step": "nowhere"}, {"island": "atlantis"}])
def test_a_link_the_client_found_nothing_known_in_gives_the_default_map(query):
    at = run_app(query)
    send(at, "link", {})  # what the client reports for a link of unknown values (it shows the message)
    assert not at.exception
    assert not at.warning
    assert (at.session_state["view"], at.session_state["period"], at.session_state["island"]) == ("neutral", "today", None)
    assert not fact_sheets(at)
    assert map_data(at)["linkRead"] is True
    state = map_state(at)
    assert (state["view"], state["period"], state["step"], state["island"]) == ("neutral", None, None, None)


def test_a_step_link_opens_the_tour_and_next_and_previous_move_through_it():
    steps = [entry["id"] for entry in tour()]
    at = run_app({"step": "shimoda"})
    send(at, "link", {"step": "shimoda", "view": "neutral", "period": "1855-shimoda"})
    assert not at.exception
    assert at.session_state["tour_on"] is True
    first = at.session_state["step"]
    assert steps[first] == "shimoda" and at.session_state["period"] == "1855-shimoda"
    assert any(f"Step {first + 1} of {len(steps)}" in markdown.value for markdown in at.markdown)
    assert map_state(at)["step"] == "shimoda"
    at.button(key="tour_next").click().run()
    assert at.session_state["step"] == first + 1
    assert map_state(at)["step"] == steps[first + 1]
    at.button(key="tour_prev").click().run()
    assert at.session_state["step"] == first
    assert map_state(at)["step"] == "shimoda"


def test_a_view_picked_during_the_tour_leaves_the_step():
    at = run_app(tour_on=True)
    at.button(key="tour_next").click().run()
    assert map_state(at)["step"] == tour()[1]["id"]
    at.radio(key="view").set_value("japan").run()
    state = map_state(at)
    assert state["step"] is None and state["view"] == "japan"


# --- the offline copy -------------------------------------------------------------------------------------


def test_the_offline_download_is_the_export_of_what_is_shown():
    at = run_app()
    at.toggle(key="prepare_export").set_value(True).run()
    assert not at.exception
    button = at.get("download_button")[0]
    assert "kuril-islands-map.html" in button.proto.label


# --- the panel, a page at a time -------------------------------------------------------------------------


@pytest.fixture
def many_seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A seeds folder of 24 dated articles naming Kunashir, in English, Russian and Japanese."""
    bodies = {"en": "Fishermen off Kunashir, number {n}.", "ru": "Рыбаки на Кунашире, номер {n}.", "ja": "国後島の漁業、{n}番。"}
    for n in range(24):
        language = ("en", "ru", "ja")[n % 3]
        text = f"title: Article {n}\ndate: 2025-02-{n + 1:02d}\nlanguage: {language}\n\n{bodies[language].format(n=n)}\n"
        (tmp_path / f"a{n:02d}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(geo.paths, "SEEDS_DIR", tmp_path)
    return tmp_path


def panel_excerpts(at: AppTest) -> list[str]:
    """Return the ids of the excerpts the island panel shows, in order."""
    return [re.search(r'data-excerpt="([^"]+)"', block)[1] for block in html_blocks(at)
            if 'class="kuril-relation"' in block]


def test_the_island_panel_pages_newest_first(many_seeds):
    at = run_app(island="kunashir", all_articles=False)
    assert panel_excerpts(at) == [f"a{n:02d}#p1" for n in range(23, 13, -1)]
    assert any("24 excerpts" in block and "kuril-note" in block for block in html_blocks(at))
    at.button(key="island_more").click().run()
    assert len(panel_excerpts(at)) == 20
    at.button(key="island_more").click().run()
    assert len(panel_excerpts(at)) == 24 and not [button for button in at.button if button.key == "island_more"]


def test_the_island_panel_filters_by_language_and_search(many_seeds):
    at = run_app(island="kunashir", all_articles=False)
    at.selectbox(key="island_language").set_value("ru").run()
    assert panel_excerpts(at) == [f"a{n:02d}#p1" for n in range(22, -1, -3)]
    at.selectbox(key="island_language").set_value("all").run()
    at.text_input(key="island_query").input("номер 7").run()
    assert panel_excerpts(at) == ["a07#p1"]
    at.text_input(key="island_query").input("国後").run()
    assert len(panel_excerpts(at)) == 8
    at.text_input(key="island_query").input("nothing like it").run()
    assert panel_excerpts(at) == [] and any("Nothing matches" in info.value for info in at.info)


def test_another_island_starts_at_the_first_page(many_seeds):
    at = run_app(island="kunashir", all_articles=False)
    at.button(key="island_more").click().run()
    send(at, "island", "iturup")
    send(at, "island", "kunashir")
    assert len(panel_excerpts(at)) == 10


def test_all_articles_pages_and_searches(many_seeds):
    at = run_app()
    labels = [unescaped(label) for label in expander_labels(at) if label.startswith("Article")]
    assert labels[:2] == ["Article 23 (unknown source, 24 February 2025)", "Article 22 (unknown source, 23 February 2025)"]
    assert len(labels) == 10
    at.button(key="articles_more").click().run()
    assert len([label for label in expander_labels(at) if label.startswith("Article")]) == 20
    at.text_input(key="articles_query").input("Article 5").run()  # a substring: "Article 15" too
    assert [unescaped(label) for label in expander_labels(at) if label.startswith("Article")] == [
        "Article 15 (unknown source, 16 February 2025)", "Article 5 (unknown source, 6 February 2025)"
    ]


def test_the_handout_panel_offers_this_states_pages_and_the_tour_booklet(monkeypatch):
    """The app's handout buttons hand over the PDF and PNG of the state on screen (view, island) and the booklet."""
    import layers.handout

    drawn = []
    monkeypatch.setattr(layers.handout, "handout_bytes", lambda fmt, **state: drawn.append((fmt, state)) or b"%PDF-")
    monkeypatch.setattr(layers.handout, "tour_booklet_bytes", lambda **options: drawn.append(("booklet", options)) or b"%PDF-")
    import streamlit

    at = run_app(island="kunashir")
    at.session_state["view"] = "japan"
    at.run()
    at.toggle(key="prepare_handout").set_value(True).run()
    assert not at.exception
    buttons = {button.key: button for button in at.get("download_button")}
    assert {"download_handout_pdf", "download_handout_png", "download_booklet"} <= set(buttons)
    pages = {fmt: state for fmt, state in drawn}
    assert set(pages) == {"pdf", "png", "booklet"}
    assert pages["pdf"]["view"] == "japan" and pages["pdf"]["island"] == "kunashir" and pages["pdf"]["ui"] == "en"
    streamlit.cache_data.clear()  # the stand-in pages must not outlive this test
