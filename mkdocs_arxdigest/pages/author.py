"""Authors: a page per author (``authors/<slug>/``) and the A–Z index (``authors/``)."""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import TYPE_CHECKING

from ..names import letter_of, sort_key
from .base import Page, PageMaker, one, several
from .downloads import author_links
from .feed import links as feed_links
from .graph import AUTHOR, author_graph, node_id
from .listing import listing, listing_pages
from .urls import relative

if TYPE_CHECKING:
    from .site import Site

KIND = "authors"
#: Names are one short line each: ten times as many per index page as papers, so that a day of
#: new authors rewrites a tenth as many index pages.
PER_PAGE = 10


def plan(site: Site) -> list[PageMaker]:
    c = site.corpus
    keys = {name: sort_key(name) for name in c.authors}  # by family name, in every script (see names.py)
    authors = sorted(c.authors, key=keys.__getitem__)
    site.memo("author_letters").update((name, letter_of(key)) for name, key in keys.items())
    numbers = listing_pages(site, len(authors), PER_PAGE)
    letters = _letters(site, authors, numbers)
    index = partial(
        listing, site, "authors", "authors_index", authors, site.labels["authors"], PER_PAGE,
        letters=lambda here: [(letter, f"{relative(here, url)}#{anchor(letter)}") for letter, url in letters],
    )  # fmt: skip
    pages = [site.urls.src_uri("authors", "", n) for n in numbers]
    return [several(pages, index)] + [
        one(site.urls.src_uri("authors", a.slug), page, site, name) for name, a in c.authors.items()
    ]


def _letters(site: Site, authors: list[str], numbers: list[int]) -> list[tuple[str, str]]:
    """``(letter, URL of the index page where its names start)``, A–Z then ``#``, the letters present only."""
    size = max(1, site.options.page_size * PER_PAGE)
    first: dict[str, int] = {}
    letters = site.memo("author_letters")
    for i, name in enumerate(authors):
        first.setdefault(letters[name], i)
    order = sorted(first, key=lambda letter: (letter == "#", letter))
    return [(letter, site.urls.url("authors", "", numbers[first[letter] // size])) for letter in order]


def anchor(letter: str) -> str:
    """The id of a letter's heading on the authors index."""
    return "letter-other" if letter == "#" else f"letter-{letter}"


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
        papers=papers, search=True, derived=derived, feeds=feed_links(site, KIND, author.slug, name, len(papers)),
        downloads=author_links(site, name),
    )  # fmt: skip
