"""Papers: a page per paper (``papers/<id>/``) and the newest-first index (``papers/``)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .. import citations
from ..citations import citation_meta
from ..model import Paper
from ..similar import reason_label
from ..text import safe_url
from .base import Page, PageMaker, one, several
from .downloads import paper_links as download_links
from .feed import links as feed_links
from .graph import paper_graph
from .listing import chronological, chronological_pages

if TYPE_CHECKING:
    from .site import Site

KIND = "papers"


def plan(site: Site) -> list[PageMaker]:
    c = site.corpus
    numbers = chronological_pages(site, len(c.papers))
    site.similar  # noqa: B018 - read by every paper page: made once, before workers fork
    entries = [several([site.urls.src_uri("papers", "", n) for n in numbers], partial(index, site))]
    return entries + [one(site.urls.src_uri("papers", c.paper_slugs[key]), page, site, key) for key in c.papers]


def index(site: Site) -> Iterator[Page]:
    """Every paper, newest first, in pages numbered from the oldest (see :func:`~.listing.chronological`)."""
    newest = site.corpus.newest()
    title = site.labels["papers"]
    for n, papers, pager in chronological(site, "papers", "", newest):
        front = n == 0  # the front page counts every paper; archived pages only show theirs
        yield site.page(
            "papers_index", "papers", page=n, title=title if front else f"{title} ({pager['label']})",
            volatile=front, papers=papers, pager=pager, total=len(newest) if front else None, search=False,
            feeds=feed_links(site, KIND) if front else [],
        )  # fmt: skip


def page(site: Site, key: str) -> Page:
    """A paper with its related papers and note; BibTeX, downloads, links and local graph follow from it."""
    c = site.corpus
    paper = c.papers[key]
    return site.page(
        "paper", "papers", c.paper_slugs[key], title=paper.display_title, paper=paper,
        note=site.notes.get(key), related=similar_list(site, key),
        citation=citation_meta(paper, page_url(site, key)),
        search=True,
        derived=partial(_derived, site, paper),
    )  # fmt: skip


def _derived(site: Site, paper: Paper) -> dict:
    """What follows from the paper alone: its BibTeX (the very text of its ``.bib`` download), links, graph."""
    entry = citations.bibtex([paper])
    return {
        "bibtex": Markup(escape(entry)), "downloads": download_links(site, paper, entry),
        "links": paper_links(paper), "graph": paper_graph(site, paper),
    }  # fmt: skip


def page_url(site: Site, key: str) -> str:
    """A paper page's URL: absolute under ``site_url`` when it is set, else relative to the site root."""
    url = site.url("papers", site.corpus.paper_slugs[key])
    return f"{site.options.site_url.rstrip('/')}/{url}" if site.options.site_url else url


def similar_list(site: Site, key: str) -> list[tuple[Paper, list[str]]]:
    """``(paper, reason labels)`` of a paper's similar papers, best first, in the page's language."""
    papers, language = site.corpus.papers, site.options.language
    return [(papers[s.key], [reason_label(r, language) for r in s.reasons]) for s in site.similar.get(key, [])]


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """``(label key, url)`` of the safe outbound links of a paper (arXiv or DOI, PDF, code)."""
    landing = "arxiv" if paper.is_arxiv else "doi"
    links = []
    for label, url in ((landing, paper.abs_url), ("pdf", paper.pdf_url), ("code", paper.code_url)):
        url = safe_url(url)
        if url and url not in (u for _, u in links):
            links.append((label, url))
    doi_url = f"https://doi.org/{paper.doi}" if paper.doi else ""
    if doi_url and safe_url(doi_url) and doi_url not in (u for _, u in links):
        links.append(("doi", doi_url))
    return links
