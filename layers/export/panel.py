"""The export panel's data: articles, excerpts with their place names marked, and per island its facts and excerpts.

In the Streamlit app the panel is Python (``app.py`` + ``layers.excerpts``); in an exported file there is no
Python, so the host script (``templates/host.js``) builds the same panel from this data:

* click an island → its facts, then the excerpts that name it, its group, then the chain (the order of
  ``geo.linking.excerpts_for``), each marked with how it relates;
* pick an excerpt (click, Enter or Space) → the islands it names (``island_ids_within("group")``) are
  outlined and the map fits to them (the client's rule, as in the app);
* "All articles" lists ``articles`` in the order given here: newest first, undated last.

Both lists are paged and searched in the browser; the orders are decided here, the script keeps them.

Article text is data: it reaches the page only inside the JSON that the template engine escapes (``tojson``
turns ``<``, ``>``, ``&`` and ``\'`` into ``\\uXXXX``), and the script puts it into the page with ``textContent``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd

from geo.articles import Article
from geo.languages import LANGUAGES
from geo.linking import LinkedExcerpt, excerpts_for
from layers.excerpts import article_byline, segments
from layers.text import island_popup_html, name_in, place_name

__all__ = ["panel_data", "utf16_offset"]


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


def _newest_first(article: Article) -> tuple[bool, int]:
    """Sort key: dated articles first, newest first; undated ones last (a stable sort keeps their order)."""
    return (article.date is None, -article.date.toordinal() if article.date else 0)


def panel_data(linked: Sequence[LinkedExcerpt], frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """Return the panel's JSON-ready data: articles, excerpts with marks, and per island its facts and excerpts.

    What is said around the articles is given in every interface language: each article's byline (its date as
    the locale writes it), each island's name and fact sheet (``{"en": …, "ru": …, "ja": …}``).

    ``articles`` are newest first (by date; undated ones last, in the order of ``linked``).
    ``islands[id]["excerpts"]`` lists ``[excerpt index, relation]`` in the
    order the app shows them (``excerpts_for``). Mark offsets are UTF-16
    indices, as JavaScript counts.
    """
    seen: dict[str, Article] = {}
    for item in linked:
        seen.setdefault(item.article.id, item.article)
    ordered = sorted(seen.values(), key=_newest_first)
    article_index = {article.id: number for number, article in enumerate(ordered)}
    articles: list[dict[str, Any]] = [
        {
            "id": article.id,
            "title": article.title,
            "byline": {ui: article_byline(article, ui) for ui in LANGUAGES},
            # The article parser accepts only http(s) URLs; the script checks again.
            "url": article.url,
            "lang": article.language,
        }
        for article in ordered
    ]
    excerpts = [_excerpt_record(item, article_index[item.article.id]) for item in linked]
    excerpt_index = {item.excerpt.id: number for number, item in enumerate(linked)}
    island_records: dict[str, dict[str, Any]] = {}
    for row in frame.drop(columns=frame.geometry.name).to_dict("records"):
        island_id = row["id"]
        island_records[island_id] = {
            "name": {ui: name_in(row, ui) for ui in LANGUAGES},
            "facts": {ui: island_popup_html(row, ui) for ui in LANGUAGES},
            "excerpts": [
                [excerpt_index[item.excerpt.id], item.relations[island_id]] for item in excerpts_for(island_id, linked)
            ],
        }
    marked = sorted({mark[2] for record in excerpts for mark in record["marks"]})
    return {
        "articles": articles,
        "excerpts": excerpts,
        "islands": island_records,
        # The places the marks name, by language (a mark's title says which place and how it was found).
        "places": {place_id: {ui: place_name(place_id, ui) for ui in LANGUAGES} for place_id in marked},
    }
