"""Hostile input for articles: parsing, linking and the excerpt HTML, fed anything.

Three promises are checked, with hypothesis and with a table of bad files:

* ``parse_article`` returns an ``Article`` or raises ``ArticleError`` naming the file, nothing else;
* every ``Mention`` points into its text (``text[start:end] == mention.text``) and none overlap;
* ``excerpt_html`` emits only our template's tags and attributes, never a ``javascript:`` link, and
  shows the excerpt's text exactly as written.

Invisible characters inside a name are a decision, tested below by name: a zero-width space, joiner or
soft hyphen inside "Kunashir" stops it linking (mentions match the text as written, and we do not guess
at hidden characters), while right-to-left or zero-width marks around a name do not.
"""

from __future__ import annotations

import html.parser
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.articles import MAX_ARTICLE_BYTES, Article, ArticleError, load_articles, parse_article
from geo.linking import CONTEXT_CONFIDENCE, Mention, find_mentions, link_articles
from layers.excerpts import excerpt_html

HYPOTHESIS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- strategies -----------------------------------------------------------------------------------------

#: Pieces a hostile or merely unlucky article is made of: names in three languages and scripts, markup,
#: header look-alikes, direction and zero-width marks, combining marks, controls.
FRAGMENTS = [
    "Kunashir", "Iturup", "Shikotan", "Habomai", "Kurils", "Southern Kurils", "Northern Territories", "Yuri Island",
    "Итуруп", "на Кунашире", "Курильских островов", "остров Юрий", "国後島", "択捉", "北方領土", "帰国後",
    "Iturup, Kunashir, Shikotan and a group of small uninhabited islets",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>', "javascript:alert(1)",
    "[click](javascript:alert(1))", "&amp;", "&lt;b&gt;", "<!--", "-->", "]]>", "{{ 7*7 }}", "{% raw %}",
    "title: x", "url: javascript:alert(1)", "date: 2025-13-45", "---", "# Heading", "> quote", "- item",
    " date 2025-07-15 Moscow, July 15 (IANS) ", "--IANS", "int/scor/rs",
    "\u200f", "\u202e", "\u202c", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u0301", "\u0308\u0308\u0308",
    "\x00", "\x0b", "\x0c", "\r", "\r\n", "\n", "\n\n", "\t", "\u2028", "\u0085",
    "𝕂𝕦𝕣𝕚𝕝", "ﾃｽﾄ", "İ", "ß", "ﬁ",
]

hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=40).map("".join)

#: Byte strings that are not what they claim: UTF-8 surrogates, bad BOMs, truncated characters.
BAD_BYTES = [
    "\ud800".encode("utf-8", "surrogatepass"), b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00",
    "Кунашир".encode()[:-1], "Итуруп".encode("cp1251"), "Итуруп".encode("koi8_r"), "国後島".encode("cp932"),
    "国後島".encode("euc_jp"), b"\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80", b"\x1b[31m", b"\x7f",
]

hostile_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(
        st.one_of(st.sampled_from(BAD_BYTES), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
        max_size=12,
    ).map(b"".join),
    st.tuples(hostile_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1251", "koi8_r", "cp932"])).map(
        lambda pair: pair[0].encode(pair[1], "replace"),
    ),
)

file_names = st.sampled_from(
    ["a.txt", "b.md", "C.TXT", "<img src=x onerror=alert(1)>.txt", "evil\u202etxt.md", "国後.md", "no-ending", "x.html"],
)

# --- what the excerpt HTML may contain ------------------------------------------------------------------

ALLOWED_ATTRIBUTES = {
    "article": {"class", "data-excerpt"},
    "div": {"class", "lang"},
    "p": {"class", "lang"},
    "span": {"lang"},
    "mark": {"class", "data-place", "title"},
    "a": {"href", "target", "rel", "lang"},
}


class _Tags(html.parser.HTMLParser):
    """Collects the tags, attributes and the text inside <p> of one excerpt's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.paragraph: list[str] = []
        self.comments: list[str] = []
        self._in_p = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_p = self._in_p or tag == "p"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_p = False

    def handle_data(self, data: str) -> None:
        if self._in_p:
            self.paragraph.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def unknown_decl(self, data: str) -> None:
        self.comments.append(data)


def assert_only_our_markup(markup: str, excerpt_text: str) -> None:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    assert not parser.comments, parser.comments
    for tag, attributes in parser.tags:
        assert tag in ALLOWED_ATTRIBUTES, f"unexpected <{tag}> in {markup[:300]!r}"
        assert set(attributes) <= ALLOWED_ATTRIBUTES[tag], f"unexpected attributes {attributes} on <{tag}>"
        for value in attributes.values():
            assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), value
        if tag == "a":
            assert (attributes["href"] or "").lower().startswith(("https://", "http://"))
    assert "".join(parser.paragraph) == excerpt_text


def assert_mentions_point_into(text: str, mentions: list[Mention]) -> None:
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text), mention
        assert text[mention.start : mention.end] == mention.text, mention
        assert mention.start >= previous_end, f"overlapping mentions: {mentions}"
        previous_end = mention.end


def parse_or_refuse(raw: bytes, name: str) -> Article | None:
    """Return the article, or None when refused by the documented error naming the file."""
    try:
        return parse_article(raw, name)
    except ArticleError as err:
        assert err.file_name == name
        assert str(err).startswith(f"{name}: ") and err.reason
        return None


# --- properties -----------------------------------------------------------------------------------------


@HYPOTHESIS
@given(raw=hostile_bytes, name=file_names)
def test_any_bytes_give_an_article_or_the_documented_error_naming_the_file(raw, name):
    article = parse_or_refuse(raw, name)
    if article is not None:
        assert article.excerpts and all(excerpt.text.strip() for excerpt in article.excerpts)
        assert "\x00" not in "".join(excerpt.text for excerpt in article.excerpts)
        assert not article.url or article.url.lower().startswith(("https://", "http://"))


@HYPOTHESIS
@given(text=hostile_text)
def test_mentions_in_any_text_point_into_it_and_never_overlap(text):
    assert_mentions_point_into(text, find_mentions(text))


@HYPOTHESIS
@given(text=hostile_text, name=file_names)
def test_excerpt_html_of_any_article_has_only_our_tags_and_its_text_exactly(text, name):
    article = parse_or_refuse(text.encode("utf-8", "surrogatepass"), name)
    if article is None:
        return
    for linked in link_articles([article]):
        assert_mentions_point_into(linked.excerpt.text, list(linked.mentions))
        for relation in (None, "direct", "group", "chain"):
            assert_only_our_markup(excerpt_html(linked, relation=relation, selected=True), linked.excerpt.text)


@HYPOTHESIS
@given(title=hostile_text, url=st.sampled_from(["https://example.org/a?b=1&c=2", "javascript:alert(1)", "http://x/\"><b>", "data:text/html,x", ""]))
def test_header_fields_reach_the_html_only_as_text(title, url):
    header = f"title: {title.splitlines()[0] if title.splitlines() else ''}\nurl: {url}\nsource: <b>IANS</b>\n\n"
    article = parse_or_refuse((header + "Fishing off Kunashir.").encode("utf-8", "surrogatepass"), "a.txt")
    if article is None:
        return
    assert_only_our_markup(excerpt_html(link_articles([article])[0]), "Fishing off Kunashir.")


# The linker's overlap rules, written the obvious quadratic way: the fast versions in geo.linking must agree.
def _reference_mentions(text: str) -> list[tuple[int, int, str, str]]:
    from geo import linking

    index = linking.default_place_index()
    candidates = []
    for pattern in index.patterns:
        for match in pattern.regex.finditer(text):
            candidates.append((match.start(), match.end(), pattern.place_id))
    kind_rank = {"island": 0, "group": 1, "chain": 2}
    fast = find_mentions(text)
    # Same winners for the named mentions (methods are checked by tests/test_linking.py).
    kept: list[tuple[int, int, str]] = []
    for start, end, place_id in sorted(candidates, key=lambda c: (-(c[1] - c[0]), kind_rank[index.places[c[2]].kind], c[0])):
        if all(end <= other[0] or start >= other[1] for other in kept):
            kept.append((start, end, place_id))
    named = sorted(kept)
    ordered = [m for m in fast if m.method != "context"]
    context = []
    for position, last in enumerate(ordered):
        listed = [last]
        for earlier in reversed(ordered[:position]):
            if not linking._is_list_gap(text, earlier.end, listed[0].start):
                break
            listed.insert(0, earlier)
        places = {m.place_id for m in listed}
        if len(places & linking._CONTEXT_ANCHORS) < 2 or places - linking._CONTEXT_ANCHORS:
            continue
        for rule in (linking._CONTEXT_EN, linking._CONTEXT_RU):
            match = rule.match(text, last.end)
            if match and all(match.end() <= o.start or match.start("phrase") >= o.end for o in ordered):
                context.append((match.start("phrase"), match.end("phrase"), "habomai", "context"))
                break
    return sorted([(s, e, p, "named") for s, e, p in named] + context)


#: Letter cases and look-alikes re.IGNORECASE matches (the linker's anchor search must too), and a gap too long for a list.
CASE_FRAGMENTS = ["KUNASHİR", "Kunaſhir", "ıturup", "SHIKOTAN", "ИТУРУПЕ", "на кунашире", "остров Зеленый", "\u212aurils", " " * 11]


@settings(max_examples=100, deadline=None)
@given(text=st.lists(st.sampled_from(FRAGMENTS[:17] + CASE_FRAGMENTS + [", ", " and ", " ", "; ", " и ", "、", "x"]), max_size=25).map("".join))
def test_fast_overlap_rules_agree_with_the_quadratic_reference(text):
    fast = sorted((m.start, m.end, m.place_id, "context" if m.method == "context" else "named") for m in find_mentions(text))
    assert fast == _reference_mentions(text)


# --- a corpus of bad files, each with its expected outcome ----------------------------------------------

NESTING = 10_000


def _corpus() -> list[tuple[str, bytes, str]]:
    """Return (case, file bytes, expected): "article" or a phrase the refusal's reason must contain."""
    return [
        ("binary PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
        ("binary without NUL", bytes(range(1, 32)) * 20, "control bytes"),
        ("empty", b"", "empty (0 bytes)"),
        ("whitespace only", b" \n\t\n\r\n", "only whitespace"),
        ("UTF-8 BOM only", b"\xef\xbb\xbf", "only whitespace"),
        ("truncated UTF-8", "Рыбаки на Кунашире".encode()[:-1], "ends in the middle of a character"),
        ("UTF-8 then cp1251", "Кунашир остров.\n\n".encode() + "Итуруп остров.".encode("cp1251"), "mixes encodings"),
        # Fixed in geo/articles.py: this used to load as cp1251, with the UTF-8 paragraph as mojibake.
        ("cp1251 then UTF-8", "Итуруп остров и Кунашир.\n\n".encode("cp1251") + "Кунашир остров.".encode(), "mixes encodings"),
        ("UTF-8 surrogate", "Kunashir \ud800 is an island.".encode("utf-8", "surrogatepass"), "is not UTF-8"),
        ("UTF-16 BOM, lone surrogate", b"\xff\xfe" + "Kunashir \ud800".encode("utf-16-le", "surrogatepass"), "byte-order mark"),
        ("UTF-16 without BOM", "Kunashir".encode("utf-16-le"), "byte-order mark"),
        # Fixed in geo/articles.py: a BOM used to let NUL characters through into the excerpts.
        ("UTF-8 BOM, then binary", b"\xef\xbb\xbf\x00\x01\x02Kunashir", "NUL character"),
        ("UTF-16 BOM, then NULs", b"\xff\xfe" + "Kuna\x00shir".encode("utf-16-le"), "NUL character"),
        ("Latin-1", "Café on Kunashir".encode("latin-1"), "is not UTF-8"),
        ("header but no text", b"title: Nothing here\nsource: X\n\n\n", "no paragraphs"),
        ("unclosed front matter", b"---\ntitle: x\n\nKunashir.", "no closing '---'"),
        ("javascript: url", b"title: x\nurl: javascript:alert(1)\n\nKunashir.", "not a web address"),
        ("url breaking out of the attribute", b'title: x\nurl: https://example.org/"><script>\n\nKunashir.', "not a web address"),
        ("deeply nested quotes", (">" * NESTING + " Kunashir").encode(), "article"),
        ("deeply nested list", ("- " * (NESTING // 2) + "Iturup").encode(), "article"),  # within MAX_PARAGRAPH_CHARS
        ("nested list over lines", "\n".join(" " * level + "- Iturup" for level in range(0, 3000, 3)).encode(), "article"),
        ("nested brackets and emphasis", ("[" * (NESTING // 2) + "*" * (NESTING // 2) + "Shikotan" + "]" * (NESTING // 2)).encode(), "article"),
        ("script and javascript: link in the text", b"<script>alert(1)</script> [x](javascript:alert(1)) Kunashir <img src=x onerror=alert(1)>", "article"),
        ("right-to-left override around a name", "\u202eKunashir\u202c and \u200fИтуруп\u200f".encode(), "article"),
        ("long line", ("Kunashir " * 2_000).encode(), "article"),
        ("a paragraph over MAX_PARAGRAPH_CHARS", ("Kunashir " * 5_000).encode(), "characters long, over the limit of 20,000"),
    ]


@pytest.mark.parametrize(("case", "raw", "expected"), _corpus(), ids=[case for case, _, _ in _corpus()])
def test_bad_file_has_its_expected_outcome(tmp_path, case, raw, expected):
    (tmp_path / "bad.md").write_bytes(raw)
    started = time.perf_counter()
    articles, problems = load_articles(tmp_path)
    linked = link_articles(articles)
    elapsed_s = time.perf_counter() - started
    if expected == "article":
        assert len(articles) == 1 and not problems, problems
        for item in linked:
            assert_mentions_point_into(item.excerpt.text, list(item.mentions))
            assert_only_our_markup(excerpt_html(item), item.excerpt.text)
    else:
        assert not articles
        assert len(problems) == 1 and problems[0].file_name == "bad.md"
        assert expected in problems[0].reason, problems[0].reason
    # Bounded time: 10,000 levels of nesting or 5,000 names on one line (took about 30 s when the overlap rules were quadratic).
    assert elapsed_s < 10, f"{case}: {elapsed_s:.1f} s"


def test_deep_nesting_is_text_and_the_name_at_the_bottom_links(tmp_path):
    article = parse_article((">" * NESTING + " Kunashir").encode(), "deep.md")
    (linked,) = link_articles([article])
    assert [m.place_id for m in linked.mentions] == ["kunashir"]
    assert linked.excerpt.text.startswith(">" * NESTING)


def test_eight_thousand_names_on_one_line_link_in_linear_time():
    text = "Iturup, Kunashir, Shikotan and a group of small islets; " * 2_000
    started = time.perf_counter()
    mentions = find_mentions(text)
    assert time.perf_counter() - started < 10
    assert len(mentions) == 8_000 and sum(m.method == "context" for m in mentions) == 2_000
    assert {m.confidence for m in mentions if m.method == "context"} == {CONTEXT_CONFIDENCE}


def test_twenty_megabyte_file_is_refused_by_its_size_without_being_read(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with big.open("wb") as sink:  # sparse: 20 MB on paper, nothing on disk
        sink.truncate(20 * 1024 * 1024)
    (tmp_path / "good.txt").write_bytes(b"Fishing off Kunashir.")
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        assert path.name != "huge.txt", "the 20 MB file was read into memory"
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    articles, problems = load_articles(tmp_path)
    assert [a.file_name for a in articles] == ["good.txt"]
    assert [p.file_name for p in problems] == ["huge.txt"]
    assert "20,971,520 bytes, over the limit" in problems[0].reason


def test_upload_sized_bytes_over_the_limit_are_refused_before_decoding():
    with pytest.raises(ArticleError, match="over the limit"):
        parse_article(b"\xff" * (MAX_ARTICLE_BYTES + 1), "upload.txt")


def test_legacy_encodings_mixed_in_one_file_are_a_known_limitation():
    """KOI8-R and cp1251 paragraphs in one file load as cp1251, one of them garbled.

    Each code page decodes any byte, and an all-capitals cp1251 headline reads like lowercase KOI8-R, so
    telling a mixed file from a headline would need a dictionary; the garbled paragraph links nothing.
    """
    raw = "Итуруп остров.\n\n".encode("koi8_r") + "Кунашир остров.".encode("cp1251")
    article = parse_article(raw, "mixed.txt")
    assert article.encoding == "cp1251"
    assert [m.place_id for item in link_articles([article]) for m in item.mentions] == ["kunashir"]


# --- invisible and right-to-left characters inside and around names: the decision -----------------------


@pytest.mark.parametrize("text", ["Kuna\u200bshir", "Kuna\u200dshir", "Kuna\u00adshir", "Кунаши\u0301р", "Kunashіr"],
                         ids=["zero-width space", "zero-width joiner", "soft hyphen", "stress mark", "Cyrillic i homoglyph"])
def test_invisible_or_look_alike_character_inside_a_name_does_not_link_because_mentions_match_the_text_as_written(text):
    assert find_mentions(text) == []


@pytest.mark.parametrize("text", ["\u202eKunashir\u202c", "\u200fKunashir\u200f", "Kunashir\u200b", "\ufeffKunashir", "Kunashir\u0301"],
                         ids=["RTL override", "RTL mark", "zero-width after", "BOM before", "combining mark after"])
def test_direction_or_zero_width_mark_around_a_name_still_links_the_name_alone(text):
    (mention,) = find_mentions(text)
    assert mention.place_id == "kunashir" and mention.text == "Kunashir"


def test_hostile_file_name_reaches_the_html_only_as_text():
    name = "<img src=x onerror=alert(1)>.txt"
    (linked,) = link_articles([parse_article(b"Fishing off Kunashir.", name)])
    markup = excerpt_html(linked)
    assert "<img" not in markup and "&lt;img src=x onerror=alert(1)&gt;.txt" in markup
    assert_only_our_markup(markup, "Fishing off Kunashir.")
