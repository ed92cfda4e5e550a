"""The data model: plain dataclasses, no MkDocs imports.

Parsers produce one :class:`Paper` per occurrence of a paper in a digest; the
:class:`~mkdocs_arxdigest.corpus.Corpus` merges occurrences that share a key.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class Paper:
    """One paper, as read from one place or merged from many.

    ``key`` identifies the paper across sources: a bare arXiv id without version
    (``2512.22120``, ``hep-th/9901001``) or ``doi:<doi>`` for papers that only
    have a DOI (bioRxiv, medRxiv). Every text field holds untrusted input.
    """

    key: str
    version: int | None = None
    title: str = ""
    title_translated: str = ""
    authors: list[str] = field(default_factory=list)
    #: False when only the first author is known (table digests, topic tables).
    authors_complete: bool = True
    categories: list[str] = field(default_factory=list)
    main_category: str = ""
    topics: list[str] = field(default_factory=list)
    #: Digest days (ISO ``YYYY-MM-DD``) on which the paper appeared.
    days: list[str] = field(default_factory=list)
    #: Publication date (ISO ``YYYY-MM-DD``), when a source gives one.
    published: str = ""
    abs_url: str = ""
    pdf_url: str = ""
    code_url: str = ""
    doi: str = ""
    comment: str = ""
    tldr: str = ""
    motivation: str = ""
    method: str = ""
    result: str = ""
    conclusion: str = ""
    abstract: str = ""
    abstract_translated: str = ""
    #: Set when a source marks its translation as failed (``[翻译失败]``).
    translation_failed: bool = False
    sources: list[Source] = field(default_factory=list)

    @property
    def is_arxiv(self) -> bool:
        return not self.key.startswith("doi:")

    @property
    def display_title(self) -> str:
        return self.title or self.title_translated or self.key

    @property
    def date(self) -> str:
        """The best date for sorting: latest digest day, else the publication date."""
        return max(self.days) if self.days else self.published


@dataclass
class ParseResult:
    """What a parser returns: the format name, paper occurrences and warnings."""

    format: str | None
    papers: list[Paper] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
