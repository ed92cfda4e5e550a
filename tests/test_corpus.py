"""The merged corpus: sample figures, merging rules, order independence, names, topics."""

from __future__ import annotations

import unicodedata
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_arxdigest import Paper, ParseResult, Source, load_corpus
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.parsers import parse_file
from mkdocs_arxdigest.topics import TopicRules


def test_table_sample(table_seed):
    corpus = load_corpus(table_seed)
    assert len(corpus.papers) == 10
    assert list(corpus.days) == ["2025-12-29"]
    assert all(not p.authors_complete and len(p.authors) == 1 for p in corpus.papers.values())
    # The keyword rules give table digests topics although they carry none.
    assert sum(1 for p in corpus.papers.values() if p.topics) >= 8
    assert not corpus.warnings


def test_ai_sample(ai_seed):
    corpus = load_corpus(ai_seed)
    assert len(corpus.papers) == 189
    by_category = Counter(p.categories[0] for p in corpus.papers.values())
    assert by_category == {"cs.CV": 64, "cs.CL": 31, "cs.AI": 31, "cs.GR": 3, "cs.LG": 60}
    # 1,289 comma-separated names, one of which is the ":" of "NVIDIA,:,Name".
    assert len(corpus.authors) == 1288
    assert ":" not in corpus.authors
    assert max(len(p.authors) for p in corpus.papers.values()) > 350


def test_topic_sample(topic_seed):
    result = parse_file(topic_seed)
    assert len(result.papers) == 245
    corpus = load_corpus(topic_seed)
    assert len(corpus.papers) == 227
    source_topics = {t.name for t in corpus.topics.values() if t.kind == "source"}
    # The headings under their one name (see topics.TopicAliases), each page naming the heading too.
    assert source_topics == {
        "Multimodal", "Parameter-Efficient Fine-Tuning", "Reinforcement Learning", "Continual Learning",
        "Transformer", "Generative Models",
    }  # fmt: skip
    for heading in ("多模态", "大模型PEFT", "大模型强化学习", "大模型持续学习", "Transformer", "生成模型"):
        assert heading in corpus.topic_names(corpus.topic_aliases.canonical(heading))
    pairs = {(corpus.topic_aliases.canonical(p.topics[0]), p.key) for p in result.papers}
    assert all(key in corpus.topics[t].papers for t, key in pairs)
    # The same paper under several topics is one paper with several topics.
    assert any(len(set(p.topics) & source_topics) > 1 for p in corpus.papers.values())


def test_all_samples_merge_to_426_papers(all_seeds):
    corpus = load_corpus(all_seeds)
    assert len(corpus.papers) == 426
    assert corpus.stats()["warnings"] == 0


def occurrence(key, source, **fields):
    return Paper(key=key, sources=[Source(source, 1, "test")], **fields)


def test_one_paper_from_several_sources_is_the_union():
    table = occurrence("2501.00001", "a.md", version=1, title_translated="中文标题", authors=["Ada Lovelace"],
                       authors_complete=False, days=["2025-01-02"], abstract_translated="中文摘要")  # fmt: skip
    ai = occurrence("2501.00001", "b.md", version=3, title="English title", authors=["Ada Lovelace", "Alan Turing"],
                    categories=["cs.LG"], main_category="cs.LG", tldr="short", abstract="English abstract",
                    days=["2025-01-03"])  # fmt: skip
    topics = occurrence("2501.00001", "c.md", title="English title", topics=["Theory"], published="2024-12-30",
                        code_url="https://github.com/x/y")  # fmt: skip
    corpus = Corpus([ParseResult("t", [table]), ParseResult("t", [ai]), ParseResult("t", [topics])])
    (paper,) = corpus.papers.values()
    assert paper.version == 3
    assert paper.title == "English title" and paper.title_translated == "中文标题"
    assert paper.authors == ["Ada Lovelace", "Alan Turing"] and paper.authors_complete
    assert paper.abstract == "English abstract" and paper.abstract_translated == "中文摘要"
    assert paper.days == ["2025-01-02", "2025-01-03"] and paper.published == "2024-12-30"
    assert "Theory" in paper.topics and "cs.LG — Machine Learning" in paper.topics
    assert paper.code_url == "https://github.com/x/y"
    assert [s.path for s in paper.sources] == ["a.md", "b.md", "c.md"]


def test_unicode_forms_and_aliases_make_one_author():
    nfc, nfd = unicodedata.normalize("NFC", "José García"), unicodedata.normalize("NFD", "José García")
    assert nfc != nfd
    papers = [occurrence("2501.00001", "a", authors=[nfc]), occurrence("2501.00002", "b", authors=[nfd, "J. Garcia"])]
    corpus = Corpus([ParseResult("t", papers)], aliases={"José García": ["J. Garcia"]})
    assert list(corpus.authors) == [nfc]
    assert sorted(corpus.authors[nfc].papers) == ["2501.00001", "2501.00002"]


def test_topic_rules_can_be_extended_and_replaced():
    rules = TopicRules.from_config({"Gaze": ["gaze", "视线"], "Agents": ["autonomous agent"]})
    assert "Gaze" in rules.match("Gaze following with VLMs") and "Gaze" in rules.match("视线理解")
    assert rules.match("an agent") == [] and rules.match("an autonomous agent") == ["Agents"]
    assert TopicRules.from_config(builtin=False).match("diffusion LLM") == []


_keys = st.sampled_from(["2501.00001", "2501.00002", "hep-th/9901001", "doi:10.1101/2024.01.01.1"])
_names = st.lists(st.sampled_from(["Ada", "Alan", "Grace", "Émile", "李雷"]), max_size=4)
_occurrences = st.builds(
    lambda key, authors, complete, title, days, path, line, version: Paper(
        key=key, authors=authors, authors_complete=complete, title=title, days=days, version=version,
        sources=[Source(path, line, "x")],
    ),
    _keys, _names, st.booleans(), st.sampled_from(["", "A", "B", "Longer title"]),
    st.lists(st.sampled_from(["2025-01-01", "2025-01-02"]), max_size=2),
    st.sampled_from(["a.md", "b.md", "c.md"]), st.integers(1, 5), st.none() | st.integers(1, 9),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_occurrences, max_size=12), st.randoms(use_true_random=False))
def test_merging_is_independent_of_file_order(occurrences, rnd):
    files = [ParseResult("x", occurrences[i::3]) for i in range(3)]
    shuffled = list(files)
    rnd.shuffle(shuffled)
    shuffled = [ParseResult("x", rnd.sample(f.papers, len(f.papers))) for f in shuffled]
    a, b = Corpus(files), Corpus(shuffled)
    assert a.papers == b.papers
    assert {n: x.papers for n, x in a.authors.items()} == {n: x.papers for n, x in b.authors.items()}
    assert {n: x.slug for n, x in a.topics.items()} == {n: x.slug for n, x in b.topics.items()}


def test_parse_cache_survives_the_process_and_reparses_only_changed_files(tmp_path, table_seed, topic_seed):
    from mkdocs_arxdigest.build.cache import ParseCache
    from mkdocs_arxdigest.export import corpus_dict

    digests = tmp_path / "digests"
    digests.mkdir()
    (digests / "table.md").write_bytes(table_seed.read_bytes())
    (digests / "topics.md").write_bytes(topic_seed.read_bytes())
    path = tmp_path / "cache" / "parsed.pickle"
    first = ParseCache(path)
    corpus = load_corpus([digests], cache=first, base=tmp_path)
    first.save()
    assert first.parsed == 2 and path.is_file()

    again = ParseCache(path)  # as a new process would
    assert load_corpus([digests], cache=again, base=tmp_path).papers == corpus.papers
    assert again.parsed == 0 and again.merges.merged == 0  # the merged papers are saved with the parsed files
    (digests / "table.md").write_text(table_seed.read_text(encoding="utf-8").replace("ProEdit", "ProEdit2"))
    changed = load_corpus([digests], cache=again, base=tmp_path)
    assert again.parsed == 1 and again.merges.merged == 1
    assert "ProEdit2" in changed.papers["2512.22118"].display_title
    assert corpus_dict(changed) != corpus_dict(corpus)

    path.write_bytes(b"not a pickle")  # a broken cache file is ignored, never an error
    broken = ParseCache(path)
    assert len(broken) == 0
    load_corpus([digests], cache=broken, base=tmp_path)
    assert broken.parsed == 2


def test_a_cache_merges_again_only_the_changed_papers(tmp_path, all_seeds):
    from mkdocs_arxdigest.build.cache import ParseCache

    digests = tmp_path / "digests"
    digests.mkdir()
    for seed_file in all_seeds:
        (digests / seed_file.name).write_bytes(seed_file.read_bytes())
    cache = ParseCache()  # as the plugin keeps it under `mkdocs serve`
    first = load_corpus([digests], cache=cache)
    assert cache.merges.merged == len(first.papers)
    again = load_corpus([digests], cache=cache)
    assert cache.merges.merged == 0 and list(again.papers.items()) == list(first.papers.items())
    assert all(again.papers[k] is not first.papers[k] for k in first.papers)  # copies: the memo's stay as merged

    table = digests / all_seeds[0].name
    table.write_text(table.read_text(encoding="utf-8").replace("ProEdit", "ProEdit2"), encoding="utf-8")
    changed = load_corpus([digests], cache=cache)
    assert cache.parsed == len(all_seeds) + 1  # the file is parsed again, its other papers come out equal:
    assert cache.merges.merged == 1  # only the changed paper is merged again
    assert list(changed.papers.items()) == list(load_corpus([digests]).papers.items())  # as merged from scratch
    assert "ProEdit2" in changed.papers["2512.22118"].display_title


def test_topic_matches_are_remembered_for_the_same_rules_only(tmp_path, table_seed, topic_seed):
    from mkdocs_arxdigest.build.cache import ParseCache

    digests = tmp_path / "digests"
    digests.mkdir()
    (digests / "table.md").write_bytes(table_seed.read_bytes())
    (digests / "topics.md").write_bytes(topic_seed.read_bytes())
    path = tmp_path / "parsed.pickle"
    first = ParseCache(path)
    corpus = load_corpus([digests], cache=first)
    first.save()
    (rules, memo) = first._previous
    assert len(memo) == len(corpus.papers)

    again = ParseCache(path)  # as a new process would
    assert again._previous == (rules, memo)
    key = next(iter(memo))
    again._previous[1][key] = ("Remembered Topic",)  # answers from the memo, not matched again
    remembered = load_corpus([digests], cache=again)
    assert "Remembered Topic" in remembered.topics and "Remembered Topic" not in corpus.topics
    again.save()
    assert "Remembered Topic" in load_corpus([digests], cache=again).topics  # a serve round: kept in memory
    again.save()
    other = load_corpus([digests], cache=again, topic_rules={"Extra": ["zzzz-never"]})
    assert "Remembered Topic" not in other.topics  # other rules: the memo starts empty

    (digests / "topics.md").unlink()
    smaller = ParseCache(path)
    kept = load_corpus([digests], cache=smaller)
    smaller.save()
    assert len(ParseCache(path)._previous[1]) == len(kept.papers) < len(corpus.papers)  # unused answers dropped
