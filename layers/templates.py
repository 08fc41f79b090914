"""The Jinja environment for the map's own HTML snippets: template files, autoescaped.

Autoescaping is on for every template here, so a name or an article excerpt
can only ever reach the page as text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

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


def render(name: str, **context: object) -> str:
    """Return the template ``name`` rendered with ``context``; every value is escaped."""
    return environment().get_template(name).render(**context)
