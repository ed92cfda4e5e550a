"""Issue 19, parser side: author lists, literal tokens, LLM artefacts, variants, encodings.

The golden fixtures (``fixtures/parsers/<format>/``, checked by ``test_parser_golden.py``) show
each variant as a parser reads it; the tests here check what holds across formats and through
the merge: one author under one name, tokens kept through sanitising, merging and export, and
the properties that hold whatever the author cell or text.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mkdocs_arxdigest import Paper, Source, load_corpus
from mkdocs_arxdigest.corpus import merge_occurrences
from mkdocs_arxdigest.export import corpus_dict
from mkdocs_arxdigest.parsers import ai_enhanced, decode, parse_bytes, parse_file, table, topic_tables
from mkdocs_arxdigest.parsers.authors import is_bare_initials, parse_authors
from mkdocs_arxdigest.text import _HTML_ELEMENTS, clean_translated, sanitize

from .conftest import FIXTURES, SEEDS

PARSERS = FIXTURES / "parsers"


# -- authors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "names", "complete"),
    [
        ("Moreau, C., Chen, Y.-L., Okafor, B. N., The Example Brain Consortium",
         ["C. Moreau", "Y.-L. Chen", "B. N. Okafor", "The Example Brain Consortium"], True),
        ("Wei Zhang Team", ["Wei Zhang"], False),
        ("Qwen Team", ["Qwen Team"], True),
        ("Ana Silva et.al.", ["Ana Silva"], False),
        ("张三等", ["张三"], False),
        ("""['A. Author', 'B. Author', "Seán O'Neill"]""", ["A. Author", "B. Author", "Seán O'Neill"], True),
        ("['A. Author', 'B. Au", ["A. Author"], False),
        ("A., J, :, --, Y.-L.", [], True),
        ("Wu, Li, Xu", ["Wu", "Li", "Xu"], True),  # short names are not initials
        ("王, 李", ["王", "李"], True),
    ],
)  # fmt: skip
def test_author_cells(cell: str, names: list[str], complete: bool) -> None:
    got = parse_authors(cell)
    assert (got.names, got.complete) == (names, complete)


def _write(folder, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_team_cell_and_a_plain_name_are_one_author(tmp_path) -> None:
    """Point 3: ``Wei Zhang Team`` is Wei Zhang (incomplete list), the same author as a plain ``Wei Zhang``."""
    _write(tmp_path, "topics.md", (PARSERS / "topic_tables" / "team_etal.md").read_text(encoding="utf-8"))
    _write(
        tmp_path,
        "2025-03-13.md",
        "# cs.AI [[Back]](#toc)\n\n### [1] [Another Agent Paper](https://arxiv.org/abs/2503.20009)\n"
        "*Li Na,Wei Zhang*\n\nMain category: cs.AI\n\nTL;DR: t\n",
    )
    corpus = load_corpus([tmp_path])
    assert "Wei Zhang Team" not in corpus.authors
    assert set(corpus.authors["Wei Zhang"].papers) == {"2503.20001", "2503.20009"}
    assert not corpus.papers["2503.20001"].authors_complete
    assert corpus.papers["2503.20009"].authors_complete


def _is_bad_name(name: str) -> bool:
    """Empty, no letter at all, or bare initials (``A.``, ``J``, ``Y.-L.``, ``B. N.``).

    Initials are cased letters: ``王`` is a whole name."""
    initials = re.fullmatch(r"[^\W\d_]|(?:[^\W\d_]\.[\s-]*)+", name.strip())
    cased = all(unicodedata.category(ch) in ("Lu", "Ll", "Lt") for ch in name if ch.isalpha())
    return not name.strip() or not any(ch.isalpha() for ch in name) or bool(initials and cased)


_initial = st.sampled_from(["A.", "J", "Y.-L.", "B. N.", "C.", "M.", "S", "J.-P.", "Ch."])
_surname = st.sampled_from(["Moreau", "Chen", "van der Berg", "O'Neill", "Okafor", "Zhang", "Wu", "王", "Lee"])
_full = st.sampled_from(["Ana Silva", "Wei Zhang", "Seán O'Neill", "The Example Brain Consortium", "Qwen"])
_junk = st.sampled_from([":", "--", "...", "*", "", " ", "et al.", "et.al.", "Team", "等", "null", "-", "·", "'"])
_token = st.one_of(_initial, _surname, _full, _junk, st.text(max_size=6))
_cell = st.one_of(
    st.tuples(st.lists(_token, max_size=10), st.sampled_from([", ", ",", "; ", "，", "、"])).map(
        lambda t: t[1].join(t[0])
    ),
    st.lists(_token, max_size=6).map(repr),  # ['A. Author', ...]
    st.lists(_token, max_size=6).map(lambda names: ", ".join(names) + " Team"),
    st.text(max_size=40),
)


@settings(max_examples=300, deadline=None)
@given(_cell)
@example("Moreau, C., Chen, Y.-L., Okafor, B. N., The Example Brain Consortium")
@example("A., J, :, --")
@example("NVIDIA,:,Aaron Blakeman")
@example("['J', 'A.', ':']")
@example("J Team")
def test_no_author_is_a_bare_initial_or_punctuation(cell: str) -> None:
    """Property (a), for the splitter of every format."""
    for names in (table.split_authors(cell), ai_enhanced.split_authors(cell), parse_authors(cell).names):
        assert not [n for n in names if _is_bad_name(n)], (cell, names)
        assert len(names) == len(set(names))


@settings(max_examples=40, deadline=None)
@given(st.lists(_cell.filter(lambda c: "|" not in c and "\n" not in c and "\\" not in c), min_size=1, max_size=4))
@example(["A\x1b, J<b></b>, <i>M.</i>, Moreau, C."])
def test_no_exported_author_is_a_bare_initial_or_punctuation(cells: list[str]) -> None:
    """Property (a) through parsing, merging and export, in a table digest and an AI-enhanced digest."""
    rows = "".join(
        f"| 标题{i} | {cell} | [PDF](https://arxiv.org/pdf/2503.{40000 + i}v1) | 摘要 |\n"
        for i, cell in enumerate(cells)
    )
    table_digest = f"# arxiv 2025-03-16\n\n| 标题 | 作者 | PDF链接 | 摘要 |\n|---|---|---|---|\n{rows}"
    ai_digest = "# cs.CV [[Back]](#toc)\n\n" + "".join(
        f"### [{i}] [T{i}](https://arxiv.org/abs/2503.{40000 + i})\n*{cell}*\n\nMain category: cs.CV\n\n"
        for i, cell in enumerate(cells)
    )
    results = [parse_bytes(table_digest.encode(), "t.md"), parse_bytes(ai_digest.encode(), "a.md")]
    exported = corpus_dict(load_corpus_from(results))
    names = [a["name"] for a in exported["authors"]] + [n for p in exported["papers"] for n in p["authors"]]
    assert not [n for n in names if _is_bad_name(n)], names


def load_corpus_from(results):
    from mkdocs_arxdigest.corpus import Corpus

    return Corpus(results)


# -- literal tokens --------------------------------------------------------------------------


def test_literal_tokens_survive_parse_merge_and_export() -> None:
    """Point 5: ``<think>``, ``a <mask> token``, ``\\texttt{<swi>}`` are text; ``<b>`` is markup."""
    corpus = load_corpus([PARSERS / "ai_enhanced" / "literal_tokens_2025-06-05.md"])
    paper = corpus.papers["2506.00051"]
    assert paper.title == "Forcing a <think> Prefix"
    assert paper.abstract == "A forced <think> prefix, a <mask> token and </think> closers, with bold markup."
    assert paper.method == "We add a <graph\xa0token> and \\texttt{<swi>} markers."  # no attribute "token"
    assert paper.tldr == "用 <think> 前缀和 a <mask> token 控制推理。"
    exported = json.dumps(corpus_dict(corpus), ensure_ascii=False)
    assert "A forced <think> prefix, a <mask> token" in exported and "<b>" not in exported


_TOKEN_NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,9}", fullmatch=True).filter(
    lambda n: n.lower() not in _HTML_ELEMENTS
)
_plain = st.text(
    alphabet=st.characters(exclude_categories=("C", "Zl", "Zp", "Zs"), exclude_characters="<>&\"'\\:"),
    max_size=12,
)
_piece = st.one_of(
    _plain,
    _TOKEN_NAME.map(lambda n: f"<{n}>"),
    _TOKEN_NAME.map(lambda n: f"</{n}>"),
    st.sampled_from(["a < b", "$O(n^2)$", "\\texttt{<swi>}", "<think>", "<mask>", "<image>", "<ACT>", "好的"]),
)
literal_text = st.lists(_piece, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(literal_text)
@example("a forced <think> prefix")
@example("a <mask> token and \\texttt{<swi>}")
def test_literal_tokens_survive_sanitize(text: str) -> None:
    """Property (b): literal ``<word>`` tokens are kept as written, whatever surrounds them."""
    assert sanitize(text) == text


@settings(max_examples=150, deadline=None)
@given(literal_text, st.sampled_from(["<b>", "</b>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                                      "<div id='x'>", "<!-- c -->", "<br/>"]))  # fmt: skip
def test_real_tags_go_and_literal_tokens_stay(text: str, tag: str) -> None:
    """Property (b) with markup mixed in: the tag goes, the text around it is as it was."""
    words = text.split(" ")
    mixed = " ".join(words[: len(words) // 2] + [tag] + words[len(words) // 2 :])
    expected = " ".join(words[: len(words) // 2] + [""] + words[len(words) // 2 :])
    assert sanitize(mixed) == expected


@settings(max_examples=60, deadline=None)
@given(literal_text.filter(str.strip))
def test_literal_tokens_round_trip_through_merge_and_export(text: str) -> None:
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    occurrences = [
        Paper(key="2501.00001", abstract=text, title="T", sources=[Source("a.md", 1, "table")]),
        Paper(key="2501.00001", tldr=text, title="T", sources=[Source("b.md", 2, "ai_enhanced")]),
    ]
    merged = merge_occurrences(occurrences)
    assert merged.abstract == text and merged.tldr == text


def test_multi_word_tokens_hold_no_attribute() -> None:
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        attrs: list = []

        def handle_starttag(self, tag, attrs):
            self.attrs.extend(attrs)

    parser = Tags()
    parser.feed(sanitize("a <graph token> and <think onerror> here") + ">")
    assert parser.attrs == []


# -- LLM artefacts ---------------------------------------------------------------------------


def test_translator_notes_and_chains_of_thought() -> None:
    note = clean_translated("基于提示词反演的精准编辑（说明：该翻译严格遵循学术规范。）")
    assert (note.text, note.note, note.failed) == (
        "基于提示词反演的精准编辑",
        "（说明：该翻译严格遵循学术规范。）",
        False,
    )
    thought = clean_translated("<think> 好的，我需要帮用户总结这篇论文……")
    assert (thought.text, thought.failed, thought.thought) == ("", True, True)
    answered = clean_translated("<think>用户要摘要。</think> 我们研究推理。")
    assert (answered.text, answered.failed) == ("我们研究推理。", False)
    assert clean_translated("<think> tokens help reasoning").text == "<think> tokens help reasoning"
    assert not clean_translated("首先，我们提出一种方法。").thought


def test_a_chain_of_thought_is_never_the_abstract() -> None:
    corpus = load_corpus([PARSERS / "table" / "llm_artefacts_2025-03-13.md"])
    paper = corpus.papers["2503.30002"]
    assert paper.translation_failed and not paper.abstract_translated and not paper.abstract
    assert corpus.papers["2503.30001"].title_translated == "基于提示词反演的精准编辑"
    assert corpus.papers["2503.30001"].comment == ""
    assert corpus.papers["2503.30004"].abstract_translated == "我们在推理前强制加入 <think> 前缀。"


# -- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5"])
def test_chinese_encodings_give_their_papers_and_one_warning(encoding: str) -> None:
    fixture = "big5_2025-03-15.md" if encoding == "big5" else "gbk_2025-03-14.md"
    text = (PARSERS / "table" / fixture).read_bytes().decode("big5" if encoding == "big5" else "gb18030")
    result = parse_bytes(text.encode(encoding), "digest.md")
    assert len(result.papers) == 2 and result.papers[0].authors == ["Shuoshuo Zhang"]
    assert [str(w) for w in result.warnings] == [
        f"digest.md:0: not UTF-8: read as {'big5' if encoding == 'big5' else 'gb18030'}"
    ]


def test_japanese_and_korean_encodings() -> None:
    abstract = "本研究では拡散モデルを用いた新しい画像生成手法を提案する。"
    row = f"| 拡散モデルによる画像生成 | 山田 太郎 | [PDF](https://arxiv.org/pdf/2512.22120v1) | {abstract} |"
    ja = f"# arxiv 2025-03-12\n\n| Title | Authors | PDF | Abstract |\n|-|-|-|-|\n{row}\n"
    text, warnings = decode(ja.encode("shift_jis"), "ja.md")
    assert text == ja and "not UTF-8: read as" in warnings[0].message
    ko = ja.replace("拡散モデルによる画像生成", "확산 모델을 이용한 이미지 생성").replace("山田 太郎", "김철수")
    ko = ko.replace(abstract, "본 연구에서는 확산 모델을 이용한 새로운 방법을 제안한다.")
    text, warnings = decode(ko.encode("euc_kr"), "ko.md")
    assert text == ko and "not UTF-8: read as" in warnings[0].message


# -- the real samples ------------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the real samples (../shared/seeds) are not beside the checkout")
def test_real_samples_keep_their_figures(all_seeds) -> None:
    table_seed, ai_seed, topic_seed = all_seeds
    assert len(load_corpus(table_seed).papers) == 10
    ai = load_corpus(ai_seed)
    assert len(ai.papers) == 189 and len(ai.authors) == 1288 and ":" not in ai.authors
    assert not [n for n in ai.authors if is_bare_initials(n)]
    assert len(parse_file(topic_seed).papers) == 245
    topics = load_corpus(topic_seed)
    assert len(topics.papers) == 227
    assert len({t.name for t in topics.topics.values() if t.kind == "source"}) == 6
    assert not topics.warnings
    # The sample's abstract writes the tokens <ACT> and <GROUP>: they are text now.
    assert any("<ACT>" in p.abstract_translated for p in topics.papers.values())


def test_topic_tables_module_reads_the_first_template() -> None:
    text = (PARSERS / "topic_tables" / "first_template.md").read_text(encoding="utf-8")
    assert topic_tables.detect(text) and not table.detect(text)
