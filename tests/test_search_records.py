"""The search index made from records (the corpus), not from written pages: content, determinism, cache, rebuilds."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from pathlib import Path

import pytest

from mkdocs_arxdigest import Paper, ParseResult
from mkdocs_arxdigest.build.search import place_bundle, prepare_bundle, records_key, write_search_bundle
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.pages import Site, SiteOptions
from mkdocs_arxdigest.pages.search import records

pytest.importorskip("pagefind.service", reason="pagefind is not installed")

#: The files Pagefind 1.5.2 writes in a different byte order from run to run (its filter values
#: come out of a hash map), and the two that name them by content hash.
VARYING = re.compile(r"^(filter/.*\.pf_filter|pagefind\.zh_[0-9a-f]+\.pf_meta|pagefind-entry\.json)$")


def _paper(n: int, **fields) -> Paper:
    base = dict(
        key=f"2501.{n:05d}", title=f"Paper {n} on diffusion", title_translated=f"论文{n}：扩散模型",
        authors=[f"Author {n}", "Shared Person"], categories=["cs.CV"], topics=["Diffusion Models"],
        days=[f"2025-01-{1 + n % 3:02d}"], tldr=f"tldr {n}", abstract=f"Abstract {n}.", abstract_translated="摘要。",
    )  # fmt: skip
    base.update(fields)
    return Paper(**base)


def _site(*papers: Paper, **options) -> Site:
    return Site(Corpus([ParseResult("ai_enhanced", list(papers))]), SiteOptions(prefix="kb", **options))


def _files(bundle: Path) -> dict[str, bytes]:
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


def _text(bundle: Path, folder: str) -> bytes:
    """Every file of a bundle folder, decompressed, together (words and URLs are plain UTF-8 in them)."""
    return b"".join(gzip.decompress(p.read_bytes()) for p in sorted((bundle / folder).iterdir()))


PAPERS = [_paper(n) for n in range(1, 13)]


# -- the records -----------------------------------------------------------------------------------


def test_records_are_sorted_and_cover_papers_authors_topics_days():
    recs = records(_site(*PAPERS))
    urls = [r.url for r in recs]
    assert urls == sorted(urls) and len(set(urls)) == len(urls)
    assert "/kb/papers/2501.00001/" in urls and "/kb/authors/shared-person/" in urls
    assert "/kb/topics/diffusion-models/" in urls and "/kb/days/2025-01-02/" in urls
    assert not any("/search/" in u or u.endswith("/papers/") for u in urls)  # no listing, no search page
    assert len(recs) == 12 + 13 + 1 + 3


def test_a_paper_record_holds_every_indexed_field_escaped():
    paper = _paper(
        1, title="Diffusion <script>alert(1)</script> x < y & co", tldr="<think>kept</think>", motivation="why",
        method="how", result="what", conclusion="so", authors=[f"A{i}" for i in range(10)],
        abstract='<a href="javascript:x">abs</a>',
    )  # fmt: skip
    html = dict(records(_site(paper)))["/kb/papers/2501.00001/"]
    assert "<script>" not in html and "<think>" not in html and 'href="javascript' not in html
    assert "&lt;think&gt;kept&lt;/think&gt;" in html  # a literal <think> is text: kept, escaped
    assert (
        '<h1 data-pagefind-meta="title" data-pagefind-weight="10">Diffusion' in html
        and "x &lt; y &amp; co</h1>" in html
    )
    assert '<p data-pagefind-weight="8">论文1：扩散模型</p>' in html
    for text in ("why", "how", "what", "so", "摘要。", ">abs<"):
        assert text in html, text
    assert re.findall(r'data-pagefind-filter="author">([^<]*)<', html) == [f"A{i}" for i in range(10)]
    assert '<span data-pagefind-meta="authors">A0, A1, A2, A3, A4, A5, A6, A7, … (+2)</span>' in html
    assert '<span data-pagefind-filter="year">2025</span>' in html and 'data-pagefind-filter="category">cs.CV<' in html
    assert '<span data-pagefind-meta="date" data-pagefind-sort="date">2025-01-02</span>' in html


def test_name_records_are_light_and_urls_follow_use_directory_urls():
    recs = dict(records(_site(*PAPERS, use_directory_urls=False)))
    author = recs["/kb/authors/shared-person.html"]
    assert 'data-pagefind-weight="0.5"' in author and ">Shared Person</p>" in author and 'kind">author<' in author
    assert 'data-pagefind-sort="date">2025-01-01</p>' in recs["/kb/days/2025-01-01.html"]
    assert "/kb/papers/2501.00001.html" in recs
    no_authors = dict(records(_site(*PAPERS, kinds=("papers", "topics", "search"))))
    assert not any("/authors/" in u or "/days/" in u for u in no_authors)


# -- the bundle --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("bundles")
    site = _site(*PAPERS)
    for name in ("a", "b"):
        report = write_search_bundle(site, root / name / "kb" / "pagefind")
        assert not report.errors and report.pages == 29
    return root / "a" / "kb" / "pagefind", root / "b" / "kb" / "pagefind"


def test_same_records_give_the_same_bundle_but_for_pagefinds_filter_order(two_builds):
    a, b = (_files(x) for x in two_builds)
    assert sorted(a) != [] and set(a) - set(b) == {n for n in a if VARYING.match(n) and n not in b}
    differing = {n for n in set(a) | set(b) if a.get(n) != b.get(n)}
    assert all(VARYING.match(n) for n in differing), sorted(differing)
    for folder in ("fragment", "index"):  # the words and the results' text: byte for byte
        assert {n: v for n, v in a.items() if n.startswith(folder)} == {
            n: v for n, v in b.items() if n.startswith(folder)
        }
    # what varies is the order of values, not the values: the same bytes, in another order
    filters = [sorted(_text(x, "filter")) for x in two_builds]
    assert filters[0] == filters[1]


def test_the_bundle_is_complete_and_finds_paper_fields(two_builds):
    bundle = two_builds[0]
    files = _files(bundle)
    for name in ("pagefind.js", "pagefind-entry.json", "wasm.unknown.pagefind", "pagefind-worker.js"):
        assert name in files and files[name], name
    assert len([n for n in files if n.startswith("fragment/")]) == 29
    words = _text(bundle, "index")
    for word in ("diffusion", "扩散", "shared", "abstract"):
        assert word.encode() in words, word
    assert b'"url":"/kb/papers/2501.00007/"' in _text(bundle, "fragment")


def test_unchanged_records_reuse_the_cached_bundle(tmp_path: Path):
    recs = records(_site(*PAPERS))
    first = prepare_bundle(recs, tmp_path / "cache")
    assert not first.reused and not first.errors and first.bundle.name == records_key(recs, "zh")
    again = prepare_bundle(records(_site(*PAPERS)), tmp_path / "cache")
    assert again.reused and again.bundle == first.bundle and again.seconds < first.seconds
    out = tmp_path / "site" / "kb" / "pagefind"
    place_bundle(again.bundle, out)
    entry = (out / "pagefind-entry.json").stat()
    place_bundle(again.bundle, out)  # already there: nothing written
    assert (out / "pagefind-entry.json").stat().st_ino == entry.st_ino
    assert _files(out) == _files(first.bundle)
    assert sorted(p.name for p in out.parent.iterdir()) == ["pagefind"]  # no .new / .old left


def test_a_rebuild_after_a_new_day_finds_the_new_paper(tmp_path: Path):
    cache, out = tmp_path / "cache", tmp_path / "site" / "kb" / "pagefind"
    before = write_search_bundle(_site(*PAPERS), out, cache_dir=cache)
    assert b"quokkaline" not in _text(out, "index")
    new = _paper(99, days=["2025-01-09"], abstract="The quokkaline effect.")
    after = write_search_bundle(_site(*PAPERS, new), out, cache_dir=cache)
    assert not after.reused and after.pages == before.pages + 3  # the paper, its author, its day
    assert b"quokkaline" in _text(out, "index")
    assert b'"url":"/kb/papers/2501.00099/"' in _text(out, "fragment")
    assert [p.name for p in (cache / "search").iterdir()] == [
        after_key := records_key(records(_site(*PAPERS, new)), "zh")
    ]
    assert after_key != records_key(records(_site(*PAPERS)), "zh")
    assert os.path.samefile(out / "pagefind-entry.json", cache / "search" / after_key / "pagefind-entry.json")


def test_records_key_changes_with_any_record():
    recs = records(_site(*PAPERS))
    assert records_key(recs, "zh") == records_key(list(recs), "zh")
    assert records_key(recs, "zh") != records_key(recs[:-1], "zh") != records_key(recs, "en")
    changed = [recs[0]._replace(html=recs[0].html + " "), *recs[1:]]
    assert records_key(changed, "zh") != records_key(recs, "zh")
    assert hashlib.sha256  # the key is a hash, not the records
