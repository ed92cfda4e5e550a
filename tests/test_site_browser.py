"""The built example site (and one built from the real samples) in headless Chromium.

The repository's example site (``mkdocs.yml``: Material with ``navigation.instant``,
search in English and Chinese, knowledge base under ``kb/``) is copied into a
temporary folder, built with ``mkdocs build --strict`` and served on 127.0.0.1.
The tests open its pages, click through links (Material swaps pages without a
reload), search in both languages, and drive the graph views through their
test hook ``container.arxdigestGraph``. After every test nothing may have been
requested from anywhere but the test server, and no script error may have
occurred.

Material's instant navigation only takes over links listed in ``sitemap.xml``,
which MkDocs fills only when ``site_url`` is set; the copied ``mkdocs.yml``
therefore gets ``site_url`` = the test server's address.

``ARXDIGEST_SCREENSHOTS=1`` makes :func:`test_screenshots` write the README's
screenshots to ``docs/assets/screenshots/``.

Skipped when Debian's ``/usr/bin/chromium`` or Playwright is missing.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, Recorder, SiteBuild, StaticServer, skip_without_browser
from .conftest import SEEDS
from .graphmodel import default_view

skip_without_browser()

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "docs" / "assets" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
READY = '.arxdigest-graph[data-ready="true"], .arxdigest-graph[data-error]'
HOOK = "document.querySelector('.arxdigest-graph').arxdigestGraph"
H1 = ".md-content h1"

# The example digests (digests/): a paper in all three formats, its authors and topic.
DDPM = "2006.11239"
DDPM_TITLE = "Denoising Diffusion Probabilistic Models"
DDPM_AUTHORS = ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"]
DIFFUSION = "Diffusion Models"


def default_top_n() -> int:
    """Nodes the global view draws by default (``DEFAULT_TOP_N`` in js/src/view.js)."""
    source = (ROOT / "js" / "src" / "view.js").read_text(encoding="utf-8")
    return int(re.search(r"export const DEFAULT_TOP_N = (\d+);", source).group(1))


def expected_counts(graph: dict, top_n: int) -> tuple[int, int]:
    """``(nodes, edges)`` the global view draws with its default filters (see tests/graphmodel.py).

    All node types on, the top ``top_n`` nodes by PageRank (the file's order), and every
    edge among them, or the backbone where that would be more than 8 edges a node.
    """
    view = default_view(graph, top_n)
    return view.nodes, view.edges


# --------------------------------------------------------------------------- fixtures


def _example_config(root: Path, site_url: str, kb_search: bool = True) -> Path:
    """A copy of the example site (config, docs, digests, notes, jieba words) in ``root`` with ``site_url`` set.

    ``kb_search=False`` leaves the knowledge base's search out of ``pages`` (the default), so Material's
    search indexes the paper pages."""
    for name in ("docs", "digests", "notes"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "jieba-terms.txt", root / "jieba-terms.txt")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    line = f"site_url: {site_url}"
    text, found = re.subn(r"(?m)^site_url:.*$", line, text)
    if not found:
        text = f"{line}\n{text}"
    if not kb_search:
        text, found = re.subn(r"(?m)^(\s+pages: \[.*), search(.*)$", r"\1\2", text)
        assert found, "the example's pages option lists search"
    config = root / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def _seeds_config(root: Path) -> Path:
    (root / "docs").mkdir()
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: arXiv digest samples\n"
        "theme:\n  name: material\n  font: false\n"
        f"plugins:\n  - search\n  - arxdigest:\n      sources: [{json.dumps(str(SEEDS))}]\n"
        f"      cache_dir: {json.dumps(str(root / '.cache'))}\n",
        encoding="utf-8",
    )
    return config


class Site:
    def __init__(self, root: Path, config_for):
        self.dir = root / "site"
        self.dir.mkdir()
        self.server = StaticServer(self.dir)
        self.url = self.server.url
        self.build = SiteBuild(config_for(root, self.url), self.dir)

    def close(self) -> None:
        self.build.stop()
        self.server.stop()


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory, all_seeds):
    """The samples' site, building in the background from the moment it is first requested."""
    site = Site(tmp_path_factory.mktemp("seeds-site"), lambda root, url: _seeds_config(root))
    yield site
    site.close()


@pytest.fixture(scope="module")
def example(tmp_path_factory, request):
    """The example site, built and served; starts the samples' build alongside when a test needs it."""
    wanted = any(item.module is request.module and "seeds" in item.fixturenames for item in request.session.items)
    if wanted and SEEDS.is_dir():  # without the samples, their tests skip and this site is still built
        request.getfixturevalue("seeds_build")
    site = Site(tmp_path_factory.mktemp("example-site"), _example_config)
    site.build.wait()
    yield site
    site.close()


@pytest.fixture(scope="module")
def example_lunr(tmp_path_factory):
    """The example site without the knowledge base's search: Material's search indexes its papers."""
    site = Site(tmp_path_factory.mktemp("example-lunr"), lambda root, url: _example_config(root, url, kb_search=False))
    site.build.wait()
    yield site
    site.close()


@pytest.fixture(scope="module")
def seeds(seeds_build):
    seeds_build.build.wait()
    return seeds_build


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _context(browser, origin: str):
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    recorder = Recorder(origin)
    recorder.attach(context)
    return context, recorder


def _fresh_page(browser, site: Site):
    """A page in a fresh context on ``site``; afterwards: only 127.0.0.1 was asked, no script errors."""
    context, recorder = _context(browser, site.url)
    yield context.new_page()
    context.close()
    recorder.check()


@pytest.fixture
def page(browser, example):
    yield from _fresh_page(browser, example)


@pytest.fixture
def lunr_page(browser, example_lunr):
    yield from _fresh_page(browser, example_lunr)


@pytest.fixture
def seeds_page(browser, seeds):
    yield from _fresh_page(browser, seeds)


# --------------------------------------------------------------------------- helpers


def mark_document(page: Page) -> str:
    """Tags the loaded document; :func:`assert_same_document` then proves a navigation did not reload."""
    token = uuid.uuid4().hex
    page.evaluate("(t) => { window.__arxdigestDocument = t; }", token)
    return token


def assert_same_document(page: Page, token: str) -> None:
    assert page.evaluate("window.__arxdigestDocument") == token, "the page was reloaded, not swapped in place"


def wait_graph(page: Page, timeout: float = 30_000) -> dict:
    """Waits for the page's graph view to draw; returns its container's data attributes."""
    page.wait_for_selector(READY, state="attached", timeout=timeout)
    data = page.evaluate("({...document.querySelector('.arxdigest-graph').dataset})")
    assert "error" not in data, f"graph view failed on {page.url}: {data['error']}"
    return data


def hook(page: Page, expr: str, arg=None):
    return page.evaluate(f"(arg) => {HOOK}.{expr}", arg)


def content_links(page: Page) -> list[str]:
    """Absolute URLs of the links in the page's content that stay on the site."""
    hrefs = page.eval_on_selector_all(".md-content a[href]", "(els) => els.map((a) => a.href)")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    return sorted({h.split("#")[0] for h in hrefs if h.startswith(origin)})


def assert_links_resolve(page: Page) -> None:
    broken = []
    for url in content_links(page):
        status = page.request.get(url).status
        if status != 200:
            broken.append(f"{url} ({status})")
    assert not broken, f"broken links on {page.url}: {broken}"


def titles(locator) -> list[str]:
    """Texts without the zero-width spaces Material's Chinese segmentation inserts."""
    return [t.replace("\u200b", "").strip() for t in locator.all_text_contents()]


def search(page: Page, query: str) -> list[str]:
    """Types ``query`` into Material's search box; returns the title of each result link, in order."""
    box = page.locator(".md-search__input")
    page.keyboard.press("/")  # Material's shortcut: opens search, focuses the box
    expect(box).to_be_focused()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup: fill() alone (and IME-like input) has none
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(re.compile(r"^\d+ matching documents?$"), timeout=15_000)
    expect(page.locator(".md-search-result__link").first).to_be_visible()
    return [
        (t or "").replace("\u200b", "").strip()
        for t in page.eval_on_selector_all(
            ".md-search-result__link", "(els) => els.map((a) => a.querySelector('h1, h2')?.textContent)"
        )
    ]


# Screen positions of drawn nodes, how far each candidate is from every other node's disc, and
# whether the graph's canvas (not the legend, info box or controls) is what lies under its centre.
_CLEARANCE_JS = """(keys) => {
  const c = document.querySelector('.arxdigest-graph');
  const h = c.arxdigestGraph;
  const all = h.graph.nodes().map((k) => [k, h.nodeScreenPosition(k)]).filter(([, p]) => p);
  const out = [];
  for (const k of keys) {
    const p = h.nodeScreenPosition(k);
    if (!p) continue;
    const el = document.elementFromPoint(p.x, p.y);
    if (!el || el.tagName !== 'CANVAS' || !c.contains(el)) continue;
    let clear = Infinity;
    for (const [k2, q] of all) if (k2 !== k) clear = Math.min(clear, Math.hypot(p.x - q.x, p.y - q.y) - q.size);
    out.push({key: k, clear, x: p.x, y: p.y});
  }
  return out;
}"""


def settle_camera(page: Page) -> None:
    """Waits until the graph's camera stops moving."""
    page.wait_for_function(
        f"""() => new Promise((done) => {{
            const a = JSON.stringify({HOOK}.camera());
            setTimeout(() => done(a === JSON.stringify({HOOK}.camera())), 150);
        }})""",
        timeout=10_000,
    )


def clear_node(page: Page, keys: list[str]) -> dict:
    """Of ``keys``, the drawn node farthest from any other (no other node covers its centre)."""
    page.locator(".arxdigest-graph").scroll_into_view_if_needed()
    settle_camera(page)
    found = page.evaluate(_CLEARANCE_JS, keys)
    assert found, f"none of {keys[:5]}... is drawn where the mouse can reach it"
    best = max(found, key=lambda f: f["clear"])
    assert best["clear"] > 2, f"every candidate is covered by another node: {best}"
    return best


def hover_and_click(page: Page, keys: list[str]) -> tuple[str, str]:
    """Hovers the clearest of ``keys`` (checks the hover state) and clicks it; returns (key, URL it opens)."""
    node = clear_node(page, keys)
    key, x, y = node["key"], node["x"], node["y"]
    page.mouse.move(x + 30, y + 30)
    page.mouse.move(x, y)
    page.wait_for_function(f"(k) => {HOOK}.hovered() === k", arg=key, timeout=5_000)
    href = hook(page, "href(arg)", key)
    page.mouse.click(x, y)
    page.wait_for_url(href, timeout=15_000)
    return key, href


def settle(page: Page, ms: int = 400) -> None:
    """Lets Material's header and scroll transitions finish (for screenshots)."""
    page.wait_for_timeout(ms)


# --------------------------------------------------------------------------- tests


def test_overview_paper_author_and_topic_pages(page, example):
    url = example.url
    page.goto(url + "kb/")
    expect(page.locator(H1)).to_have_text("Overview")
    stats = titles(page.locator(".arxdigest-stat"))
    assert [re.sub(r"^\d+\s+", "", s) for s in stats] == ["Papers", "Authors", "Topics", "Days"], stats
    assert all(re.match(r"^[1-9]\d*\s", s) for s in stats), stats
    expect(page.locator(".md-content h2").first).to_have_text(re.compile(r"Latest digest: 2025-06-04"))
    assert page.locator(".arxdigest-paper").count() >= 5
    assert page.locator(".arxdigest-ranked a.arxdigest-author").count() == 15
    assert any(t.startswith(DIFFUSION) for t in titles(page.locator(".arxdigest-topics a.arxdigest-chip")))
    assert page.get_by_role("link", name="Open the graph").evaluate("(a) => a.href") == url + "kb/graph/"
    assert_links_resolve(page)

    # A paper from all three digest formats.
    page.goto(f"{url}kb/papers/{DDPM}/")
    expect(page.locator(H1)).to_have_text(DDPM_TITLE)
    expect(page.locator(".arxdigest-translated-title")).to_have_text("去噪扩散概率模型")
    authors = page.locator(".arxdigest-paper-head a.arxdigest-author")
    assert authors.all_text_contents() == DDPM_AUTHORS
    assert authors.first.evaluate("(a) => a.href") == url + "kb/authors/jonathan-ho/"
    chips = page.locator(".arxdigest-facts a.arxdigest-chip")
    assert DIFFUSION in chips.all_text_contents()
    assert chips.filter(has_text=DIFFUSION).evaluate("(a) => a.href") == url + "kb/topics/diffusion-models/"
    expect(page.locator(".arxdigest-links a").first).to_have_text("arXiv")
    bib = page.locator("code#bibtex")
    expect(bib).to_have_text(re.compile(r"^@misc\{"))
    assert f"eprint = {{{DDPM}}}" in bib.text_content()
    assert "title = {Denoising Diffusion Probabilistic Models}" in bib.text_content()
    assert page.locator("#bibtex").count() == 1, "two elements share the id the copy button targets"
    # Abstract tabs: English first, the translation one click away.
    tabs = page.locator(".arxdigest-abstracts .tabbed-labels label")
    assert tabs.all_text_contents() == ["Abstract", "Translated abstract"]
    blocks = page.locator(".arxdigest-abstracts .tabbed-block")
    expect(blocks.nth(0)).to_be_visible()
    expect(blocks.nth(0)).to_contain_text("diffusion probabilistic models")
    expect(blocks.nth(1)).to_be_hidden()
    tabs.nth(1).click()
    expect(blocks.nth(1)).to_be_visible()
    expect(blocks.nth(1)).to_contain_text("扩散")
    expect(blocks.nth(0)).to_be_hidden()
    assert page.locator(".arxdigest-graph[data-kind=local]").count() == 1
    assert_links_resolve(page)

    # A note from notes/ on the paper it names.
    page.goto(f"{url}kb/papers/1706.03762/")
    expect(page.locator(".arxdigest-note")).to_contain_text("reading group")
    expect(page.locator(".arxdigest-note .admonition-title")).to_contain_text("must-read")

    page.goto(url + "kb/authors/jonathan-ho/")
    expect(page.locator(H1)).to_have_text("Jonathan Ho")
    expect(page.locator(".arxdigest-facts p").first).to_have_text(re.compile(r"^\d+ papers"))
    assert DDPM_TITLE in titles(page.locator(".arxdigest-papers a.arxdigest-paper__title"))
    assert page.locator(".arxdigest-facts a.arxdigest-chip").filter(has_text=DIFFUSION).count() == 1
    assert "Pieter Abbeel" in page.locator(".arxdigest-ranked a.arxdigest-author").all_text_contents()
    # The community by its name (top topic · top author), linked to the global view focused on the author.
    community = page.locator(".arxdigest-metrics a.arxdigest-community")
    expect(community).to_have_text(re.compile(r".+ · .+"))
    assert community.get_attribute("href").endswith("graph/#focus=author%3AJonathan%20Ho")
    assert not re.search(r"Community \d", page.locator(".arxdigest-metrics").text_content())
    assert_links_resolve(page)

    page.goto(url + "kb/topics/diffusion-models/")
    expect(page.locator(H1)).to_have_text(DIFFUSION)
    count = int(re.match(r"\d+", page.locator(".arxdigest-facts p").first.text_content()).group())
    papers = titles(page.locator(".arxdigest-papers a.arxdigest-paper__title"))
    assert len(papers) == count and DDPM_TITLE in papers
    assert page.locator(".arxdigest-topics a.arxdigest-chip").count() >= 1  # related topics
    assert "Jonathan Ho" in page.locator(".arxdigest-ranked a.arxdigest-author").all_text_contents()
    assert_links_resolve(page)


def test_bibtex_copy_button_copies_the_entry(page, example):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=example.url.rstrip("/"))
    page.goto(f"{example.url}kb/papers/{DDPM}/")
    page.locator(".arxdigest-bibtex").scroll_into_view_if_needed()
    page.locator(".arxdigest-bibtex").hover()
    button = page.locator(".arxdigest-bibtex button").first
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@misc{") and DDPM in copied, copied


def test_bibtex_block_has_one_copy_button(page, example):
    page.goto(f"{example.url}kb/papers/{DDPM}/")
    block = page.locator(".arxdigest-bibtex")
    block.scroll_into_view_if_needed()
    buttons = block.locator("button:visible")
    assert buttons.count() == 1, f"{buttons.count()} copy buttons in the BibTeX block"
    button, pre = buttons.first.bounding_box(), block.locator("pre").bounding_box()
    assert pre["y"] <= button["y"] and button["x"] + button["width"] <= pre["x"] + pre["width"]


def test_click_author_then_topic_without_reload(page, example):
    page.goto(f"{example.url}kb/papers/{DDPM}/")
    token = mark_document(page)
    page.locator(".arxdigest-paper-head a.arxdigest-author", has_text="Jonathan Ho").click()
    page.wait_for_url(example.url + "kb/authors/jonathan-ho/")
    expect(page.locator(H1)).to_have_text("Jonathan Ho")
    expect(page).to_have_title(re.compile("^Jonathan Ho"))
    assert_same_document(page, token)

    page.locator(".arxdigest-facts a.arxdigest-chip", has_text=DIFFUSION).click()
    page.wait_for_url(example.url + "kb/topics/diffusion-models/")
    expect(page.locator(H1)).to_have_text(DIFFUSION)
    assert_same_document(page, token)

    # And back to a paper from the topic's list.
    page.locator(".arxdigest-papers a.arxdigest-paper__title", has_text=DDPM_TITLE).click()
    page.wait_for_url(f"{example.url}kb/papers/{DDPM}/")
    expect(page.locator(H1)).to_have_text(DDPM_TITLE)
    assert_same_document(page, token)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("diffusion", [DDPM_TITLE, "Diffusion Models Beat GANs on Image Synthesis"]),
        # Chinese: jieba segments the index at build time (lang: [en, zh]); 扩散 is in translated
        # titles (去噪扩散概率模型) and Chinese-only titles.
        ("扩散", [DDPM_TITLE, "去噪扩散隐式模型", "无分类器扩散引导"]),
        ("强化学习", ["用深度强化学习玩Atari游戏"]),
    ],
)
def test_search_in_english_and_chinese(lunr_page, example_lunr, query, expected):
    page = lunr_page
    page.goto(example_lunr.url + "kb/")
    found = search(page, query)
    missing = [t for t in expected if t not in found]
    assert not missing, f"{query!r}: {missing} not among {found}"
    # A result opens its paper.
    page.locator(".md-search-result__link").nth(found.index(expected[0])).click()
    page.wait_for_url(re.compile(r"/kb/papers/[^/]+/"))
    expect(page.locator(H1)).to_have_text(expected[0])


@pytest.mark.parametrize(
    "query, expected, unexpected",
    [
        # The separator keeps camelCase whole: "ReAct" is one word, not "Re" + "Act" (Actor-Critic).
        ("ReAct", "ReAct: Synergizing Reasoning and Acting in Language Models", "Soft Actor-Critic"),
        ("NeRF", "NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis", "Soft Actor-Critic"),
        ("3D", "NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis", None),
    ],
)
def test_search_finds_model_names_as_written(lunr_page, example_lunr, query, expected, unexpected):
    page = lunr_page
    page.goto(example_lunr.url + "kb/")
    found = search(page, query)
    assert expected in found, f"{query!r}: {expected!r} not among {found}"
    if unexpected:
        assert not [t for t in found if t and unexpected in t], found


def test_global_graph_draws_hovers_clicks_and_searches(page, example):
    graph = json.loads((example.dir / "kb" / "graph" / "graph.json").read_text(encoding="utf-8"))
    overview = (example.dir / "kb" / "index.html").read_text(encoding="utf-8")
    stats = dict(
        (k.lower(), int(n))
        for n, k in re.findall(r'class="arxdigest-stat"[^>]*><strong>(\d+)</strong> (\w+)', overview)
    )
    # Every author and topic is a node; the file holds the top graph_nodes (default 1500) of them.
    assert len(graph["nodes"]) == min(1500, stats["authors"] + stats["topics"]), stats
    nodes, edges = expected_counts(graph, default_top_n())

    page.goto(example.url + "kb/graph/")
    data = wait_graph(page)
    assert data["kind"] == "global"
    assert (int(data["nodes"]), int(data["edges"])) == (nodes, edges)
    assert page.evaluate("window.arxdigestGraph.views().length") == 1
    expect(page.locator(".arxdigest-graph__status")).to_have_text(re.compile(rf"^{nodes:,} of {nodes:,} nodes"))

    # The search box focuses a node: an author whose name no other label contains.
    labels = [n[1].lower() for n in graph["nodes"]]
    author = next(
        n for n in graph["nodes"] if graph["types"][n[2]] == "author" and sum(n[1].lower() in x for x in labels) == 1
    )
    box = page.get_by_label("Find a node by name")
    box.fill(author[1])
    option = page.locator(".arxdigest-graph__option-label").first
    expect(option).to_have_text(author[1])
    box.press("Enter")
    page.wait_for_function(f"(k) => {HOOK}.selected() === k", arg=author[0])
    info = page.locator(".arxdigest-graph__info")
    expect(info.locator(".arxdigest-graph__info-title")).to_have_text(author[1])
    expect(info.get_by_role("link", name="Open page →")).to_have_attribute("href", example.url + author[3])
    pos = hook(page, "nodeScreenPosition(arg)", author[0])
    canvas = page.locator(".arxdigest-graph__canvas").bounding_box()
    assert canvas["x"] <= pos["x"] <= canvas["x"] + canvas["width"]
    assert canvas["y"] <= pos["y"] <= canvas["y"] + canvas["height"]

    # Back to the whole graph; hover, then click a topic: Material opens its page in place.
    info.get_by_role("button", name="Clear selection").click()
    hook(page, "resetView()")
    token = mark_document(page)
    topics = {n[0]: n for n in graph["nodes"] if graph["types"][n[2]] == "topic"}
    key, href = hover_and_click(page, list(topics))
    assert href == example.url + topics[key][3]
    expect(page.locator(H1)).to_have_text(topics[key][1])
    assert_same_document(page, token)
    # The global view was replaced by the topic's local view.
    wait_graph(page)
    assert page.evaluate("window.arxdigestGraph.views().map((c) => c.dataset.kind)") == ["local"]


def test_local_graph_after_instant_navigation(page, example):
    page.goto(example.url + "kb/")
    assert page.locator(".arxdigest-graph").count() == 0
    token = mark_document(page)
    link = page.locator(".arxdigest-papers a.arxdigest-paper__title").first
    title = link.text_content()
    link.click()
    page.wait_for_url(re.compile(r"/kb/papers/[^/]+/$"))
    expect(page.locator(H1)).to_have_text(title)
    data = wait_graph(page)
    assert data["kind"] == "local" and int(data["nodes"]) > 1 and int(data["edges"]) >= 1, data
    assert_same_document(page, token)

    # On to an author: the paper's view is gone, the author's drawn.
    page.locator(".arxdigest-paper-head a.arxdigest-author").first.click()
    page.wait_for_url(re.compile(r"/kb/authors/[^/]+/$"))
    page.wait_for_function(
        "() => { const c = document.querySelector('.arxdigest-graph');"
        " return c && c.dataset.ready === 'true' && window.arxdigestGraph.views().length === 1"
        " && window.arxdigestGraph.views()[0] === c; }",
        timeout=30_000,
    )
    assert int(page.locator(".arxdigest-graph").get_attribute("data-nodes")) > 1
    assert_same_document(page, token)


def test_dark_palette_keeps_graphs_drawing(page, example):
    page.goto(example.url + "kb/graph/")
    wait_graph(page)
    assert hook(page, "theme()")["dark"] is False
    light = page.locator(".arxdigest-graph").evaluate("(el) => getComputedStyle(el).backgroundColor")
    page.locator('label[title="Dark mode"]').click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.wait_for_function(f"{HOOK}.theme().dark === true", timeout=10_000)
    graph = page.locator(".arxdigest-graph")
    expect(graph).to_have_attribute("data-ready", "true")
    assert graph.get_attribute("data-error") is None
    assert graph.evaluate("(el) => getComputedStyle(el).backgroundColor") != light
    page.wait_for_timeout(200)  # a redraw with the new colours must not break the view
    assert graph.get_attribute("data-error") is None and page.locator(".arxdigest-graph__error").count() == 0

    # The dark scheme persists: a paper's local view drawn from the start in it.
    page.goto(f"{example.url}kb/papers/{DDPM}/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    data = wait_graph(page)
    assert int(data["nodes"]) > 1
    assert hook(page, "theme()")["dark"] is True


def test_samples_paper_and_global_graph(seeds_page, seeds):
    """The real samples: a random paper page with a local view, then the global view; both draw."""
    site = seeds.dir
    with_graph = sorted(
        p.parent.name
        for p in (site / "papers").glob("*/index.html")
        if 'class="arxdigest-graph"' in p.read_text(encoding="utf-8")
    )
    assert len(with_graph) > 100
    slug = random.choice(with_graph)
    page = seeds_page
    page.goto(f"{seeds.url}papers/{slug}/")
    expect(page.locator(H1)).not_to_be_empty()
    data = wait_graph(page)
    assert data["kind"] == "local" and int(data["nodes"]) > 1, f"papers/{slug}/: {data}"

    graph = json.loads((site / "graph" / "graph.json").read_text(encoding="utf-8"))
    assert len(graph["nodes"]) <= 1500
    nodes, edges = expected_counts(graph, default_top_n())
    page.goto(seeds.url + "graph/")
    data = wait_graph(page, timeout=60_000)
    assert (int(data["nodes"]), int(data["edges"])) == (nodes, edges), f"opened papers/{slug}/ before"


@pytest.mark.skipif(os.environ.get("ARXDIGEST_SCREENSHOTS") != "1", reason="set ARXDIGEST_SCREENSHOTS=1 to write them")
def test_screenshots(page, example):
    """The README's screenshots (1280x800, light scheme) in docs/assets/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    url = example.url

    def shot(name: str) -> None:
        settle(page)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), animations="disabled")
        assert path.stat().st_size < 300_000, f"{path} is {path.stat().st_size} bytes"

    page.goto(url + "kb/")
    shot("overview")

    page.goto(f"{url}kb/papers/2003.08934/")  # NeRF: TL;DR, translated title, summary
    shot("paper")

    page.goto(url + "kb/")
    top_author = page.locator(".arxdigest-ranked a.arxdigest-author").first.evaluate("(a) => a.href")
    page.goto(top_author)
    wait_graph(page)
    shot("author")

    page.goto(url + "kb/topics/diffusion-models/")
    wait_graph(page)
    shot("topic")

    page.goto(url + "kb/graph/")
    wait_graph(page)
    page.locator(".arxdigest-graph").scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    shot("graph")

    page.goto(f"{url}kb/papers/2005.14165/")  # GPT-3: many authors
    wait_graph(page)
    page.locator("#neighbourhood").evaluate("(h) => window.scrollTo(0, h.getBoundingClientRect().top + scrollY - 64)")
    page.wait_for_timeout(800)
    shot("local-graph")
