"""The MkDocs plugin: event hooks of a few lines each, calling the core (:mod:`~mkdocs_arxdigest.build`)."""

from __future__ import annotations

import logging
from pathlib import Path

try:
    from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
except ImportError as error:  # MkDocs 2 has no plugins: say so in one line rather than in a traceback
    raise ImportError(
        "mkdocs-arxdigest needs MkDocs 1.x (or ProperDocs): this MkDocs has no 1.x plugin API; "
        "use `arxdigest build` before your generator instead"
    ) from error
from mkdocs.structure.files import Files

from .build.round import Builder
from .config import ArxDigestConfig, site_options
from .mkdocs_helpers import (
    GeneratedPages,
    add_assets_to_config,
    extend_nav,
    generated_file,
    hoist_meta,
    package_files,
    quiet_jieba,
)
from .pages import Site
from .parsers import iter_files

log = logging.getLogger("mkdocs.plugins.arxdigest")


class ArxDigestPlugin(BasePlugin[ArxDigestConfig]):
    """Turn folders of arXiv digests into paper, author, topic, day and graph pages."""

    builder: Builder | None = None
    site: Site | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds,
        # so parsed digests and written pages are remembered between them.
        self._serving = command == "serve"
        quiet_jieba()

    def on_config(self, config):
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.docs_dir = Path(config.docs_dir).resolve()
        add_assets_to_config(config)
        cache = (self.root / self.config.cache_dir).resolve()
        if self.builder is None or self.builder.cache_dir != cache:
            self.builder = Builder(cache, keep_parsed=self._serving, concurrency=self.config.concurrency)
            self.generated = GeneratedPages(self.builder.spill)
        self.builder.concurrency = self.config.concurrency
        return config

    def on_files(self, files: Files, *, config) -> Files:
        self.builder.begin()
        self.generated.reset()
        corpus, notes = self.builder.load_project(self.config, self.root)
        self._take_over(files, bool(notes))
        self.site = Site(
            corpus, site_options(self.config, config, files), template_dirs=config.theme.dirs, notes=notes,
            cache_dir=self.builder.layout_dir,
        )  # fmt: skip
        self._add_generated(files, config)
        self.builder.settle()
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        return self.generated.stash(page, markdown)

    def _unstash(self, html, *, page, config, files):
        return self.generated.unstash(page, html)

    @event_priority(-100)  # after every other plugin has seen the page's HTML
    def _pack(self, html, *, page, config, files):
        return self.generated.pack(page, html)

    on_page_content = CombinedEvent(_unstash, _pack)

    @event_priority(100)  # before the search plugin reads the page
    def _unpack(self, context, *, page, config, nav):
        self.generated.unpack(page)
        return context

    @event_priority(-100)  # after the search plugin has indexed the page
    def _restore(self, context, *, page, config, nav):
        self.generated.restore(page)
        return context

    on_page_context = CombinedEvent(_unpack, _restore)

    def on_post_page(self, output, *, page, config):
        self.generated.written(page)
        return hoist_meta(output)

    def on_env(self, env, *, config, files):
        self.builder.finish()  # every page has been read; static files are copied next
        self.builder.publish(config.site_dir)
        return env

    def on_post_build(self, *, config) -> None:
        self.builder.end()
        if "search" in self.config.pages:  # from the written pages; under serve, while the browser reloads
            self.builder.index_search(config.site_dir, self.site.prefix, background=self._serving)

    def on_build_error(self, *, error) -> None:
        if self.builder is not None:
            self.builder.abort()

    def on_serve(self, server, *, config, builder):
        for path in [*self._sources(), self._resolve(self.config.notes)]:
            if path.exists() and not path.is_relative_to(self.docs_dir):
                server.watch(str(path))
        return server

    # -- helpers ------------------------------------------------------------------

    def _resolve(self, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else self.root / path

    def _sources(self) -> list[Path]:
        return [self._resolve(s) for s in self.config.sources]

    def _take_over(self, files: Files, notes: bool) -> None:
        """Digests and notes inside ``docs_dir`` become pages of the plugin, not raw pages."""
        inputs = {p.resolve() for p in iter_files(self._sources())}
        notes_dir = self._resolve(self.config.notes).resolve()
        for file in list(files):
            if file.abs_src_path is None:
                continue
            path = Path(file.abs_src_path).resolve()
            if path in inputs or (notes and path.parent == notes_dir and path.suffix == ".md"):
                files.remove(file)

    def _add_generated(self, files: Files, config) -> None:
        """Tell MkDocs of every page and static file the builder plans (the pages are written meanwhile)."""
        nav = {src for _, src in self.site.nav()}
        docs = {f.src_uri: f for f in files}
        for planned in self.builder.start(self.site):
            existing = docs.pop(planned.src_uri, None)
            if existing is not None:
                log.warning("arxdigest: generated %s replaces a file of the same name in docs_dir", planned.src_uri)
                files.remove(existing)
            if planned.static:  # copied into site_dir by the builder (on_env), not one File each
                continue
            self.generated.add(planned.src_uri)
            file = generated_file(config, planned.src_uri, planned.path, planned.src_uri in nav)
            file.ready = planned.ready
            files.append(file)
        assets, missing = package_files(config)
        for asset in assets:
            files.append(asset)
        for asset in missing:
            log.warning("arxdigest: %s is missing from the installed package; reinstall it to get graph views", asset)
        if self.config.nav:
            extend_nav(config, files, self.config.nav_title or self.site.labels["knowledge_base"], self.site.nav())
