"""Messages about articles in the reader's language: why a file was skipped, an upload refused, the store unreadable.

``geo`` raises its errors with an English message (for the command line, logs and ``str(err)``) and, beside
it, a stable ``code`` and plain ``params`` (``geo.articles.CODES``, ``geo.store.write.CODES``,
``geo.store.db.CODES``). Here a code becomes its catalogue text (``catalogue/articles.json``):

* ``article.<code>``: why a file is not an article (a reason, shown after the file's name: ``article.problem``);
* ``upload.<code>``: why an article was refused (its id or text is stored already, a quota is reached);
* ``store.<code>``: why the article store cannot be read, with the command that rebuilds it.

A reader never gets an exception from here: an unknown code, language or a text the params cannot fill gives
the English message instead. Nor a path: a name the params hold is shown by its last part only.

>>> from geo.articles import ArticleProblem
>>> message_of(ArticleProblem("notes.txt", "file is empty (0 bytes); …", code="empty"), "ru")
'notes.txt: файл пуст (0 байт); вставьте в него текст статьи или удалите его'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from geo import articles
from geo.store import db, write
from layers.i18n import CatalogueError, text

__all__ = ["CODE_KEYS", "key_of", "message_of", "problem_text"]

#: The catalogue key of every code ``geo`` raises: codes are unique across the three registries.
CODE_KEYS: Final[dict[str, str]] = {
    **{code: f"article.{code}" for code in articles.CODES},
    **{code: f"upload.{code}" for code in write.CODES},
    **{code: f"store.{code}" for code in db.CODES},
}

#: Params that name a file: shown by their last part, should one ever hold a path.
_NAME_PARAMS: Final = frozenset({"file", "other", "store"})
#: Params in the system's or SQLite's own words, where a path could hide: any absolute path in them is cut to its last part.
_DETAIL_PARAMS: Final = frozenset({"detail"})
_ABSOLUTE_PATH = re.compile(r"(?:^|(?<=[\s'\"(]))(?:[A-Za-z]:)?[\\/](?:[^\s\\/'\"]{1,255}[\\/]){1,64}(?=[^\s\\/'\"])")


def key_of(code: str) -> str | None:
    """Return the catalogue key of an error's ``code`` (``"empty"`` → ``"article.empty"``), or None if unknown."""
    return CODE_KEYS.get(code)


def problem_text(code: str, params: Mapping[str, Any] | None, lang: str, fallback: str) -> str:
    """Return the catalogue's text for ``code`` in ``lang``, filled from ``params``; ``fallback`` (the English
    message) when the code or language is unknown or the params do not fill the text.

    For a code of ``geo.articles.CODES`` this is the reason alone, as ``ArticleProblem.reason`` is; the file's
    name goes before it (:func:`message_of`).
    """
    key = key_of(code) if isinstance(code, str) else None
    if key is None:
        return fallback
    try:
        return text(key, lang, **_values(params or {}, lang))
    except (CatalogueError, ValueError, TypeError, KeyError):  # a language the map does not speak is a ValueError
        return fallback


def message_of(obj: Any, lang: str) -> str:
    """Return what a reader is told of ``obj`` in ``lang``: an ``ArticleProblem`` or ``ArticleError``
    (``"<file>: <reason>"``), a ``Refused``/``QuotaReached`` or a ``StoreError`` (its message); ``str(obj)`` for
    anything else, or whenever the catalogue cannot say it."""
    if isinstance(obj, articles.ArticleError):
        obj = obj.problem()
    if isinstance(obj, articles.ArticleProblem):
        reason = problem_text(obj.code, obj.params, lang, obj.reason)
        try:
            return text("article.problem", lang, file=_name(obj.file_name), reason=reason)
        except (CatalogueError, ValueError):
            return obj.message
    if isinstance(obj, (write.Refused, db.StoreError)):
        return problem_text(obj.code, obj.params, lang, str(obj))
    return str(obj)


def _values(params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Return the values a text is filled with: names without paths, a stored article described in ``lang``."""
    values: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, Mapping):
            value = _stored_article(value, lang)
        elif isinstance(value, str) and name in _NAME_PARAMS:
            value = _name(value)
        elif isinstance(value, str) and name in _DETAIL_PARAMS:
            value = _ABSOLUTE_PATH.sub("", value)
        values[str(name)] = value
    return values


def _stored_article(article: Mapping[str, Any], lang: str) -> str:
    """Return how a refusal names the stored article it clashes with (``upload.stored.<origin>``)."""
    origin = article.get("origin")
    if origin not in db.ORIGINS:
        raise KeyError(f"no text for an article of origin {origin!r}")
    values = {name: _name(str(value)) if name == "file" else value for name, value in article.items()}
    return text(f"upload.stored.{origin}", lang, **values)


def _name(value: str) -> str:
    """Return a file's name without any folder a path gave it (``/srv/map/var/a.sqlite3`` → ``a.sqlite3``)."""
    if re.match(r"^(?:[A-Za-z]:)?[\\/]|^~", value):
        return re.split(r"[\\/]", value.rstrip("\\/"))[-1] or value
    return value
