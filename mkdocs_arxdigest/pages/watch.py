"""Watched keywords: a page per keyword (``watch/<slug>/``, its matches newest first, paged) and, with
more than one keyword, their index (``watch/``).

The papers a keyword matches are found once per round (:attr:`Site.watch_matches`); paper lists
everywhere mark them (:meth:`~.render.Helpers.paper_item`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .base import Page, PageMaker, one, several
from .feed import links
from .listing import chronological, chronological_pages

if TYPE_CHECKING:
    from .render import Helpers
    from .site import Site

#: On whenever the ``watch`` option lists a keyword (see :meth:`Site.enabled`).
KIND = "watch"


def plan(site: Site) -> list[PageMaker]:
    site.watched  # noqa: B018 - read by every paper list: found once, before workers fork
    matches = site.watch_matches
    entries = []
    if len(matches) > 1:
        entries.append(one(site.urls.src_uri("watch"), index, site))
    for pattern, keys in matches.items():
        slug = site.watch_slugs[pattern]
        numbers = chronological_pages(site, len(keys))
        entries.append(several([site.urls.src_uri("watch", slug, n) for n in numbers], partial(pages, site, pattern)))
    return entries


def index(site: Site) -> Page:
    """The watched keywords, as configured, with their match counts and pages."""
    items = [(p, site.watch_slugs[p], len(keys)) for p, keys in site.watch_matches.items()]
    return site.page("watch_index", "watch", title=site.labels["watched_keywords"], keywords=items, volatile=True)


def pages(site: Site, pattern: str) -> Iterator[Page]:
    """A keyword's matches, newest first, in pages that keep their papers as new ones arrive (as topics do)."""
    c = site.corpus
    keys = site.watch_matches[pattern]
    slug = site.watch_slugs[pattern]
    feeds = links(site, "watch", slug, pattern)
    for n, chunk, pager in chronological(site, "watch", slug, keys):
        first = n == 0
        yield site.page(
            "watch", "watch", slug, page=n, title=pattern if first else f"{pattern} ({pager['label']})",
            keyword=pattern, total=len(keys) if first else None, papers=[c.papers[k] for k in chunk], pager=pager,
            feeds=feeds if first else [], search=False,
        )  # fmt: skip


def highlighter(patterns: Sequence[str]) -> re.Pattern[str] | None:
    """One expression finding what ``patterns`` match as :class:`~mkdocs_arxdigest.topics.TopicRules` does.

    ASCII words at the start of a word, case-insensitively; other scripts anywhere; ``re:`` as written.
    """
    parts = []
    for p in patterns:
        if p.startswith("re:"):
            parts.append(f"(?:{p[3:]})")
        elif p.isascii():
            parts.append(f"(?<![^\\W_])(?i:{re.escape(p.lower())})")
        else:
            parts.append(re.escape(p))
    try:
        return re.compile("|".join(parts)) if parts else None
    except re.error:  # an unusable pattern (config and watch_warnings say so): nothing marked
        return None


@functools.lru_cache(maxsize=64)
def _highlighter(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return highlighter(patterns)


def mark(text: str, patterns: Sequence[str]) -> Markup:
    """``text`` escaped, with what ``patterns`` match in it in ``<mark>`` (a keyword found elsewhere: none)."""
    regex = _highlighter(tuple(patterns))
    if regex is None:
        return Markup(escape(text))
    out, last = [], 0
    for m in regex.finditer(text):
        if m.end() > m.start():
            out += [str(escape(text[last : m.start()])), f"<mark>{escape(m.group())}</mark>"]
            last = m.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def badges(helpers: Helpers, patterns: Sequence[str]) -> Markup:
    """A badge per watched keyword a paper matches, linking its page."""
    site = helpers.site
    return Markup(
        "".join(
            f' <a class="arxdigest-badge arxdigest-badge--watch" href="{helpers.link(KIND, site.watch_slugs[p])}">'
            f"{escape(p)}</a>"
            for p in patterns
        )
    )
