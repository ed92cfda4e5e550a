"""Placeholder: being written."""

from __future__ import annotations

from ..model import ParseResult

NAME = "topic_tables"


def detect(text: str) -> bool:
    return False


def parse(text: str, path: str) -> ParseResult:
    return ParseResult(NAME)
