"""The site's feeds as static files: the knowledge base, each topic, each author of several papers, each keyword.

Every feed is two files beside its page, ``feed.xml`` (Atom) and ``feed.json`` (JSON Feed 1.1),
written by :mod:`mkdocs_arxdigest.feeds`: ``<prefix>feed.xml`` for the whole knowledge base,
``<prefix>topics/<slug>/feed.xml``, ``<prefix>authors/<slug>/feed.xml``, ``<prefix>watch/<slug>/feed.xml``.
Authors of a single paper get none: at 10k papers they are most of the ~30k authors, and a
feed that will hold one entry for ever is no feed to follow.

A feed's bytes follow from its papers alone (``updated`` is the newest paper's date), so a
round that changes none of its papers writes the same bytes and the store keeps the file
untouched. Pages link their feeds (``<link rel="alternate feed">`` in the head, and visibly)
through :func:`links`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from ..feeds import arxiv_url, atom_feed, feed_entries, json_feed
from ..model import Paper
from .made import Made, code_digest
from .urls import relative

if TYPE_CHECKING:
    from .site import Site

log = logging.getLogger("mkdocs.plugins.arxdigest")

#: The feeds the ``feeds`` option can list: ``all`` is the whole knowledge base's.
FEED_KINDS = ("all", "topics", "authors", "watch")
#: ``(file name, media type, label)`` of each format, in the order pages link them.
FORMATS = (("feed.xml", "application/atom+xml", "Atom"), ("feed.json", "application/feed+json", "JSON Feed"))
#: The paper fields a feed entry shows (with its page's slug): a change to any one makes its feeds again.
_FIELDS = (
    "key", "title", "title_translated", "tldr", "abstract", "abstract_translated", "authors", "days",
    "published", "abs_url", "topics",
)  # fmt: skip
#: The code that writes feeds: a manifest made by other code is not trusted.
_CODE = code_digest("feeds.py", "pages/feed.py")


class Feed(NamedTuple):
    """One feed: where its files go (``folder`` below the prefix, ``""`` or ending in ``/``), its page and papers."""

    folder: str
    title: str
    page_kind: str
    page_slug: str
    keys: list[str]


class FeedLink(NamedTuple):
    """A link from a page to one of its feed's files: media type, title, URL relative to the site root."""

    type: str
    title: str
    url: str


def enabled(site: Site, kind: str) -> bool:
    """Whether feeds of ``kind`` are made: asked for, and their pages built (a feed links its page)."""
    if kind not in site.options.feeds:
        return False
    return kind == "all" or site.enabled(kind)


def title(site: Site, kind: str, name: str = "") -> str:
    """A feed's title: the knowledge base's, ``Topic: <name>``, ``Author: <name>``, ``Watched keyword: <pattern>``."""
    labels = site.labels
    if kind == "all":
        return labels["knowledge_base"]
    return f"{labels[{'topics': 'topic', 'authors': 'author', 'watch': 'watched'}[kind]]}: {name}"


def feeds(site: Site) -> Iterator[Feed]:
    """Every feed of the site, in a fixed order (the knowledge base, topics, authors, watched keywords)."""
    c = site.corpus
    if enabled(site, "all"):
        yield Feed("", title(site, "all"), "overview", "", list(c.papers))
    if enabled(site, "topics"):
        for name, topic in c.topics.items():
            yield Feed(f"topics/{topic.slug}/", title(site, "topics", name), "topics", topic.slug, topic.papers)
    if enabled(site, "authors"):
        for name, author in c.authors.items():
            if len(author.papers) > 1:
                yield Feed(
                    f"authors/{author.slug}/", title(site, "authors", name), "authors", author.slug, author.papers
                )
    if enabled(site, "watch"):
        for pattern, keys in site.watch_matches.items():
            slug = site.watch_slugs[pattern]
            yield Feed(f"watch/{slug}/", title(site, "watch", pattern), "watch", slug, keys)


def links(site: Site, kind: str, slug: str = "", name: str = "", count: int = 2) -> list[FeedLink]:
    """The feed links of a page: ``kind`` ``overview`` or ``papers`` (the knowledge base's feed), ``topics``,
    ``authors`` (with ``count`` papers: none below two) or ``watch``, with the page's ``slug`` and ``name``.

    ``[]`` when the page has no feed, so a page without one is as it was.
    """
    feed_kind = "all" if kind in ("overview", "papers") else kind
    if feed_kind not in FEED_KINDS or not enabled(site, feed_kind) or (kind == "authors" and count < 2):
        return []
    folder = "" if feed_kind == "all" else f"{kind}/{slug}/"
    shown = title(site, feed_kind, name)
    return [FeedLink(media, f"{shown} ({label})", site.urls.asset(folder + file)) for file, media, label in FORMATS]


def asset_uris(site: Site) -> list[str]:
    """The ``dest_uri`` of every feed file (made later, by :func:`files`)."""
    return [site.urls.asset(f.folder + name) for f in feeds(site) for name, _, _ in FORMATS]


def files(site: Site) -> list[tuple[str, bytes]]:
    """``(dest_uri, bytes)`` of every feed file whose inputs changed since the last round.

    A feed is made again only when a digest of what it is made from (its title, URLs, options,
    and the fields of its newest papers) differs from the one recorded in ``<cache_dir>/feeds.json``,
    or when its files are not where the last round left them (:attr:`Site.asset_kept`): at 10k
    papers the 6,000 feeds of authors take seconds to make, and a new day changes a few hundred.
    """
    root = site.options.site_url.rstrip("/")
    if not root and site.options.feeds:
        log.info("arxdigest: no site_url: feeds link their pages relatively and use arXiv URLs as entry ids")
    manifest = Made(site, "feeds.json", _CODE, _FIELDS)
    out = []
    for feed in feeds(site):
        uris = [site.urls.asset(feed.folder + name) for name, _, _ in FORMATS]
        digest = _digest(site, feed, root, manifest)
        if manifest.unchanged(uris, digest):
            continue
        made = _feed_files(site, feed, root)
        manifest.record(made, digest)
        out += made
    manifest.save()
    return out


def _digest(site: Site, feed: Feed, root: str, made: Made) -> str:
    """What a feed's bytes follow from: its title and URLs, the options, its newest papers' fields and slugs."""
    c, o = site.corpus, site.options
    head = (f"{feed.folder}\x00{feed.title}\x00{feed.page_kind}\x00{feed.page_slug}\x00{root}\x00"
            f"{o.feed_entries}\x00{o.language}\x00{o.prefix}\x00{o.use_directory_urls}\x00")  # fmt: skip
    return made.digest(head, feed_entries([c.papers[k] for k in feed.keys], o.feed_entries))


def _feed_files(site: Site, feed: Feed, root: str) -> list[tuple[str, bytes]]:
    c = site.corpus
    atom_uri, json_uri = (site.urls.asset(feed.folder + name) for name, _, _ in FORMATS)
    page = site.urls.url(feed.page_kind, feed.page_slug)
    papers = [c.papers[k] for k in feed.keys]
    if root:
        to: Callable[[str], str] = lambda url: f"{root}/{url}"  # noqa: E731 - absolute URLs
        entry_id, feed_id = None, ""
    else:
        to = partial_relative(atom_uri)
        entry_id, feed_id = arxiv_url, f"urn:arxdigest:{atom_uri}"

    def page_url(paper: Paper) -> str:
        return to(site.urls.url("papers", c.paper_slugs[paper.key]))

    common = dict(
        title=feed.title, site_url=to(page), page_url=page_url, limit=site.options.feed_entries,
        language=site.options.language, feed_id=feed_id, entry_id=entry_id,
    )  # fmt: skip
    return [
        (atom_uri, atom_feed(papers, feed_url=to(atom_uri), **common)),
        (json_uri, json_feed(papers, feed_url=f"{root}/{json_uri}" if root else "", **common)),
    ]


def partial_relative(here: str) -> Callable[[str], str]:
    """A link maker from the file ``here`` (relative to the site root) to URLs relative to the root."""
    return lambda url: relative(here, url)
