"""Topic tables (cv-arxiv-daily READMEs and forks)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_arxdigest.parsers import detect, parse_file, topic_tables
from mkdocs_arxdigest.parsers.topic_tables import CV_ROLES, clean_topic, parse_row, roles_of

from .parsing import check_parse

SEED_TOPICS = {"多模态", "大模型PEFT", "大模型强化学习", "大模型持续学习", "Transformer", "生成模型"}


# -- the real sample ---------------------------------------------------------


def test_seed_figures(topic_seed):
    result = parse_file(topic_seed)
    assert result.format == "topic_tables"
    assert result.warnings == []
    assert len(result.papers) == 245
    assert len({p.key for p in result.papers}) == 227
    assert {t for p in result.papers for t in p.topics} == SEED_TOPICS
    assert all(len(p.topics) == 1 for p in result.papers)
    assert {tuple(p.days) for p in result.papers} == {("2025-09-29",)}


def test_seed_rows(topic_seed):
    papers = parse_file(topic_seed).papers
    first = papers[0]
    assert first.key == "2509.22653"
    assert first.title == "See, Point, Fly: A Learning-Free VLM Framework for Universal Unmanned Aerial Navigation"
    assert first.published == "2025-09-26"
    assert first.code_url == "https://github.com/Hu-chih-yao/see-point-fly"
    assert first.abstract_translated.startswith("我们提出了视、指、飞 (SPF) 框架")
    assert first.abstract == ""
    assert first.topics == ["多模态"] and first.sources[0].line == 12
    assert all(p.title and p.published and p.abstract_translated for p in papers)
    assert sum(bool(p.code_url) for p in papers) == 39
    assert all(not p.code_url or p.code_url.startswith("https://github.com/") for p in papers)


def test_detect_only_topic_tables(table_seed, ai_seed, topic_seed):
    assert topic_tables.detect(topic_seed.read_text(encoding="utf-8"))
    assert not topic_tables.detect(table_seed.read_text(encoding="utf-8"))
    assert not topic_tables.detect(ai_seed.read_text(encoding="utf-8"))
    assert detect(topic_seed.read_text(encoding="utf-8")) is topic_tables


# -- headings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "topic"),
    [
        ("### 📌 大模型⭐️推理", "大模型推理"),
        ("## Vision Transformers 🚀", "Vision Transformers"),
        ("## [SLAM](#slam)", "SLAM"),
        ("## **Keypoint Detection** {#kd}", "Keypoint Detection"),
        ("## 3D 重建 & NeRF", "3D 重建 & NeRF"),
        ("## C# 工具 ##", "C# 工具"),
    ],
)
def test_topic_headings_are_cleaned(heading, topic):
    text = (
        f"## 📅 Updated on 2025.01.02\n\n{heading}\n\n|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|---|\n"
        "|**2025-01-01**|**T**|A et.al.|[2501.00001](http://arxiv.org/abs/2501.00001)|null|\n"
    )
    (paper,) = topic_tables.parse(text, "x.md").papers
    assert paper.topics == [topic]
    assert paper.days == ["2025-01-02"]


def test_updated_on_variants_and_invalid_date():
    assert topic_tables.detect("## Updated on 2025.09.29\n")
    assert topic_tables.detect("## 📅 Updated on 2025.09.29\n")
    assert not topic_tables.detect("# arxiv 2025-09-29\n")
    result = topic_tables.parse("## Updated on 2025.02.30\n", "x.md")
    assert [(w.line, "invalid update date" in w.message) for w in result.warnings] == [(1, True)]


def test_furniture_is_neither_paper_nor_warning():
    text = (
        "## Updated on 2025.09.29\n> Usage instructions: [here](./docs/README.md#usage)\n\n"
        "<details>\n  <summary>Table of Contents</summary>\n  <ol>\n"
        "    <li><a href=#slam>SLAM</a></li>\n  </ol>\n</details>\n\n"
        "[![Stars](https://img.shields.io/github/stars/x/y.svg)](https://github.com/x/y)\n\n"
        "<p align=right>(<a href=#updated-on-20250929>back to top</a>)</p>\n"
        "## Star History\n\n| Metric | Value |\n|---|---|\n| stars | 10 |\n"
    )
    result = topic_tables.parse(text, "x.md")
    assert result.papers == [] and result.warnings == []


# -- rows --------------------------------------------------------------------


def test_parse_row_accepts_a_line_or_cells():
    roles = roles_of(["Publish Date", "Title", "Authors", "PDF", "Code"])
    assert roles == list(CV_ROLES)
    line = "|**2025-09-26**|**Title**|First Author et.al.|[2509.22653](http://arxiv.org/abs/2509.22653)|null|"
    from_line, warnings = parse_row(line, roles, "x.md", 7, topic="SLAM", day="2025-09-29")
    assert warnings == []
    from_cells, _ = parse_row(
        ["**2025-09-26**", "**Title**", "First Author et.al.", "[2509.22653](http://arxiv.org/abs/2509.22653)", "null"],
        roles,
        "x.md",
        7,
        topic="SLAM",
        day="2025-09-29",
    )
    assert from_line == from_cells
    assert (from_line.key, from_line.title, from_line.authors, from_line.authors_complete) == (
        "2509.22653",
        "Title",
        ["First Author"],
        False,
    )
    assert (from_line.topics, from_line.days, from_line.published) == (["SLAM"], ["2025-09-29"], "2025-09-26")
    assert from_line.sources[0].line == 7 and from_line.sources[0].format == "topic_tables"


def test_short_row_and_fallback_id():
    paper, warnings = parse_row("|**2025-09-26**|**Title**|", CV_ROLES, "x.json", 3, fallback_id="2509.22653")
    assert warnings == [] and paper.key == "2509.22653" and paper.authors == []
    paper, warnings = parse_row("|**2025-09-26**|**Title**|", CV_ROLES, "x.json", 3)
    assert paper is None and [(w.line, "no arXiv link" in w.message) for w in warnings] == [(3, True)]


def test_unescaped_pipe_in_title_is_folded_back():
    line = "|**2025-01-01**|**A | B Testing**|Ann et.al.|[2501.00001](http://arxiv.org/abs/2501.00001)|null|"
    paper, warnings = parse_row(line, CV_ROLES, "x.md", 1)
    assert (paper.title, paper.authors, paper.code_url, warnings) == ("A | B Testing", ["Ann"], "", [])


def test_abstract_language_decides_the_field():
    roles = ["published", "title", "code", "abstract"]
    zh, _ = parse_row(
        "|**2025-01-01**|[T](http://arxiv.org/abs/2501.00001)|null|我们提出 LoRA 的改进方法。|", roles, "x", 1
    )
    en, _ = parse_row(
        "|**2025-01-01**|[T](http://arxiv.org/abs/2501.00001)|null|We propose a LoRA variant.|", roles, "x", 1
    )
    assert (zh.abstract_translated, zh.abstract) == ("我们提出 LoRA 的改进方法。", "")
    assert (en.abstract_translated, en.abstract) == ("", "We propose a LoRA variant.")


def test_clean_topic_keeps_chinese_and_words():
    assert clean_topic("📌 大模型持续学习") == "大模型持续学习"
    assert clean_topic("🔥 LLM-Agents ✨") == "LLM-Agents"


# -- robustness --------------------------------------------------------------

FRAGMENTS = [
    "---",
    "layout: default",
    "## Updated on 2025.09.29",
    "## 📅 Updated on 2025.13.45",
    "### 📌 多模态",
    "## Transformer",
    "| Publish Date | Title | Code | Abstract |",
    "|Publish Date|Title|Authors|PDF|Code|",
    "|:---------|:-----|:------|:-----|",
    "|**2025-09-26**|[T](http://arxiv.org/abs/2509.22653)|**[link](https://github.com/a/b)**|摘要|",
    "|**2025-09-26**|**T**|A et.al.|[2509.22653](http://arxiv.org/abs/2509.22653)|null|",
    "|**2025-02-30**|English<br>中文<br>[摘要](https://arxiv.org/abs/2509.22651)|A et.al.|",
    "<p align=right>(<a href=#updated-on-20250929>back to top</a>)</p>",
    "<details>",
    "</details>",
    "",
    "|",
]
cell = st.one_of(
    st.sampled_from(["", "null", "**2025-09-26**", "[2509.22653](http://arxiv.org/abs/2509.22653)", "a<br>b", "\\|"]),
    st.text(max_size=15),
)
line = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.lists(cell, max_size=7).map(lambda cs: "|" + "|".join(cs) + "|"),
    st.text(max_size=30),
)
digest = st.lists(line, max_size=25).map("\n".join)


def _check(text: str) -> None:
    check_parse(topic_tables, text, "fuzz.md")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_never_raises_on_any_text(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(digest)
def test_parse_never_raises_on_topic_table_like_text(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(cell, max_size=8), st.lists(st.sampled_from([*CV_ROLES, "abstract", None]), max_size=8))
def test_parse_row_never_raises(cells, roles):
    paper, warnings = parse_row(cells, roles, "fuzz.md", 1, fallback_id="x")
    assert paper is None or paper.key
