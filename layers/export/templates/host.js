{% macro script(this, kwargs) %}
/* The export's host of the map client (layers/export/host.py): the article panel and the classroom controls.
   The map's behaviour (states, links, fits, highlight, messages) is the client's (window.kurilMap); this
   script only builds the panel, keeps the host's state (what the panel shows) and hands the map its part.
   Article text arrives as JSON and enters the page only through textContent and createTextNode.
   The island's excerpts and "All articles" are paged lists (pagedList): a count, a language filter, a search box
   and data.pageSize items at a time; only the shown page is ever built, so a file of 20,000 excerpts stays quick. */
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
    // Every word is the catalogue's (layers/i18n), in the map's language: the client's t() fills its placeholders in
    // one pass, so a value holding "$&" or "{query}" (a reader's search) is put in as it is, never expanded.
    var t = client.t;
    var inLanguage = client.inLanguage;
    function entries(object) { return new Map(Object.keys(object || {}).map(function (key) { return [key, object[key]]; })); }

    var islands = entries(data.islands);
    var places = entries(data.places);
    var stepList = model.steps;
    var body = q(panel, ".kuril-panel-body");
    var toggle = q(panel, ".kuril-panel-toggle");
    var hint = q(panel, ".kuril-panel-hint");
    var status = q(panel, ".kuril-panel-status");
    var clear = q(panel, ".kuril-panel-clear");
    var islandSection = q(panel, ".kuril-panel-island");
    var factsBox = q(panel, ".kuril-panel-facts");
    var relatedTitle = q(panel, ".kuril-panel-related-title");
    var relatedBox = q(panel, ".kuril-panel-related");
    var articleBox = q(panel, ".kuril-panel-articles");
    var pageSize = Math.max(1, Math.floor(Number(data.pageSize)) || 1);
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
    var positionsBox = q(root, ".kuril-positions-box");

    // What the panel shows; the map's part of it goes to the client in update().
    var host = {view: model.defaults.view, period: null, step: 0, tour: false, onStep: false, island: null, excerpt: null, large: false,
                lang: data.lang};
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
            large: host.large, tiles: data.tiles, lang: host.lang, labels: data.labels
        };
    }

    function update(partial) {
        extend(host, partial || {});
        client.set(mapState());
        if (host.lang !== shownLang) { showLanguage(); }
        showControls();
        showSelection();
        try {
            var link = client.linkFor();
            history.replaceState(null, "", link ? "#" + link : location.pathname + location.search);
        } catch (err) { /* some browsers refuse history on file: pages */ }
    }

    // --- drawer (narrow screens) ---------------------------------------------------------------------------------
    // The closed drawer's bar takes the foot of the screen: the map ends above it (host.css, --kuril-drawer-bar).
    function measureDrawer() {
        var narrow = toggle.offsetParent !== null;
        document.documentElement.style.setProperty("--kuril-drawer-bar", narrow ? panel.offsetHeight + "px" : "0px");
    }
    window.addEventListener("resize", function () { if (!panel.classList.contains("kuril-panel-open")) { measureDrawer(); client.map.invalidateSize(); } });

    function setOpen(open) {
        if (!open) { panel.classList.remove("kuril-panel-open"); measureDrawer(); }
        panel.classList.toggle("kuril-panel-open", open);
        document.body.classList.toggle("kuril-drawer-open", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.setAttribute("data-i18n", open ? "export.hideArticles" : "export.showArticles");
        toggle.textContent = t(toggle.getAttribute("data-i18n"));
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
            node.title = t("panel.mention", {place: inLanguage(places.get(mark[2])) || mark[2], method: t("panel.method." + mark[3])});
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
        var line = el("div", "kuril-byline");
        if (withTitle) {
            line.appendChild(el("span", null, article.title)).lang = article.lang;
            line.appendChild(document.createTextNode(" — "));
        }
        line.appendChild(document.createTextNode(inLanguage(article.byline)));
        var link = sourceLink(article.url, t("panel.source"));
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
        node.setAttribute("data-lang", record.lang);  // the article's language (its text carries lang=; the badge is ours)
        // A node built after the pick (a later page, another search) shows the selection too.
        var selected = host.excerpt === index;
        node.classList.toggle("kuril-excerpt-selected", selected);
        if (relation) { node.appendChild(el("div", "kuril-relation", t("panel.relation." + relation))); }
        var text = excerptText(record);
        text.lang = record.lang;
        if (record.islands.length) {
            var button = el("button", "kuril-excerpt-pick");
            button.type = "button";
            button.setAttribute("aria-pressed", selected ? "true" : "false");
            button.appendChild(text);
            var count = record.islands.length;
            button.appendChild(el("span", "kuril-excerpt-cue", t("panel.showOnMapCount", {count: count})));
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

    var byId = null;
    function excerptIndex(id) {
        if (!byId) { byId = new Map(data.excerpts.map(function (record, index) { return [record.id, index]; })); }
        return byId.has(id) ? byId.get(id) : -1;
    }

    // --- paged lists: count, language filter, search, a page at a time ------------------------------------------
    // Search is a substring match on a normalised text (NFKC, lower case, ё as е), so it works for Japanese, which
    // has no spaces; every word of the query must appear. Each text is normalised once, the first time it is searched.
    function normalise(text) { return String(text).normalize("NFKC").toLowerCase().replace(/ё/g, "е"); }
    var excerptKeys = new Array(data.excerpts.length);
    function excerptKey(index) {
        var key = excerptKeys[index];
        if (key === undefined) { key = excerptKeys[index] = normalise(data.excerpts[index].text); }
        return key;
    }
    // Each article's excerpts, in the order of data.excerpts (one pass, on first use).
    var articleExcerpts = null;
    function excerptsOf(articleIndex) {
        if (!articleExcerpts) {
            articleExcerpts = data.articles.map(function () { return []; });
            data.excerpts.forEach(function (record, index) { articleExcerpts[record.article].push(index); });
        }
        return articleExcerpts[articleIndex];
    }
    var articleKeys = new Array(data.articles.length);
    function articleKey(index) {
        var key = articleKeys[index];
        if (key === undefined) {
            // Joined by a line break, which no search word holds (words are split at white space): a match never
            // spans the title and an excerpt, or two excerpts.
            key = articleKeys[index] = [normalise(data.articles[index].title)].concat(excerptsOf(index).map(excerptKey)).join("\n");
        }
        return key;
    }
    function queryTerms(value) { return normalise(value).split(/\s+/).filter(Boolean); }

    var listCount = 0;
    // Builds a list's controls in ``box`` and returns {show(items), relabel()}. ``options``: render(item) → node, key(item) →
    // normalised text, lang(item) → code, texts: {count, of, search, noMatch} (keys of the catalogue; count has plural forms).
    function pagedList(box, options) {
        var prefix = "kuril-list-" + (++listCount);
        var controls = el("div", "kuril-list-controls");
        var searchField = el("div", "kuril-list-field kuril-list-search-field");
        var searchLabel = el("label", "kuril-list-label", t(options.texts.search));
        searchLabel.htmlFor = prefix + "-search";
        var search = el("input", "kuril-list-search");
        search.type = "search";
        search.id = prefix + "-search";
        search.autocomplete = "off";
        search.spellcheck = false;
        searchField.appendChild(searchLabel);
        searchField.appendChild(search);
        var langField = el("div", "kuril-list-field kuril-list-lang-field");
        var langLabel = el("label", "kuril-list-label", t("panel.language"));
        langLabel.htmlFor = prefix + "-lang";
        var select = el("select", "kuril-list-lang");
        select.id = prefix + "-lang";
        langField.appendChild(langLabel);
        langField.appendChild(select);
        controls.appendChild(searchField);
        controls.appendChild(langField);
        var count = el("p", "kuril-list-count");
        count.setAttribute("role", "status");
        count.setAttribute("aria-live", "polite");
        var list = el("div", "kuril-list-items");
        var empty = el("p", "kuril-panel-empty kuril-list-empty");
        empty.hidden = true;
        var more = el("button", "kuril-list-more");
        more.type = "button";
        more.hidden = true;
        box.replaceChildren(count, controls, list, empty, more);

        var items = [];
        var matches = [];
        var shown = 0;
        var timer = null;

        function showPage(focusFirst) {
            var end = Math.min(shown + pageSize, matches.length);
            var fragment = document.createDocumentFragment();
            var first = null;
            for (var i = shown; i < end; i++) {
                var node = options.render(matches[i]);
                node.classList.add("kuril-list-item");
                if (!first) { first = node; }
                fragment.appendChild(node);
            }
            list.appendChild(fragment);
            shown = end;
            var left = matches.length - shown;
            more.hidden = left <= 0;
            more.textContent = t("panel.showMore", {count: left});
            if (focusFirst && first) {
                // The first new item takes the focus, so that the keyboard goes on where the reading does.
                first.tabIndex = -1;
                first.focus();
            }
        }

        var applied = null;
        function apply(force) {
            clearTimeout(timer);
            timer = null;
            var terms = queryTerms(search.value);
            var lang = select.value;
            var wanted = lang + "\n" + terms.join(" ");
            box.setAttribute("data-query", search.value);  // what the list shows now (tests wait on it)
            if (wanted === applied && force !== true) { return; }  // a space or a letter's case: the same results
            applied = wanted;
            matches = items.filter(function (item) {
                if (lang && options.lang(item) !== lang) { return false; }
                if (!terms.length) { return true; }
                var key = options.key(item);
                for (var i = 0; i < terms.length; i++) { if (key.indexOf(terms[i]) < 0) { return false; } }
                return true;
            });
            list.replaceChildren();
            shown = 0;
            showPage(false);
            var total = items.length;
            var texts = options.texts;
            count.textContent = matches.length === total
                ? t(texts.count, {count: total})
                : t(texts.of, {count: matches.length, total: total});
            empty.hidden = matches.length > 0;
            empty.textContent = matches.length ? "" : t(texts.noMatch, {query: search.value.trim()});
        }

        search.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(apply, 100);
        });
        // Enter searches at once (no waiting for the pause).
        search.addEventListener("keydown", function (event) { if (event.key === "Enter") { apply(); } });
        select.addEventListener("change", function () { apply(); });
        more.addEventListener("click", function () { showPage(true); });

        return {
            // A new list (another island): the filter and the search start afresh.
            show: function (newItems) {
                items = newItems;
                searchLabel.textContent = t(options.texts.search);
                langLabel.textContent = t("panel.language");
                var present = new Set(items.map(options.lang));
                select.replaceChildren(el("option", null, t("panel.allLanguages")));
                select.firstChild.value = "";
                data.languages.forEach(function (entry) {
                    if (!present.has(entry[0])) { return; }
                    var option = el("option", null, entry[1]);
                    option.value = entry[0];
                    option.lang = entry[0];
                    select.appendChild(option);
                });
                // A list in one language needs no filter.
                langField.hidden = select.options.length <= 2;
                select.value = "";
                search.value = "";
                controls.hidden = !items.length;
                apply(true);
            },
            // Another interface language: the list's words again, and its shown page drawn anew (its items' words).
            relabel: function () {
                searchLabel.textContent = t(options.texts.search);
                langLabel.textContent = t("panel.language");
                if (select.firstChild) { select.firstChild.textContent = t("panel.allLanguages"); }
                var wanted = shown;
                apply(true);
                while (shown < Math.min(wanted, matches.length)) { showPage(false); }
            }
        };
    }

    function islandNames(ids) {
        return ids.map(function (id) { return islands.has(id) ? inLanguage(islands.get(id).name) : id; }).join(t("panel.facts.listSeparator"));
    }

    function pickExcerpt(index) {
        picks += 1;
        update({excerpt: index});
        status.textContent = t("panel.onMap", {islands: islandNames(data.excerpts[index].islands)});
    }

    // --- the island panel -----------------------------------------------------------------------------------------
    // The island's excerpts in the order panel_data gives ([excerpt index, relation]: naming it, its group, the chain).
    var islandList = pagedList(relatedBox, {
        render: function (entry) { return excerptNode(entry[0], entry[1], true); },
        key: function (entry) { return excerptKey(entry[0]); },
        lang: function (entry) { return data.excerpts[entry[0]].lang; },
        texts: {count: "panel.excerpts", of: "panel.excerptsOf", search: "panel.searchExcerpts", noMatch: "panel.noExcerptMatch"}
    });
    var noExcerpt = el("p", "kuril-panel-empty", t("panel.noExcerpt"));
    noExcerpt.setAttribute("data-i18n", "panel.noExcerpt");
    noExcerpt.hidden = true;
    relatedBox.parentNode.insertBefore(noExcerpt, relatedBox.nextSibling);

    var shownIsland = null;
    var islandListShown = false;
    // The island's fact sheet and heading, in the interface language (again after a switch).
    function showIslandWords(record) {
        // The fact sheet is our own escaped template output (layers/templates/island_popup.html), no article text.
        factsBox.innerHTML = inLanguage(record.facts);
        relatedTitle.textContent = t("panel.newsAbout", {name: inLanguage(record.name)});
    }
    function showSelection() {
        var selectedId = host.excerpt === null ? null : data.excerpts[host.excerpt].id;
        if (host.island !== shownIsland) {
            shownIsland = host.island;
            var record = host.island ? islands.get(host.island) : null;
            islandListShown = false;
            if (record) {
                showIslandWords(record);
                if (record.excerpts.length) {
                    relatedBox.hidden = false;
                    noExcerpt.hidden = true;
                    islandList.show(record.excerpts);
                    islandListShown = true;
                } else {
                    relatedBox.hidden = true;
                    noExcerpt.hidden = false;
                }
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
    // A source as the data gives it: its address, then a note in English (data/views.json, history.json): marked so.
    function sourceItem(text) {
        var item = el("li", "kuril-source");
        item.lang = "en";
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
    var shownPositionsView = null;
    function showControls() {
        var info = client.stateInfo();
        if (info.id + " " + info.lang !== shownInfo) {
            shownInfo = info.id + " " + info.lang;
            q(root, ".kuril-state-title").textContent = info.title;
            var text = q(root, ".kuril-state-text");
            text.textContent = info.description || "";
            text.hidden = !info.description;
            var sources = q(root, ".kuril-state-sources");
            sources.replaceChildren();
            info.sources.forEach(function (source) { sources.appendChild(sourceItem(source)); });
            q(root, ".kuril-state-sources-title").textContent = t("panel.sourcesCount", {count: info.sources.length});
            q(root, ".kuril-state-more").hidden = !info.sources.length;
            stateBox.setAttribute("data-state", info.id);
            root.setAttribute("data-state", info.id);
        }
        // A period is shown in the neutral view: its button is the pressed one.
        var shownView = host.period ? model.defaults.view : host.view;
        if (shownView !== shownPositionsView) {
            shownPositionsView = shownView;
            positionsBox.open = shownView !== model.defaults.view;  // a side's point of view opens its words
        }
        viewButtons.querySelectorAll("button").forEach(function (button) {
            button.setAttribute("aria-pressed", button.getAttribute("data-view") === shownView ? "true" : "false");
        });
        periodSelect.value = host.period || "";
        tourBox.hidden = !host.tour;
        tourToggle.setAttribute("aria-pressed", host.tour ? "true" : "false");
        tourToggle.textContent = host.tour ? t("panel.endTour") : t("panel.tour");
        largeToggle.setAttribute("aria-pressed", host.large ? "true" : "false");
    }

    model.views.forEach(function (entry) {
        var button = el("button", "kuril-class-button", inLanguage(entry.name));
        button.type = "button";
        button.setAttribute("data-view", entry.id);
        button.setAttribute("aria-pressed", "false");
        button.addEventListener("click", function () { update({view: entry.id, period: null, onStep: false}); });
        viewButtons.appendChild(button);
    });
    function periodLabel(entry) { return t("panel.period", {year: String(entry.year), title: inLanguage(entry.title)}); }
    periodSelect.appendChild(el("option", null, t("panel.today"))).value = "";
    model.periods.forEach(function (entry) { periodSelect.appendChild(el("option", null, periodLabel(entry))).value = entry.id; });
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
        var from = node.appendChild(el("div", "kuril-byline", t("panel.from") + " "));
        from.appendChild(el("span", null, data.articles[record.article].title)).lang = data.articles[record.article].lang;
        return node;
    }

    function showStep(index) {
        index = Math.max(0, Math.min(index, stepList.length - 1));
        var step = stepList[index];
        var focused = document.activeElement;
        q(root, ".kuril-tour-count").textContent = t("panel.stepCount", {number: index + 1, total: stepList.length});
        q(root, ".kuril-tour-title").textContent = inLanguage(step.title);
        q(root, ".kuril-tour-text").textContent = inLanguage(step.text);
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
    function showDistances() {
    rows.replaceChildren();
    (data.facts[host.lang] || data.facts.en).forEach(function (fact) {
        // The columns of layers/templates/distances.html (the app's table): what, computed, published, difference, source.
        var row = el("tr");
        var label = el("th", null, fact.label);
        label.scope = "row";
        if (fact.note) { label.appendChild(el("span", "kuril-distances-note", fact.note)); }
        row.appendChild(label);
        row.appendChild(el("td", null, fact.computed));
        row.appendChild(el("td", null, fact.published));
        row.appendChild(el("td", null, fact.difference));
        var source = el("td", "kuril-source");
        var link = sourceLink(fact.source, fact.sourceName);
        if (link) { source.appendChild(link); } else { source.textContent = fact.source; }
        row.appendChild(source);
        rows.appendChild(row);
    });
    }

    // --- articles, clicks and links -------------------------------------------------------------------------------
    // Every article, newest first (the order of data.articles, decided in panel_data), with its excerpts.
    function articleNode(articleIndex) {
        var article = data.articles[articleIndex];
        var section = el("section", "kuril-article");
        section.setAttribute("data-article", article.id);
        section.setAttribute("data-lang", article.lang);
        section.appendChild(el("h3", "kuril-article-title", article.title)).lang = article.lang;
        section.appendChild(byline(article, false));
        excerptsOf(articleIndex).forEach(function (index) { section.appendChild(excerptNode(index, null, false)); });
        return section;
    }
    var articleList = null;
    if (data.articles.length) {
        articleList = pagedList(articleBox, {
            render: articleNode,
            key: articleKey,
            lang: function (articleIndex) { return data.articles[articleIndex].lang; },
            texts: {count: "panel.articles", of: "panel.articlesOf", search: "panel.searchArticles", noMatch: "panel.noArticleMatch"}
        });
        articleList.show(data.articles.map(function (article, index) { return index; }));
    } else {
        articleBox.appendChild(el("p", "kuril-panel-empty", t("panel.noArticles"))).setAttribute("data-i18n", "panel.noArticles");
    }

    // --- the interface language: the switch, and every word of the panel again --------------------------------------
    var shownLang = null;
    function showLanguage() {
        shownLang = host.lang;
        document.documentElement.lang = host.lang;
        document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = t(node.getAttribute("data-i18n")); });
        document.querySelectorAll("[data-i18n-label]").forEach(function (node) { node.setAttribute("aria-label", t(node.getAttribute("data-i18n-label"))); });
        document.title = t("export.pageTitle");
        panel.querySelectorAll(".kuril-lang-button").forEach(function (button) {
            button.setAttribute("aria-pressed", button.getAttribute("data-lang") === host.lang ? "true" : "false");
        });
        viewButtons.querySelectorAll("button").forEach(function (button) {
            var entry = model.views.filter(function (view) { return view.id === button.getAttribute("data-view"); })[0];
            if (entry) { button.textContent = inLanguage(entry.name); }
        });
        periodSelect.options[0].textContent = t("panel.today");
        model.periods.forEach(function (entry, number) { periodSelect.options[number + 1].textContent = periodLabel(entry); });
        showDistances();
        // Each side's position: our own escaped template output (layers/templates/positions.html), no article text.
        q(positionsBox, ".kuril-positions-body").innerHTML = data.positions[host.lang] || data.positions.en;
        if (host.tour) {
            var step = stepList[host.step];
            q(root, ".kuril-tour-count").textContent = t("panel.stepCount", {number: host.step + 1, total: stepList.length});
            q(root, ".kuril-tour-title").textContent = inLanguage(step.title);
            q(root, ".kuril-tour-text").textContent = inLanguage(step.text);
        }
        if (host.island && islands.has(host.island)) { showIslandWords(islands.get(host.island)); }
        if (islandListShown) { islandList.relabel(); }
        if (articleList) { articleList.relabel(); }
        if (host.excerpt !== null && status.textContent) { status.textContent = t("panel.onMap", {islands: islandNames(data.excerpts[host.excerpt].islands)}); }
    }
    panel.querySelectorAll(".kuril-lang-button").forEach(function (button) {
        button.addEventListener("click", function () { update({lang: button.getAttribute("data-lang")}); });
    });

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
        if (wanted.lang && wanted.lang !== host.lang) { update({lang: wanted.lang}); }
    }
    window.addEventListener("hashchange", function () { applyLink(location.hash); });
    measureDrawer();
    client.map.invalidateSize();
    applyLink(location.hash);
})(window.kurilMap, {{ this.data_js }});
{% endmacro %}
