"""The article store: sync from a folder, refusals, quotas, concurrency, paging, search, corruption, re-linking."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

import geo.store.write
from geo import store as S
from geo.articles import load_articles, parse_article
from geo.linking import RELATIONS, excerpts_for, link_articles
from geo.paths import ROOT, SEEDS_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEED_ID = "2025-07-15-ians-japan-ready-to-resume-peace-talks"


@pytest.fixture
def store(tmp_path: Path) -> S.Store:
    return S.open_store(tmp_path / "store" / "articles.sqlite3")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, folder)
    return folder


def article(name: str, body: str, date: str = "2025-08-01", language: str = "") -> bytes:
    header = f"title: {name}\ndate: {date}\n" + (f"language: {language}\n" if language else "")
    return (header + "\n" + body).encode("utf-8")


def stored_ids(store: S.Store) -> set[str]:
    return {item.article.id for item in S.articles_page(store, page_size=1000).items}


# --- sync ----------------------------------------------------------------------------------------------


def test_sync_stores_a_folder_once_and_skips_what_did_not_change(store, seeds):
    first = S.sync_folder(store, seeds)
    assert first.added == [SEED_ID] and not first.problems
    again = S.sync_folder(store, seeds)
    assert (again.added, again.updated, again.removed, again.unchanged) == ([], [], [], 1)
    os.utime(seeds / f"{SEED_ID}.txt")  # touched, same bytes: not parsed or linked again
    touched = S.sync_folder(store, seeds)
    assert not touched.changed and touched.unchanged == 1


def test_sync_follows_changed_and_removed_files(store, seeds):
    S.sync_folder(store, seeds)
    (seeds / "2025-09-01-new.txt").write_bytes(article("New", "Ferries to Kunashir resumed."))
    assert S.sync_folder(store, seeds).added == ["2025-09-01-new"]
    (seeds / "2025-09-01-new.txt").write_bytes(article("New", "Ferries to Shikotan resumed."))
    assert S.sync_folder(store, seeds).updated == ["2025-09-01-new"]
    assert [i.excerpt.id for i, _ in S.excerpts_for_island(store, "shikotan", query="ferries").items] == ["2025-09-01-new#p1"]
    assert S.excerpts_for_island(store, "kunashir", query="ferries").total == 0
    (seeds / "2025-09-01-new.txt").unlink()
    assert S.sync_folder(store, seeds).removed == ["2025-09-01-new"]
    assert stored_ids(store) == {SEED_ID}


def test_the_store_answers_as_linking_does_for_every_island(store):
    S.sync_folder(store, FIXTURES)
    articles, _ = load_articles(FIXTURES)
    linked = link_articles(articles)
    assert linked, "the fixtures hold articles"
    for island_id in ("kunashir", "iturup", "shikotan", "habomai_suisho", "shumshu"):
        fresh = excerpts_for(island_id, linked)
        page = S.excerpts_for_island(store, island_id, page_size=1000)
        assert [item.excerpt.id for item, _ in page.items] == [item.excerpt.id for item in fresh]
        assert [relation for _, relation in page.items] == [item.relations[island_id] for item in fresh]
        assert [item.mentions for item, _ in page.items] == [item.mentions for item in fresh]
        assert page.total == len(fresh)


def test_broken_seed_files_are_reported_each_sync_and_the_rest_stored(store):
    report = S.sync_folder(store, FIXTURES)
    broken = sorted(problem.file_name for problem in report.problems)
    assert broken == ["broken-empty.txt", "broken-renamed-image.txt", "broken-truncated-utf8.txt", "broken-whitespace-only.md"]
    assert sorted(problem.file_name for problem in S.sync_folder(store, FIXTURES).problems) == broken
    assert sorted(problem.file_name for problem in S.seed_problems(store)) == broken
    assert "2025-08-05-ru-cp1251" in stored_ids(store)


def test_a_file_name_that_is_not_utf8_is_reported_and_the_folder_still_syncs(store, seeds):
    raw_folder = os.fsencode(seeds)
    with open(os.path.join(raw_folder, b"\xcf\xf0\xe8\xec\xe5\xf0.txt"), "wb") as handle:  # "Пример" in cp1251
        handle.write(article("Пример", "Рыбаки на Кунашире."))
    report = S.sync_folder(store, seeds)
    assert report.added == [SEED_ID]
    (problem,) = report.problems
    assert "UTF-8" in problem.reason
    problem.message.encode("utf-8")  # shown to readers: must be printable text


def test_an_interrupted_sync_leaves_whole_articles_and_the_next_sync_finishes(store, seeds, monkeypatch):
    for number in range(5):
        (seeds / f"2025-09-0{number + 1}-a{number}.txt").write_bytes(article(f"A{number}", f"Kunashir {number}."))
    real = geo.store.write._insert
    calls = []

    def failing(connection, article, *args, **kwargs):
        calls.append(article.id)
        if len(calls) == 4:
            raise KeyboardInterrupt  # the server stopped mid-sync
        return real(connection, article, *args, **kwargs)

    monkeypatch.setattr(geo.store.write, "SYNC_BATCH", 2)
    monkeypatch.setattr(geo.store.write, "_insert", failing)
    with pytest.raises(KeyboardInterrupt):
        S.sync_folder(store, seeds)
    with sqlite3.connect(store.path) as connection:
        orphans = connection.execute(
            "SELECT count(*) FROM excerpts e LEFT JOIN articles a ON a.id = e.article_id WHERE a.id IS NULL"
        ).fetchone()[0]
        per_article = connection.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                                         "(SELECT 1 FROM excerpts e WHERE e.article_id = a.id)").fetchone()[0]
    assert (orphans, per_article) == (0, 0)
    assert len(stored_ids(store)) == 2  # the first batch of two, whole; the second rolled back
    monkeypatch.setattr(geo.store.write, "_insert", real)
    finished = S.sync_folder(store, seeds)
    assert len(finished.added) == 4 and len(stored_ids(store)) == 6


# --- refusals, quotas, concurrency -------------------------------------------------------------------------


def test_an_upload_with_a_seeds_id_is_refused_and_the_seed_stays(store, seeds):
    """Repro: an upload named like the seed (other case) used to replace its excerpt #p8 for everyone."""
    S.sync_folder(store, seeds)
    before = S.excerpts_by_id(store, [f"{SEED_ID}#p8"])[f"{SEED_ID}#p8"].excerpt.text
    name = "2025-07-15-IANS-japan-ready-to-resume-peace-talks.txt"
    with pytest.raises(S.Refused) as refused:
        S.add_file(store, article("Fake", "Kunashir is a fake."), name, origin="upload", owner="reader")
    assert refused.value.existing == SEED_ID and f"seeds/{SEED_ID}.txt" in str(refused.value)
    assert S.excerpts_by_id(store, [f"{SEED_ID}#p8"])[f"{SEED_ID}#p8"].excerpt.text == before


def test_the_same_text_under_another_name_is_refused(store, seeds):
    S.sync_folder(store, seeds)
    raw = (seeds / f"{SEED_ID}.txt").read_bytes()
    with pytest.raises(S.Refused, match="same text is already stored") as refused:
        S.add_file(store, raw, "copy.txt", origin="upload", owner="reader")
    assert refused.value.existing == SEED_ID


def test_two_readers_uploading_the_same_article_at_once_store_it_once(store):
    raw = article("Ferry", "The ferry to Kunashir sailed.")
    results: list[str] = []
    barrier = threading.Barrier(8)

    def upload(reader: int) -> None:
        barrier.wait()
        try:
            S.add_file(store, raw, "ferry.txt", origin="upload", owner=f"reader-{reader}", quota=S.UPLOAD_QUOTA)
            results.append("stored")
        except S.Refused as err:
            results.append(f"refused: {err}")

    threads = [threading.Thread(target=upload, args=(reader,)) for reader in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("stored") == 1
    assert all("already stored" in result for result in results if result != "stored")
    assert stored_ids(store) == {"ferry"}


def test_quotas_per_session_and_in_total(store):
    quota = S.Quota(owner_articles=2, owner_bytes=10_000, total_articles=3, total_bytes=1_000_000)
    for number in range(2):
        S.add_file(store, article(f"A{number}", f"Kunashir {number}."), f"a{number}.txt", origin="upload", owner="one", quota=quota)
    with pytest.raises(S.QuotaReached, match="this session"):
        S.add_file(store, article("A2", "Kunashir 2."), "a2.txt", origin="upload", owner="one", quota=quota)
    with pytest.raises(S.QuotaReached, match="over 10,000 bytes"):
        S.add_file(store, article("Big", "Kunashir. " * 1200), "big.txt", origin="upload", owner="two", quota=quota)
    S.add_file(store, article("B0", "Iturup 0."), "b0.txt", origin="upload", owner="two", quota=quota)
    with pytest.raises(S.QuotaReached, match="as many uploaded articles as it may"):
        S.add_file(store, article("B1", "Iturup 1."), "b1.txt", origin="upload", owner="two", quota=quota)
    # Removing one's own upload makes room; nobody removes another reader's.
    assert not S.remove_article(store, "a0", owner="two")
    assert S.remove_article(store, "a0", owner="one")
    S.add_file(store, article("A2", "Kunashir 2."), "a2.txt", origin="upload", owner="one", quota=quota)


# --- reading: pages, languages, search ---------------------------------------------------------------------


@pytest.fixture
def many(store) -> S.Store:
    """25 articles naming Kunashir, dated one day apart, in three languages, plus one on the whole chain."""
    bodies = {"en": "Fishermen off Kunashir {n}.", "ru": "Рыбаки на Кунашире {n}, ёлки.", "ja": "国後島の漁業 {n}。"}
    for n in range(25):
        language = ("en", "ru", "ja")[n % 3]
        S.add_file(store, article(f"T{n}", bodies[language].format(n=n), date=f"2025-01-{n + 1:02d}", language=language),
                   f"t{n:02d}.txt", origin="cli")
    S.add_file(store, article("Chain", "The Kuril Islands, all of them.", date="2025-12-31"), "chain.txt", origin="cli")
    return store


def test_pages_run_by_relation_then_newest_first(many):
    first = S.excerpts_for_island(many, "kunashir")
    assert first.total == 26 and len(first.items) == S.PAGE_SIZE
    assert [item.article.id for item, _ in first.items[:3]] == ["t24", "t23", "t22"]  # newest first
    last = S.excerpts_for_island(many, "kunashir", page=3)
    assert [(item.article.id, relation) for item, relation in last.items][-1] == ("chain", "chain")  # the chain last
    assert len({item.excerpt.id for page in (1, 2, 3)
                for item, _ in S.excerpts_for_island(many, "kunashir", page=page).items}) == 26


def test_language_filter_and_counts(many):
    page = S.excerpts_for_island(many, "kunashir", language="ru")
    assert page.languages == {"en": 9 + 1, "ru": 8, "ja": 8}
    assert page.total == 8 and {item.article.language for item, _ in page.items} == {"ru"}


@pytest.mark.parametrize(("query", "total"), [
    ("кунашире", 8), ("КУНАШИРЕ", 8), ("елки", 8), ("ёлки", 8), ("国後", 8), ("漁業", 8), ("fishermen 12", 1),
    ("fishermen кунашире", 0), ("nothing-like-this", 0),
])
def test_search_is_case_and_yo_blind_and_finds_japanese(many, query, total):
    assert S.excerpts_for_island(many, "kunashir", query=query).total == total


@pytest.mark.parametrize("query", ['"', '""', "*", "AND", "NEAR(a b)", "a OR b", "'; DROP TABLE articles; --", "%_", "\\"])
def test_search_syntax_is_text_never_sql_or_fts(many, query):
    S.excerpts_for_island(many, "kunashir", query=query)
    S.articles_page(many, query=query)
    assert len(stored_ids(many)) == 26


def test_article_list_is_newest_first_and_searches_titles(many):
    page = S.articles_page(many)
    assert page.total == 26 and [item.article.id for item in page.items[:2]] == ["chain", "t24"]
    assert [item.article.id for item in S.articles_page(many, query="t7").items] == ["t07"]  # a title
    assert S.articles_page(many, language="ja").total == 8


def test_linked_articles_choose_by_date_language_and_limit(many):
    import datetime as dt

    chosen = S.linked_articles(many, since=dt.date(2025, 1, 10), until=dt.date(2025, 1, 20), language="en")
    assert {item.article.id for item in chosen} == {"t09", "t12", "t15", "t18"}
    newest = S.linked_articles(many, limit=2)
    assert [item.article.id for item in newest] == ["chain", "t24"]


# --- a broken store, re-linking ----------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_corrupt_store_file_gives_a_message_naming_it_and_the_rebuild(tmp_path, content):
    path = tmp_path / "articles.sqlite3"
    path.write_bytes(content)
    try:
        store = S.open_store(path)
        S.excerpts_for_island(store, "kunashir")
    except S.StoreError as err:
        message = str(err)
        assert "articles.sqlite3" in message and S.REBUILD_COMMAND in message
        assert str(tmp_path) not in message
    else:
        assert content == b"", "only an empty file is a fresh store"


def test_a_store_of_another_kind_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t(x)")
    with pytest.raises(S.StoreError, match="not an article store"):
        S.open_store(path)


def test_a_changed_places_file_relinks_stored_articles(tmp_path, monkeypatch, store):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    monkeypatch.setenv("KURIL_DATA_DIR", str(data))
    S.add_file(store, article("Lesser", "The Lesser Kuril Chain was fished."), "lesser.txt", origin="cli")
    assert [relation for _, relation in S.excerpts_for_island(store, "shikotan").items] == ["group"]
    places = (data / "places.csv").read_text(encoding="utf-8")
    lines = [line for line in places.splitlines() if "Lesser Kuril" not in line]
    assert len(lines) < len(places.splitlines()), "places.csv names the Lesser Kuril Chain"
    (data / "places.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert S.relink(store) == 1
    # Without the Lesser Kuril Chain, "Kuril Chain" is left: the whole chain, no longer Shikotan's group.
    assert [relation for _, relation in S.excerpts_for_island(store, "shikotan").items] == ["chain"]
    assert S.stored_info(store, "lesser").linked_with == S.linker_signature()
    assert S.relink(store) == 0


def test_parse_article_and_store_agree_on_ids(store):
    raw = article("X", "Kunashir.")
    assert S.add_file(store, raw, "Some File.TXT", origin="cli") == parse_article(raw, "Some File.TXT").id


def test_relations_are_stored_as_their_rank():
    assert RELATIONS == ("direct", "group", "chain")  # stored as 0, 1, 2: reordering them needs a new schema version


def test_two_servers_syncing_one_folder_at_once_store_each_file_once(tmp_path, seeds):
    for number in range(30):
        (seeds / f"2025-10-{number % 28 + 1:02d}-b{number}.txt").write_bytes(article(f"B{number}", f"Iturup {number}."))
    path = tmp_path / "shared.sqlite3"
    S.open_store(path)
    reports: list[S.SyncReport] = []
    barrier = threading.Barrier(3)

    def sync() -> None:
        barrier.wait()
        reports.append(S.sync_folder(S.open_store(path), seeds))

    threads = [threading.Thread(target=sync) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(not report.problems for report in reports), [report.problems for report in reports]
    assert sorted(article_id for report in reports for article_id in report.added) == sorted(stored_ids(S.open_store(path)))
    assert len(stored_ids(S.open_store(path))) == 31
