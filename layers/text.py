"""The words on the map: island labels, tooltips and fact sheets, in English, Russian or Japanese.

Two languages meet here and are kept apart: the *interface* language (``ui``: the words around a name, from the
catalogue of ``layers.i18n``) and the *label* language (``lang``: which of an island's names a label shows, one or
two). An island's names are shown in every language whatever the interface's, each marked with its ``lang``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from layers.i18n import format_number, text
from layers.style import LANGUAGES
from layers.templates import render

#: Each language by its own name: language filters, label choices and the interface switch in both hosts (in this order).
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "ja": "日本語"}


#: Short names of the publishers whose figures the data cites, by web host.
SOURCE_NAMES = {"www.mofa.go.jp": "Ministry of Foreign Affairs of Japan, GSI 2020 survey"}


def source_name(url: str) -> str:
    """Return a short publisher name for a source URL (its host when unknown)."""
    host = urlsplit(url).netloc
    return SOURCE_NAMES.get(host, host or url)


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
    return render(
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
        area_official=_area(row.get("official_area_km2"), ui),
        source_name=source_name(str(row.get("official_area_source") or "")),
    )


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
            "sourceName": source_name(str(row["source"])),
            "note": str(row.get("note") or ""),
        }
        for row in table.to_dict("records")
    ]


def distances_table_html(table: Any, ui: str = "en") -> str:
    """Return the distances table as an escaped HTML table with labelled columns, in ``ui``."""
    heads = {key: text(f"panel.distances.{key}", ui) for key in ("caption", "between", "computed", "published", "difference", "source")}
    return render("distances.html", rows=distance_rows(table, ui), heads=heads)
