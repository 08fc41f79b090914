"""The words on the map: island labels, tooltips and fact sheets, in English, Russian or Japanese.

Two languages meet here and are kept apart: the *interface* language (``ui``: the words around a name, from the
catalogue of ``layers.i18n``) and the *label* language (``lang``: which of an island's names a label shows, one or
two). An island's names are shown in every language whatever the interface's, each marked with its ``lang``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from geo.figures import island_figures
from geo.linking import default_place_index
from geo.positions import positions
from layers.i18n import catalogue, format_date, format_number, text
from layers.style import LANGUAGES
from layers.templates import render, render_compact

#: Each language by its own name: language filters, label choices and the interface switch in both hosts (in this order).
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "ja": "日本語"}


#: The publisher of each source the data cites, by web host: a short name of the catalogue (``common.source.<key>``),
#: so that a citation reads in the reader's language; the link goes to the page itself.
SOURCE_NAMES = {
    "www.mofa.go.jp": "mofa",
    "www.hoppou.go.jp": "hoppou",
    "ru.m.wikipedia.org": "wikipedia_ru",
    "ru.wikipedia.org": "wikipedia_ru",
    "wiki2.org": "wikipedia_ru",
    "no.wiki7.org": "wikipedia_ru",
    "cafepulsar.ru": "wikipedia_ru",
    "kiwix.casplantje.nl": "wikipedia_en",
    "ru.ruwiki.ru": "ruwiki",
    "vseslova.com.ua": "gse",
    "hoppou.blog": "hoppou_blog",
}


def source_name(url: str, ui: str = "en") -> str:
    """Return a short publisher name for a source URL in ``ui`` (its host when unknown)."""
    host = urlsplit(url).netloc
    key = SOURCE_NAMES.get(host)
    return text(f"common.source.{key}", ui) if key else (host or url)


def parse_lang(lang: str) -> tuple[str, ...]:
    """Return the label languages in ``lang`` (``"en"``, ``"ja"``, ``"en+ja"``); raise naming the accepted values."""
    parts = tuple(part.strip() for part in lang.split("+") if part.strip())
    unknown = [part for part in parts if part not in LANGUAGES]
    if not parts or unknown or len(parts) > 2:
        raise ValueError(f"unknown label language {lang!r}; choose {', '.join(LANGUAGES)}, or two joined by '+' (e.g. en+ja)")
    return parts


def name_in(row: Mapping[str, Any], lang: str) -> str:
    """Return the island's name in one language; English shows the Japanese romanisation too when it differs."""
    if lang == "ru":
        return str(row["name_ru"])
    if lang == "ja":
        return str(row["name_ja"])
    english, japanese = str(row["name_en"]), str(row.get("name_ja_latn") or "")
    if japanese and japanese.lower() != english.lower():
        return f"{english} / {japanese}"
    return english


def island_label(row: Mapping[str, Any], lang: str = "en") -> str:
    """Return the label text of an island in ``lang`` (two languages are joined with a line break)."""
    return "\n".join(name_in(row, part) for part in parse_lang(lang))


def context_label(row: Mapping[str, Any], lang: str = "en") -> str:
    """Return the label of a piece of context land with its country, e.g. "Hokkaido (Japan)"."""
    lines = []
    for part in parse_lang(lang):
        country = _country(row.get("country"), part)
        name = str(row[f"name_{part}"])
        lines.append(f"{name} ({country})" if country else name)
    return "\n".join(lines)


def place_name(place_id: str, ui: str) -> str:
    """Return a place's name in ``ui`` (an island or a group of the place index), or its id if it has none.

    A group whose names are each side's own terms (the four disputed groups: 北方領土, Южные Курилы) is named by the
    catalogue's neutral words instead (``common.place.<id>``): the map never asserts either side's term.
    """
    neutral = f"common.place.{place_id}"
    if neutral in catalogue():
        return text(neutral, ui)
    place = default_place_index().places.get(place_id)
    return str(getattr(place, f"name_{ui}", "") or place_id) if place is not None else place_id


def layer_name(key: str, ui: str = "en") -> str:
    """Return a layer's name in the layer control and legend (``layers.style.LAYER_KEYS``), in ``ui``."""
    return text(f"map.layer.{key}", ui)


def names_first_in(row: Mapping[str, Any], ui: str) -> list[tuple[str, str]]:
    """Return an island's three names as ``(lang, name)``, the interface language's first: a fact sheet or tooltip
    names the island in the reader's language, then in the two others (English with its Japanese romanisation)."""
    order = [ui, *(lang for lang in LANGUAGES if lang != ui)]
    return [(lang, name_in(row, lang)) for lang in order]


def _country(code: Any, ui: str) -> str:
    return text(f"common.country.{code}", ui) if code in ("RU", "JP") else ""


def _area(value: Any, ui: str) -> str:
    return "" if value is None or value != value else text("panel.unit.km2", ui, value=format_number(float(value), ui, 1))


def _villages(value: Any, ui: str) -> str:
    names = [text(f"common.village.{part}", ui) for part in str(value or "").split("|") if part]
    return text("panel.facts.listSeparator", ui).join(names)


def island_popup_html(row: Mapping[str, Any], ui: str = "en") -> str:
    """Return the escaped HTML of an island's fact sheet in the interface language ``ui``: its names (each in its own
    language), group, who administers it (with its district) and who claims it, and its areas, each with its source."""
    claimed = str(row.get("claimed_by") or "")
    district = str(row.get("ru_district") or "")
    group = str(row.get("group") or "")
    return render_compact(
        "island_popup.html",
        island=row,
        names=names_first_in(row, ui),
        labels={key: text(f"panel.facts.{key}", ui) for key in ("group", "administered", "claimed", "areaDrawn", "areaOfficial")},
        group=text(f"common.group.{group}", ui) if group else "",
        administered=_country(row.get("administered_by"), ui),
        district=text("panel.facts.districtOf", ui, district=text(f"common.district.{district}", ui)) if district else "",
        claimed=_country(claimed, ui),
        no_claim=text("panel.facts.noClaim", ui),
        before_1945=text("panel.facts.before1945", ui, villages=_villages(row.get("jp_municipality_1945"), ui))
        if claimed and row.get("jp_municipality_1945") else "",
        area_drawn=_area(row.get("area_km2"), ui),
        area_drawn_note=text("panel.facts.areaDrawnNote", ui),
        figures=figure_rows(row, ui) if row.get("id") else {"area": [], "population": [], "disagree": False},
        figure_words={key: text(f"panel.figures.{key}", ui) for key in ("title", "area", "population", "disagree", "unverified")},
    )


#: Figures that apply to an island through these of its places are shown on its fact sheet: its own, its district's
#: and its cluster's (the Habomai group's for an islet). Figures of the wider groups and of the whole chain are the same
#: on many islands and say little of any one.
FIGURE_RELATIONS = ("island", "district")


def _as_of(value: str, ui: str) -> str:
    """Return a figure's date as the locale writes it: a year as it is, a full date in words, "undated" translated."""
    if value == "undated":
        return text("panel.undated", ui)
    if len(value) == 10:
        return format_date(dt.date.fromisoformat(value), ui)
    return value


def figure_rows(row: Mapping[str, Any], ui: str = "en") -> dict[str, Any]:
    """Return an island's figures as both sides publish them, in display text of ``ui``: ``{"area": rows,
    "population": rows, "disagree": bool}``. The area as drawn on this map comes first among the areas.

    Every figure keeps its side, date, source and whether it was verified; none is chosen over another. Where the
    two sides' figures for the same place differ (``geo.figures``' tolerance), ``disagree`` says so.
    """
    found = island_figures(str(row["id"]))
    cluster = str(row.get("cluster") or "")
    found = found[found["relation"].isin(FIGURE_RELATIONS) | ((found["relation"] == "group") & (found["place_id"] == cluster))]
    sections: dict[str, list[dict[str, Any]]] = {"area_km2": [], "population": []}
    drawn = row.get("area_km2")
    if drawn is not None and drawn == drawn:
        sections["area_km2"].append({
            "side": text("panel.figures.side.drawn", ui), "side_key": "drawn", "place": "",
            "value": _area(drawn, ui), "as_of": "", "note": text("panel.facts.areaDrawnNote", ui),
            "url": "", "source": "", "unverified": False, "disagrees": False,
        })
    for figure in found.to_dict("records"):
        quantity = str(figure["quantity"])
        if quantity == "area_km2":
            value = text("panel.unit.km2", ui, value=format_number(float(figure["value"]), ui))
        else:
            value = text("panel.unit.people", ui, count=int(figure["value"]))
        source = str(figure["source"])
        sections[quantity].append({
            "side": text(f"panel.figures.side.{figure['side']}", ui), "side_key": str(figure["side"]),
            "place": str(figure["scope" if ui == "en" else f"scope_{ui}"]), "value": value, "as_of": _as_of(str(figure["as_of"]), ui), "note": "",
            "url": source if source.startswith(("https://", "http://")) else "",
            "source": source_name(source, ui), "unverified": figure["verified"] != "yes",
            "disagrees": bool(figure["disagrees"]),
        })
    return {
        "area": sections["area_km2"],
        "population": sections["population"],
        "disagree": any(item["disagrees"] for item in sections["area_km2"] + sections["population"]),
    }


def positions_html(ui: str = "en", sides: tuple[str, ...] = ("JP", "RU")) -> str:
    """Return the escaped HTML of each side's position in its own words (``data/positions.json``): the statement in
    its original language, then, if the reader's language is another, its translation, marked as official or as
    this map's; each with its speaker, date and source. Quoted, never endorsed."""
    statements = []
    for statement in positions():
        if statement["side"] not in sides:
            continue
        original = statement["language"]
        translation = statement["translations"].get(ui) if ui != original else None
        statements.append({
            "side": text(f"panel.positions.side.{statement['side']}", ui),
            "side_key": statement["side"],
            "speaker": statement.get(f"speaker_{ui}") or statement["speaker"],
            "date": format_date(dt.date.fromisoformat(statement["date"]), ui) if statement["date"] else "",
            "original": statement["text"],
            "original_lang": original,
            "original_label": text("panel.positions.original", ui, language=LANGUAGE_NAMES[original]),
            "translation": translation["text"] if translation else "",
            "translation_label": text(f"panel.positions.translation.{translation['by']}", ui) if translation else "",
            "translation_url": (translation or {}).get("url", ""),
            "url": statement["url"],
            "title": statement["title"],
        })
    return render_compact("positions.html", statements=statements, ui=ui, heading=text("panel.positions.title", ui),
                  note=text("panel.positions.note", ui), source=text("panel.positions.source", ui))


_SOURCE_URL = re.compile(r"https?://\S{1,2000}")


def sources_html(sources: list[str] | tuple[str, ...], ui: str = "en") -> str:
    """Return a state's sources as an escaped list: each one's address as a link, then its note (English, as the
    data gives it, and marked so); titled in ``ui``."""
    items = []
    for source in sources:
        found = _SOURCE_URL.match(source)
        url = found.group(0) if found else ""
        items.append({"url": url, "rest": source[len(url):]})
    return render("sources.html", title=text("panel.sources", ui), sources=items)


def note_html(words: str) -> str:
    """Return a short note in small type as escaped HTML (the app's notes: darker than Streamlit's caption grey)."""
    return render("note.html", text=words)


def island_tooltip_html(row: Mapping[str, Any], ui: str = "en") -> str:
    """Return the escaped HTML of an island's tooltip: its names and, if disputed, both positions (in ``ui``)."""
    status = text("map.tooltip.administeredClaimed" if row.get("claimed_by") else "map.tooltip.administered", ui)
    return render("island_tooltip.html", names=names_first_in(row, ui), status=status)


def context_tooltip_html(row: Mapping[str, Any], ui: str = "en") -> str:
    """Return the escaped HTML tooltip of a piece of context land, with its country (in ``ui``)."""
    return render("context_tooltip.html", lang=ui, land_name=str(row.get(f"name_{ui}") or row.get("name_en") or ""),
                  country=_country(row.get("country"), ui))


#: Characters Markdown (and Streamlit's labels, which render a subset of it) would read as formatting.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def markdown_literal(text: str) -> str:
    """Return ``text`` with every Markdown special character backslash-escaped, so it renders exactly as written.

    For article titles, file names and other outside text placed in a Markdown context (Streamlit labels,
    messages): a ``[link](javascript:...)`` stays text.
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def _km(value: float, ui: str, decimals: int | None, sign: bool = False) -> str:
    number = format_number(abs(value) if sign else value, ui, decimals)
    return text("panel.unit.km", ui, value=("+" if value >= 0 else "−") + number if sign else number)


def distance_rows(table: Any, ui: str = "en") -> list[dict[str, str]]:
    """Return the distances table (``geo.facts.teacher_facts()``) as rows of display text in ``ui``, as both hosts show it."""
    return [
        {
            "label": str(row[f"label_{ui}"]),
            "computed": _km(row["computed_km"], ui, 2),
            "published": _km(row["published_km"], ui, None),
            "difference": _km(row["difference_km"], ui, 2, sign=True),
            "source": str(row["source"]),
            "sourceName": source_name(str(row["source"]), ui),
            "note": str(row.get(f"note_{ui}" if ui != "en" else "note") or ""),
        }
        for row in table.to_dict("records")
    ]


def distances_table_html(table: Any, ui: str = "en") -> str:
    """Return the distances table as an escaped HTML table with labelled columns, in ``ui``."""
    heads = {key: text(f"panel.distances.{key}", ui) for key in ("caption", "between", "computed", "published", "difference", "source")}
    return render("distances.html", rows=distance_rows(table, ui), heads=heads)
