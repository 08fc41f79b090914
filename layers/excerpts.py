"""Article excerpts as escaped HTML, with the place names they mention marked.

The same function feeds the Streamlit panel; the offline export builds the
same marks in the browser from JSON (see ``layers.export``). Article text is
data: every character of it passes through the autoescaping template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from geo.articles import Article
from geo.linking import LinkedExcerpt, Mention
from layers.templates import render

RELATION_LABELS = {"direct": "names this island", "group": "names its group", "chain": "names the whole chain"}


@dataclass(frozen=True)
class Segment:
    """A run of excerpt text; ``mention`` is set when the run is a place name."""

    text: str
    mention: Mention | None = None


def segments(text: str, mentions: Iterable[Mention]) -> list[Segment]:
    """Return ``text`` cut into plain runs and mention runs, in order; overlapping mentions keep the first."""
    result: list[Segment] = []
    position = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if mention.start < position or mention.end > len(text):
            continue
        if mention.start > position:
            result.append(Segment(text[position:mention.start]))
        result.append(Segment(text[mention.start:mention.end], mention))
        position = mention.end
    if position < len(text):
        result.append(Segment(text[position:]))
    return result


def article_byline(article: Article) -> str:
    """Return "Source · 2025-07-15" (whatever of the two is known), as plain text."""
    parts = [article.source or "", article.date.isoformat() if article.date else ""]
    return " · ".join(part for part in parts if part) or article.file_name


def panel_stylesheet() -> str:
    """Return a ``<style>`` element for excerpts and fact sheets shown outside the map (the app's panel)."""
    return f"<style>{render('panel.css')}{render('facts.css')}</style>"


def excerpt_html(linked: LinkedExcerpt, relation: str | None = None, selected: bool = False) -> str:
    """Return the escaped HTML of one excerpt: its text with mentions marked, its article and byline.

    ``relation`` ("direct", "group" or "chain") adds the badge saying how the
    excerpt refers to the island the reader picked.
    """
    return render(
        "excerpt.html",
        linked=linked,
        segments=segments(linked.excerpt.text, linked.mentions),
        byline=article_byline(linked.article),
        relation=RELATION_LABELS.get(relation or ""),
        selected=selected,
    )
