// Deterministic layout for local (ego) views: the centre node is pinned at the
// origin, the others start on rings by hop distance (ordered by community, then
// type, then pagerank order) and a few ForceAtlas2 iterations relax them. No
// randomness: the same data always gives the same picture.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

/**
 * @param model parsed local graph (data.js)
 * @param aspect width / height of the canvas: the result is stretched
 *   horizontally (up to 2x) to use a wide canvas.
 */
export function layoutLocal(model, aspect = 1) {
  const n = model.n;
  const X = new Float64Array(n);
  const Y = new Float64Array(n);
  if (n === 0) return { X, Y };
  if (model.hasAllPositions) {
    X.set(model.x);
    Y.set(model.y);
    return { X, Y };
  }
  const center = model.center >= 0 ? model.center : 0;
  const { adjOff, adjNode } = model;

  // Hop distance from the centre (breadth-first).
  const hop = new Int32Array(n).fill(-1);
  const queue = new Uint32Array(n);
  let head = 0;
  let tail = 0;
  hop[center] = 0;
  queue[tail++] = center;
  let maxHop = 0;
  while (head < tail) {
    const v = queue[head++];
    for (let k = adjOff[v]; k < adjOff[v + 1]; k++) {
      const u = adjNode[k];
      if (hop[u] < 0) {
        hop[u] = hop[v] + 1;
        if (hop[u] > maxHop) maxHop = hop[u];
        queue[tail++] = u;
      }
    }
  }
  for (let i = 0; i < n; i++) if (hop[i] < 0) hop[i] = maxHop + 1;

  const rings = [];
  for (let i = 0; i < n; i++) {
    if (i === center) continue;
    (rings[hop[i]] = rings[hop[i]] || []).push(i);
  }
  const order = (a, b) => model.commRank[a] - model.commRank[b] || model.type[a] - model.type[b] || a - b;
  for (let h = 1; h < rings.length; h++) {
    const ring = rings[h];
    if (!ring) continue;
    ring.sort(order);
    const radius = 10 * h;
    const offset = h * 0.61;
    for (let k = 0; k < ring.length; k++) {
      const angle = offset + (2 * Math.PI * k) / ring.length;
      X[ring[k]] = radius * Math.cos(angle);
      Y[ring[k]] = radius * Math.sin(angle);
    }
  }

  if (n > 2 && model.m > 0) {
    const g = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
    for (let i = 0; i < n; i++) g.addNode(i, { x: X[i], y: Y[i], fixed: i === center });
    for (let e = 0; e < model.m; e++) {
      g.addEdge(model.src[e], model.tgt[e], { weight: Math.sqrt(Math.max(model.w[e], 0.01)) });
    }
    const settings = forceAtlas2.inferSettings(g);
    settings.gravity = 0.6;
    settings.scalingRatio = 14;
    settings.slowDown = 3;
    settings.barnesHutOptimize = false;
    settings.strongGravityMode = false;
    forceAtlas2.assign(g, { iterations: 60, settings, getEdgeWeight: "weight" });
    g.forEachNode((key, attr) => {
      const i = +key;
      X[i] = attr.x;
      Y[i] = attr.y;
    });
  }
  // Pin the centre exactly at the origin; stretch to the canvas' shape.
  const cx = X[center];
  const cy = Y[center];
  const stretch = Math.max(1, Math.min(2, aspect || 1));
  for (let i = 0; i < n; i++) {
    X[i] = (X[i] - cx) * stretch;
    Y[i] -= cy;
  }
  return { X, Y };
}
