// Fills in an author's PageRank rank and community on author pages from the
// global graph data (graph.json), so author pages themselves never change when
// a new digest shifts corpus-wide metrics. Runs on every page swap of
// Material's instant navigation.
(function () {
  "use strict";
  var cache = {};

  function load(src) {
    if (!cache[src]) {
      cache[src] = fetch(src).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return cache[src];
  }

  function fill(el) {
    if (el.dataset.done) return;
    el.dataset.done = "1";
    load(el.dataset.src).then(function (data) {
      var authorType = data.types.indexOf("author");
      var rank = 0;
      for (var i = 0; i < data.nodes.length; i++) {
        var node = data.nodes[i];
        if (node[2] === authorType) rank += 1;
        if (node[0] === el.dataset.node) {
          el.textContent = " · " + el.dataset.labelRank + " #" + rank;
          el.dataset.rank = String(rank);
          el.dataset.community = String(node[5]);
          // The community's name (its top topic and author), linked to the graph focused on this
          // author; nothing when graph.json names no community.
          var named = (data.communities || []).filter(function (c) { return c[0] === node[5]; })[0];
          if (named && named[1]) {
            var link = document.createElement("a");
            link.href = el.dataset.src.replace(/graph\.json$/, "") + "#focus=" + encodeURIComponent(node[0]);
            link.textContent = named[1];
            link.title = el.dataset.labelCommunity;
            link.className = "arxdigest-community";
            el.appendChild(document.createTextNode(" · " + el.dataset.labelCommunity + ": "));
            el.appendChild(link);
          }
          return;
        }
      }
      el.dataset.rank = "";
    }).catch(function () {
      el.dataset.rank = "";
    });
  }

  function init() {
    document.querySelectorAll(".arxdigest-metrics[data-node]").forEach(fill);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
