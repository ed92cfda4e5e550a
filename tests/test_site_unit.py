"""Page generation without MkDocs: URLs, escaping, HTML stashing, BibTeX."""

from __future__ import annotations

import pytest

from mkdocs_arxdigest import Paper, load_corpus
from mkdocs_arxdigest.site import Site, SiteOptions, bibtex, md_escape, restore_deferred, stash_html, unstash_html


def test_stash_keeps_headings_for_markdown_and_html_out_of_it():
    md = "<div>a</div>\n\n## Heading { x }\n<ol>\n<li>1</li>\n</ol>\n## Next\n\ntext *em*"
    stashed, blocks = stash_html(md)
    assert blocks == ["<div>a</div>", "<ol>\n<li>1</li>\n</ol>"]
    assert stashed == "ARXDIGEST000000\n\n## Heading { x }\n\nARXDIGEST000001\n\n## Next\n\ntext *em*"
    html = "<p>ARXDIGEST000000</p><h2>Heading</h2><p>ARXDIGEST000001</p>"
    assert unstash_html(html, blocks) == "<div>a</div><h2>Heading</h2><ol>\n<li>1</li>\n</ol>"


def test_excluded_blocks_wait_until_search_has_read_the_page():
    blocks = ['<div data-search-exclude class="x">secret</div>', "<p>kept</p>"]
    html = unstash_html("<p>ARXDIGEST000000</p><p>ARXDIGEST000001</p>", blocks, defer_excluded=True)
    assert "secret" not in html and "<p>kept</p>" in html
    assert restore_deferred(html, blocks) == blocks[0] + blocks[1]


def test_restored_text_is_never_scanned_again():
    blocks = ["<p>ARXDIGEST000001</p>", "<script>"]
    assert unstash_html("<p>ARXDIGEST000000</p>", blocks) == "<p>ARXDIGEST000001</p>"


def test_md_escape():
    assert md_escape("[x](javascript:alert(1)) *a* <b>") == r"\[x\]\(javascript:alert\(1\)\) \*a\* &lt;b&gt;"


@pytest.mark.parametrize(
    "directory, expected",
    [(True, ["papers/2512.22120/", "papers/", "papers/page/2/", "", "topics/x/page/3/"]),
     (False, ["papers/2512.22120.html", "papers/index.html", "papers/page/2.html", "index.html",
              "topics/x/page/3.html"])],
)  # fmt: skip
def test_urls(directory, expected):
    site = Site(load_corpus([]), SiteOptions(use_directory_urls=directory))
    got = [site.url("papers", "2512.22120"), site.url("papers"), site.url("papers", page=2), site.url("overview"),
           site.url("topics", "x", 3)]  # fmt: skip
    assert got == expected


def test_bibtex():
    paper = Paper(key="2512.20735", title="VL4Gaze: {Unleashing} VLMs", authors=["Shijing Wang", "Bin Hu"])
    entry = bibtex(paper)
    assert entry.startswith("@misc{wang2025gaze,")
    assert "author = {Shijing Wang and Bin Hu}" in entry and "{Unleashing}" not in entry
    assert "eprint = {2512.20735}" in entry
    first_only = bibtex(Paper(key="hep-th/9901001", title="Old", authors=["E. Witten"], authors_complete=False))
    assert "and others" in first_only and "year = {1999}" in first_only


def test_table_sample_pages(table_seed):
    site = Site(load_corpus(table_seed))
    pages = dict(site.pages())
    assert len([p for p in pages if p.startswith("papers/") and "index" not in p and "/page/" not in p]) == 10
    page = pages["papers/2512.22120.md"]
    assert page.startswith('---\n{"title": "见少识广：双向感知塑造在多模态推理中的应用"}\n---\n')
    assert "first author only" in page
