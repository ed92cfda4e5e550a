// Entry point of graph.js: finds `.arxdigest-graph` containers and mounts a
// global or local graph view in each.
//
// Page contract (emitted by the Python side):
//   <div class="arxdigest-graph" data-kind="global" data-src="graph.json" data-base="../"></div>
//   <div class="arxdigest-graph" data-kind="local" data-base="../../" data-graph='{"types":..,"nodes":..,"edges":..,"center":0}'></div>
// Optional: data-top="N" (global: nodes drawn initially, top N by pagerank),
// data-color="type" (global: colour by node type instead of community).
// After the first frame the container gets data-ready="true", data-nodes,
// data-edges and data-first-frame-ms; on failure data-error="message".
// `container.arxdigestGraph` is a small automation hook (see GraphView.api).
import { parseGraph } from "./data.js";
import { GraphView } from "./view.js";

const SCRIPT_T0 = performance.now();
if (performance.mark) performance.mark("arxdigest:script");
const VERSION = "1";
const live = new Set();
let firstInit = true;
let themeObserver = null;

// Performance marks (arxdigest:*) for profiling; cheap and harmless.
function mark(name) {
  if (performance.mark) performance.mark(`arxdigest:${name}`);
}

function showError(container, err) {
  const message = err && err.message ? err.message : String(err);
  container.dataset.error = message;
  container.removeAttribute("data-ready");
  container.classList.add("arxdigest-graph--error");
  const p = document.createElement("p");
  p.className = "arxdigest-graph__error";
  p.setAttribute("role", "alert");
  p.textContent = `Graph view unavailable: ${message}`;
  container.replaceChildren(p);
}

let webgl = null;
function webglAvailable() {
  if (webgl === null) {
    try {
      const canvas = document.createElement("canvas");
      const gl = canvas.getContext("webgl2") || canvas.getContext("webgl");
      webgl = !!gl;
      const lose = gl && gl.getExtension("WEBGL_lose_context");
      if (lose) lose.loseContext(); // do not hold one of the page's few WebGL contexts
    } catch (err) {
      webgl = false;
    }
  }
  return webgl;
}

async function loadModel(container, kind) {
  if (kind === "local") {
    const text = container.getAttribute("data-graph");
    if (!text) throw new Error("missing data-graph attribute");
    return parseGraph(JSON.parse(text), { requirePositions: false });
  }
  const src = container.getAttribute("data-src");
  if (!src) throw new Error("missing data-src attribute");
  const url = new URL(src, window.location.href);
  const res = await fetch(url.href, { credentials: "same-origin" });
  if (!res.ok) throw new Error(`could not load ${src} (HTTP ${res.status})`);
  const raw = await res.json();
  mark("fetched");
  return parseGraph(raw, { requirePositions: true });
}

async function mount(container, t0) {
  const kind = container.dataset.kind === "local" ? "local" : "global";
  container.dataset.kind = kind;
  try {
    if (!webglAvailable()) throw new Error("WebGL is not available in this browser");
    const model = await loadModel(container, kind);
    mark("parsed");
    if (!container.isConnected) return;
    const view = new GraphView(container, model, { kind, base: container.dataset.base || "", t0 });
    live.add(view);
    try {
      view.mount();
    } catch (err) {
      live.delete(view);
      view.destroy();
      throw err;
    }
    // graph/#focus=author:Name (author pages link their community so) focuses that node.
    const focus = kind === "global" && new URLSearchParams(location.hash.slice(1)).get("focus");
    if (focus) requestAnimationFrame(() => container.arxdigestGraph && container.arxdigestGraph.focus(focus));
  } catch (err) {
    console.error("arxdigest graph:", err);
    showError(container, err);
  }
}

function observeTheme() {
  if (themeObserver || !document.body || typeof MutationObserver === "undefined") return;
  let frame = 0;
  const update = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => live.forEach((view) => view.applyTheme()));
  };
  themeObserver = new MutationObserver(update);
  themeObserver.observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"],
  });
  if (window.matchMedia) {
    const mq = window.matchMedia("(prefers-color-scheme: dark)");
    if (mq.addEventListener) mq.addEventListener("change", update);
  }
}

/** Mounts views in containers not yet initialised; kills views whose container left the page. */
export function init(root) {
  const t0 = firstInit ? SCRIPT_T0 : performance.now();
  firstInit = false;
  for (const view of Array.from(live)) {
    if (!view.container.isConnected) {
      view.destroy();
      live.delete(view);
    }
  }
  observeTheme();
  const scope = root && root.querySelectorAll ? root : document;
  scope.querySelectorAll(".arxdigest-graph").forEach((container) => {
    if (container.arxdigestInit) return;
    container.arxdigestInit = true;
    mount(container, t0);
  });
}

function boot() {
  const doc$ = window.document$;
  if (doc$ && typeof doc$.subscribe === "function") {
    // mkdocs-material: emits on load and after every instant navigation.
    doc$.subscribe(() => init());
  } else {
    init();
  }
}

if (!window.arxdigestGraph) {
  window.arxdigestGraph = {
    version: VERSION,
    init,
    views: () => Array.from(live).map((v) => v.container),
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot, { once: true });
  else boot();
}
