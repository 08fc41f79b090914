"""axe-core, the accessibility engine, run in a page by the browser tests (installed from npm by scripts/test.sh)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from browser import in_ci

ROOT = Path(__file__).resolve().parents[1]
AXE_VERSION = "4.14.1"
AXE_JS = Path(os.environ.get("KURIL_AXE_JS") or ROOT / f".cache/axe-core-{AXE_VERSION}/node_modules/axe-core/axe.min.js")


def axe_violations(frame: Any, rules: list[str]) -> list[dict[str, Any]]:
    """Return axe-core's violations of ``rules`` (every rule when empty) in a Playwright page or frame:
    ``[{id, impact, nodes: [html…]}]``."""
    if not AXE_JS.is_file():
        message = f"axe-core is not installed at {AXE_JS}: run bash scripts/test.sh (it installs it with npm)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    frame.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    results = frame.evaluate(
        "rules => axe.run(document, rules.length ? {runOnly: {type: 'rule', values: rules}} : {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html)})))",
        rules,
    )
    return list(results)
