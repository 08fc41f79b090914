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
        var project = proto._project;
        L.Polyline.include({
            _kurilLevelSources: new WeakMap(),  // a decoded feature -> {levels, name, index}
            _project: function () {
                var source = this.feature && this._map && this._kurilLevelSources.get(this.feature);
                if (source) { source.levels.match(this, source); }
                return project.apply(this, arguments);
            }
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
    var latLngs = new WeakMap();  // feature -> {coarse: LatLngs, fine: LatLngs}
    var drawnAt = new WeakMap();  // path -> the level its LatLngs are at (the coarse one if unset)
    // How deep a geometry's coordinates nest above a position, as Leaflet's L.GeoJSON.geometryToLayer reads them.
    var DEPTH = {LineString: 0, MultiLineString: 1, Polygon: 1, MultiPolygon: 2};
    var levels = {
        // The object `name` of the topology as a FeatureCollection, at the coarse level.
        features: function (name) {
            var collection = topojson.feature(coarse, coarse.objects[name]);
            collection.features.forEach(function (feature, index) {
                sources.set(feature, {levels: levels, name: name, index: index});
            });
            return collection;
        },
        levelAt: function (zoom) { return zoom > coarseMaxZoom ? "fine" : "coarse"; },
        // Called as `path` is about to be projected: its LatLngs at the level of the map's zoom.
        match: function (path, source) {
            var level = levels.levelAt(path._map.getZoom());
            if ((drawnAt.get(path) || "coarse") === level) { return; }
            var feature = path.feature;
            var depth = DEPTH[feature.geometry && feature.geometry.type];
            if (depth === undefined) { return; }
            if (!latLngs.has(feature)) { latLngs.set(feature, {}); }
            var cached = latLngs.get(feature);
            if (!cached[level]) {
                var geometry = feature.geometry;
                if (level === "fine") {
                    if (!fine.has(source.name)) { fine.set(source.name, topojson.feature(topology, topology.objects[source.name]).features); }
                    geometry = fine.get(source.name)[source.index].geometry;
                }
                cached[level] = L.GeoJSON.coordsToLatLngs(geometry.coordinates, depth);
            }
            // Leaflet's own setter without its redraw: the path is being projected already.
            path._setLatLngs(cached[level]);
            drawnAt.set(path, level);
        }
    };
    return levels;
}
