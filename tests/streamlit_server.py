"""A real ``streamlit run app.py`` on a free localhost port, for browser tests of the app."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 60


_URL_LINE = re.compile(r"URL: (http://127\.0\.0\.1:[1-9][0-9]*)")


def _wait_until_healthy(process: subprocess.Popen, log: Path) -> str:
    """Return the server's base URL once it answers its health check.

    The server binds a port the OS chooses (``--server.port 0``) and prints its URL: a port picked here and
    bound later could be taken meanwhile, by another test worker's server or any connection's local port.
    """
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        url = url or next(iter(_URL_LINE.findall(log.read_text(errors="replace"))), None)
        if url is None:
            time.sleep(0.3)
            continue
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return url
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer{f' at {url}' if url else ''} within {STARTUP_TIMEOUT_S}s:\n{log.read_text()}")


@contextlib.contextmanager
def streamlit_app(log: Path, **env: str) -> Iterator[str]:
    """Run ``streamlit run app.py`` on a free port with extra environment variables; yield its base URL.

    The server has its own article store beside its log, unless ``KURIL_STORE`` is given.
    """
    env = {"KURIL_STORE": str(log.parent / "articles.sqlite3"), "PYTHONUNBUFFERED": "1", **env}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", "0",
               "--server.headless", "true", "--server.address", "127.0.0.1"]
    with log.open("w") as sink:
        process = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, **env})
    try:
        yield _wait_until_healthy(process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class AppServers:
    """The app servers of one test session (of one xdist worker): each started when first asked for, all stopped at
    the session's end.

    ``app_url`` and ``hostile_app_url`` are imported into each test module that uses them, and pytest makes a fixture
    of each import, with its own cache; they all ask the one ``app_servers`` (registered in conftest.py), so a session
    starts each server once, not once per module.
    """

    def __init__(self, stack: contextlib.ExitStack, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._stack = stack
        self._tmp_path_factory = tmp_path_factory
        self._urls: dict[str, str] = {}

    def url(self, name: str, env: Callable[[], dict[str, str]] = dict) -> str:
        """Return the base URL of the server ``name``, started with the extra environment ``env()`` if not yet."""
        if name not in self._urls:
            log = self._tmp_path_factory.mktemp("streamlit") / "server.log"
            self._urls[name] = self._stack.enter_context(streamlit_app(log, **env()))
        return self._urls[name]


@pytest.fixture(scope="session")
def app_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServers]:
    """Yield the session's app servers; they stop when the session ends."""
    with contextlib.ExitStack() as stack:
        yield AppServers(stack, tmp_path_factory)


@pytest.fixture(scope="session")
def app_url(app_servers: AppServers) -> str:
    """Return the base URL of the app served by a fresh Streamlit process, reading the repository's seeds/."""
    return app_servers.url("app")


@pytest.fixture(scope="session")
def hostile_app_url(app_servers: AppServers, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the URL of an app whose articles folder holds the seed and an article full of markup and script."""

    def env() -> dict[str, str]:
        folder = tmp_path_factory.mktemp("hostile-seeds")
        for article in (*ROOT.joinpath("seeds").glob("*.txt"), ROOT / "tests/fixtures/articles/2025-08-04-script-injection.txt"):
            shutil.copy(article, folder)
        return {"KURIL_SEEDS_DIR": str(folder)}

    return app_servers.url("hostile", env)
