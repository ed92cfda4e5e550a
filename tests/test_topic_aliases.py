"""Topics that are one topic: the built-in alias table, the user's mapping, and the corpus after aliasing."""

from __future__ import annotations

from collections import defaultdict

import pytest

from mkdocs_arxdigest import Paper, ParseResult, Source, load_corpus
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.topics import (
    BUILTIN_TOPIC_ALIASES,
    DEFAULT_RULES,
    TopicAliases,
    TopicRules,
    _builtin_groups,
    category_topic,
    topic_key,
)

from .conftest import SEEDS

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the real samples are not in {SEEDS}")


@pytest.fixture(scope="module")
def aliases() -> TopicAliases:
    return TopicAliases()


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("多模态", "Multimodal"),
        ("multi-modal", "Multimodal"),
        ("Multi Modal", "Multimodal"),
        ("ＭＬＬＭ", "Multimodal"),  # full-width letters
        ("视觉语言模型", "Multimodal"),
        ("大模型强化学习", "Reinforcement Learning"),
        ("RLHF", "Reinforcement Learning"),
        ("扩散模型", "Diffusion Models"),
        ("LLM Agents", "Agents"),
        ("智能体", "Agents"),
        (category_topic("cs.RO"), "Robotics"),
        ("cs.RO", "Robotics"),
        ("cs.RO - Robotics", "Robotics"),  # a hyphen for the dash
        ("Robot Learning", "Robotics"),
        ("具身智能", "Robotics"),
        ("机器人", "Robotics"),
        (category_topic("eess.AS"), "Speech and Audio"),
        (category_topic("eess.SY"), category_topic("cs.SY")),
        ("大模型PEFT", "Parameter-Efficient Fine-Tuning"),
        ("大模型持续学习", "Continual Learning"),
        ("Transformers", "Transformer"),
        ("NeRF", "3D Vision"),
        ("自然语言处理", category_topic("cs.CL")),
        ("Machine Learning", category_topic("cs.LG")),
    ],
)
def test_well_known_names_are_one_topic(aliases, name, canonical):
    assert aliases.canonical(name) == canonical


@pytest.mark.parametrize(
    ("name", "not_merged_into"),
    [
        ("生成模型", "Diffusion Models"),  # generative models: broader than diffusion
        (category_topic("cs.MA"), "Agents"),  # multi-agent systems: a field of its own
        (category_topic("cs.MM"), "Multimodal"),  # multimedia
        (category_topic("cs.IR"), "Retrieval-Augmented Generation"),
        (category_topic("cs.CR"), "Safety and Alignment"),
        (category_topic("cs.CV"), "3D Vision"),
        ("Semantic Segmentation", "Segmentation"),
        (category_topic("stat.ML"), category_topic("cs.LG")),
    ],
)
def test_different_subjects_stay_apart(aliases, name, not_merged_into):
    assert aliases.canonical(name) != aliases.canonical(not_merged_into)


def test_generative_models_is_its_own_topic(aliases):
    assert aliases.canonical("生成模型") == "Generative Models"
    assert aliases.canonical("Generative Model") == "Generative Models"


def test_unknown_names_are_unchanged_and_keep_their_case(aliases):
    for name in ("Graph Rewriting", "graph rewriting", "must-read", "<b>x</b>", ""):
        assert aliases.canonical(name) == name


def test_rule_names_and_known_categories_are_canonical(aliases):
    for name in DEFAULT_RULES:
        assert aliases.canonical(name) == name
    assert aliases.canonical(category_topic("cs.CV")) == category_topic("cs.CV")


def test_no_builtin_name_is_claimed_by_two_topics():
    claims: dict[str, set[str]] = defaultdict(set)
    for canonical, variants in _builtin_groups():
        for name in (canonical, *variants):
            claims[topic_key(name)].add(topic_key(canonical))
    assert {k: v for k, v in claims.items() if len(v) > 1} == {}
    for canonical in BUILTIN_TOPIC_ALIASES:  # a canonical name is never another's variant
        others = {topic_key(v) for c, vs in BUILTIN_TOPIC_ALIASES.items() if c != canonical for v in vs}
        assert topic_key(canonical) not in others, canonical


def test_names_of_lists_every_name_or_those_met(aliases):
    names = aliases.names_of("Robotics")
    assert names[0] == "Robotics"
    assert {"Robot Learning", "cs.RO — Robotics", "具身智能", "机器人"} <= set(names)
    assert len({topic_key(n) for n in names}) == len(names)
    met = aliases.names_of("Robotics", ["Robot Learning", "cs.RO — Robotics", "robotics", "Video"])
    assert met == ["Robotics", "Robot Learning", "cs.RO — Robotics"]
    assert aliases.names_of("机器人") == names  # asked by a variant: the canonical's names
    assert aliases.names_of("Graph Rewriting") == ["Graph Rewriting"]


def test_user_mapping_adds_names():
    aliases = TopicAliases({"Graph Rewriting": ["图重写", "graph-rewriting systems"]})
    assert aliases.canonical("图重写") == "Graph Rewriting"
    assert aliases.canonical("Graph Rewriting Systems") == "Graph Rewriting"
    assert aliases.names_of("Graph Rewriting") == ["Graph Rewriting", "图重写", "graph-rewriting systems"]


def test_user_canonical_takes_the_whole_builtin_group():
    aliases = TopicAliases({"多模态": ["Multimodal"]})
    for name in ("Multimodal", "VLM", "multi-modal", "多模态"):
        assert aliases.canonical(name) == "多模态"
    assert "VLM" in aliases.names_of("多模态")


def test_user_can_keep_a_subtopic_apart():
    aliases = TopicAliases({"LLM Agents": []})
    assert aliases.canonical("LLM Agents") == "LLM Agents"
    assert aliases.canonical("llm agents") == "LLM Agents"
    assert aliases.canonical("AI Agents") == "Agents"  # the rest of the group stays


def test_user_mapping_is_robust_and_reports_conflicts():
    aliases = TopicAliases({"A": "x", "B": ["x", None, 3], "C": None, "": ["y"], 7: ["seven"]})
    assert aliases.canonical("x") == "B"  # the later entry wins ...
    assert any("'x'" in w and "'A'" in w and "'B'" in w for w in aliases.warnings)  # ... and says so
    assert aliases.canonical("3") == "B"
    assert aliases.canonical("C") == "C" and aliases.canonical("y") == "y"  # an empty canonical is ignored
    assert aliases.canonical("seven") == "7"


def test_user_loops_end():
    aliases = TopicAliases({"A": ["B"], "B": ["A"]})
    assert aliases.canonical("A") == aliases.canonical("B") == "B"


def test_builtin_table_can_be_left_out():
    aliases = TopicAliases(builtin=False)
    assert aliases.canonical("多模态") == "多模态"


def test_own_names_are_not_renamed():
    aliases = TopicAliases(own=["Robot Learning"])
    assert aliases.canonical("Robot Learning") == "Robot Learning"
    assert aliases.canonical("具身智能") == "Robotics"


def test_digest_changes_with_the_mapping():
    assert TopicAliases().digest == TopicAliases().digest
    assert TopicAliases().digest != TopicAliases({"LLM Agents": []}).digest


# -- the corpus after aliasing ----------------------------------------------------------------


def _paper(key: str, **fields) -> Paper:
    return Paper(key=key, sources=[Source("t.md", 1, "test")], **fields)


def test_a_papers_topics_are_deduplicated_after_aliasing():
    paper = _paper(
        "2501.00001", title="A multimodal robot", topics=["多模态", "Multimodal", "Robot Learning"],
        main_category="cs.RO",
    )  # fmt: skip
    corpus = Corpus([ParseResult("t", [paper])], notes={"2501.00001": ["multi-modal", "must-read"]})
    (merged,) = corpus.papers.values()
    assert merged.topics == ["Multimodal", "Robotics", "must-read"]
    assert corpus.topics["Multimodal"].kind == "source" and corpus.topics["Robotics"].kind == "source"
    assert corpus.topic_names("Multimodal") == ["Multimodal", "multi-modal", "多模态"]
    assert corpus.topic_names("Robotics") == ["Robotics", "Robot Learning", "cs.RO — Robotics"]


def test_corpus_takes_a_user_mapping_and_keeps_user_rules():
    papers = [_paper("2501.00001", title="LLM agents for tools", topics=["LLM Agents"])]
    split = Corpus([ParseResult("t", papers)], topic_aliases={"LLM Agents": []})
    assert {"Agents", "LLM Agents"} <= set(split.papers["2501.00001"].topics)
    merged = Corpus([ParseResult("t", papers)])
    assert "LLM Agents" not in merged.topics and "Agents" in merged.topics
    rules = TopicRules.from_config({"Robot Learning": ["robot"]})
    own = Corpus([ParseResult("t", [_paper("2501.00002", title="A robot")])], topic_rules=rules)
    assert {"Robot Learning", "Robotics"} <= set(own.topics)  # the user's rule is not renamed


@needs_seeds
def test_seeds_have_one_multimodal_topic():
    corpus = load_corpus(sorted(SEEDS.iterdir()))
    multimodal = [n for n in corpus.topics if "multimodal" in n.casefold() or "多模态" in n]
    assert multimodal == ["Multimodal"]
    assert "多模态" in corpus.topic_names("Multimodal")
    for gone in ("大模型强化学习", "大模型PEFT", "大模型持续学习", "生成模型"):
        assert gone not in corpus.topics
    assert "Generative Models" in corpus.topics and "Diffusion Models" in corpus.topics
    # No paper lists a topic twice, and every paper of 多模态 is on the one page.
    assert all(len(p.topics) == len(set(p.topics)) for p in corpus.papers.values())
    raw = load_corpus(sorted(SEEDS.iterdir()), topic_aliases=TopicAliases(builtin=False))
    assert set(raw.topics["多模态"].papers) <= set(corpus.topics["Multimodal"].papers)
    assert len(corpus.topics) < len(raw.topics)


@needs_seeds
def test_aliased_seeds_are_order_independent():
    files = sorted(SEEDS.iterdir())
    a, b = load_corpus(files), load_corpus(list(reversed(files)))
    assert {n: (t.kind, t.papers) for n, t in a.topics.items()} == {n: (t.kind, t.papers) for n, t in b.topics.items()}
