"""The store's database file: opening it, its schema (migrated in place from older versions), and the one
error a reader may see about it.

SQLite in WAL mode, so readers (every click in the app) never wait for a writer (an upload, a sync), and
writers queue behind each other for up to :data:`BUSY_TIMEOUT_S`. Each operation opens its own short-lived
connection: Streamlit runs every session in its own thread, and a connection is cheap next to a query.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import paths

#: Bumped when the tables change. A store of an older version is brought up to this one in place when it is
#: opened (:data:`_MIGRATIONS`); one of another version is refused with the command that rebuilds it.
#: 2: seed_files.problem_code and problem_params (why a seed file was skipped, for a translation).
SCHEMA_VERSION = 2
#: How long a writer waits for another writer before giving up, in seconds.
BUSY_TIMEOUT_S = 15
#: Where an article came from.
ORIGINS = ("seeds", "upload", "cli")
#: The command that rebuilds a broken store from seeds/, named in every message about one.
REBUILD_COMMAND = "python -m geo.store rebuild"
#: Why the store cannot be used, one stable code per reason (a :class:`StoreError`'s ``code``; catalogue key
#: ``store.<code>`` in ``layers.i18n``).
CODES = ("sqlite_error", "not_a_database", "corrupt", "not_a_store", "schema_version", "busy", "folder_not_created")
# SQLite's words for a file that is not a database, or a damaged one, and their codes.
_SQLITE_CODES = (("file is not a database", "not_a_database"), ("database disk image is malformed", "corrupt"))

# excerpt_islands: one row per excerpt and island it refers to, with the article's date ('' when undated), id,
# paragraph number and language copied in, so that a page in the panel's order (relation, newest first, article,
# paragraph) is one range of its primary key, read in order with no sort; a language filter is checked along the
# way (an index by language too cost 18 % of the file at 10,000 articles, bench/RESULTS.md).
_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles(
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    title TEXT NOT NULL,
    title_folded TEXT NOT NULL,
    source TEXT NOT NULL,
    date TEXT,
    url TEXT NOT NULL,
    language TEXT NOT NULL,
    encoding TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('seeds', 'upload', 'cli')),
    owner TEXT,
    size_bytes INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    linked_with TEXT NOT NULL
);
CREATE INDEX articles_newest_first ON articles(date DESC, id);
CREATE INDEX articles_by_origin ON articles(origin, owner);
CREATE TABLE excerpts(
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (article_id, number)
);
CREATE TABLE mentions(
    excerpt INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    place_id TEXT NOT NULL,
    method TEXT NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX mentions_by_excerpt ON mentions(excerpt);
CREATE TABLE excerpt_islands(
    island_id TEXT NOT NULL,
    relation INTEGER NOT NULL,
    date_key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    language TEXT NOT NULL,
    excerpt INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE CASCADE,
    PRIMARY KEY (island_id, relation, date_key DESC, article_id, number)
) WITHOUT ROWID;
CREATE INDEX excerpt_islands_by_excerpt ON excerpt_islands(excerpt);
CREATE VIRTUAL TABLE excerpt_search USING fts5(folded, tokenize = 'trigram');
CREATE TRIGGER excerpts_leave_search AFTER DELETE ON excerpts BEGIN
    DELETE FROM excerpt_search WHERE rowid = old.id;
END;
CREATE TABLE seed_files(
    name TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    file_hash TEXT NOT NULL,
    article_id TEXT REFERENCES articles(id) ON DELETE SET NULL,
    problem TEXT,
    problem_kind TEXT CHECK (problem_kind IN ('file', 'conflict')),
    problem_code TEXT,
    problem_params TEXT
);
CREATE INDEX seed_files_by_article ON seed_files(article_id);
"""

#: The statements that bring a store of version N to N + 1, run in one transaction when it is opened.
#: 1 → 2: the problem's code and params (JSON) beside its English text. Rows of files that had a problem are
#: dropped, so the next sync reads those (few, small or refused by size unread) files again and records the
#: code; rows of stored articles are kept, so nothing is parsed or linked again.
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "ALTER TABLE seed_files ADD COLUMN problem_code TEXT",
        "ALTER TABLE seed_files ADD COLUMN problem_params TEXT",
        "DELETE FROM seed_files WHERE problem IS NOT NULL",
    ),
}


class StoreError(RuntimeError):
    """The store cannot be opened or read: the message names the file (never a full path) and the fix.

    ``code`` (one of :data:`CODES`, "" when unknown) and ``params`` (the store's name, the rebuild command,
    SQLite's own words…: plain JSON values) say the same as the English message, for a translation.
    """

    def __init__(self, message: str, code: str = "", **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Store:
    """An article store: the SQLite file at ``path``. Make one with :func:`open_store`."""

    path: Path

    @property
    def name(self) -> str:
        """Return how messages name the file (relative to the project, or the file name alone)."""
        return paths.display_name(self.path)

    def broken(self, reason: str, code: str = "sqlite_error", **params: Any) -> StoreError:
        """Return the error for a file that is not a usable store: what is wrong and the command that rebuilds it.

        ``code`` and ``params`` say what is wrong for a translation (``store`` and ``command`` are added);
        the default, ``sqlite_error``, carries SQLite's words as ``detail``.
        """
        if code == "sqlite_error":
            params.setdefault("detail", reason)
        return StoreError(
            f"The article store {self.name} cannot be read ({reason}). The map works without it; to rebuild it "
            f"from seeds/ run: {REBUILD_COMMAND} (the old file is kept beside it).",
            code=code, store=self.name, command=REBUILD_COMMAND, **params,
        )

    def _database_error(self, err: sqlite3.Error) -> StoreError:
        """Return the error for SQLite's ``err``: a file that is not a database, a damaged one, or SQLite's words."""
        reason = str(err)
        code = next((code for words, code in _SQLITE_CODES if words in reason), "sqlite_error")
        return self.broken(reason, code)

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """Yield a connection for one operation; database errors become a :class:`StoreError` naming the file."""
        try:
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as err:
            raise self._database_error(err) from err
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA synchronous = NORMAL")
            yield connection
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                raise StoreError(
                    f"The article store {self.name} is busy; try again in a moment.", code="busy", store=self.name,
                ) from err
            raise self._database_error(err) from err
        except sqlite3.DatabaseError as err:  # "file is not a database", "database disk image is malformed"
            if isinstance(err, sqlite3.IntegrityError):
                raise
            raise self._database_error(err) from err
        finally:
            connection.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Yield a connection inside one write transaction (taken at once, so two writers queue, never interleave).

        Each one bumps the store's :meth:`generation`.
        """
        with self.connect() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute(
                    "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT (key) DO UPDATE SET value = value + 1"
                )
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    def generation(self) -> int:
        """Return a number that grows with every write: a cache key for whatever is built from the whole store."""
        with self.connect() as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0


def open_store(path: Path | str | None = None) -> Store:
    """Return the store at ``path`` (default :func:`geo.paths.store_path`), creating an empty one if there is none.

    A store of an older schema version is migrated in place (:data:`_MIGRATIONS`). Raises :class:`StoreError`
    when the file is not a store, is of a version this program cannot read, or cannot be created.
    """
    store = Store(Path(path) if path is not None else paths.store_path())
    try:
        store.path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        detail = err.strerror or type(err).__name__
        raise StoreError(
            f"The article store's folder for {store.name} cannot be created ({err.strerror}).",
            code="folder_not_created", store=store.name, detail=detail,
        ) from err
    with store.connect() as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            _create(connection)
        elif "meta" not in tables:
            raise store.broken("it is an SQLite file but not an article store", "not_a_store")
        elif _schema_version(connection) != str(SCHEMA_VERSION):
            _migrate(store, connection)
    return store


def _schema_version(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return row[0] if row else None


def _migrate(store: Store, connection: sqlite3.Connection) -> None:
    """Bring an older store up to :data:`SCHEMA_VERSION` in one transaction, or refuse one this program cannot read."""
    connection.execute("BEGIN IMMEDIATE")  # two servers opening the old file at once: the second waits, then finds it done
    try:
        found = _schema_version(connection)
        steps = []
        version = int(found) if found is not None and found.isdigit() else None
        while version is not None and version in _MIGRATIONS:
            steps += _MIGRATIONS[version]
            version += 1
        if version != SCHEMA_VERSION:
            shown = found if found is not None else "none"
            raise store.broken(
                f"schema version {shown}, this program reads version {SCHEMA_VERSION}", "schema_version",
                found=shown, expected=SCHEMA_VERSION,
            )
        for statement in steps:
            connection.execute(statement)
        connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    except BaseException:
        connection.rollback()
        raise
    connection.commit()


def dump_params(params: Mapping[str, Any]) -> str:
    """Return a problem's params as a column stores them: JSON, keys sorted."""
    return json.dumps(dict(params), ensure_ascii=False, sort_keys=True)


def load_params(stored: str | None) -> dict[str, Any]:
    """Return a problem's params from their column ({} when there are none, or when they cannot be read)."""
    try:
        params = json.loads(stored) if stored else {}
    except ValueError:
        return {}
    return params if isinstance(params, dict) else {}


def _create(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN IMMEDIATE")
    if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        connection.rollback()  # another process created it first
        return
    # One by one, not executescript (which commits first): the whole schema is one transaction.
    for statement in _statements(_SCHEMA):
        connection.execute(statement)
    connection.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    connection.commit()


def _statements(script: str) -> list[str]:
    """Return the statements of ``script`` (split with sqlite3.complete_statement, so triggers stay whole)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [statement for statement in statements if statement]
