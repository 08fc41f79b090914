"""A page's own scripts and stylesheets minified, block by block, by minify-html (its JavaScript and CSS minifiers).

Only the contents of plain ``<script>`` and ``<style>`` elements change; the markup around them stays as written
(tests and readers of the file see the same elements and attributes). Comments marked ``/*! … */`` or
``@preserve`` (licences) are kept by the minifiers.
"""

from __future__ import annotations

import re

import minify_html

__all__ = ["minified"]

#: A plain script or style element and its content. The page's own text never holds ``</script>`` or ``</style>``
#: inside one (JSON in a script is written with ``\u003c``: layers.templates.script_json), so the lazy match ends at
#: the element's own end tag; it scans each character once.
_BLOCK = re.compile(r"<(script|style)>(.*?)</\1>", re.S)


def _minified_block(match: re.Match[str]) -> str:
    tag, body = match.group(1), match.group(2)
    out = minify_html.minify(f"<{tag}>{body}</{tag}>", minify_js=True, minify_css=True, keep_closing_tags=True)
    opening, closing = f"<{tag}>", f"</{tag}>"
    if not (out.startswith(opening) and out.endswith(closing)):
        return match.group(0)  # the minifier changed the element itself: keep the block as written
    return opening + out[len(opening):-len(closing)] + closing


def minified(page: str) -> str:
    """Return ``page`` with every plain ``<script>`` and ``<style>`` element's content minified."""
    return _BLOCK.sub(_minified_block, page)
