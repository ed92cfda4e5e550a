"""Watched keywords on the site: a page per keyword, newest first and paged, marked papers in every list.

Rendered from :class:`~mkdocs_arxdigest.pages.Site` directly (no MkDocs); the real builds are in
``test_feeds_site.py``.
"""

from __future__ import annotations

import re

from mkdocs_arxdigest import Paper, load_corpus
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.pages import Site, SiteOptions
from mkdocs_arxdigest.pages.watch import mark
from mkdocs_arxdigest.parsers import ParseResult
from mkdocs_arxdigest.reading import watch_text

FEEDS = ("all", "topics", "authors", "watch")


def _papers() -> list[Paper]:
    return [
        Paper("2501.00001", title="Diffusion Policy for robots", authors=["Ann Lee"], days=["2025-01-02"]),
        Paper("2501.00002", title="GPT-4o agents", authors=["Bo Chen"], days=["2025-01-05"], abstract="An agent."),
        Paper("2501.00003", title="Latent diffusion, again", authors=["Ann Lee"], days=["2025-01-04"]),
        Paper("2501.00004", title="Nothing to see", authors=["Cy Dee"], days=["2025-01-05"], abstract="Prediffusion."),
        Paper("2501.00005", title="<script>alert(1)</script> diffusion", authors=["Eve"], days=["2025-01-03"]),
    ]


def _site(watch=(), page_size=100, feeds=()) -> Site:
    corpus = Corpus([ParseResult("ai_enhanced", _papers())])
    return Site(corpus, SiteOptions(watch=watch, page_size=page_size, feeds=feeds, kinds=("authors", "topics", "days")))


def test_watch_page_lists_matches_newest_first_with_feeds():
    site = _site(["diffusion", "re:GPT|(?i:agent)"], feeds=FEEDS)
    pages = dict(site.pages())
    page = pages["watch/diffusion.md"]
    keys = re.findall(r"<code>(2501\.\d+)</code>", page)
    assert keys == ["2501.00003", "2501.00005", "2501.00001"]  # 01-04, 01-03, 01-02: newest first
    assert "Nothing to see" not in page  # "Prediffusion": not at the start of a word
    assert "<script>" not in page
    assert 'href="../../watch/diffusion/feed.xml"' in page and "<!--arxdigest-meta--><link rel=" in page
    regex = pages["watch/re-gpt-i-agent.md"]
    assert "<mark>GPT</mark>-4o <mark>agent</mark>s" in regex and "Diffusion Policy" not in regex
    index = pages["watch/index.md"]
    assert 'href="../watch/diffusion/"' in index and 'href="../watch/re-gpt-i-agent/"' in index
    assert ("Watched keywords", "watch/index.md") in site.nav()


def test_one_keyword_needs_no_index_and_its_page_is_in_the_nav():
    site = _site(["diffusion"])
    pages = dict(site.pages())
    assert "watch/index.md" not in pages and "watch/diffusion.md" in pages
    assert ("Watched keyword", "watch/diffusion.md") in site.nav()
    assert "feed.xml" not in pages["watch/diffusion.md"]  # feeds off: no feed links


def test_watch_pages_are_paged_like_topics():
    site = _site(["diffusion"], page_size=1)
    pages = dict(site.pages())
    assert {"watch/diffusion.md", "watch/diffusion/page/1.md", "watch/diffusion/page/2.md"} <= set(pages)
    assert "<mark>Diffusion</mark> Policy" in pages["watch/diffusion/page/1.md"]  # page 1 holds the oldest


def test_matching_papers_are_marked_in_every_list():
    site = _site(["diffusion"])
    pages = dict(site.pages())
    day = pages["days/2025-01-04.md"]
    assert 'class="arxdigest-paper arxdigest-paper--watched"' in day
    assert "Latent <mark>diffusion</mark>, again" in day
    assert 'class="arxdigest-badge arxdigest-badge--watch" href="../../watch/diffusion/">diffusion</a>' in day
    other = pages["days/2025-01-05.md"]
    assert "arxdigest-paper--watched" not in other and "<mark>" not in other
    assert "alert(1)" not in pages["papers/index.md"]  # the corpus drops a script; the rest is marked
    assert re.search(r'href="\.\./papers/2501\.00005/">[^<]*<mark>diffusion</mark></a>', pages["papers/index.md"])


def test_mark_escapes_and_follows_the_matching_rules():
    assert mark("<b>Diffusion</b> prediffusion 扩散模型", ["diffusion", "扩散"]) == (
        "&lt;b&gt;<mark>Diffusion</mark>&lt;/b&gt; prediffusion <mark>扩散</mark>模型"
    )
    assert mark("GPT and gpt", ["re:GPT"]) == "<mark>GPT</mark> and gpt"
    assert mark("any text", ["re:(?=x)"]) == "any text"  # an empty match marks nothing


def test_no_watch_changes_no_page(seeds_dir):
    """``watch: []`` and a keyword that matches nothing give the same pages (but the keyword's own)."""
    corpus = load_corpus([seeds_dir])
    plain = dict(Site(corpus, SiteOptions()).pages())
    unmatched = dict(Site(corpus, SiteOptions(watch=("zzqx-nothing",))).pages())
    assert set(unmatched) - set(plain) == {"watch/zzqx-nothing.md"}
    assert all(plain[uri] == unmatched[uri] for uri in plain)
    assert not any("arxdigest-paper--watched" in md or "<mark>" in md for md in plain.values())


def test_chinese_keyword_on_the_seeds(seeds_dir):
    corpus = load_corpus([seeds_dir])
    site = Site(corpus, SiteOptions(watch=("扩散", "re:(?i:diffusion)")))
    keys = site.watch_matches["扩散"]
    assert len(keys) > 10
    assert all("扩散" in watch_text(corpus.papers[k]) for k in keys)
    missed = [k for k, p in corpus.papers.items() if "扩散" in watch_text(p) and k not in keys]
    assert not missed
    dates = [corpus.papers[k].date for k in keys]
    assert dates == sorted(dates, reverse=True)
    pages = dict(site.pages())
    page = pages["watch/扩散.md"]
    titles = re.findall(r'class="arxdigest-paper__title" href="\.\./\.\./papers/([^/]+)/"', page)
    assert titles == [corpus.paper_slugs[k] for k in keys[: len(titles)]] and titles
    assert any(
        'arxdigest-badge--watch" href="../../watch/扩散/">扩散</a>' in pages[f"days/{d}.md"] for d in corpus.days
    )
    assert site.watch_matches["re:(?i:diffusion)"]  # a regular expression, case-insensitive
