"""The Jinja environment for the map's own HTML snippets: template files, autoescaped.

Autoescaping is on for every template here, so a name or an article excerpt
can only ever reach the page as text.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from collections.abc import Callable
from typing import Any

import jinja2
from branca.element import Element, Figure, MacroElement

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Return the shared, autoescaping template environment."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


#: White space between two tags: the indentation of a template, which a browser ignores between block elements.
_BETWEEN_TAGS = re.compile(r">[ \t\r\n]+<")


def render(name: str, **context: object) -> str:
    """Return the template ``name`` rendered with ``context``; every value is escaped."""
    return environment().get_template(name).render(**context)


def render_compact(name: str, **context: object) -> str:
    """Return :func:`render` without the white space between tags: for a block of tables or figures sent as data
    many times over (fact sheets, legends, positions), where the indentation would weigh more than the words."""
    return _BETWEEN_TAGS.sub("><", render(name, **context))


def scoped_css(css: str, scope: str) -> str:
    """Return ``css`` (flat rules, no @-blocks) with every selector prefixed by ``scope``.

    >>> scoped_css(".a, .b { color: red; }", ".big")
    '.big .a, .big .b { color: red; }'
    """
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        scoped = ", ".join(f"{scope} {selector.strip()}" for selector in selectors.split(","))
        rules.append(f"{scoped} {{{body}}}")
    return "\n".join(rules)


def script_json(data: Any) -> str:
    """Return ``data`` as JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and ``'`` written ``\\uXXXX`` (as
    Jinja's ``tojson`` does), every other character as itself.

    ``tojson`` also writes every non-ASCII character as a six-byte escape, tripling Russian and Japanese text;
    UTF-8 pages can hold it as it is.

    >>> print(script_json({"name": "国後島</script>"}))
    {"name":"国後島\\u003c/script\\u003e"}
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


class Rendered(Element):
    """Markup that is already rendered, output as it is.

    branca's ``MacroElement.render`` wraps each macro's output in ``Element(text)``, which compiles the
    text as a Jinja template and renders it again: an article containing ``{{ ... }}`` would be evaluated
    on the machine that exports (``{{ 7*7 }}`` became ``49``; worse is possible).
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Rendered"
        self.text = str(text)

    def render(self, **kwargs: object) -> str:
        return self.text


class PageElement(MacroElement):
    """A folium element that adds its template's ``header``, ``html`` and ``script`` macros to the page, each once.

    Each part goes in as :class:`Rendered` (output as it is, never compiled again); a part the template lacks
    is skipped. Subclasses set ``_template`` and add themselves to a ``folium.Map``; one whose script needs the
    page's data sets ``wrap_script`` (``layers.payload.when_ready``).
    """

    wrap_script: Callable[[str], str] | None = None

    def render(self, **kwargs: object) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise ValueError(f"add the {type(self).__name__} to a folium.Map (inside a Figure) before rendering it")
        module = self._template.module
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = getattr(module, part, None)
            if macro is not None:
                output = str(macro(self, kwargs))
                if part == "script" and self.wrap_script is not None:
                    output = type(self).wrap_script(output)
                target.add_child(Rendered(output), name=self.get_name())
