"""Data build time and peak memory: ``python -m bench.build``.

Runs the full build (``python -m geo.build --check``: every step, nothing written) in a fresh
interpreter three times and reports the median wall time and peak RSS, against a baseline of the
same interpreter only importing ``geo.build`` (the fixed cost every run pays).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.results import machine_summary, markdown_table, median, print_table, write_section

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
# Runs in the child: time the call and report its peak RSS (ru_maxrss is in KiB on Linux).
_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
import geo.build
imported = time.perf_counter()
code = geo.build.main(["--check"]) if sys.argv[1] == "build" else 0
done = time.perf_counter()
print(json.dumps({"code": code, "import_s": imported - started, "total_s": done - started,
                  "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(kind: str) -> dict:
    result = subprocess.run([sys.executable, "-c", _CHILD, kind], cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode not in (0,) or not result.stdout.strip():
        raise RuntimeError(f"{kind} run failed ({result.returncode}):\n{result.stderr[-2000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["code"] not in (0, 1):
        raise RuntimeError(f"python -m geo.build --check exited {figures['code']}:\n{result.stderr[-2000:]}")
    return figures


def main() -> int:
    builds = [run("build") for _ in range(RUNS)]
    imports = [run("import") for _ in range(RUNS)]
    build_s, build_mib = median([b["total_s"] for b in builds]), median([b["maxrss_mib"] for b in builds])
    import_s, import_mib = median([i["total_s"] for i in imports]), median([i["maxrss_mib"] for i in imports])
    headers = ["what", f"wall time (median of {RUNS})", "peak RSS (median)", "vs baseline"]
    rows = [
        ["full build (`python -m geo.build --check`)", f"{build_s:.2f} s", f"{build_mib:.0f} MiB", f"{build_s / import_s:.1f}× time, {build_mib / import_mib:.1f}× memory"],
        ["baseline: `import geo.build` only", f"{import_s:.2f} s", f"{import_mib:.0f} MiB", "1×"],
        ["build work alone (difference)", f"{build_s - import_s:.2f} s", f"{build_mib - import_mib:.0f} MiB", ""],
    ]
    print_table(headers, rows)
    stale = [b for b in builds if b["code"] == 1]
    note = "\n\n`--check` reported that data/ would change (the committed data is stale)." if stale else ""
    write_section(
        "build",
        "## Data build\n\n" + machine_summary() + "\n\n"
        "Every step of the build in a fresh interpreter, writing nothing (`--check`); peak RSS from `getrusage`.\n\n"
        + markdown_table(headers, rows) + note,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
