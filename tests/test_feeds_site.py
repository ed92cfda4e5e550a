"""Feeds in real builds: every feed there, each valid Atom / JSON Feed, linked from its page, escaped, stable.

A build of the samples (with watched keywords, ``site_url`` set), of a 1k-paper synthetic corpus
(no ``site_url``: relative links, arXiv URLs as entry ids), and of a hostile digest. Atom is read
with ``lxml`` (the required elements of RFC 4287) and with ``feedparser`` (what feed readers use);
JSON Feed with :mod:`json` against the 1.1 spec's required fields.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from mkdocs_arxdigest import load_corpus
from mkdocs_arxdigest.feeds import JSON_FEED_VERSION

from .conftest import load_synth
from .sitebuild import build, resolve, write_site

feedparser = pytest.importorskip("feedparser", reason="the feed tests read feeds as readers do: pip install feedparser")
from lxml import etree  # noqa: E402  (feedgen depends on lxml)

pytestmark = pytest.mark.slow

A = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://kb.example/base/"
WATCH = ["diffusion", "扩散", "re:(?i:agent)"]
_LINK_RE = re.compile(r'<link rel="alternate feed" type="(application/[a-z+]+)" title="[^"]*" href="([^"]*)">')


def _with_site_url(config: Path, url: str) -> Path:
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["site_url"] = url
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory, all_seeds):
    root = tmp_path_factory.mktemp("feeds-seeds")
    config = _with_site_url(write_site(root, all_seeds, watch=WATCH), SITE_URL)
    build(config, "--strict")
    return root, config, load_corpus(all_seeds)


@pytest.fixture(scope="module")
def synth_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds-synth")
    load_synth().generate(root / "digests", papers=1000, days=6, seed=5)
    config = write_site(root, [root / "digests"], watch=["diffusion", "re:(?i:reinforcement learning)"])
    build(config)
    return root, load_corpus([root / "digests"])


def expected_feeds(corpus, watch_slugs: list[str]) -> list[str]:
    """The folder of every feed the build must have written."""
    folders = [""] + [f"topics/{t.slug}/" for t in corpus.topics.values()]
    folders += [f"authors/{a.slug}/" for a in corpus.authors.values() if len(a.papers) > 1]
    return folders + [f"watch/{s}/" for s in watch_slugs]


def check_atom(path: Path, site_url: str, limit: int = 20) -> etree._Element:
    """An Atom feed with RFC 4287's required elements, read without complaint by feedparser; its root."""
    data = path.read_bytes()
    root = etree.fromstring(data)
    assert root.tag == f"{A}feed", path
    for name in ("id", "title", "updated"):
        assert (root.findtext(f"{A}{name}") or "").strip(), (path, name)
    entries = root.findall(f"{A}entry")
    assert 1 <= len(entries) <= limit, path
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{A}{name}") or "").strip(), (path, name)
        rels = {link.get("rel"): link.get("href") for link in entry.findall(f"{A}link")}
        assert set(rels) == {"alternate", "related"}, (path, rels)
        assert rels["related"].startswith(("https://arxiv.org/", "https://doi.org/", "http://arxiv.org/")), rels
        if site_url:
            assert entry.findtext(f"{A}id") == rels["alternate"] and rels["alternate"].startswith(site_url)
        else:
            assert entry.findtext(f"{A}id") == rels["related"]  # an absolute id, never a relative link
    dates = [e.findtext(f"{A}updated") for e in entries]
    assert dates == sorted(dates, reverse=True), path  # newest first
    assert root.findtext(f"{A}updated") == dates[0]  # from the data, not the clock
    parsed = feedparser.parse(data)
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    assert parsed.version == "atom10" and len(parsed.entries) == len(entries)
    return root


def check_json(path: Path, site_url: str) -> dict:
    """A JSON Feed 1.1 document: version, title, items each with an id and a content."""
    feed = json.loads(path.read_bytes())
    assert feed["version"] == JSON_FEED_VERSION and feed["title"].strip(), path
    assert isinstance(feed["items"], list) and feed["items"], path
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"], path
        assert item.get("content_text") or item.get("content_html"), path
        assert item["external_url"].startswith(("https://", "http://"))
    if site_url:
        assert feed["feed_url"].startswith(site_url) and feed["feed_url"].endswith("/feed.json"), path
    return feed


def test_seeds_have_every_feed_valid(seeds_build):
    root, _, corpus = seeds_build
    site = root / "site"
    slugs = sorted(p.name for p in (site / "watch").iterdir() if p.is_dir())
    assert slugs == sorted(["diffusion", "扩散", "re-i-agent"])
    folders = expected_feeds(corpus, slugs)
    assert len(folders) > 300
    for folder in folders:
        atom = check_atom(site / folder / "feed.xml", SITE_URL)
        feed = check_json(site / folder / "feed.json", SITE_URL)
        ids = [e.findtext(f"{A}id") for e in atom.findall(f"{A}entry")]
        assert ids == [item["id"] for item in feed["items"]], folder  # the same papers, in the same order
        for item in feed["items"]:  # every entry links a page of this site
            page = site / item["url"][len(SITE_URL) :] / "index.html"
            assert page.is_file(), item["url"]
    singles = [a for a in corpus.authors.values() if len(a.papers) == 1]
    assert singles and not any((site / "authors" / a.slug / "feed.xml").exists() for a in singles[:50])


def test_seeds_pages_link_their_feeds_in_head_and_visibly(seeds_build):
    root, _, corpus = seeds_build
    site = root / "site"
    topic = next(iter(corpus.topics.values()))
    author = next(a for a in corpus.authors.values() if len(a.papers) > 1)
    single = next(a for a in corpus.authors.values() if len(a.papers) == 1)
    pages = {
        "index.html": "", "papers/index.html": "", f"topics/{topic.slug}/index.html": f"topics/{topic.slug}/",
        f"authors/{author.slug}/index.html": f"authors/{author.slug}/", "watch/扩散/index.html": "watch/扩散/",
    }  # fmt: skip
    for name, folder in pages.items():
        page = site / name
        html = page.read_text(encoding="utf-8")
        head, body = html.split("</head>", 1)
        links = _LINK_RE.findall(head)
        assert [t for t, _ in links] == ["application/atom+xml", "application/feed+json"], name
        for _, href in links:
            target = resolve(site, page, href)
            assert target.is_file() and target == (site / folder / Path(href).name).resolve(), (name, href)
        assert "arxdigest-meta" not in html and not _LINK_RE.search(body), name  # hoisted whole
        assert 'class="arxdigest-feed" href=' in body, name  # and linked visibly
    html = (site / "authors" / single.slug / "index.html").read_text(encoding="utf-8")
    assert "application/atom+xml" not in html and "arxdigest-feeds" not in html


def test_two_builds_are_byte_identical(seeds_build, tmp_path):
    root, config, _ = seeds_build
    first = root / "site"
    shutil.rmtree(root / ".cache")  # from nothing, not from the first build's cache
    build(config, "--site-dir", str(tmp_path / "again"))
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.suffix in (".xml", ".json", ".html"))
    assert len([n for n in names if n.endswith("feed.xml")]) > 300
    for name in names:
        if name in ("sitemap.xml", "search/search_index.json"):
            continue
        assert (first / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def test_synthetic_1k_has_every_feed_valid_without_site_url(synth_build):
    root, corpus = synth_build
    site = root / "site"
    assert len(corpus.papers) == 1000
    slugs = sorted(p.name for p in (site / "watch").iterdir() if p.is_dir())
    assert len(slugs) == 2
    folders = expected_feeds(corpus, slugs)
    assert sum(f.startswith("authors/") for f in folders) > 50
    for folder in folders:
        atom = check_atom(site / folder / "feed.xml", "")
        assert atom.findtext(f"{A}id").startswith("urn:arxdigest:")
        for link in atom.iter(f"{A}link"):  # relative links resolve from the feed's own folder
            href = link.get("href")
            if not href.startswith("http"):
                assert resolve(site, site / folder / "feed.xml", href).exists(), (folder, href)
        feed = check_json(site / folder / "feed.json", "")
        assert "feed_url" not in feed  # never a relative URL where the spec wants one
    newest = json.loads((site / "feed.json").read_bytes())["items"]
    assert len(newest) == 20


HOSTILE = """# arxiv 2025-01-02

| 标题 | 作者 | PDF链接 | 摘要 |
|------|------|--------|------|
| <script>alert(1)</script> Diffusion <think> | Eve <img src=x onerror=alert(1)> | {pdf}1v1) | javascript:alert(2) |
| Diffusion again [x](javascript:alert(3)) | Eve <img src=x onerror=alert(1)> | {pdf}2v1) | Plain <think> text. |
""".format(pdf="[PDF](https://arxiv.org/pdf/2501.0000")


def test_hostile_titles_are_escaped_in_feeds_and_pages(tmp_path):
    (tmp_path / "digests").mkdir()
    (tmp_path / "digests" / "2025-01-02.md").write_text(HOSTILE, encoding="utf-8")
    config = _with_site_url(write_site(tmp_path, ["digests"], watch=["diffusion", "re:<think>"]), SITE_URL)
    build(config)
    site = tmp_path / "site"
    feeds = sorted(site.rglob("feed.xml")) + sorted(site.rglob("feed.json"))
    assert len(feeds) >= 8  # the knowledge base, a topic, Eve, two keywords: Atom and JSON each
    for path in feeds:
        data = path.read_bytes()
        assert b"<script" not in data and b"<img" not in data and b"<think>" not in data, path
        assert not re.search(rb"(?i)javascript:", data), path
        if path.suffix == ".xml":
            check_atom(path, SITE_URL)
    titles = [e.findtext(f"{A}title") for e in etree.fromstring((site / "feed.xml").read_bytes()).iter(f"{A}entry")]
    assert any("<think>" in t for t in titles)  # a literal token is text, kept
    for page in [site / "watch" / "index.html", *site.glob("watch/*/index.html"), site / "index.html"]:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<think>" not in html and "javascript:alert" not in html, page
    watch = (site / "watch" / "re-think" / "index.html").read_text(encoding="utf-8")
    assert "re:&lt;think&gt;" in watch and "<mark>&lt;think&gt;</mark>" in watch
