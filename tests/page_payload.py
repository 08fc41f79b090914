"""The data a map page carries packed (``layers.payload``), unpacked for tests that read a page's text.

``payload(html)`` is the page's data by key (``topology``, ``client``, ``host``); ``readable(html)`` the page with
that data written out as it was before it was packed (``layers.templates.script_json``), so a test can look for
an escaped excerpt or an id in one string.
"""

from __future__ import annotations

import json
import re
from typing import Any

from layers.payload import unpack
from layers.templates import script_json

_PACKED = re.compile(r'kurilUnpack\(["`]([A-Za-z0-9+/=]*)["`]')


def payload(html: str) -> dict[str, Any]:
    """Return the page's packed data, unpacked (it must hold exactly one)."""
    found = _PACKED.findall(html)
    assert len(found) == 1, f"expected one packed payload in the page, found {len(found)}"
    return unpack(found[0])


def readable(html: str) -> str:
    """Return ``html`` followed by its data as JSON safe inside a script."""
    return html + "\n" + script_json(payload(html))


def json_size(value: Any) -> int:
    """Return the bytes of ``value`` as compact UTF-8 JSON (what it would weigh unpacked)."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
