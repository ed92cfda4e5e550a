"""Page generation: a corpus in, Markdown pages and graph data out (no MkDocs imports).

Pages are Jinja templates (``templates/arxdigest/*.md``) that emit Markdown
whose body is mostly raw HTML blocks: Python-Markdown passes those through
untouched, so untrusted text is escaped exactly once, by Jinja's autoescape,
and no Markdown or HTML in a digest can take effect. Templates can be
overridden by files of the same name in ``<custom_dir>/arxdigest/``.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import os
import pickle
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import NamedTuple

import jinja2
from markupsafe import Markup, escape

from .config import PAGE_KINDS
from .corpus import Corpus
from .graph import (
    AUTHOR,
    TOPIC,
    cached_layout,
    lay_out_top,
    node_id,
    node_item,
    node_row,
    set_communities,
    view_data,
    view_data_rows,
)
from .i18n import labels as get_labels
from .model import Paper
from .store import code_digest
from .text import normalize, normalize_block, safe_url, sanitize
from .topics import category_topic
from .workers import Background, can_fork

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Note:
    """A user's note on a paper: ``notes/<arxiv-id>.md`` with front matter."""

    key: str
    content: str = ""
    tags: list[str] = field(default_factory=list)
    status: str = ""
    rating: str = ""


@dataclass
class SiteOptions:
    prefix: str = ""
    kinds: Sequence[str] = PAGE_KINDS
    page_size: int = 100
    language: str = "en"
    search_abstracts: bool = False
    related: int = 8
    graph_nodes: int = 1500
    local_graph_nodes: int = 24
    use_directory_urls: bool = True
    #: ``index`` makes the overview the home of ``prefix``; ``overview`` when the user has their own.
    overview_name: str = "index"


@dataclass(frozen=True)
class GeneratedPage:
    """A generated page before rendering.

    ``fingerprint`` digests everything the page is rendered from (its context,
    the links it resolves, templates, options and this package's code), so a
    page with the same fingerprint as one rendered earlier has the same bytes.
    ``None`` for pages that read corpus-wide figures (indexes, the overview):
    those are always rendered.
    """

    src_uri: str
    fingerprint: str | None
    render: Callable[[], str]


class PageMaker(NamedTuple):
    """An entry of :meth:`Site.plan`: the pages it makes, known before they are made, and how to make them."""

    src_uris: tuple[str, ...]
    """The ``src_uri`` of each page ``make()`` returns, in that order."""
    make: Callable[[], Iterable[GeneratedPage]]


def _one(src_uri: str, make: Callable[..., GeneratedPage], *args, **kwargs) -> PageMaker:
    return PageMaker((src_uri,), lambda: (make(*args, **kwargs),))


class Site:
    """Everything the plugin adds to a site, computed from a :class:`Corpus`.

    Args:
        corpus: the merged corpus.
        options: page options.
        template_dirs: folders searched for ``arxdigest/<name>.md`` before the built-in templates.
        notes: the user's notes by paper key.
        cache_dir: where graph layouts are cached (``None``: not cached).
    """

    def __init__(
        self,
        corpus: Corpus,
        options: SiteOptions | None = None,
        template_dirs: Sequence[str | os.PathLike[str]] = (),
        notes: dict[str, Note] | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
    ):
        self.corpus = corpus
        self.options = options or SiteOptions()
        self.notes = notes or {}
        self.cache_dir = cache_dir
        self.labels = get_labels(self.options.language)
        prefix = self.options.prefix.strip("/")
        self.prefix = f"{prefix}/" if prefix else ""
        search = [Path(d) / "arxdigest" for d in template_dirs] + [TEMPLATES / "arxdigest"]
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in search if p.is_dir()]),
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            finalize=_one_line,
            auto_reload=False,  # one build's templates: never stat them again for every page
        )
        self.env.filters["tojson_attr"] = _tojson
        self.env.filters["md"] = md_escape
        self.env.globals.update(labels=self.labels, corpus=corpus, options=self.options, site=self)

    # -- URLs -------------------------------------------------------------------

    def src_uri(self, kind: str, slug: str = "", page: int = 0) -> str:
        """Source path of a generated page: ``papers/<slug>.md``, ``papers/index.md``, ``papers/page/2.md``.

        ``page`` 0 is a listing's front page; others are ``page/<n>``.
        """
        if kind == "overview":
            return f"{self.prefix}{self.options.overview_name}.md"
        folder = f"{self.prefix}{kind}"
        if not slug:
            return f"{folder}/page/{page}.md" if page else f"{folder}/index.md"
        return f"{folder}/{slug}/page/{page}.md" if page else f"{folder}/{slug}.md"

    def url(self, kind: str, slug: str = "", page: int = 0) -> str:
        """URL of a generated page, relative to the site root."""
        src = self.src_uri(kind, slug, page)[:-3]
        if self.options.use_directory_urls:
            if src == "index" or src.endswith("/index"):
                return src[:-5]
            return f"{src}/"
        return f"{src}.html"

    def node_url(self, kind: str, slug: str) -> str:
        key = (kind, slug)
        url = self._node_urls.get(key)
        if url is None:
            url = self._node_urls[key] = self.url("authors" if kind == AUTHOR else "topics", slug)
        return url

    @cached_property
    def _node_urls(self) -> dict[tuple[str, str], str]:
        return {}

    # -- pages ------------------------------------------------------------------

    def pages(self) -> Iterator[tuple[str, str]]:
        """Every generated page as ``(src_uri, markdown)``, in a fixed order."""
        for page in self.generated():
            yield page.src_uri, page.render()

    def generated(self) -> Iterator[GeneratedPage]:
        """Every generated page, unrendered: its source path, input fingerprint and renderer.

        Rendering is most of the cost of a page; a caller that kept the page
        rendered from the same fingerprint can skip it (see :class:`GeneratedPage`).
        """
        for entry in self.plan():
            yield from entry.make()

    def plan(self) -> list[PageMaker]:
        """Every generated page, in order, as makers: each makes one or a few pages.

        Making a page (its context and fingerprint) is a good part of its cost:
        makers let another process make and render a range of pages from this
        plan, which is cheap to list, with the path of every page: MkDocs can be
        told of a page before it is made. What makers share (the salt of every
        fingerprint, the topic graph) is computed here, once.
        """
        kinds = set(self.options.kinds)
        c = self.corpus
        self._salt  # noqa: B018 - shared by every fingerprint
        plan = [
            _one(self.src_uri("overview"), self._page, "overview", "overview", title=self.labels["overview"],
                 volatile=True),
            self._pages("papers", "", self._chronological_pages(len(c.papers)), self._papers_index),
        ]  # fmt: skip
        plan += [_one(self.src_uri("papers", c.paper_slugs[key]), self.paper_page, key) for key in c.papers]
        if "authors" in kinds:
            # Names are one short line each: ten times as many per page, so that a day of new
            # authors rewrites a tenth as many index pages.
            authors = list(c.authors)
            listing = partial(self._listing, "authors", "authors_index", authors, self.labels["authors"], 10)
            plan.append(self._pages("authors", "", self._listing_pages(len(authors), 10), listing))
            plan += [_one(self.src_uri("authors", a.slug), self.author_page, name) for name, a in c.authors.items()]
        if "topics" in kinds:
            c.graphs.topics  # noqa: B018 - read by every topic page
            by_size = sorted(c.topics.values(), key=lambda t: (-len(t.papers), t.name))
            names = [t.name for t in by_size]
            listing = partial(self._listing, "topics", "topics_index", names, self.labels["topics"])
            plan.append(self._pages("topics", "", self._listing_pages(len(names)), listing))
            plan += [
                self._pages("topics", t.slug, self._chronological_pages(len(t.papers)), partial(self.topic_pages, name))
                for name, t in c.topics.items()
            ]
        if "days" in kinds:
            days = list(reversed(c.days.values()))
            plan.append(
                _one(self.src_uri("days"), self._page, "days_index", "days", title=self.labels["days"], days=days,
                     volatile=True)
            )  # fmt: skip
            dates = list(c.days)
            for i, date in enumerate(dates):
                previous, following = dates[i - 1] if i else None, dates[i + 1] if i + 1 < len(dates) else None
                plan.append(_one(self.src_uri("days", date), self.day_page, date, previous, following))
        if "graph" in kinds:
            plan.append(_one(self.src_uri("graph"), self._page, "graph", "graph", title=self.labels["graph"]))
        return plan

    def _pages(
        self, kind: str, slug: str, numbers: Sequence[int], make: Callable[[], Iterable[GeneratedPage]]
    ) -> PageMaker:
        """A maker of the pages ``numbers`` of ``kind/slug`` (see :meth:`src_uri`)."""
        return PageMaker(tuple(self.src_uri(kind, slug, n) for n in numbers), make)

    def nav(self) -> list[tuple[str, str]]:
        """``(title, src_uri)`` of the index pages, for the navigation."""
        entries = [(self.labels["overview"], self.src_uri("overview")), (self.labels["papers"], self.src_uri("papers"))]
        for kind in ("authors", "topics", "days", "graph"):
            if kind in self.options.kinds:
                entries.append((self.labels[kind], self.src_uri(kind)))
        return entries

    def _listing(
        self, kind: str, template: str, items: list[str], title: str, per_page: int = 1
    ) -> Iterator[GeneratedPage]:
        """An index in pages of ``per_page * page_size`` entries: the front page, then ``page/2``, ..."""
        size = max(1, self.options.page_size * per_page)
        numbers = self._listing_pages(len(items), per_page)
        pages = len(numbers)
        for i, n in enumerate(numbers):
            url = self.url(kind, "", n)
            pager = {
                "label": f"{self.labels['page']} {i + 1} / {pages}", "chronological": False,
                "newer": _relative(url, self.url(kind, "", numbers[i - 1])) if i else None,
                "older": _relative(url, self.url(kind, "", numbers[i + 1])) if i + 1 < pages else None,
            }  # fmt: skip
            yield self._page(
                template, kind, page=n, title=title if i == 0 else f"{title} ({i + 1}/{pages})", volatile=True,
                items=items[i * size : (i + 1) * size], pager=pager, total=len(items), search=False,
            )  # fmt: skip

    def _papers_index(self) -> Iterator[GeneratedPage]:
        newest = self.corpus.newest()
        title = self.labels["papers"]
        for n, papers, pager in self._chronological("papers", "", newest):
            front = n == 0  # the front page counts every paper; archived pages only show theirs
            yield self._page(
                "papers_index", "papers", page=n, title=title if front else f"{title} ({pager['label']})",
                volatile=front, papers=papers, pager=pager, total=len(newest) if front else None, search=False,
            )  # fmt: skip

    def _chronological(self, kind: str, slug: str, items: list) -> list[tuple[int, list, dict]]:
        """A newest-first list in pages that keep their entries as newer ones arrive.

        ``page/1`` holds the oldest ``page_size`` entries, ``page/2`` the next ones,
        and so on; the front page holds the newest, between one and two pages'
        worth. A new day then changes the front page and adds pages behind it,
        while every archived page stays as it was (and is kept by ``--dirty``).
        Returns ``(page number, entries newest first, pager)``, the front (0) first.
        """
        size = max(1, self.options.page_size)
        total = len(items)
        archived = len(self._chronological_pages(total)) - 1
        urls = [self.url(kind, slug, k) for k in range(archived + 1)]
        out = []
        for k in range(archived + 1):
            if k == 0:
                entries, first, last = items[: total - archived * size], archived * size + 1, total
                newer, older = None, archived or None
            else:
                entries, first, last = items[total - k * size : total - (k - 1) * size], (k - 1) * size + 1, k * size
                newer, older = (k + 1 if k < archived else 0), (k - 1 or None)
            pager = {
                "label": f"{first}–{last}" if archived else "", "chronological": True,
                "newer": _relative(urls[k], urls[newer]) if newer is not None else None,
                "older": _relative(urls[k], urls[older]) if older is not None else None,
            }  # fmt: skip
            out.append((k, entries, pager))
        return out

    def _listing_pages(self, count: int, per_page: int = 1) -> list[int]:
        """The page numbers of an index of ``count`` entries (see :meth:`_listing`): 0, 2, 3, ..."""
        pages = max(1, math.ceil(count / max(1, self.options.page_size * per_page)))
        return [0, *range(2, pages + 1)]

    def _chronological_pages(self, count: int) -> range:
        """The page numbers of a list of ``count`` entries (see :meth:`_chronological`): the front (0), 1, 2, ..."""
        return range(max(0, count // max(1, self.options.page_size) - 1) + 1)

    def render_paper(self, key: str) -> str:
        return self.paper_page(key).render()

    def render_author(self, name: str) -> str:
        return self.author_page(name).render()

    def paper_page(self, key: str) -> GeneratedPage:
        c = self.corpus
        paper = c.papers[key]
        return self._page(
            "paper", "papers", c.paper_slugs[key], title=paper.display_title, paper=paper,
            note=self.notes.get(key), related=[p for p, _ in c.related_papers(key, self.options.related)],
            search=True,
            derived=lambda: {
                "bibtex": Markup(escape(bibtex(paper))), "links": paper_links(paper),
                "graph": self._paper_graph(paper),
            },
        )  # fmt: skip

    def author_page(self, name: str) -> GeneratedPage:
        c = self.corpus
        author = c.authors[name]
        papers = [c.papers[k] for k in author.papers]

        def derived() -> dict:
            topics = Counter(t for p in papers for t in p.topics)
            return {
                "coauthors": c.coauthors(name)[:30], "topics": sorted(topics.items(), key=lambda kv: (-kv[1], kv[0])),
                "graph": self._author_graph(name),
            }  # fmt: skip

        return self._page(
            "author", "authors", author.slug, title=name, author=author, node=node_id(AUTHOR, name),
            papers=papers, search=True, derived=derived,
        )  # fmt: skip

    def render_topic(self, name: str) -> Iterator[tuple[str, str]]:
        for page in self.topic_pages(name):
            yield page.src_uri, page.render()

    def topic_pages(self, name: str) -> Iterator[GeneratedPage]:
        c = self.corpus
        topic = c.topics[name]
        related: list[tuple[str, int]] = []
        if name in self.corpus.graphs.topics:
            related = sorted(
                ((t, d["weight"]) for t, d in self.corpus.graphs.topics[name].items()), key=lambda kv: (-kv[1], kv[0])
            )[:20]
        authors = Counter(a for k in topic.papers for a in c.papers[k].authors)
        top_authors = sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
        for n, keys, pager in self._chronological("topics", topic.slug, topic.papers):
            first = n == 0  # an archived page holds its own papers only, so that it stays as it is
            yield self._page(
                "topic", "topics", topic.slug, page=n, title=name if first else f"{name} ({pager['label']})",
                topic=topic if first else None, papers=[c.papers[k] for k in keys],
                related=related if first else [], top_authors=top_authors if first else [], first=first,
                pager=pager, search=first, graph=self._local_graph(node_id(TOPIC, name)) if first else None,
            )  # fmt: skip

    def render_day(self, date: str, previous: str | None, following: str | None) -> str:
        return self.day_page(date, previous, following).render()

    def day_page(self, date: str, previous: str | None, following: str | None) -> GeneratedPage:
        c = self.corpus
        groups: dict[str, list[Paper]] = defaultdict(list)
        for p in c.newest(c.days[date].papers):
            group = category_topic(p.main_category) if p.main_category else (p.topics[0] if p.topics else "")
            groups[group].append(p)
        ordered = sorted(groups.items(), key=lambda kv: (kv[0] == "", -len(kv[1]), kv[0]))
        return self._page(
            "day", "days", date, title=date, date=date, groups=ordered, count=len(c.days[date].papers),
            previous=previous, following=following, search=False,
        )  # fmt: skip

    def _page(
        self, template: str, kind: str, slug: str = "", page: int = 0, *, title: str, search: bool = False,
        volatile: bool = False, derived: Callable[[], dict] | None = None, **context,
    ) -> GeneratedPage:  # fmt: skip
        """A page of ``template`` at ``kind/slug`` (page ``page``), fingerprinted unless ``volatile``.

        Volatile pages (indexes, the overview) read corpus-wide figures in their
        templates; every other page depends only on its context, which the
        fingerprint covers. ``derived()`` adds context computed only when the page
        is rendered: values that follow from the fingerprinted context alone (a
        paper's BibTeX, an author's co-authors among their own papers), so they
        need no fingerprint of their own.
        """
        url = self.url(kind, slug, page)
        fingerprint = None
        if not volatile:
            h = hashlib.blake2b(self._salt, digest_size=16)
            h.update(f"{template}\x00{url}\x00{title}\x00{search}\x00".encode("utf-8", "surrogatepass"))
            for name in sorted(context):
                h.update(name.encode())
                self._fingerprint(context[name], h)
            fingerprint = h.hexdigest()

        def render() -> str:
            extra = derived() if derived else {}
            return self._render(template, url, title=title, search=search, **context, **extra)

        return GeneratedPage(self.src_uri(kind, slug, page), fingerprint, render)

    def _render(self, template: str, url: str, *, title: str, search: bool = False, **context) -> str:
        base = _base(url)
        helpers = self._helpers.get(base)
        if helpers is None:
            helpers = self._helpers[base] = _Helpers(self, base)
        body = self.env.get_template(f"{template}.md").render(
            title=title, base=base, link=helpers.link, href=helpers.href, paper_link=helpers.paper_link,
            author_link=helpers.author_link, topic_link=helpers.topic_link, day_link=helpers.day_link,
            author_list=helpers.author_list, topic_chips=helpers.topic_chips, paper_item=helpers.paper_item,
            paper_list=helpers.paper_list, ranked_authors=helpers.ranked_authors, author_index=helpers.author_index,
            **context,
        )  # fmt: skip
        meta = {"title": str(escape(title))}
        if not search:
            meta["search"] = {"exclude": True}
        return "---\n" + json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n---\n\n" + body

    # -- fingerprints -------------------------------------------------------------

    @cached_property
    def _salt(self) -> bytes:
        """What every page depends on: this package's code, the templates in use, options and labels."""
        h = hashlib.blake2b(code_digest(), digest_size=16)
        for name in sorted(self.env.list_templates()):
            source, _, _ = self.env.loader.get_source(self.env, name)
            h.update(f"{name}\x00{source}\x00".encode("utf-8", "surrogatepass"))
        h.update(repr(self.options).encode())
        h.update(json.dumps(self.labels, sort_keys=True).encode())
        return h.digest()

    def _paper_digest(self, paper: Paper) -> str:
        """A paper's fields and the slugs its links resolve to (authors, topics, days, its page)."""
        digest = self._paper_digests.get(paper.key)
        if digest is None:
            c = self.corpus
            links = (
                c.paper_slugs.get(paper.key),
                [getattr(c.authors.get(a), "slug", None) for a in paper.authors],
                [getattr(c.topics.get(t), "slug", None) for t in paper.topics],
                [d in c.days for d in paper.days],
            )
            data = f"{paper!r}\x00{links!r}".encode("utf-8", "surrogatepass")
            digest = self._paper_digests[paper.key] = hashlib.blake2b(data, digest_size=16).hexdigest()
        return digest

    @cached_property
    def _paper_digests(self) -> dict[str, str]:
        return {}

    def _fingerprint(self, value, h) -> None:
        """Feed a page context to the hash ``h``: every value, and where each name's link leads."""
        if isinstance(value, str):
            c = self.corpus
            author, topic = c.authors.get(value), c.topics.get(value)
            h.update(b"s")
            h.update(value.encode("utf-8", "surrogatepass"))
            h.update(f"\x00{author and author.slug}\x00{topic and topic.slug}\x00{value in c.days}\x01".encode())
        elif isinstance(value, Paper):
            h.update(f"p{self._paper_digest(value)}".encode())
        elif isinstance(value, dict):  # graph data and pagers: links already resolved to URLs
            h.update(json.dumps(value, ensure_ascii=False, default=repr).encode("utf-8", "surrogatepass"))
        elif isinstance(value, (list, tuple)):
            h.update(b"[")
            for v in value:
                self._fingerprint(v, h)
            h.update(b"]")
        else:  # numbers, None, and dataclasses of plain values (Author, Topic, Note)
            h.update(repr(value).encode("utf-8", "surrogatepass"))
            h.update(b"\x01")

    @cached_property
    def _helpers(self) -> dict[str, _Helpers]:
        return {}

    def top_authors(self, n: int) -> list[tuple[str, int]]:
        """``(name, paper count)`` of the ``n`` authors with the most papers (ties by name)."""
        ranked = sorted(self.corpus.authors.values(), key=lambda a: (-len(a.papers), a.name))[:n]
        return [(a.name, len(a.papers)) for a in ranked]

    def top_topics(self, n: int) -> list[tuple[str, int]]:
        """``(name, paper count)`` of the ``n`` biggest topics."""
        ranked = sorted(self.corpus.topics.values(), key=lambda t: (-len(t.papers), t.name))[:n]
        return [(t.name, len(t.papers)) for t in ranked]

    # -- graphs -------------------------------------------------------------------

    def _local_graph(self, center: str) -> dict | None:
        """View data of a node's neighbourhood in the combined graph."""
        if "graph" not in self.options.kinds:
            return None
        sub, chosen = self.corpus.graphs.local(center, self.options.local_graph_nodes)
        if len(chosen) < 2:
            return None
        return view_data(sub, chosen, self.node_url, center=center, metrics=False)

    def _paper_graph(self, paper: Paper) -> dict | None:
        """A paper's view: its authors (the first 12) and topics, every two linked by the paper.

        What :func:`view_data` draws for these nodes as a local view, built from the
        paper alone (no graph needed): ids in order, sizes 0, every edge of weight 1.
        """
        if "graph" not in self.options.kinds:
            return None
        c = self.corpus
        nodes = [node_id(AUTHOR, a) for a in paper.authors[:12] if a in c.authors]
        nodes += [node_id(TOPIC, t) for t in paper.topics if t in c.topics]
        chosen = sorted(set(nodes[: self.options.local_graph_nodes + 1]))
        if len(chosen) < 2:
            return None
        rows = [self._node_row(n, 0) for n in chosen]
        edges = [[i, j, 1] for i in range(len(chosen)) for j in range(i + 1, len(chosen))]
        return view_data_rows(rows, edges, center=False)

    def _author_graph(self, name: str) -> dict | None:
        """An author's local view, seen through their own papers only.

        The author's strongest co-authors and topics (by papers shared with the
        author), linked to each other where one of the author's papers links them:
        the view changes when the author's papers do, not when a co-author
        publishes elsewhere.
        """
        if "graph" not in self.options.kinds:
            return None
        c = self.corpus
        center = node_id(AUTHOR, name)
        groups = [self._paper_nodes(key) for key in c.authors[name].papers]
        shared: Counter[str] = Counter()
        for group in groups:
            shared.update(group)
        shared.pop(center, None)  # in every group
        ranked = heapq.nsmallest(self.options.local_graph_nodes, shared.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked:
            return None
        chosen = sorted(n for n, _ in ranked)
        index = {n: i for i, n in enumerate(chosen, 1)}
        rows = [self._node_row(center, len(c.authors[name].papers))]
        rows += [self._node_row(n, shared[n]) for n in chosen]
        edges = {(0, i): shared[n] for n, i in index.items()}
        for group in groups:
            members = sorted(index[n] for n in group if n in index)
            edges.update({(u, v): 1 for k, u in enumerate(members) for v in members[k + 1 :]})
        return view_data_rows(rows, sorted([u, v, w] for (u, v), w in edges.items()), center=True)

    def _paper_nodes(self, key: str) -> tuple[str, ...]:
        """The node ids of a paper's authors and topics (each once): shared by the pages of all its authors."""
        nodes = self._paper_node_cache.get(key)
        if nodes is None:
            paper = self.corpus.papers[key]
            topics = self.corpus.topics
            ids = [node_id(AUTHOR, a) for a in paper.authors] + [node_id(TOPIC, t) for t in paper.topics if t in topics]
            nodes = self._paper_node_cache[key] = tuple(dict.fromkeys(ids))
        return nodes

    @cached_property
    def _paper_node_cache(self) -> dict[str, tuple[str, ...]]:
        return {}

    def _node_row(self, node: str, papers: int) -> list:
        row = self._node_rows.get(node)
        if row is None:
            kind, name, item = node_item(self.corpus, node)
            row = self._node_rows[node] = node_row(node, name, kind, self.node_url(kind, item.slug), 0)
        row = row.copy()
        row[4] = papers  # see node_row
        return row

    @cached_property
    def _node_rows(self) -> dict[str, list]:
        return {}

    def global_graph(self) -> dict:
        """The global view: top ``graph_nodes`` nodes by PageRank, positions laid out (and cached)."""
        sub = self.corpus.graphs.top(self.options.graph_nodes, cache_dir=self.cache_dir)
        positions = cached_layout(sub, self.cache_dir)
        return view_data(sub, list(sub), self.node_url, positions)

    def release(self) -> None:
        """Let go of what only making pages needs (the corpus' graphs, cached snippets).

        MkDocs then holds every page in memory while it renders them: at that peak,
        a graph with hundreds of thousands of edges is dead weight. Anything used
        again is built again.
        """
        for name in ("_helpers", "_paper_digests", "_node_urls", "_paper_node_cache", "_node_rows"):
            self.__dict__.pop(name, None)
        self.corpus.__dict__.pop("graphs", None)

    def asset_uris(self) -> list[str]:
        """The ``dest_uri`` of each static file :meth:`assets` makes, known before they are made."""
        return [self._graph_json_uri] if "graph" in self.options.kinds else []

    def assets(self) -> Iterator[tuple[str, bytes]]:
        """Static files: ``(dest_uri, bytes)``."""
        if "graph" in self.options.kinds:
            yield self._graph_json(self.global_graph())

    @property
    def _graph_json_uri(self) -> str:
        return f"{self.prefix}graph/graph.json"

    def _graph_json(self, data: dict) -> tuple[str, bytes]:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return self._graph_json_uri, text.encode("utf-8")

    def start_assets(self, worth: bool = True) -> Background[list[tuple[str, bytes]]]:
        """:meth:`assets`, made by another process while this one makes pages, if ``worth`` it.

        A forked process makes them whole. Where forking is not safe (under ``mkdocs
        serve``, other threads run), this process picks the global view's nodes (by
        PageRank) and a fresh interpreter finds their communities and lays them out
        (:func:`~mkdocs_arxdigest.graph.lay_out_top`), the slow part. The result is
        the same either way.
        """
        if not worth or "graph" not in self.options.kinds or can_fork():
            return Background(lambda: list(self.assets()), fork=worth)
        parts = self.corpus.graphs.top_parts(self.options.graph_nodes)
        if parts is None:
            return Background(lambda: list(self.assets()), fork=False)
        core, top = parts

        def finish(laid_out: tuple[dict[str, int], dict[str, tuple[float, float]]]) -> list[tuple[str, bytes]]:
            community, positions = laid_out
            set_communities(top, community)
            return [self._graph_json(view_data(top, list(top), self.node_url, positions))]

        return Background(lay_out_top, core, top, self.cache_dir, then=finish)


class _Helpers:
    """Link and list helpers for pages at one depth (``base``), with their HTML cached.

    Most pages sit at the same depth (``papers/<id>/``), so an author link or a
    paper's list entry is rendered once and reused on every page that shows it.
    """

    def __init__(self, site: Site, base: str):
        self.site = site
        self.base = base
        self.authors_on = "authors" in site.options.kinds
        self.topics_on = "topics" in site.options.kinds
        self.days_on = "days" in site.options.kinds
        self._author: dict[str, Markup] = {}
        self._topic: dict[str, Markup] = {}
        self._item: dict[tuple[str, bool], Markup] = {}
        self.labels = site.labels

    def link(self, kind: str, slug: str = "", page: int = 0) -> Markup:
        return Markup(escape(self.base + self.site.url(kind, slug, page) or "./"))

    def href(self, url: str) -> Markup:
        return Markup(escape(self.base + url or "./"))

    def paper_link(self, paper: Paper) -> Markup:
        return self.link("papers", self.site.corpus.paper_slugs[paper.key])

    def author_link(self, name: str) -> Markup | None:
        author = self.site.corpus.authors.get(name)
        return self.link("authors", author.slug) if self.authors_on and author else None

    def topic_link(self, name: str) -> Markup | None:
        topic = self.site.corpus.topics.get(name)
        return self.link("topics", topic.slug) if self.topics_on and topic else None

    def day_link(self, date: str) -> Markup | None:
        return self.link("days", date) if self.days_on and date in self.site.corpus.days else None

    def author(self, name: str) -> Markup:
        html = self._author.get(name)
        if html is None:
            url = self.author_link(name)
            if url:
                html = Markup(f'<a class="arxdigest-author" href="{url}">{escape(name)}</a>')
            else:
                html = Markup(f'<span class="arxdigest-author">{escape(name)}</span>')
            self._author[name] = html
        return html

    def author_list(self, names: Sequence[str], complete: bool = True, limit: int = 0) -> Markup:
        shown = names[:limit] if limit else names
        html = ", ".join([self.author(n) for n in shown])
        if limit and len(names) > limit:
            html += f", … (+{len(names) - limit})"
        if not complete:
            html += f' <span class="arxdigest-badge">{escape(self.labels["first_author_only"])}</span>'
        return Markup(html)

    def topic(self, name: str, count: int | None = None) -> Markup:
        key = name if count is None else f"{name}\x00{count}"
        html = self._topic.get(key)
        if html is None:
            url = self.topic_link(name)
            inner = f"{escape(name)} <span>{int(count)}</span>" if count is not None else escape(name)
            if url:
                html = Markup(f'<a class="arxdigest-chip" href="{url}">{inner}</a>')
            else:
                html = Markup(f'<span class="arxdigest-chip">{inner}</span>')
            self._topic[key] = html
        return html

    def topic_chips(self, topics: Sequence[str] | Sequence[tuple[str, int]]) -> Markup:
        return Markup(" ".join([self.topic(*t) if isinstance(t, tuple) else self.topic(t) for t in topics]))

    def ranked_authors(self, pairs: Sequence[tuple[str, int]]) -> Markup:
        """``<li>`` items of authors with a count (co-authors, top authors)."""
        return Markup(
            "\n".join(
                [f'<li>{self.author(name)} <span class="arxdigest-count">{int(n)}</span></li>' for name, n in pairs]
            )
        )

    def author_index(self, names: Sequence[str]) -> Markup:
        """An A–Z list of authors (``names`` in order) with their paper counts: a heading per first letter."""
        authors = self.site.corpus.authors
        groups: dict[str, list[tuple[str, int]]] = {}
        for name in names:
            groups.setdefault(name[:1].upper(), []).append((name, len(authors[name].papers)))
        return Markup(
            "\n".join(
                f'<h3 class="arxdigest-letter">{escape(letter)}</h3>\n<ul class="arxdigest-columns">\n'
                f"{self.ranked_authors(pairs)}\n</ul>"
                for letter, pairs in groups.items()
            )
        )

    def paper_list(self, papers: Sequence[Paper], tldr: bool = True) -> Markup:
        """A ``<ul>`` of papers, or the "no papers" line."""
        if not papers:
            return Markup(f"<p>{escape(self.labels['no_papers'])}</p>")
        items = "\n".join([self.paper_item(p, tldr) for p in papers])
        return Markup(f'<ul class="arxdigest-papers">\n{items}\n</ul>')

    def paper_item(self, paper: Paper, tldr: bool = True) -> Markup:
        """One ``<li>`` of a paper list: title, translated title, authors, date, id, TL;DR."""
        key = (paper.key, tldr)
        html = self._item.get(key)
        if html is None:
            parts = [
                f'<li class="arxdigest-paper"><a class="arxdigest-paper__title" href="{self.paper_link(paper)}">'
                f"{escape(paper.display_title)}</a>"
            ]
            if paper.title and paper.title_translated:
                parts.append(f' <span class="arxdigest-paper__translated">{escape(paper.title_translated)}</span>')
            meta = str(self.author_list(paper.authors, paper.authors_complete, 5))
            if paper.date:
                meta += f" · {escape(paper.date)}"
            meta += f" · <code>{escape(paper.key)}</code>"
            parts.append(f'<br><span class="arxdigest-paper__meta">{meta}</span>')
            if tldr and paper.tldr:
                parts.append(f'<br><span class="arxdigest-paper__tldr">{escape(paper.tldr)}</span>')
            parts.append("</li>")
            html = self._item[key] = Markup("".join(parts))
        return html


def _one_line(value):
    """Jinja ``finalize``: plain strings print on one line, so an HTML block never holds a blank line."""
    if isinstance(value, str) and not isinstance(value, Markup) and "\n" in value:
        return value.replace("\n", " ")
    return value


_MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_escape(value) -> Markup:
    """Escape text for a Markdown context (a heading): HTML-escaped, Markdown punctuation backslashed."""
    return Markup(_MD_SPECIAL_RE.sub(r"\\\1", str(escape(_one_line(str(value))))))


_BLOCK_RE = re.compile(r"<p>ARXDIGEST(\d{6})</p>")
_HEADING_RE = re.compile(r"#{1,6} ")


def _segments(part: str) -> list[str]:
    """Split a paragraph so that every heading line stands alone (ends and starts HTML blocks)."""
    if "\n#" not in part and not (part.startswith("#") and "\n" in part):
        return [part]
    segments: list[str] = []
    current: list[str] = []
    for line in part.split("\n"):
        if _HEADING_RE.match(line):
            if current:
                segments.append("\n".join(current))
            segments.append(line)
            current = []
        else:
            current.append(line)
    if current:
        segments.append("\n".join(current))
    return segments


_DEFERRED_RE = re.compile(r'<div data-search-exclude data-arxdigest-block="(\d{6})"></div>')


def stash_html(markdown: str) -> tuple[str, list[str]]:
    """Take the raw HTML blocks out of a generated page before Markdown sees it.

    Blocks are paragraphs (separated by blank lines) that start with ``<``; each
    becomes a placeholder paragraph, and :func:`unstash_html` puts the HTML back
    into the rendered page. Markdown then only handles the headings, which keeps
    generated pages far cheaper to render than hand-written ones.
    """
    out: list[str] = []
    blocks: list[str] = []
    for part in markdown.split("\n\n"):
        for segment in _segments(part):
            if segment.startswith("<"):
                out.append(f"ARXDIGEST{len(blocks):06d}")
                blocks.append(segment)
            elif segment:
                out.append(segment)
    return "\n\n".join(out), blocks


def unstash_html(html: str, blocks: list[str], defer_excluded: bool = False) -> str:
    """Put stashed blocks back in one pass (restored HTML is never scanned again).

    With ``defer_excluded``, blocks whose first tag carries ``data-search-exclude``
    stay behind as empty excluded placeholders, for :func:`restore_deferred`
    after the search plugin has read the page: search then never parses HTML it
    would skip anyway.
    """

    def put(m: re.Match[str]) -> str:
        block = blocks[int(m.group(1))]
        if defer_excluded and "data-search-exclude" in block[: block.find(">") + 1]:
            return f'<div data-search-exclude data-arxdigest-block="{m.group(1)}"></div>'
        return block

    return _BLOCK_RE.sub(put, html)


def deferred_blocks(html: str, blocks: list[str]) -> dict[int, str]:
    """The blocks :func:`unstash_html` left behind in ``html``: all that :func:`restore_deferred` needs.

    The others are in the page already; holding them until every page is rendered
    would keep each page's HTML in memory twice.
    """
    return {int(i): blocks[int(i)] for i in _DEFERRED_RE.findall(html)}


def restore_deferred(html: str, blocks: list[str] | dict[int, str]) -> str:
    return _DEFERRED_RE.sub(lambda m: blocks[int(m.group(1))], html)


def pack_page(html: str, deferred: dict[int, str] | None) -> bytes:
    """A page's HTML and its deferred blocks, compressed while the page waits to be written."""
    return zlib.compress(pickle.dumps((html, deferred), protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack_page(packed: bytes) -> tuple[str, dict[int, str] | None]:
    """What :func:`pack_page` packed (never data from outside the process)."""
    return pickle.loads(zlib.decompress(packed))


def _base(page_url: str) -> str:
    """The way from the page at ``page_url`` (relative to the site root) back to the root."""
    return "../" * page_url.count("/")


def _relative(page_url: str, target_url: str) -> str:
    """A link from the page at ``page_url`` to ``target_url`` (both relative to the site root)."""
    return _base(page_url) + target_url or "./"


def _tojson(value) -> Markup:
    """JSON for a single-quoted HTML attribute value: ``'``, ``&``, ``<`` and ``>`` escaped.

    JSON's own double quotes stay as they are (``&#34;`` would take five bytes each:
    a fifth of a local graph's data).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;"))


# -- paper details ------------------------------------------------------------------

_BIBKEY_RE = re.compile(r"[^a-z0-9]+")


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


def _year(paper: Paper) -> str:
    """Year of first submission: from a new-style arXiv id, else the publication date."""
    m = re.match(r"(\d{2})(\d{2})\.", paper.key)
    if m:
        return f"20{m.group(1)}"
    if paper.published:
        return paper.published[:4]
    if m:
        return f"20{m.group(1)}"
    m = re.search(r"/(\d{2})\d{5}$", paper.key)
    if m:
        return ("19" if int(m.group(1)) > 90 else "20") + m.group(1)
    return max(paper.days)[:4] if paper.days else ""


def _bib(text: str) -> str:
    return re.sub(r"[{}\\]", "", text)


def bibtex(paper: Paper) -> str:
    """A BibTeX entry for a paper (plain text; escaped when rendered)."""
    first = paper.authors[0].split()[-1] if paper.authors else "anon"
    word = next((w for w in re.findall(r"[A-Za-z]+", paper.title) if len(w) > 3), "paper")
    key = _BIBKEY_RE.sub("", f"{first}{_year(paper)}{word}".lower()) or hashlib.sha1(paper.key.encode()).hexdigest()[:8]
    authors = " and ".join(_bib(a) for a in paper.authors)
    if authors and not paper.authors_complete:
        authors += " and others"
    fields = [("title", _bib(paper.display_title)), ("author", authors), ("year", _year(paper))]
    if paper.is_arxiv:
        fields += [("eprint", paper.key), ("archivePrefix", "arXiv")]
        if paper.main_category:
            fields.append(("primaryClass", _bib(paper.main_category)))
        fields.append(("url", f"https://arxiv.org/abs/{paper.key}"))
        kind = "misc"
    else:
        fields += [("doi", _bib(paper.doi or paper.key[4:])), ("url", f"https://doi.org/{paper.key[4:]}")]
        kind = "article"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{key},\n{body}\n}}"


def load_notes(folder: str | os.PathLike[str]) -> tuple[dict[str, Note], list[str]]:
    """Read ``<arxiv-id>.md`` notes (front matter: ``tags``, ``status``, ``rating``).

    File names use ``_`` or ``-`` for the ``/`` of old-style ids (``hep-th_9901001.md``).
    Returns the notes by paper key and warnings for unreadable files.
    """
    import frontmatter

    from .ids import parse_arxiv_id

    notes: dict[str, Note] = {}
    warnings: list[str] = []
    root = Path(folder)
    if not root.is_dir():
        return notes, warnings
    for path in sorted(root.glob("*.md")):
        stem = path.stem
        found = parse_arxiv_id(stem) or parse_arxiv_id(re.sub(r"^([a-z-]+(?:\.[A-Z]{2})?)[_-](\d{7})$", r"\1/\2", stem))
        if not found:
            warnings.append(f"{path}: note file name is not an arXiv id; skipped")
            continue
        try:
            post = frontmatter.loads(path.read_text(encoding="utf-8-sig"))
        except Exception as exc:  # YAML errors, bad encodings: a warning, never a failed build
            warnings.append(f"{path}: cannot read note: {exc}")
            continue
        tags = post.get("tags") or []
        if not isinstance(tags, (list, tuple)):  # a single tag, whatever its YAML type
            tags = [tags]
        tags = [normalize(sanitize(str(t))) for t in tags if t is not None and not isinstance(t, (list, dict))]
        notes[found[0]] = Note(
            key=found[0], content=normalize_block(sanitize(post.content)), tags=[t for t in tags if t],
            status=normalize(sanitize(str(post.get("status") or ""))),
            rating=normalize(sanitize(str(post.get("rating") or ""))),
        )  # fmt: skip
    return notes, warnings
