"""What a reader sees in lists and citations: dated entries say which date, BibTeX keeps the original title."""

from __future__ import annotations

import logging
import sys

from mkdocs_arxdigest import Paper, ParseResult, Source
from mkdocs_arxdigest.citations import bibtex
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.pages import Site
from mkdocs_arxdigest.pages.render import Helpers


def _site(*papers: Paper) -> Site:
    return Site(Corpus([ParseResult("table", list(papers))]))


def test_list_entries_label_their_date():
    published = Paper(key="2501.00001", title="A", authors=["Ann Lee"], days=["2025-01-04"], published="2025-01-02",
                      sources=[Source("a.md", 1)])  # fmt: skip
    digested = Paper(key="2501.00002", title="B", authors=["Bo Wu"], days=["2025-01-04"], sources=[Source("a.md", 2)])
    site = _site(published, digested)
    helpers = Helpers(site, "../../")
    assert "· published 2025-01-02 ·" in helpers.paper_item(site.corpus.papers["2501.00001"])
    assert "· in digest 2025-01-04 ·" in helpers.paper_item(site.corpus.papers["2501.00002"])


def test_a_paper_without_authors_says_so_instead_of_first_author_only():
    site = _site(Paper(key="2501.00003", title="C", authors_complete=False, sources=[Source("t.md", 1)]))
    html = Helpers(site, "").paper_item(site.corpus.papers["2501.00003"])
    assert "authors not given" in html and "first author only" not in html


def test_bibtex_keeps_the_original_title_and_keys_by_family_name_or_id():
    both = Paper(
        key="2501.00004", title="Diffusion Everywhere", title_translated="无处不在的扩散", authors=["Wei Zhang"]
    )  # noqa: E501
    entry = bibtex([both])
    assert entry.startswith("@misc{zhang_2501.00004,") and "title = {Diffusion Everywhere}" in entry
    assert "note = {Translated title: 无处不在的扩散}" in entry
    anonymous = bibtex([Paper(key="2501.00005", title_translated="只有译名")])
    assert "anon" not in anonymous and "2501.00005" in anonymous.splitlines()[0]
    assert "title = {只有译名}" in anonymous


def test_jieba_prints_nothing_on_a_build_but_its_warnings(capfd):
    import pytest

    jieba = pytest.importorskip("jieba")
    from mkdocs_arxdigest.mkdocs_helpers import quiet_jieba

    quiet_jieba()
    for handler in logging.getLogger("jieba").handlers:  # jieba binds stderr when first imported, maybe by
        handler.setStream(sys.stderr)  # an earlier test (paper pages tokenise for similar papers)
    jieba.dt.initialized = False
    jieba.initialize()
    logging.getLogger("jieba").warning("a real warning")
    err = capfd.readouterr().err
    assert "Building prefix dict" not in err and "Prefix dict has been built" not in err
    assert "a real warning" in err
