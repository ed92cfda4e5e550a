"""Similar papers by content: TF-IDF over both languages, blended with shared authors and topics.

"Related by shared author or topic" misses two papers on the same method by different groups,
so the text decides here: a paper's title, abstract and TL;DR in English and Chinese
(tokenised with jieba when it is installed) go through scikit-learn's ``TfidfVectorizer``
with arxiv-sanity-lite's settings (word 1-2-grams, sublinear tf, ``max_df`` 0.5), and the
cosine of two papers is their text score. Shared authors and a shared topic add a little
on top, so that among equally close texts the same group's or field's papers come first.

Stability matters as much as quality: every paper page shows its list, and a page whose list
changes is rendered again. Fitted on the whole corpus, idf moves a little with every new
day, and so does every cosine, reordering lists that no new paper entered. So the idf (and
``max_df``) come from a stable basis, the oldest ``2**k`` papers by first appearance: an old
paper's vector stays the same until the corpus doubles. Scores are rounded to :data:`STEP`,
lists hold only scores from :data:`THRESHOLD` up and ties are ordered by key, so an old list
changes when a new paper really enters it (``tests/test_similar.py`` measures it on a
10k-paper synthetic corpus: about 9% of the old lists change when a day of 200 is added,
three quarters of them because a new paper entered; the rest because a word of theirs
reached two papers and so began to count).

The n x n similarity matrix is never made: each paper keeps its :data:`TERMS` most
distinctive words (without them, common words make the product dense and quadratic), rows are
multiplied in chunks as sparse matrices, and each row's top entries come from ``argpartition``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
from scipy import sparse

from .model import Paper

__all__ = [
    "Similar",
    "similar_papers",
    "tokenize",
    "paper_text",
    "basis_size",
    "reason_label",
    "STEP",
    "THRESHOLD",
    "AUTHOR_WEIGHT",
    "TOPIC_WEIGHT",
]

#: Scores are multiples of this (float noise never reorders a list).
STEP = 0.01
#: Lowest blended score listed: below it two papers have little more than common words.
THRESHOLD = 0.2
#: Added per shared author (at most three count), and once for any shared topic.
AUTHOR_WEIGHT = 0.05
MAX_AUTHORS = 3
TOPIC_WEIGHT = 0.02
#: A text score from here up is shown as "similar abstract".
TEXT_REASON = 0.1
#: Words kept per paper for the comparison: its most distinctive ones (highest TF-IDF weight).
TERMS = 48
#: Words in fewer papers are left out: a word of one paper says nothing about its likeness to others
#: and, in real abstracts, would make most of the weight a paper's comparison keeps.
MIN_DF = 2
#: Terms in more than this share of the idf basis are dropped (arxiv-sanity-lite's max_df).
MAX_DF = 0.5
#: Papers compared per sparse product: bounds the memory of one chunk of candidate pairs.
CHUNK_ROWS = 512

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN_RE = re.compile(rf"([{_CJK}]+)|([^\W{_CJK}_][^\W{_CJK}]*)")


class Similar(NamedTuple):
    """One entry of a similar-papers list: the other paper's key, the score and why."""

    key: str
    score: float
    reasons: tuple[str, ...]


def _jieba_cut() -> Callable[[str], list[str]] | None:
    try:
        import jieba
    except ImportError:  # the zh extra is optional: fall back to character bigrams
        return None
    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" lines are noise in a build log
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return lambda text: jieba.lcut(text, HMM=False)


_CUT: list[Callable[[str], list[str]] | None] = []


def _cut(run: str) -> list[str]:
    if not _CUT:
        _CUT.append(_jieba_cut())
    cut = _CUT[0]
    if cut is not None:
        return cut(run)
    return [run[i : i + 2] for i in range(max(1, len(run) - 1))]


def tokenize(text: str) -> list[str]:
    """Words of ``text``: lowercased Latin words of two or more characters, Chinese words by jieba.

    Single characters are dropped in both scripts, as scikit-learn's default token pattern
    does: in Chinese they are mostly particles (的, 在, 和) that say nothing about a paper.
    """
    tokens: list[str] = []
    for cjk, word in _RUN_RE.findall(text):
        if cjk:
            tokens.extend(t for t in _cut(cjk) if len(t) > 1)
        elif len(word) > 1:
            tokens.append(word.lower())
    return tokens


def paper_text(paper: Paper) -> str:
    """The text a paper is compared by: titles, abstracts and TL;DR in both languages."""
    parts = (paper.title, paper.title_translated, paper.tldr, paper.abstract, paper.abstract_translated)
    return "\n".join(p for p in parts if p)


def _incidence(rows: Sequence[Iterable[str]]) -> sparse.csr_matrix:
    """A 0/1 papers x labels matrix (authors or topics), labels compared case-insensitively."""
    index: dict[str, int] = {}
    indptr, indices = [0], []
    for labels in rows:
        cols = sorted({index.setdefault(label.casefold(), len(index)) for label in labels if label.strip()})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(1, len(index))), dtype=np.float32)


def _first_seen(paper: Paper) -> str:
    """When a paper first appeared: its earliest digest day, else its publication date."""
    return min(paper.days) if paper.days else paper.published


def basis_size(n: int) -> int:
    """Papers the idf is fitted on: the largest power of two up to ``n``.

    A fixed set of papers (the oldest ``basis_size(n)``) gives the same idf, hence the
    same vectors for every old paper, until the corpus doubles: then all lists may change once.
    """
    return 1 << (max(1, n).bit_length() - 1)


def _vectors(
    texts: Sequence[str], basis: np.ndarray, tokenizer: Callable[[str], list[str]], terms: int
) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, idf and ``max_df`` from the ``basis`` rows, each row pruned to its top ``terms``.

    The vocabulary comes from every paper (a new word still counts, with the idf of a word the
    basis never saw); pruning keeps the distinctive words that decide a pair and makes the
    sparse product cheap (common words make it dense, and the n x n product quadratic).
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    counter = CountVectorizer(
        tokenizer=tokenizer, token_pattern=None, lowercase=False, ngram_range=(1, 2), min_df=MIN_DF, dtype=np.float32
    )
    try:
        counts = counter.fit_transform(texts).tocsr()
    except ValueError:  # no words at all, or none in two papers
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
    base = counts[basis]
    weigher = TfidfTransformer(sublinear_tf=True).fit(base)
    df = np.bincount(base.indices, minlength=counts.shape[1])
    weigher.idf_ = np.where(df <= MAX_DF * len(basis), weigher.idf_, 0.0)  # max_df, on the basis
    vectors = sparse.csr_matrix(weigher.transform(counts), dtype=np.float32)
    vectors.eliminate_zeros()
    return _prune(vectors, terms)


def _prune(matrix: sparse.csr_matrix, terms: int) -> sparse.csr_matrix:
    """Keep each row's ``terms`` largest entries (ties: lower column, i.e. the term first in A-Z order)."""
    matrix.sort_indices()
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((-matrix.data, rows))  # stable: equal weights stay in column order
    rank = np.arange(len(order)) - matrix.indptr[rows[order]]
    keep = np.sort(order[rank < terms])
    pruned = sparse.csr_matrix(
        (matrix.data[keep], matrix.indices[keep], np.searchsorted(keep, matrix.indptr)), shape=matrix.shape
    )
    return pruned


def _reasons(text: float, authors: int, topic: bool) -> tuple[str, ...]:
    out = []
    if text >= TEXT_REASON:
        out.append("similar abstract")
    if authors:
        out.append(f"{authors} shared author" + ("s" if authors > 1 else ""))
    if topic:
        out.append("same topic")
    return tuple(out)


def reason_label(reason: str, language: str = "en") -> str:
    """A reason of :class:`Similar` in the page's language (``en`` as is, ``zh``)."""
    if language != "zh":
        return reason
    m = re.match(r"^(\d+) shared authors?$", reason)
    if m:
        return f"{m.group(1)} 位共同作者"
    return {"similar abstract": "摘要相近", "same topic": "同一主题"}.get(reason, reason)


def similar_papers(
    papers: Mapping[str, Paper],
    *,
    limit: int = 8,
    threshold: float = THRESHOLD,
    tokenizer: Callable[[str], list[str]] | None = None,
    terms: int = TERMS,
) -> dict[str, list[Similar]]:
    """Up to ``limit`` similar papers for every paper, best first.

    The score of a pair is the TF-IDF cosine of their texts (each pruned to its ``terms``
    most distinctive words) plus :data:`AUTHOR_WEIGHT` per shared author (up to
    :data:`MAX_AUTHORS`) plus :data:`TOPIC_WEIGHT` for any shared topic, rounded to a
    multiple of :data:`STEP`; pairs below ``threshold`` are left out, so a paper may list
    fewer than ``limit`` (or none). Equal scores are ordered by key. Every paper of
    ``papers`` has an entry (maybe empty); the same input gives the same result.
    ``tokenizer`` replaces :func:`tokenize` (e.g. one that remembers jieba's answers).
    """
    keys = sorted(papers)
    n = len(keys)
    result: dict[str, list[Similar]] = {k: [] for k in keys}
    if n < 2 or limit < 1:
        return result
    items = [papers[k] for k in keys]
    basis = np.array(sorted(range(n), key=lambda i: (_first_seen(items[i]), keys[i]))[: basis_size(n)])
    text = _vectors([paper_text(p) for p in items], basis, tokenizer or tokenize, terms)
    authors = _incidence([p.authors for p in items])
    topics = [frozenset(t.casefold() for t in p.topics) for p in items]
    text_t, authors_t = text.T.tocsr(), authors.T.tocsr()
    floor = int(round(threshold / STEP))
    reach = (floor - 0.5) * STEP - TOPIC_WEIGHT
    for start in range(0, n, CHUNK_ROWS):
        stop = min(n, start + CHUNK_ROWS)
        cos = (text[start:stop] @ text_t).tocsr()
        shared = (authors[start:stop] @ authors_t).tocsr()
        shared.sort_indices()
        # Candidates: pairs with any common word or author (a topic alone never reaches a useful score).
        blended = (cos + AUTHOR_WEIGHT * shared.minimum(MAX_AUTHORS)).tocsr()
        blended.data[blended.data < reach] = 0  # cannot reach the threshold even with a shared topic
        blended.eliminate_zeros()
        blended.sort_indices()
        for row in range(stop - start):
            i = start + row
            lo, hi = blended.indptr[row], blended.indptr[row + 1]
            cols, base = blended.indices[lo:hi], blended.data[lo:hi]
            same = np.fromiter((bool(topics[i] & topics[j]) for j in cols), dtype=bool, count=len(cols))
            steps = np.rint((base + TOPIC_WEIGHT * same) / STEP).astype(np.int32)
            steps[cols == i] = -1  # a paper is not similar to itself
            best = _top(steps, limit, floor)
            if not best:
                continue
            authors_row = _row_values(shared, row, cols[best])
            text_row = base[best] - AUTHOR_WEIGHT * np.minimum(authors_row, MAX_AUTHORS)
            result[keys[i]] = [
                Similar(keys[cols[b]], round(int(steps[b]) * STEP, 4), _reasons(float(t), int(a), bool(same[b])))
                for b, t, a in zip(best, text_row, authors_row, strict=True)
            ]
    return result


def _row_values(matrix: sparse.csr_matrix, row: int, cols: np.ndarray) -> np.ndarray:
    """``matrix[row, cols]`` as an array (0 where absent), without scipy's slow element indexing."""
    lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
    have, values = matrix.indices[lo:hi], matrix.data[lo:hi]
    if not len(have):
        return np.zeros(len(cols), dtype=matrix.dtype)
    at = np.minimum(np.searchsorted(have, cols), len(have) - 1)
    return np.where(have[at] == cols, values[at], 0)


def _top(steps: np.ndarray, limit: int, floor: int) -> list[int]:
    """Positions of the ``limit`` highest steps from ``floor`` up, highest first, ties by position (= key order)."""
    if limit < len(steps):
        part = np.argpartition(-steps, limit - 1)[:limit]
        floor = max(floor, int(steps[part].min()))
    chosen = np.flatnonzero(steps >= floor)
    order = np.lexsort((chosen, -steps[chosen]))
    return chosen[order][:limit].tolist()
