"""The knowledge base's search page (``<prefix>search/``) and the search records its index is made from.

The index is made by :mod:`mkdocs_arxdigest.build.search` from :func:`records`: one small HTML
document per paper, author, topic and day, built from the corpus, not from the written pages.
Why records, not the written pages: Pagefind read every built page whole (Material's header,
navigation and footer included: ~37k pages at 10k papers, most of them author pages), which took a
quarter of a full build. A record holds only what is indexed, so indexing it is cheap, it can start
as soon as the corpus is loaded (while MkDocs renders), it does not depend on the generator, and a
hash of the records says when the index need not be made again.

A record says what it indexes with Pagefind's own attributes, as the templates did: the title at
weight 10 (``title`` meta), the translated title at 8, the authors, TL;DR, summary fields and both
abstracts as body text; metadata ``title``, ``authors``, ``subtitle``, ``date``; filters ``kind``,
``author``, ``topic``, ``category``, ``year``; sort key ``date``. Author, topic and day records hold
their name alone, at weight 0.5. Every value is escaped: digest text is untrusted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import escape

from .base import PageMaker, one

if TYPE_CHECKING:
    from ..model import Paper
    from .site import Site

KIND = "search"

#: Authors named in a result's meta line (the rest are counted): the filter keeps them all.
META_AUTHORS = 8
SUMMARY_FIELDS = ("motivation", "method", "result", "conclusion")


class Record(NamedTuple):
    """One searchable page: its URL as Pagefind gives it (``/kb/papers/x/``) and its HTML for the indexer."""

    url: str
    html: str


def plan(site: Site) -> list[PageMaker]:
    return [one(site.urls.src_uri("search"), site.page, "search", "search", title=site.labels["search_papers"])]


def records(site: Site) -> list[Record]:
    """Every record of the site's index, sorted by URL (a fixed order: the same corpus, the same input)."""
    return sorted(_records(site))


def _records(site: Site) -> Iterator[Record]:
    c, urls = site.corpus, site.urls
    for key, paper in c.papers.items():
        yield Record(_url(urls.url("papers", c.paper_slugs[key])), paper_record(paper))
    if site.enabled("authors"):
        for name, author in c.authors.items():
            yield Record(_url(urls.url("authors", author.slug)), name_record(name, "author"))
    if site.enabled("topics"):
        for name, topic in c.topics.items():
            yield Record(_url(urls.url("topics", topic.slug)), name_record(name, "topic"))
    if site.enabled("days"):
        for date in c.days:
            yield Record(_url(urls.url("days", date)), name_record(date, "day", sort=True))


def _url(url: str) -> str:
    """Pagefind's form of a page URL: from the site root, with a leading slash (the search page adds its base)."""
    return "/" + url


def paper_record(paper: Paper) -> str:
    """A paper's record: what the paper page marked for Pagefind, without the rest of the page."""
    e = escape
    body = [f'<h1 data-pagefind-meta="title" data-pagefind-weight="10">{e(paper.display_title)}</h1>']
    if paper.title and paper.title_translated:
        body.append(f'<p data-pagefind-weight="8">{e(paper.title_translated)}</p>')
    body += [f"<p>{e(t)}</p>" for t in paper.variants.get("title", ())]
    if paper.authors:
        body.append(f"<p>{e(', '.join(paper.authors))}</p>")
    body += [f"<p>{e(text)}</p>" for text in (paper.tldr, *(getattr(paper, f) for f in SUMMARY_FIELDS)) if text]
    body += [f"<p>{e(text)}</p>" for text in (paper.abstract, paper.abstract_translated) if text]
    return _document(body, _paper_fields(paper))


def _paper_fields(paper: Paper) -> list[str]:
    """The paper's metadata, filters and sort key, as hidden spans Pagefind reads but does not index."""
    e = escape
    shown = ", ".join(paper.authors[:META_AUTHORS])
    if len(paper.authors) > META_AUTHORS:
        shown += f", … (+{len(paper.authors) - META_AUTHORS})"
    fields = ['<span data-pagefind-filter="kind">paper</span>', f'<span data-pagefind-meta="authors">{e(shown)}</span>']
    if paper.title and paper.title_translated:
        fields.append(f'<span data-pagefind-meta="subtitle">{e(paper.title_translated)}</span>')
    arxiv_month = paper.key[:4].isdigit() and paper.key[4:5] == "."
    if paper.date:
        fields.append(f'<span data-pagefind-meta="date" data-pagefind-sort="date">{e(paper.date)}</span>')
    elif arxiv_month:  # no date: the arXiv id's month (YYMM.) sorts it
        fields.append(f'<span data-pagefind-sort="date">20{paper.key[:2]}-{paper.key[2:4]}</span>')
    if paper.date or arxiv_month:
        year = paper.date[:4] if paper.date else "20" + paper.key[:2]
        fields.append(f'<span data-pagefind-filter="year">{e(year)}</span>')
    for name, values in (("author", paper.authors), ("topic", paper.topics), ("category", paper.categories)):
        fields += [f'<span data-pagefind-filter="{name}">{e(v)}</span>' for v in values]
    return fields


def name_record(name: str, kind: str, sort: bool = False) -> str:
    """An author's, topic's or day's record: its name, at a lower weight than a paper's words (a day's sorts by it)."""
    sort_attr = ' data-pagefind-sort="date"' if sort else ""
    body = [f'<p data-pagefind-meta="title" data-pagefind-weight="0.5"{sort_attr}>{escape(name)}</p>']
    return _document(body, [f'<span data-pagefind-filter="kind">{kind}</span>'])


def _document(body: list[str], fields: list[str]) -> str:
    return (
        "<html><body><main data-pagefind-body>" + "".join(body)
        + '<div data-pagefind-ignore>' + "".join(fields) + "</div></main></body></html>"
    )  # fmt: skip
