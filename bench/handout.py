"""Measure the printed handouts: one page (PDF and PNG) and the tour booklet, against a bare GeoDataFrame.plot().

    .venv/bin/python -m bench.handout [--runs 3] [--no-write]

Each figure is the median of ``--runs`` runs, wall time and CPU seconds (this process's, ``time.process_time``), in
one process after a warm-up page (the data, the states and the handouts' font loaded once, as in the app). Also the
first page of a fresh ``python -m layers.handout`` process (imports and data loading included, wall and CPU of the
child), and each PDF's size per page. Targets: a page in at most 3 s, the booklet in at most 30 s.

Baseline, same run: ``islands().plot()`` on an A4 figure saved as a PNG at 300 dpi, what a bare GeoPandas map of the
chain costs before any styling, labels, legend or text.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.results import load_average, machine_summary, markdown_table, print_table, write_section  # noqa: E402

PAGE_TARGET_S = 3.0
BOOKLET_TARGET_S = 30.0
A4_INCHES = (210 / 25.4, 297 / 25.4)


def timed(action: Callable[[], bytes], runs: int) -> tuple[float, float, bytes]:
    """Return the median wall time, the median CPU time (s) and the last result of ``runs`` calls of ``action``."""
    walls, cpus, result = [], [], b""
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def baseline_png() -> bytes:
    """A bare ``GeoDataFrame.plot()`` of the islands, saved as an A4 PNG at 300 dpi."""
    from matplotlib.figure import Figure

    from geo.islands import islands

    figure = Figure(figsize=A4_INCHES)
    ax = figure.add_axes((0.05, 0.05, 0.9, 0.9))
    islands().plot(ax=ax)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=300)
    return buffer.getvalue()


def cold_cli(out: Path, runs: int) -> tuple[float, float]:
    """Return the median wall and CPU time (s) of a fresh ``python -m layers.handout`` writing one PDF page."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run([sys.executable, "-m", "layers.handout", "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
        walls.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def pages_of(data: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.handout", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median); default 3")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md as it is")
    args = parser.parse_args(argv)

    from layers.handout import booklet_page_count, handout_bytes, tour_booklet_bytes

    warm_wall = time.perf_counter()
    handout_bytes("pdf")  # the data, the states and the font, loaded once as the app would
    warm_wall = time.perf_counter() - warm_wall
    cases = {
        "page, neutral view, A4 PDF": lambda: handout_bytes("pdf"),
        "page, neutral view, A4 PNG 300 dpi": lambda: handout_bytes("png"),
        "page, Japan's view, en+ja labels, A3 landscape PDF": lambda: handout_bytes("pdf", view="japan", ui="ja", labels="en+ja",
                                                                                     size="a3", landscape=True),
        "page, tour step (how-close), A4 PDF": lambda: handout_bytes("pdf", step="how-close"),
        "tour booklet, A4 PDF": lambda: tour_booklet_bytes(),
        "baseline: islands().plot(), A4 PNG 300 dpi": baseline_png,
    }
    rows, figures = [], {}
    for name, action in cases.items():
        wall, cpu, data = timed(action, args.runs)
        pages = pages_of(data) if data[:4] == b"%PDF" else 1
        figures[name] = (wall, cpu, len(data), pages)
        per_page = f"{len(data) / pages / 1000:,.0f} kB" if data[:4] == b"%PDF" else "(PNG)"
        rows.append([name, f"{wall:.2f}", f"{cpu:.2f}", pages, f"{len(data) / 1000:,.0f} kB", per_page])
        print(f"measured {name}", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory() as folder:
        cold_wall, cold_cpu = cold_cli(Path(folder) / "page.pdf", args.runs)
    rows.append(["fresh process: python -m layers.handout --out page.pdf", f"{cold_wall:.2f}", f"{cold_cpu:.2f}", 1, "", ""])
    headers = ["what", "wall s (median)", "CPU s (median)", "pages", "size", "PDF per page"]
    print_table(headers, rows)
    page_wall = figures["page, neutral view, A4 PDF"][0]
    png_wall = figures["page, neutral view, A4 PNG 300 dpi"][0]
    booklet_wall = figures["tour booklet, A4 PDF"][0]
    baseline_wall = figures["baseline: islands().plot(), A4 PNG 300 dpi"][0]
    verdict = (
        f"A page: **{page_wall:.2f} s** as PDF, **{png_wall:.2f} s** as PNG (target ≤ {PAGE_TARGET_S:.0f} s: "
        f"{'met' if max(page_wall, png_wall) <= PAGE_TARGET_S else 'missed'}); the booklet ({booklet_page_count()} pages): "
        f"**{booklet_wall:.1f} s** (target ≤ {BOOKLET_TARGET_S:.0f} s: {'met' if booklet_wall <= BOOKLET_TARGET_S else 'missed'}). "
        f"The bare `islands().plot()` PNG takes {baseline_wall:.2f} s: the styled page costs "
        f"{png_wall / baseline_wall:.1f}× it for the fills, hatches, land, lines, labels, legend and text. "
        f"The first page in a fresh process took {cold_wall:.2f} s (imports, data, font cache read); the warm-up page "
        f"of this run {warm_wall:.2f} s."
    )
    print("\n" + verdict)
    text = (
        "## Handouts\n\n"
        "The printed handouts (`python -m bench.handout`; `layers.handout`): one page and the tour booklet, median of "
        f"{args.runs} runs in one process after a warm-up page, wall and CPU seconds, and each PDF's size per page. "
        "Baseline, same run: `islands().plot()` on an A4 figure saved as a PNG at 300 dpi.\n\n"
        f"{machine_summary()} Load average {load_average()}.\n\n"
        f"{markdown_table(headers, rows)}\n\n{verdict}"
    )
    if not args.no_write:
        write_section("handout", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
