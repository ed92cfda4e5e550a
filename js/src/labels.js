// Node labels without overlaps. Sigma's label grid picks a few labels per
// grid cell, but a label runs past its cell, so neighbours print over each
// other ("Reasoning" + "Large Language Models" read "Reasoninguage Models").
// This layer replaces sigma's label pass (renderLabels: false): after each
// render it walks the drawn nodes strongest first (forced labels, then the
// model's order, which is by PageRank), skips a label whose box would touch
// one already placed (a uniform grid of placed boxes keeps that O(1) a label),
// and draws the rest on sigma's label canvas, whole (none cut by the canvas' edge
// or under the overlay buttons). The boxes drawn are kept for
// `labelBoxes()`. Labels are untrusted text: drawn with fillText only.

const CELL = 48;
// Space kept free around every label box (px).
const GAP = 2;

export class LabelLayer {
  /**
   * @param {import("./view.js").GraphView} view
   * @param {(i: number) => number} priority lower draws first among unforced labels (default: model order)
   */
  constructor(view, priority) {
    this.view = view;
    this.priority = priority || null;
    this.widths = new Map();
    this.font = "";
    this.boxes = [];
    this.order = null;
  }

  /** Forget measured widths (font or theme changed). */
  invalidate() {
    this.widths.clear();
    this.order = null;
  }

  measure(ctx, i, label) {
    let w = this.widths.get(i);
    if (w === undefined) {
      w = ctx.measureText(label).width;
      this.widths.set(i, w);
    }
    return w;
  }

  /** Node indices in drawing priority (computed once per model). */
  ranking() {
    if (!this.order) {
      const n = this.view.model.n;
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      if (this.priority) {
        const p = this.priority;
        order.sort((a, b) => p(a) - p(b) || a - b);
      }
      this.order = order;
    }
    return this.order;
  }

  draw() {
    const view = this.view;
    const sigma = view.sigma;
    if (!sigma) return;
    const M = view.model;
    const settings = sigma.getSettings();
    const ctx = sigma.getCanvases().labels.getContext("2d");
    const size = settings.labelSize;
    const font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    if (font !== this.font) {
      this.font = font;
      this.widths.clear();
    }
    const { width, height } = sigma.getDimensions();
    const threshold = view.labelThreshold;
    const th = view.theme;
    const cols = Math.ceil(width / CELL) + 1;
    const grid = new Map();
    const boxes = [];
    ctx.font = font;
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = th.bgRgba(0.8);
    ctx.fillStyle = th.fg;

    const collides = (x0, y0, x1, y1) => {
      const c0 = Math.max(0, Math.floor(x0 / CELL));
      const c1 = Math.floor(x1 / CELL);
      const r0 = Math.max(0, Math.floor(y0 / CELL));
      const r1 = Math.floor(y1 / CELL);
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const cell = grid.get(r * cols + c);
          if (!cell) continue;
          for (const b of cell) {
            if (x0 < b.x + b.w + GAP && b.x < x1 + GAP && y0 < b.y + b.h + GAP && b.y < y1 + GAP) return true;
          }
        }
      }
      return false;
    };
    const place = (box) => {
      const c0 = Math.max(0, Math.floor(box.x / CELL));
      const c1 = Math.floor((box.x + box.w) / CELL);
      const r0 = Math.max(0, Math.floor(box.y / CELL));
      const r1 = Math.floor((box.y + box.h) / CELL);
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const k = r * cols + c;
          const cell = grid.get(k);
          if (cell) cell.push(box);
          else grid.set(k, [box]);
        }
      }
      boxes.push(box);
    };

    const budget = view.labelBudget ? view.labelBudget() : Infinity;
    let rank = 0;
    // The overlay buttons hide what is under them: no label goes there.
    const buttons = view.viewport && view.viewport.querySelector(".arxdigest-graph__buttons");
    if (buttons && view.canvas) {
      const b = buttons.getBoundingClientRect();
      const c = view.canvas.getBoundingClientRect();
      if (b.width && b.height) {
        place({ key: null, x: b.left - c.left, y: b.top - c.top, w: b.width, h: b.height });
        boxes.pop(); // an obstacle, not a label
      }
    }
    const tryLabel = (i, forcedPass) => {
      const key = M.keys[i];
      const d = sigma.getNodeDisplayData(key);
      if (!d || d.hidden || !d.label) return;
      if (!!d.forceLabel !== forcedPass) return;
      const r = sigma.scaleSize(d.size);
      if (!forcedPass && r < threshold && rank >= budget) return;
      const p = sigma.framedGraphToViewport(d);
      const w = this.measure(ctx, i, d.label);
      // The text starts right of the node; its stroke reaches 1.5px beyond the glyphs.
      const tx = p.x + r + 3;
      const x0 = tx - 2;
      const y0 = p.y - 0.6 * size - 1;
      const bw = w + 4;
      const bh = 1.3 * size + 2;
      // Whole labels only: one cut by the canvas' edge cannot be read.
      if (x0 < 0 || x0 + bw > width || y0 < 0 || y0 + bh > height) return;
      if (collides(x0, y0, x0 + bw, y0 + bh)) return;
      place({ key, x: x0, y: y0, w: bw, h: bh });
      const ty = p.y + size / 3;
      ctx.strokeText(d.label, tx, ty);
      ctx.fillText(d.label, tx, ty);
    };

    const order = this.ranking();
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      if (view.visNode[i]) tryLabel(i, true);
    }
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      if (!view.visNode[i]) continue;
      tryLabel(i, false);
      rank++;
    }
    this.boxes = boxes;
  }
}
