"""The overview: totals, the latest digest, recent days, top authors and topics (``<prefix>/``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import PageMaker, one
from .downloads import links as download_links
from .feed import links as feed_links

if TYPE_CHECKING:
    from .site import Site

#: Built whatever ``pages`` lists (with the papers).
KIND = "papers"


def plan(site: Site) -> list[PageMaker]:
    return [
        one(site.urls.src_uri("overview"), site.page, "overview", "overview", title=site.labels["overview"],
            volatile=True, feeds=feed_links(site, "overview"), downloads=download_links(site))
    ]  # fmt: skip
