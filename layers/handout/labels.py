"""Island and land labels on paper: placed one by one, largest first, where they overlap no other label.

Every label is tried at its island's point (the pole of inaccessibility of the part in view) and then beside it, in
eight directions at three distances; the first place that overlaps no placed label and stays in the frame wins,
preferring places over the sea to places over other land. A small island's label (under
``layers.style.MINOR_LABEL_AREA_KM2``) is left out when there is no room for it. The Habomai islets are labelled
once, as the group, unless the map is zoomed in far enough to name each islet. Everything is measured in points on
the paper, from the font's own advance widths, so what is placed is what is printed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import shapely
from shapely import affinity
from shapely.ops import polylabel
from shapely.strtree import STRtree

__all__ = ["Label", "Placed", "place_labels"]

#: Offsets tried around a label's point (unit directions), after the point itself.
DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (1, 1), (-1, -1), (-1, 1))
DISTANCES_PT = (3.0, 8.0, 15.0, 24.0, 34.0)
PAD_PT = 1.5  # space kept between two labels
FRAME_PT = 3.0  # space kept inside the map's frame


@dataclass(frozen=True)
class Label:
    """A label to place: its key, lines of text, size, whether it must be placed, and where it belongs."""

    key: str
    text: str
    size: float
    x: float  # its point, in points from the map's lower left corner
    y: float
    required: bool = True  # placed somewhere even over land; False: left out when there is no room
    bold: bool = False
    kind: str = "island"  # island, minor, group, context
    centred: bool = False  # only at its point (land names)


@dataclass(frozen=True)
class Placed:
    """A placed label: its text, its anchor (points) and how it aligns there."""

    label: Label
    x: float
    y: float
    ha: str
    va: str
    box: tuple[float, float, float, float]
    distance: float = 0.0  # from the label's point, in points


def anchor_point(geometry: shapely.Geometry, frame: shapely.Geometry) -> shapely.Point | None:
    """Return where a shape's label belongs: the pole of inaccessibility of its largest part inside ``frame``."""
    visible = shapely.intersection(geometry, frame) if geometry.geom_type != "Point" else geometry
    if visible.is_empty:
        return None
    if visible.geom_type == "Point":
        return visible if frame.contains(visible) else None
    polygons = [part for part in shapely.get_parts(visible) if part.geom_type == "Polygon"]
    if not polygons:
        return None
    largest = max(polygons, key=lambda part: part.area)
    return polylabel(largest, tolerance=max(largest.length / 500, 1e-3))


def _box(x: float, y: float, width: float, height: float, ha: str, va: str) -> tuple[float, float, float, float]:
    left = {"left": x, "right": x - width, "center": x - width / 2}[ha]
    bottom = {"bottom": y, "top": y - height, "center": y - height / 2}[va]
    return left, bottom, left + width, bottom + height


def _candidates(label: Label) -> list[tuple[float, float, str, str, float]]:
    """Return (x, y, ha, va, distance) of each place to try, nearest first."""
    places = [(label.x, label.y, "center", "center", 0.0)]
    if label.centred:
        return places + [(label.x + dx * 10, label.y + dy * 10, "center", "center", 10.0) for dx, dy in DIRECTIONS]
    for distance in DISTANCES_PT:
        for dx, dy in DIRECTIONS:
            ha = "left" if dx > 0 else ("right" if dx < 0 else "center")
            va = "bottom" if dy > 0 else ("top" if dy < 0 else "center")
            diagonal = 0.7 if dx and dy else 1.0
            places.append((label.x + dx * distance * diagonal, label.y + dy * distance * diagonal, ha, va, distance))
    return places


def place_labels(
    labels: Sequence[Label],
    land: Sequence[tuple[str, shapely.Geometry]],
    size: tuple[float, float],
    measure: Callable[[str, float, bool], tuple[float, float]],
    avoid: Sequence[tuple[float, float, float, float]] = (),
    lines: Sequence[shapely.Geometry] = (),
) -> list[Placed]:
    """Place ``labels`` in order (the first is the most important) in a frame of ``size`` points; ``land`` holds
    ``(key, shape)`` pairs in points that a label should rather not cover (its own, of the label's key, it may),
    ``measure(text, size, bold)`` gives a text's (width, height) in points and ``avoid`` holds boxes no label may
    overlap; a label crossing one of ``lines`` (boundary lines, in points) is placed there only if nothing better is
    free."""
    width, height = size
    keys = [key for key, _ in land]
    shapes = [shape for _, shape in land]
    tree = STRtree(shapes) if shapes else None
    line_tree = STRtree(list(lines)) if lines else None
    taken: list[shapely.Geometry] = [shapely.box(*box) for box in avoid]
    placed: list[Placed] = []
    for label in labels:
        text_width, text_height = measure(label.text, label.size, label.bold)
        best: tuple[float, Placed] | None = None
        for x, y, ha, va, distance in _candidates(label):
            box = _box(x, y, text_width, text_height, ha, va)
            if box[0] < FRAME_PT or box[1] < FRAME_PT or box[2] > width - FRAME_PT or box[3] > height - FRAME_PT:
                continue
            shape = shapely.box(*box)
            padded = shapely.box(box[0] - PAD_PT, box[1] - PAD_PT, box[2] + PAD_PT, box[3] + PAD_PT)
            if any(padded.intersects(other) for other in taken):
                continue
            other_land = own_land = 0.0
            if tree is not None:
                for index in tree.query(shape):
                    overlap = shapely.intersection(shapes[int(index)], shape).area
                    if keys[int(index)] == label.key:
                        own_land += overlap
                    else:
                        other_land += overlap
            area = shape.area
            if label.kind == "context":
                score = other_land / area
            elif distance == 0.0:
                # On its own island: best if the island holds the whole label, else worse than beside it.
                score = 0.0 if own_land >= 0.92 * area else 0.5 + other_land / area
            else:
                score = 0.05 + 2.0 * other_land / area + 0.6 * own_land / area + distance / 200
            if line_tree is not None and len(line_tree.query(shape, predicate="intersects")):
                score += 0.4
            if best is None or score < best[0]:
                best = (score, Placed(label, x, y, ha, va, box, distance))
            if score <= 0.06:
                break
        if best is None:
            continue
        if not label.required and best[0] > 0.45:
            continue
        placed.append(best[1])
        taken.append(shapely.box(*best[1].box))
    return placed


def to_points(geometry: shapely.Geometry, extent: tuple[float, float, float, float], size: tuple[float, float]) -> shapely.Geometry:
    """Return a projected geometry in points of a map frame of ``size`` showing ``extent``."""
    xmin, ymin, xmax, ymax = extent
    sx, sy = size[0] / (xmax - xmin), size[1] / (ymax - ymin)
    return affinity.affine_transform(geometry, [sx, 0, 0, sy, -xmin * sx, -ymin * sy])
