"""One self-contained HTML file: the map, its article panel, Leaflet and every asset inlined.

    python -m layers.export --out kurils.html [--lang en|ru|ja] [--labels en|ru|ja|en+ja|en+ru] [--tiles|--no-tiles]
                            [--db PATH | --articles DIR] [--since DATE] [--until DATE] [--language en|ru|ja] [--limit N]
                            [--view neutral|russia|japan | --year YEAR | --step ID]

Articles come from the article store (``geo.store``; ``seeds/`` is synced into it first), or from a folder
with ``--articles DIR`` (read into a throwaway store); ``--since``/``--until``/``--language``/``--limit``
choose which, newest first.

The file loads nothing from the network (unless web tiles are switched on,
and even then only when the reader ticks them), so it can be e-mailed and
opened on a classroom computer with no internet. Its size is kept down by
simplifying the island coastlines and rounding coordinates, to the setting
chosen with ``bench/export.py`` (figures in ``bench/RESULTS.md``, "Export"), by
sending every coast once (one topology of shared arcs: ``layers.map.topology``),
packing the page's data (``layers.payload``) and minifying its scripts (``layers.minify``).

The file carries the map client (``layers.client``) and the classroom controls (``layers.export.host``): the three
points of view, every period of the timeline, the guided tour, large type and
the distances table, in English, Russian and Japanese (``--lang`` is the language it opens in, ``#lang=`` and
the switch in its panel change it); ``view``/``period``/``step`` choose what it opens on, and
``#view=``, ``#year=``, ``#step=``, ``#island=``, ``#lang=`` links override that.
More elements plug in through ``build_export(..., extra_elements=[...])`` and
``render_map`` keywords (``map_options``); the CLI's parser is built by :func:`build_parser`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import Element

from geo.articles import Article, ArticleProblem, load_articles
from geo.history import UnknownPeriodError, period_ids
from geo.islands import context_land, islands, simplified
from geo import paths
from geo import store as article_store
from geo.linking import LinkedExcerpt, link_articles
from geo.paths import SEEDS_DIR
from geo.tour import UnknownStepError
from geo.views import UnknownViewError, view_ids
from geo.languages import LANGUAGES, check_language
from layers.client import APP_LABEL_LANGUAGES, client_map, stable_names
from layers.i18n import text
from layers.export.host import add_host, host_data, initial_state
from layers.html_io import ExportError, write_atomic
from layers.map import COORDINATE_DECIMALS as MAX_DECIMALS
from layers.text import parse_lang
from layers.vendor.assets import inline_html

__all__ = [
    "EXPORT_DECIMALS",
    "EXPORT_TOLERANCE_DEG",
    "Export",
    "build_export",
    "build_parser",
    "export_frames",
    "export_html",
    "export_map",
    "load_export_articles",
    "main",
]

#: Douglas-Peucker tolerance for the islands' coastlines, in degrees (0.0005° ≈ 40 m east-west, 56 m north-south here)
#: and decimals of every coordinate (1e-4° ≈ 8 m by 11 m). Chosen with bench/export.py (bench/RESULTS.md, "Export"):
#: the lightest setting whose disputed coastlines stay within one screen pixel at zoom 10 (110 m; measured 58 m)
#: and areas within 0.5 % (measured 0.11 % at worst, the Habomai islets); it draws 44 % fewer vertices than full resolution.
EXPORT_TOLERANCE_DEG = 0.0005
EXPORT_DECIMALS = 4
#: The measuring tool (layers.map.measure, ~13 kB) is on.
EXPORT_MEASURE_CONTROL = True
#: What the file may weigh (issue 13): the geometry is one topology of shared arcs and the page's data is packed
#: (layers.payload), so the whole file with views, periods, tour, panel and the seed article, and the coarse level of
#: detail, is about 0.42 MB (bench/RESULTS.md, "Export"). The CLI says when an export is over it.
SIZE_BUDGET_BYTES = 600_000

#: Adds something to the export map: called with the map and the (simplified) islands, after the map is built.
ExtraElement = Callable[[folium.Map, gpd.GeoDataFrame], Any]


@dataclass(frozen=True)
class Export:
    """An export's page and what went into it: the articles shown and the files that could not be read."""

    html: str
    articles: list[Article] = field(default_factory=list)
    problems: list[ArticleProblem] = field(default_factory=list)

    @property
    def size_bytes(self) -> int:
        """Return the page's size in bytes, UTF-8 encoded (as written)."""
        return len(self.html.encode("utf-8"))


def _snapped(frame: gpd.GeoDataFrame, decimals: int) -> gpd.GeoDataFrame:
    """Return ``frame`` with coordinates on a ``10**-decimals`` grid; a part too small for the grid keeps its shape."""
    result = frame.copy()
    geometry = result.geometry.values
    snapped = shapely.set_precision(geometry, 10.0**-decimals)
    # set_precision keeps polygons valid, dropping any that collapse; a feature must never vanish.
    result[result.geometry.name] = gpd.GeoSeries(
        [old if new.is_empty else new for old, new in zip(geometry, snapped)], index=result.index, crs=result.crs
    )
    return result


def export_frames(
    tolerance_deg: float = EXPORT_TOLERANCE_DEG, decimals: int = EXPORT_DECIMALS
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return the islands (simplified to ``tolerance_deg``) and the context land, both on a ``decimals`` grid.

    Island properties (areas, names) stay those of the full-resolution data.
    """
    if not 1 <= decimals <= MAX_DECIMALS:
        raise ValueError(f"coordinate decimals must be between 1 and {MAX_DECIMALS} (layers.map.COORDINATE_DECIMALS), got {decimals}")
    if tolerance_deg < 0:
        raise ValueError(f"simplification tolerance must be 0 or more degrees, got {tolerance_deg}")
    return _snapped(simplified(islands(), tolerance_deg), decimals), _snapped(context_land(), decimals)


def load_export_articles(
    articles_dir: Path | str = SEEDS_DIR, extra_articles: Iterable[Article] = ()
) -> tuple[list[Article], list[ArticleProblem]]:
    """Return the articles of ``articles_dir`` plus ``extra_articles`` (same id: the extra one wins), and the files that failed."""
    try:
        articles, problems = load_articles(articles_dir)
    except NotADirectoryError as err:
        raise ExportError(f"{err}; pass --articles with a folder of .txt/.md articles") from err
    by_id = {article.id: article for article in articles}
    for article in extra_articles:
        by_id[article.id] = article
    return list(by_id.values()), problems


def export_map(
    articles: Sequence[Article],
    *,
    lang: str = "en",
    web_tiles: bool = False,
    tolerance_deg: float = EXPORT_TOLERANCE_DEG,
    decimals: int = EXPORT_DECIMALS,
    measure_control: bool = EXPORT_MEASURE_CONTROL,
    extra_elements: Iterable[ExtraElement] = (),
    map_options: Mapping[str, Any] | None = None,
    view: str = "neutral",
    period: int | str | None = None,
    step: str | None = None,
    linked: Sequence[LinkedExcerpt] | None = None,
    labels: str | None = None,
) -> folium.Map:
    """Return the export's folium map: the client's map on the lighter frames, with the panel and classroom controls.

    ``lang`` is the interface language the file opens in (en, ru, ja; the reader switches in the panel or with
    ``#lang=``); ``labels`` the island names' language (one, or two joined by ``+``), by default the interface's.

    The panel replaces the map's popups (it shows the fact sheet beside the map). ``map_options`` are passed on to
    ``render_map``; each of ``extra_elements`` is called with the map and the islands once the map is built.
    ``view`` (neutral, russia, japan), ``period`` (a year or a period id) or ``step`` (a tour step id) is what the
    file opens on; the map is drawn in the neutral view and the client switches it in the browser. ``linked``
    (excerpts already linked, e.g. read from the store) is used instead of linking ``articles``.
    """
    check_language(lang)
    if labels is not None:
        parse_lang(labels)
    initial = initial_state(view, period, step)
    if {"view", "period"} & set(map_options or {}):
        # The client switches states in the browser from the neutral map; a map drawn in another state has no claim layer.
        raise ValueError("pass view and period to export_map itself, not in map_options (the file opens on them)")
    chain, context = export_frames(tolerance_deg, decimals)
    label_languages = [labels or lang, *APP_LABEL_LANGUAGES]
    m = client_map(
        chain, context, label_languages=label_languages, web_tiles=web_tiles, measure=measure_control, ui=lang,
        decimals=decimals, **dict(map_options or {}),
    )
    m.get_root().header.add_child(
        Element('<meta name="viewport" content="width=device-width, initial-scale=1">'), name="viewport"
    )
    m.get_root().title = text("export.pageTitle", lang)
    for add in extra_elements:
        add(m, chain)
    linked = link_articles(list(articles)) if linked is None else list(linked)
    add_host(m, host_data(linked, chain, lang=lang, labels=labels, initial=initial, web_tiles=web_tiles))
    return stable_names(m)


def build_export(
    *,
    lang: str = "en",
    web_tiles: bool = False,
    articles_dir: Path | str = SEEDS_DIR,
    extra_articles: Iterable[Article] = (),
    tolerance_deg: float = EXPORT_TOLERANCE_DEG,
    decimals: int = EXPORT_DECIMALS,
    measure_control: bool = EXPORT_MEASURE_CONTROL,
    extra_elements: Iterable[ExtraElement] = (),
    map_options: Mapping[str, Any] | None = None,
    view: str = "neutral",
    period: int | str | None = None,
    step: str | None = None,
    linked: Sequence[LinkedExcerpt] | None = None,
    labels: str | None = None,
) -> Export:
    """Return the export (page, articles, unreadable files) for these options; see :func:`export_map`.

    ``linked`` (excerpts read from the store) replaces reading ``articles_dir``.
    """
    check_language(lang)
    if labels is not None:
        parse_lang(labels)
    initial_state(view, period, step)  # a wrong view, period or step is refused before the articles are read
    if linked is not None:
        articles, problems = list({item.article.id: item.article for item in linked}.values()), []
    else:
        articles, problems = load_export_articles(articles_dir, extra_articles)
    m = export_map(
        articles,
        lang=lang,
        web_tiles=web_tiles,
        tolerance_deg=tolerance_deg,
        decimals=decimals,
        measure_control=measure_control,
        extra_elements=extra_elements,
        map_options=map_options,
        view=view,
        period=period,
        step=step,
        linked=linked,
        labels=labels,
    )
    return Export(html=inline_html(m), articles=articles, problems=problems)


def export_html(
    *,
    lang: str = "en",
    web_tiles: bool = False,
    articles_dir: Path | str = SEEDS_DIR,
    extra_articles: Iterable[Article] = (),
    view: str = "neutral",
    period: int | str | None = None,
    step: str | None = None,
    linked: Sequence[LinkedExcerpt] | None = None,
    labels: str | None = None,
) -> str:
    """Return the map, its article panel and classroom controls as one self-contained HTML page.

    ``lang`` is the interface language it opens in, ``labels`` the island names' (by default the interface's);
    ``view``, ``period`` and ``step`` choose what it opens on (see :func:`export_map`; :func:`build_export` has more options).
    """
    return build_export(
        lang=lang, web_tiles=web_tiles, articles_dir=articles_dir, extra_articles=extra_articles,
        view=view, period=period, step=step, linked=linked, labels=labels,
    ).html


def format_size(size_bytes: int) -> str:
    """Return ``"812.3 kB (812,345 bytes)"``; kB and MB are decimal, as the 1.0 MB budget is."""
    if size_bytes >= 1_000_000:
        return f"{size_bytes / 1_000_000:.2f} MB ({size_bytes:,} bytes)"
    return f"{size_bytes / 1000:.1f} kB ({size_bytes:,} bytes)"


def build_parser() -> argparse.ArgumentParser:
    """Return the command line's parser (a later option such as ``--view`` is one ``add_argument`` here)."""
    parser = argparse.ArgumentParser(
        prog="python -m layers.export",
        description="Write the Kuril Islands map and its article panel as one HTML file that works with no network.",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="PATH", help="the HTML file to write, e.g. kurils.html")
    parser.add_argument("--lang", default="en", choices=LANGUAGES,
                        help="the interface language the file opens in (the reader switches in its panel; default: en)")
    parser.add_argument(
        "--labels", default=None, metavar="LANG",
        help="island label language: en, ru, ja, or two joined by '+', e.g. en+ja (default: the interface's)",
    )
    source = parser.add_argument_group("which articles (newest first)")
    where = source.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, metavar="PATH",
                       help="the article store (default: $KURIL_STORE, else var/articles.sqlite3), synced with seeds/ first")
    where.add_argument("--articles", type=Path, metavar="DIR", help="a folder of .txt/.md articles instead of the store")
    source.add_argument("--since", type=_date, metavar="DATE", help="only articles dated on or after DATE (YYYY-MM-DD)")
    source.add_argument("--until", type=_date, metavar="DATE", help="only articles dated on or before DATE (YYYY-MM-DD)")
    source.add_argument("--language", choices=("en", "ru", "ja"), help="only articles in this language")
    source.add_argument("--limit", type=_positive, metavar="N", help="at most the N newest articles")
    parser.add_argument(
        "--tiles",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="offer OpenStreetMap/Esri web tiles as layers the reader can switch on (they need internet; default: off)",
    )
    opening = parser.add_argument_group("what the file opens on (the reader can switch; #view=, #year=, #step= links too)")
    opening.add_argument(
        "--view", default="neutral", metavar="VIEW", help=f"point of view: {', '.join(view_ids())} (default: neutral)"
    )
    opening.add_argument(
        "--year", metavar="YEAR", help="a period of history: a year (the period in force then) or a period id, e.g. 1905"
    )
    opening.add_argument("--step", metavar="ID", help="a step of the guided tour (data/tour.json), e.g. portsmouth")
    return parser


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD, e.g. 2025-07-15") from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return int(value)


def chosen_articles(args: argparse.Namespace, say: Callable[[str], None]) -> tuple[list[LinkedExcerpt], list[ArticleProblem]]:
    """Return the excerpts the command line chose (from the store, or a folder read into a throwaway store) and the
    files that could not be read; the store is synced with the seeds folder first."""
    with tempfile.TemporaryDirectory(prefix="kuril-export-") as scratch:
        if args.articles is not None:
            say(f"Reading articles from {args.articles} ...")
            store, folder = article_store.open_store(Path(scratch) / "articles.sqlite3"), args.articles
        else:
            store, folder = article_store.open_store(args.db or paths.store_path()), paths.seeds_dir()
            say(f"Reading articles from the store {store.name} (synced with {folder.name}/) ...")
        try:
            report = article_store.sync_folder(store, folder)
        except NotADirectoryError as err:
            raise ExportError(f"{err}; pass --articles with a folder of .txt/.md articles") from err
        linked = article_store.linked_articles(store, since=args.since, until=args.until, language=args.language,
                                               limit=args.limit)
    return linked, report.problems


def _check_opening(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Exit with 2 and a message naming the accepted values when --view, --year or --step is wrong."""
    if args.step is not None and (args.year is not None or args.view != "neutral"):
        parser.error("--step sets the view and the year itself; give --step alone, or --view/--year")
    try:
        initial_state(args.view, args.year, args.step)
    except (UnknownViewError, UnknownPeriodError, UnknownStepError) as err:
        parser.error(str(err))
    except ValueError as err:
        parser.error(f"{err} (--view and --year)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return 0 on success, 2 when the file cannot be written or an option is wrong."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.labels is not None:
            parse_lang(args.labels)
    except ValueError as err:
        parser.error(f"{err} (--labels)")  # exits with 2 and the usage line
    _check_opening(parser, args)

    def say(message: str) -> None:
        print(message, flush=True)

    try:
        linked, problems = chosen_articles(args, say)
        for problem in problems:
            print(f"warning: article skipped: {problem.message}", file=sys.stderr, flush=True)
        count = len({item.article.id for item in linked})
        say(f"  {count} article(s), {len(linked)} excerpt(s)" + (f"; {len(problems)} file(s) skipped" if problems else ""))
        say(
            f"Building the map (interface {args.lang}, labels {args.labels or args.lang}, web tiles {'on' if args.tiles else 'off'}, "
            f"coastlines simplified to {EXPORT_TOLERANCE_DEG}°, {EXPORT_DECIMALS} decimals) ..."
        )
        opening = f"tour step {args.step}" if args.step else (f"year {args.year}" if args.year else f"{args.view} view")
        say(f"  opens on the {opening}; views, {len(period_ids())} periods and the tour are in the file")
        m = export_map((), lang=args.lang, labels=args.labels, web_tiles=args.tiles, view=args.view, period=args.year,
                       step=args.step, linked=linked)
        say("Inlining Leaflet and the plugins ...")
        page = inline_html(m)
        say(f"Writing {args.out} ...")
        target = write_atomic(args.out, page)
    except (ExportError, article_store.StoreError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    size = target.stat().st_size
    say(f"Wrote {target.resolve()} ({format_size(size)})")
    if size > SIZE_BUDGET_BYTES:
        print(f"note: the file is over the {format_size(SIZE_BUDGET_BYTES)} budget", file=sys.stderr)
    if args.tiles:
        say("Web tiles are offered as layers; offline, the vector map still shows.")
    return 0

