"""cv-arxiv-daily JSON data files."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_arxdigest.parsers import cv_json, detect

from .parsing import check_parse

ROW = "|**2025-09-26**|**Title {n}**|Author {n} et.al.|[2509.{n:05d}](http://arxiv.org/abs/2509.{n:05d})|{code}|\n"


def data(topics: dict[str, list[int]]) -> dict[str, dict[str, str]]:
    return {
        topic: {f"2509.{n:05d}": ROW.format(n=n, code="**[link](https://github.com/a/b)**" if n % 2 else "null")
                for n in ids}
        for topic, ids in topics.items()
    }  # fmt: skip


@pytest.mark.parametrize("indent", [None, 2, 4])
@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_one_paper_per_topic_and_id_with_key_lines(indent, ensure_ascii):
    text = json.dumps(data({"SLAM": [1, 2], "多模态": [2, 3]}), indent=indent, ensure_ascii=ensure_ascii)
    assert cv_json.detect(text)
    assert detect(text) is cv_json
    result = cv_json.parse(text, "cv-arxiv-daily.json")
    assert result.warnings == []
    assert [(p.key, p.topics) for p in result.papers] == [
        ("2509.00001", ["SLAM"]),
        ("2509.00002", ["SLAM"]),
        ("2509.00002", ["多模态"]),
        ("2509.00003", ["多模态"]),
    ]
    lines = text.split("\n")
    for paper in result.papers:
        line = paper.sources[0].line
        assert f'"{paper.key}"' in lines[line - 1]
        assert paper.sources[0].format == "cv_json"
    if indent:  # the same id under two topics gets two different lines
        assert result.papers[1].sources[0].line != result.papers[2].sources[0].line
    first = result.papers[0]
    assert (first.title, first.authors, first.authors_complete) == ("Title 1", ["Author 1"], False)
    assert (first.published, first.code_url, first.days) == ("2025-09-26", "https://github.com/a/b", [])
    assert result.papers[1].code_url == ""


def test_detect_rejects_other_json_and_markdown(table_seed, ai_seed, topic_seed):
    for seed in (table_seed, ai_seed, topic_seed):
        assert not cv_json.detect(seed.read_text(encoding="utf-8"))
    assert not cv_json.detect('{"papers": [{"id": "2509.00001", "title": "|x"}]}')
    assert not cv_json.detect('{"SLAM": {"2509.00001": "- 2025-09-26, **Title**"}}')
    assert not cv_json.detect("[]")
    assert not cv_json.detect("")


def test_invalid_json_that_looks_like_the_format_is_one_warning():
    text = json.dumps(data({"SLAM": [1, 2]}), indent=2)[:-10]
    assert cv_json.detect(text)
    result = cv_json.parse(text, "broken.json")
    assert result.papers == []
    assert len(result.warnings) == 1 and "invalid JSON" in result.warnings[0].message
    assert 1 <= result.warnings[0].line <= text.count("\n") + 1


def test_malformed_topics_and_rows_are_warned():
    text = json.dumps({"A": {"2509.00001": ROW.format(n=1, code="null"), "2509.00002": 5}, "B": ["x"]}, indent=2)
    result = cv_json.parse(text, "x.json")
    assert [p.key for p in result.papers] == ["2509.00001"]
    assert [w.line for w in result.warnings] == [4, 6]


def test_top_level_not_an_object():
    result = cv_json.parse('["|**x**|"]', "x.json")
    assert result.papers == [] and len(result.warnings) == 1


# -- robustness --------------------------------------------------------------

row_text = st.one_of(
    st.sampled_from([ROW.format(n=1, code="null"), "|", "", "|**2025-02-30**|**T**|", "|a\\|b|c|"]), st.text()
)
json_like = st.dictionaries(
    st.text(max_size=10), st.dictionaries(st.text(max_size=12), row_text, max_size=4), max_size=4
).map(lambda d: json.dumps(d, indent=1))


def _check(text: str) -> None:
    check_parse(cv_json, text, "fuzz.json", first_line=0)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_never_raises_on_any_text(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(json_like)
def test_parse_never_raises_on_cv_like_json(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(json_like, st.integers(min_value=0, max_value=400))
def test_parse_never_raises_on_truncated_json(text, cut):
    _check(text[:cut])
