"""The graph views (graph.js + graph.css) in headless Chromium, on standalone pages.

The pages are written into a temporary folder with a copy of the built bundle
and served on 127.0.0.1; every test also checks that nothing was requested from
anywhere else. Nodes are located through the documented test hook
``container.arxdigestGraph`` (``nodeScreenPosition(key)``, ``focus(key)``, ...).

Skipped when Debian's ``/usr/bin/chromium`` or Playwright is missing. A missing bundle
fails: ``pip install -e .`` builds it (hatch_build.py).
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import math
import shutil
import threading
from pathlib import Path

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, skip_without_browser

skip_without_browser()

from playwright.sync_api import Page, sync_playwright  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "mkdocs_arxdigest" / "assets" / "arxdigest"
READY = ".arxdigest-graph[data-ready], .arxdigest-graph[data-error]"
HOOK = "document.querySelector('.arxdigest-graph').arxdigestGraph"

# --------------------------------------------------------------------------- test data

TYPES = ["author", "topic"]
N = 60


def make_graph() -> dict:
    """60 nodes (45 authors, 15 topics) in 3 communities, weights 1-4, sorted by pagerank."""
    nodes = []
    for i in range(N):
        kind = 1 if i % 4 == 3 else 0
        community = i % 3
        j = i // 3  # sunflower disc per community: no two nodes overlap
        angle = j * 2.399963
        r = 0.8 * math.sqrt(j + 0.5)
        cx, cy = [(0, 0), (9, 2), (4, 8)][community]
        label = f"Topic {i:02d}" if kind else f"Author {i:02d} Ålvarez"
        url = f"{TYPES[kind]}s/n{i:02d}/"
        x = round(cx + r * math.cos(angle), 3)
        y = round(cy + r * math.sin(angle), 3)
        nodes.append(
            [f"{TYPES[kind]}:n{i:02d}", label, kind, url, 1 + (N - i) // 6, community, x, y, round(1 / (i + 2), 6)]
        )
    # A label that must stay text.
    nodes[N - 1][1] = '<img src=x onerror="window.__xss=1">Evil'
    edges = set()
    for i in range(N):
        for d in (3, 6, 7):
            j = (i + d) % N
            if nodes[i][5] == nodes[j][5] or d == 7:
                edges.add((min(i, j), max(i, j)))
    edge_list = sorted([a, b, 1 + (a * 7 + b * 3) % 4] for a, b in edges)
    return {"version": 1, "types": TYPES, "nodes": nodes, "edges": edge_list}


GRAPH = make_graph()


def visible_counts(types=(0, 1), min_weight=1, top=None) -> tuple[int, int]:
    """What the view should draw for these filters (types first, then top N by pagerank)."""
    keep = [i for i, n in enumerate(GRAPH["nodes"]) if n[2] in types]
    if top is not None:
        keep = keep[:top]
    keep = set(keep)
    edges = sum(1 for a, b, w in GRAPH["edges"] if a in keep and b in keep and w >= min_weight)
    return len(keep), edges


def local_graph() -> dict:
    """Node 0 and its neighbours, without positions (the browser lays it out)."""
    nb = sorted({b for a, b, _ in GRAPH["edges"] if a == 0} | {a for a, b, _ in GRAPH["edges"] if b == 0})
    keep = [0] + nb
    index = {old: new for new, old in enumerate(keep)}
    nodes = [[*GRAPH["nodes"][i][:6], None, None, GRAPH["nodes"][i][8]] for i in keep]
    edges = [[index[a], index[b], w] for a, b, w in GRAPH["edges"] if a in index and b in index]
    return {"types": TYPES, "nodes": nodes, "edges": edges, "center": 0}


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{base}graph.css">
<style>body {{ margin: 0; padding: 16px 24px; font-family: sans-serif; }} .wrap {{ max-width: 900px; }}</style>
{head}
</head><body><div class="wrap"><h1>{title}</h1>
{body}
</div><script src="{base}graph.js"></script></body></html>
"""

# Stands in for mkdocs-material's document$ (an observable that emits on every page load).
FAKE_DOCUMENT_SUBJECT = """<script>
window.document$ = { subs: [], subscribe(fn) { this.subs.push(fn); fn(document); },
                     next() { this.subs.forEach((fn) => fn(document)); } };
</script>"""


def page_html(title: str, body: str, base: str = "", head: str = "") -> str:
    return PAGE.format(title=title, body=body, base=base, head=head)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def bundle() -> Path:
    js = ASSETS / "graph.js"
    if not js.is_file():
        pytest.fail(f"{js} is missing: it is built by the package install (`pip install -e .` runs hatch_build.py)")
    return js


@pytest.fixture(scope="module")
def site(tmp_path_factory, bundle) -> Path:
    root = tmp_path_factory.mktemp("graph-site")
    shutil.copy2(bundle, root / "graph.js")
    shutil.copy2(ASSETS / "graph.css", root / "graph.css")
    (root / "graph.json").write_text(json.dumps(GRAPH), encoding="utf-8")
    (root / "index.html").write_text(
        page_html(
            "Global", '<div class="arxdigest-graph" data-kind="global" data-src="graph.json" data-base="./"></div>'
        ),
        encoding="utf-8",
    )
    (root / "top.html").write_text(
        page_html(
            "Top 25",
            '<div class="arxdigest-graph" data-kind="global" data-src="graph.json" data-base="./" data-top="25"></div>',
        ),
        encoding="utf-8",
    )
    (root / "missing.html").write_text(
        page_html(
            "Missing", '<div class="arxdigest-graph" data-kind="global" data-src="nope.json" data-base="./"></div>'
        ),
        encoding="utf-8",
    )
    local_attr = html.escape(json.dumps(local_graph()), quote=True)
    (root / "papers" / "p1").mkdir(parents=True)
    (root / "papers" / "p1" / "index.html").write_text(
        page_html(
            "Local",
            '<p>Before.</p><div class="arxdigest-graph" data-kind="local" data-base="../../" '
            f'data-graph="{local_attr}"></div><p>After.</p>',
            base="../../",
        ),
        encoding="utf-8",
    )
    (root / "instant.html").write_text(
        page_html(
            "Instant",
            '<main id="content"><div class="arxdigest-graph" data-kind="global" data-src="graph.json" data-base="./">'
            "</div></main>",
            head=FAKE_DOCUMENT_SUBJECT,
        ),
        encoding="utf-8",
    )
    for node in GRAPH["nodes"]:
        target = root / node[3]
        target.mkdir(parents=True, exist_ok=True)
        (target / "index.html").write_text(
            f"<!doctype html><title>{html.escape(node[1])}</title><h1 id='target'>{html.escape(node[0])}</h1>",
            encoding="utf-8",
        )
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: D401 - silence the access log
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page; fails the test if anything outside 127.0.0.1 was requested or a script error occurred."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    outside = [u for u in requests if not u.startswith(server) and not u.startswith("data:")]
    assert not outside, f"requested from outside 127.0.0.1: {outside}"
    assert not errors, f"script errors: {errors}"


def open_view(page: Page, url: str) -> dict:
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=30_000)
    data = page.evaluate("({...document.querySelector('.arxdigest-graph').dataset})")
    assert "error" not in data, data.get("error")
    return data


def hook(page: Page, expr: str, arg=None):
    return page.evaluate(f"(arg) => {HOOK}.{expr}", arg)


def wait_counts(page: Page, nodes: int, edges: int) -> None:
    page.wait_for_function(
        "([n, e]) => { const c = document.querySelector('.arxdigest-graph').dataset;"
        " return c.nodes === String(n) && c.edges === String(e); }",
        arg=[nodes, edges],
        timeout=10_000,
    )


def hover_and_click(page: Page, key: str, server: str) -> None:
    """Centres the node (focus), hovers it, checks the hover state, clicks and waits for its page."""
    assert hook(page, "focus(arg, {duration: 0})", key) is True
    page.wait_for_timeout(100)
    pos = hook(page, "nodeScreenPosition(arg)", key)
    assert pos is not None
    page.mouse.move(pos["x"] + 20, pos["y"] + 20)
    page.mouse.move(pos["x"], pos["y"])
    page.wait_for_function(f"(k) => {HOOK}.hovered() === k", arg=key, timeout=5_000)
    url = hook(page, "href(arg)", key)
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_url(url, timeout=10_000)
    assert page.text_content("#target") == key


# --------------------------------------------------------------------------- tests


def test_global_view_draws_all_nodes_by_default(page, server):
    data = open_view(page, server)
    nodes, edges = visible_counts()
    assert data["ready"] == "true"
    assert int(data["nodes"]) == nodes == N
    assert int(data["edges"]) == edges == len(GRAPH["edges"])
    assert float(data["firstFrameMs"]) > 0
    assert page.locator(".arxdigest-graph canvas").count() >= 4
    assert page.locator(".arxdigest-graph__legend-item").count() == 3  # three communities
    assert page.locator(".arxdigest-graph__status").text_content().startswith(f"{N} of {N} nodes")
    # Controls carry accessible names.
    assert page.get_by_label("Find a node by name").count() == 1
    assert page.get_by_role("button", name="Full screen").count() == 1
    assert page.get_by_label("Min. edge weight").count() == 1


def test_data_top_limits_nodes_by_pagerank(page, server):
    data = open_view(page, server + "top.html")
    nodes, edges = visible_counts(top=25)
    assert (int(data["nodes"]), int(data["edges"])) == (nodes, edges)
    # The 25 drawn nodes are the first 25 (highest pagerank).
    drawn = set(page.evaluate(f"{HOOK}.graph.nodes()"))
    assert drawn == {n[0] for n in GRAPH["nodes"][:25]}


def test_hover_highlights_and_click_navigates(page, server):
    open_view(page, server)
    key = GRAPH["nodes"][4][0]
    hover_and_click(page, key, server)


def test_search_box_focuses_a_node(page, server):
    open_view(page, server)
    target = GRAPH["nodes"][17]
    before = hook(page, "camera()")
    box = page.get_by_label("Find a node by name")
    box.fill(target[1].upper()[:9])  # case-insensitive substring: "AUTHOR 17"
    options = page.locator(".arxdigest-graph__option")
    options.first.wait_for()
    assert options.first.locator(".arxdigest-graph__option-label").text_content() == target[1]
    box.press("Enter")
    page.wait_for_function(f"(k) => {HOOK}.selected() === k", arg=target[0])
    info = page.locator(".arxdigest-graph__info")
    info.wait_for()
    assert info.locator(".arxdigest-graph__info-title").text_content() == target[1]
    assert info.get_by_role("link", name="Open page →").get_attribute("href") == server + target[3]
    page.wait_for_function(f"(r) => {HOOK}.camera().ratio < r", arg=before["ratio"])
    # The focused node is on screen, inside the canvas.
    pos = hook(page, "nodeScreenPosition(arg)", target[0])
    box_rect = page.locator(".arxdigest-graph__canvas").bounding_box()
    assert box_rect["x"] <= pos["x"] <= box_rect["x"] + box_rect["width"]
    assert box_rect["y"] <= pos["y"] <= box_rect["y"] + box_rect["height"]


def test_labels_are_never_parsed_as_html(page, server):
    open_view(page, server)
    box = page.get_by_label("Find a node by name")
    box.fill("evil")
    option = page.locator(".arxdigest-graph__option-label").first
    option.wait_for()
    assert option.text_content() == GRAPH["nodes"][N - 1][1]
    box.press("Enter")
    page.locator(".arxdigest-graph__info").wait_for()
    assert page.locator(".arxdigest-graph img").count() == 0
    assert page.evaluate("window.__xss") is None


def test_type_and_weight_filters_change_counts(page, server):
    open_view(page, server)
    topics = page.locator(".arxdigest-graph input[type=checkbox][data-type=topic]")
    topics.uncheck()
    wait_counts(page, *visible_counts(types=(0,)))

    weight = page.locator(".arxdigest-graph input[type=range][data-filter=min-weight]")
    assert weight.get_attribute("min") == "1" and weight.get_attribute("max") == "4"
    weight.evaluate("(el) => { el.value = '3'; el.dispatchEvent(new Event('input', {bubbles: true}));"
                    " el.dispatchEvent(new Event('change', {bubbles: true})); }")  # fmt: skip
    wait_counts(page, *visible_counts(types=(0,), min_weight=3))

    topics.check()
    wait_counts(page, *visible_counts(min_weight=3))

    top = page.locator(".arxdigest-graph input[type=range][data-filter=top-n]")
    top.evaluate("(el) => { el.value = '20'; el.dispatchEvent(new Event('change', {bubbles: true})); }")
    wait_counts(page, *visible_counts(min_weight=3, top=20))
    assert page.locator(".arxdigest-graph__status").text_content().startswith(f"20 of {N} nodes")

    # The hook does the same.
    assert hook(page, "setFilters(arg)", {"types": ["topic"], "minWeight": 1, "topN": 1000}) == dict(
        zip(("nodes", "edges"), visible_counts(types=(1,)), strict=True)
    )


def test_colour_toggle_and_legend(page, server):
    open_view(page, server)
    page.get_by_text("Type", exact=True).click()
    legend = page.locator(".arxdigest-graph__legend-item")
    page.wait_for_function("document.querySelectorAll('.arxdigest-graph__legend-item').length === 2")
    assert legend.nth(0).locator(".arxdigest-graph__legend-label").text_content() == "authors"
    assert legend.nth(1).locator(".arxdigest-graph__legend-label").text_content() == "topics"
    page.get_by_text("Community", exact=True).click()
    page.wait_for_function("document.querySelectorAll('.arxdigest-graph__legend-item').length === 3")
    # The legend sits under the picture, where it hides no node.
    viewport = page.locator(".arxdigest-graph__viewport").bounding_box()
    box = page.locator(".arxdigest-graph__legend").bounding_box()
    assert box["y"] >= viewport["y"] + viewport["height"] - 0.5, (box, viewport)


def test_local_view_draws_from_data_graph_and_navigates(page, server):
    data = open_view(page, server + "papers/p1/")
    g = local_graph()
    assert data["kind"] == "local"
    assert (int(data["nodes"]), int(data["edges"])) == (len(g["nodes"]), len(g["edges"]))
    height = page.locator(".arxdigest-graph__viewport").bounding_box()["height"]
    assert 250 <= height <= 350
    # Deterministic layout: the same positions on a second load.
    keys = [n[0] for n in g["nodes"]]
    first = page.evaluate(f"(keys) => keys.map((k) => {HOOK}.nodeScreenPosition(k))", keys)
    page.reload()
    page.wait_for_selector(READY, state="attached")
    assert page.evaluate(f"(keys) => keys.map((k) => {HOOK}.nodeScreenPosition(k))", keys) == first
    # Labels are drawn right of their nodes, and the buttons sit at the right edge: the
    # rightmost node leaves room for both, the leftmost stays inside the view. (In a narrow
    # column, where the graph fills the width.)
    page.set_viewport_size({"width": 560, "height": 800})
    page.reload()
    page.wait_for_selector(READY, state="attached")
    first = page.evaluate(f"(keys) => keys.map((k) => {HOOK}.nodeScreenPosition(k))", keys)
    box = page.locator(".arxdigest-graph__viewport").bounding_box()
    buttons = page.locator(".arxdigest-graph__buttons").bounding_box()
    xs = [p["x"] for p in first]
    assert min(xs) >= box["x"] + 8
    assert max(xs) + 100 <= buttons["x"], (max(xs), buttons["x"])
    # data-base="../../" resolves node URLs against the site root.
    neighbour = g["nodes"][1]
    assert hook(page, "href(arg)", neighbour[0]) == server + neighbour[3]
    hover_and_click(page, neighbour[0], server)


def test_dark_scheme_switch_recolours_without_breaking(page, server):
    open_view(page, server)
    assert hook(page, "theme()")["dark"] is False
    swatch = page.locator(".arxdigest-graph__swatch").first
    light = swatch.evaluate("(el) => el.style.background")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.wait_for_function(f"{HOOK}.theme().dark === true")
    assert swatch.evaluate("(el) => el.style.background") != light
    bg = page.locator(".arxdigest-graph").evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert bg != "rgb(255, 255, 255)"
    assert page.locator(".arxdigest-graph").get_attribute("data-ready") == "true"
    # Still interactive after the switch.
    hover_and_click(page, GRAPH["nodes"][8][0], server)


def test_fullscreen_toggle(page, server):
    open_view(page, server)
    button = page.get_by_role("button", name="Full screen")
    button.click()
    page.wait_for_function("document.querySelector('.arxdigest-graph').dataset.fullscreen === 'true'")
    assert page.get_by_role("button", name="Exit full screen").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Exit full screen").click()
    page.wait_for_function("document.querySelector('.arxdigest-graph').dataset.fullscreen === 'false'")


def test_load_failure_sets_data_error(page, server):
    page.goto(server + "missing.html")
    page.wait_for_selector(".arxdigest-graph[data-error]", state="attached")
    assert "404" in page.locator(".arxdigest-graph").get_attribute("data-error")
    assert page.get_by_role("alert").text_content().startswith("Graph view unavailable")


def test_instant_navigation_reinitialises_and_kills_old_views(page, server):
    open_view(page, server + "instant.html")
    assert page.evaluate("window.arxdigestGraph.views().length") == 1
    # Swap the content like Material's instant navigation, then emit document$.
    attr = html.escape(json.dumps(local_graph()), quote=True)
    page.evaluate(
        """(attr) => {
        const main = document.getElementById('content');
        main.innerHTML = '<div class="arxdigest-graph" data-kind="local" data-base="./" data-graph="'
            + attr + '"></div>';
        window.document$.next();
    }""",
        attr,
    )
    page.wait_for_selector(".arxdigest-graph[data-kind=local][data-ready]", state="attached")
    assert page.evaluate("window.arxdigestGraph.views().length") == 1
    assert page.evaluate("window.arxdigestGraph.views()[0].dataset.kind") == "local"
    # Emitting again does not initialise the same container twice.
    page.evaluate("window.document$.next()")
    assert page.evaluate("window.arxdigestGraph.views().length") == 1
