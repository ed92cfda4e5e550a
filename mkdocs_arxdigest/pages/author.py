"""Authors: a page per author (``authors/<slug>/``) and the A–Z index (``authors/``)."""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import TYPE_CHECKING

from .base import Page, PageMaker, one, several
from .graph import AUTHOR, author_graph, node_id
from .listing import listing, listing_pages

if TYPE_CHECKING:
    from .site import Site

KIND = "authors"
#: Names are one short line each: ten times as many per index page as papers, so that a day of
#: new authors rewrites a tenth as many index pages.
PER_PAGE = 10


def plan(site: Site) -> list[PageMaker]:
    c = site.corpus
    authors = list(c.authors)
    index = partial(listing, site, "authors", "authors_index", authors, site.labels["authors"], PER_PAGE)
    pages = [site.urls.src_uri("authors", "", n) for n in listing_pages(site, len(authors), PER_PAGE)]
    return [several(pages, index)] + [
        one(site.urls.src_uri("authors", a.slug), page, site, name) for name, a in c.authors.items()
    ]


def page(site: Site, name: str) -> Page:
    """An author's papers; co-authors, topics and local graph follow from them (computed when rendered)."""
    c = site.corpus
    author = c.authors[name]
    papers = [c.papers[k] for k in author.papers]

    def derived() -> dict:
        topics = Counter(t for p in papers for t in p.topics)
        return {
            "coauthors": c.coauthors(name)[:30], "topics": sorted(topics.items(), key=lambda kv: (-kv[1], kv[0])),
            "graph": author_graph(site, name),
        }  # fmt: skip

    return site.page(
        "author", "authors", author.slug, title=name, author=author, node=node_id(AUTHOR, name),
        papers=papers, search=True, derived=derived,
    )  # fmt: skip
