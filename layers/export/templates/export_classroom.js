{% macro script(this, kwargs) %}
/* The export's classroom controls (layers/classroom.py): points of view, the timeline, the tour, large type,
   distances and #view= #year= #step= #island= links. Text arrives as JSON and enters the page through
   textContent; only the legends (our own escaped template output) go in as markup. */
(function (map, islandsLayer, contextLayer, claimGroup, patterns, data) {
    "use strict";
    var root = document.getElementById("kuril-class");
    if (!root) { return; }
    var panelBody = document.querySelector("#kuril-panel .kuril-panel-body");
    if (panelBody) { panelBody.insertBefore(root, panelBody.firstChild); }
    root.hidden = false;

    function find(selector) { return root.querySelector(selector); }
    var message = find(".kuril-class-message");
    var viewButtons = find(".kuril-view-buttons");
    var periodSelect = find(".kuril-period");
    var stateBox = find(".kuril-state");
    var tourBox = find(".kuril-tour");
    var tourToggle = find(".kuril-tour-toggle");
    var largeToggle = find(".kuril-large-toggle");
    var prev = find(".kuril-tour-prev");
    var next = find(".kuril-tour-next");
    var distances = find(".kuril-distances");

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined && text !== null) { node.textContent = text; }
        return node;
    }
    function extend(target) {
        for (var i = 1; i < arguments.length; i++) {
            var source = arguments[i] || {};
            Object.keys(source).forEach(function (key) { target[key] = source[key]; });
        }
        return target;
    }
    function byId(list) {
        var index = {};
        list.forEach(function (item) { index[item.id] = item; });
        return index;
    }

    var states = byId(data.states);
    var views = byId(data.views);
    var periods = byId(data.periods);
    var islandIds = {};
    data.islands.forEach(function (id) { islandIds[id] = true; });
    var current = {state: "neutral", step: null, island: null, tour: false};
    var shown = null;  // the drawn state layer (none for the neutral view today)
    var cache = {};
    var neutralIslandStyle = islandsLayer.options.style;
    var claimOn = true;

    // Every state is drawn from the features the page already holds, plus Sakhalin's halves (layers/classroom.py).
    var features = {island: {}, context: {}, cut: {}, line: {}};
    islandsLayer.eachLayer(function (layer) { if (layer.feature) { features.island[layer.feature.properties.id] = layer.feature; } });
    contextLayer.eachLayer(function (layer) { if (layer.feature) { features.context[layer.feature.properties.id] = layer.feature; } });
    data.cut.features.forEach(function (feature) { features.cut[feature.properties.id] = feature; });
    data.lines.features.forEach(function (feature) { features.line[feature.properties.id] = feature; });

    function areaFeatures(areaId) {
        var source = data.areas[areaId] || {};
        var found = [];
        [["island", source.islands], ["context", source.context], ["cut", source.cut]].forEach(function (pair) {
            (pair[1] || []).forEach(function (id) {
                var feature = features[pair[0]][id];
                // Rocks GSHHG does not draw are points: they add no area (as in geo.areas).
                if (feature && feature.geometry && feature.geometry.type !== "Point") { found.push(feature); }
            });
        });
        return found;
    }

    function styleOf(key) {
        var result = extend({}, data.styles[key] || data.outlineStyle);
        if (patterns[key]) { result.fillPattern = patterns[key]; }
        return result;
    }

    function stateLayer(state) {
        var group = L.featureGroup();
        state.areas.forEach(function (pair) {
            var chosen = areaFeatures(pair[0]);
            if (!chosen.length) { return; }
            L.geoJSON({type: "FeatureCollection", features: chosen}, {
                style: function () { return styleOf(pair[1]); },
                interactive: false
            }).addTo(group);
        });
        var lines = state.lines.map(function (id) { return features.line[id]; }).filter(Boolean);
        if (lines.length) {
            L.geoJSON({type: "FeatureCollection", features: lines}, {
                style: function () { return data.lineStyle; },
                onEachFeature: function (feature, layer) { layer.bindTooltip(el("span", null, feature.properties.name), {sticky: true}); }
            }).addTo(group);
        }
        return group;
    }

    function setLabels(mode) {
        map.getContainer().querySelectorAll(".kuril-label-context").forEach(function (node) {
            var label = data.labels[node.getAttribute("data-island")];
            if (!label) { return; }
            node.replaceChildren();
            label[mode].forEach(function (line, index) {
                if (index) { node.appendChild(document.createElement("br")); }
                node.appendChild(document.createTextNode(line));
            });
        });
    }

    function setLegend(html) {
        var legend = map.getContainer().querySelector(".kuril-legend");
        if (!legend) { return; }
        var details = legend.querySelector("details");
        var open = details ? details.open : true;
        legend.innerHTML = html;  // layers.states.legend_html: our own autoescaped template output
        var fresh = legend.querySelector("details");
        if (fresh) { fresh.open = open; }
    }

    function sourceItem(text) {
        var item = el("li");
        var url = /^https?:\/\/\S+/i.exec(text);
        if (url) {
            var link = el("a", null, url[0]);
            link.href = url[0];
            link.target = "_blank";
            link.rel = "noopener noreferrer nofollow";
            item.appendChild(link);
            item.appendChild(document.createTextNode(text.slice(url[0].length)));
        } else {
            item.textContent = text;
        }
        return item;
    }

    function showInfo(state) {
        find(".kuril-state-title").textContent = state.title;
        var text = find(".kuril-state-text");
        text.textContent = state.description || "";
        text.hidden = !state.description;
        var sources = find(".kuril-state-sources");
        sources.replaceChildren();
        state.sources.forEach(function (source) { sources.appendChild(sourceItem(source)); });
        find(".kuril-state-sources-title").textContent = "Sources (" + state.sources.length + ")";
        find(".kuril-state-more").hidden = !state.sources.length;
        stateBox.setAttribute("data-state", state.id);
    }

    function updateControls() {
        var state = states[current.state];
        var viewId = state.kind === "period" ? "neutral" : state.id;
        viewButtons.querySelectorAll("button").forEach(function (button) {
            button.setAttribute("aria-pressed", button.getAttribute("data-view") === viewId ? "true" : "false");
        });
        periodSelect.value = state.kind === "period" ? state.id : "";
    }

    function applyState(key) {
        var state = states[key] || states.neutral;
        var before = states[current.state];
        // From today's map to today's map (e.g. on opening) nothing is redrawn.
        var redraw = state.kind !== "today" || before.kind !== "today";
        if (shown) { map.removeLayer(shown); shown = null; }
        if (state.kind !== "today") {
            if (before.kind === "today") { claimOn = map.hasLayer(claimGroup); }
            map.removeLayer(claimGroup);
            shown = cache[state.id] || (cache[state.id] = stateLayer(state));
            shown.addTo(map);
            // As in render_map: the state's fills and lines below the clickable islands.
            islandsLayer.options.style = function (feature) {
                var key = state.islandStyles[feature.properties.id];
                return key ? styleOf(key) : data.outlineStyle;
            };
            islandsLayer.bringToFront();
        } else if (redraw) {
            if (claimOn) { claimGroup.addTo(map); }
            islandsLayer.options.style = neutralIslandStyle;
        }
        if (redraw) {
            islandsLayer.resetStyle();
            setLabels(state.kind === "today" ? "today" : "state");
            setLegend(state.legend);
        }
        current.state = state.id;
        showInfo(state);
        updateControls();
        root.setAttribute("data-state", state.id);
    }

    // --- links: #view=japan, #year=1905, #step=portsmouth, #island=kunashir, joined by & -------------------------
    function writeHash() {
        var parts = [];
        var state = states[current.state];
        // A step is linked while the map shows it; a view or period picked during the tour is linked as such.
        if (current.tour && current.step !== null && data.tour[current.step].state === current.state) {
            parts.push("step=" + encodeURIComponent(data.tour[current.step].id));
        } else if (state.kind === "view") {
            parts.push("view=" + encodeURIComponent(state.id));
        } else if (state.kind === "period") {
            parts.push("year=" + state.year);
        }
        if (current.island) { parts.push("island=" + encodeURIComponent(current.island)); }
        try {
            history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search);
        } catch (err) { /* some browsers refuse history on file: pages */ }
    }

    function periodFor(value) {
        if (periods[value]) { return value; }
        if (!/^[0-9]{1,4}$/.test(value)) { return null; }
        var found = null;
        data.periods.forEach(function (entry) { if (entry.year <= Number(value)) { found = entry.id; } });
        return found;
    }

    function stepIndex(id) {
        for (var i = 0; i < data.tour.length; i++) { if (data.tour[i].id === id) { return i; } }
        return -1;
    }

    function quoted(value) { return "'" + value + "'"; }

    function listed(values) {
        return values.length > 1 ? values.slice(0, -1).join(", ") + " or " + values[values.length - 1] : values.join("");
    }

    function showMessage(lines) {
        message.textContent = lines.join(" ");
        message.hidden = !lines.length;
    }

    function readHash(hash) {
        var wanted = {view: null, year: null, step: null, island: null};
        var problems = [];
        hash.replace(/^#/, "").split("&").forEach(function (part) {
            if (!part) { return; }
            var cut = part.indexOf("=");
            var key = cut < 0 ? part : part.slice(0, cut);
            var value = cut < 0 ? "" : part.slice(cut + 1);
            try { value = decodeURIComponent(value.replace(/\+/g, " ")); } catch (err) { /* keep it raw */ }
            if (!(key in wanted)) {
                problems.push("Unknown link part " + quoted(key) + "; use view, year, step or island.");
            } else if (key === "view" && !views[value]) {
                problems.push("Unknown view " + quoted(value) + "; choose " + listed(Object.keys(views)) + ".");
            } else if (key === "year" && !periodFor(value)) {
                problems.push("Unknown year " + quoted(value) + "; give a year from " + data.periods[0].year + " on.");
            } else if (key === "step" && stepIndex(value) < 0) {
                problems.push("Unknown tour step " + quoted(value) + "; choose one of " +
                    data.tour.map(function (step) { return step.id; }).join(", ") + ".");
            } else if (key === "island" && !islandIds[value]) {
                problems.push("Unknown island " + quoted(value) + "; known islands: " + data.islands.join(", ") + ".");
            } else {
                wanted[key] = value;
            }
        });
        return {wanted: wanted, problems: problems};
    }

    // --- the map's state: view buttons and the timeline --------------------------------------------------------
    data.views.forEach(function (entry) {
        var button = el("button", "kuril-class-button", entry.name);
        button.type = "button";
        button.setAttribute("data-view", entry.id);
        button.setAttribute("aria-pressed", "false");
        button.addEventListener("click", function () { applyState(entry.id); writeHash(); });
        viewButtons.appendChild(button);
    });
    periodSelect.appendChild(el("option", null, "Today")).value = "";
    data.periods.forEach(function (entry) { periodSelect.appendChild(el("option", null, entry.label)).value = entry.id; });
    periodSelect.addEventListener("change", function () {
        // A period is shown in the neutral view; "Today" goes back to it.
        applyState(periodSelect.value || "neutral");
        writeHash();
    });

    // --- the guided tour ---------------------------------------------------------------------------------------
    function excerptCopy(id) {
        var original = null;
        document.querySelectorAll(".kuril-panel-articles [data-excerpt]").forEach(function (node) {
            if (node.getAttribute("data-excerpt") === id) { original = node; }
        });
        if (!original) { return null; }  // not among this file's articles (--articles)
        var copy = original.cloneNode(true);
        var button = copy.querySelector("button");
        var source = original.querySelector("button");
        if (button && source) { button.addEventListener("click", function () { source.click(); }); }
        var article = original.closest(".kuril-article");
        var title = article && article.querySelector(".kuril-article-title");
        if (title) { copy.appendChild(el("div", "kuril-byline", "From: " + title.textContent)); }
        return copy;
    }

    function clearSelection() {
        var clear = document.querySelector("#kuril-panel .kuril-panel-clear");
        if (clear && !clear.hidden) { clear.click(); }
        current.island = null;
    }

    // Leaflet ignores a new zoom while a zoom animation runs: a fit asked for meanwhile waits for its end.
    var fitLater = null;
    map.on("zoomend", function () {
        var wanted = fitLater;
        fitLater = null;
        if (wanted) { fitTo(wanted, true); }
    });

    function fitTo(bounds, animate) {
        if (map._animatingZoom) { fitLater = bounds; return; }
        var legend = map.getContainer().querySelector(".kuril-legend");
        var below = legend ? legend.offsetHeight + 16 : 30;
        map.fitBounds(bounds, {paddingTopLeft: [30, 30], paddingBottomRight: [30, below], maxZoom: 12, animate: animate});
    }

    function setTour(on) {
        current.tour = on;
        tourBox.hidden = !on;
        tourToggle.setAttribute("aria-pressed", on ? "true" : "false");
        tourToggle.textContent = on ? "End the tour" : "Guided tour";
    }

    function showStep(index, animate, inView) {
        index = Math.max(0, Math.min(index, data.tour.length - 1));
        var step = data.tour[index];
        var focused = document.activeElement;
        current.step = index;
        setTour(true);
        clearSelection();
        find(".kuril-tour-count").textContent = "Step " + (index + 1) + " of " + data.tour.length;
        find(".kuril-tour-title").textContent = step.title;
        find(".kuril-tour-text").textContent = step.text;
        var excerpts = find(".kuril-tour-excerpts");
        excerpts.replaceChildren();
        step.excerpts.forEach(function (id) {
            var copy = excerptCopy(id);
            if (copy) { excerpts.appendChild(copy); }
        });
        prev.disabled = index === 0;
        next.disabled = index === data.tour.length - 1;
        // Keep the keyboard where it was: a button that just became disabled hands focus to the other one.
        if (focused === prev && prev.disabled) { next.focus(); }
        if (focused === next && next.disabled) { prev.focus(); }
        tourBox.setAttribute("data-step", step.id);
        applyState(step.state);
        if (step.facts) { distances.open = true; }
        if (!inView) { fitTo(step.bounds, animate !== false); }
        writeHash();
    }

    prev.addEventListener("click", function () { showStep(current.step - 1); });
    next.addEventListener("click", function () { showStep(current.step + 1); });
    tourToggle.addEventListener("click", function () {
        if (current.tour) {
            setTour(false);
            writeHash();
        } else {
            showStep(current.step === null ? 0 : current.step);
            find(".kuril-tour-title").focus();
        }
    });
    // During the tour ← and → move through the steps anywhere but in a form field (the map still pans with ↑ ↓ and the mouse).
    document.addEventListener("keydown", function (event) {
        if (!current.tour || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
        if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") { return; }
        var target = event.target;
        if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) { return; }
        event.preventDefault();
        event.stopPropagation();
        showStep(current.step + (event.key === "ArrowRight" ? 1 : -1));
    }, true);

    // --- classroom comforts ------------------------------------------------------------------------------------
    largeToggle.addEventListener("click", function () {
        var on = !document.body.classList.contains("kuril-large");
        document.body.classList.toggle("kuril-large", on);
        largeToggle.setAttribute("aria-pressed", on ? "true" : "false");
    });

    var rows = find(".kuril-distances-table tbody");
    data.facts.forEach(function (fact) {
        var row = el("tr");
        var label = el("td", null, fact.label);
        if (fact.note) { label.appendChild(el("span", "kuril-distances-note", fact.note)); }
        row.appendChild(label);
        row.appendChild(el("td", null, fact.computed));
        var published = el("td", null, fact.published);
        var source = el("span", "kuril-distances-note");
        if (/^https?:\/\//i.test(fact.source)) {
            var link = el("a", null, fact.sourceName);
            link.href = fact.source;
            link.target = "_blank";
            link.rel = "noopener noreferrer nofollow";
            source.appendChild(link);
        } else {
            source.textContent = fact.source;
        }
        published.appendChild(source);
        row.appendChild(published);
        rows.appendChild(row);
    });

    // Keep the URL in step with the island the article panel shows (its own script writes only #island=).
    islandsLayer.on("click", function (event) {
        var layer = event.propagatedFrom || event.layer;
        if (layer && layer.feature) { current.island = layer.feature.properties.id; writeHash(); }
        // In the narrow-screen drawer these controls would hide the island's facts below them: scroll to the facts.
        var toggle = document.querySelector("#kuril-panel .kuril-panel-toggle");
        var facts = document.querySelector("#kuril-panel .kuril-panel-island");
        if (toggle && toggle.offsetParent !== null && facts && !facts.hidden) { facts.scrollIntoView({block: "start"}); }
    });
    var panelClear = document.querySelector("#kuril-panel .kuril-panel-clear");
    if (panelClear) { panelClear.addEventListener("click", function () { current.island = null; writeHash(); }); }
    // A label layer switched off and on again is redrawn with its original text.
    map.on("overlayadd", function () { setLabels(states[current.state].kind === "today" ? "today" : "state"); });

    function openIsland(id) {
        if (document.querySelector("#kuril-panel .kuril-panel-facts [data-island='" + id + "']")) { current.island = id; return; }
        islandsLayer.eachLayer(function (layer) {
            if (layer.feature && layer.feature.properties.id === id) {
                var at = layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng();
                layer.fire("click", {latlng: at}, true);
                islandsLayer.closeTooltip();  // a click opens the tooltip; no pointer is there to close it
            }
        });
    }

    function applyLink(hash, initial) {
        var link = readHash(hash);
        var wanted = link.wanted;
        // A link naming a view, a year or a step replaces the file's opening state (python -m layers.export --view/--year/--step).
        var named = wanted.step !== null || wanted.view !== null || wanted.year !== null;
        var stepAt = wanted.step !== null ? stepIndex(wanted.step) : (!named && initial.step ? stepIndex(initial.step) : -1);
        showMessage(link.problems.length ? link.problems.concat(["Showing the default map."]) : []);
        if (stepAt >= 0) {
            // The file's own opening step is already in view (layers/export.py fits the map to it before drawing).
            showStep(stepAt, false, wanted.step === null && initial.step !== null);
        } else {
            setTour(false);
            var key = initial.state;
            if (wanted.view !== null) { key = wanted.view; }
            if (wanted.year !== null) { key = periodFor(wanted.year); }
            applyState(key);
        }
        if (wanted.island !== null) { openIsland(wanted.island); }
        if (link.problems.length) {
            // On a narrow screen the panel is a drawer: open it so that the message is seen.
            var toggle = document.querySelector("#kuril-panel .kuril-panel-toggle");
            if (toggle && toggle.offsetParent !== null && toggle.getAttribute("aria-expanded") === "false") { toggle.click(); }
        }
        writeHash();
    }

    window.addEventListener("hashchange", function () { applyLink(location.hash, data.initial); });
    applyLink(location.hash, data.initial);
})({{ this.map_name }}, {{ this.layer_names.islands }}, {{ this.layer_names.context }}, {{ this.layer_names.claim }},
   {{ this.patterns_js }}, {{ this.data|tojson }});
{% endmacro %}
