"""Topic tables: cv-arxiv-daily style READMEs and their forks.

A digest looks like::

    ---
    layout: default
    ---

    ## Updated on 2025.09.29
    > Usage instructions: [here](./docs/README.md#usage)

    ## 多模态

    | Publish Date | Title | Code | Abstract |
    |:---------|:-----------------------|:------|:-------------------------|
    |**2025-09-26**|[Title](http://arxiv.org/abs/2509.22653)|**[link](https://github.com/x/y)**|中文摘要|

    <p align=right>(<a href=#updated-on-20250929>back to top</a>)</p>

``## Updated on`` (or ``## 📅 Updated on``) gives the digest day, each other
heading (``## Topic``, ``### 📌 Topic``) the topic of the rows under it.
Columns are mapped by header name (``Publish Date|Title|Authors|PDF|Code``,
``…|Abstract``, extra columns). Table of contents, badges and back-to-top
links are furniture.

The first cv-arxiv-daily template has a ``## 2021-06-15`` section (a date: the
digest day, not a topic) holding ``|Title|Abstract|Authors|PDF|Code|`` rows
with full author lists joined by ``, `` and no publish date; its author lists
count as complete unless they end in ``et al.`` or ``X Team``. A heading that is
only a date is a day in every template. A file with no date anywhere (no
``Updated on``, no date heading) takes the ``YYYY-MM-DD`` of its file name; with
none there either, its papers have no day and one warning says so.

:func:`parse_row` reads one row and is shared with the JSON data files of the
same tools (:mod:`.cv_json`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..model import Diagnostic, Paper, ParseResult, Source
from ..text import normalize, parse_date
from . import table
from .table import (
    _MD_LINK_RE,
    block_text,
    code_url,
    date_field,
    fit_cells,
    header_roles,
    inline_text,
    is_alignment_row,
    is_table_line,
    mostly_cjk,
    read_authors,
    resolve_cell,
    safe_parse,
    split_cells,
    translated,
)

NAME = "topic_tables"

#: Header names (lower case, no spaces) -> column role.
COLUMNS = {
    "publishdate": "published",
    "published": "published",
    "date": "published",
    "发布日期": "published",
    "发表日期": "published",
    "日期": "published",
    "title": "title",
    "papertitle": "title",
    "标题": "title",
    "论文标题": "title",
    "authors": "authors",
    "author": "authors",
    "firstauthor": "authors",
    "作者": "authors",
    "第一作者": "authors",
    "pdf": "pdf",
    "link": "pdf",
    "arxiv": "pdf",
    "url": "pdf",
    "paperlink": "pdf",
    "链接": "pdf",
    "论文链接": "pdf",
    "pdf链接": "pdf",
    "code": "code",
    "repo": "code",
    "github": "code",
    "代码": "code",
    "代码仓库": "code",
    "代码链接": "code",
    "abstract": "abstract",
    "summary": "abstract",
    "摘要": "abstract",
}

#: The row layout of cv-arxiv-daily data files.
CV_ROLES: tuple[str, ...] = ("published", "title", "authors", "pdf", "code")

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_UPDATED_RE = re.compile(r"^[^\w\n]*Updated on[ \t]+(?P<date>\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2})", re.I | re.M)
_HEADER_RE = re.compile(r"^[ \t]*\|[ \t]*\**[ \t]*Publish[ \t]*Date[ \t]*\**[ \t]*\|", re.I | re.M)
_BR_SPLIT_RE = re.compile(r"<br\s*/?>", re.I)
_GENERIC_LABELS = {
    "摘要", "abstract", "pdf", "paper", "link", "论文", "原文", "arxiv", "code", "代码", "详情", "链接", "html",
    "kimi", "abs",
}  # fmt: skip
_ANCHOR_RE = re.compile(r"\{#[^}]*\}\s*$")
#: A heading that is only a date (``## 2021-06-15``): a digest day, not a topic.
_DATE_HEADING_RE = re.compile(r"^(?P<date>\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2})$")
_DATE_SECTION_RE = re.compile(r"^##[ \t]+\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}[ \t]*$", re.M)
_TITLE_PDF_HEADER_RE = re.compile(
    r"^[ \t]*\|[ \t]*\**[ \t]*Title[ \t]*\**[ \t]*\|.*\|[ \t]*\**PDF\**[ \t]*\|", re.I | re.M
)


def detect(text: str) -> bool:
    try:
        if _UPDATED_RE.search(text) or _HEADER_RE.search(text):
            return True
        # The first template: a "## 2021-06-15" section and a |Title|...|PDF| table.
        return bool(_DATE_SECTION_RE.search(text) and _TITLE_PDF_HEADER_RE.search(text))
    except Exception:  # noqa: BLE001
        return False


def clean_topic(text: str) -> str:
    """A topic name without emoji, markup and anchors; Chinese and punctuation kept."""
    text = _ANCHOR_RE.sub("", text or "")
    text = inline_text(text).replace("`", "")
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        cat = unicodedata.category(ch)
        if cat in ("So", "Sk", "Me", "Cs", "Co", "Cn"):
            continue
        if ch in "\u200d\ufe0e\ufe0f":
            continue
        kept.append(ch)
    return normalize("".join(kept)).strip(" :：-–—|·•")


def _split_title(cell: str, path: str, line: int, warnings: list[Diagnostic]) -> tuple[str, str, bool]:
    """``(english, chinese, failed)`` of a title cell (``English<br>中文<br>[摘要](url)`` and simpler)."""
    english: list[str] = []
    chinese: list[str] = []
    failed = False
    for part in _BR_SPLIT_RE.split(cell):
        part = _MD_LINK_RE.sub(lambda m: "" if inline_text(m.group(1)).lower() in _GENERIC_LABELS else m.group(0), part)
        text = inline_text(part)
        if not text:
            continue
        if mostly_cjk(text):
            text, f = translated(text, "translated title", path, line, warnings)
            failed |= f
            if text:
                chinese.append(normalize(text))
        else:
            english.append(text)
    return " ".join(english), " ".join(chinese), failed


def roles_of(header: Sequence[str]) -> list[str | None] | None:
    """Column roles of a topic-table header row, ``None`` when it is not a header."""
    return header_roles(header, COLUMNS)


def parse_row(
    row: str | Sequence[str],
    roles: Sequence[str | None],
    path: str,
    line: int,
    *,
    topic: str = "",
    day: str = "",
    fallback_id: str = "",
    source_format: str = NAME,
    full_authors: bool = False,
) -> tuple[Paper | None, list[Diagnostic]]:
    """Read one table row (a ``|…|`` line or its cells) laid out as ``roles``.

    Missing trailing cells are empty. With ``full_authors`` the author cell holds the whole
    list (the first template), so the paper's list is complete unless the cell says otherwise.
    Returns the paper (``None`` for an unusable row, with a warning) and the warnings.
    """
    warnings: list[Diagnostic] = []
    cells = split_cells(row) if isinstance(row, str) else [str(c) for c in row]
    roles = list(roles)
    if "abstract" in roles and roles[-1] == "abstract":
        merge_at: int | None = len(roles) - 1
    else:
        merge_at = roles.index("title") if "title" in roles else None
    cells = fit_cells(cells, len(roles), merge_at)
    col: dict[str, str] = {}
    for i, role in enumerate(roles):
        if role and role not in col:
            col[role] = cells[i] if i < len(cells) else ""

    link = None
    for role in ("title", "pdf"):
        if col.get(role):
            link = resolve_cell(col[role], bare_ids=role == "pdf")
            if link:
                break
    if link is None and fallback_id:
        link = resolve_cell(fallback_id)
    if link is None:
        warnings.append(Diagnostic(path, line, "table row has no arXiv link; row skipped"))
        return None, warnings

    paper = Paper(
        key=link.key,
        version=link.version,
        doi=link.doi,
        abs_url=link.abs_url,
        pdf_url=link.pdf_url,
        authors_complete=False,
        topics=[topic] if topic else [],
        days=[day] if day else [],
        sources=[Source(path, line, source_format)],
    )
    if col.get("title"):
        paper.title, paper.title_translated, paper.translation_failed = _split_title(col["title"], path, line, warnings)
    if col.get("authors"):
        authors = read_authors(col["authors"])
        paper.authors = authors.names
        paper.authors_complete = full_authors and authors.complete and bool(authors.names)
    if col.get("code"):
        paper.code_url = code_url(col["code"])
    if col.get("published"):
        paper.published = date_field(col["published"], path, line, warnings, "publish date")
    if col.get("abstract"):
        abstract = block_text(col["abstract"])
        if mostly_cjk(abstract):
            abstract, failed = translated(abstract, "translated abstract", path, line, warnings)
            paper.abstract_translated = block_text(abstract)
            paper.translation_failed |= failed
        else:
            paper.abstract = abstract
    return paper, warnings


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first line after YAML front matter (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, min(len(lines), 200)):
        if lines[i].strip() in ("---", "..."):
            return i + 1
    return 0


def _set_day(date_text: str, path: str, line: int, warnings: list[Diagnostic]) -> str | None:
    iso = parse_date(date_text)
    if iso is None:
        warnings.append(Diagnostic(path, line, f"invalid update date {date_text!r}"))
    return iso


def _parse(text: str, path: str, result: ParseResult) -> None:
    lines = text.split("\n")
    day = ""
    topic = ""
    roles: list[str | None] | None = None
    in_table_of_paper = False
    date_section = False
    for i in range(_front_matter_end(lines), len(lines)):
        line = lines[i]
        stripped = line.strip()
        heading = _HEADING_RE.match(stripped)
        if heading:
            roles = None
            name = clean_topic(heading.group(2))
            updated = _UPDATED_RE.match(name) or _DATE_HEADING_RE.match(name)
            date_section = bool(updated) and not _UPDATED_RE.match(name)
            if updated:
                day = _set_day(updated.group("date"), path, i + 1, result.warnings) or day
                if date_section:  # the rows under a date heading have no topic
                    topic = ""
            elif name:
                topic = name
            continue
        if not is_table_line(line):
            updated = _UPDATED_RE.match(stripped)
            if updated:
                day = _set_day(updated.group("date"), path, i + 1, result.warnings) or day
            continue
        cells = split_cells(line)
        if is_alignment_row(cells):
            continue
        header = roles_of(cells)
        if header is not None:
            roles = header
            in_table_of_paper = "title" in header or "pdf" in header
            continue
        if roles is None:
            if resolve_cell(line, bare_ids=False):
                result.warnings.append(Diagnostic(path, i + 1, "table row without a header row; row skipped"))
            continue
        if not in_table_of_paper:
            continue
        paper, warnings = parse_row(
            cells, roles, path, i + 1, topic=topic, day=day, full_authors=date_section and "published" not in roles
        )
        result.warnings.extend(warnings)
        if paper is not None:
            result.papers.append(paper)
    _day_from_file_name(result, path)


def _day_from_file_name(result: ParseResult, path: str) -> None:
    """Papers read without a digest day take the file name's date; with none, one warning."""
    undated = [p for p in result.papers if not p.days]
    if not undated:
        return
    day = table.file_day(path)
    if day:
        for paper in undated:
            paper.days = [day]
        return
    result.warnings.append(
        Diagnostic(
            path,
            0,
            f"no digest date (no 'Updated on' line, no date heading, no YYYY-MM-DD in the file name): "
            f"{len(undated)} papers have no day",
        )
    )


def parse(text: str, path: str) -> ParseResult:
    return safe_parse(NAME, text, path, _parse)
