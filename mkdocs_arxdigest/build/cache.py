"""Caches that keep rebuilds small: parsed files and merged papers, kept between rounds and processes.

:class:`ParseCache` holds parsed files by content hash (and saves them, with the
merged papers of :class:`MergeMemo`, in one pickle in the cache folder);
:func:`parse_all` parses what it does not hold, in forked workers when there are many.
"""

from __future__ import annotations

import copy
import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from .. import similar
from ..corpus import merge_key
from ..model import Diagnostic, Paper, ParseResult
from ..parsers import parse_bytes, parse_file
from ..topics import TopicMemo, TopicRules
from .fingerprint import code_digest
from .workers import AUTO_MIN_FILES, fork_map, processes_for


def parse_all(files: list[tuple[Path, str]], cache: dict | None, concurrency: int) -> list[ParseResult]:
    """Parse ``(file, shown path)`` pairs, skipping files the cache holds (by shown path and content hash)."""
    results: list[ParseResult | None] = []
    pending: list[tuple[int, bytes, str, tuple[str, str] | None]] = []  # (index, bytes, shown, cache key)
    for file, shown in files:
        try:
            data = file.read_bytes()
        except OSError:
            results.append(parse_file(file, display_path=shown))  # reports the error as a warning
            continue
        key = result = None
        if cache is not None:
            key = (shown, hashlib.sha256(data).hexdigest())
            result = cache.get(key)
        if result is None:
            pending.append((len(results), data, shown, key))
        elif isinstance(cache, ParseCache):
            cache.used.add(key)
        results.append(result)

    def parse(start: int, stop: int) -> list[ParseResult]:
        return [parse_bytes(data, shown) for _, data, shown, _ in pending[start:stop]]

    parsed, _ = fork_map(parse, len(pending), processes_for(len(pending), concurrency, AUTO_MIN_FILES), 1)
    for (i, _, _, key), result in zip(pending, parsed, strict=True):
        results[i] = result
        if cache is not None:
            cache[key] = result
        if isinstance(cache, ParseCache):
            cache.parsed += 1
            cache.used.add(key)
    return results  # safe to share: merging builds new records and never changes parser output


class MergeMemo:
    """Merged papers by key, each with the occurrences it was merged from.

    A :class:`ParseCache` hands out the same parsed records for unchanged files: a
    paper whose occurrences equal those it was merged from last round (the same
    objects, when their files are unchanged: compared in no time) merges to the
    same record, so only changed papers are merged again. Under ``mkdocs serve``
    the plugin's cache lives on between rebuilds; :class:`ParseCache` saves the memo
    with the parsed files, in one pickle, so that a new process finds the same
    objects too. A round keeps only its papers.
    """

    def __init__(self, previous: dict[str, tuple[tuple[Paper, ...], Paper, list[Diagnostic]]] | None = None):
        self.previous = previous or {}
        self.current: dict[str, tuple[tuple[Paper, ...], Paper, list[Diagnostic]]] = {}
        self.merged = 0  # papers merged (not found in the memo) this round

    def merge(self, key: str, occurrences: Sequence[Paper]) -> tuple[Paper, list[Diagnostic]]:
        """:func:`~mkdocs_arxdigest.corpus.merge_key`, or a copy of the same merge made last round."""
        occurrences = tuple(occurrences)
        entry = self.previous.get(key)
        if entry is None or entry[0] != occurrences:  # the same objects (or equal ones) merge alike
            entry = (occurrences, *merge_key(key, occurrences))
            self.merged += 1
        self.current[key] = entry
        return copy.copy(entry[1]), list(entry[2])  # callers replace its fields, never change them in place


class ParseCache(dict):
    """Parsed files by (shown path, content hash), kept in a file between processes.

    ``load_corpus(paths, cache=ParseCache(".cache/parsed.pickle"))`` parses only
    files that are new or changed since the cache was saved; :meth:`save` keeps
    the entries the last calls used. The file is a pickle: it lives in the
    project's own cache folder, and one written by other code of this package is
    ignored. The merged papers are saved with them (see :class:`MergeMemo`).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None):
        super().__init__()
        self.path = Path(path) if path is not None else None
        self.used: set[tuple[str, str]] = set()
        self.parsed = 0  # files parsed (not found in the cache) so far
        self._saved: set[tuple[str, str]] = set()
        self._memo: TopicMemo | None = None  # the topic memo of the current round
        self.merges = MergeMemo()  # the merge memo of the current round (in memory only)
        self._previous: tuple[str, dict] = ("", {})  # rules digest and entries of the last saved memo
        if self.path is not None:
            try:
                with self.path.open("rb") as f:
                    stamp, entries, previous, merged = pickle.load(f)
                if stamp == code_digest() and isinstance(entries, dict):
                    self.update(entries)
                    self._saved = set(entries)
                    self._previous = previous
                    self.merges.current = merged
            except Exception:  # missing, truncated or foreign: parse again
                pass
        self._saved_memo = (self._previous[0], set(self._previous[1]))

    def topic_memo(self, rules: TopicRules) -> TopicMemo:
        """A memo of :meth:`TopicRules.match` for ``rules`` (empty when the rules changed), saved by :meth:`save`."""
        digest, previous = self._previous
        self._memo = TopicMemo(rules.digest, previous if digest == rules.digest else {})
        return self._memo

    def merge_memo(self) -> MergeMemo:
        """A memo of merged papers for this round, reusing the merges of the last one."""
        self.merges = MergeMemo(self.merges.current)
        return self.merges

    def save(self) -> None:
        """Keep the entries (and topic matches) used since the last save, and write them if they changed."""
        for key in set(self) - self.used:
            del self[key]
        used, self.used = self.used, set()
        memo, self._memo = self._memo, None
        if memo is not None:
            self._previous = (memo.rules, dict(memo))
        state = (self._previous[0], set(self._previous[1]))
        if self.path is None or (used == self._saved and state == self._saved_memo):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.unlink(missing_ok=True)
        with tmp.open("wb") as f:
            # One pickle: the merge memo's occurrences stay the parsed files' own objects.
            data = (code_digest(), dict(self), self._previous, self.merges.current)
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
        self._saved, self._saved_memo = used, state

    def clear(self) -> None:
        super().clear()
        self._memo, self._previous, self.merges = None, ("", {}), MergeMemo()


class SimilarCache:
    """Similar-paper lists kept between rounds and processes (:func:`~mkdocs_arxdigest.similar.update`'s model).

    An unchanged corpus costs a fingerprint per paper; a new day costs its own papers'
    tokens and their products with every paper, not a fit of the whole corpus (8-9 s at
    10k papers). The result is the same as without the cache: the model only saves work.
    The file is a pickle in the project's cache folder, ignored when other code wrote it.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, keep: bool = False):
        self.path = Path(path) if path is not None else None
        self.keep = keep  # hold the model between rounds (``mkdocs serve``), else read it from the file each time
        self.model: similar.Model | None = None
        self._loaded = False
        self.refitted = False  # whether the last call fitted every paper (for tests and timings)

    def lists(self, papers, *, limit: int, threshold: float) -> dict[str, list[similar.Similar]]:
        """Every paper's similar papers (see :func:`~mkdocs_arxdigest.similar.similar_papers`), saved when changed."""
        previous = self._load()
        model = similar.update(previous, papers, limit=limit, threshold=threshold)
        self.refitted = previous is None or model.basis != previous.basis or model.settings != previous.settings
        if model is not previous:
            self._save(model)
        # Its vocabulary is most of its size (tens of MB at 10k papers): a single build lets go of it.
        self.model, self._loaded = (model, True) if self.keep else (None, False)
        return model.lists

    def _load(self) -> similar.Model | None:
        if self.model is None and not self._loaded and self.path is not None:
            self._loaded = True
            try:
                with self.path.open("rb") as f:
                    stamp, model = pickle.load(f)
                if stamp == code_digest() and isinstance(model, similar.Model):
                    self.model = model
            except Exception:  # missing, truncated or foreign: fit again
                pass
        return self.model

    def _save(self, model: similar.Model) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        with tmp.open("wb") as f:
            pickle.dump((code_digest(), model), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
