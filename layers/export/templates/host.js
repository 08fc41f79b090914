{% macro script(this, kwargs) %}
/* The export's host of the map client (layers/export/host.py): the article panel and the classroom controls.
   The map's behaviour (states, links, fits, highlight, messages) is the client's (window.kurilMap); this
   script only builds the panel, keeps the host's state (what the panel shows) and hands the map its part.
   Article text arrives as JSON and enters the page only through textContent and createTextNode. */
(function (client, data) {
    "use strict";
    var panel = document.getElementById("kuril-panel");
    var root = document.getElementById("kuril-class");
    if (!client || !panel || !root) { return; }
    var model = client.model;

    function q(scope, selector) { return scope.querySelector(selector); }
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
    function entries(object) { return new Map(Object.keys(object || {}).map(function (key) { return [key, object[key]]; })); }

    var islands = entries(data.islands);
    var relations = entries(data.relations);
    var stepList = model.steps;
    var body = q(panel, ".kuril-panel-body");
    var toggle = q(panel, ".kuril-panel-toggle");
    var hint = q(panel, ".kuril-panel-hint");
    var status = q(panel, ".kuril-panel-status");
    var clear = q(panel, ".kuril-panel-clear");
    var islandSection = q(panel, ".kuril-panel-island");
    var factsBox = q(panel, ".kuril-panel-facts");
    var relatedTitle = q(panel, ".kuril-panel-related-title");
    var relatedList = q(panel, ".kuril-panel-related");
    var articleList = q(panel, ".kuril-panel-articles");
    body.insertBefore(root, body.firstChild);
    root.hidden = false;
    var viewButtons = q(root, ".kuril-view-buttons");
    var periodSelect = q(root, ".kuril-period");
    var stateBox = q(root, ".kuril-state");
    var tourBox = q(root, ".kuril-tour");
    var tourToggle = q(root, ".kuril-tour-toggle");
    var largeToggle = q(root, ".kuril-large-toggle");
    var prev = q(root, ".kuril-tour-prev");
    var next = q(root, ".kuril-tour-next");
    var distances = q(root, ".kuril-distances");

    // What the panel shows; the map's part of it goes to the client in update().
    var host = {view: model.defaults.view, period: null, step: 0, tour: false, onStep: false, island: null, excerpt: null, large: false};
    var picks = 0;

    function stepIndex(id) {
        for (var i = 0; i < stepList.length; i++) { if (stepList[i].id === id) { return i; } }
        return -1;
    }

    function mapState() {
        var excerpt = host.excerpt === null ? null : data.excerpts[host.excerpt];
        return {
            view: host.view, period: host.period,
            step: host.tour && host.onStep ? stepList[host.step].id : null,
            island: host.island,
            highlight: excerpt ? excerpt.islands : [],
            fit: excerpt && excerpt.islands.length ? {id: "excerpt:" + host.excerpt + ":" + picks, islands: excerpt.islands} : null,
            large: host.large, tiles: data.tiles
        };
    }

    function update(partial) {
        extend(host, partial || {});
        client.set(mapState());
        showControls();
        showSelection();
        try {
            var link = client.linkFor();
            history.replaceState(null, "", link ? "#" + link : location.pathname + location.search);
        } catch (err) { /* some browsers refuse history on file: pages */ }
    }

    // --- drawer (narrow screens) ---------------------------------------------------------------------------------
    function setOpen(open) {
        panel.classList.toggle("kuril-panel-open", open);
        document.body.classList.toggle("kuril-drawer-open", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.textContent = open ? data.texts.hideArticles : data.texts.showArticles;
        client.map.invalidateSize();
    }

    // --- excerpts -------------------------------------------------------------------------------------------------
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

    function sourceLink(url, text) {
        // Only web links: the article parser refuses other schemes, and this check keeps javascript: out regardless.
        if (!/^https?:\/\//i.test(url || "")) { return null; }
        var link = el("a", null, text);
        link.href = url;
        link.target = "_blank";
        link.rel = "noopener noreferrer nofollow";
        return link;
    }

    function byline(article, withTitle) {
        var line = el("div", "kuril-byline", (withTitle ? article.title + " — " : "") + article.byline);
        var link = sourceLink(article.url, data.texts.source);
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
        if (relation) { node.appendChild(el("div", "kuril-relation", relations.get(relation) || relation)); }
        var text = excerptText(record);
        if (record.islands.length) {
            var button = el("button", "kuril-excerpt-pick");
            button.type = "button";
            button.setAttribute("aria-pressed", "false");
            button.appendChild(text);
            var count = record.islands.length;
            button.appendChild(el("span", "kuril-excerpt-cue", (count === 1 ? data.texts.showOne : data.texts.showMany).replace("{count}", count)));
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

    function excerptIndex(id) {
        for (var i = 0; i < data.excerpts.length; i++) { if (data.excerpts[i].id === id) { return i; } }
        return -1;
    }

    function islandNames(ids) {
        return ids.map(function (id) { return islands.has(id) ? islands.get(id).name : id; }).join(", ");
    }

    function pickExcerpt(index) {
        picks += 1;
        update({excerpt: index});
        status.textContent = data.texts.onMap + " " + islandNames(data.excerpts[index].islands);
    }

    // --- the island panel -----------------------------------------------------------------------------------------
    var shownIsland = null;
    function showSelection() {
        var selectedId = host.excerpt === null ? null : data.excerpts[host.excerpt].id;
        if (host.island !== shownIsland) {
            shownIsland = host.island;
            var record = host.island ? islands.get(host.island) : null;
            if (record) {
                // The fact sheet is our own escaped template output (layers/templates/island_popup.html), no article text.
                factsBox.innerHTML = record.facts;
                relatedTitle.textContent = data.texts.newsAbout.replace("{name}", record.name);
                relatedList.replaceChildren();
                record.excerpts.forEach(function (entry) { relatedList.appendChild(excerptNode(entry[0], entry[1], true)); });
                if (!record.excerpts.length) { relatedList.appendChild(el("p", "kuril-panel-empty", data.texts.noExcerpt)); }
                status.textContent = "";
                body.scrollTop = 0;
            }
            hint.hidden = Boolean(record);
            islandSection.hidden = !record;
        }
        panel.querySelectorAll(".kuril-excerpt").forEach(function (node) {
            var on = node.getAttribute("data-excerpt") === selectedId;
            node.classList.toggle("kuril-excerpt-selected", on);
            var button = node.querySelector(".kuril-excerpt-pick");
            if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
        });
        clear.hidden = host.island === null && host.excerpt === null;
        if (host.excerpt === null) { status.textContent = ""; }
    }

    // --- classroom controls ---------------------------------------------------------------------------------------
    function sourceItem(text) {
        var item = el("li");
        var url = /^https?:\/\/\S+/i.exec(text);
        var link = url && sourceLink(url[0], url[0]);
        if (link) {
            item.appendChild(link);
            item.appendChild(document.createTextNode(text.slice(url[0].length)));
        } else {
            item.textContent = text;
        }
        return item;
    }

    var shownInfo = null;
    function showControls() {
        var info = client.stateInfo();
        if (info.id !== shownInfo) {
            shownInfo = info.id;
            q(root, ".kuril-state-title").textContent = info.title;
            var text = q(root, ".kuril-state-text");
            text.textContent = info.description || "";
            text.hidden = !info.description;
            var sources = q(root, ".kuril-state-sources");
            sources.replaceChildren();
            info.sources.forEach(function (source) { sources.appendChild(sourceItem(source)); });
            q(root, ".kuril-state-sources-title").textContent = data.texts.sources.replace("{count}", info.sources.length);
            q(root, ".kuril-state-more").hidden = !info.sources.length;
            stateBox.setAttribute("data-state", info.id);
            root.setAttribute("data-state", info.id);
        }
        // A period is shown in the neutral view: its button is the pressed one.
        var shownView = host.period ? model.defaults.view : host.view;
        viewButtons.querySelectorAll("button").forEach(function (button) {
            button.setAttribute("aria-pressed", button.getAttribute("data-view") === shownView ? "true" : "false");
        });
        periodSelect.value = host.period || "";
        tourBox.hidden = !host.tour;
        tourToggle.setAttribute("aria-pressed", host.tour ? "true" : "false");
        tourToggle.textContent = host.tour ? data.texts.endTour : data.texts.tour;
        largeToggle.setAttribute("aria-pressed", host.large ? "true" : "false");
    }

    model.views.forEach(function (entry) {
        var button = el("button", "kuril-class-button", entry.name);
        button.type = "button";
        button.setAttribute("data-view", entry.id);
        button.setAttribute("aria-pressed", "false");
        button.addEventListener("click", function () { update({view: entry.id, period: null, onStep: false}); });
        viewButtons.appendChild(button);
    });
    periodSelect.appendChild(el("option", null, data.texts.today)).value = "";
    model.periods.forEach(function (entry) { periodSelect.appendChild(el("option", null, entry.label)).value = entry.id; });
    periodSelect.addEventListener("change", function () {
        // A period is shown in the neutral view; "Today" goes back to it.
        update({view: model.defaults.view, period: periodSelect.value || null, onStep: false});
    });

    // --- the guided tour ------------------------------------------------------------------------------------------
    function excerptCopy(id) {
        var index = excerptIndex(id);
        if (index < 0) { return null; }  // not among this file's articles (--articles)
        var record = data.excerpts[index];
        var node = excerptNode(index, null, false);
        node.appendChild(el("div", "kuril-byline", data.texts.from + " " + data.articles[record.article].title));
        return node;
    }

    function showStep(index) {
        index = Math.max(0, Math.min(index, stepList.length - 1));
        var step = stepList[index];
        var focused = document.activeElement;
        q(root, ".kuril-tour-count").textContent = data.texts.stepCount.replace("{number}", index + 1).replace("{total}", stepList.length);
        q(root, ".kuril-tour-title").textContent = step.title;
        q(root, ".kuril-tour-text").textContent = step.text;
        var excerpts = q(root, ".kuril-tour-excerpts");
        excerpts.replaceChildren();
        step.excerpts.forEach(function (id) {
            var copy = excerptCopy(id);
            if (copy) { excerpts.appendChild(copy); }
        });
        prev.disabled = index === 0;
        next.disabled = index === stepList.length - 1;
        // Keep the keyboard where it was: a button that just became disabled hands focus to the other one.
        if (focused === prev && prev.disabled) { next.focus(); }
        if (focused === next && next.disabled) { prev.focus(); }
        tourBox.setAttribute("data-step", step.id);
        if (step.layers.indexOf("facts") >= 0) { distances.open = true; }
        update({step: index, tour: true, onStep: true, view: step.view, period: step.period, island: null, excerpt: null});
    }

    prev.addEventListener("click", function () { showStep(host.step - 1); });
    next.addEventListener("click", function () { showStep(host.step + 1); });
    tourToggle.addEventListener("click", function () {
        if (host.tour) {
            update({tour: false});
        } else {
            showStep(host.step);
            q(root, ".kuril-tour-title").focus();
        }
    });
    // During the tour ← and → move through the steps anywhere but in a form field (the map still pans with ↑ ↓ and the mouse).
    document.addEventListener("keydown", function (event) {
        if (!host.tour || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
        if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") { return; }
        var target = event.target;
        if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) { return; }
        event.preventDefault();
        event.stopPropagation();
        showStep(host.step + (event.key === "ArrowRight" ? 1 : -1));
    }, true);

    // --- classroom comforts ---------------------------------------------------------------------------------------
    largeToggle.addEventListener("click", function () { update({large: !host.large}); });

    var rows = q(root, ".kuril-distances-table tbody");
    data.facts.forEach(function (fact) {
        var row = el("tr");
        var label = el("td", null, fact.label);
        if (fact.note) { label.appendChild(el("span", "kuril-distances-note", fact.note)); }
        row.appendChild(label);
        row.appendChild(el("td", null, fact.computed));
        var published = el("td", null, fact.published);
        var source = el("span", "kuril-distances-note");
        var link = sourceLink(fact.source, fact.sourceName);
        if (link) { source.appendChild(link); } else { source.textContent = fact.source; }
        published.appendChild(source);
        row.appendChild(published);
        rows.appendChild(row);
    });

    // --- articles, clicks and links -------------------------------------------------------------------------------
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
    if (!data.articles.length) { articleList.appendChild(el("p", "kuril-panel-empty", data.texts.noArticles)); }

    client.on("island", function (id) {
        update({island: id, excerpt: null});
        setOpen(true);
        // In the narrow-screen drawer the controls would hide the island's facts below them: scroll to the facts.
        if (toggle.offsetParent !== null) { islandSection.scrollIntoView({block: "start"}); }
    });
    toggle.addEventListener("click", function () { setOpen(!panel.classList.contains("kuril-panel-open")); });
    clear.addEventListener("click", function () { update({island: null, excerpt: null}); });


    function applyLink(hash) {
        var opened = client.openLink(hash);
        var wanted = opened.state;
        // A link naming a view, a year or a step replaces the file's opening state (python -m layers.export --view/--year/--step).
        var start = opened.named ? wanted : data.initial;
        var at = start.step ? stepIndex(start.step) : -1;
        if (at >= 0) {
            showStep(at);
        } else {
            update({tour: false, onStep: false, view: start.view || model.defaults.view, period: start.period || null});
        }
        if (wanted.island) { update({island: wanted.island, excerpt: null}); }
    }
    window.addEventListener("hashchange", function () { applyLink(location.hash); });
    applyLink(location.hash);
})(window.kurilMap, {{ this.data|tojson }});
{% endmacro %}
