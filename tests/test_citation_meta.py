"""Citation meta tags: every paper page of a real build carries them in <head>, one citation_author per author."""

from __future__ import annotations

import re
from html import unescape

from mkdocs_arxdigest import load_corpus
from mkdocs_arxdigest.mkdocs_helpers import META_END, META_START, hoist_meta

from .conftest import SEEDS, needs_seeds
from .sitebuild import build, write_site

_META_RE = re.compile(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">')


def test_hoist_meta_moves_the_marked_block_into_head():
    html = f"<html><head><title>x</title></head><body><p>a</p>{META_START}<meta name=n>{META_END}<p>b</p></body>"
    out = hoist_meta(html)
    assert out == "<html><head><title>x</title><meta name=n>\n</head><body><p>a</p><p>b</p></body>"
    assert hoist_meta("<html><body>plain</body></html>") == "<html><body>plain</body></html>"


@needs_seeds
def test_every_paper_page_has_one_citation_author_per_author_in_head(tmp_path):
    config = write_site(tmp_path, [str(SEEDS)])
    build(config)
    corpus = load_corpus([SEEDS])
    assert corpus.papers
    for key, paper in corpus.papers.items():
        html = (tmp_path / "site" / "papers" / corpus.paper_slugs[key] / "index.html").read_text(encoding="utf-8")
        head, body = html.split("</head>", 1)
        assert "citation_" not in body, key  # moved, not copied
        tags = [(n, unescape(v)) for n, v in _META_RE.findall(head)]
        names = [n for n, _ in tags]
        assert names.count("citation_author") == len(paper.authors), key
        assert names.count("citation_title") == 1, key
        assert "citation_abstract_html_url" in names, key
        assert ("citation_arxiv_id" in names) or ("citation_doi" in names), key
