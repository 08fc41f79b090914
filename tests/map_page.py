"""Browser helpers for the map client's page, in the app (an iframe in a component's shadow root) or an export.

* ``map_frame(page)``: the app's map page frame (``iframe.kuril-map-frame``, found through the shadow root).
* ``settle(frame_or_getter, state)``: wait until the map shows ``state`` and no zoom animation runs; fail
  saying what it shows. A frame replaced meanwhile (the component mounted anew) is waited on afresh.
* ``app_idle(page)``: wait until Streamlit has no script run going or asked for, and stays so a moment.
* ``wait_for_map(page)``: wait until an export's (or a map page's) client and host are whole.
"""

from __future__ import annotations

import time
from collections.abc import Callable

MAP_FRAME = "iframe.kuril-map-frame"
MAP_PAGE_PATH = "/app/static/map/"
LOAD_TIMEOUT_MS = 30_000

_SETTLED = """(key) => window.kurilMap && document.documentElement.dataset.kurilState === key
                        && !document.querySelector('.leaflet-zoom-anim')"""
_SHOWN = "() => [document.documentElement.dataset.kurilState || null, !!document.querySelector('.leaflet-zoom-anim')]"
_TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def wait_for_map(page, timeout: int = LOAD_TIMEOUT_MS) -> None:
    """Wait until a page's map client is whole: the islands drawn, then (after the frame that first paints them) the
    client's opening work and its host's done (``data-kuril-state`` is set once ``window.kurilMapReady`` resolves)."""
    page.wait_for_selector("path.leaflet-interactive", timeout=timeout)
    page.wait_for_function("() => document.documentElement.hasAttribute('data-kuril-state') && !!window.kurilMap", timeout=timeout)


def map_frame(page, timeout: int = LOAD_TIMEOUT_MS):
    """Return the app's map page frame (inside the component's shadow root), once it holds the map page."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        handle = page.locator(MAP_FRAME).element_handle(timeout=timeout)
        frame = handle.content_frame()
        if frame is not None and MAP_PAGE_PATH in frame.url:
            return frame
        assert time.monotonic() < deadline, f"the map frame holds {frame and frame.url!r}, not the map page"
        page.wait_for_timeout(100)


def settle(frame_of: Callable[[], object], state: str, timeout: int = LOAD_TIMEOUT_MS) -> None:
    """Wait until the frame ``frame_of()`` returns shows ``state`` (data-kuril-state) with no zoom animation running.

    Asserts it: a map that shows another state, or keeps zooming, fails with what it shows.
    """
    from playwright.sync_api import Error as PlaywrightError

    shown = None
    for _ in range(3):
        frame = frame_of()
        try:
            frame.wait_for_function(_SETTLED, arg=state, timeout=timeout)
            # Two frames later nothing has started to zoom again (a fit asked for at the end of an animation).
            frame.evaluate(_TWO_FRAMES)
            shown = frame.evaluate(_SHOWN)
        except PlaywrightError as err:
            if "detached" in str(err):
                continue
            shown = frame.evaluate(_SHOWN)
            raise AssertionError(f"the map did not settle on {state!r}: [state, zooming] = {shown}") from err
        break
    assert shown == [state, False], f"the map did not settle on {state!r}: [state, zooming] = {shown}"


def app_idle(page, quiet_ms: int = 400, timeout: int = LOAD_TIMEOUT_MS) -> None:
    """Wait until Streamlit runs no script and asks for none, twice ``quiet_ms`` apart (a trigger may be on its way)."""
    idle = "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'"
    for _ in range(2):
        page.wait_for_function(idle, timeout=timeout)
        page.wait_for_timeout(quiet_ms)
    page.wait_for_function(idle, timeout=timeout)
