"""The search index made from records (the corpus), not from written pages: content, determinism, cache, rebuilds."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import cbor2
import pytest

from mkdocs_arxdigest import Paper, ParseResult
from mkdocs_arxdigest.build import search as search_module
from mkdocs_arxdigest.build import search_bytes
from mkdocs_arxdigest.build.search import place_bundle, prepare_bundle, records_key, write_search_bundle
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.pages import Site, SiteOptions
from mkdocs_arxdigest.pages.search import records

pytest.importorskip("pagefind.service", reason="pagefind is not installed")


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


def test_same_records_from_an_empty_cache_give_a_byte_identical_bundle(two_builds):
    a, b = (_files(x) for x in two_builds)
    assert len(a) == 47 and len([n for n in a if n.startswith("filter/")]) == 5  # kind author topic year category
    assert sorted(a) == sorted(b)  # the same names
    assert [n for n in a if a[n] != b[n]] == []  # the same bytes


def test_filter_values_and_meta_lists_are_in_sorted_order(two_builds):
    bundle = two_builds[0]
    entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
    meta = search_bytes._read(bundle / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta")
    filters = meta[3]
    assert [f[0] for f in filters] == ["author", "category", "kind", "topic", "year"]
    for name, file_hash in filters:
        values = search_bytes._read(bundle / "filter" / f"{file_hash}.pf_filter")
        assert values[0] == name and [v[0] for v in values[1]] == sorted(v[0] for v in values[1])
        assert all(v[1] == sorted(v[1]) for v in values[1])
    kinds = dict(search_bytes._read(bundle / "filter" / f"{dict(filters)['kind']}.pf_filter")[1])
    assert sorted(kinds) == ["author", "day", "paper", "topic"] and len(kinds["paper"]) == 12
    assert [s[0] for s in meta[4]] == ["date"]


def _scramble(bundle: Path, *sorts: list) -> None:
    """Rewrite a bundle as Pagefind might on another run: filter values, filters, sorts (and ``sorts``) reversed."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_bytes())
    info = entry["languages"]["zh"]
    meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
    meta = search_bytes._read(meta_path)
    renamed = []
    for name, file_hash in meta[3]:
        path = bundle / "filter" / f"{file_hash}.pf_filter"
        values = search_bytes._read(path)
        body = cbor2.dumps([values[0], values[1][::-1]])
        path.unlink()
        new_hash = f"zh_{search_bytes._pagefind_hash(body)[:7]}"
        (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(gzip.compress(search_bytes.SIGNATURE + body, 6))
        renamed.append([name, new_hash])
    meta[3], meta[4] = renamed[::-1], [*meta[4], *sorts][::-1]
    body = cbor2.dumps(meta)
    meta_path.unlink()
    info["hash"] = f"zh_{search_bytes._pagefind_hash(body)[:10]}"
    (bundle / f"pagefind.{info['hash']}.pf_meta").write_bytes(gzip.compress(search_bytes.SIGNATURE + body))
    entry_path.write_text(json.dumps(entry), encoding="utf-8")


def test_a_bundle_in_another_order_is_put_back_in_the_same_bytes(two_builds, tmp_path: Path):
    """Not left to Pagefind's hash maps: a bundle written in another order is rewritten to the same bytes."""
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(two_builds[0], a)
    _scramble(a, ["zz", [3, 1, 2]])
    shutil.copytree(a, b)
    _scramble(b)  # reversed twice: the values in Pagefind's order again, gzipped at another level
    assert _files(a) != _files(b) and _files(a) != _files(two_builds[0])
    assert search_bytes.canonicalise_bundle(a) and search_bytes.canonicalise_bundle(b)
    assert _files(a) == _files(b)
    entry = json.loads((a / "pagefind-entry.json").read_bytes())
    meta = search_bytes._read(a / f"pagefind.{entry['languages']['zh']['hash']}.pf_meta")
    assert [s[0] for s in meta[4]] == ["date", "zz"] and meta[4][1][1] == [3, 1, 2]  # a sort's own order is kept
    assert {n: v for n, v in _files(a).items() if "pf_meta" not in n and "entry" not in n} == {
        n: v for n, v in _files(two_builds[0]).items() if "pf_meta" not in n and "entry" not in n
    }  # the same filter files as the bundle's own (the meta differs by the added sort)
    assert search_bytes.canonicalise_bundle(a) and _files(a) == _files(b)  # canonical stays canonical


def test_names_keep_pagefinds_shape_and_hash(monkeypatch, tmp_path: Path):
    """Pagefind's own names are its hash of the content: the rewritten names are made the same way."""
    monkeypatch.setattr(search_module, "canonicalise_bundle", lambda bundle: True)
    raw = tmp_path / "raw"
    assert not write_search_bundle(_site(*PAPERS), raw).errors
    entry = json.loads((raw / "pagefind-entry.json").read_bytes())
    metas = list(raw.glob("pagefind.*.pf_meta"))
    assert [m.name for m in metas] == [f"pagefind.{entry['languages']['zh']['hash']}.pf_meta"]
    for path, length in [(metas[0], 10), *((p, 7) for p in (raw / "filter").iterdir())]:
        body = gzip.decompress(path.read_bytes())[len(search_bytes.SIGNATURE) :]
        assert path.name.split(".")[-2] == f"zh_{search_bytes._pagefind_hash(body)[:length]}", path.name
        assert cbor2.dumps(cbor2.loads(body)) == body  # cbor2 writes Pagefind's CBOR back byte for byte


def test_a_bundle_of_another_shape_is_left_as_it_was(two_builds, tmp_path: Path):
    bundle = tmp_path / "b"
    shutil.copytree(two_builds[0], bundle)
    victim = next((bundle / "filter").iterdir())
    victim.write_bytes(gzip.compress(search_bytes.SIGNATURE + cbor2.dumps({"not": "a filter"})))
    before = _files(bundle)
    assert not search_bytes.canonicalise_bundle(bundle) and _files(bundle) == before
    victim.write_bytes(b"not gzip")
    before = _files(bundle)
    assert not search_bytes.canonicalise_bundle(bundle) and _files(bundle) == before
    (bundle / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    assert not search_bytes.canonicalise_bundle(bundle)


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
