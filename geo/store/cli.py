"""The command line for people who manage articles: ``python -m geo.store COMMAND``.

    python -m geo.store add FILE_OR_FOLDER...      link and store articles (origin "cli")
    python -m geo.store list [--language ru] [--search TEXT] [--origin upload] [--limit N]
    python -m geo.store show ARTICLE_ID
    python -m geo.store remove ARTICLE_ID...
    python -m geo.store sync [--seeds DIR]         make the store's seed articles those of the folder
    python -m geo.store relink [--all]             re-link articles linked with an older gazetteer
    python -m geo.store rebuild [--seeds DIR]      set a broken store aside and build a new one from the folder
    python -m geo.store stats

``--db PATH`` (before the command) picks the store; default ``$KURIL_STORE``, else ``var/articles.sqlite3``.
Exit codes: 0 done; 1 done, but some file or id was refused or not found (each named on stderr); 2 the
command could not run (a wrong option, a store that cannot be read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from geo import paths
from geo import articles
from geo.articles import ArticleError
from geo.store.db import Store, StoreError, open_store
from geo.store.read import PAGE_SIZE, article_excerpts, articles_page, counts, stored_info
from geo.store.write import Refused, add_file, relink, remove_article, sync_folder

EXIT_OK, EXIT_REFUSED, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``python -m geo.store``."""
    parser = argparse.ArgumentParser(prog="python -m geo.store", description="Manage the map's article store.")
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="the store's file (default: $KURIL_STORE, else var/articles.sqlite3)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add = commands.add_parser("add", help="link and store article files, or every article of a folder")
    add.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_FOLDER")

    listing = commands.add_parser("list", help="list stored articles, newest first")
    listing.add_argument("--language", choices=("en", "ru", "ja"))
    listing.add_argument("--search", metavar="TEXT", help="only articles with every word in the title or text")
    listing.add_argument("--origin", choices=("seeds", "upload", "cli"))
    listing.add_argument("--limit", type=int, default=50, metavar="N", help="at most N articles (default 50)")

    show = commands.add_parser("show", help="show one article: header, origin and its linked excerpts")
    show.add_argument("article_id")

    remove = commands.add_parser("remove", help="remove articles by id")
    remove.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID")

    for name, text in (("sync", "make the store's seed articles those of a folder"),
                       ("rebuild", "set the store file aside and build a new one from a folder")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--seeds", type=Path, metavar="DIR", help="the folder (default: seeds/, or $KURIL_SEEDS_DIR)")

    relinking = commands.add_parser("relink", help="re-link articles linked with another gazetteer or places file")
    relinking.add_argument("--all", action="store_true", help="re-link every article")

    commands.add_parser("stats", help="how many articles, excerpts and mentions, and the file's size")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit code."""
    args = build_parser().parse_args(argv)
    db = args.db if args.db is not None else paths.store_path()
    try:
        if args.command == "rebuild":
            return _rebuild(db, args.seeds)
        store = open_store(db)
        return _COMMANDS[args.command](store, args)
    except (StoreError, NotADirectoryError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_ERROR


def _say(text: str) -> None:
    print(text, flush=True)


def _warn(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _add(store: Store, args: argparse.Namespace) -> int:
    refused = 0
    for given in args.paths:
        if given.is_dir():
            files, problems = articles.article_files(given)
            for problem in problems:
                _warn(f"skipped: {problem.message}")
            refused += len(problems)
        elif given.is_file():
            files = [given]
        else:
            _warn(f"not found: {given}")
            refused += 1
            continue
        for path in files:
            try:
                article_id = add_file(store, path.read_bytes(), path.name, origin="cli")
            except (ArticleError, Refused) as err:
                _warn(f"not added: {path.name}: {getattr(err, 'reason', err)}")
                refused += 1
                continue
            except OSError as err:
                _warn(f"not added: {path.name}: could not be read ({err.strerror})")
                refused += 1
                continue
            _say(f"added {article_id} ({path.name})")
    return EXIT_REFUSED if refused else EXIT_OK


def _list(store: Store, args: argparse.Namespace) -> int:
    limit = max(1, args.limit)
    page = articles_page(store, 1, args.language, args.search, page_size=limit, origin=args.origin)
    for item in page.items:
        article = item.article
        date = article.date.isoformat() if article.date else "undated   "
        _say(f"{date}  {article.language}  {item.origin:<6}  {item.excerpt_count:>3} excerpts  {article.id}  {article.title}")
    _say(f"{len(page.items)} of {page.total} article(s)" + (f" (--limit {limit})" if page.total > limit else ""))
    return EXIT_OK


def _show(store: Store, args: argparse.Namespace) -> int:
    info = stored_info(store, args.article_id)
    if info is None:
        _warn(f"no article {args.article_id!r} in the store; `python -m geo.store list` lists them")
        return EXIT_REFUSED
    article = info.article
    for label, value in (("id", article.id), ("title", article.title), ("source", article.source or "-"),
                         ("date", article.date or "undated"), ("url", article.url or "-"), ("language", article.language),
                         ("file", article.file_name), ("origin", info.origin), ("added", info.added_at),
                         ("bytes", f"{info.size_bytes:,}"), ("linked with", info.linked_with)):
        _say(f"{label:>12}: {value}")
    for item in article_excerpts(store, article.id):
        places = ", ".join(sorted(item.place_ids)) or "no place"
        _say(f"\n#p{item.excerpt.number} [{places}]\n{item.excerpt.text}")
    return EXIT_OK


def _remove(store: Store, args: argparse.Namespace) -> int:
    missing = 0
    for article_id in args.article_ids:
        if remove_article(store, article_id):
            _say(f"removed {article_id}")
        else:
            _warn(f"no article {article_id!r} in the store")
            missing += 1
    return EXIT_REFUSED if missing else EXIT_OK


def _sync(store: Store, args: argparse.Namespace) -> int:
    folder = args.seeds or paths.seeds_dir()
    report = sync_folder(store, folder)
    for problem in report.problems:
        _warn(f"skipped: {problem.message}")
    _say(f"{folder.name}/: {len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed, "
         f"{report.unchanged} unchanged, {report.relinked} re-linked, {len(report.problems)} skipped")
    return EXIT_REFUSED if report.problems else EXIT_OK


def _relink(store: Store, args: argparse.Namespace) -> int:
    _say(f"{relink(store, everything=args.all)} article(s) re-linked")
    return EXIT_OK


def _stats(store: Store, _args: argparse.Namespace) -> int:
    for label, value in counts(store).items():
        _say(f"{label:>12}: {value:,}")
    _say(f"{'page size':>12}: {PAGE_SIZE}")
    return EXIT_OK


def _rebuild(db: Path, seeds: Path | None) -> int:
    """Set the store file (and its WAL files) aside, never deleting them, and build a new store from ``seeds``."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm"):
        old = Path(f"{db}{suffix}")
        if old.exists():
            kept = old.with_name(f"{db.name}.broken-{stamp}{suffix}")
            old.rename(kept)
            if not suffix:
                _say(f"kept the old store as {kept.name}")
    store = open_store(db)
    return _sync(store, argparse.Namespace(seeds=seeds))


_COMMANDS = {"add": _add, "list": _list, "show": _show, "remove": _remove, "sync": _sync, "relink": _relink, "stats": _stats}
