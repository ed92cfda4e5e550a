"""The corpus: paper occurrences merged by key, with author, topic and day indexes.

Pure Python, no MkDocs: ``load_corpus(["digests/"])`` works in a notebook.
Merging is independent of the order files are read in: occurrences are sorted
by key and source before they are combined, and every choice between
conflicting values is made by a fixed rule.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import ids
from .model import FIELDS, Diagnostic, Paper, ParseResult
from .slugs import digest, paper_slug, unique_slugs
from .text import normalize, normalize_name, sanitize
from .topics import DEFAULT_RULES, TopicAliases, TopicMemo, TopicRules, category_topic


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


def _squashed(text: str) -> str:
    """A text compared without case, spacing or punctuation: variants that differ only so are one value."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _same(a: str, b: str) -> bool:
    """Whether two values say the same: equal but for case, spacing and punctuation, or one is the
    other cut short (``…`` or ``...`` at its end)."""
    sa, sb = _squashed(a), _squashed(b)
    if sa == sb:
        return True
    for short, whole, text in ((sa, sb, a), (sb, sa, b)):
        if text.rstrip().endswith(("…", "...")) and whole.startswith(short):
            return True
    return False


def _others(kept: str, values: Iterable[str]) -> list[str]:
    """The values that do not say the same as ``kept`` (see :func:`_same`), each once, sorted."""
    different = {v for v in values if v and v != kept}  # most papers have one value: nothing to compare
    return sorted(v for v in different if not _same(v, kept)) if different else []


def _person(name: str) -> tuple[str, str]:
    """(family name, first initial) of a name, casefolded: ``Wei Zhang`` and ``W. Zhang`` are one person."""
    words = _squashed(name.replace(".", " ")) and name.replace(".", " ").split()
    if not words:
        return "", ""
    return _squashed(words[-1]), _squashed(words[0])[:1]


def merge_authors(lists: Sequence[tuple[list[str], bool]]) -> tuple[list[str], bool]:
    """The merged author list of ``(authors, complete)`` lists, and whether it is complete.

    The fullest list wins (complete lists first, then the longest; ties by name), so
    a first-author-only list never replaces a full one; then every name another
    list gives that is not already there (the same person: the same name without
    case and punctuation, or the same family name and first initial) is added at
    the end, so no source's author is lost. The merged list is complete when any
    source gives a complete list.
    """
    given = [(a, complete) for a, complete in lists if a]
    if not given:
        return [], False
    base, complete = max(given, key=lambda ac: (ac[1], len(ac[0]), [-ord(c) for c in "".join(ac[0])[:64]]))
    merged = list(base)
    seen_names = {_squashed(a) for a in merged}
    seen_people = {_person(a) for a in merged}
    for authors, _ in sorted(given, key=lambda ac: (not ac[1], -len(ac[0]), ac[0])):
        for a in authors:
            if _squashed(a) in seen_names or _person(a) in seen_people or not _squashed(a):
                continue
            merged.append(a)
            seen_names.add(_squashed(a))
            seen_people.add(_person(a))
    return merged, complete


def _recency(p: Paper) -> tuple:
    """How new an occurrence is: its latest digest day (else publication date), then its place."""
    return (max(p.days) if p.days else p.published, p.sources)


def merge_occurrences(occurrences: Sequence[Paper], warnings: list[Diagnostic] | None = None) -> Paper:
    """Merge occurrences of one paper into one record holding the union of what they say.

    Each field is combined by the rule declared with it in :class:`~mkdocs_arxdigest.model.Paper`
    (see :data:`~mkdocs_arxdigest.model.MERGE_RULES`). Conflicts (a retitled paper, two
    publication dates) are resolved by that rule and reported in ``warnings``, naming both places.
    """
    occ = sorted(occurrences, key=lambda p: (p.sources, p.title, p.authors))
    values: dict = {}
    variants: dict[str, list[str]] = {}
    for f in FIELDS:
        name, rule = f.name, f.metadata["merge"]
        given = [getattr(p, name) for p in occ]
        if rule == "first":
            values[name] = given[0]
        elif rule == "max":
            values[name] = max((v for v in given if v), default=None)
        elif rule == "authors":
            values[name], values["authors_complete"] = merge_authors([(p.authors, p.authors_complete) for p in occ])
        elif rule == "longest":
            values[name] = _longest(given)
            if f.metadata["clean"] == "text" and (others := _others(values[name], given)):
                variants[name] = others
        elif rule == "newest":
            values[name] = _newest(name, occ, variants, warnings)
        elif rule == "earliest":
            values[name] = _earliest(name, occ, warnings)
        elif rule == "union":
            values[name] = _ordered_union(given)
        elif rule == "sorted":
            values[name] = sorted(set().union(*given))
        elif rule == "most":
            counts = Counter(v for v in given if v)
            values[name] = min(counts, key=lambda c: (-counts[c], c)) if counts else ""
        elif rule == "failed":
            values[name] = any(given) and not _has_good_translation(occ)
    merged = Paper(**{k: v for k, v in values.items() if k in _FIELD_NAMES}, variants=variants)
    _make_inert(merged)
    if not merged.abs_url:
        merged.abs_url = ids.abs_url(merged.key)
    if not merged.pdf_url or merged.is_arxiv:  # the PDF of the highest version seen
        merged.pdf_url = ids.pdf_url(merged.key, merged.version)
    return merged


def _newest(name: str, occ: Sequence[Paper], variants: dict, warnings: list[Diagnostic] | None) -> str:
    """The newest occurrence's value (its longest copy); other values kept, and warned about across files."""
    given = [p for p in occ if getattr(p, name)]
    if not given:
        return ""
    newest = max(given, key=_recency)
    if len({getattr(p, name) for p in given}) == 1:
        return getattr(newest, name)
    kept = _longest(getattr(p, name) for p in given if _same(getattr(p, name), getattr(newest, name)))
    others = _others(kept, (getattr(p, name) for p in given))
    if others:
        variants[name] = others
        if warnings is not None:
            for p in given:
                if getattr(p, name) in others and _files(p) != _files(newest):
                    warnings.append(_conflict(newest, p, name, "kept the newest digest's"))
    return kept


def _earliest(name: str, occ: Sequence[Paper], warnings: list[Diagnostic] | None) -> str:
    given = [p for p in occ if getattr(p, name)]
    if not given:
        return ""
    first = min(given, key=lambda p: (getattr(p, name), p.sources))
    if warnings is not None:
        for value in sorted({getattr(p, name) for p in given} - {getattr(first, name)}):
            other = next(p for p in given if getattr(p, name) == value)
            if _files(other) != _files(first):
                warnings.append(_conflict(first, other, name, "kept the earliest"))
    return getattr(first, name)


def _files(p: Paper) -> set[str]:
    """The files an occurrence was read from: values that differ within one file are the generator's own
    (a paper listed under two topics, each table updated on another day), not worth a warning."""
    return {s.path for s in p.sources}


def _conflict(kept: Paper, other: Paper, name: str, rule: str) -> Diagnostic:
    where = kept.sources[0] if kept.sources else None
    there = other.sources[0] if other.sources else None
    return Diagnostic(
        where.path if where else "", where.line if where else 0,
        f"{kept.key}: {name} {_short(getattr(kept, name))!r} differs from {_short(getattr(other, name))!r} "
        f"at {there or 'another source'}; {rule}",
    )  # fmt: skip


def _short(text: str, limit: int = 60) -> str:
    """A value as a warning shows it: made inert like every value (warnings reach logs and exports), cut short."""
    text = sanitize(text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


_FIELD_NAMES = {f.name for f in FIELDS}
_CLEAN = {f.name: f.metadata["clean"] for f in FIELDS}


def _make_inert(paper: Paper) -> None:
    """Sanitise every untrusted field in place (see :func:`~mkdocs_arxdigest.text.sanitize`), by its declaration."""
    for name, clean in _CLEAN.items():
        value = getattr(paper, name)
        if clean == "url":
            ok = value.lower().startswith(("http://", "https://")) and not any(c in value for c in "<>\"' `")
            setattr(paper, name, sanitize(value).strip() if ok else "")
        elif clean == "text":
            setattr(paper, name, sanitize(value).strip())
        elif clean == "name":
            setattr(paper, name, [a for a in (normalize_name(sanitize(a)) for a in value) if a])
        elif clean == "list":
            setattr(paper, name, [t for t in (normalize(sanitize(t)) for t in value) if t])
    paper.main_category = normalize(paper.main_category)
    paper.variants = {k: [c for c in (sanitize(v).strip() for v in vs) if c] for k, vs in paper.variants.items()}


def merge_key(key: str, occurrences: Sequence[Paper]) -> tuple[Paper, list[Diagnostic]]:
    """:func:`merge_occurrences` of one key, with the conflicts it met."""
    warnings: list[Diagnostic] = []
    return merge_occurrences(occurrences, warnings), warnings


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
        merge: Callable[[str, Sequence[Paper]], tuple[Paper, list[Diagnostic]]] | None = None,
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
        self.papers: dict[str, Paper] = {}
        for key in sorted(by_key):
            paper, conflicts = (merge or merge_key)(key, by_key[key])
            self.warnings.extend(conflicts)
            paper.authors = _ordered_union([[self.canonical_author(a) for a in paper.authors]])
            self._assign_topics(paper, (notes or {}).get(key, ()), topic_memo)
            self.papers[key] = paper
        self.warnings.sort()
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

    def stats(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "papers": len(self.papers),
            "authors": len(self.authors),
            "topics": len(self.topics),
            "days": len(self.days),
            "warnings": len(self.warnings),
        }


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
