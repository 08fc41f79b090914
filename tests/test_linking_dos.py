"""Linking that cannot be slowed down: hostile runs of whitespace, punctuation and names.

Nothing here is timed (the machines running the tests are noisy). Three kinds of check instead:

* structure: no regex of geo/linking.py or geo/articles.py, and no name pattern of the place index, has
  what makes a backtracking engine slow on a long run: an unbounded repeat that gives back what it matched
  (``\\s*,?\\s*``), a long bounded one, a backtracking repeat inside another; name patterns, which are
  searched, start with a literal (a leading repeat would re-read a run from each of its characters);
* the shortcut: trying each name pattern only where one of its anchors starts finds exactly what
  ``finditer`` finds, for every pattern, in every letter case ``re.IGNORECASE`` treats as equal; and the
  prefilter, which tries only the patterns whose name's start is in a text, leaves out none that matches;
* behaviour: 1 MB of spaces, tabs, commas, "and ", hyphens, names and spaces... in three languages give
  exactly the expected mentions and articles. Each case runs in a forked child with a generous cap
  (:data:`CAP_S`), so a quadratic regression fails in seconds instead of hanging the run for hours.

Speed figures are in bench/linking.py.
"""

from __future__ import annotations

import multiprocessing
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from re import _constants as sre_constants  # the parse tree of a regex; no public API gives it
from re import _parser as sre_parser
from typing import Any

import pytest

import geo.articles

from geo import articles, linking
from geo.articles import parse_article
from geo.linking import CONTEXT_CONFIDENCE, MAX_GAP, default_place_index, find_mentions, link_articles

MB = 1024 * 1024
#: Size of the texts that are all names: a quarter megabyte is 50,000-90,000 mentions, enough that work
#: quadratic in the number of mentions would run for minutes.
NAMES_SIZE = MB // 4
#: Wall-clock cap for one 1 MB case, in seconds. A linear linker needs well under one; the quadratic one
#: took 8.5 s for 20,000 spaces, so hours for a megabyte.
CAP_S = 20
#: The longest a backtracking (not possessive) bounded repeat may be: ``[\w .'-]{0,40}`` in a dateline.
LONGEST_BACKTRACKING_REPEAT = 40

_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)


@pytest.fixture(scope="module")
def index():
    return default_place_index()


# --- structure: what a regex may contain ------------------------------------------------------------------


def backtracking_risks(regex: re.Pattern[str]) -> list[str]:
    """Return what in ``regex`` could make the engine backtrack over a long input; empty when there is nothing."""
    return list(_risks(sre_parser.parse(regex.pattern, regex.flags), inside_backtracking_repeat=False))


def _risks(items: Any, inside_backtracking_repeat: bool) -> Iterator[str]:
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            backtracks = op is not sre_constants.POSSESSIVE_REPEAT
            shown = f"{{{low},{'' if high == sre_constants.MAXREPEAT else high}}}"
            if backtracks and high == sre_constants.MAXREPEAT:
                yield f"unbounded repeat {shown} that gives back what it matched: make it possessive (*+, ++) or bound it"
            elif backtracks and high > LONGEST_BACKTRACKING_REPEAT:
                yield f"long repeat {shown} that gives back what it matched: make it possessive or shorter"
            elif backtracks and inside_backtracking_repeat:
                yield f"repeat {shown} inside a repeat, both giving back what they matched: make one possessive"
            yield from _risks(body, inside_backtracking_repeat or backtracks)
        else:
            for child in _children(op, av):
                yield from _risks(child, inside_backtracking_repeat)


def _children(op: Any, av: Any) -> list[Any]:
    """Return the sub-patterns of one parse-tree item."""
    if op is sre_constants.SUBPATTERN:
        return [av[3]]
    if op is sre_constants.BRANCH:
        return list(av[1])
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return [av[1]]
    if op is sre_constants.ATOMIC_GROUP:
        return [av]
    return []


def starts_with_repeat(regex: re.Pattern[str]) -> bool:
    """Return True if a repeat can be the first thing ``regex`` matches (after zero-width assertions)."""
    return _starts_with_repeat(sre_parser.parse(regex.pattern, regex.flags))


def _starts_with_repeat(items: Any) -> bool:
    for op, av in items:
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        if op in _REPEATS:
            return True
        if op in (sre_constants.SUBPATTERN, sre_constants.BRANCH, sre_constants.ATOMIC_GROUP):
            return any(_starts_with_repeat(child) for child in _children(op, av))
        return False
    return False


def module_regexes(module: Any) -> dict[str, re.Pattern[str]]:
    return {name: value for name, value in vars(module).items() if isinstance(value, re.Pattern)}


@pytest.mark.parametrize(
    ("source", "risky"),
    [
        (r"\s*,?\s*and", True),  # the old context rule: quadratic in a run of spaces
        (r"^\s*(?:,|and)?\s*$", True),  # the old list gap
        (r"(?:\s*-\s*|\s+)", True),  # the old separator
        (r"(a+)+b", True),
        (r"(?:\w{0,3}\s){0,3}x", True),
        (r"x{0,1000}", True),
        (r"\s*+,?\s*+and", False),
        (r"(?:[a-z]{1,30}+\s{1,10}+){0,3}?x", False),
        (r"^[a-z]{1,6}(?:/[a-z]{1,6})++$", False),
    ],
)
def test_the_structural_check_tells_risky_patterns(source, risky):
    assert bool(backtracking_risks(re.compile(source))) is risky


@pytest.mark.parametrize("module", [linking, articles], ids=["linking", "articles"])
def test_module_regexes_cannot_backtrack_over_a_long_run(module):
    regexes = module_regexes(module)
    assert regexes, "no module-level regexes found"
    risks = {name: backtracking_risks(regex) for name, regex in regexes.items()}
    assert {name: found for name, found in risks.items() if found} == {}


def test_every_kind_of_pattern_is_in_the_index_the_checks_read(index):
    # The structural, anchor and prefilter checks below read index.patterns: version 3's patterns must be there.
    methods = {pattern.method for pattern in index.patterns}
    assert {"name", "alias", "adjective", "settlement", "collective", "context"} <= methods
    assert any(pattern.needs for pattern in index.patterns if pattern.method == "context")
    assert any(pattern.needs for pattern in index.patterns if pattern.method == "name")  # 海馬島


def test_name_patterns_cannot_backtrack_and_start_with_a_literal(index):
    risky = {pattern.regex.pattern: backtracking_risks(pattern.regex) for pattern in index.patterns}
    assert {source: found for source, found in risky.items() if found} == {}
    assert [pattern.regex.pattern for pattern in index.patterns if starts_with_repeat(pattern.regex)] == []


# --- the shortcut: anchors find what finditer finds ---------------------------------------------------------


def _case_variants(form: str) -> list[str]:
    """Return ``form`` in letter cases and look-alikes that ``re.IGNORECASE`` matches, and ``ё`` printed ``е``."""
    variants = {form, form.upper(), form.lower(), form.title(), form.swapcase(), form.replace("ё", "е")}
    tricks = {"s": "ſ", "i": "ı", "I": "İ", "k": "\u212a", "о": "\u1c82", "в": "\u1c80", "т": "\u1c84", "с": "\u1c83"}
    for variant in (form.lower(), form.upper()):
        variants.add(variant.translate(str.maketrans(tricks)))
    return sorted(variants)


def _every_form_text(index) -> str:
    """Return a text holding every name form in several cases, after island words, inside words, with endings."""
    pieces = []
    for pattern in index.patterns:
        for variant in _case_variants(pattern.form):
            pieces += [f"({variant})", f"x{variant}", f"{variant}ах", f"остров {variant}", f"о.{variant}",
                       f"{variant} острова", f"island of {variant} Islets", f"国{variant}島"]
    return " ".join(pieces)


def test_anchored_search_finds_what_finditer_finds_for_every_pattern(index):
    text = _every_form_text(index)
    starts = linking._AnchorPositions(text)
    for pattern in index.patterns:
        assert pattern.anchors, pattern.form
        fast = [match.span() for match in linking._matches(pattern, text, starts)]
        assert fast == [match.span() for match in pattern.regex.finditer(text)], pattern.form


def test_case_folding_keeps_positions_and_agrees_with_ignorecase(index):
    everything = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    assert len(linking._fold(everything)) == len(everything)
    alphabet = sorted({char for pattern in index.patterns for anchor in pattern.anchors for char in anchor})
    matching = set(re.findall("[" + "".join(map(re.escape, alphabet)) + "]", everything, re.IGNORECASE))
    for char in alphabet:
        same_to_re = [other for other in matching if re.fullmatch(re.escape(char), other, re.IGNORECASE)]
        assert {linking._fold(other) for other in same_to_re} == {linking._fold(char)}, char


def test_no_character_that_is_not_a_word_character_folds_to_one():
    # What lets the prefilter look for names that start a word among the folded text's word starts.
    everything = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    not_word = re.compile(r"\W")
    folded = linking._fold(everything)
    assert [char for char, fold in zip(everything, folded) if not_word.match(char) and not not_word.match(fold)] == []


def _one_form_texts(index) -> Iterator[str]:
    """Yield short texts holding one name form each, in one case, at one place: alone, at the start or the end,
    after punctuation or a kanji, after an island word, with an ending."""
    for pattern in index.patterns:
        for variant in _case_variants(pattern.form):
            yield from (variant, f"{variant}.", f"x {variant}", f"({variant})", f"«{variant}»", f"{variant}ах",
                        f"остров {variant}", f"о.{variant}", f"{variant} острова", f"island of {variant}",
                        f"{variant} Islets", f"国{variant}島", f"{variant}両島", f"x{variant}")


def test_the_prefilter_leaves_out_no_pattern_that_matches(index):
    # One form per text: in a text holding every name, the prefilter would let every pattern in.
    patterns = [(number, pattern.regex) for number, pattern in enumerate(index.patterns)]
    tried = 0
    for text in _one_form_texts(index):
        candidates = set(index._prefilter.candidates(linking._fold(text)))
        missed = [index.patterns[number].form for number, regex in patterns if number not in candidates and regex.search(text)]
        assert missed == [], text
        tried += 1
    assert tried > 10_000


# --- behaviour on hostile input, each case in a child process with a cap ------------------------------------


def run_capped(function: Callable[..., Any], *args: Any) -> Any:
    """Return ``function(*args)`` run in a forked child; fail the test if it takes longer than :data:`CAP_S`."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send_result, args=(sender, function, args), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(CAP_S):
            pytest.fail(f"{function.__name__} took over {CAP_S} s on 1 MB: the linker is not linear on this input")
        ok, result = receiver.recv()
    finally:
        child.kill()
        child.join()
    if not ok:
        pytest.fail(f"{function.__name__} raised in the child process:\n{result}")
    return result


def _send_result(sender: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        sender.send((True, function(*args)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the test
        sender.send((False, traceback.format_exc()))


def mentions_of(text: str) -> list[tuple[str, str, str]]:
    """Return (text, place id, method) of each mention of ``text``, every mention checked to point into it."""
    found = find_mentions(text)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    return [(mention.text, mention.place_id, mention.method) for mention in found]


def repeated(unit: str, size: int = MB) -> str:
    return unit * (size // len(unit))


ITURUP, KUNASHIR, SHIKOTAN = ("Iturup", "iturup", "name"), ("Kunashir", "kunashir", "name"), ("Shikotan", "shikotan", "name")
NOTHING: list[tuple[str, str, str]] = []

HOSTILE_TEXTS = {
    "spaces": (repeated(" "), NOTHING),
    "tabs": (repeated("\t"), NOTHING),
    "newlines and spaces": (repeated("\n "), NOTHING),
    "commas": (repeated(","), NOTHING),
    "comma space": (repeated(", "), NOTHING),
    "and space": (repeated("and "), NOTHING),
    "hyphens": (repeated("-"), NOTHING),
    "hyphen space": (repeated("- "), NOTHING),
    "en dashes and spaces": (repeated("– "), NOTHING),
    "island words": (repeated("island of "), NOTHING),
    "Russian и": (repeated(" и "), NOTHING),
    "Russian island words": (repeated("острова "), NOTHING),
    "Russian о.": (repeated("о. "), NOTHING),
    "Japanese commas": (repeated("、"), NOTHING),
    "Japanese middle dots": (repeated("・"), NOTHING),
    "ideographic spaces": (repeated("\u3000"), NOTHING),
    "a kanji short form inside kanji": (repeated("国後"), NOTHING),  # each touches another kanji
    "the issue: two names, 1 MB of spaces, x": ("Iturup and Kunashir" + " " * MB + "x", [ITURUP, KUNASHIR]),
    "two names, 1 MB of tabs and commas, x": ("Iturup, Kunashir" + repeated("\t,") + "x", [ITURUP, KUNASHIR]),
    "a list, then the phrase after 1 MB of spaces": (
        "Iturup, Kunashir, Shikotan" + " " * MB + "and a group of small islets", [ITURUP, KUNASHIR, SHIKOTAN],
    ),
    "a list and the phrase, then 1 MB of spaces": (
        "Iturup, Kunashir, Shikotan and a group of small islets" + " " * MB,
        [ITURUP, KUNASHIR, SHIKOTAN, ("a group of small islets", "habomai", "context")],
    ),
    "the phrase with 1 MB of hyphens for a word": (
        "Iturup, Kunashir and a group of " + "-" * MB + " islets", [ITURUP, KUNASHIR],
    ),
    "the phrase with 1 MB of words": ("Iturup, Kunashir and a group of" + repeated(" small") + " islets", [ITURUP, KUNASHIR]),
    "a name's words 1 MB of spaces apart": ("Southern" + " " * MB + "Kurils", [("Kurils", "kuril_chain", "collective")]),
    "a name's words 1 MB of hyphens apart": ("Southern" + "-" * MB + "Kurils", [("Kurils", "kuril_chain", "collective")]),
    "a name's first word, hyphens and spaces": ("Southern" + repeated(" -") + " Kurils", [("Kurils", "kuril_chain", "collective")]),
    "Russian: two names, 1 MB of spaces, x": (
        "Итуруп и Кунашир" + " " * MB + "x", [("Итуруп", "iturup", "name"), ("Кунашир", "kunashir", "name")],
    ),
    "Russian: a list, then the phrase after 1 MB of spaces": (
        "Итуруп, Кунашир, Шикотан" + " " * MB + "и группа малых островов",
        [("Итуруп", "iturup", "name"), ("Кунашир", "kunashir", "name"), ("Шикотан", "shikotan", "name")],
    ),
    "Russian: an island word, then 1 MB of spaces": ("остров" + " " * MB + "Юрий", NOTHING),
    "Japanese: two names, 1 MB of commas, x": (
        "択捉島、国後島" + repeated("、") + "x", [("択捉島", "iturup", "name"), ("国後島", "kunashir", "name")],
    ),
    # Version 3's forms: adjectives and towns before a district word, phrases with qualifiers, conditional matches.
    "four, 1 MB of spaces, islands": ("Iturup: four" + " " * MB + "islands", [ITURUP]),
    "four, 1 MB of qualifiers, islands": ("Iturup: the four" + repeated(" disputed") + " islands", [ITURUP]),
    "1 MB of four": ("Iturup " + repeated("four "), [ITURUP]),
    "Russian: четыре, 1 MB of spaces, острова": ("Итуруп, четыре" + " " * MB + "острова", [("Итуруп", "iturup", "name")]),
    "Russian: четыре, 1 MB of qualifiers": (
        "Итуруп, четыре" + repeated(" спорных") + " острова", [("Итуруп", "iturup", "name")],
    ),
    "Russian: an adjective, 1 MB of spaces, район": (
        "Курильский" + " " * MB + "район", [("Курильский", "kuril_chain", "adjective")],
    ),
    "Russian: 1 MB of adjectives before район": (repeated("Курильский район "), NOTHING),
    "Russian: 1 MB of hyphens before a town": ("Северо" + "-" * MB + "Курильск", NOTHING),
    "Japanese: 1 MB of 四島 with no company": (repeated("四島、"), NOTHING),
    "Japanese: 1 MB of 海馬島 with no company": (repeated("海馬島、"), NOTHING),
    "Japanese: 1 MB of katakana joiners before a town": ("セヴェロ" + repeated("・") + "クリリスク", NOTHING),
}

#: Alternating names and whitespace: every name is a mention, in order.
ALTERNATING = {
    "Iturup Kunashir": ("Iturup ", "Kunashir ", ITURUP, KUNASHIR),
    "Iturup, Kunashir, (tabs)": ("Iturup,\t", "Kunashir,\t", ITURUP, KUNASHIR),
    "Итурупе Кунашире": ("Итурупе ", "Кунашире ", ("Итурупе", "iturup", "inflection"), ("Кунашире", "kunashir", "inflection")),
    "択捉 国後": ("択捉 ", "国後 ", ("択捉", "iturup", "alias"), ("国後", "kunashir", "alias")),
    "Southern Kurils Kurils": ("Southern Kurils ", "Kurils ", ("Southern Kurils", "southern_four", "collective"),
                               ("Kurils", "kuril_chain", "collective")),
    # Matches that count only beside another mention: a quarter megabyte of them, each accompanied.
    "four islands Iturup": ("four islands, ", "Iturup, ", ("four islands", "southern_four", "context"), ITURUP),
    "四島 国後島": ("四島、", "国後島、", ("四島", "southern_four", "context"), ("国後島", "kunashir", "name")),
    "海馬島 歯舞群島": ("海馬島、", "歯舞群島、", ("海馬島", "oskolki", "name"), ("歯舞群島", "habomai", "collective")),
    "Курильске итурупские": ("Курильске ", "итурупские ", ("Курильске", "iturup", "settlement"),
                             ("итурупские", "iturup", "adjective")),
}


@pytest.mark.parametrize("case", list(HOSTILE_TEXTS))
def test_hostile_text_gives_exactly_its_mentions(case):
    text, expected = HOSTILE_TEXTS[case]
    assert run_capped(mentions_of, text) == expected


@pytest.mark.parametrize("case", list(ALTERNATING))
def test_alternating_names_and_whitespace_are_each_a_mention(case):
    first, second, first_mention, second_mention = ALTERNATING[case]
    pairs = NAMES_SIZE // len(first + second)
    assert run_capped(mentions_of, (first + second) * pairs) == [first_mention, second_mention] * pairs


def test_a_list_of_names_a_quarter_megabyte_long_then_the_phrase_links_habomai_once():
    text = repeated("Iturup, Kunashir, ", NAMES_SIZE) + "Shikotan and a group of small islets"
    found = run_capped(mentions_of, text)
    assert found[-1] == ("a group of small islets", "habomai", "context")
    assert [mention for mention in found if mention[2] == "context"] == [found[-1]]


def test_list_gap_is_short_and_only_whitespace_commas_and_and():
    assert linking._is_list_gap(" and ", 0, 5) and linking._is_list_gap("、", 0, 1)
    assert not linking._is_list_gap(" " * (MAX_GAP + 1), 0, MAX_GAP + 1)
    assert [m.place_id for m in find_mentions("Iturup," + " " * (MAX_GAP + 1) + "Kunashir and a group of small islets")] == [
        "iturup", "kunashir",
    ]
    (context,) = [m for m in find_mentions("Iturup, Kunashir and a group of small islets") if m.method == "context"]
    assert context.confidence == CONTEXT_CONFIDENCE


# --- whole articles: the header, dateline and trailer rules on hostile lines --------------------------------


def article_summary(raw: bytes) -> tuple[str, str, str, list[str], list[str]]:
    """Return (title, source, date, first 40 characters of each excerpt, the place ids linked)."""
    article = parse_article(raw, "hostile.txt")
    linked = link_articles([article])
    return (
        article.title[:40], article.source, str(article.date), [excerpt.text[:40] for excerpt in article.excerpts],
        [mention.place_id for item in linked for mention in item.mentions],
    )


HOSTILE_ARTICLES = {
    "a header value of 1 MB of spaces": (
        b"title:" + b" " * MB + b"x\n\nOff Kunashir.", ("x", "", "None", ["Off Kunashir."], ["kunashir"]),
    ),
    "a header key of 1 MB of letters": (  # not a known key: no header, the line is text
        b"t" * MB + b" Kunashir", ("t" * 40, "", "None", ["t" * 40], ["kunashir"]),
    ),
    "a legacy date line with 1 MB of spaces": (
        b" date 2025-07-15" + b" " * MB + b"Moscow, July 15 (IANS) Off Kunashir.",
        ("Off Kunashir.", "IANS", "2025-07-15", ["Moscow, July 15 (IANS) Off Kunashir."], ["kunashir"]),
    ),
    "a dateline-like line with 1 MB of spaces": (
        b"Moscow," + b" " * MB + b"July 15 (IANS) Off Kunashir.", ("Off Kunashir.", "", "None", ["Moscow," + " " * 33], ["kunashir"]),
    ),
    "a sign-off of 1 MB of hyphens": (
        b" date 2025-07-15 Off Kunashir.\n\n" + b"-" * MB + b" IANS\n\nint/scor/rs",
        ("Off Kunashir.", "IANS", "2025-07-15", ["Off Kunashir."], ["kunashir"]),
    ),
    "1 MB of hyphens, not a sign-off": (
        b" date 2025-07-15 Off Kunashir.\n\n" + b"-" * MB + b" 1",
        ("Off Kunashir.", "", "2025-07-15", ["Off Kunashir.", "-" * 40], ["kunashir"]),
    ),
    "a desk slug 1 MB long": (
        b" date 2025-07-15 Off Kunashir.\n\n--IANS\n\n" + b"ab/" * (MB // 3) + b"!",
        ("Off Kunashir.", "", "2025-07-15", ["Off Kunashir.", "--IANS", "ab/" * 13 + "a"], ["kunashir"]),
    ),
    "a first sentence of 1 MB without an end": (
        b"Kunashir" + b" x" * (MB // 2), ("Kunashir x x x x x x x x x x x x x x x x", "", "None", ["Kunashir x x x x x x x x x x x x x x x x"], ["kunashir"]),
    ),
    "1 MB of one-letter lines": (
        b"Kunashir\n" + b"a\n" * (MB // 2), ("Kunashir a a a a a a a a a a a a a a a a", "", "None", ["Kunashir a a a a a a a a a a a a a a a a"], ["kunashir"]),
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE_ARTICLES))
def test_hostile_article_parses_and_links_as_expected(case, monkeypatch):
    # The patterns are under test here, not the paragraph limit that refuses most of these files first.
    monkeypatch.setattr(geo.articles, "MAX_PARAGRAPH_CHARS", 2 * MB)
    raw, expected = HOSTILE_ARTICLES[case]
    assert run_capped(article_summary, raw) == expected


def refusal_or_summary(raw: bytes) -> Any:
    """Return the article's summary, or ("refused", reason) when the parser refuses it."""
    try:
        return article_summary(raw)
    except geo.articles.ArticleError as err:
        return ("refused", err.reason)


@pytest.mark.parametrize("case", list(HOSTILE_ARTICLES))
def test_hostile_article_is_read_or_refused_for_its_long_paragraph_within_the_cap(case):
    raw, expected = HOSTILE_ARTICLES[case]
    result = run_capped(refusal_or_summary, raw)
    assert result == expected or (result[0] == "refused" and "characters long, over the limit" in result[1]), result
