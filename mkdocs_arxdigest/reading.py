"""Watched keywords and the reading list, as pure functions of the papers and the notes.

A watched keyword (the ``watch:`` option: ``- diffusion policy``, ``- 扩散``, ``- re:…``)
matches as a topic keyword does (:class:`~mkdocs_arxdigest.topics.TopicRules`): ASCII at
the start of a word, case-insensitively; Chinese anywhere; ``re:`` a regular expression.
The reading list groups the notes' ``status`` (to read / reading / read) and ranks their
``rating``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from .model import Paper
from .topics import TopicRules

__all__ = [
    "watch_matches",
    "watch_warnings",
    "watch_text",
    "reading_list",
    "parse_rating",
    "status_group",
    "STATUSES",
]

#: The reading-list groups, in page order, and the status words (lowercased) each one takes.
STATUSES: dict[str, tuple[str, ...]] = {
    "to_read": ("to read", "to-read", "toread", "todo", "to do", "unread", "queued", "later", "want", "想读", "待读"),
    "reading": ("reading", "in progress", "in-progress", "started", "ongoing", "在读", "阅读中", "正在读"),
    "read": ("read", "done", "finished", "complete", "completed", "已读", "读完", "读过"),
}


class NoteLike(Protocol):
    """What the reading list reads of a note (``site.Note`` today)."""

    key: str
    status: str
    rating: str
    tags: list[str]


def watch_text(paper: Paper) -> str:
    """The text a watched keyword is looked for in: titles, TL;DR and abstracts in both languages."""
    return " ".join((paper.title, paper.title_translated, paper.tldr, paper.abstract, paper.abstract_translated))


def _problem(pattern: str) -> str:
    """Why a pattern cannot be used ("" when it can)."""
    if not pattern.strip() or pattern.strip() == "re:":
        return f"watch: empty keyword {pattern!r} ignored"
    if pattern.startswith("re:"):
        try:
            re.compile(f"(?:{pattern[3:]})")  # as TopicRules joins it: "(?i)" must be written "(?i:…)"
        except re.error as err:
            return f"watch: {pattern!r} is not a valid regular expression here ({err}); ignored"
    return ""


def watch_warnings(patterns: Sequence[str]) -> list[str]:
    """A warning per unusable pattern (an invalid ``re:`` expression, a blank): it then matches nothing."""
    return [w for w in (_problem(str(p)) for p in patterns) if w]


def watch_matches(papers: Mapping[str, Paper] | Iterable[Paper], patterns: Sequence[str]) -> dict[str, list[str]]:
    """For each pattern (in the given order), the keys of the papers it matches, newest first.

    Newest is by date (latest digest day, else publication date), then by key, newest id
    first. A pattern that cannot be used (see :func:`watch_warnings`) maps to ``[]``.
    """
    items = list(papers.values()) if isinstance(papers, Mapping) else list(papers)
    items.sort(key=lambda p: (p.date, p.key), reverse=True)
    names = [str(p) for p in dict.fromkeys(patterns)]
    usable = [p for p in names if not _problem(p)]
    rules = TopicRules({p: [p] for p in usable})
    found: dict[str, list[str]] = {p: [] for p in names}
    for paper in items:
        for name in rules.match(watch_text(paper)):
            found[name].append(paper.key)
    return found


def parse_rating(rating: object) -> float | None:
    """A note's rating as a number: ``4``, ``"4/5"``, ``"4.5"``, ``"★★★★"``, ``"⭐⭐⭐"``; None if it has none.

    A rating out of another scale (``"8/10"``) is brought to five.
    """
    if isinstance(rating, bool) or rating is None:
        return None
    if isinstance(rating, int | float):
        return float(rating)
    text = str(rating).strip()
    stars = text.count("★") + text.count("⭐")
    if stars and not re.search(r"\d", text):
        return float(stars)
    m = re.match(r"^(\d+(?:\.\d+)?)\s*(?:/\s*(\d+(?:\.\d+)?))?", text)
    if not m:
        return None
    value = float(m.group(1))
    if m.group(2) and float(m.group(2)) > 0:
        value = value * 5 / float(m.group(2))
    return round(value, 2)


def status_group(status: str) -> str:
    """The reading-list group of a status (``to_read``, ``reading``, ``read``), or ``""``."""
    word = re.sub(r"\s+", " ", str(status or "")).strip().lower()
    for group, words in STATUSES.items():
        if word in words:
            return group
    return ""


def reading_list(
    notes: Mapping[str, NoteLike] | Iterable[NoteLike],
    papers: Mapping[str, Paper] | None = None,
    *,
    top: int = 20,
) -> dict:
    """The reading list of the notes: ``{"to_read": [key…], "reading": […], "read": […],
    "other": {status: [key…]}, "top_rated": [(key, rating)…], "ratings": {key: rating}}``.

    Groups are newest first when ``papers`` gives dates (else by key, newest id first);
    notes of papers not in ``papers`` are left out then. ``top_rated`` holds up to ``top``
    rated notes, best first (ties newest first). A status of no group is kept under
    ``other`` with its own spelling, so no note is lost.
    """
    items = list(notes.values()) if isinstance(notes, Mapping) else list(notes)
    if papers is not None:
        items = [n for n in items if n.key in papers]

    def newest(note: NoteLike) -> tuple[str, str]:
        paper = papers.get(note.key) if papers is not None else None
        return (paper.date if paper else "", note.key)

    items.sort(key=newest, reverse=True)
    result: dict = {group: [] for group in STATUSES}
    other: dict[str, list[str]] = {}
    ratings: dict[str, float] = {}
    for note in items:
        group = status_group(note.status)
        if group:
            result[group].append(note.key)
        elif str(note.status or "").strip():
            other.setdefault(str(note.status).strip(), []).append(note.key)
        value = parse_rating(note.rating)
        if value is not None:
            ratings[note.key] = value
    rated = sorted(ratings.items(), key=lambda kv: -kv[1])  # stable: ties keep newest first
    result["other"] = dict(sorted(other.items()))
    result["top_rated"] = rated[: max(0, top)]
    result["ratings"] = ratings
    return result
