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

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import escape

from .base import Page, PageMaker, one

if TYPE_CHECKING:
    from ..model import Paper
    from .site import Site

KIND = "search"

#: Author records at most: authors are given a record of their own by paper count, down to the count at
#: which they would be more. Each record costs every first query about 6 bytes of Pagefind's metadata,
#: and three authors in four have one paper: at 100k papers (278k authors) the bound keeps the authors
#: of five papers or more (6.6k), at 10k those of two or more, and in a small corpus every author.
#: An author without a record is found through their papers' records, which hold their name.
AUTHOR_RECORDS = 10_000
#: Up to this many papers, every query fetches the counted facets' filter files (kind, topic, category,
#: year: 0.13 MB together at 10k papers) after its results, to count their values;
#: above it (1.4 MB at 100k) a button on the page does, and the facets show the archive's counts.
COUNT_EVERY_QUERY = 20_000
#: Authors named in a result's meta line (the rest are counted): the filter keeps them all.
META_AUTHORS = 8
SUMMARY_FIELDS = ("motivation", "method", "result", "conclusion")


class Record(NamedTuple):
    """One searchable page: its URL as Pagefind gives it (``/kb/papers/x/``) and its HTML for the indexer."""

    url: str
    html: str


def plan(site: Site) -> list[PageMaker]:
    return [one(site.urls.src_uri("search"), page, site)]


def page(site: Site) -> Page:
    """The search page, with every facet's values and their counts in the whole archive (``facets``).

    The page shows those before any query, and the counts for a query once they are fetched: each
    counted facet is a Pagefind filter file that grows with the archive (the four: 0.13 MB at 10k
    papers, 1.4 MB at 100k), so up to :data:`COUNT_EVERY_QUERY` papers every query fetches them after
    its results; above it, a button does.
    """
    return site.page(
        "search", "search", title=site.labels["search_papers"], facets=facet_totals(site),
        count_every_query=len(site.corpus.papers) <= COUNT_EVERY_QUERY,
    )  # fmt: skip


def facet_totals(site: Site) -> dict[str, dict[str, int]]:
    """Each counted facet's values with their records in the whole index, most first (then by value)."""
    c = site.corpus
    kinds: Counter[str] = Counter(paper=len(c.papers))
    years: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    for paper in c.papers.values():
        sort = _sort_value(paper)
        if sort:
            years[sort[:4]] += 1
        topics.update(paper.topics)
        categories.update(paper.categories)
    if site.enabled("authors"):
        kinds["author"] = len(_recorded_authors(site))
    if site.enabled("topics"):
        kinds["topic"] = len(c.topics)
    if site.enabled("days"):
        kinds["day"] = len(c.days)
    return {
        name: dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        for name, counts in (("kind", kinds), ("topic", topics), ("category", categories), ("year", years))
        if counts
    }


def records(site: Site) -> list[Record]:
    """Every record of the site's index, sorted by URL (a fixed order: the same corpus, the same input)."""
    return sorted(_records(site))


def _records(site: Site) -> Iterator[Record]:
    c, urls = site.corpus, site.urls
    for key, paper in c.papers.items():
        yield Record(_url(urls.url("papers", c.paper_slugs[key])), paper_record(paper))
    if site.enabled("authors"):
        for name in _recorded_authors(site):
            yield Record(_url(urls.url("authors", c.authors[name].slug)), name_record(name, "author"))
    if site.enabled("topics"):
        for name, topic in c.topics.items():
            yield Record(_url(urls.url("topics", topic.slug)), name_record(name, "topic"))
    if site.enabled("days"):
        for date in c.days:
            yield Record(_url(urls.url("days", date)), name_record(date, "day", sort=True))


def _recorded_authors(site: Site) -> list[str]:
    """The authors with a record of their own (see :data:`AUTHOR_RECORDS`)."""
    authors = site.corpus.authors
    least = author_threshold((len(author.papers) for author in authors.values()), AUTHOR_RECORDS)
    return [name for name, author in authors.items() if len(author.papers) >= least]


def author_threshold(paper_counts: Iterable[int], most: int) -> int:
    """The fewest papers that give an author a record: the smallest count that keeps the records within ``most``."""
    authors_with = Counter(paper_counts)
    least, kept = 1, sum(authors_with.values())
    while kept > most:
        kept -= authors_with.pop(least, 0)
        least += 1
    return least


def _sort_value(paper: Paper) -> str | None:
    """The paper's date sort value: its date, else its arXiv id's month (``YYMM.`` ids), else none."""
    if paper.date:
        return paper.date
    if paper.key[:4].isdigit() and paper.key[4:5] == ".":
        return f"20{paper.key[:2]}-{paper.key[2:4]}"
    return None


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
    sort = _sort_value(paper)
    if paper.date:
        fields.append(f'<span data-pagefind-meta="date" data-pagefind-sort="date">{e(paper.date)}</span>')
    elif sort:  # no date: the arXiv id's month sorts it
        fields.append(f'<span data-pagefind-sort="date">{sort}</span>')
    if sort:
        fields.append(f'<span data-pagefind-filter="year">{e(sort[:4])}</span>')
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
