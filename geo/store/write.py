"""Putting articles into the store and taking them out: add, remove, sync a folder, re-link.

An article is parsed and linked once, when it enters the store; its excerpts, mentions and the islands
each excerpt refers to are written in the same transaction, so the store never holds half an article.
Refusals (an id or a text already stored, a quota reached) are :class:`Refused` errors whose message
names the article already there, and whose ``code`` and ``params`` say the same for a translation.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from geo import articles, linking, paths
from geo.articles import MAX_ARTICLE_BYTES, Article, ArticleError, ArticleProblem, parse_article, too_large, unreadable
from geo.gazetteer import GAZETTEER_FILE
from geo.linking import PLACES_FILE, RELATIONS, LinkedExcerpt, PlaceIndex, default_place_index, link_excerpt
from geo.store.db import ORIGINS, Store, dump_params, load_params
from geo.store.read import stored_article
from geo.store.search import fold

#: Files read per transaction by :func:`sync_folder`: an interrupted sync loses at most this many files' work.
SYNC_BATCH = 100

#: Why an article was refused, one stable code per reason (a :class:`Refused`'s ``code``; catalogue key
#: ``upload.<code>`` in ``layers.i18n``, whether the article came as an upload, a seed file or by the command line).
CODES = ("id_taken", "text_taken", "session_articles", "session_bytes", "total_quota")


class Refused(ValueError):
    """An article not stored, and why; ``existing`` is the id of the stored article it clashes with, if any.

    ``code`` (one of :data:`CODES`, "" when unknown) and ``params`` say the same as the English message for a
    translation: counts and limits, and for a clash ``article``, the stored article as ``{"id", "title",
    "origin", "file"}`` (its file name, never a path).
    """

    def __init__(self, message: str, existing: str | None = None, code: str = "", **params: Any) -> None:
        super().__init__(message)
        self.existing = existing
        self.code = code
        self.params = params


class QuotaReached(Refused):
    """An upload over a quota: too many articles or bytes, for one session or in total."""


@dataclass(frozen=True)
class Quota:
    """How much one owner (a reader's session) and all uploads together may add, in articles and bytes."""

    owner_articles: int = 20
    owner_bytes: int = 4_000_000
    total_articles: int = 1_000
    total_bytes: int = 100_000_000


#: The uploads' quota in the app.
UPLOAD_QUOTA = Quota()
#: The command that removes an article, named when the store holds as many uploads as it may.
REMOVE_COMMAND = "python -m geo.store remove"


@dataclass
class SyncReport:
    """What :func:`sync_folder` did: article ids added, updated and removed, files unchanged, and every problem."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    relinked: int = 0
    problems: list[ArticleProblem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.relinked)


class SeedFile(NamedTuple):
    """A file of the seeds folder as the last sync saw it: its stamp, the hash of its bytes, and what came of it."""

    name: str
    size: int
    mtime_ns: int
    file_hash: str
    article_id: str | None
    problem: str | None
    problem_kind: str | None  # "file" (cannot be an article) or "conflict" (its id or text is taken: tried again)
    problem_code: str | None
    problem_params: str | None  # JSON

    def settled(self) -> bool:
        """Return whether the file need not be tried again while its bytes stay the same (a clash may clear up)."""
        return self.problem_kind != "conflict"

    def as_problem(self) -> ArticleProblem | None:
        """Return the problem the file had when it was last read, with its code and params, or None."""
        if not self.problem:
            return None
        return ArticleProblem(self.name, self.problem, self.problem_code or "", load_params(self.problem_params))


_SEED_FILE_COLUMNS = ", ".join(SeedFile._fields)


def content_hash(article: Article) -> str:
    """Return the hash of what an article says (header fields and paragraphs), whatever its file name or encoding."""
    date = article.date.isoformat() if article.date else ""
    parts = [article.title, article.source, date, article.url, article.language, *(e.text for e in article.excerpts)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def linker_signature() -> str:
    """Return what linking depends on: the linker's version and the gazetteer and places files' bytes.

    Stored with every article, so a change to either file re-links what was linked with the old one.
    """
    version = linking.LINKER_VERSION
    digest = hashlib.sha256(f"linker {version}\n".encode())
    for name in (GAZETTEER_FILE, PLACES_FILE):
        digest.update(paths.data_file(name).read_bytes())
    return f"v{version}-{digest.hexdigest()[:16]}"


def add_article(
    store: Store,
    article: Article,
    *,
    origin: str,
    owner: str | None = None,
    size_bytes: int | None = None,
    quota: Quota | None = None,
    index: PlaceIndex | None = None,
) -> str:
    """Link ``article`` and store it; return its id.

    Raises :class:`Refused` when its id or its text is already stored (the message names that article) and
    :class:`QuotaReached` when ``quota`` would be exceeded by ``owner`` or by all uploads together. The checks
    and the insert are one transaction, so of two readers adding the same article at once exactly one succeeds.
    """
    if origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}; expected one of {', '.join(ORIGINS)}")
    size = size_bytes if size_bytes is not None else sum(len(e.text.encode("utf-8")) for e in article.excerpts)
    linked = _link(article, index)
    signature = linker_signature()
    with store.transaction() as connection:
        _refuse_clash(connection, article)
        if quota is not None:
            _check_quota(connection, quota, owner, size)
        _insert(connection, article, linked, origin=origin, owner=owner, size_bytes=size, signature=signature)
    return article.id


def add_file(store: Store, raw: bytes, name: str, **options) -> str:
    """Parse the bytes of a file called ``name`` and store the article (see :func:`add_article`).

    Raises ``ArticleError`` for a file that is not a readable article.
    """
    return add_article(store, parse_article(raw, name), size_bytes=len(raw), **options)


def remove_article(store: Store, article_id: str, *, owner: str | None = None) -> bool:
    """Remove an article and everything linked to it; with ``owner``, only if that owner added it. Return whether it was."""
    with store.transaction() as connection:
        if owner is None:
            cursor = connection.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        else:
            cursor = connection.execute("DELETE FROM articles WHERE id = ? AND owner = ?", (article_id, owner))
        return cursor.rowcount > 0


def relink(store: Store, *, everything: bool = False, index: PlaceIndex | None = None) -> int:
    """Re-link the stored articles linked with another gazetteer, places file or linker (all with ``everything``).

    Linking reads the stored excerpts, not the files: uploads and removed seeds are re-linked too. Return how many.
    """
    signature = linker_signature()
    index = default_place_index() if index is None else index
    with store.connect() as connection:
        sql = "SELECT id FROM articles" + ("" if everything else " WHERE linked_with != ?")
        stale = [row[0] for row in connection.execute(sql, () if everything else (signature,))]
    count = 0
    for article_id in stale:
        article = stored_article(store, article_id)
        if article is None:
            continue  # removed meanwhile
        linked = _link(article, index)
        with store.transaction() as connection:
            connection.execute(
                "DELETE FROM mentions WHERE excerpt IN (SELECT id FROM excerpts WHERE article_id = ?)", (article_id,)
            )
            connection.execute(
                "DELETE FROM excerpt_islands WHERE excerpt IN (SELECT id FROM excerpts WHERE article_id = ?)", (article_id,)
            )
            ids = dict(connection.execute("SELECT number, id FROM excerpts WHERE article_id = ?", (article_id,)))
            _insert_links(connection, [(ids[item.excerpt.number], item) for item in linked])
            connection.execute("UPDATE articles SET linked_with = ? WHERE id = ?", (signature, article_id))
        count += 1
    return count


def sync_folder(store: Store, folder: Path | str, *, index: PlaceIndex | None = None) -> SyncReport:
    """Make the store's ``seeds`` articles those of ``folder``: new and changed files linked, removed ones removed.

    A file whose size and modification time are as last seen is skipped without being read; one whose bytes
    are as last seen is not parsed again. Files are handled :data:`SYNC_BATCH` to a transaction, so an
    interrupted sync leaves a consistent store (and the next sync finishes the work). Stale links (another
    gazetteer or places file) are re-linked at the end. Files that cannot be articles are reported, not stored.
    """
    folder = Path(folder)
    index = default_place_index() if index is None else index  # once, not once per file
    if not folder.is_dir():
        raise NotADirectoryError(f"article folder {folder.name} does not exist or is not a folder")
    files, listing_problems = articles.article_files(folder)
    report = SyncReport(problems=list(listing_problems))
    with store.connect() as connection:
        seen = {row[0]: SeedFile(*row) for row in connection.execute(f"SELECT {_SEED_FILE_COLUMNS} FROM seed_files")}
    present = {path.name for path in files}
    gone = [name for name in seen if name not in present]
    if gone:
        with store.transaction() as connection:
            for name in gone:
                article_id = seen[name].article_id
                if article_id and connection.execute(
                    "DELETE FROM articles WHERE id = ? AND origin = 'seeds'", (article_id,)
                ).rowcount:
                    report.removed.append(article_id)
                connection.execute("DELETE FROM seed_files WHERE name = ?", (name,))

    signature = linker_signature() if files else ""
    for start in range(0, len(files), SYNC_BATCH):
        _sync_batch(store, files[start : start + SYNC_BATCH], seen, signature, index, report)
    report.relinked = relink(store, index=index)
    return report


class _SeedWork(NamedTuple):
    """A seed file to record: its article (or problem), or neither when only its stamp changed."""

    path: Path
    size: int
    mtime_ns: int
    file_hash: str
    article: Article | None
    problem: ArticleProblem | None

    @property
    def touched_only(self) -> bool:
        return self.article is None and self.problem is None


def _unchanged(report: SyncReport, known: SeedFile) -> None:
    """Count a file as unchanged, and report again the problem it had, if any."""
    report.unchanged += 1
    if (problem := known.as_problem()) is not None:
        report.problems.append(problem)


def _sync_batch(
    store: Store, files: Sequence[Path], seen: dict[str, SeedFile], signature: str, index: PlaceIndex,
    report: SyncReport,
) -> None:
    work: list[_SeedWork] = []
    for path in files:
        try:
            stat = path.stat()
        except OSError as err:
            report.problems.append(unreadable(path.name, err))
            continue
        known = seen.get(path.name)
        if known and (known.size, known.mtime_ns) == (stat.st_size, stat.st_mtime_ns) and known.settled():
            _unchanged(report, known)
            continue
        raw, problem, file_hash = _read_seed(path, stat.st_size)
        if known and known.file_hash == file_hash and known.settled():
            _unchanged(report, known)
            work.append(_SeedWork(path, stat.st_size, stat.st_mtime_ns, file_hash, None, None))
            continue
        article = None
        if raw is not None:
            try:
                article = parse_article(raw, path.name)
            except ArticleError as err:
                problem = err.problem()
        work.append(_SeedWork(path, stat.st_size, stat.st_mtime_ns, file_hash, article, problem))
    linked = {item.path.name: _link(item.article, index) for item in work if item.article is not None}
    if not work:
        return
    with store.transaction() as connection:
        for item in work:
            _record_seed(connection, item, linked.get(item.path.name, []), signature, report)


def _record_seed(
    connection: sqlite3.Connection, item: _SeedWork, linked: list[LinkedExcerpt], signature: str, report: SyncReport
) -> None:
    """Store one seed file's article in place of its previous one (or record why not), inside the batch's transaction."""
    name = item.path.name
    # Read again inside the transaction: another server syncing the same folder may have stored it meanwhile.
    row = connection.execute(f"SELECT {_SEED_FILE_COLUMNS} FROM seed_files WHERE name = ?", (name,)).fetchone()
    known = SeedFile(*row) if row else None
    if item.touched_only:
        connection.execute("UPDATE seed_files SET size = ?, mtime_ns = ? WHERE name = ?", (item.size, item.mtime_ns, name))
        return
    if known and known.file_hash == item.file_hash and known.settled():
        _unchanged(report, known)
        return
    old_id = known.article_id if known else None
    if old_id:
        connection.execute("DELETE FROM articles WHERE id = ? AND origin = 'seeds'", (old_id,))
    problem, kind, stored_id = item.problem, "file" if item.problem else None, None
    if item.article is not None:
        try:
            with _savepoint(connection):
                _refuse_clash(connection, item.article)
                _insert(connection, item.article, linked, origin="seeds", owner=None, size_bytes=item.size,
                        signature=signature)
            stored_id = item.article.id
            (report.updated if old_id else report.added).append(stored_id)
        except Refused as err:
            problem, kind = ArticleProblem(name, str(err), err.code, err.params), "conflict"
    if problem is not None:
        report.problems.append(problem)
        if old_id:
            report.removed.append(old_id)
    connection.execute(
        f"INSERT OR REPLACE INTO seed_files ({_SEED_FILE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (name, item.size, item.mtime_ns, item.file_hash, stored_id, problem.reason if problem else None, kind,
         problem.code if problem else None, dump_params(problem.params) if problem else None),
    )


def _read_seed(path: Path, size: int) -> tuple[bytes | None, ArticleProblem | None, str]:
    """Return a seed file's bytes (or the problem reading them) and their hash."""
    if size > MAX_ARTICLE_BYTES:
        reason = f"file is {size:,} bytes, over the limit of {MAX_ARTICLE_BYTES:,} bytes; keep only the article's text"
        return None, too_large(path.name, size, reason).problem(), f"size:{size}"
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, unreadable(path.name, err, "check the file's permissions"), ""
    return raw, None, hashlib.sha256(raw).hexdigest()


@contextlib.contextmanager
def _savepoint(connection: sqlite3.Connection) -> Iterator[None]:
    """A savepoint inside the batch's transaction: one refused article is undone alone."""
    connection.execute("SAVEPOINT article")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK TO article")
        raise
    finally:
        connection.execute("RELEASE article")


def _link(article: Article, index: PlaceIndex | None) -> list[LinkedExcerpt]:
    index = default_place_index() if index is None else index
    return [link_excerpt(article, excerpt, index) for excerpt in article.excerpts]


def _stored_ref(connection: sqlite3.Connection, article_id: str) -> dict[str, str]:
    """Return what a refusal says of a stored article: its id, title, origin and file name (a name, never a path)."""
    title, origin, file_name = connection.execute(
        "SELECT title, origin, file_name FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    return {"id": article_id, "title": title, "origin": origin, "file": Path(file_name).name}


def _describe(ref: dict[str, str]) -> str:
    where = {"seeds": f"from seeds/{ref['file']}", "upload": "uploaded by a reader", "cli": f"added as {ref['file']}"}
    return f"“{ref['title']}” (id {ref['id']}, {where[ref['origin']]})"


def _refuse_clash(connection: sqlite3.Connection, article: Article) -> None:
    """Raise :class:`Refused` if the article's id or its text is stored already."""
    if connection.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
        stored = _stored_ref(connection, article.id)
        raise Refused(
            f"an article with the id {article.id!r} is already stored: {_describe(stored)}; "
            "rename the file to add it as another article", existing=article.id,
            code="id_taken", id=article.id, article=stored,
        )
    same = connection.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash(article),)).fetchone()
    if same:
        stored = _stored_ref(connection, same[0])
        raise Refused(
            f"the same text is already stored as {_describe(stored)}", existing=same[0], code="text_taken", article=stored,
        )


def _check_quota(connection: sqlite3.Connection, quota: Quota, owner: str | None, size: int) -> None:
    total, total_bytes = connection.execute(
        "SELECT count(*), coalesce(sum(size_bytes), 0) FROM articles WHERE origin = 'upload'"
    ).fetchone()
    mine, mine_bytes = connection.execute(
        "SELECT count(*), coalesce(sum(size_bytes), 0) FROM articles WHERE origin = 'upload' AND owner IS ?", (owner,)
    ).fetchone()
    if mine + 1 > quota.owner_articles:
        raise QuotaReached(
            f"you have added {mine} articles in this session, the most one session may add; remove one of yours to add another",
            code="session_articles", count=mine,
        )
    if mine_bytes + size > quota.owner_bytes:
        raise QuotaReached(
            f"this file ({size:,} bytes) would take this session's uploads over {quota.owner_bytes:,} bytes "
            f"(now {mine_bytes:,}); remove one of yours, or add a shorter article",
            code="session_bytes", count=size, limit=quota.owner_bytes, used=mine_bytes,
        )
    if total + 1 > quota.total_articles or total_bytes + size > quota.total_bytes:
        raise QuotaReached(
            f"the store holds as many uploaded articles as it may ({total:,} articles, {total_bytes:,} bytes); "
            f"ask whoever runs this map to make room ({REMOVE_COMMAND})",
            code="total_quota", articles=total, bytes=total_bytes, command=REMOVE_COMMAND,
        )


def _insert(
    connection: sqlite3.Connection, article: Article, linked: Iterable[LinkedExcerpt], *,
    origin: str, owner: str | None, size_bytes: int, signature: str,
) -> None:
    connection.execute(
        "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article.id, content_hash(article), article.file_name, article.title, fold(article.title), article.source,
            article.date.isoformat() if article.date else None, article.url, article.language, article.encoding,
            origin, owner, size_bytes, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), signature,
        ),
    )
    rows = []
    for item in linked:
        cursor = connection.execute(
            "INSERT INTO excerpts (article_id, number, text) VALUES (?, ?, ?)",
            (article.id, item.excerpt.number, item.excerpt.text),
        )
        rows.append((cursor.lastrowid, item))
    connection.executemany("INSERT INTO excerpt_search (rowid, folded) VALUES (?, ?)",
                           [(excerpt_id, fold(item.excerpt.text)) for excerpt_id, item in rows])
    _insert_links(connection, rows)


def _insert_links(connection: sqlite3.Connection, rows: Sequence[tuple[int, LinkedExcerpt]]) -> None:
    connection.executemany(
        "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?)",
        [(excerpt_id, m.start, m.end, m.place_id, m.method, m.confidence) for excerpt_id, item in rows for m in item.mentions],
    )
    connection.executemany(
        "INSERT INTO excerpt_islands VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(island_id, RELATIONS.index(relation), _date_key(item.article), item.article.id, item.excerpt.number,
          item.article.language, excerpt_id)
         for excerpt_id, item in rows for island_id, relation in item.relations.items()],
    )


def _date_key(article: Article) -> str:
    """Return the article's date as stored for ordering: ``YYYY-MM-DD``, or '' (after every date, newest first)."""
    return article.date.isoformat() if article.date else ""
