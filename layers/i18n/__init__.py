"""The interface's words in English, Russian and Japanese: one catalogue for Python and JavaScript alike.

The catalogue is JSON (``layers/i18n/catalogue/*.json``, one namespace): each key holds its text in the three
languages side by side, so a reviewer reads the three at once, which matters when the words are the dispute,
and so a text missing in one language shows in the diff. JSON rather than gettext because the same file must
reach the export's script, which has no gettext, and the app's Python, unchanged: the export carries the
catalogue (:func:`client_catalogue`) and its script fills the same placeholders the same way.

* A text is a string with ``{name}`` placeholders, or, where it counts something, a dict of CLDR plural
  categories (``one``, ``few``, ``many``, ``other``). Python picks the category with Babel, the browser with
  ``Intl.PluralRules``: both follow CLDR, and a browser test checks they agree.
* Numbers and dates are written the way each locale writes them (Babel here, ``Intl`` in the browser):
  ``3 168,0`` in Russian, ``2025年7月15日`` in Japanese.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from geo.languages import DEFAULT_LANGUAGE, LANGUAGES, check_language

__all__ = [
    "CATALOGUE_DIR",
    "CatalogueError",
    "LOCALES",
    "PLACEHOLDER",
    "bcp47",
    "catalogue",
    "client_catalogue",
    "fill",
    "format_date",
    "format_number",
    "plural_category",
    "text",
]

CATALOGUE_DIR: Final = Path(__file__).resolve().parent / "catalogue"

#: The locale each interface language formats numbers, dates and plurals with (Babel's names; ``bcp47`` for the browser).
LOCALES: Final = {"en": "en_GB", "ru": "ru_RU", "ja": "ja_JP"}

#: A placeholder: ``{name}``, a short identifier. Bounded, so no text can slow the pattern down.
PLACEHOLDER: Final = re.compile(r"\{([A-Za-z][A-Za-z0-9_]{0,40})\}")
PLURAL_CATEGORIES: Final = ("zero", "one", "two", "few", "many", "other")


class CatalogueError(ValueError):
    """The catalogue is malformed or lacks a text; the message names the key, the language and the file."""


def bcp47(lang: str) -> str:
    """Return the browser's locale tag of an interface language (``ru`` → ``ru-RU``), as ``Intl`` takes it."""
    return LOCALES[check_language(lang)].replace("_", "-")


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.json")):
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise CatalogueError(f"{path.name}: cannot be read as UTF-8 JSON ({err})") from err
        if not isinstance(entries, dict):
            raise CatalogueError(f"{path.name}: expected an object of keys")
        for key, entry in entries.items():
            if key.startswith("_"):
                continue  # a comment
            if key in merged:
                raise CatalogueError(f"{path.name}: key {key!r} is defined twice in the catalogue")
            if not isinstance(entry, dict):
                raise CatalogueError(f"{path.name}: {key!r} must map each language to its text")
            merged[key] = entry
    return merged


def catalogue() -> dict[str, dict[str, Any]]:
    """Return every key's texts, by language (read once; the files ship with the code)."""
    return _catalogue()


def plural_category(count: float, lang: str) -> str:
    """Return the CLDR plural category of ``count`` in ``lang`` (``one``, ``few``, ``many``, ``other``…).

    >>> [plural_category(n, "ru") for n in (1, 3, 5, 21)]
    ['one', 'few', 'many', 'one']
    """
    return Locale.parse(LOCALES[check_language(lang)]).plural_form(abs(count))


def format_number(value: float, lang: str, decimals: int | None = None) -> str:
    """Return ``value`` written as ``lang``'s locale writes numbers; ``decimals`` fixes the digits after the point.

    >>> format_number(3168, "ru", 1).replace("\\u00a0", " ")
    '3 168,0'
    """
    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[check_language(lang)])


def format_date(value: dt.date, lang: str) -> str:
    """Return a date as ``lang``'s locale writes it in full (``15 July 2025``, ``15 июля 2025 г.``, ``2025年7月15日``)."""
    return babel_format_date(value, format="long", locale=LOCALES[check_language(lang)])


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(value, lang)
    return str(value)


def fill(template: str, values: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """Return ``template`` with each ``{name}`` replaced by its value, in one pass (a value holding ``{x}`` stays as
    it is); numbers are written in ``lang``'s locale. The export's script fills texts the same way.

    >>> fill("{count} of {total}", {"count": 1200, "total": "{total}"})
    '1,200 of {total}'
    """
    def value_of(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise CatalogueError(f"no value for the placeholder {{{name}}} in {template!r}")
        return _shown(values[name], lang)

    return PLACEHOLDER.sub(value_of, template)


def _entry_text(key: str, lang: str, count: float | None) -> str:
    entry = catalogue().get(key)
    if entry is None:
        raise CatalogueError(f"the catalogue has no text {key!r}; add it to a file of {CATALOGUE_DIR.name}/")
    found = entry.get(lang)
    if found is None:
        raise CatalogueError(f"the catalogue's {key!r} has no {lang!r} text")
    if isinstance(found, dict):
        if count is None:
            raise CatalogueError(f"the catalogue's {key!r} has plural forms: give it a count")
        return found.get(plural_category(count, lang)) or found["other"]
    return str(found)


def text(key: str, lang: str, /, **values: Any) -> str:
    """Return the catalogue's text ``key`` in ``lang``, its placeholders filled (a ``count`` picks the plural form).

    >>> text("panel.excerpts", "ru", count=3)
    '3 отрывка'
    """
    check_language(lang)
    count = values.get("count")
    return fill(_entry_text(key, lang, count if isinstance(count, (int, float)) else None), values, lang)


def client_catalogue(prefixes: Iterable[str] = ("map.", "panel.", "export.", "common.")) -> dict[str, dict[str, Any]]:
    """Return, per language, the texts whose keys start with one of ``prefixes``: what a page's script needs.

    Plural entries stay dicts of categories: the script picks one with ``Intl.PluralRules``.
    """
    prefixes = tuple(prefixes)
    chosen = {key: entry for key, entry in catalogue().items() if key.startswith(prefixes)}
    return {lang: {key: entry[lang] for key, entry in chosen.items() if lang in entry} for lang in LANGUAGES}


def texts_for(lang: str) -> "Texts":
    """Return a :class:`Texts` bound to ``lang``: ``t = texts_for("ja"); t("app.title")``."""
    return Texts(check_language(lang))


class Texts:
    """The catalogue in one language, called like a function: ``t("panel.excerpts", count=3)``."""

    __slots__ = ("lang",)

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, /, **values: Any) -> str:
        return text(key, self.lang, **values)

    def number(self, value: float, decimals: int | None = None) -> str:
        return format_number(value, self.lang, decimals)

    def date(self, value: dt.date) -> str:
        return format_date(value, self.lang)

    def __repr__(self) -> str:
        return f"Texts({self.lang!r})"
