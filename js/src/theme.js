// Colours: read from mkdocs-material's CSS variables (through the
// --arxdigest-* variables of graph.css, which fall back to sensible values
// outside Material), converted to rgb()/hex strings that sigma's WebGL colour
// parser understands.

const FALLBACK = {
  fg: "rgba(0, 0, 0, 0.87)",
  fgLight: "rgba(0, 0, 0, 0.54)",
  bg: "rgb(255, 255, 255)",
  primary: "rgb(64, 81, 181)",
  accent: "rgb(82, 108, 254)",
};

/** Parses "rgb(a)(r, g, b[, a])" or "#rrggbb" into [r, g, b, a]. */
export function parseCssColor(value) {
  if (!value) return null;
  const v = value.trim();
  let m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/i.exec(v);
  if (m) {
    let a = m[4] === undefined ? 1 : m[4].endsWith("%") ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    if (!Number.isFinite(a)) a = 1;
    return [+m[1], +m[2], +m[3], a];
  }
  m = /^#([0-9a-f]{6})$/i.exec(v);
  if (m) {
    const i = parseInt(m[1], 16);
    return [(i >> 16) & 255, (i >> 8) & 255, i & 255, 1];
  }
  m = /^#([0-9a-f]{3})$/i.exec(v);
  if (m) {
    const [r, g, b] = m[1].split("").map((c) => parseInt(c + c, 16));
    return [r, g, b, 1];
  }
  return null;
}

export function rgba(c, alpha) {
  const a = alpha === undefined ? c[3] : alpha;
  return `rgba(${Math.round(c[0])}, ${Math.round(c[1])}, ${Math.round(c[2])}, ${+a.toFixed(3)})`;
}

/** Opaque mix: t=0 gives a, t=1 gives b (alpha ignored). */
export function mix(a, b, t) {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t, 1];
}

/** Flattens a translucent colour over an opaque background. */
export function flatten(c, bg) {
  return mix(bg, c, c[3]);
}

export function hex(c) {
  const h = (v) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, "0");
  return `#${h(c[0])}${h(c[1])}${h(c[2])}`;
}

function hslToRgb(h, s, l) {
  h = (((h % 360) + 360) % 360) / 360;
  const f = (n) => {
    const k = (n + h * 12) % 12;
    const a = s * Math.min(l, 1 - l);
    return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [f(0), f(8), f(4), 1];
}

function luminance(c) {
  return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
}

// Well separated hues for the largest communities; the rest get golden-angle
// hues at a lower saturation so the big ones stand out.
const HUES = [212, 28, 140, 352, 268, 48, 184, 320, 96, 8, 236, 160];

function categorical(rank, dark) {
  if (rank < HUES.length) return hslToRgb(HUES[rank], dark ? 0.7 : 0.62, dark ? 0.66 : 0.46);
  const h = (HUES[0] + rank * 137.508) % 360;
  return hslToRgb(h, dark ? 0.32 : 0.3, dark ? 0.6 : 0.55);
}

const TYPE_HUES = [212, 28, 140, 300, 352, 48];

function probeColor(host, variable, fallback) {
  const probe = document.createElement("span");
  probe.style.cssText = `position:absolute;width:0;height:0;overflow:hidden;visibility:hidden;color:var(${variable})`;
  host.appendChild(probe);
  const c = parseCssColor(getComputedStyle(probe).color);
  probe.remove();
  return c || parseCssColor(fallback);
}

/** Reads the current colour scheme for the given graph container. */
export function readTheme(host) {
  let bg = probeColor(host, "--arxdigest-bg", FALLBACK.bg);
  if (bg[3] < 0.5) bg = [255, 255, 255, 1];
  bg = [bg[0], bg[1], bg[2], 1];
  const fg = probeColor(host, "--arxdigest-fg", FALLBACK.fg);
  const fgLight = probeColor(host, "--arxdigest-fg-light", FALLBACK.fgLight);
  const primary = probeColor(host, "--arxdigest-primary", FALLBACK.primary);
  const accent = probeColor(host, "--arxdigest-accent", FALLBACK.accent);
  const dark = luminance(bg) < 0.5;
  const fgSolid = flatten(fg, bg);
  const font = getComputedStyle(host).fontFamily || "sans-serif";

  const communityCache = [];
  const typeCache = [];
  return {
    dark,
    font,
    bg: hex(bg),
    bgRgba: (a) => rgba(bg, a),
    fg: hex(fgSolid),
    fgLight: hex(flatten(fgLight, bg)),
    primary: hex(flatten(primary, bg)),
    accent: hex(flatten(accent, bg)),
    // Local views' edges (sigma quads, few of them): opaque, darker when heavier.
    localEdges: [0, 1, 2, 3].map((l) => hex(mix(bg, fgSolid, (dark ? 0.24 : 0.2) + l * 0.1))),
    edgeHighlight: hex(mix(bg, fgSolid, dark ? 0.62 : 0.55)),
    // Premultiplied RGBA bytes for the global view's edge layer (1px lines: a
    // bit more opaque on high-density screens).
    // `density` (0..1] fades edges when many of them overlap.
    edgeRGBA(level, pixelRatio, density = 1) {
      const boost = pixelRatio > 1.5 ? 1.5 : 1;
      const a = Math.min(1, ((dark ? 0.1 : 0.09) + level * (dark ? 0.1 : 0.11)) * boost * density);
      return [fgSolid[0] * a, fgSolid[1] * a, fgSolid[2] * a, 255 * a].map(Math.round);
    },
    edgeHighlightRGBA: mix(bg, fgSolid, dark ? 0.7 : 0.65).map((v, k) => (k === 3 ? 255 : Math.round(v))),
    dimNode: hex(mix(bg, fgSolid, dark ? 0.16 : 0.12)),
    community(rank) {
      let c = communityCache[rank];
      if (!c) c = communityCache[rank] = hex(categorical(rank, dark));
      return c;
    },
    type(t) {
      let c = typeCache[t];
      if (!c) c = typeCache[t] = hex(hslToRgb(TYPE_HUES[t % TYPE_HUES.length], dark ? 0.7 : 0.62, dark ? 0.66 : 0.46));
      return c;
    },
  };
}
