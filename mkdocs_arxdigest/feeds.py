"""Atom and JSON Feed 1.1 feeds of papers: the knowledge base, a topic, an author, a watched keyword.

Atom is written by ``feedgen`` (which builds the XML with lxml, so every text is escaped);
JSON Feed, a plain JSON document, by :mod:`json`. Both are byte-for-byte deterministic:
the feed's ``updated`` is its newest paper's date, never the build time, so a rebuild with
no new paper leaves the files (and the caches keyed by them) untouched.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Sequence

from . import __version__
from .model import Paper
from .text import safe_url

__all__ = ["atom_feed", "json_feed", "feed_entries", "arxiv_url", "JSON_FEED_VERSION"]

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR_URI = "https://pypi.org/project/mkdocs-arxdigest/"
#: Characters XML 1.0 cannot hold at all (lxml refuses them): dropped from untrusted text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
#: Authors named in a feed entry; the rest are counted.
MAX_AUTHORS = 20


@functools.lru_cache(maxsize=1 << 16)
def _clean(text: str) -> str:
    """Text XML can hold. Remembered: a paper's texts recur in the feeds of each of its authors and topics."""
    return _NOT_XML.sub("", text or "").strip()


@functools.lru_cache(maxsize=1 << 12)
def _when(day: str) -> dt.datetime | None:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(day[:10]), dt.time(), dt.timezone.utc)
    except (TypeError, ValueError):
        return None


def arxiv_url(paper: Paper) -> str:
    """The paper's page at its archive: arXiv's abstract page, else its DOI."""
    url = safe_url(paper.abs_url)  # an http(s) link to arXiv, a DOI resolver, ...: never javascript: nor elsewhere
    if url:
        return url
    return f"https://arxiv.org/abs/{paper.key}" if paper.is_arxiv else f"https://doi.org/{paper.key[4:]}"


def feed_entries(papers: Sequence[Paper], limit: int) -> list[Paper]:
    """The papers a feed holds: newest first (ties by key, newest id first), at most ``limit``."""
    return sorted(papers, key=lambda p: (p.date, p.key), reverse=True)[: max(0, limit)]


def _updated(entries: Sequence[Paper]) -> dt.datetime:
    dates = [d for d in (_when(p.date) for p in entries) if d]
    return max(dates) if dates else _EPOCH


def _summary(paper: Paper) -> str:
    return _clean(paper.tldr or paper.abstract or paper.abstract_translated)


def _title(paper: Paper) -> str:
    return _clean(paper.display_title)


def _authors(paper: Paper) -> list[str]:
    """The first :data:`MAX_AUTHORS` names, then ``… (+n)`` as the paper lists do.

    A collaboration paper of 350 authors would otherwise weigh 25 KB in every feed that
    holds it (each of its authors' feeds among them); its page lists them all.
    """
    names = [n for n in (_clean(a) for a in paper.authors) if n]
    if len(names) > MAX_AUTHORS:
        return [*names[:MAX_AUTHORS], f"… (+{len(names) - MAX_AUTHORS})"]
    return names


def atom_feed(
    papers: Sequence[Paper],
    *,
    title: str,
    feed_url: str,
    site_url: str,
    page_url: Callable[[Paper], str],
    limit: int = 50,
    subtitle: str = "",
    language: str = "",
    feed_id: str = "",
    entry_id: Callable[[Paper], str] | None = None,
) -> bytes:
    """An Atom feed (UTF-8 XML) of the newest ``limit`` of ``papers``.

    ``feed_url`` is the feed's own absolute URL (its id and ``rel="self"``), ``site_url``
    the page it belongs to, ``page_url(paper)`` the absolute URL of a paper's page (the
    entry's id and link). Each entry has the title, authors, date, TL;DR (else the
    abstract) as summary, and the arXiv page as ``rel="related"``.

    Without a site URL the links are relative (to the feed) and cannot serve as ids, which
    Atom wants absolute: ``feed_id`` (a ``urn:``) and ``entry_id(paper)`` (its arXiv URL) then
    stand in for the feed's and each entry's id.
    """
    from feedgen.feed import FeedGenerator

    entries = feed_entries(papers, limit)
    fg = FeedGenerator()
    fg.id(feed_id or feed_url)
    fg.title(_clean(title) or "Papers")
    if subtitle:
        fg.subtitle(_clean(subtitle))
    fg.author({"name": _clean(title) or "mkdocs-arxdigest"})  # Atom needs an author for entries without one
    fg.link(href=feed_url, rel="self", type="application/atom+xml")
    fg.link(href=site_url, rel="alternate", type="text/html")
    fg.generator("mkdocs-arxdigest", version=__version__, uri=GENERATOR_URI)
    fg.updated(_updated(entries))
    if language:
        fg.language(language)
    for paper in entries:
        fe = fg.add_entry(order="append")
        url = page_url(paper)
        fe.id(entry_id(paper) if entry_id else url)
        fe.title(_title(paper))
        when = _when(paper.date) or _updated(entries)
        fe.updated(when)
        fe.published(when)
        for name in _authors(paper):
            fe.author({"name": name})
        fe.link(href=url, rel="alternate", type="text/html")
        fe.link(href=arxiv_url(paper), rel="related", type="text/html")
        summary = _summary(paper)
        if summary:
            fe.summary(summary)
    return _entry_link_rels(fg.atom_str(pretty=False))


def _entry_link_rels(xml: bytes) -> bytes:
    """Put back the ``rel``/``type`` of entry links, which feedgen 1.0 drops, and indent.

    feedgen's entry writer reads the attributes from the element it just made instead of
    from the link given (a shadowed name), so every entry link came out as a bare
    ``href``: two implied ``rel="alternate"`` links, which Atom forbids. Entries are
    written with the paper page first and the arXiv page second.
    """
    from lxml import etree

    ns = "{http://www.w3.org/2005/Atom}"
    root = etree.fromstring(xml)
    for entry in root.iter(f"{ns}entry"):
        for link, rel in zip(entry.iter(f"{ns}link"), ("alternate", "related"), strict=False):
            link.set("rel", rel)
            link.set("type", "text/html")
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def json_feed(
    papers: Sequence[Paper],
    *,
    title: str,
    feed_url: str,
    site_url: str,
    page_url: Callable[[Paper], str],
    limit: int = 50,
    subtitle: str = "",
    language: str = "",
    feed_id: str = "",
    entry_id: Callable[[Paper], str] | None = None,
) -> bytes:
    """A JSON Feed 1.1 document (UTF-8) of the newest ``limit`` of ``papers``; arguments as :func:`atom_feed`.

    Texts are plain (``content_text``, ``summary``); ``<``, ``>`` and ``&`` are written as
    ``\\u`` escapes, so the bytes hold no markup even if something serves them as HTML.
    """
    entries = feed_entries(papers, limit)
    feed: dict = {"version": JSON_FEED_VERSION, "title": _clean(title) or "Papers", "home_page_url": site_url}
    if feed_url:
        feed["feed_url"] = feed_url
    if subtitle:
        feed["description"] = _clean(subtitle)
    if language:
        feed["language"] = language
    items = []
    for paper in entries:
        url = page_url(paper)
        item: dict = {"id": entry_id(paper) if entry_id else url, "url": url}
        item.update(external_url=arxiv_url(paper), title=_title(paper))
        summary = _summary(paper)
        item["content_text"] = summary or _title(paper)  # no "summary" too: the same text twice
        when = _when(paper.date)
        if when:
            item["date_published"] = when.isoformat()
        authors = _authors(paper)
        if authors:
            item["authors"] = [{"name": a} for a in authors]
        if paper.topics:
            item["tags"] = [_clean(t) for t in paper.topics if _clean(t)]
        items.append(item)
    feed["items"] = items
    text = json.dumps(feed, ensure_ascii=False, separators=(",", ":"))  # one line: json's C encoder, a third the time
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode("utf-8")
