"""The export's classroom controls: points of view, the history timeline, the guided tour, large type, distances.

In the app these are Streamlit widgets (``app.py``); in an exported file there is
no Python, so the same behaviour is plain JavaScript
(``templates/export_classroom.js``) over data computed here.

A map state (``layers.map.states``) is drawn from geometry the page already holds:
an area made of islands reuses the islands' own features, one made of context
land reuses the land's, and only the two halves of Sakhalin (cut at 50° N) are
added. Each state is then a few lines of JSON (which area gets which style key
of ``layers.style.STATE_STYLES``, which boundary lines, the legend), so the
eleven periods and three views cost tens of kilobytes, not the megabytes that
one ``state_layer`` per state would (measured: 4.6 MB). The neutral view today
is the map ``render_map`` draws; the script restores it exactly.

All text here (legends, period descriptions, sources, tour steps, distance notes)
is data: it reaches the page inside JSON escaped by the template engine and is
put into the page with ``textContent``. Legends are our own escaped template
output (``layers.map.states.legend_html``) and go in as markup, like the map's legend.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import Figure, MacroElement
from folium import plugins
from folium.template import Template

from geo.areas import SAKHALIN_SPLIT_LAT, area_specs, split_at_latitude
from geo.boundaries import boundary_lines
from geo.facts import teacher_facts
from geo.geojson import feature_collection
from geo.history import period, periods
from geo.islands import simplified
from geo.tour import step as tour_step
from geo.tour import step_bounds, step_state, tour
from geo.views import view, views
from layers import style
from layers.map.legend import LEGEND_TITLE
from layers.map.legend import legend_html as default_legend_html
from layers.export.panel import _Rendered, find_geojson
from layers.map.states import MapState, legend_html, period_state, view_state
from layers.templates import TEMPLATE_DIR

HOST_TEMPLATES = Path(__file__).resolve().parent / "templates"
from layers.text import context_label, island_label, source_name

__all__ = ["ClassroomControls", "add_classroom_controls", "classroom_data", "initial_state", "state_record"]

#: The GeoJson names ``render_map`` gives the layers the script restyles or hides.
CONTEXT_LAYER_NAME = "context"
CLAIM_LAYER_NAME = "claim"

_JS_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")


def _template() -> Template:
    """Return the element's template: CSS (header), skeleton HTML (html) and script, each from its own file."""

    def read(name: str) -> str:
        return Path(HOST_TEMPLATES, name).read_text(encoding="utf-8")

    return Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}\n"
        "{% macro html(this, kwargs) %}" + read("export_classroom.html") + "{% endmacro %}\n"
        + read("export_classroom.js")
    )


def scoped_css(css: str, scope: str) -> str:
    """Return ``css`` (flat rules, no @-blocks) with every selector prefixed by ``scope``.

    >>> scoped_css(".a, .b { color: red; }", ".big")
    '.big .a, .big .b { color: red; }'
    """
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        scoped = ", ".join(f"{scope} {selector.strip()}" for selector in selectors.split(","))
        rules.append(f"{scoped} {{{body}}}")
    return "\n".join(rules)


def initial_state(view_id: str = "neutral", period_id: int | str | None = None) -> str:
    """Return the key of the state a view and a period show: the period's id if given, else the view's id.

    A period is shown in the neutral view (as in the app), so a period with another view is refused.
    Raises ``UnknownViewError`` / ``UnknownPeriodError`` naming the accepted values.
    """
    view_id = view(view_id)["id"]
    if period_id is None:
        return view_id
    if view_id != "neutral":
        raise ValueError(
            f"a period of history is shown in the neutral view, not {view_id!r}; give a view (today's positions) or a year, not both"
        )
    return period(period_id)["id"]


def state_record(state: MapState) -> dict[str, Any]:
    """Return a map state as the script's JSON: which area gets which style, the lines, the legend and the text."""
    return {
        "id": state.id,
        "kind": state.kind,
        "title": state.title,
        "description": state.description,
        "sources": list(state.sources),
        "legend": legend_html(state),
        "areas": [[area_id, key] for area_id, key in zip(state.areas["id"], state.areas["style"])],
        "lines": list(state.line_ids),
        "islandStyles": dict(state.island_styles),
    }


#: Sakhalin drawn whole, from the page's own feature, when a state gives both halves one style (see _whole_sakhalin).
WHOLE_SAKHALIN = "sakhalin"


def _whole_sakhalin(pairs: list[list[str]]) -> list[list[str]]:
    """Return ``[area id, style key]`` pairs with Sakhalin's halves joined when they share a style.

    Drawn as two halves, an undivided Sakhalin would show an edge at 50° N as if it were a border;
    the 1905 border is a boundary line of its own (``sakhalin_50n``).

    >>> _whole_sakhalin([["sakhalin_south", "ru"], ["sakhalin_north", "ru"], ["hokkaido", "jp"]])
    [['sakhalin', 'ru'], ['hokkaido', 'jp']]
    """
    styles = dict((area_id, key) for area_id, key in pairs if area_id in ("sakhalin_south", "sakhalin_north"))
    if len(styles) != 2 or len(set(styles.values())) != 1:
        return pairs
    joined = []
    for area_id, key in pairs:
        if area_id == "sakhalin_south":
            joined.append([WHOLE_SAKHALIN, key])
        elif area_id != "sakhalin_north":
            joined.append([area_id, key])
    return joined


def _states() -> list[dict[str, Any]]:
    records = []
    for entry in views():
        record = state_record(view_state(entry["id"]))
        if entry["id"] == "neutral":
            # The neutral view today is the map render_map draws (administration fill, claim hatch): the script keeps it.
            record.update(kind="today", title=LEGEND_TITLE, legend=default_legend_html(), areas=[], lines=[], islandStyles={})
        records.append(record)
    for entry in periods():
        record = state_record(period_state(entry["id"]))
        record["year"] = entry["year"]
        records.append(record)
    for record in records:
        record["areas"] = _whole_sakhalin(record["areas"])
    return records


def _area_sources(
    chain: gpd.GeoDataFrame, context: gpd.GeoDataFrame, decimals: int
) -> tuple[dict[str, dict[str, list[str]]], dict[str, Any]]:
    """Return, per area id, the island and context-land features it is drawn from, and the features only an area has.

    Sakhalin's halves are the only areas not made of whole features on the page: they are cut from the page's
    own Sakhalin (so their coasts coincide with it), simplified to ``STATE_SIMPLIFY_DEG``, and embedded.
    """
    sources: dict[str, dict[str, list[str]]] = {}
    cut_rows = []
    for spec in area_specs(chain):
        if spec.side_of_50n:
            land = context[context["id"].isin(spec.context_ids)]
            geometry = split_at_latitude(shapely.union_all(land.geometry.values), SAKHALIN_SPLIT_LAT, spec.side_of_50n)
            cut_rows.append({"id": spec.id, "geometry": geometry})
            sources[spec.id] = {"cut": [spec.id]}
        else:
            sources[spec.id] = {"islands": list(spec.island_ids), "context": list(spec.context_ids)}
    sources[WHOLE_SAKHALIN] = {"context": ["sakhalin"]}
    cut = simplified(gpd.GeoDataFrame(cut_rows, geometry="geometry", crs="EPSG:4326"), style.STATE_SIMPLIFY_DEG)
    return sources, feature_collection(cut, decimals)


def _lines(decimals: int) -> dict[str, Any]:
    lines = boundary_lines()[["id", "name_en", "geometry"]].rename(columns={"name_en": "name"})
    return feature_collection(lines, decimals)


def _context_labels(context: gpd.GeoDataFrame, lang: str) -> dict[str, dict[str, list[str]]]:
    """Return each labelled land's label today (with its country) and in a map state (name only), as lines."""
    labels = {}
    for row in context[context["id"].isin(style.CONTEXT_LABELS)].to_dict("records"):
        labels[row["id"]] = {
            "today": context_label(row, lang).split("\n"),
            # As layers.map.labels_layer(countries=False): a past border or a contested view gets names only.
            "state": island_label(row, lang).split(" / ")[0].split("\n"),
        }
    return labels


def _tour() -> list[dict[str, Any]]:
    steps = []
    for entry in tour():
        view_id, period_id = step_state(entry)
        steps.append({
            "id": entry["id"],
            "title": entry["title"],
            "text": entry["text"],
            "state": period_id or view_id,
            "bounds": step_bounds(entry),
            "excerpts": list(entry.get("excerpt_ids", [])),
            "facts": "facts" in entry["layers"],
        })
    return steps


def _facts() -> list[dict[str, Any]]:
    table = teacher_facts()
    return [
        {
            "label": row["label_en"],
            "computed": f"{row['computed_km']:.2f} km",
            "published": f"{row['published_km']:g} km",
            "difference": f"{row['difference_km']:+.2f} km",
            "source": row["source"],
            "sourceName": source_name(row["source"]),
            "note": row.get("note") or "",
        }
        for row in table.to_dict("records")
    ]


def classroom_data(
    chain: gpd.GeoDataFrame,
    context: gpd.GeoDataFrame,
    *,
    lang: str = "en",
    state: str = "neutral",
    step: str | None = None,
    decimals: int = 4,
) -> dict[str, Any]:
    """Return the script's JSON-ready data: every state, the areas' sources, lines, labels, tour, distances, start.

    ``chain`` and ``context`` are the frames the page draws (their ids are what the script looks up);
    ``state`` is a key from :func:`initial_state`, ``step`` a tour step id (it then decides the state).
    """
    if step is not None:
        tour_step(step)  # raises UnknownStepError naming the steps
    states = _states()
    if state not in {record["id"] for record in states}:
        raise ValueError(f"unknown state {state!r}; give a view or period id (see initial_state)")
    sources, cut = _area_sources(chain, context, decimals)
    return {
        "views": [{"id": entry["id"], "name": entry["name_en"]} for entry in views()],
        "periods": [{"id": entry["id"], "year": entry["year"], "label": f"{entry['year']}: {entry['title_en']}"} for entry in periods()],
        "states": states,
        "areas": sources,
        "cut": cut,
        "lines": _lines(decimals),
        "styles": {key: dict(spec) for key, spec in style.STATE_STYLES.items()},
        "outlineStyle": dict(style.OUTLINE_STYLE),
        "lineStyle": dict(style.BOUNDARY_STYLE),
        "labels": _context_labels(context, lang),
        "tour": _tour(),
        "facts": _facts(),
        "islands": sorted(chain["id"]),
        "initial": {"state": state, "step": step},
    }


class ClassroomControls(MacroElement):
    """Panel controls for the view, the period, the tour, large type and a distances table; the map follows them.

    ``islands_layer``, ``context_layer`` and ``claim_group`` are the map's islands GeoJson,
    land GeoJson and the feature group of Japan's claim (see :func:`add_classroom_controls`);
    ``patterns`` maps the hatched style keys to ``StripePattern`` elements already on the map.
    Add it after the :class:`layers.export.panel.ArticlePanel`: its section goes to the top of the panel.
    """

    _template = _template()

    def __init__(
        self,
        data: Mapping[str, Any],
        islands_layer: folium.GeoJson,
        context_layer: folium.GeoJson,
        claim_group: folium.FeatureGroup,
        patterns: Mapping[str, plugins.StripePattern],
        css: str,
    ) -> None:
        super().__init__()
        self._name = "ClassroomControls"
        self.data = dict(data)
        self.layers = {"islands": islands_layer, "context": context_layer, "claim": claim_group}
        self.patterns = dict(patterns)
        self.css = css

    def render(self, **kwargs: object) -> None:
        """Add the style, markup and script to the page, each rendered once (see ``layers.export.panel._Rendered``)."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise ValueError("add the ClassroomControls to a folium.Map (inside a Figure) before rendering it")
        module = self._template.module
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            target.add_child(_Rendered(getattr(module, part)(self, kwargs)), name=self.get_name())

    @staticmethod
    def _identifier(element: MacroElement) -> str:
        name = element.get_name()
        if not _JS_IDENTIFIER.match(name):
            raise ValueError(f"the element's name {name!r} is not a JavaScript identifier")
        return name

    @property
    def map_name(self) -> str:
        """Return the JavaScript variable of the Leaflet map."""
        if self._parent is None:
            raise ValueError("add the ClassroomControls to a folium.Map before rendering it")
        return self._identifier(self._parent)

    @property
    def layer_names(self) -> dict[str, str]:
        """Return the JavaScript variables of the islands, context and claim layers."""
        return {key: self._identifier(layer) for key, layer in self.layers.items()}

    @property
    def patterns_js(self) -> str:
        """Return a JavaScript object literal naming each hatch pattern's variable (identifiers only, checked)."""
        return "{" + ", ".join(f'"{key}": {self._identifier(pattern)}' for key, pattern in self.patterns.items()) + "}"


def _css() -> str:
    own = Path(HOST_TEMPLATES, "export_classroom.css").read_text(encoding="utf-8")
    large = Path(TEMPLATE_DIR, "large_type.css").read_text(encoding="utf-8")
    return own + "\n/* Large type (the app's large_type.css, switched by a class) */\n" + scoped_css(large, ".kuril-large")


def add_classroom_controls(
    m: folium.Map,
    chain: gpd.GeoDataFrame,
    context: gpd.GeoDataFrame,
    *,
    lang: str = "en",
    state: str = "neutral",
    step: str | None = None,
) -> ClassroomControls:
    """Add the classroom controls to a map built by ``render_map`` (neutral view) with its article panel; return them.

    ``state`` (a view id or a period id, see :func:`initial_state`) and ``step`` (a tour step id) are what the
    file shows when opened without a ``#view=``, ``#year=`` or ``#step=`` link.
    """
    islands_layer = find_geojson(m, "islands")
    context_layer = find_geojson(m, CONTEXT_LAYER_NAME)
    claim_group = find_geojson(m, CLAIM_LAYER_NAME)._parent
    patterns = {key: plugins.StripePattern(**spec).add_to(m) for key, spec in style.STATE_PATTERNS.items()}
    data = classroom_data(chain, context, lang=lang, state=state, step=step)
    controls = ClassroomControls(data, islands_layer, context_layer, claim_group, patterns, _css())
    controls.add_to(m)
    return controls
