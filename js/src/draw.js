// Canvas label and hover renderers that follow the page's colour scheme
// (sigma's defaults paint a white hover box, wrong in Material's dark "slate").
// Labels are untrusted text: they are only ever drawn with fillText.

function font(settings) {
  return `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
}

/**
 * @param {() => any} theme returns the current theme (see theme.js)
 * @param {() => number} threshold minimum rendered radius for a label (unless forced)
 */
export function makeLabelDrawer(theme, threshold) {
  return function drawLabel(ctx, data, settings) {
    if (!data.label) return;
    if (!data.forceLabel && data.size < threshold()) return;
    const th = theme();
    ctx.font = font(settings);
    const x = data.x + data.size + 3;
    const y = data.y + settings.labelSize / 3;
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = th.bgRgba(0.8);
    ctx.strokeText(data.label, x, y);
    ctx.fillStyle = th.fg;
    ctx.fillText(data.label, x, y);
  };
}

export function makeHoverDrawer(theme) {
  return function drawHover(ctx, data, settings) {
    const th = theme();
    const size = settings.labelSize;
    ctx.font = font(settings);
    const pad = 3;
    const r = Math.max(data.size, size / 2) + pad;
    ctx.save();
    ctx.shadowOffsetX = 0;
    ctx.shadowOffsetY = 1;
    ctx.shadowBlur = 6;
    ctx.shadowColor = th.dark ? "rgba(0, 0, 0, 0.7)" : "rgba(0, 0, 0, 0.25)";
    ctx.fillStyle = th.bg;
    ctx.beginPath();
    if (data.label) {
      const w = ctx.measureText(data.label).width + 8;
      const h = size + 2 * pad + 2;
      const half = h / 2;
      const dx = Math.sqrt(Math.max(0, r * r - half * half));
      const angle = Math.asin(Math.min(1, half / r));
      ctx.moveTo(data.x + dx, data.y + half);
      ctx.lineTo(data.x + r + w - 3, data.y + half);
      ctx.quadraticCurveTo(data.x + r + w, data.y + half, data.x + r + w, data.y + half - 3);
      ctx.lineTo(data.x + r + w, data.y - half + 3);
      ctx.quadraticCurveTo(data.x + r + w, data.y - half, data.x + r + w - 3, data.y - half);
      ctx.lineTo(data.x + dx, data.y - half);
      ctx.arc(data.x, data.y, r, -angle, angle, true);
    } else {
      ctx.arc(data.x, data.y, r, 0, Math.PI * 2);
    }
    ctx.closePath();
    ctx.fill();
    ctx.restore();
    if (data.label) {
      ctx.fillStyle = th.fg;
      ctx.fillText(data.label, data.x + data.size + 5, data.y + size / 3);
    }
  };
}
