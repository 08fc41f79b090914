"""One table of links (tests/fixtures/link_cases.json) opened in both hosts of the map client.

Each case runs (a) in an export file, opened as ``file://…#<link>``, and (b) in the app, opened as
``<app>/?<link>`` (a new Streamlit session each time), and must give the same map: the state key
(``data-kuril-state``), the selected island, the tour step if the case names one, and the messages (the
``.kuril-message-text`` holds each listed text, in order; the notice is hidden when there are none), with
no page error. Each host keeps one browser context for the module; tests are named ``[host-link]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser import VIEWPORT, is_local
from map_page import LOAD_TIMEOUT_MS, MAP_FRAME, app_idle, map_frame, settle
from streamlit_server import app_url  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

CASES_FILE = Path(__file__).parent / "fixtures" / "link_cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
HOSTS = ("export", "app")


def case_id(case: dict) -> str:
    link = case["link"] or "(no link)"
    return link if len(link) <= 40 else link[:37] + "..."


@dataclass
class HostPage:
    """One host's page, kept for the module, with the page errors and blocked requests of the current case."""

    host: str
    page: object
    open: object  # (link) -> the frame holding the map, opened afresh on that link
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def export_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the default export once for the module."""
    from layers.export import export_html

    path = tmp_path_factory.mktemp("link-cases") / "kuril-islands-map.html"
    path.write_text(export_html(), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=HOSTS)
def host_page(request: pytest.FixtureRequest, chromium: object) -> Iterator[HostPage]:
    """Yield one host's page (one context for all its cases) whose requests off this machine are blocked."""
    host = request.param
    context = chromium.new_context(viewport=VIEWPORT if host == "export" else {"width": 1400, "height": 900},
                                   service_workers="block")
    page = context.new_page()
    if host == "export":
        base = request.getfixturevalue("export_file").as_uri()

        def open_link(link: str):
            page.goto("about:blank")  # a new hash on the same file would only be a hashchange: open it afresh
            page.goto(f"{base}#{link}" if link else base)
            return page.main_frame
    else:
        base = request.getfixturevalue("app_url")

        def open_link(link: str):
            page.goto(f"{base}/?{link}" if link else f"{base}/")
            page.frame_locator(MAP_FRAME).locator(".kuril-legend").wait_for(timeout=LOAD_TIMEOUT_MS)
            return map_frame(page)

    hosted = HostPage(host, page, open_link)

    def route(route: object) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            hosted.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page.on("pageerror", lambda error: hosted.page_errors.append(str(error)))
    try:
        yield hosted
    finally:
        context.close()


def frame_of(hosted: HostPage):
    return (lambda: hosted.page.main_frame) if hosted.host == "export" else (lambda: map_frame(hosted.page))


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_a_link_gives_the_same_map_in_both_hosts(host_page: HostPage, case: dict) -> None:
    host_page.page_errors.clear()
    host_page.blocked.clear()
    host_page.open(case["link"])
    settle(frame_of(host_page), case["state"])
    if host_page.host == "app":
        app_idle(host_page.page)  # Python has taken the link's state and sent it back to the client
        settle(frame_of(host_page), case["state"])
    frame = frame_of(host_page)()
    shown = frame.evaluate(
        """() => ({state: document.documentElement.dataset.kurilState, island: kurilMap.state.island,
                   step: kurilMap.state.step, link: kurilMap.linkFor(),
                   hidden: document.querySelector('.kuril-message').hidden,
                   message: document.querySelector('.kuril-message-text').textContent})"""
    )
    assert shown["state"] == case["state"], shown
    assert shown["island"] == case["island"], shown
    if "step" in case:
        assert shown["step"] == case["step"], shown
    if case["messages"]:
        assert not shown["hidden"], shown
        at = 0
        for text in case["messages"]:
            found = shown["message"].find(text, at)
            assert found >= 0, f"{text!r} not in the message after position {at}: {shown['message']!r}"
            at = found + len(text)
    else:
        assert shown["hidden"], shown
    assert not host_page.page_errors, host_page.page_errors
    assert not host_page.blocked, host_page.blocked
    if host_page.host == "app":
        # Python took the link's state: the island's fact sheet is in the panel, and the address follows the state.
        islands = host_page.page.locator(".kuril-popup").evaluate_all("(nodes) => nodes.map((n) => n.dataset.island)")
        assert islands == ([case["island"]] if case["island"] else []), islands
        search = host_page.page.evaluate("() => location.search")
        assert search == (f"?{shown['link']}" if shown["link"] else ""), (search, shown["link"])
