"""axe-core over the whole page, in each language and in the states a reader goes through: no serious or critical
violation, in the export and in the app (and the app's map frame). The map, the panel and the classroom tools are
landmarks of their own."""

from __future__ import annotations


import pytest
from axe import axe_violations
from browser import OfflinePage
from map_page import LOAD_TIMEOUT_MS, app_idle, map_frame, wait_for_map
from streamlit_server import app_url  # noqa: F401 - fixture

from geo.languages import LANGUAGES

pytestmark = pytest.mark.browser

#: The states of the export a reader goes through (the opening map, an island picked, the tour, a side's view), each in
#: one of the languages, so that every language and every state is checked once (a full axe run costs seconds).
EXPORT_STATES = {
    "opening-en": "lang=en", "island-ru": "lang=ru&island=shikotan", "tour-ja": "lang=ja&step=portsmouth",
    "japan-ru": "lang=ru&view=japan", "opening-ja": "lang=ja",
}


def serious(violations: list[dict]) -> list[dict]:
    return [violation for violation in violations if violation["impact"] in ("serious", "critical")]


def all_rules(frame) -> list[dict]:
    """Run every axe rule (WCAG 2.x A and AA and best practices) on the frame; return its violations."""
    return axe_violations(frame, [])


@pytest.mark.parametrize("state", list(EXPORT_STATES))
def test_the_export_has_no_serious_or_critical_violation(offline_page: OfflinePage, seed_export, state):
    page = offline_page.page
    page.goto(f"{seed_export.as_uri()}#{EXPORT_STATES[state]}")
    wait_for_map(page, timeout=LOAD_TIMEOUT_MS)
    # Every rule, html-has-lang and valid-lang among them: the page's language and each quotation's are right.
    assert serious(all_rules(page)) == []
    landmarks = page.evaluate("() => [...document.querySelectorAll('[role=region][aria-label], aside[aria-label], section[aria-label]')].length")
    assert landmarks >= 3  # the map, the panel and the classroom tools
    marked = set(page.evaluate("() => [...document.querySelectorAll('body [lang]')].map((el) => el.getAttribute('lang'))"))
    assert marked and marked <= {*LANGUAGES, "ja-Latn"}, marked  # only languages the map speaks


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_app_has_no_serious_or_critical_violation(offline_page: OfflinePage, app_url, lang):  # noqa: F811
    page = offline_page.page
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(f"{app_url}/?lang={lang}&island=kunashir")
    frame = map_frame(page)
    app_idle(page)
    assert serious(all_rules(page)) == []
    assert serious(all_rules(frame)) == []
