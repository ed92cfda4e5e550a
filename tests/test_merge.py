"""Merging occurrences of one paper: nothing any source gives is lost; conflicts follow a rule and are warned."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_arxdigest.corpus import Corpus, merge_authors, merge_key, merge_occurrences
from mkdocs_arxdigest.export import paper_dict
from mkdocs_arxdigest.model import FIELDS, Paper, ParseResult, Source


def occurrence(path: str, line: int, day: str, **fields) -> Paper:
    return Paper(key="2501.00001", days=[day], sources=[Source(path, line, "table")], **fields)


def test_a_first_author_only_list_never_replaces_a_full_one_whatever_the_order():
    full = occurrence("ai.md", 3, "2025-01-02", authors=["Ann Lee", "Bo Chen", "Cy Diaz"])
    first = occurrence("table.md", 9, "2025-01-03", authors=["Ann Lee"], authors_complete=False)
    for order in itertools.permutations([full, first]):
        merged = merge_occurrences(order)
        assert merged.authors == ["Ann Lee", "Bo Chen", "Cy Diaz"] and merged.authors_complete


def test_every_author_any_source_gives_is_kept_once():
    a = occurrence("ai.md", 3, "2025-01-02", authors=["Ann Lee", "Bo Chen"])
    b = occurrence("table.md", 9, "2025-01-03", authors=["Dee Park"], authors_complete=False)
    c = occurrence("topics.md", 4, "2025-01-04", authors=["A. Lee"], authors_complete=False)  # Ann Lee, abbreviated
    merged = merge_occurrences([c, b, a])
    assert merged.authors == ["Ann Lee", "Bo Chen", "Dee Park"]


def test_first_author_only_means_no_source_has_more():
    merged = merge_occurrences([occurrence("t.md", 1, "2025-01-01", authors=["Ann Lee"], authors_complete=False)])
    assert not merged.authors_complete
    assert merge_authors([]) == ([], False)


def test_a_retitled_paper_keeps_the_newest_title_with_a_warning_naming_both_places():
    old = occurrence("2025-01-02.md", 5, "2025-01-02", title="Attention is all you need")
    new = occurrence("2025-01-09.md", 7, "2025-01-09", title="Attention Is All You Need, Revisited")
    warnings: list = []
    merged = merge_occurrences([new, old], warnings)
    assert merged.title == "Attention Is All You Need, Revisited"
    assert merged.variants == {"title": ["Attention is all you need"]}
    (warning,) = warnings
    assert (warning.path, warning.line) == ("2025-01-09.md", 7) and "2025-01-02.md:5" in warning.message
    assert merge_occurrences([old, new]) == merged  # whatever the order


def test_a_truncated_or_respaced_copy_is_not_a_conflict():
    long = occurrence("a.md", 1, "2025-01-01", title="Diffusion  Policies for Robots")
    short = occurrence("b.md", 2, "2025-01-05", title="diffusion policies for…")
    warnings: list = []
    respaced = occurrence("c.md", 3, "2025-01-04", title="Diffusion Policies for Robots")
    merged = merge_occurrences([long, short, respaced], warnings)
    assert merged.title == "Diffusion  Policies for Robots" and warnings == [] and merged.variants == {}


def test_two_publication_dates_keep_the_earliest_with_a_warning():
    a = occurrence("a.md", 1, "2025-01-01", published="2025-01-03")
    b = occurrence("b.md", 2, "2025-01-05", published="2024-12-30")
    paper, warnings = merge_key(a.key, [a, b])
    assert paper.published == "2024-12-30" and len(warnings) == 1 and "a.md:1" in warnings[0].message
    corpus = Corpus([ParseResult("table", [a]), ParseResult("table", [b])])
    assert [str(w) for w in corpus.warnings] == [str(warnings[0])]


def test_values_that_differ_within_one_file_are_the_generators_own_and_not_warned():
    a = occurrence("topics.md", 10, "2025-01-01", published="2025-01-03")
    b = occurrence("topics.md", 40, "2025-01-01", published="2025-01-04")
    assert merge_key(a.key, [a, b])[1] == []


def test_every_field_is_merged_and_exported_by_its_declaration():
    names = {f.name for f in FIELDS}
    exported = set(paper_dict(Paper(key="2501.00001"))) | {"abs_url", "pdf_url", "code_url", "doi", "key"}
    assert {f.metadata["export"].partition(".")[0] for f in FIELDS} <= set(paper_dict(Paper(key="x")))
    assert names - {"abs_url", "pdf_url", "code_url", "doi", "key"} <= exported


names = st.text(alphabet="ABCDEFGHIJKLMNOPabcdefgh .-'", min_size=1, max_size=12).filter(
    lambda s: any(c.isalpha() for c in s)
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(names, max_size=6), st.booleans()), min_size=1, max_size=5))
def test_merging_never_drops_an_author_any_record_names(records):
    occurrences = [
        occurrence(f"f{i}.md", i + 1, f"2025-01-0{1 + i % 9}", authors=list(a), authors_complete=c)
        for i, (a, c) in enumerate(records)
    ]
    merged = merge_occurrences(occurrences)
    people = {_person_key(a) for a in merged.authors} | {_squashed(a) for a in merged.authors}
    for a, _ in records:
        for name in a:
            cleaned = merge_occurrences([occurrence("x.md", 1, "2025-01-01", authors=[name])]).authors
            for n in cleaned:  # the name as merging cleans it is there, or the same person is
                assert n in merged.authors or {_person_key(n), _squashed(n)} & people, (name, merged.authors)


def _person_key(name: str) -> tuple[str, str]:
    from mkdocs_arxdigest.corpus import _person

    return _person(name)


def _squashed(name: str) -> str:
    from mkdocs_arxdigest.corpus import _squashed

    return _squashed(name)
