"""Tests for geo/articles.py: the article format, encodings and refused files."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from geo.articles import (
    MAX_ARTICLE_BYTES,
    MAX_EXCERPTS,
    ArticleError,
    ArticleProblem,
    article_files,
    article_id,
    load_articles,
    parse_article,
)
from geo.paths import SEEDS_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEED_NAME = "2025-07-15-ians-japan-ready-to-resume-peace-talks.txt"
SHARED_SEED = Path("/work/shared/seeds/000_a925cdd380a090ad.txt")

# The fixture articles that load; the "broken-*" files are refused.
GOOD_FIXTURE_IDS = [
    "2025-08-01-en-kunashir-ferry",
    "2025-08-02-ru-rybaki",
    "2025-08-03-ja-hoppou",
    "2025-08-04-script-injection",
    "2025-08-05-ru-cp1251",
    "2025-08-06-ja-shift-jis",
]


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def good_fixtures_plus(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """Return a folder holding the good fixture articles and ``files``."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in FIXTURES.iterdir():
        if not path.name.startswith("broken-"):
            shutil.copy(path, folder / path.name)
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    return folder


def ids(articles) -> list[str]:
    return [article.id for article in articles]


# --- the seed -------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return parse_article((SEEDS_DIR / SEED_NAME).read_bytes(), SEED_NAME)


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="the shared seed folder is not on this machine")
def test_seed_is_kept_byte_for_byte():
    assert (SEEDS_DIR / SEED_NAME).read_bytes() == SHARED_SEED.read_bytes()


def test_seed_date_and_source_come_from_its_legacy_first_line(seed):
    assert seed.date == dt.date(2025, 7, 15)
    assert seed.source == "IANS"
    assert seed.language == "en"
    assert seed.encoding == "utf-8"


def test_seed_first_excerpt_keeps_the_dateline_but_not_the_date_marker(seed):
    first = seed.excerpts[0].text
    assert first.startswith("Moscow, July 15 (IANS) Japan is open to resuming peace treaty negotiations")
    assert "date 2025" not in first


def test_seed_title_is_its_first_sentence_without_dateline(seed):
    assert seed.title == (
        "Japan is open to resuming peace treaty negotiations with Russia as soon as conditions permit, "
        "Japanese Ambassador to Moscow Akira Muto said."
    )


def test_seed_wire_sign_off_and_desk_code_are_not_excerpts(seed):
    texts = [excerpt.text for excerpt in seed.excerpts]
    assert len(texts) == 11
    assert texts[-1].startswith("Earlier relations worsened")
    assert not any("--IANS" in text or "int/scor/rs" in text for text in texts)


def test_seed_excerpt_ids_are_article_id_and_paragraph_number(seed):
    assert seed.id == "2025-07-15-ians-japan-ready-to-resume-peace-talks"
    assert [excerpt.id for excerpt in seed.excerpts[:2]] == [f"{seed.id}#p1", f"{seed.id}#p2"]
    assert seed.excerpts[7].number == 8
    assert "Iturup, Kunashir, Shikotan, and a group of small uninhabited islets" in seed.excerpts[7].text


def test_seeds_folder_loads_the_seed_and_not_its_readme():
    articles, problems = load_articles(SEEDS_DIR)
    assert problems == []
    assert "2025-07-15-ians-japan-ready-to-resume-peace-talks" in ids(articles)
    assert "readme" not in ids(articles)


# --- the documented format ------------------------------------------------


def test_fixture_folder_loads_good_articles_and_reports_each_broken_file():
    articles, problems = load_articles(FIXTURES)
    assert ids(articles) == GOOD_FIXTURE_IDS
    assert sorted(problem.file_name for problem in problems) == [
        "broken-empty.txt", "broken-renamed-image.txt", "broken-truncated-utf8.txt", "broken-whitespace-only.md",
    ]


def test_front_matter_header_gives_every_field():
    article = parse_article(fixture_bytes("2025-08-01-en-kunashir-ferry.md"), "2025-08-01-en-kunashir-ferry.md")
    assert article.title == "Test article: a ferry timetable for the southern islands"
    assert article.source == "Fixture Gazette"
    assert article.date == dt.date(2025, 8, 1)
    assert article.url == "https://example.org/fixtures/kunashir-ferry"
    assert article.language == "en"
    assert len(article.excerpts) == 5


def test_key_value_header_ends_at_the_first_blank_line():
    article = parse_article(fixture_bytes("2025-08-02-ru-rybaki.txt"), "2025-08-02-ru-rybaki.txt")
    assert (article.title, article.source, article.date, article.language) == (
        "Тестовая статья: рыбаки на Итурупе", "Тестовая газета", dt.date(2025, 8, 2), "ru",
    )
    assert article.excerpts[0].text.startswith("Это тестовая статья")


def test_wrapped_lines_are_joined_with_a_space_but_not_between_japanese_characters():
    english = parse_article(fixture_bytes("2025-08-01-en-kunashir-ferry.md"), "en.md")
    assert "Kunashir's harbour at Yuzhno-Kurilsk" in english.excerpts[0].text
    japanese = parse_article(fixture_bytes("2025-08-03-ja-hoppou.txt"), "ja.txt")
    assert "テスト記事です。択捉島と国後島" in japanese.excerpts[0].text


def test_file_without_header_is_all_text_and_language_is_guessed():
    article = parse_article("Погода на Итурупе.\n\nВторой абзац.".encode(), "note.txt")
    assert (article.title, article.source, article.date, article.url) == ("Погода на Итурупе.", "", None, "")
    assert article.language == "ru"
    assert [excerpt.text for excerpt in article.excerpts] == ["Погода на Итурупе.", "Второй абзац."]


def test_markdown_heading_becomes_the_title_and_not_an_excerpt():
    article = parse_article(b"# Harbour news\n\nFirst paragraph.\n", "news.md")
    assert article.title == "Harbour news"
    assert [excerpt.text for excerpt in article.excerpts] == ["First paragraph."]


def test_article_id_is_a_slug_of_the_file_name():
    assert article_id("2025-07-15 IANS: Japan_talks.TXT") == "2025-07-15-ians-japan-talks"
    assert article_id("北方領土 ニュース.md") == "北方領土-ニュース"


# --- encodings ------------------------------------------------------------


def test_cp1251_russian_fixture_is_decoded():
    article = parse_article(fixture_bytes("2025-08-05-ru-cp1251.txt"), "2025-08-05-ru-cp1251.txt")
    assert article.encoding == "cp1251"
    assert "На Итурупе и Кунашире идёт дождь." in article.excerpts[0].text


def test_shift_jis_japanese_fixture_is_decoded():
    article = parse_article(fixture_bytes("2025-08-06-ja-shift-jis.txt"), "2025-08-06-ja-shift-jis.txt")
    assert article.encoding == "cp932"
    assert "色丹島と国後島の天気は雨です。" in article.excerpts[0].text


RUSSIAN = "Рыбаки на Итурупе ждут весны. Погода тихая, паром опаздывает."
JAPANESE = "色丹島は静かな島です。漁船が港に戻った。"


@pytest.mark.parametrize(
    ("raw", "encoding", "text"),
    [
        (RUSSIAN.encode("koi8_r"), "koi8_r", RUSSIAN),
        (RUSSIAN.encode("cp1251"), "cp1251", RUSSIAN),
        (JAPANESE.encode("euc_jp"), "euc_jp", JAPANESE),
        (JAPANESE.encode("cp932"), "cp932", JAPANESE),
        (RUSSIAN.encode("utf-16"), "utf-16", RUSSIAN),
        ("\ufeff".encode() + JAPANESE.encode(), "utf-8-sig", JAPANESE),
    ],
    ids=["koi8-r", "cp1251", "euc-jp", "cp932", "utf-16-bom", "utf-8-bom"],
)
def test_legacy_and_bom_encodings_are_read(raw, encoding, text):
    article = parse_article(raw, "article.txt")
    assert article.encoding == encoding
    assert article.excerpts[0].text == text


# --- markup is data -------------------------------------------------------


def test_script_and_onerror_markup_is_kept_verbatim_as_text():
    article = parse_article(fixture_bytes("2025-08-04-script-injection.txt"), "2025-08-04-script-injection.txt")
    assert article.title == '<script>alert("title")</script> Test article full of markup'
    assert article.source == "<img src=x onerror=alert(1)>"
    texts = [excerpt.text for excerpt in article.excerpts]
    assert texts[0].startswith("<script>alert(document.cookie)</script> Kunashir appears")
    assert '<img src="x" onerror="alert(\'Iturup\')">' in texts[1]
    assert '<a href="javascript:alert(1)">Shikotan</a>' in texts[1]
    assert '<iframe src="javascript:alert(3)"></iframe>' in texts[2]


def test_javascript_url_in_the_header_is_refused():
    with pytest.raises(ArticleError) as caught:
        parse_article(b"url: javascript:alert(1)\n\nText.\n", "evil.txt")
    assert caught.value.file_name == "evil.txt"
    assert "url 'javascript:alert(1)' in the header is not a web address" in str(caught.value)


# --- bad input: one message each, nothing else lost ------------------------

OVERSIZE = b"title: Too long\n\n" + b"Kunashir. " * (MAX_ARTICLE_BYTES // 10 + 1)
CONTROL_BYTES = bytes(range(1, 9)) * 40 + b"Kunashir"

BAD_FILES = [
    ("broken-empty.txt", fixture_bytes("broken-empty.txt"), "file is empty (0 bytes)"),
    ("broken-whitespace-only.md", fixture_bytes("broken-whitespace-only.md"), "file contains only whitespace (11 bytes)"),
    ("broken-renamed-image.txt", fixture_bytes("broken-renamed-image.txt"),
     "looks like a binary file, not text (NUL byte at offset 8)"),
    ("control-bytes.txt", CONTROL_BYTES, "looks like a binary file, not text (98% control bytes)"),
    ("broken-truncated-utf8.txt", fixture_bytes("broken-truncated-utf8.txt"),
     "UTF-8 text ends in the middle of a character (byte 112 of 113); the file looks truncated"),
    ("damaged.txt", "Рыбаки".encode()[:5] + b"\xff" + "ждут".encode(),
     "not valid UTF-8 at byte 4 although the text before it is UTF-8"),
    ("latin-1.txt", "Le café du port de Kounachir.".encode("latin-1"),
     "is not UTF-8 (invalid byte 0xE9 at offset 6) and does not read as Russian or Japanese text"),
    ("oversize.txt", OVERSIZE, f"over the limit of {MAX_ARTICLE_BYTES:,} bytes (2 MB)"),
    ("only-header.txt", b"title: Nothing here\nsource: Nobody\n", "has a header but no paragraphs"),
    ("bad-date.txt", b"date: 15/07/2025\n\nText.\n", "date '15/07/2025' in the header is not a date written YYYY-MM-DD"),
    ("bad-key.txt", b"title: A\nauthor: B\n\nText.\n", "unknown header key 'author' on line 2"),
    ("bad-language.md", b"language: fr\n\nTexte.\n", "language 'fr' in the header is not supported; write one of en, ru, ja"),
    ("unclosed.md", b"---\ntitle: A\n\nText.\n", "header starts with a '---' line but has no closing '---' line"),
    ("article.docx", b"PK\x03\x04 not really a document",
     "not an article file: expected a name ending in .txt or .md, got .docx"),
    ("many-paragraphs.txt", b"Kunashir.\n\n" * (MAX_EXCERPTS + 1), f"has {MAX_EXCERPTS + 1} paragraphs, over the limit of {MAX_EXCERPTS}"),
]


@pytest.mark.parametrize(("file_name", "raw", "reason"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_file_is_reported_by_name_and_reason_and_the_others_still_load(tmp_path, file_name, raw, reason):
    folder = good_fixtures_plus(tmp_path, {file_name: raw})
    articles, problems = load_articles(folder)
    assert ids(articles) == GOOD_FIXTURE_IDS
    assert len(problems) == 1
    assert problems[0].file_name == file_name
    assert reason in problems[0].reason
    assert problems[0].message.startswith(f"{file_name}: ")


def test_parse_article_refuses_oversize_bytes_before_decoding():
    with pytest.raises(ArticleError) as caught:
        parse_article(b"\x00" * (MAX_ARTICLE_BYTES + 1), "huge.txt")
    assert str(caught.value) == (
        f"huge.txt: file is {MAX_ARTICLE_BYTES + 1:,} bytes, over the limit of {MAX_ARTICLE_BYTES:,} bytes (2 MB); "
        "keep only the article's text, or split it into several files"
    )


def test_an_article_over_the_paragraph_limit_is_refused_with_the_count_and_what_to_do():
    assert len(parse_article(b"Kunashir.\n\n" * MAX_EXCERPTS, "long.txt").excerpts) == MAX_EXCERPTS
    with pytest.raises(ArticleError) as caught:
        parse_article(b"title: A book\n\n" + b"Kunashir.\n\n" * (MAX_EXCERPTS + 1), "book.txt")
    assert str(caught.value) == (
        f"book.txt: has {MAX_EXCERPTS + 1:,} paragraphs, over the limit of {MAX_EXCERPTS:,} per article; "
        "keep only the article's text, or split it into several files (one article each)"
    )


def test_two_files_with_the_same_id_report_the_second(tmp_path):
    folder = good_fixtures_plus(tmp_path, {"harbour.md": b"First.\n", "harbour.txt": b"Second.\n"})
    articles, problems = load_articles(folder)
    assert [a.file_name for a in articles if a.id == "harbour"] == ["harbour.md"]
    assert problems == [ArticleProblem("harbour.txt", "gives the article id 'harbour', already used by harbour.md; rename one of them")]


HIDDEN_REASON = "hidden file (its name starts with '.'), not read; rename it without the leading dot"


def test_subfolders_readmes_and_hidden_non_articles_are_skipped_silently(tmp_path):
    folder = good_fixtures_plus(tmp_path, {".gitkeep": b"", ".DS_Store": b"\x00\x01", "README.md": b"# About", "readme.TXT": b"x"})
    (folder / "drafts").mkdir()
    (folder / ".git").mkdir()
    articles, problems = load_articles(folder)
    assert ids(articles) == GOOD_FIXTURE_IDS
    assert problems == []


def test_hidden_txt_and_md_files_are_reported_not_read(tmp_path):
    folder = good_fixtures_plus(tmp_path, {".notes.txt": b"\x00", ".streamlit.md": b"Kunashir.", "..txt": b"Iturup."})
    articles, problems = load_articles(folder)
    assert ids(articles) == GOOD_FIXTURE_IDS
    assert problems == [ArticleProblem(name, HIDDEN_REASON) for name in ("..txt", ".notes.txt", ".streamlit.md")]


def test_other_endings_are_reported_even_for_a_readme(tmp_path):
    folder = good_fixtures_plus(tmp_path, {"README.pdf": b"%PDF", "notes": b"Kunashir."})
    _, problems = load_articles(folder)
    assert [(p.file_name, p.reason.split(";")[0]) for p in problems] == [
        ("README.pdf", "not an article file: expected a name ending in .txt or .md, got .pdf"),
        ("notes", "not an article file: expected a name ending in .txt or .md, got no ending"),
    ]


def test_article_files_lists_what_to_read_sorted_and_what_to_report(tmp_path):
    for name in ("b.md", "a.txt", "C.TXT", "README.md", ".gitkeep", ".draft.md", "photo.jpg"):
        (tmp_path / name).write_bytes(b"Kunashir.")
    (tmp_path / "sub").mkdir()
    files, problems = article_files(tmp_path)
    assert [path.name for path in files] == ["C.TXT", "a.txt", "b.md"]
    assert [problem.file_name for problem in problems] == [".draft.md", "photo.jpg"]


# A zip extracted with cp1251 names: "При.txt" in cp1251 bytes, not UTF-8. On Linux os.listdir gives it
# with surrogate escapes, which no page or log can encode.
CP1251_NAME = "При.txt".encode("cp1251")


def test_a_file_name_that_is_not_utf8_is_reported_and_the_others_load(tmp_path):
    folder = good_fixtures_plus(tmp_path, {})
    with open(os.path.join(os.fsencode(str(folder)), CP1251_NAME), "wb") as sink:
        sink.write(b"Fishing off Kunashir.")
    articles, problems = load_articles(folder)
    assert ids(articles) == GOOD_FIXTURE_IDS
    (problem,) = problems
    assert problem.file_name == "\ufffd\ufffd\ufffd.txt"
    assert problem.reason == "file name is not valid UTF-8 (bytes b'\\xcf\\xf0\\xe8.txt'); rename it"
    problem.message.encode("utf-8")  # does not raise
    problem.file_name.encode("utf-8")


def test_a_problem_always_encodes_to_utf8_whoever_makes_it():
    name = os.fsdecode(CP1251_NAME)
    with pytest.raises(UnicodeEncodeError):
        name.encode("utf-8")
    problem = ArticleProblem(name, f"{name} is odd")
    assert problem.file_name == "\ufffd\ufffd\ufffd.txt"
    assert problem.message.encode("utf-8") == "���.txt: ���.txt is odd".encode()
    with pytest.raises(ArticleError) as caught:
        parse_article(b"", name)
    assert caught.value.problem().message.encode("utf-8").startswith("���.txt: ".encode())


def test_missing_folder_is_refused_with_its_path(tmp_path):
    with pytest.raises(NotADirectoryError, match="article folder .*nowhere does not exist"):
        load_articles(tmp_path / "nowhere")


def test_a_very_long_file_name_gives_an_id_of_at_most_max_id_chars():
    from geo.articles import MAX_ID_CHARS, article_id

    assert len(article_id("ж" * 300 + ".txt")) == MAX_ID_CHARS
    assert article_id("a" * 99 + "-b.txt") == "a" * 99  # no dash left at the cut


def test_a_paragraph_over_max_paragraph_chars_is_refused_naming_it():
    from geo.articles import MAX_PARAGRAPH_CHARS

    parse_article(("Kunashir. " * (MAX_PARAGRAPH_CHARS // 10)).strip().encode(), "fits.txt")
    raw = ("First.\n\n" + "Kunashir " * (MAX_PARAGRAPH_CHARS // 9 + 10)).encode()
    with pytest.raises(ArticleError, match=r"paragraph 2 is [\d,]+ characters long, over the limit of 20,000"):
        parse_article(raw, "one-long-paragraph.txt")
