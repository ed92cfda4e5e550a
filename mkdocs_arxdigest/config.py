"""The plugin's options (``plugins: - arxdigest: {...}`` in ``mkdocs.yml``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

PAGE_KINDS = ("papers", "authors", "topics", "days", "graph")


class ArxDigestConfig(base.Config):
    sources = c.ListOfItems(c.Type(str), default=["digests"])
    """Digest files, folders (read recursively) or glob patterns, relative to ``mkdocs.yml``.
    Sources inside ``docs_dir`` are taken over (not also rendered as raw pages);
    sources outside it are watched by ``mkdocs serve``."""

    prefix = c.Type(str, default="")
    """URL prefix of every generated page, e.g. ``kb/`` gives ``kb/papers/<id>/``."""

    pages = c.ListOfItems(c.Choice(PAGE_KINDS), default=list(PAGE_KINDS))
    """Which kinds of page to build. Papers are always built; drop ``authors``,
    ``topics``, ``days`` or ``graph`` to leave those out."""

    page_size = c.Type(int, default=100)
    """Papers per page of the paper index and topic pages (newest first; ``page/1`` holds the
    oldest, so archived pages stay as they are when digests are added), topics per page of
    the topic index; the author index holds ten times as many names per page."""

    nav = c.Type(bool, default=True)
    """Add the plugin's index pages to the navigation (papers and authors themselves never are)."""

    nav_title = c.Type(str, default="")
    """Title of the navigation section holding the index pages (default: the language's "Knowledge base")."""

    notes = c.Type(str, default="notes")
    """Folder of ``<arxiv-id>.md`` notes with front matter (``tags``, ``status``, ``rating``),
    relative to ``mkdocs.yml``; ignored when missing."""

    aliases = c.Optional(c.Type(str))
    """YAML file of author aliases (``Canonical Name: [variant, ...]``), relative to ``mkdocs.yml``."""

    topic_rules = c.Type(dict, default={})
    """Keyword rules ``Topic name: [keyword, ...]`` added to the built-in ones (same name replaces)."""

    builtin_topic_rules = c.Type(bool, default=True)
    """Keep the built-in keyword rules (LLMs/大语言模型, diffusion/扩散, agents/智能体, ...)."""

    language = c.Optional(c.Choice(("en", "zh")))
    """Language of the generated pages' labels; default: ``theme.language``."""

    search_abstracts = c.Type(bool, default=False)
    """Index abstracts for search (off by default: the index stays ~1 KB per paper)."""

    related = c.Type(int, default=8)
    """Related papers listed on a paper page."""

    graph_nodes = c.Type(int, default=1500)
    """Nodes in the global graph view (highest PageRank first); laid out at build time."""

    local_graph_nodes = c.Type(int, default=24)
    """Neighbours drawn in the local graph on paper, author and topic pages."""

    cache_dir = c.Type(str, default=".cache/arxdigest")
    """Where generated pages and graph layouts are cached, relative to ``mkdocs.yml``.
    Keeps ``--dirty`` builds incremental; safe to delete."""

    concurrency = c.Type(int, default=0)
    """Processes that parse digests and make pages (workers go on rendering pages while MkDocs
    reads them): ``0`` starts one per CPU (up to 4, as far as free memory goes) when a build has
    at least 16 files to parse or 1,000 pages to make, and from 1,000 papers makes the global
    view in a process of its own meanwhile; ``1`` does it all in the MkDocs process. Workers
    are forked (Linux and other systems with ``fork``, not macOS), only while no other thread
    runs; elsewhere (``mkdocs serve``'s rebuilds) the global view's communities and layout go
    to a fresh interpreter. The output is the same either way."""


def site_options(plugin_config: ArxDigestConfig, config, files):
    """The :class:`~mkdocs_arxdigest.pages.SiteOptions` of a build, from the plugin's and MkDocs' config."""
    from .pages import SiteOptions

    prefix = plugin_config.prefix.strip("/")
    prefix = f"{prefix}/" if prefix else ""
    return SiteOptions(
        prefix=prefix, kinds=tuple(plugin_config.pages), page_size=plugin_config.page_size,
        language=plugin_config.language or config.theme.get("language") or "en",
        search_abstracts=plugin_config.search_abstracts, related=plugin_config.related,
        graph_nodes=plugin_config.graph_nodes, local_graph_nodes=plugin_config.local_graph_nodes,
        use_directory_urls=config.use_directory_urls,
        overview_name="overview" if files.get_file_from_path(f"{prefix}index.md") else "index",
    )  # fmt: skip
