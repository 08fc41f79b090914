{% macro script(this, kwargs) %}
/* The export's article panel (layers/panel.py). Article text arrives as JSON and enters the page
   only through textContent and createTextNode: never through innerHTML. */
(function (map, islandsLayer, data, highlightStyle) {
    "use strict";
    var panel = document.getElementById("kuril-panel");
    if (!panel) { return; }
    var body = panel.querySelector(".kuril-panel-body");
    var toggle = panel.querySelector(".kuril-panel-toggle");
    var hint = panel.querySelector(".kuril-panel-hint");
    var status = panel.querySelector(".kuril-panel-status");
    var clear = panel.querySelector(".kuril-panel-clear");
    var islandSection = panel.querySelector(".kuril-panel-island");
    var factsBox = panel.querySelector(".kuril-panel-facts");
    var relatedTitle = panel.querySelector(".kuril-panel-related-title");
    var relatedList = panel.querySelector(".kuril-panel-related");
    var articleList = panel.querySelector(".kuril-panel-articles");
    var state = {island: null, excerpt: null};
    var highlight = null;

    // The islands' GeoJSON features by id, from the layer the map already holds.
    var features = {};
    islandsLayer.eachLayer(function (layer) {
        if (layer.feature && layer.feature.properties) { features[layer.feature.properties.id] = layer.feature; }
    });

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined && text !== null) { node.textContent = text; }
        return node;
    }

    // On a narrow screen the panel is a drawer that shares the height with the map (see export_panel.css).
    function setOpen(open) {
        panel.classList.toggle("kuril-panel-open", open);
        document.body.classList.toggle("kuril-drawer-open", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.textContent = open ? "Hide articles" : "Show articles";
        map.invalidateSize();
    }

    function keepInView(layer) {
        if (layer && !map.getBounds().contains(layer.getBounds())) { map.panTo(layer.getBounds().getCenter()); }
    }

    function showHighlight(ids) {
        if (highlight) { map.removeLayer(highlight); highlight = null; }
        var chosen = ids.map(function (id) { return features[id]; }).filter(Boolean);
        if (!chosen.length) { return null; }
        highlight = L.geoJSON({type: "FeatureCollection", features: chosen}, {
            style: function () { return highlightStyle; },
            pointToLayer: function (feature, latlng) {
                return L.circleMarker(latlng, L.extend({radius: 8}, highlightStyle));
            },
            interactive: false
        }).addTo(map);
        return highlight;
    }

    // The excerpt's text with its place names in <mark>s, cut at UTF-16 offsets computed in Python.
    function excerptText(record) {
        var text = record.text;
        var position = 0;
        var holder = el("span", "kuril-excerpt-text");
        record.marks.forEach(function (mark) {
            if (mark[0] > position) { holder.appendChild(document.createTextNode(text.slice(position, mark[0]))); }
            var node = el("mark", "kuril-mention kuril-mention-" + mark[3], text.slice(mark[0], mark[1]));
            node.setAttribute("data-place", mark[2]);
            node.title = mark[2] + " (" + mark[3] + ")";
            holder.appendChild(node);
            position = mark[1];
        });
        if (position < text.length) { holder.appendChild(document.createTextNode(text.slice(position))); }
        return holder;
    }

    function sourceLink(article) {
        // Only web links: the parser refuses other schemes, and this check keeps javascript: out regardless.
        if (!/^https?:\/\//i.test(article.url || "")) { return null; }
        var link = el("a", null, "source");
        link.href = article.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer nofollow";
        return link;
    }

    function byline(article, withTitle) {
        var line = el("div", "kuril-byline", (withTitle ? article.title + " — " : "") + article.byline);
        var link = sourceLink(article);
        if (link) {
            line.appendChild(document.createTextNode(" · "));
            line.appendChild(link);
        }
        return line;
    }

    function excerptNode(index, relation, withByline) {
        var record = data.excerpts[index];
        var node = el("article", "kuril-excerpt");
        node.setAttribute("data-excerpt", record.id);
        node.lang = record.lang;
        if (relation) { node.appendChild(el("div", "kuril-relation", data.relations[relation] || relation)); }
        var text = excerptText(record);
        if (record.islands.length) {
            var button = el("button", "kuril-excerpt-pick");
            button.type = "button";
            button.setAttribute("aria-pressed", "false");
            button.appendChild(text);
            button.appendChild(el("span", "kuril-excerpt-cue", "Show on map (" + record.islands.length +
                (record.islands.length === 1 ? " island)" : " islands)")));
            button.addEventListener("click", function () { pickExcerpt(index); });
            node.appendChild(button);
        } else {
            var plain = el("p", "kuril-excerpt-plain");
            plain.appendChild(text);
            node.appendChild(plain);
        }
        if (withByline) { node.appendChild(byline(data.articles[record.article], true)); }
        return node;
    }

    function markSelected() {
        var selectedId = state.excerpt === null ? null : data.excerpts[state.excerpt].id;
        panel.querySelectorAll(".kuril-excerpt").forEach(function (node) {
            var on = node.getAttribute("data-excerpt") === selectedId;
            node.classList.toggle("kuril-excerpt-selected", on);
            var button = node.querySelector(".kuril-excerpt-pick");
            if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
        });
        clear.hidden = state.island === null && state.excerpt === null;
    }

    function islandNames(ids) {
        return ids.map(function (id) { return data.islands[id] ? data.islands[id].name : id; }).join(", ");
    }

    function pickExcerpt(index) {
        var record = data.excerpts[index];
        state.excerpt = index;
        markSelected();
        var layer = showHighlight(record.islands);
        if (layer) {
            // Keep the islands clear of the legend in the bottom-right corner.
            var legend = map.getContainer().querySelector(".kuril-legend");
            var below = legend ? legend.offsetHeight + 16 : 30;
            map.fitBounds(layer.getBounds(), {paddingTopLeft: [30, 30], paddingBottomRight: [30, below], maxZoom: 11});
        }
        status.textContent = "On the map: " + islandNames(record.islands);
    }

    function showIsland(id) {
        var record = data.islands[id];
        if (!record) { return; }
        state.island = id;
        state.excerpt = null;
        var layer = showHighlight([id]);
        // The fact sheet is our own escaped template output (layers/templates/island_popup.html), no article text.
        factsBox.innerHTML = record.facts;
        relatedTitle.textContent = "News that mentions " + record.name;
        relatedList.replaceChildren();
        record.excerpts.forEach(function (entry) { relatedList.appendChild(excerptNode(entry[0], entry[1], true)); });
        if (!record.excerpts.length) {
            relatedList.appendChild(el("p", "kuril-panel-empty", "No excerpt names this island, its group or the chain."));
        }
        hint.hidden = true;
        islandSection.hidden = false;
        status.textContent = "";
        markSelected();
        setOpen(true);
        keepInView(layer);
        body.scrollTop = 0;
        try { history.replaceState(null, "", "#island=" + encodeURIComponent(id)); } catch (err) { /* file: in some browsers */ }
    }

    function clearSelection() {
        state.island = null;
        state.excerpt = null;
        showHighlight([]);
        islandSection.hidden = true;
        hint.hidden = false;
        status.textContent = "";
        markSelected();
        try { history.replaceState(null, "", location.pathname + location.search); } catch (err) { /* ignore */ }
    }

    data.articles.forEach(function (article, articleIndex) {
        var section = el("section", "kuril-article");
        section.lang = article.lang;
        section.appendChild(el("h3", "kuril-article-title", article.title));
        section.appendChild(byline(article, false));
        data.excerpts.forEach(function (record, index) {
            if (record.article === articleIndex) { section.appendChild(excerptNode(index, null, false)); }
        });
        articleList.appendChild(section);
    });
    if (!data.articles.length) { articleList.appendChild(el("p", "kuril-panel-empty", "No articles in this file.")); }

    islandsLayer.on("click", function (event) {
        var layer = event.propagatedFrom || event.layer;
        if (layer && layer.feature) { showIsland(layer.feature.properties.id); }
    });
    toggle.addEventListener("click", function () { setOpen(!panel.classList.contains("kuril-panel-open")); });
    clear.addEventListener("click", clearSelection);

    // A small screen starts with the legend folded, so that it does not cover the map.
    if (window.matchMedia("(max-width: 760px)").matches) {
        map.getContainer().querySelectorAll(".kuril-legend details[open]").forEach(function (details) { details.open = false; });
    }

    var linked = /^#island=([\w-]+)$/.exec(location.hash);
    if (linked && data.islands[linked[1]]) { showIsland(linked[1]); }
})({{ this.map_name }}, {{ this.layer_name }}, {{ this.data|tojson }}, {{ this.highlight_style|tojson }});
{% endmacro %}
