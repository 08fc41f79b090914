"""The article store: articles, their excerpts and the place mentions linking found, in one SQLite file.

An article is parsed and linked once, when it enters the store (from ``seeds/`` by :func:`sync_folder`, an
upload, or the command line ``python -m geo.store``); the app and the export then read pages of excerpts
by island, language and search terms, without parsing or linking anything. The file is
``var/articles.sqlite3`` unless ``KURIL_STORE`` (or the command line's ``--db``) says otherwise.

Plain functions over a :class:`Store`, so another SQL engine could serve later without touching the app::

    store = open_store()
    sync_folder(store, seeds_dir())
    page = excerpts_for_island(store, "kunashir", page=1, language="ru", query="рыбаки")
"""

from geo.store.db import CODES as STORE_CODES
from geo.store.db import ORIGINS, REBUILD_COMMAND, SCHEMA_VERSION, Store, StoreError, open_store
from geo.store.read import (
    PAGE_SIZE,
    ArticlePage,
    ExcerptPage,
    StoredArticle,
    article_excerpts,
    articles_page,
    counts,
    excerpts_by_id,
    excerpts_for_island,
    island_total,
    linked_articles,
    seed_problems,
    stored_article,
    stored_info,
)
from geo.store.search import MAX_QUERY_CHARS, fold
from geo.store.write import CODES as REFUSAL_CODES
from geo.store.write import (
    REMOVE_COMMAND,
    UPLOAD_QUOTA,
    Quota,
    QuotaReached,
    Refused,
    SyncReport,
    add_article,
    add_file,
    content_hash,
    linker_signature,
    relink,
    remove_article,
    sync_folder,
)

__all__ = [
    "MAX_QUERY_CHARS", "ORIGINS", "PAGE_SIZE", "REBUILD_COMMAND", "REFUSAL_CODES", "REMOVE_COMMAND", "SCHEMA_VERSION",
    "STORE_CODES", "UPLOAD_QUOTA",
    "ArticlePage", "ExcerptPage", "Quota", "QuotaReached", "Refused", "Store", "StoreError", "StoredArticle", "SyncReport",
    "add_article", "add_file", "article_excerpts", "articles_page", "content_hash", "counts", "excerpts_by_id",
    "excerpts_for_island", "fold", "island_total", "linked_articles", "linker_signature", "open_store", "relink", "remove_article",
    "seed_problems", "stored_article", "stored_info", "sync_folder",
]
