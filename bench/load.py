"""Load: 20 browser sessions against one ``streamlit run app.py`` for 60 seconds: ``python -m bench.load``.

One headless Chromium, one context per session (asyncio Playwright). All sessions open the app at once
(their time to the drawn map is reported); the 60-second clock starts when every one is open, and each then
loops: click an island label (alternating through :data:`ISLANDS`) and wait for its fact sheet; every
third turn, press the first "Show on map" button and wait for the picked excerpt to be marked. Reported:
server errors (HTTP ≥ 500, tracebacks in the server log, Streamlit exception boxes, page errors),
p50/p95 of click → panel updated, and the server's RSS sampled every half second.

Options: ``--sessions N`` and ``--seconds S`` (defaults 20 and 60). Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.results import machine_summary, markdown_table, median, percentile, print_table, write_section
from bench.streamlit import CHROMIUM_ARGS, CHROMIUM_PATH, MAP_FRAME, ROOT, label_anchor, streamlit_server, wait_healthy

ISLANDS = ("kunashir", "iturup", "shikotan", "paramushir")
P95_TARGET_S = 1.0
TURN_TIMEOUT_S = 30
OPEN_TIMEOUT_S = 300


@dataclass
class Start:
    """Starts the clock once every session has opened (or failed to)."""

    sessions: int
    seconds: float
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    arrived: int = 0
    deadline: float = 0.0

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived == self.sessions:
            self.deadline = time.monotonic() + self.seconds
            self.ready.set()


@dataclass
class Tally:
    click_s: list[float] = field(default_factory=list)
    excerpt_s: list[float] = field(default_factory=list)
    timeouts: int = 0
    http_5xx: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    exception_boxes: int = 0
    sessions_started: int = 0
    start_s: list[float] = field(default_factory=list)


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


async def session(browser, url: str, number: int, start: Start, tally: Tally) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    page.on("response", lambda response: response.status >= 500 and tally.http_5xx.append(f"{response.url} {response.status}"))
    page.on("pageerror", lambda error: tally.page_errors.append(str(error)[:200]))
    arrived = False
    try:
        opened = time.perf_counter()
        await page.goto(url, timeout=OPEN_TIMEOUT_S * 1000)
        await page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").first.wait_for(timeout=OPEN_TIMEOUT_S * 1000)
        tally.start_s.append(time.perf_counter() - opened)
        tally.sessions_started += 1
        start.arrive()
        arrived = True
        await start.ready.wait()
        deadline = start.deadline
        turn = number  # sessions start at different islands
        while time.monotonic() < deadline:
            island_id = ISLANDS[turn % len(ISLANDS)]
            label, anchor = label_anchor(island_id)
            await page.frame_locator(MAP_FRAME).locator(label).wait_for(state="visible", timeout=TURN_TIMEOUT_S * 1000)
            box = await page.frame_locator(MAP_FRAME).locator(anchor).bounding_box()
            clicked = time.perf_counter()
            await page.mouse.click(box["x"], box["y"])
            try:
                await page.locator(f".kuril-popup[data-island='{island_id}']").first.wait_for(state="visible", timeout=TURN_TIMEOUT_S * 1000)
                tally.click_s.append(time.perf_counter() - clicked)
            except Exception:  # noqa: BLE001 - playwright's TimeoutError
                tally.timeouts += 1
            if turn % 3 == 0 and time.monotonic() < deadline:
                button = page.get_by_role("button", name="Show on map").first
                if await button.count():
                    pressed = time.perf_counter()
                    await button.click(timeout=TURN_TIMEOUT_S * 1000)
                    try:
                        await page.locator("article.kuril-excerpt-selected").first.wait_for(timeout=TURN_TIMEOUT_S * 1000)
                        tally.excerpt_s.append(time.perf_counter() - pressed)
                    except Exception:  # noqa: BLE001
                        tally.timeouts += 1
            tally.exception_boxes = max(tally.exception_boxes, await page.locator("[data-testid='stException']").count())
            turn += 1
    except Exception as err:  # noqa: BLE001 - a session that dies is counted, the others go on
        tally.page_errors.append(f"session {number}: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
    finally:
        if not arrived:
            start.arrive()
        await context.close()


async def drive(url: str, sessions: int, seconds: float, tally: Tally) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)
        try:
            start = Start(sessions, seconds)
            await asyncio.gather(*(session(browser, url, number, start, tally) for number in range(sessions)))
        finally:
            await browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    if not CHROMIUM_PATH.exists():
        print(f"no browser at {CHROMIUM_PATH}: apt-get install chromium", file=sys.stderr)
        return 2
    log = Path(tempfile.mkdtemp(prefix="kuril-bench-load-")) / "server.log"
    tally = Tally()
    samples: list[tuple[float, float]] = []
    stop = threading.Event()
    with streamlit_server(ROOT / "app.py", log) as (url, process):
        wait_healthy(url, process, log)
        sampler = threading.Thread(target=sample_rss, args=(process.pid, samples, stop), daemon=True)
        sampler.start()
        started = time.monotonic()
        asyncio.run(drive(url, args.sessions, args.seconds, tally))
        wall_s = time.monotonic() - started
        stop.set()
        sampler.join()
    server_log = log.read_text(errors="replace")
    tracebacks = server_log.count("Traceback (most recent call last)")
    rss = [value for _, value in samples]
    errors = len(tally.http_5xx) + tracebacks + tally.exception_boxes + len(tally.page_errors)
    headers = ["measure", "value", "target"]
    rows = [
        ["sessions (started / asked)", f"{tally.sessions_started} / {args.sessions}", ""],
        ["wall time, opening included", f"{wall_s:.0f} s (clicking for {args.seconds:.0f} s once all were open)", ""],
        ["session open → islands drawn, p50 / p95", f"{median(tally.start_s):.1f} / {percentile(tally.start_s, .95):.1f} s", ""],
        ["island clicks answered", len(tally.click_s), ""],
        ["click → facts, p50", f"{median(tally.click_s) * 1000:.0f} ms", ""],
        ["click → facts, p95", f"{percentile(tally.click_s, .95) * 1000:.0f} ms", f"≤ {P95_TARGET_S * 1000:.0f} ms"],
        ["Show on map → excerpt marked, p50 / p95 (n)",
         f"{median(tally.excerpt_s) * 1000:.0f} / {percentile(tally.excerpt_s, .95) * 1000:.0f} ms ({len(tally.excerpt_s)})", ""],
        [f"turns timed out (> {TURN_TIMEOUT_S} s)", tally.timeouts, "0"],
        ["HTTP ≥ 500", len(tally.http_5xx), "0"],
        ["tracebacks in the server log", tracebacks, "0"],
        ["Streamlit exception boxes on a page (max)", tally.exception_boxes, "0"],
        ["page errors / dead sessions", len(tally.page_errors), "0"],
        ["server RSS: start / max / end", f"{rss[0]:.0f} / {max(rss):.0f} / {rss[-1]:.0f} MiB" if rss else "n/a", ""],
    ]
    print_table(headers, rows)
    for problem in [*tally.http_5xx[:5], *tally.page_errors[:5]]:
        print("  ", problem)
    print(f"server log: {log}")
    verdict = "no errors" if not errors else f"{errors} errors"
    p95 = percentile(tally.click_s, .95)
    verdict += f"; click p95 {'meets' if p95 <= P95_TARGET_S else 'misses'} the {P95_TARGET_S:.0f} s target"
    write_section(
        "load",
        "## Load: 20 sessions for 60 s\n\n" + machine_summary() + "\n\n"
        f"`python -m bench.load`: one `streamlit run app.py` on localhost; one headless Chromium with {args.sessions} contexts "
        f"(asyncio Playwright), all opened at once, then for {args.seconds:.0f} s once every one is open each clicking island labels in turn ({', '.join(ISLANDS)}) and, every third turn, the first "
        "\"Show on map\" button. The browser runs on the same machine as the server, so both share the CPUs. "
        f"Verdict: {verdict}.\n\n" + markdown_table(headers, rows),
    )
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
