"""The AI-enhanced digest parser (daily-arXiv-ai-enhanced markdown)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_arxdigest.parsers import ai_enhanced, parse_file, parse_text

from .conftest import FIXTURES

HERE = FIXTURES / "parsers" / "ai_enhanced"


def entry(n: int | None, title: str, url: str, body: str) -> str:
    counter = f"[{n}] " if n is not None else ""
    return f"### {counter}[{title}]({url})\n{body}"


DETAILS = (
    "<details>\n  <summary>Details</summary>\nMotivation: m\n\nMethod: k\n\nResult: r\n\n"
    "Conclusion: c\n\nAbstract: a\n\n</details>\n"
)


# --- the real sample -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_result(ai_seed: Path):
    return parse_file(ai_seed)


def test_seed_is_detected_as_ai_enhanced(ai_seed: Path) -> None:
    text = ai_seed.read_text(encoding="utf-8")
    assert ai_enhanced.detect(text)
    assert parse_text(text, "x.md").format == "ai_enhanced"


def test_seed_figures(seed_result) -> None:
    assert seed_result.format == "ai_enhanced"
    assert seed_result.warnings == []
    assert len(seed_result.papers) == 189
    by_section = Counter(p.categories[0] for p in seed_result.papers)
    assert by_section == {"cs.CV": 64, "cs.CL": 31, "cs.AI": 31, "cs.GR": 3, "cs.LG": 60}
    # 1,289 distinct comma-separated tokens on the author lines; one of them is the ``:`` of
    # ``NVIDIA,:,Aaron Blakeman``, which is not a name, leaving 1,288 distinct author names.
    names = {name for p in seed_result.papers for name in p.authors}
    assert len(names) == 1288
    assert ":" not in names and "" not in names


def test_seed_every_paper_is_complete(seed_result) -> None:
    for paper in seed_result.papers:
        assert paper.authors and paper.authors_complete, paper.key
        assert paper.title and paper.main_category and paper.tldr, paper.key
        assert paper.motivation and paper.method and paper.result and paper.conclusion, paper.key
        assert paper.abstract, paper.key
        assert paper.days == []  # the sample's file name carries no date
        assert paper.sources[0].format == "ai_enhanced"
        assert paper.abs_url == f"https://arxiv.org/abs/{paper.key}"
    keys = [p.key for p in seed_result.papers]
    assert keys[0] == "2512.20735" and seed_result.papers[0].sources[0].line == 16


def test_seed_collaboration_author_line(seed_result) -> None:
    nemotron = [p for p in seed_result.papers if p.key == "2512.20856"]
    assert nemotron
    for paper in nemotron:
        assert paper.authors[:2] == ["NVIDIA", "Aaron Blakeman"]
        assert len(paper.authors) > 350
        assert all(any(ch.isalpha() for ch in name) for name in paper.authors)


def test_seed_indented_abstract_lines_are_joined(seed_result) -> None:
    alive = next(p for p in seed_result.papers if p.key == "2512.20858")
    assert "\n" not in alive.abstract
    assert "avatar-delivered responses. To maintain responsiveness" in alive.abstract
    assert alive.abstract.endswith("next-generation interactive learning environments.")


def test_seed_numbered_method_lines_stay_in_the_field(seed_result) -> None:
    paper = next(p for p in seed_result.papers if "2. 使用嵌套Saltelli采样方案生成几何形状" in p.method)
    assert paper.result.startswith("1. 测试误差随数据量增加呈幂律下降")


# --- detection -------------------------------------------------------------------------------


def test_other_formats_are_not_detected(table_seed: Path, topic_seed: Path) -> None:
    assert not ai_enhanced.detect(table_seed.read_text(encoding="utf-8"))
    assert not ai_enhanced.detect(topic_seed.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# arxiv 2025-12-29\n\n| 标题 | 作者 | PDF链接 | 摘要 |\n|---|---|---|---|\n"
        "| 标题 | A | [PDF](https://arxiv.org/pdf/2512.22120v1) | 摘要 |\n",
        "## Updated on 2025.09.29\n\n## 多模态\n\n|Publish Date|Title|Code|Abstract|\n|---|---|---|---|\n"
        "|**2025-09-26**|[T](http://arxiv.org/abs/2509.22653)|null|x|\n",
        '{"id": "2512.20735", "authors": ["A"]}\n',
        # an arXiv heading alone, without any of the format's own lines
        "### [A title](https://arxiv.org/abs/2512.20735)\nSome notes.\n",
        # the format's lines without an arXiv entry
        "### [1] [A title](https://example.org/x)\n*A,B*\n\nMain category: cs.CV\n",
    ],
)
def test_detect_rejects(text: str) -> None:
    assert not ai_enhanced.detect(text)


def test_detect_accepts_early_template_and_fixtures() -> None:
    for case in ("standard_2025-12-24.md", "early_template.md", "problems.md"):
        assert ai_enhanced.detect((HERE / case).read_text(encoding="utf-8")), case
    early = entry(None, "T", "https://arxiv.org/pdf/2503.01234v1", "*A, B*\n\nTLDR: x\n")
    assert ai_enhanced.detect(early)


# --- variants --------------------------------------------------------------------------------


def test_author_line_with_350_plus_authors() -> None:
    names = [f"Author Number{i:03d}" for i in range(360)]
    line = "*NVIDIA,:," + ",".join(names) + ",,*"
    text = entry(1, "Big", "https://arxiv.org/abs/2512.20856", line + "\n\nMain category: cs.CL\n\n" + DETAILS)
    result = ai_enhanced.parse(text, "big.md")
    assert result.warnings == []
    (paper,) = result.papers
    assert paper.authors == ["NVIDIA", *names]
    assert len(paper.authors) == 361
    assert paper.authors_complete


def test_author_line_with_spaces_and_repeats() -> None:
    text = entry(None, "T", "https://arxiv.org/abs/2503.01234", "*Ana  García , Bo Li,Ana García, 42 ,*\n")
    (paper,) = ai_enhanced.parse(text, "t.md").papers
    assert paper.authors == ["Ana García", "Bo Li"]


def test_bare_section_heading_and_bold_labels() -> None:
    text = (
        "# cs.CL\n\n"
        + entry(None, "T", "https://arxiv.org/abs/2503.01234", "*A*\n\n**TL;DR:** short\n\n")
        + "<details>\n<summary>Details</summary>\n**Motivation:** why\n\n**Method**: how\n\n</details>\n"
    )
    result = ai_enhanced.parse(text, "t.md")
    assert result.warnings == []
    (paper,) = result.papers
    assert paper.categories == ["cs.CL"] and paper.main_category == "cs.CL"
    assert (paper.tldr, paper.motivation, paper.method) == ("short", "why", "how")


def test_day_comes_from_the_file_name() -> None:
    text = entry(1, "T", "https://arxiv.org/abs/2512.20735", "*A*\n")
    assert ai_enhanced.parse(text, "data/2025-12-24.md").papers[0].days == ["2025-12-24"]
    assert ai_enhanced.parse(text, "2025-12-24/digest.md").papers[0].days == []
    assert ai_enhanced.parse(text, "data/2025-13-45.md").papers[0].days == []
    assert ai_enhanced.parse(text, "data\\2025-01-31_AI.md").papers[0].days == ["2025-01-31"]
    assert ai_enhanced.parse(text, "data/2025-12-24.md").warnings == []


def test_day_from_path() -> None:
    assert ai_enhanced.day_from_path("data/2025-12-24.md") == "2025-12-24"
    assert ai_enhanced.day_from_path("notes.md") is None
    assert ai_enhanced.day_from_path("x/12025-12-24.md") is None
    assert ai_enhanced.day_from_path("") is None


def test_windows_line_ends_are_tolerated() -> None:
    text = entry(1, "T", "https://arxiv.org/abs/2512.20735", "*Ann Lee,Bo Wu*\n\nMain category: cs.CV\n\n" + DETAILS)
    result = ai_enhanced.parse(text.replace("\n", "\r\n"), "t.md")
    assert result.warnings == []
    (paper,) = result.papers
    # (Single letters are bare initials, never authors: see parsers/authors.py.)
    assert paper.authors == ["Ann Lee", "Bo Wu"]
    assert (paper.main_category, paper.motivation, paper.abstract) == ("cs.CV", "m", "a")


def test_entry_heading_with_no_link_at_all() -> None:
    text = "### [1] Just a title\n*A*\n\n" + entry(2, "T", "https://arxiv.org/abs/2512.20735", "*B*\n")
    result = ai_enhanced.parse(text, "t.md")
    assert [p.key for p in result.papers] == ["2512.20735"]
    assert [(w.line, "arXiv link" in w.message) for w in result.warnings] == [(1, True)]


def test_heading_at_end_of_file_without_author_line() -> None:
    result = ai_enhanced.parse("### [1] [T](https://arxiv.org/abs/2512.20735)", "t.md")
    (paper,) = result.papers
    assert paper.authors == [] and not paper.authors_complete
    assert [w.line for w in result.warnings] == [1]


# --- never raises ----------------------------------------------------------------------------

FRAGMENTS = [
    "<div id=toc></div>\n",
    "# Table of Contents\n",
    "- [cs.CV](#cs.CV) [Total: 1]\n",
    "# cs.CV [[Back]](#toc)\n",
    "# cs.CL\n",
    "### [1] [Title](https://arxiv.org/abs/2512.20735)\n",
    "### [Title](https://arxiv.org/pdf/2512.20735v2)\n",
    "### [2] [Broken](https://example.org)\n",
    "### \n",
    "*A,B,C*\n",
    "*NVIDIA,:,Name*\n",
    "**\n",
    "*\n",
    "Main category: cs.CV\n",
    "TL;DR: t\n",
    "TLDR: t\n",
    "Task: t\n",
    "<details>\n",
    "  <summary>Details</summary>\n",
    "Motivation: m\n",
    "Method: m\n",
    "Result: r\n",
    "Conclusion: c\n",
    "Abstract: a\n",
    "  continued\n",
    "</details>\n",
    "\n",
    "\r\n",
    "text\n",
]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_never_raises_on_any_text(text: str) -> None:
    result = ai_enhanced.parse(text, "random.md")
    assert result.format == "ai_enhanced"
    ai_enhanced.detect(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=40))
def test_parse_never_raises_on_format_like_text(parts: list[str]) -> None:
    text = "".join(parts)
    result = ai_enhanced.parse(text, "2025-12-24.md")
    for paper in result.papers:
        assert paper.key and paper.sources[0].line >= 1
        assert all(name and any(ch.isalpha() for ch in name) for name in paper.authors)
    for warning in result.warnings:
        assert 1 <= warning.line <= text.count("\n") + 1
    ai_enhanced.detect(text)
