"""Streamlit: process start → map drawn, and click an island → its facts in the panel: ``python -m bench.streamlit``.

Measured in headless Chromium (Debian's, flags from tests/browser.py) for app.py and for the naive baseline
``bench/baseline_app.py`` (same map, rebuilt on every run, ``st_folium`` returning everything). Each app is
cold-started :data:`COLD_STARTS` times (a new ``streamlit run`` each time; the browser is already up),
then an island label is clicked :data:`CLICKS` times, alternating Kunashir and Iturup, and the time
until that island's fact sheet is visible is recorded. Figures go to bench/RESULTS.md.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.results import machine_summary, markdown_table, median, percentile, print_table, write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM_ARGS, CHROMIUM_PATH  # noqa: E402 - the test suite's browser flags, in one place

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
ISLANDS = ("kunashir", "iturup")
COLD_STARTS = 3
CLICKS = 20
COLD_START_TARGET_S = 4.0
CLICK_TARGET_MS = 400.0
TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def app_script(name: str) -> Iterator[Path]:
    """Yield the path to run for ``name`` ("app" or "baseline").

    Streamlit serves ``static/`` from beside the main script, so the baseline runs from a temporary
    folder holding links to it and to the repository's static/.
    """
    if name == "app":
        yield ROOT / "app.py"
        return
    folder = Path(tempfile.mkdtemp(prefix="kuril-baseline-"))
    try:
        (folder / "static").symlink_to(ROOT / "static", target_is_directory=True)
        (folder / "baseline_app.py").symlink_to(ROOT / "bench" / "baseline_app.py")
        yield folder / "baseline_app.py"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def streamlit_server(script: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start ``streamlit run script`` on a free port (cwd: the repository, for .streamlit/config.toml)."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    with log.open("w") as sink:
        process = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ})
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"streamlit did not answer at {url} within {TIMEOUT_S} s")


def label_anchor(island_id: str) -> tuple[str, str]:
    """Return the selectors of an island's label and of its marker, whose top-left corner lies inside the island.

    The label is drawn beside the island; its marker has no size and sits at the island's pole of
    inaccessibility, so a click there lands on the island (as tests/test_app_browser.py clicks).
    """
    label = f".kuril-label[data-island='{island_id}']"
    return label, f"{label} >> xpath=.."


def click_label(page, island_id: str) -> None:
    """Click inside an island, at its label's anchor."""
    label, anchor = label_anchor(island_id)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(label).wait_for(state="visible", timeout=TIMEOUT_S * 1000)
    box = frame.locator(anchor).bounding_box()
    page.mouse.click(box["x"], box["y"])


def facts_shown(page, island_id: str, timeout_s: float) -> bool:
    try:
        page.locator(f".kuril-popup[data-island='{island_id}']").first.wait_for(state="visible", timeout=timeout_s * 1000)
        return True
    except Exception:  # noqa: BLE001 - playwright's TimeoutError
        return False


@dataclass
class AppFigures:
    name: str
    healthy_s: list[float] = field(default_factory=list)
    cold_start_s: list[float] = field(default_factory=list)
    click_ms: list[float] = field(default_factory=list)
    missed_clicks: int = 0


def measure(browser, name: str, workdir: Path) -> AppFigures:
    figures = AppFigures(name)
    with app_script(name) as script:
        for attempt in range(COLD_STARTS):
            log = workdir / f"{name}-{attempt}.log"
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            started = time.perf_counter()
            with streamlit_server(script, log) as (url, process):
                wait_healthy(url, process, log)
                figures.healthy_s.append(time.perf_counter() - started)
                page.goto(url)
                page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").first.wait_for(timeout=TIMEOUT_S * 1000)
                figures.cold_start_s.append(time.perf_counter() - started)
                if attempt == COLD_STARTS - 1:
                    page.wait_for_timeout(1500)  # let the iframe settle its size before aiming at labels
                    for number in range(CLICKS):
                        island_id = ISLANDS[number % len(ISLANDS)]
                        clicked = time.perf_counter()
                        click_label(page, island_id)
                        if facts_shown(page, island_id, timeout_s=10):
                            figures.click_ms.append((time.perf_counter() - clicked) * 1000)
                        else:
                            figures.missed_clicks += 1
                context.close()
    return figures


def main() -> int:
    if not CHROMIUM_PATH.exists():
        print(f"no browser at {CHROMIUM_PATH}: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="kuril-bench-streamlit-"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)
        try:
            results = {name: measure(browser, name, workdir) for name in ("app", "baseline")}
        finally:
            browser.close()
    app, base = results["app"], results["baseline"]

    def ratio(ours: float, theirs: float) -> str:
        return f"{ours / theirs:.2f}×" if theirs else "n/a"

    headers = ["measure", "app.py", "baseline (naive st_folium)", "app / baseline", "target"]
    rows = [
        [f"server healthy, median of {COLD_STARTS}", f"{median(app.healthy_s):.2f} s", f"{median(base.healthy_s):.2f} s",
         ratio(median(app.healthy_s), median(base.healthy_s)), ""],
        [f"cold start → islands drawn, median of {COLD_STARTS}", f"{median(app.cold_start_s):.2f} s", f"{median(base.cold_start_s):.2f} s",
         ratio(median(app.cold_start_s), median(base.cold_start_s)), f"≤ {COLD_START_TARGET_S:.0f} s"],
        [f"click → facts, median of {len(app.click_ms)}/{len(base.click_ms)}", f"{median(app.click_ms):.0f} ms",
         f"{median(base.click_ms):.0f} ms", ratio(median(app.click_ms), median(base.click_ms)), f"≤ {CLICK_TARGET_MS:.0f} ms"],
        ["click → facts, p95", f"{percentile(app.click_ms, .95):.0f} ms", f"{percentile(base.click_ms, .95):.0f} ms",
         ratio(percentile(app.click_ms, .95), percentile(base.click_ms, .95)), ""],
        [f"clicks with no facts within 10 s (of {CLICKS})", app.missed_clicks, base.missed_clicks, "", "0"],
    ]
    print_table(headers, rows)
    print(f"server logs: {workdir}")
    write_section(
        "streamlit",
        "## Streamlit app\n\n" + machine_summary() + "\n\n"
        f"`python -m bench.streamlit`: headless Chromium, window 1400×900. Cold start is `streamlit run` → first island path in the "
        f"st_folium iframe (browser already running; {COLD_STARTS} fresh processes each). Clicks alternate Kunashir and Iturup "
        "labels on the last process; a click counts when that island's fact sheet is visible. Baseline: `bench/baseline_app.py`.\n\n"
        + markdown_table(headers, rows)
        + "\n\nRaw: app cold starts " + ", ".join(f"{s:.2f}" for s in app.cold_start_s) + " s; baseline "
        + ", ".join(f"{s:.2f}" for s in base.cold_start_s) + " s. App clicks (ms): " + ", ".join(f"{v:.0f}" for v in app.click_ms)
        + ". Baseline clicks (ms): " + ", ".join(f"{v:.0f}" for v in base.click_ms) + ".",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
