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


def popup_selector(island_id: str) -> str:
    """The island's fact sheet in the panel beside the map."""
    return f".kuril-popup[data-island='{island_id}']"


def state_check(view: str, period: str | None) -> dict[str, str]:
    """Return the WATCH_JS check of a drawn state: its key (the period's id, else the view's) and its legend title."""
    from layers.map import map_state
    from layers.map.legend import LEGEND_TITLE

    state = map_state(view, period)
    return {"key": period or view, "title": state.title if state else LEGEND_TITLE}


def map_frame(page, name: str):
    """Return the Playwright frame of the map (the one whose URL holds :data:`MAP_URLS`)."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        for frame in page.frames:
            if MAP_URLS[name] in frame.url:
                return frame
        page.wait_for_timeout(20)
    raise RuntimeError(f"no map frame ({MAP_URLS[name]}) in the page")


def new_page(browser):
    """Return a page in a new context (nothing cached) with the benchmark's probes, and its websocket byte count."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(BENCH_INIT_JS)
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


def main() -> int:
    if not CHROMIUM_PATH.exists():
        print(f"no browser at {CHROMIUM_PATH}: apt-get install chromium", file=sys.stderr)
        return 2
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


if __name__ == "__main__":
    raise SystemExit(main())
