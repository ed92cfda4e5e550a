"""The MkDocs plugin: event hooks only, each delegating to the pure core."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import nest_paths

from .config import ArxDigestConfig
from .corpus import Corpus, ParseCache, load_aliases, load_corpus
from .parsers import iter_files
from .site import (
    Site,
    SiteOptions,
    deferred_blocks,
    load_notes,
    pack_page,
    restore_deferred,
    stash_html,
    unpack_page,
    unstash_html,
)
from .store import Spill, Store, UnsafePath
from .workers import Background, PageStream, freeze_heap, processes_for, thaw_heap, worth_processes

log = logging.getLogger("mkdocs.plugins.arxdigest")
PACKAGE = Path(__file__).parent
ASSETS = (
    "assets/arxdigest/arxdigest.css",
    "assets/arxdigest/graph.css",
    "assets/arxdigest/graph.js",
    "assets/arxdigest/metrics.js",
)


def _read_when_ready(prop: property) -> property:
    """A content property of :class:`File` that waits for :attr:`GeneratedFile.ready` first."""

    def get(self: GeneratedFile):
        self._wait()
        return prop.fget(self)

    return property(get, prop.fset, doc=prop.__doc__)


class GeneratedFile(File):
    """A page or asset of the plugin's store.

    A page may still be being rendered by a worker when MkDocs takes over: ``ready``
    then waits until it is written, before anything reads it or its modification
    time. ``--dirty`` builds ask twice of every page whether its source is newer
    than its output (three ``stat`` calls each time); a generated file answers once.
    """

    ready: Callable[[], None] | None = None
    _modified: bool | None = None

    def _wait(self) -> None:
        if self.ready is not None:
            ready, self.ready = self.ready, None
            ready()

    def is_modified(self) -> bool:
        if self._modified is None:
            self._wait()
            self._modified = super().is_modified()
        return self._modified

    content_bytes = _read_when_ready(File.content_bytes)
    content_string = _read_when_ready(File.content_string)


class ArxDigestPlugin(BasePlugin[ArxDigestConfig]):
    """Turn folders of arXiv digests into paper, author, topic, day and graph pages."""

    corpus: Corpus | None = None
    site: Site | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds,
        # so parsed digests and written pages are remembered between them.
        self._parse_cache: ParseCache | None = None
        self._serving = command == "serve"
        self._store: Store | None = None
        self._generated: set[str] = set()
        self._blocks: dict[str, list[str] | dict[int, str]] = {}
        self._packed = Spill()  # generated pages' HTML, from on_page_content to on_page_context
        self._assets: Background[list[tuple[str, bytes]]] | None = None  # made meanwhile, written in on_env
        self._stream: PageStream | None = None  # pages rendered meanwhile, recorded in on_env
        self._asset_uris: set[str] = set()

    def on_config(self, config):
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.docs_dir = Path(config.docs_dir).resolve()
        if "attr_list" not in config.markdown_extensions:  # `{ data-search-exclude }` on headings
            config.markdown_extensions.append("attr_list")
        for asset in ASSETS:
            extra = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if asset not in [str(x) for x in extra]:
                extra.append(asset)
        cache = self.root / self.config.cache_dir
        if self._store is None or self._store.root != (cache / "pages").resolve():
            self._store = Store(cache / "pages")
            self._parse_cache = ParseCache(cache / "parsed.pickle")
            self._packed.close()
            self._packed = Spill(cache)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        # What MkDocs and this plugin hold, then the corpus (see _add_generated), stay out
        # of garbage collections until the build ends.
        freeze_heap()
        started = time.perf_counter()
        self.source_paths = [self._resolve(s) for s in self.config.sources]
        notes, note_warnings = load_notes(self._resolve(self.config.notes))
        for message in note_warnings:
            log.warning(message)
        aliases = load_aliases(self._resolve(self.config.aliases)) if self.config.aliases else None
        self.corpus = load_corpus(
            self.source_paths, aliases=aliases, topic_rules=self.config.topic_rules,
            builtin_topics=self.config.builtin_topic_rules, base=self.root,
            notes={k: n.tags for k, n in notes.items()}, cache=self._parse_cache,
            concurrency=self.config.concurrency,
        )  # fmt: skip
        self._parse_cache.save()
        if not self._serving:  # one build: the parsed files live on in the corpus; free their copies
            self._parse_cache.clear()
        parsed = time.perf_counter()
        for warning in self.corpus.warnings:
            log.warning(str(warning))
        self._take_over(files, notes)
        self.site = Site(
            self.corpus, self._options(config, files), template_dirs=config.theme.dirs, notes=notes,
            cache_dir=self.root / self.config.cache_dir / "layout",
        )  # fmt: skip
        self.corpus.graphs.adjacency  # noqa: B018 - timed apart from the pages (PageRank: only the global view)
        graphed = time.perf_counter()
        self._add_generated(files, config)
        if self._stream is not None and self._stream.processes == 1:
            self._finish_pages()  # made in this process, now
        if self._assets is not None and not self._assets.detached:
            self._write_assets()  # made in this process: now, while the corpus' graphs are there
        done = time.perf_counter()
        log.debug(
            "arxdigest timings: parse=%.3fs graph=%.3fs pages=%.3fs total=%.3fs",
            parsed - started, graphed - parsed, done - graphed, done - started,
        )  # fmt: skip
        self.site.release()
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        if page.file.src_uri in self._generated:
            markdown, self._blocks[page.file.src_uri] = stash_html(markdown)
        return markdown

    def _unstash(self, html, *, page, config, files):
        blocks = self._blocks.get(page.file.src_uri)
        if not blocks:
            return html
        html = unstash_html(html, blocks, defer_excluded=True)
        self._blocks[page.file.src_uri] = deferred_blocks(html, blocks)
        return html

    @event_priority(-100)  # after every other plugin has seen the page's HTML
    def _pack(self, html, *, page, config, files):
        # MkDocs holds every page's source and HTML until the last page is written: a
        # generated page waits compressed, on disk, instead, and gives its source back.
        if page.file.src_uri not in self._generated:
            return html
        self._packed.put(page.file.src_uri, pack_page(html, self._blocks.pop(page.file.src_uri, None)))
        page.markdown = ""
        return ""

    on_page_content = CombinedEvent(_unstash, _pack)

    @event_priority(100)  # before the search plugin reads the page
    def _unpack(self, context, *, page, config, nav):
        packed = self._packed.take(page.file.src_uri)
        if packed is not None:
            page.content, blocks = unpack_page(packed)
            if blocks:
                self._blocks[page.file.src_uri] = blocks
        return context

    @event_priority(-100)  # after the search plugin has indexed the page
    def _restore(self, context, *, page, config, nav):
        blocks = self._blocks.pop(page.file.src_uri, None)
        if blocks:
            page.content = restore_deferred(page.content, blocks)
        return context

    on_page_context = CombinedEvent(_unpack, _restore)

    def on_post_page(self, output, *, page, config):
        if page.file.src_uri in self._generated:
            page.content = ""  # written; MkDocs would keep it until the build ends
        return output

    def on_env(self, env, *, config, files):
        # Every page has been read; static files are copied next: the last moment for the assets.
        stream = self._stream
        self._finish_pages()
        waited = stream.waited if stream is not None else 0.0
        started = time.perf_counter()
        self._write_assets()
        log.debug("arxdigest timings: pages_wait=%.3fs assets=%.3fs", waited, time.perf_counter() - started)
        return env

    def on_post_build(self, *, config) -> None:
        self._packed.close()
        thaw_heap()

    def on_build_error(self, *, error) -> None:
        self._stop_workers()
        self._packed.close()
        thaw_heap()

    def on_serve(self, server, *, config, builder):
        for path in [*self.source_paths, self._resolve(self.config.notes)]:
            if path.exists() and not path.is_relative_to(self.docs_dir):
                server.watch(str(path))
        return server

    # -- helpers ------------------------------------------------------------------

    def _resolve(self, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else self.root / path

    def _options(self, config, files: Files) -> SiteOptions:
        prefix = self.config.prefix.strip("/")
        prefix = f"{prefix}/" if prefix else ""
        return SiteOptions(
            prefix=prefix, kinds=tuple(self.config.pages), page_size=self.config.page_size,
            language=self.config.language or config.theme.get("language") or "en",
            search_abstracts=self.config.search_abstracts, related=self.config.related,
            graph_nodes=self.config.graph_nodes, local_graph_nodes=self.config.local_graph_nodes,
            use_directory_urls=config.use_directory_urls,
            overview_name="overview" if files.get_file_from_path(f"{prefix}index.md") else "index",
        )  # fmt: skip

    def _take_over(self, files: Files, notes) -> None:
        """Digests and notes inside ``docs_dir`` become pages of the plugin, not raw pages."""
        inputs = {p.resolve() for p in iter_files(self.source_paths)}
        notes_dir = self._resolve(self.config.notes).resolve()
        for file in list(files):
            if file.abs_src_path is None:
                continue
            path = Path(file.abs_src_path).resolve()
            if path in inputs or (notes and path.parent == notes_dir and path.suffix == ".md"):
                files.remove(file)

    def _add_generated(self, files: Files, config) -> None:
        store = self._store
        store.begin()
        self._generated, self._blocks = set(), {}  # nothing left from a failed round
        self._packed.close()
        nav = {src for _, src in self.site.nav()}
        docs = {f.src_uri: f for f in files}  # looked up once per generated file
        # The global view (layout, communities) is made by another process meanwhile, if worth it,
        # and written when MkDocs is about to copy static files (on_env).
        worth = worth_processes(len(self.corpus.papers), self.config.concurrency) > 1
        freeze_heap(more=True)  # the corpus, with the rest
        self._stop_workers()  # any left by a round that failed
        self._assets = self.site.start_assets(worth)
        # Pages are made and rendered by workers while MkDocs goes on: the plan says where each
        # goes, MkDocs waits for a page only when it reads it (GeneratedFile); on_env records them all.
        plan = self.site.plan()
        self._stream = stream = PageStream(plan, store, processes_for(len(plan), self.config.concurrency))
        for src_uri, path, chunk in stream.planned():
            if path is None:
                log.warning("arxdigest: refused to write unsafe path %r", src_uri)
                continue
            file = self._add(files, config, docs, src_uri, path, nav)
            if stream.processes > 1:
                file.ready = partial(stream.wait, chunk)
        self._asset_uris = set()
        for dest_uri in self.site.asset_uris():
            try:
                path = str(store.path(dest_uri))
            except UnsafePath:
                log.warning("arxdigest: refused to write unsafe path %r", dest_uri)
                continue
            store.expect(dest_uri)  # written later: not pruned now
            self._asset_uris.add(dest_uri)
            self._add(files, config, docs, dest_uri, path, nav)
        for asset in ASSETS:
            if (PACKAGE / asset).exists():
                files.append(File(asset, str(PACKAGE), config.site_dir, config.use_directory_urls))
            else:
                log.warning(
                    "arxdigest: %s is missing from the installed package; reinstall it to get graph views", asset
                )
        if self.config.nav:
            self._extend_nav(config, files)

    def _finish_pages(self) -> None:
        """Wait for the pages started by :meth:`_add_generated`; record them in the store."""
        if self._stream is None:
            return
        stream, self._stream = self._stream, None
        rendered = stream.finish()
        store = self._store
        store.prune()
        store.save()
        c, pages, processes = self.corpus, len(rendered.paths) + len(rendered.refused), rendered.processes
        log.info(
            "arxdigest: %d papers, %d authors, %d topics, %d days from %d files; "
            "%d pages (%d unchanged, %d rewritten, rendered in %d process%s)",
            len(c.papers), len(c.authors), len(c.topics), len(c.days), len(c.files), pages, store.kept,
            len(store.written), processes, "" if processes == 1 else "es",
        )  # fmt: skip

    def _stop_workers(self) -> None:
        """Stop what :meth:`_add_generated` left running (a build failed before on_env)."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        if self._assets is not None:
            self._assets.close()
            self._assets = None

    def _write_assets(self) -> None:
        """Wait for the static files started by :meth:`_add_generated`; write them to the store."""
        if self._assets is None:
            return
        with self._assets as assets:
            self._assets = None
            for dest_uri, data in assets.result():
                if dest_uri in self._asset_uris:
                    self._store.write(dest_uri, data)

    def _add(
        self, files: Files, config, docs: dict[str, File], src_uri: str, path: str, nav: set[str]
    ) -> GeneratedFile:
        """Add a generated page or asset, written at ``path``, to ``files``."""
        existing = docs.pop(src_uri, None)
        if existing is not None:
            log.warning("arxdigest: generated %s replaces a file of the same name in docs_dir", src_uri)
            files.remove(existing)
        inclusion = InclusionLevel.UNDEFINED if src_uri in nav else InclusionLevel.NOT_IN_NAV
        if src_uri.endswith(".md"):
            self._generated.add(src_uri)
        file = GeneratedFile.generated(config, src_uri, abs_src_path=path, inclusion=inclusion)
        files.append(file)
        return file

    def _extend_nav(self, config, files: Files) -> None:
        title = self.config.nav_title or self.site.labels["knowledge_base"]
        section = [{label: src} for label, src in self.site.nav()]
        if config.nav is None:
            ours = {src for _, src in self.site.nav()}
            user = nest_paths(
                f.src_uri for f in files.documentation_pages() if f.inclusion.is_in_nav() and f.src_uri not in ours
            )
            config.nav = [*user, {title: section}] if user else section
        else:
            config.nav = [*config.nav, {title: section}]
