"""Messages about articles in the reader's language (layers/i18n/problems.py, catalogue/articles.json).

Every error ``geo`` raises about an article file, an upload or the store carries a registered ``code`` and
JSON ``params``; each code has a catalogue text in en, ru and ja whose placeholders are exactly the params
the code is raised with (checked on errors made from real hostile input, not on hand-written params); Russian
and Japanese readers get their script, never an English sentence or a path; an unknown code gets the English
message; seed-file problems keep their code and params in the store, across a reopen and a migration.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from geo import articles as A
from geo import store as S
from geo.store import db, write
from geo.paths import ROOT, SEEDS_DIR
from layers.i18n import PLACEHOLDER, catalogue
from layers.i18n.problems import CODE_KEYS, key_of, message_of, problem_text

LANGS = ("en", "ru", "ja")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
JAPANESE = re.compile(r"[\u3040-\u30FF\u4E00-\u9FFF]")
SEED_ID = "2025-07-15-ians-japan-ready-to-resume-peace-talks"

#: Which registry the code of each error class's calls belongs to, and where its ``code`` sits among the arguments.
REGISTRIES = {
    "ArticleError": (A.CODES, 2),
    "ArticleProblem": (A.CODES + write.CODES, 2),  # a seed file's clash keeps its refusal's code
    "Refused": (write.CODES, 2),
    "QuotaReached": (write.CODES, 2),
    "StoreError": (db.CODES, 1),
    "broken": (db.CODES, 1),
}
SOURCES = [ROOT / "geo" / "articles.py", *sorted((ROOT / "geo" / "store").glob("*.py"))]


def placeholders(entry_text: Any) -> set[str]:
    forms = entry_text.values() if isinstance(entry_text, dict) else [entry_text]
    found = [set(PLACEHOLDER.findall(form)) for form in forms]
    assert all(names == found[0] for names in found), entry_text
    return found[0]


# --- every raise uses a registered code ----------------------------------------------------------------


def _calls() -> Iterator[tuple[str, int, str, ast.expr | None]]:
    """Yield (file, line, class, code argument or None) for every call making one of the errors in geo/."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in REGISTRIES:
                continue
            position = REGISTRIES[name][1]
            code = next((keyword.value for keyword in node.keywords if keyword.arg == "code"), None)
            if code is None and len(node.args) > position:
                code = node.args[position]
            yield path.name, node.lineno, name, code


def test_every_error_made_in_geo_names_a_registered_code():
    unregistered, missing = [], []
    for file, line, name, code in _calls():
        if code is None:
            if name != "broken":  # Store.broken defaults to sqlite_error: SQLite's own words
                missing.append(f"{file}:{line} {name}")
        elif isinstance(code, ast.Constant) and code.value not in REGISTRIES[name][0]:
            unregistered.append(f"{file}:{line} {name} code={code.value!r}")
    assert (missing, unregistered) == ([], [])


def _literals_outside_the_registries() -> set[str]:
    """Return the string constants of geo/'s sources, leaving out the CODES tuples themselves."""
    found: set[str] = set()
    for path in SOURCES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(target, "id", "") == "CODES" for target in node.targets):
                continue
            found |= {item.value for item in ast.walk(node) if isinstance(item, ast.Constant) and isinstance(item.value, str)}
    return found


def test_every_registered_code_is_used_somewhere_and_codes_are_unique():
    registered = [*A.CODES, *write.CODES, *db.CODES]
    assert len(registered) == len(set(registered)), "a code in two registries would be ambiguous"
    assert sorted(set(registered) - _literals_outside_the_registries()) == []


def test_every_code_has_a_catalogue_text_and_every_text_a_code():
    texts = catalogue()
    assert sorted(code for code, key in CODE_KEYS.items() if key not in texts) == []
    helpers = {"article.problem", *(f"upload.stored.{origin}" for origin in db.ORIGINS)}
    ours = {key for key in texts if key.split(".")[0] in ("article", "upload", "store")}
    assert sorted(ours - set(CODE_KEYS.values()) - helpers) == []
    assert sorted(helpers - set(texts)) == []


# --- errors made from real hostile input ------------------------------------------------------------------

#: A file for each way parsing refuses one (name, bytes).
BAD_FILES = [
    ("empty.txt", b""),
    ("whitespace.md", b" \n\t\n\r\n"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)),
    ("controls.txt", bytes(range(1, 32)) * 20),
    ("bom-then-binary.txt", b"\xef\xbb\xbf\x00\x01\x02Kunashir"),
    ("bad-utf16.txt", b"\xff\xfe" + "Kunashir \ud800".encode("utf-16-le", "surrogatepass")),
    ("truncated.txt", "Рыбаки на Кунашире".encode()[:-1]),
    ("utf8-then-cp1251.txt", "Кунашир остров.\n\n".encode() + "Итуруп остров.".encode("cp1251")),
    ("cp1251-then-utf8.txt", "Итуруп остров и Кунашир.\n\n".encode("cp1251") + "Кунашир остров.".encode()),
    ("latin-1.txt", "Café on Kunashir".encode("latin-1")),
    ("unclosed.md", b"---\ntitle: x\n\nKunashir."),
    ("bad-line.md", b"---\ntitle: x\nnot a header line\n---\n\nKunashir."),
    ("bad-key.txt", b"title: A\nauthor: B\n\nText.\n"),
    ("twice.txt", b"title: A\ntitle: B\n\nText.\n"),
    ("bad-date.txt", b"date: 15/07/2025\n\nText.\n"),
    ("bad-url.txt", b"title: x\nurl: javascript:alert(1)\n\nKunashir."),
    ("bad-language.md", b"language: fr\n\nTexte.\n"),
    ("only-header.txt", b"title: Nothing here\nsource: X\n\n\n"),
    ("book.txt", b"Kunashir.\n\n" * (A.MAX_EXCERPTS + 1)),
    ("wall.txt", ("Kunashir " * 5_000).encode()),
    ("harbour.md", b"First.\n"),
    ("harbour.txt", b"Second.\n"),  # the same id as harbour.md
    ("scan.pdf", b"%PDF-1.4"),
    ("notes", b"Kunashir."),
    (".draft.txt", b"Kunashir."),
    ("locked.txt", b"Kunashir."),  # its reading fails (see below)
]
CP1251_NAME = "При.txt".encode("cp1251")


def _bad_folder(folder: Path) -> Path:
    folder.mkdir()
    for name, raw in BAD_FILES:
        (folder / name).write_bytes(raw)
    with open(os.path.join(os.fsencode(folder), CP1251_NAME), "wb") as sink:
        sink.write(b"Kunashir.")
    with (folder / "huge.txt").open("wb") as sink:  # sparse: over the limit on paper, nothing on disk
        sink.truncate(A.MAX_ARTICLE_BYTES + 1)
    return folder


@pytest.fixture
def locked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading locked.txt fails as a file without read permission does (tests may run as root, who reads anything)."""
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def _store_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[S.StoreError]:
    """Return a StoreError for each way the store can be unusable, each from a real file."""
    found: list[S.StoreError] = []

    def catch(action) -> None:
        with pytest.raises(S.StoreError) as caught:
            action()
        found.append(caught.value)

    def store_file(name: str, content: bytes) -> Path:
        path = tmp_path / "stores" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        return path

    catch(lambda: S.open_store(store_file("text.sqlite3", b"not a database at all" * 100)))
    other = store_file("other.sqlite3", b"")
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t(x)")
    catch(lambda: S.open_store(other))
    future = S.open_store(tmp_path / "stores" / "future.sqlite3")
    with sqlite3.connect(future.path) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    catch(lambda: S.open_store(future.path))
    damaged = S.open_store(tmp_path / "stores" / "damaged.sqlite3")
    S.sync_folder(damaged, ROOT / "tests" / "fixtures" / "articles")
    with sqlite3.connect(damaged.path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = damaged.path.read_bytes()
    page = int.from_bytes(raw[16:18], "big")  # the page size, in the file's header
    damaged.path.write_bytes(raw[:page] + b"\xff" * (len(raw) - page))  # every page but the schema's, overwritten
    catch(lambda: S.articles_page(S.open_store(damaged.path)))
    catch(lambda: S.open_store(tmp_path / "stores"))  # a folder: SQLite cannot open it
    store_file("a-file", b"x")
    catch(lambda: S.open_store(tmp_path / "stores" / "a-file" / "articles.sqlite3"))
    busy = S.open_store(tmp_path / "stores" / "busy.sqlite3")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(busy.path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        catch(lambda: S.remove_article(busy, "anything"))
    finally:
        holder.close()
    return found


def _refusals(tmp_path: Path) -> tuple[list[S.Refused], list[A.ArticleProblem]]:
    """Return a refusal for each clash (with an article of each origin) and quota, and the seed files' clash problems."""
    store = S.open_store(tmp_path / "refusals.sqlite3")
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    S.sync_folder(store, seeds)
    refused: list[S.Refused] = []

    def catch(action) -> None:
        with pytest.raises(S.Refused) as caught:
            action()
        refused.append(caught.value)

    def article(title: str, body: str) -> bytes:
        return f"title: {title}\n\n{body}".encode()

    S.add_file(store, article("By hand", "Ferries to Iturup."), "by-hand.txt", origin="cli")
    S.add_file(store, article("Uploaded", "Ferries to Shikotan."), "uploaded.txt", origin="upload", owner="a")
    for name, origin in ((f"{SEED_ID}.txt", "seeds"), ("by-hand.md", "cli"), ("uploaded.md", "upload")):
        catch(lambda name=name: S.add_file(store, article("Fake", "Kunashir, fake."), name, origin="upload", owner="b"))
    catch(lambda: S.add_file(store, (seeds / f"{SEED_ID}.txt").read_bytes(), "copy.txt", origin="upload", owner="b"))
    quota = S.Quota(owner_articles=2, owner_bytes=10_000, total_articles=4, total_bytes=1_000_000)
    for number in range(2):
        S.add_file(store, article(f"A{number}", f"Kunashir {number}."), f"a{number}.txt", origin="upload", owner="one",
                   quota=quota)
    catch(lambda: S.add_file(store, article("A2", "Kunashir 2."), "a2.txt", origin="upload", owner="one", quota=quota))
    catch(lambda: S.add_file(store, article("Big", "Kunashir. " * 1200), "big.txt", origin="upload", owner="two", quota=quota))
    S.add_file(store, article("B0", "Iturup 0."), "b0.txt", origin="upload", owner="two", quota=quota)
    catch(lambda: S.add_file(store, article("B1", "Iturup 1."), "b1.txt", origin="upload", owner="three", quota=quota))
    # A seed file whose id an upload has taken, and one repeating an upload's text: reported, with the refusal's code.
    (seeds / "uploaded.txt").write_bytes(article("Seed", "Kunashir, a seed."))
    (seeds / "again.txt").write_bytes(article("Uploaded", "Ferries to Shikotan."))
    conflicts = [problem for problem in S.sync_folder(store, seeds).problems if problem.code in write.CODES]
    return refused, conflicts


@pytest.fixture
def made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locked: None) -> list[tuple[str, Mapping[str, Any], Any]]:
    """Return (code, params, error or problem) for everything geo reports, made from real hostile input."""
    folder = _bad_folder(tmp_path / "bad")
    _, problems = A.load_articles(folder)
    synced = S.sync_folder(S.open_store(tmp_path / "synced.sqlite3"), folder).problems  # the store's own reading
    parse_errors = []
    for name, raw in BAD_FILES[:20]:
        with pytest.raises(A.ArticleError) as caught:
            A.parse_article(raw, name)
        parse_errors.append(caught.value)
    with pytest.raises(A.ArticleError) as caught:
        A.parse_article(b"\xff" * (A.MAX_ARTICLE_BYTES + 1), "upload.txt")
    parse_errors.append(caught.value)
    refused, conflicts = _refusals(tmp_path)
    everything = [*problems, *synced, *parse_errors, *refused, *conflicts, *_store_errors(tmp_path, monkeypatch)]
    return [(item.code, item.params, item) for item in everything]


def test_hostile_input_raises_every_registered_code(made):
    assert sorted({*A.CODES, *write.CODES, *db.CODES} - {code for code, _, _ in made}) == []
    assert not [item for code, _, item in made if not code], "every problem carries a code"


def test_params_are_plain_json(made):
    for code, params, _ in made:
        assert json.loads(json.dumps(params)) == params, code


def test_each_text_has_exactly_the_placeholders_its_code_is_raised_with(made):
    texts = catalogue()
    wrong = {}
    for code, params, _ in made:
        for lang in LANGS:
            entry = texts[key_of(code)][lang]
            if placeholders(entry) != set(params):
                wrong[(code, lang)] = (sorted(placeholders(entry)), sorted(params))
            for name, value in params.items():
                if isinstance(value, Mapping):  # a stored article, described in the reader's language
                    described = texts[f"upload.stored.{value['origin']}"][lang]
                    if not placeholders(described) <= set(value) - {"origin"}:
                        wrong[(code, lang, name)] = (sorted(placeholders(described)), sorted(value))
    assert wrong == {}


def test_every_stored_article_description_is_used(made):
    origins = {value["origin"] for _, params, _ in made for value in params.values() if isinstance(value, Mapping)}
    assert origins == set(db.ORIGINS)


@pytest.mark.parametrize(("lang", "script"), [("ru", CYRILLIC), ("ja", JAPANESE)])
def test_russian_and_japanese_readers_get_their_own_script(made, lang, script):
    english_left = {}
    for code, params, item in made:
        fallback = item.reason if isinstance(item, A.ArticleProblem) else str(item)
        text = problem_text(code, params, lang, fallback)
        message = message_of(item, lang)
        if text == fallback or not script.search(text) or not script.search(message) or message == str(item):
            english_left[code] = message
    assert english_left == {}


def test_english_readers_get_the_same_sense_with_the_same_values(made):
    """The English catalogue text says what the English message says: every value shown in one is in the other."""
    for code, params, item in made:
        text = message_of(item, "en")
        english = item.message if isinstance(item, A.ArticleProblem) else str(item)
        if isinstance(item, A.ArticleError):
            english = str(item)
        for name, value in params.items():
            if isinstance(value, (str, int)) and not isinstance(value, bool) and name != "text":
                shown = f"{value:,}" if isinstance(value, int) else value
                assert shown in text, (code, name, text)
                pieces = shown.split(", ") if isinstance(value, str) else [shown]  # a list may end in "or" in English
                assert all(piece in english for piece in pieces), (code, name, english)


def test_no_path_reaches_a_reader(made, tmp_path):
    for code, params, item in made:
        assert str(tmp_path) not in json.dumps(params, ensure_ascii=False), code
        for lang in LANGS:
            assert str(tmp_path) not in message_of(item, lang), (code, lang)


def test_a_path_in_the_params_is_shown_by_its_name_only():
    params = {"store": "/srv/map/var/articles.sqlite3", "detail": "unable to open '/srv/map/var/x.db'", "command": "c"}
    for lang in LANGS:
        text = problem_text("sqlite_error", params, lang, "fallback")
        assert "/srv" not in text and "articles.sqlite3" in text and "x.db" in text
    problem = A.ArticleProblem("a.txt", "…", code="duplicate_id", params={"id": "a", "other": "C:\\Users\\me\\a.md"})
    assert message_of(problem, "ja") == "a.txt: 記事ID「a」は a.md ですでに使われています。どちらかのファイル名を変更してください"


# --- what a reader gets when the catalogue cannot say it ----------------------------------------------------


@pytest.mark.parametrize(("code", "params", "lang"), [
    ("no-such-code", {}, "ru"),
    ("", {}, "ja"),
    ("empty", {}, "fr"),                      # a language the map does not speak
    ("too_large", {"count": 3}, "ru"),         # params that do not fill the text
    ("id_taken", {"id": "x", "article": {"origin": "moon", "id": "x", "title": "t"}}, "ja"),
    ("id_taken", {"id": "x", "article": {"origin": "seeds"}}, "ru"),
    ("empty", None, "xx"),
])
def test_an_unknown_code_or_unfillable_text_gives_the_english_message(code, params, lang):
    assert problem_text(code, params, lang, "the English message") == "the English message"


def test_message_of_falls_back_to_the_english_message():
    assert message_of(A.ArticleProblem("a.txt", "is odd"), "ru") == "a.txt: is odd"
    assert message_of(A.ArticleError("a.txt", "is odd", code="no-such-code"), "ja") == "a.txt: is odd"
    assert message_of(S.Refused("refused"), "ru") == "refused"
    assert message_of(S.StoreError("broken", code="busy"), "ru") == "broken"  # no store named: cannot be filled
    assert message_of(ValueError("other"), "ja") == "other"


def test_numbers_are_written_in_the_readers_locale_and_plurals_agree():
    nbsp = re.compile("[\u00a0\u202f]")
    text = problem_text("too_many_paragraphs", {"count": 1501, "limit": 500}, "ru", "")
    assert nbsp.sub(" ", text).startswith("в файле 1 501 абзац, а в одной статье допускается не более 500")
    assert "1 502 абзаца" in nbsp.sub(" ", problem_text("too_many_paragraphs", {"count": 1502, "limit": 500}, "ru", ""))
    assert "2,097,153 bytes" in problem_text("too_large", {"count": 2097153, "limit": 2097152, "limit_mb": 2}, "en", "")
    assert problem_text("session_articles", {"count": 1}, "en", "").startswith("you have added 1 article in")


# --- persisted with the seed file, across a reopen and a migration --------------------------------------------


def test_seed_problems_keep_their_code_and_params_after_the_store_is_reopened(tmp_path, locked):
    folder = _bad_folder(tmp_path / "bad")
    path = tmp_path / "store.sqlite3"
    reported = S.sync_folder(S.open_store(path), folder).problems
    assert all(problem.code for problem in reported)

    def coded(problems: list[A.ArticleProblem]) -> dict[str, tuple[str, Mapping[str, Any]]]:
        return {problem.file_name: (problem.code, problem.params) for problem in problems}

    listed = coded(A.article_files(folder)[1])  # names that are not articles: found by listing, never stored
    assert set(listed) == {".draft.txt", "notes", "scan.pdf", "\ufffd\ufffd\ufffd.txt"}
    reopened = S.open_store(path)
    stored = coded(S.seed_problems(reopened))
    assert stored == {name: found for name, found in coded(reported).items() if name not in listed}
    assert stored["locked.txt"] == ("unreadable", {"detail": "Permission denied"})
    assert stored["wall.txt"] == ("paragraph_too_long", {"paragraph": 1, "count": 44_999, "limit": A.MAX_PARAGRAPH_CHARS})
    # The second file with the id "harbour" clashes with the first in the store: the refusal's code, and the other article.
    assert stored["harbour.txt"] == ("id_taken", {
        "id": "harbour", "article": {"id": "harbour", "title": "First.", "origin": "seeds", "file": "harbour.md"}})
    assert coded(S.sync_folder(reopened, folder).problems) == coded(reported)  # unchanged files: told again, from the store


def _downgrade_to_version_1(path: Path) -> None:
    """Make a store file what schema version 1 wrote: seed_files without the problem's code and params."""
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE seed_files DROP COLUMN problem_code")
        connection.execute("ALTER TABLE seed_files DROP COLUMN problem_params")
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")


def test_a_version_1_store_is_migrated_in_place_and_its_seed_problems_get_codes(tmp_path):
    fixtures = ROOT / "tests" / "fixtures" / "articles"
    path = tmp_path / "old.sqlite3"
    first = S.sync_folder(S.open_store(path), fixtures)
    _downgrade_to_version_1(path)

    store = S.open_store(path)  # migrated, not refused
    with sqlite3.connect(path) as connection:
        version = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        columns = {row[1] for row in connection.execute("PRAGMA table_info(seed_files)")}
    assert version == str(S.SCHEMA_VERSION) and {"problem_code", "problem_params"} <= columns
    assert S.seed_problems(store) == []  # the old rows without a code are dropped: their files are read again
    again = S.sync_folder(store, fixtures)
    assert (again.added, again.updated, again.removed) == ([], [], [])  # the stored articles were kept
    assert again.unchanged == len(first.added)
    assert sorted(p.file_name for p in again.problems) == sorted(p.file_name for p in first.problems)
    assert {p.file_name: p.code for p in S.seed_problems(S.open_store(path))} == {
        "broken-empty.txt": "empty", "broken-renamed-image.txt": "binary_nul",
        "broken-truncated-utf8.txt": "truncated_utf8", "broken-whitespace-only.md": "only_whitespace",
    }


def test_a_store_of_a_newer_version_is_refused_with_the_rebuild_command_in_every_language(tmp_path):
    path = tmp_path / "future.sqlite3"
    S.open_store(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    with pytest.raises(S.StoreError) as caught:
        S.open_store(path)
    err = caught.value
    assert (err.code, err.params["found"], err.params["expected"]) == ("schema_version", "3", S.SCHEMA_VERSION)
    assert "schema version 3, this program reads version 2" in str(err)
    for lang in LANGS:
        message = message_of(err, lang)
        assert S.REBUILD_COMMAND in message and "future.sqlite3" in message and str(tmp_path) not in message
