"""The corpus: paper occurrences merged by key, with author, topic and day indexes.

Pure Python, no MkDocs: ``load_corpus(["digests/"])`` works in a notebook.
Merging is independent of the order files are read in: occurrences are sorted
by key and source before they are combined, and every choice between
conflicting values is made by a fixed rule.
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import os
import pickle
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from . import ids
from .model import Diagnostic, Paper, ParseResult
from .parsers import iter_files, parse_bytes, parse_file
from .slugs import digest, paper_slug, unique_slugs
from .store import code_digest
from .text import normalize, normalize_name, sanitize
from .topics import DEFAULT_RULES, TopicAliases, TopicMemo, TopicRules, category_topic
from .workers import AUTO_MIN_FILES, fork_map, processes_for

if TYPE_CHECKING:
    from .graph import Graphs


@dataclass
class Author:
    name: str
    slug: str
    #: Paper keys, newest first.
    papers: list[str] = field(default_factory=list)


@dataclass
class Topic:
    name: str
    slug: str
    #: Where the topic comes from: ``category``, ``source``, ``keyword`` or ``tag``.
    kind: str
    papers: list[str] = field(default_factory=list)


#: Which kind a topic has when papers give it by several ways (a source's name wins).
_KIND_RANK = {"source": 0, "category": 1, "keyword": 2, "tag": 3}


@dataclass
class Day:
    date: str
    papers: list[str] = field(default_factory=list)


@dataclass
class FileReport:
    """What one input file gave: its detected format, paper count and warnings."""

    path: str
    format: str | None
    #: Paper records read (rows), distinct papers among them, distinct author names.
    papers: int
    warnings: list[Diagnostic] = field(default_factory=list)
    distinct: int = 0
    authors: int = 0


def _longest(values: Iterable[str]) -> str:
    """The longest non-empty value; ties go to the smallest string, so order never matters."""
    best = ""
    for v in values:
        if v and (len(v) > len(best) or (len(v) == len(best) and v < best)):
            best = v
    return best


def _ordered_union(lists: Iterable[Sequence[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for values in lists:
        for v in values:
            if v:
                seen.setdefault(v, None)
    return list(seen)


def merge_occurrences(occurrences: Sequence[Paper]) -> Paper:
    """Merge occurrences of one paper into one record holding the union of what they say."""
    occ = sorted(occurrences, key=lambda p: (p.sources, p.title, p.authors))
    complete = [p.authors for p in occ if p.authors_complete and p.authors]
    if complete:
        authors = max(complete, key=lambda a: (len(a), [-ord(c) for c in "".join(a)[:64]]))
        authors_complete = True
    else:
        partial = [p.authors for p in occ if p.authors]
        authors = min(partial) if partial else []
        authors_complete = False
    categories = _ordered_union(p.categories for p in occ)
    mains = Counter(p.main_category for p in occ if p.main_category)
    main_category = min(mains, key=lambda c: (-mains[c], c)) if mains else ""
    published = min((p.published for p in occ if p.published), default="")
    versions = [p.version for p in occ if p.version]
    text = {name: _longest(getattr(p, name) for p in occ) for name in _TEXT_FIELDS}
    merged = Paper(
        key=occ[0].key,
        version=max(versions) if versions else None,
        authors=list(authors),
        authors_complete=authors_complete,
        categories=categories,
        main_category=main_category,
        topics=sorted(set().union(*(p.topics for p in occ))),
        days=sorted(set().union(*(p.days for p in occ))),
        published=published,
        translation_failed=any(p.translation_failed for p in occ) and not _has_good_translation(occ),
        sources=sorted(set().union(*(p.sources for p in occ))),
        **text,
    )
    _make_inert(merged)
    if not merged.abs_url:
        merged.abs_url = ids.abs_url(merged.key)
    if not merged.pdf_url or merged.is_arxiv:  # the PDF of the highest version seen
        merged.pdf_url = ids.pdf_url(merged.key, merged.version)
    return merged


_TEXT_FIELDS = (
    "title", "title_translated", "abs_url", "pdf_url", "code_url", "doi", "comment", "tldr",
    "motivation", "method", "result", "conclusion", "abstract", "abstract_translated",
)  # fmt: skip


_URL_FIELDS = ("abs_url", "pdf_url", "code_url")


def _make_inert(paper: Paper) -> None:
    """Sanitise every untrusted field in place (see :func:`~mkdocs_arxdigest.text.sanitize`)."""
    for name in _TEXT_FIELDS:
        value = getattr(paper, name)
        if name in _URL_FIELDS:
            value = (
                value
                if value.lower().startswith(("http://", "https://")) and not any(c in value for c in "<>\"' `")
                else ""
            )
        setattr(paper, name, sanitize(value).strip())
    paper.authors = [a for a in (normalize_name(sanitize(a)) for a in paper.authors) if a]
    paper.topics = [t for t in (normalize(sanitize(t)) for t in paper.topics) if t]
    paper.categories = [c for c in (normalize(sanitize(c)) for c in paper.categories) if c]
    paper.main_category = normalize(sanitize(paper.main_category))


def _has_good_translation(occ: Sequence[Paper]) -> bool:
    return any(not p.translation_failed and (p.title_translated or p.abstract_translated) for p in occ)


class Corpus:
    """Papers merged by key, plus author, topic and day indexes.

    Attributes:
        papers: merged papers by key, in key order.
        authors: authors by canonical name, in name order.
        topics: topics by name, in name order.
        days: digest days by ISO date, in date order.
        files: one report per input file.
        warnings: every warning, in file and line order.
    """

    def __init__(
        self,
        results: Iterable[ParseResult | tuple[str, ParseResult]] = (),
        *,
        aliases: Mapping[str, Sequence[str]] | None = None,
        topic_rules: TopicRules | None = None,
        notes: Mapping[str, Sequence[str]] | None = None,
        topic_memo: TopicMemo | None = None,
        merge_memo: MergeMemo | None = None,
        topic_aliases: TopicAliases | Mapping[str, Sequence[str]] | None = None,
    ):
        self.files: list[FileReport] = []
        self.warnings: list[Diagnostic] = []
        self.rules = topic_rules if topic_rules is not None else TopicRules.from_config()
        self._alias = _alias_map(aliases or {})
        self._topic_kinds: dict[str, str] = {}
        # One name per subject (the user's own keyword rules are never renamed by the built-in table).
        self.topic_aliases = (
            topic_aliases
            if isinstance(topic_aliases, TopicAliases)
            else TopicAliases(topic_aliases, own=set(self.rules.rules) - set(DEFAULT_RULES))
        )
        self._topic_names: dict[str, set[str]] = defaultdict(set)  # canonical -> names met
        by_key: dict[str, list[Paper]] = defaultdict(list)
        for item in results:
            path, result = item if isinstance(item, tuple) else (None, item)
            self.add_result(result, path)
            for paper in result.papers:
                by_key[paper.key].append(paper)
        self.warnings.sort()
        self.papers: dict[str, Paper] = {}
        for key in sorted(by_key):
            paper = merge_occurrences(by_key[key]) if merge_memo is None else merge_memo.merge(key, by_key[key])
            paper.authors = _ordered_union([[self.canonical_author(a) for a in paper.authors]])
            self._assign_topics(paper, (notes or {}).get(key, ()), topic_memo)
            self.papers[key] = paper
        self._build_indexes()

    # -- building ---------------------------------------------------------

    def add_result(self, result: ParseResult, path: str | None = None) -> None:
        shown = path or (result.papers[0].sources[0].path if result.papers and result.papers[0].sources else "")
        if not shown and result.warnings:
            shown = result.warnings[0].path
        self.files.append(
            FileReport(
                shown, result.format, len(result.papers), list(result.warnings),
                distinct=len({p.key for p in result.papers}),
                authors=len({normalize_name(a) for p in result.papers for a in p.authors} - {""}),
            )
        )  # fmt: skip
        self.warnings.extend(result.warnings)

    def canonical_author(self, name: str) -> str:
        name = normalize_name(name)
        return self._alias.get(name, name)

    def _assign_topics(self, paper: Paper, tags: Sequence[str], memo: TopicMemo | None = None) -> None:
        topics: dict[str, str] = {}
        for t in paper.topics:
            topics.setdefault(t, "source")
        if paper.main_category:
            topics.setdefault(category_topic(paper.main_category), "category")
        text = " ".join(
            (paper.title, paper.title_translated, paper.tldr, paper.abstract[:4000], paper.abstract_translated[:4000])
        )
        for t in self.rules.match(text, memo):
            topics.setdefault(t, "keyword")
        for t in filter(None, (normalize(sanitize(str(t))) for t in tags)):  # notes are untrusted too
            topics.setdefault(t, "tag")
        aliased: dict[str, str] = {}  # deduplicated after aliasing: 多模态 and Multimodal are one topic
        for name, kind in topics.items():
            canonical = self.topic_aliases.canonical(name)
            aliased.setdefault(canonical, kind)
            self._topic_names[canonical].add(name)
        for name, kind in aliased.items():  # a topic that any source names is a source topic, and so on
            known = self._topic_kinds.get(name)
            if known is None or _KIND_RANK.get(kind, 9) < _KIND_RANK.get(known, 9):
                self._topic_kinds[name] = kind
        paper.topics = sorted(aliased)

    def topic_names(self, name: str) -> list[str]:
        """Every name topic ``name`` goes by in this corpus, its own first (for the topic page)."""
        return self.topic_aliases.names_of(name, self._topic_names.get(name, ()))

    def _build_indexes(self) -> None:
        newest = sorted(self.papers.values(), key=lambda p: (p.date, p.key), reverse=True)
        author_papers: dict[str, list[str]] = defaultdict(list)
        topic_papers: dict[str, list[str]] = defaultdict(list)
        day_papers: dict[str, list[str]] = defaultdict(list)
        for p in newest:
            for a in p.authors:
                author_papers[a].append(p.key)
            for t in p.topics:
                topic_papers[t].append(p.key)
        for p in self.papers.values():
            for d in p.days:
                day_papers[d].append(p.key)
        author_slugs = unique_slugs(author_papers)
        topic_slugs = unique_slugs(topic_papers)
        self.authors: dict[str, Author] = {
            n: Author(n, author_slugs[n], author_papers[n]) for n in sorted(author_papers)
        }
        self.topics: dict[str, Topic] = {
            n: Topic(n, topic_slugs[n], self._topic_kinds.get(n, "keyword"), topic_papers[n])
            for n in sorted(topic_papers)
        }
        self.days: dict[str, Day] = {d: Day(d, day_papers[d]) for d in sorted(day_papers)}
        #: Paper key -> slug of its page (unique even if two DOIs slug alike).
        self.paper_slugs: dict[str, str] = _dedupe_slugs(self.papers)

    # -- queries ----------------------------------------------------------

    def newest(self, keys: Iterable[str] | None = None) -> list[Paper]:
        """Papers newest first (latest digest day, else publication date), then by key."""
        papers = self.papers.values() if keys is None else (self.papers[k] for k in keys)
        return sorted(papers, key=lambda p: (p.date, p.key), reverse=True)

    def coauthors(self, name: str) -> list[tuple[str, int]]:
        """Co-authors of ``name`` with the number of shared papers, most shared first."""
        counts: Counter[str] = Counter()
        for key in self.authors[name].papers:
            counts.update(a for a in self.papers[key].authors if a != name)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def related_papers(self, key: str, limit: int = 8, fanout: int = 50) -> list[tuple[Paper, int]]:
        """Papers sharing authors (3 points each) and topics (1 point each), best first.

        Only the ``fanout`` papers of each author and topic whose ids are closest
        to this one (the same period) are looked at: cheap on prolific authors and
        big topics, and stable when new digests arrive (new papers only enter
        the lists of recent papers).
        """
        paper = self.papers[key]
        scores: Counter[str] = Counter()
        for a in paper.authors:  # Counter.update counts in C: three passes beat a Python loop
            window = _window(self._sorted_keys("a", a), key, fanout)
            scores.update(window)
            scores.update(window)
            scores.update(window)
        for t in sorted(paper.topics)[:8]:
            scores.update(_window(self._sorted_keys("t", t), key, fanout))
        scores.pop(key, None)
        # Most points first, ties by key: two sorts in C (a stable sort keeps the key order of ties).
        best = sorted(sorted(scores.items()), key=itemgetter(1), reverse=True)[:limit]
        return [(self.papers[k], s) for k, s in best]

    def _sorted_keys(self, kind: str, name: str) -> list[str]:
        cache = self.__dict__.setdefault("_sorted_key_cache", {})
        keys = cache.get((kind, name))
        if keys is None:
            index = self.authors if kind == "a" else self.topics
            keys = cache[(kind, name)] = sorted(index[name].papers)
        return keys

    @cached_property
    def graphs(self) -> Graphs:
        """The networkx graphs of this corpus (built on first use)."""
        from .graph import Graphs

        return Graphs(self)

    def stats(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "papers": len(self.papers),
            "authors": len(self.authors),
            "topics": len(self.topics),
            "days": len(self.days),
            "warnings": len(self.warnings),
        }


def _window(keys: list[str], key: str, size: int) -> list[str]:
    """The ``size`` entries of sorted ``keys`` around ``key``."""
    if len(keys) <= size:
        return keys
    i = bisect.bisect_left(keys, key)
    start = max(0, min(i - size // 2, len(keys) - size))
    return keys[start : start + size]


def _dedupe_slugs(papers: Mapping[str, Paper]) -> dict[str, str]:
    """Paper key -> page slug; keys whose slugs collide (DOIs differing in punctuation) get a hash suffix."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key in papers:
        groups[paper_slug(key)].append(key)
    result: dict[str, str] = {}
    for slug, keys in groups.items():
        first, *others = sorted(keys)
        result[first] = slug
        result.update({k: f"{slug}-{digest(k)}" for k in others})
    return result


def _alias_map(aliases: Mapping[str, Sequence[str]]) -> dict[str, str]:
    result: dict[str, str] = {}
    for canonical, variants in aliases.items():
        canon = normalize_name(str(canonical))
        for v in [canonical, *(variants or [])]:
            result[normalize_name(str(v))] = canon
    return result


def load_aliases(path: str | os.PathLike[str]) -> dict[str, list[str]]:
    """Read an aliases YAML file: ``Canonical Name: [variant, variant]``."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of canonical name to variants")
    return {str(k): [str(x) for x in (v or [])] if isinstance(v, list) else [str(v)] for k, v in data.items()}


def load_corpus(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    aliases: Mapping[str, Sequence[str]] | str | os.PathLike[str] | None = None,
    topic_rules: Mapping[str, Sequence[str]] | None = None,
    builtin_topics: bool = True,
    base: str | os.PathLike[str] | None = None,
    notes: Mapping[str, Sequence[str]] | None = None,
    cache: dict | None = None,
    concurrency: int = 1,
    topic_aliases: TopicAliases | Mapping[str, Sequence[str]] | None = None,
) -> Corpus:
    """Read digest files, folders or globs and return the merged :class:`Corpus`.

    Args:
        paths: files, folders (read recursively) or glob patterns.
        aliases: author aliases (canonical name -> variants), or the path of a YAML file holding them.
        topic_rules: keyword rules added to (or replacing, by name) the built-in ones.
        builtin_topics: keep the built-in keyword rules.
        base: file paths in sources and warnings are shown relative to this folder.
        notes: tags of the user's notes by paper key (they become topics).
        cache: a dict kept between calls: files whose path and bytes are unchanged are not parsed again.
        concurrency: processes that parse files (``0``: chosen, see :func:`~mkdocs_arxdigest.workers.processes_for`).
        topic_aliases: topic names that are one topic (canonical -> variants), added to the built-in table.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if isinstance(aliases, (str, os.PathLike)):
        aliases = load_aliases(aliases)
    results = _parse_all([(file, _display(file, base)) for file in iter_files(paths)], cache, concurrency)
    rules = TopicRules.from_config(topic_rules, builtin_topics)
    topic_memo = merge_memo = None
    if isinstance(cache, ParseCache):
        topic_memo, merge_memo = cache.topic_memo(rules), cache.merge_memo()
    return Corpus(
        results, aliases=aliases, topic_rules=rules, notes=notes, topic_memo=topic_memo, merge_memo=merge_memo,
        topic_aliases=topic_aliases,
    )  # fmt: skip


def _parse_all(files: list[tuple[Path, str]], cache: dict | None, concurrency: int) -> list[ParseResult]:
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

    def __init__(self, previous: dict[str, tuple[tuple[Paper, ...], Paper]] | None = None):
        self.previous = previous or {}
        self.current: dict[str, tuple[tuple[Paper, ...], Paper]] = {}
        self.merged = 0  # papers merged (not found in the memo) this round

    def merge(self, key: str, occurrences: Sequence[Paper]) -> Paper:
        """:func:`merge_occurrences`, or a copy of the same merge made last round."""
        occurrences = tuple(occurrences)
        entry = self.previous.get(key)
        if entry is None or entry[0] != occurrences:  # the same objects (or equal ones) merge alike
            entry = (occurrences, merge_occurrences(occurrences))
            self.merged += 1
        self.current[key] = entry
        return copy.copy(entry[1])  # callers replace its fields, never change them in place


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


def _display(file: Path, base: str | os.PathLike[str] | None) -> str:
    if base is not None:
        try:
            return file.resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            pass
    return file.as_posix()
