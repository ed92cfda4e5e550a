// The knowledge base's search page (<prefix>search/), on Pagefind's JS API, and a "search papers" link
// under Material's header search box that carries its query there.
//
// Why the JS API and not Pagefind's own UI: its UI loads every filter's values when it starts, and the
// author filter holds every author (about 9 bytes each: 0.25 MB at 10k papers, ~2.5 MB at 100k). Here a query loads only
// the chunks of its words and the fragments of the results it shows. The facets' values and their counts in
// the whole archive come with the page (data-facets); a query's own counts need the kind/topic/category/year
// filter files, which every query fetches after its results (data-count="every") or, in a large archive, a
// button does (data-count="button"). The author filter is fetched only once an author is chosen, and the
// author facet lists the authors of the results shown. Everything comes from the bundle on this site: works offline.
//
// Runs on every page swap of Material's instant navigation (document$), like the graph views.
(function () {
  "use strict";
  var COUNTED = ["kind", "topic", "category", "year"]; // facets counted on every query
  var FACETS = ["kind", "topic", "category", "year", "author"];
  var KINDS = ["paper", "author", "topic", "day"]; // the type facet in this order
  var PAGE = 10;
  var SHOWN = { kind: 10, topic: 12, category: 12, year: 20 };
  var bundles = {};

  function load(bundle, root) {
    if (!bundles[bundle]) {
      bundles[bundle] = import(bundle + "pagefind.js").then(function (pf) {
        // Result URLs are relative to the site root, wherever the site is hosted.
        return pf.options({ baseUrl: new URL(root, location.href).pathname, excerptLength: 28 }).then(function () {
          return pf.init();
        }).then(function () {
          return pf;
        });
      });
    }
    return bundles[bundle];
  }

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = text;
    return el;
  }

  // Pagefind's excerpts are text with `<` and `>` escaped and the matches in <mark>: never parsed as HTML.
  function excerpt(el, html) {
    var parts = String(html || "").split(/<(\/?)mark>/);
    var marked = false;
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 1) {
        marked = parts[i] !== "/";
        continue;
      }
      var text = parts[i].replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (text) el.appendChild(marked ? make("mark", "", text) : document.createTextNode(text));
    }
  }

  function Search(root) {
    this.root = root;
    this.labels = JSON.parse(root.dataset.labels || "{}");
    this.form = root.querySelector("form");
    this.input = root.querySelector("input[name=q]");
    this.sort = root.querySelector("select[name=sort]");
    this.facets = root.querySelector(".arxdigest-search__facet-list");
    this.status = root.querySelector(".arxdigest-search__status");
    this.list = root.querySelector(".arxdigest-search__results");
    this.more = root.querySelector(".arxdigest-search__more");
    this.selected = {};
    this.token = 0;
    this.results = [];
    this.shown = 0;
    this.authors = {};
    this.totals = JSON.parse(root.dataset.facets || "{}");
    this.countEvery = root.dataset.count !== "button";
    this.counts = null;
    this.countQuery = null; // this query's counted search, once it has results to count
    var params = new URLSearchParams(location.search);
    this.input.value = params.get("query") || "";
    this.sort.value = params.get("sort") === "date" ? "date" : "";
    var self = this;
    FACETS.forEach(function (f) {
      self.selected[f] = params.getAll(f);
    });
    if (window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches) {
      root.querySelector("details").open = false; // phones: filters folded under the box
    }
    var timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        self.run();
      }, 120);
    });
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      self.run();
    });
    this.sort.addEventListener("change", function () {
      self.run();
    });
    this.more.addEventListener("click", function () {
      self.page();
    });
    this.pf = load(new URL(root.dataset.bundle, location.href).href, root.dataset.root);
    this.pf.catch(function () {
      self.status.textContent = self.labels.unavailable;
      root.dataset.error = "bundle";
    });
    this.run();
  }

  Search.prototype.toggle = function (facet, value) {
    var list = this.selected[facet];
    var i = list.indexOf(value);
    if (i < 0) list.push(value);
    else list.splice(i, 1);
    this.run();
  };

  Search.prototype.remember = function (q) {
    var params = new URLSearchParams();
    if (q) params.set("query", q);
    if (this.sort.value) params.set("sort", this.sort.value);
    var self = this;
    FACETS.forEach(function (f) {
      self.selected[f].forEach(function (v) {
        params.append(f, v);
      });
    });
    var search = params.toString();
    history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
  };

  // The query's filters: the facets chosen. With `counted`, also an empty constraint on every counted facet,
  // which makes Pagefind load those filter files and count their values for this query.
  Search.prototype.filters = function (counted) {
    var self = this;
    var filters = {};
    FACETS.forEach(function (f) {
      if (self.selected[f].length || (counted && COUNTED.indexOf(f) >= 0)) filters[f] = { any: self.selected[f].slice() };
    });
    return filters;
  };

  // Results first, counts after: the first query shows its results without waiting for the filter files
  // (counted facets are fetched by a second, same query, whose word chunks are already loaded).
  Search.prototype.run = function () {
    var self = this;
    var token = ++this.token;
    var q = this.input.value.trim();
    var chosen = FACETS.some(function (f) {
      return self.selected[f].length;
    });
    this.remember(q);
    var started = performance.now();
    this.root.dataset.state = "searching";
    var sort = this.sort.value === "date" ? { date: "desc" } : null;
    function query(pf, counted) {
      var options = { filters: self.filters(counted) };
      if (sort) options.sort = sort;
      return pf.search(q || null, options);
    }
    return this.pf.then(function (pf) {
      if (!q && !chosen) return [pf, null];
      return query(pf, false).then(function (search) {
        return [pf, search];
      });
    }).then(function (found) {
      var pf = found[0];
      var search = found[1];
      if (token !== self.token) return;
      self.list.textContent = "";
      self.results = search ? search.results : [];
      self.shown = 0;
      self.authors = {};
      self.counts = null;
      self.countQuery = search ? function () {
        return query(pf, true);
      } : null;
      self.status.textContent = search ? self.results.length + " " + self.labels.results : "";
      if (search && !self.results.length) self.status.textContent = self.labels.none;
      return self.page().then(function () {
        if (token !== self.token) return;
        self.root.dataset.ms = String(Math.round(performance.now() - started));
        if (search && self.countEvery) return self.count();
      }).then(function () {
        if (token !== self.token) return;
        self.root.dataset.state = "done";
        self.root.dataset.results = String(self.results.length);
      });
    }).catch(function (error) {
      if (token === self.token) self.root.dataset.state = "error";
      if (window.console) console.warn("arxdigest search:", error);
    });
  };

  // The counted facets' values for this query (their filter files: fetched once, then kept by Pagefind).
  Search.prototype.count = function () {
    var self = this;
    var token = this.token;
    if (!this.countQuery) return Promise.resolve();
    return this.countQuery().then(function (counted) {
      if (token !== self.token) return;
      self.counts = counted.filters || {};
      self.drawFacets();
    });
  };

  Search.prototype.page = function () {
    var self = this;
    var token = this.token;
    var batch = this.results.slice(this.shown, this.shown + PAGE);
    this.shown += batch.length;
    return Promise.all(
      batch.map(function (r) {
        return r.data();
      })
    ).then(function (items) {
      if (token !== self.token) return;
      items.forEach(function (item) {
        self.list.appendChild(self.item(item));
        (item.filters.author || []).forEach(function (a) {
          self.authors[a] = (self.authors[a] || 0) + 1;
        });
      });
      self.more.hidden = self.shown >= self.results.length;
      self.drawFacets();
      // For tests and benchmarks: when the first results of this page's first query were on screen.
      if (items.length && !self.root.dataset.firstResultMs) self.root.dataset.firstResultMs = String(performance.now());
    });
  };

  Search.prototype.kindLabel = function (kind) {
    return this.labels[kind === "topic" ? "topic_kind" : kind] || kind;
  };

  Search.prototype.item = function (data) {
    var self = this;
    var meta = data.meta || {};
    var filters = data.filters || {};
    var kind = (filters.kind || [])[0] || "";
    var li = make("li", "arxdigest-search__result");
    li.dataset.kind = kind;
    var head = make("div", "arxdigest-search__head");
    var link = make("a", "arxdigest-search__title", meta.title || data.url);
    link.href = data.url;
    head.appendChild(link);
    if (kind && kind !== "paper") head.appendChild(make("span", "arxdigest-badge", this.kindLabel(kind)));
    li.appendChild(head);
    if (meta.subtitle) li.appendChild(make("div", "arxdigest-search__subtitle", meta.subtitle));
    var facts = [meta.authors, meta.date].filter(Boolean);
    if (facts.length) li.appendChild(make("div", "arxdigest-search__meta", facts.join(" · ")));
    var text = make("p", "arxdigest-search__excerpt");
    excerpt(text, data.excerpt);
    li.appendChild(text);
    var topics = filters.topic || [];
    if (topics.length) {
      var chips = make("div", "arxdigest-search__chips");
      topics.forEach(function (t) {
        var chip = make("button", "arxdigest-chip", t);
        chip.type = "button";
        chip.setAttribute("aria-pressed", String(self.selected.topic.indexOf(t) >= 0));
        chip.addEventListener("click", function () {
          self.toggle("topic", t);
        });
        chips.appendChild(chip);
      });
      li.appendChild(chips);
    }
    return li;
  };

  Search.prototype.drawFacets = function () {
    var self = this;
    this.facets.textContent = "";
    var archive = !this.counts; // no counts for this query (yet): the whole archive's
    var counts = this.counts || this.totals;
    var groups = [["kind", counts.kind], ["topic", counts.topic], ["category", counts.category],
      ["year", counts.year], ["author", this.authors]];
    var any = false;
    groups.forEach(function (g) {
      var facet = g[0];
      var values = Object.keys(g[1] || {}).filter(function (v) {
        return g[1][v] > 0 || self.selected[facet].indexOf(v) >= 0;
      });
      self.selected[facet].forEach(function (v) {
        if (values.indexOf(v) < 0) values.push(v);
      });
      if (!values.length) return;
      values.sort(function (a, b) {
        if (facet === "year") return a < b ? 1 : -1;
        if (facet === "kind") return KINDS.indexOf(a) - KINDS.indexOf(b);
        return (g[1][b] || 0) - (g[1][a] || 0) || (a < b ? -1 : 1);
      });
      var limit = facet === "author" ? 10 : SHOWN[facet];
      values = values.filter(function (v, i) {
        return i < limit || self.selected[facet].indexOf(v) >= 0;
      });
      var box = make("fieldset", "arxdigest-search__facet");
      box.dataset.facet = facet;
      box.appendChild(make("legend", "", facet === "author" ? self.labels.authors_here : self.labels[facet]));
      values.forEach(function (v) {
        var label = make("label", "arxdigest-search__option");
        var input = make("input");
        input.type = "checkbox";
        input.value = v;
        input.checked = self.selected[facet].indexOf(v) >= 0;
        input.addEventListener("change", function () {
          self.toggle(facet, v);
        });
        label.appendChild(input);
        label.appendChild(make("span", "", facet === "kind" ? self.kindLabel(v) : v));
        if (g[1] && g[1][v] != null) {
          var n = label.appendChild(make("span", "arxdigest-count", String(g[1][v])));
          if (archive && facet !== "author") n.title = self.labels.in_archive;
        }
        box.appendChild(label);
      });
      if (archive && facet !== "author") box.classList.add("arxdigest-search__facet--archive");
      self.facets.appendChild(box);
      any = true;
    });
    if (archive && this.countQuery && !this.countEvery) {
      var count = make("button", "md-button arxdigest-search__count", this.labels.count);
      count.type = "button";
      count.addEventListener("click", function () {
        count.disabled = true;
        self.count();
      });
      this.facets.insertBefore(count, this.facets.firstChild);
    }
    var chosen = FACETS.some(function (f) {
      return self.selected[f].length;
    });
    if (chosen) {
      var clear = make("button", "md-button arxdigest-search__clear", this.labels.clear);
      clear.type = "button";
      clear.addEventListener("click", function () {
        FACETS.forEach(function (f) {
          self.selected[f] = [];
        });
        self.run();
      });
      this.facets.appendChild(clear);
    }
    this.root.dataset.facets = any ? "true" : "false";
  };

  // Material's header search: one link under its box to the knowledge base's search, with the query.
  function headerLink() {
    var input = document.querySelector(".md-search__input");
    var output = document.querySelector(".md-search__output");
    if (!input || !output) return;
    var target = searchPage();
    var link = document.getElementById("arxdigest-search-link");
    if (!target) {
      if (link) link.remove();
      return;
    }
    if (!link) {
      link = make("a", "arxdigest-search-link");
      link.id = "arxdigest-search-link";
      output.insertBefore(link, output.firstChild);
      input.addEventListener("input", function () {
        update(link, input);
      });
    }
    link.dataset.base = target.href;
    link.dataset.label = target.text;
    update(link, input);
  }

  function update(link, input) {
    var q = input.value.trim();
    link.href = link.dataset.base + (q ? "?query=" + encodeURIComponent(q) : "");
    link.hidden = !q;
    link.dataset.query = q;
    link.textContent = link.dataset.label + " \u201c" + q + "\u201d \u2192";
  }

  // The search page is found from the navigation (Material renders all of it on every page): the entry
  // the plugin adds carries the search page's title and ends in search/. No nav entry: no link.
  function searchPage() {
    var found = null;
    document.querySelectorAll("a.md-nav__link[href]").forEach(function (a) {
      if (!found && /(^|\/)search\/(index\.html)?$/.test(a.getAttribute("href").split(/[?#]/)[0])) found = a;
    });
    if (!found) return null;
    return { href: found.href, text: (found.textContent || "").trim() || "Search papers" };
  }

  // Pagefind's script, entry and metadata start loading as soon as this script runs (at the end of the
  // page), not once Material's document$ fires; its <head> already asked for pagefind.js (modulepreload).
  (function early() {
    var root = document.querySelector(".arxdigest-search");
    if (root) load(new URL(root.dataset.bundle, location.href).href, root.dataset.root);
  })();

  function init() {
    document.querySelectorAll(".arxdigest-search").forEach(function (root) {
      if (!root.arxdigestSearch) root.arxdigestSearch = new Search(root);
    });
    headerLink();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
