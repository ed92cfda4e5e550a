// Parsing of the page contract's graph payloads into compact typed arrays.
//
// Both the global graph.json and a local view's data-graph attribute carry
//   {"types": [...], "nodes": [[key, label, typeIndex, url, papers, community, x, y, pagerank], ...],
//    "edges": [[sourceIndex, targetIndex, weight], ...]}
// (the global file adds "version": 1 and "communities": [[id, name, size], ...],
// a local view adds "center"). Nothing here
// touches the DOM; labels stay plain strings (drawn as canvas text or set with
// textContent, never parsed as HTML).

const K_KEY = 0;
const K_LABEL = 1;
const K_TYPE = 2;
const K_URL = 3;
const K_PAPERS = 4;
const K_COMMUNITY = 5;
const K_X = 6;
const K_Y = 7;
const K_RANK = 8;

function fail(message) {
  throw new Error(message);
}

function num(value, fallback) {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/**
 * @param {any} raw parsed JSON
 * @param {{requirePositions: boolean}} opts
 */
export function parseGraph(raw, opts) {
  if (!raw || typeof raw !== "object") fail("graph data is not an object");
  if (raw.version !== undefined && raw.version !== 1) fail(`unsupported graph data version ${raw.version}`);
  const rawNodes = raw.nodes;
  const rawEdges = raw.edges || [];
  if (!Array.isArray(rawNodes)) fail("graph data has no nodes array");
  if (!Array.isArray(rawEdges)) fail("graph data edges is not an array");
  const types = Array.isArray(raw.types) && raw.types.length ? raw.types.map(String) : ["node"];

  const total = rawNodes.length;
  const keys = new Array(total);
  const labels = new Array(total);
  const urls = new Array(total);
  const type = new Uint8Array(total);
  const papers = new Float64Array(total);
  const community = new Int32Array(total);
  const x = new Float64Array(total);
  const y = new Float64Array(total);
  const pagerank = new Float64Array(total);
  const index = new Map();
  // Raw position -> kept position (rows with a missing or duplicate key are dropped).
  const remap = new Int32Array(total).fill(-1);
  let hasAllPositions = true;
  let n = 0;
  let maxPapers = 0;
  for (let r = 0; r < total; r++) {
    const row = rawNodes[r];
    if (!Array.isArray(row) || row.length < 2) continue;
    const key = row[K_KEY];
    if (key === null || key === undefined || key === "") continue;
    const skey = String(key);
    if (index.has(skey)) continue;
    index.set(skey, n);
    remap[r] = n;
    keys[n] = skey;
    const label = row[K_LABEL];
    labels[n] = label === null || label === undefined ? skey : String(label);
    const t = num(row[K_TYPE], 0) | 0;
    type[n] = t >= 0 && t < types.length ? t : 0;
    urls[n] = typeof row[K_URL] === "string" ? row[K_URL] : "";
    const p = Math.max(0, num(row[K_PAPERS], 1));
    papers[n] = p;
    if (p > maxPapers) maxPapers = p;
    community[n] = num(row[K_COMMUNITY], -1) | 0;
    const px = row[K_X];
    const py = row[K_Y];
    if (typeof px === "number" && typeof py === "number" && Number.isFinite(px) && Number.isFinite(py)) {
      x[n] = px;
      y[n] = py;
    } else {
      hasAllPositions = false;
    }
    pagerank[n] = num(row[K_RANK], 0);
    n++;
  }
  if (opts.requirePositions && !hasAllPositions) fail("graph data has nodes without x/y positions");

  // Edges: drop invalid indices, self loops and duplicates (the graph is simple
  // and undirected).
  const m0 = rawEdges.length;
  const src = new Uint32Array(m0);
  const tgt = new Uint32Array(m0);
  const w = new Float64Array(m0);
  const seen = new Set();
  let m = 0;
  let minW = Infinity;
  let maxW = -Infinity;
  let integral = true;
  for (let e = 0; e < m0; e++) {
    const row = rawEdges[e];
    if (!Array.isArray(row)) continue;
    const a0 = row[0];
    const b0 = row[1];
    if (typeof a0 !== "number" || typeof b0 !== "number" || a0 < 0 || b0 < 0 || a0 >= total || b0 >= total) continue;
    const a = remap[a0];
    const b = remap[b0];
    if (a < 0 || b < 0 || a === b) continue;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const pair = lo * n + hi;
    if (seen.has(pair)) continue;
    seen.add(pair);
    const weight = num(row[2], 1);
    src[m] = a;
    tgt[m] = b;
    w[m] = weight;
    if (weight < minW) minW = weight;
    if (weight > maxW) maxW = weight;
    if (integral && weight !== Math.floor(weight)) integral = false;
    m++;
  }
  if (!m) {
    minW = 1;
    maxW = 1;
  }

  // Compressed adjacency (CSR): neighbours and incident edges of every node.
  const deg = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) {
    deg[src[e] + 1]++;
    deg[tgt[e] + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const adjOff = deg;
  const fillPos = adjOff.slice(0, n);
  const adjNode = new Uint32Array(2 * m);
  const adjEdge = new Uint32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const a = src[e];
    const b = tgt[e];
    adjNode[fillPos[a]] = b;
    adjEdge[fillPos[a]++] = e;
    adjNode[fillPos[b]] = a;
    adjEdge[fillPos[b]++] = e;
  }

  // Communities ranked by size (ties: first seen, i.e. by pagerank of their
  // best node since nodes come sorted by pagerank). The rank picks the colour,
  // the first node names the community in the legend.
  const commSize = new Map();
  const commFirst = new Map();
  for (let i = 0; i < n; i++) {
    const c = community[i];
    commSize.set(c, (commSize.get(c) || 0) + 1);
    if (!commFirst.has(c)) commFirst.set(c, i);
  }
  const communities = Array.from(commSize.keys()).sort(
    (c1, c2) => commSize.get(c2) - commSize.get(c1) || commFirst.get(c1) - commFirst.get(c2),
  );
  // Names from the global file's "communities": [[id, name, size], ...] (untrusted text).
  const commName = new Map();
  if (Array.isArray(raw.communities)) {
    for (const row of raw.communities) {
      if (Array.isArray(row) && typeof row[0] === "number" && typeof row[1] === "string" && row[1]) {
        commName.set(row[0] | 0, row[1]);
      }
    }
  }
  const commRankOf = new Map();
  communities.forEach((c, r) => commRankOf.set(c, r));
  const commRank = new Int32Array(n);
  for (let i = 0; i < n; i++) commRank[i] = commRankOf.get(community[i]);
  const typeCount = new Uint32Array(types.length);
  for (let i = 0; i < n; i++) typeCount[type[i]]++;

  let center = -1;
  if (typeof raw.center === "number" && raw.center >= 0 && raw.center < total) center = remap[raw.center];
  else if (typeof raw.center === "string" && index.has(raw.center)) center = index.get(raw.center);

  return {
    types,
    typeCount,
    n,
    keys,
    labels,
    urls,
    type,
    papers,
    maxPapers: maxPapers || 1,
    community,
    commRank,
    communityList: communities.map((c) => ({
      id: c,
      size: commSize.get(c),
      first: commFirst.get(c),
      name: commName.get(c) || null,
    })),
    x,
    y,
    hasAllPositions,
    pagerank,
    index,
    m,
    src,
    tgt,
    w,
    minW,
    maxW,
    integralWeights: integral,
    adjOff,
    adjNode,
    adjEdge,
    center,
    _lowerLabels: null,
  };
}

/** Lower-cased labels, computed on first search only. */
export function lowerLabels(model) {
  if (!model._lowerLabels) model._lowerLabels = model.labels.map((l) => l.toLowerCase());
  return model._lowerLabels;
}

/**
 * Case-insensitive substring search over labels. Nodes are sorted by pagerank,
 * so the scan order is already by importance; prefix matches come first.
 */
export function searchLabels(model, query, limit) {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const lower = lowerLabels(model);
  const prefix = [];
  const inner = [];
  for (let i = 0; i < model.n && prefix.length < limit; i++) {
    const pos = lower[i].indexOf(q);
    if (pos === 0) prefix.push(i);
    else if (pos > 0 && inner.length < limit) inner.push(i);
  }
  return prefix.concat(inner).slice(0, limit);
}
