"""``sources.unmatched_sources``: the entries that match no file, by the rules of ``parsers.iter_files``."""

from __future__ import annotations

import pytest

from mkdocs_arxdigest.parsers import iter_files
from mkdocs_arxdigest.sources import source_warning, unmatched_reason, unmatched_sources


@pytest.fixture
def root(tmp_path):
    (tmp_path / "digests" / "2025").mkdir(parents=True)
    (tmp_path / "digests" / "2025" / "01-02.md").write_text("# x\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "only-hidden" / ".git").mkdir(parents=True)
    (tmp_path / "only-hidden" / ".git" / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "one.txt").write_text("x", encoding="utf-8")
    return tmp_path


ENTRIES = [
    "digests", "digests/2025/01-02.md", "digests/**/*.md", "one.txt", "empty", "only-hidden", "images",
    "missing", "missing/*.md", "digests/*.json", "one.txt/x",
]  # fmt: skip


def test_unmatched_entries(root):
    assert unmatched_sources(ENTRIES, root) == [
        "empty", "only-hidden", "images", "missing", "missing/*.md", "digests/*.json", "one.txt/x",
    ]  # fmt: skip


def test_agrees_with_iter_files(root):
    for entry in ENTRIES:
        assert (entry in unmatched_sources([entry], root)) == (not iter_files([root / entry])), entry


def test_absolute_entries_and_each_once(root):
    assert unmatched_sources([str(root / "digests"), str(root / "nope"), str(root / "nope")], "/elsewhere") == [
        str(root / "nope")
    ]


def test_reasons(root):
    assert unmatched_reason("missing", root) == "'missing': no such file or folder"
    assert unmatched_reason("missing/*.md", root) == "'missing/*.md': the pattern matches no file"
    assert unmatched_reason("empty", root).startswith("'empty': the folder holds no digest file (.md,")
    warning = source_warning("digest", root)
    assert warning.startswith("arxdigest: sources: 'digest': no such file or folder; name digest files")
    assert "\n" not in warning
