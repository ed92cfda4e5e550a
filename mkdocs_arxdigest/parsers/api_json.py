"""Arxiv_Daily API JSON: one digest day as a JSON document.

::

    {"date": "2025-01-02", "source": "arxiv",
     "papers": [{"title": "...", "translated_title": "...",
                 "author": "A, B, C",            # or ["A", "B", "C"]
                 "summary": "...", "translated_summary": "...",
                 "pdf_url": "https://arxiv.org/pdf/2501.00001v1",
                 "paper_url": "https://arxiv.org/abs/2501.00001v1",
                 "published_date": "2025-01-01T18:59:59Z",
                 "categories": ["cs.CL"], "code_url": "..."}]}

Papers without an arXiv link are keyed by their DOI. Source lines point at
the line where each paper object starts (1 when the JSON is on one line).
"""

from __future__ import annotations

import bisect
import json
import re

from ..ids import abs_url, parse_arxiv_id, parse_arxiv_url, parse_doi, pdf_url
from ..model import Diagnostic, Paper, ParseResult, Source
from ..text import clean_translation, normalize, normalize_block, parse_date
from .ai_enhanced import day_from_path, read_authors
from .ai_jsonl import as_text, category_list
from .authors import clean_names

NAME = "api_json"

_DETECT_WINDOW = 65_536
_PAPERS_RE = re.compile(r'"papers"\s*:\s*\[')
_WS = " \t\n\r"


def detect(text: str) -> bool:
    """A JSON object with a ``"papers"`` array."""
    if not isinstance(text, str):
        return False
    head = text[:_DETECT_WINDOW].lstrip("\ufeff" + _WS)
    if not head.startswith("{") or not _PAPERS_RE.search(head):
        return False
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return True  # recognisably this format but broken: parse() says where
    return isinstance(data, dict) and isinstance(data.get("papers"), list)


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _offsets(text: str) -> tuple[dict[str, int], list[int]]:
    """Offsets of the top-level keys and of each element of the ``papers`` array.

    Best effort on text that already parsed as JSON; any surprise gives empty results.
    """
    keys: dict[str, int] = {}
    papers: list[int] = []
    decoder = json.JSONDecoder()
    try:
        i = _skip_ws(text, 0)
        if text[i] != "{":
            return {}, []
        i = _skip_ws(text, i + 1)
        while i < len(text) and text[i] != "}":
            key_start = i
            key, i = decoder.raw_decode(text, i)
            i = _skip_ws(text, i)
            if text[i] != ":":
                return {}, []
            i = _skip_ws(text, i + 1)
            keys[str(key)] = key_start
            if key == "papers" and text[i] == "[":
                papers = []
                i = _skip_ws(text, i + 1)
                while text[i] != "]":
                    papers.append(i)
                    _, i = decoder.raw_decode(text, i)
                    i = _skip_ws(text, i)
                    if text[i] == ",":
                        i = _skip_ws(text, i + 1)
                    elif text[i] != "]":
                        return {}, []
                i += 1
            else:
                _, i = decoder.raw_decode(text, i)
            i = _skip_ws(text, i)
            if text[i] == ",":
                i = _skip_ws(text, i + 1)
            elif text[i] != "}":
                return {}, []
    except (ValueError, IndexError, RecursionError):
        return {}, []
    return keys, papers


def _key(item: dict) -> tuple[str, int | None] | None:
    links = [as_text(item.get(name)) for name in ("paper_url", "pdf_url", "url", "link")]
    found = None
    for link in links:
        from_link = parse_arxiv_url(link)
        if from_link and found is None:
            found = from_link
        elif from_link and found and from_link[0] == found[0] and found[1] is None:
            found = from_link  # the PDF link may carry the version the page link lacks
    if found:
        return found
    for name in ("arxiv_id", "id"):
        ident = as_text(item.get(name)).strip()
        if ident and not ident.startswith("10."):
            from_id = parse_arxiv_id(ident)
            if from_id:
                return from_id
    for value in [as_text(item.get("doi")), *links, as_text(item.get("id"))]:
        doi = parse_doi(value)
        if doi:
            return f"doi:{doi}", None
    return None


def _authors(item: dict) -> tuple[list[str], bool]:
    value = item.get("author", item.get("authors"))
    if isinstance(value, list):
        return clean_names(value), True
    if isinstance(value, str):
        authors = read_authors(value.replace(";", ","))
        return authors.names, authors.complete
    return [], False


def _http(value: object) -> str:
    url = normalize(as_text(value))
    return url if url.startswith(("http://", "https://")) else ""


def _paper(item: dict, found: tuple[str, int | None], source: Source, day: str | None) -> tuple[Paper, str]:
    """Build the paper; the second value is a warning message ('' when none)."""
    key, version = found
    authors, complete = _authors(item)
    title_translated, failed_title = clean_translation(as_text(item.get("translated_title")))
    abstract_translated, failed_abstract = clean_translation(as_text(item.get("translated_summary")))
    categories = category_list(item.get("categories"))
    paper = Paper(
        key=key,
        version=version,
        title=normalize(as_text(item.get("title"))),
        title_translated=normalize(title_translated),
        authors=authors,
        authors_complete=complete,
        categories=categories,
        main_category=categories[0] if categories else "",
        days=[day] if day else [],
        code_url=_http(item.get("code_url")),
        comment=normalize(as_text(item.get("comment"))),
        abstract=normalize_block(as_text(item.get("summary"))),
        abstract_translated=normalize_block(abstract_translated),
        translation_failed=failed_title or failed_abstract,
        sources=[source],
    )
    if paper.is_arxiv:
        paper.abs_url = abs_url(key)
        paper.pdf_url = pdf_url(key, version)
    else:
        paper.doi = key[4:]
        paper.abs_url = _http(item.get("paper_url")) or abs_url(key)
        paper.pdf_url = _http(item.get("pdf_url"))
    warning = ""
    raw_date = normalize(as_text(item.get("published_date")))
    if raw_date:
        published = parse_date(raw_date)
        if published:
            paper.published = published
        else:
            warning = f"paper {key}: invalid published_date {raw_date!r}; ignored"
    return paper, warning


def parse(text: str, path: str) -> ParseResult:
    """Read every paper of the document; invalid JSON is one warning."""
    result = ParseResult(NAME)
    if not isinstance(text, str):
        result.warnings.append(Diagnostic(path, 0, "not text"))
        return result
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        result.warnings.append(Diagnostic(path, exc.lineno, f"invalid JSON ({exc.msg}, column {exc.colno})"))
        return result
    except (ValueError, RecursionError) as exc:
        result.warnings.append(Diagnostic(path, 1, f"invalid JSON ({type(exc).__name__})"))
        return result
    if not isinstance(data, dict) or not isinstance(data.get("papers"), list):
        result.warnings.append(Diagnostic(path, 1, 'not an API digest: no "papers" array at the top level'))
        return result

    key_offsets, paper_offsets = _offsets(text)
    papers = data["papers"]
    if len(paper_offsets) != len(papers):
        paper_offsets = []

    newlines = [m.start() for m in re.finditer("\n", text)] if key_offsets else []

    def line_at(offset: int | None) -> int:
        return bisect.bisect_left(newlines, offset) + 1 if offset is not None else 1

    day = None
    raw_day = normalize(as_text(data.get("date")))
    if raw_day:
        day = parse_date(raw_day)
        if not day:
            result.warnings.append(
                Diagnostic(path, line_at(key_offsets.get("date")), f"invalid digest date {raw_day!r}; ignored")
            )
    if not raw_day:
        day = day_from_path(path)

    for index, item in enumerate(papers):
        line = line_at(paper_offsets[index]) if paper_offsets else line_at(key_offsets.get("papers"))
        if not isinstance(item, dict):
            result.warnings.append(Diagnostic(path, line, f"papers[{index}] is not an object; skipped"))
            continue
        try:
            found = _key(item)
            if found is None:
                result.warnings.append(Diagnostic(path, line, f"papers[{index}] has no arXiv link or DOI; skipped"))
                continue
            paper, warning = _paper(item, found, Source(path, line, NAME), day)
        except Exception as exc:  # pragma: no cover - a safety net, the code above is written not to raise
            result.warnings.append(Diagnostic(path, line, f"papers[{index}] could not be read ({exc!r}); skipped"))
            continue
        if warning:
            result.warnings.append(Diagnostic(path, line, warning))
        result.papers.append(paper)
    return result
