"""Topics: a page per topic (``topics/<slug>/``, paged newest first) and the index by size (``topics/``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from .base import Page, PageMaker, several
from .downloads import links as download_links
from .feed import links as feed_links
from .graph import TOPIC, local_graph, node_id
from .listing import chronological, chronological_pages, listing, listing_pages

if TYPE_CHECKING:
    from .site import Site

KIND = "topics"


def plan(site: Site) -> list[PageMaker]:
    c = site.corpus
    site.graphs.topic_neighbours  # noqa: B018 - read by every topic page: made once, before workers fork
    names = [t.name for t in sorted(c.topics.values(), key=lambda t: (-len(t.papers), t.name))]
    index = partial(listing, site, "topics", "topics_index", names, site.labels["topics"])
    entries = [several([site.urls.src_uri("topics", "", n) for n in listing_pages(site, len(names))], index)]
    for name, t in c.topics.items():
        numbers = chronological_pages(site, len(t.papers))
        entries.append(several([site.urls.src_uri("topics", t.slug, n) for n in numbers], partial(pages, site, name)))
    return entries


def pages(site: Site, name: str) -> Iterator[Page]:
    """A topic's papers, newest first; the front page adds related topics, top authors and the local graph."""
    c = site.corpus
    topic = c.topics[name]
    neighbours = site.graphs.topic_neighbours.get(name, {})
    related = sorted(neighbours.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    authors = Counter(a for k in topic.papers for a in c.papers[k].authors)
    top_authors = sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    for n, keys, pager in chronological(site, "topics", topic.slug, topic.papers):
        first = n == 0  # an archived page holds its own papers only, so that it stays as it is
        yield site.page(
            "topic", "topics", topic.slug, page=n, title=name if first else f"{name} ({pager['label']})",
            topic=topic if first else None, papers=[c.papers[k] for k in keys],
            related=related if first else [], top_authors=top_authors if first else [], first=first,
            pager=pager, search=first, graph=local_graph(site, node_id(TOPIC, name)) if first else None,
            names=c.topic_names(name)[1:] if first else [],
            feeds=feed_links(site, KIND, topic.slug, name) if first else [],
            downloads=download_links(site, "topics", topic.slug) if first else [],
        )  # fmt: skip
