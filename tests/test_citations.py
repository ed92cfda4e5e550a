"""BibTeX, RIS, CSL-JSON and Highwire meta tags: read back by their libraries, escaped, nothing invented."""

from __future__ import annotations

import json

import pytest

bibtexparser = pytest.importorskip("bibtexparser", reason="BibTeX needs bibtexparser v2")
rispy = pytest.importorskip("rispy", reason="RIS needs rispy")

from bibtexparser.middlewares import LatexDecodingMiddleware  # noqa: E402

from mkdocs_arxdigest.citations import (  # noqa: E402
    _split_name,
    bibtex,
    bibtex_entry_key,
    citation_meta,
    csl_json,
    ris,
)
from mkdocs_arxdigest.model import Paper  # noqa: E402

NASTY = "Braces {open and} close}, back\\slash, 100% & more: 扩散模型 \\end{document} @misc{x,"


def _papers() -> list[Paper]:
    return [
        Paper(
            "2501.00001",
            title=NASTY,
            title_translated="扩散模型的 {中文} 标题",
            authors=["Wei Zhang", "张伟", "Ludwig van Beethoven", "et al."],
            days=["2025-01-03", "2025-01-02"],
            abstract="An abstract\nover two lines with 50% & {braces}.",
            main_category="cs.CV",
        ),
        Paper(
            "2501.00002",
            title_translated="只有中文标题",
            authors=["欧阳修"],
            authors_complete=False,
            days=["2025-01-03"],
        ),
        Paper("hep-th/9901001", title="Old style id", authors=[], published="1999-01-04"),
        Paper("doi:10.1101/2025.01.01.123", title="A bioRxiv paper", authors=["Müller, Hans"], published="2025-01-01"),
        Paper("2501.00005", title="No author, no date"),
    ]


def test_split_name():
    assert _split_name("Wei Zhang") == ("Zhang", "Wei")
    assert _split_name("张伟") == ("张", "伟")
    assert _split_name("欧阳修") == ("欧阳", "修")
    assert _split_name("Zhang, Wei") == ("Zhang", "Wei")
    assert _split_name("Ludwig van Beethoven") == ("van Beethoven", "Ludwig")
    assert _split_name("Plato") == ("Plato", "")
    assert _split_name("Moreau C.") == ("Moreau", "C.")  # names.split_name's rules: initials after the family name
    assert _split_name("ZHANG Wei") == ("ZHANG", "Wei")
    assert _split_name("The Example Brain Consortium") == ("The Example Brain Consortium", "")  # a group, whole
    for blank in ("et al.", "et al", "Others", "  ", "等", "..."):
        assert _split_name(blank) is None


def test_bibtex_reads_back_one_entry_per_paper_with_text_intact():
    papers = _papers()
    text = bibtex(papers)
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    assert len(library.entries) == len(papers)
    first = library.entries[0].fields_dict
    assert first["title"].value == NASTY  # { } \ % & and Chinese survive the round trip
    assert first["note"].value == "Translated title: 扩散模型的 {中文} 标题"
    assert first["author"].value == "Zhang, Wei and 张, 伟 and van Beethoven, Ludwig"  # "et al." is no author
    assert first["eprint"].value == "2501.00001" and first["archiveprefix"].value == "arXiv"
    assert first["date"].value == "2025-01-02" and first["abstract"].value.startswith("An abstract over")
    second = library.entries[1].fields_dict
    assert second["title"].value == "只有中文标题"  # no English title: the translation is the title
    assert second["author"].value == "欧阳, 修 and others"  # only the first author is known
    assert "author" not in library.entries[2].fields_dict
    assert library.entries[3].entry_type == "article" and library.entries[3].fields_dict["doi"].value.startswith(
        "10.1101"
    )


def test_bibtex_keys_family_name_else_id_never_anon():
    keys = [bibtex_entry_key(p) for p in _papers()]
    assert keys == [
        "zhang_2501.00001",
        "ouyang_2501.00002",  # 欧阳修: the family name in pinyin, as the author index sorts it
        "hep-th_9901001",
        "muller_doi_10.1101_2025.01.01.123",
        "2501.00005",
    ]
    assert bibtex_entry_key(Paper("2501.00009", title="X", authors=["Иван Петров"])) == "2501.00009"  # no Latin
    assert not any("anon" in k for k in keys)
    assert len(bibtexparser.parse_string(bibtex(_papers() + _papers())).entries) == len(_papers())  # no duplicates


def test_ris_reads_back_one_entry_per_paper():
    papers = _papers()
    entries = rispy.loads(ris(papers))
    assert len(entries) == len(papers)
    first = entries[0]
    assert first["type_of_reference"] == "UNPB" and first["title"] == NASTY
    assert first["authors"] == ["Zhang, Wei", "张, 伟", "van Beethoven, Ludwig"]
    assert first["translated_title"] == "扩散模型的 {中文} 标题"
    assert first["abstract"] == "An abstract over two lines with 50% & {braces}."  # one line: RIS has no breaks
    assert first["urls"] == ["https://arxiv.org/abs/2501.00001"] and first["number"] == "2501.00001"
    assert entries[3]["type_of_reference"] == "JOUR" and entries[3]["doi"] == "10.1101/2025.01.01.123"


def test_csl_json_items():
    items = csl_json(_papers())
    json.dumps(items)  # serialisable
    assert len(items) == len(_papers())
    for item in items:
        assert {"type", "id", "title", "author"} <= item.keys()
    dated = [i for i in items if "issued" in i]
    assert len(dated) == 5  # the undated 2501.00005 has its id's month
    first = items[0]
    assert first["author"] == [
        {"family": "Zhang", "given": "Wei"},
        {"family": "张", "given": "伟"},
        {"family": "van Beethoven", "given": "Ludwig"},
    ]
    assert first["issued"] == {"date-parts": [[2025, 1, 2]]}
    assert first["archive"] == "arXiv" and first["number"] == "2501.00001" and first["URL"].endswith("2501.00001")
    assert items[1]["author"] == [{"family": "欧阳", "given": "修"}]  # nothing added for the unknown co-authors
    assert items[3]["DOI"] == "10.1101/2025.01.01.123" and items[3]["issued"] == {"date-parts": [[2025, 1, 1]]}
    assert items[4]["author"] == [] and items[4]["issued"] == {"date-parts": [[2025, 1]]}
    assert items[2]["issued"] == {"date-parts": [[1999, 1, 4]]}


def test_citation_meta_one_author_tag_per_author():
    paper = _papers()[0]
    tags = citation_meta(paper, "https://kb.example/papers/2501.00001/")
    names = [v for k, v in tags if k == "citation_author"]
    assert names == ["Zhang, Wei", "张, 伟", "van Beethoven, Ludwig"]
    d = dict(tags)
    assert d["citation_title"] == NASTY
    assert d["citation_date"] == d["citation_publication_date"] == "2025/01/02"
    assert d["citation_arxiv_id"] == "2501.00001"
    assert d["citation_pdf_url"] == "https://arxiv.org/pdf/2501.00001"
    assert d["citation_abstract_html_url"] == "https://kb.example/papers/2501.00001/"
    bio = dict(citation_meta(_papers()[3], "https://kb.example/p/"))
    assert bio["citation_doi"] == "10.1101/2025.01.01.123" and "citation_arxiv_id" not in bio
    js = Paper("2501.00009", title="x", pdf_url="javascript:alert(1)")
    assert dict(citation_meta(js, "u"))["citation_pdf_url"] == "https://arxiv.org/pdf/2501.00009"


def test_exports_are_deterministic():
    assert bibtex(_papers()) == bibtex(_papers())
    assert ris(_papers()) == ris(_papers())
    assert csl_json(_papers()) == csl_json(_papers())


def test_undated_papers_take_the_month_of_their_id():
    old = Paper("hep-th/9901001", title="x")
    assert csl_json([old])[0]["issued"] == {"date-parts": [[1999, 1]]}
    assert dict(citation_meta(old, "u"))["citation_date"] == "1999/01"
    assert "issued" not in csl_json([Paper("doi:10.1/x", title="y")])[0]  # a DOI says nothing of a date
