"""Measure the offline export over simplification/precision settings, and GeoDataFrame.explore() beside it.

    /work/venv/bin/python bench/export.py [--runs 5] [--quick]

For each (tolerance, decimals) it prints: file size, vertices drawn (islands +
claim overlay + context land), each disputed island's area error against the
full-resolution data (geodesic, WGS84), the largest coastline deviation of the
disputed islands in metres (Hausdorff distance, azimuthal equidistant
projection centred on them) and first paint in headless Chromium
(navigation start -> every island path drawn, median of ``--runs``), with
every request off this machine blocked, as the reader of an e-mailed file may be.
Then the same figures for ``islands().explore()`` saved with ``.save()``, the
cost of the measuring tool, and the setting layers/export.py uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import geopandas as gpd  # noqa: E402
import shapely  # noqa: E402
from pyproj import Geod  # noqa: E402

from geo.islands import claim_areas, context_land, islands  # noqa: E402
from layers import export  # noqa: E402

TARGET_BYTES = 1_000_000
TARGET_AREA_PCT = 0.5
TARGET_PAINT_MS = 250
SETTINGS = [(0.0, 5), (0.0, 4), (0.0002, 4), (0.0005, 4), (0.0005, 3), (0.001, 4), (0.001, 3), (0.002, 4), (0.002, 3)]
QUICK_SETTINGS = [(0.0, 5), (0.001, 4), (0.002, 3)]
#: A local projection for distances in metres, centred on the disputed islands.
LOCAL_CRS = "+proj=aeqd +lat_0=44.3 +lon_0=146.8 +datum=WGS84 +units=m +no_defs"
DISPUTED = ("iturup", "kunashir", "shikotan", "habomai")
_GEOD = Geod(ellps="WGS84")

# Time (ms since navigation start) of the first animation frame in which every island path exists.
_PAINT_PROBE = """
(() => {
  const wanted = %d;
  const probe = () => {
    if (document.querySelectorAll("path.leaflet-interactive").length >= wanted) {
      window.__islandsDrawnAt = performance.now();
    } else {
      requestAnimationFrame(probe);
    }
  };
  requestAnimationFrame(probe);
})();
"""


@dataclass
class Row:
    label: str
    size_bytes: int
    vertices: int
    area_error_pct: dict[str, float]
    deviation_m: float
    paint_ms: float | None
    paint_note: str = ""
    setting: tuple[float, int] | None = None


def disputed_geometries(frame: gpd.GeoDataFrame) -> dict[str, object]:
    """Return the geometry of each disputed island, the Habomai islets as one."""
    result = {island_id: frame.loc[frame["id"] == island_id].geometry.iloc[0] for island_id in DISPUTED[:3]}
    result["habomai"] = shapely.union_all(frame.loc[frame["cluster"] == "habomai"].geometry.values)
    return result


def geodesic_km2(geometry: object) -> float:
    return abs(_GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def fidelity(full: gpd.GeoDataFrame, drawn: gpd.GeoDataFrame) -> tuple[dict[str, float], float]:
    """Return each disputed island's area error (%) and the largest coastline deviation (m)."""
    reference, candidate = disputed_geometries(full), disputed_geometries(drawn)
    errors = {
        key: 100 * (geodesic_km2(candidate[key]) - geodesic_km2(reference[key])) / geodesic_km2(reference[key])
        for key in DISPUTED
    }
    projected_ref = gpd.GeoSeries(list(reference.values()), crs=4326).to_crs(LOCAL_CRS)
    projected_new = gpd.GeoSeries(list(candidate.values()), crs=4326).to_crs(LOCAL_CRS)
    deviation = max(
        shapely.hausdorff_distance(a.boundary, b.boundary, densify=0.25) for a, b in zip(projected_ref, projected_new)
    )
    return errors, float(deviation)


def vertex_count(chain: gpd.GeoDataFrame, context: gpd.GeoDataFrame) -> int:
    claimed = claim_areas(chain)
    claimed = claimed[claimed["holder"] == "JP"]
    return int(sum(shapely.get_num_coordinates(frame.geometry.values).sum() for frame in (chain, claimed, context)))


def first_paint_ms(browser: object, path: Path, wanted_paths: int, runs: int) -> tuple[float | None, str]:
    """Return the median time to draw every island, or None and why (e.g. nothing drawn offline)."""
    from browser import CHROMIUM_ARGS, VIEWPORT, is_local  # tests/browser.py: the tests' own settings

    del CHROMIUM_ARGS  # launched by the caller with them
    times: list[float] = []
    blocked: set[str] = set()
    errors: set[str] = set()
    for _ in range(runs):
        context = browser.new_context(viewport=VIEWPORT, service_workers="block")

        def route(route: object) -> None:
            if is_local(route.request.url):
                route.continue_()
            else:
                blocked.add(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.add(str(error).splitlines()[0]))
        page.add_init_script(_PAINT_PROBE % wanted_paths)
        page.goto(path.as_uri(), wait_until="load")
        try:
            page.wait_for_function("() => window.__islandsDrawnAt !== undefined", timeout=5_000)
            times.append(page.evaluate("window.__islandsDrawnAt"))
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: never drawn
            pass
        context.close()
    note = ""
    if blocked:
        note = f"{len(blocked)} requests blocked"
    if errors:
        note += ("; " if note else "") + "page errors: " + " | ".join(sorted(errors))[:120]
    if not times:
        return None, "draws nothing: " + (note or "no island path within 5 s")
    return statistics.median(times), note


def measure_export(browser, tolerance: float, decimals: int, full, folder: Path, runs: int, measure_control: bool = False) -> Row:
    chain, context = export.export_frames(tolerance, decimals)
    html = export.build_export(tolerance_deg=tolerance, decimals=decimals, measure_control=measure_control).html
    path = folder / f"export_{tolerance}_{decimals}_{int(measure_control)}.html"
    path.write_text(html, encoding="utf-8")
    errors, deviation = fidelity(full, chain)
    paint, note = first_paint_ms(browser, path, len(chain) + len(context), runs) if browser else (None, "no browser")
    label = f"tol {tolerance:g}°, {decimals} dec" + (" + measure" if measure_control else "")
    return Row(label, path.stat().st_size, vertex_count(chain, context), errors, deviation, paint, note, (tolerance, decimals))


def measure_explore(browser, full: gpd.GeoDataFrame, folder: Path, runs: int) -> Row:
    frame = full.copy()
    m = frame.explore()
    path = folder / "explore.html"
    m.save(str(path))
    paint, note = first_paint_ms(browser, path, len(frame), runs) if browser else (None, "no browser")
    errors = {key: 0.0 for key in DISPUTED}  # explore() writes the coordinates as they are
    vertices = int(shapely.get_num_coordinates(frame.geometry.values).sum())
    return Row("GeoDataFrame.explore()", path.stat().st_size, vertices, errors, 0.0, paint, note)


def print_table(rows: list[Row]) -> list[str]:
    header = (
        f"| setting | size | vertices | Iturup | Kunashir | Shikotan | Habomai | max deviation | first paint |\n"
        f"|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [header]
    for row in rows:
        paint = f"{row.paint_ms:.0f} ms" if row.paint_ms is not None else "never"
        areas = " | ".join(f"{row.area_error_pct[key]:+.3f} %" for key in DISPUTED)
        lines.append(
            f"| {row.label} | {row.size_bytes / 1e6:.3f} MB | {row.vertices:,} | {areas} | {row.deviation_m:.0f} m | {paint} |"
        )
    print("\n".join(lines))
    for row in rows:
        if row.paint_note:
            print(f"  {row.label}: {row.paint_note}")
    return lines


#: Largest coastline deviation accepted: one screen pixel at zoom 10 at 44° N (156,543 m × cos 44° / 2**10),
#: so that even zoomed in on a picked excerpt's islands the simplified coast sits within a pixel or two.
MAX_DEVIATION_M = 110


def choose(rows: list[Row]) -> Row | None:
    """Return the lightest setting (fewest vertices: smallest file, fastest paint) within the size and area
    targets whose coastline stays within MAX_DEVIATION_M. First paint is reported, not used to choose: it is
    wall time on a shared machine and scales with the vertices anyway."""
    fits = [
        row for row in rows
        if row.size_bytes <= TARGET_BYTES
        and all(abs(error) <= TARGET_AREA_PCT for error in row.area_error_pct.values())
        and row.deviation_m <= MAX_DEVIATION_M
    ]
    return min(fits, key=lambda row: (row.vertices, row.size_bytes), default=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="page loads per setting for the first-paint median")
    parser.add_argument("--quick", action="store_true", help="three settings only")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, CHROMIUM_PATH

    full = islands()
    full_context = context_land()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        browser = (
            playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)
            if CHROMIUM_PATH.exists() else None
        )
        # Warm the browser and the Python caches so the first setting is not penalised.
        measure_export(browser, 0.001, 4, full, folder, 1)
        for tolerance, decimals in QUICK_SETTINGS if args.quick else SETTINGS:
            rows.append(measure_export(browser, tolerance, decimals, full, folder, args.runs))
            print(f"measured {rows[-1].label}", file=sys.stderr)
        chosen = choose(rows)
        measure_rows = []
        if chosen is not None:
            tolerance, decimals = chosen.setting
            measure_rows.append(measure_export(browser, tolerance, decimals, full, folder, args.runs, measure_control=True))
        explore_row = measure_explore(browser, full, folder, args.runs)
        if browser:
            browser.close()

    print(f"\nFull-resolution data: {int(shapely.get_num_coordinates(full.geometry.values).sum()):,} island vertices, "
          f"{int(shapely.get_num_coordinates(full_context.geometry.values).sum()):,} context-land vertices.")
    print("Area error: drawn area vs full resolution, geodesic (WGS84). Deviation: Hausdorff distance of the "
          "disputed coastlines, metres.\n")
    lines = print_table([*rows, *measure_rows, explore_row])
    print()
    if chosen is None:
        print(f"No setting meets the size and area targets with a coastline deviation within {MAX_DEVIATION_M} m.")
    else:
        print(f"Chosen: {chosen.label}: the lightest within {TARGET_BYTES / 1e6:.1f} MB, {TARGET_AREA_PCT} % area "
              f"and {MAX_DEVIATION_M} m coastline deviation.")
        if measure_rows:
            cost = measure_rows[0].size_bytes - chosen.size_bytes
            fits = measure_rows[0].size_bytes <= TARGET_BYTES
            print(f"The measuring tool (leaflet-measure 2.1.7, JS + CSS inlined) costs {cost / 1000:.1f} kB: "
                  f"{'fits' if fits else 'does not fit'} the budget.")
        if chosen.setting != (export.EXPORT_TOLERANCE_DEG, export.EXPORT_DECIMALS):
            print("WARNING: layers/export.py uses another setting; update EXPORT_TOLERANCE_DEG / EXPORT_DECIMALS.")
    print(f"layers/export.py uses tol {export.EXPORT_TOLERANCE_DEG:g}°, {export.EXPORT_DECIMALS} decimals, "
          f"measure control {'on' if export.EXPORT_MEASURE_CONTROL else 'off'}.")
    print(f"Machine: {' '.join(platform.uname())}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          f"(first paint is wall time: other work on the machine adds to it); {dt.date.today().isoformat()}.")

if __name__ == "__main__":
    main()
