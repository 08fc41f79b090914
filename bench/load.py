"""Load: 30 browser sessions against one ``streamlit run app.py`` for 60 seconds: ``python -m bench.load``.

One headless Chromium, one context per session (asyncio Playwright). All sessions open the app at once
(their time to the drawn map is reported); the clock starts when every one is open, and each then
loops: click an island label (alternating through :data:`ISLANDS`) and wait for its fact sheet; every
third turn, press the first "Show on map" button and wait for the picked excerpt to be marked. Reported:
server errors (HTTP ≥ 500, tracebacks in the server log, Streamlit exception boxes, page errors),
p50/p95 of click → panel updated and of open → islands drawn (both timed inside the page, with the probes
of bench/streamlit.py: mouse press → the element in the DOM, ``performance.now()``), the server's CPU
time over the window (``/proc/<pid>/stat`` utime + stime) per click answered, its RSS sampled every half
second, and the websocket bytes the server sent per click (Playwright's ``framereceived``).

The naive baseline (``bench/baseline_app.py``) then runs under the same loop, shorter by default (it has no
"Show on map" buttons, so its sessions only click). Options: ``--sessions N`` and ``--seconds S``
(defaults 30 and 60), ``--baseline-sessions`` and ``--baseline-seconds`` (defaults 10 and 30; 0 sessions
skips it). Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.results import load_average, machine_summary, markdown_table, median, percentile, print_table, write_section
from bench.streamlit import (
    BENCH_INIT_JS, CHROMIUM_ARGS, CHROMIUM_PATH, MAP_FRAMES, WATCH_JS, app_script, label_anchor, popup_selector,
    streamlit_server, wait_healthy,
)

ISLANDS = ("kunashir", "iturup", "shikotan", "paramushir")
P95_TARGET_S = 1.0
CPU_PER_CLICK_TARGET_MS = 30.0
RSS_TARGET_MIB = 250.0
TURN_TIMEOUT_S = 30
OPEN_TIMEOUT_S = 300
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """Return the process's user + system CPU time in seconds, from /proc/<pid>/stat (fields 14 and 15)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": field 3 onwards
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class Start:
    """Starts the clock once every session has opened (or failed to); notes the server's CPU time then and at the end."""

    sessions: int
    seconds: float
    pid: int
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    arrived: int = 0
    finished: int = 0
    started: float = 0.0
    deadline: float = 0.0
    cpu_start: float | None = None
    cpu_end: float | None = None
    window_s: float = 0.0

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived == self.sessions:
            self.cpu_start = cpu_seconds(self.pid)
            self.started = time.monotonic()
            self.deadline = self.started + self.seconds
            self.ready.set()

    def finish(self) -> None:
        """A session has ended its loop; the last one closes the window."""
        self.finished += 1
        if self.finished == self.sessions:
            self.cpu_end = cpu_seconds(self.pid)
            self.window_s = time.monotonic() - self.started


@dataclass
class Tally:
    click_ms: list[float] = field(default_factory=list)
    excerpt_ms: list[float] = field(default_factory=list)
    open_ms: list[float] = field(default_factory=list)
    click_bytes: list[int] = field(default_factory=list)
    excerpt_bytes: list[int] = field(default_factory=list)
    timeouts: int = 0
    http_5xx: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    exception_boxes: int = 0
    sessions_started: int = 0


def rss_mib(pid: int) -> float | None:
    """Return the process's resident set size in MiB, from /proc."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


def sample_rss(pid: int, samples: list[tuple[float, float]], stop: threading.Event) -> None:
    started = time.monotonic()
    while not stop.is_set():
        value = rss_mib(pid)
        if value is not None:
            samples.append((time.monotonic() - started, value))
        stop.wait(0.5)


async def timed(page, frame, check: dict, action) -> float | None:
    """As bench.streamlit.timed: arm the watch, act; press → check holds, in ms inside the page (None: timed out).

    NaN if the check already held before the action (nothing to time; not a timeout)."""
    if not await frame.evaluate(WATCH_JS, [check, TURN_TIMEOUT_S * 1000]):
        return float("nan")
    await action()
    seen = await frame.evaluate("() => window.__benchSeen")
    pressed = await page.evaluate("() => window.__benchPressAt")
    return None if seen is None or pressed is None else seen - pressed


async def session(browser, url: str, name: str, number: int, start: Start, tally: Tally) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    await context.add_init_script(BENCH_INIT_JS)
    page = await context.new_page()
    page.on("response", lambda response: response.status >= 500 and tally.http_5xx.append(f"{response.url} {response.status}"))
    page.on("pageerror", lambda error: tally.page_errors.append(str(error)[:200]))
    received = [0]

    def count(payload) -> None:
        received[0] += len(payload) if isinstance(payload, bytes) else len(payload.encode("utf-8"))

    page.on("websocket", lambda socket_: socket_.on("framereceived", count))
    map_frame = page.frame_locator(MAP_FRAMES[name])
    booked: list[tuple[list[int], int]] = []  # the last action's byte list and the count when it started

    def book(into: list[int] | None) -> None:
        """Book the bytes since the last action started to it; then start counting for ``into``."""
        if booked:
            bucket, since = booked.pop()
            bucket.append(received[0] - since)
        if into is not None:
            booked.append((into, received[0]))

    arrived = looping = False
    try:
        await page.goto(url, timeout=OPEN_TIMEOUT_S * 1000)
        await page.wait_for_function("() => window.__bench && window.__bench.drawn", timeout=OPEN_TIMEOUT_S * 1000, polling=50)
        tally.open_ms.append(await page.evaluate("() => window.__bench.drawn"))
        tally.sessions_started += 1
        start.arrive()
        arrived = True
        await start.ready.wait()
        looping = True
        turn = number  # sessions start at different islands
        while time.monotonic() < start.deadline:
            island_id = ISLANDS[turn % len(ISLANDS)]
            label, anchor = label_anchor(island_id)
            await map_frame.locator(label).wait_for(state="visible", timeout=TURN_TIMEOUT_S * 1000)
            box = await map_frame.locator(anchor).bounding_box()
            book(tally.click_bytes)
            ms = await timed(page, page.main_frame, {"selector": popup_selector(island_id)},
                             lambda: page.mouse.click(box["x"], box["y"]))
            if ms is None:
                tally.timeouts += 1
            elif ms == ms:
                tally.click_ms.append(ms)
            if turn % 3 == 0 and time.monotonic() < start.deadline:
                button = page.get_by_role("button", name="Show on map").first
                if await button.count():
                    book(tally.excerpt_bytes)
                    ms = await timed(page, page.main_frame, {"selector": "article.kuril-excerpt-selected"},
                                     lambda: button.click(timeout=TURN_TIMEOUT_S * 1000))
                    if ms is None:
                        tally.timeouts += 1
                    elif ms == ms:
                        tally.excerpt_ms.append(ms)
            tally.exception_boxes = max(tally.exception_boxes, await page.locator("[data-testid='stException']").count())
            turn += 1
        book(None)
    except Exception as err:  # noqa: BLE001 - a session that dies is counted, the others go on
        tally.page_errors.append(f"session {number}: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
    finally:
        if not arrived:
            start.arrive()
        if not looping:
            await start.ready.wait()
        start.finish()
        await context.close()


async def drive(url: str, name: str, sessions: int, start: Start, tally: Tally) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)
        try:
            await asyncio.gather(*(session(browser, url, name, number, start, tally) for number in range(sessions)))
        finally:
            await browser.close()


@dataclass
class Report:
    name: str
    sessions: int
    seconds: float
    tally: Tally
    wall_s: float
    window_s: float
    cpu_s: float | None
    rss: list[float]
    tracebacks: int

    @property
    def errors(self) -> int:
        t = self.tally
        return len(t.http_5xx) + self.tracebacks + t.exception_boxes + len(t.page_errors)


def run(name: str, sessions: int, seconds: float, workdir: Path) -> Report:
    log = workdir / f"{name}-server.log"
    tally = Tally()
    samples: list[tuple[float, float]] = []
    stop = threading.Event()
    with app_script(name) as script, streamlit_server(script, log) as (url, process):
        wait_healthy(url, process, log)
        sampler = threading.Thread(target=sample_rss, args=(process.pid, samples, stop), daemon=True)
        sampler.start()
        started = time.monotonic()
        start = Start(sessions, seconds, process.pid)
        asyncio.run(drive(url, name, sessions, start, tally))
        wall_s = time.monotonic() - started
        stop.set()
        sampler.join()
    tracebacks = log.read_text(errors="replace").count("Traceback (most recent call last)")
    cpu_s = start.cpu_end - start.cpu_start if start.cpu_start is not None and start.cpu_end is not None else None
    return Report(name, sessions, seconds, tally, wall_s, start.window_s, cpu_s, [value for _, value in samples], tracebacks)


def rows_for(reports: list[Report]) -> list[list[str]]:
    def each(fn) -> list[str]:
        return [fn(report) for report in reports]

    def ms(values: list[float], share: float) -> float:
        return percentile(values, share)

    def per_click_ms(r: Report) -> str:
        clicks = len(r.tally.click_ms)
        if r.cpu_s is None or not clicks:
            return "n/a"
        actions = clicks + len(r.tally.excerpt_ms)
        return f"{r.cpu_s * 1000 / clicks:.1f} ms ({r.cpu_s:.1f} s CPU over {r.window_s:.0f} s; {r.cpu_s * 1000 / actions:.1f} ms per click or press)"

    def kb(values: list[int]) -> str:
        return f"{median(values) / 1000:.1f} kB (mean {sum(values) / len(values) / 1000:.1f})" if values else "n/a"

    return [
        ["sessions (started / asked)", *each(lambda r: f"{r.tally.sessions_started} / {r.sessions}"), ""],
        ["wall time, opening included", *each(lambda r: f"{r.wall_s:.0f} s (clicking for {r.seconds:.0f} s once all were open)"), ""],
        ["session open → islands drawn, p50 / p95", *each(lambda r: f"{ms(r.tally.open_ms, .5) / 1000:.1f} / {ms(r.tally.open_ms, .95) / 1000:.1f} s"), ""],
        ["island clicks answered", *each(lambda r: str(len(r.tally.click_ms))), ""],
        ["click → facts, p50", *each(lambda r: f"{ms(r.tally.click_ms, .5):.0f} ms"), ""],
        ["click → facts, p95", *each(lambda r: f"{ms(r.tally.click_ms, .95):.0f} ms"), f"≤ {P95_TARGET_S * 1000:.0f} ms"],
        ["Show on map → excerpt marked, p50 / p95 (n)",
         *each(lambda r: f"{ms(r.tally.excerpt_ms, .5):.0f} / {ms(r.tally.excerpt_ms, .95):.0f} ms ({len(r.tally.excerpt_ms)})"
               if r.tally.excerpt_ms else "n/a (no such button)"), ""],
        [f"turns timed out (> {TURN_TIMEOUT_S} s)", *each(lambda r: str(r.tally.timeouts)), "0"],
        ["HTTP ≥ 500", *each(lambda r: str(len(r.tally.http_5xx))), "0"],
        ["tracebacks in the server log", *each(lambda r: str(r.tracebacks)), "0"],
        ["Streamlit exception boxes on a page (max)", *each(lambda r: str(r.tally.exception_boxes)), "0"],
        ["page errors / dead sessions", *each(lambda r: str(len(r.tally.page_errors))), "0"],
        ["server CPU per click answered", *each(per_click_ms), f"≤ {CPU_PER_CLICK_TARGET_MS:.0f} ms"],
        ["server RSS: start / max / end", *each(lambda r: f"{r.rss[0]:.0f} / {max(r.rss):.0f} / {r.rss[-1]:.0f} MiB" if r.rss else "n/a"),
         f"max ≤ {RSS_TARGET_MIB:.0f} MiB"],
        ["websocket bytes sent per click, median (server → browser, uncompressed)", *each(lambda r: kb(r.tally.click_bytes)), ""],
        ["websocket bytes sent per Show on map, median", *each(lambda r: kb(r.tally.excerpt_bytes)), ""],
    ]


def verdict(report: Report) -> str:
    t = report.tally
    p95 = percentile(t.click_ms, .95) / 1000
    cpu = report.cpu_s * 1000 / len(t.click_ms) if report.cpu_s is not None and t.click_ms else float("nan")
    rss = max(report.rss, default=float("nan"))
    checks = [
        ("no errors" if not report.errors else f"{report.errors} errors"),
        ("no turn over 30 s" if not t.timeouts else f"{t.timeouts} turns over {TURN_TIMEOUT_S} s"),
        f"click p95 {'meets' if p95 <= P95_TARGET_S else 'misses'} the {P95_TARGET_S:.0f} s target",
        f"CPU per click {'meets' if cpu <= CPU_PER_CLICK_TARGET_MS else 'misses'} the {CPU_PER_CLICK_TARGET_MS:.0f} ms target",
        f"RSS {'meets' if rss <= RSS_TARGET_MIB else 'misses'} the {RSS_TARGET_MIB:.0f} MiB target",
    ]
    return "; ".join(checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--baseline-sessions", type=int, default=10)
    parser.add_argument("--baseline-seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    if not CHROMIUM_PATH.exists():
        print(f"no browser at {CHROMIUM_PATH}: apt-get install chromium", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="kuril-bench-load-"))
    load_before = load_average()
    reports = [run("app", args.sessions, args.seconds, workdir)]
    load_between = load_average()
    if args.baseline_sessions > 0:
        reports.append(run("baseline", args.baseline_sessions, args.baseline_seconds, workdir))
    load_after = load_average()
    app = reports[0]
    headers = ["measure", f"app.py ({app.sessions} sessions × {app.seconds:.0f} s)",
               *[f"baseline ({r.sessions} sessions × {r.seconds:.0f} s)" for r in reports[1:]], "target"]
    rows = rows_for(reports)
    print_table(headers, rows)
    for report in reports:
        for problem in [*report.tally.http_5xx[:5], *report.tally.page_errors[:5]]:
            print(f"   {report.name}: {problem}")
    print(f"load average (1/5/15 min): before {load_before}, after the app {load_between}, at the end {load_after}")
    print(f"server logs: {workdir}")
    baseline_note = (
        f" The baseline (`bench/baseline_app.py`, naive st_folium) ran the same loop afterwards, shorter ({reports[1].sessions} "
        f"sessions × {reports[1].seconds:.0f} s; it has no \"Show on map\" buttons, so it only clicks); verdict: {verdict(reports[1])}."
        if len(reports) > 1 else ""
    )
    write_section(
        "load",
        f"## Load: {app.sessions} sessions for {app.seconds:.0f} s\n\n" + machine_summary()
        + f" Load average (1/5/15 min) {load_before} before, {load_between} after the app, {load_after} at the end.\n\n"
        f"`python -m bench.load --sessions {app.sessions} --seconds {app.seconds:.0f}`: one `streamlit run app.py` on localhost; "
        f"one headless Chromium with {app.sessions} contexts (asyncio Playwright), all opened at once, then for {app.seconds:.0f} s "
        f"once every one is open each clicking island labels in turn ({', '.join(ISLANDS)}) and, every third turn, the first "
        "\"Show on map\" button. The browser runs on the same machine as the server, so both share the CPUs. Times are taken "
        "inside each page (`performance.now()`: mouse press → fact sheet or marked excerpt in the DOM; navigation start → islands "
        "in the map frame's DOM). Server CPU: utime + stime of the server process from `/proc/<pid>/stat` between the moment all "
        "sessions were open and the end of the last turn, ÷ island clicks answered. Websocket bytes: frames the server sent "
        "(Playwright's `framereceived`, after decompression) from a click to the session's next action."
        f" Verdict for app.py: {verdict(app)}.{baseline_note}\n\n" + markdown_table(headers, rows),
    )
    return 0 if not app.errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
