"""Table digests (``# arxiv YYYY-MM-DD`` + ``标题 | 作者 | PDF链接 | 摘要``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_arxdigest.parsers import detect, parse_file, table

from .parsing import check_parse

HEADER = "| 标题 | 作者 | PDF链接 | 摘要 |\n|------|------|--------|------|\n"


def row(n: int, abstract: str = "摘要。", title: str = "标题") -> str:
    return f"| {title}{n} | Author {n} | [PDF](https://arxiv.org/pdf/2501.{n:05d}v1) | {abstract} |\n"


# -- the real sample ---------------------------------------------------------


def test_seed_figures(table_seed):
    result = parse_file(table_seed)
    assert result.format == "table"
    assert result.warnings == []
    assert len(result.papers) == 10
    assert {tuple(p.days) for p in result.papers} == {("2025-12-29",)}
    assert [p.sources[0].line for p in result.papers] == list(range(5, 15))
    assert all(p.authors_complete is False and len(p.authors) == 1 for p in result.papers)
    assert all(p.version == 1 and p.pdf_url.endswith("v1") for p in result.papers)


def test_seed_first_and_last_row(table_seed):
    papers = parse_file(table_seed).papers
    first, last = papers[0], papers[-1]
    assert first.key == "2512.22120"
    assert first.title_translated == "见少识广：双向感知塑造在多模态推理中的应用"
    assert first.authors == ["Shuoshuo Zhang"]
    assert first.abs_url == "https://arxiv.org/abs/2512.22120"
    assert first.abstract_translated.startswith("大型视觉语言模型（VLMs）")
    # The last row spans three lines: its second paragraph must not be lost.
    assert last.key == "2512.22088"
    assert last.abstract_translated.count("\n\n") == 1
    assert last.abstract_translated.endswith("阐明了各变量如何分别主导泛化误差的上界。")


def test_detect_only_table_digests(table_seed, ai_seed, topic_seed):
    assert table.detect(table_seed.read_text(encoding="utf-8"))
    assert not table.detect(ai_seed.read_text(encoding="utf-8"))
    assert not table.detect(topic_seed.read_text(encoding="utf-8"))
    assert detect(table_seed.read_text(encoding="utf-8")) is table


# -- headings and days -------------------------------------------------------


@pytest.mark.parametrize("heading", ["# arxiv 2025-12-29", "# Arxiv 2025-12-29 Papers", "# arXiv 2025-12-29"])
def test_heading_styles_give_the_day(heading):
    text = f"{heading}\n\n{HEADER}{row(1)}"
    assert table.detect(text)
    result = table.parse(text, "digest.md")
    assert [p.days for p in result.papers] == [["2025-12-29"]]
    assert result.warnings == []


def test_day_from_file_name_only_without_heading_date():
    text = "# 今日论文\n\n" + HEADER + row(1)
    assert table.parse(text, "site/2025-03-04-digest.md").papers[0].days == ["2025-03-04"]
    assert table.parse(text, "digest.md").papers[0].days == []
    with_heading = "# arxiv 2025-01-01\n\n" + HEADER + row(1)
    assert table.parse(with_heading, "2025-03-04.md").papers[0].days == ["2025-01-01"]


def test_fetch_failed_page_is_empty_and_quiet():
    text = "# arxiv 2025-01-09\n\n> 抓取失败：请求超时\n"
    assert table.detect(text)
    result = table.parse(text, "x.md")
    assert result.papers == [] and result.warnings == []


# -- columns -----------------------------------------------------------------


def test_columns_mapped_by_name_not_position():
    text = (
        "# arxiv 2025-01-01\n\n"
        "|  摘要 | PDF链接 |  作者  | 标题 |\n|:--|:--:|--:|---|\n"
        "| 内容。 | [PDF](https://arxiv.org/pdf/2501.00001v1) | Ann Lee | 题目 |\n"
    )
    (paper,) = table.parse(text, "x.md").papers
    assert (paper.title_translated, paper.authors, paper.abstract_translated) == ("题目", ["Ann Lee"], "内容。")


def test_rows_without_trailing_pipe_each_stand_alone():
    text = (
        "# arxiv 2025-01-01\n\n" + HEADER + "| a | A | [PDF](https://arxiv.org/pdf/2501.00001) | x\n"
        "| b | B | [PDF](https://arxiv.org/pdf/2501.00002) | y\n"
    )
    result = table.parse(text, "x.md")
    assert [(p.key, p.abstract_translated) for p in result.papers] == [("2501.00001", "x"), ("2501.00002", "y")]
    assert result.warnings == []


def test_unterminated_last_row_does_not_swallow_trailing_prose():
    text = "# arxiv 2025-01-01\n\n" + HEADER + "| a | A | [PDF](https://arxiv.org/pdf/2501.00001) | x\n\n页脚说明\n"
    (paper,) = table.parse(text, "x.md").papers
    assert paper.abstract_translated == "x"


def test_unescaped_pipe_in_last_column_is_kept():
    text = "# arxiv 2025-01-01\n\n" + HEADER + row(1, abstract="P(A | B) 的估计")
    result = table.parse(text, "x.md")
    assert result.papers[0].abstract_translated == "P(A | B) 的估计"
    assert result.warnings == []


def test_non_paper_table_is_ignored():
    text = "# arxiv 2025-01-01\n\n| 类别 | 数量 |\n|---|---|\n| cs.CV | 3 |\n\n" + HEADER + row(1)
    result = table.parse(text, "x.md")
    assert len(result.papers) == 1 and result.warnings == []


def test_row_before_any_header_is_warned():
    text = "# arxiv 2025-01-01\n\n" + row(1) + "\n" + HEADER + row(2)
    result = table.parse(text, "x.md")
    assert [p.key for p in result.papers] == ["2501.00002"]
    assert [(w.line, "header" in w.message) for w in result.warnings] == [(3, True)]


def test_translation_failure_marker_in_title():
    text = "# arxiv 2025-01-01\n\n" + HEADER + row(1, title="【翻译失败】Original Title ")
    (paper,) = table.parse(text, "x.md").papers
    assert paper.translation_failed is True
    assert paper.title_translated == "Original Title 1"


def test_arxiv_doi_is_an_arxiv_key():
    text = "# arxiv 2025-01-01\n\n" + HEADER + "| t | A | [DOI](https://doi.org/10.48550/arXiv.2501.00007) | x |\n"
    (paper,) = table.parse(text, "x.md").papers
    assert (paper.key, paper.doi) == ("2501.00007", "")


def test_bare_id_in_link_cell():
    text = "# arxiv 2025-01-01\n\n" + HEADER + "| t | A | arXiv:2501.00008v4 | x |\n"
    (paper,) = table.parse(text, "x.md").papers
    assert (paper.key, paper.version) == ("2501.00008", 4)


def test_html_is_kept_raw_except_layout_breaks():
    text = "# arxiv 2025-01-01\n\n" + HEADER + row(1, abstract="第一段<br><br>第二段 a<b 且 <script>x</script>")
    (paper,) = table.parse(text, "x.md").papers
    assert paper.abstract_translated == "第一段\n\n第二段 a<b 且 <script>x</script>"


def test_authors_cell_variants():
    assert table.split_authors("Ann Lee et al.") == ["Ann Lee"]
    assert table.split_authors("Ann Lee, Bo Li") == ["Ann Lee", "Bo Li"]
    assert table.split_authors("N/A") == []


def test_split_cells_escaped_pipes():
    assert table.split_cells(r"| a \| b | c |") == ["a | b", "c"]
    assert table.split_cells("a | b") == ["a", "b"]
    assert table.split_cells("| a | |") == ["a", ""]


# -- robustness --------------------------------------------------------------

FRAGMENTS = [
    "# arxiv 2025-01-01",
    "# Arxiv 2025-02-30 Papers",
    "| 标题 | 作者 | PDF链接 | 摘要 |",
    "|标题|作者|PDF链接|代码仓库|Title|",
    "| 标题 | 作者 | 发布日期 | PDF链接 | 摘要 |",
    "|------|------|--------|------|",
    "|:--|--:|",
    "| t | A | [PDF](https://arxiv.org/pdf/2501.00001v1) | x |",
    "| t | A | [PDF](https://arxiv.org/pdf/2501.00001v1) | 第一段",
    "第二段 |",
    "| t | A | [PDF](https://www.biorxiv.org/content/10.1101/2024.01.01.571234v1.full.pdf) | x |",
    "| t | A | [PDF](https://doi.org/10.1145/x) | 2025-13-45 |",
    "| [翻译失败] 中文翻译：x | | N/A | \\| |",
    "> 抓取失败",
    "",
    "|",
    "\\",
    "<br>",
]
CELLS = ["", "PDF链接", "标题", "[PDF](https://arxiv.org/abs/2501.00002)", "\\|", "2025-02-30"]
cell = st.one_of(st.sampled_from(CELLS), st.text(max_size=15))
line = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.lists(cell, max_size=6).map(lambda cs: "|" + "|".join(cs)),
    st.lists(cell, max_size=6).map(lambda cs: "|" + "|".join(cs) + "|"),
    st.text(max_size=30),
)
digest = st.lists(line, max_size=25).map("\n".join)


def _check(text: str) -> None:
    check_parse(table, text, "fuzz.md")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_never_raises_on_any_text(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(digest)
def test_parse_never_raises_on_table_like_text(text):
    _check(text)
