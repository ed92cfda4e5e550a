"""Citation downloads: every file exists, is linked, reads back whole in bibtexparser and rispy, and stays escaped.

Real builds of the seeds (skipped without them) and of a 1k-paper synthetic corpus, plus
unit tests of :mod:`mkdocs_arxdigest.pages.downloads` on hostile input.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware

from mkdocs_arxdigest import Paper, ParseResult, Source, load_corpus
from mkdocs_arxdigest.citations import bibtex
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.pages import Site, SiteOptions, downloads
from mkdocs_arxdigest.standalone import build_tree

from .conftest import ROOT, SEEDS, load_synth, needs_seeds
from .sitebuild import build, write_site

HOSTILE = 'Evil <script>alert(1)</script> {unbalanced \\ 100% } "q" javascript:alert(2)'
_LINK_RE = re.compile(r'<a class="arxdigest-download" href="([^"]*)"(?: download="([^"]*)")?>([^<]*)</a>')


def _hostile_corpus() -> Corpus:
    papers = [
        Paper("2501.00001", title=HOSTILE, authors=["<b>Bob</b> O'Neil", "Zhang, Wei {x}"], topics=["Evil <i>topic"],
              abstract=HOSTILE, days=["2025-01-02"], code_url="javascript:alert(3)"),
        Paper("2501.00002", title="Plain", authors=["<b>Bob</b> O'Neil"], topics=["Evil <i>topic"],
              title_translated="中文 \\ {标题}", days=["2025-01-03"]),
        Paper("2501.00003", title="Lone", authors=["Ann Lee"], days=["2025-01-03"], published="2025-01-01"),
    ]  # fmt: skip
    for i, paper in enumerate(papers):
        paper.sources = [Source("evil.md", i + 1)]
    return Corpus([ParseResult("ai", papers)])


def _count_bib(text: str) -> int:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return len(library.entries)


def _check_file(name: str, data: bytes, papers: int) -> None:
    """A download file holds one entry per paper of its list, in a form its format's reader takes."""
    text = data.decode("utf-8")
    if name.endswith(".bib"):
        assert _count_bib(text) == papers, name
    elif name.endswith(".ris"):
        assert len(rispy.loads(text)) == papers, name
    else:
        items = json.loads(text)
        assert len(items) == papers, name
        for item in items:
            assert item["type"] and item["title"] and isinstance(item["author"], list), (name, item)
            assert item["issued"]["date-parts"][0][0] > 1990, (name, item)


# -- units ----------------------------------------------------------------------------


@pytest.fixture
def hostile_site() -> Site:
    corpus = _hostile_corpus()
    return Site(corpus, SiteOptions())


def test_files_are_planned_written_and_read_back(hostile_site):
    site = hostile_site
    files = downloads.files(site)
    assert [uri for uri, _ in files] == site.asset_uris()[-len(files) :] == downloads.asset_uris(site)
    names = {uri for uri, _ in files}
    assert {"downloads/all-papers.bib", "downloads/all-papers.ris", "downloads/all-papers.json"} <= names
    author = site.corpus.authors["Bob O'Neil"]
    assert f"downloads/authors/{author.slug}.bib" in names  # two papers: a file
    assert not any(f"/{site.corpus.authors['Ann Lee'].slug}." in n for n in names)  # one paper: none
    sizes = {"all-papers": 3, author.slug: 2, site.corpus.topics["Evil topic"].slug: 2, "2025-01-03": 2}
    for uri, data in files:
        stem = uri.rsplit("/", 1)[1].rsplit(".", 1)[0]
        _check_file(uri, data, sizes.get(stem, 1))


def test_the_bib_file_is_the_writer_s_own_text(hostile_site):
    site = hostile_site
    got = dict(downloads.files(site))["downloads/all-papers.bib"].decode()
    assert got == bibtex(site.corpus.newest())  # entries made once per paper, joined as bibtexparser joins them
    library = bibtexparser.parse_string(got, append_middleware=[LatexDecodingMiddleware()])
    titles = [e.fields_dict["title"].value for e in library.entries]
    evil = " ".join(site.corpus.papers["2501.00001"].title.split())  # the corpus took the tags out; { } \ % " left
    assert '{unbalanced \\ 100% } "q"' in evil and evil in titles  # they survive the round trip, escaped by the writer


def test_paper_links_are_data_uris_of_the_same_text(hostile_site):
    site = hostile_site
    paper = site.corpus.papers["2501.00001"]
    links = downloads.paper_links(site, paper)
    assert [link.label for link in links] == ["BibTeX", "RIS", "CSL-JSON"]
    assert [link.filename for link in links] == [f"oneil_2501.00001{ext}" for ext in (".bib", ".ris", ".json")]
    texts = [base64.b64decode(link.url.split(",", 1)[1]).decode() for link in links]
    assert texts[0] == bibtex([paper])
    one_line = " ".join(paper.title.split())
    assert rispy.loads(texts[1])[0]["title"] == one_line
    assert json.loads(texts[2])[0]["title"] == one_line


def test_pages_link_their_downloads_escaped(hostile_site):
    site = hostile_site
    pages = dict(site.pages())
    paper = pages["papers/2501.00001.md"]
    assert (
        "<script>" not in paper
        and "javascript:alert"
        not in paper.split('<code id="bibtex">')[0].split('class="arxdigest-links"')[1].split("</p>")[0]
    )
    links = _LINK_RE.findall(paper)
    assert [label for _, _, label in links] == ["BibTeX", "RIS", "CSL-JSON"]
    assert all(href.startswith("data:") for href, _, _ in links)
    bib_block = html.unescape(paper.split('<code id="bibtex">', 1)[1].split("</code>", 1)[0])
    assert bib_block == base64.b64decode(links[0][0].split(",", 1)[1]).decode()  # the page shows what it gives
    topic = site.corpus.topics["Evil topic"]
    topic_page = pages[f"topics/{topic.slug}.md"]
    assert [h for h, _, _ in _LINK_RE.findall(topic_page)] == [
        f"../../downloads/topics/{topic.slug}{ext}" for ext in (".bib", ".ris", ".json")
    ]
    lone = pages[f"authors/{site.corpus.authors['Ann Lee'].slug}.md"]
    assert {h for h, _, _ in _LINK_RE.findall(lone)} == {"../../papers/2501.00003/#downloads"}
    overview = pages["index.md"]
    assert [h for h, _, _ in _LINK_RE.findall(overview)][0] == "downloads/all-papers.bib"


def test_no_formats_no_files_no_links():
    site = Site(_hostile_corpus(), SiteOptions(downloads=()))
    assert downloads.files(site) == [] and downloads.asset_uris(site) == []
    assert "arxdigest-downloads" not in "".join(md for _, md in site.pages())


def test_files_are_made_again_only_when_their_papers_change(tmp_path):
    """A round after an unchanged one makes no file; a changed paper makes only the files of its lists."""
    kept: dict[str, int] = {}

    def round_(corpus: Corpus) -> list[str]:
        site = Site(corpus, SiteOptions(), cache_dir=tmp_path)
        site.asset_kept = lambda uri, size: kept.get(uri) == size
        made = downloads.files(site)
        kept.update((uri, len(data)) for uri, data in made)
        return [uri for uri, _ in made]

    corpus = _hostile_corpus()
    first = round_(corpus)
    assert (
        len(first) == len(downloads.asset_uris(Site(corpus, SiteOptions()))) and (tmp_path / "downloads.json").is_file()
    )
    assert round_(_hostile_corpus()) == []
    changed = _hostile_corpus()
    paper = next(iter(changed.papers.values()))
    paper.title = "A new title"
    remade = round_(changed)
    assert remade and set(remade) < set(first)
    assert all(uri.endswith((".bib", ".ris", ".json")) for uri in remade)
    kept.clear()  # the files are gone (a cleaned site): made again, whatever the manifest says
    assert sorted(round_(changed)) == sorted(first)


def test_entries_kept_across_rounds_give_the_same_files_and_a_changed_paper_s_anew(tmp_path):
    """The whole knowledge base's files reuse kept entries, byte for byte; an edited paper's entry is made again."""

    def whole(corpus: Corpus) -> dict[str, bytes]:
        site = Site(corpus, SiteOptions(), cache_dir=tmp_path)
        site.asset_kept = lambda uri, size: False  # every file made: the entries alone are kept
        return {uri: data for uri, data in downloads.files(site) if "all-papers" in uri}

    fresh = whole(_hostile_corpus())
    assert (tmp_path / "citations.pickle").is_file() and len(fresh) == 3
    calls = []
    real = downloads.citations.bibtex
    downloads.citations.bibtex = lambda papers: calls.append(papers) or real(papers)
    try:
        assert whole(_hostile_corpus()) == fresh and calls == []  # nothing made again
        changed = _hostile_corpus()
        paper = next(iter(changed.papers.values()))
        paper.title = "A new title"
        remade = whole(changed)
    finally:
        downloads.citations.bibtex = real
    assert [p.key for ps in calls for p in ps] == [paper.key]
    assert "A new title" in remade[next(u for u in remade if u.endswith(".bib"))].decode()
    (tmp_path / "citations.pickle").write_bytes(b"not a pickle")  # a broken cache file: made again, same bytes
    assert whole(changed) == remade


# -- real builds ----------------------------------------------------------------------


def _check_site(site_dir: Path, corpus: Corpus) -> None:
    """Every download file is there, linked from its page, and whole; every paper page's data links read back."""
    files = sorted(p for p in (site_dir / "downloads").rglob("*") if p.is_file())
    expected = {"all-papers": len(corpus.papers)}
    pages = {"all-papers": site_dir / "index.html"}
    for t in corpus.topics.values():
        expected[f"topics/{t.slug}"] = len(t.papers)
        pages[f"topics/{t.slug}"] = site_dir / "topics" / t.slug / "index.html"
    for date, d in corpus.days.items():
        expected[f"days/{date}"] = len(d.papers)
        pages[f"days/{date}"] = site_dir / "days" / date / "index.html"
    for a in corpus.authors.values():
        if len(a.papers) > 1:
            expected[f"authors/{a.slug}"] = len(a.papers)
            pages[f"authors/{a.slug}"] = site_dir / "authors" / a.slug / "index.html"
    assert len(files) == 3 * len(expected)
    linked: dict[Path, set[str]] = {}
    for path in files:
        stem = path.relative_to(site_dir / "downloads").with_suffix("").as_posix()
        _check_file(path.name, path.read_bytes(), expected[stem])
        page = pages[stem]
        if page not in linked:
            linked[page] = {
                str((page.parent / h).resolve()) for h, _, _ in _LINK_RE.findall(page.read_text(encoding="utf-8"))
            }
        assert str(path.resolve()) in linked[page], (stem, page)
    whole = (site_dir / "downloads" / "all-papers.bib").read_text(encoding="utf-8")
    for key, slug in corpus.paper_slugs.items():
        text = (site_dir / "papers" / slug / "index.html").read_text(encoding="utf-8")
        links = _LINK_RE.findall(text)
        assert [label for _, _, label in links] == ["BibTeX", "RIS", "CSL-JSON"], key
        bib, ris_text, csl = (base64.b64decode(h.split(",", 1)[1]).decode() for h, _, _ in links)
        assert _count_bib(bib) == 1 and len(rispy.loads(ris_text)) == 1 and len(json.loads(csl)) == 1, key
        assert bib in whole, key  # a paper's entry is the same in every file it is in


def _digests(site_dir: Path) -> dict[str, str]:
    return {
        p.relative_to(site_dir).as_posix(): hashlib.blake2b(p.read_bytes()).hexdigest()
        for p in sorted((site_dir / "downloads").rglob("*"))
        if p.is_file()
    }


@needs_seeds
def test_seeds_build_has_every_download_linked_and_whole(tmp_path):
    config = write_site(tmp_path, [str(SEEDS)])
    build(config)
    corpus = load_corpus([SEEDS])
    _check_site(tmp_path / "site", corpus)


def test_synthetic_1k_build_twice_byte_identical(tmp_path):
    digests = tmp_path / "digests"
    load_synth().generate(digests, papers=1000, days=10)
    config = write_site(tmp_path, [str(digests)])
    build(config)
    site_dir = tmp_path / "site"
    corpus = load_corpus([digests])
    assert len(corpus.papers) == 1000
    _check_site(site_dir, corpus)
    first = _digests(site_dir)
    store = tmp_path / ".cache" / "pages"  # where the plugin writes them; MkDocs copies them into the site
    assert _digests(store) == first
    stamps = [p for p in (store / "downloads").rglob("*") if p.is_file()]
    for p in stamps:
        os.utime(p, ns=(1_000_000_000, 1_000_000_000))
    build(config, "--dirty")  # every file made again: the same bytes, so none is written
    assert _digests(site_dir) == first
    assert {p.stat().st_mtime_ns for p in stamps} == {1_000_000_000}


def test_standalone_build_writes_the_downloads_too(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: T\nplugins:\n  - arxdigest:\n"
        f"      sources: [{json.dumps(str(ROOT / 'digests'))}]\n      cache_dir: .cache\n      concurrency: 1\n"
        "      prefix: kb\n",
        encoding="utf-8",
    )
    report = build_tree(config)
    docs = tmp_path / "docs"
    assert "kb/downloads/all-papers.bib" in report.files
    corpus = load_corpus([ROOT / "digests"])
    assert _count_bib((docs / "kb/downloads/all-papers.bib").read_text(encoding="utf-8")) == len(corpus.papers)
    assert len(rispy.loads((docs / "kb/downloads/all-papers.ris").read_text(encoding="utf-8"))) == len(corpus.papers)
    again = build_tree(config)
    assert not [f for f in again.written if "downloads/" in f]  # unchanged: not rewritten
