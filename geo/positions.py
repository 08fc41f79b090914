"""Each side's position in its own words: ``data/positions.json``, checked on load.

Every statement is quoted verbatim in the language it was made in, with where it was read, its date and the day
it was read, and translated into the two other languages of the map, each translation marked as the ministry's
own (``"official"``, with its address) or the project's. Each side's terms are that side's words: a translation
may not use the other side's name for the islands unless the original does (:data:`SIDE_TERMS`), and every term a
statement lists under ``terms`` must appear in the original and in each translation.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo import paths
from geo.datafile import DataFileError, check_with, file_stamp, read_object
from geo.languages import LANGUAGES, check_language

#: The file's name in the data folder (``geo.paths.data_file``), looked up at each call.
POSITIONS_FILE = "positions.json"

SIDES = ("JP", "RU")
TRANSLATORS = ("official", "project")
REQUIRED = ("id", "side", "speaker", "language", "text", "url", "title", "date", "accessed", "translations")

#: Each side's own name for the disputed islands, per language. A translation of one side's statement that uses
#: the other side's name (when its original does not) has swapped the speaker's words for the other side's.
SIDE_TERMS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "JP": {"en": ("Northern Territories",), "ru": ("Северные территории", "Северных территорий"), "ja": ("北方領土",)},
    "RU": {"en": ("Southern Kuril",), "ru": ("Южные Курил", "Южных Курил"), "ja": ("南クリル",)},
}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class PositionsError(DataFileError):
    """``data/positions.json`` is malformed; the message names the statement and what to fix."""


def _contains(text: str, term: str) -> bool:
    return term.casefold() in text.casefold()


def _check_statement(statement: dict[str, Any], number: int) -> None:
    name = f"statement {number} ({statement.get('id', 'no id')!r})"
    missing = [key for key in REQUIRED if key not in statement]
    if missing:
        raise PositionsError(f"{name} lacks {missing}; every statement needs {list(REQUIRED)}")
    if statement["side"] not in SIDES:
        raise PositionsError(f"{name}: unknown side {statement['side']!r}; choose one of {', '.join(SIDES)}")
    original = statement["language"]
    if original not in LANGUAGES:
        raise PositionsError(f"{name}: language {original!r} is not one of the map's languages ({', '.join(LANGUAGES)})")
    for key in ("id", "speaker", "speaker_ru", "speaker_ja", "text", "title"):
        if not isinstance(statement.get(key), str) or not statement[key].strip():
            raise PositionsError(f"{name}: {key!r} is empty; quote the statement, its speaker (named in each language) "
                                 "and its title as published")
    if not str(statement["url"]).startswith(("https://", "http://")):
        raise PositionsError(f"{name}: 'url' {statement['url']!r} is not a web address; give the page the text was read on")
    if not _DATE.fullmatch(str(statement["accessed"])):
        raise PositionsError(f"{name}: 'accessed' {statement['accessed']!r} is not a date (YYYY-MM-DD): the day the source was read")
    if statement["date"] == "":
        if not str(statement.get("date_note", "")).strip():
            raise PositionsError(f"{name}: no 'date'; give it (YYYY-MM-DD), or a 'date_note' saying why the source has none")
    elif not _DATE.fullmatch(str(statement["date"])):
        raise PositionsError(f"{name}: 'date' {statement['date']!r} is not a date (YYYY-MM-DD)")
    translations = statement["translations"]
    wanted = [lang for lang in LANGUAGES if lang != original]
    if not isinstance(translations, dict) or sorted(translations) != sorted(wanted):
        got = sorted(translations) if isinstance(translations, dict) else translations
        raise PositionsError(f"{name}: translations must be exactly into {wanted} (the original is {original!r}), got {got}")
    texts = {original: statement["text"]}
    for lang in wanted:
        translation = translations[lang]
        where = f"{name}, translation into {lang!r}"
        if not isinstance(translation, dict) or not str(translation.get("text", "")).strip():
            raise PositionsError(f"{where} has no 'text'")
        if translation.get("by") not in TRANSLATORS:
            raise PositionsError(f"{where}: 'by' is {translation.get('by')!r}; mark it {' or '.join(map(repr, TRANSLATORS))}")
        if translation["by"] == "official" and not str(translation.get("url", "")).startswith(("https://", "http://")):
            raise PositionsError(f"{where}: an official translation needs the 'url' the ministry publishes it at")
        texts[lang] = translation["text"]
    other = SIDES[1 - SIDES.index(statement["side"])]
    if not any(_contains(texts[original], term) for term in SIDE_TERMS[other][original]):
        for lang in wanted:
            swapped = [term for term in SIDE_TERMS[other][lang] if _contains(texts[lang], term)]
            if swapped:
                raise PositionsError(
                    f"{name}, translation into {lang!r}: uses {swapped[0]!r}, the other side's term, where the original does not; "
                    "keep the speaker's own words",
                )
    for term in statement.get("terms", []):
        if not isinstance(term, dict) or sorted(term) != sorted(LANGUAGES):
            raise PositionsError(f"{name}: each of 'terms' maps every language {list(LANGUAGES)} to the term's form in it, got {term!r}")
        for lang in LANGUAGES:
            if not _contains(texts[lang], term[lang]):
                which = "the original" if lang == original else f"the translation into {lang!r}"
                raise PositionsError(f"{name}: the term {term[original]!r} is rendered {term[lang]!r}, which {which} does not contain")


def _check(table: dict[str, Any]) -> None:
    statements = table["statements"]
    if not isinstance(statements, list) or not all(isinstance(entry, dict) for entry in statements):
        raise PositionsError("'statements' must be a list of objects")
    for number, statement in enumerate(statements, start=1):
        _check_statement(statement, number)
    ids = [statement["id"] for statement in statements]
    repeated = sorted({statement_id for statement_id in ids if ids.count(statement_id) > 1})
    if repeated:
        raise PositionsError(f"ids {repeated} are used twice")
    absent = [side for side in SIDES if side not in {statement["side"] for statement in statements}]
    if absent:
        raise PositionsError(f"no statement of {absent}; both sides' positions are shown, so each needs one")


@lru_cache(maxsize=4)
def _read(path: Path, _stamp: tuple[int, int]) -> dict[str, Any]:
    table = read_object(path, POSITIONS_FILE, ("statements",), PositionsError)
    check_with(path, POSITIONS_FILE, lambda: _check(table), PositionsError)
    return table


def positions(path: Path | str | None = None) -> list[dict[str, Any]]:
    """Return every statement of ``data/positions.json`` (a fresh copy), in file order: Japan's, then Russia's.

    Each is a dict with ``id``, ``side`` ("JP" or "RU"), ``speaker``, ``language`` (of the original), ``text``
    (verbatim), ``url`` (where it was read), ``title``, ``date`` ("" when the source has none: then ``date_note``
    says so), ``accessed``, ``translations`` ({lang: {"text", "by": "official" | "project", "url"?, "note"?}} for
    the two other languages) and optionally ``note``, ``also_read`` and ``terms``. A bad file raises
    :class:`PositionsError` (a ``DataFileError``) naming the file, the statement and the fix.
    """
    resolved = Path(path if path is not None else paths.data_file(POSITIONS_FILE)).resolve()
    return copy.deepcopy(_read(resolved, file_stamp(resolved))["statements"])


def in_language(statement: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Return the statement's text in ``lang``: ``{"lang", "text", "by", "url"}``; ``by`` is "original" for the original.

    >>> in_language({"language": "ru", "text": "Текст", "url": "https://x", "translations": {}}, "ru")["by"]
    'original'
    """
    check_language(lang)
    if lang == statement["language"]:
        return {"lang": lang, "text": statement["text"], "by": "original", "url": statement["url"]}
    translation = statement["translations"][lang]
    return {"lang": lang, "text": translation["text"], "by": translation["by"], "url": translation.get("url", "")}
