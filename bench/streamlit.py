"""Streamlit: start and open → map drawn, click an island → its facts, switch the map's state: ``python -m bench.streamlit``.

Measured in headless Chromium (Debian's, flags from tests/browser.py) for app.py and for the naive baseline
``bench/baseline_app.py`` (same map, rebuilt on every run, ``st_folium`` returning everything), in one run:

* cold start: a new ``streamlit run`` → islands drawn, :data:`COLD_STARTS` times (the browser is already up);
* warm open: on the last process, :data:`WARM_OPENS` page opens, each in a new browser context (nothing cached
  by the browser), navigation start → islands drawn, with the page's timeline (component mounted, map frame
  loaded…) to say where the time goes;
* clicks: :data:`CLICKS` island clicks in one session, alternating Kunashir and Iturup (so each click asks for
  an island the panel does not show), mouse press → that island's fact sheet in the panel's DOM;
* switches (app only: the baseline has no point-of-view or period control): each "Point of view" and
  "History" choice in :data:`SWITCHES`, mouse press → the map frame's ``data-kuril-state`` is the new state
  AND its legend holds the new state's title.

Every interval is taken inside the page with the top document's ``performance.now()``: a capture-phase
``mousedown`` listener in every frame notes the press (:data:`BENCH_INIT_JS`), and a MutationObserver plus a
5 ms poll notes when the awaited element or state appears (:data:`WATCH_JS`), so Playwright's own round
trips are not in the figures. Cold start alone uses Python's clock up to ``page.goto`` (seconds, not ms).
Figures go to bench/RESULTS.md.

``--articles N`` runs app.py alone (not the baseline), its ``KURIL_SEEDS_DIR`` at N articles written by
bench/articles.py and its ``KURIL_STORE`` a temporary file synced from them before the server starts
(``python -m geo.store sync``): warm opens → islands drawn AND the panel ready, clicks → the island's facts and
its page of excerpts, and searches typed into the island panel's box → results (:func:`run_with_articles`);
figures go to the section ``streamlit-articles``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.results import load_average, machine_summary, markdown_table, median, percentile, print_table, write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM_ARGS, CHROMIUM_PATH  # noqa: E402 - the test suite's browser flags, in one place

#: The iframe that holds the map: app.py's (inside its component's shadow root; locators pierce it) and the baseline's.
MAP_FRAMES = {"app": "iframe.kuril-map-frame", "baseline": "iframe[title='streamlit_folium.st_folium']"}
MAP_FRAME = MAP_FRAMES["app"]
#: A piece of each map frame's URL, to find it among ``page.frames``.
MAP_URLS = {"app": "/app/static/map/", "baseline": "/component/streamlit_folium."}
ISLANDS = ("kunashir", "iturup")
COLD_STARTS = 3
WARM_OPENS = 5
CLICKS = 24
#: Sidebar choices timed in the app, in order: (control, option shown, view or None, period or None).
SWITCHES = (
    ("view", "Japan's view", "japan", None),
    ("view", "Russia's view", "russia", None),
    ("view", "Neutral", "neutral", None),
    ("period", "1905: Treaty of Portsmouth", "neutral", "1905-portsmouth"),
    ("period", "1945: Soviet occupation (August–September 1945)", "neutral", "1945-soviet-occupation"),
    ("period", "1855: Treaty of Shimoda", "neutral", "1855-shimoda"),
    ("period", "Today", "neutral", None),
    ("view", "Japan's view", "japan", None),
    ("period", "1951: Treaty of San Francisco", "japan", "1951-san-francisco"),
    ("period", "Today", "japan", None),
    ("view", "Russia's view", "russia", None),
    ("view", "Neutral", "neutral", None),
)
COLD_START_TARGET_S = 3.0
WARM_OPEN_TARGET_S = 1.5
CLICK_TARGET_MS = 150.0
CLICK_P95_TARGET_MS = 250.0
SWITCH_TARGET_MS = 150.0
MIN_PATHS = 20  # the map draws 37 interactive paths; 20 of them and a label mean the islands are there
TIMEOUT_S = 60
TURN_TIMEOUT_S = 10

#: Added to every benchmark context (``context.add_init_script``); it acts in the top document only (Playwright
#: does not run init scripts in an iframe whose first about:blank document is replaced, as the baseline's is).
#: All times are the top document's ``performance.now()`` (ms since its navigation started; every frame here
#: is same-origin). A mouse or key press in the page or in any map frame notes ``__benchPressAt``; the
#: websocket's opening and first message are noted; a 5 ms poll over the iframes of the document and of every
#: shadow root (``attachShadow`` is wrapped to know them: the component's iframe is in one) finds the map frame,
#: listens for presses there too and notes when its DOM holds the islands (``__bench.drawn``; the poll slows
#: to 50 ms after that).
BENCH_INIT_JS = """
(() => {
  if (window !== window.top) { return; }
  const marks = window.__bench = {};
  const now = () => performance.now();
  const pressed = () => { window.__benchPressAt = now(); };
  const listen = (doc) => {
    if (doc.__benchListening) { return; }
    doc.__benchListening = true;
    doc.addEventListener("mousedown", pressed, true);
    doc.addEventListener("keydown", pressed, true);
  };
  listen(document);
  marks.longTasks = [];  // the top document's main-thread tasks over 50 ms: [start, duration]
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) { marks.longTasks.length < 2000 && marks.longTasks.push([task.startTime, task.duration]); }
  }).observe({type: "longtask", buffered: true});
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("open", () => { marks.wsOpen ??= now(); });
      this.addEventListener("message", () => {
        marks.wsFirstMessage ??= now();
        (marks.wsMessages ??= []).length < 500 && marks.wsMessages.push(now());
      });
    }
  };
  const roots = [document];  // and every shadow root, where the component puts its iframe (not in window.frames)
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (...args) { const root = attach.apply(this, args); roots.push(root); return root; };
  const isMap = /\\/app\\/static\\/map\\/|\\/component\\/streamlit_folium\\./;
  const look = () => {
    for (const frame of roots.flatMap((root) => [...root.querySelectorAll("iframe")])) {
      let child;
      try { child = frame.contentWindow; if (!child || !isMap.test(child.location.pathname)) { continue; } } catch (error) { continue; }
      const doc = child.document;
      listen(doc);
      if (marks.drawn === undefined && doc.querySelectorAll("path.leaflet-interactive").length >= %d
          && doc.querySelector(".kuril-label[data-island]") !== null) {
        marks.drawn = now();
        marks.mapWindow = child;
        clearInterval(fast);
        setInterval(look, 50);
      }
    }
  };
  const fast = setInterval(look, 5);
})();
""" % MIN_PATHS

#: Evaluated in the frame that will change, just before the action: arms ``window.__benchSeen``, a promise of
#: the top document's ``performance.now()`` when the check first holds (null after the timeout). Checks:
#: ``{selector}`` (an element exists) or ``{key, title}`` (the map frame draws state ``key`` with ``title`` in
#: its legend). Returns false if the check already holds (nothing to time).
WATCH_JS = """
([check, timeoutMs]) => {
  const top = window.top;
  const holds = check.selector !== undefined
    ? () => document.querySelector(check.selector) !== null
    : () => document.documentElement.dataset.kurilState === check.key
        && (document.querySelector(".kuril-legend")?.textContent || "").includes(check.title);
  if (holds()) { return false; }
  window.__benchSeen = new Promise((resolve) => {
    let poll = null, timer = null;
    const finish = (value) => { observer.disconnect(); clearInterval(poll); clearTimeout(timer); resolve(value); };
    const look = () => { if (holds()) { finish(top.performance.now()); } };
    const observer = new MutationObserver(look);
    observer.observe(document, {childList: true, subtree: true, attributes: true, characterData: true});
    poll = setInterval(look, 5);
    timer = setTimeout(() => finish(null), timeoutMs);
  });
  top.__benchPressAt = null;
  return true;
}
"""

#: The top document's timeline of one open (ms since navigation start): the map frame's request from Resource
#: Timing (its start is when the component put the iframe in the page) and its document's own Navigation
#: Timing, moved to the top document's clock by the difference of the two time origins.
TIMELINE_JS = """
() => {
  const marks = window.__bench || {};
  const nav = performance.getEntriesByType("navigation")[0];
  const frame = performance.getEntriesByType("resource")
    .find((entry) => entry.initiatorType === "iframe" && /\\/app\\/static\\/map\\/|\\/component\\/streamlit_folium\\./.test(entry.name));
  const child = marks.mapWindow;
  const offset = child ? child.performance.timeOrigin - performance.timeOrigin : null;
  const own = child ? child.performance.getEntriesByType("navigation")[0] : null;
  const at = (value) => (own && value ? offset + value : null);
  const scripts = performance.getEntriesByType("resource")
    .filter((entry) => ["script", "link"].includes(entry.initiatorType) && entry.startTime < nav.domContentLoadedEventEnd);
  const before = (marks.wsMessages || []).filter((at) => !frame || at < frame.startTime);
  return {
    html: nav.responseEnd, scripts: scripts.length ? Math.max(...scripts.map((entry) => entry.responseEnd)) : null,
    parsed: nav.domContentLoadedEventEnd, loaded: nav.loadEventEnd,
    wsOpen: marks.wsOpen ?? null, wsFirstMessage: marks.wsFirstMessage ?? null,
    wsBeforeFrame: before.length ? before[before.length - 1] : null,
    frameRequested: frame ? frame.startTime : null, frameReceived: frame ? frame.responseEnd : null,
    frameBytes: frame ? frame.encodedBodySize : null,
    frameStart: child ? offset : null, frameParsed: at(own && own.domContentLoadedEventEnd), frameLoad: at(own && own.loadEventEnd),
    drawn: marks.drawn ?? null,
    busyBeforeFrame: frame && marks.wsFirstMessage !== undefined ? (marks.longTasks || [])
      .map(([at, length]) => Math.max(0, Math.min(at + length, frame.startTime) - Math.max(at, marks.wsFirstMessage)))
      .reduce((sum, value) => sum + value, 0) : null,
  };
}
"""
#: Timeline steps in order, with their names in the report.
TIMELINE_STEPS = (
    ("html", "page HTML received"), ("scripts", "Streamlit's scripts and styles received"),
    ("parsed", "page parsed, scripts run (DOMContentLoaded)"), ("wsOpen", "websocket open"),
    ("wsFirstMessage", "first message from the server"), ("wsBeforeFrame", "last message before the map iframe"),
    ("frameRequested", "map iframe requested (component mounted)"),
    ("frameStart", "map frame navigation start"), ("frameReceived", "map page received"), ("frameParsed", "map page parsed"),
    ("frameLoad", "map frame load event"), ("drawn", "islands in the map's DOM"),
)


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
def streamlit_server(script: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start ``streamlit run script`` on a free port (cwd: the repository, for .streamlit/config.toml); ``env`` is
    added to the environment."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    with log.open("w") as sink:
        process = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
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


def popup_selector(island_id: str) -> str:
    """The island's fact sheet in the panel beside the map."""
    return f".kuril-popup[data-island='{island_id}']"


def state_check(view: str, period: str | None) -> dict[str, str]:
    """Return the WATCH_JS check of a drawn state: its key (the period's id, else the view's) and its legend title."""
    from layers.map import map_state
    from layers.i18n import text

    state = map_state(view, period)
    return {"key": period or view, "title": state.title if state else text("map.legend.title", "en")}


def map_frame(page, name: str):
    """Return the Playwright frame of the map (the one whose URL holds :data:`MAP_URLS`)."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        for frame in page.frames:
            if MAP_URLS[name] in frame.url:
                return frame
        page.wait_for_timeout(20)
    raise RuntimeError(f"no map frame ({MAP_URLS[name]}) in the page")


def new_page(browser, extra_js: str | None = None):
    """Return a page in a new context (nothing cached) with the benchmark's probes (and ``extra_js``, run after
    them), and its websocket byte count."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(BENCH_INIT_JS)
    if extra_js:
        context.add_init_script(extra_js)
    page = context.new_page()
    received = [0]

    def count(payload) -> None:
        received[0] += len(payload) if isinstance(payload, bytes) else len(payload.encode("utf-8"))

    page.on("websocket", lambda socket_: socket_.on("framereceived", count))
    return context, page, received


def open_map(page, url: str, timeout_s: float = TIMEOUT_S) -> dict[str, float | None]:
    """Open the app and wait until the islands are drawn; return the page's timeline (ms since navigation start)."""
    page.goto(url, timeout=timeout_s * 1000)
    page.wait_for_function("() => window.__bench && window.__bench.drawn", timeout=timeout_s * 1000, polling=50)
    return page.evaluate(TIMELINE_JS)


def timed(page, frame, check: dict, action: Callable[[], None], timeout_s: float = TURN_TIMEOUT_S) -> float | None:
    """Arm the watch in ``frame``, run ``action``; return press → check holds in ms (in-page), or None if it never did."""
    if not frame.evaluate(WATCH_JS, [check, timeout_s * 1000]):
        raise RuntimeError(f"{check} holds before the action: nothing to time")
    action()
    seen = frame.evaluate("() => window.__benchSeen")
    pressed = page.evaluate("() => window.__benchPressAt")
    return None if seen is None or pressed is None else seen - pressed


def click_island(page, name: str, island_id: str) -> None:
    """Press the mouse inside an island, at its label's anchor."""
    label, anchor = label_anchor(island_id)
    frame = page.frame_locator(MAP_FRAMES[name])
    frame.locator(label).wait_for(state="visible", timeout=TIMEOUT_S * 1000)
    box = frame.locator(anchor).bounding_box()
    page.mouse.click(box["x"], box["y"])


def choose(page, control: str, option: str) -> None:
    """Pick ``option`` in the panel's "Point of view" radio or "History" selectbox (beside the map, as in the export)."""
    main = page.locator("[data-testid='stMain']")
    if control == "view":
        main.locator("[data-testid='stRadio']").get_by_text(option, exact=True).click()
    else:
        main.get_by_role("combobox", name="History").click()
        page.get_by_role("option", name=option, exact=True).click()


@dataclass
class AppFigures:
    name: str
    healthy_s: list[float] = field(default_factory=list)
    cold_start_s: list[float] = field(default_factory=list)
    open_ms: list[float] = field(default_factory=list)
    timelines: list[dict] = field(default_factory=list)
    click_ms: list[float] = field(default_factory=list)
    missed_clicks: int = 0
    click_bytes: float = float("nan")
    switch_ms: list[tuple[str, float | None]] = field(default_factory=list)


def measure(browser, name: str, workdir: Path) -> AppFigures:
    figures = AppFigures(name)
    with app_script(name) as script:
        for attempt in range(COLD_STARTS):
            log = workdir / f"{name}-{attempt}.log"
            context, page, _ = new_page(browser)
            started = time.perf_counter()
            with streamlit_server(script, log) as (url, process):
                wait_healthy(url, process, log)
                figures.healthy_s.append(time.perf_counter() - started)
                opened = time.perf_counter()
                timeline = open_map(page, url)
                figures.cold_start_s.append(opened - started + timeline["drawn"] / 1000)
                context.close()
                if attempt < COLD_STARTS - 1:
                    continue
                for _ in range(WARM_OPENS):
                    context, page, received = new_page(browser)
                    timeline = open_map(page, url)
                    figures.open_ms.append(timeline["drawn"])
                    figures.timelines.append(timeline)
                    if len(figures.timelines) < WARM_OPENS:
                        context.close()
                measure_clicks(page, name, figures, received)
                if name == "app":
                    measure_switches(page, name, figures)
                context.close()
    return figures


def measure_clicks(page, name: str, figures: AppFigures, received: list[int]) -> None:
    page.wait_for_timeout(1000)  # let the page settle its layout before aiming at labels
    before = received[0]
    for number in range(CLICKS):
        island_id = ISLANDS[number % len(ISLANDS)]
        ms = timed(page, page.main_frame, {"selector": popup_selector(island_id)}, lambda: click_island(page, name, island_id))
        if ms is None:
            figures.missed_clicks += 1
        else:
            figures.click_ms.append(ms)
    page.wait_for_timeout(1500)  # the last run's remaining messages
    figures.click_bytes = (received[0] - before) / CLICKS


def measure_switches(page, name: str, figures: AppFigures) -> None:
    frame = map_frame(page, name)
    for control, option, view, period in SWITCHES:
        ms = timed(page, frame, state_check(view, period), lambda: choose(page, control, option))
        figures.switch_ms.append((f"{control}: {option}", ms))
        page.wait_for_timeout(300)


def timeline_rows(timelines: list[dict]) -> list[list[str]]:
    """Median of each timeline step over the warm opens, and the gap from the step before."""
    rows, previous = [], 0.0
    for key, label in TIMELINE_STEPS:
        values = [t[key] for t in timelines if t.get(key) is not None]
        if not values:
            continue
        value = median(values)
        rows.append([label, f"{value:.0f} ms", f"+{value - previous:.0f} ms"])
        previous = value
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.streamlit", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, metavar="N",
                        help="instead of the default run: app.py alone with N generated articles (bench/articles.py) "
                             "in its seeds folder and store; see run_with_articles")
    args = parser.parse_args(argv)
    if not CHROMIUM_PATH.exists():
        print(f"no browser at {CHROMIUM_PATH}: apt-get install chromium", file=sys.stderr)
        return 2
    if args.articles is not None:
        return run_with_articles(args.articles)
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="kuril-bench-streamlit-"))
    load_before = load_average()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)
        try:
            results = {name: measure(browser, name, workdir) for name in ("app", "baseline")}
        finally:
            browser.close()
    load_after = load_average()
    app, base = results["app"], results["baseline"]

    def ratio(ours: float, theirs: float) -> str:
        return f"{ours / theirs:.2f}×" if theirs == theirs and theirs else "n/a"

    def verdict(value: float, target: float) -> str:
        return "met" if value <= target else "missed"

    switches = [ms for _, ms in app.switch_ms if ms is not None]
    missed_switches = sum(ms is None for _, ms in app.switch_ms)
    cold, cold_b = median(app.cold_start_s), median(base.cold_start_s)
    warm, warm_b = median(app.open_ms), median(base.open_ms)
    click, click_b = median(app.click_ms), median(base.click_ms)
    p95, p95_b = percentile(app.click_ms, .95), percentile(base.click_ms, .95)
    headers = ["measure", "app.py", "baseline (naive st_folium)", "app / baseline", "target", ""]
    rows = [
        [f"`streamlit run` → server healthy, median of {COLD_STARTS}", f"{median(app.healthy_s):.2f} s",
         f"{median(base.healthy_s):.2f} s", ratio(median(app.healthy_s), median(base.healthy_s)), "", ""],
        [f"`streamlit run` → islands drawn, median of {COLD_STARTS}", f"{cold:.2f} s", f"{cold_b:.2f} s", ratio(cold, cold_b),
         f"≤ {COLD_START_TARGET_S:.0f} s", verdict(cold, COLD_START_TARGET_S)],
        [f"page open → islands drawn (warm server, new context), median of {len(app.open_ms)}", f"{warm / 1000:.2f} s",
         f"{warm_b / 1000:.2f} s", ratio(warm, warm_b), f"≤ {WARM_OPEN_TARGET_S} s", verdict(warm / 1000, WARM_OPEN_TARGET_S)],
        [f"click → facts in the panel, median of {len(app.click_ms)}/{len(base.click_ms)}", f"{click:.0f} ms", f"{click_b:.0f} ms",
         ratio(click, click_b), f"≤ {CLICK_TARGET_MS:.0f} ms", verdict(click, CLICK_TARGET_MS)],
        ["click → facts in the panel, p95", f"{p95:.0f} ms", f"{p95_b:.0f} ms", ratio(p95, p95_b),
         f"≤ {CLICK_P95_TARGET_MS:.0f} ms", verdict(p95, CLICK_P95_TARGET_MS)],
        [f"clicks with no facts within {TURN_TIMEOUT_S} s (of {CLICKS})", app.missed_clicks, base.missed_clicks, "", "0", ""],
        ["websocket bytes received per click (server → browser, uncompressed)", f"{app.click_bytes / 1000:.1f} kB",
         f"{base.click_bytes / 1000:.1f} kB", ratio(app.click_bytes, base.click_bytes), "", ""],
        [f"view or period switch → fills and legend drawn, median / max of {len(switches)}",
         f"{median(switches):.0f} / {max(switches, default=float('nan')):.0f} ms", "n/a (no such control)", "n/a",
         f"≤ {SWITCH_TARGET_MS:.0f} ms", verdict(max(switches, default=float("inf")), SWITCH_TARGET_MS)],
        [f"switches not drawn within {TURN_TIMEOUT_S} s (of {len(app.switch_ms)})", missed_switches, "", "", "0", ""],
    ]
    print_table(headers, rows)
    timeline_headers = ["warm open, median of the opens (ms since navigation start)", "app.py", "", "baseline", ""]
    app_steps = {row[0]: row[1:] for row in timeline_rows(app.timelines)}
    base_steps = {row[0]: row[1:] for row in timeline_rows(base.timelines)}
    timeline = [[label, *app_steps.get(label, ["", ""]), *base_steps.get(label, ["", ""])]
                for _, label in TIMELINE_STEPS if label in app_steps or label in base_steps]
    busy = f"{median([t['busyBeforeFrame'] for t in app.timelines if t.get('busyBeforeFrame') is not None]):.0f} ms (app), " \
        f"{median([t['busyBeforeFrame'] for t in base.timelines if t.get('busyBeforeFrame') is not None]):.0f} ms (baseline)"
    timeline.append(["main-thread long tasks (> 50 ms) between the first message and the iframe, median", busy, "", "", ""])
    print()
    print_table(timeline_headers, timeline)
    print(f"load average (1/5/15 min) before {load_before}, after {load_after}; server logs: {workdir}")
    write_section(
        "streamlit",
        "## Streamlit app\n\n" + machine_summary() + f" Load average (1/5/15 min) {load_before} before, {load_after} after.\n\n"
        f"`python -m bench.streamlit`: headless Chromium, window 1400×900, one run for both apps. Cold start: `streamlit run` → "
        f"the map frame holds ≥ {MIN_PATHS} island paths and a label ({COLD_STARTS} fresh processes each; browser already running; "
        "Python's clock to `page.goto`, then the page's). Warm open: on the last process, navigation start → islands drawn, "
        f"{WARM_OPENS} opens each in a new browser context. Clicks: {CLICKS} in one session, alternating Kunashir and Iturup "
        "(each asks for the island the panel does not show), mouse press → `.kuril-popup[data-island=…]` in the DOM. Switches "
        "(app only: `bench/baseline_app.py` has no point-of-view or period control): mouse press on the option beside the map → the map "
        "frame's `data-kuril-state` is the new key and its legend holds the state's title. Every interval but cold start's is "
        "timed in the page (`performance.now()` of the top document: a capture-phase mousedown listener, then a MutationObserver "
        "with a 5 ms poll), not around Playwright calls. Websocket bytes: frames the server sent during the click loop "
        "(Playwright's `framereceived`, after decompression) ÷ clicks.\n\n"
        + markdown_table(headers, rows)
        + "\n\nWarm open, where the time goes (median step time and the gap from the step before):\n\n"
        + markdown_table(timeline_headers, timeline)
        + "\n\nRaw: app cold starts " + ", ".join(f"{s:.2f}" for s in app.cold_start_s) + " s; baseline "
        + ", ".join(f"{s:.2f}" for s in base.cold_start_s) + " s. Warm opens (ms): app " + ", ".join(f"{v:.0f}" for v in app.open_ms)
        + "; baseline " + ", ".join(f"{v:.0f}" for v in base.open_ms) + ". App clicks (ms): " + ", ".join(f"{v:.0f}" for v in app.click_ms)
        + ". Baseline clicks (ms): " + ", ".join(f"{v:.0f}" for v in base.click_ms) + ". App switches (ms): "
        + ", ".join(f"{label} {'-' if ms is None else f'{ms:.0f}'}" for label, ms in app.switch_ms) + ".",
    )
    return 0


# --- with articles: python -m bench.streamlit --articles N ---------------------------------------------------

ARTICLE_OPENS = 5
LINK_OPENS = 3
ARTICLE_CLICKS = 24
SEARCH_ROUNDS = 3
SEARCH_ISLAND = "kunashir"
#: Typed into the island panel's search box (``island_query``), as bench/store.py searches the store.
SEARCH_QUERIES = ("fishermen", "рыбаки", "国後", "択捉島", "ferry schedule", "xylophone")
ARTICLES_OPEN_TARGET_S = 2.0
ARTICLES_CLICK_TARGET_MS = 200.0
ARTICLES_SEARCH_TARGET_MS = 200.0
#: The last element of the panel beside the map: the article list's toggle, which names the store's total.
ARTICLE_LIST_TOGGLE = ".st-key-all_articles"
SEARCH_INPUT = ".st-key-island_query input"

#: Added after BENCH_INIT_JS for the opens: notes ``__bench.ready`` (top document's ms) when every part holds.
#: Parts: ``{selector}`` (an element exists) or ``{selector, text}`` (one of those elements contains the text).
READY_INIT_JS = """
(() => {
  if (window !== window.top) { return; }
  const parts = %s;
  const holds = () => parts.every((part) => {
    const found = document.querySelectorAll(part.selector);
    if (part.text === undefined) { return found.length > 0; }
    for (const element of found) { if ((element.textContent || "").includes(part.text)) { return true; } }
    return false;
  });
  const poll = setInterval(() => {
    if (holds()) { window.__bench.ready = performance.now(); clearInterval(poll); }
  }, 5);
})();
"""

#: As WATCH_JS, for several named checks at once (each a list of READY_INIT_JS parts): ``window.__benchSeenAll``
#: resolves to {name: top document's ms when it first held}, a name missing if it never did within the timeout.
#: Returns false if every check holds already.
WATCH_ALL_JS = """
([checks, timeoutMs]) => {
  const top = window.top;
  const holds = (parts) => parts.every((part) => {
    const found = document.querySelectorAll(part.selector);
    if (part.text === undefined) { return found.length > 0; }
    for (const element of found) { if ((element.textContent || "").includes(part.text)) { return true; } }
    return false;
  });
  const names = Object.keys(checks);
  if (names.every((name) => holds(checks[name]))) { return false; }
  const seen = {};
  window.__benchSeenAll = new Promise((resolve) => {
    let poll = null, timer = null;
    const finish = () => { observer.disconnect(); clearInterval(poll); clearTimeout(timer); resolve(seen); };
    const look = () => {
      const now = top.performance.now();
      for (const name of names) { if (seen[name] === undefined && holds(checks[name])) { seen[name] = now; } }
      if (names.every((name) => seen[name] !== undefined)) { finish(); }
    };
    const observer = new MutationObserver(look);
    observer.observe(document, {childList: true, subtree: true, attributes: true, characterData: true});
    poll = setInterval(look, 5);
    timer = setTimeout(finish, timeoutMs);
  });
  top.__benchPressAt = null;
  return true;
}
"""


def excerpt_part(excerpt_id: str) -> dict[str, str]:
    return {"selector": f"article.kuril-excerpt[data-excerpt='{excerpt_id}']"}


def text_part(selector: str, text: str) -> dict[str, str]:
    return {"selector": selector, "text": text}


def distinct_last(ids: list[str], others: list[str]) -> str | None:
    """Return the last of ``ids`` not among ``others`` (an excerpt that only the new panel shows), or None."""
    return next((excerpt_id for excerpt_id in reversed(ids) if excerpt_id not in others), None)


@dataclass
class PanelPlan:
    """What each awaited panel looks like, read from the store the server uses."""

    total: int
    islands: dict[str, dict[str, list]] = field(default_factory=dict)  # island → {"facts": parts, "panel": parts}
    searches: dict[str, list] = field(default_factory=dict)  # query → parts of its results
    cleared: list = field(default_factory=list)  # the search island's panel, no query
    store_ms: dict[str, float] = field(default_factory=dict)  # the store's reads for each panel, in this process


def plan_panels(db: Path) -> PanelPlan:
    from bench.store import app_panel, repeat, store_page
    from geo import store as S

    store = S.open_store(db)
    toggle = text_part(ARTICLE_LIST_TOGGLE, f"Show the {S.articles_page(store, page_size=1).total} articles")
    plan = PanelPlan(S.articles_page(store, page_size=1).total)
    pages = {island: S.excerpts_for_island(store, island) for island in ISLANDS}
    for island in ISLANDS:
        ids = [item.excerpt.id for item, _ in pages[island].items]
        others = [item.excerpt.id for other in ISLANDS if other != island for item, _ in pages[other].items]
        last = distinct_last(ids, others)
        facts = [{"selector": popup_selector(island)}]
        shown = [excerpt_part(last)] if last else [text_part("[data-testid='stCaptionContainer']", f"{pages[island].total} excerpts;")]
        plan.islands[island] = {"facts": facts, "panel": facts + shown, "ready": facts + shown + [toggle]}
        plan.store_ms[island] = repeat(lambda: app_panel(store_page, store, island, None, None), 10).p50
    everything = pages[SEARCH_ISLAND]
    unfiltered = [item.excerpt.id for item, _ in everything.items]
    caption = "[data-testid='stCaptionContainer']"
    plan.cleared = [text_part(caption, f"{everything.total} excerpts;")] + (
        [excerpt_part(unfiltered[-1])] if unfiltered else [])
    for query in SEARCH_QUERIES:
        found = S.excerpts_for_island(store, SEARCH_ISLAND, 1, None, query)
        ids = [item.excerpt.id for item, _ in found.items]
        parts = [text_part(caption, f"{found.total} of {everything.total} excerpts match")]
        last = distinct_last(ids, unfiltered)
        if last:
            parts.append(excerpt_part(last))
        elif not ids:
            parts.append(text_part("[data-testid='stAlert'], [data-testid='stAlertContainer']", "No excerpt matches"))
        plan.searches[query] = parts
        plan.store_ms[f"search {query}"] = repeat(lambda: app_panel(store_page, store, SEARCH_ISLAND, None, query), 10).p50
    return plan


@dataclass
class ArticleFigures:
    articles: int
    sync_s: float = float("nan")
    sync_output: str = ""
    store_bytes: int = 0
    healthy_s: float = float("nan")
    first_open: tuple[float, float] = (float("nan"), float("nan"))
    opens: list[tuple[float, float]] = field(default_factory=list)  # (islands drawn, panel ready) ms
    link_opens: list[tuple[float, float]] = field(default_factory=list)
    facts_ms: list[float] = field(default_factory=list)
    panel_ms: list[float] = field(default_factory=list)
    missed_clicks: int = 0
    click_cpu_ms: float = float("nan")
    search_ms: dict[str, list[float]] = field(default_factory=dict)
    clear_ms: list[float] = field(default_factory=list)
    missed_searches: int = 0
    search_cpu_ms: float = float("nan")


def timed_all(page, checks: dict, action: Callable[[], None], timeout_s: float = TURN_TIMEOUT_S) -> dict[str, float]:
    """Arm WATCH_ALL_JS in the top document, run ``action``; return press → each check in ms (missing: never held)."""
    if not page.main_frame.evaluate(WATCH_ALL_JS, [checks, timeout_s * 1000]):
        raise RuntimeError(f"{checks} hold before the action: nothing to time")
    action()
    seen = page.evaluate("() => window.__benchSeenAll")
    pressed = page.evaluate("() => window.__benchPressAt")
    return {} if pressed is None else {name: at - pressed for name, at in seen.items()}


def open_ready(browser, url: str, ready: list) -> tuple[float, float]:
    """Open ``url`` in a new context; return (islands drawn, panel ready) in ms since navigation start."""
    context, page, _ = new_page(browser, READY_INIT_JS % json.dumps(ready))
    try:
        drawn = open_map(page, url)["drawn"]
        page.wait_for_function("() => window.__bench.ready !== undefined", timeout=TIMEOUT_S * 1000, polling=50)
        return drawn, page.evaluate("() => window.__bench.ready")
    finally:
        context.close()


def run_with_articles(count: int) -> int:
    """``--articles N``: app.py alone, its seeds folder N articles of bench/articles.py and its store synced from them
    before the server starts; warm opens (islands drawn and the panel ready), clicks, searches in the island panel."""
    from playwright.sync_api import sync_playwright

    from bench.articles import write_articles
    from bench.load import cpu_seconds

    workdir = Path(tempfile.mkdtemp(prefix="kuril-bench-streamlit-articles-"))
    seeds, db = workdir / "seeds", workdir / "articles.sqlite3"
    figures = ArticleFigures(count)
    load_before = load_average()
    write_articles(seeds, count)
    started = time.perf_counter()
    synced = subprocess.run([sys.executable, "-m", "geo.store", "--db", str(db), "sync", "--seeds", str(seeds)], cwd=ROOT,
                            capture_output=True, text=True)
    figures.sync_s = time.perf_counter() - started
    figures.sync_output = (synced.stdout + synced.stderr).strip()
    if synced.returncode != 0:
        raise RuntimeError(f"python -m geo.store sync failed ({synced.returncode}): {figures.sync_output[-2000:]}")
    figures.store_bytes = db.stat().st_size
    print(f"synced {count} articles in {figures.sync_s:.1f} s: {figures.sync_output}", flush=True)
    plan = plan_panels(db)
    env = {"KURIL_SEEDS_DIR": str(seeds), "KURIL_STORE": str(db)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)
        try:
            with app_script("app") as script, streamlit_server(script, workdir / "app.log", env) as (url, process):
                started = time.perf_counter()
                wait_healthy(url, process, workdir / "app.log")
                figures.healthy_s = time.perf_counter() - started
                toggle = [text_part(ARTICLE_LIST_TOGGLE, f"Show the {plan.total} articles")]
                figures.first_open = open_ready(browser, url, toggle)
                for _ in range(ARTICLE_OPENS):
                    figures.opens.append(open_ready(browser, url, toggle))
                for _ in range(LINK_OPENS):
                    figures.link_opens.append(open_ready(browser, f"{url}/?island={SEARCH_ISLAND}", plan.islands[SEARCH_ISLAND]["ready"]))
                measure_article_session(browser, url, plan, figures, process.pid, cpu_seconds)
        finally:
            browser.close()
    load_after = load_average()
    report_articles(figures, plan, load_before, load_after, workdir)
    shutil.rmtree(seeds, ignore_errors=True)
    return 0


def measure_article_session(browser, url: str, plan: PanelPlan, figures: ArticleFigures, pid: int, cpu_seconds) -> None:
    context, page, _ = new_page(browser)
    try:
        open_map(page, url)
        page.wait_for_timeout(1000)  # let the page settle its layout before aiming at labels
        cpu_before = cpu_seconds(pid)
        for number in range(ARTICLE_CLICKS):
            island_id = ISLANDS[number % len(ISLANDS)]
            checks = {"facts": plan.islands[island_id]["facts"], "panel": plan.islands[island_id]["panel"]}
            seen = timed_all(page, checks, lambda: click_island(page, "app", island_id))
            if "facts" in seen and "panel" in seen:
                figures.facts_ms.append(seen["facts"])
                figures.panel_ms.append(seen["panel"])
            else:
                figures.missed_clicks += 1
            page.wait_for_timeout(300)  # a reader's pause; the run's last elements arrive
        figures.click_cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / ARTICLE_CLICKS
        # The search box is in the island's panel: show the search island, then type each query and press Enter.
        if ISLANDS[(ARTICLE_CLICKS - 1) % len(ISLANDS)] != SEARCH_ISLAND:
            timed_all(page, {"panel": plan.islands[SEARCH_ISLAND]["panel"]}, lambda: click_island(page, "app", SEARCH_ISLAND))
            page.wait_for_timeout(300)
        box = page.locator(SEARCH_INPUT)
        box.wait_for(state="visible", timeout=TIMEOUT_S * 1000)
        cpu_before, searches = cpu_seconds(pid), 0
        for _ in range(SEARCH_ROUNDS):
            for query in SEARCH_QUERIES:
                box.fill(query)
                seen = timed_all(page, {"results": plan.searches[query]}, lambda: box.press("Enter"))
                searches += 1
                if "results" in seen:
                    figures.search_ms.setdefault(query, []).append(seen["results"])
                else:
                    figures.missed_searches += 1
                page.wait_for_timeout(200)
                box.fill("")
                seen = timed_all(page, {"cleared": plan.cleared}, lambda: box.press("Enter"))
                searches += 1
                if "cleared" in seen:
                    figures.clear_ms.append(seen["cleared"])
                else:
                    figures.missed_searches += 1
                page.wait_for_timeout(200)
        figures.search_cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / searches
    finally:
        context.close()


def report_articles(figures: ArticleFigures, plan: PanelPlan, load_before: str, load_after: str, workdir: Path) -> None:
    def verdict(value: float, target: float) -> str:
        return "met" if value <= target else "missed"

    ready = [max(drawn, panel) for drawn, panel in figures.opens]
    link_ready = [max(drawn, panel) for drawn, panel in figures.link_opens]
    searches = [ms for values in figures.search_ms.values() for ms in values]
    n = figures.articles
    store_click = median([plan.store_ms[island] for island in ISLANDS])
    store_search = median([plan.store_ms[f"search {query}"] for query in SEARCH_QUERIES])
    headers = ["measure", f"app.py, {n:,} articles", "target", ""]
    rows = [
        [f"`python -m geo.store sync` of the {n:,} files into an empty store (before the server starts)",
         f"{figures.sync_s:.1f} s ({n / figures.sync_s:.0f} articles/s)", "", ""],
        ["`streamlit run` → server healthy", f"{figures.healthy_s:.2f} s", "", ""],
        ["first open after the start → islands drawn / panel ready", f"{figures.first_open[0] / 1000:.2f} / "
         f"{figures.first_open[1] / 1000:.2f} s", "", ""],
        [f"warm open → islands drawn, median of {len(figures.opens)}", f"{median([d for d, _ in figures.opens]) / 1000:.2f} s", "", ""],
        [f"warm open → panel ready (the article list's toggle names the {plan.total:,} articles), median",
         f"{median([p for _, p in figures.opens]) / 1000:.2f} s", "", ""],
        ["warm open → islands drawn AND panel ready, median / max", f"{median(ready) / 1000:.2f} / {max(ready) / 1000:.2f} s",
         f"≤ {ARTICLES_OPEN_TARGET_S:.0f} s", verdict(median(ready) / 1000, ARTICLES_OPEN_TARGET_S)],
        [f"open `?island={SEARCH_ISLAND}` → islands drawn AND its facts, page of excerpts and the list, median of "
         f"{len(link_ready)}", f"{median(link_ready) / 1000:.2f} s", "", ""],
        [f"click → facts in the panel, median / p95 of {len(figures.facts_ms)}",
         f"{median(figures.facts_ms):.0f} / {percentile(figures.facts_ms, .95):.0f} ms", f"≤ {ARTICLES_CLICK_TARGET_MS:.0f} ms",
         verdict(median(figures.facts_ms), ARTICLES_CLICK_TARGET_MS)],
        ["click → facts AND the page of 10 excerpts, median / p95",
         f"{median(figures.panel_ms):.0f} / {percentile(figures.panel_ms, .95):.0f} ms", f"≤ {ARTICLES_CLICK_TARGET_MS:.0f} ms",
         verdict(median(figures.panel_ms), ARTICLES_CLICK_TARGET_MS)],
        [f"clicks with no panel within {TURN_TIMEOUT_S} s (of {ARTICLE_CLICKS})", figures.missed_clicks, "0", ""],
        ["server CPU per click (utime + stime)", f"{figures.click_cpu_ms:.0f} ms", "", ""],
        ["of which the store's reads (the panel's 3 calls, this process, same store), median", f"{store_click:.1f} ms", "", ""],
        [f"search (Enter in the island panel's box) → results, median / p95 of {len(searches)}",
         f"{median(searches):.0f} / {percentile(searches, .95):.0f} ms", f"≤ {ARTICLES_SEARCH_TARGET_MS:.0f} ms",
         verdict(median(searches), ARTICLES_SEARCH_TARGET_MS)],
        [f"clearing the search → the whole list again, median of {len(figures.clear_ms)}", f"{median(figures.clear_ms):.0f} ms", "", ""],
        [f"searches with no results shown within {TURN_TIMEOUT_S} s", figures.missed_searches, "0", ""],
        ["server CPU per search or clear", f"{figures.search_cpu_ms:.0f} ms", "", ""],
        ["of which the store's reads for a search, median over the queries", f"{store_search:.1f} ms", "", ""],
    ]
    per_query = [[f"“{query}”", f"{median(values):.0f} ms", ", ".join(f"{v:.0f}" for v in values), f"{plan.store_ms[f'search {query}']:.1f} ms"]
                 for query, values in figures.search_ms.items()]
    query_headers = ["search in Kunashir's panel", "median", f"each of {SEARCH_ROUNDS}", "store's reads"]
    print_table(headers, rows)
    print()
    print_table(query_headers, per_query)
    print(f"load average (1/5/15 min) before {load_before}, after {load_after}; server log: {workdir / 'app.log'}")
    write_section(
        "streamlit-articles",
        f"## Streamlit app with {n:,} articles\n\n" + machine_summary()
        + f" Load average (1/5/15 min) {load_before} before, {load_after} after.\n\n"
        f"`python -m bench.streamlit --articles {n}`: app.py alone (the default run compares it with the baseline), "
        f"`KURIL_SEEDS_DIR` at {n:,} articles written by `bench/articles.py` and `KURIL_STORE` at a temporary file synced "
        "from them before the server starts; headless Chromium, window 1400×900. Opens: each in a new browser context, "
        "navigation start → the map frame holds the islands, and → the panel beside the map is drawn to its end (the "
        "article list's toggle naming the store's total; with `?island=`: that island's fact sheet and the last excerpt "
        f"of its first page too). Clicks: {ARTICLE_CLICKS} in one session, alternating Kunashir and Iturup, 300 ms "
        "apart; mouse press → the island's fact sheet, and → the last excerpt of its first page (one the other "
        f"island's page does not show). Searches: in Kunashir's panel, each query {SEARCH_ROUNDS} times, filled into the "
        "box and then Enter pressed (Streamlit applies a text input on Enter): key press → the caption counts the matches "
        "and the page's last excerpt is shown; each search then cleared (timed too). All timed in the page as in the "
        "default run. Server CPU from /proc (utime + stime) over the clicks and over the searches. \"The store's reads\": "
        "the three `excerpts_for_island` calls `app.island_excerpts` makes, timed in the benchmark's process on the same "
        "store file (bench/store.py has the full picture).\n\n"
        + markdown_table(headers, rows) + "\n\n" + markdown_table(query_headers, per_query)
        + "\n\nRaw: opens (drawn / ready, ms) " + ", ".join(f"{d:.0f}/{p:.0f}" for d, p in figures.opens)
        + f"; `?island={SEARCH_ISLAND}` opens " + ", ".join(f"{d:.0f}/{p:.0f}" for d, p in figures.link_opens)
        + ". Clicks → facts (ms): " + ", ".join(f"{v:.0f}" for v in figures.facts_ms) + ". Clicks → excerpts (ms): "
        + ", ".join(f"{v:.0f}" for v in figures.panel_ms) + ". Clears (ms): " + ", ".join(f"{v:.0f}" for v in figures.clear_ms)
        + f". Store file: {figures.store_bytes:,} bytes; sync: {figures.sync_output.splitlines()[-1] if figures.sync_output else ''}",
    )


if __name__ == "__main__":
    raise SystemExit(main())
