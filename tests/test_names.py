"""Authors by family name: splitting names in every script, the sort key, the A–Z letter, the BibTeX key."""

from __future__ import annotations

import pytest

from mkdocs_arxdigest import load_corpus
from mkdocs_arxdigest import names as names_module
from mkdocs_arxdigest.names import family_name, index_letter, latin, sort_key, split_name

from .conftest import SEEDS

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the real samples are not in {SEEDS}")


@pytest.mark.parametrize(
    ("name", "family"),
    [
        # Western order, particles with the family name, never a first-word particle.
        ("Wei Zhang", "Zhang"),
        ("Ludwig van Beethoven", "van Beethoven"),
        ("Johannes Diderik van der Waals", "van der Waals"),
        ("Charles de Gaulle", "de Gaulle"),
        ("Otto von Bismarck", "von Bismarck"),
        ("Leonardo da Vinci", "da Vinci"),
        ("Vivi De La Rue", "De La Rue"),
        ("Daan Di Scala", "Di Scala"),
        ("Maarten Van Segbroeck", "Van Segbroeck"),
        ("Di Wang", "Wang"),
        ("Le Wang", "Wang"),
        ("Peng Di", "Di"),
        ("Ushnish De", "De"),
        ("Jean-Pierre Dupont", "Dupont"),
        ("Conan O'Brien", "O'Brien"),
        ("Tarek H. M. Abou-El-Enien", "Abou-El-Enien"),
        ("Martin Luther King Jr.", "King"),
        ("Dr. Jane Doe", "Doe"),
        ("Kaiming", "Kaiming"),
        # Surname first.
        ("Moreau, C.", "Moreau"),
        ("van der Berg, Jan", "van der Berg"),
        ("King, Martin Luther, Jr.", "King"),
        ("Moreau C.", "Moreau"),
        ("Smith J.R.", "Smith"),
        ("ZHANG Wei", "ZHANG"),
        ("Wei ZHANG", "ZHANG"),
        ("CJ Smith", "Smith"),  # initials in capitals are not a family name
        ("Wei Zhang (张伟)", "Zhang"),
        # Han characters: family first, compound surnames.
        ("张伟", "张"),
        ("張偉", "張"),
        ("欧阳修", "欧阳"),
        ("歐陽修", "歐陽"),
        ("司马迁", "司马"),
        ("诸葛亮", "诸葛"),
        ("上官婉儿", "上官"),
        ("欧阳", "欧"),  # two characters: one surname, one given name
        ("张 伟", "张"),
        ("迈克尔·乔丹", "乔丹"),
        ("王", "王"),
        # Japanese and Korean in their scripts.
        ("山田 太郎", "山田"),
        ("やまだ たろう", "やまだ"),
        ("やまだたろう", "やまだたろう"),
        ("김민준", "김"),
        ("김 민준", "김"),
        ("남궁민수", "남궁"),
        ("남궁민", "남궁"),
        ("선우진", "선"),  # 선 + 우진: three syllables read as a one-syllable surname
        ("선우정아", "선우"),
        # Groups.
        ("The Example Brain Consortium", "Example"),
        ("ATLAS Collaboration", "ATLAS"),
        ("NVIDIA Research Team", "NVIDIA"),
        ("The LIGO Scientific Collaboration", "LIGO"),
    ],
)
def test_family_name(name, family):
    assert family_name(name) == family


def test_split_gives_the_given_name_too():
    assert split_name("Ludwig van Beethoven") == ("van Beethoven", "Ludwig")
    assert split_name("欧阳修") == ("欧阳", "修")
    assert split_name("Moreau, C.") == ("Moreau", "C.")
    assert split_name("") == ("", "") and split_name("   ") == ("", "")


@pytest.mark.parametrize(
    ("text", "surname", "expected"),
    [
        ("Müller", False, "muller"),
        ("Łukasz Øster", False, "lukaszoster"),
        ("Straße", False, "strasse"),
        ("O'Brien", False, "obrien"),
        ("张伟", False, "zhangwei"),
        ("曾", True, "zeng"),  # a surname's reading, not the everyday ceng
        ("单", True, "shan"),
        ("解", True, "xie"),
        ("仇", True, "qiu"),
        ("朴", True, "piao"),
        ("长孙", True, "zhangsun"),
        ("尉迟", True, "yuchi"),
        ("欧阳", True, "ouyang"),
        ("김", True, "kim"),
        ("이", True, "lee"),
        ("박", True, "park"),
        ("민준", False, "minjun"),
        ("やまだ", False, "yamada"),
        ("ヤマダ", False, "yamada"),
        ("ＡＢＣ", False, "abc"),
    ],
)
def test_latin(text, surname, expected):
    assert latin(text, surname=surname) == expected


def test_sort_by_family_name_across_scripts():
    names = [
        "Wei Zhang", "张伟", "Alan Turing", "Ludwig van Beethoven", "The Example Brain Consortium", "Ada Lovelace",
        "欧阳修", "김민준", "Oliver Müller", "Di Wang", "Moreau, C.", "Zoë Adams", "曾国藩",
    ]  # fmt: skip
    ordered = sorted(names, key=sort_key)
    assert ordered == [
        "Zoë Adams", "The Example Brain Consortium", "김민준", "Ada Lovelace", "Moreau, C.", "Oliver Müller",
        "欧阳修", "Alan Turing", "Ludwig van Beethoven", "Di Wang", "曾国藩", "Wei Zhang", "张伟",
    ]  # fmt: skip
    # "Wei Zhang" and "张伟" are neighbours: same family and given name, the written name breaks the tie.
    assert sort_key("Wei Zhang")[:2] == sort_key("张伟")[:2] == ("zhang", "wei")


def test_sort_key_is_total_and_deterministic():
    a, b = sort_key("Wei Zhang"), sort_key("wei zhang")
    assert a != b and a[:3] == b[:3]  # distinct names never compare equal
    assert sorted(["wei zhang", "Wei Zhang"], key=sort_key) == sorted(["Wei Zhang", "wei zhang"], key=sort_key)


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Wei Zhang", "Z"), ("张伟", "Z"), ("欧阳修", "O"), ("Ludwig van Beethoven", "V"), ("Oliver Müller", "M"),
        ("Émile Zola", "Z"), ("Édouard Ångström", "A"), ("김민준", "K"), ("The Example Brain Consortium", "E"),
        ("Иван Петров", "#"), ("42", "#"), ("やまだ たろう", "Y"),
    ],
)  # fmt: skip
def test_index_letter(name, letter):
    assert index_letter(name) == letter


def test_without_pypinyin_han_names_keep_their_characters(monkeypatch):
    monkeypatch.setattr(names_module, "_pinyin", lambda: None)
    assert sort_key("张伟")[0] == "张"
    assert index_letter("张伟") == "#"
    assert sorted(["张伟", "Wei Zhang", "Ada Lovelace"], key=sort_key) == ["Ada Lovelace", "Wei Zhang", "张伟"]


@needs_seeds
def test_seed_authors_all_get_a_key_and_a_letter():
    corpus = load_corpus(sorted(SEEDS.iterdir()))
    authors = list(corpus.authors)
    assert len(authors) > 1000
    for name in authors:
        family, _ = split_name(name)
        assert family, name
        key = sort_key(name)
        assert key[0], name
        assert index_letter(name) in set("ABCDEFGHIJKLMNOPQRSTUVWXYZ#")
    ordered = sorted(authors, key=sort_key)
    families = [sort_key(n)[0] for n in ordered]
    assert families == sorted(families)  # the index is ordered by family name
    assert ordered != sorted(authors)  # not by first name any more
    letters = [index_letter(n) for n in ordered if index_letter(n) != "#"]
    assert letters == sorted(letters)  # A–Z jump links point at one run per letter
