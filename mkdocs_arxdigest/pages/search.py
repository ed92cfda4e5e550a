"""The knowledge base's search page (``<prefix>search/``): its Pagefind index is built from the written site.

The index itself is made by :mod:`mkdocs_arxdigest.build.search` once the site is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import PageMaker, one

if TYPE_CHECKING:
    from .site import Site

KIND = "search"


def plan(site: Site) -> list[PageMaker]:
    return [one(site.urls.src_uri("search"), site.page, "search", "search", title=site.labels["search_papers"])]
