// DOM for the controls, legend and buttons. Every piece of data-derived text
// goes through textContent (labels are untrusted); there is no innerHTML.

const SVG_NS = "http://www.w3.org/2000/svg";

// Material Design icons (Apache License 2.0).
const ICONS = {
  "zoom-in": "M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6v2z",
  "zoom-out": "M19 13H5v-2h14v2z",
  reset:
    "M12 5V2L8 6l4 4V7c3.31 0 6 2.69 6 6 0 2.97-2.17 5.43-5 5.91v2.02c3.95-.49 7-3.85 7-7.93 0-4.42-3.58-8-8-8zm-6 8c0-1.65.67-3.15 1.76-4.24L6.34 7.34A8.014 8.014 0 0 0 4 13c0 4.08 3.05 7.44 7 7.93v-2.02c-2.83-.48-5-2.94-5-5.91z",
  fullscreen: "M7 14H5v5h5v-2H7v-3zm-2-4h2V7h3V5H5v5zm12 7h-3v2h5v-5h-2v3zM14 5v2h3v3h2V5h-5z",
  "fullscreen-exit": "M5 16h3v3h2v-5H5v2zm3-8H5v2h5V5H8v3zm6 11h2v-3h3v-2h-5v5zm2-11V5h-2v5h5V8h-3z",
  close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
  search:
    "M15.5 14h-.79l-.28-.27A6.47 6.47 0 0 0 16 9.5 6.5 6.5 0 1 0 9.5 16c1.61 0 3.09-.59 4.23-1.57l.27.28v.79l5 4.99L20.49 19l-4.99-5zm-6 0C7.01 14 5 11.99 5 9.5S7.01 5 9.5 5 14 7.01 14 9.5 11.99 14 9.5 14z",
};

/** createElement with properties (className, textContent, hidden, ...). */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null) continue;
    node[k] = v;
  }
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

function icon(name) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", ICONS[name]);
  svg.appendChild(path);
  return svg;
}

export function setIcon(button, name) {
  const path = button.querySelector("path");
  if (path) path.setAttribute("d", ICONS[name]);
}

export function iconButton(name, label, onClick) {
  const b = el("button", { type: "button", className: "arxdigest-graph__button", title: label });
  b.setAttribute("aria-label", label);
  b.dataset.action = name;
  b.appendChild(icon(name));
  b.addEventListener("click", (ev) => {
    ev.preventDefault();
    onClick(ev);
  });
  return b;
}

function plural(word) {
  if (/(s|x|z|ch|sh)$/i.test(word)) return word + "es";
  if (/[^aeiou]y$/i.test(word)) return word.slice(0, -1) + "ies";
  return word + "s";
}

/** 12345 -> "12,345" (no Intl: its first use is slow to initialise). */
export function fmt(v) {
  const s = String(Math.round(v));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function fmtWeight(v, integral) {
  return integral ? String(Math.round(v)) : (+v.toFixed(2)).toString();
}

// --------------------------------------------------------------------- legend

export function buildLegend(view) {
  const legend = el("div", { className: "arxdigest-graph__legend" });
  legend.setAttribute("aria-label", "Legend");
  legend.setAttribute("role", "group");
  return legend;
}

function legendItem(color, text, count) {
  const sw = el("span", { className: "arxdigest-graph__swatch" });
  sw.style.background = color;
  const label = el("span", { className: "arxdigest-graph__legend-label", textContent: text });
  const item = el("div", { className: "arxdigest-graph__legend-item" }, [sw, label]);
  if (count !== undefined) item.appendChild(el("span", { className: "arxdigest-graph__legend-count", textContent: count }));
  return item;
}

export function updateLegend(view) {
  const legend = view.legend;
  if (!legend) return;
  const M = view.model;
  const th = view.theme;
  const items = [];
  if (view.colorMode === "type") {
    if (M.types.length < 2 && view.kind === "local") {
      legend.hidden = true;
      return;
    }
    M.types.forEach((t, k) => {
      if (M.typeCount[k]) items.push(legendItem(th.type(k), plural(t), fmt(M.typeCount[k])));
    });
  } else {
    items.push(el("div", { className: "arxdigest-graph__legend-title", textContent: "Communities" }));
    const shown = Math.min(M.communityList.length, 8);
    for (let r = 0; r < shown; r++) {
      const c = M.communityList[r];
      items.push(legendItem(th.community(r), c.name || M.labels[c.first], fmt(c.size)));
    }
    const rest = M.communityList.length - shown;
    if (rest > 0) {
      items.push(
        el("div", {
          className: "arxdigest-graph__legend-more",
          textContent: `+ ${fmt(rest)} smaller ${rest === 1 ? "community" : "communities"}`,
        }),
      );
    }
  }
  legend.hidden = items.length === 0;
  legend.replaceChildren(...items);
}

// ------------------------------------------------------------------- controls

export function buildGlobalControls(view) {
  const M = view.model;
  const id = view.id;
  const toolbar = el("div", { className: "arxdigest-graph__toolbar" });
  toolbar.setAttribute("role", "group");
  toolbar.setAttribute("aria-label", "Graph controls");

  // Search: a combobox with a short suggestion list.
  const input = el("input", {
    type: "search",
    id: `${id}-search`,
    className: "arxdigest-graph__input",
    placeholder: `Find ${M.types.length === 1 ? "a node" : M.types.map(plural).join(", ")}…`,
    autocomplete: "off",
    spellcheck: false,
  });
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", `${id}-suggest`);
  const list = el("div", { id: `${id}-suggest`, className: "arxdigest-graph__suggestions", hidden: true });
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Matching nodes");
  const searchIcon = icon("search");
  searchIcon.classList.add("arxdigest-graph__search-icon");
  const search = el("div", { className: "arxdigest-graph__search" }, [
    el("label", { htmlFor: input.id, className: "arxdigest-graph__sr", textContent: "Find a node by name" }),
    searchIcon,
    input,
    list,
  ]);
  let matches = [];
  let active = -1;
  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const choose = (i) => {
    close();
    input.value = M.labels[i];
    view.focus(M.keys[i]);
  };
  const paintActive = () => {
    Array.from(list.children).forEach((opt, k) => opt.setAttribute("aria-selected", k === active ? "true" : "false"));
    if (active >= 0) input.setAttribute("aria-activedescendant", `${id}-opt-${active}`);
    else input.removeAttribute("aria-activedescendant");
  };
  const refreshList = () => {
    matches = view.search(input.value, 8);
    active = -1;
    if (!matches.length) {
      if (input.value.trim()) {
        list.replaceChildren(el("div", { className: "arxdigest-graph__nomatch", textContent: "No match" }));
        list.hidden = false;
      } else {
        list.replaceChildren();
        list.hidden = true;
      }
      input.setAttribute("aria-expanded", "false");
      return;
    }
    list.replaceChildren(
      ...matches.map((i, k) => {
        const opt = el("div", { id: `${id}-opt-${k}`, className: "arxdigest-graph__option" }, [
          el("span", { className: "arxdigest-graph__option-label", textContent: M.labels[i] }),
          el("span", { className: "arxdigest-graph__option-type", textContent: M.types[M.type[i]] }),
        ]);
        opt.setAttribute("role", "option");
        opt.setAttribute("aria-selected", "false");
        opt.addEventListener("mousedown", (ev) => ev.preventDefault());
        opt.addEventListener("click", () => choose(i));
        return opt;
      }),
    );
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  input.addEventListener("input", refreshList);
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (list.hidden) refreshList();
      if (!matches.length) return;
      ev.preventDefault();
      const d = ev.key === "ArrowDown" ? 1 : -1;
      active = (active + d + matches.length) % matches.length;
      paintActive();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (!matches.length) refreshList();
      if (matches.length) choose(matches[active >= 0 ? active : 0]);
    } else if (ev.key === "Escape") {
      if (!list.hidden) {
        ev.preventDefault();
        close();
      }
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 120));
  input.addEventListener("focus", () => {
    if (input.value.trim()) refreshList();
  });
  toolbar.appendChild(search);

  // Colour mode: a two-option segmented control.
  const colorGroup = el("fieldset", { className: "arxdigest-graph__group arxdigest-graph__segmented" }, [
    el("legend", { className: "arxdigest-graph__group-label", textContent: "Colour" }),
  ]);
  const colorInputs = {};
  for (const [mode, text] of [
    ["community", "Community"],
    ["type", "Type"],
  ]) {
    const radio = el("input", { type: "radio", name: `${id}-color`, value: mode, id: `${id}-color-${mode}` });
    radio.addEventListener("change", () => radio.checked && view.setColorMode(mode));
    colorInputs[mode] = radio;
    colorGroup.appendChild(el("label", { htmlFor: radio.id, className: "arxdigest-graph__seg" }, [radio, el("span", { textContent: text })]));
  }
  toolbar.appendChild(colorGroup);

  // Node types.
  const typeGroup = el("fieldset", { className: "arxdigest-graph__group" }, [
    el("legend", { className: "arxdigest-graph__group-label", textContent: "Show" }),
  ]);
  const typeInputs = M.types.map((t, k) => {
    const box = el("input", { type: "checkbox", id: `${id}-type-${k}`, value: t });
    box.dataset.type = t;
    box.addEventListener("change", () => {
      view.filters.types[k] = box.checked ? 1 : 0;
      view.applyFilters();
    });
    typeGroup.appendChild(
      el("label", { htmlFor: box.id, className: "arxdigest-graph__check" }, [
        box,
        el("span", { textContent: plural(t) }),
        el("span", { className: "arxdigest-graph__muted", textContent: fmt(M.typeCount[k]) }),
      ]),
    );
    return box;
  });
  toolbar.appendChild(typeGroup);

  // Ranges: minimum edge weight and top-N nodes. Heavy rebuilds are debounced
  // while dragging; `change` applies at once.
  const big = M.n + M.m > 20000;
  const range = (name, text, min, max, step) => {
    const input = el("input", { type: "range", id: `${id}-${name}`, min: String(min), max: String(max), step: String(step) });
    input.dataset.filter = name;
    const out = el("output", { className: "arxdigest-graph__output", htmlFor: input.id });
    out.setAttribute("for", input.id);
    const wrap = el("div", { className: "arxdigest-graph__range" }, [
      el("label", { htmlFor: input.id, className: "arxdigest-graph__group-label", textContent: text }),
      input,
      out,
    ]);
    toolbar.appendChild(wrap);
    return { input, out };
  };
  const stepW = M.integralWeights ? 1 : Math.max((M.maxW - M.minW) / 100, 1e-6);
  const maxWeight = Math.max(M.maxW, M.minW, Number.isFinite(view.defaultMinWeight) ? view.defaultMinWeight : 0);
  const weight = range("min-weight", "Min. edge weight", M.minW, maxWeight, stepW);
  if (maxWeight <= M.minW) weight.input.disabled = true;
  // With the backbone on, each node's strongest edges stay drawn below the minimum weight.
  const backbone = el("input", { type: "checkbox", id: `${id}-backbone` });
  backbone.dataset.filter = "backbone";
  backbone.addEventListener("change", () => {
    view.filters.backbone = backbone.checked;
    view.applyFilters();
  });
  const backboneLabel = el("label", { htmlFor: backbone.id, className: "arxdigest-graph__check" }, [
    backbone,
    el("span", { textContent: "+ strongest per node" }),
  ]);
  backboneLabel.title = "Also draw each node's strongest edges below the minimum weight";
  weight.input.parentNode.after(backboneLabel);
  const topMin = Math.min(M.n, 10);
  const top = range("top-n", "Nodes", topMin, Math.max(M.n, topMin), 1);
  if (M.n <= topMin) top.input.disabled = true;

  let timer = 0;
  const schedule = (now) => {
    clearTimeout(timer);
    if (now || !big) view.applyFilters();
    else timer = setTimeout(() => view.applyFilters(), 180);
  };
  const readRanges = () => {
    view.filters.minWeight = parseFloat(weight.input.value);
    view.filters.topN = parseInt(top.input.value, 10);
    weight.out.textContent = `≥ ${fmtWeight(view.filters.minWeight, M.integralWeights)}`;
    top.out.textContent = fmt(view.filters.topN);
  };
  for (const r of [weight, top]) {
    r.input.addEventListener("input", () => {
      readRanges();
      schedule(false);
    });
    r.input.addEventListener("change", () => {
      readRanges();
      schedule(true);
    });
  }

  const sync = () => {
    colorInputs.community.checked = view.colorMode === "community";
    colorInputs.type.checked = view.colorMode === "type";
    typeInputs.forEach((box, k) => {
      box.checked = view.filters.types[k] === 1;
    });
    weight.input.value = String(view.filters.minWeight);
    backbone.checked = view.filters.backbone;
    top.input.value = String(view.filters.topN);
    weight.out.textContent = `≥ ${fmtWeight(view.filters.minWeight, M.integralWeights)}`;
    top.out.textContent = fmt(view.filters.topN);
  };
  sync();
  return { toolbar, sync, search: input };
}
