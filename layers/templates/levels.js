/* Levels of detail (layers/map/topology.py): the page's topology holds its arcs at full detail ("arcs") and, for the
   coarse zooms, which of their points a coarse level keeps ("coarseSteps": for each arc, the steps from one kept
   index to the next; geo.topology.coarse_steps), with the same ends and bounds. Features are decoded at the coarse
   level; each path is projected at the level of the zoom it is projected for, so the opening view projects and draws
   about a third of the vertices, and a zoom past coarseMaxZoom draws every vertex of the coast. */
function kurilLevels(topology, coarseMaxZoom) {
    "use strict";
    var proto = L.Polyline.prototype;
    if (!proto._kurilLevelSources) {
        // Every projection of a path (its first draw, a zoom's end, a redraw) passes here, so a path is never
        // projected twice for one change of level. Installed once per window; the registry lives with it.
        //
        // One change of view is also one projection and one redraw of each path. Leaflet 1.9.3's _resetView (every
        // fitBounds, setView or zoom without animation) projects each path twice (the renderer's zoomend, then the
        // path's viewreset) and clips and writes its SVG three times (moveend, then the renderer's and the path's
        // viewreset). A path projected for the view it is at, or drawn from the same projection into the same
        // renderer bounds with the same clipping options (a polygon's clip is padded by its weight), is skipped; a
        // redraw, new LatLngs or a new element (onAdd) always runs.
        var project = proto._project, update = proto._update, redraw = proto.redraw, setLatLngs = proto._setLatLngs,
            onAdd = proto.onAdd;
        var viewOf = function (map) {
            var origin = map.getPixelOrigin();
            return map.getZoom() + " " + origin.x + " " + origin.y;
        };
        var boundsOf = function (bounds) {
            return bounds ? [bounds.min.x, bounds.min.y, bounds.max.x, bounds.max.y].join(" ") : "";
        };
        var forget = function (path) { path._kurilProjectedFor = null; path._kurilUpdatedFor = null; };
        L.Polyline.include({
            _kurilLevelSources: new WeakMap(),  // a decoded feature -> {levels, name, index}
            _project: function () {
                if (!this._map) { return project.apply(this, arguments); }
                var view = viewOf(this._map);
                if (this._kurilProjectedFor === view) { return; }
                var source = this.feature && this._kurilLevelSources.get(this.feature);
                if (source) { source.levels.match(this); }
                project.apply(this, arguments);
                this._kurilProjectedFor = view;
                this._kurilUpdatedFor = null;
            },
            _update: function () {
                if (!this._map || !(this._renderer instanceof L.SVG)) { return update.apply(this, arguments); }
                var o = this.options;
                var drawnFor = [this._kurilProjectedFor, boundsOf(this._renderer._bounds), o.weight, o.noClip, o.smoothFactor].join("|");
                if (this._kurilProjectedFor && this._kurilUpdatedFor === drawnFor) { return; }
                update.apply(this, arguments);
                this._kurilUpdatedFor = drawnFor;
            },
            redraw: function () { forget(this); return redraw.apply(this, arguments); },
            _setLatLngs: function () { forget(this); return setLatLngs.apply(this, arguments); },
            onAdd: function () { forget(this); return onAdd.apply(this, arguments); }
        });
    }
    var sources = proto._kurilLevelSources;

    // The coarse arcs, rebuilt from the full ones: each kept point's offset from the kept point before it.
    function coarseArcs(arcs, steps) {
        return arcs.map(function (arc, i) {
            var out = [], x = 0, y = 0, lastX = 0, lastY = 0, next = 0, k = 0, step = steps[i];
            for (var j = 0; j < arc.length; j++) {
                x += arc[j][0];
                y += arc[j][1];
                if (j === next) {
                    out.push([x - lastX, y - lastY]);
                    lastX = x;
                    lastY = y;
                    next = k < step.length ? next + step[k++] : -1;
                }
            }
            return out;
        });
    }
    var coarse = {type: "Topology", transform: topology.transform, objects: topology.objects,
                  arcs: topology.coarseSteps ? coarseArcs(topology.arcs, topology.coarseSteps) : topology.arcs};
    var fine = new Map();         // object name -> its features at full detail, decoded when first needed
    var latLngs = new WeakMap();  // feature -> {coarse: shape, fine: shape} (see latLngsAt)
    var drawnAt = new WeakMap();  // path -> the level its LatLngs are at (the coarse one if unset)
    var decoded = [];             // every feature decoded at the coarse level, for warm()
    // How deep a geometry's coordinates nest above a position, and the path Leaflet's L.GeoJSON.geometryToLayer
    // makes of it.
    var SHAPES = {LineString: [0, L.Polyline], MultiLineString: [1, L.Polyline], Polygon: [1, L.Polygon],
                  MultiPolygon: [2, L.Polygon]};

    // A feature's shape at `level`, made once (the fine features decoded, for the whole object, the first time): its
    // LatLngs and bounds as Leaflet's own _setLatLngs leaves them on a path of its kind, so that a change of level
    // hands them to each path of the feature (the base layer's, a state's, a highlight's) without converting again.
    function latLngsAt(feature, level) {
        var source = sources.get(feature);
        var shape = SHAPES[feature.geometry && feature.geometry.type];
        if (!source || !shape) { return null; }
        if (!latLngs.has(feature)) { latLngs.set(feature, {}); }
        var cached = latLngs.get(feature);
        if (!cached[level]) {
            var geometry = feature.geometry;
            if (level === "fine") {
                if (!fine.has(source.name)) { fine.set(source.name, topojson.feature(topology, topology.objects[source.name]).features); }
                geometry = fine.get(source.name)[source.index].geometry;
            }
            var made = new shape[1](L.GeoJSON.coordsToLatLngs(geometry.coordinates, shape[0]));
            cached[level] = {polygon: made instanceof L.Polygon, latlngs: made._latlngs, bounds: made._bounds};
        }
        return cached[level];
    }

    var levels = {
        // The object `name` of the topology as a FeatureCollection, at the coarse level.
        features: function (name) {
            var collection = topojson.feature(coarse, coarse.objects[name]);
            collection.features.forEach(function (feature, index) {
                sources.set(feature, {levels: levels, name: name, index: index});
                decoded.push(feature);
            });
            return collection;
        },
        levelAt: function (zoom) { return zoom > coarseMaxZoom ? "fine" : "coarse"; },
        // Called as `path` is about to be projected: its LatLngs at the level of the map's zoom.
        match: function (path) {
            var level = levels.levelAt(path._map.getZoom());
            if ((drawnAt.get(path) || "coarse") === level) { return; }
            var found = latLngsAt(path.feature, level);
            if (!found || found.polygon !== (path instanceof L.Polygon)) { return; }
            // What Leaflet's own setter would leave (the shared LatLngs, the path's own bounds), without its redraw:
            // the path is being projected already.
            path._latlngs = found.latlngs;
            path._bounds = L.latLngBounds(found.bounds.getSouthWest(), found.bounds.getNorthEast());
            drawnAt.set(path, level);
        },
        // Make the fine level of every decoded feature ahead of need, a little at a time while the page is idle, so
        // that the first zoom past the coarse level (a reader's, a tour step's) does not wait for its decoding.
        // Resolves once every feature decoded so far has its fine level.
        warm: function () {
            var idle = window.requestIdleCallback || function (work) {
                return setTimeout(function () { work({timeRemaining: function () { return 10; }}); }, 50);
            };
            var next = 0;
            return new Promise(function (done) {
                function work(deadline) {
                    while (next < decoded.length && deadline.timeRemaining() > 2) { latLngsAt(decoded[next++], "fine"); }
                    if (next < decoded.length) { idle(work); } else { done(); }
                }
                idle(work);
            });
        }
    };
    // The page decodes its layers' features right after this, in the same task; the first idle time comes after.
    levels.warmed = levels.warm();
    return levels;
}
