"""The benchmark corpus generator: deterministic, the requested papers, formats the parsers recognise."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_arxdigest.parsers import iter_files, parse_file

from .conftest import load_synth

ROOT = Path(__file__).resolve().parents[1]


synth = load_synth()

#: Sub-folder written by the generator -> format name the parser registry must detect.
EXPECTED_FORMAT = {"table": "table", "ai": "ai_enhanced", "topics": "topic_tables"}


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("corpus")
    return out, synth.generate(out, papers=400, days=8, seed=3)


def test_same_seed_same_bytes(tmp_path: Path, corpus) -> None:
    out, _ = corpus
    again = tmp_path / "again"
    synth.generate(again, papers=400, days=8, seed=3)
    assert _tree(again) == _tree(out)


def test_other_seed_other_bytes(tmp_path: Path, corpus) -> None:
    out, _ = corpus
    other = tmp_path / "other"
    synth.generate(other, papers=400, days=8, seed=4)
    assert _tree(other) != _tree(out)


def test_layout(corpus) -> None:
    out, summary = corpus
    days = [d.isoformat() for d in synth.weekdays(8)]
    assert sorted(p.stem for p in (out / "table").glob("*.md")) == days
    assert sorted(p.stem for p in (out / "ai").glob("*.md")) == days
    weeks = {f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in synth.weekdays(8)}
    assert {p.stem for p in (out / "topics").glob("*.md")} == weeks
    assert summary["files"] == len(days) * 2 + len(weeks)


def test_parsers_detect_formats_and_find_every_paper(corpus) -> None:
    out, summary = corpus
    keys: set[str] = set()
    formats_per_key: dict[str, set[str]] = {}
    occurrences = 0
    for path in iter_files([out]):
        result = parse_file(path)
        assert result.format == EXPECTED_FORMAT[path.parent.name], path
        assert not result.warnings, [str(w) for w in result.warnings]
        assert result.papers, path
        for paper in result.papers:
            keys.add(paper.key)
            formats_per_key.setdefault(paper.key, set()).add(result.format)
            occurrences += 1
    assert len(keys) == 400
    # topic tables may list a paper under two topics, so occurrences >= the generator's count
    assert occurrences >= sum(summary["occurrences"].values())
    several = sum(1 for f in formats_per_key.values() if len(f) > 1)
    assert several == summary["in_several_formats"]
    assert 0.2 * 400 < several < 0.5 * 400


def test_parsed_fields_look_like_the_real_formats(corpus) -> None:
    out, _ = corpus
    ai = parse_file(next((out / "ai").glob("*.md"))).papers
    assert all(p.title and p.authors and p.main_category and p.tldr and p.abstract for p in ai)
    assert all(len(p.authors) >= 2 for p in ai)
    assert 100 < sum(len(p.abstract.split()) for p in ai) / len(ai) < 250
    table = parse_file(next((out / "table").glob("*.md"))).papers
    assert all(len(p.authors) == 1 and p.title_translated and p.pdf_url for p in table)
    assert 150 < sum(len(p.abstract_translated) for p in table) / len(table) < 400
    topics = [p for f in (out / "topics").glob("*.md") for p in parse_file(f).papers]
    assert all(p.topics and p.published and p.title for p in topics)


def test_authors_are_skewed(corpus) -> None:
    _, summary = corpus
    assert summary["authors_with_one_paper"] > summary["authors"] / 2
    assert summary["top_author_papers"][0] >= 5


def test_one_more_day_keeps_the_earlier_days(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    synth.generate(a, papers=300, days=6, seed=1)
    synth.generate(b, papers=350, days=7, seed=1)
    ta, tb = _tree(a), _tree(b)
    day_files = [k for k in ta if not k.startswith("topics")]
    assert all(ta[k] == tb[k] for k in day_files)
    assert len([k for k in tb if k not in ta]) >= 2


def test_baseline_pages(tmp_path: Path) -> None:
    summary = synth.baseline(tmp_path / "docs", pages=130)
    files = list((tmp_path / "docs").rglob("*.md"))
    assert len(files) == summary["pages"] == 130
    sizes = sorted(f.stat().st_size for f in files)
    assert 2000 < sizes[len(sizes) // 2] < 5000
    assert summary["nav"][0] == {"Home": "index.md"}
