"""The offline export against the export before issue 13 (the baseline), and GeoDataFrame.explore(), in one run.

    .venv/bin/python bench/export.py [--runs 7] [--curve-runs 3] [--switch-rounds 2] [--quick] [--baseline-rev 0a7f0e8]

What it measures, for the baseline (git revision ``--baseline-rev``, checked out in a throwaway ``git worktree``)
and the current code (this checkout, committed or not), each built by its own code in its own process:

* **The export** (``python -m layers.export --out F.html``, run alike for both: cwd = that revision's checkout,
  a throwaway article store in ``KURIL_STORE`` synced from its ``seeds/``): the whole file (views, periods, tour,
  panel and the seed article); how much of it is geometry (JSON literals in its scripts that are GeoJSON or
  TopoJSON) and other data; the vertices the page draws (every LatLng of every vector layer on the Leaflet map,
  counted in the page); each disputed island's drawn area against full resolution (geodesic, WGS84) and the
  largest deviation of the disputed coastlines (Hausdorff, metres, azimuthal equidistant projection centred on
  them), both from the coordinates the page draws past its coarse level of detail (zoom 8), and the deviation
  and vertices it draws at the opening view (the coarse level), in metres and in the screen's pixels; the
  browser's floor (a blank page with one SVG path, and Leaflet alone drawing one polygon) in the same loop; first paint (navigation start -> the first animation frame in
  which every island path exists) with the page's own split (responseEnd, domInteractive), median of ``--runs``
  loads, baseline and current interleaved (A, B, A, B ...) so that other work on the machine weighs on both alike;
  and switching (``kurilMap.set``) to each view, period and tour step: ``performance.now()`` before ``set()`` ->
  the end of the next animation frame after it returns (a rAF, then a MessageChannel message: the task after that
  frame's style, layout and paint), median and max per kind.
* **The trade-off curve** over (tolerance, decimals) settings, ``build_export(tolerance_deg=, decimals=)`` of each
  revision: size, geometry bytes, vertices drawn, area errors and coastline deviation from
  ``export_frames(tolerance, decimals)`` (what the encoding starts from), the deviation of what the page draws
  (what a quantising encoding makes of it), and first paint (median of ``--curve-runs``, interleaved).
* **GeoDataFrame.explore()** of the full-resolution islands, saved with ``.save()``: its size and whether it
  draws offline (it does not: Leaflet comes from a CDN).

Every request off this machine is blocked in every page, as for the reader of an e-mailed file. The table goes
to stdout and, unless ``--quick`` (or with ``--write``), into bench/RESULTS.md between ``<!-- bench:export -->``
and ``<!-- /bench:export -->``.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
from pyproj import Geod  # noqa: E402

from bench.results import load_average, machine_summary, write_section  # noqa: E402
from layers.map.topology import mercator_metres_per_pixel  # noqa: E402
from layers.style import COARSE_MAX_ZOOM  # noqa: E402

#: Issue 13's targets.
TARGET_BYTES = 600_000
TARGET_AREA_PCT = 0.2
MAX_DEVIATION_M = 60
TARGET_PAINT_MS = 100
TARGET_SPEEDUP = 1.4
TARGET_SWITCH_MS = 50
BASELINE_REV = "0a7f0e8"
#: The export's Leaflet map option as folium writes it (prefer_canvas=False), minified, and the Canvas variant's.
SVG_OPTION = "zoomControl:!0,preferCanvas:!1,"
CANVAS_OPTION = "zoomControl:!0,preferCanvas:!0,"
#: Canvas would count as clearly faster only with a first paint median at most this share of SVG's (and no
#: switching median slower than SVG's).
CLEARLY_FASTER = 0.9
CANVAS_LABEL = "current, Canvas renderer"
SETTINGS = [(0.0, 5), (0.0, 4), (0.0002, 4), (0.0005, 4), (0.0005, 3), (0.001, 4), (0.001, 3), (0.002, 4), (0.002, 3)]
QUICK_SETTINGS = [(0.0, 5), (0.0005, 4), (0.002, 3)]
#: A local projection for distances in metres, centred on the disputed islands.
LOCAL_CRS = "+proj=aeqd +lat_0=44.3 +lon_0=146.8 +datum=WGS84 +units=m +no_defs"
DISPUTED = ("iturup", "kunashir", "shikotan", "habomai")
_GEOD = Geod(ellps="WGS84")
PYTHON = ROOT / ".venv" / "bin" / "python"

# ---------------------------------------------------------------------------------------------------------------
# The worker: run with cwd = a revision's checkout, so that it imports that revision's geo/ and layers/.
# It builds the curve's files with build_export(tolerance_deg=, decimals=) and dumps what export_frames() gives
# for the disputed islands (WKB), plus the full-resolution reference, as JSON.
# ---------------------------------------------------------------------------------------------------------------
_WORKER = textwrap.dedent('''
    import inspect, json, sys, time, traceback
    from pathlib import Path
    import shapely
    args = json.loads(sys.argv[1])
    out = Path(args["out"])
    from geo.islands import islands, context_land
    from layers import export
    full = islands()
    ids = {key: [key] for key in ("iturup", "kunashir", "shikotan")}
    ids["habomai"] = full.loc[full["cluster"] == "habomai", "id"].tolist()
    wanted = {i for group in ids.values() for i in group}
    def dump(frame):
        return {i: shapely.to_wkb(g, hex=True) for i, g in zip(frame["id"], frame.geometry.values) if i in wanted}
    result = {"islands": len(full), "context": len(context_land()), "disputed_ids": ids, "full": dump(full),
              "defaults": [getattr(export, "EXPORT_TOLERANCE_DEG", None), getattr(export, "EXPORT_DECIMALS", None)],
              "settings": []}
    params = inspect.signature(export.build_export).parameters
    for tolerance, decimals in args["settings"]:
        entry = {"setting": [tolerance, decimals]}
        try:
            if "tolerance_deg" not in params or "decimals" not in params:
                raise TypeError("build_export() takes no tolerance_deg/decimals")
            started = time.perf_counter()
            html = export.build_export(tolerance_deg=tolerance, decimals=decimals).html
            entry["build_s"] = time.perf_counter() - started
            path = out / f"{args['tag']}_{tolerance}_{decimals}.html"
            path.write_text(html, encoding="utf-8")
            entry["path"] = str(path)
            entry["frames"] = dump(export.export_frames(tolerance, decimals)[0])
        except Exception as err:
            entry["error"] = f"{type(err).__name__}: {err}"
            traceback.print_exc()
        result["settings"].append(entry)
    (out / f"{args['tag']}.json").write_text(json.dumps(result), encoding="utf-8")
''')

# ---------------------------------------------------------------------------------------------------------------
# In the page
# ---------------------------------------------------------------------------------------------------------------
# Time (ms since navigation start) of the first animation frame in which every island path exists.
# SVG: every island is a ``path.leaflet-interactive``. Canvas (``preferCanvas``): there are no such paths; once
# as many of the map's ``L.Path`` layers are projected (``_pxBounds``/``_point``), the renderer draws them in its
# own animation frame, so the time is that of the NEXT frame (``__projectedAt`` keeps the frame they were seen in).
_PAINT_PROBE = """
(() => {
  const wanted = %d;
  document.addEventListener("kuril-map-ready", () => { window.__mapReadyAt = performance.now(); });
  const onCanvas = () => {
    const map = window.kurilMap && window.kurilMap.map;
    return Boolean(map && typeof L !== "undefined" && L.Canvas && map._renderer instanceof L.Canvas) ? map : null;
  };
  const probe = () => {
    const canvasMap = onCanvas();
    if (canvasMap) {
      let projected = 0;
      canvasMap.eachLayer((l) => { if (l instanceof L.Path && (l._pxBounds || l._point)) { projected += 1; } });
      if (projected >= wanted) {
        window.__projectedAt = performance.now();
        window.__renderer = "canvas";
        requestAnimationFrame(() => { window.__islandsDrawnAt = performance.now(); });
      } else {
        requestAnimationFrame(probe);
      }
      return;
    }
    if (document.querySelectorAll("path.leaflet-interactive").length >= wanted) {
      window.__renderer = "svg";
      window.__islandsDrawnAt = performance.now();
    } else {
      requestAnimationFrame(probe);
    }
  };
  requestAnimationFrame(probe);
})();
"""

_NAVIGATION = """() => {
  const n = performance.getEntriesByType("navigation")[0] || {};
  return {paint: window.__islandsDrawnAt, ready: window.__mapReadyAt, responseEnd: n.responseEnd, domInteractive: n.domInteractive,
          domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd, projected: window.__projectedAt,
          renderer: window.__renderer};
}"""

# The Leaflet map (folium's global map_<hash>), its vector layers' vertices, and the disputed islands as drawn.
_DRAWN = """(ids) => {
  if (typeof L === "undefined") { return null; }
  const key = Object.keys(window).find(k => /^map_/.test(k) && window[k] instanceof L.Map);
  if (!key) { return null; }
  const map = window[key];
  const count = (a) => Array.isArray(a) ? a.reduce((n, x) => n + count(x), 0) : 1;
  const plain = (a) => Array.isArray(a) ? a.map(plain) : [a.lng, a.lat];
  const wanted = new Set(ids);
  const shapes = {};
  let vertices = 0, polylines = 0, circles = 0;
  map.eachLayer((layer) => {
    if (layer instanceof L.CircleMarker) { vertices += 1; circles += 1; return; }
    if (!(layer instanceof L.Polyline)) { return; }
    const latlngs = layer.getLatLngs();
    vertices += count(latlngs);
    polylines += 1;
    const id = layer.feature && layer.feature.properties && layer.feature.properties.id;
    if (layer instanceof L.Polygon && wanted.has(id) && !(id in shapes)) { shapes[id] = plain(latlngs); }
  });
  const renderer = map._renderer instanceof L.Canvas ? "Canvas" : (map._renderer instanceof L.SVG ? "SVG" : "none");
  // SVG paths filled with a pattern (Leaflet.pattern's fillPattern: url(#...)); Canvas draws none.
  const patternFills = Array.from(document.querySelectorAll("path")).filter((p) => /^url\(/.test(p.getAttribute("fill") || "")).length;
  return {map: key, zoom: map.getZoom(), vertices, polylines, circles, shapes, renderer, patternFills,
          paths: document.querySelectorAll("path.leaflet-interactive").length};
}"""

# Past the coarse level of detail (layers/templates/levels.js): the map (folium's global, named by _DRAWN) at
# ``zoom`` or closer, redrawn at once.
_CLOSER = """([key, zoom]) => {
  const map = window[key];
  if (map.getZoom() < zoom) { map.setZoom(zoom, {animate: false}); }
}"""


def read_drawn(page: object, ids: list[str]) -> dict | None:
    """Return what the page draws (``_DRAWN``) past its coarse level, where the coast is checked against full
    resolution, with what it drew at the opening view as ``opening``."""
    opening = page.evaluate(_DRAWN, ids)
    if opening is None:
        return None
    page.evaluate(_CLOSER, [opening["map"], COARSE_MAX_ZOOM + 1])
    closer = page.evaluate(_DRAWN, ids)
    closer["opening"] = opening
    return closer


# Switch through a list of partial states; for each: set()'s own time and set() -> the end of the next frame.
# Long tasks (> 50 ms, PerformanceObserver) in the pause after each switch are kept too: a zoom animation's end
# re-projects every path after the frame measured here.
_SWITCH = """async ({partials, pause}) => {
  const afterFrame = () => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  }));
  let longest = 0;
  let observer = null;
  try {
    observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => { longest = Math.max(longest, e.duration); }));
    observer.observe({type: "longtask"});
  } catch (err) { observer = null; }
  const results = [];
  await afterFrame();
  for (const partial of partials) {
    longest = 0;
    const started = performance.now();
    window.kurilMap.set(partial);
    const returned = performance.now();
    await afterFrame();
    const framed = performance.now();
    await new Promise((resolve) => setTimeout(resolve, pause));
    results.push({state: partial, set: returned - started, frame: framed - started, longtask: longest});
  }
  if (observer) { observer.disconnect(); }
  return results;
}"""

# Wait until the page has been idle a while: the client builds every state's layer in idle callbacks after load.
_SETTLE = """async () => {
  const idle = window.requestIdleCallback || ((fn) => setTimeout(() => fn({timeRemaining: () => 50}), 50));
  let quiet = 0;
  for (let i = 0; i < 200 && quiet < 5; i++) {
    const left = await new Promise((resolve) => idle((deadline) => resolve(deadline.timeRemaining()), {timeout: 1000}));
    quiet = left >= 40 ? quiet + 1 : 0;
  }
  return quiet;
}"""

_MODEL = """() => {
  const m = window.kurilMap.model;
  return {views: m.views.map((v) => v.id), periods: m.periods.map((p) => p.id),
          steps: m.steps.map((s) => ({id: s.id, view: s.view || null, period: s.period || null})),
          defaultView: (m.defaults && m.defaults.view) || "neutral"};
}"""


# ---------------------------------------------------------------------------------------------------------------
# Geometry: fidelity against full resolution
# ---------------------------------------------------------------------------------------------------------------
def geodesic_km2(geometry: object) -> float:
    return abs(_GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def grouped(shapes: dict[str, object], ids: dict[str, list[str]], only: set[str] | None = None) -> dict[str, object]:
    """Return each disputed island's geometry, the Habomai islets as one; ``only``: ids to keep.

    Points (two Habomai rocks, drawn as dots) have no coastline and no area: they are left out."""
    result = {}
    for key in DISPUTED:
        parts = [shapes[i] for i in ids[key] if i in shapes and (only is None or i in only)
                 and shapes[i].geom_type in ("Polygon", "MultiPolygon")]
        result[key] = shapely.union_all(parts) if parts else None
    return result


_COMPARED: dict[tuple[bytes, bytes], tuple[float, float]] = {}


def compare(reference: object, candidate: object) -> tuple[float, float]:
    """Return the area error (%) and the coastline deviation (m) of one island; cached (the curve repeats them)."""
    key = (shapely.to_wkb(reference), shapely.to_wkb(candidate))
    if key not in _COMPARED:
        error = 100 * (geodesic_km2(candidate) - geodesic_km2(reference)) / geodesic_km2(reference)
        a, b = gpd.GeoSeries([reference, candidate], crs=4326).to_crs(LOCAL_CRS)
        _COMPARED[key] = error, hausdorff_m(a.boundary, b.boundary)
    return _COMPARED[key]


def _segments(line: object) -> np.ndarray:
    """Return the segments of a (Multi)LineString as shapely LineStrings."""
    pieces = []
    for part in shapely.get_parts(line):
        coords = shapely.get_coordinates(part)
        if len(coords) >= 2:
            pieces.append(np.stack([coords[:-1], coords[1:]], axis=1))
    return shapely.linestrings(np.concatenate(pieces))


def _directed_m(source: object, target: object, step_m: float) -> float:
    """Return the largest distance from a point of ``source`` (sampled every ``step_m``) to the curve ``target``."""
    points = shapely.points(shapely.get_coordinates(shapely.segmentize(source, step_m)))
    tree = shapely.STRtree(_segments(target))
    _, distances = tree.query_nearest(points, return_distance=True)
    return float(distances.max())


def hausdorff_m(a: object, b: object, step_m: float = 10.0) -> float:
    """Return the Hausdorff distance of two coastlines (projected, metres): each curve sampled every ``step_m``,
    each sample's distance to the other curve (not to its vertices) found with an STRtree of its segments. Distance
    to a curve moves at most 1 m per metre along the other, so the result is low by at most ``step_m`` / 2.
    (``shapely.hausdorff_distance(densify=)`` gives the same within that, but is quadratic: minutes at full resolution.)"""
    return max(_directed_m(a, b, step_m), _directed_m(b, a, step_m))


def fidelity(reference: dict[str, object], candidate: dict[str, object]) -> tuple[dict[str, float | None], float | None]:
    """Return each disputed island's area error (%) and the largest coastline deviation (m)."""
    errors: dict[str, float | None] = {}
    deviations = []
    for key in DISPUTED:
        ref, new = reference.get(key), candidate.get(key)
        if ref is None or new is None or new.is_empty:
            errors[key] = None
            continue
        errors[key], deviation = compare(ref, new)
        deviations.append(deviation)
    return errors, (max(deviations) if deviations else None)


def polygon_from_latlngs(rings: list) -> object:
    """Return a shapely (Multi)Polygon from Leaflet's getLatLngs() as [lng, lat] pairs (rings unclosed)."""
    def depth(a: list) -> int:
        return 0 if not isinstance(a, list) or not a or not isinstance(a[0], list) else 1 + depth(a[0])

    def polygon(part: list) -> object:
        return shapely.Polygon(part[0], part[1:]) if len(part[0]) >= 3 else shapely.Polygon()

    if depth(rings) == 2:  # [ring, hole, ...], each ring a list of [lng, lat]
        return shapely.make_valid(polygon(rings))
    return shapely.make_valid(shapely.MultiPolygon([polygon(part) for part in rings if part and len(part[0]) >= 3]))


# ---------------------------------------------------------------------------------------------------------------
# The file: size, and how much of it is geometry
# ---------------------------------------------------------------------------------------------------------------
def _is_geometry(value: object) -> bool:
    return isinstance(value, dict) and (
        value.get("type") in {"FeatureCollection", "Feature", "Topology", "GeometryCollection"}
        or ("coordinates" in value and isinstance(value.get("type"), str))
    )


def _geometry_chars(value: object) -> int:
    """Characters (compact JSON) of the outermost GeoJSON/TopoJSON objects inside ``value``."""
    if _is_geometry(value):
        return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    if isinstance(value, dict):
        return sum(_geometry_chars(item) for item in value.values())
    if isinstance(value, list):
        return sum(_geometry_chars(item) for item in value)
    return 0


def _inflate(blob: str) -> object | None:
    """Return the JSON a base64 string holds, deflated (zlib, raw or gzip) or not; None if it holds none."""
    try:
        raw = base64.b64decode(blob, validate=True)
    except (binascii.Error, ValueError):
        return None
    for wbits in (15, -15, 31, None):
        try:
            text = raw if wbits is None else zlib.decompress(raw, wbits)
            return json.loads(text.decode("utf-8"))
        except (zlib.error, UnicodeDecodeError, ValueError):
            continue
    return None


def _split(value: object) -> tuple[list, object]:
    """Return the outermost GeoJSON/TopoJSON objects inside ``value``, and ``value`` without them."""
    if _is_geometry(value):
        return [value], None
    if isinstance(value, dict):
        shapes, rest = [], {}
        for key, item in value.items():
            found, rest[key] = _split(item)
            shapes += found
        return shapes, rest
    if isinstance(value, list):
        shapes, rest = [], []
        for item in value:
            found, left = _split(item)
            shapes += found
            rest.append(left)
        return shapes, rest
    return [], value


def _compact(value: object) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")) or 1


def composition(html: str, smallest: int = 2_000) -> dict[str, int | None]:
    """Return the file's bytes, its scripts' bytes, and the bytes of geometry and other data in them.

    Every ``{`` in a script is tried with ``json.JSONDecoder().raw_decode``; a literal of ``smallest`` characters or
    more counts (and is skipped over). Every quoted base64 string of ``smallest`` characters or more is decoded
    (and inflated if deflated); if it holds JSON it is packed data. Inside each, the outermost GeoJSON
    FeatureCollections/Features/geometries and TopoJSON Topologies are geometry, the rest data; the split is
    scaled from compact JSON to the bytes it takes in the file. Geometry is None (n/a) when none is found.
    """
    decoder = json.JSONDecoder()
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.DOTALL | re.IGNORECASE)
    geometry = data = packed = inflated = packed_geometry = 0
    found = False
    for script in scripts:
        position = script.find("{")
        while position >= 0:
            try:
                value, end = decoder.raw_decode(script, position)
            except ValueError:
                position = script.find("{", position + 1)
                continue
            length = end - position
            if length >= smallest:
                share = min(1.0, _geometry_chars(value) / _compact(value))
                geometry += round(length * share)
                data += length - round(length * share)
                found = found or share > 0
                position = script.find("{", end)
            else:
                position = script.find("{", position + 1)
        for blob in re.findall(r"[\"'`]([A-Za-z0-9+/]{%d,}={0,2})[\"'`]" % smallest, script):
            value = _inflate(blob)
            if value is None:
                continue
            # Geometry compresses less than words: split the blob by each part's own deflated size.
            shapes, rest = _split(value)
            deflated = [len(zlib.compress(json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode(), 9))
                        for part in (shapes, rest)]
            share = deflated[0] / sum(deflated) if shapes else 0.0
            packed += len(blob)
            inflated += _compact(value)
            packed_geometry += round(len(blob) * share)
            found = found or share > 0
    return {
        "bytes": len(html.encode("utf-8")),
        "script": sum(len(s.encode("utf-8")) for s in scripts),
        "geometry": geometry + packed_geometry if found else None,
        "data": data + packed - packed_geometry,
        "packed": packed,
        "inflated": inflated,
    }


# ---------------------------------------------------------------------------------------------------------------
# Builds
# ---------------------------------------------------------------------------------------------------------------
def _env(store: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("KURIL_")}
    env["KURIL_STORE"] = str(store)
    env.pop("PYTHONPATH", None)
    return env


def run_cli(checkout: Path, out: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(PYTHON), "-m", "layers.export", "--out", str(out)], cwd=checkout, env=_env(store),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def run_worker(checkout: Path, folder: Path, tag: str, settings: list[tuple[float, int]]) -> subprocess.Popen:
    args = json.dumps({"out": str(folder), "tag": tag, "settings": settings})
    return subprocess.Popen(
        [str(PYTHON), "-c", _WORKER, args], cwd=checkout, env=_env(folder / f"{tag}-worker-store.db"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@dataclass
class Built:
    """One revision's builds: the CLI export and the worker's curve files."""

    tag: str
    label: str
    checkout: Path
    cli_path: Path | None = None
    cli_seconds: float | None = None
    cli_error: str = ""
    info: dict = field(default_factory=dict)
    worker_error: str = ""


def build_revision(built: Built, folder: Path, settings: list[tuple[float, int]], retries: int, wait_s: int) -> None:
    """Build the CLI export and the curve of one revision (both processes at once); retry a failed build."""
    for attempt in range(retries + 1):
        out = folder / f"{built.tag}.html"
        started = time.perf_counter()
        cli = run_cli(built.checkout, out, folder / f"{built.tag}-store-{attempt}.db")
        worker = run_worker(built.checkout, folder, built.tag, settings) if not built.info else None
        cli_output = cli.communicate()[0]
        built.cli_seconds = time.perf_counter() - started
        if cli.returncode == 0 and out.exists():
            built.cli_path, built.cli_error = out, ""
        else:
            built.cli_error = f"exit {cli.returncode}: " + " | ".join(cli_output.strip().splitlines()[-3:])
        if worker is not None:
            worker_output = worker.communicate()[0]
            info_path = folder / f"{built.tag}.json"
            if worker.returncode == 0 and info_path.exists():
                built.info, built.worker_error = json.loads(info_path.read_text(encoding="utf-8")), ""
            else:
                built.worker_error = f"exit {worker.returncode}: " + " | ".join(worker_output.strip().splitlines()[-3:])
        if built.cli_path and built.info:
            return
        if attempt < retries:
            print(f"{built.label}: build failed ({built.cli_error or built.worker_error}); retrying in {wait_s} s",
                  file=sys.stderr)
            time.sleep(wait_s)


def canvas_variant(path: Path, out: Path) -> Path:
    """Write the export at ``path`` with Leaflet's Canvas renderer (``preferCanvas:!0`` in the ``L.map(`` options)
    to ``out``: the same file otherwise. Exits unless the option occurs exactly once."""
    html = path.read_text(encoding="utf-8")
    found = html.count(SVG_OPTION)
    if found != 1:
        raise SystemExit(f"Canvas variant: {SVG_OPTION!r} occurs {found} times in {path} (expected exactly once)")
    variant = html.replace(SVG_OPTION, CANVAS_OPTION)
    assert variant.count(CANVAS_OPTION) == html.count(CANVAS_OPTION) + 1 and SVG_OPTION not in variant
    out.write_text(variant, encoding="utf-8")
    return out


#: The browser's floor on this machine: the least a page can paint in, timed by the same probe (one SVG path).
FLOOR_LABELS = {
    "blank": "a blank page with one SVG path (no script)",
    "leaflet": "Leaflet alone (the export's own Leaflet JS and CSS, inline) drawing one polygon",
}
_LEAFLET_JS = re.compile(r"<script>(/\*\s*@preserve\s*\* Leaflet \d.*?)</script>", re.S)
_LEAFLET_CSS = re.compile(r"<style>(\.leaflet-pane,.*?)</style>", re.S)


def floor_pages(export: Path, folder: Path) -> dict[str, Path]:
    """Write the floor pages (``FLOOR_LABELS``) beside the bench's files; the Leaflet one from ``export``'s own
    inlined Leaflet, or none if the export holds none."""
    pages = {"blank": '<svg width="100" height="100"><path class="leaflet-interactive" d="M0 0L50 50L0 50z"/></svg>'}
    html = export.read_text(encoding="utf-8")
    script, css = _LEAFLET_JS.search(html), _LEAFLET_CSS.search(html)
    if script and css:
        pages["leaflet"] = (
            f"<style>{css.group(1)}</style><style>html,body,#map{{width:100%;height:100%;margin:0}}</style>"
            f'<script>{script.group(1)}</script><div id="map"></div><script>'
            "var map_floor = L.map('map', {center: [47, 150], zoom: 6});"
            "L.polygon([[43.5, 146], [44, 146.5], [43.8, 147]]).addTo(map_floor);</script>"
        )
    paths = {}
    for name, body in pages.items():
        paths[name] = folder / f"floor-{name}.html"
        paths[name].write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>',
                               encoding="utf-8")
    return paths


# ---------------------------------------------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------------------------------------------
@dataclass
class PageLog:
    blocked: set[str] = field(default_factory=set)
    errors: set[str] = field(default_factory=set)

    def note(self) -> str:
        parts = []
        if self.blocked:
            parts.append(f"{len(self.blocked)} requests blocked")
        if self.errors:
            parts.append("page errors: " + " | ".join(sorted(self.errors))[:160])
        return "; ".join(parts)


def open_page(browser: object, log: PageLog, wanted_paths: int | None):
    from browser import VIEWPORT, is_local  # tests/browser.py: the tests' own settings

    context = browser.new_context(viewport=VIEWPORT, service_workers="block")

    def route(route: object) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            log.blocked.add(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    if wanted_paths is not None:
        context.add_init_script(_PAINT_PROBE % wanted_paths)
    page = context.new_page()
    page.on("pageerror", lambda error: log.errors.add(str(error).splitlines()[0]))
    return context, page


def load_once(browser, path: Path, wanted_paths: int, log: PageLog, extra=None) -> tuple[dict, object]:
    """Load ``path`` in a fresh context; return the navigation split (paint None if never drawn) and extra()."""
    context, page = open_page(browser, log, wanted_paths)
    try:
        page.goto(path.as_uri(), wait_until="load")
        try:
            page.wait_for_function("() => window.__islandsDrawnAt !== undefined", timeout=5_000)
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: never drawn
            pass
        timing = page.evaluate(_NAVIGATION)
        result = extra(page) if extra is not None else None
    finally:
        context.close()
    return timing, result


@dataclass
class Paint:
    """First paint over several loads."""

    timings: list[dict] = field(default_factory=list)
    log: PageLog = field(default_factory=PageLog)
    drawn: dict | None = None

    def median(self, key: str = "paint") -> float | None:
        values = [t[key] for t in self.timings if t.get(key) is not None]
        return statistics.median(values) if values else None

    @property
    def drawn_every_time(self) -> bool:
        return bool(self.timings) and all(t.get("paint") is not None for t in self.timings)


def interleaved_paint(browser, files: list[tuple[Path, int, list[str]]], runs: int) -> list[Paint]:
    """Load the files in turn (A, B, A, B ...) ``runs`` times each; the last load of each also reads what it draws."""
    results = [Paint() for _ in files]
    for run in range(runs):
        for (path, wanted, ids), result in zip(files, results):
            extra = (lambda page, ids=ids: read_drawn(page, ids)) if run == runs - 1 else None
            timing, drawn = load_once(browser, path, wanted, result.log, extra)
            result.timings.append(timing)
            if drawn is not None:
                result.drawn = drawn
    return results


def switching(browser, path: Path, rounds: int, pause_ms: int = 300) -> dict[str, list[dict]] | str:
    """Time kurilMap.set() for each view, period and tour step, in a cycle (see the section's text)."""
    log = PageLog()
    context, page = open_page(browser, log, None)
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("() => window.kurilMap !== undefined", timeout=10_000)
        page.evaluate(_SETTLE)
        model = page.evaluate(_MODEL)
        default = model["defaultView"]
        views = [v for v in model["views"] if v != default] + [default]
        kinds = {
            "view": [{"view": v, "period": None, "step": None} for v in views],
            "period": [{"view": default, "period": p, "step": None} for p in model["periods"]],
            "step": [{"step": s["id"], "view": s["view"] or default, "period": s["period"]} for s in model["steps"]],
        }
        results: dict[str, list[dict]] = {kind: [] for kind in kinds}
        for _ in range(rounds):
            for kind, partials in kinds.items():
                results[kind] += page.evaluate(_SWITCH, {"partials": partials, "pause": pause_ms})
                # back to the opening state, untimed, before the next kind
                page.evaluate(_SWITCH, {"partials": [{"view": default, "period": None, "step": None}], "pause": pause_ms})
        results["_ids"] = [{k: len(v) for k, v in kinds.items()}]  # type: ignore[list-item]
        if log.errors:
            results["_errors"] = [{"errors": sorted(log.errors)}]  # type: ignore[list-item]
        return results
    except Exception as err:  # noqa: BLE001 - report, don't stop the bench
        return f"{type(err).__name__}: {str(err).splitlines()[0][:160]}"
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------------------------
@dataclass
class Row:
    """One file: size and composition, what it draws, how faithfully, how fast."""

    label: str
    encoding: str
    size_bytes: int
    geometry_bytes: int | None
    vertices: int | None
    area_error_pct: dict[str, float | None]
    deviation_m: float | None
    drawn_deviation_m: float | None
    drawn_area_error_pct: dict[str, float | None]
    paint_ms: float | None
    paint_note: str = ""
    setting: tuple[float, int] | None = None
    parts: dict = field(default_factory=dict)
    opening_vertices: int | None = None  # drawn at the opening view (the coarse level, where the page has one)
    opening_deviation_m: float | None = None  # the disputed coasts' max deviation as drawn at the opening view
    opening_deviation_px: float | None = None  # the same in the screen's pixels there (at the islands' latitude)
    opening_zoom: float | None = None

    @property
    def worst_area(self) -> float | None:
        values = [abs(v) for v in self.area_error_pct.values() if v is not None]
        return max(values) if len(values) == len(DISPUTED) else None


def decode(shapes: dict[str, str]) -> dict[str, object]:
    return {key: shapely.from_wkb(bytes.fromhex(value)) for key, value in shapes.items()}


def drawn_fidelity(drawn: dict | None, full: dict[str, object], ids: dict[str, list[str]]):
    """Area errors and deviation of what the page draws, against full resolution over the same islets.

    Rocks the page draws as dots (CircleMarkers: two Habomai rocks) have no outline, so they are left out of both."""
    if not drawn or not drawn.get("shapes"):
        return {key: None for key in DISPUTED}, None
    shapes = {key: polygon_from_latlngs(value) for key, value in drawn["shapes"].items()}
    only = set(shapes)
    return fidelity(grouped(full, ids, only), grouped(shapes, ids, only))


def make_row(label: str, encoding: str, path: Path, paint: Paint, full, ids, frames=None, setting=None) -> Row:
    html = path.read_text(encoding="utf-8")
    parts = composition(html)
    if frames is not None:
        errors, deviation = fidelity(grouped(full, ids), grouped(decode(frames), ids))
    else:
        errors, deviation = {key: None for key in DISPUTED}, None
    drawn_errors, drawn_deviation = drawn_fidelity(paint.drawn, full, ids)
    opening = (paint.drawn or {}).get("opening") or {}
    opening_deviation = drawn_fidelity(opening, full, ids)[1] if opening else None
    opening_px = None
    if opening_deviation is not None and opening.get("zoom") is not None:
        latitude = shapely.union_all(list(grouped(full, ids).values())).centroid.y
        opening_px = opening_deviation / (mercator_metres_per_pixel(opening["zoom"]) * math.cos(math.radians(latitude)))
    note = paint.log.note()
    if paint.timings and not paint.drawn_every_time:
        missing = sum(1 for t in paint.timings if t.get("paint") is None)
        note = (note + "; " if note else "") + f"islands not drawn within 5 s in {missing} of {len(paint.timings)} loads"
    return Row(
        label, encoding, parts["bytes"], parts["geometry"], (paint.drawn or {}).get("vertices"),
        errors if frames is not None else drawn_errors, deviation, drawn_deviation, drawn_errors,
        paint.median() if paint.drawn_every_time else None, note, setting, parts,
        opening_vertices=opening.get("vertices"), opening_deviation_m=opening_deviation,
        opening_deviation_px=opening_px, opening_zoom=opening.get("zoom"),
    )


def choose(rows: list[Row]) -> Row | None:
    """Return the lightest setting (fewest vertices, then smallest file) within the size target whose disputed
    areas stay within TARGET_AREA_PCT and coastlines within MAX_DEVIATION_M (from export_frames, and as drawn when
    the page was read). First paint is reported, not used to choose: it is wall time on a shared machine."""
    def fits(row: Row) -> bool:
        deviation = max(d for d in (row.deviation_m, row.drawn_deviation_m) if d is not None) \
            if row.deviation_m is not None or row.drawn_deviation_m is not None else None
        return (row.size_bytes <= TARGET_BYTES and row.worst_area is not None and row.worst_area <= TARGET_AREA_PCT
                and deviation is not None and deviation <= MAX_DEVIATION_M)

    return min((row for row in rows if fits(row)), key=lambda row: (row.vertices or 0, row.size_bytes), default=None)


# ---------------------------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------------------------
def mb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1e6:.3f} MB"


def kb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1e3:.0f} kB"


def packed(parts: dict) -> str:
    return "none" if not parts.get("packed") else f"{kb(parts['packed'])} → {kb(parts['inflated'])}"


def ms(value: float | None) -> str:
    return "never" if value is None else f"{value:.0f} ms"


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.3f} %"


def metres(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} m"


def count(value: int | None) -> str:
    return "n/a" if value is None else f"{value:,}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def curve_table(rows: list[Row]) -> str:
    lines = [
        "| setting | encoding | size | geometry | vertices drawn | Iturup | Kunashir | Shikotan | Habomai "
        "| max deviation | drawn deviation | first paint |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        areas = " | ".join(pct(row.area_error_pct[key]) for key in DISPUTED)
        lines.append(
            f"| {row.label} | {row.encoding} | {mb(row.size_bytes)} | {kb(row.geometry_bytes)} | {count(row.vertices)} "
            f"| {areas} | {metres(row.deviation_m)} | {metres(row.drawn_deviation_m)} | {ms(row.paint_ms)} |"
        )
    return "\n".join(lines)


def switch_stats(results: dict | str | None, kind: str) -> tuple[float | None, float | None, float | None]:
    """Median and max of set() -> next frame, and the longest long task after a switch, for one kind."""
    if not isinstance(results, dict) or not results.get(kind):
        return None, None, None
    frames = [r["frame"] for r in results[kind]]
    return statistics.median(frames), max(frames), max(r["longtask"] for r in results[kind])


_T0 = time.perf_counter()


def say(message: str) -> None:
    print(f"[{time.perf_counter() - _T0:6.1f} s] {message}", file=sys.stderr, flush=True)


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else "missing"


# ---------------------------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="loads of each export for the first-paint median (default 7)")
    parser.add_argument("--curve-runs", type=int, default=3, help="loads of each curve file (default 3)")
    parser.add_argument("--switch-rounds", type=int, default=2, help="rounds through every view, period, step (default 2)")
    parser.add_argument("--quick", action="store_true", help="three settings, three runs, one switch round, no RESULTS.md")
    parser.add_argument("--baseline-rev", default=BASELINE_REV, help=f"the export before issue 13 (default {BASELINE_REV})")
    parser.add_argument("--write", action=argparse.BooleanOptionalAction, default=None,
                        help="write bench/RESULTS.md's export section (default: yes, except with --quick)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the raw figures (every load, every switch)")
    parser.add_argument("--retries", type=int, default=2, help="retries of a failed build, --retry-wait s apart")
    parser.add_argument("--retry-wait", type=int, default=120)
    args = parser.parse_args()
    if args.quick:
        args.runs, args.curve_runs, args.switch_rounds = min(args.runs, 3), min(args.curve_runs, 2), 1
    write = (not args.quick) if args.write is None else args.write
    settings = QUICK_SETTINGS if args.quick else SETTINGS
    started = time.perf_counter()
    load_before = load_average()

    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, CHROMIUM_PATH

    if not CHROMIUM_PATH.exists():
        sys.exit(f"no browser at {CHROMIUM_PATH}: apt-get install chromium")

    baseline_sha = git("rev-parse", "--short", args.baseline_rev)
    head = git("rev-parse", "--short", "HEAD")
    dirty = bool(git("status", "--porcelain", "--", "layers", "geo", "data", "seeds"))
    current_label = f"current ({head}{' + uncommitted changes' if dirty else ''})"
    baseline_label = f"baseline ({baseline_sha})"

    folder = Path(tempfile.mkdtemp(prefix="kuril-bench-export-"))
    worktree = folder / "baseline-src"
    try:
        git("worktree", "add", "--detach", str(worktree), args.baseline_rev)
        baseline = Built("baseline", baseline_label, worktree)
        current = Built("current", current_label, ROOT)
        say(f"building {baseline_label} and {current_label} (CLI export + {len(settings)} curve settings each) ...")
        with ThreadPoolExecutor(2) as pool:  # both revisions at once: four processes, the curve's the longest
            jobs = [pool.submit(build_revision, baseline, folder, settings, 0, 0),
                    pool.submit(build_revision, current, folder, settings, args.retries, args.retry_wait)]
            for job in jobs:
                job.result()
        for built in (baseline, current):
            if built.cli_error or built.worker_error:
                print(f"{built.label}: {built.cli_error or ''} {built.worker_error or ''}", file=sys.stderr)
        same_data = file_hash(worktree / "data" / "islands.geojson") == file_hash(ROOT / "data" / "islands.geojson")
        reference = current.info or baseline.info
        if not reference:
            sys.exit("neither revision's worker ran: " + current.worker_error)
        full = decode(reference["full"])
        ids = reference["disputed_ids"]
        polygon_ids = [i for group in ids.values() for i in group]

        def wanted(built: Built) -> int:
            info = built.info or reference
            return info["islands"] + info["context"]

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS, headless=True)
            heads = [b for b in (baseline, current) if b.cli_path]
            if not heads:
                sys.exit(f"neither export built: {baseline.cli_error} / {current.cli_error}")
            if current.cli_path:
                # The chosen setting (the CLI export) only: the same file with Leaflet's Canvas renderer.
                canvas = Built("canvas", CANVAS_LABEL, ROOT, canvas_variant(current.cli_path, folder / "canvas.html"),
                               current.cli_seconds, info=current.info)
                heads.append(canvas)
            # Warm the browser (its caches, the first context) so that neither side pays for it.
            interleaved_paint(browser, [(heads[0].cli_path, wanted(heads[0]), polygon_ids)], 1)
            floors = floor_pages(current.cli_path or baseline.cli_path, folder)
            say(f"first paint: {args.runs} interleaved loads of each export ({', '.join(b.tag for b in heads)}) "
                f"and floor page ({', '.join(floors)}) ...")
            paints = interleaved_paint(browser, [(b.cli_path, wanted(b), polygon_ids) for b in heads]
                                       + [(path, 1, []) for path in floors.values()], args.runs)
            floor_paint = dict(zip(floors, paints[len(heads):]))
            paints = paints[: len(heads)]
            head_rows = {
                b.tag: make_row(b.label, b.tag, b.cli_path, paint, full, ids)
                for b, paint in zip(heads, paints)
            }
            head_paint = {b.tag: paint for b, paint in zip(heads, paints)}
            say("switching ...")
            switches = {b.tag: switching(browser, b.cli_path, args.switch_rounds) for b in heads}

            say(f"curve: {len(settings)} settings x 2, {args.curve_runs} interleaved loads each ...")
            curve: list[Row] = []
            for index, setting in enumerate(settings):
                entries = []
                for built in (baseline, current):
                    entry = built.info["settings"][index] if built.info else {"error": built.worker_error}
                    if entry.get("path"):
                        entries.append((built, entry))
                    else:
                        print(f"{built.label} {setting}: {entry.get('error')}", file=sys.stderr)
                paints = interleaved_paint(
                    browser, [(Path(e["path"]), wanted(b), polygon_ids) for b, e in entries], args.curve_runs
                )
                tolerance, decimals = setting
                for (built, entry), paint in zip(entries, paints):
                    curve.append(make_row(f"tol {tolerance:g}°, {decimals} dec", built.tag, Path(entry["path"]), paint,
                                          full, ids, entry["frames"], tuple(setting)))
                say(f"  measured {setting}")

            say("GeoDataFrame.explore() ...")
            # GeoDataFrame.explore() of the full-resolution islands, built by the current checkout's data.
            explore_path = folder / "explore.html"
            explore = subprocess.run(
                [str(PYTHON), "-c", "import sys; from geo.islands import islands; islands().explore().save(sys.argv[1])",
                 str(explore_path)], cwd=ROOT, env=_env(folder / "explore-store.db"), capture_output=True, text=True,
            )
            explore_row = None
            if explore.returncode == 0:
                explore_paint = interleaved_paint(browser, [(explore_path, reference["islands"], polygon_ids)], 1)[0]
                if explore_paint.drawn_every_time:  # it drew (a network to allow): the full median then
                    explore_paint = interleaved_paint(browser, [(explore_path, reference["islands"], polygon_ids)],
                                                      args.runs)[0]
                explore_row = make_row("GeoDataFrame.explore()", "folium CDN", explore_path, explore_paint, full, ids)
            browser.close()
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)

    load_after = load_average()
    elapsed = time.perf_counter() - started
    markdown = report(args, baseline, current, head_rows, head_paint, switches, curve, explore_row, same_data,
                      load_before, load_after, elapsed, floor_paint)
    print(markdown)
    if args.json:
        raw = {"paint": {tag: p.timings for tag, p in head_paint.items()}, "switches": switches,
               "rows": {tag: vars(row) for tag, row in head_rows.items()}, "curve": [vars(row) for row in curve]}
        args.json.write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    if write:
        write_section("export", markdown)
        print("\nwritten to bench/RESULTS.md (section export)", file=sys.stderr)


def renderer_section(args, head_rows: dict[str, Row], head_paint: dict[str, Paint], switches: dict) -> list[str]:
    """The SVG renderer (the export's) against Canvas (the same file, ``preferCanvas:!0``): size, first paint,
    switching, whether Japan's claim is hatched; which is faster, and which the export keeps."""
    base, svg, cv = head_rows.get("baseline"), head_rows.get("current"), head_rows.get("canvas")
    if cv is None:
        return []
    out = [
        "Renderer (issue 13: SVG against Canvas, at the export's setting only): **current, Canvas renderer** is the "
        f"current export's file with the one map option `{SVG_OPTION}` replaced by `{CANVAS_OPTION}` (Leaflet's "
        "`preferCanvas`; same length), loaded in the same interleaved first-paint loop as baseline and current "
        "(baseline, current, Canvas, baseline, ...) and switched the same way.",
        "",
        f"| export | renderer (in the page) | size | first paint (median of {args.runs}) | baseline / this "
        "| switch view: median / max | switch period: median / max | switch step: median / max "
        "| Japan's claim hatched (pattern fills in the default state) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for tag, row in (("baseline", base), ("current", svg), ("canvas", cv)):
        if row is None:
            continue
        drawn = head_paint[tag].drawn or {}
        size = mb(row.size_bytes)
        if tag == "canvas" and svg is not None:
            size += f" (current {row.size_bytes - svg.size_bytes:+d} B)"
        ratio = (base.paint_ms / row.paint_ms) if base and base.paint_ms and row.paint_ms else None
        switch = [switch_stats(switches.get(tag), kind) for kind in ("view", "period", "step")]
        fills = drawn.get("patternFills")
        hatched = "n/a" if fills is None else (f"yes ({fills})" if fills else "**no** (0): a plain fill")
        out.append(f"| {row.label} | {drawn.get('renderer', 'n/a')} | {size} | {ms(row.paint_ms)} | "
                   f"{'n/a' if ratio is None else f'{ratio:.2f}×'} | "
                   + " | ".join(f"{ms(x[0])} / {ms(x[1])}" for x in switch) + f" | {hatched} |")
    out.append("")
    gaps = [t["paint"] - t["projected"] for t in head_paint["canvas"].timings
            if t.get("paint") is not None and t.get("projected") is not None]
    out.append(
        "First paint on Canvas: there are no `path.leaflet-interactive`; in each animation frame the probe counts the "
        "map's `L.Path` layers that are projected (`_pxBounds` or `_point`), and once as many as the SVG probe waits "
        "for are, it takes the time of the next animation frame (Canvas draws in the frame after a layer is "
        "projected). So the Canvas figure includes the frame in which Canvas draws (its drawing, that frame's style, "
        "layout and paint), where the SVG figure stops at the start of the frame that lays out and paints the paths: "
        "the comparison leans against Canvas by that frame"
        + (f" (median {statistics.median(gaps):.0f} ms here from the frame the layers were seen projected in to "
           "the next)" if gaps else "") + "."
    )
    out.append("")
    svg_fills = (head_paint["current"].drawn or {}).get("patternFills") if "current" in head_paint else None
    cv_fills = (head_paint["canvas"].drawn or {}).get("patternFills")
    if cv_fills or not svg_fills:
        out.append(f"**Check the hatching by eye**: pattern fills found: SVG {svg_fills}, Canvas {cv_fills} "
                   "(expected: at least one on SVG, none on Canvas).")
        out.append("")
    out.append(
        "**On Canvas Japan's claim loses its hatching**: Leaflet.pattern's `fillPattern` is SVG-only (an SVG "
        "`<pattern>` referenced as `fill=\"url(#…)\"`), so the Canvas renderer draws the claim overlay as a plain "
        "fill over Russia's: the four southern island groups read as one flat colour, Russia's administration under "
        "it no longer shows, and the legend's hatched swatch matches nothing on the map. The Canvas variant "
        "therefore does not show every state correctly."
    )
    out.append("")
    # Which is faster, by these figures.
    verdicts = []
    if svg and svg.paint_ms and cv.paint_ms:
        share = cv.paint_ms / svg.paint_ms
        faster = "Canvas" if share < 1 else "SVG" if share > 1 else "equal"
        verdicts.append(f"first paint: {faster} ({ms(cv.paint_ms)} Canvas against {ms(svg.paint_ms)} SVG, "
                        f"Canvas/SVG {share:.2f})")
    else:
        share = None
    slower_switch = False
    for kind in ("view", "period", "step"):
        s_med = switch_stats(switches.get("current"), kind)[0]
        c_med = switch_stats(switches.get("canvas"), kind)[0]
        if s_med is None or c_med is None:
            continue
        slower_switch = slower_switch or c_med > s_med
        faster = "Canvas" if c_med < s_med else "SVG" if c_med > s_med else "equal"
        verdicts.append(f"switch {kind}: {faster} (median {ms(c_med)} Canvas, {ms(s_med)} SVG)")
    clearly = share is not None and share <= CLEARLY_FASTER and not slower_switch
    out.append("Faster by these figures — " + ("; ".join(verdicts) if verdicts else "n/a") + ". "
               + (f"Canvas is **clearly faster** (first paint ≤ {CLEARLY_FASTER:.0%} of SVG's, no switching median "
                  "slower)" if clearly else
                  f"Canvas is **not clearly faster** (that would take a first paint ≤ {CLEARLY_FASTER:.0%} of SVG's "
                  "and no switching median slower)")
               + ". **The export keeps SVG** (`prefer_canvas=False`): it would take Canvas only if Canvas were "
               "clearly faster, and even then only with Japan's claim shown another way on Canvas"
               + ("; here it is clearly faster, but the claim has no Canvas pattern yet." if clearly
                  else "; here it is neither."))
    out.append("")
    return out


def report(args, baseline: Built, current: Built, head_rows: dict[str, Row], head_paint: dict[str, Paint],
           switches: dict, curve: list[Row], explore_row: Row | None, same_data: bool,
           load_before: str, load_after: str, elapsed: float, floor_paint: dict[str, Paint] | None = None) -> str:
    base, cur = head_rows.get("baseline"), head_rows.get("current")
    out: list[str] = []
    out.append("## Export (issue 13: the export diet)")
    out.append("")
    out.append(
        f"`.venv/bin/python bench/export.py{' --quick' if args.quick else ''}`: the export as it is "
        f"(**{current.label}**) against the export before issue 13 (**{baseline.label}**, built from a "
        "`git worktree` of that revision by its own code), and `GeoDataFrame.explore()`, in the same run. "
        "Each export is `python -m layers.export --out F.html` run in its checkout with a throwaway article store "
        "(views, periods, tour, panel, the seed article). Every request off the machine is blocked in every page."
    )
    out.append("")
    out.append(machine_summary() + f" Load average (1/5/15 min) {load_before} before, {load_after} after; "
               f"the run took {elapsed / 60:.1f} min. Debian Chromium headless, settings of `tests/browser.py`.")
    if not same_data:
        out.append("")
        out.append("**Note:** `data/islands.geojson` differs between the two revisions; fidelity is measured "
                   "against the current one's full resolution.")
    for built in (baseline, current):
        if built.cli_error or built.worker_error:
            out.append("")
            out.append(f"**{built.label} did not build:** {built.cli_error} {built.worker_error}".strip())
    out.append("")

    # --- targets
    def cell(row: Row | None, fn) -> str:
        return "n/a" if row is None else fn(row)

    def opening_deviation(row: Row) -> str:
        """The opening view's deviation in metres and in the screen's pixels there (Leaflet smooths to 1 px)."""
        if row.opening_deviation_px is None:
            return "n/a"
        return f"{metres(row.opening_deviation_m)} = {row.opening_deviation_px:.2f} px at zoom {row.opening_zoom:g}"

    def worst_drawn(row: Row) -> float | None:
        values = [abs(v) for v in row.drawn_area_error_pct.values() if v is not None]
        return max(values) if len(values) == len(DISPUTED) else None

    ratio = (base.paint_ms / cur.paint_ms) if base and cur and base.paint_ms and cur.paint_ms else None
    rows = [
        ("whole file", cell(base, lambda r: mb(r.size_bytes)), cell(cur, lambda r: mb(r.size_bytes)),
         f"≤ {TARGET_BYTES / 1e6:.1f} MB", verdict(cur.size_bytes <= TARGET_BYTES if cur else None)),
        ("geometry in it (JSON)", cell(base, lambda r: kb(r.geometry_bytes)), cell(cur, lambda r: kb(r.geometry_bytes)),
         "", ""),
        ("other data in it (JSON, packed or not)", cell(base, lambda r: kb(r.parts.get("data"))),
         cell(cur, lambda r: kb(r.parts.get("data"))), "", ""),
        ("packed (base64) data in it → inflated", cell(base, lambda r: packed(r.parts)),
         cell(cur, lambda r: packed(r.parts)), "", ""),
        ("scripts in it (code and data)", cell(base, lambda r: kb(r.parts.get("script"))),
         cell(cur, lambda r: kb(r.parts.get("script"))), "", ""),
        ("vertices drawn at the opening view (every vector layer)",
         cell(base, lambda r: count(r.opening_vertices)), cell(cur, lambda r: count(r.opening_vertices)), "", ""),
        ("max deviation, disputed coasts (drawn at the opening view)",
         cell(base, opening_deviation), cell(cur, opening_deviation), "", ""),
        (f"vertices drawn at zoom {COARSE_MAX_ZOOM + 1} (full detail)", cell(base, lambda r: count(r.vertices)),
         cell(cur, lambda r: count(r.vertices)), "", ""),
        ("max deviation, disputed coasts (drawn)", cell(base, lambda r: metres(r.drawn_deviation_m)),
         cell(cur, lambda r: metres(r.drawn_deviation_m)), f"≤ {MAX_DEVIATION_M} m",
         verdict(cur.drawn_deviation_m <= MAX_DEVIATION_M if cur and cur.drawn_deviation_m is not None else None)),
    ]
    for key in DISPUTED:
        rows.append((f"area error, {key.capitalize()} (drawn)", cell(base, lambda r: pct(r.drawn_area_error_pct[key])),
                     cell(cur, lambda r: pct(r.drawn_area_error_pct[key])), f"within {TARGET_AREA_PCT} %",
                     verdict(abs(cur.drawn_area_error_pct[key]) <= TARGET_AREA_PCT
                             if cur and cur.drawn_area_error_pct[key] is not None else None)))
    rows.append((f"first paint (median of {args.runs}, interleaved)", cell(base, lambda r: ms(r.paint_ms)),
                 cell(cur, lambda r: ms(r.paint_ms)), f"≤ {TARGET_PAINT_MS} ms",
                 verdict(cur.paint_ms <= TARGET_PAINT_MS if cur and cur.paint_ms is not None else None)))
    rows.append(("speed-up of first paint (baseline / current)", "", "n/a" if ratio is None else f"{ratio:.2f}×",
                 f"≥ {TARGET_SPEEDUP}×", verdict(ratio >= TARGET_SPEEDUP if ratio is not None else None)))
    for kind in ("view", "period", "step"):
        b_med, b_max, _ = switch_stats(switches.get("baseline"), kind)
        c_med, c_max, _ = switch_stats(switches.get("current"), kind)
        rows.append((f"switch {kind}: median / max", f"{ms(b_med)} / {ms(b_max)}", f"{ms(c_med)} / {ms(c_max)}",
                     f"≤ {TARGET_SWITCH_MS} ms", verdict(c_max <= TARGET_SWITCH_MS if c_max is not None else None)))
    out.append("| | baseline | current | target | current meets it |")
    out.append("|---|---:|---:|---:|---|")
    out += [f"| {' | '.join(r)} |" for r in rows]
    out.append("")
    out.append(
        f"Drawn: from the coordinates the page draws at zoom {COARSE_MAX_ZOOM + 1}, past its coarse level of detail "
        "(Leaflet `getLatLngs()` of each island layer, after load and a zoom without animation), "
        "against full resolution over the same islets (the two Habomai rocks drawn as dots are left out of both); "
        "geodesic areas (WGS84), Hausdorff distance of the coastlines in metres (azimuthal equidistant projection "
        "centred on the disputed islands). Vertices: every LatLng of every `L.Polyline`/`L.Polygon` on the map, "
        "1 for each `L.CircleMarker`. Geometry: what GeoJSON or TopoJSON takes in the file, from the JSON literals in "
        "its scripts (`raw_decode` at each `{`) and the base64 strings (quoted or in backticks) that inflate to JSON (the part of a packed "
        "string in proportion to each part's own deflated size); \"n/a\" if none is found."
    )
    for tag, row in head_rows.items():
        if row.paint_note:
            out.append(f"{tag}: {row.paint_note}.")
    out.append("")

    # --- the renderer
    out += renderer_section(args, head_rows, head_paint, switches)

    # --- where first paint goes
    out.append(f"Where first paint goes (ms since navigation start, median of {args.runs} loads each):")
    out.append("")
    out.append("| export | responseEnd | domInteractive | DOMContentLoaded | every island drawn | client ready "
               "(`kuril-map-ready`) | load event |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for tag, paint in head_paint.items():
        out.append(f"| {'current, Canvas' if tag == 'canvas' else tag} | " + " | ".join(ms(paint.median(key)) for key in
                                               ("responseEnd", "domInteractive", "domContentLoaded", "paint", "ready", "load")) + " |")
    for name, paint in (floor_paint or {}).items():
        out.append(f"| floor: {FLOOR_LABELS[name]} | " + " | ".join(ms(paint.median(key)) for key in
                                               ("responseEnd", "domInteractive", "domContentLoaded", "paint")) + " | | "
                   + ms(paint.median("load")) + " |")
    out.append("")
    if floor_paint:
        out.append(
            "The floor rows are loaded in the same interleaved loop, timed by the same probe (\"every island drawn\": "
            "here their one path): no page can paint faster than they do on this machine under this load."
        )
        out.append("")

    # --- switching
    out.append(
        f"Switching: `kurilMap.set()` in the page, offline, after the page has been idle (the client builds every "
        f"state's layer in idle callbacks after load), {args.switch_rounds} round(s). Each kind in a cycle, each "
        "switch from the one before: views russia → japan → neutral (period and step null); periods in time order "
        "on the neutral view; tour steps in tour order with the step's view and period (as the panel's buttons set "
        "them); back to the neutral view, untimed, between kinds. Time: `performance.now()` before `set()` → the task "
        "after the next animation frame (rAF, then a MessageChannel message), so style, layout and paint count; "
        "300 ms pause after each. Longest long task (> 50 ms) seen after a switch of each kind — a fit's zoom "
        "animation re-projects the paths when it ends, after the frame timed:"
    )
    out.append("")
    tags = [tag for tag in ("baseline", "current", "canvas") if tag in switches]
    names = {"baseline": "baseline", "current": "current (SVG)", "canvas": "current, Canvas"}
    out.append("| kind | switches | " + " | ".join(f"{names[t]} median / max" for t in tags)
               + " | longest long task: " + " / ".join(names[t] for t in tags) + " |")
    out.append("|---|---:|" + "---:|" * (len(tags) + 1))
    for kind in ("view", "period", "step"):
        stats = [switch_stats(switches.get(t), kind) for t in tags]
        n = len(switches["current"][kind]) if isinstance(switches.get("current"), dict) else "n/a"
        out.append(f"| {kind} | {n} | " + " | ".join(f"{ms(x[0])} / {ms(x[1])}" for x in stats) + " | "
                   + " / ".join("none" if not x[2] else ms(x[2]) for x in stats) + " |")
    for tag, result in switches.items():
        if isinstance(result, str):
            out.append(f"\n{tag}: switching failed: {result}")
        elif result.get("_errors"):
            out.append(f"\n{tag}: page errors while switching: {result['_errors'][0]['errors']}")
    out.append("")

    # --- curve
    out.append(
        f"Trade-off curve: `build_export(tolerance_deg=, decimals=)` of each revision (first paint: median of "
        f"{args.curve_runs} loads, baseline and current interleaved). Area errors and max deviation from "
        "`export_frames(tolerance, decimals)` (what each encoding starts from: Douglas-Peucker, then the grid); "
        "drawn deviation from what the page draws (the encoding's own rounding or quantisation included)."
    )
    out.append("")
    out.append(curve_table(curve))
    out.append("")
    chosen = choose([row for row in curve if row.encoding == "current"])
    defaults = current.info.get("defaults") if current.info else None
    if chosen is None:
        out.append(f"**No setting of the current encoding meets all three**: ≤ {TARGET_BYTES / 1e6:.1f} MB, every "
                   f"disputed area within {TARGET_AREA_PCT} %, coastline within {MAX_DEVIATION_M} m.")
    else:
        out.append(f"**Lightest setting of the current encoding within {TARGET_BYTES / 1e6:.1f} MB, "
                   f"{TARGET_AREA_PCT} % and {MAX_DEVIATION_M} m: {chosen.label}** ({mb(chosen.size_bytes)}, "
                   f"{count(chosen.vertices)} vertices drawn, deviation {metres(chosen.deviation_m)}, "
                   f"worst area {pct(chosen.worst_area)}).")
        if defaults and tuple(defaults) != tuple(chosen.setting):
            out.append(f"The export's default is tol {defaults[0]:g}°, {defaults[1]} decimals "
                       "(`EXPORT_TOLERANCE_DEG`, `EXPORT_DECIMALS`).")
    if defaults:
        out.append(f"Defaults: current tol {defaults[0]:g}°, {defaults[1]} dec; baseline "
                   f"{(baseline.info.get('defaults') or ['?', '?'])[0]}°, {(baseline.info.get('defaults') or ['?', '?'])[1]} dec.")
    out.append("")

    # --- explore
    if explore_row is None:
        out.append("GeoDataFrame.explore(): could not be built.")
    else:
        out.append(
            f"`GeoDataFrame.explore()` of the full-resolution islands, saved with `.save()`: {mb(explore_row.size_bytes)} "
            f"(islands only: no context land, claim, labels or panel), first paint offline **{ms(explore_row.paint_ms)}**"
            f"{' — ' + explore_row.paint_note if explore_row.paint_note else ''}. With the network allowed it would "
            "draw, but this machine has none to allow, so that figure cannot be measured here."
        )
    return "\n".join(out)


if __name__ == "__main__":
    main()
