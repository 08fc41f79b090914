"""Linking hostile articles against an ordinary one of the same size: ``python -m bench.linking``.

Each case is a file of about 2 MB (just under ``MAX_ARTICLE_BYTES``), read as an article and linked
(``parse_article`` then ``link_articles``) in a fresh interpreter, timed with ``perf_counter``; the
median of ``--runs`` runs (default 3) is reported, with the baseline measured in the same run: an
ordinary article of the same size (the seed's and the fixture articles' paragraphs, in three
languages, repeated into 400 paragraphs). A case over ``--timeout`` seconds (default 120) is killed
and reported as such. The hostile cases are those of tests/test_linking_dos.py, at full size: the
issue's "Iturup and Kunashir" + spaces + "x", runs of tabs and commas, Russian and Japanese lists,
hyphen runs inside a name, and the two densest inputs found (nothing but names; nothing but "о. ").

Target: at most 2 s for a 2 MB hostile article. Options: ``--size BYTES`` (default 2,000,000),
``--runs N``, ``--timeout S``, ``--no-write`` (print only; by default the table also goes to
bench/RESULTS.md, section "linking"). Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.results import load_average, machine_summary, markdown_table, median, print_table, write_section

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-07-15-ians-japan-ready-to-resume-peace-talks.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "articles"
ORDINARY_FILES = (SEED, *(FIXTURES / name for name in (
    "2025-08-01-en-kunashir-ferry.md", "2025-08-02-ru-rybaki.txt", "2025-08-03-ja-hoppou.txt",
)))
DEFAULT_SIZE = 2_000_000
ORDINARY_PARAGRAPHS = 400
TARGET_S = 2.0
BASELINE = "ordinary article (baseline)"
ISSUE = 'the issue: "Iturup and Kunashir", spaces, "x"'


def _fill(head: str, unit: str, tail: str, size: int) -> bytes:
    """Return ``head``, then ``unit`` repeated, then ``tail``, as UTF-8 of about ``size`` bytes."""
    room = size - len((head + tail).encode())
    return (head + unit * (room // len(unit.encode())) + tail).encode()


def ordinary(size: int) -> bytes:
    """Return an ordinary article of about ``size`` bytes: real paragraphs in three languages, 400 of them."""
    from geo.articles import parse_article  # in the child: the geo package of the run being measured

    paragraphs = [excerpt.text for path in ORDINARY_FILES for excerpt in parse_article(path.read_bytes(), path.name).excerpts]
    per_paragraph = size // ORDINARY_PARAGRAPHS
    built, turn = [], 0
    while len(built) < ORDINARY_PARAGRAPHS:
        parts, length = [], 0
        while length < per_paragraph:
            parts.append(paragraphs[turn % len(paragraphs)])
            length += len(parts[-1].encode()) + 1
            turn += 1
        built.append(" ".join(parts))
    return "\n\n".join(built).encode()[:size].decode("utf-8", "ignore").encode()


#: Case name -> the file's bytes for a size.
CASES: dict[str, Callable[[int], bytes]] = {
    BASELINE: ordinary,
    ISSUE: lambda size: _fill("Iturup and Kunashir", " ", "x", size),
    "a list, then tabs and commas": lambda size: _fill("Iturup, Kunashir", "\t,", "x", size),
    "a list, spaces, then the group phrase": lambda size: _fill("Iturup, Kunashir", " ", "and a group of small islets", size),
    "Russian list, spaces": lambda size: _fill("Итуруп и Кунашир", " ", "x", size),
    "Japanese list, 、 runs": lambda size: _fill("択捉島、国後島", "、", "x", size),
    "a name's words, hyphens between": lambda size: _fill("Southern", "-", "Kurils", size),
    'nothing but names: "Iturup Kunashir "': lambda size: _fill("", "Iturup Kunashir ", "", size),
    'nothing but island words: "о. "': lambda size: _fill("", "о. ", "", size),
}

# Runs in the child: build the case's bytes, then time reading them as an article and linking it.
_CHILD = """
import json, sys, time
from bench.linking import CASES
import geo.articles
from geo.articles import parse_article
from geo.linking import default_place_index, link_articles
# The patterns are measured, not the paragraph limit that refuses a 2 MB paragraph before linking.
geo.articles.MAX_PARAGRAPH_CHARS = geo.articles.MAX_ARTICLE_BYTES
raw = CASES[sys.argv[1]](int(sys.argv[2]))
default_place_index()
started = time.perf_counter()
article = parse_article(raw, "bench.txt")
parsed = time.perf_counter()
linked = link_articles([article])
done = time.perf_counter()
print(json.dumps({"bytes": len(raw), "excerpts": len(article.excerpts), "mentions": sum(len(item.mentions) for item in linked),
                  "parse_s": parsed - started, "link_s": done - parsed}))
"""


def run(case: str, size: int, timeout_s: float) -> dict | None:
    """Return one run's figures for ``case`` in a fresh interpreter, or None if it ran over ``timeout_s``."""
    try:
        result = subprocess.run([sys.executable, "-c", _CHILD, case, str(size)], cwd=ROOT, capture_output=True, text=True,
                                timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"{case}: the child failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(case: str, size: int, runs: int, timeout_s: float) -> dict | None:
    """Return the median figures of ``runs`` runs of ``case``; None if the first run timed out (not retried)."""
    figures = []
    for _ in range(runs):
        figure = run(case, size, timeout_s)
        if figure is None:
            return None
        figures.append(figure)
    return {**figures[0], **{key: median([f[key] for f in figures]) for key in ("parse_s", "link_s")}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="bytes per article (default %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs per case; the median is reported (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed (default %(default)s)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update bench/RESULTS.md")
    options = parser.parse_args(argv)

    started = time.monotonic()
    results = {case: measure(case, options.size, options.runs, options.timeout) for case in CASES}
    baseline = results[BASELINE]
    headers = ["article", "bytes", "excerpts", "mentions", f"parse (median of {options.runs})", "link", "total", "vs baseline"]
    rows = [_row(case, figures, baseline, options.timeout) for case, figures in results.items()]
    print_table(headers, rows)
    verdict = _verdict(results, options.timeout)
    print(f"\n{verdict} Load average {load_average()}; {time.monotonic() - started:.0f} s in all.")
    if not options.no_write:
        write_section(
            "linking",
            "## Linking hostile articles\n\n" + machine_summary() + f" Load average {load_average()}.\n\n"
            "`python -m bench.linking`: each article read (`parse_article`) and linked (`link_articles`) in a fresh "
            "interpreter; the baseline is an ordinary article of the same size, measured in the same run.\n\n"
            + markdown_table(headers, rows) + "\n\n" + verdict,
        )
    return 0


def _total(figures: dict | None) -> float | None:
    return None if figures is None else figures["parse_s"] + figures["link_s"]


def _verdict(results: dict[str, dict | None], timeout_s: float) -> str:
    """Return one line on the target (the issue's article) and one on the slowest hostile article."""
    issue = _total(results[ISSUE])
    target = (f"The issue's hostile article ({results[ISSUE]['bytes']:,} bytes): {issue:.2f} s (target ≤ {TARGET_S:.0f} s: {'met' if issue <= TARGET_S else 'NOT met'})."
              if issue is not None else f"The issue's hostile article ran over {timeout_s:.0f} s (target ≤ {TARGET_S:.0f} s: NOT met).")
    hostile = {case: _total(figures) for case, figures in results.items() if case != BASELINE}
    if any(total is None for total in hostile.values()):
        return target + " A hostile article was killed."
    slowest = max(hostile, key=lambda case: hostile[case])
    baseline = _total(results[BASELINE])
    return target + f" Slowest hostile article: {slowest}, {hostile[slowest]:.2f} s" + (
        f" ({hostile[slowest] / baseline:.1f}× the ordinary one)." if baseline else ".")


def _row(case: str, figures: dict | None, baseline: dict | None, timeout_s: float) -> list[str]:
    if figures is None:
        return [case, "", "", "", f"> {timeout_s:.0f} s (killed)", "", "", ""]
    total = figures["parse_s"] + figures["link_s"]
    ratio = f"{total / (baseline['parse_s'] + baseline['link_s']):.1f}×" if baseline else ""
    return [case, f"{figures['bytes']:,}", f"{figures['excerpts']:,}", f"{figures['mentions']:,}",
            f"{figures['parse_s']:.2f} s", f"{figures['link_s']:.2f} s", f"{total:.2f} s", ratio]


if __name__ == "__main__":
    raise SystemExit(main())
