"""MkDocs-specific helpers of the plugin: generated files, and HTML blocks set aside from Markdown.

Generated pages skip most of the Markdown pipeline: their raw HTML blocks are
taken out before Markdown runs (:func:`stash_html`) and put back after
(:func:`unstash_html`), so only the headings are parsed. Blocks that Material's
search would skip anyway wait until it has read the page (:func:`restore_deferred`).
"""

from __future__ import annotations

import logging
import pickle
import re
import zlib
from collections.abc import Callable

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import nest_paths

from .pages.assets import ASSETS, PACKAGE


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


def _below_warning(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


def quiet_jieba() -> None:
    """Drop jieba's "Building prefix dict…" lines (its own DEBUG messages on every build), keep its warnings.

    Material's search segments Chinese with jieba, which logs four lines to stderr on
    each build and each ``mkdocs serve`` rebuild. A filter on jieba's logger holds
    whenever jieba is imported (jieba resets the logger's level when it is).
    """
    logger = logging.getLogger("jieba")
    if _below_warning not in logger.filters:
        logger.addFilter(_below_warning)


def add_assets_to_config(config) -> None:
    """``attr_list`` (for ``{ data-search-exclude }`` headings) and the plugin's CSS and JavaScript."""
    if "attr_list" not in config.markdown_extensions:
        config.markdown_extensions.append("attr_list")
    for asset in ASSETS:
        extra = config.extra_css if asset.endswith(".css") else config.extra_javascript
        if asset not in [str(x) for x in extra]:
            extra.append(asset)


def package_files(config) -> tuple[list[File], list[str]]:
    """The plugin's static files as MkDocs files, and the names of those missing from the installation."""
    files, missing = [], []
    for asset in ASSETS:
        if (PACKAGE / asset).exists():
            files.append(File(asset, str(PACKAGE), config.site_dir, config.use_directory_urls))
        else:
            missing.append(asset)
    return files, missing


def generated_file(config, src_uri: str, path: str, in_nav: bool) -> GeneratedFile:
    """A generated page or asset written at ``path``; listed in the nav only if ``in_nav``."""
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    return GeneratedFile.generated(config, src_uri, abs_src_path=path, inclusion=inclusion)


def extend_nav(config, files: Files, title: str, section: list[tuple[str, str]]) -> None:
    """Add the knowledge base's index pages as one nav section (after the user's nav, or the docs' own pages)."""
    entries = [{label: src} for label, src in section]
    if config.nav is None:
        ours = {src for _, src in section}
        user = nest_paths(
            f.src_uri for f in files.documentation_pages() if f.inclusion.is_in_nav() and f.src_uri not in ours
        )
        config.nav = [*user, {title: entries}] if user else entries
    else:
        config.nav = [*config.nav, {title: entries}]


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


class GeneratedPages:
    """The generated pages of a round as MkDocs renders them: HTML blocks set aside, HTML spilled while it waits.

    MkDocs holds every page's source and HTML until the last page is written: a
    generated page gives its source back once rendered and waits compressed, in
    ``spill`` (a file), until the theme renders it; its HTML is given back once written.
    """

    def __init__(self, spill):
        self.spill = spill
        self.uris: set[str] = set()
        self._blocks: dict[str, list[str] | dict[int, str]] = {}

    def reset(self) -> None:
        """Forget what a round (perhaps a failed one) left."""
        self.uris, self._blocks = set(), {}
        self.spill.close()

    def add(self, src_uri: str) -> None:
        if src_uri.endswith(".md"):
            self.uris.add(src_uri)

    def stash(self, page, markdown: str) -> str:
        """``on_page_markdown``: the page's HTML blocks out of Markdown's way."""
        if page.file.src_uri not in self.uris:
            return markdown
        markdown, self._blocks[page.file.src_uri] = stash_html(markdown)
        return markdown

    def unstash(self, page, html: str) -> str:
        """``on_page_content``: the blocks back, but those search skips (until :meth:`restore`)."""
        blocks = self._blocks.get(page.file.src_uri)
        if not blocks:
            return html
        html = unstash_html(html, blocks, defer_excluded=True)
        self._blocks[page.file.src_uri] = deferred_blocks(html, blocks)
        return html

    def pack(self, page, html: str) -> str:
        """``on_page_content``, last: the page's HTML waits in the spill; MkDocs keeps nothing of it."""
        if page.file.src_uri not in self.uris:
            return html
        self.spill.put(page.file.src_uri, pack_page(html, self._blocks.pop(page.file.src_uri, None)))
        page.markdown = ""
        return ""

    def unpack(self, page) -> None:
        """``on_page_context``, first: the page's HTML back from the spill, before search reads it."""
        packed = self.spill.take(page.file.src_uri)
        if packed is not None:
            page.content, blocks = unpack_page(packed)
            if blocks:
                self._blocks[page.file.src_uri] = blocks

    def restore(self, page) -> None:
        """``on_page_context``, last: the blocks search skipped, once it has read the page."""
        blocks = self._blocks.pop(page.file.src_uri, None)
        if blocks:
            page.content = restore_deferred(page.content, blocks)

    def written(self, page) -> None:
        """``on_post_page``: the page is written; MkDocs would keep its HTML until the build ends."""
        if page.file.src_uri in self.uris:
            page.content = ""


META_START, META_END = "<!--arxdigest-meta-->", "<!--/arxdigest-meta-->"


def hoist_meta(html: str) -> str:
    """Move a generated page's meta tags (between :data:`META_START` and :data:`META_END`) into ``<head>``.

    Zotero's connector and Google Scholar read ``citation_*`` tags from the head only; the page
    template can only write into the body, so the block is marked there and moved here.
    """
    head = html.find("</head>")
    blocks = []
    start = html.find(META_START, head)
    while head >= 0 and start >= 0:  # each block of the page (the citation tags, the feed links), in order
        end = html.find(META_END, start)
        if end < 0:
            break
        blocks.append(html[start + len(META_START) : end])
        html = html[:start] + html[end + len(META_END) :]
        start = html.find(META_START, start)
    if not blocks:
        return html
    return html[:head] + "".join(blocks) + "\n" + html[head:]
