"""The knowledge base under Zensical (``arxdigest build`` then ``zensical build``) and ProperDocs.

The seeds site is built by the recipe of ``docs/zensical.md``: its YAML block is added to a
Material configuration, then the two commands run. Its pages must match what ``mkdocs build``
makes with the plugin, no link may be broken, and the graph views must draw after Zensical's
instant navigation, in both palettes.

``ARXDIGEST_ZENSICAL_SHOTS=<folder>`` writes screenshots (a paper page and the graph page,
1280 px and 390 px wide, light and dark) to that folder.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .browser import CHROMIUM, CHROMIUM_ARGS, Recorder, StaticServer
from .conftest import ROOT, SEEDS
from .sitebuild import ENV, internal_links, resolve

pytestmark = pytest.mark.slow

if importlib.util.find_spec("zensical") is None:
    pytest.skip("zensical is not installed (pip install zensical)", allow_module_level=True)
if not SEEDS.is_dir():
    pytest.skip(f"the samples folder {SEEDS} is missing", allow_module_level=True)

READY = '.arxdigest-graph[data-ready="true"], .arxdigest-graph[data-error]'
HOOK = "document.querySelector('.arxdigest-graph').arxdigestGraph"
KINDS = ["papers", "authors", "topics", "days", "graph", "search"]  # with the knowledge base's search
PRUNING = "2512.22106"  # only a Chinese title in the samples: 剪枝如博弈：基于均衡驱动的神经网络稀疏化


def recipe() -> dict:
    """The lines ``docs/zensical.md`` tells users to add to ``mkdocs.yml``."""
    text = (ROOT / "docs" / "zensical.md").read_text(encoding="utf-8")
    return yaml.safe_load(re.search(r"```yaml\n(.*?)```", text, re.S).group(1))


def seeds_config(root: Path, site_url: str, zensical: bool) -> Path:
    """A Material site of the samples (instant navigation, light and dark palettes), knowledge base under ``kb/``."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text(
        "# Samples\n\nThe [knowledge base](kb/index.md) and its [graph](kb/graph/index.md).\n", encoding="utf-8"
    )
    config = {
        "site_name": "Samples",
        "site_url": site_url,  # Material's and Zensical's instant navigation follow the sitemap's links only
        "theme": {
            "name": "material",
            "font": False,
            "features": ["navigation.instant"],
            "palette": [
                {
                    "media": "(prefers-color-scheme: light)",
                    "scheme": "default",
                    "toggle": {"icon": "material/weather-night", "name": "Dark mode"},
                },
                {
                    "media": "(prefers-color-scheme: dark)",
                    "scheme": "slate",
                    "toggle": {"icon": "material/weather-sunny", "name": "Light mode"},
                },
            ],
        },  # fmt: skip
        "markdown_extensions": ["attr_list", "admonition"],
        "plugins": [
            "search",
            {"arxdigest": {"sources": [str(SEEDS)], "prefix": "kb", "cache_dir": ".cache", "pages": KINDS}},
        ],
        **(recipe() if zensical else {}),
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run(*command: str, cwd: Path) -> str:
    proc = subprocess.run([sys.executable, *command], capture_output=True, text=True, env=ENV, cwd=cwd, timeout=300)
    assert proc.returncode == 0, f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
    return proc.stdout + proc.stderr


class ZensicalSite:
    def __init__(self, root: Path):
        self.root = root
        self.dir = root / "site"
        self.dir.mkdir(parents=True)
        self.server = StaticServer(self.dir)
        self.url = self.server.url
        config = seeds_config(root, self.url, zensical=True)
        self.arxdigest_log = run("-m", "mkdocs_arxdigest.cli", "build", "-f", str(config), cwd=root)
        self.zensical_log = run("-m", "zensical", "build", "-f", str(config), cwd=root)


@pytest.fixture(scope="module")
def zsite(tmp_path_factory):
    site = ZensicalSite(tmp_path_factory.mktemp("zensical"))
    yield site
    site.server.stop()


def kb_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in (site / "kb").rglob("*.html")}


def test_every_paper_page_exists(zsite):
    from mkdocs_arxdigest.load import load_corpus

    corpus = load_corpus([SEEDS])
    missing = [s for s in corpus.paper_slugs.values() if not (zsite.dir / "kb/papers" / s / "index.html").is_file()]
    assert len(corpus.papers) > 100 and not missing, missing[:10]
    assert (zsite.dir / "kb/graph/graph.json").is_file() and (zsite.dir / "assets/arxdigest/graph.js").is_file()
    assert (zsite.dir / "kb/search/index.html").is_file() and (zsite.dir / "kb/pagefind/pagefind.js").is_file()
    assert not (zsite.dir / ".arxdigest-files.json").exists()  # the manifest is no page of the site


def test_no_internal_link_is_broken(zsite):
    broken, pages = [], 0
    for page in zsite.dir.rglob("*.html"):
        pages += 1
        for link in internal_links(page.read_text(encoding="utf-8")):
            target = resolve(zsite.dir, page, link)
            if not target.is_relative_to(zsite.dir) or not target.exists():
                broken.append(f"{page.relative_to(zsite.dir)}: {link}")
    assert pages > 1000 and not broken, broken[:20]


def test_nav_lists_the_indexes_not_every_paper(zsite):
    html = (zsite.dir / "kb" / "index.html").read_text(encoding="utf-8")
    assert "kb/papers/" in html and html.count('class="md-nav__link') < 40


def test_same_pages_as_mkdocs(zsite, tmp_path):
    """``mkdocs build`` with the plugin makes the same knowledge-base pages as the two commands."""
    config = seeds_config(tmp_path, zsite.url, zensical=False)
    run("-m", "mkdocs", "build", "-f", str(config), "-d", str(tmp_path / "site"), cwd=tmp_path)
    assert kb_pages(tmp_path / "site") == kb_pages(zsite.dir)


def test_rebuild_rewrites_nothing(zsite):
    """Same inputs: no generated file is written again (their times stay), so Zensical rebuilds nothing."""
    out = run("-m", "mkdocs_arxdigest.cli", "build", "-f", str(zsite.root / "mkdocs.yml"), cwd=zsite.root)
    assert re.search(r"\(0 written, \d+ unchanged, 0 removed\)", out), out


# -- in Chromium ---------------------------------------------------------------------


@pytest.fixture
def page(zsite):
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        recorder = Recorder(zsite.url.rstrip("/"))
        recorder.attach(context)
        yield context.new_page()
        browser.close()
    recorder.check()


def wait_graph(page, kind: str) -> dict:
    page.wait_for_selector(READY, state="attached", timeout=30_000)
    data = page.evaluate("({...document.querySelector('.arxdigest-graph').dataset})")
    assert "error" not in data and data["kind"] == kind, data
    assert int(data["nodes"]) > 1
    return data


@pytest.mark.browser
def test_graphs_draw_after_instant_navigation_in_both_palettes(zsite, page):
    from playwright.sync_api import expect

    page.goto(zsite.url)
    page.evaluate("window.__token = 'same-document'")
    page.click(".md-content a[href*='kb/graph']")
    expect(page).to_have_url(re.compile(r"/kb/graph/$"))
    wait_graph(page, "global")
    assert page.evaluate("window.__token") == "same-document", "the page was reloaded, not swapped in place"
    assert page.evaluate(f"{HOOK}.theme().dark") is False
    light = page.locator(".arxdigest-graph").evaluate("(el) => getComputedStyle(el).backgroundColor")

    page.locator('label[title="Dark mode"]').click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.wait_for_function(f"{HOOK}.theme().dark === true", timeout=10_000)
    assert page.locator(".arxdigest-graph").evaluate("(el) => getComputedStyle(el).backgroundColor") != light

    page.click(".md-nav a[href$='kb/papers/']")
    page.locator(".arxdigest-paper__title").first.click()
    expect(page).to_have_url(re.compile(r"/kb/papers/[^/]+/$"))
    wait_graph(page, "local")  # the first paper of the index has neighbours in the samples
    assert page.evaluate("window.__token") == "same-document"
    assert page.evaluate(f"{HOOK}.theme().dark") is True


@pytest.mark.browser
@pytest.mark.skipif(not os.environ.get("ARXDIGEST_ZENSICAL_SHOTS"), reason="set ARXDIGEST_ZENSICAL_SHOTS=<folder>")
def test_screenshots(zsite, page):
    folder = Path(os.environ["ARXDIGEST_ZENSICAL_SHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    paper = sorted(
        p.parent.name
        for p in (zsite.dir / "kb/papers").glob("*/index.html")
        if 'data-kind="local"' in p.read_text(encoding="utf-8")
    )[0]
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(zsite.url)
        page.evaluate("localStorage.clear()")  # the palette chosen before would win over the system's
        for width, height in ((1280, 800), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            for name, url, kind in (("paper", f"kb/papers/{paper}/", "local"), ("graph", "kb/graph/", "global")):
                page.goto(zsite.url + url)
                wait_graph(page, kind)
                page.wait_for_timeout(600)
                assert page.evaluate(f"{HOOK}.theme().dark") is (scheme == "dark")
                page.screenshot(path=str(folder / f"{name}-{width}-{scheme}.png"), full_page=name == "paper")


# -- ProperDocs ----------------------------------------------------------------------


@pytest.mark.skipif(importlib.util.find_spec("properdocs") is None, reason="properdocs is not installed")
def test_properdocs_builds_the_example_site(tmp_path):
    for name in ("docs", "digests", "notes"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "jieba-terms.txt", tmp_path)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    run("-m", "properdocs", "build", "--strict", cwd=tmp_path)
    site = tmp_path / "site"
    assert (site / "kb/papers/2006.11239/index.html").is_file() and (site / "kb/graph/graph.json").is_file()
    assert 'class="arxdigest-graph' in (site / "kb/graph/index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_a_chinese_search_finds_a_chinese_title(zsite, page):
    """Zensical's own search does not segment Chinese: the knowledge base's search page does, there too."""
    from urllib.parse import quote

    page.goto(f"{zsite.url}kb/search/?query={quote('剪枝')}")
    page.wait_for_selector('.arxdigest-search[data-state="done"]', timeout=30_000)
    links = page.eval_on_selector_all(".arxdigest-search__results a", "(els) => els.map((a) => a.href)")
    assert any(f"/kb/papers/{PRUNING}/" in href for href in links), links[:10]
    titles = page.locator(".arxdigest-search__results").inner_text()
    assert "剪枝如博弈" in titles, titles[:500]
