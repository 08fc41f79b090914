{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
{% macro script(this, kwargs) %}
/* The measuring tool (layers/map/measure.py): each click on the map adds a point; the readout gives the distance
   along them (km and nautical miles) and, from three points, the area they enclose (km²).
   Its words come in all three languages (control.setLanguage switches them in place); every text goes in by
   textContent. While it measures, the map's own layers take no pointer events (the kuril-measuring class), so a
   click reaches the map and never selects an island. */
var {{ this.get_name() }} = (function (map, words, locales, lang) {
    "use strict";
    var PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]{0,40})\}/g;
    var METRES_PER_NMI = 1852;
    var AREA_RADIUS_M = 6378137;  // as Leaflet.draw's L.GeometryUtil.geodesicArea
    var SAME_POINT_PX = 6;  // a click this close to the last point is a double-click's second click, not a point
    var STEP_M = 10000;  // an edge is cut into great-circle steps this long for its area and its drawing
    var RAD = Math.PI / 180;
    var SVG = "http://www.w3.org/2000/svg";
    var pane = map.createPane("kurilMeasure");
    pane.style.zIndex = 620;  // above the islands and their labels, below tooltips and popups
    pane.style.pointerEvents = "none";

    var drawn = {
        area: L.polygon([], {pane: "kurilMeasure", interactive: false, stroke: false, fillColor: "#009E73", fillOpacity: 0.18}),
        casing: L.polyline([], {pane: "kurilMeasure", interactive: false, color: "#ffffff", weight: 5, opacity: 0.9}),
        line: L.polyline([], {pane: "kurilMeasure", interactive: false, color: "#1d1d1d", weight: 2.5, dashArray: "8 6"}),
        rubber: L.polyline([], {pane: "kurilMeasure", interactive: false, color: "#1d1d1d", weight: 1.5, dashArray: "2 6"}),
        points: L.layerGroup()
    };
    var group = L.layerGroup([drawn.area, drawn.casing, drawn.line, drawn.rubber, drawn.points]);
    var points = [];
    var mode = "off";  // "off", "measuring" (clicks add points), "done" (the result stays on the map)
    var doubleClickZoom = false;
    var ui = {};

    function fill(template, values) {
        return template.replace(PLACEHOLDER, function (whole, name) { return name in values ? values[name] : whole; });
    }
    function decimals(value) { return value < 100 ? 1 : 0; }
    function number(value, digits) {
        return new Intl.NumberFormat(locales[lang], {minimumFractionDigits: digits, maximumFractionDigits: digits}).format(value);
    }
    function counted(key, value, digits) {
        var forms = words[lang][key];
        var options = {minimumFractionDigits: digits, maximumFractionDigits: digits};
        var category = new Intl.PluralRules(locales[lang], options).select(Number(value.toFixed(digits)));
        return fill(forms[category] || forms.other, {count: number(value, digits)});
    }
    function t(key, values) { return fill(words[lang][key], values || {}); }

    function distanceM(latlngs) {
        var total = 0;
        for (var i = 1; i < latlngs.length; i++) { total += map.distance(latlngs[i - 1], latlngs[i]); }
        return total;
    }
    function unit(point) {
        var lat = point.lat * RAD, lng = point.lng * RAD;
        return [Math.cos(lat) * Math.cos(lng), Math.cos(lat) * Math.sin(lng), Math.sin(lat)];
    }
    // The great circle from a to b (a included, b not) in steps of at most STEP_M: the line map.distance measures.
    function greatCircle(a, b) {
        var u = unit(a), v = unit(b), out = [a];
        var angle = Math.acos(Math.min(1, Math.max(-1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2])));
        var steps = Math.ceil(angle * L.CRS.Earth.R / STEP_M);
        for (var i = 1; i < steps; i++) {
            var p = Math.sin((1 - i / steps) * angle) / Math.sin(angle), q = Math.sin(i / steps * angle) / Math.sin(angle);
            var x = p * u[0] + q * v[0], y = p * u[1] + q * v[1], z = p * u[2] + q * v[2];
            var lng = Math.atan2(y, x) / RAD;
            out.push(L.latLng(Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD, lng + 360 * Math.round((a.lng - lng) / 360)));
        }
        return out;
    }
    // The points joined by great circles; closed back to the first for an area.
    function path(latlngs, closed) {
        var out = [], count = latlngs.length;
        for (var i = 0; i < (closed ? count : count - 1); i++) { out = out.concat(greatCircle(latlngs[i], latlngs[(i + 1) % count])); }
        if (!closed && count) { out.push(latlngs[count - 1]); }
        return out;
    }
    // The area on a sphere of the polygon the points make (Leaflet.draw's formula, over edges cut into short steps,
    // which keeps it within 0.2 % of the ellipsoid's geodesic polygon at any size over the chain).
    function areaM2(latlngs) {
        if (latlngs.length < 3) { return 0; }
        var ring = path(latlngs, true), total = 0;
        for (var i = 0; i < ring.length; i++) {
            var a = ring[i], b = ring[(i + 1) % ring.length];
            total += (b.lng - a.lng) * RAD * (2 + Math.sin(a.lat * RAD) + Math.sin(b.lat * RAD));
        }
        return Math.abs(total * AREA_RADIUS_M * AREA_RADIUS_M / 2);
    }

    function element(tag, className, parent) {
        var node = document.createElement(tag);
        node.className = className;
        if (parent) { parent.appendChild(node); }
        return node;
    }
    function button(className, parent, action) {
        var node = element("button", className, parent);
        node.type = "button";
        L.DomEvent.on(node, "click", function (event) { L.DomEvent.stop(event); action(); });
        return node;
    }
    function rulerIcon() {
        var svg = document.createElementNS(SVG, "svg");
        svg.setAttribute("viewBox", "0 0 24 24");
        svg.setAttribute("aria-hidden", "true");
        svg.setAttribute("focusable", "false");
        var path = document.createElementNS(SVG, "path");
        path.setAttribute("d", "M2.5 16.5 16.5 2.5l5 5-14 14Z M6 13l2 2 M8.5 10.5l3 3 M11 8l2 2 M13.5 5.5l3 3");
        path.setAttribute("fill", "none");
        path.setAttribute("stroke", "currentColor");
        path.setAttribute("stroke-width", "1.7");
        path.setAttribute("stroke-linejoin", "round");
        svg.appendChild(path);
        return svg;
    }

    function draw() {
        var line = path(points, false);
        drawn.line.setLatLngs(line);
        drawn.casing.setLatLngs(line);
        drawn.area.setLatLngs(points.length >= 3 ? path(points, true) : []);
        drawn.points.clearLayers();
        points.forEach(function (point) {
            L.circleMarker(point, {pane: "kurilMeasure", interactive: false, radius: 4, color: "#1d1d1d", weight: 2,
                                   fillColor: "#ffffff", fillOpacity: 1}).addTo(drawn.points);
        });
        showWords();
    }

    // Every word and number of the control, from the state and the language.
    function showWords() {
        if (!ui.toggle) { return; }
        ui.toggle.title = t("map.measure.button");
        ui.toggle.setAttribute("aria-label", t("map.measure.button"));
        ui.toggle.setAttribute("aria-pressed", mode === "measuring" ? "true" : "false");
        ui.panel.setAttribute("aria-label", t("map.measure.panel"));
        ui.hint.textContent = t("map.measure.hint");
        ui.finish.textContent = t("map.measure.finish");
        ui.cancel.textContent = t(mode === "done" ? "map.measure.clear" : "map.measure.cancel");
        var metres = distanceM(points), km = metres / 1000, nmi = metres / METRES_PER_NMI;
        ui.distance.textContent = points.length >= 2
            ? t("map.measure.distance", {km: number(km, decimals(km)), nmi: counted("map.measure.nmi", nmi, decimals(nmi))}) : "";
        var km2 = areaM2(points) / 1e6;
        ui.area.textContent = points.length >= 3 ? t("map.measure.area", {area: number(km2, km2 < 1 ? 2 : decimals(km2))}) : "";
        ui.panel.hidden = mode === "off";
        ui.hint.hidden = mode !== "measuring";
        ui.finish.hidden = mode !== "measuring";
        ui.finish.disabled = points.length < 2;
        ui.distance.hidden = points.length < 2;
        ui.area.hidden = points.length < 3;
        map.getContainer().classList.toggle("kuril-measuring", mode === "measuring");
    }

    function onClick(event) {
        var last = points[points.length - 1];
        if (last && map.latLngToContainerPoint(last).distanceTo(event.containerPoint) < SAME_POINT_PX) { return; }
        points.push(event.latlng);
        draw();
    }
    function onMove(event) {
        var last = points[points.length - 1];
        drawn.rubber.setLatLngs(last ? [last, event.latlng] : []);
    }
    function onKey(event) {
        var inside = ui.root && ui.root.contains(document.activeElement);
        if (event.key === "Escape" && (mode === "measuring" || (mode === "done" && inside))) { cancel(); }
    }
    function listen(on) {
        var verb = on ? "on" : "off";
        map[verb]("click", onClick);
        map[verb]("dblclick", finish);
        map[verb]("mousemove", onMove);
        document[on ? "addEventListener" : "removeEventListener"]("keydown", onKey);
    }
    function stop(nextMode) {
        // A button of the panel that had the focus may vanish: the focus goes back to the tool's button.
        var focused = ui.panel && ui.panel.contains(document.activeElement);
        if (mode === "measuring") {
            listen(false);
            if (doubleClickZoom) { map.doubleClickZoom.enable(); }
        }
        if (nextMode === "off") { points = []; group.remove(); }
        drawn.rubber.setLatLngs([]);
        mode = nextMode;
        draw();
        if (focused) { ui.toggle.focus(); }
    }

    function start() {
        if (mode === "measuring") { return; }
        stop("off");
        map.closePopup();
        doubleClickZoom = map.doubleClickZoom && map.doubleClickZoom.enabled();
        if (doubleClickZoom) { map.doubleClickZoom.disable(); }
        group.addTo(map);
        listen(true);
        mode = "measuring";
        draw();
    }
    // Keeps the result on the map; with fewer than two points there is nothing to keep.
    function finish() {
        if (mode !== "measuring") { return; }
        stop(points.length >= 2 ? "done" : "off");
    }
    function cancel() { stop("off"); }

    var control = L.control({position: {{ this.position|tojson }}});
    control.onAdd = function () {
        ui.root = element("div", "kuril-measure");
        ui.toggle = button("kuril-measure-toggle", ui.root, function () { if (mode === "measuring") { finish(); } else { start(); } });
        ui.toggle.appendChild(rulerIcon());
        ui.panel = element("div", "kuril-measure-panel", ui.root);
        ui.panel.setAttribute("role", "group");
        ui.hint = element("p", "kuril-measure-hint", ui.panel);
        var readout = element("div", "kuril-measure-readout", ui.panel);
        readout.setAttribute("aria-live", "polite");
        ui.distance = element("p", "kuril-measure-distance", readout);
        ui.area = element("p", "kuril-measure-area", readout);
        var actions = element("div", "kuril-measure-actions", ui.panel);
        ui.finish = button("kuril-measure-finish", actions, finish);
        ui.cancel = button("kuril-measure-cancel", actions, cancel);
        L.DomEvent.disableClickPropagation(ui.root);
        L.DomEvent.disableScrollPropagation(ui.root);
        showWords();
        return ui.root;
    };
    control.onRemove = function () { stop("off"); ui = {}; };
    control.setLanguage = function (next) {
        if (!words[next]) { throw new Error("unknown language " + JSON.stringify(next) + "; choose " + Object.keys(words).join(", ")); }
        lang = next;
        showWords();
        return control;
    };
    control.start = start;
    control.finish = finish;
    control.cancel = cancel;
    // What is measured now, for a host or a test: the mode, the points, the distance and the area in metres.
    control.measurement = function () {
        return {mode: mode, lang: lang, points: points.map(function (point) { return [point.lat, point.lng]; }),
                distance_m: distanceM(points), area_m2: areaM2(points)};
    };
    // The distance along and the area within any [lat, lng] points, as the tool measures them.
    control.measure = function (latlngs) {
        var line = latlngs.map(function (point) { return L.latLng(point); });
        return {distance_m: distanceM(line), area_m2: areaM2(line)};
    };
    return control.addTo(map);
})({{ this._parent.get_name() }}, {{ this.words_json }}, {{ this.locales_json }}, {{ this.ui|tojson }});
{% endmacro %}
