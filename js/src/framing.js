// Framing helpers: the global view's "home" camera (the box holding the middle
// 96% of the drawn nodes, so a few far-away isolated nodes do not shrink the
// picture), the fit of a local view's labels, and a typical node spacing
// (median nearest-neighbour distance) used to keep nodes from overlapping. O(n).

/** Zoom-out of the whole-graph home view, and how far right its centre moves (framed units). */
const LABEL_MARGIN = 0.2;
const LABEL_SHIFT = 0.06;

/**
 * Camera zoom-out (`ratio` >= 1) and horizontal shift (`shift`, viewport px) that fit
 * nodes drawn at viewport x `xs`, each with `ends[i]` px to its right (radius, gap and
 * label), between `left` and `width - right` px. Labels keep their size when the camera
 * zooms out, so the widest ones decide. Never zooms in, nor out beyond `maxRatio`
 * (then the leftmost node stays in view).
 */
export function fitLabels(xs, ends, width, left, right, maxRatio = 3) {
  const n = xs.length;
  if (!n) return { ratio: 1, shift: 0 };
  let xl = Infinity;
  for (let i = 0; i < n; i++) xl = Math.min(xl, xs[i]);
  let ratio = 1;
  for (let i = 0; i < n; i++) {
    const room = width - right - left - ends[i];
    if (room > 0 && xs[i] > xl) ratio = Math.max(ratio, (xs[i] - xl) / room);
  }
  ratio = Math.min(ratio, maxRatio);
  const c = width / 2;
  let lo = -Infinity;
  for (let i = 0; i < n; i++) lo = Math.max(lo, xs[i] - c - ratio * (c - right - ends[i]));
  const hi = xl - c + ratio * (c - left);
  return { ratio, shift: lo > hi ? hi : (lo + hi) / 2 };
}

/** Bounding box of the drawn nodes. */
export function extent(X, Y, vis) {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  let count = 0;
  for (let i = 0; i < X.length; i++) {
    if (!vis[i]) continue;
    const x = X[i];
    const y = Y[i];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    count++;
  }
  if (!count) return { minX: 0, maxX: 1, minY: 0, maxY: 1, count };
  return { minX, maxX, minY, maxY, count };
}

function quantiles(values, lo, hi) {
  const sorted = Float64Array.from(values).sort();
  const at = (t) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(t * (sorted.length - 1))))];
  return [at(lo), at(hi)];
}

/**
 * Camera state (sigma's framed coordinates, where `bbox` maps to the unit
 * square's centre) framing the middle 96% of the drawn nodes; the full view
 * (the whole graph, with room for labels) when that is most of it anyway.
 */
export function homeView(X, Y, vis, bbox) {
  // Labels are drawn to the right of their nodes: zoom out a little and leave the
  // wider margin on the right, so that the labels of the rightmost nodes fit.
  const full = { x: 0.5 + LABEL_SHIFT, y: 0.5, ratio: 1 + LABEL_MARGIN, angle: 0 };
  const xs = [];
  const ys = [];
  for (let i = 0; i < X.length; i++) {
    if (vis[i]) {
      xs.push(X[i]);
      ys.push(Y[i]);
    }
  }
  if (xs.length < 20) return full;
  const [x0, x1] = quantiles(xs, 0.02, 0.98);
  const [y0, y1] = quantiles(ys, 0.02, 0.98);
  const dx = bbox.maxX - bbox.minX || 1;
  const dy = bbox.maxY - bbox.minY || 1;
  const ratio = Math.max((x1 - x0) / dx, (y1 - y0) / dy) * 1.12;
  if (!(ratio < 0.7)) return full;
  const scale = Math.max(dx, dy);
  return {
    x: 0.5 + ((x0 + x1) / 2 - (bbox.minX + bbox.maxX) / 2) / scale + LABEL_SHIFT * ratio,
    y: 0.5 + ((y0 + y1) / 2 - (bbox.minY + bbox.maxY) / 2) / scale,
    ratio: Math.max(0.05, ratio),
    angle: 0,
  };
}

/** Median distance from a sample of drawn nodes to their nearest drawn neighbour (0 if unknown). */
export function medianNearest(X, Y, vis, bbox, count) {
  if (count < 3) return 0;
  const w = bbox.maxX - bbox.minX || 1;
  const h = bbox.maxY - bbox.minY || 1;
  const cell = Math.sqrt((w * h) / count) || 1;
  const cols = Math.max(1, Math.ceil(w / cell) + 1);
  const grid = new Map();
  const cellOf = (i) => Math.floor((X[i] - bbox.minX) / cell) + cols * Math.floor((Y[i] - bbox.minY) / cell);
  for (let i = 0; i < X.length; i++) {
    if (!vis[i]) continue;
    const k = cellOf(i);
    const bucket = grid.get(k);
    if (bucket) bucket.push(i);
    else grid.set(k, [i]);
  }
  const stride = Math.max(1, Math.floor(count / 600));
  const found = [];
  let seen = 0;
  for (let i = 0; i < X.length; i++) {
    if (!vis[i] || seen++ % stride) continue;
    const cx = Math.floor((X[i] - bbox.minX) / cell);
    const cy = Math.floor((Y[i] - bbox.minY) / cell);
    let best = Infinity;
    for (let gy = cy - 1; gy <= cy + 1; gy++) {
      for (let gx = cx - 1; gx <= cx + 1; gx++) {
        if (gx < 0 || gy < 0 || gx >= cols) continue;
        const bucket = grid.get(gx + cols * gy);
        if (!bucket) continue;
        for (const j of bucket) {
          if (j === i) continue;
          const d = (X[j] - X[i]) ** 2 + (Y[j] - Y[i]) ** 2;
          if (d < best) best = d;
        }
      }
    }
    if (best < Infinity) found.push(Math.sqrt(best));
  }
  if (!found.length) return 0;
  found.sort((a, b) => a - b);
  return found[Math.floor(found.length / 2)];
}
