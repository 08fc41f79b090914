"""The map's three languages, and reading a text field of a data entry in one of them.

Curated data holds each text once per language, beside each other: ``title_en``, ``title_ru``, ``title_ja``
(``data/views.json``, ``history.json``, ``tour.json``). :func:`localized` is the one way to read such a field,
and :func:`missing_languages` the one check the loaders make, so a text missing in one language is named at
load time, never shown as a blank or silently in English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

#: The languages of the interface, of the data's texts and of articles, in the order the map lists them.
LANGUAGES: Final = ("en", "ru", "ja")
DEFAULT_LANGUAGE: Final = "en"


class UnknownLanguageError(ValueError):
    """A language code the map does not speak; the message lists those it does."""


def check_language(lang: str) -> str:
    """Return ``lang`` if the map speaks it; raise :class:`UnknownLanguageError` naming the choices otherwise."""
    if lang not in LANGUAGES:
        raise UnknownLanguageError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


def localized(entry: Mapping[str, Any], field: str, lang: str) -> str:
    """Return ``entry[f"{field}_{lang}"]``: a text of a data entry in ``lang`` ("" when the entry has no such text).

    >>> localized({"title_en": "Today", "title_ja": "現在"}, "title", "ja")
    '現在'
    """
    value = entry.get(f"{field}_{check_language(lang)}")
    return "" if value is None else str(value)


def missing_languages(entry: Mapping[str, Any], fields: Iterable[str]) -> list[str]:
    """Return the ``field_lang`` keys of ``fields`` that ``entry`` lacks or leaves empty, while it has the English one.

    A field absent in English too is not a translation gap (the field is optional for this entry).

    >>> missing_languages({"title_en": "Today", "title_ru": "Сегодня", "title_ja": ""}, ["title"])
    ['title_ja']
    """
    missing = []
    for field in fields:
        if not str(entry.get(f"{field}_en") or "").strip():
            continue
        missing += [f"{field}_{lang}" for lang in LANGUAGES[1:] if not str(entry.get(f"{field}_{lang}") or "").strip()]
    return missing
