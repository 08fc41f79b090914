"""The export with many articles: size and first paint beside the seed-only export: ``python -m bench.export_articles``.

Exports are built from a throwaway article store holding the seed plus N synthetic articles
(``bench/articles.py``), the newest N first, as ``python -m layers.export --limit N`` does. Size is the file's
bytes (load-independent); first paint is navigation start → every island path drawn, median of ``--runs``
loads with every request off the machine blocked (``bench/export.py``'s probe), and panel → the time from
opening ``#island=kunashir`` to its first page of excerpts in the panel.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.articles import write_articles
from bench.export import first_paint_ms
from bench.results import load_average, machine_summary, markdown_table, print_table, write_section
from geo import store as article_store
from geo.paths import seeds_dir
from layers.export import build_export, export_frames

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # tests/browser.py: the tests' Chromium settings

PANEL_JS = """async () => {
  const started = performance.now();
  location.hash = "#island=kunashir";  // as a link does: the host shows the island's panel
  while (!document.querySelector(".kuril-panel-related .kuril-excerpt")) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (performance.now() - started > 10000) return null;
  }
  return performance.now() - started;
}"""


def panel_ms(browser, path: Path, runs: int) -> float | None:
    """Return the median time from choosing Kunashir to its first excerpts in the export's panel."""
    from browser import VIEWPORT

    times = []
    for _ in range(runs):
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("() => window.kurilMap !== undefined", timeout=10_000)
        value = page.evaluate(PANEL_JS)
        if value is not None:
            times.append(value)
        page.close()
    return statistics.median(times) if times else None


def export_of(count: int, folder: Path) -> tuple[Path, int]:
    """Write the export of the seed plus ``count`` generated articles; return its path and its article count."""
    seeds = folder / f"seeds-{count}"
    shutil.copytree(seeds_dir(), seeds)
    if count:
        write_articles(seeds, count)
    store = article_store.open_store(folder / f"store-{count}.sqlite3")
    article_store.sync_folder(store, seeds)
    linked = article_store.linked_articles(store)
    path = folder / f"export-{count}.html"
    path.write_text(build_export(linked=linked).html, encoding="utf-8")
    return path, len({item.article.id for item in linked})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[0, 200, 2000], help="generated articles per export")
    parser.add_argument("--runs", type=int, default=5, help="page loads per export for each median")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, CHROMIUM_PATH

    before = load_average()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)
        chain, context = export_frames()
        baseline_bytes = None
        for count in args.counts:
            path, articles = export_of(count, Path(tmp))
            size = path.stat().st_size
            baseline_bytes = baseline_bytes or size
            paint, note = first_paint_ms(browser, path, len(chain) + len(context), args.runs)
            panel = panel_ms(browser, path, args.runs)
            rows.append([
                "seed only" if not count else f"seed + {count:,}", f"{articles:,}", f"{size / 1e6:.2f} MB",
                f"{size / baseline_bytes:.1f}×", f"{paint:.0f} ms" if paint else f"— ({note})",
                f"{panel:.0f} ms" if panel else "—",
            ])
            print(f"measured {rows[-1][0]}", file=sys.stderr)
        browser.close()
    headers = ["export", "articles", "size", "size vs seed only", "first paint (median)", "Kunashir → panel (median)"]
    print_table(headers, rows)
    if not args.no_write:
        write_section("export-articles", "\n".join([
            "## Export with many articles",
            "",
            f"`python -m bench.export_articles` (issue 10). {machine_summary()} Load average {before} before the run, "
            f"{load_average()} after. Medians of {args.runs} loads in Debian Chromium, every request off the machine "
            "blocked. The panel pages in the browser (10 at a time), so its time stays flat; the file's size and its "
            "first paint grow with the articles (every excerpt and each island's list of them is JSON in the page).",
            "",
            markdown_table(headers, rows),
        ]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
