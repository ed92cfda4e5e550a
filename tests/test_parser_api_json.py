"""The Arxiv_Daily API JSON parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_arxdigest.parsers import api_json, parse_text

from .conftest import FIXTURES

HERE = FIXTURES / "parsers" / "api_json"


def paper(n: int, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "title": f"Paper {n}",
        "translated_title": f"论文 {n}",
        "author": "A B, C D",
        "summary": "S",
        "translated_summary": "摘要",
        "pdf_url": f"https://arxiv.org/pdf/2501.{n:05d}v1",
        "paper_url": f"https://arxiv.org/abs/2501.{n:05d}v1",
        "published_date": "2025-01-01",
    }
    base.update(fields)
    return base


def document(papers: list[object], **top: object) -> dict[str, object]:
    return {"date": "2025-01-02", "source": "arxiv", **top, "papers": papers}


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["pretty.json", "oneline.json", "truncated.json"])
def test_fixtures_are_detected(case: str) -> None:
    text = (HERE / case).read_text(encoding="utf-8")
    assert api_json.detect(text)
    assert parse_text(text, case).format == "api_json"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"papers": 3}',
        '{"date": "2025-01-02", "items": []}',
        '[{"papers": []}]',
        "papers: []",
        '# Digest\n\n"papers": [\n',
        '{"id": "2512.20735", "authors": ["A"], "AI": {}}\n{"id": "2512.20746", "authors": ["B"]}\n',
    ],
)
def test_detect_rejects(text: str) -> None:
    assert not api_json.detect(text)


def test_seeds_are_not_api_json(ai_seed: Path, table_seed: Path, topic_seed: Path) -> None:
    for seed in (ai_seed, table_seed, topic_seed):
        assert not api_json.detect(seed.read_text(encoding="utf-8"))


def test_detect_accepts_empty_papers_and_a_bom() -> None:
    assert api_json.detect('{"date": "2025-01-02", "papers": []}')
    assert api_json.detect('\ufeff\n  {"papers": [{"title": "x"}]}')


# --- line numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("indent", [2, 4, "\t"])
def test_source_lines_point_at_each_paper_object(indent: int | str) -> None:
    papers = [paper(1), paper(2, summary="line one\nline two"), paper(3)]
    text = json.dumps(document(papers, extra={"nested": {"papers": [1, 2]}}), ensure_ascii=False, indent=indent)
    result = api_json.parse(text, "d.json")
    lines = text.split("\n")
    got = [p.sources[0].line for p in result.papers]
    assert [lines[n - 1].strip() for n in got] == ["{", "{", "{"]
    assert [lines[n].strip() for n in got] == ['"title": "Paper 1",', '"title": "Paper 2",', '"title": "Paper 3",']


def test_one_line_document_gives_line_one() -> None:
    result = api_json.parse(json.dumps(document([paper(1), paper(2)])), "d.json")
    assert [p.sources[0].line for p in result.papers] == [1, 1]


# --- fields ----------------------------------------------------------------------------------


def test_author_string_and_list() -> None:
    doc = document([paper(1, author="Ana García,  Bo Li ; Chen Wei"), paper(2, author=["Dan", " ", 7, "Eve"])])
    a, b = api_json.parse(json.dumps(doc), "d.json").papers
    assert a.authors == ["Ana García", "Bo Li", "Chen Wei"] and a.authors_complete
    assert b.authors == ["Dan", "Eve"] and b.authors_complete


def test_missing_author_field() -> None:
    item = paper(1)
    del item["author"]
    (p,) = api_json.parse(json.dumps(document([item])), "d.json").papers
    assert p.authors == [] and not p.authors_complete


def test_iso_dates_in_several_shapes() -> None:
    shapes = ["2025-01-01", "2025-01-01T10:00:00Z", "2025-01-01 10:00:00+08:00", "2025/1/1"]
    doc = document([paper(i + 1, published_date=s) for i, s in enumerate(shapes)])
    result = api_json.parse(json.dumps(doc), "d.json")
    assert result.warnings == []
    assert [p.published for p in result.papers] == ["2025-01-01"] * 4


def test_missing_and_invalid_digest_date() -> None:
    no_date = {"papers": [paper(1)]}
    assert api_json.parse(json.dumps(no_date), "data/2025-03-04.json").papers[0].days == ["2025-03-04"]
    assert api_json.parse(json.dumps(no_date), "data/today.json").papers[0].days == []
    bad = json.dumps(document([paper(1)], date="2025-02-30"), indent=2)
    result = api_json.parse(bad, "data/2025-03-04.json")
    assert result.papers[0].days == []
    assert [(w.line, "invalid digest date" in w.message) for w in result.warnings] == [(2, True)]


def test_translation_chatter_is_cleaned() -> None:
    doc = document([paper(1, translated_title="中文翻译：标题", translated_summary="【翻译失败】Original text")])
    (p,) = api_json.parse(json.dumps(doc, ensure_ascii=False), "d.json").papers
    assert p.title_translated == "标题"
    assert p.abstract_translated == "Original text" and p.translation_failed


def test_doi_key_from_the_pdf_link_or_a_doi_field() -> None:
    doc = document(
        [
            paper(1, paper_url="https://www.medrxiv.org/content/10.1101/2025.01.01.25300001v2", pdf_url=""),
            paper(2, paper_url="", pdf_url="", doi="10.1234/ABC.5"),
            paper(3, paper_url="", pdf_url="", arxiv_id="2501.00003"),
        ]
    )
    keys = [p.key for p in api_json.parse(json.dumps(doc), "d.json").papers]
    assert keys == ["doi:10.1101/2025.01.01.25300001", "doi:10.1234/abc.5", "2501.00003"]


def test_top_level_that_is_not_an_api_digest() -> None:
    for text in ("[1, 2]", '{"papers": {"a": 1}}', "3"):
        result = api_json.parse(text, "d.json")
        assert result.papers == [] and len(result.warnings) == 1


def test_invalid_json_is_one_warning() -> None:
    text = (HERE / "pretty.json").read_text(encoding="utf-8").replace('"source": "arxiv",', '"source": arxiv,')
    result = api_json.parse(text, "d.json")
    assert result.papers == []
    assert [(w.line, "invalid JSON" in w.message) for w in result.warnings] == [(3, True)]
    deep = '{"papers": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert len(api_json.parse(deep, "d.json").warnings) == 1


# --- never raises ----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
paper_like = st.fixed_dictionaries(
    {},
    optional={
        "title": json_values,
        "translated_title": st.one_of(st.sampled_from(["[翻译失败] x", "翻译：y"]), json_values),
        "author": st.one_of(st.text(max_size=30), st.lists(json_values, max_size=4), json_values),
        "summary": json_values,
        "translated_summary": json_values,
        "pdf_url": st.one_of(st.sampled_from(["https://arxiv.org/pdf/2501.00001v2", "10.1101/x.y"]), json_values),
        "paper_url": st.one_of(
            st.sampled_from(["https://arxiv.org/abs/hep-th/9901001", "https://doi.org/10.1/z"]), json_values
        ),
        "published_date": st.one_of(st.sampled_from(["2025-01-01", "2025-02-30", "soon"]), json_values),
        "categories": json_values,
        "code_url": json_values,
    },
)
document_like = st.fixed_dictionaries(
    {"papers": st.lists(st.one_of(paper_like, json_values), max_size=5)},
    optional={"date": st.one_of(st.sampled_from(["2025-01-02", "2025-13-01"]), json_values), "source": json_values},
)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_never_raises_on_any_text(text: str) -> None:
    assert api_json.parse(text, "random.json").format == "api_json"
    api_json.detect(text)


@settings(max_examples=200, deadline=None)
@given(document_like, st.sampled_from([None, 1, 2, "\t"]), st.integers(min_value=0, max_value=400))
def test_parse_never_raises_on_document_like_json(doc: dict, indent: object, cut: int) -> None:
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    result = api_json.parse(text, "2025-01-02.json")
    assert api_json.detect(text)
    line_count = text.count("\n") + 1
    for p in result.papers:
        assert p.key and 1 <= p.sources[0].line <= line_count
    # a truncated copy is still parsed without raising
    api_json.parse(text[:cut], "2025-01-02.json")
    api_json.detect(text[:cut])
