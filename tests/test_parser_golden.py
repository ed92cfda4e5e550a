"""Golden tests: every fixture under ``fixtures/parsers/`` beside its expected result.

A fixture ``foo.md`` (or ``.txt``, ``.json``, ``.jsonl``) is checked against
``foo.expected.json``::

    {"format": "table",
     "papers": [{"key": "...", "title": "...", ...only the fields to check...}],
     "warnings": [[line, "substring of the message"], ...]}

Papers are compared in order, field by field, for the fields the expected
entry names; the warning list must match exactly in length, lines and
substrings. Regenerate nothing automatically: expected files are written by hand.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from mkdocs_arxdigest.parsers import parse_file

from .conftest import FIXTURES

CASES = sorted(p for p in (FIXTURES / "parsers").rglob("*") if p.is_file() and not p.name.endswith(".expected.json"))


@pytest.mark.parametrize("fixture", CASES, ids=lambda p: str(p.relative_to(FIXTURES / "parsers")))
def test_fixture_matches_expected(fixture: Path) -> None:
    expected_path = fixture.with_name(fixture.name.rsplit(".", 1)[0] + ".expected.json")
    assert expected_path.exists(), f"missing {expected_path.name} beside {fixture.name}"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    result = parse_file(fixture, display_path=fixture.name)

    assert result.format == expected["format"]
    assert len(result.papers) == len(expected["papers"]), [p.key for p in result.papers]
    for got, want in zip(result.papers, expected["papers"], strict=True):
        got_dict = dataclasses.asdict(got)
        got_dict["sources"] = [[s["line"], s["format"]] for s in got_dict["sources"]]
        for name, value in want.items():
            assert got_dict[name] == value, f"{got.key}.{name}"
    warnings = [(w.line, w.message) for w in result.warnings]
    assert len(warnings) == len(expected.get("warnings", [])), warnings
    for (line, message), (want_line, want_text) in zip(warnings, expected.get("warnings", []), strict=True):
        assert line == want_line and want_text in message, (line, message)
