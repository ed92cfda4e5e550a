"""One object that owns a build round: the only code that forks, freezes the heap, spills or counts processes.

A front end (the MkDocs plugin, the generator-independent build) keeps one
:class:`Builder` per project, and for each round calls, in order:

1. :meth:`Builder.begin`, then :meth:`Builder.load` (digests in, a merged corpus out, through the parse cache);
2. :meth:`Builder.start` with a :class:`~mkdocs_arxdigest.pages.Site`: every page and static file is
   planned, with the path it will have; worker processes start making and writing them;
3. :meth:`Builder.settle`: what is made in this process is made now; the site lets go of its graphs;
4. :meth:`Builder.finish`: every page and static file is written, the store records them;
5. :meth:`Builder.end` (or :meth:`Builder.abort` when the round failed).
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple

from ..aliases import read_aliases
from ..corpus import Corpus
from ..graph import lay_out_top, set_communities
from ..load import load_corpus
from ..notes import Note, load_notes
from ..pages import Page, PageMaker, Site, downloads
from ..pages.feed import files as feed_files
from ..pages.graph import global_data, global_json
from ..sources import source_warning, unmatched_sources
from .cache import ParseCache, SimilarCache
from .fingerprint import Fingerprints
from .heap import freeze_heap, thaw_heap
from .search import SearchReport, place_bundle, prepare_bundle
from .store import Spill, Store, UnsafePath
from .workers import Background, GeneratedPage, PageStream, can_fork, processes_for, worth_processes

log = logging.getLogger("mkdocs.plugins.arxdigest")


class Planned(NamedTuple):
    """A page or static file of the round, before it is made."""

    src_uri: str
    """Its path in the site's sources (``papers/1706.03762.md``, ``graph/graph.json``)."""
    path: str
    """Where it is (or will be) written, in the store."""
    ready: Callable[[], None] | None
    """Waits until it is written (``None``: it is, or will be before anyone reads it)."""
    static: bool = False
    """A static file (a feed, a citation file, graph data), written by :meth:`Builder.finish`."""


@dataclass
class Report:
    """What a round made: counts for the build log."""

    pages: int
    kept: int
    rendered: int
    rewritten: int
    refused: int
    processes: int

    def __str__(self) -> str:
        processes = f"{self.processes} process{'' if self.processes == 1 else 'es'}"
        return (
            f"{self.pages} pages ({self.kept} kept by fingerprint, {self.rendered} rendered in {processes}: "
            f"{self.rewritten} rewritten, {self.rendered - self.rewritten} unchanged)"
        )


class Builder:
    """The build machinery of one project (its cache folder), kept across the rounds of ``mkdocs serve``.

    Args:
        cache_dir: the cache folder: ``pages/`` (the store), ``parsed.pickle``, ``layout/``.
        keep_parsed: keep parsed digests in memory after a round (``mkdocs serve``); a single build frees them.
        concurrency: the ``concurrency`` option: ``0`` chooses, ``1`` works in this process only.
    """

    def __init__(self, cache_dir: str | os.PathLike[str], *, keep_parsed: bool = False, concurrency: int = 0):
        self.cache_dir = Path(cache_dir)
        self.layout_dir = self.cache_dir / "layout"
        self.keep_parsed = keep_parsed
        self.concurrency = concurrency
        self.store = Store(self.cache_dir / "pages")
        self.parse_cache = ParseCache(self.cache_dir / "parsed.pickle")
        self.similar_cache = SimilarCache(self.cache_dir / "similar.pickle", keep=keep_parsed)
        self.spill = Spill(self.cache_dir)
        self._stream: PageStream | None = None
        self._assets: Background[list[tuple[str, bytes]]] | None = None
        self._asset_uris: set[str] = set()
        self._corpus: Corpus | None = None
        self._site: Site | None = None
        self._search: threading.Thread | None = None
        self._search_report: SearchReport | None = None
        self._started = self._parsed = 0.0
        self.report: Report | None = None

    # -- a round --------------------------------------------------------------------

    def begin(self) -> None:
        """Start a round: what MkDocs and the plugin hold stay out of garbage collections until it ends."""
        self.wait_search()  # the last round's index reads the site folder this round writes
        freeze_heap()
        self._stop_workers()  # any left by a round that failed
        self.spill.close()
        self._started = time.perf_counter()

    def load(
        self, sources: Iterable[str | os.PathLike[str]], *, aliases: Mapping[str, Sequence[str]] | None = None,
        topic_rules: Mapping[str, Sequence[str]] | None = None, builtin_topics: bool = True,
        base: str | os.PathLike[str] | None = None, notes: Mapping[str, Sequence[str]] | None = None,
        topic_aliases: Mapping[str, Sequence[str]] | None = None,
    ) -> Corpus:  # fmt: skip
        """Parse and merge the digests, through the parse cache (only new or changed files are parsed)."""
        corpus = load_corpus(
            sources, aliases=aliases, topic_rules=topic_rules, builtin_topics=builtin_topics, base=base, notes=notes,
            cache=self.parse_cache, concurrency=self.concurrency, topic_aliases=topic_aliases,
        )  # fmt: skip
        self.parse_cache.save()
        if not self.keep_parsed:  # one build: the parsed files live on in the corpus; free their copies
            self.parse_cache.clear()
        self._corpus = corpus
        self._parsed = time.perf_counter()
        return corpus

    def load_project(self, options, root: Path) -> tuple[Corpus, dict[str, Note]]:
        """:meth:`load` with a front end's options (the ``arxdigest`` entry of ``mkdocs.yml``); warnings logged.

        ``options`` has the plugin's option names as attributes; paths in it are relative to ``root``.
        Returns the corpus and the user's notes.
        """

        def resolve(value: str) -> Path:
            path = Path(value)
            return path if path.is_absolute() else root / path

        notes, note_warnings = load_notes(resolve(options.notes))
        for message in note_warnings:
            log.warning(message)
        corpus = self.load(
            [resolve(s) for s in options.sources], aliases=read_aliases(resolve(options.aliases)) if options.aliases
            else None, topic_rules=options.topic_rules, builtin_topics=options.builtin_topic_rules, base=root,
            notes={k: n.tags for k, n in notes.items()}, topic_aliases=options.topic_aliases,
        )  # fmt: skip
        for entry in unmatched_sources(options.sources, root):
            log.warning(source_warning(entry, root))
        for warning in [*corpus.warnings, *corpus.topic_aliases.warnings]:
            log.warning(str(warning))
        return corpus, notes

    def start(self, site: Site) -> Iterator[Planned]:
        """Plan every page and static file of ``site``; start making them. Yields them in plan order.

        Pages whose path would leave the store are refused with one warning each.
        """
        self._site = site
        self.store.begin()
        site.graphs.adjacency  # noqa: B018 - timed apart from the pages
        if site.wants_similar():  # once, before workers fork (they share it); through the cache
            site.similar = self.similar_cache.lists(site.corpus.papers, **site.similar_settings())
        self._graphed = time.perf_counter()
        freeze_heap(more=True)  # the corpus, with the rest
        # The global view (layout, communities) is made by another process meanwhile, if worth it.
        worth = worth_processes(len(site.corpus.papers), self.concurrency) > 1
        site.asset_kept = self._asset_kept
        self._assets = _start_assets(site, worth)
        fingerprints = Fingerprints(site)
        plan = [PageMaker(e.src_uris, partial(_make, site, fingerprints, e)) for e in site.plan()]
        self._stream = stream = PageStream(plan, self.store, processes_for(len(plan), self.concurrency))
        if site.enabled("search"):  # after the forks above: a thread running forbids them
            self._start_search(site)
        for src_uri, path, chunk in stream.planned():
            if path is None:
                log.warning("arxdigest: refused to write unsafe path %r", src_uri)
                continue
            yield Planned(src_uri, path, partial(stream.wait, chunk) if stream.processes > 1 else None)
        self._asset_uris = set()
        for dest_uri in site.asset_uris():
            try:
                path = str(self.store.path(dest_uri))
            except UnsafePath:
                log.warning("arxdigest: refused to write unsafe path %r", dest_uri)
                continue
            self.store.expect(dest_uri)  # written later: not pruned now
            self._asset_uris.add(dest_uri)
            yield Planned(dest_uri, path, None, static=True)

    def settle(self) -> None:
        """Make now what this process makes (pages without workers, static files made here); release the graphs."""
        if self._stream is not None and self._stream.processes == 1:
            self._finish_pages()
        if self._assets is not None and not self._assets.detached:
            self._write_assets()  # while the site's graphs are there
        done = time.perf_counter()
        log.debug(
            "arxdigest timings: parse=%.3fs graph=%.3fs pages=%.3fs total=%.3fs",
            self._parsed - self._started, self._graphed - self._parsed, done - self._graphed, done - self._started,
        )  # fmt: skip
        if self._site is not None:
            self._site.release()

    def finish(self) -> Report | None:
        """Wait for every page and static file; record them in the store. The round's :class:`Report`."""
        stream = self._stream
        self._finish_pages()
        waited = stream.waited if stream is not None else 0.0
        started = time.perf_counter()
        self._write_assets()
        log.debug("arxdigest timings: pages_wait=%.3fs assets=%.3fs", waited, time.perf_counter() - started)
        return self.report

    def publish(self, site_dir: str | os.PathLike[str]) -> int:
        """Copy the round's static files into ``site_dir`` where they are missing or older there; how many.

        At 10k papers a site has ~32,000 of them (feeds, citation files): given to MkDocs as
        files, each would cost a ``File``, its URL, and stat calls on every ``--dirty`` build,
        seconds in all; copied here, a new day copies the few hundred it changed. Call it
        after :meth:`finish` (MkDocs: ``on_env``; its clean build has emptied ``site_dir``).
        """
        copied, refused = self.store.publish(sorted(self._asset_uris), Store(site_dir))
        for rel in refused:
            log.warning("arxdigest: refused to write unsafe path %r", rel)
        return len(copied)

    def _start_search(self, site: Site) -> None:
        """Make the search bundle from the site's records in a thread, into the cache, while MkDocs renders.

        The records come from the corpus, not from the written pages, so the index is made alongside
        the pages (Pagefind works in its own process) and only when the records changed
        (:func:`~mkdocs_arxdigest.build.search.prepare_bundle`).
        """
        from ..pages.search import records

        self.wait_search()
        self._search_report = None

        def run() -> None:
            try:
                self._search_report = prepare_bundle(records(site), self.cache_dir)
            except (ImportError, FileNotFoundError) as error:
                log.warning("arxdigest: no search index (%s); install pagefind and pagefind-bin-extended", error)
            except Exception as error:  # noqa: BLE001 - a thread: say so; the next build tries again
                log.warning("arxdigest: search index failed: %s", error)

        self._search = threading.Thread(target=run, name="arxdigest-search", daemon=True)
        self._search.start()

    def index_search(self, site_dir: str | os.PathLike[str], prefix: str, background: bool = False) -> None:
        """Put the round's search bundle (made by :meth:`_start_search`) at ``<site_dir>/<prefix>pagefind/``.

        With ``background`` (``mkdocs serve``: the browser reloads at once), a thread waits for it
        and puts it in place while the server goes on; the next round waits for that first
        (:meth:`begin`). The old bundle serves until the new one is swapped in.
        """
        if background:
            waiting, self._search = self._search, None

            def place() -> None:
                if waiting is not None:
                    waiting.join()
                self._place_search(site_dir, prefix, background=True)

            self._search = threading.Thread(target=place, name="arxdigest-search-place", daemon=True)
            self._search.start()
        else:
            self.wait_search()
            self._place_search(site_dir, prefix, background=False)

    def wait_search(self) -> None:
        """Wait for a search bundle made in the background (see :meth:`_start_search`)."""
        thread, self._search = getattr(self, "_search", None), None
        if thread is not None:
            thread.join()

    def _place_search(self, site_dir, prefix: str, background: bool) -> None:
        report: SearchReport | None = getattr(self, "_search_report", None)
        if report is None:
            return  # said when it failed
        for message in report.errors:
            log.warning("arxdigest: search index: %s", message)
        if report.errors:
            return
        started = time.perf_counter()
        try:
            place_bundle(report.bundle, Path(site_dir) / f"{prefix}pagefind")
        except OSError as error:
            if not background:
                raise
            log.warning("arxdigest: search index not written: %s", error)
            return
        log.info(
            "arxdigest: search index of %d pages, %d files, %.1f MB in %.1fs (%s), placed in %.2fs",
            report.pages, report.files, report.bytes / 1e6, report.seconds,
            "unchanged records: reused" if report.reused else "made while pages rendered",
            time.perf_counter() - started,
        )  # fmt: skip

    def end(self) -> None:
        """The round is over: free the spill, let garbage collections see everything again."""
        self.spill.close()
        thaw_heap()

    def abort(self) -> None:
        """The round failed: stop the workers, then :meth:`end`."""
        self._stop_workers()
        self.end()

    # -- helpers --------------------------------------------------------------------

    def _finish_pages(self) -> None:
        if self._stream is None:
            return
        stream, self._stream = self._stream, None
        rendered = stream.finish()
        store = self.store
        store.prune()
        store.save()
        pages = len(rendered.paths)
        rewritten = sum(1 for rel in store.written if rel in rendered.paths)
        self.report = Report(
            pages, store.kept, pages - store.kept, rewritten, len(rendered.refused), rendered.processes
        )
        c = self._corpus
        if c is not None:
            log.info(
                "arxdigest: %d papers, %d authors, %d topics, %d days from %d files; %s",
                len(c.papers), len(c.authors), len(c.topics), len(c.days), len(c.files), self.report,
            )  # fmt: skip

    def _asset_kept(self, dest_uri: str, size: int) -> bool:
        """Whether the store holds ``dest_uri`` as a file of ``size`` bytes (see :attr:`Site.asset_kept`)."""
        try:
            _, st = self.store.locate(dest_uri)
        except UnsafePath:
            return False
        return st is not None and stat.S_ISREG(st.st_mode) and st.st_size == size

    def _write_assets(self) -> None:
        if self._assets is None:
            return
        with self._assets as assets:
            self._assets = None
            for dest_uri, data in assets.result():
                if dest_uri in self._asset_uris:
                    self.store.write(dest_uri, data)

    def _stop_workers(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        if self._assets is not None:
            self._assets.close()
            self._assets = None


def _make(site: Site, fingerprints: Fingerprints, entry: PageMaker) -> list[GeneratedPage]:
    """The pages of a plan entry, each with its fingerprint and renderer."""
    return [GeneratedPage(p.src_uri, fingerprints.of(p), partial(_render, site, p)) for p in entry.make()]


def _render(site: Site, page: Page) -> str:
    return site.render(page)


def _start_assets(site: Site, worth: bool) -> Background[list[tuple[str, bytes]]]:
    """The site's static files, made by another process while this one makes pages, if ``worth`` it.

    A forked process makes them whole. Where forking is not safe (under ``mkdocs
    serve``, other threads run), this process picks the global view's nodes (by
    PageRank) and a fresh interpreter finds their communities and lays them out
    (:func:`~mkdocs_arxdigest.graph.lay_out_top`), the slow part. The result is
    the same either way.
    """
    if not worth or not site.enabled("graph") or can_fork():
        return Background(lambda: site.assets(), fork=worth)
    parts = site.graphs.top_parts(site.options.graph_nodes)
    if parts is None:
        return Background(lambda: site.assets(), fork=False)
    core, top = parts

    def finish(laid_out: tuple[dict[str, int], dict[str, tuple[float, float]]]) -> list[tuple[str, bytes]]:
        community, positions = laid_out
        set_communities(top, community)
        return [global_json(site, global_data(site, top, positions)), *feed_files(site), *downloads.files(site)]

    return Background(lay_out_top, core, top, site.cache_dir, then=finish)
