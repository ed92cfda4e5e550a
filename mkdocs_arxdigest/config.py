"""The plugin's options (``plugins: - arxdigest: {...}`` in ``mkdocs.yml``), each with its type and range.

A wrong value is refused here, as one line that names the option and says what to write (MkDocs
prints ``Config value 'plugins': Plugin 'arxdigest' option 'page_size': ...`` and stops), rather
than passing on to give a traceback, hundreds of warnings or a silently wrong site later.
"""

from __future__ import annotations

import difflib
import os
import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .aliases import AliasesError, check_mapping, read_aliases, regex_error
from .pages.feed import FEED_KINDS
from .pages.site import PAGE_KINDS


class _Option(base.BaseConfigOption):
    """An option whose empty value (``option:`` with nothing after it) means its default."""

    def __init__(self, default: Any = None) -> None:
        super().__init__()
        self.default = default

    def validate(self, value: object, /) -> Any:
        if value is None:
            if self.default is None:
                return None
            value = self.default
        return self.run_validation(value)


class Integer(_Option):
    """A whole number from ``minimum`` up (``true`` is not one, nor is ``"10"``)."""

    def __init__(self, default: int, minimum: int, meaning: str) -> None:
        super().__init__(default)
        self.minimum = minimum
        self.meaning = meaning

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"expected a whole number ({self.meaning}), got {_shown(value)}; e.g. {self.default}")
        if value < self.minimum:
            raise ValidationError(f"must be at least {self.minimum} ({self.meaning}), got {value}")
        return value


class Fraction(_Option):
    """A number from 0 to 1 (a whole number is one too; ``true`` and ``"0.1"`` are not)."""

    def __init__(self, default: float, meaning: str) -> None:
        super().__init__(default)
        self.meaning = meaning

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            shown = _shown(value)
            raise ValidationError(f"expected a number from 0 to 1 ({self.meaning}), got {shown}; e.g. {self.default}")
        if not 0 <= value <= 1:
            raise ValidationError(f"must be from 0 to 1 ({self.meaning}), got {value}")
        return float(value)


class Boolean(_Option):
    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"expected true or false, got {_shown(value)}")
        return value


class Text(_Option):
    """A string; ``nonempty`` refuses ``""`` (a folder that would be ``mkdocs.yml``'s own)."""

    def __init__(self, default: str | None = None, nonempty: bool = False, example: str = "") -> None:
        super().__init__(default)
        self.nonempty = nonempty
        self.example = example

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or (self.nonempty and not value.strip()):
            hint = f"; e.g. {self.example}" if self.example else ""
            raise ValidationError(f"expected {'non-empty ' if self.nonempty else ''}text, got {_shown(value)}{hint}")
        return value


class TextList(_Option):
    """A list of non-empty strings; one string alone stands for a list of it (never its letters).

    With ``patterns``, an item ``re:<regex>`` must compile.
    """

    def __init__(self, default: list[str], what: str, patterns: bool = False) -> None:
        super().__init__(default)
        self.what = what
        self.patterns = patterns

    def run_validation(self, value: object) -> list[str]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise ValidationError(f"expected a list of {self.what}s `[..., ...]`, got {_shown(value)}")
        for n, item in enumerate(items, 1):
            if not isinstance(item, str) or not item.strip():
                raise ValidationError(f"item {n}: expected a {self.what} (text), got {_shown(item)}")
            if self.patterns:
                try:
                    regex_error(item, f"item {n}: ")
                except ValueError as exc:
                    raise ValidationError(f"{exc}; write re:<regular expression> or plain text") from None
        return list(items)


class Choices(_Option):
    """Some of ``choices``, as a list (one alone may be written without brackets)."""

    def __init__(
        self, choices: tuple[str, ...], default: tuple[str, ...] | None = None, what: str = "page kind"
    ) -> None:
        super().__init__(list(choices if default is None else default))
        self.choices = choices
        self.what = what

    def run_validation(self, value: object) -> list[str]:
        items = [value] if isinstance(value, str) else value
        allowed = ", ".join(self.choices)
        if not isinstance(items, list):
            raise ValidationError(f"expected a list of some of {allowed}; got {_shown(value)}")
        for item in items:
            if item not in self.choices:
                close = difflib.get_close_matches(str(item), self.choices, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ValidationError(f"{_shown(item)} is not a {self.what}; {hint}write some of {allowed}")
        return list(items)


class FeedsOption(_Option):
    """``true`` (every feed), ``false`` (none), or ``{entries: 20, kinds: [all, topics, authors, watch]}``.

    The value is kept as ``{"entries": n, "kinds": [...]}`` (``kinds`` empty: no feeds).
    """

    ENTRIES = 20

    def __init__(self) -> None:
        super().__init__(True)

    def run_validation(self, value: object) -> dict[str, Any]:
        example = "write true, false or {entries: 20, kinds: [all, topics, authors, watch]}"
        if isinstance(value, bool):
            return {"entries": self.ENTRIES, "kinds": list(FEED_KINDS) if value else []}
        if not isinstance(value, dict):
            raise ValidationError(f"expected true, false or a mapping, got {_shown(value)}; {example}")
        for key in value:
            if key not in ("entries", "kinds"):
                close = difflib.get_close_matches(str(key), ("entries", "kinds"), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ValidationError(f"unknown key {_shown(key)}; {hint}{example}")
        entries = value.get("entries")
        entries = self.ENTRIES if entries is None else entries
        if isinstance(entries, bool) or not isinstance(entries, int) or entries < 1:
            raise ValidationError(f"entries: expected a whole number from 1 (papers per feed), got {_shown(entries)}")
        kinds = value.get("kinds")
        kinds = list(FEED_KINDS) if kinds is None else [kinds] if isinstance(kinds, str) else kinds
        if not isinstance(kinds, list):
            raise ValidationError(f"kinds: expected a list of some of {', '.join(FEED_KINDS)}; got {_shown(kinds)}")
        for kind in kinds:
            if kind not in FEED_KINDS:
                close = difflib.get_close_matches(str(kind), FEED_KINDS, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ValidationError(
                    f"kinds: {_shown(kind)} is not a feed; {hint}write some of {', '.join(FEED_KINDS)}"
                )
        return {"entries": entries, "kinds": [k for k in FEED_KINDS if k in kinds]}


class NameLists(_Option):
    """A mapping ``Name: [item, ...]`` (see :func:`aliases.check_mapping`: a lone string is a one-item list)."""

    def __init__(self, item: str) -> None:
        super().__init__({})
        self.item = item

    def run_validation(self, value: object) -> dict[str, list[str]]:
        try:
            return check_mapping(value, self.item)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class UrlPrefix(_Option):
    """A folder of the site, such as ``kb`` or ``kb/arxiv``: never outside it, nor an odd URL.

    The value is kept without its trailing ``/``.
    """

    _BAD_CHARS = re.compile(r"[\\\s?#%:*\"<>|\x00-\x1f\x7f]")

    def run_validation(self, value: object) -> str:
        example = "write a folder inside the site such as 'kb' or 'kb/arxiv', or '' for none"
        if not isinstance(value, str):
            raise ValidationError(f"expected text, got {_shown(value)}; {example}")
        prefix = value.rstrip("/")
        if not prefix:
            return ""
        if prefix.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", prefix):
            raise ValidationError(f"{value!r} is an absolute path; {example}")
        bad = self._BAD_CHARS.search(prefix)
        if bad:
            raise ValidationError(f"{value!r} holds {bad.group()!r}, which has no place in a URL folder; {example}")
        if any(part in ("", ".", "..") for part in prefix.split("/")):
            raise ValidationError(f"{value!r} has an empty, '.' or '..' part; {example}")
        return prefix


class AliasesFile(_Option):
    """The path (as written) of a readable aliases YAML file; relative paths are from ``mkdocs.yml``'s folder.

    The file is read here, so a missing file or a YAML mistake is one config error with
    the file and line instead of a traceback in the middle of the build.
    """

    def __init__(self) -> None:
        super().__init__(None)
        self.config_dir: str | None = None

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        self.config_dir = os.path.dirname(config.config_file_path) if config.config_file_path else None

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"expected the path of a YAML file, got {_shown(value)}; e.g. aliases.yml")
        path = value if os.path.isabs(value) or not self.config_dir else os.path.join(self.config_dir, value)
        try:
            read_aliases(path, shown=value)
        except AliasesError as exc:
            raise ValidationError(str(exc)) from None
        return value


class ArxDigestConfig(base.Config):
    sources = TextList(["digests"], "digest file, folder or glob")
    """Digest files, folders (read recursively) or glob patterns, relative to ``mkdocs.yml``.
    Sources inside ``docs_dir`` are taken over (not also rendered as raw pages);
    sources outside it are watched by ``mkdocs serve``."""

    prefix = UrlPrefix("")
    """URL prefix of every generated page, e.g. ``kb/`` gives ``kb/papers/<id>/``: a folder inside
    the site (no ``..``, no leading ``/``, no backslash)."""

    pages = Choices(PAGE_KINDS, default=tuple(k for k in PAGE_KINDS if k != "search"))
    """Which kinds of page to build. Papers are always built; drop ``authors``,
    ``topics``, ``days`` or ``graph`` to leave those out; add ``search`` for the search page and its
    Pagefind index (off by default for now: see docs/search.md for the targets not met yet)."""

    page_size = Integer(100, 1, "papers per index page")
    """Papers per page of the paper index and topic pages (newest first; ``page/1`` holds the
    oldest, so archived pages stay as they are when digests are added), topics per page of
    the topic index; the author index holds ten times as many names per page."""

    nav = Boolean(True)
    """Add the plugin's index pages to the navigation (papers and authors themselves never are)."""

    nav_title = Text("")
    """Title of the navigation section holding the index pages (default: the language's "Knowledge base")."""

    notes = Text("notes", nonempty=True, example="notes")
    """Folder of ``<arxiv-id>.md`` notes with front matter (``tags``, ``status``, ``rating``),
    relative to ``mkdocs.yml``; ignored when missing."""

    aliases = AliasesFile()
    """YAML file of author aliases (``Canonical Name: [variant, ...]``), relative to ``mkdocs.yml``;
    it must exist and be such a mapping (checked when the config is read)."""

    topic_rules = NameLists("keyword")
    """Keyword rules ``Topic name: [keyword, ...]`` added to the built-in ones (same name replaces;
    one keyword alone may be written without brackets; ``re:<pattern>`` must be a valid regex)."""

    topic_aliases = NameLists("variant")
    """Topic names merged into one: ``Canonical topic: [variant, ...]``."""

    builtin_topic_rules = Boolean(True)
    """Keep the built-in keyword rules (LLMs/大语言模型, diffusion/扩散, agents/智能体, ...)."""

    language = c.Optional(c.Choice(("en", "zh")))
    """Language of the generated pages' labels; default: ``theme.language``."""

    search_abstracts = Boolean(False)
    """Index abstracts for search (off by default: the index stays ~1 KB per paper)."""

    related = Integer(8, 0, "related papers on a paper page, 0 for none")
    """Related papers listed on a paper page."""

    similar_threshold = Fraction(0.2, "lowest score of a similar paper")
    """Lowest score (0 to 1) of a similar paper: TF-IDF cosine of title, abstract and TL;DR, plus 0.05
    per shared author (up to 3) and 0.02 for a shared topic, in steps of 0.05. Lower gives longer
    lists of looser matches. Measured (docs/similar.md): on the 426 sample papers 0.2 gives 75 papers
    a list of true neighbours (0.15: 211, many on common words only); adding a day of 200 to 10k
    synthetic papers changes 6.0% of the old lists at 0.2, 6.7% at 0.15 and at 0.1."""

    graph_nodes = Integer(1500, 1, "nodes in the global graph view; drop 'graph' from pages to leave it out")
    """Nodes in the global graph view (highest PageRank first); laid out at build time."""

    local_graph_nodes = Integer(24, 0, "neighbours in a page's local graph")
    """Neighbours drawn in the local graph on paper, author and topic pages."""

    cache_dir = Text(".cache/arxdigest", nonempty=True, example=".cache/arxdigest")
    """Where generated pages and graph layouts are cached, relative to ``mkdocs.yml``.
    Keeps ``--dirty`` builds incremental; safe to delete."""

    concurrency = Integer(0, 0, "processes; 0 chooses, 1 uses none")
    """Processes that parse digests and make pages (workers go on rendering pages while MkDocs
    reads them): ``0`` starts one per CPU (up to 4, as far as free memory goes) when a build has
    at least 16 files to parse or 1,000 pages to make, and from 1,000 papers makes the global
    view in a process of its own meanwhile; ``1`` does it all in the MkDocs process. Workers
    are forked (Linux and other systems with ``fork``, not macOS), only while no other thread
    runs; elsewhere (``mkdocs serve``'s rebuilds) the global view's communities and layout go
    to a fresh interpreter. The output is the same either way."""

    downloads = Choices(("bibtex", "ris", "csl-json"), what="citation format")
    """Citation formats to download: a paper's from its page (``data:`` links), and files per topic, day,
    author of more than one paper and for the whole knowledge base under ``downloads/``; ``[]`` for none."""

    watch = TextList([], "watch term", patterns=True)
    """Keywords to follow: plain text (ASCII at the start of a word, any case; other scripts anywhere), or
    ``re:<regular expression>`` (which must compile). Each gets a page (``watch/<slug>/``) and a feed;
    matching papers are marked in every paper list."""

    feeds = FeedsOption()
    """Atom and JSON Feed files: ``true`` (all), ``false`` (none), or ``{entries: 20, kinds: [...]}``
    with some of ``all`` (the knowledge base), ``topics``, ``authors`` (of more than one paper),
    ``watch``. Absolute links need MkDocs' ``site_url``."""

    def validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        """MkDocs' checks, with the likely option named when a name is unknown (``page_sise``)."""
        failed, warnings = super().validate()
        names = [key for key, _ in self._schema]
        return failed, [(key, _suggest(key, message, names)) for key, message in warnings]


def _suggest(key: str, message: str, names: list[str]) -> str:
    if not message.startswith("Unrecognised configuration name"):
        return message
    close = difflib.get_close_matches(key, names, n=1)
    return f"{message}; did you mean '{close[0]}'?" if close else message


def _shown(value: object) -> str:
    """A value as a user wrote it in YAML, with what kind it is when that is the problem."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value!r}"
    return repr(value)


def site_options(plugin_config: ArxDigestConfig, config, files):
    """The :class:`~mkdocs_arxdigest.pages.SiteOptions` of a build, from the plugin's and MkDocs' config."""
    from .pages import SiteOptions

    prefix = plugin_config.prefix.strip("/")
    prefix = f"{prefix}/" if prefix else ""
    return SiteOptions(
        prefix=prefix, kinds=tuple(plugin_config.pages), page_size=plugin_config.page_size,
        language=plugin_config.language or config.theme.get("language") or "en",
        search_abstracts=plugin_config.search_abstracts, related=plugin_config.related,
        site_url=config.site_url or "",
        similar_threshold=plugin_config.similar_threshold,
        graph_nodes=plugin_config.graph_nodes, local_graph_nodes=plugin_config.local_graph_nodes,
        use_directory_urls=config.use_directory_urls, feeds=tuple(plugin_config.feeds["kinds"]),
        feed_entries=plugin_config.feeds["entries"], watch=tuple(plugin_config.watch),
        downloads=tuple(plugin_config.downloads),
        overview_name="overview" if files.get_file_from_path(f"{prefix}index.md") else "index",
    )  # fmt: skip
