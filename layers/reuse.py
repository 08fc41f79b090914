"""Render one folium map many times: undo what a renderer changed in its element tree.

``st_folium`` renames every element it renders (``_id``) and adds the feature
groups it is given as children, so the same ``folium.Map`` cannot simply be
handed to it twice. Copying the whole map before every render works but costs
as much as rendering it. ``MapSnapshot`` records each element's id, parent and
children once, and puts them back before each render: the same element names
every time, hence the same HTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import folium
from branca.element import Element


def _elements(root: Element) -> Iterator[Element]:
    """Yield every element under ``root`` once: children and a figure's header, html and script."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen.add(id(element))
        yield element
        stack.extend(getattr(element, "_children", {}).values())
        stack.extend(part for name in ("header", "html", "script") if isinstance(part := getattr(element, name, None), Element))


@dataclass
class MapSnapshot:
    """A map and the recorded state of its element tree; :meth:`fresh` returns the map as it was recorded."""

    map: folium.Map
    _saved: list[tuple[Element, str, dict, Element | None]]

    @classmethod
    def of(cls, m: folium.Map) -> MapSnapshot:
        """Record ``m``'s tree (call it once the map is complete).

        The map's bounds are computed once and kept: st_folium asks for them at every render, and folium
        walks every coordinate in Python to answer, while they cannot change once the map is complete.
        """
        bounds = m.get_bounds()
        m.get_bounds = lambda: bounds
        saved = [(el, el._id, dict(el._children), getattr(el, "_parent", None)) for el in _elements(m.get_root())]
        return cls(m, saved)

    def fresh(self) -> folium.Map:
        """Return the map with every element's id, parent and children as recorded."""
        for element, element_id, children, parent in self._saved:
            element._id = element_id
            element._children = dict(children)
            element._parent = parent
        return self.map
