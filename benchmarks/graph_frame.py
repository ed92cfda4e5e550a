"""Time to first frame of the global graph view in headless Chromium.

Writes synthetic ``graph.json`` files (1k, 5k and 10k nodes by default) in the
page contract's format, a minimal HTML page with the global container and the
built ``graph.js`` + ``graph.css``, serves them with ``python -m http.server``
on 127.0.0.1 and opens each in headless Chromium through Playwright. Prints a
markdown table: nodes, edges, JSON size, layout time, ``data-first-frame-ms``
(script start to sigma's first ``afterRender``, measured in the page), the time
from navigation start to ``data-ready`` and to the first frame actually
composited (the ``arxdigest:ready`` and ``arxdigest:presented`` performance
marks; with software WebGL the GPU work queued by the first render finishes
in between) and the wall-clock time from Playwright's ``goto`` to seeing
``data-ready``.

The synthetic graphs are realistic enough for rendering costs: planted
communities of Zipf-distributed sizes, preferential attachment inside them
(skewed degrees) with ~15% cross-community edges, small integer weights and an
author/topic mix. Positions come from ``mkdocs_arxdigest.graph.layout`` when the
package provides it (its time is reported), else from a deterministic sunflower
layout computed here (``--own-layout`` forces that).

Run by hand (not a test)::

    python benchmarks/graph_frame.py [--sizes 1000 5000 10000] [--repeat 3] [--out benchmarks/out/graph-frame]

Needs the bundle built (``pip install -e .`` or ``npm run build``), Playwright's
Python package and Debian's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "mkdocs_arxdigest" / "assets" / "arxdigest"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
GOLDEN = math.pi * (3 - math.sqrt(5))

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>graph view benchmark: {name}</title>
<link rel="stylesheet" href="graph.css">
<style>body {{ margin: 0; padding: 16px; font-family: sans-serif; }}</style>
</head>
<body>
<div class="arxdigest-graph" data-kind="global" data-src="{name}.json" data-base="./" data-top="{n}"></div>
<script src="graph.js"></script>
</body>
</html>
"""


# --------------------------------------------------------------------------- synthetic graph


def synth_graph(n: int, seed: int = 7):
    """A networkx graph with the node attributes the site uses (kind, label, papers, community, pagerank)."""
    import networkx as nx

    rng = random.Random(seed)
    # Community sizes: Zipf-like, about n/60 communities.
    k = max(2, n // 60)
    raw = [1 / (r + 1) ** 0.9 for r in range(k)]
    scale = n / sum(raw)
    sizes = [max(3, int(s * scale)) for s in raw]
    while sum(sizes) > n:
        sizes[sizes.index(max(sizes))] -= 1
    sizes[0] += n - sum(sizes)
    community: list[int] = []
    for c, s in enumerate(sizes):
        community.extend([c] * s)
    members: dict[int, list[int]] = {}
    for i, c in enumerate(community):
        members.setdefault(c, []).append(i)

    g = nx.Graph()
    for i in range(n):
        topic = rng.random() < 0.12
        kind = "topic" if topic else "author"
        label = f"Topic {i:05d}" if topic else f"Author {i:05d} {rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}."
        g.add_node(f"{kind}:{i}", kind=kind, label=label, slug=f"n{i}", community=community[i], papers=1)
    keys = list(g.nodes)

    # Preferential attachment inside communities (skewed degrees), some global links.
    degree = [1] * n
    edges: dict[tuple[int, int], int] = {}
    target_m = 5 * n
    pools: dict[int, list[int]] = {c: list(ms) for c, ms in members.items()}
    global_pool = list(range(n))
    while len(edges) < target_m:
        a = rng.randrange(n)
        c = community[a]
        pool = pools[c] if rng.random() < 0.85 and len(pools[c]) > 1 else global_pool
        b = pool[rng.randrange(len(pool))]
        if a == b:
            continue
        key = (a, b) if a < b else (b, a)
        w = edges.get(key, 0)
        edges[key] = w + 1
        degree[a] += 1
        degree[b] += 1
        # Rich get richer: endpoints are re-added to the pools they were drawn from.
        pool.append(b)
        pools[c].append(a)
    for (a, b), w in edges.items():
        g.add_edge(keys[a], keys[b], weight=w)
    for i in range(n):
        g.nodes[keys[i]]["papers"] = max(1, int(degree[i] ** 0.8 / 2))
    pr = nx.pagerank(g, weight="weight", tol=1e-6)
    for key in keys:
        g.nodes[key]["pagerank"] = round(pr[key], 10)
    return g


def sunflower_layout(g) -> dict[str, tuple[float, float]]:
    """Deterministic O(n) layout: communities on a sunflower spiral, members on a sunflower disc (hubs inside)."""
    members: dict[int, list[str]] = {}
    for key, c in g.nodes(data="community"):
        members.setdefault(c, []).append(key)
    order = sorted(members, key=lambda c: -len(members[c]))
    positions: dict[str, tuple[float, float]] = {}
    placed = 0
    for rank, c in enumerate(order):
        nodes = sorted(members[c], key=lambda key: -g.degree(key))
        # Centre of the community: on a spiral, its radius grows with the area already used.
        r = math.sqrt(placed + len(nodes) / 2) * 1.15
        cx, cy = r * math.cos(rank * GOLDEN), r * math.sin(rank * GOLDEN)
        for j, key in enumerate(nodes):
            rr = math.sqrt(j + 0.5) * 0.9
            positions[key] = (round(cx + rr * math.cos(j * GOLDEN), 3), round(cy + rr * math.sin(j * GOLDEN), 3))
        placed += len(nodes)
    return positions


def contract_json(g, positions) -> dict:
    """The global view's JSON (see the page contract): nodes sorted by pagerank."""
    types = ["author", "topic"]
    order = sorted(g, key=lambda key: (-g.nodes[key]["pagerank"], key))
    index = {key: i for i, key in enumerate(order)}
    nodes = []
    for key in order:
        a = g.nodes[key]
        x, y = positions[key]
        url = f"{a['kind']}s/{a['slug']}/"
        nodes.append([key, a["label"], types.index(a["kind"]), url, a["papers"], a["community"], x, y, a["pagerank"]])
    edges = sorted((min(index[a], index[b]), max(index[a], index[b]), w) for a, b, w in g.edges(data="weight"))
    return {"version": 1, "types": types, "nodes": nodes, "edges": [list(e) for e in edges]}


# --------------------------------------------------------------------------- serving and measuring


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def measure(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith("http://127.0.0.1:") else external.append(r.url))
    # Open the origin first: the measured navigation then reuses the renderer
    # process, as a click inside a site does, instead of starting one.
    page.goto(url.rsplit("/", 1)[0] + "/blank.html")
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(
        ".arxdigest-graph[data-ready], .arxdigest-graph[data-error]", state="attached", timeout=60_000
    )
    wall = (time.perf_counter() - t0) * 1000
    with contextlib.suppress(Exception):
        page.wait_for_function("performance.getEntriesByName('arxdigest:presented').length > 0", timeout=20_000)
    info = page.evaluate(
        """() => {
        const c = document.querySelector('.arxdigest-graph');
        return {error: c.dataset.error || null, firstFrame: parseFloat(c.dataset.firstFrameMs),
                nodes: +c.dataset.nodes, edges: +c.dataset.edges,
                readyAt: (performance.getEntriesByName('arxdigest:ready')[0] || {}).startTime,
                presentedAt: (performance.getEntriesByName('arxdigest:presented')[0] || {}).startTime,
                renderer: (() => { const gl = document.createElement('canvas').getContext('webgl');
                  const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
                  return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : null; })()}
    }"""
    )
    context.close()
    info["wall"] = wall
    info["external"] = external
    return info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    ap.add_argument("--repeat", type=int, default=3, help="page loads per size (median reported)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "graph-frame")
    ap.add_argument("--own-layout", action="store_true", help="use the sunflower layout even if the package has one")
    ap.add_argument("--keep-open", action="store_true", help="serve the pages until Ctrl-C after measuring")
    args = ap.parse_args(argv)

    bundle = ASSETS / "graph.js"
    if not bundle.exists():
        print(f"missing {bundle}: build it with `pip install -e .` or `npm run build`", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"missing {CHROMIUM}", file=sys.stderr)
        return 2

    layout_fn = None
    layout_name = "sunflower (benchmark's own)"
    if not args.own_layout:
        try:
            sys.path.insert(0, str(ROOT))
            from mkdocs_arxdigest.graph import layout as layout_fn  # type: ignore

            layout_name = "mkdocs_arxdigest.graph.layout"
        except Exception as exc:  # noqa: BLE001 - any import problem means "not available"
            print(f"(mkdocs_arxdigest.graph.layout unavailable: {exc}; using the sunflower layout)", file=sys.stderr)
            layout_fn = None

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(bundle, out / "graph.js")
    shutil.copy2(ASSETS / "graph.css", out / "graph.css")
    (out / "blank.html").write_text("<!doctype html><title>blank</title>", encoding="utf-8")
    rows = []
    for n in args.sizes:
        t = time.perf_counter()
        g = synth_graph(n)
        synth_s = time.perf_counter() - t
        t = time.perf_counter()
        positions = layout_fn(g, seed=42) if layout_fn else sunflower_layout(g)
        layout_s = time.perf_counter() - t
        name = f"graph-{n}"
        text = json.dumps(contract_json(g, positions), separators=(",", ":"), ensure_ascii=False)
        (out / f"{name}.json").write_text(text, encoding="utf-8")
        (out / f"{name}.html").write_text(PAGE.format(name=name, n=n), encoding="utf-8")
        m = g.number_of_edges()
        rows.append({"n": n, "m": m, "name": name, "bytes": len(text.encode()), "layout": layout_s})
        print(f"generated {name}: {n} nodes, {m} edges (synth {synth_s:.1f}s, layout {layout_s:.2f}s)", file=sys.stderr)

    from playwright.sync_api import sync_playwright

    with serve(out) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        renderer = None
        try:
            for row in rows:
                runs = [measure(browser, f"{base}{row['name']}.html") for _ in range(max(1, args.repeat))]
                errors = [r["error"] for r in runs if r["error"]]
                if errors:
                    print(f"{row['name']}: error: {errors[0]}", file=sys.stderr)
                external = sorted({u for r in runs for u in r["external"]})
                if external:
                    print(f"{row['name']}: EXTERNAL REQUESTS: {external}", file=sys.stderr)
                renderer = renderer or runs[0]["renderer"]
                row["drawn"] = f"{runs[0]['nodes']}/{runs[0]['edges']}"
                row["first"] = statistics.median(r["firstFrame"] for r in runs)
                row["first_max"] = max(r["firstFrame"] for r in runs)
                row["wall"] = statistics.median(r["wall"] for r in runs)
                row["ready"] = statistics.median(r["readyAt"] or float("nan") for r in runs)
                row["presented"] = statistics.median(r["presentedAt"] or float("nan") for r in runs)
            if args.keep_open:
                print(f"serving {base} (Ctrl-C to stop)", file=sys.stderr)
                with contextlib.suppress(KeyboardInterrupt):
                    while True:
                        time.sleep(1)
        finally:
            browser.close()

    print(f"Layout: {layout_name}. WebGL renderer: {renderer}. Median of {args.repeat} loads.\n")
    print(
        "| nodes | edges | drawn nodes/edges | graph.json | layout (s) | first frame (ms) | worst (ms) "
        "| navigation → data-ready (ms) | navigation → frame composited (ms) | goto → data-ready, wall clock (ms) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']:,} | {r['m']:,} | {r['drawn']} | {r['bytes'] / 1024:,.0f} KiB | {r['layout']:.2f} | "
              f"{r['first']:.0f} | {r['first_max']:.0f} | {r['ready']:.0f} | {r['presented']:.0f} | "
              f"{r['wall']:.0f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
