"""Reading the store: an island's excerpts a page at a time, the article list, single excerpts, whole exports.

Every list comes in THE panel order (``geo.linking.excerpts_for``): how closely the excerpt refers to the
island (naming it, its group, the chain), then newest article first (undated last), then article id and
paragraph number. Excerpts come back as ``geo.linking.LinkedExcerpt`` rebuilt from the stored mentions, so
the layers show them exactly as they show freshly linked ones. Their ``article`` carries the header fields;
its ``excerpts`` are those that were read with it (one page's worth, not necessarily all).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.articles import Article, ArticleProblem, Excerpt
from geo.linking import RELATIONS, LinkedExcerpt, Mention
from geo.store.db import Store, load_params
from geo.store.search import article_filter, excerpt_filter

#: Excerpts (or articles) shown per page of a panel, in the app and in the export; "More" adds as many again.
PAGE_SIZE = 10

_ORDER = "ei.relation, ei.date_key DESC, ei.article_id, ei.number"  # the primary key of excerpt_islands
_NEWEST = "a.date IS NULL, a.date DESC, a.id"
_ARTICLE_COLUMNS = "a.id, a.file_name, a.title, a.source, a.date, a.url, a.language, a.encoding"
# An article's header, then where it came from and how many excerpts it has: the row of a StoredArticle (_stored).
_STORED_COLUMNS = (
    f"{_ARTICLE_COLUMNS}, a.origin, a.owner, a.added_at, a.size_bytes, a.linked_with, "
    "(SELECT count(*) FROM excerpts e WHERE e.article_id = a.id)"
)


@dataclass(frozen=True)
class ExcerptPage:
    """One page of an island's excerpts: ``items`` with their relation, the ``total`` matching, and per language
    how many match the query (whatever the language filter), for the filter's choices."""

    items: list[tuple[LinkedExcerpt, str]]
    total: int
    languages: dict[str, int]
    page: int
    page_size: int

    @property
    def shown(self) -> int:
        """Return how many excerpts the pages up to this one hold."""
        return min(self.total, self.page * self.page_size)


@dataclass(frozen=True)
class StoredArticle:
    """An article's header as stored, with where it came from; ``excerpt_count`` is how many paragraphs it has."""

    article: Article
    origin: str
    owner: str | None
    added_at: str
    size_bytes: int
    excerpt_count: int
    linked_with: str


@dataclass(frozen=True)
class ArticlePage:
    """One page of the article list, newest first: ``items``, the ``total`` matching and the per-language counts."""

    items: list[StoredArticle]
    total: int
    languages: dict[str, int]
    page: int
    page_size: int


def excerpts_for_island(
    store: Store, island_id: str, page: int = 1, language: str | None = None, query: str | None = None,
    page_size: int = PAGE_SIZE,
) -> ExcerptPage:
    """Return page ``page`` (from 1) of the excerpts referring to ``island_id``, in the panel order.

    ``language`` keeps one language's articles; ``query`` keeps excerpts containing every term (``search``).
    """
    page, page_size = max(1, int(page)), max(1, int(page_size))
    found = excerpt_filter(query, "ei.excerpt")
    where = "ei.island_id = ?" + (f" AND {found.sql}" if found else "")
    params: tuple = (island_id, *found.params)
    with store.connect() as connection:
        languages = dict(connection.execute(
            f"SELECT ei.language, count(*) FROM excerpt_islands ei WHERE {where} GROUP BY ei.language", params
        ))
        total = sum(languages.values()) if not language else languages.get(language, 0)
        chosen, chosen_params = (" AND ei.language = ?", (language,)) if language else ("", ())
        rows = connection.execute(
            f"SELECT ei.excerpt, ei.relation FROM excerpt_islands ei WHERE {where}{chosen} ORDER BY {_ORDER} "
            "LIMIT ? OFFSET ?",
            (*params, *chosen_params, page_size, (page - 1) * page_size),
        ).fetchall()
        linked = _linked(connection, [row[0] for row in rows])
    items = [(linked[excerpt_id], RELATIONS[relation]) for excerpt_id, relation in rows]
    return ExcerptPage(items, total, languages, page, page_size)


def island_total(store: Store, island_id: str) -> int:
    """Return how many excerpts refer to ``island_id`` at all (one range of an index)."""
    with store.connect() as connection:
        return connection.execute("SELECT count(*) FROM excerpt_islands WHERE island_id = ?", (island_id,)).fetchone()[0]


def articles_page(
    store: Store, page: int = 1, language: str | None = None, query: str | None = None, page_size: int = PAGE_SIZE,
    *, origin: str | None = None, owner: str | None = None,
) -> ArticlePage:
    """Return page ``page`` (from 1) of the stored articles, newest first; ``query`` searches titles and text.

    ``origin`` and ``owner`` narrow the list to, say, the uploads of one session.
    """
    page, page_size = max(1, int(page)), max(1, int(page_size))
    found = article_filter(query)
    conditions, params = [], []
    if found:
        conditions.append(found.sql)
        params += found.params
    if origin:
        conditions.append("a.origin = ?")
        params.append(origin)
    if owner:
        conditions.append("a.owner = ?")
        params.append(owner)
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    with store.connect() as connection:
        languages = dict(connection.execute(f"SELECT a.language, count(*) FROM articles a{where} GROUP BY a.language", params))
        total = sum(languages.values()) if not language else languages.get(language, 0)
        if language:
            where += (" AND " if where else " WHERE ") + "a.language = ?"
            params.append(language)
        rows = connection.execute(
            f"SELECT {_STORED_COLUMNS} FROM articles a{where} ORDER BY {_NEWEST} LIMIT ? OFFSET ?",
            (*params, page_size, (page - 1) * page_size),
        ).fetchall()
    return ArticlePage([_stored(row) for row in rows], total, languages, page, page_size)


def article_excerpts(store: Store, article_id: str) -> list[LinkedExcerpt]:
    """Return every excerpt of one article, in paragraph order (empty for an unknown id)."""
    with store.connect() as connection:
        ids = [row[0] for row in connection.execute(
            "SELECT id FROM excerpts WHERE article_id = ? ORDER BY number", (article_id,)
        )]
        linked = _linked(connection, ids)
    return [linked[excerpt_id] for excerpt_id in ids]


def excerpts_by_id(store: Store, excerpt_ids: Sequence[str]) -> dict[str, LinkedExcerpt]:
    """Return the excerpts whose ids (``"<article id>#p<number>"``) are given; unknown ids are left out."""
    wanted = [parts for parts in map(Excerpt.split_id, excerpt_ids) if parts]
    if not wanted:
        return {}
    with store.connect() as connection:
        ids = []
        for article_id, number in wanted:
            row = connection.execute(
                "SELECT id FROM excerpts WHERE article_id = ? AND number = ?", (article_id, number)
            ).fetchone()
            if row:
                ids.append(row[0])
        linked = _linked(connection, ids)
    return {item.excerpt.id: item for item in linked.values()}


def stored_article(store: Store, article_id: str) -> Article | None:
    """Return an article with all its excerpts as stored, or None."""
    with store.connect() as connection:
        row = connection.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        excerpts = tuple(
            Excerpt.of(article_id, number, text)
            for number, text in connection.execute(
                "SELECT number, text FROM excerpts WHERE article_id = ? ORDER BY number", (article_id,)
            )
        )
    return _article(row, excerpts)


def stored_info(store: Store, article_id: str) -> StoredArticle | None:
    """Return an article's header and where it came from, or None."""
    with store.connect() as connection:
        row = connection.execute(
            f"SELECT {_STORED_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)
        ).fetchone()
    return _stored(row) if row else None


def linked_articles(
    store: Store, *, since: dt.date | None = None, until: dt.date | None = None, language: str | None = None,
    limit: int | None = None,
) -> list[LinkedExcerpt]:
    """Return every excerpt of the articles chosen (newest first, at most ``limit`` articles), for an export.

    ``since``/``until`` keep articles dated within the range (inclusive; undated ones are left out by either).
    """
    conditions, params = [], []
    if since:
        conditions.append("a.date >= ?")
        params.append(since.isoformat())
    if until:
        conditions.append("a.date <= ?")
        params.append(until.isoformat())
    if language:
        conditions.append("a.language = ?")
        params.append(language)
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    with store.connect() as connection:
        article_ids = [row[0] for row in connection.execute(
            f"SELECT a.id FROM articles a{where} ORDER BY {_NEWEST}" + (" LIMIT ?" if limit is not None else ""),
            (*params, *((limit,) if limit is not None else ())),
        )]
        order = {article_id: position for position, article_id in enumerate(article_ids)}
        connection.execute("CREATE TEMP TABLE chosen(id TEXT PRIMARY KEY)")
        connection.executemany("INSERT INTO chosen VALUES (?)", [(article_id,) for article_id in article_ids])
        ids = [row[0] for row in connection.execute(
            "SELECT e.id FROM excerpts e JOIN chosen c ON c.id = e.article_id"
        )]
        linked = _linked(connection, ids)
    return sorted(linked.values(), key=lambda item: (order[item.article.id], item.excerpt.number))


def counts(store: Store) -> dict[str, int]:
    """Return how many articles (by origin), excerpts and mentions the store holds, and its file's size in bytes."""
    with store.connect() as connection:
        by_origin = dict(connection.execute("SELECT origin, count(*) FROM articles GROUP BY origin"))
        excerpts = connection.execute("SELECT count(*) FROM excerpts").fetchone()[0]
        mentions = connection.execute("SELECT count(*) FROM mentions").fetchone()[0]
    size = sum(Path(f"{store.path}{suffix}").stat().st_size
               for suffix in ("", "-wal") if Path(f"{store.path}{suffix}").exists())
    return {"articles": sum(by_origin.values()), **{f"from {origin}": n for origin, n in sorted(by_origin.items())},
            "excerpts": excerpts, "mentions": mentions, "bytes": size}


def seed_problems(store: Store) -> list[ArticleProblem]:
    """Return the seed files the last sync could not store, and why (as :func:`geo.store.sync_folder` reported),
    each with its code and params."""
    with store.connect() as connection:
        rows = connection.execute(
            "SELECT name, problem, problem_code, problem_params FROM seed_files WHERE problem IS NOT NULL ORDER BY name"
        ).fetchall()
    return [ArticleProblem(name, problem, code=code or "", params=load_params(params)) for name, problem, code, params in rows]


def _article(row: Sequence, excerpts: tuple[Excerpt, ...] = ()) -> Article:
    article_id, file_name, title, source, date, url, language, encoding = row[:8]
    return Article(
        id=article_id, file_name=file_name, title=title, source=source,
        date=dt.date.fromisoformat(date) if date else None, url=url, language=language, encoding=encoding,
        excerpts=excerpts,
    )


def _stored(row: Sequence) -> StoredArticle:
    origin, owner, added_at, size_bytes, linked_with, excerpt_count = row[8:14]
    return StoredArticle(_article(row), origin, owner, added_at, size_bytes, excerpt_count, linked_with)


def _linked(connection: sqlite3.Connection, excerpt_ids: Sequence[int]) -> dict[int, LinkedExcerpt]:
    """Return the stored excerpts with these row ids as linked excerpts, keyed by row id.

    CROSS JOIN keeps SQLite's planner from scanning the big tables for the few ids wanted: it fixes the loop order,
    so each lookup goes through an index.
    """
    if not excerpt_ids:
        return {}
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS wanted(id INTEGER PRIMARY KEY)")
    connection.execute("DELETE FROM wanted")
    connection.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", [(excerpt_id,) for excerpt_id in excerpt_ids])
    rows = connection.execute(
        f"SELECT e.id, e.number, e.text, {_ARTICLE_COLUMNS} FROM wanted w CROSS JOIN excerpts e ON e.id = w.id "
        "CROSS JOIN articles a ON a.id = e.article_id"
    ).fetchall()
    mentions: dict[int, list[tuple]] = defaultdict(list)
    for excerpt_id, *mention in connection.execute(
        "SELECT m.excerpt, m.start, m.end, m.place_id, m.method, m.confidence FROM wanted w CROSS JOIN mentions m "
        "ON m.excerpt = w.id"
    ):
        mentions[excerpt_id].append(mention)
    relations: dict[int, dict[str, str]] = defaultdict(dict)
    for excerpt_id, island_id, relation in connection.execute(
        "SELECT ei.excerpt, ei.island_id, ei.relation FROM wanted w CROSS JOIN excerpt_islands ei ON ei.excerpt = w.id"
    ):
        relations[excerpt_id][island_id] = RELATIONS[relation]
    excerpt_of = {row[0]: Excerpt.of(row[3], row[1], row[2]) for row in rows}
    excerpts_of: dict[str, list[Excerpt]] = defaultdict(list)
    header_of: dict[str, Sequence] = {}
    for excerpt_id, _number, _text, *article_row in rows:
        excerpts_of[article_row[0]].append(excerpt_of[excerpt_id])
        header_of[article_row[0]] = article_row
    # Each article carries the excerpts read with it, in paragraph order.
    articles = {
        article_id: _article(header_of[article_id], tuple(sorted(excerpts, key=lambda e: e.number)))
        for article_id, excerpts in excerpts_of.items()
    }
    result: dict[int, LinkedExcerpt] = {}
    for excerpt_id, number, text, article_id, *_header in rows:
        found = tuple(sorted(
            (Mention(start, end, text[start:end], place_id, method, confidence)
             for start, end, place_id, method, confidence in mentions[excerpt_id]),
            key=lambda mention: mention.start,
        ))
        result[excerpt_id] = LinkedExcerpt(
            article=articles[article_id], excerpt=excerpt_of[excerpt_id],
            mentions=found, place_ids=frozenset(mention.place_id for mention in found),
            island_ids=frozenset(relations[excerpt_id]), relations=relations[excerpt_id],
        )
    return result
