"""The article store (geo/store): import, start-up sync and the panel's reads, against today's in-memory path:
``python -m bench.store``.

Everything runs in one process on a temporary store and folders of articles from :mod:`bench.articles`:

(a) import: :func:`geo.store.sync_folder` of ``--articles`` (10,000) new files into an empty store →
    articles/s, wall and CPU seconds (``time.process_time``), excerpts, mentions, the database's bytes
    (``counts``: file + WAL) and bytes per article. Baseline in the same run: ``geo.articles.load_articles``
    + ``geo.linking.link_articles`` over the same folder, the cost every app start paid before the store
    (split into parsing and linking). The place index is built before either is timed.
(b) start-up sync with nothing changed over the same files, median of ``--runs`` (5); then one sync after
    100 files changed and 100 removed.
(c) at ``--query-articles`` (2,000; a store synced from the first 2,000 of the same files): one call of
    ``excerpts_for_island`` (page 1) for Kunashir, Iturup and Shumshu, with and without a language filter, and
    searches in Kunashir's panel; each also as the app's whole panel (the calls ``app.island_excerpts``
    makes: the page with the languages matching the query, and the island's total when a filter is on). Baseline: ``geo.linking.excerpts_for``
    over the in-memory linked list of the same 2,000 articles, then the same language filter, search (folded
    substrings, as the store's) and page. Every store answer is checked against the baseline's (total,
    languages, the page's excerpt ids in order). The same store reads at (a)'s size too, to see them scale.
(d) one hostile file of 1 MB per kind (:func:`bench.articles.hostile_article`) added with ``add_file``, beside
    parsing and linking it in memory.

A target missed is profiled (cProfile) and the top functions printed. Figures go to bench/RESULTS.md
(section ``store``) unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import pstats
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.articles import HOSTILE_KINDS, hostile_article, write_articles
from bench.results import RESULTS_MD, load_average, machine_summary, markdown_table, median, percentile, print_table, write_section

from geo import linking
from geo import store as S
from geo.articles import ArticleError, load_articles, parse_article
from geo.linking import LinkedExcerpt, default_place_index, excerpts_for, link_articles
from geo.store.search import fold, terms

DEFAULT_ARTICLES = 10_000
DEFAULT_QUERY_ARTICLES = 2_000
IMPORT_TARGET_PER_S = 200.0
UNCHANGED_TARGET_S = 1.0
#: The whole click → panel and search → results, in the browser (bench/streamlit.py); the store's calls are a share.
PANEL_TARGET_MS = 200.0
#: What the store's share of a click may take: "a few ms" of the 200.
STORE_SHARE_MS = 10.0
ISLANDS = ("kunashir", "iturup", "shumshu")
LANGUAGE_FILTERS = (None, "ru")
SEARCH_ISLAND = "kunashir"
#: (what it is, query): searched in Kunashir's panel.
SEARCHES = (
    ("English word", "fishermen"),
    ("Russian word", "рыбаки"),
    ("Japanese, 2 characters", "国後"),
    ("Japanese, 3 characters", "択捉島"),
    ("two words", "ferry schedule"),
    ("no match", "xylophone"),
)
CHANGED_FILES = 100
REMOVED_FILES = 100
HOSTILE_BYTES = 1_000_000
PROFILE_LINES = 14


# --- timing ------------------------------------------------------------------------------------------------


@dataclass
class Clock:
    """Wall and CPU seconds of one piece of work."""

    wall: float = 0.0
    cpu: float = 0.0


def clocked(work: Callable[[], object]) -> tuple[object, Clock]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, Clock(time.perf_counter() - wall, time.process_time() - cpu)


@dataclass
class Timings:
    """Repeated calls: wall and CPU milliseconds of each."""

    wall_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return median(self.wall_ms)

    @property
    def p95(self) -> float:
        return percentile(self.wall_ms, 0.95)

    @property
    def cpu(self) -> float:
        return median(self.cpu_ms)


def repeat(work: Callable[[], object], runs: int, warm: int = 2) -> Timings:
    for _ in range(warm):
        work()
    timings = Timings()
    for _ in range(runs):
        _, clock = clocked(work)
        timings.wall_ms.append(clock.wall * 1000)
        timings.cpu_ms.append(clock.cpu * 1000)
    return timings


def profile(work: Callable[[], object], lines: int = PROFILE_LINES) -> str:
    """Run ``work`` under cProfile; return the top functions by own time, and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)
    return "\n".join(line for line in text.getvalue().splitlines() if line.strip())


def profile_shares(work: Callable[[], object], parts: dict[str, Sequence[str]]) -> tuple[float, dict[str, float]]:
    """Run ``work`` under cProfile; return its total and the cumulative seconds of each part (function names)."""
    profiler = cProfile.Profile()
    profiler.enable()
    start = time.perf_counter()
    work()
    total = time.perf_counter() - start
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    shares = {}
    for label, names in parts.items():
        shares[label] = sum(ct for (file, _line, name), (_cc, _nc, tt, ct, _callers) in stats.items()
                            if any(_matches(file, name, wanted) for wanted in names))
    return total, shares


def _matches(file: str, name: str, wanted: str) -> bool:
    """``wanted`` is ``"module.py:function"``, or ``"~"`` and a piece of a built-in's name as cProfile shows it."""
    if wanted.startswith("~"):
        return file == "~" and wanted[1:] in name
    if ":" in wanted:
        module, function = wanted.split(":")
        return file.endswith(module) and name == function
    return name == wanted


# --- the baseline: today's in-memory panel -----------------------------------------------------------------


def baseline_page(linked: Sequence[LinkedExcerpt], island_id: str, page: int = 1, language: str | None = None,
                  query: str | None = None, page_size: int = S.PAGE_SIZE) -> tuple[list[str], int, dict[str, int]]:
    """Return what ``excerpts_for_island`` returns, from the in-memory list: the page's excerpt ids, the total, the
    languages matching the query."""
    found = excerpts_for(island_id, linked)
    wanted = terms(query)
    if wanted:
        found = [item for item in found if _has_all(fold(item.excerpt.text), wanted)]
    languages = dict(Counter(item.article.language for item in found))
    chosen = [item for item in found if item.article.language == language] if language else found
    start = (page - 1) * page_size
    return [item.excerpt.id for item in chosen[start:start + page_size]], len(chosen), languages


def _has_all(text: str, wanted: Sequence[str]) -> bool:
    return all(term in text for term in wanted)


def store_page(store: S.Store, island_id: str, page: int = 1, language: str | None = None, query: str | None = None,
               page_size: int = S.PAGE_SIZE) -> tuple[list[str], int, dict[str, int]]:
    found = S.excerpts_for_island(store, island_id, page, language, query, page_size)
    return [item.excerpt.id for item, _relation in found.items], found.total, found.languages


def app_panel(read: Callable, source, island_id: str, language: str | None, query: str | None) -> object:
    """The reads ``app.island_excerpts`` makes for one panel: the page (with the languages matching the query), and
    the island's unfiltered total when a language or a query is chosen."""
    found = read(source, island_id, 1, language, query, page_size=S.PAGE_SIZE)
    if language or query:
        read(source, island_id, page_size=1)
    return found


# --- where a read's time goes: each SQL statement timed, with its query plan ---------------------------------


class _Rows(list):
    """A statement's rows, fetched at once (so the statement's time includes them), read as a cursor would be."""

    def fetchall(self) -> list:
        return self

    def fetchone(self):
        return self[0] if self else None


class _TracedConnection:
    def __init__(self, connection: sqlite3.Connection, log: dict) -> None:
        self.connection, self.log = connection, log

    def _entry(self, sql: str) -> dict:
        return self.log.setdefault(" ".join(sql.split()), {"ms": 0.0, "calls": 0, "plan": None})

    def execute(self, sql: str, params: Sequence = ()) -> _Rows:
        entry = self._entry(sql)
        if entry["plan"] is None and sql.lstrip().upper().startswith("SELECT"):
            entry["plan"] = [row[3] for row in self.connection.execute("EXPLAIN QUERY PLAN " + sql, params)]
        start = time.perf_counter()
        rows = _Rows(self.connection.execute(sql, params).fetchall())
        entry["ms"] += (time.perf_counter() - start) * 1000
        entry["calls"] += 1
        return rows

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        entry = self._entry(sql)
        start = time.perf_counter()
        cursor = self.connection.executemany(sql, rows)
        entry["ms"] += (time.perf_counter() - start) * 1000
        entry["calls"] += 1
        return cursor

    def __getattr__(self, name: str):
        return getattr(self.connection, name)


@dataclass(frozen=True)
class TracedStore(S.Store):
    """A store whose every statement is timed into ``log`` (sql → ms, calls, query plan)."""

    log: dict = field(default_factory=dict, compare=False, hash=False)

    @contextlib.contextmanager
    def connect(self):
        with S.Store.connect(self) as connection:
            yield _TracedConnection(connection, self.log)


def statement_breakdown(path: Path, island_id: str, language: str | None, query: str | None, panels: int = 10):
    """Return (ms per panel, [(sql, ms per panel, calls per panel, plan)]) for the app's panel on the store at ``path``."""
    store = TracedStore(path)
    app_panel(store_page, store, island_id, language, query)  # warm, and each statement's plan
    for entry in store.log.values():
        entry.update(ms=0.0, calls=0)
    start = time.perf_counter()
    for _ in range(panels):
        app_panel(store_page, store, island_id, language, query)
    total = (time.perf_counter() - start) * 1000 / panels
    rows = sorted(((sql, entry["ms"] / panels, entry["calls"] / panels, entry["plan"]) for sql, entry in store.log.items()),
                  key=lambda row: -row[1])
    return total, rows


def table_sizes(path: Path) -> list[tuple[str, int]]:
    """Return the bytes of each table and index of the database (SQLite's dbstat), largest first; [] without dbstat."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            return connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    except sqlite3.Error:
        return []


def file_sizes(path: Path) -> tuple[int, int]:
    """Return the bytes of the database file and of its WAL (0 when there is none)."""
    wal = Path(f"{path}-wal")
    return path.stat().st_size, wal.stat().st_size if wal.exists() else 0


# --- the benchmark -----------------------------------------------------------------------------------------


@dataclass
class QueryRow:
    label: str
    store: Timings
    panel: Timings
    baseline: Timings
    baseline_panel: Timings
    total: int
    agrees: str
    store_large: Timings | None = None


def folder_bytes(paths: Sequence[Path]) -> int:
    return sum(path.stat().st_size for path in paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES,
                        help=f"articles imported and synced in (a) and (b) (default {DEFAULT_ARTICLES:,})")
    parser.add_argument("--query-articles", type=int, default=DEFAULT_QUERY_ARTICLES,
                        help=f"articles in the store read in (c) (default {DEFAULT_QUERY_ARTICLES:,})")
    parser.add_argument("--runs", type=int, default=5, help="start-up syncs with nothing changed (default 5)")
    parser.add_argument("--query-runs", type=int, default=20, help="timed calls of each read (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="bench.articles' seed (default 0)")
    parser.add_argument("--no-hostile", action="store_true", help="skip (d), the hostile files")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument("--results", type=Path, default=RESULTS_MD, help="the results file (default bench/RESULTS.md)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args(argv)
    n, m = args.articles, args.query_articles

    started = time.perf_counter()
    load_before = load_average()
    work = Path(tempfile.mkdtemp(prefix="kuril-bench-store-"))
    notes: list[str] = []
    try:
        return run(args, n, m, work, notes, load_before, started)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args, n: int, m: int, work: Path, notes: list[str], load_before: str, started: float) -> int:
    say = lambda text: print(text, flush=True)  # noqa: E731
    folder = work / "articles"
    say(f"writing {n:,} articles to {folder} ...")
    paths = write_articles(folder, n, args.seed)
    text_bytes = folder_bytes(paths)
    index = default_place_index()  # built once, before anything is timed (both sides use it)
    S.linker_signature()

    # (a) import, then the baseline over the same folder.
    say(f"(a) sync_folder of {n:,} new files ...")
    store = S.open_store(work / "store" / "articles.sqlite3")
    report, imported = clocked(lambda: S.sync_folder(store, folder))
    if report.problems or len(report.added) != n:
        raise SystemExit(f"the import stored {len(report.added)} of {n} articles; problems: {report.problems[:5]}")
    sizes = S.counts(store)
    extra = {"files": file_sizes(store.path), "tables": table_sizes(store.path)}
    say(f"    {imported.wall:.1f} s wall, {imported.cpu:.1f} s CPU: {n / imported.wall:.0f} articles/s; {sizes}")
    say("    baseline: load_articles + link_articles ...")
    (loaded, problems), parsed = clocked(lambda: load_articles(folder))
    linked, link_clock = clocked(lambda: link_articles(loaded, index))
    baseline = Clock(parsed.wall + link_clock.wall, parsed.cpu + link_clock.cpu)
    baseline_mentions = sum(len(item.mentions) for item in linked)
    say(f"    {baseline.wall:.1f} s wall ({parsed.wall:.1f} parse + {link_clock.wall:.1f} link), {baseline.cpu:.1f} s CPU")

    import_profile = ""
    import_shares: tuple[float, dict[str, float]] | None = None
    if n / imported.wall < IMPORT_TARGET_PER_S:
        sample = min(300, n)
        say(f"    import under {IMPORT_TARGET_PER_S:.0f}/s: profiling a sync of {sample} new files ...")
        subset = work / "profile-subset"
        subset.mkdir()
        for path in paths[:sample]:
            shutil.copy2(path, subset / path.name)
        parts = {
            "linking (`write._link`)": ["write.py:_link"],
            "parsing (`parse_article`)": ["articles.py:parse_article"],
            "reading and hashing the files (`_read_seed`)": ["write.py:_read_seed"],
            "SQLite calls (execute, executemany, commit, connect)": ["~of 'sqlite3.", "~_sqlite3.connect"],
            "folding text for the index (`search.fold`)": ["search.py:fold"],
            "content hash (`content_hash`)": ["write.py:content_hash"],
        }
        fresh = S.open_store(work / "profile-store" / "articles.sqlite3")
        import_shares = profile_shares(lambda: S.sync_folder(fresh, subset), parts)
        fresh2 = S.open_store(work / "profile-store2" / "articles.sqlite3")
        import_profile = profile(lambda: S.sync_folder(fresh2, subset))
        total, shares = import_shares
        for label, seconds in shares.items():
            say(f"      {label}: {seconds:.2f} s of {total:.2f} s ({seconds / total:.0%}; under cProfile)")

    # (b) start-up sync with nothing changed, then a few changes.
    say(f"(b) start-up sync, nothing changed, {args.runs} runs ...")
    unchanged: list[Clock] = []
    for _ in range(args.runs):
        again, clock = clocked(lambda: S.sync_folder(store, folder))
        if again.changed or again.unchanged != n:
            raise SystemExit(f"a sync with nothing changed changed something: {again}")
        unchanged.append(clock)
    unchanged_wall = median([clock.wall for clock in unchanged])
    unchanged_cpu = median([clock.cpu for clock in unchanged])
    say(f"    median {unchanged_wall * 1000:.0f} ms wall, {unchanged_cpu * 1000:.0f} ms CPU")
    unchanged_profile = ""
    if unchanged_wall > UNCHANGED_TARGET_S:
        unchanged_profile = profile(lambda: S.sync_folder(store, folder))
    changed_count = min(CHANGED_FILES, n // 4)
    removed_count = min(REMOVED_FILES, n // 4)
    for path in paths[:changed_count]:
        path.write_text(path.read_text(encoding="utf-8") + "\nA correction was added to this report on Friday.\n",
                        encoding="utf-8")
    for path in paths[-removed_count:] if removed_count else []:
        path.unlink()
    changed_report, changed = clocked(lambda: S.sync_folder(store, folder))
    if len(changed_report.updated) != changed_count or len(changed_report.removed) != removed_count:
        raise SystemExit(f"the sync after changes: {len(changed_report.updated)} updated, {len(changed_report.removed)} removed")
    say(f"    {changed_count} changed + {removed_count} removed: {changed.wall * 1000:.0f} ms wall, {changed.cpu * 1000:.0f} ms CPU")
    changed_profile = ""
    if changed_count and removed_count and n >= 4 * (changed_count + removed_count):
        # Once more under cProfile, with the next files: where a sync of changes spends its time.
        for path in paths[changed_count:2 * changed_count]:
            path.write_text(path.read_text(encoding="utf-8") + "\nA second correction.\n", encoding="utf-8")
        for path in paths[-2 * removed_count:-removed_count]:
            path.unlink()
        changed_profile = profile(lambda: S.sync_folder(store, folder), 12)

    # (c) reads at m articles.
    say(f"(c) reads at {m:,} articles ...")
    small_folder = work / "articles-small"
    small_paths = write_articles(small_folder, m, args.seed)
    small = S.open_store(work / "store-small" / "articles.sqlite3")
    small_report, small_import = clocked(lambda: S.sync_folder(small, small_folder))
    say(f"    synced {len(small_report.added):,} in {small_import.wall:.1f} s ({m / small_import.wall:.0f}/s)")
    if m <= n:  # the same files' excerpts, as linked for (a)'s baseline (before (b) edited some of (a)'s files)
        names = {path.name for path in small_paths}
        small_linked = [item for item in linked if item.article.file_name in names]
    else:
        small_linked = link_articles(load_articles(small_folder)[0], index)
    rows: list[QueryRow] = []
    cases = [(f"{island}, {language or 'all languages'}", island, language, None)
             for island in ISLANDS for language in LANGUAGE_FILTERS]
    cases += [(f"search {what}: “{query}” ({SEARCH_ISLAND})", SEARCH_ISLAND, None, query) for what, query in SEARCHES]
    runs = args.query_runs
    for label, island, language, query in cases:
        ours = store_page(small, island, 1, language, query)
        theirs = baseline_page(small_linked, island, 1, language, query)
        agrees = "yes" if ours == theirs else _difference(ours, theirs)
        row = QueryRow(
            label,
            store=repeat(lambda: store_page(small, island, 1, language, query), runs),
            panel=repeat(lambda: app_panel(store_page, small, island, language, query), runs),
            baseline=repeat(lambda: baseline_page(small_linked, island, 1, language, query), runs),
            baseline_panel=repeat(lambda: app_panel(baseline_page, small_linked, island, language, query), runs),
            total=ours[1], agrees=agrees,
            store_large=repeat(lambda: app_panel(store_page, store, island, language, query), 5, warm=1),
        )
        rows.append(row)
        say(f"    {label}: store {row.store.p50:.1f} ms (panel {row.panel.p50:.1f}), baseline {row.baseline.p50:.1f} ms "
            f"(panel {row.baseline_panel.p50:.1f}); at {n:,}: panel {row.store_large.p50:.1f} ms; {row.total} found; agrees: {agrees}")
    list_rows = []
    for what, query in SEARCHES:
        timings = repeat(lambda: S.articles_page(small, 1, None, query), runs)
        list_rows.append((what, query, timings, S.articles_page(small, 1, None, query).total))
    extra["breakdowns"] = []
    for label, island, language, query in (cases[0], cases[len(ISLANDS) * len(LANGUAGE_FILTERS)]):
        total, statements = statement_breakdown(small.path, island, language, query)
        extra["breakdowns"].append((label, total, statements))
        say(f"    where the time goes, {label}: {total:.1f} ms per panel; "
            + "; ".join(f"{ms:.1f} ms {sql[:50]}" for sql, ms, _calls, _plan in statements[:4]))
    slow = [row for row in rows if row.panel.p50 > STORE_SHARE_MS]
    query_profile = ""
    if slow:
        worst = max(slow, key=lambda row: row.panel.p50)
        case = next(case for case in cases if case[0] == worst.label)
        say(f"    slowest panel over {STORE_SHARE_MS:.0f} ms ({worst.label}): profiling 20 calls ...")
        query_profile = f"{worst.label}, 20 panels:\n" + profile(
            lambda: [app_panel(store_page, small, case[1], case[2], case[3]) for _ in range(20)], 10)

    # (d) hostile files.
    hostile = []
    if not args.no_hostile:
        say(f"(d) hostile files of {HOSTILE_BYTES:,} bytes ...")
        for kind in HOSTILE_KINDS:
            raw = hostile_article(HOSTILE_BYTES, kind)
            name = f"2026-01-01-hostile-{kind}.txt"
            target = S.open_store(work / f"store-hostile-{kind}" / "articles.sqlite3")
            try:
                _, added = clocked(lambda: S.add_file(target, raw, name, origin="cli", index=index))
            except (ArticleError, S.Refused) as err:
                hostile.append((kind, len(raw), None, None, None, getattr(err, "reason", str(err))))
                say(f"    {kind}: refused: {getattr(err, 'reason', err)}")
                continue
            parsed_article, in_memory = clocked(lambda: link_articles([parse_article(raw, name)], index))
            read_ms = repeat(lambda: app_panel(store_page, target, "kunashir", None, "kunashir"), 5, warm=1)
            sizes_hostile = S.counts(target)
            hostile.append((kind, len(raw), added, in_memory, read_ms, sizes_hostile))
            say(f"    {kind}: add_file {added.wall:.2f} s ({added.cpu:.2f} CPU), in memory {in_memory.wall:.2f} s; "
                f"panel with search {read_ms.p50:.1f} ms; {sizes_hostile['excerpts']} excerpts, {sizes_hostile['mentions']:,} mentions")

    load_after = load_average()
    elapsed = time.perf_counter() - started
    markdown = report_markdown(args, n, m, text_bytes, imported, sizes, baseline, parsed, link_clock, len(linked),
                               baseline_mentions, import_shares, import_profile, unchanged, unchanged_wall, unchanged_cpu,
                               unchanged_profile, changed_count, removed_count, changed, small_import, rows, list_rows,
                               query_profile, hostile, notes, load_before, load_after, elapsed, extra | {"changed_profile": changed_profile})
    if not args.no_write:
        write_section("store", markdown, args.results)
        say(f"wrote the section `store` of {args.results}")
    return 0


def _difference(ours, theirs) -> str:
    parts = []
    if ours[1] != theirs[1]:
        parts.append(f"total {ours[1]} vs {theirs[1]}")
    if ours[2] != theirs[2]:
        parts.append(f"languages {ours[2]} vs {theirs[2]}")
    if ours[0] != theirs[0]:
        parts.append(f"page ids differ (first: {ours[0][:1]} vs {theirs[0][:1]})")
    return "NO: " + "; ".join(parts)


def report_markdown(args, n, m, text_bytes, imported, sizes, baseline, parsed, link_clock, excerpt_count, baseline_mentions,
                    import_shares, import_profile, unchanged, unchanged_wall, unchanged_cpu, unchanged_profile,
                    changed_count, removed_count, changed, small_import, rows, list_rows, query_profile, hostile, notes,
                    load_before, load_after, elapsed, extra) -> str:
    def ratio(ours: float, theirs: float) -> str:
        return f"{ours / theirs:.2f}×" if theirs else "n/a"

    def verdict(ok: bool) -> str:
        return "met" if ok else "missed"

    rate = n / imported.wall
    print()
    import_headers = ["(a) import", "store: `sync_folder`", "baseline: `load_articles` + `link_articles`", "store / baseline",
                      "target", ""]
    import_rows = [
        [f"{n:,} articles, wall", f"{imported.wall:.1f} s", f"{baseline.wall:.1f} s ({parsed.wall:.1f} parse + "
         f"{link_clock.wall:.1f} link)", ratio(imported.wall, baseline.wall), "", ""],
        ["articles per second (wall)", f"{rate:.0f}", f"{n / baseline.wall:.0f}", ratio(rate, n / baseline.wall),
         f"≥ {IMPORT_TARGET_PER_S:.0f}", verdict(rate >= IMPORT_TARGET_PER_S)],
        ["CPU seconds (`process_time`)", f"{imported.cpu:.1f} s", f"{baseline.cpu:.1f} s ({parsed.cpu:.1f} + {link_clock.cpu:.1f})",
         ratio(imported.cpu, baseline.cpu), "", ""],
        ["CPU per article", f"{imported.cpu / n * 1000:.2f} ms", f"{baseline.cpu / n * 1000:.2f} ms", ratio(imported.cpu, baseline.cpu),
         f"≤ {1000 / IMPORT_TARGET_PER_S:.0f} ms", verdict(imported.cpu / n <= 1 / IMPORT_TARGET_PER_S)],
        ["excerpts", f"{sizes['excerpts']:,}", f"{excerpt_count:,}", "", "", ""],
        ["mentions", f"{sizes['mentions']:,}", f"{baseline_mentions:,}", "", "", ""],
        ["bytes (database + WAL, `counts`)", f"{sizes['bytes']:,}", f"{text_bytes:,} (the article files)",
         ratio(sizes["bytes"], text_bytes), "", ""],
        ["bytes per article", f"{sizes['bytes'] / n:,.0f}", f"{text_bytes / n:,.0f}", "", "", ""],
        ["of which the WAL file (after the sync)", f"{extra['files'][1]:,}", "", "", "", ""],
    ]
    print_table(import_headers, import_rows)
    start_rows = [
        [f"nothing changed, {n:,} files: wall, median of {len(unchanged)}", f"{unchanged_wall * 1000:.0f} ms",
         f"{baseline.wall:.1f} s (every start parsed and linked everything)", ratio(unchanged_wall, baseline.wall),
         f"≤ {UNCHANGED_TARGET_S:.0f} s", verdict(unchanged_wall <= UNCHANGED_TARGET_S)],
        ["nothing changed: CPU, median", f"{unchanged_cpu * 1000:.0f} ms", f"{baseline.cpu:.1f} s", ratio(unchanged_cpu, baseline.cpu),
         "", ""],
        ["nothing changed: per file (wall)", f"{unchanged_wall / n * 1e6:.0f} µs", "", "", "", ""],
        [f"{changed_count} files changed + {removed_count} removed, then sync", f"{changed.wall * 1000:.0f} ms wall, "
         f"{changed.cpu * 1000:.0f} ms CPU", "", "", "", ""],
    ]
    print()
    start_headers = ["(b) start-up sync", "store", "baseline", "store / baseline", "target", ""]
    print_table(start_headers, start_rows)
    query_headers = ["(c) read at " + f"{m:,} articles", "store: one call p50 / p95", "store: app's panel p50 / p95",
                     "panel CPU p50", "baseline: one call p50 / p95", "baseline: panel p50", "store / baseline (panel)",
                     f"store panel at {n:,}", "found", "same answer"]
    query_rows = [
        [row.label, f"{row.store.p50:.2f} / {row.store.p95:.2f} ms", f"{row.panel.p50:.2f} / {row.panel.p95:.2f} ms",
         f"{row.panel.cpu:.2f} ms", f"{row.baseline.p50:.2f} / {row.baseline.p95:.2f} ms", f"{row.baseline_panel.p50:.2f} ms",
         ratio(row.panel.p50, row.baseline_panel.p50), f"{row.store_large.p50:.2f} ms", row.total, row.agrees]
        for row in rows
    ]
    print()
    print_table(query_headers, query_rows)
    worst_panel = max(row.panel.p95 for row in rows)
    list_headers = ["\"All articles\" search (`articles_page`)", "query", "p50 / p95", "articles found"]
    list_table = [[what, query, f"{timings.p50:.2f} / {timings.p95:.2f} ms", total] for what, query, timings, total in list_rows]
    print()
    print_table(list_headers, list_table)
    hostile_headers = ["(d) hostile file", "bytes", "`add_file` wall / CPU", "parse + link in memory", "store / memory",
                       "panel + search after", "excerpts", "mentions", "database bytes"]
    hostile_rows = [[kind, f"{size:,}", f"{added.wall:.2f} / {added.cpu:.2f} s", f"{memory.wall:.2f} s",
                     ratio(added.wall, memory.wall), f"{read.p50:.1f} ms", counted["excerpts"], f"{counted['mentions']:,}",
                     f"{counted['bytes']:,}"] if added is not None else [kind, f"{size:,}", f"refused: {counted}", "", "", "", "", "", ""]
                    for kind, size, added, memory, read, counted in hostile]
    if hostile_rows:
        print()
        print_table(hostile_headers, hostile_rows)
    print(f"\nload average (1/5/15 min) before {load_before}, after {load_after}; {elapsed:.0f} s in all")

    out = ["## Article store", "", machine_summary() + f" Load average (1/5/15 min) {load_before} before, {load_after} after; "
           f"{elapsed:.0f} s in all. Linker version {linking.LINKER_VERSION}.", ""]
    out += [f"**Note:** {note}" for note in notes] + ([""] if notes else [])
    out += [
        f"`python -m bench.store` (defaults: `--articles {DEFAULT_ARTICLES}`, `--query-articles {DEFAULT_QUERY_ARTICLES}`); "
        f"this run: {n:,} and {m:,} articles from `bench/articles.py` (seed {args.seed}: ~60 % English, 25 % Russian, "
        "15 % Japanese, 4-15 paragraphs, a third of them naming no place), one process, a temporary store. The place "
        "index is built before anything is timed. CPU seconds are `time.process_time()` (SQLite runs in the process), "
        "less dependent on the machine's load than wall time.",
        "",
        markdown_table(import_headers, import_rows),
        "",
    ]
    if extra["tables"]:
        whole = sum(size for _name, size in extra["tables"]) or 1
        out.append(f"The {n:,}-article database by table and index (SQLite's `dbstat`): " + "; ".join(
            f"`{name}` {size / 1e6:.1f} MB ({size / whole:.0%})" for name, size in extra["tables"][:9]) + ".")
        out.append("")
    if import_shares:
        total, shares = import_shares
        out.append(f"Import, where the time goes (cProfile of a sync of {min(300, n)} new files, {total:.2f} s under the "
                   "profiler; cumulative time of each part): "
                   + "; ".join(f"{label} {seconds / total:.0%}" for label, seconds in shares.items()) + ".")
        out += ["", "<details><summary>cProfile, top functions</summary>", "", "```", import_profile, "```", "", "</details>", ""]
    out += [markdown_table(start_headers, start_rows), ""]
    if unchanged_profile:
        out += ["<details><summary>cProfile of a sync with nothing changed</summary>", "", "```", unchanged_profile, "```", "",
                "</details>", ""]
    if extra.get("changed_profile"):
        out += [f"<details><summary>cProfile of a second sync of {changed_count} changed + {removed_count} removed files</summary>",
                "", "```", extra["changed_profile"], "```", "", "</details>", ""]
    out += [
        f"(c) Reads at {m:,} articles (a store synced from the first {m:,} files, in {small_import.wall:.1f} s: "
        f"{m / small_import.wall:.0f}/s), {args.query_runs} timed calls each after 2 untimed. \"One call\": "
        "`excerpts_for_island(page=1)`; \"app's panel\": the calls `app.island_excerpts` makes per run (the page with "
        "the languages matching the query, and the island's total when a filter is on). Baseline: `geo.linking.excerpts_for` over the in-memory "
        "linked excerpts of the same articles, then the language filter, the search (every folded term a substring of "
        "the folded text) and the page; its load and link cost per start is (a)'s. \"Same answer\": the store's total, "
        f"languages and page of ids equal the baseline's. Last column but two: the same panel on (a)'s {n:,}-article store. "
        f"Target: click → panel and search → results ≤ {PANEL_TARGET_MS:.0f} ms in the browser (bench/streamlit.py "
        f"`--articles`), of which the store's share should be a few ms (here: ≤ {STORE_SHARE_MS:.0f} ms): worst panel p95 "
        f"{worst_panel:.1f} ms, {verdict(worst_panel <= STORE_SHARE_MS)}.",
        "",
        markdown_table(query_headers, query_rows),
        "",
        markdown_table(list_headers, list_table),
        "",
    ]
    for label, total, statements in extra["breakdowns"]:
        out.append(f"Where the time of one panel goes ({label}, at {m:,} articles; each statement timed with its rows "
                   f"fetched, mean of 10 panels): {total:.1f} ms in all.")
        out.append("")
        out.append(markdown_table(["statement (as `geo/store/read.py` sends it)", "ms per panel", "calls", "query plan"], [
            [f"`{sql[:110]}{'…' if len(sql) > 110 else ''}`", f"{ms:.2f}", f"{calls:g}", "; ".join(plan or [])]
            for sql, ms, calls, plan in statements]))
        out.append("")
    if query_profile:
        out += ["<details><summary>cProfile of the slowest panel</summary>", "", "```", query_profile, "```", "", "</details>", ""]
    if hostile_rows:
        out += [f"(d) One hostile file of ~{HOSTILE_BYTES:,} bytes per kind (`bench.articles.hostile_article`: names packed in "
                f"{max(1000, HOSTILE_BYTES // 400):,}-byte paragraphs; names broken by long runs of spaces and hyphens; one 1 MB paragraph), `add_file` into an "
                "empty store, beside parsing and linking it in memory; then Kunashir's panel searching \"kunashir\".", "",
                markdown_table(hostile_headers, hostile_rows), ""]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
