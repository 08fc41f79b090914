"""The article panel of the offline export: a folium element, its data embedded as JSON.

In the Streamlit app the panel is Python (``app.py`` + ``layers.excerpts``);
in an exported file there is no Python, so the same behaviour is plain
JavaScript (``templates/export_panel.js``) over data computed here:

* click an island → its facts, then the excerpts that name it, its group,
  then the chain (the order of ``geo.linking.excerpts_for``), each marked
  with how it relates;
* pick an excerpt (click, Enter or Space) → the islands it names
  (``island_ids_within("group")``) are outlined and the map fits to them.

Article text is data: it reaches the page only inside the JSON that the
template engine escapes (``tojson`` turns ``<``, ``>``, ``&`` and ``'`` into
``\\uXXXX``), and the script puts it into the page with ``textContent``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from geo.linking import LinkedExcerpt, excerpts_for
from layers.excerpts import RELATION_LABELS, article_byline, segments
from layers.style import HIGHLIGHT_STYLE

HOST_TEMPLATES = Path(__file__).resolve().parent / "templates"
from layers.text import island_label, island_popup_html

__all__ = ["ArticlePanel", "find_geojson", "panel_data", "utf16_offset"]

#: The name ``layers.map.administered_layer`` gives the clickable islands' GeoJson.
ISLANDS_LAYER_NAME = "islands"

_JS_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")


def _panel_template() -> Template:
    """Return the element's template: CSS (header), skeleton HTML (html) and script, each from its own file."""

    def read(name: str) -> str:
        return Path(HOST_TEMPLATES, name).read_text(encoding="utf-8")

    return Template(
        "{% macro header(this, kwargs) %}<style>" + read("export_panel.css") + "</style>{% endmacro %}\n"
        "{% macro html(this, kwargs) %}" + read("export_panel.html") + "{% endmacro %}\n"
        + read("export_panel.js")
    )


def utf16_offset(text: str, index: int) -> int:
    """Return the JavaScript (UTF-16) index of the Python character index ``index`` in ``text``.

    >>> utf16_offset("🗾 Kunashir", 2)
    3
    """
    return len(text[:index].encode("utf-16-le")) // 2


def _excerpt_record(linked: LinkedExcerpt, article_index: int) -> dict[str, Any]:
    text = linked.excerpt.text
    marks = []
    position = 0
    for segment in segments(text, linked.mentions):
        end = position + len(segment.text)
        if segment.mention is not None:
            marks.append([
                utf16_offset(text, position), utf16_offset(text, end), segment.mention.place_id, segment.mention.method,
            ])
        position = end
    return {
        "id": linked.excerpt.id,
        "article": article_index,
        "text": text,
        "lang": linked.article.language,
        "marks": marks,
        "islands": sorted(linked.island_ids_within("group")),
    }


def panel_data(linked: Sequence[LinkedExcerpt], frame: gpd.GeoDataFrame, lang: str = "en") -> dict[str, Any]:
    """Return the panel's JSON-ready data: articles, excerpts with marks, and per island its facts and excerpts.

    ``islands[id]["excerpts"]`` lists ``[excerpt index, relation]`` in the
    order the app shows them (``excerpts_for``: naming the island, its group,
    then the chain). Mark offsets are UTF-16 indices, as JavaScript counts.
    """
    articles: list[dict[str, Any]] = []
    article_index: dict[str, int] = {}
    for item in linked:
        article = item.article
        if article.id not in article_index:
            article_index[article.id] = len(articles)
            articles.append({
                "id": article.id,
                "title": article.title,
                "byline": article_byline(article),
                # The article parser accepts only http(s) URLs; the script checks again.
                "url": article.url,
                "lang": article.language,
            })
    excerpts = [_excerpt_record(item, article_index[item.article.id]) for item in linked]
    excerpt_index = {item.excerpt.id: number for number, item in enumerate(linked)}
    island_records: dict[str, dict[str, Any]] = {}
    for row in frame.drop(columns=frame.geometry.name).to_dict("records"):
        island_id = row["id"]
        island_records[island_id] = {
            "name": island_label(row, lang).replace("\n", " / "),
            "facts": island_popup_html(row),
            "excerpts": [
                [excerpt_index[item.excerpt.id], item.relations[island_id]] for item in excerpts_for(island_id, linked)
            ],
        }
    return {
        "articles": articles,
        "excerpts": excerpts,
        "islands": island_records,
        "relations": dict(RELATION_LABELS),
    }


def _walk(element: Element) -> Iterable[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def find_geojson(m: folium.Map, layer_name: str = ISLANDS_LAYER_NAME) -> folium.GeoJson:
    """Return the map's ``folium.GeoJson`` called ``layer_name`` (``render_map`` names the islands ``"islands"``)."""
    found = [
        element for element in _walk(m)
        if isinstance(element, folium.GeoJson) and getattr(element, "layer_name", None) == layer_name
    ]
    if len(found) != 1:
        names = sorted({element.layer_name for element in _walk(m) if isinstance(element, folium.GeoJson)})
        raise LookupError(
            f"expected one GeoJson layer named {layer_name!r} in the map, found {len(found)}; layers: {names}. "
            "Build the map with layers.map.render_map, or pass the islands' GeoJson element to ArticlePanel",
        )
    return found[0]


class _Rendered(Element):
    """Markup that is already rendered, output as it is.

    branca's ``MacroElement.render`` wraps each macro's output in
    ``Element(text)``, which compiles the text as a Jinja template and renders
    it again: an article containing ``{{ ... }}`` would be evaluated on the
    machine that exports (``{{ 7*7 }}`` became ``49``; worse is possible).
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Rendered"
        self.text = str(text)

    def render(self, **kwargs: object) -> str:
        return self.text


class ArticlePanel(MacroElement):
    """A side panel (a drawer on narrow screens) listing articles and excerpts, linked both ways to the islands.

    ``islands_layer`` is the map's clickable island GeoJson (see
    :func:`find_geojson`); its features' ``id`` property must match the keys
    of ``data["islands"]`` (:func:`panel_data`). Add the panel to the map.
    """

    _template = _panel_template()

    def __init__(self, data: dict[str, Any], islands_layer: folium.GeoJson, title: str = "Kuril Islands in the news") -> None:
        super().__init__()
        self._name = "ArticlePanel"
        self.data = data
        self.islands_layer = islands_layer
        self.title = title
        self.highlight_style = dict(HIGHLIGHT_STYLE)

    def render(self, **kwargs: object) -> None:
        """Add the panel's style, markup and script to the page, each rendered once (see :class:`_Rendered`)."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise ValueError("add the ArticlePanel to a folium.Map (inside a Figure) before rendering it")
        module = self._template.module
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = getattr(module, part, None)
            if macro is not None:
                target.add_child(_Rendered(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)

    @property
    def layer_name(self) -> str:
        """Return the JavaScript variable of the islands' Leaflet layer."""
        name = self.islands_layer.get_name()
        if not _JS_IDENTIFIER.match(name):
            raise ValueError(f"the islands layer's name {name!r} is not a JavaScript identifier")
        return name

    @property
    def map_name(self) -> str:
        """Return the JavaScript variable of the Leaflet map the panel is added to."""
        if self._parent is None:
            raise ValueError("add the ArticlePanel to a folium.Map before rendering it")
        return self._parent.get_name()
