"""Place mentions in article text, in English, Russian and Japanese, and the islands they refer to.

Places are the gazetteer's islands (``data/gazetteer.csv``) plus the
collective places of ``data/places.csv`` (the chain, Northern Territories /
Southern Kurils, Habomai, the Lesser Kuril Chain...). In ``places.csv`` the
``members`` field is a space-separated list of tokens, each one of:

- an island id from the gazetteer (``iturup``);
- another collective place's id (``habomai``), standing for its members;
- ``group:<value>``: every gazetteer island whose ``group`` column is that
  value (``group:northern``), so the geographic split is decided in one place.

How names are matched:

- English: case-insensitive, whole words; "Kunashir's" matches "Kunashir".
- Russian: each word of a name becomes a stem plus the case endings of its
  declension class, derived from the name's own ending (Итуруп → Итурупа,
  на Итурупе; Курильские острова → Курильских островов; Курилы → Курил).
  Names ending in another vowel (Хабомаи, Шумшу, Полонского) do not decline.
- Japanese: exact strings, no word boundaries. Short forms without 島 or 群島
  (国後, 歯舞) must not touch another kanji (or katakana for a katakana form),
  so 帰国後 ("after returning home") is not Kunashiri; 両 and 村 may follow
  (国後・択捉両島, 色丹村).
- Names that are also ordinary words or people's names (Юрий, Зелёный,
  Осколки, "Todo", surnames such as Полонского; see ``NEEDS_ISLAND_WORD``)
  count only next to an island word: "Yuri Island", "остров Юрий".
  Bare Japanese forms that are ordinary words (水晶 "crystal", 貝殻 "shell")
  are not matched; their full names (水晶島) are.
- Where matches overlap, the longest wins ("Southern Kurils" is Southern
  Kurils, not also the Kurils); on a tie, an island beats a group.
- One context rule (``_context_mentions``): a phrase such as "and a group of
  small uninhabited islets" ending a list of at least two of Iturup, Kunashir
  and Shikotan is linked to Habomai with method "context" and confidence 0.5.
- Gaps are short: more than :data:`MAX_GAP` whitespace characters in a row
  end a multi-word name, and a list's names are at most :data:`MAX_GAP`
  characters apart.

Linking takes time linear in the text, whatever the text. Every repeat that
can run long is possessive (written with a trailing ``+``: what it matched is
never given back to be tried again) and the others are a few characters at
most, so no run of spaces, commas or hyphens makes the regex engine backtrack;
and each pattern is tried only where its first word starts (its *anchors*,
found with ``str.find``), not at every character, and only on a text that
holds the start of its name (see ``_Prefilter``: a text's word starts and
characters say which of the few hundred patterns can match it, without trying
the others).

Forms readers use besides the names (version 3):

- Russian adjectives: a form that is one adjective in -ский (итурупский,
  курильский, южно-курильский, in an ``aliases_ru`` column) matches in every
  gender, number and case (итурупская, курильских, южно-курильском). Not
  after a hyphen (Северо-Курильский is not курильский), and not before a
  word saying the phrase names something else (:data:`_RU_NOT_A_PLACE_AFTER`):
  a district (Курильский район, Южно-Курильский городской округ: a district
  is not the chain nor the four groups), a strait (Южно-Курильский пролив,
  Кунаширский пролив), Kamchatka's Kurile Lake, a plant (курильский чай), a
  cat breed, the sea floor.
- Settlements (rows of kind "settlement" in ``places.csv``, each naming the
  one island it is on in ``members``, with a source): their names link to
  that island, method "settlement" (Курильск, Yuzhno-Kurilsk, 古釜布). Not
  as the end of a compound (ユジノ・クリリスク is not クリリスク) nor
  before a district or strait word ("Kurilsk district", クリリスク管区,
  南クリリスク海峡 the South Kuril Strait). Russian towns
  in -ск are not matched in their instrumental -ском, which is also an
  adjective's form (на курильском острове is not Kurilsk).
- "Four islands" phrases (:data:`_FOUR_ISLANDS_PHRASES`: "the four
  (disputed) islands", четыре острова in any case, 四島) link to the four
  groups (:data:`FOUR_GROUPS_PLACE`) with method "context" and confidence
  :data:`CONTEXT_CONFIDENCE`, only in a text that also names one of their
  islands otherwise (Iturup, Habomai, the Southern Kurils, the chain,
  Yuzhno-Kurilsk...): alone, "four islands" could be anywhere. Never
  "Japan's main four islands", "twenty-four islands", "four islands of Japan".
- Japanese forms that also name a place outside the chain
  (:data:`JA_SHARED_NAMES`: 海馬島 and とどじま are also Moneron, off
  Sakhalin) link only in a text that names their group otherwise.
- Katakana forms may touch a middle dot (クナシリ・エトロフ), and the
  hiragana forms (えとろふ, しこたん) are exact strings.

Every :class:`Mention` says how it was made: "name" (an island's name in one
of the three languages), "alias" (one of its aliases or romanised Japanese
name), "inflection" (a Russian case form of either), "adjective" (a Russian
adjective of a place's name, in any form), "settlement" (the name of a
settlement on the island), "collective" (a name of a collective place) or
"context" (the Habomai phrase below, or a "four islands" phrase).
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo import paths
from geo.articles import Article, Excerpt
from geo.datafile import check_with, file_stamp, read_csv
from geo.gazetteer import GAZETTEER_FILE, gazetteer, split_aliases

#: The collective places' file name in the data folder (``geo.paths.data_file``), looked up at each call.
PLACES_FILE = "places.csv"

#: Version of the matching rules in this module: bumped whenever a change here can change the mentions
#: found in a text (patterns, declensions, overlap or context rules). Stored mentions made by another
#: version are linked again. A change of names in data/gazetteer.csv or data/places.csv changes
#: mentions too, without changing this number. Version 2: gaps in names and lists at most :data:`MAX_GAP`.
#: Version 3: Russian adjectives, settlements, "four islands" phrases, names shared with a place outside the chain
#: linked only in company, katakana forms beside a middle dot.
LINKER_VERSION = 3

#: The most whitespace characters in a row between the words of a name ("Southern  Kurils") and the
#: most characters between two names of a list (", and "): a longer gap ends the name or the list.
MAX_GAP = 10

from geo.languages import LANGUAGES  # noqa: E402 - the map's languages, defined once
METHODS = ("name", "alias", "inflection", "adjective", "settlement", "collective", "context")

#: How an excerpt refers to an island, closest first: by the island's own
#: name, by a group it belongs to, or by the whole chain.
RELATIONS = ("direct", "group", "chain")
#: Kinds of collective places in ``places.csv``.
PLACE_KINDS = ("group", "chain")
#: The kind of a ``places.csv`` row that is a settlement: its names link to the one island in its ``members``.
SETTLEMENT_KIND = "settlement"
#: The place the "four islands" phrases stand for: Iturup, Kunashir, Shikotan and the Habomai islets.
FOUR_GROUPS_PLACE = "southern_four"

#: Confidence of a mention found by the context rule rather than by a name.
CONTEXT_CONFIDENCE = 0.5

#: Name forms (case-folded) that are also ordinary words or people's names;
#: they link only beside an island word ("Yuri Island", "остров Юрий").
NEEDS_ISLAND_WORD = frozenset({
    "yuri", "iurii", "юрий",  # a common first name
    "todo", "зелёный", "зеленый", "сигнальный", "осколки",  # ordinary words
    "polonsky", "полонского", "tanfilyev", "танфильева", "anuchina", "анучина",  # surnames
    "atlasov", "атласова", "antsiferov", "анциферова", "antsiferova", "shpanberg", "шпанберг",
})

#: Bare Japanese forms that are ordinary words or other places: crystal,
#: seashell, hippocampus, and Matsuwa in Kanagawa. Their 島 forms still link.
JA_ORDINARY_WORDS = frozenset({"水晶", "貝殻", "海馬", "松輪"})

#: Japanese forms that also name a place outside the chain, with the group a text must name otherwise for them
#: to link: 海馬島 (read とどじま) is a Habomai rock and also Moneron, off Sakhalin.
JA_SHARED_NAMES = {"海馬島": "habomai", "とどじま": "habomai"}

_GAZETTEER_COLUMNS = ("id", "name_en", "name_ru", "name_ja", "name_ja_latn", "aliases_en", "aliases_ru", "aliases_ja", "group")
_PLACES_COLUMNS = ("id", "kind", "name_en", "name_ru", "name_ja", "aliases_en", "aliases_ru", "aliases_ja", "members")

# Whitespace inside names and lists: possessive (never given back) and at most MAX_GAP characters.
_SPACE = rf"\s{{1,{MAX_GAP}}}+"
_OPTIONAL_SPACE = rf"\s{{0,{MAX_GAP}}}+"
_HYPHENS = r"\-‐‑–"  # for character classes
_SEPARATOR = rf"(?:{_OPTIONAL_SPACE}[{_HYPHENS}]{_OPTIONAL_SPACE}|{_SPACE})"
# A name's words are what lies between runs of whitespace and hyphens.
_WORD_BREAK = re.compile(rf"[\s{_HYPHENS}]++")
_EN_ISLAND_BEFORE = rf"(?:island|isle|islet)s?{_SPACE}of{_SPACE}"
_EN_ISLAND_AFTER = rf"{_SPACE}(?:island|isle|islet|rock)s?"
# "остров", "острова", "островок", "островками" (bounded: at most 3 alternatives x 4 endings to try).
_RU_ISLAND_BEFORE = rf"(?:остров|островок|островк)\w{{0,3}}{_SPACE}|о\.{_OPTIONAL_SPACE}"
_RU_ISLAND_AFTER = rf"{_SPACE}остров\w{{0,3}}"
# Where each island word above starts, for the anchors of a name that needs one (see _anchors).
_EN_ISLAND_BEFORE_ANCHORS = ("isl",)
_RU_ISLAND_BEFORE_ANCHORS = ("остров", "о.")
_KANJI = "\u4e00-\u9fff々"
_KATAKANA = "\u30a0-\u30ff"
# Katakana that make up words: the block without ゠ and the middle dot ・ that joins names in a list.
_KATAKANA_LETTERS = "\u30a1-\u30fa\u30fc-\u30ff"
_ALL_KANJI = re.compile(f"[{_KANJI}]++")
_ALL_KATAKANA = re.compile(f"[{_KATAKANA}]++")
_ALL_RUSSIAN_LOWERCASE = re.compile("[а-яё]++")
_JA_ISLAND_SUFFIXES = ("島", "群島", "列島", "諸島")
# What follows an adjective or a settlement's name when the phrase names something else (see the module
# docstring): a district, a strait, Kamchatka's Kurile Lake, a plant, a cat breed, the sea floor.
_RU_NOT_A_PLACE_AFTER = rf"(?!{_SPACE}(?:район|городск|муниципальн|округ|пролив|озер|ча[йяюе](?!\w)|чаем|бобтейл|котловин))"
_EN_NOT_A_PLACE_AFTER = rf"(?!{_SPACE}(?:district|raion|rayon|urban|municipal|okrug|strait)s?(?!\w))"
_JA_NOT_A_PLACE_AFTER = "(?!管区|地区|海峡)"
# A settlement's or adjective's form is a word of its own, not the end of a compound (Южно-Курильский, Северо-Курильск).
_NOT_AFTER_HYPHEN = rf"(?<![{_HYPHENS}])"
# ユジノ・クリリスク, セヴェロ=クリリスク; 南クリリスク is Yuzhno-Kurilsk translated, not Kurilsk.
_JA_SETTLEMENT_NOT_AFTER = f"(?<![{_KATAKANA}=＝南北])"
# A Russian form that is one adjective (итурупский, южно-курильский) matches in every gender, number and case.
_RU_ADJECTIVE_SUFFIXES = ("ский", "цкий")
_RU_ADJECTIVE_ENDINGS = ("ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ою", "ое", "ие", "их", "ими")
# "Four islands" phrases (module docstring): (language, form, regex, anchor). Not after "main" or "home"
# (Japan's main four islands), nor as the end of a number (twenty-four, двадцать четыре, 十四島), nor before
# "of Japan"; at most two qualifiers from a short list between the number and the island word.
_EN_FOUR_QUALIFIER = r"(?:disputed|contested|occupied|northern|southern|south|kuril|kurile|russian-held|japanese-claimed)"
_RU_FOUR_QUALIFIER = r"(?:спорн|оспариваем|северн|южн|курильск|южнокурильск|южно-курильск)(?:ых|ым|ыми|ые|ый|их|им|ими|ие)"
_FOUR_ISLANDS_PHRASES: tuple[tuple[str, str, str, str], ...] = (
    ("en", "four islands",
     rf"(?<!\w)(?<![{_HYPHENS}])(?<!ty\s)(?<!main\s)(?<!home\s)(?<!major\s)(?<!largest\s)"
     rf"four{_SPACE}(?:{_EN_FOUR_QUALIFIER}{_SPACE}){{0,2}}(?:islands|isles|island{_SPACE}groups)(?!\w)"
     rf"(?!{_SPACE}of{_SPACE}japan(?!\w))", "four"),
    ("ru", "четыре острова",
     rf"(?<!\w)(?<![{_HYPHENS}])(?<!дцать\s)(?<!сорок\s)(?<!десят\s)(?<!сто\s)"
     rf"четыр(?:е|[её]х|[её]м|ьмя){_SPACE}(?:{_RU_FOUR_QUALIFIER}{_SPACE}){{0,2}}остров(?:а|ов|ам|ами|ах)(?!\w)", "четыр"),
    ("ja", "四島", rf"(?<![{_KANJI}]){re.escape('四島')}", "四島"),
)
# The prefilter (_Prefilter): how many characters of a word's start it keys patterns by, and those starts in a
# case-folded text. Not a name pattern: it only says which name patterns to try.
_KEY_LENGTH = 3
_WORD_STARTS = re.compile(rf"(?<!\w)\w{{1,{_KEY_LENGTH}}}+")
# How a name pattern starts when it can match only where a word starts (_form_regex); the prefilter relies on it.
_AT_WORD_START = r"(?<!\w)"

# Russian declension by the ending of a name's word: (ending, characters cut, endings allowed).
# Checked in order; generous ending sets are safe because the stems are distinctive.
_RU_DECLENSIONS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("ское", 2, ("ое", "ого", "ому", "им", "ом")),  # Малокурильское: a neuter adjective as a village's name
    # Курильск: not "-ском", also an adjective's form (на курильском острове); towns are rarely plural.
    ("ск", 0, ("", "а", "у", "е")),
    ("ый", 2, ("ый", "ого", "ому", "ым", "ом")),
    ("кий", 2, ("ий", "ого", "ому", "им", "ом")),
    ("ий", 2, ("ий", "ия", "ию", "ием", "ии")),
    ("ой", 1, ("й", "я", "ю", "е", "ем")),  # Кетой, Чирпой: nouns, not adjectives
    ("ая", 2, ("ая", "ой", "ую", "ою")),
    ("ые", 2, ("ые", "ых", "ым", "ыми")),
    ("ие", 2, ("ие", "их", "им", "ими")),
    ("ии", 1, ("и", "й", "ям", "ями", "ях")),
    ("ы", 1, ("ы", "", "ам", "ами", "ах", "ов")),
    ("а", 1, ("а", "ы", "е", "у", "ой", "ою", "ов", "ам", "ами", "ах")),
    ("я", 1, ("я", "и", "е", "ю", "ей", "ях")),
    ("ь", 1, ("ь", "я", "ю", "е", "ем", "и")),
)
_RU_INDECLINABLE_ENDINGS = tuple("аеёиоуыэюя")
_RU_CONSONANT_ENDINGS = ("", "а", "у", "е", "ом", "ы", "ов", "ам", "ами", "ах")


@dataclass(frozen=True)
class Mention:
    """A place named in a text: ``text == source[start:end]``; ``method`` is one of :data:`METHODS`."""

    start: int
    end: int
    text: str
    place_id: str
    method: str
    confidence: float = 1.0


@dataclass(frozen=True)
class Place:
    """An island or a collective place, with the islands it stands for."""

    id: str
    kind: str  # "island", "group" or "chain"
    name_en: str
    name_ru: str
    name_ja: str
    members: frozenset[str]


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    place_id: str
    lang: str
    method: str
    form: str  # the name as written in the table
    written: str  # the form normalised (_normalise), to tell an inflected match
    # Case-folded (_fold) strings one of which starts every match; empty: try the regex everywhere.
    anchors: tuple[str, ...] = ()
    # Island ids one of which the text's other mentions must refer to for a match to count (see find_mentions);
    # empty: a match counts alone.
    needs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Prefilter:
    """Which of an index's name patterns can match a text, found without trying each one.

    Every match of a pattern with anchors holds its first anchor, the name's own start (:func:`_anchors`),
    so a text whose case folding (:func:`_fold`) does not hold it needs no try: only patterns whose first
    anchor is in the folded text are tried (``anchor in folded``), and a pattern without anchors always
    is. Which anchors to look for is narrowed first, by a key each is filed under:

    - ``by_word_start``: the first anchors of English and Russian patterns (whose regexes begin with
      ``(?<!\\w)``, see :func:`_form_regex`), which start a word in every match, filed under their first
      :data:`_KEY_LENGTH` word characters ("kun" for "kunashir"), looked up among the starts of the
      text's words (:data:`_WORD_STARTS`). Where the text has a word start, its folding has one too
      (no character that is not a word character folds to one), and that word begins with the key;
    - ``by_char``: the other anchors (Japanese forms, which need no word break; and anchors of fewer
      than :data:`_KEY_LENGTH` characters, all word characters, as the start of a longer word would not
      show them), filed under their first character, looked up among the text's characters that are
      such a key (found with ``first_chars``, a character class of them).

    Patterns are numbered by their place in ``PlaceIndex.patterns``, and :meth:`candidates` returns them
    in that order, so the mentions found are those found by trying every pattern in turn.
    """

    by_word_start: dict[str, tuple[tuple[str, tuple[int, ...]], ...]]
    by_char: dict[str, tuple[tuple[str, tuple[int, ...]], ...]]
    first_chars: re.Pattern[str] | None  # None when by_char is empty
    unanchored: tuple[int, ...]

    @classmethod
    def of(cls, patterns: Sequence[_Pattern]) -> _Prefilter:
        """Return the prefilter of ``patterns``."""
        numbers_of: dict[tuple[str, bool], list[int]] = {}  # (first anchor, at a word start) -> pattern numbers
        unanchored: list[int] = []
        for number, pattern in enumerate(patterns):
            if pattern.anchors:
                at_word_start = pattern.regex.pattern.startswith(_AT_WORD_START)
                numbers_of.setdefault((pattern.anchors[0], at_word_start), []).append(number)
            else:
                unanchored.append(number)
        by_word_start: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        by_char: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        for (anchor, at_word_start), numbers in numbers_of.items():
            key = _WORD_STARTS.match(anchor) if at_word_start else None
            if key is not None and (len(key.group()) == _KEY_LENGTH or key.group() != anchor):
                by_word_start.setdefault(key.group(), []).append((anchor, tuple(numbers)))
            else:
                by_char.setdefault(anchor[0], []).append((anchor, tuple(numbers)))
        return cls(
            {key: tuple(filed) for key, filed in by_word_start.items()},
            {key: tuple(filed) for key, filed in by_char.items()},
            re.compile("[" + "".join(map(re.escape, sorted(by_char))) + "]") if by_char else None,
            tuple(unanchored),
        )

    def candidates(self, folded: str) -> list[int]:
        """Return the numbers of the patterns that may match the text whose case folding is ``folded``, in order."""
        chosen = set(self.unanchored)
        for key in self.by_word_start.keys() & _WORD_STARTS.findall(folded):
            for anchor, numbers in self.by_word_start[key]:
                if anchor in folded:
                    chosen.update(numbers)
        if self.first_chars is not None:
            for key in set(self.first_chars.findall(folded)):
                for anchor, numbers in self.by_char[key]:
                    if anchor in folded:
                        chosen.update(numbers)
        return sorted(chosen)


@dataclass(frozen=True)
class PlaceIndex:
    """Every place and the compiled name patterns that find it; build with :func:`build_place_index`."""

    places: dict[str, Place]
    patterns: tuple[_Pattern, ...] = field(repr=False)
    # Which patterns to try on a text (derived from ``patterns``).
    _prefilter: _Prefilter = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_prefilter", _Prefilter.of(self.patterns))

    @property
    def island_ids(self) -> frozenset[str]:
        """Return the ids of the gazetteer's islands."""
        return frozenset(place_id for place_id, place in self.places.items() if place.kind == "island")


@dataclass(frozen=True)
class LinkedExcerpt:
    """An excerpt with the places it names and the islands they stand for.

    ``relations`` maps each island id the excerpt refers to onto how closely:
    "direct", "group" or "chain" (see :data:`RELATIONS`).
    """

    article: Article
    excerpt: Excerpt
    mentions: tuple[Mention, ...]
    place_ids: frozenset[str]
    island_ids: frozenset[str]
    relations: dict[str, str] = field(hash=False)

    def island_ids_within(self, relation: str) -> frozenset[str]:
        """Return the islands referred to at least as closely as ``relation``.

        ``island_ids_within("group")`` leaves out islands reached only through
        a mention of the whole chain: for the seed's paragraph on the dispute,
        the four island groups without the rest of the Kurils.
        """
        if relation not in RELATIONS:
            raise ValueError(f"unknown relation {relation!r}; choose one of {', '.join(RELATIONS)}")
        limit = RELATIONS.index(relation)
        return frozenset(island_id for island_id, held in self.relations.items() if RELATIONS.index(held) <= limit)


def build_place_index(gazetteer_table: pd.DataFrame | None = None, places_table: pd.DataFrame | None = None) -> PlaceIndex:
    """Return the place index built from the gazetteer and the collective places.

    Defaults read ``data/gazetteer.csv`` and ``data/places.csv`` (looked up now); tests pass
    small tables. Raises ValueError naming the table and the row when a column
    is missing, a kind is unknown, a member is unknown or a place has no members;
    a ``DataFileError`` naming ``data/places.csv`` when that is the file read.
    """
    islands = gazetteer() if gazetteer_table is None else gazetteer_table
    if places_table is not None:
        return _index(islands, places_table)
    return _index_with_places_file(islands, _places_path())


def _index_with_places_file(islands: pd.DataFrame, places_path: Path) -> PlaceIndex:
    """Build the index from ``places_path``: what the checks refuse in it is a ``DataFileError`` naming the file."""
    collectives = _read_places(places_path)
    return check_with(places_path, PLACES_FILE, lambda: _index(islands, collectives))


def _index(islands: pd.DataFrame, table: pd.DataFrame) -> PlaceIndex:
    _require_columns(islands, _GAZETTEER_COLUMNS, "gazetteer")
    _require_columns(table, _PLACES_COLUMNS, "places table")

    places: dict[str, Place] = {}
    patterns: list[_Pattern] = []
    for row in islands.to_dict("records"):
        places[row["id"]] = Place(row["id"], "island", row["name_en"], row["name_ru"], row["name_ja"], frozenset({row["id"]}))
        forms = [
            *((lang, row[f"name_{lang}"], "name") for lang in LANGUAGES),
            ("en", row["name_ja_latn"], "alias"),
            *((lang, alias, "alias") for lang in LANGUAGES for alias in split_aliases(row[f"aliases_{lang}"])),
        ]
        patterns += _patterns_for(row["id"], forms)

    rows = table.to_dict("records")
    _check_unique_ids([row["id"] for row in rows], places)
    collectives = [row for row in rows if row["kind"] != SETTLEMENT_KIND]
    members_of = {row["id"]: row["members"].split() for row in collectives}
    for row in collectives:
        if row["kind"] not in PLACE_KINDS:
            kinds = ", ".join((*PLACE_KINDS, SETTLEMENT_KIND))
            raise ValueError(f"places table: {row['id']!r} has kind {row['kind']!r}; expected one of {kinds}")
        members = _expand_members(row["id"], members_of, islands, set())
        places[row["id"]] = Place(row["id"], row["kind"], row["name_en"], row["name_ru"], row["name_ja"], members)
        patterns += _patterns_for(row["id"], _row_forms(row, "collective"))
    for row in rows:
        if row["kind"] == SETTLEMENT_KIND:
            patterns += _patterns_for(_settlement_island(row, places), _row_forms(row, "settlement"), settlement=True)
    patterns += _four_islands_patterns(places)
    patterns = [needing for pattern in patterns if (needing := _with_needs(pattern, places)) is not None]
    _check_no_shared_forms(patterns)
    return PlaceIndex(places=places, patterns=tuple(patterns))


def _row_forms(row: dict[str, str], method: str) -> list[tuple[str, str, str]]:
    """Return (language, form, method) for the names and aliases of a ``places.csv`` row."""
    return [
        *((lang, row[f"name_{lang}"], method) for lang in LANGUAGES),
        *((lang, alias, method) for lang in LANGUAGES for alias in split_aliases(row[f"aliases_{lang}"])),
    ]


def _check_unique_ids(ids: Sequence[str], places: dict[str, Place]) -> None:
    """Refuse a ``places.csv`` id used twice or also an island's id: a link could not say which is meant."""
    seen: set[str] = set()
    for place_id in ids:
        if place_id in places:
            raise ValueError(
                f"places table: id {place_id!r} is also an island id in the gazetteer; give the place or settlement another id",
            )
        if place_id in seen:
            raise ValueError(f"places table: id {place_id!r} is used twice; keep one row for it")
        seen.add(place_id)


def _settlement_island(row: dict[str, str], places: dict[str, Place]) -> str:
    """Return the island a settlement row is on: its one member, a gazetteer island; it must give a source for that."""
    members = row["members"].split()
    islands = sorted(place_id for place_id, place in places.items() if place.kind == "island")
    if len(members) != 1 or members[0] not in islands:
        raise ValueError(
            f"places table: settlement {row['id']!r} has members {row['members']!r}; give the id of the one gazetteer "
            f"island it is on, one of {', '.join(islands)}",
        )
    if not str(row.get("source", "")).strip():
        raise ValueError(
            f"places table: settlement {row['id']!r} has no source; give a URL or a FACTS.md section saying it is on {members[0]!r}",
        )
    return members[0]


def _four_islands_patterns(places: dict[str, Place]) -> list[_Pattern]:
    """Return the patterns of the "four islands" phrases, linked to :data:`FOUR_GROUPS_PLACE` if the places hold it.

    They count only beside another mention of one of its islands (``needs``): alone, "four islands" could be anywhere.
    """
    if FOUR_GROUPS_PLACE not in places:
        return []
    needs = places[FOUR_GROUPS_PLACE].members
    return [
        _Pattern(re.compile(source, re.IGNORECASE), FOUR_GROUPS_PLACE, lang, "context", form, _normalise(form),
                 (_fold(anchor),) if _CASE_FIXES is not None else (), needs)
        for lang, form, source, anchor in _FOUR_ISLANDS_PHRASES
    ]


def _with_needs(pattern: _Pattern, places: dict[str, Place]) -> _Pattern | None:
    """Return ``pattern``, made to count only beside a mention of its group if its form also names a place outside the chain.

    None when that group is not in the places table: the form could not be told from the other place.
    """
    group = JA_SHARED_NAMES.get(pattern.form) if pattern.lang == "ja" else None
    if group is None:
        return pattern
    return replace(pattern, needs=places[group].members) if group in places else None


def default_place_index() -> PlaceIndex:
    """Return the place index of the data files (``data/gazetteer.csv``, ``data/places.csv``).

    Built once per pair of files and built again when either changes (by modification time and size),
    so a server running while the data is edited links with the new names.
    """
    gazetteer_path, places_path = paths.data_file(GAZETTEER_FILE).resolve(), _places_path()
    return _default_place_index(gazetteer_path, places_path, file_stamp(gazetteer_path), file_stamp(places_path))


@lru_cache(maxsize=4)
def _default_place_index(
    gazetteer_path: Path, places_path: Path, _gazetteer_stamp: tuple[int, int], _places_stamp: tuple[int, int],
) -> PlaceIndex:
    return _index_with_places_file(gazetteer(gazetteer_path), places_path)


def find_mentions(text: str, lang: str | None = None, index: PlaceIndex | None = None) -> list[Mention]:
    """Return the place mentions in ``text``, in order, none overlapping.

    ``lang`` ("en", "ru" or "ja") limits matching to that language's names;
    None, the default, tries all three, which also catches an English name
    quoted in a Russian text.

    >>> [m.place_id for m in find_mentions("Рыбаки на Итурупе и Кунашире")]
    ['iturup', 'kunashir']
    """
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}, or None for all")
    index = default_place_index() if index is None else index
    starts = _AnchorPositions(text)
    alone: list[Mention] = []
    needing: list[tuple[Mention, frozenset[str]]] = []  # matches that count only beside a mention of one of those islands
    patterns = index.patterns
    for number in index._prefilter.candidates(starts.folded):  # the patterns that can match, in order
        pattern = patterns[number]
        if lang is not None and pattern.lang != lang:
            continue
        for match in _matches(pattern, text, starts):
            matched = match.group()
            confidence = CONTEXT_CONFIDENCE if pattern.method == "context" else 1.0
            mention = Mention(match.start(), match.end(), matched, pattern.place_id, _method(pattern, matched), confidence)
            if pattern.needs:
                needing.append((mention, pattern.needs))
            else:
                alone.append(mention)
    mentions = _longest_first(alone, index)
    if needing:
        referred = _islands_referred(mentions, index)
        accompanied = [mention for mention, needs in needing if needs & referred]
        if accompanied:
            mentions = _longest_first(alone + accompanied, index)
    mentions += _context_mentions(text, mentions, lang)
    return sorted(mentions, key=lambda mention: mention.start)


def _islands_referred(mentions: Iterable[Mention], index: PlaceIndex) -> frozenset[str]:
    """Return the islands the places of ``mentions`` stand for (each place counted once, so linear in the mentions)."""
    place_ids = {mention.place_id for mention in mentions}
    return frozenset().union(*(index.places[place_id].members for place_id in place_ids))


def _method(pattern: _Pattern, matched: str) -> str:
    """Return how a match of ``pattern`` was made: a Russian case form of a name or alias other than as written is "inflection"."""
    if pattern.lang != "ru" or pattern.method not in ("name", "alias"):
        return pattern.method
    # A match that contains the name as written is not inflected, even with "остров" before it.
    return pattern.method if f" {pattern.written} " in f" {_normalise(matched)} " else "inflection"


def link_excerpt(article: Article, excerpt: Excerpt, index: PlaceIndex | None = None) -> LinkedExcerpt:
    """Return one excerpt with its mentions, the islands they stand for and how closely."""
    index = default_place_index() if index is None else index
    mentions = tuple(find_mentions(excerpt.text, None, index))
    relations: dict[str, str] = {}
    for mention in mentions:
        place = index.places[mention.place_id]
        relation = {"island": "direct", "group": "group", "chain": "chain"}[place.kind]
        for island_id in place.members:
            if island_id not in relations or RELATIONS.index(relation) < RELATIONS.index(relations[island_id]):
                relations[island_id] = relation
    return LinkedExcerpt(
        article=article,
        excerpt=excerpt,
        mentions=mentions,
        place_ids=frozenset(mention.place_id for mention in mentions),
        island_ids=frozenset(relations),
        relations=relations,
    )


def link_articles(articles: Iterable[Article], index: PlaceIndex | None = None) -> list[LinkedExcerpt]:
    """Return every excerpt of ``articles``, in order, linked to the places it names.

    Excerpts naming no place are included too (with no mentions), so the panel
    can list whole articles.
    """
    index = default_place_index() if index is None else index
    return [link_excerpt(article, excerpt, index) for article in articles for excerpt in article.excerpts]


def excerpts_for(island_id: str, linked: Sequence[LinkedExcerpt], index: PlaceIndex | None = None) -> list[LinkedExcerpt]:
    """Return the excerpts that refer to ``island_id``, in THE order the panel lists them (both hosts, any store).

    The order is:

    1. by relation: naming the island first, then its group, then the chain (:data:`RELATIONS`);
    2. newest article first (``article.date`` descending), undated articles last;
    3. by article id;
    4. by excerpt number.

    The order of ``linked`` does not matter. Read how each excerpt refers to
    the island in ``excerpt.relations[island_id]``. Pass ``index`` to have an
    unknown island id refused rather than answered with an empty list.
    """
    if index is not None and island_id not in index.island_ids:
        raise ValueError(f"unknown island id {island_id!r}; expected one of {', '.join(sorted(index.island_ids))}")
    found = [item for item in linked if island_id in item.relations]
    return sorted(found, key=lambda item: panel_order_key(item, island_id))


def panel_order_key(item: LinkedExcerpt, island_id: str) -> tuple[int, int, int, str, int]:
    """Return the sort key of :func:`excerpts_for`'s order for an excerpt that refers to ``island_id``."""
    date = item.article.date
    return (
        RELATIONS.index(item.relations[island_id]),
        date is None,  # undated last
        -date.toordinal() if date is not None else 0,  # newest first
        item.article.id,
        item.excerpt.number,
    )


def _places_path() -> Path:
    return paths.data_file(PLACES_FILE).resolve()


@lru_cache(maxsize=4)
def _read_places_cached(path: Path, _stamp: tuple[int, int]) -> pd.DataFrame:
    return read_csv(path, PLACES_FILE, _PLACES_COLUMNS)


def _read_places(path: Path) -> pd.DataFrame:
    """Return ``data/places.csv`` (or the file at ``path``), read again when it changes; a bad file raises ``DataFileError`` naming it."""
    resolved = Path(path).resolve()
    return _read_places_cached(resolved, file_stamp(resolved)).copy()


def _require_columns(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ValueError(f"{what}: missing columns {missing}; expected at least {list(columns)}")


def _expand_members(place_id: str, members_of: dict[str, list[str]], islands: pd.DataFrame, seen: set[str]) -> frozenset[str]:
    """Return the island ids a collective place's ``members`` tokens stand for."""
    if place_id in seen:
        raise ValueError(f"places table: {place_id!r} contains itself through its members; remove the loop")
    island_ids = set(islands["id"])
    members: set[str] = set()
    for token in members_of[place_id]:
        if token.startswith("group:"):
            in_group = set(islands.loc[islands["group"] == token.removeprefix("group:"), "id"])
            if not in_group:
                groups = sorted(set(islands["group"]))
                raise ValueError(
                    f"places table: {place_id!r} names {token!r}, but no gazetteer island has that group; groups are {groups}",
                )
            members |= in_group
        elif token in island_ids:
            members.add(token)
        elif token in members_of:
            members |= _expand_members(token, members_of, islands, seen | {place_id})
        else:
            raise ValueError(
                f"places table: {place_id!r} has unknown member {token!r}; use an island id from the gazetteer, "
                "another place id, or group:<gazetteer group>",
            )
    if not members:
        raise ValueError(f"places table: {place_id!r} has no members; list island ids, place ids or group:<value>")
    return frozenset(members)


def _patterns_for(place_id: str, forms: Iterable[tuple[str, str, str]], settlement: bool = False) -> list[_Pattern]:
    """Return the name patterns of one place's forms (language, form, method); ``settlement``: forms of a settlement on it."""
    patterns: list[_Pattern] = []
    seen: set[tuple[str, str]] = set()
    for lang, form, method in forms:
        form = form.strip()
        if not form or (lang, form.casefold()) in seen:
            continue
        seen.add((lang, form.casefold()))
        source = _form_regex(form, lang, settlement)
        if source is not None:
            if not settlement and lang == "ru" and _is_russian_adjective(form):
                method = "adjective"
            regex = re.compile(source, re.IGNORECASE)
            patterns.append(_Pattern(regex, place_id, lang, method, form, _normalise(form), _anchors(form, lang)))
    return patterns


def _form_regex(form: str, lang: str, settlement: bool = False) -> str | None:
    """Return the regex source matching ``form`` in text of ``lang``, or None for a form never matched alone.

    ``settlement``: the form is a settlement's name. It and a Russian adjective are words of their own, not
    the end of a compound, and not followed by a word saying the phrase names a district or a strait.
    """
    if lang == "ja":
        return _japanese_regex(form, settlement)
    if lang == "ru":
        body = _SEPARATOR.join(_russian_word_regex(stem, endings) for stem, endings in _russian_words(form))
    else:
        body = _SEPARATOR.join(re.escape(word) for word in _WORD_BREAK.split(form))
    if form.casefold() in NEEDS_ISLAND_WORD:
        before, after = (_RU_ISLAND_BEFORE, _RU_ISLAND_AFTER) if lang == "ru" else (_EN_ISLAND_BEFORE, _EN_ISLAND_AFTER)
        body = f"(?:(?:{before}){body}|{body}{after})"
    if settlement or (lang == "ru" and _is_russian_adjective(form)):
        not_a_place = _RU_NOT_A_PLACE_AFTER if lang == "ru" else _EN_NOT_A_PLACE_AFTER
        return rf"{_AT_WORD_START}{_NOT_AFTER_HYPHEN}{body}(?!\w){not_a_place}"
    return rf"{_AT_WORD_START}{body}(?!\w)"


def _anchors(form: str, lang: str) -> tuple[str, ...]:
    """Return the case-folded strings one of which starts every match of ``form``'s regex (:func:`_form_regex`).

    They are the literal start of its first word: all of an English word, a
    Russian word's stem up to any "ё" (which also matches "е"), a Japanese form
    whole; plus the island word's start where that may come first ("остров
    Юрий"). Empty when the regex has no literal start, or when case folding
    is unknown (see :func:`_case_fixes`): the regex is then tried at every
    position.

    The first one, the name's own start, is in every match, island word or
    not, and for English and Russian it starts a word there (after the match's
    start, whitespace or "о."): the prefilter (:class:`_Prefilter`) looks only
    for it.
    """
    if _CASE_FIXES is None:
        return ()
    if lang == "ja":
        return (_fold(form),)
    first = _WORD_BREAK.split(form)[0]
    if lang == "ru":
        first = re.split("[ёЁ]", _russian_words(form)[0][0], maxsplit=1)[0]
    if not first:
        return ()
    island_words: tuple[str, ...] = ()
    if form.casefold() in NEEDS_ISLAND_WORD:
        island_words = _RU_ISLAND_BEFORE_ANCHORS if lang == "ru" else _EN_ISLAND_BEFORE_ANCHORS
    return tuple(_fold(anchor) for anchor in (first, *island_words))


def _is_russian_adjective(form: str) -> bool:
    """Return True if a Russian form is one adjective (итурупский, южно-курильский): no space, an adjective's ending."""
    return not any(char.isspace() for char in form) and form.casefold().endswith(_RU_ADJECTIVE_SUFFIXES)


def _russian_words(form: str) -> list[tuple[str, tuple[str, ...]]]:
    """Return the stem and the endings of each word of a Russian form; an adjective's last word takes all its endings."""
    words = _WORD_BREAK.split(form)
    parts = [_russian_word(word) for word in words]
    if _is_russian_adjective(form):
        parts[-1] = (words[-1][:-2], _RU_ADJECTIVE_ENDINGS)  # итурупск-ий, -ая, -ие, -ого...
    return parts


def _russian_word_regex(stem: str, endings: Sequence[str]) -> str:
    """Return a regex for a Russian word in any of its forms: its stem, then one of its endings."""
    return _ru_escape(stem) + (_alternation(endings) if endings else "")


def _russian_word(word: str) -> tuple[str, tuple[str, ...]]:
    """Return a Russian word's stem and the case endings it takes (none for a word that does not decline)."""
    lowered = word.casefold()
    for ending, cut, endings in _RU_DECLENSIONS:
        if lowered.endswith(ending) and len(word) - cut >= 3:
            return word[: len(word) - cut], endings
    if lowered.endswith(_RU_INDECLINABLE_ENDINGS) or not _ALL_RUSSIAN_LOWERCASE.fullmatch(lowered):
        return word, ()
    return word, _RU_CONSONANT_ENDINGS


def _ru_escape(text: str) -> str:
    # "ё" is often printed as "е".
    return re.escape(text).replace("ё", "[её]").replace("Ё", "[ЕЁ]")


def _alternation(endings: Sequence[str]) -> str:
    return "(?:" + "|".join(sorted(endings, key=len, reverse=True)) + ")"


def _japanese_regex(form: str, settlement: bool = False) -> str | None:
    """Return the regex source of a Japanese form: exact, and for a short form not touching a kanji (or katakana).

    A settlement's katakana name must not end a compound either (ユジノ・クリリスク is not クリリスク), and no
    settlement's name may be followed by a district word (クリリスク管区).
    """
    if form in JA_ORDINARY_WORDS:
        return None
    escaped = re.escape(form)
    after = _JA_NOT_A_PLACE_AFTER if settlement else ""
    if form.endswith(_JA_ISLAND_SUFFIXES):
        return escaped
    if _ALL_KANJI.fullmatch(form):
        return rf"(?<![{_KANJI}]){escaped}(?!(?![両村])[{_KANJI}]){after}"
    if _ALL_KATAKANA.fullmatch(form):
        before = _JA_SETTLEMENT_NOT_AFTER if settlement else f"(?<![{_KATAKANA_LETTERS}])"
        return rf"{before}{escaped}(?![{_KATAKANA_LETTERS}]){after}"
    return escaped + after


def _normalise(text: str) -> str:
    return _WORD_BREAK.sub(" ", text.casefold().replace("ё", "е"))


def _case_fixes() -> tuple[tuple[str, str], ...] | None:
    """Return (character, stand-in) pairs for the letters ``re.IGNORECASE`` matches although their lowercase differs.

    "ſ" matches "s", "ı" matches "i", Cyrillic "ᲀ" matches "в": the pairs come
    from the table ``re`` compiles ``IGNORECASE`` patterns with, so that
    :func:`_fold` agrees with the regexes. None if this Python has no such
    table: then every pattern is tried at every position (correct, slower).
    """
    try:
        from re._casefix import _EXTRA_CASES  # Python 3.11+; the same table re._compiler uses
    except ImportError:
        return None
    fixes = []
    for lower, others in _EXTRA_CASES.items():
        stand_in = min(lower, *others)  # one per class: the table lists each class from every member
        if lower != stand_in:
            fixes.append((chr(lower), chr(stand_in)))
    return tuple(fixes)


_CASE_FIXES = _case_fixes()


def _fold(text: str) -> str:
    """Return ``text`` case-folded the way ``re.IGNORECASE`` compares letters, one character for each.

    Two strings the name patterns match case-insensitively fold to the same
    string, and positions in the folded text are positions in ``text``: that
    is what lets :func:`_matches` look for anchors with ``str.find``.
    """
    # "İ".lower() is "i" plus a combining dot (two characters); re compares it as "i".
    folded = text.replace("\u0130", "i").lower()
    if not folded.isascii():
        for char, stand_in in _CASE_FIXES or ():
            if char in folded:
                folded = folded.replace(char, stand_in)
    return folded


class _AnchorPositions(dict[str, list[int]]):
    """Where each anchor starts in one text (overlapping starts included), found on first use for all its patterns."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.folded = _fold(text)

    def __missing__(self, anchor: str) -> list[int]:
        found = []
        position = self.folded.find(anchor)
        while position >= 0:
            found.append(position)
            position = self.folded.find(anchor, position + 1)
        self[anchor] = found
        return found


def _matches(pattern: _Pattern, text: str, starts: _AnchorPositions) -> Iterator[re.Match[str]]:
    """Yield what ``pattern.regex.finditer(text)`` yields, trying the regex only where one of its anchors starts.

    Finding a few hundred anchors with ``str.find`` is far faster than the
    regex engine trying a few hundred patterns at every character of a text.
    """
    if not pattern.anchors:
        yield from pattern.regex.finditer(text)
        return
    positions = [starts[anchor] for anchor in pattern.anchors]
    resume = 0  # as finditer: the next match starts where the last one ended
    for start in positions[0] if len(positions) == 1 else heapq.merge(*positions):
        if start >= resume and (match := pattern.regex.match(text, start)):
            yield match
            resume = match.end()


def _check_no_shared_forms(patterns: Sequence[_Pattern]) -> None:
    """Refuse two places sharing one name form: a mention of it could not be linked to either."""
    owner: dict[tuple[str, str], str] = {}
    for pattern in patterns:
        key = (pattern.lang, _normalise(pattern.form))
        if key in owner and owner[key] != pattern.place_id:
            raise ValueError(
                f"the name {pattern.form!r} ({pattern.lang}) belongs to both {owner[key]!r} and {pattern.place_id!r}; "
                "keep it on one of them in data/gazetteer.csv or data/places.csv",
            )
        owner[key] = pattern.place_id


def _longest_first(candidates: list[Mention], index: PlaceIndex) -> list[Mention]:
    """Return the candidates that survive overlap: longest first, then island over group over chain."""
    kind_rank = {"island": 0, "group": 1, "chain": 2}
    ordered = sorted(
        candidates,
        key=lambda m: (-(m.end - m.start), kind_rank[index.places[m.place_id].kind], METHODS.index(m.method), m.start),
    )
    # One byte per character of the text, set where a kept mention lies: checking a candidate costs its own
    # length, not the number kept, so a text of 200,000 mentions links in linear time.
    taken = bytearray(max((mention.end for mention in candidates), default=0))
    kept: list[Mention] = []
    for mention in ordered:
        if taken.find(1, mention.start, mention.end) == -1:
            taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
            kept.append(mention)
    return kept


# "..., Shikotan, and a group of small uninhabited islets": the phrase, right after the list. Up to three
# words of at most 30 letters may stand before "islets"; whitespace is _SPACE, at most MAX_GAP characters.
_CONTEXT_EN = re.compile(
    rf"{_OPTIONAL_SPACE},?{_OPTIONAL_SPACE}(?:and|as{_SPACE}well{_SPACE}as|plus){_SPACE}"
    rf"(?P<phrase>(?:a|the){_SPACE}(?:group|cluster|handful|chain|string){_SPACE}of{_SPACE}"
    rf"(?:[a-z-]{{1,30}}+{_SPACE}){{0,3}}?(?:islets|islands|isles|rocks))\b",
    re.IGNORECASE,
)
_CONTEXT_RU = re.compile(
    rf"{_OPTIONAL_SPACE},?{_OPTIONAL_SPACE}(?:и|а{_SPACE}также){_SPACE}"
    rf"(?P<phrase>(?:групп|гряд)[аыуеой]{{1,2}}{_SPACE}(?:\w{{1,30}}+{_SPACE}){{0,3}}?(?:островов|островков|скал))(?!\w)",
    re.IGNORECASE,
)
# What may stand between two names of a list, matched whole (fullmatch) and only if at most MAX_GAP long.
_LIST_GAP = re.compile(r"\s*+(?:[,、・]|and|и)?\s*+", re.IGNORECASE)
_CONTEXT_ANCHORS = frozenset({"iturup", "kunashir", "shikotan"})


def _is_list_gap(text: str, start: int, end: int) -> bool:
    """Return True if ``text[start:end]`` may join two names of one list: short, and whitespace, a comma or "and"."""
    return end - start <= MAX_GAP and _LIST_GAP.fullmatch(text, start, end) is not None


def _context_mentions(text: str, mentions: list[Mention], lang: str | None) -> list[Mention]:
    """Return Habomai mentions made by context: a group-of-islets phrase closing a list of the other southern islands.

    Narrow on purpose: the phrase must directly follow a list (joined only by
    commas or "and", see :func:`_is_list_gap`) naming at least two of Iturup,
    Kunashir and Shikotan, and the list must not already name Habomai or one
    of its islets.
    """
    rules = [rule for code, rule in (("en", _CONTEXT_EN), ("ru", _CONTEXT_RU)) if lang in (None, code)]
    ordered = sorted(mentions, key=lambda mention: mention.start)
    ends = [mention.end for mention in ordered]  # sorted too: the mentions do not overlap
    found: list[Mention] = []
    # One pass: the list ending here is the one ending at the previous mention, if only a list gap lies between.
    listed: set[str] = set()  # which of Iturup, Kunashir and Shikotan the list ending at the current mention names
    lists_another = False  # whether that list names another place too
    for position, last in enumerate(ordered):
        if position == 0 or not _is_list_gap(text, ordered[position - 1].end, last.start):
            listed, lists_another = set(), False
        if last.place_id in _CONTEXT_ANCHORS:
            listed.add(last.place_id)
        else:
            lists_another = True
        if len(listed) < 2 or lists_another:
            continue
        for rule in rules:
            match = rule.match(text, last.end)
            if match and not _overlaps(ordered, ends, match.start("phrase"), match.end()):
                found.append(Mention(
                    match.start("phrase"), match.end("phrase"), match["phrase"], "habomai", "context", CONTEXT_CONFIDENCE,
                ))
                break
    return found


def _overlaps(ordered: Sequence[Mention], ends: Sequence[int], start: int, end: int) -> bool:
    """Return True if [start, end) overlaps one of ``ordered``: sorted, non-overlapping mentions whose ends are ``ends``."""
    first_ending_after = bisect.bisect_right(ends, start)
    return first_ending_after < len(ordered) and ordered[first_ending_after].start < end
