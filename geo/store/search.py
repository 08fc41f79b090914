"""Search terms to SQL: what a reader types in a search box, as a safe filter on the excerpts' full-text index.

The index (FTS5 with the trigram tokenizer) finds substrings, so Japanese, which has no spaces between
words, is searched like any other text. Text and terms are folded alike (:func:`fold`), so "КУНАШИР",
"кунашир" and "Кунашир" find each other, and "е" finds "ё". Every term must appear. A term of three
characters or more uses the index; a shorter one (国後, "Io") is checked with ``instr`` on the folded text.
Terms are always bound parameters or quoted FTS5 strings: nothing a reader types becomes SQL or FTS syntax.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: At most this many characters of a query are read, and this many terms: a search box, not a document.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
_TRIGRAM = 3


def fold(text: str) -> str:
    """Return ``text`` as the index holds it: NFKC-normalised, case-folded, "ё" as "е"."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def terms(query: str | None) -> list[str]:
    """Return the distinct folded terms of ``query`` (split on whitespace), at most :data:`MAX_TERMS`."""
    found: list[str] = []
    for term in fold((query or "")[:MAX_QUERY_CHARS]).split():
        if term not in found:
            found.append(term)
    return found[:MAX_TERMS]


@dataclass(frozen=True)
class Filter:
    """A SQL condition on an excerpt id column and its parameters; empty when the query has no terms."""

    sql: str
    params: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.sql)


def excerpt_filter(query: str | None, column: str = "e.id") -> Filter:
    """Return the condition "``column`` is an excerpt containing every term of ``query``"."""
    found = terms(query)
    if not found:
        return Filter("", ())
    long_terms = [term for term in found if len(term) >= _TRIGRAM]
    short_terms = [term for term in found if len(term) < _TRIGRAM]
    conditions, params = [], []
    if long_terms:
        conditions.append("excerpt_search MATCH ?")
        params.append(" AND ".join(_fts_string(term) for term in long_terms))
    for term in short_terms:
        conditions.append("instr(folded, ?) > 0")
        params.append(term)
    return Filter(f"{column} IN (SELECT rowid FROM excerpt_search WHERE {' AND '.join(conditions)})", tuple(params))


def article_filter(query: str | None) -> Filter:
    """Return the condition "article ``a`` has every term of ``query`` in its title or in one of its excerpts"."""
    found = terms(query)
    conditions, params = [], []
    for term in found:
        inner = excerpt_filter(term, "e.id")
        conditions.append(
            f"(instr(a.title_folded, ?) > 0 OR a.id IN (SELECT e.article_id FROM excerpts e WHERE {inner.sql}))"
        )
        params += [term, *inner.params]
    return Filter(" AND ".join(conditions), tuple(params))


def _fts_string(term: str) -> str:
    """Return ``term`` as an FTS5 string: in double quotes, each quote doubled (so no FTS5 operator survives)."""
    return '"' + term.replace('"', '""') + '"'
