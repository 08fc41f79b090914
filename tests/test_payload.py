"""The page's data, packed once (layers.payload): what goes in comes out, and a page that cannot unpack it says so."""

from __future__ import annotations

import base64
import re
import zlib

import pytest

from layers.i18n import text
from layers.payload import PageData, pack, unpack, when_ready


def test_what_is_packed_comes_out_the_same() -> None:
    data = {"name": "国後島 / Кунашир", "html": "</script><b>x</b>", "figures": [1, 2.5, None], "nested": {"a": []}}
    assert unpack(pack(data)) == data
    # Deflated then base64: nothing in the page's text can close its script or open a tag.
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", pack(data))
    assert zlib.decompress(base64.b64decode(pack(data))).startswith(b'{"name":"')


def test_packing_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(ValueError):
        pack({"area": float("nan")})


def test_a_key_is_registered_once_and_read_inside_a_waiting_script() -> None:
    page = PageData("ru")
    expression = page.add("client", lambda: {"ok": True})
    assert expression == 'kurilPayload["client"]'
    with pytest.raises(ValueError, match="already has 'client'"):
        page.add("client", dict)
    assert page.payload() == {"client": {"ok": True}}
    assert when_ready("run();").startswith("kurilData.then(function (kurilPayload) {")
    script = page.script()
    assert text("map.page.broken", "ru") in script and text("map.page.unsupported", "ru") in script
    assert unpack(re.search(r'kurilUnpack\("([^"]+)"', script).group(1)) == {"client": {"ok": True}}
