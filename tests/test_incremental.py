"""Incremental builds: unchanged inputs rewrite nothing; a changed digest rewrites only what depends on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mkdocs_arxdigest import load_corpus
from mkdocs_arxdigest.pages import Site, SiteOptions, feed

from .sitebuild import build, write_site

pytestmark = pytest.mark.slow


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()
    }


@pytest.fixture()
def site(tmp_path, table_seed, topic_seed):
    digests = tmp_path / "digests"
    digests.mkdir()
    shutil.copy(table_seed, digests / "table.md")
    shutil.copy(topic_seed, digests / "topics.md")
    config = write_site(tmp_path, ["digests"])
    build(config)
    return tmp_path, config


def test_second_build_rewrites_no_generated_file(site):
    root, config = site
    pages = root / ".cache" / "pages"
    before = snapshot(pages)
    assert len(before) > 250
    out_before = snapshot(root / "site" / "papers")
    build(config, "--dirty")
    assert snapshot(pages) == before
    # --dirty skips every unchanged paper page: the built HTML keeps its mtime.
    assert snapshot(root / "site" / "papers") == out_before


def test_changed_digest_changes_exactly_the_dependent_pages(site):
    root, config = site
    pages = root / ".cache" / "pages"
    before = snapshot(pages)
    digest = root / "digests" / "table.md"
    similar_before = Site(load_corpus([root / "digests"]), SiteOptions()).similar
    old = "ProEdit：基于提示词反演的精准编辑技术"
    digest.write_text(digest.read_text(encoding="utf-8").replace(old, "ProEdit：一个改过的标题"), encoding="utf-8")
    build(config, "--dirty")
    after = snapshot(pages)
    changed = {rel for rel in after if before.get(rel, (0, b""))[1] != after[rel][1]}
    rewritten = {rel for rel in after if before.get(rel, (0, b""))[0] != after[rel][0]}
    assert rewritten == changed  # files with the same bytes keep their mtime

    corpus = load_corpus([root / "digests"])
    key = "2512.22118"
    paper = corpus.papers[key]
    site = Site(corpus, SiteOptions())
    expected = {site.urls.src_uri("papers", key)}
    expected |= {site.urls.src_uri("authors", corpus.authors[a].slug) for a in paper.authors}
    expected |= {site.urls.src_uri("days", d) for d in paper.days}
    expected |= {site.urls.src_uri("overview")}
    for t in paper.topics:
        n = _chronological_page(corpus.topics[t].papers, key)
        expected.add(site.urls.src_uri("topics", corpus.topics[t].slug, n))
    expected.add(site.urls.src_uri("papers", page=_chronological_page([p.key for p in corpus.newest()], key)))
    # Papers that list it among their similar papers (before or after the change) show its title too.
    similar = [similar_before, site.similar]
    related_by = {q for lists in similar for q, entries in lists.items() if key in [s.key for s in entries]}
    src = site.urls.src_uri
    must = {src("papers", key), *(src("authors", corpus.authors[a].slug) for a in paper.authors),
            *(src("days", d) for d in paper.days)}  # fmt: skip
    allowed = expected | {site.urls.src_uri("papers", corpus.paper_slugs[q]) for q in related_by}
    # And the feeds that hold it (the knowledge base's, its topics', its authors').
    allowed |= {uri for f in feed.feeds(Site(corpus, SiteOptions(feeds=feed.FEED_KINDS))) if key in f.keys
                for uri in (f.folder + "feed.xml", f.folder + "feed.json")}  # fmt: skip
    # The citation files of the lists the paper is in (the whole, its topics, days, authors of >1 paper).
    lists = [("", "all-papers"), *(("topics", corpus.topics[t].slug) for t in paper.topics if t in corpus.topics)]
    lists += [("days", d) for d in paper.days] + [("authors", corpus.authors[a].slug) for a in paper.authors]
    allowed |= {f"downloads/{k}/{s}{e}".replace("//", "/") for k, s in lists for e in (".bib", ".ris", ".json")}
    assert must <= changed, must - changed
    assert changed <= allowed, changed - allowed
    html = (root / "site" / "papers" / key / "index.html").read_text(encoding="utf-8")
    assert "ProEdit：一个改过的标题" in html


def _chronological_page(newest_first: list[str], key: str, size: int = 100) -> int:
    """The page of a newest-first listing that shows ``key``: ``page/1`` holds the oldest
    ``size`` entries, and so on; the front page (0) the newest, one to two pages' worth."""
    from_oldest = len(newest_first) - 1 - newest_first.index(key)
    archived = max(0, len(newest_first) // size - 1)
    return 0 if from_oldest >= archived * size else from_oldest // size + 1


@pytest.mark.parametrize("kinds", [None, ["papers", "authors", "topics", "days"]], ids=["all", "no-graph"])
def test_pages_kept_by_fingerprint_equal_a_fresh_build(tmp_path, table_seed, topic_seed, kinds):
    """After a new day that moves an author's slug, a build reusing the cache equals one without it.

    Without graph views, the page of a paper by the author whose slug moves has the same
    context as before: only the link it resolves differs, and the fingerprint must see that.
    """
    digests = tmp_path / "digests"
    digests.mkdir()
    shutil.copy(table_seed, digests / "table.md")
    shutil.copy(topic_seed, digests / "topics.md")
    config = write_site(tmp_path, ["digests"], **({"pages": kinds} if kinds else {}))
    build(config)
    root = tmp_path
    # A new day: a known author's paper, and "SHENGKUN CUI", who sorts before "Shengkun Cui" and
    # takes the slug ``shengkun-cui`` from them: every page linking to Shengkun Cui must change.
    (digests / "new-day.md").write_text(
        "# arxiv 2025-12-30\n\n| 标题 | 作者 | PDF链接 | 摘要 |\n|------|------|--------|------|\n"
        "| 新的一篇扩散模型论文 | Shuoshuo Zhang | [PDF](https://arxiv.org/pdf/2512.23001v1) | 扩散模型的新方法。 |\n"
        "| 另一篇论文 | SHENGKUN CUI | [PDF](https://arxiv.org/pdf/2512.23002v2) | 强化学习。 |\n",
        encoding="utf-8",
    )
    result = build(config)
    assert "kept by fingerprint" in result.stderr and "(0 kept by fingerprint" not in result.stderr
    cached = snapshot(root / "site")
    shutil.rmtree(root / ".cache")
    build(config)
    fresh = snapshot(root / "site")
    assert cached.keys() == fresh.keys()
    differ = sorted(rel for rel in fresh if cached[rel][1] != fresh[rel][1])
    assert not differ, differ[:10]
    moved = (root / "site" / "papers" / "2512.22113" / "index.html").read_text(encoding="utf-8")
    assert "../../authors/shengkun-cui-" in moved  # the slug did move
