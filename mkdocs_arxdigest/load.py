"""``load_corpus``: digest files, folders or globs in, a merged :class:`~mkdocs_arxdigest.corpus.Corpus` out.

The API entry of the core: parsing goes through :mod:`mkdocs_arxdigest.build.cache`
(cached by content hash, in forked workers when there are many files).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .aliases import read_aliases
from .build.cache import ParseCache, parse_all
from .corpus import Corpus
from .parsers import iter_files
from .topics import TopicAliases, TopicRules


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
        concurrency: processes that parse files (``0``: chosen, see
            :func:`~mkdocs_arxdigest.build.workers.processes_for`).
        topic_aliases: topic names that are one topic (canonical -> variants), added to the built-in table.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if isinstance(aliases, (str, os.PathLike)):
        aliases = read_aliases(aliases)
    files = [(file, _display(file, base)) for file in iter_files(paths)]
    results = list(zip([shown for _, shown in files], parse_all(files, cache, concurrency), strict=True))
    rules = TopicRules.from_config(topic_rules, builtin_topics)
    topic_memo = merge_memo = None
    if isinstance(cache, ParseCache):
        topic_memo, merge_memo = cache.topic_memo(rules), cache.merge_memo().merge
    return Corpus(
        results,
        aliases=aliases,
        topic_rules=rules,
        notes=notes,
        topic_memo=topic_memo,
        merge=merge_memo,
        topic_aliases=topic_aliases,
    )


def _display(file: Path, base: str | os.PathLike[str] | None) -> str:
    if base is not None:
        try:
            return file.resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            pass
    return file.as_posix()
