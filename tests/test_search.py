"""The Pagefind index (search.py) and the search attributes the templates give pages, without MkDocs."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from mkdocs_arxdigest import Paper
from mkdocs_arxdigest.build.search import build_search_index, page_url
from mkdocs_arxdigest.pages import Site, SiteOptions

pagefind = pytest.importorskip("pagefind.index", reason="pagefind is not installed")

PAGE = '<html lang="en"><head><title>{t}</title></head><body><nav>menu words</nav>{body}</body></html>'


def _site(root: Path, pages: dict[str, str]) -> Path:
    for rel, body in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(t=rel, body=body), encoding="utf-8")
    return root


def _entry(bundle: Path) -> dict:
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))


def _digest(bundle: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(x for x in bundle.rglob("*") if x.is_file()):
        h.update(p.relative_to(bundle).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def _corpus(*papers: Paper):
    from mkdocs_arxdigest import ParseResult
    from mkdocs_arxdigest.corpus import Corpus

    return Corpus([ParseResult("ai_enhanced", list(papers))])


@pytest.fixture()
def small_site(tmp_path: Path) -> Path:
    return _site(
        tmp_path / "site",
        {
            "kb/papers/a/index.html": "<div data-pagefind-body><p>zebra 扩散模型</p></div>",
            "kb/papers/b/index.html": '<div data-pagefind-body data-pagefind-filter="kind:paper"><p>okapi</p></div>',
            "kb/papers/index.html": "<p>an index page, no body: left out</p>",
            "elsewhere/index.html": "<div data-pagefind-body><p>outside the glob</p></div>",
            "index.html": '<article class="md-content__inner md-typeset"><h1>Home</h1><p>user words</p></article>',
        },
    )


def test_bundle_holds_only_pages_with_a_body_under_the_glob(small_site: Path):
    report = build_search_index(small_site, bundle_dir="kb/pagefind", include="kb/**/*.html", language="zh")
    bundle = small_site / "kb" / "pagefind"
    assert report.bundle == bundle and not report.errors
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (bundle / name).is_file(), name
    languages = _entry(bundle)["languages"]
    assert list(languages) == ["zh"]  # forced: one index, Chinese segmented
    assert languages["zh"]["page_count"] == 2  # a and b; not the index page, not elsewhere/
    assert report.files == sum(1 for p in bundle.rglob("*") if p.is_file())
    assert report.bytes == sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    assert len(list((bundle / "fragment").iterdir())) == 2


def test_a_failed_run_keeps_the_bundle_before(small_site: Path, monkeypatch):
    build_search_index(small_site, bundle_dir="kb/pagefind", include="kb/**/*.html")
    before = _digest(small_site / "kb" / "pagefind")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # a "Pagefind" that fails at once
    report = build_search_index(small_site, bundle_dir="kb/pagefind", include="kb/**/*.html")
    assert report.errors and report.pages == 0
    assert _digest(small_site / "kb" / "pagefind") == before
    assert sorted(p.name for p in (small_site / "kb").iterdir()) == ["pagefind", "papers"]


def test_a_rebuild_replaces_the_bundle_and_leaves_nothing_behind(small_site: Path):
    build_search_index(small_site, bundle_dir="kb/pagefind", include="kb/**/*.html")
    bundle = small_site / "kb" / "pagefind"
    stale = bundle / "fragment" / "stale.pf_fragment"
    stale.write_bytes(b"from an earlier build")
    (small_site / "kb/papers/b/index.html").unlink()
    report = build_search_index(small_site, bundle_dir="kb/pagefind", include="kb/**/*.html")
    assert not stale.exists()
    assert _entry(bundle)["languages"]["zh"]["page_count"] == 1
    assert sorted(p.name for p in (small_site / "kb").iterdir()) == ["pagefind", "papers"]  # no .new / .old
    assert report.pages >= 1


def test_same_pages_give_the_same_bundle(small_site: Path):
    """Pagefind names files by content hash; two runs on the same pages write the same bytes."""
    build_search_index(small_site, bundle_dir="kb/pagefind", include="kb/**/*.html")
    first = _digest(small_site / "kb" / "pagefind")
    build_search_index(small_site, bundle_dir="kb/pagefind", include="kb/**/*.html")
    assert _digest(small_site / "kb" / "pagefind") == first


def test_page_url():
    assert page_url("kb/papers/a/index.html") == "/kb/papers/a/"
    assert page_url("index.html") == "/"
    assert page_url("kb/x.html") == "/kb/x.html"


# -- what the templates give Pagefind ---------------------------------------------------------


def _paper_page(paper: Paper, *others: Paper) -> str:
    site = Site(_corpus(paper, *others), SiteOptions(prefix="kb"))
    from mkdocs_arxdigest.pages import paper as paper_kind

    return site.render(paper_kind.page(site, paper.key))


def _meta(html: str) -> str:
    m = re.search(r'<div hidden class="arxdigest-search-meta"[^>]*>(.*?)</div>', html)
    assert m, "no search metadata element"
    return m.group(1)


def test_paper_page_carries_filters_meta_and_sort_key():
    paper = Paper(
        key="2501.00001", title="Diffusion a<b & co", title_translated="扩散模型",
        authors=["Ann Lee", "Bob & Co"], categories=["cs.CV", "cs.LG"], topics=["Diffusion Models"],
        days=["2025-01-03"], tldr="short", abstract="An abstract.", abstract_translated="摘要。",
        motivation="why",
    )  # fmt: skip
    html = _paper_page(paper)
    meta = _meta(html)
    assert "a<b" not in html
    assert '"title" data-pagefind-weight="10">Diffusion a&lt;' in meta and "&amp; co</span>" in meta
    assert re.findall(r'data-pagefind-filter="author">([^<]*)<', meta) == ["Ann Lee", "Bob &amp; Co"]
    assert re.findall(r'data-pagefind-filter="category">([^<]*)<', meta) == ["cs.CV", "cs.LG"]
    assert re.findall(r'data-pagefind-filter="topic">([^<]*)<', meta) == ["Diffusion Models"]
    assert re.findall(r'data-pagefind-filter="year">([^<]*)<', meta) == ["2025"]
    assert re.findall(r'data-pagefind-filter="kind">([^<]*)<', meta) == ["paper"]
    assert '<span data-pagefind-meta="date" data-pagefind-sort="date">2025-01-03</span>' in meta
    assert '<span data-pagefind-meta="subtitle">扩散模型</span>' in meta
    assert '<span data-pagefind-meta="title" data-pagefind-weight="10">' in meta
    assert "data-search-exclude" in html.split('class="arxdigest-search-meta"')[1][:40]  # not in Material's index
    # head (title, authors, TL;DR), summary and both abstracts are the indexed body
    assert html.count("data-pagefind-body") == 3
    assert re.search(r'<div class="tabbed-set[^>]*data-pagefind-body>', html)
    assert re.search(r'<div class="arxdigest-summary"[^>]*data-pagefind-body>', html)


def test_a_paper_without_a_date_gets_its_year_and_sort_key_from_its_arxiv_id():
    meta = _meta(_paper_page(Paper(key="2512.20623", title="T", authors=["A"])))
    assert re.findall(r'data-pagefind-filter="year">([^<]*)<', meta) == ["2025"]
    assert '<span data-pagefind-sort="date">2025-12</span>' in meta
    old = _meta(_paper_page(Paper(key="hep-th/9901001", title="T", authors=["A"])))
    assert 'pagefind-filter="year"' not in old and "pagefind-sort" not in old


def test_author_topic_and_day_pages_are_indexed_by_title_at_a_lower_weight():
    paper = Paper(key="2501.00001", title="T", authors=["Ann Lee"], topics=["Agents"], days=["2025-01-03"])
    site = Site(_corpus(paper), SiteOptions(prefix="kb"))
    pages = dict(site.pages())
    for src, kind, title in [
        ("kb/authors/ann-lee.md", "author", "Ann Lee"),
        ("kb/topics/agents.md", "topic", "Agents"),
        ("kb/days/2025-01-03.md", "day", "2025-01-03"),
    ]:
        m = re.search(r"<p hidden [^>]*data-pagefind-body[^>]*>([^<]*)</p>", pages[src])
        assert m and m.group(1) == title, src
        assert 'data-pagefind-weight="0.5"' in m.group(0) and f'data-pagefind-filter="kind:{kind}"' in m.group(0)
    for src in ("kb/index.md", "kb/papers/index.md", "kb/authors/index.md", "kb/search/index.md"):
        assert "data-pagefind-body" not in pages[src], src  # listings and the search page stay out


def test_author_records_are_bounded_by_paper_count(monkeypatch):
    from mkdocs_arxdigest.pages import search

    assert search.author_threshold([1, 1, 2, 5], 10) == 1  # within the bound: every author
    assert search.author_threshold([1] * 20 + [2] * 3 + [7], 4) == 2
    assert search.author_threshold([1] * 20 + [2] * 3 + [7], 3) == 3  # the prolific one alone
    assert search.author_threshold([1, 1], 0) == 2  # nobody
    papers = [Paper(key=f"2501.{n:05d}", title=f"T{n}", authors=[f"Solo {n}", "Both Here"]) for n in range(1, 4)]
    site = Site(_corpus(*papers), SiteOptions(prefix="kb"))
    authors = lambda: [r.url for r in search.records(site) if "/authors/" in r.url]  # noqa: E731
    assert len(authors()) == 4
    monkeypatch.setattr(search, "AUTHOR_RECORDS", 2)
    assert authors() == ["/kb/authors/both-here/"]  # the others are found by their paper's record


def test_search_page_carries_the_archives_facet_counts(monkeypatch):
    from mkdocs_arxdigest.pages import search

    papers = [
        Paper(key="2501.00001", title="A", authors=["X"], topics=["Agents"], categories=["cs.AI"], days=["2025-01-03"]),
        Paper(key="2412.00002", title="B", authors=["X"], topics=["Agents", "Video"], categories=["cs.CV"]),
    ]
    site = Site(_corpus(*papers), SiteOptions(prefix="kb"))
    totals = search.facet_totals(site)
    assert totals["kind"] == {"paper": 2, "author": 1, "topic": 2, "day": 1}
    assert totals["topic"] == {"Agents": 2, "Video": 1} and totals["year"] == {"2024": 1, "2025": 1}
    page = dict(site.pages())["kb/search/index.md"]
    assert 'data-count="every"' in page and '"Agents":2' in page
    monkeypatch.setattr(search, "COUNT_EVERY_QUERY", 1)
    assert 'data-count="button"' in dict(site.pages())["kb/search/index.md"]


def test_search_page_points_at_the_bundle_and_is_left_out_of_material_search():
    site = Site(_corpus(Paper(key="2501.00001", title="T")), SiteOptions(prefix="kb", language="zh"))
    page = dict(site.pages())["kb/search/index.md"]
    assert 'data-bundle="../../kb/pagefind/"' in page and 'data-root="../../"' in page
    assert '"exclude": true' in page.split("---")[1]
    labels = json.loads(re.search(r"data-labels='([^']*)'", page).group(1))
    assert labels["none"] == "没有结果。" and labels["topic_kind"] == "主题"
    assert ("搜索论文", "kb/search/index.md") in site.nav()


def test_no_search_page_when_left_out():
    site = Site(_corpus(Paper(key="2501.00001", title="T")), SiteOptions(kinds=("papers", "authors")))
    assert "search/index.md" not in dict(site.pages()) and all("search" not in src for _, src in site.nav())
