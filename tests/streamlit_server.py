"""A real ``streamlit run app.py`` on a free localhost port, for browser tests of the app."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer at {url} within {STARTUP_TIMEOUT_S}s:\n{log.read_text()}")


@contextlib.contextmanager
def streamlit_app(log: Path, **env: str) -> Iterator[str]:
    """Run ``streamlit run app.py`` on a free port with extra environment variables; yield its base URL.

    The server has its own article store beside its log, unless ``KURIL_STORE`` is given.
    """
    env = {"KURIL_STORE": str(log.parent / "articles.sqlite3"), **env}
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1"]
    with log.open("w") as sink:
        process = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, **env})
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield the base URL of the app served by a fresh Streamlit process, reading the repository's seeds/."""
    with streamlit_app(tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def hostile_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield the URL of an app whose articles folder holds the seed and an article full of markup and script."""
    folder = tmp_path_factory.mktemp("hostile-seeds")
    for article in (*ROOT.joinpath("seeds").glob("*.txt"), ROOT / "tests/fixtures/articles/2025-08-04-script-injection.txt"):
        shutil.copy(article, folder)
    with streamlit_app(tmp_path_factory.mktemp("streamlit") / "server.log", KURIL_SEEDS_DIR=str(folder)) as url:
        yield url
