"""A site: the corpus, the options and the templates, from which every page kind makes its pages."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..corpus import Corpus
from ..graph import Graphs
from ..i18n import labels as get_labels
from ..notes import Note
from ..reading import watch_matches
from ..similar import Similar, similar_papers
from ..slugs import unique_slugs
from . import feed
from .base import Page, PageMaker
from .kinds import KINDS
from .render import Renderer
from .urls import Urls

#: The kinds of page the ``pages`` option can list (papers are always built).
PAGE_KINDS = ("papers", "authors", "topics", "days", "graph", "search", "reading")


@dataclass
class SiteOptions:
    prefix: str = ""
    kinds: Sequence[str] = PAGE_KINDS
    page_size: int = 100
    language: str = "en"
    search_abstracts: bool = False
    related: int = 8
    #: MkDocs' ``site_url`` (absolute page URLs for citation meta tags); empty: relative URLs.
    site_url: str = ""
    #: Lowest blended score of a similar paper (see :mod:`~mkdocs_arxdigest.similar`).
    similar_threshold: float = 0.2
    graph_nodes: int = 1500
    local_graph_nodes: int = 24
    use_directory_urls: bool = True
    #: ``index`` makes the overview the home of ``prefix``; ``overview`` when the user has their own.
    overview_name: str = "index"
    #: Which feeds to write (some of ``feed.FEED_KINDS``; empty: none) and how many papers each holds.
    feeds: Sequence[str] = ()
    feed_entries: int = 20
    #: Watched keywords (the ``watch`` option): a page and a feed each, their papers highlighted in lists.
    watch: Sequence[str] = ()
    #: Citation formats offered for download (``bibtex``, ``ris``, ``csl-json``); empty: none.
    downloads: Sequence[str] = ("bibtex", "ris", "csl-json")


class Site:
    """Everything the knowledge base adds to a site, computed from a :class:`Corpus`.

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
        self.urls = Urls(self.prefix, self.options.overview_name, self.options.use_directory_urls)
        self.graphs = Graphs(corpus)
        self.renderer = Renderer(self, template_dirs)
        self._memo: dict[str, dict] = {}
        #: ``asset_kept(dest_uri, size)``: whether a static file of the last round is still there, that size
        #: (set by the builder, which owns the files); feeds whose inputs did not change are then not made again.
        self.asset_kept: Callable[[str, int], bool] | None = None

    def enabled(self, kind: str) -> bool:
        return kind == "papers" or kind in self.options.kinds or (kind == "watch" and bool(self.options.watch))

    @cached_property
    def watch_matches(self) -> dict[str, list[str]]:
        """Each watched keyword's papers (keys, newest first); see :func:`~mkdocs_arxdigest.reading.watch_matches`."""
        return watch_matches(self.corpus.papers, self.options.watch) if self.options.watch else {}

    @cached_property
    def watch_slugs(self) -> dict[str, str]:
        """The slug of each watched keyword's page (``watch/<slug>/``)."""
        return unique_slugs(self.watch_matches)

    @cached_property
    def watched(self) -> dict[str, list[str]]:
        """The watched keywords each matching paper matches (by key), for highlighting it in lists."""
        found: dict[str, list[str]] = {}
        for pattern, keys in self.watch_matches.items():
            for key in keys:
                found.setdefault(key, []).append(pattern)
        return found

    def plan(self) -> list[PageMaker]:
        """Every generated page, in order, as makers: each makes one or a few pages.

        Making a page (its context) is a good part of its cost: makers let another
        process make and render a range of pages from this plan, which is cheap to
        list, with the path of every page: MkDocs can be told of a page before it is made.
        """
        return [entry for module in KINDS if self.enabled(module.KIND) for entry in module.plan(self)]

    def page(
        self, template: str, kind: str, slug: str = "", page: int = 0, *, title: str, search: bool = False,
        volatile: bool = False, derived: Callable[[], dict] | None = None, **context: Any,
    ) -> Page:  # fmt: skip
        """A page of ``template`` at ``kind/slug`` (page ``page``); see :class:`Page`.

        ``search``: the theme's search (Material's) indexes the page. Only while the knowledge base has
        no search of its own: its index holds papers, authors and topics already, and Material's would
        be fetched whole on every page (7 MB at 10k papers) for the same papers.
        """
        return Page(
            self.urls.src_uri(kind, slug, page), self.urls.url(kind, slug, page), template, title, context,
            search and not self.enabled("search"), volatile, derived,
        )  # fmt: skip

    def render(self, page: Page) -> str:
        return self.renderer.render(page)

    def pages(self) -> Iterator[tuple[str, str]]:
        """Every generated page as ``(src_uri, markdown)``, in plan order (each made and rendered here)."""
        for entry in self.plan():
            for page in entry.make():
                yield page.src_uri, self.render(page)

    def nav(self) -> list[tuple[str, str]]:
        """``(title, src_uri)`` of the index pages, for the navigation."""
        from . import reading

        entries = [(self.labels["overview"], self.urls.src_uri("overview"))]
        entries.append((self.labels["papers"], self.urls.src_uri("papers")))
        for kind in ("authors", "topics", "days", "graph"):
            if kind in self.options.kinds:
                entries.append((self.labels[kind], self.urls.src_uri(kind)))
        if self.enabled("watch"):  # the index, or the one keyword's page
            one = len(self.watch_matches) == 1
            slug = next(iter(self.watch_slugs.values())) if one else ""
            entries.append((self.labels["watched" if one else "watched_keywords"], self.urls.src_uri("watch", slug)))
        if self.enabled("reading") and reading.has_notes(self):
            entries.append((self.labels["reading_list"], self.urls.src_uri("reading")))
        if "search" in self.options.kinds:  # search.js finds the page from this nav entry
            entries.append((self.labels["search_papers"], self.urls.src_uri("search")))
        return entries

    # -- static files -------------------------------------------------------------

    def asset_uris(self) -> list[str]:
        """The ``dest_uri`` of each static file :meth:`assets` makes, known before they are made."""
        from . import downloads

        uris = [uri for module in KINDS if self.enabled(module.KIND) for uri in _asset_uris(module, self)]
        return uris + feed.asset_uris(self) + downloads.asset_uris(self)

    def assets(self) -> list[tuple[str, bytes]]:
        """Static files: ``(dest_uri, bytes)``."""
        from . import downloads, graph

        return (graph.global_view(self) if self.enabled("graph") else []) + feed.files(self) + downloads.files(self)

    # -- for templates and page kinds ----------------------------------------------

    def url(self, kind: str, slug: str = "", page: int = 0) -> str:
        """URL of a generated page, relative to the site root (for templates: ``site.url("graph")``)."""
        return self.urls.url(kind, slug, page)

    def top_authors(self, n: int) -> list[tuple[str, int]]:
        """``(name, paper count)`` of the ``n`` authors with the most papers (ties by name)."""
        ranked = sorted(self.corpus.authors.values(), key=lambda a: (-len(a.papers), a.name))[:n]
        return [(a.name, len(a.papers)) for a in ranked]

    def top_topics(self, n: int) -> list[tuple[str, int]]:
        """``(name, paper count)`` of the ``n`` biggest topics."""
        ranked = sorted(self.corpus.topics.values(), key=lambda t: (-len(t.papers), t.name))[:n]
        return [(t.name, len(t.papers)) for t in ranked]

    @cached_property
    def similar(self) -> dict[str, list[Similar]]:
        """Every paper's similar papers, computed once per site (a builder sets it from its cache first)."""
        return similar_papers(self.corpus.papers, **self.similar_settings()) if self.wants_similar() else {}

    def similar_settings(self) -> dict[str, Any]:
        return {"limit": self.options.related, "threshold": self.options.similar_threshold}

    def wants_similar(self) -> bool:
        """Whether paper pages list similar papers (``related`` is not 0)."""
        return self.options.related > 0

    def memo(self, name: str) -> dict:
        """A cache of this round, by name (snippets shared by many pages), emptied by :meth:`release`."""
        return self._memo.setdefault(name, {})

    def release(self) -> None:
        """Let go of what only making pages needs (the graphs, cached snippets).

        MkDocs then holds every page in memory while it renders them: at that peak,
        a graph with hundreds of thousands of edges is dead weight. Anything used
        again is built again.
        """
        self._memo = {}
        self.graphs = Graphs(self.corpus)
        self.renderer = Renderer(self, self.renderer.template_dirs)


def _asset_uris(module, site: Site) -> list[str]:
    uris = getattr(module, "asset_uris", None)
    return uris(site) if uris else []
