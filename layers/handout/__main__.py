"""``python -m layers.handout``: write a handout page (PNG or PDF) of any map state, or the tour booklet (PDF).

    python -m layers.handout --out kurils.pdf                                   # the neutral view, A4 portrait
    python -m layers.handout --out japan.png --view japan --lang ja --labels en+ja
    python -m layers.handout --out 1905.pdf --year 1905 --size a3 --landscape
    python -m layers.handout --out step.pdf --step portsmouth --island shikotan
    python -m layers.handout --out tour.pdf --tour --lang ru

The format follows the file's suffix. A wrong value, a wrong suffix or a path that cannot be written gets a message
and exit code 2; the file is written whole or not at all (``layers.html_io.write_atomic``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.datafile import DataFileError
from geo.languages import LANGUAGES
from layers.handout import SIZES, FontError, HandoutError, booklet_page_count, handout_bytes, tour_booklet_bytes
from layers.html_io import ExportError, write_atomic

SUFFIXES = {".png": "png", ".pdf": "pdf"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m layers.handout",
        description="Write a printable handout of the Kuril Islands map (PNG at 300 dpi or vector PDF), or the guided "
                    "tour as a PDF booklet.",
    )
    parser.add_argument("--out", required=True, type=Path, metavar="FILE", help="the file to write: .png or .pdf")
    parser.add_argument("--step", metavar="ID", help="a tour step (data/tour.json), e.g. portsmouth: brings its own view, year and extent")
    parser.add_argument("--view", default="neutral", metavar="VIEW", help="point of view: neutral, russia or japan (default: neutral)")
    parser.add_argument("--year", metavar="YEAR", help="a period of history: a year (the period in force then) or a period id, e.g. 1905")
    parser.add_argument("--island", metavar="ID", help="outline an island, e.g. kunashir (ids: data/islands.geojson)")
    parser.add_argument("--lang", default="en", choices=LANGUAGES, help="the language of the title, legend and notes (default: en)")
    parser.add_argument("--labels", metavar="LANG", help="island names: en, ru, ja or two joined by '+', e.g. en+ja (default: --lang)")
    parser.add_argument("--size", default="a4", choices=tuple(SIZES), help="paper size (default: a4)")
    parser.add_argument("--landscape", action="store_true", help="landscape instead of portrait")
    parser.add_argument("--tour", action="store_true", help="the whole guided tour as a PDF booklet: a cover and one page per step")
    return parser


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    """Return the output format; exit with 2 and a message for a wrong suffix or combination."""
    fmt = SUFFIXES.get(args.out.suffix.lower())
    if fmt is None:
        parser.error(f"--out {args.out}: the file name must end in .png or .pdf (the format follows it)")
    if args.tour:
        if fmt != "pdf":
            parser.error("--tour writes a PDF booklet: give --out a name ending in .pdf")
        if args.step or args.year or args.island or args.view != "neutral":
            parser.error("--tour draws every step with its own view and year; give it with --lang, --labels, --size, --landscape only")
    if args.step is not None and (args.year is not None or args.view != "neutral"):
        parser.error("--step sets the view and the year itself; give --step alone, or --view/--year")
    return fmt


def _unwritable(path: Path) -> str | None:
    """Return why ``path`` cannot be written, before any drawing (``write_atomic`` checks again when it writes)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return f"cannot write {path}: it is a folder, expected a file name"
    if not folder.is_dir():
        return f"cannot write {path}: the folder {folder} does not exist; create it first or choose another path"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot write {path}: the folder {folder} is not writable; choose another path"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return 0 when the file is written, 2 when a value is wrong or it cannot be written."""
    parser = build_parser()
    args = parser.parse_args(argv)
    fmt = _check(parser, args)
    problem = _unwritable(args.out)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        if args.tour:
            print(f"Drawing the tour booklet ({booklet_page_count()} pages: a cover and one per step) ...", flush=True)
            data = tour_booklet_bytes(ui=args.lang, labels=args.labels, size=args.size, landscape=args.landscape)
        else:
            data = handout_bytes(fmt, view=args.view, period=args.year, step=args.step, island=args.island, ui=args.lang,
                                 labels=args.labels, size=args.size, landscape=args.landscape)
    except HandoutError as err:
        parser.error(str(err))
    except (FontError, DataFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    try:
        target = write_atomic(args.out, data)
    except ExportError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"Wrote {target.resolve()} ({len(data) / 1000:,.1f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
