"""The global graph view of the site built from the real samples (shared/seeds), in headless Chromium.

What a user sees first: 1,326 nodes and 71,631 edges. The view must start on a readable
picture: communities of at most 40% of the drawn nodes, with names; no two labels
overlapping (at the default view, zoomed in, on a 390 px wide phone); no opaque shape
over the nodes (the 358-author clique's 63,000 chords once drew a black disc); at most 8
edges a drawn node by default, with the full set one filter away.

Skipped when Debian's ``/usr/bin/chromium`` or the samples are missing.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from .browser import CHROMIUM, Recorder, chromium, served_build
from .conftest import SEEDS
from .graphmodel import default_view

if not CHROMIUM.exists():
    pytest.skip("Debian chromium (/usr/bin/chromium) is not installed", allow_module_level=True)
if not SEEDS.is_dir() or not any(SEEDS.iterdir()):
    pytest.skip(f"the seed digests ({SEEDS}) are not there", allow_module_level=True)

from playwright.sync_api import Page  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READY = '.arxdigest-graph[data-ready="true"], .arxdigest-graph[data-error]'
HOOK = "document.querySelector('.arxdigest-graph').arxdigestGraph"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _config(root: Path) -> Path:
    """Material with a light and a dark palette (chosen by the browser's colour scheme)."""
    (root / "docs").mkdir()
    config = root / "mkdocs.yml"
    palette = (
        "  palette:\n"
        "    - media: '(prefers-color-scheme: light)'\n      scheme: default\n"
        "      toggle: {icon: material/brightness-7, name: Dark mode}\n"
        "    - media: '(prefers-color-scheme: dark)'\n      scheme: slate\n"
        "      toggle: {icon: material/brightness-4, name: Light mode}\n"
    )
    config.write_text(
        "site_name: arXiv digest samples\n"
        f"theme:\n  name: material\n  font: false\n{palette}"
        f"plugins:\n  - search\n  - arxdigest:\n      sources: [{json.dumps(str(SEEDS))}]\n"
        f"      cache_dir: {json.dumps(str(root / '.cache'))}\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The samples' site, built (mkdocs build --strict) and served on 127.0.0.1; ``.dir`` is its folder."""
    root = tmp_path_factory.mktemp("seeds-graph")
    with served_build(root, lambda url: _config(root)) as (server, out):
        server.dir = out
        yield server


@pytest.fixture(scope="module")
def graph(site) -> dict:
    return json.loads((site.dir / "graph" / "graph.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def open_graph(browser, site, viewport=DESKTOP, scheme="light"):
    context = browser.new_context(viewport=viewport, color_scheme=scheme, locale="en-US")
    recorder = Recorder(site.url)
    recorder.attach(context)
    page = context.new_page()
    page.goto(site.url + "graph/")
    page.wait_for_selector(READY, timeout=60_000)
    container = page.locator(".arxdigest-graph")
    assert container.get_attribute("data-error") is None, container.get_attribute("data-error")
    container.scroll_into_view_if_needed()
    settle(page)
    return context, recorder, page


def settle(page: Page) -> None:
    """Two animation frames: what was scheduled has been drawn."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


@pytest.fixture
def desktop(browser, site):
    context, recorder, page = open_graph(browser, site)
    yield page
    context.close()
    recorder.check()


def hook(page: Page, expr: str, arg=None):
    return page.evaluate(f"(arg) => {HOOK}.{expr}", arg)


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart_x = a["x"] >= b["x"] + b["w"] or b["x"] >= a["x"] + a["w"]
            apart_y = a["y"] >= b["y"] + b["h"] or b["y"] >= a["y"] + a["h"]
            if not (apart_x or apart_y):
                found.append((a["key"], b["key"]))
    return found


# --------------------------------------------------------------------------- tests


def test_default_view_draws_the_backbone_and_the_full_set_is_one_filter_away(desktop, graph):
    page = desktop
    expected = default_view(graph, 10_000)
    counts = hook(page, "counts()")
    assert counts == {"nodes": expected.nodes, "edges": expected.edges}
    assert counts["nodes"] == len(graph["nodes"]) > 1000
    assert counts["edges"] <= 8 * counts["nodes"], counts
    assert expected.backbone and expected.all_edges > 8 * counts["nodes"]  # it was a hairball

    # The slider starts at the default minimum weight, not at the smallest weight.
    weight = page.locator(".arxdigest-graph input[type=range][data-filter=min-weight]")
    assert float(weight.input_value()) == expected.min_weight == hook(page, "defaultMinWeight()")
    assert float(weight.get_attribute("min")) < expected.min_weight
    assert page.locator(".arxdigest-graph input[data-filter=backbone]").is_checked()

    # At its minimum: every edge.
    weight.evaluate(
        "(el) => { el.value = el.min; el.dispatchEvent(new Event('input', {bubbles: true}));"
        " el.dispatchEvent(new Event('change', {bubbles: true})); }"
    )
    page.wait_for_function(f"(m) => {HOOK}.counts().edges === m", arg=expected.all_edges)
    assert page.locator(".arxdigest-graph__status").text_content().startswith(f"{expected.nodes:,} of")


def test_communities_are_named_and_none_holds_more_than_forty_percent(desktop, graph):
    page = desktop
    communities = hook(page, "communities()")
    drawn = hook(page, "counts()")["nodes"]
    assert sum(c["size"] for c in communities) == drawn
    assert communities[0]["size"] <= 0.4 * drawn, communities[:3]
    assert len([c for c in communities if c["size"] >= 50]) >= 4
    names = {row[0]: row[1] for row in graph["communities"]}
    assert all(c["name"] == names[c["id"]] and c["name"] for c in communities)
    legend = page.locator(".arxdigest-graph__legend-label").all_text_contents()
    assert legend[:3] == [c["name"] for c in communities[:3]]


def test_labels_never_overlap_by_default_and_zoomed_in(desktop):
    page = desktop
    boxes = hook(page, "labelBoxes()")
    assert len(boxes) >= 3
    assert not overlaps(boxes), overlaps(boxes)
    # The strongest node is labelled first.
    assert boxes[0]["key"] == "topic:Large Language Models"
    for _ in range(2):
        ratio = hook(page, "camera()")["ratio"]
        page.get_by_role("button", name="Zoom in").click()
        page.wait_for_function(f"(r) => {HOOK}.camera().ratio < r * 0.8 && !{HOOK}.sigma.getCamera().isAnimated()",
                               arg=ratio)  # fmt: skip
        settle(page)
        zoomed = hook(page, "labelBoxes()")
        assert len(zoomed) >= 3
        assert not overlaps(zoomed), overlaps(zoomed)
    assert len(zoomed) > len(boxes)  # zooming in reveals more labels


def test_labels_never_overlap_on_a_phone(browser, site):
    context, recorder, page = open_graph(browser, site, viewport=PHONE)
    try:
        boxes = hook(page, "labelBoxes()")
        assert len(boxes) >= 2
        assert not overlaps(boxes), overlaps(boxes)
        canvas = page.locator(".arxdigest-graph__canvas").bounding_box()
        assert canvas["width"] <= PHONE["width"]
        # Hovering a hub forces its neighbours' labels: still no overlap.
        key = "topic:Large Language Models"
        pos = hook(page, "nodeScreenPosition(arg)", key)
        page.mouse.move(pos["x"], pos["y"])
        page.wait_for_function(f"() => {HOOK}.hovered() !== null")  # it or a node drawn over it ("Reasoning")
        settle(page)
        hovered = hook(page, "labelBoxes()")
        assert not overlaps(hovered), overlaps(hovered)
    finally:
        context.close()
    recorder.check()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_opaque_shape_covers_the_nodes(browser, site, scheme):
    """What the edges add to the picture stays light everywhere.

    No 32 px block (a few nodes wide) is more than 25% covered by them; the full hairball
    (and the clique's black disc) covers 88% of its worst block in the light scheme.
    """
    context, recorder, page = open_graph(browser, site, scheme=scheme)
    try:
        assert hook(page, "theme()")["dark"] is (scheme == "dark")
        canvas = page.locator(".arxdigest-graph__canvas")
        with_edges = canvas.screenshot()
        hook(page, "setFilters({minWeight: 1e9, backbone: false})")
        settle(page)
        assert hook(page, "counts()")["edges"] == 0
        without = canvas.screenshot()
        worst = page.evaluate(
            """async ([a, b]) => {
              const load = (src) => new Promise((ok, fail) => {
                const img = new Image(); img.onload = () => ok(img); img.onerror = fail;
                img.src = "data:image/png;base64," + src;
              });
              const pixels = async (src) => {
                const img = await load(src);
                const c = document.createElement("canvas");
                c.width = img.width; c.height = img.height;
                const ctx = c.getContext("2d");
                ctx.drawImage(img, 0, 0);
                return ctx.getImageData(0, 0, c.width, c.height);
              };
              const [pa, pb] = [await pixels(a), await pixels(b)];
              const B = 32;
              let worst = 0;
              for (let by = 0; by + B <= pa.height; by += B) {
                for (let bx = 0; bx + B <= pa.width; bx += B) {
                  let sum = 0;
                  for (let y = by; y < by + B; y++) {
                    for (let x = bx; x < bx + B; x++) {
                      const o = 4 * (y * pa.width + x);
                      sum += Math.max(Math.abs(pa.data[o] - pb.data[o]), Math.abs(pa.data[o + 1] - pb.data[o + 1]),
                                      Math.abs(pa.data[o + 2] - pb.data[o + 2]));
                    }
                  }
                  worst = Math.max(worst, sum / (B * B * 255));
                }
              }
              return worst;
            }""",
            [base64.b64encode(with_edges).decode(), base64.b64encode(without).decode()],
        )
        assert 0 < worst <= 0.25, worst
    finally:
        context.close()
    recorder.check()
