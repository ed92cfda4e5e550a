"""Table digests: one markdown table of translated papers per day.

A digest looks like::

    # arxiv 2025-12-29

    | 标题 | 作者 | PDF链接 |  摘要 |
    |------|------|--------|------|
    | 中文标题 | First Author | [PDF](https://arxiv.org/pdf/2512.22120v1) | 中文摘要 |

The heading gives the digest day (``# arxiv``, ``# Arxiv … Papers``, ``# arXiv``;
without one, a ``YYYY-MM-DD`` in the file name). Columns are mapped by header
name, so the 5-column variant with ``发布日期`` and the legacy
``标题|作者|PDF链接|代码仓库|Title`` layout read the same way. A row may span
several lines: an abstract with paragraph breaks runs on until a line that
ends with ``|``. Rows linking a DOI (bioRxiv, medRxiv, doi.org) are keyed
``doi:<doi>``.

The generic table helpers here (:func:`split_cells`, :func:`find_links`,
:func:`resolve_link`, ...) are shared with the topic-table parsers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from ..ids import abs_url, parse_arxiv_id, parse_arxiv_url, parse_doi, pdf_url
from ..model import Diagnostic, Paper, ParseResult, Source
from ..text import clean_translated, is_invalid_date, normalize, normalize_block, parse_date
from .authors import _ETAL_RE, Authors, parse_authors  # noqa: F401 - _ETAL_RE: kept importable from here

NAME = "table"

# --------------------------------------------------------------------------
# Generic markdown-table helpers (also used by topic_tables and cv_json)
# --------------------------------------------------------------------------

_CLOSED_ROW_RE = re.compile(r"(?<!\\)\|\s*$")
_SEPARATOR_RE = re.compile(r"(?<!\\)\|")
_ALIGN_CELL_RE = re.compile(r"^:?-{1,}:?$")
_MD_LINK_RE = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HREF_RE = re.compile(r"""href\s*=\s*["']?([^"'\s>]+)""", re.I)
_BARE_URL_RE = re.compile(r"https?://[^\s<>()\[\]|\"'`]+", re.I)
_BR_RE = re.compile(r"<br\s*/?>", re.I)
_LAYOUT_TAG_RE = re.compile(
    r"</?(?:a|b|strong|i|em|u|p|div|span|font|sup|sub|small|big|center|details|summary)\b[^<>]*>",
    re.I,
)
_BOLD_RE = re.compile(r"\*\*|__")
_EMPTY_VALUES = {"", "null", "none", "n/a", "na", "-", "--", "无", "暂无", "nan"}
_BIORXIV_RE = re.compile(r"10\.1101/((?:\d{4}\.\d{2}\.\d{2}\.)?\d{6,})(?:v(\d+))?", re.I)
_ARXIV_DOI_RE = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)
_LOOSE_ARXIV_RE = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v(\d+))?(?![\d])")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z]")


def split_cells(row: str) -> list[str]:
    """Split a markdown table row into stripped cells.

    The outer pipes are optional; ``\\|`` is a literal pipe inside a cell, not
    a separator. Cells keep inner newlines (rows spanning several lines).
    """
    s = row.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [cell.replace("\\|", "|").strip() for cell in _SEPARATOR_RE.split(s)]


def is_table_line(line: str) -> bool:
    return line.lstrip().startswith("|")


def is_closed_row(line: str) -> bool:
    """True when the line ends with an unescaped ``|`` (the row is complete)."""
    return bool(_CLOSED_ROW_RE.search(line))


def is_alignment_row(cells: Sequence[str]) -> bool:
    """``|:---|---:|`` rows: every non-empty cell is dashes with optional colons."""
    filled = [c.replace(" ", "") for c in cells if c.strip()]
    return bool(filled) and all(_ALIGN_CELL_RE.match(c) for c in filled)


def header_key(cell: str) -> str:
    """The comparable form of a header cell: no markup, no spaces, lower case."""
    return re.sub(r"[\s*_`:：]+", "", cell).lower()


def find_links(text: str) -> list[tuple[str, str]]:
    """``(label, url)`` for every markdown link, ``href`` and bare URL, in order."""
    found: list[tuple[int, str, str]] = []
    covered: list[tuple[int, int]] = []
    for m in _MD_LINK_RE.finditer(text):
        found.append((m.start(), m.group(1), m.group(2)))
        covered.append(m.span())
    for m in _HREF_RE.finditer(text):
        found.append((m.start(), "", m.group(1)))
        covered.append(m.span())
    for m in _BARE_URL_RE.finditer(text):
        if not any(a <= m.start() < b for a, b in covered):
            found.append((m.start(), "", m.group(0).rstrip(".,;:，。")))
    found.sort(key=lambda t: t[0])
    return [(label, url) for _, label, url in found]


def inline_text(cell: str) -> str:
    """One-line plain text of a cell: links become their labels, bold and layout tags go."""
    text = _MD_LINK_RE.sub(lambda m: m.group(1), cell)
    text = _BR_RE.sub(" ", text)
    text = _LAYOUT_TAG_RE.sub("", text)
    text = _BOLD_RE.sub("", text)
    return normalize(text)


def block_text(cell: str) -> str:
    """Multi-paragraph plain text of a cell: ``<br>`` is a line break, layout tags go."""
    text = _BR_RE.sub("\n", cell)
    text = _LAYOUT_TAG_RE.sub("", text)
    return normalize_block(text)


def is_empty_value(cell: str) -> bool:
    return inline_text(cell).lower() in _EMPTY_VALUES


def mostly_cjk(text: str) -> bool:
    """True when Chinese characters dominate (a CJK character weighs about a 4-letter word)."""
    cjk = len(_CJK_RE.findall(text or ""))
    return cjk > 0 and cjk * 4 >= len(_LATIN_RE.findall(text))


def split_authors(cell: str) -> list[str]:
    """Authors of an author cell (``First Author``, ``First et.al.``, ``A, B``, ``Surname, I.``)."""
    return parse_authors(inline_text(cell)).names


def read_authors(cell: str) -> Authors:
    """Like :func:`split_authors`, with whether the cell says the list goes on (``et al.``, ``X Team``)."""
    return parse_authors(inline_text(cell))


def code_url(cell: str) -> str:
    """The repository URL of a code cell, ``""`` for ``null`` / ``N/A`` / empty."""
    if is_empty_value(cell):
        return ""
    for _, url in find_links(cell):
        if not parse_arxiv_url(url):
            return url
    return ""


@dataclass(frozen=True)
class Link:
    """What a paper link resolves to."""

    key: str
    version: int | None
    doi: str
    pdf_url: str
    abs_url: str


def _doi_link(url: str) -> Link | None:
    version: int | None = None
    m = _BIORXIV_RE.search(url)
    if m:
        doi = f"10.1101/{m.group(1)}".lower()
        version = int(m.group(2)) if m.group(2) else None
    else:
        doi = parse_doi(url) or ""
        doi = re.sub(r"(?:\.full)?(?:\.pdf)?$", "", doi)
    if not doi:
        return None
    arxiv = _ARXIV_DOI_RE.match(doi)
    if arxiv:
        found = parse_arxiv_id(arxiv.group(1))
        if found:
            return Link(found[0], found[1], "", pdf_url(*found), abs_url(found[0]))
    key = f"doi:{doi}"
    pdf = url if re.search(r"\.pdf(?:[?#].*)?$", url, re.I) else ""
    return Link(key, version, doi, pdf, abs_url(key))


def resolve_link(url: str) -> Link | None:
    """Resolve an arXiv abs/pdf/html URL or a DOI URL to a paper key."""
    url = (url or "").strip()
    found = parse_arxiv_url(url)
    if not found and ("arxiv" in url.lower() or "huggingface.co/papers/" in url.lower()):
        m = _LOOSE_ARXIV_RE.search(url)
        if m:
            found = (m.group(1), int(m.group(2)) if m.group(2) else None)
    if found:
        key, version = found
        return Link(key, version, "", pdf_url(key, version), abs_url(key))
    if re.match(r"https?://", url, re.I) or url.lower().startswith("doi:"):
        return _doi_link(url)
    return None


def resolve_cell(cell: str, *, bare_ids: bool = True) -> Link | None:
    """The first paper link of a cell; with ``bare_ids``, also a bare id like ``2509.22653v1``."""
    for _, url in find_links(cell):
        link = resolve_link(url)
        if link:
            return link
    if bare_ids:
        text = inline_text(cell)
        found = parse_arxiv_id(text) if text else None
        if found:
            return Link(found[0], found[1], "", pdf_url(*found), abs_url(found[0]))
        m = re.search(r"\bdoi\s*[:：]\s*(10\.\S+)", text, re.I)
        if m:
            return _doi_link("doi:" + m.group(1))
    return None


def fit_cells(cells: list[str], width: int, merge_at: int | None) -> list[str]:
    """Fold surplus cells (an unescaped ``|`` inside a text cell) back into column ``merge_at``."""
    extra = len(cells) - width
    if extra <= 0 or merge_at is None:
        return cells
    merged = " | ".join(cells[merge_at : merge_at + extra + 1])
    return cells[:merge_at] + [merged] + cells[merge_at + extra + 1 :]


def date_field(cell: str, path: str, line: int, warnings: list[Diagnostic], what: str) -> str:
    """ISO date of a date cell; an impossible date is warned and dropped."""
    text = inline_text(cell)
    if not text:
        return ""
    iso = parse_date(text)
    if iso:
        return iso
    if is_invalid_date(text):
        warnings.append(Diagnostic(path, line, f"invalid {what} {text!r}; paper kept without it"))
    return ""


def safe_parse(name: str, text: str, path: str, body) -> ParseResult:
    """Run a parser body; an unexpected error becomes one warning instead of an exception."""
    result = ParseResult(name)
    try:
        body(text if isinstance(text, str) else "", path, result)
    except Exception as exc:  # noqa: BLE001 - a digest must never take the build down
        result.warnings.append(Diagnostic(path, 0, f"{name} parser error: {exc!r}"))
    return result


# --------------------------------------------------------------------------
# The table digest format
# --------------------------------------------------------------------------

#: Header names (see :func:`header_key`) -> column role.
COLUMNS = {
    "标题": "title_translated",
    "中文标题": "title_translated",
    "标题翻译": "title_translated",
    "译名": "title_translated",
    "title": "title",
    "英文标题": "title",
    "原标题": "title",
    "原始标题": "title",
    "englishtitle": "title",
    "作者": "authors",
    "第一作者": "authors",
    "author": "authors",
    "authors": "authors",
    "firstauthor": "authors",
    "pdf链接": "link",
    "pdf": "link",
    "链接": "link",
    "论文链接": "link",
    "arxiv链接": "link",
    "link": "link",
    "url": "link",
    "arxiv": "link",
    "摘要": "abstract_translated",
    "中文摘要": "abstract_translated",
    "摘要翻译": "abstract_translated",
    "abstract": "abstract",
    "英文摘要": "abstract",
    "原始摘要": "abstract",
    "代码仓库": "code",
    "代码": "code",
    "代码链接": "code",
    "code": "code",
    "repo": "code",
    "github": "code",
    "发布日期": "published",
    "发表日期": "published",
    # Traditional Chinese (Big5 digests from Taiwan and Hong Kong forks).
    "標題": "title_translated",
    "中文標題": "title_translated",
    "pdf鏈接": "link",
    "pdf連結": "link",
    "鏈接": "link",
    "連結": "link",
    "論文鏈接": "link",
    "代碼": "code",
    "代碼倉庫": "code",
    "發布日期": "published",
    "發佈日期": "published",
    "日期": "published",
    "publishdate": "published",
    "published": "published",
    "date": "published",
}

_HEADING_RE = re.compile(r"^#{1,6}\s")
_DAY_HEADING_RE = re.compile(r"^#{1,2}[ \t]+arxiv[ \t]+(?P<date>\d{4}[-./]\d{1,2}[-./]\d{1,2})\b", re.I)
_DAY_HEADING_SEARCH_RE = re.compile(r"^#{1,2}[ \t]+arxiv[ \t]+\d{4}[-./]\d{1,2}[-./]\d{1,2}\b", re.I | re.M)
_FILE_DATE_RE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
_IGNORED = "ignored"


def header_roles(cells: Sequence[str], columns: dict[str, str] = COLUMNS) -> list[str | None] | None:
    """Column roles of a header row, or ``None`` when the row is not a header.

    A header names at least two known columns and holds no links.
    """
    if any(find_links(c) for c in cells):
        return None
    roles = [columns.get(header_key(c)) for c in cells]
    return roles if sum(r is not None for r in roles) >= 2 else None


def detect(text: str) -> bool:
    try:
        if _DAY_HEADING_SEARCH_RE.search(text[:4000]):
            return True
        for line in text.split("\n"):
            if ("标题" in line or "標題" in line) and is_table_line(line):
                roles = header_roles(split_cells(line))
                if roles and "link" in roles:
                    return True
        return False
    except Exception:  # noqa: BLE001
        return False


def file_day(path: str) -> str:
    """The ISO date of a ``YYYY-MM-DD`` in the file name of ``path``, else ``""``."""
    try:
        name = PurePath(path).name
    except Exception:  # noqa: BLE001
        name = str(path)
    for m in _FILE_DATE_RE.finditer(name):
        iso = parse_date(m.group(1))
        if iso:
            return iso
    return ""


def translated(text: str, what: str, path: str, line: int, warnings: list[Diagnostic]) -> tuple[str, bool]:
    """``(text, failed)`` of a translated field, without LLM artefacts (:func:`~..text.clean_translated`).

    A translator's note is dropped and a chain-of-thought makes the field a failed translation,
    each with a warning naming the line."""
    cleaned = clean_translated(text)
    if cleaned.note:
        note = cleaned.note if len(cleaned.note) <= 60 else cleaned.note[:59] + "…"
        warnings.append(Diagnostic(path, line, f"translator's note removed from the {what}: {note!r}"))
    if cleaned.thought and not cleaned.text:
        warnings.append(
            Diagnostic(
                path, line, f"the {what} is a model's chain-of-thought, not a translation; dropped, marked failed"
            )
        )
    return cleaned.text, cleaned.failed


def _translated(
    cell: str, block: bool, what: str, path: str, line: int, warnings: list[Diagnostic]
) -> tuple[str, bool]:
    text, failed = translated(block_text(cell) if block else inline_text(cell), what, path, line, warnings)
    return (normalize_block(text) if block else normalize(text)), failed


def _row_paper(
    cells: list[str], roles: list[str | None], path: str, line: int, day: str, warnings: list[Diagnostic]
) -> Paper | None:
    if len(cells) < len(roles):
        warnings.append(
            Diagnostic(path, line, f"table row has {len(cells)} cells, the header has {len(roles)}; row skipped")
        )
        return None
    text_roles = ("abstract_translated", "abstract", "title_translated", "title")
    merge_at = len(roles) - 1 if roles[-1] in text_roles else None
    cells = fit_cells(cells, len(roles), merge_at)
    col = {role: cells[i] for i, role in enumerate(roles) if role and i < len(cells)}

    link = resolve_cell(col.get("link", ""))
    if link is None:
        warnings.append(Diagnostic(path, line, "table row has no arXiv or DOI link; row skipped"))
        return None
    paper = Paper(
        key=link.key,
        version=link.version,
        doi=link.doi,
        pdf_url=link.pdf_url,
        abs_url=link.abs_url,
        authors_complete=False,
        days=[day] if day else [],
        sources=[Source(path, line, NAME)],
    )
    failed = False
    if "title_translated" in col:
        paper.title_translated, f = _translated(
            col["title_translated"], False, "translated title", path, line, warnings
        )
        failed |= f
    if "title" in col:
        paper.title = inline_text(col["title"])
    if "authors" in col:
        paper.authors = split_authors(col["authors"])
    if "abstract_translated" in col:
        paper.abstract_translated, f = _translated(
            col["abstract_translated"], True, "translated abstract", path, line, warnings
        )
        failed |= f
    if "abstract" in col:
        paper.abstract = block_text(col["abstract"])
    if "code" in col:
        paper.code_url = code_url(col["code"])
    if "published" in col:
        paper.published = date_field(col["published"], path, line, warnings, "publish date")
    paper.translation_failed = failed
    return paper


def _parse(text: str, path: str, result: ParseResult) -> None:
    lines = text.split("\n")
    day = file_day(path)
    roles: list[str | None] | str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if _HEADING_RE.match(stripped):
            roles = None
            m = _DAY_HEADING_RE.match(stripped)
            if m:
                iso = parse_date(m.group("date"))
                if iso:
                    day = iso
                else:
                    result.warnings.append(
                        Diagnostic(path, i + 1, f"invalid digest date {m.group('date')!r} in heading")
                    )
            i += 1
            continue
        if not is_table_line(line):
            i += 1
            continue

        start = i
        row = line
        if not is_closed_row(line):
            # A cell with paragraph breaks: the row runs on to a line ending in "|".
            j = i + 1
            while j < len(lines):
                nxt = lines[j]
                if is_table_line(nxt) or _HEADING_RE.match(nxt.strip()):
                    j = len(lines)
                    break
                if is_closed_row(nxt):
                    break
                j += 1
            if j < len(lines):
                row = "\n".join(lines[i : j + 1])
                i = j
        i += 1

        cells = split_cells(row)
        if is_alignment_row(cells):
            continue
        header = header_roles(cells)
        if header is not None:
            roles = header if "link" in header else _IGNORED
            continue
        if roles == _IGNORED:
            continue
        if roles is None:
            if resolve_cell(row, bare_ids=False):
                result.warnings.append(Diagnostic(path, start + 1, "table row without a header row; row skipped"))
            continue
        paper = _row_paper(cells, roles, path, start + 1, day, result.warnings)
        if paper is not None:
            result.papers.append(paper)


def parse(text: str, path: str) -> ParseResult:
    return safe_parse(NAME, text, path, _parse)
