"""The knowledge base's search page on a real build of the samples, in headless Chromium.

The samples (``/work/shared/seeds``) are built once with ``mkdocs build --strict`` (Material,
``navigation.instant``, knowledge base under ``kb/``, ``site_url`` = the test server so instant
navigation takes over links) and served on 127.0.0.1. Every test opens a fresh browser context
(empty cache): queries in English, Chinese, an author's name and a word found only in an abstract
find their paper; a facet narrows the results; a result opens its paper page without a reload;
Material's header search offers the search page with the query. Afterwards nothing may have been
requested from anywhere but the test server, and no script error may have occurred.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from .browser import Recorder, chromium, served_build, skip_without_browser
from .conftest import SEEDS

skip_without_browser()
if not SEEDS.is_dir():
    pytest.skip(f"the real samples are not at {SEEDS}", allow_module_level=True)
pytest.importorskip("pagefind.index", reason="pagefind is not installed")


pytestmark = [pytest.mark.browser, pytest.mark.slow]

DONE = '.arxdigest-search[data-state="done"]'
BITRL = "2512.20623"  # BitRL-Light, by Ravi Gupta and Shabista Haider; "Raspberry" is in its abstract only
BITRL_TITLE = "BitRL-Light: 1-bit LLM Agents with Deep Reinforcement Learning"
SRDD = "2509.22636"  # Scale-Wise VAR is Secretly Discrete Diffusion: 扩散 in its translated abstract


def _config(root: Path, url: str) -> Path:
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n\nThe samples.\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: arXiv digest samples\n"
        f"site_url: {url}\n"
        "theme:\n  name: material\n  font: false\n  language: en\n  features: [navigation.instant]\n"
        "  palette:\n"
        "    - media: '(prefers-color-scheme: light)'\n      scheme: default\n"
        "    - media: '(prefers-color-scheme: dark)'\n      scheme: slate\n"
        f"plugins:\n  - search\n  - arxdigest:\n      sources: [{json.dumps(str(SEEDS))}]\n      prefix: kb\n"
        "      pages: [papers, authors, topics, days, graph, search]\n"
        f"      cache_dir: {json.dumps(str(root / '.cache'))}\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-site")
    with served_build(root, lambda url: _config(root, url)) as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, site):
    """A fresh context and page; afterwards: only 127.0.0.1 was asked, no script errors."""
    server, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    recorder = Recorder(server.url)
    recorder.attach(context)
    yield context.new_page()
    context.close()
    recorder.check()


def _search(page, site, query: str, extra: str = "") -> list[str]:
    server, _ = site
    page.goto(f"{server.url}kb/search/?query={quote(query)}{extra}")
    page.wait_for_selector(DONE, timeout=30_000)
    return _shown(page)


def _shown(page) -> list[str]:
    """Paths of the results on screen, in order."""
    return page.eval_on_selector_all(".arxdigest-search__title", "els => els.map(a => new URL(a.href).pathname)")


def test_english_query_finds_the_paper(page, site):
    shown = _search(page, site, "BitRL-Light energy")
    assert shown[0] == f"/kb/papers/{BITRL}/"
    first = page.locator(".arxdigest-search__result").first
    assert first.locator(".arxdigest-search__title").inner_text().startswith(BITRL_TITLE)
    assert "Ravi Gupta, Shabista Haider" in first.locator(".arxdigest-search__meta").inner_text()
    assert first.locator(".arxdigest-search__excerpt mark").count() >= 1  # highlighted excerpt
    assert "Agents" in first.locator(".arxdigest-search__chips").inner_text()  # topic chips


def test_chinese_query_finds_the_paper(page, site):
    shown = _search(page, site, "扩散")
    assert f"/kb/papers/{SRDD}/" in shown
    assert int(page.get_attribute(".arxdigest-search", "data-results")) > 10  # segmented: 扩散 inside 扩散模型 too
    marks = page.locator(".arxdigest-search__excerpt mark").all_inner_texts()
    assert marks and all("扩散" in m for m in marks)


def test_author_query_finds_the_author_and_the_paper(page, site):
    shown = _search(page, site, "Ravi Gupta")
    assert f"/kb/papers/{BITRL}/" in shown and "/kb/authors/ravi-gupta/" in shown
    # (The author page, at weight 0.5 but a few words long, comes first: Pagefind favours short pages.)
    kinds = page.eval_on_selector_all(".arxdigest-search__result", "els => els.map(e => e.dataset.kind)")
    assert sorted(kinds) == ["author", "paper"]


def test_a_word_only_in_an_abstract_is_found(page, site):
    _, out = site
    lunr = (out / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Raspberry" not in lunr  # Material's index has no abstracts: only this search finds it
    assert _search(page, site, "Raspberry")[0] == f"/kb/papers/{BITRL}/"


def test_material_search_keeps_to_the_users_pages(site):
    """With the knowledge base's own search, Material's index (fetched whole on every page) leaves its pages out."""
    _, out = site
    docs = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    assert "" in locations  # the home page, the user's own
    assert not [loc for loc in locations if loc.startswith(("kb/papers/", "kb/authors/", "kb/topics/"))]


def test_a_facet_narrows_the_results(page, site):
    _, out = site
    _search(page, site, "diffusion")
    before = int(page.get_attribute(".arxdigest-search", "data-results"))
    box = page.locator('.arxdigest-search__facet[data-facet="category"] input[value="cs.CV"]')
    box.check()
    page.wait_for_function(
        "n => { const r = document.querySelector('.arxdigest-search');"
        " return r.dataset.state === 'done' && +r.dataset.results < n; }", arg=before, timeout=30_000,
    )  # fmt: skip
    after = int(page.get_attribute(".arxdigest-search", "data-results"))
    assert 0 < after < before
    assert "category=cs.CV" in page.url  # kept in the address: a reload or a shared link shows the same
    for path in _shown(page):
        html = (out / path.strip("/") / "index.html").read_text(encoding="utf-8")
        assert '<span data-pagefind-filter="category">cs.CV</span>' in html, path
    # a topic chip of a result is a facet too
    page.locator(".arxdigest-search__chips .arxdigest-chip").first.click()
    page.wait_for_function("() => new URLSearchParams(location.search).has('topic')", timeout=30_000)
    page.wait_for_selector(DONE, timeout=30_000)
    assert int(page.get_attribute(".arxdigest-search", "data-results")) <= after


def test_a_result_opens_the_paper_page_with_instant_navigation(page, site):
    _search(page, site, "Raspberry")
    page.evaluate("window.__sameDocument = true")
    page.locator(".arxdigest-search__title").first.click()
    page.wait_for_url(re.compile(rf"/kb/papers/{re.escape(BITRL)}/$"), timeout=30_000)
    page.wait_for_function("t => document.querySelector('.md-content h1')?.textContent.startsWith(t)", arg=BITRL_TITLE)
    assert page.evaluate("window.__sameDocument === true")  # Material swapped the page: no reload
    page.go_back()  # and back on the search page, the search starts again from the address
    page.wait_for_selector(DONE, timeout=30_000)
    assert _shown(page)[0] == f"/kb/papers/{BITRL}/"


def test_material_header_search_offers_the_query_to_the_search_page(page, site):
    server, _ = site
    page.goto(server.url)
    page.locator(".md-search__input").click()  # the box is in the header at this width
    page.locator(".md-search__input").fill("Raspberry")
    link = page.locator("#arxdigest-search-link")
    link.wait_for(state="visible")
    assert link.get_attribute("href").endswith("kb/search/?query=Raspberry")
    assert "Raspberry" in link.inner_text()
    page.evaluate("window.__sameDocument = true")
    link.click()
    page.wait_for_selector(DONE, timeout=30_000)
    assert _shown(page)[0] == f"/kb/papers/{BITRL}/"
    assert page.evaluate("window.__sameDocument === true")


def _facet_counts(page, facet: str) -> dict[str, str]:
    return dict(
        page.eval_on_selector_all(
            f'.arxdigest-search__facet[data-facet="{facet}"] label',
            "els => els.map(l => [l.querySelector('input').value, l.querySelector('.arxdigest-count')?.textContent])",
        )
    )


def test_before_a_query_the_facets_show_the_archive(page, site):
    server, out = site
    page.goto(f"{server.url}kb/search/")
    page.wait_for_selector(DONE, timeout=30_000)
    papers = len(list((out / "kb" / "papers").glob("*/index.html")))
    kinds = _facet_counts(page, "kind")
    assert list(kinds)[:1] == ["paper"] and int(kinds["paper"]) == papers  # no file of the index fetched for it
    assert page.locator(".arxdigest-search__facet--archive").count() >= 3
    assert page.locator(".arxdigest-search__more").is_hidden() and not _shown(page)


def test_in_a_large_archive_a_button_counts_the_results(page, site):
    """With data-count="button" (archives over 20k papers) a query fetches no filter file until asked."""
    server, out = site
    html = (out / "kb" / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-count="every"' in html
    (out / "kb" / "search-large").mkdir(exist_ok=True)
    (out / "kb" / "search-large" / "index.html").write_text(html.replace('data-count="every"', 'data-count="button"'))
    filters = []
    page.on("request", lambda r: filters.append(r.url) if r.url.endswith(".pf_filter") else None)
    page.goto(f"{server.url}kb/search-large/?query=diffusion")
    page.wait_for_selector(DONE, timeout=30_000)
    archive = _facet_counts(page, "kind")
    assert int(archive["paper"]) > 100 and not filters  # the archive's counts, nothing fetched
    page.locator(".arxdigest-search__count").click()
    page.wait_for_selector(".arxdigest-search__facet[data-facet=kind]:not(.arxdigest-search__facet--archive)")
    counted = _facet_counts(page, "kind")
    assert 0 < int(counted["paper"]) < int(archive["paper"]) and filters
    assert page.locator(".arxdigest-search__count").count() == 0
