"""cv-arxiv-daily JSON data files (``cv-arxiv-daily.json`` beside the README).

A data file maps topics to arXiv ids to one markdown table row each::

    {"SLAM": {"2509.22653": "|**2025-09-26**|**Title**|First Author et.al.|[2509.22653](http://arxiv.org/abs/2509.22653)|null|\\n"}}

Rows are in the ``Publish Date|Title|Authors|PDF|Code`` layout and are read by
:func:`.topic_tables.parse_row`. One paper per (topic, id); its line is the
line of the id's key in the file.
"""

from __future__ import annotations

import bisect
import json
import re

from ..model import Diagnostic, ParseResult
from .table import safe_parse
from .topic_tables import CV_ROLES, clean_topic, parse_row

NAME = "cv_json"

_ROW_VALUE_RE = re.compile(r'"\s*:\s*"\|')
_COLON_RE = re.compile(r"\s*:")


def _looks_like(text: str) -> bool:
    head = text.lstrip()[:4000]
    return head.startswith("{") and bool(_ROW_VALUE_RE.search(head))


def _is_cv_data(data: object) -> bool:
    """An object of topics whose rows are (mostly) markdown table rows."""
    if not isinstance(data, dict):
        return False
    rows = [v for topic in data.values() if isinstance(topic, dict) for v in topic.values()]
    good = sum(isinstance(v, str) and v.lstrip().startswith("|") for v in rows)
    return good > 0 and good * 2 >= len(rows)


def detect(text: str) -> bool:
    try:
        if not _looks_like(text):
            return False
        try:
            data = json.loads(text)
        except ValueError:
            return True  # looks like one: parse() reports the broken JSON
        return _is_cv_data(data)
    except Exception:  # noqa: BLE001
        return False


class _Lines:
    """Offsets to 1-based line numbers, and key look-ups in the raw text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.breaks, offset - 1) + 1 if offset >= 0 else 0

    def find_key(self, key: str, start: int) -> int:
        """Offset of ``"key":`` at or after ``start`` (raw or ASCII-escaped spelling), -1 if absent."""
        best = -1
        for spelling in {json.dumps(key, ensure_ascii=False), json.dumps(key)}:
            at = self.text.find(spelling, start)
            while at >= 0 and not _COLON_RE.match(self.text, at + len(spelling)):
                at = self.text.find(spelling, at + 1)
            if at >= 0 and (best < 0 or at < best):
                best = at
        return best


def _parse(text: str, path: str, result: ParseResult) -> None:
    try:
        data = json.loads(text)
    except ValueError as exc:
        last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
        line = min(getattr(exc, "lineno", 0) or 0, last_line)
        result.warnings.append(Diagnostic(path, line, f"invalid JSON: {getattr(exc, 'msg', exc)}; file skipped"))
        return
    if not isinstance(data, dict):
        result.warnings.append(Diagnostic(path, 1, "JSON data is not an object of topics; file skipped"))
        return
    where = _Lines(text)
    cursor = 0
    for topic_name, rows in data.items():
        topic_at = where.find_key(str(topic_name), cursor)
        if topic_at >= 0:
            cursor = topic_at + 1
        topic_line = where.line(topic_at)
        if not isinstance(rows, dict):
            result.warnings.append(
                Diagnostic(path, topic_line, f"topic {topic_name!r} is not an object of rows; skipped")
            )
            continue
        topic = clean_topic(str(topic_name))
        row_cursor = max(topic_at, 0)
        for paper_id, row in rows.items():
            at = where.find_key(str(paper_id), row_cursor)
            if at >= 0:
                row_cursor = at + 1
            line = where.line(at)
            if not isinstance(row, str):
                result.warnings.append(Diagnostic(path, line, f"row of {paper_id!r} is not a string; skipped"))
                continue
            paper, warnings = parse_row(
                row.strip(), CV_ROLES, path, line, topic=topic, fallback_id=str(paper_id), source_format=NAME
            )
            result.warnings.extend(warnings)
            if paper is not None:
                result.papers.append(paper)
        cursor = max(cursor, row_cursor)


def parse(text: str, path: str) -> ParseResult:
    return safe_parse(NAME, text, path, _parse)
