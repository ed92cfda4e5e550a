"""Raw data of daily-arXiv-ai-enhanced: one JSON object per line (``data/2025-12-24.jsonl``).

Each line holds ``id``, ``categories``, ``pdf``, ``abs``, ``authors``,
``title``, ``comment``, ``summary`` (the English abstract), sometimes
``code_url``, and an ``AI`` object with ``tldr``, ``motivation``, ``method``,
``result`` and ``conclusion`` (any of which may be missing). The digest day
comes from a ``YYYY-MM-DD`` in the file name.
"""

from __future__ import annotations

import json
import re

from ..ids import abs_url, parse_arxiv_id, parse_arxiv_url, parse_doi, pdf_url
from ..model import Diagnostic, Paper, ParseResult, Source
from ..text import normalize, normalize_block
from .ai_enhanced import day_from_path, split_authors
from .authors import clean_names

NAME = "ai_jsonl"

_DETECT_LINES = 3
_AI_FIELDS = ("tldr", "motivation", "method", "result", "conclusion")
_SPLIT_CATEGORIES_RE = re.compile(r"[\s,;]+")


def _record(line: str) -> dict | None:
    """The JSON object on ``line`` when it looks like a paper record, else ``None``."""
    stripped = line.strip()
    if not (stripped.startswith("{") and '"id"' in stripped and ('"authors"' in stripped or '"AI"' in stripped)):
        return None
    try:
        obj = json.loads(stripped)
    except (ValueError, RecursionError):
        return None
    if isinstance(obj, dict) and "id" in obj and ("authors" in obj or "AI" in obj):
        return obj
    return None


def detect(text: str) -> bool:
    """The first non-blank line is a JSON object with an ``id`` and ``authors`` or ``AI``."""
    if not isinstance(text, str):
        return False
    pos = 0
    seen = 0
    while pos < len(text) and seen < _DETECT_LINES:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        pos = end + 1
        if not line.strip():
            continue
        if not line.lstrip().startswith("{"):
            return False
        if _record(line) is not None:
            return True
        seen += 1  # tolerate a broken first record if one of the next lines is a good one
    return False


def as_text(value: object) -> str:
    """A JSON scalar as text: strings as they are, numbers written out, anything else empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _key(obj: dict) -> tuple[str, int | None] | None:
    ident = as_text(obj.get("id")).strip()
    links = [as_text(obj.get(name)) for name in ("abs", "pdf")]
    if ident.startswith("10.") and parse_doi(ident):
        return f"doi:{parse_doi(ident)}", None
    found = parse_arxiv_id(ident) if ident else None
    if found:
        if found[1] is None:  # the id is usually bare; the links may carry the version
            for link in links:
                from_link = parse_arxiv_url(link)
                if from_link and from_link[0] == found[0] and from_link[1]:
                    return found[0], from_link[1]
        return found
    for link in links:
        from_link = parse_arxiv_url(link)
        if from_link:
            return from_link
    for link in links:
        doi = parse_doi(link)
        if doi:
            return f"doi:{doi}", None
    return None


def category_list(value: object) -> list[str]:
    """Categories from a JSON list or a space/comma-separated string, normalised, without repeats."""
    if isinstance(value, str):
        items = _SPLIT_CATEGORIES_RE.split(value)
    elif isinstance(value, list):
        items = [as_text(v) for v in value]
    else:
        items = []
    categories: list[str] = []
    for item in items:
        item = normalize(item)
        if item and item not in categories:
            categories.append(item)
    return categories


def _paper(obj: dict, key: str, version: int | None, path: str, line: int, day: str | None) -> Paper:
    authors_value = obj.get("authors")
    as_list = isinstance(authors_value, list)
    authors = clean_names(authors_value) if as_list else split_authors(as_text(authors_value))
    categories = category_list(obj.get("categories"))
    paper = Paper(
        key=key,
        version=version,
        title=normalize(as_text(obj.get("title"))),
        authors=authors,
        authors_complete=authors_value is not None,
        categories=categories,
        main_category=categories[0] if categories else "",
        days=[day] if day else [],
        comment=normalize(as_text(obj.get("comment"))),
        abstract=normalize_block(as_text(obj.get("summary"))),
        code_url=normalize(as_text(obj.get("code_url"))),
        sources=[Source(path, line, NAME)],
    )
    if paper.is_arxiv:
        paper.abs_url = abs_url(key)
        paper.pdf_url = pdf_url(key, version)
    else:
        paper.doi = key[4:]
        abs_link = normalize(as_text(obj.get("abs")))
        paper.abs_url = abs_link if abs_link.startswith(("http://", "https://")) else abs_url(key)
        pdf_link = normalize(as_text(obj.get("pdf")))
        paper.pdf_url = pdf_link if pdf_link.startswith(("http://", "https://")) else ""
    ai = obj.get("AI")
    if isinstance(ai, dict):
        paper.tldr = normalize(as_text(ai.get("tldr")))
        for name in _AI_FIELDS[1:]:
            setattr(paper, name, normalize_block(as_text(ai.get(name))))
    return paper


def parse(text: str, path: str) -> ParseResult:
    """Read every line; a broken line is one warning and the others are still read."""
    result = ParseResult(NAME)
    if not isinstance(text, str):
        result.warnings.append(Diagnostic(path, 0, "not text"))
        return result
    day = day_from_path(path)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
            result.warnings.append(Diagnostic(path, number, f"line is not valid JSON ({reason}); skipped"))
            continue
        if not isinstance(obj, dict):
            result.warnings.append(Diagnostic(path, number, "line is not a JSON object; skipped"))
            continue
        try:
            found = _key(obj)
            if found is None:
                result.warnings.append(Diagnostic(path, number, "record has no arXiv id or link; skipped"))
                continue
            result.papers.append(_paper(obj, found[0], found[1], path, number, day))
        except Exception as exc:  # pragma: no cover - a safety net, the code above is written not to raise
            result.warnings.append(Diagnostic(path, number, f"record could not be read ({exc!r}); skipped"))
    return result
