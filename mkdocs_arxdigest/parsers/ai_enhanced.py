"""AI-enhanced digests (daily-arXiv-ai-enhanced markdown).

A digest looks like::

    <div id=toc></div>

    # Table of Contents
    - [cs.CV](#cs.CV) [Total: 64]

    <div id='cs.CV'></div>

    # cs.CV [[Back]](#toc)

    ### [1] [Title](https://arxiv.org/abs/2512.20735)
    *Author One,Author Two*

    Main category: cs.CV

    TL;DR: one-line summary

    <details>
      <summary>Details</summary>
    Motivation: ...

    Method: ...

    Result: ...

    Conclusion: ...

    Abstract: English abstract, possibly several paragraphs

    </details>

An early template has neither the table of contents nor the ``[n]`` counter
(``### [Title](url)``), ``TLDR:`` or ``Task:`` may stand for ``TL;DR:``, and a
``Motivation:`` line may come before the ``<details>`` block (it is the
motivation, not more TL;DR). The text usually carries no date: the digest day
comes from a ``YYYY-MM-DD`` in the file name (``data/2025-12-24.md``).

A variant writes ``# ArXiv Daily Papers - 2025-06-03`` (the day, which wins over
the file name), ``## <div id='cs.LG'></div> cs.LG`` section headings and a
``### Table of Contents`` heading; it leaves unfilled placeholders (``{tldr}``),
which are dropped, and ``> *错误：AI分析失败。*`` notices where the analysis
failed, which are not text of any field.

A field holding a model's chain-of-thought (``<think> 好的，我需要帮用户总结……``)
instead of a summary is dropped with a warning and marks the paper's Chinese
text as a failed translation (``translation_failed``); an answer after
``</think>`` is kept.
"""

from __future__ import annotations

import os
import re

from ..ids import abs_url, parse_arxiv_url, pdf_url
from ..model import Diagnostic, Paper, ParseResult, Source
from ..text import clean_translated, normalize, normalize_block, parse_date
from .authors import Authors, clean_names, parse_authors  # noqa: F401 - clean_names: still importable from here

NAME = "ai_enhanced"

#: The start of ``### [12] [Title](https://arxiv.org/abs/2512.20735)`` or ``### [Title](url)``.
_ENTRY_START_RE = re.compile(r"^###\s+(?:\[\s*\d+\s*\]\s*)?\[")
_HEADING3_RE = re.compile(r"^###(?:\s|$)")
_CATEGORY = r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?"
#: ``# cs.CV [[Back]](#toc)``; the early template may omit the back link.
_SECTION_RE = re.compile(rf"^#\s+(?P<cat>{_CATEGORY})\s*(?:\[\[Back\]\]\(#[^)]*\))?\s*$")
_SECTION_BACK_RE = re.compile(r"^#\s+(?P<cat>\S+)\s*\[\[Back\]\]\(#[^)]*\)\s*$")
#: ``## <div id='cs.LG'></div> cs.LG`` (a variant's section heading, anchor first).
_SECTION_DIV_RE = re.compile(
    rf"^#{{1,2}}\s+<div\s+id\s*=\s*['\"]?[^'\">]*['\"]?\s*>\s*</div>\s*"
    rf"(?P<cat>{_CATEGORY})\s*(?:\[\[Back\]\]\(#[^)]*\))?\s*$",
    re.I,
)
#: ``# ArXiv Daily Papers - 2025-06-03``: the digest day in the text.
_DAY_HEADING_RE = re.compile(r"^#\s+[^\n]*?arxiv[^\n]*?(?<!\d)(?P<date>\d{4}-\d{1,2}-\d{1,2})(?!\d)", re.I)
_TOC_HEADING_RE = re.compile(r"^#{1,6}\s+(?:table of contents|contents|toc|目录)\s*$", re.I)
#: An unfilled template placeholder: ``{tldr}``, ``{motivation}``.
_PLACEHOLDER_RE = re.compile(r"^\{\s*\w+\s*\}$")
#: ``> *错误：AI分析失败。*``: the generator's notice that it has no analysis.
_FAILURE_NOTICE_RE = re.compile(r"^>\s*\**\s*(?:错误|error)\s*[:：]\s*AI\s*(?:分析失败|analysis failed)", re.I)
_LABEL = r"^(?:\*\*)?(?P<label>{labels})(?:\*\*)?\s*[:：](?:\*\*)?\s*(?P<rest>.*)$"
_OUTER_LABEL_RE = re.compile(
    _LABEL.format(labels=r"Main category|TL;DR|TLDR|Task|Motivation|Method|Result|Conclusion|Abstract")
)
_DETAILS_LABEL_RE = re.compile(_LABEL.format(labels=r"Motivation|Method|Result|Conclusion|Abstract"))
_SUMMARY_RE = re.compile(r"^\s*<summary>.*</summary>\s*$", re.I)
_COMMA_RE = re.compile(",")
_DAY_RE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")

_FIELD_OF = {
    "Main category": "main_category",
    "TL;DR": "tldr",
    "TLDR": "tldr",
    "Task": "tldr",
    "Motivation": "motivation",
    "Method": "method",
    "Result": "result",
    "Conclusion": "conclusion",
    "Abstract": "abstract",
}
_ONE_LINE = {"main_category", "tldr"}

# Detection: an entry heading linking to arXiv plus one of the format's own lines.
_DETECT_ENTRY_RE = re.compile(
    r"^###\s+(?:\[\s*\d+\s*\]\s*)?\[[^\n]*\]\(\s*https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/", re.M
)
_DETECT_MARK_RE = re.compile(
    r"^(?:Main category:|TL;DR:|TLDR:|Task:|<details>|#\s+\S+\s*\[\[Back\]\]\(#toc\)|#\s+ArXiv Daily Papers\b)",
    re.M | re.I,
)
_DETECT_WINDOW = 100_000


def detect(text: str) -> bool:
    """An ``### [n] [Title](https://arxiv.org/...)`` entry and a ``Main category:``/``TL;DR:``-style line."""
    if not isinstance(text, str):
        return False
    head = text[:_DETECT_WINDOW]
    return bool(_DETECT_ENTRY_RE.search(head) and _DETECT_MARK_RE.search(head))


def day_from_path(path: str) -> str | None:
    """The ISO day named by a ``YYYY-MM-DD`` in the file name of ``path``, else ``None``."""
    name = os.path.basename(str(path or "").replace("\\", "/"))
    for m in _DAY_RE.finditer(name):
        day = parse_date(m.group(1))
        if day:
            return day
    return None


def split_authors(text: str) -> list[str]:
    """Split a comma-separated author list into normalised names.

    Empty tokens, tokens without any letter (the ``:`` in ``NVIDIA,:,Aaron Blakeman``),
    bare initials and repeated names are dropped; ``['A', 'B']`` is read as a list
    (see :mod:`.authors`).
    """
    return read_authors(text).names


def read_authors(text: str) -> Authors:
    """The names of an author line and whether it says the list goes on."""
    return parse_authors(text, separators=_COMMA_RE)


def _entry_heading(line: str) -> tuple[str, str] | None:
    """``(title, url)`` of an entry heading, else ``None`` (no regex backtracking on long lines)."""
    m = _ENTRY_START_RE.match(line)
    line = line.rstrip()
    if not m or not line.endswith(")"):
        return None
    cut = line.rfind("](", m.end())
    if cut < 0:
        return None
    return line[m.end() : cut], line[cut + 2 : -1].strip()


def _author_line(stripped: str) -> str | None:
    """The names of an ``*A,B,C*`` line (the closing star may be missing), else ``None``."""
    if not stripped.startswith("*") or stripped.startswith("**"):
        return None
    return stripped[1:-1] if stripped.endswith("*") else stripped[1:]


class _Entry:
    """A paper being read, with the state of its fields."""

    def __init__(self, paper: Paper, line: int) -> None:
        self.paper = paper
        self.line = line
        self.author_checked = False
        self.section = ""
        self.field: str | None = None
        self.field_line = 0
        self.buffer: list[str] = []
        #: Lines of fields dropped as a chain-of-thought, with the field's name.
        self.thoughts: list[tuple[int, str]] = []
        self.details_line = 0  # line of an open <details>, 0 when none is open

    def flush(self) -> None:
        if self.field is not None:
            raw = "\n".join(self.buffer)
            value = normalize(raw) if self.field in _ONE_LINE else normalize_block(raw)
            if _PLACEHOLDER_RE.match(value):
                value = ""
            cleaned = clean_translated(value) if value else None
            if cleaned is not None and cleaned.thought:
                value = cleaned.text
                if not value:
                    self.thoughts.append((self.field_line, self.field))
                    self.paper.translation_failed = True
            if value:
                old = getattr(self.paper, self.field)
                if old:  # a repeated label adds to the field rather than replacing it
                    value = f"{old} {value}" if self.field in _ONE_LINE else f"{old}\n\n{value}"
                setattr(self.paper, self.field, value)
        self.field = None
        self.buffer = []

    def start(self, label: str, rest: str, line: int) -> None:
        self.flush()
        self.field = _FIELD_OF[label]
        self.field_line = line
        self.buffer = [rest]


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.lines = text.split("\n")
        self.path = path
        self.day = self._text_day() or day_from_path(path)
        self.section = ""
        self.entry: _Entry | None = None
        self.papers: list[Paper] = []
        self.warnings: list[Diagnostic] = []

    def _text_day(self) -> str | None:
        """The day of a ``# ArXiv Daily Papers - YYYY-MM-DD`` heading before the first entry."""
        for line in self.lines[:200]:
            if _HEADING3_RE.match(line):
                return None
            m = _DAY_HEADING_RE.match(line)
            if m:
                return parse_date(m.group("date"))
        return None

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Diagnostic(self.path, line, message))

    def run(self) -> ParseResult:
        for number, line in enumerate(self.lines, start=1):
            self.feed(number, line)
        self.finish(eof=True)
        return ParseResult(NAME, self.papers, self.warnings)

    def feed(self, number: int, line: str) -> None:
        if _TOC_HEADING_RE.match(line.strip()):
            self.finish()
            return
        if _HEADING3_RE.match(line):
            self.finish()
            self.begin(number, line)
            return
        section = (
            _SECTION_BACK_RE.match(line)
            or _SECTION_DIV_RE.match(line)
            or (None if self.entry and self.entry.details_line else _SECTION_RE.match(line))
        )
        if section:
            self.finish()
            self.section = section.group("cat")
            return
        if self.entry is None:
            return  # table of contents, <div> anchors, lines of a skipped entry
        self.entry_line(number, line)

    def begin(self, number: int, line: str) -> None:
        heading = _entry_heading(line)
        found = parse_arxiv_url(heading[1]) if heading else None
        if not found:
            self.warn(number, "entry heading without an arXiv link; skipped")
            return
        key, version = found
        paper = Paper(
            key=key,
            version=version,
            title=normalize(heading[0]),
            authors_complete=False,
            abs_url=abs_url(key),
            pdf_url=pdf_url(key, version),
            days=[self.day] if self.day else [],
            sources=[Source(self.path, number, NAME)],
        )
        self.entry = _Entry(paper, number)
        self.entry.section = self.section

    def entry_line(self, number: int, line: str) -> None:
        entry = self.entry
        assert entry is not None
        stripped = line.strip()
        if not entry.author_checked and stripped:
            entry.author_checked = True
            names = _author_line(stripped)
            if names is not None:
                authors = read_authors(names)
                entry.paper.authors = authors.names
                entry.paper.authors_complete = authors.complete
                return
            self.warn(entry.line, f"entry {entry.paper.key} has no author line (*A,B,C*) after its heading")
        if _FAILURE_NOTICE_RE.match(stripped):
            entry.flush()
            return
        if not entry.details_line:
            if stripped.lower().startswith("<details"):
                entry.flush()
                entry.details_line = number
                return
            m = _OUTER_LABEL_RE.match(line)
            if m and entry.field != "abstract":
                entry.start(m.group("label"), m.group("rest"), number)
            elif entry.field is not None:
                entry.buffer.append(line)
            return
        if stripped.lower().startswith("</details"):
            entry.flush()
            entry.details_line = 0
            return
        if entry.field is None and _SUMMARY_RE.match(line):
            return
        m = _DETAILS_LABEL_RE.match(line)
        # The abstract is the last field: lines inside it that look like labels are text.
        if m and entry.field != "abstract":
            entry.start(m.group("label"), m.group("rest"), number)
        elif entry.field is not None:
            entry.buffer.append(line)

    def finish(self, eof: bool = False) -> None:
        entry, self.entry = self.entry, None
        if entry is None:
            return
        entry.flush()
        paper = entry.paper
        for line, field in entry.thoughts:
            self.warn(line, f"{field} of entry {paper.key} is a model's chain-of-thought; dropped, marked failed")
        if not entry.author_checked:
            self.warn(entry.line, f"entry {paper.key} has no author line (*A,B,C*) after its heading")
        if entry.details_line:
            where = "at the end of the file" if eof else "before the next entry"
            self.warn(
                entry.details_line,
                f"<details> block of entry {paper.key} is not closed {where}; kept the fields read so far",
            )
        if not paper.main_category:
            paper.main_category = entry.section
        categories: list[str] = []
        for category in (entry.section, paper.main_category):
            if category and category not in categories:
                categories.append(category)
        paper.categories = categories
        self.papers.append(paper)


def parse(text: str, path: str) -> ParseResult:
    """Read every entry of an AI-enhanced digest; problems become warnings."""
    if not isinstance(text, str):
        return ParseResult(NAME, [], [Diagnostic(path, 0, "not text")])
    parser = _Parser(text, path)
    try:
        return parser.run()
    except Exception as exc:  # pragma: no cover - a safety net, the parser is written not to raise
        parser.warn(0, f"{NAME} parser stopped early: {exc!r}")
        return ParseResult(NAME, parser.papers, parser.warnings)
