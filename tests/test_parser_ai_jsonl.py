"""The daily-arXiv-ai-enhanced JSONL parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_arxdigest.parsers import ai_enhanced, ai_jsonl, parse_file, parse_text

from .conftest import FIXTURES

HERE = FIXTURES / "parsers" / "ai_jsonl"
FIXTURE = HERE / "2025-12-24_AI_enhanced_Chinese.jsonl"


def record(**fields: object) -> str:
    base: dict[str, object] = {
        "id": "2512.20735",
        "pdf": "https://arxiv.org/pdf/2512.20735",
        "abs": "https://arxiv.org/abs/2512.20735",
        "authors": ["A B"],
        "title": "T",
        "categories": ["cs.CV"],
        "comment": None,
        "summary": "S",
        "AI": {"tldr": "t", "motivation": "m", "method": "k", "result": "r", "conclusion": "c"},
    }
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not ...}, ensure_ascii=False)


# --- detection -------------------------------------------------------------------------------


def test_fixture_is_detected() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert ai_jsonl.detect(text)
    assert parse_text(text, FIXTURE.name).format == "ai_jsonl"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "[1, 2]\n",
        '{"id": "2512.20735", "title": "no authors, no AI"}\n',
        '{"date": "2025-01-02", "papers": [{"id": "2512.20735", "authors": ["A"]}]}',
        '{\n  "id": "2512.20735",\n  "authors": ["A"]\n}\n',
        "### [1] [T](https://arxiv.org/abs/2512.20735)\n",
        'text mentioning "id" and "authors"\n',
    ],
)
def test_detect_rejects(text: str) -> None:
    assert not ai_jsonl.detect(text)


def test_detect_accepts_variants() -> None:
    assert ai_jsonl.detect("\n\n" + record() + "\n")
    assert ai_jsonl.detect(record(authors=...) + "\n")  # "AI" without "authors"
    assert ai_jsonl.detect(record(AI=...) + "\n")  # "authors" without "AI"
    assert ai_jsonl.detect('{"id": "broken\n' + record() + "\n")  # a broken first record


def test_seed_markdown_is_not_jsonl(ai_seed: Path, table_seed: Path, topic_seed: Path) -> None:
    for seed in (ai_seed, table_seed, topic_seed):
        assert not ai_jsonl.detect(seed.read_text(encoding="utf-8"))


# --- fields ----------------------------------------------------------------------------------


def test_fixture_warnings_name_the_lines() -> None:
    result = parse_file(FIXTURE, display_path="data/" + FIXTURE.name)
    assert [p.sources[0].line for p in result.papers] == [1, 3, 6, 8]
    assert [(w.path, w.line) for w in result.warnings] == [("data/" + FIXTURE.name, n) for n in (4, 5, 7)]


def test_missing_ai_fields_and_odd_values() -> None:
    line = record(AI={"tldr": None, "method": 3}, comment=None, categories=None, summary=["not", "text"])
    (paper,) = ai_jsonl.parse(line, "x.jsonl").papers
    assert (paper.tldr, paper.motivation, paper.method) == ("", "", "3")
    assert paper.comment == "" and paper.abstract == ""
    assert paper.categories == [] and paper.main_category == ""


def test_authors_missing_or_null() -> None:
    papers = ai_jsonl.parse(record(authors=...) + "\n" + record(authors=None), "x.jsonl").papers
    assert [(p.authors, p.authors_complete) for p in papers] == [([], False), ([], False)]


def test_version_from_the_links() -> None:
    line = record(abs="https://arxiv.org/abs/2512.20735v3", pdf="https://arxiv.org/pdf/2512.20735v3")
    (paper,) = ai_jsonl.parse(line, "x.jsonl").papers
    assert (paper.key, paper.version, paper.pdf_url) == ("2512.20735", 3, "https://arxiv.org/pdf/2512.20735v3")
    (paper,) = ai_jsonl.parse(record(id="2512.20735v2"), "x.jsonl").papers
    assert (paper.key, paper.version) == ("2512.20735", 2)


def test_old_style_id() -> None:
    (paper,) = ai_jsonl.parse(record(id="hep-th/9901001", abs=..., pdf=...), "x.jsonl").papers
    assert paper.key == "hep-th/9901001" and paper.abs_url == "https://arxiv.org/abs/hep-th/9901001"


def test_day_from_file_name_only() -> None:
    assert ai_jsonl.parse(record(), "data/2025-12-24.jsonl").papers[0].days == ["2025-12-24"]
    assert ai_jsonl.parse(record(), "data/papers.jsonl").papers[0].days == []


def test_deeply_nested_line_is_a_warning() -> None:
    text = record() + "\n" + "[" * 100_000 + "]" * 100_000 + "\n" + record(id="2512.20746")
    result = ai_jsonl.parse(text, "x.jsonl")
    assert [p.key for p in result.papers] == ["2512.20735", "2512.20746"]
    assert [w.line for w in result.warnings] == [2]


def test_round_trip_of_the_ai_seed(ai_seed: Path) -> None:
    """The markdown digest is generated from JSONL: writing its papers back as JSONL reads the same."""
    md = ai_enhanced.parse(ai_seed.read_text(encoding="utf-8"), "data/2025-12-24.md")
    lines = []
    for p in md.papers:
        lines.append(
            json.dumps(
                {
                    "id": p.key,
                    "pdf": f"https://arxiv.org/pdf/{p.key}",
                    "abs": f"https://arxiv.org/abs/{p.key}",
                    "authors": p.authors,
                    "title": p.title,
                    "categories": [p.main_category],
                    "comment": None,
                    "summary": p.abstract,
                    "AI": {k: getattr(p, k) for k in ("tldr", "motivation", "method", "result", "conclusion")},
                },
                ensure_ascii=False,
            )
        )
    result = parse_text("\n".join(lines) + "\n", "data/2025-12-24_AI_enhanced_Chinese.jsonl")
    assert result.format == "ai_jsonl" and result.warnings == []
    assert len(result.papers) == 189
    for a, b in zip(md.papers, result.papers, strict=True):
        assert (a.key, a.title, a.authors, a.main_category, a.days) == (
            b.key,
            b.title,
            b.authors,
            b.main_category,
            b.days,
        )
        assert (a.tldr, a.motivation, a.method, a.result, a.conclusion, a.abstract) == (
            b.tldr,
            b.motivation,
            b.method,
            b.result,
            b.conclusion,
            b.abstract,
        )


# --- never raises ----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
record_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["2512.20735", "hep-th/9901001v2", "10.1101/2025.01.01.1", ""]), json_values),
        "abs": st.one_of(
            st.sampled_from(["https://arxiv.org/abs/2512.20735v2", "https://doi.org/10.1/x"]), json_values
        ),
        "pdf": json_values,
        "authors": st.one_of(st.lists(st.text(max_size=10), max_size=5), st.text(max_size=20), json_values),
        "title": json_values,
        "categories": st.one_of(st.lists(st.text(max_size=6), max_size=3), json_values),
        "comment": json_values,
        "summary": json_values,
        "code_url": json_values,
        "AI": st.one_of(st.dictionaries(st.sampled_from(["tldr", "method", "result"]), json_values), json_values),
    },
)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_never_raises_on_any_text(text: str) -> None:
    assert ai_jsonl.parse(text, "random.jsonl").format == "ai_jsonl"
    ai_jsonl.detect(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(record_like.map(json.dumps), json_values.map(json.dumps), st.text(max_size=30)), max_size=8))
def test_parse_never_raises_on_record_like_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    result = ai_jsonl.parse(text, "2025-12-24.jsonl")
    for paper in result.papers:
        assert paper.key and paper.sources[0].line >= 1
    ai_jsonl.detect(text)
