"""Similar papers by content: TF-IDF over both languages, blended with shared authors and topics.

"Related by shared author or topic" misses two papers on the same method by different groups,
so the text decides here: a paper's title, abstract and TL;DR in English and Chinese
(Chinese cut by jieba's dictionary when the zh extra is installed) are weighed by TF-IDF
with arxiv-sanity-lite's settings (word 1-2-grams as scikit-learn's ``CountVectorizer`` makes
them, sublinear tf, ``max_df`` 0.5), and the cosine of two papers is their text score. Shared
authors and a shared topic add a little on top, so that among equally close texts the same
group's or field's papers come first.

Stability matters as much as quality: every paper page shows its list, and a page whose list
changes is rendered again. Fitted on the whole corpus, idf moves a little with every new
day, and so does every cosine, reordering lists that no new paper entered. So the
vocabulary, the idf and ``max_df`` come from a stable basis, the oldest ``2**k`` papers by
first appearance: an old paper's vector stays the same until the corpus doubles, and so does
the score of two old papers. Scores are rounded to :data:`STEP` (a new paper takes a place in
a full list only by a whole step), lists hold only scores from :data:`THRESHOLD` up and ties
are ordered by key, so an old list changes when a new paper really enters it
(``benchmarks/similar.py``: 6.0% of the old lists when a day of 200 is added to 10k
synthetic papers). The result depends on the papers alone; :func:`update` reuses an earlier
:func:`fit` (the builder keeps it in the cache) to score only new and changed papers, and
gives the same lists.

The n x n similarity matrix is never made: each paper keeps its :data:`TERMS` most
distinctive words (without them, common words make the product dense and quadratic), rows are
multiplied in chunks as sparse matrices, and each row's top entries come from ``argpartition``.
"""

from __future__ import annotations

import hashlib
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
    "fit",
    "update",
    "fingerprint",
    "Model",
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
STEP = 0.05
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
#: Basis rows whose terms are gathered at once to count document frequencies.
_DF_CHUNK = 4096

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN_RE = re.compile(rf"([{_CJK}]+)|([^\W{_CJK}_][^\W{_CJK}]*)")


class Similar(NamedTuple):
    """One entry of a similar-papers list: the other paper's key, the score and why."""

    key: str
    score: float
    reasons: tuple[str, ...]


def _jieba_cut() -> Callable[[str], list[str]] | None:
    """jieba's cut (no HMM): rjieba's (jieba-rs, the same dictionary and cuts, 4-10x faster), else jieba's."""
    try:
        import rjieba
    except ImportError:
        pass
    else:
        return lambda text: rjieba.cut(text, hmm=False)
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


def _incidence(rows: Sequence[Iterable[str]], blank: bool = False) -> sparse.csr_matrix:
    """A 0/1 papers x labels matrix (authors or topics), labels compared case-insensitively.

    Blank labels are left out, unless ``blank`` (topics: two papers of topic ``""`` share it).
    """
    index: dict[str, int] = {}
    indptr, indices = [0], []
    for labels in rows:
        cols = sorted({index.setdefault(label.casefold(), len(index)) for label in labels if blank or label.strip()})
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


def _fit_vocabulary(
    texts: Sequence[str],
    basis: np.ndarray,
    tokenizer: Callable[[str], list[str]],
    weigh: Callable[[sparse.csr_matrix, np.ndarray], sparse.csr_matrix] | None = None,
) -> tuple[sparse.csr_matrix, dict[str, int], np.ndarray]:
    """Counts of the words the ``basis`` rows give (in two of them, in at most ``max_df`` of them), and their idf.

    The vocabulary and the idf come from the basis alone: a new paper never changes an old
    paper's vector (a word that reaches two papers only through a new one does not count
    until the basis grows), so old scores stay as they were and a list changes only when
    a new paper enters it.

    The terms are word 1-2-grams as scikit-learn's ``CountVectorizer`` makes them (a bigram is
    ``"a b"``) and the columns are in its order (A-Z), but each text is tokenised once into
    word ids and a bigram is a number (``V + a * V + b`` for ``V`` words): no string per
    bigram and no dictionary of every 1-2-gram of the corpus, only of the terms kept.
    ``weigh(counts, idf)`` is applied to a chunk of rows at a time (what is returned is then its
    rows): the counts of all papers are never held at once.
    """
    index: dict[str, int] = {}
    get = index.setdefault
    ids = []
    for text in texts:
        tokens = tokenizer(text)
        ids.append(np.fromiter([get(t, len(index)) for t in tokens], dtype=np.int32, count=len(tokens)))
    words = len(index)

    def terms_of(row: int) -> tuple[np.ndarray, np.ndarray]:
        w = ids[row].astype(np.int64)
        return np.unique(np.concatenate((w, words + w[:-1] * words + w[1:])), return_counts=True)

    # Document frequencies in the basis, a chunk of rows at a time (bounded temporaries).
    found, counted = [], []
    for start in range(0, len(basis), _DF_CHUNK):
        part = np.concatenate(
            [terms_of(int(i))[0] for i in basis[start : start + _DF_CHUNK]] or [np.zeros(0, np.int64)]
        )
        terms, df = np.unique(part, return_counts=True)
        found.append(terms)
        counted.append(df)
    terms, where = np.unique(np.concatenate(found), return_inverse=True)
    df = np.bincount(where, weights=np.concatenate(counted), minlength=len(terms))
    del found, counted, where
    keep = (df >= MIN_DF) & (df <= MAX_DF * len(basis))  # max_df as arxiv-sanity-lite's
    kept, df = terms[keep], df[keep]
    if not len(kept):  # no words at all, or none in two papers
        empty = sparse.csr_matrix((len(texts), 0), dtype=np.float64)
        return (weigh(empty, np.zeros(0)) if weigh else empty), {}, np.zeros(0)
    vocab = list(index)  # words by id
    del index
    names = [
        vocab[c] if c < words else f"{vocab[(c - words) // words]} {vocab[(c - words) % words]}" for c in kept.tolist()
    ]
    order = sorted(range(len(names)), key=names.__getitem__)  # columns A-Z, as scikit-learn's
    column = np.empty(len(order), dtype=np.int64)
    column[order] = np.arange(len(order))
    vocabulary = {names[j]: i for i, j in enumerate(order)}
    idf = np.log((1 + len(basis)) / (1 + df[order])) + 1.0  # scikit-learn's smooth idf, on the basis
    parts = []
    for start in range(0, len(texts), _DF_CHUNK):  # a chunk of rows at a time, weighed (smaller) before the next
        indptr, indices, data = [0], [], []
        for row in range(start, min(start + _DF_CHUNK, len(texts))):
            terms, counts = terms_of(row)
            at = np.minimum(np.searchsorted(kept, terms), len(kept) - 1)
            hit = kept[at] == terms
            indices.append(column[at[hit]].astype(np.int32))
            data.append(counts[hit].astype(np.float64))
            indptr.append(indptr[-1] + int(hit.sum()))
        part = sparse.csr_matrix(
            (np.concatenate(data), np.concatenate(indices), np.array(indptr)), shape=(len(indptr) - 1, len(kept))
        )
        part.sort_indices()
        parts.append(weigh(part, idf) if weigh else part)
    return sparse.vstack(parts, format="csr"), vocabulary, idf


def _count(texts: Sequence[str], vocabulary: dict[str, int], tokenizer: Callable[[str], list[str]]):
    """Counts of ``texts`` over a fixed ``vocabulary`` (the words of new papers, basis unchanged)."""
    from sklearn.feature_extraction.text import CountVectorizer

    if not vocabulary:
        return sparse.csr_matrix((len(texts), 0), dtype=np.float64)
    counter = CountVectorizer(
        tokenizer=tokenizer, token_pattern=None, lowercase=False, ngram_range=(1, 2), vocabulary=vocabulary,
        dtype=np.float64,
    )  # fmt: skip
    return counter.transform(texts).tocsr()


def _weigh(counts: sparse.csr_matrix, idf: np.ndarray, terms: int) -> sparse.csr_matrix:
    """L2-normalised sublinear TF-IDF rows, each pruned to its ``terms`` most distinctive words.

    Pruning keeps the distinctive words that decide a pair and makes the sparse product cheap
    (common words make it dense, and the n x n product quadratic). Float64 throughout: the
    score of a pair is then the same, to far below :data:`STEP`, whichever of the two rows it
    is computed from (an update scores new rows against old ones, a full build old against new).
    """
    from sklearn.preprocessing import normalize

    if not counts.shape[0] or not counts.shape[1]:  # no paper (papers only removed), or no word counts
        return sparse.csr_matrix(counts.shape, dtype=np.float64)
    weights = counts.astype(np.float64, copy=False)  # counts are made for this: weighed in place
    weights.data = (1.0 + np.log(weights.data)) * idf[weights.indices] if idf.size else weights.data
    weights.eliminate_zeros()
    return _prune(normalize(weights, copy=False).tocsr(), terms)


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


class Model(NamedTuple):
    """What :func:`update` needs to add papers without scoring old pairs again (kept between builds).

    ``basis`` holds the keys of the idf basis, ``prints`` a fingerprint of what each paper is
    scored by, ``vectors`` the weighted rows in ``keys`` order, ``lists`` the result.
    """

    settings: tuple[int, float, int]
    basis: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray
    keys: list[str]
    prints: dict[str, bytes]
    vectors: sparse.csr_matrix
    lists: dict[str, list[Similar]]


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
    return fit(papers, limit=limit, threshold=threshold, tokenizer=tokenizer, terms=terms).lists


def fingerprint(paper: Paper) -> bytes:
    """A digest of what a paper is scored by: its text, authors, topics and first appearance."""
    h = hashlib.blake2b(digest_size=16)
    for part in (paper_text(paper), *sorted({a.casefold() for a in paper.authors if a.strip()}), "\0",
                 *sorted({t.casefold() for t in paper.topics}), "\0", _first_seen(paper)):  # fmt: skip
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.digest()


def _basis(keys: Sequence[str], items: Sequence[Paper]) -> np.ndarray:
    """Rows of the idf basis: the oldest :func:`basis_size` papers by first appearance (ties by key)."""
    n = len(keys)
    return np.array(sorted(range(n), key=lambda i: (_first_seen(items[i]), keys[i]))[: basis_size(n)], dtype=np.intp)


def fit(
    papers: Mapping[str, Paper],
    *,
    limit: int = 8,
    threshold: float = THRESHOLD,
    tokenizer: Callable[[str], list[str]] | None = None,
    terms: int = TERMS,
) -> Model:
    """Every paper's list (see :func:`similar_papers`), with what :func:`update` needs to add papers later."""
    keys = sorted(papers)
    items = [papers[k] for k in keys]
    settings = (limit, threshold, terms)
    prints = {k: fingerprint(p) for k, p in zip(keys, items, strict=True)}
    if len(keys) < 2:
        empty = sparse.csr_matrix((len(keys), 0), dtype=np.float64)
        return Model(settings, tuple(keys), {}, np.zeros(0), keys, prints, empty, {k: [] for k in keys})
    basis = _basis(keys, items)
    texts = [paper_text(p) for p in items]
    vectors, vocabulary, idf = _fit_vocabulary(texts, basis, tokenizer or tokenize, lambda c, w: _weigh(c, w, terms))
    scorer = _Scorer(keys, items, vectors, limit, threshold)
    lists = {k: [] for k in keys} if limit < 1 else scorer.lists(range(len(keys)))
    return Model(settings, tuple(keys[i] for i in basis), vocabulary, idf, keys, prints, vectors, lists)


def update(
    model: Model | None,
    papers: Mapping[str, Paper],
    *,
    limit: int = 8,
    threshold: float = THRESHOLD,
    tokenizer: Callable[[str], list[str]] | None = None,
    terms: int = TERMS,
) -> Model:
    """:func:`fit` of ``papers``, reusing ``model`` (an earlier fit): the same result, for a fraction of the cost.

    While the idf basis is the same papers with the same texts, old vectors and the scores of
    old pairs do not change. Only new and changed papers are tokenised and scored against
    all; an old list takes in the new papers that beat its entries, and a list that held a
    changed or removed paper is scored again. Otherwise (another basis, other settings,
    no model) everything is fitted again.
    """
    keys = sorted(papers)
    items = [papers[k] for k in keys]
    settings = (limit, threshold, terms)
    if model is None or model.settings != settings or len(keys) < 2 or limit < 1:
        return fit(papers, limit=limit, threshold=threshold, tokenizer=tokenizer, terms=terms)
    prints = {k: fingerprint(p) for k, p in zip(keys, items, strict=True)}
    if prints == model.prints:
        return model
    basis = tuple(keys[i] for i in _basis(keys, items))
    if basis != model.basis or any(prints.get(k) != model.prints.get(k) for k in basis):
        return fit(papers, limit=limit, threshold=threshold, tokenizer=tokenizer, terms=terms)
    changed = [i for i, k in enumerate(keys) if model.prints.get(k) != prints[k]]
    gone = {k for k in model.prints if model.prints[k] != prints.get(k)}  # removed, or changed since
    vectors = _assemble(model, keys, items, changed, tokenizer or tokenize, terms)
    scorer = _Scorer(keys, items, vectors, limit, threshold)
    fresh = set(changed)
    redo = fresh | {i for i, k in enumerate(keys) if any(s.key in gone for s in model.lists.get(k, ()))}
    lists = scorer.lists(sorted(redo))
    entering: dict[int, list[tuple[int, Similar]]] = {}
    for j, entries in scorer.entries(changed, None):
        for steps, similar in entries:
            i = scorer.index[similar.key]
            if i not in redo:  # the pair seen from the old paper's side: the same score and reasons
                entering.setdefault(i, []).append((steps, similar._replace(key=keys[j])))
    rank = STEP
    for i, k in enumerate(keys):
        if i in redo:
            continue
        old = model.lists.get(k, [])
        if i not in entering:
            lists[k] = old
            continue
        pool = [(int(round(s.score / rank)), s) for s in old] + entering[i]
        pool.sort(key=lambda e: (-e[0], e[1].key))
        lists[k] = [s for _, s in pool[:limit]]
    lists = {k: lists[k] for k in keys}
    return Model(settings, basis, model.vocabulary, model.idf, keys, prints, vectors, lists)


def _assemble(
    model: Model, keys: list[str], items: list[Paper], changed: list[int], tokenizer: Callable[[str], list[str]],
    terms: int,
) -> sparse.csr_matrix:  # fmt: skip
    """The vectors of ``keys``: old rows as the model has them, rows ``changed`` weighed now (same vocabulary, idf)."""
    new = _weigh(_count([paper_text(items[i]) for i in changed], model.vocabulary, tokenizer), model.idf, terms)
    where = {k: i for i, k in enumerate(model.keys)}
    fresh = {i: r for r, i in enumerate(changed)}
    old = len(model.keys)
    rows = np.array([old + fresh[i] if i in fresh else where[k] for i, k in enumerate(keys)], dtype=np.intp)
    both = sparse.vstack([model.vectors, sparse.csr_matrix(new, shape=(new.shape[0], model.vectors.shape[1]))])
    return sparse.csr_matrix(both.tocsr()[rows], dtype=np.float64)


class _Scorer:
    """Blended scores of some rows against every paper, in chunks of sparse products."""

    def __init__(self, keys: list[str], items: list[Paper], vectors: sparse.csr_matrix, limit: int, threshold: float):
        self.keys, self.limit = keys, limit
        self.index = {k: i for i, k in enumerate(keys)}
        self.text = vectors
        self.text_t = vectors.T.tocsr()
        self.authors = _incidence([p.authors for p in items])
        self.authors_t = self.authors.T.tocsr()
        self.topics = _incidence([p.topics for p in items], blank=True)
        self.floor = int(round(threshold / STEP))
        self.reach = (self.floor - 0.5) * STEP - TOPIC_WEIGHT

    def lists(self, rows: Iterable[int]) -> dict[str, list[Similar]]:
        """The top ``limit`` lists of ``rows`` (every row's key gets one, maybe empty)."""
        rows = list(rows)
        out: dict[str, list[Similar]] = {self.keys[i]: [] for i in rows}
        for i, entries in self.entries(rows, self.limit):
            out[self.keys[i]] = [s for _, s in entries]
        return out

    def entries(self, rows: Sequence[int], limit: int | None) -> Iterable[tuple[int, list[tuple[int, Similar]]]]:
        """``(row, [(steps, Similar), ...])`` for ``rows``: the best ``limit`` (``None``: all) from the threshold.

        Every row (a full fit) is scored against the rows from its chunk on only, and the pairs
        it finds with later rows are kept for them: each cosine is computed once, not twice.
        """
        n = len(self.keys)
        whole = len(rows) == n and bool(self.text.shape[1]) and np.array_equal(np.asarray(rows), np.arange(n))
        later: dict[int, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = np.asarray(rows[start : start + CHUNK_ROWS], dtype=np.intp)
            shared = (self.authors[chunk] @ self.authors_t).tocsr()
            shared.sort_indices()
            # Candidates: pairs with any common word or author (a topic alone never reaches a useful score).
            mixed = AUTHOR_WEIGHT * shared.minimum(MAX_AUTHORS)
            if not self.text.shape[1]:
                blended = mixed.tocsr()
            else:
                cos = self._half(start, len(chunk), later) if whole else (self.text[chunk] @ self.text_t).tocsr()
                blended = self._blend(chunk, mixed, cos)
            blended.data[blended.data < self.reach] = 0  # cannot reach the threshold even with a shared topic
            blended.eliminate_zeros()
            blended.sort_indices()
            pairs = np.repeat(chunk, np.diff(blended.indptr))
            same = _overlap(self.topics, pairs, blended.indices) > 0
            for row, i in enumerate(chunk.tolist()):
                found = self._row(blended, shared, same, row, i, limit)
                if found:
                    yield i, found

    def _half(self, start: int, size: int, later: dict) -> sparse.csr_matrix:
        """Cosines of rows ``start`` to ``start + size`` with all, from the reach up: the product with the
        rows from ``start`` on, and the pairs with earlier rows that their chunks kept in ``later``."""
        stop, n = start + size, len(self.keys)
        upper = (self.text[start:stop] @ self.text[start:].T).tocsr()
        upper.data[upper.data < self.reach] = 0
        upper.eliminate_zeros()
        upper = upper.tocoo()
        rows, cols, values = upper.row + start, upper.col + start, upper.data
        ahead = cols >= stop  # pairs with a later chunk's rows: theirs too, seen from their side
        target = cols[ahead] // CHUNK_ROWS
        order = np.argsort(target, kind="stable")
        bounds = np.flatnonzero(np.diff(target[order])) + 1
        for part in np.split(order, bounds) if len(order) else ():
            t = int(target[part[0]])
            later.setdefault(t, []).append((cols[ahead][part], rows[ahead][part], values[ahead][part]))
        got = later.pop(start // CHUNK_ROWS, [])
        rows = np.concatenate([rows] + [g[0] for g in got])
        cols = np.concatenate([cols] + [g[1] for g in got])
        values = np.concatenate([values] + [g[2] for g in got])
        cos = sparse.csr_matrix((values, (rows - start, cols)), shape=(size, n))
        cos.sort_indices()
        return cos

    def _blend(self, chunk: np.ndarray, mixed: sparse.csr_matrix, cos: sparse.csr_matrix) -> sparse.csr_matrix:
        """``mixed + cos`` for the ``chunk`` rows, where it may reach the threshold.

        Pairs without a shared author need a cosine from ``reach`` up, so the product's far
        more numerous low entries are dropped before the sum; the pairs with one get their
        cosine from their own rows (summed in the same order as the product: the same value).
        """
        cos.data[cos.data < self.reach] = 0
        cos.eliminate_zeros()
        mixed = mixed.tocsr()
        mixed.sum_duplicates()
        if mixed.nnz:
            rows = chunk[np.repeat(np.arange(len(chunk)), np.diff(mixed.indptr))]
            both = _overlap(self.text, rows, mixed.indices)
            pattern = sparse.csr_matrix((np.ones(mixed.nnz), mixed.indices, mixed.indptr), shape=mixed.shape)
            cos = cos - cos.multiply(pattern)  # exact zeros where an author is shared: those come from ``both``
            cos.eliminate_zeros()
            summed = mixed.data.astype(np.float64) + both
            cos = cos + sparse.csr_matrix((summed, mixed.indices, mixed.indptr), shape=mixed.shape)
        return cos.tocsr()

    def _row(self, blended, shared, same, row: int, i: int, limit: int | None) -> list[tuple[int, Similar]]:
        lo, hi = blended.indptr[row], blended.indptr[row + 1]
        cols, base, same = blended.indices[lo:hi], blended.data[lo:hi], same[lo:hi]
        steps = np.rint((base + TOPIC_WEIGHT * same) / STEP).astype(np.int32)
        steps[cols == i] = -1  # a paper is not similar to itself
        best = _top(steps, len(steps) if limit is None else limit, self.floor)
        if not best:
            return []
        authors_row = _row_values(shared, row, cols[best])
        text_row = base[best] - AUTHOR_WEIGHT * np.minimum(authors_row, MAX_AUTHORS)
        return [
            (int(steps[b]), Similar(self.keys[cols[b]], round(int(steps[b]) * STEP, 4),
                                    _reasons(float(t), int(a), bool(same[b]))))
            for b, t, a in zip(best, text_row, authors_row, strict=True)
        ]  # fmt: skip


def _overlap(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Dot products of rows ``rows[k]`` and ``cols[k]`` of ``matrix``, summed in column order (as a product sums)."""
    if not len(rows):
        return np.zeros(0, dtype=np.float64)
    products = matrix[rows].multiply(matrix[cols]).tocsr()
    return np.asarray(products.sum(axis=1), dtype=np.float64).ravel()


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
