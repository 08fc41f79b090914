"""What the three interface languages cost the one-file export, part by part (bytes: independent of the machine's load).

    python -m bench.languages [--no-write]

Every part of the export's data that holds words is measured twice in the same run: as the file carries it (each
text in English, Russian and Japanese) and with English alone (the same structure, the other two languages
dropped), so the difference is what Russian and Japanese add. Writes the "Languages" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
from typing import Any

from bench.results import markdown_table, write_section
from geo.languages import LANGUAGES
from geo.linking import link_articles
from geo.articles import load_articles
from geo.paths import SEEDS_DIR
from layers.client import client_data
from layers.client import APP_LABEL_LANGUAGES
from layers.export import EXPORT_DECIMALS, build_export, export_frames
from layers.export.host import host_data
from layers.payload import pack
from layers.templates import script_json


def english_only(value: Any) -> Any:
    """Return ``value`` with every ``{"en": …, "ru": …, "ja": …}`` reduced to its English text."""
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES):
            return english_only(value["en"])
        return {key: english_only(item) for key, item in value.items()}
    if isinstance(value, list):
        return [english_only(item) for item in value]
    return value


def size(value: Any) -> int:
    return len(script_json(value).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.languages", description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md as it is")
    args = parser.parse_args(argv)
    chain, context = export_frames(decimals=EXPORT_DECIMALS)
    articles, _ = load_articles(SEEDS_DIR)
    client = client_data(chain, context, label_languages=APP_LABEL_LANGUAGES)
    host = host_data(link_articles(articles), chain)
    parts = {
        "states (title, description, legend)": client["states"],
        "state model (views, periods, tour)": client["model"],
        "catalogue of the interface": client["i18n"],
        "tooltips": client["tooltips"],
        "labels": client["labels"],
        "fact sheets (with both sides' figures)": host["islands"],
        "positions in their own words": host["positions"],
        "distances table": host["facts"],
        "articles and excerpts": {"articles": host["articles"], "excerpts": host["excerpts"]},
    }
    rows, total_three, total_one = [], 0, 0
    for name, value in parts.items():
        three = size(value)
        one = size(english_only(value)) if name != "catalogue of the interface" else size({"texts": {"en": value["texts"]["en"]}})
        total_three += three
        total_one += one
        rows.append([name, f"{three:,}", f"{one:,}", f"{three - one:+,}"])
    rows.append(["**all words**", f"**{total_three:,}**", f"**{total_one:,}**", f"**{total_three - total_one:+,}**"])
    page = build_export().size_bytes
    packed_three, packed_one = len(pack(parts)), len(pack(english_only(parts)))
    table = markdown_table(["part of the data", "three languages (bytes)", "English only (bytes)", "Russian + Japanese"], rows)
    text = (
        "## Languages\n\n"
        "What the interface in three languages costs the export (`python -m bench.languages`; bytes of UTF-8 JSON as the "
        "page carries it, non-ASCII as itself). Baseline, same run: the same data with English alone.\n\n"
        f"{table}\n\n"
        f"The whole file with the seed article: **{page:,} bytes**. Russian and Japanese add "
        f"{(total_three - total_one) / 1000:,.0f} kB of words; the fact sheets with both sides' figures are the largest part "
        "(each island's sheet, three times). The page carries them packed (`layers.payload`: deflated, base64): "
        f"**{packed_three:,} bytes** for all of them in three languages, {packed_one:,} in English alone, "
        f"so Russian and Japanese cost the file {(packed_three - packed_one) / 1000:,.0f} kB."
    )
    print(text)
    if not args.no_write:
        write_section("languages", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
