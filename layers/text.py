"""The words on the map: island labels, tooltips and popups, in English, Russian or Japanese."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from layers.style import LANGUAGES
from layers.templates import render

GROUP_NAMES = {
    "northern": "Northern Kurils",
    "central": "Central Kurils",
    "southern": "Southern Kurils",
    "lesser_kuril": "Lesser Kuril Chain",
    "hokkaido": "Hokkaido",
}

#: Each language by its own name: language filters and label choices in both hosts (in this order).
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "ja": "日本語"}
COUNTRY_NAMES = {"RU": "Russia", "JP": "Japan"}
COUNTRY_NAMES_BY_LANG = {
    "en": COUNTRY_NAMES,
    "ru": {"RU": "Россия", "JP": "Япония"},
    "ja": {"RU": "ロシア", "JP": "日本"},
}

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
        country = COUNTRY_NAMES_BY_LANG[part].get(str(row.get("country")), "")
        name = str(row[f"name_{part}"])
        lines.append(f"{name} ({country})" if country else name)
    return "\n".join(lines)


def _area(value: Any) -> str:
    return "" if value is None or value != value else f"{float(value):,.1f} km²"


def island_popup_html(row: Mapping[str, Any]) -> str:
    """Return the escaped HTML of an island's fact sheet: names, status, district, drawn and official areas."""
    claimed = str(row.get("claimed_by") or "")
    return render(
        "island_popup.html",
        island=row,
        group=GROUP_NAMES.get(str(row.get("group")), str(row.get("group"))),
        administered=COUNTRY_NAMES.get(str(row.get("administered_by")), str(row.get("administered_by"))),
        claimed=COUNTRY_NAMES.get(claimed, claimed),
        area_drawn=_area(row.get("area_km2")),
        area_official=_area(row.get("official_area_km2")),
        source_name=source_name(str(row.get("official_area_source") or "")),
    )


def island_tooltip_html(row: Mapping[str, Any]) -> str:
    """Return the escaped HTML of an island's tooltip: its names and, if disputed, both positions."""
    return render("island_tooltip.html", island=row, label=name_in(row, "en"))


def context_tooltip_html(row: Mapping[str, Any]) -> str:
    """Return the escaped HTML tooltip of a piece of context land, with its country."""
    return render("context_tooltip.html", land=row, country=COUNTRY_NAMES.get(str(row.get("country")), ""))


#: Characters Markdown (and Streamlit's labels, which render a subset of it) would read as formatting.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def markdown_literal(text: str) -> str:
    """Return ``text`` with every Markdown special character backslash-escaped, so it renders exactly as written.

    For article titles, file names and other outside text placed in a Markdown context (Streamlit labels,
    messages): a ``[link](javascript:...)`` stays text.
    """
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def distance_rows(table: Any) -> list[dict[str, str]]:
    """Return the distances table (``geo.facts.teacher_facts()``) as rows of display text, as both hosts show it."""
    return [
        {
            "label": str(row["label_en"]),
            "computed": f"{row['computed_km']:.2f} km",
            "published": f"{row['published_km']:g} km",
            "difference": f"{row['difference_km']:+.2f} km",
            "source": str(row["source"]),
            "sourceName": source_name(str(row["source"])),
            "note": str(row.get("note") or ""),
        }
        for row in table.to_dict("records")
    ]


def distances_table_html(table: Any) -> str:
    """Return the distances table as an escaped HTML table with labelled columns."""
    return render("distances.html", rows=distance_rows(table))
