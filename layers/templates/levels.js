/* Levels of detail (layers/map/topology.py): the page's topology holds its arcs twice, at full detail ("arcs") and
   simplified to part of a pixel at the coarse zooms ("coarseArcs": the same arcs' subsets, with the same ends and
   bounds). Features are decoded at the coarse level; each path is projected at the level of the zoom it is
   projected for, so the opening view projects and draws about a third of the vertices, and a zoom past
   coarseMaxZoom draws every vertex of the coast. */
var kurilLevelSources = new WeakMap();  // a decoded feature -> {levels, name, index}

function kurilLevels(topology, coarseMaxZoom) {
    "use strict";
    var coarse = {type: "Topology", transform: topology.transform, objects: topology.objects, arcs: topology.coarseArcs || topology.arcs};
    var fine = new Map();         // object name -> its features at full detail, decoded when first needed
    var latLngs = new WeakMap();  // feature -> {coarse: LatLngs, fine: LatLngs}
    var drawnAt = new WeakMap();  // path -> the level its LatLngs are at (the coarse one if unset)
    var DEPTH = {LineString: 0, MultiLineString: 1, Polygon: 1, MultiPolygon: 2};
    var levels = {
        // The object `name` of the topology as a FeatureCollection, at the coarse level.
        features: function (name) {
            var collection = topojson.feature(coarse, coarse.objects[name]);
            collection.features.forEach(function (feature, index) {
                kurilLevelSources.set(feature, {levels: levels, name: name, index: index});
            });
            return collection;
        },
        levelAt: function (zoom) { return zoom <= coarseMaxZoom ? "coarse" : "fine"; },
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
    if (!L.Polyline.prototype.kurilLevels) {
        // Every projection of a path (its first draw, a zoom's end, a redraw) passes here, so a path is never
        // projected twice for one change of level.
        var project = L.Polyline.prototype._project;
        L.Polyline.include({
            kurilLevels: true,
            _project: function () {
                var source = this.feature && this._map && kurilLevelSources.get(this.feature);
                if (source) { source.levels.match(this, source); }
                return project.apply(this, arguments);
            }
        });
    }
    return levels;
}
