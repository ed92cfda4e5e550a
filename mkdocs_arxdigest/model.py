"""The data model: plain dataclasses, no MkDocs imports.

Parsers produce one :class:`Paper` per occurrence of a paper in a digest; the
:class:`~mkdocs_arxdigest.corpus.Corpus` merges occurrences that share a key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields


@dataclass(frozen=True, order=True)
class Source:
    """Where a paper record was read: file, 1-based line and detected format."""

    path: str
    line: int
    format: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A warning about the input, naming file and 1-based line (0: the whole file)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


#: How merging combines a field's values from a paper's occurrences (see :mod:`mkdocs_arxdigest.corpus`):
#:
#: * ``first``: the same in every occurrence (the key).
#: * ``max``: the highest (the version).
#: * ``authors``: the fullest list, plus every other name any source gives (see ``merge_authors``).
#: * ``complete``: true when any source with authors gives the whole list.
#: * ``newest``: the newest occurrence's value (latest digest day, then path and line); a value that
#:   differs (not just longer, shorter or differently spaced) gives a warning naming both places,
#:   and the other values are kept in ``variants``.
#: * ``earliest``: the earliest; a different value gives a warning naming both places.
#: * ``longest``: the longest (ties: the smallest string); other values it does not contain are kept
#:   in ``variants``.
#: * ``union``: every value, in source order; ``sorted``: every value, sorted.
#: * ``most``: the most frequent (ties: the smallest).
#: * ``failed``: true when a source flags it and none has a good translation.
#: * ``none``: made by merging itself (``variants``).
MERGE_RULES = ("first", "max", "authors", "complete", "newest", "earliest", "longest", "union", "sorted", "most",
               "failed", "none")  # fmt: skip


def declare(default=None, *, merge: str, export: str | None, clean: str = "", pages: bool = True, factory=None):
    """One :class:`Paper` field, declared once: its default, merge rule, export name and cleaning.

    Args:
        merge: one of :data:`MERGE_RULES`.
        export: its name in ``export --format json`` (``links.abs``: inside ``links``; ``None``: not exported).
        clean: how merging makes it inert: ``text``, ``url``, ``name`` (a list of names), ``list`` (of texts).
        pages: whether pages read it (it is then part of every fingerprint that covers the paper).
    """
    assert merge in MERGE_RULES, merge
    metadata = {"merge": merge, "export": export, "clean": clean, "pages": pages}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass
class Paper:
    """One paper, as read from one place or merged from many.

    ``key`` identifies the paper across sources: a bare arXiv id without version
    (``2512.22120``, ``hep-th/9901001``) or ``doi:<doi>`` for papers that only
    have a DOI (bioRxiv, medRxiv). Every text field holds untrusted input.
    Each field's merge rule and export name are declared with it (:func:`declare`):
    merging, the JSON export and page fingerprints read :data:`FIELDS`.
    """

    key: str = declare("", merge="first", export="id")
    version: int | None = declare(None, merge="max", export="version")
    title: str = declare("", merge="newest", export="title", clean="text")
    title_translated: str = declare("", merge="longest", export="title_translated", clean="text")
    authors: list[str] = declare(merge="authors", export="authors", clean="name", factory=list)
    #: False when only some authors are known (table digests give the first, some forks the last).
    authors_complete: bool = declare(True, merge="complete", export="authors_complete")
    categories: list[str] = declare(merge="union", export="categories", clean="list", factory=list)
    main_category: str = declare("", merge="most", export="main_category", clean="text")
    topics: list[str] = declare(merge="sorted", export="topics", clean="list", factory=list)
    #: Digest days (ISO ``YYYY-MM-DD``) on which the paper appeared.
    days: list[str] = declare(merge="sorted", export="days", factory=list)
    #: Publication date (ISO ``YYYY-MM-DD``), when a source gives one.
    published: str = declare("", merge="earliest", export="published")
    abs_url: str = declare("", merge="longest", export="links.abs", clean="url")
    pdf_url: str = declare("", merge="longest", export="links.pdf", clean="url")
    code_url: str = declare("", merge="longest", export="links.code", clean="url")
    doi: str = declare("", merge="longest", export="links.doi", clean="text")
    comment: str = declare("", merge="longest", export="comment", clean="text")
    tldr: str = declare("", merge="longest", export="tldr", clean="text")
    motivation: str = declare("", merge="longest", export="motivation", clean="text")
    method: str = declare("", merge="longest", export="method", clean="text")
    result: str = declare("", merge="longest", export="result", clean="text")
    conclusion: str = declare("", merge="longest", export="conclusion", clean="text")
    abstract: str = declare("", merge="longest", export="abstract", clean="text")
    abstract_translated: str = declare("", merge="longest", export="abstract_translated", clean="text")
    #: Set when a source marks its translation as failed (``[翻译失败]``).
    translation_failed: bool = declare(False, merge="failed", export="translation_failed")
    sources: list[Source] = declare(merge="sorted", export="sources", factory=list)
    #: The values of text fields that merging did not keep, by field name (nothing any source gives is lost).
    variants: dict[str, list[str]] = declare(merge="none", export="variants", factory=dict)

    @property
    def is_arxiv(self) -> bool:
        return not self.key.startswith("doi:")

    @property
    def display_title(self) -> str:
        return self.title or self.title_translated or self.key

    @property
    def year(self) -> str:
        """Year of first submission: from a new-style arXiv id, else the publication date, an old-style id
        (``hep-th/9901001``) or the latest digest day."""
        m = re.match(r"(\d{2})(\d{2})\.", self.key)
        if m:
            return f"20{m.group(1)}"
        if self.published:
            return self.published[:4]
        m = re.search(r"/(\d{2})\d{5}$", self.key)
        if m:
            return ("19" if int(m.group(1)) > 90 else "20") + m.group(1)
        return max(self.days)[:4] if self.days else ""

    @property
    def date(self) -> str:
        """The best date for sorting: latest digest day, else the publication date."""
        return max(self.days) if self.days else self.published


#: Every field of :class:`Paper`, with its declaration (``f.metadata["merge"]`` ...), in order.
FIELDS = fields(Paper)


@dataclass
class ParseResult:
    """What a parser returns: the format name, paper occurrences and warnings."""

    format: str | None
    papers: list[Paper] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
