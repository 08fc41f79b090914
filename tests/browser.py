"""Headless Chromium for tests, with every request off this machine blocked.

Playwright cannot download its own browser here, so we drive Debian's
``chromium``. The fixtures (re-exported by ``conftest.py``):

* ``chromium`` (session): one browser for the whole run, launched once.
* ``offline_page`` (function): a fresh context and page whose requests go
  through ``NetworkLog``: anything but file:, data:, blob:, about: and the
  loopback addresses is aborted and recorded.

Without /usr/bin/chromium the browser tests are skipped with the reason, except
under CI=true, where a missing browser is a failure: a green CI must mean the
browser tests ran.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 720}
ARTIFACTS_DIR = Path(__file__).parent / "artifacts"

_LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about"})
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def in_ci() -> bool:
    """Return True when the CI environment variable says we run in CI."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def is_local(url: str) -> bool:
    """Return True for URLs that never leave this machine."""
    parts = urlsplit(url)
    return parts.scheme in _LOCAL_SCHEMES or (parts.hostname or "") in _LOCAL_HOSTS


@dataclass
class NetworkLog:
    """What a page asked for that it could not have offline."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        """Return the non-empty lists, for one readable assertion message."""
        return {name: items for name, items in vars(self).items() if items}


@dataclass
class OfflinePage:
    """A Playwright page plus the log of its blocked and failed requests."""

    page: object  # playwright.sync_api.Page; typed loosely so this module imports without it
    network: NetworkLog

    def screenshot(self, name: str) -> Path:
        """Save a PNG under tests/artifacts/ and return its path."""
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        path = ARTIFACTS_DIR / name
        self.page.screenshot(path=str(path))
        return path


def _no_browser(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason}; CI=true, so browser tests must run: install it with apt-get install chromium")
    pytest.skip(f"{reason}; install it with apt-get install chromium (under CI=true this fails)")


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Yield one headless Debian Chromium for the whole test session."""
    if not CHROMIUM_PATH.exists():
        _no_browser(f"no browser at {CHROMIUM_PATH}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def offline_page(chromium: object) -> Iterator[OfflinePage]:
    """Yield a fresh page that may only load local URLs, with its network log."""
    network = NetworkLog()
    context = chromium.new_context(viewport=VIEWPORT, service_workers="block")

    def route(route: object) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            network.blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.on("requestfailed", lambda request: network.failed.append(f"{request.url} ({request.failure})"))
    page.on(
        "response",
        lambda response: response.status >= 400
        and network.bad_status.append(f"{response.url} -> {response.status}"),
    )
    page.on("pageerror", lambda error: network.page_errors.append(str(error)))
    try:
        yield OfflinePage(page=page, network=network)
    finally:
        context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@contextlib.contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) and yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
