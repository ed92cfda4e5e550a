"""Shared checks for the parser property tests."""

from __future__ import annotations


def check_parse(module, text: str, path: str, first_line: int = 1) -> None:
    """``module`` detects and parses ``text`` without raising, and every line it names is in the text."""
    module.detect(text)
    result = module.parse(text, path)
    assert result.format == module.NAME
    assert not any("parser error" in w.message for w in result.warnings), result.warnings
    n_lines = text.count("\n") + 1
    for paper in result.papers:
        assert paper.key and first_line <= paper.sources[0].line <= n_lines
    assert all(0 <= w.line <= n_lines for w in result.warnings)
