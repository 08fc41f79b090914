"""The machine a benchmark ran on, tables, and each benchmark's own section of bench/RESULTS.md.

Every benchmark writes only between its markers, ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``,
so scripts (and people) can update their sections independently::

    from bench.results import machine_summary, markdown_table, write_section
    write_section("build", "## Data build\\n\\n" + machine_summary() + "\\n\\n" + markdown_table(headers, rows))
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

RESULTS_MD = Path(__file__).resolve().parent / "RESULTS.md"
_TITLE = "# Benchmark results\n\nWritten by the scripts under `bench/` (see the README's \"Benchmarks\"); each section by its own script.\n"


def machine() -> dict[str, str]:
    """Return what the figures depend on: kernel and architecture (``uname -a``), CPUs, Python, date."""
    return {
        "uname": _uname(),
        "cpus": str(os.cpu_count()),
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _uname() -> str:
    try:
        return subprocess.run(["uname", "-a"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return " ".join(part for part in platform.uname() if part)


def load_average() -> str:
    """Return the load averages over 1, 5 and 15 minutes (``uptime``'s), to print beside figures from a shared machine."""
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


def machine_summary() -> str:
    """Return one Markdown line naming the machine, for the top of a section."""
    facts = machine()
    return f"Machine: `{facts['uname']}`, {facts['cpus']} CPUs, Python {facts['python']}; run {facts['date']}."


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Return a Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a plain-text table to stdout."""
    cells = [list(map(str, headers)), *[[str(cell) for cell in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for number, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))
        if number == 0:
            print("  ".join("-" * width for width in widths))
    sys.stdout.flush()


def percentile(values: Sequence[float], share: float) -> float:
    """Return the ``share`` (0-1) percentile of ``values``, interpolated linearly (p50 is the median)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def write_section(name: str, markdown: str, path: Path = RESULTS_MD) -> None:
    """Put ``markdown`` between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->`` in ``path``.

    The section is replaced if present, else appended; the file is created if missing. Other
    sections are left byte for byte, and a lock keeps two scripts writing at once from losing one.
    """
    if not re.fullmatch(r"[a-z0-9_-]+", name):
        raise ValueError(f"section name {name!r}: use lowercase letters, digits, '-' and '_'")
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    with open(Path(tempfile.gettempdir()) / f"kuril-bench-{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = path.read_text(encoding="utf-8") if path.exists() else _TITLE
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
        if pattern.search(text):
            text = pattern.sub(lambda _: block, text, count=1)
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        temporary = path.with_name(f".{path.name}.partial")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
