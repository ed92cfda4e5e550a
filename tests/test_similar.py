"""Similar papers by content: planted pairs are found, lists are stable when a day is added."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

pytest.importorskip("sklearn", reason="similar papers need scikit-learn")

from mkdocs_arxdigest import similar  # noqa: E402
from mkdocs_arxdigest.model import Paper  # noqa: E402
from mkdocs_arxdigest.similar import Similar, similar_papers, tokenize  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WORDS = [f"{a}{b}{c}{d}" for a in "bcdfghjklm" for b in "aeiou" for c in "nprstvz" for d in "aeiouy"]  # 2100 made-up
TOPICS = ["Alpha", "Beta", "Gamma", "Delta"]


def _corpus(rng: random.Random, n: int, pairs: int) -> tuple[dict[str, Paper], list[tuple[str, str]]]:
    """``n`` papers of random words, authors from a small pool and one topic each, plus ``pairs`` planted twins.

    A twin shares 40 of its 45 abstract words with its partner, no author and no topic.
    """
    papers: dict[str, Paper] = {}
    pool = [f"Author {i}" for i in range(60)]
    for i in range(n):
        key = f"2501.{i:05d}"
        papers[key] = Paper(
            key=key,
            title=" ".join(rng.sample(WORDS, 6)),
            abstract=" ".join(rng.sample(WORDS, 45)),
            authors=rng.sample(pool, 3),
            topics=[rng.choice(TOPICS)],
            days=[f"2025-01-{1 + i % 28:02d}"],
        )
    planted = []
    for p in range(pairs):
        common = rng.sample(WORDS, 40)
        a, b = f"2502.{2 * p:05d}", f"2502.{2 * p + 1:05d}"
        for key, who, topic in ((a, "Twin A", "Epsilon"), (b, "Twin B", "Zeta")):
            papers[key] = Paper(
                key=key,
                title=" ".join(rng.sample(WORDS, 6)),
                abstract=" ".join(common + rng.sample(WORDS, 5)),
                authors=[f"{who} {p}"],
                topics=[f"{topic} {p}"],
                days=["2025-02-03"],
            )
        planted.append((a, b))
    return papers, planted


def test_planted_pairs_list_each_other():
    papers, planted = _corpus(random.Random(7), 600, 10)
    result = similar_papers(papers)
    for a, b in planted:
        assert b in [s.key for s in result[a]], (a, result[a])
        assert a in [s.key for s in result[b]], (b, result[b])
        top = result[a][0]
        assert top.key == b and "similar abstract" in top.reasons
        assert not any("author" in r for r in top.reasons) and "same topic" not in top.reasons


def test_random_papers_stay_below_the_threshold():
    """Random texts share only chance words: they must not be called similar."""
    papers, _ = _corpus(random.Random(3), 300, 0)
    for key in papers:  # no shared authors or topics either
        papers[key].authors = [f"Solo {key}"]
        papers[key].topics = [key]
    assert all(v == [] for v in similar_papers(papers).values())


def test_shared_authors_and_topic_are_reasons_and_raise_the_score():
    base = "sparse attention kernels speed up long context transformer inference on commodity hardware"
    papers = {
        "2501.00001": Paper("2501.00001", title="A", abstract=base + " with tiling", authors=["Ann Lee", "Bo Wu"]),
        "2501.00002": Paper("2501.00002", title="B", abstract=base + " with fusion", authors=["Ann Lee", "Bo Wu"]),
        "2501.00003": Paper("2501.00003", title="C", abstract=base + " with pruning", authors=["Cy Doe"]),
        "2501.00004": Paper("2501.00004", title="D", abstract="protein folding with graph networks", topics=["Bio"]),
        "2501.00005": Paper("2501.00005", title="E", abstract="protein folding with diffusion", topics=["Bio"]),
        "2501.00006": Paper("2501.00006", title="F", abstract="weather forecasting from radar images"),
    }
    rng = random.Random(2)
    for i in range(7, 20):  # unrelated papers, so that the shared words are not in half of them (max_df)
        papers[f"2501.{i:05d}"] = Paper(f"2501.{i:05d}", abstract=" ".join(rng.sample(WORDS, 12)))
    result = similar_papers(papers, threshold=0.05)
    first = result["2501.00001"]
    assert [s.key for s in first[:2]] == ["2501.00002", "2501.00003"]
    assert first[0].reasons == ("similar abstract", "2 shared authors")
    assert first[0].score > first[1].score
    assert "same topic" in result["2501.00004"][0].reasons
    assert all(isinstance(s, Similar) and s.key != "2501.00001" for s in first)


def test_deterministic_and_independent_of_input_order():
    papers, _ = _corpus(random.Random(11), 200, 5)
    once = similar_papers(papers)
    shuffled = list(papers.items())
    random.Random(1).shuffle(shuffled)
    assert similar_papers(dict(shuffled)) == once
    for entries in once.values():
        scores = [s.score for s in entries]
        assert scores == sorted(scores, reverse=True)
        for x, y in zip(entries, entries[1:], strict=False):
            assert x.score > y.score or x.key < y.key  # ties by key


def test_limit_and_tiny_inputs():
    papers, planted = _corpus(random.Random(5), 100, 3)
    assert all(len(v) <= 2 for v in similar_papers(papers, limit=2).values())
    assert similar_papers({}) == {}
    one = {"2501.00001": Paper("2501.00001", title="Only")}
    assert similar_papers(one) == {"2501.00001": []}
    empty = {k: Paper(k) for k in ("2501.00001", "2501.00002")}  # no text at all
    assert similar_papers(empty) == {"2501.00001": [], "2501.00002": []}


def test_counts_and_vocabulary_are_scikit_learns():
    """The 1-2-gram counts, vocabulary (A-Z columns) and basis document frequencies are CountVectorizer's."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    rng = random.Random(2)
    texts = [" ".join(rng.choices(WORDS[:40], k=rng.randint(0, 30))) for _ in range(300)]
    texts += ["", "solo", "扩散模型 扩散模型 diffusion", "Diffusion 扩散模型"]
    basis = np.array(sorted(rng.sample(range(len(texts)), 256)), dtype=np.intp)
    counts, vocabulary, idf = similar._fit_vocabulary(texts, basis, tokenize)
    ref = CountVectorizer(tokenizer=tokenize, token_pattern=None, lowercase=False, ngram_range=(1, 2))
    full = ref.fit_transform(texts).tocsr()
    df = np.bincount(full[basis].indices, minlength=full.shape[1])
    keep = np.flatnonzero((df >= similar.MIN_DF) & (df <= similar.MAX_DF * len(basis)))
    names = ref.get_feature_names_out()
    assert len(keep) > 100 and any(" " in n for n in names[keep])  # bigrams too
    assert vocabulary == {names[c]: i for i, c in enumerate(keep)}
    assert (counts != full[:, keep]).nnz == 0 and counts.dtype == np.float64
    assert np.allclose(idf, np.log((1 + len(basis)) / (1 + df[keep])) + 1.0)
    assert similar._fit_vocabulary(["", "a"], np.arange(2), tokenize)[1] == {}  # no words: no vocabulary


def test_rjieba_cuts_as_jieba():
    """rjieba (jieba-rs) is preferred for speed: it must cut as jieba does, or lists would depend on which is there."""
    jieba = pytest.importorskip("jieba", reason="Chinese words need jieba (the zh extra)")
    rjieba = pytest.importorskip("rjieba", reason="rjieba is the zh extra's fast cut")
    runs = ["本文提出一种基于扩散模型的视频生成方法", "大语言模型的思维链推理与强化学习", "机器人抓取规划框架",
            "多模态大模型在医学图像分割中的应用", "我们研究图神经网络预测分子性质"]  # fmt: skip
    for run in runs:
        assert rjieba.cut(run, hmm=False) == jieba.lcut(run, HMM=False), run


def test_tokenize_both_languages():
    pytest.importorskip("jieba", reason="Chinese words need jieba (the zh extra)")
    tokens = tokenize("Latent Diffusion 的 扩散模型用于图像生成, a X-ray test")
    assert tokens[:2] == ["latent", "diffusion"] and "ray" in tokens  # hyphens split, as in scikit-learn
    assert "扩散" in tokens or "扩散模型" in tokens
    assert "的" not in tokens and "a" not in tokens


def test_chinese_only_papers_are_compared_by_words():
    pytest.importorskip("jieba", reason="Chinese words need jieba (the zh extra)")
    papers = {
        "2501.00001": Paper(
            "2501.00001",
            title_translated="基于扩散模型的视频生成方法",
            abstract_translated="本文提出一种扩散模型，用于高质量视频生成与编辑。",
        ),
        "2501.00002": Paper(
            "2501.00002",
            title_translated="扩散模型驱动的视频生成",
            abstract_translated="我们研究扩散模型在长视频生成中的应用。",
        ),
        "2501.00003": Paper(
            "2501.00003",
            title_translated="机器人抓取规划",
            abstract_translated="提出一种触觉感知的机器人抓取规划框架。",
        ),
        "2501.00004": Paper(
            "2501.00004",
            title_translated="图神经网络的分子性质预测",
            abstract_translated="利用图神经网络预测分子性质。",
        ),
    }
    result = similar_papers(papers, threshold=0.05)
    first = result["2501.00001"]
    assert first[0].key == "2501.00002" and "similar abstract" in first[0].reasons
    assert "2501.00004" not in [s.key for s in first]


def test_jieba_logs_nothing(caplog, capfd):
    pytest.importorskip("jieba", reason="Chinese words need jieba (the zh extra)")
    similar._CUT.clear()
    tokenize("扩散模型")
    assert "prefix dict" not in capfd.readouterr().err
    assert "prefix dict" not in caplog.text


@pytest.mark.slow
def test_adding_a_day_changes_few_lists(tmp_path):
    """One day (200 papers) added to 10k synthetic papers changes at most 10% of the old lists.

    Vocabulary and idf come from the oldest 2^k papers, so old vectors do not move; what changes
    is only the lists a new paper really enters (6.0% at the time of writing).
    """
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    from mkdocs_arxdigest import load_corpus

    synth.generate(tmp_path / "old", papers=10_000, days=50)
    synth.generate(tmp_path / "new", papers=10_200, days=51)
    old = load_corpus([str(tmp_path / "old")]).papers
    new = load_corpus([str(tmp_path / "new")]).papers
    assert len(set(new) - set(old)) == 200
    memo: dict[str, list[str]] = {}

    def cached(text: str) -> list[str]:
        if text not in memo:
            memo[text] = tokenize(text)
        return memo[text]

    before = similar_papers(old, tokenizer=cached)
    after = similar_papers(new, tokenizer=cached)
    changed = [k for k in old if before[k] != after[k]]
    assert len(changed) <= 0.10 * len(old), len(changed)
    assert sum(1 for v in before.values() if v) >= 0.5 * len(old)  # the lists are not stable by being empty


def test_reason_labels():
    from mkdocs_arxdigest.similar import reason_label

    assert reason_label("2 shared authors", "zh") == "2 位共同作者"
    assert reason_label("1 shared author", "zh") == "1 位共同作者"
    assert reason_label("similar abstract", "zh") == "摘要相近" and reason_label("same topic", "en") == "same topic"


def test_without_jieba_chinese_falls_back_to_character_bigrams(monkeypatch):
    monkeypatch.setattr(similar, "_CUT", [None])
    assert tokenize("扩散模型 diffusion") == ["扩散", "散模", "模型", "diffusion"]
    assert tokenize("的") == []


def test_papers_removed_and_none_changed_update_without_a_crash():
    """A digest deleted (or a serve rebuild back to an older corpus): papers go, none is new or changed."""
    papers, planted = _corpus(random.Random(11), 300, 4)
    model = similar.fit(papers)
    gone = [k for k in sorted(papers, reverse=True) if k not in model.basis][:3]
    assert len(gone) == 3
    left = {k: p for k, p in papers.items() if k not in gone}
    updated = similar.update(model, left)
    assert set(updated.lists) == set(left)
    assert not any(s.key in gone for entries in updated.lists.values() for s in entries)
    assert updated.lists == similar.fit(left).lists  # the same as fitting again
