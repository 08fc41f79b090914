{% macro script(this, kwargs) %}
/* The map client (layers/client): one small state, applied to the folium-rendered map, and the map's links.
   Hosts (the export's panel, the app's Streamlit bridge) talk to it through window.kurilMap:
     set(partial) -> state      apply a partial state; what changed is redrawn, nothing else
     on(name, fn)               "island" (an island was clicked: its id), "change" (the state after a set)
     openLink(text, ignore)     read "#view=japan&island=kunashir" or "?view=...", show its messages, return {state, messages}
     linkFor(state)             the link of a state ("view=japan&island=kunashir"; "" for the default map)
     t(key, values)             a text of the interface catalogue (layers/i18n) in the state's language
   The state: view, period, step, island, highlight (ids), fit ({id, islands | bounds}), lang (the interface
   language), labels (null: the interface's), hidden (layer keys), large, tiles. Accepted values and defaults come
   from geo/state.py as JSON, the words from the catalogue; every text enters the page through textContent.
   Lookups by id use Maps, never plain objects' properties. */
(function (map, layers, patterns, data, geometry) {
    "use strict";
    var model = data.model;
    // Hosts wait on this (layers/client/__init__.py: when_client_ready): the client is whole once it resolves.
    var announceReady;
    window.kurilMapReady = new Promise(function (resolve) { announceReady = resolve; });

    function index(list, key) {
        var found = new Map();
        list.forEach(function (item) { found.set(key ? item[key] : item, item); });
        return found;
    }
    function entries(object) { return new Map(Object.keys(object || {}).map(function (key) { return [key, object[key]]; })); }
    function extend(target) {
        for (var i = 1; i < arguments.length; i++) {
            var source = arguments[i] || {};
            Object.keys(source).forEach(function (key) { target[key] = source[key]; });
        }
        return target;
    }
    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined && text !== null) { node.textContent = text; }
        return node;
    }

    // --- the interface's words: the catalogue of layers/i18n, filled as layers.i18n.fill does ---------------------
    var catalogue = entries(data.i18n.texts);
    var languages = new Set(model.languages);
    var numberFormats = new Map();
    var pluralRules = new Map();
    function numberIn(lang, value) {
        if (!numberFormats.has(lang)) { numberFormats.set(lang, new Intl.NumberFormat(data.i18n.locales[lang])); }
        return numberFormats.get(lang).format(value);
    }
    function pluralIn(lang, count) {
        if (!pluralRules.has(lang)) { pluralRules.set(lang, new Intl.PluralRules(data.i18n.locales[lang])); }
        return pluralRules.get(lang).select(Math.abs(count));
    }
    // {placeholders} filled in one pass, by a function: a value holding "$&" or "{query}" is put in as it is.
    function fill(template, values, lang) {
        return String(template).replace(/\{([A-Za-z][A-Za-z0-9_]{0,40})\}/g, function (whole, name) {
            if (!values || !Object.prototype.hasOwnProperty.call(values, name)) { return whole; }
            var value = values[name];
            return typeof value === "number" ? numberIn(lang, value) : String(value);
        });
    }
    function translate(key, values, lang) {
        lang = languages.has(lang) ? lang : state.lang;
        var texts = catalogue.get(lang) || {};
        var found = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
        if (found && typeof found === "object") {
            var count = values && typeof values.count === "number" ? values.count : 0;
            found = found[pluralIn(lang, count)] || found.other;
        }
        return fill(found, values, lang);
    }
    function t(key, values) { return translate(key, values, state.lang); }
    function inLanguage(texts) { return texts && typeof texts === "object" ? (texts[state.lang] || texts.en || "") : (texts || ""); }

    var views = index(model.views, "id");
    var periods = index(model.periods, "id");
    var steps = index(model.steps, "id");
    var islandIds = index(model.islands);
    var states = index(data.states, "id");
    var areaSources = entries(data.areas);
    var styles = entries(data.styles);
    var labelSets = entries(data.labels);
    var stepLayers = entries(model.stepLayers);
    var listeners = {island: [], change: []};

    // --- the features the page holds, by id -----------------------------------------------------------------------
    var features = {island: new Map(), context: new Map(), cut: new Map(), line: new Map()};
    var islandLayers = new Map();
    layers.islands.eachLayer(function (layer) {
        if (layer.feature) {
            features.island.set(layer.feature.properties.id, layer.feature);
            islandLayers.set(layer.feature.properties.id, layer);
        }
    });
    layers.context.eachLayer(function (layer) { if (layer.feature) { features.context.set(layer.feature.properties.id, layer.feature); } });
    geometry.cut.features.forEach(function (feature) { features.cut.set(feature.properties.id, feature); });
    geometry.lines.features.forEach(function (feature) { features.line.set(feature.properties.id, feature); });

    // --- the state ---------------------------------------------------------------------------------------------------
    var state = extend({}, model.defaults, {lang: data.ui, highlight: [], fit: null, labels: null, hidden: [], large: false, tiles: false});
    var drawn = {key: "neutral", stateLayer: null, highlight: null, fitId: null, step: null, labels: data.labels_default, layers: "", lang: data.ui};
    var cache = new Map();
    var neutralIslandStyle = layers.islands.options.style;

    function stateKey(s) { return s.period && periods.has(s.period) ? s.period : (views.has(s.view) ? s.view : model.defaults.view); }

    function areaFeatures(areaId) {
        var source = areaSources.get(areaId) || {};
        var found = [];
        [["island", source.islands], ["context", source.context], ["cut", source.cut]].forEach(function (pair) {
            (pair[1] || []).forEach(function (id) {
                var feature = features[pair[0]].get(id);
                // Rocks GSHHG does not draw are points: they add no area (as in geo.areas).
                if (feature && feature.geometry && feature.geometry.type !== "Point") { found.push(feature); }
            });
        });
        return found;
    }

    function styleOf(key) { return extend({}, styles.get(key) || data.outlineStyle); }
    // A hatched style's stripes, drawn over its fill (a fill pattern replaces the fill colour in Leaflet), as
    // layers.map.states.state_layer draws them; null for a plain style.
    function hatchOf(key) { return patterns[key] ? extend({}, data.hatchStyle, {fillPattern: patterns[key]}) : null; }

    function buildStateLayer(record) {
        var group = L.featureGroup();
        record.areas.forEach(function (pair) {
            var chosen = areaFeatures(pair[0]);
            if (!chosen.length) { return; }
            [styleOf(pair[1]), hatchOf(pair[1])].forEach(function (look) {
                if (!look) { return; }
                L.geoJSON({type: "FeatureCollection", features: chosen}, {style: function () { return look; }, interactive: false}).addTo(group);
            });
        });
        var lines = record.lines.map(function (id) { return features.line.get(id); }).filter(Boolean);
        var lineGroup = null;
        if (lines.length) {
            lineGroup = L.geoJSON({type: "FeatureCollection", features: lines}, {
                style: function () { return data.lineStyle; },
                onEachFeature: function (feature, layer) {
                    layer.bindTooltip(function () {
                        var name = feature.properties["name_" + state.lang] || feature.properties.name_en;
                        var node = el("span", null, name);
                        node.lang = feature.properties["name_" + state.lang] ? state.lang : "en";
                        return node;
                    }, {sticky: true});
                }
            }).addTo(group);
        }
        return {group: group, lines: lineGroup};
    }

    function setLegend(html) {
        var legend = map.getContainer().querySelector(".kuril-legend");
        if (!legend) { return; }
        var details = legend.querySelector("details");
        var open = details ? details.open : true;
        legend.innerHTML = inLanguage(html);  // layers.map.states.legend_html: our own autoescaped template output, no outside text
        var fresh = legend.querySelector("details");
        if (fresh) { fresh.open = open; }
    }

    // --- labels: none over another or a control, none cut by the map's edge ---------------------------------------
    // In data.labelOrder (disputed islands first, then by area: layers.map.render.label_order), each label takes the
    // first free spot of right, left, above, below its point (the land around the chain: centred only); one that finds
    // none is left out until the view changes. Sizes are read once per text, positions computed, then written at once.
    var labelOrder = new Map(data.labelOrder.map(function (key, rank) { return [key, rank]; }));
    var LABEL_GAP = 8;
    function labelSpots(node, width, height) {
        if (node.classList.contains("kuril-label-context")) { return [[-width / 2, -height / 2]]; }
        return [[LABEL_GAP + 2, -height / 2], [-LABEL_GAP - 2 - width, -height / 2], [-width / 2, -height - LABEL_GAP], [-width / 2, LABEL_GAP]];
    }
    function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
    function placeLabels() {
        var container = map.getContainer();
        var frame = container.getBoundingClientRect();
        var taken = [];
        container.querySelectorAll(".leaflet-control").forEach(function (control) {
            var box = control.getBoundingClientRect();
            if (box.width && box.height) { taken.push(box); }
        });
        var labels = [];
        var nodes = container.querySelectorAll(".kuril-label[data-island]");
        // Every label back to its full text first, then every size read at once: one layout, not one per label.
        nodes.forEach(function (node) {
            if (node.__full) { node.replaceChildren.apply(node, node.__full); node.__full = null; node.classList.remove("kuril-label-short"); }
        });
        nodes.forEach(function (node) {
            if (!node.offsetParent && getComputedStyle(node).display === "none") { return; }
            var anchor = node.parentElement.getBoundingClientRect();
            labels.push({node: node, x: anchor.left, y: anchor.top, width: node.offsetWidth, height: node.offsetHeight,
                         rank: labelOrder.has(node.getAttribute("data-island")) ? labelOrder.get(node.getAttribute("data-island")) : 1e6});
        });
        labels.sort(function (a, b) { return a.rank - b.rank; });
        function spotFor(label) {
            var chosen = null;
            labelSpots(label.node, label.width, label.height).some(function (spot) {
                var box = {left: label.x + spot[0], top: label.y + spot[1]};
                box.right = box.left + label.width;
                box.bottom = box.top + label.height;
                var inside = box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom;
                if (inside && !taken.some(function (other) { return overlaps(box, other); })) { chosen = {spot: spot, box: box}; }
                return Boolean(chosen);
            });
            return chosen;
        }
        var moves = [];
        labels.forEach(function (label) {
            if (!label.width) { return; }  // hidden by the zoom (minor islands, the group's label)
            var chosen = spotFor(label);
            var short = label.node.getAttribute("data-short");
            if (!chosen && short && short !== label.node.textContent) {
                // Where the full label finds no room, its short form may: the first name alone ("Iturup", not
                // "Iturup / Etorofu" over "択捉島"); the full one is back at the next placing.
                label.node.__full = Array.prototype.slice.call(label.node.childNodes);
                label.node.replaceChildren(document.createTextNode(short));
                label.width = label.node.offsetWidth;
                label.height = label.node.offsetHeight;
                chosen = spotFor(label);
                label.node.classList.add("kuril-label-short");
            }
            if (chosen) { taken.push(chosen.box); }
            moves.push([label.node, chosen]);
        });
        // Written once every label is placed, so that a short form's size is read with nothing else pending.
        moves.forEach(function (move) {
            move[0].classList.toggle("kuril-label-unplaced", !move[1]);
            if (move[1]) { move[0].style.transform = "translate(" + move[1].spot[0] + "px, " + move[1].spot[1] + "px)"; }
        });
    }
    var placeSoon = null;
    function placeLabelsSoon() {
        if (placeSoon) { cancelAnimationFrame(placeSoon); }
        placeSoon = requestAnimationFrame(function () { placeSoon = null; placeLabels(); });
    }
    map.on("zoomend moveend resize overlayadd layeradd", placeLabelsSoon);
    // The legend opened or folded: the room the labels have changed.
    map.getContainer().addEventListener("toggle", function () { placeLabelsSoon(); }, true);

    // --- the legend never covers the disputed islands ---------------------------------------------------------------
    function legendBox() {
        var legend = map.getContainer().querySelector(".kuril-legend");
        return legend && legend.offsetWidth ? legend.getBoundingClientRect() : null;
    }
    // The legend and the map's frame as laid out now, read at once (one layout): the legend's box, the room a fit
    // leaves below for it, the frame's box. A fit moves the paths, neither of these: set() reads them once and hands
    // them to the fit and to the legend's check, so that the browser lays the page out once for both, not again after
    // the paths have moved.
    function legendLayout() {
        var legend = map.getContainer().querySelector(".kuril-legend");
        return {box: legendBox(), below: legend ? legend.offsetHeight + 16 : data.fit.padding,
                frame: map.getContainer().getBoundingClientRect()};
    }
    // Each disputed island's box on the screen, from its bounds and the map's view (not from the drawn paths, which the
    // renderer may not have moved yet), in the same coordinates as getBoundingClientRect.
    function disputedBoxes(origin) {
        var boxes = [];
        data.disputed.forEach(function (id) {
            var layer = islandLayers.get(id);
            if (!layer) { return; }
            var bounds = layer.getBounds ? layer.getBounds() : L.latLngBounds([layer.getLatLng(), layer.getLatLng()]);
            var a = map.latLngToContainerPoint(bounds.getNorthWest());
            var b = map.latLngToContainerPoint(bounds.getSouthEast());
            boxes.push({left: origin.left + Math.min(a.x, b.x), right: origin.left + Math.max(a.x, b.x),
                        top: origin.top + Math.min(a.y, b.y), bottom: origin.top + Math.max(a.y, b.y)});
        });
        return boxes;
    }
    function legendCoversDisputed(box, origin) {
        return Boolean(box) && disputedBoxes(origin).some(function (island) { return overlaps(box, island); });
    }
    // Fold the legend when, open, it would lie over a disputed island (the reader can open it again). Checked once the
    // browser has drawn the view (two frames on: the paths' boxes are those of the new view by then).
    function keepLegendClearNow(layout) {
        var now = layout || legendLayout();
        if (!legendCoversDisputed(now.box, now.frame)) { return; }
        map.getContainer().querySelectorAll(".kuril-legend details[open]").forEach(function (details) { details.open = false; });
    }
    function keepLegendClear(layout) {
        keepLegendClearNow(layout);
        requestAnimationFrame(function () { requestAnimationFrame(function () { keepLegendClearNow(); }); });
    }
    // The map's opening view: the whole chain, fitted beside the legend (below-free or right-free, whichever shows the
    // chain larger), so that the legend lies over the sea.
    var chainFit = null;  // the view fitChain gave, while the reader has not moved the map from it
    function fitChain() {
        var size = map.getSize();
        var bounds = L.latLngBounds(data.chainBounds);
        if (!size.x || !size.y) {
            // A frame not laid out yet: the map still gets a view (its layers wait for one), fitted again on resize.
            if (!map._loaded) { map.fitBounds(bounds, {animate: false}); }
            return;
        }
        var box = legendBox();
        var pad = data.fit.padding;
        var options = [{paddingTopLeft: [pad, pad], paddingBottomRight: [pad, pad]}];
        if (box) {
            options = [
                {paddingTopLeft: [pad, pad], paddingBottomRight: [pad, box.height + 12]},
                {paddingTopLeft: [pad, pad], paddingBottomRight: [box.width + 12, pad]}
            ];
        }
        // A padding that leaves too little of a small frame (a phone) is no option; with none left, fit plainly.
        var room = options.filter(function (option) {
            var padding = L.point(option.paddingTopLeft).add(option.paddingBottomRight);
            return size.x - padding.x > 0.4 * size.x && size.y - padding.y > 0.4 * size.y;
        });
        if (!room.length) { room = [{paddingTopLeft: [pad, pad], paddingBottomRight: [pad, pad]}]; }
        var best = room.map(function (option) {
            return {option: option, zoom: map.getBoundsZoom(bounds, false, L.point(option.paddingTopLeft).add(option.paddingBottomRight))};
        }).sort(function (a, b) { return b.zoom - a.zoom; })[0];
        map.fitBounds(bounds, L.extend({animate: false}, best.option));
        chainFit = {zoom: map.getZoom(), center: map.getCenter()};
    }
    // Printing (the export's print stylesheet, Ctrl+P) lays the map out at the paper's width: fit again what is shown,
    // the tour step's extent or the opening view, so that the page holds the same map.
    // A view the reader chose by hand (panned, zoomed) is printed as it is, only resized to the paper.
    window.addEventListener("beforeprint", function () {
        var atOpening = chainFit && map.getZoom() === chainFit.zoom && map.getCenter().equals(chainFit.center, 1e-6);
        map.invalidateSize({animate: false});
        if (state.step && steps.has(state.step)) { fitBounds(L.latLngBounds(steps.get(state.step).bounds)); }
        else if (atOpening && !state.fit) { fitChain(); }
    });
    // A frame that changes size (the app's map follows the window) keeps the opening view fitted, unless the reader
    // has moved the map since; the legend is checked again either way.
    map.on("resize", function () {
        var atOpening = !chainFit || (map.getZoom() === chainFit.zoom && map.getCenter().equals(chainFit.center, 1e-6));
        if (atOpening && !state.step && !state.fit) { fitChain(); }
        keepLegendClear();
    });

    function setLabels(lang, mode) {
        var set = labelSets.get(lang) || labelSets.get(data.labels_default);
        var names = entries(set.names);
        var stateNames = entries(set.state);
        map.getContainer().querySelectorAll(".kuril-label[data-island]").forEach(function (node) {
            var key = node.getAttribute("data-island");
            var lines = (mode === "state" && stateNames.get(key)) || names.get(key);
            if (!lines) { return; }
            node.__full = null;
            node.classList.remove("kuril-label-short");
            node.replaceChildren();
            lines.forEach(function (line, number) {
                if (number) { node.appendChild(document.createElement("br")); }
                node.appendChild(document.createTextNode(line));
            });
            node.setAttribute("data-short", lines[0].split(" / ")[0]);
        });
        placeLabelsSoon();
    }

    function drawState(key) {
        var record = states.get(key) || states.get(model.defaults.view);
        var before = states.get(drawn.key);
        if (drawn.stateLayer) { map.removeLayer(drawn.stateLayer.group); drawn.stateLayer = null; }
        if (record.kind !== "today") {
            if (!cache.has(record.id)) { cache.set(record.id, buildStateLayer(record)); }
            // Added to the map by set() once the view is chosen (a step's fit), so that its paths are projected once.
            drawn.stateLayer = cache.get(record.id);
            // As in render_map: the state's fills and lines below the clickable islands.
            var islandStyles = entries(record.islandStyles);
            layers.islands.options.style = function (feature) {
                var styleKey = islandStyles.get(feature.properties.id);
                return styleKey ? styleOf(styleKey) : data.outlineStyle;
            };
        } else {
            layers.islands.options.style = neutralIslandStyle;
        }
        if (record.kind !== "today" || before.kind !== "today") { layers.islands.resetStyle(); }
        setLegend(record.legend);
        drawn.key = record.id;
        document.documentElement.setAttribute("data-kuril-state", record.id);
        return record;
    }

    // --- layers: the host's switches and a tour step's own list ----------------------------------------------------
    function wanted(s) {
        var hidden = new Set(s.hidden || []);
        var step = s.step ? steps.get(s.step) : null;
        if (step) {
            stepLayers.forEach(function (layerKey, tourLayer) { if (step.layers.indexOf(tourLayer) < 0) { hidden.add(layerKey); } });
        }
        var record = states.get(stateKey(s));
        return {
            context: !hidden.has("context"),
            ru: !hidden.has("ru"),
            jp: record.kind === "today" && !hidden.has("jp"),
            labels: !hidden.has("labels"),
            lines: !hidden.has("lines")
        };
    }

    var switchable = [["context", layers.contextGroup], ["ru", layers.islandsGroup], ["jp", layers.claimGroup], ["labels", layers.labelsGroup]];
    // The layers `s` does not show, off the map (set() does this before a fit, so that they are not projected for it).
    function hideLayers(s) {
        var shown = wanted(s);
        switchable.forEach(function (pair) { if (!shown[pair[0]] && map.hasLayer(pair[1])) { map.removeLayer(pair[1]); } });
    }
    function showLayers(s) {
        var shown = wanted(s);
        var readded = new Set();
        hideLayers(s);
        switchable.forEach(function (pair) {
            if (shown[pair[0]] && !map.hasLayer(pair[1])) { pair[1].addTo(map); readded.add(pair[0]); }
        });
        var lines = drawn.stateLayer && drawn.stateLayer.lines;
        if (lines) {
            if (shown.lines && !drawn.stateLayer.group.hasLayer(lines)) { drawn.stateLayer.group.addLayer(lines); }
            if (!shown.lines && drawn.stateLayer.group.hasLayer(lines)) { drawn.stateLayer.group.removeLayer(lines); }
        }
        if (readded.has("context")) { layers.contextGroup.bringToBack(); }  // a layer switched back on is drawn on top
        stackLayers();
    }
    // From the back, as render_map draws them: land, the state's fills and lines, the clickable islands,
    // Japan's claim hatched over them (not clickable), the highlight.
    function stackLayers() {
        if (drawn.stateLayer && map.hasLayer(drawn.stateLayer.group)) { drawn.stateLayer.group.bringToFront(); }
        if (map.hasLayer(layers.islandsGroup)) { layers.islandsGroup.bringToFront(); }
        if (map.hasLayer(layers.claimGroup)) { layers.claimGroup.bringToFront(); }
        if (drawn.highlight) { drawn.highlight.bringToFront(); }
    }

    function showTiles(on) {
        (layers.tiles || []).forEach(function (pair) {
            var tile = pair[0];
            if (on) {
                layers.control.removeLayer(tile);
                layers.control.addOverlay(tile, pair[1]);
            } else {
                layers.control.removeLayer(tile);
                if (map.hasLayer(tile)) { map.removeLayer(tile); }
            }
        });
    }

    // --- selection, highlight and fits ----------------------------------------------------------------------------
    function hideHighlight() {
        if (drawn.highlight) { map.removeLayer(drawn.highlight); drawn.highlight = null; }
    }
    function showHighlight(ids) {
        hideHighlight();
        var chosen = ids.map(function (id) { return features.island.get(id); }).filter(Boolean);
        if (!chosen.length) { return null; }
        drawn.highlight = L.geoJSON({type: "FeatureCollection", features: chosen}, {
            style: function () { return data.highlightStyle; },
            pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, L.extend({radius: 8}, data.highlightStyle)); },
            interactive: false
        }).addTo(map);
        return drawn.highlight;
    }

    // Leaflet ignores a new zoom while a zoom animation runs: a fit asked for meanwhile waits for its end.
    var fitLater = null;
    map.on("zoomend", function () {
        var bounds = fitLater;
        fitLater = null;
        if (bounds) { fitBounds(bounds); }
    });

    function fitBounds(bounds, layout) {
        if (map._animatingZoom) { fitLater = bounds; return; }
        // Keep what is fitted clear of the legend in the bottom-right corner, never by more than a third of the frame:
        // a tall legend in a small frame would leave no room to fit into.
        var below = Math.min((layout || legendLayout()).below, map.getSize().y / 3);
        map.fitBounds(bounds, {
            paddingTopLeft: [data.fit.padding, data.fit.padding], paddingBottomRight: [data.fit.padding, below],
            maxZoom: data.fit.maxZoom, animate: false
        });
    }

    function boundsOfIslands(ids) {
        var bounds = null;
        ids.forEach(function (id) {
            var layer = islandLayers.get(id);
            if (!layer) { return; }
            var box = layer.getBounds ? layer.getBounds() : L.latLngBounds([layer.getLatLng(), layer.getLatLng()]);
            bounds = bounds ? bounds.extend(box) : L.latLngBounds(box.getSouthWest(), box.getNorthEast());
        });
        return bounds;
    }

    function applyFit(s, stepChanged, layout) {
        var fit = s.fit;
        if (fit && fit.id !== drawn.fitId) {
            drawn.fitId = fit.id;
            var bounds = fit.bounds ? L.latLngBounds(fit.bounds) : boundsOfIslands(fit.islands || []);
            if (bounds) { fitBounds(bounds, layout); }
            return;
        }
        if (!fit) { drawn.fitId = null; }
        if (stepChanged && s.step && steps.has(s.step)) { fitBounds(L.latLngBounds(steps.get(s.step).bounds), layout); }
    }

    function keepInView(id) {
        var layer = islandLayers.get(id);
        if (!layer) { return; }
        var centre = layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng();
        if (!map.getBounds().contains(centre)) { map.panTo(centre, {animate: false}); }
    }

    // --- set: the one way the state changes -------------------------------------------------------------------------
    function clean(partial) {
        var result = {};
        Object.keys(partial || {}).forEach(function (key) {
            var value = partial[key];
            if (key === "view") { result.view = views.has(value) ? value : model.defaults.view; }
            else if (key === "period") { result.period = periods.has(value) ? value : null; }
            else if (key === "step") { result.step = steps.has(value) ? value : null; }
            else if (key === "island") { result.island = islandIds.has(value) ? value : null; }
            else if (key === "highlight") { result.highlight = (value || []).filter(function (id) { return islandIds.has(id); }); }
            else if (key === "labels") { result.labels = labelSets.has(value) ? value : null; }
            else if (key === "lang") { result.lang = languages.has(value) ? value : model.defaults.lang; }
            else if (key === "hidden") { result.hidden = (value || []).map(String); }
            else if (key === "large" || key === "tiles") { result[key] = Boolean(value); }
            else if (key === "fit") { result.fit = value && typeof value === "object" ? value : null; }
        });
        return result;
    }

    function set(partial) {
        var before = state;
        state = extend({}, state, clean(partial));
        var key = stateKey(state);
        var record = states.get(key);
        var stateChanged = key !== drawn.key;
        if (stateChanged) { drawState(key); }
        if (state.lang !== drawn.lang) { applyLanguage(state.lang); }
        var mode = record.kind === "today" ? "today" : "state";
        var labels = labelsOf(state);
        if (labels !== drawn.labels || mode !== drawn.mode) { setLabels(labels, mode); drawn.labels = labels; drawn.mode = mode; }
        if (state.tiles !== before.tiles || drawn.tiles === undefined) { showTiles(state.tiles); drawn.tiles = state.tiles; }
        document.body.classList.toggle("kuril-large", state.large);
        var stepChanged = state.step !== drawn.step;
        drawn.step = state.step;
        // What leaves the map goes before the view changes, what joins it after: each path on the map is projected
        // and drawn once, for the view it is shown in.
        var layerKey = JSON.stringify(wanted(state)) + key;
        var highlight = state.highlight.length ? state.highlight : (state.island ? [state.island] : []);
        var highlightKey = highlight.join(" ");
        if (layerKey !== drawn.layers) { hideLayers(state); }
        if (highlightKey !== drawn.highlightKey) { hideHighlight(); }
        var layout = stateChanged || stepChanged || state.fit ? legendLayout() : null;
        applyFit(state, stepChanged, layout);
        if (layerKey !== drawn.layers) { showLayers(state); drawn.layers = layerKey; }
        if (highlightKey !== drawn.highlightKey) { showHighlight(highlight); drawn.highlightKey = highlightKey; }
        if (drawn.stateLayer && !map.hasLayer(drawn.stateLayer.group)) { drawn.stateLayer.group.addTo(map); stackLayers(); }
        if (layout) { keepLegendClear(layout); }
        if (state.large !== before.large) { placeLabelsSoon(); }
        if (state.island && state.island !== before.island && !state.fit) { keepInView(state.island); }
        listeners.change.forEach(function (fn) { fn(extend({}, state)); });
        return extend({}, state);
    }

    // --- links --------------------------------------------------------------------------------------------------------
    function quoted(value) {
        var limit = model.link.quoteLimit;
        return "'" + (value.length > limit ? value.slice(0, limit) + "…" : value) + "'";
    }
    // A message is kept as its kind and value, and written in the state's language when shown (again after a switch).
    function message(kind, value) { return {kind: kind, value: value}; }
    function messageValues(problem) {
        return {value: problem.value === undefined ? "" : quoted(problem.value), accepted: model.link.accepted[problem.kind] || "",
                first: String(model.periods[0].year)};
    }
    // A year means the period in force that year: the last one starting on or before it (geo.history.period).
    function periodFor(value) {
        if (periods.has(value)) { return value; }
        if (!/^[0-9]{1,4}$/.test(value)) { return null; }
        var found = null;
        model.periods.forEach(function (entry) { if (entry.year <= Number(value)) { found = entry.id; } });
        return found;
    }

    function parseLink(text, ignore) {
        var skip = new Set(ignore || []);
        var found = Object.create(null);
        var problems = [];
        String(text || "").replace(/^[#?]/, "").split("&").forEach(function (part) {
            if (!part) { return; }
            var cut = part.indexOf("=");
            var key = cut < 0 ? part : part.slice(0, cut);
            var value = cut < 0 ? "" : part.slice(cut + 1);
            try { key = decodeURIComponent(key.replace(/\+/g, " ")); } catch (err) { /* keep it raw */ }
            try { value = decodeURIComponent(value.replace(/\+/g, " ")); } catch (err) { /* keep it raw */ }
            if (skip.has(key)) { return; }
            // A part given twice: the last one counts, so an unknown last value drops an earlier good one.
            if (model.link.keys.indexOf(key) >= 0) { delete found[key]; }
            if (model.link.keys.indexOf(key) < 0) { problems.push(message("unknown_key", key)); }
            else if (key === "view" && !views.has(value)) { problems.push(message("unknown_view", value)); }
            else if (key === "year" && !periodFor(value)) { problems.push(message("unknown_year", value)); }
            else if (key === "step" && !steps.has(value)) { problems.push(message("unknown_step", value)); }
            else if (key === "island" && !islandIds.has(value)) { problems.push(message("unknown_island", value)); }
            else if (key === "lang" && !languages.has(value)) { problems.push(message("unknown_lang", value)); }
            else { found[key] = value; }
        });
        var result = {};
        // A step brings its own view and period; otherwise a year is shown in the neutral view.
        if (found.step) {
            var step = steps.get(found.step);
            extend(result, {step: step.id, view: step.view, period: step.period});
        } else if (found.year) {
            extend(result, {view: model.defaults.view, period: periodFor(found.year)});
        } else if (found.view) {
            extend(result, {view: found.view, period: null});
        }
        if (found.island) { result.island = found.island; }
        if (found.lang) { result.lang = found.lang; }
        if (problems.length) { problems.push(message("showing_default")); }
        // The messages in the language the link asks for (else the page's).
        var lang = found.lang || state.lang;
        return {state: result, messages: problems.map(function (problem) { return translate("map.link." + problem.kind, messageValues(problem), lang); }),
                problems: problems, named: Boolean(found.step || found.year || found.view)};
    }

    function linkFor(s) {
        s = s || state;
        var parts = [];
        if (s.step && steps.has(s.step)) {
            parts.push("step=" + encodeURIComponent(s.step));
        } else if (s.period && periods.has(s.period)) {
            parts.push("year=" + periods.get(s.period).year);
        } else if (s.view && s.view !== model.defaults.view && views.has(s.view)) {
            parts.push("view=" + encodeURIComponent(s.view));
        }
        if (s.island && islandIds.has(s.island)) { parts.push("island=" + encodeURIComponent(s.island)); }
        // The language, when it is not the page's own: a link opens in the language it was copied in.
        if (s.lang && s.lang !== data.ui && languages.has(s.lang)) { parts.push("lang=" + encodeURIComponent(s.lang)); }
        return parts.join("&");
    }

    // --- messages: one notice over the map, closed by its button ---------------------------------------------------
    var notice = el("div", "kuril-message");
    notice.setAttribute("role", "status");
    notice.hidden = true;
    var noticeText = el("span", "kuril-message-text");
    var noticeClose = el("button", "kuril-message-close", "×");
    noticeClose.type = "button";
    noticeClose.setAttribute("aria-label", t("map.control.close"));
    noticeClose.addEventListener("click", function () { notice.hidden = true; });
    notice.appendChild(noticeText);
    notice.appendChild(noticeClose);
    map.getContainer().appendChild(notice);
    L.DomEvent.disableClickPropagation(notice);

    var shownProblems = [];
    function showMessages(lines) {
        shownProblems = [];
        noticeText.textContent = lines.join(" ");
        notice.hidden = !lines.length;
    }
    function showProblems(problems) {
        shownProblems = problems.slice();
        noticeText.textContent = problems.map(function (problem) { return t("map.link." + problem.kind, messageValues(problem)); }).join(" ");
        notice.hidden = !problems.length;
    }

    function openLink(text, ignore) {
        var opened = parseLink(text, ignore);
        if (opened.state.lang && opened.state.lang !== state.lang) { set({lang: opened.state.lang}); }
        showProblems(opened.problems);
        return opened;
    }

    // --- the interface language: every word of the map, switched in place ------------------------------------------
    function labelsOf(s) { return s.labels && labelSets.has(s.labels) ? s.labels : (labelSets.has(s.lang) ? s.lang : data.labels_default); }

    function setTooltips(lang) {
        [["islands", layers.islands], ["context", layers.context]].forEach(function (pair) {
            var texts = entries((data.tooltips[pair[0]] || {})[lang]);
            pair[1].eachLayer(function (layer) {
                var id = layer.feature && layer.feature.properties.id;
                // Our own escaped template output (layers.text), read by folium's tooltip when it opens.
                if (texts.has(id)) { layer.feature.properties.tooltip_html = texts.get(id); }
            });
        });
    }

    function setControlWords(lang) {
        var names = (data.i18n.layerNames || {})[lang] || {};
        var byLayer = new Map([[layers.contextGroup, "context"], [layers.islandsGroup, "ru"], [layers.claimGroup, "jp"], [layers.labelsGroup, "labels"]]);
        (layers.tiles || []).forEach(function (pair) { byLayer.set(pair[0], pair[1]); });
        (layers.control._layers || []).forEach(function (entry) {
            var key = byLayer.get(entry.layer);
            if (key && names[key]) { entry.name = names[key]; }
        });
        if (layers.control._map) { layers.control._update(); }
        var container = map.getContainer();
        var words = [[".leaflet-control-zoom-in", "map.control.zoomIn"], [".leaflet-control-zoom-out", "map.control.zoomOut"],
                     [".leaflet-control-layers-toggle", "map.control.layers"]];
        words.forEach(function (pair) {
            container.querySelectorAll(pair[0]).forEach(function (node) {
                node.title = t(pair[1]);
                node.setAttribute("aria-label", t(pair[1]));
            });
        });
        fullscreenWords();
        if (layers.measure) { layers.measure.setLanguage(lang); }
        noticeClose.setAttribute("aria-label", t("map.control.close"));
        container.querySelectorAll(".kuril-legend").forEach(function (node) { node.setAttribute("aria-label", t("map.legend.label")); });
    }

    // The full-screen button (leaflet.fullscreen keeps its control on the map): its titles follow the language.
    function fullscreenWords() {
        var control = map.fullscreenControl;
        if (!control) { return; }
        control.options.title = t("map.control.fullscreen");
        control.options.titleCancel = t("map.control.exitFullscreen");
        var link = control.link;
        if (!link) { return; }
        var words = map.isFullscreen && map.isFullscreen() ? control.options.titleCancel : control.options.title;
        link.title = words;
        link.setAttribute("aria-label", words);
    }

    function applyLanguage(lang) {
        drawn.lang = lang;
        document.documentElement.lang = lang;
        // The map is a landmark of its own, named in the reader's language (the panel and the tools are the host's).
        map.getContainer().setAttribute("role", "region");
        map.getContainer().setAttribute("aria-label", t("map.title"));
        setTooltips(lang);
        setControlWords(lang);
        setLegend(states.get(drawn.key).legend);
        if (shownProblems.length) { showProblems(shownProblems); }
    }

    // --- clicks -------------------------------------------------------------------------------------------------------
    layers.islands.on("click", function (event) {
        var layer = event.propagatedFrom || event.layer;
        if (!layer || !layer.feature) { return; }
        var id = layer.feature.properties.id;
        window.__kurilClickAt = performance.now();
        set({island: id, highlight: [], fit: null});
        listeners.island.forEach(function (fn) { fn(id); });
    });
    // A label layer switched off and on again in the layer control is redrawn with its original text.
    map.on("overlayadd", function () { setLabels(labelsOf(state), drawn.mode); });

    // A small screen (a phone) starts with the legend folded, so that it does not cover the islands. The screen is
    // the reader's window, not the map's frame: in the app the map is a frame in a column of a wide page.
    var screenWindow = window;
    try { if (window.top && window.top.matchMedia) { screenWindow = window.top; } } catch (err) { /* another site's frame */ }
    if (screenWindow.matchMedia("(max-width: 760px)").matches) {
        map.getContainer().querySelectorAll(".kuril-legend details[open]").forEach(function (details) { details.open = false; });
    }
    // The map has no view until this first fit (add_client drops folium's): its layers wait for one, so each vertex
    // is projected and drawn once, at the opening view (the legend is already in the page's language).
    fitChain();
    // The islands are drawn: the browser paints them (and places the labels, in that frame's callbacks) before the
    // rest of the opening work, the words, the legend's check, the state layers and the hosts' own (kurilMapReady).
    function finish() {
        drawn.labels = labelsOf(state);
        setLabels(drawn.labels, "today");
        drawn.mode = "today";
        applyLanguage(state.lang);
        keepLegendClear();
        // Build every state's layer when the browser is idle, so that the first switch to it only adds it to the map.
        var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 200); };
        var unbuilt = data.states.filter(function (record) { return record.kind !== "today"; });
        (function buildNext() {
            idle(function () {
                var record = unbuilt.shift();
                if (!record) { return; }
                if (!cache.has(record.id)) { cache.set(record.id, buildStateLayer(record)); }
                buildNext();
            });
        })();
        window.kurilMap = {
            model: model,
            set: set,
            get state() { return extend({}, state); },
            on: function (name, fn) { (listeners[name] || []).push(fn); },
            openLink: openLink,
            parseLink: parseLink,
            linkFor: linkFor,
            showMessages: showMessages,
            t: t,
            number: function (value) { return numberIn(state.lang, value); },
            plural: function (count) { return pluralIn(state.lang, count); },
            inLanguage: inLanguage,
            disputed: data.disputed.slice(),
            stateInfo: function () {
                var record = states.get(drawn.key);
                return {id: record.id, kind: record.kind, title: inLanguage(record.title), description: inLanguage(record.description),
                        sources: record.sources.slice(), lang: state.lang};
            },
            map: map
        };
        document.documentElement.setAttribute("data-kuril-state", drawn.key);
        document.dispatchEvent(new CustomEvent("kuril-map-ready"));
        announceReady(window.kurilMap);
    }
    // After the frame that paints them; in a tab the browser does not paint (hidden), a moment later all the same.
    var finished = false;
    function finishOnce() { if (!finished) { finished = true; finish(); } }
    requestAnimationFrame(function () { setTimeout(finishOnce, 0); });
    setTimeout(finishOnce, 250);
})({{ this.map_name }}, {{ this.layers_js }}, {{ this.patterns_js }}, {{ this.data_js }}, {{ this.geometry_js }});
{% endmacro %}
