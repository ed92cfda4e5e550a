// One graph view (global or local) inside a `.arxdigest-graph` container.
//
// Rendering is sigma.js v3 (WebGL) over a graphology graph that holds only the
// nodes and edges passing the current filters; everything else (labels, types,
// adjacency, weights) stays in the typed arrays of data.js. Colours, hover and
// selection highlights are applied by sigma reducers, so changing them never
// rebuilds the graph.
import Graph from "graphology";
import Sigma from "sigma";
import { NodePointProgram } from "sigma/rendering";
import { searchLabels } from "./data.js";
import { makeHoverDrawer, makeLabelDrawer } from "./draw.js";
import { EdgeLayer } from "./edges.js";
import { LabelLayer } from "./labels.js";
import { layoutLocal } from "./layout.js";
import { extent, fitLabels, homeView, medianNearest } from "./framing.js";
import { readTheme } from "./theme.js";

function mark(name) {
  if (performance.mark) performance.mark(`arxdigest:${name}`);
}
import { buildGlobalControls, buildLegend, el, fmt, iconButton, setIcon, updateLegend } from "./ui.js";

/** Nodes drawn by default in the global view (top N by pagerank); `data-top` overrides. */
export const DEFAULT_TOP_N = 10000;
// Neighbours get a forced label while hovering/selecting if there are at most this many.
const FORCE_LABEL_NEIGHBOURS = 40;
// The backbone of a dense graph: each drawn node keeps its BACKBONE_K strongest edges (ties:
// the shorter in the layout) and the default minimum weight is the lowest that keeps the
// total under BACKBONE_TARGET edges per drawn node. Used when all edges would be more than
// EDGE_BUDGET per drawn node (71,631 edges among 1,326 nodes draw a grey mass).
const BACKBONE_K = 3;
// Global view: the LABELS_AT_HOME strongest drawn nodes are label candidates at the home
// view, and more as the camera zooms in (as many per screen area); the label layer
// drops any that would overlap a stronger one.
const LABELS_AT_HOME = 100;
const BACKBONE_TARGET = 6;
const EDGE_BUDGET = 8;

let uid = 0;

export class GraphView {
  /**
   * @param {HTMLElement} container
   * @param {ReturnType<import("./data.js").parseGraph>} model
   * @param {{kind: "global"|"local", base: string, t0: number}} opts
   */
  constructor(container, model, opts) {
    this.container = container;
    this.model = model;
    this.kind = opts.kind;
    this.base = opts.base;
    this.t0 = opts.t0;
    this.id = `arxdigest-graph-${++uid}`;
    this.sigma = null;
    this.graph = null;
    this.colorMode = container.dataset.color === "type" || this.kind === "local" ? "type" : "community";
    this.hover = -1;
    this.selected = -1;
    this.mark = new Uint32Array(model.n);
    this.stamp = 1;
    this.focusNeighbours = 0;
    this.visNode = new Uint8Array(model.n);
    this.visEdge = new Uint8Array(model.m);
    this.counts = { nodes: 0, edges: 0 };
    this.nodeKeys = [];
    this.edgeKeys = [];
    this.cleanups = [];
    this.destroyed = false;
    // Global views draw edges with their own WebGL layer (see edges.js); local
    // views are small and use sigma's edges (thickness by weight).
    this.edgeLayer = null;
    this.useEdgeLayer = this.kind === "global";

    const topAttr = parseInt(container.dataset.top || "", 10);
    this.filters = {
      types: new Uint8Array(model.types.length).fill(1),
      minWeight: model.minW,
      topN: Math.min(model.n, topAttr > 0 ? topAttr : DEFAULT_TOP_N),
      // Also draw each node's strongest edges below minWeight.
      backbone: false,
    };
    this.strong = new Uint8Array(model.m);
    // The default minimum weight (what the slider starts at); the filters start there.
    this.defaultMinWeight = model.minW;
    this.labelLayer = null;

    this.X = model.x;
    this.Y = model.y;
    // Fixed normalisation box (all nodes): the camera keeps its meaning when filters change.
    this.bbox = extent(this.X, this.Y, new Uint8Array(model.n).fill(1));
    this.home = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
    this.computeEdgeLevels();
  }

  // ------------------------------------------------------------------ setup

  /**
   * Node radii by paper count (sigma sizes: px at camera ratio 1).
   *
   * Global view: relative sizes 1..5 scaled so that, at the home view, drawn
   * nodes cover about 12% of the canvas and the median node stays under half
   * the median spacing to its nearest neighbour (whatever the node count and
   * the layout's density). The label threshold follows so the ~40 biggest
   * nodes are labelled at first; zooming in reveals more.
   */
  computeSizes() {
    const M = this.model;
    const sizes = this.sizes || new Float32Array(M.n);
    this.sizes = sizes;
    if (this.kind === "local") {
      for (let i = 0; i < M.n; i++) sizes[i] = 4 + 8 * Math.sqrt(M.papers[i] / M.maxPapers);
      if (M.center >= 0) sizes[M.center] = Math.max(sizes[M.center], 14);
      this.labelThreshold = 3;
      return;
    }
    const vis = this.visNode;
    const rels = [];
    let sum = 0;
    for (let i = 0; i < M.n; i++) {
      const rel = 1 + 4 * Math.sqrt(M.papers[i] / M.maxPapers);
      sizes[i] = rel;
      if (vis[i]) {
        sum += rel * rel;
        rels.push(rel);
      }
    }
    const count = rels.length;
    const w = Math.max(this.viewport ? this.viewport.clientWidth : 0, 320);
    const h = Math.max(this.viewport ? this.viewport.clientHeight : 0, 320);
    const home = homeView(this.X, this.Y, vis, this.bbox);
    this.home = home;
    const pad = 16;
    const dx = this.bbox.maxX - this.bbox.minX || 1;
    const dy = this.bbox.maxY - this.bbox.minY || 1;
    const pxPerUnit = Math.min((w - 2 * pad) / dx, (h - 2 * pad) / dy) / home.ratio;
    const nearest = medianNearest(this.X, this.Y, vis, extent(this.X, this.Y, vis), count) * pxPerUnit;
    rels.sort((a, b) => a - b);
    const medianRel = rels[Math.floor(count / 2)] || 1;
    const kCover = count ? Math.sqrt((0.12 * w * h) / (Math.PI * sum)) : 3;
    const kSpacing = nearest > 0 ? (0.45 * nearest) / medianRel : Infinity;
    const k = Math.max(1.1, Math.min(4, kCover, kSpacing));
    // Sigma draws sizes divided by sqrt(camera ratio): compensate for the home zoom.
    const atHome = Math.sqrt(home.ratio);
    for (let i = 0; i < M.n; i++) sizes[i] *= k * atHome;
    const nth = rels.length ? rels[Math.max(0, rels.length - 40)] * k : 0;
    this.labelThreshold = Math.max(3, Math.min(9, nth));
  }

  computeEdgeLevels() {
    // 0..3 by log weight between the smallest and largest weight.
    const M = this.model;
    const level = new Uint8Array(M.m);
    const lo = Math.log(Math.max(M.minW, 1e-9));
    const hi = Math.log(Math.max(M.maxW, 1e-9));
    const span = hi - lo;
    if (span > 1e-9) {
      for (let e = 0; e < M.m; e++) {
        const t = (Math.log(Math.max(M.w[e], 1e-9)) - lo) / span;
        level[e] = Math.max(0, Math.min(3, Math.floor(t * 4)));
      }
    }
    this.edgeLevel = level;
  }

  /** Builds the DOM, draws the first frame and wires events. Throws on failure. */
  mount() {
    const c = this.container;
    c.classList.add("arxdigest-graph--" + this.kind);
    c.replaceChildren();
    this.theme = readTheme(c);
    if (this.kind === "global") {
      this.chooseDefaultEdges(); // before the controls: the slider starts at the default
      this.controls = buildGlobalControls(this);
      c.appendChild(this.controls.toolbar);
    }
    this.viewport = el("div", { className: "arxdigest-graph__viewport" });
    this.canvas = el("div", { className: "arxdigest-graph__canvas" });
    this.viewport.appendChild(this.canvas);
    this.viewport.appendChild(this.buildButtons());
    if (this.kind === "global") {
      this.info = el("div", { className: "arxdigest-graph__info", hidden: true });
      this.info.setAttribute("aria-live", "polite");
      this.viewport.appendChild(this.info);
    }
    c.appendChild(this.viewport);
    this.legend = buildLegend(this);
    c.appendChild(this.legend);
    if (this.kind === "global") {
      this.status = el("div", { className: "arxdigest-graph__status" });
      this.status.setAttribute("aria-live", "polite");
      c.appendChild(this.status);
    }

    if (this.kind === "local") {
      const aspect = this.viewport.clientWidth / Math.max(1, this.viewport.clientHeight);
      const { X, Y } = layoutLocal(this.model, aspect);
      this.X = X;
      this.Y = Y;
    }
    this.computeVisibility();
    this.computeSizes();
    const graph = this.buildGraph();
    mark("built");
    this.sigma = new Sigma(new Graph(), this.canvas, this.sigmaSettings());
    if (this.kind === "global") {
      const b = this.bbox;
      this.sigma.setCustomBBox({ x: [b.minX, b.maxX], y: [b.minY, b.maxY] });
    }
    this.sigma.getCamera().setState(this.home);
    if (this.useEdgeLayer) {
      const layer = new EdgeLayer(this);
      this.edgeLayer = layer;
      layer.setEdges(this.visEdge, this.counts.edges);
      this.sigma.on("afterProcess", () => layer.invalidatePositions());
      this.sigma.on("afterRender", () => layer.draw());
    }
    const sizes = this.sizes;
    this.labelLayer = new LabelLayer(this, this.kind === "local" ? (i) => -sizes[i] : null);
    this.sigma.on("afterRender", () => this.labelLayer && this.labelLayer.draw());
    mark("sigma");
    let firstFrame = 0;
    this.sigma.once("afterRender", () => {
      firstFrame = performance.now() - this.t0;
      mark("first-frame");
    });
    this.setGraph(graph);
    if (this.kind === "local") {
      this.home = this.fitLocal();
      this.sigma.getCamera().setState(this.home);
    }
    if (!firstFrame) firstFrame = performance.now() - this.t0;
    c.dataset.firstFrameMs = firstFrame.toFixed(1);

    this.bindEvents();
    updateLegend(this);
    this.publishCounts();
    this.container.arxdigestGraph = this.api();
    c.dataset.ready = "true";
    mark("ready");
    // Two animation frames later the first frame has been composited.
    requestAnimationFrame(() => requestAnimationFrame(() => mark("presented")));
  }

  sigmaSettings() {
    const th = this.theme;
    const local = this.kind === "local";
    return {
      allowInvalidContainer: true,
      renderEdgeLabels: false,
      // Labels are drawn by the LabelLayer (labels.js), without overlaps.
      renderLabels: false,
      enableEdgeEvents: false,
      // The size threshold for labels is applied by the label drawer (it
      // changes with the filters without a settings update).
      labelRenderedSizeThreshold: 0,
      labelDensity: local ? 1 : 0.7,
      labelGridCellSize: local ? 60 : 90,
      labelFont: th.font,
      labelSize: 12,
      labelWeight: "500",
      labelColor: { color: th.fg },
      defaultDrawNodeLabel: makeLabelDrawer(() => this.theme, () => this.labelThreshold),
      defaultDrawNodeHover: makeHoverDrawer(() => this.theme),
      defaultEdgeType: "line",
      minEdgeThickness: 1,
      stagePadding: local ? 36 : 16,
      minCameraRatio: 0.02,
      maxCameraRatio: 3,
      // Global view: nodes as WebGL points (one vertex each). Sigma's default
      // instanced circles cost ~6x more GPU time with software WebGL
      // (SwiftShader) for 10k nodes; local views keep them.
      nodeProgramClasses: local ? {} : { circle: NodePointProgram },
      nodeReducer: (key, a) => this.reduceNode(a),
      edgeReducer: (key, a) => this.reduceEdge(a),
    };
  }

  // ------------------------------------------------------------ graph build

  computeVisibility() {
    const M = this.model;
    const { types, minWeight, topN, backbone } = this.filters;
    const vis = this.visNode;
    let nodes = 0;
    for (let i = 0; i < M.n; i++) {
      const v = nodes < topN && types[M.type[i]] === 1 ? 1 : 0;
      vis[i] = v;
      nodes += v;
    }
    const strong = this.strong;
    if (backbone) this.markStrongest();
    const visE = this.visEdge;
    let edges = 0;
    for (let e = 0; e < M.m; e++) {
      const v = vis[M.src[e]] && vis[M.tgt[e]] && (M.w[e] >= minWeight || (backbone && strong[e])) ? 1 : 0;
      visE[e] = v;
      edges += v;
    }
    this.counts = { nodes, edges };
  }

  /**
   * Marks in `this.strong` each drawn node's BACKBONE_K strongest edges to other drawn
   * nodes; ties go to the shorter edge in the layout (a clique of equal weights keeps
   * its outline instead of a star), then to the lower edge index. O(edges).
   */
  markStrongest() {
    const M = this.model;
    const { X, Y } = this;
    const vis = this.visNode;
    const strong = this.strong;
    strong.fill(0);
    const K = BACKBONE_K;
    const bw = new Float64Array(K);
    const bd = new Float64Array(K);
    const be = new Int32Array(K);
    for (let i = 0; i < M.n; i++) {
      if (!vis[i]) continue;
      let count = 0;
      for (let k = M.adjOff[i]; k < M.adjOff[i + 1]; k++) {
        const j = M.adjNode[k];
        if (!vis[j]) continue;
        const e = M.adjEdge[k];
        const w = M.w[e];
        const d = (X[i] - X[j]) ** 2 + (Y[i] - Y[j]) ** 2;
        // Insertion into the sorted best-K (strongest first).
        let pos = count;
        while (pos > 0) {
          const q = pos - 1;
          const better = w > bw[q] || (w === bw[q] && (d < bd[q] || (d === bd[q] && e < be[q])));
          if (!better) break;
          pos = q;
        }
        if (pos >= K) continue;
        const last = Math.min(count, K - 1);
        for (let q = last; q > pos; q--) {
          bw[q] = bw[q - 1];
          bd[q] = bd[q - 1];
          be[q] = be[q - 1];
        }
        bw[pos] = w;
        bd[pos] = d;
        be[pos] = e;
        if (count < K) count++;
      }
      for (let q = 0; q < count; q++) strong[be[q]] = 1;
    }
  }

  /**
   * The default edges of the global view. When every edge among the default nodes would
   * be more than EDGE_BUDGET per node, the view starts on the backbone: each node's
   * strongest edges plus every edge of at least the lowest weight that keeps the total
   * near BACKBONE_TARGET per node. The slider starts there; at its minimum it shows all.
   */
  chooseDefaultEdges() {
    const M = this.model;
    const f = this.filters;
    f.backbone = false;
    f.minWeight = M.minW;
    this.computeVisibility();
    const { nodes, edges } = this.counts;
    if (edges <= EDGE_BUDGET * nodes) return;
    f.backbone = true;
    f.minWeight = Infinity;
    this.computeVisibility();
    const room = Math.floor(BACKBONE_TARGET * nodes) - this.counts.edges;
    const ws = [];
    for (let e = 0; e < M.m; e++) {
      if (!this.visEdge[e] && this.visNode[M.src[e]] && this.visNode[M.tgt[e]]) ws.push(M.w[e]);
    }
    const heavy = Float64Array.from(ws).sort().reverse();
    // Lowest weight W with at most `room` of the other edges at W or above.
    let W;
    if (room >= heavy.length) W = M.minW;
    else {
      const v = heavy[Math.max(0, room)]; // edges of this weight do not all fit
      let j = Math.max(0, room) - 1;
      while (j >= 0 && !(heavy[j] > v)) j--;
      W = j >= 0 ? heavy[j] : v + (M.integralWeights ? 1 : 1e-6);
    }
    f.minWeight = W;
    this.defaultMinWeight = W;
  }

  buildGraph() {
    const M = this.model;
    const g = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
    const { keys, labels } = M;
    const { X, Y, sizes, visNode, visEdge } = this;
    for (let i = 0; i < M.n; i++) {
      if (visNode[i]) g.addNode(keys[i], { x: X[i], y: Y[i], size: sizes[i], label: labels[i], i });
    }
    if (this.useEdgeLayer) return g;
    const { src, tgt } = M;
    for (let e = 0; e < M.m; e++) {
      if (visEdge[e]) g.addEdge(keys[src[e]], keys[tgt[e]], { e, size: 1 + this.edgeLevel[e] * 0.7 });
    }
    return g;
  }

  setGraph(graph) {
    this.graph = graph;
    this.nodeKeys = null;
    this.edgeKeys = null;
    this.sigma.setGraph(graph);
  }

  /** Re-applies filters: rebuilds the drawn graph and updates counts. */
  applyFilters() {
    this.computeVisibility();
    if (this.selected >= 0 && !this.visNode[this.selected]) this.select(-1, false);
    if (this.hover >= 0 && !this.visNode[this.hover]) this.hover = -1;
    this.markFocus();
    if (this.edgeLayer) this.edgeLayer.setEdges(this.visEdge, this.counts.edges);
    this.computeSizes();
    this.setGraph(this.buildGraph());
    this.publishCounts();
    if (this.controls) this.controls.sync();
    return { ...this.counts };
  }

  publishCounts() {
    const c = this.container;
    c.dataset.nodes = String(this.counts.nodes);
    c.dataset.edges = String(this.counts.edges);
    if (this.status) {
      this.status.textContent =
        `${fmt(this.counts.nodes)} of ${fmt(this.model.n)} nodes, ` +
        `${fmt(this.counts.edges)} of ${fmt(this.model.m)} edges shown`;
    }
  }

  // --------------------------------------------------------------- reducers

  focusIndex() {
    return this.hover >= 0 ? this.hover : this.selected;
  }

  nodeColor(i) {
    const M = this.model;
    return this.colorMode === "type" ? this.theme.type(M.type[i]) : this.theme.community(M.commRank[i]);
  }

  reduceNode(a) {
    const i = a.i;
    a.color = this.nodeColor(i);
    const f = this.focusIndex();
    if (f >= 0) {
      if (i === f) {
        a.highlighted = true;
        a.forceLabel = true;
      } else if (this.mark[i] === this.stamp) {
        if (this.focusNeighbours <= FORCE_LABEL_NEIGHBOURS) a.forceLabel = true;
      } else {
        a.color = this.theme.dimNode;
        a.label = null;
      }
    } else if (i === this.model.center) {
      a.forceLabel = true;
    }
    return a;
  }

  reduceEdge(a) {
    const e = a.e;
    const M = this.model;
    const f = this.focusIndex();
    if (f >= 0) {
      if (M.src[e] === f || M.tgt[e] === f) {
        a.color = this.theme.edgeHighlight;
        a.size = (a.size || 1) + 0.5;
      } else {
        a.hidden = true;
      }
    } else {
      a.color = this.theme.localEdges[this.edgeLevel[e]];
    }
    return a;
  }

  /** Marks the focused node's drawn neighbours (for the reducers). */
  markFocus() {
    this.stamp++;
    this.focusNeighbours = 0;
    const f = this.focusIndex();
    if (this.edgeLayer) this.edgeLayer.setFocus(f);
    if (f < 0) return;
    const M = this.model;
    this.mark[f] = this.stamp;
    for (let k = M.adjOff[f]; k < M.adjOff[f + 1]; k++) {
      if (this.visEdge[M.adjEdge[k]]) {
        this.mark[M.adjNode[k]] = this.stamp;
        this.focusNeighbours++;
      }
    }
  }

  /** Re-runs the reducers on every drawn item without re-indexing positions. */
  redraw() {
    if (!this.sigma) return;
    if (!this.nodeKeys) {
      this.nodeKeys = this.graph.nodes();
      this.edgeKeys = this.graph.edges();
    }
    try {
      this.sigma.refresh({ partialGraph: { nodes: this.nodeKeys, edges: this.edgeKeys }, skipIndexation: true });
    } catch (err) {
      // Indices were reset by a pending full refresh: do the full one now.
      this.sigma.refresh();
    }
  }

  // ----------------------------------------------------------------- events

  bindEvents() {
    const s = this.sigma;
    const M = this.model;
    s.on("enterNode", ({ node }) => {
      const i = M.index.get(node);
      if (i === undefined) return;
      this.hover = i;
      this.canvas.style.cursor = M.urls[i] ? "pointer" : "default";
      this.markFocus();
      this.redraw();
    });
    s.on("leaveNode", () => {
      this.hover = -1;
      this.canvas.style.cursor = "";
      this.markFocus();
      this.redraw();
    });
    s.on("clickNode", ({ node, event }) => {
      const i = M.index.get(node);
      if (i !== undefined) this.navigate(i, event && event.original);
    });
    s.on("clickStage", () => {
      if (this.selected >= 0) this.select(-1);
    });

    // Local views sit inside reading pages: the wheel scrolls the page unless
    // Ctrl/Cmd is held or the view is full screen.
    if (this.kind === "local") {
      const onWheel = (ev) => {
        if (!ev.ctrlKey && !ev.metaKey && !this.isFullscreen()) ev.stopPropagation();
      };
      this.viewport.addEventListener("wheel", onWheel, { capture: true });
    }

    let last = [this.viewport.clientWidth, this.viewport.clientHeight];
    if (typeof ResizeObserver !== "undefined") {
      let frame = 0;
      const ro = new ResizeObserver(() => {
        const now = [this.viewport.clientWidth, this.viewport.clientHeight];
        if (now[0] === last[0] && now[1] === last[1]) return;
        last = now;
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => this.sigma && this.sigma.refresh());
      });
      ro.observe(this.viewport);
      this.cleanups.push(() => ro.disconnect());
    }
    const onFs = () => this.syncFullscreen();
    document.addEventListener("fullscreenchange", onFs);
    this.cleanups.push(() => document.removeEventListener("fullscreenchange", onFs));
    const onKey = (ev) => {
      if (ev.key === "Escape" && this.container.classList.contains("arxdigest-graph--fullscreen")) {
        this.setCssFullscreen(false);
      }
    };
    document.addEventListener("keydown", onKey);
    this.cleanups.push(() => document.removeEventListener("keydown", onKey));
  }

  buildButtons() {
    const box = el("div", { className: "arxdigest-graph__buttons" });
    const cam = () => this.sigma.getCamera();
    box.appendChild(iconButton("zoom-in", "Zoom in", () => cam().animatedZoom({ duration: 250 })));
    box.appendChild(iconButton("zoom-out", "Zoom out", () => cam().animatedUnzoom({ duration: 250 })));
    box.appendChild(iconButton("reset", "Reset view", () => this.resetView()));
    this.fsButton = iconButton("fullscreen", "Full screen", () => this.toggleFullscreen());
    box.appendChild(this.fsButton);
    return box;
  }

  /**
   * Home camera of a local view: every node with its label (drawn to its right,
   * at a fixed size) between the left edge and the overlay buttons on the right.
   */
  fitLocal() {
    const s = this.sigma;
    const width = this.viewport.clientWidth;
    if (width < 120) return { x: 0.5, y: 0.5, ratio: 1, angle: 0 }; // not laid out (hidden)
    const settings = s.getSettings();
    const ctx = document.createElement("canvas").getContext("2d");
    ctx.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    const xs = [];
    const ends = [];
    this.graph.forEachNode((key, attrs) => {
      const d = s.getNodeDisplayData(key);
      if (!d || d.hidden) return;
      xs.push(s.framedGraphToViewport(d).x);
      ends.push(s.scaleSize(d.size) + 3 + (attrs.label ? ctx.measureText(attrs.label).width : 0));
    });
    const buttons = this.container.querySelector(".arxdigest-graph__buttons");
    const right = (buttons ? buttons.offsetWidth : 40) + 16;
    const { ratio, shift } = fitLabels(xs, ends, width, 12, right);
    const center = s.viewportToFramedGraph({ x: width / 2 + shift, y: this.viewport.clientHeight / 2 });
    return { x: center.x, y: 0.5, ratio, angle: 0 };
  }

  resetView() {
    if (this.selected >= 0) this.select(-1);
    return this.sigma.getCamera().animate(this.home, { duration: 300 });
  }

  // -------------------------------------------------------------- selection

  hrefOf(i) {
    const url = this.model.urls[i];
    if (!url) return null;
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) {
      return /^https?:\/\//i.test(url) ? url : null;
    }
    try {
      return new URL(this.base + url.replace(/^\/+/, ""), window.location.href).href;
    } catch (err) {
      return null;
    }
  }

  navigate(i, ev) {
    const href = this.hrefOf(i);
    if (!href) return;
    if (ev && (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button === 1)) {
      window.open(href, "_blank", "noopener");
      return;
    }
    // A real link click, so that Material's instant navigation (when enabled)
    // handles it like any other internal link.
    const a = el("a", { href, hidden: true });
    this.container.appendChild(a);
    a.click();
    a.remove();
  }

  select(i, redraw = true) {
    this.selected = i;
    this.markFocus();
    if (redraw) this.redraw();
    if (this.info) this.renderInfo();
  }

  renderInfo() {
    const info = this.info;
    const i = this.selected;
    if (i < 0) {
      info.hidden = true;
      info.replaceChildren();
      return;
    }
    const M = this.model;
    const title = el("div", { className: "arxdigest-graph__info-title", textContent: M.labels[i] });
    const papers = M.papers[i];
    // Local views carry local facts: a neighbour's count is the papers it shares with
    // the centre, and a paper's own authors and topics carry none.
    const shared = this.kind === "local" && i !== M.center;
    const count = shared && M.center < 0 ? "" : ` · ${papers}${shared ? " shared" : ""} paper${papers === 1 ? "" : "s"}`;
    const meta = el("div", {
      className: "arxdigest-graph__info-meta",
      textContent: `${M.types[M.type[i]]}${count} · ${this.focusNeighbours} neighbour${this.focusNeighbours === 1 ? "" : "s"} shown`,
    });
    const close = iconButton("close", "Clear selection", () => this.select(-1));
    close.classList.add("arxdigest-graph__info-close");
    info.replaceChildren(close, title, meta);
    const href = this.hrefOf(i);
    if (href) info.appendChild(el("a", { className: "arxdigest-graph__info-link", href, textContent: "Open page →" }));
    info.hidden = false;
  }

  /**
   * Selects a node, widening the filters if it is hidden, and moves the camera
   * to it and its neighbours. Resolves to false for an unknown key.
   */
  focus(key, opts = {}) {
    const M = this.model;
    const i = M.index.get(String(key));
    if (i === undefined) return Promise.resolve(false);
    if (!this.visNode[i]) {
      this.filters.types[M.type[i]] = 1;
      let rank = 0;
      for (let j = 0; j <= i; j++) if (this.filters.types[M.type[j]]) rank++;
      if (rank > this.filters.topN) this.filters.topN = rank;
      this.applyFilters();
    }
    this.hover = -1;
    this.select(i);
    const s = this.sigma;
    const d = s.getNodeDisplayData(M.keys[i]);
    if (!d) return Promise.resolve(true);
    // Frame the node and its drawn neighbours (framed-graph coordinates).
    let x0 = d.x;
    let x1 = d.x;
    let y0 = d.y;
    let y1 = d.y;
    for (let k = M.adjOff[i]; k < M.adjOff[i + 1]; k++) {
      if (!this.visEdge[M.adjEdge[k]]) continue;
      const nd = s.getNodeDisplayData(M.keys[M.adjNode[k]]);
      if (!nd) continue;
      if (nd.x < x0) x0 = nd.x;
      if (nd.x > x1) x1 = nd.x;
      if (nd.y < y0) y0 = nd.y;
      if (nd.y > y1) y1 = nd.y;
    }
    const extent = Math.max(x1 - x0, y1 - y0);
    const ratio = Math.max(0.04, Math.min(1, extent * 1.4 || 0.15));
    const reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const duration = opts.duration === undefined ? (reduced ? 0 : 450) : opts.duration;
    const target = { x: d.x, y: d.y, ratio };
    if (!duration) {
      s.getCamera().setState(target);
      return Promise.resolve(true);
    }
    return s
      .getCamera()
      .animate(target, { duration })
      .then(() => true);
  }

  search(query, limit = 8) {
    return searchLabels(this.model, query, limit);
  }

  setColorMode(mode) {
    this.colorMode = mode === "type" ? "type" : "community";
    this.redraw();
    updateLegend(this);
    if (this.controls) this.controls.sync();
  }

  // ------------------------------------------------------------------ theme

  applyTheme() {
    if (!this.sigma) return;
    this.theme = readTheme(this.container);
    if (this.edgeLayer) this.edgeLayer.invalidateColors();
    if (this.labelLayer) this.labelLayer.invalidate();
    // setSettings schedules a full refresh; run it now so colours change at once.
    this.sigma.setSettings({ labelColor: { color: this.theme.fg }, labelFont: this.theme.font });
    this.sigma.refresh();
    updateLegend(this);
  }

  // ------------------------------------------------------------- fullscreen

  isFullscreen() {
    return document.fullscreenElement === this.container || this.container.classList.contains("arxdigest-graph--fullscreen");
  }

  toggleFullscreen() {
    const c = this.container;
    if (document.fullscreenElement === c) {
      document.exitFullscreen().catch(() => {});
      return;
    }
    if (c.classList.contains("arxdigest-graph--fullscreen")) {
      this.setCssFullscreen(false);
      return;
    }
    if (c.requestFullscreen && document.fullscreenEnabled) {
      c.requestFullscreen().catch(() => this.setCssFullscreen(true));
    } else {
      this.setCssFullscreen(true);
    }
  }

  setCssFullscreen(on) {
    this.container.classList.toggle("arxdigest-graph--fullscreen", on);
    document.documentElement.classList.toggle("arxdigest-graph-noscroll", on);
    this.syncFullscreen();
  }

  syncFullscreen() {
    const on = this.isFullscreen();
    this.container.dataset.fullscreen = on ? "true" : "false";
    this.fsButton.setAttribute("aria-pressed", on ? "true" : "false");
    const label = on ? "Exit full screen" : "Full screen";
    this.fsButton.setAttribute("aria-label", label);
    this.fsButton.title = label;
    setIcon(this.fsButton, on ? "fullscreen-exit" : "fullscreen");
    if (this.sigma) requestAnimationFrame(() => this.sigma && this.sigma.refresh());
  }

  // ---------------------------------------------------------------- testing

  /** How many of the strongest drawn nodes are label candidates at the current zoom. */
  labelBudget() {
    if (this.kind === "local" || !this.sigma) return Infinity;
    const ratio = this.sigma.getCamera().getState().ratio;
    const zoom = Math.max(1, (this.home.ratio || 1) / Math.max(ratio, 1e-6));
    return Math.ceil(LABELS_AT_HOME * zoom * zoom);
  }

  labelBoxes() {
    if (!this.labelLayer || !this.canvas) return [];
    const r = this.canvas.getBoundingClientRect();
    return this.labelLayer.boxes.map((b) => ({ key: b.key, x: r.left + b.x, y: r.top + b.y, w: b.w, h: b.h }));
  }

  communities() {
    const M = this.model;
    const drawn = new Map();
    for (let i = 0; i < M.n; i++) if (this.visNode[i]) drawn.set(M.community[i], (drawn.get(M.community[i]) || 0) + 1);
    return M.communityList
      .filter((c) => drawn.has(c.id))
      .map((c) => ({ id: c.id, name: c.name, size: drawn.get(c.id), total: c.size }))
      .sort((a, b) => b.size - a.size || a.id - b.id);
  }

  nodeScreenPosition(key) {
    if (!this.sigma || !this.graph || !this.graph.hasNode(String(key))) return null;
    const d = this.sigma.getNodeDisplayData(String(key));
    if (!d || d.hidden) return null;
    const p = this.sigma.framedGraphToViewport(d);
    const r = this.canvas.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y, size: this.sigma.scaleSize(d.size) };
  }

  /**
   * The object exposed as `container.arxdigestGraph` once the view is ready:
   * a small, stable hook for tests and automation.
   *
   *   kind                      "global" | "local"
   *   sigma, graph              the sigma instance and the graphology graph drawn
   *                             (global view: nodes only, edges are in the edge layer)
   *   counts()                  {nodes, edges} drawn (as data-nodes / data-edges)
   *   labelBoxes()              [{key, x, y, w, h}]: client-pixel boxes of the labels drawn
   *                             now (never two overlapping)
   *   communities()             [{id, name, size, total}] of the drawn nodes, largest first
   *                             (`name` from graph.json's "communities", else null)
   *   filters(), defaultMinWeight()  current filters; the minimum weight the view started at
   *   nodeScreenPosition(key)   {x, y, size} in client (viewport) CSS pixels, for
   *                             page.mouse.move(x, y); null if the node is not drawn
   *   focus(key, {duration})    select a node (widening filters if needed) and move
   *                             the camera to it; Promise<boolean> (false: unknown key)
   *   search(query, limit)      keys whose label contains query (case-insensitive)
   *   setFilters({types, minWeight, topN, backbone})  apply filters, returns {nodes, edges}
   *                             (backbone: also each node's strongest edges below minWeight)
   *   setColorMode("community" | "type")
   *   selected(), hovered()     key or null
   *   href(key)                 absolute URL a click on the node opens
   *   theme()                   {dark, fg, bg} colours in use
   *   camera()                  sigma camera state {x, y, ratio, angle}
   *   resetView(), kill()
   */
  api() {
    const view = this;
    return {
      kind: this.kind,
      get sigma() {
        return view.sigma;
      },
      get graph() {
        return view.graph;
      },
      counts: () => ({ ...view.counts }),
      labelBoxes: () => view.labelBoxes(),
      communities: () => view.communities(),
      defaultMinWeight: () => view.defaultMinWeight,
      filters: () => ({
        types: view.model.types.filter((t, k) => view.filters.types[k] === 1),
        minWeight: view.filters.minWeight,
        topN: view.filters.topN,
        backbone: view.filters.backbone,
      }),
      nodeScreenPosition: (key) => view.nodeScreenPosition(key),
      focus: (key, opts) => view.focus(key, opts),
      search: (query, limit) => view.search(query, limit).map((i) => view.model.keys[i]),
      setFilters: (f) => {
        if (f.types) {
          const on = new Set(f.types);
          view.model.types.forEach((t, k) => {
            view.filters.types[k] = on.has(t) ? 1 : 0;
          });
        }
        if (typeof f.minWeight === "number") view.filters.minWeight = f.minWeight;
        if (typeof f.backbone === "boolean") view.filters.backbone = f.backbone;
        if (typeof f.topN === "number") view.filters.topN = Math.max(0, Math.floor(f.topN));
        return view.applyFilters();
      },
      setColorMode: (mode) => view.setColorMode(mode),
      selected: () => (view.selected >= 0 ? view.model.keys[view.selected] : null),
      hovered: () => (view.hover >= 0 ? view.model.keys[view.hover] : null),
      theme: () => ({ dark: view.theme.dark, fg: view.theme.fg, bg: view.theme.bg }),
      camera: () => ({ ...view.sigma.getCamera().getState() }),
      href: (key) => {
        const i = view.model.index.get(String(key));
        return i === undefined ? null : view.hrefOf(i);
      },
      resetView: () => view.resetView(),
      kill: () => view.destroy(),
    };
  }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const fn of this.cleanups) fn();
    this.cleanups = [];
    if (this.sigma) {
      this.sigma.kill();
      this.sigma = null;
    }
    this.edgeLayer = null;
    this.labelLayer = null;
    if (this.container.classList.contains("arxdigest-graph--fullscreen")) this.setCssFullscreen(false);
    delete this.container.arxdigestGraph;
  }
}
