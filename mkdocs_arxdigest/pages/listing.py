"""Paged lists: indexes (A–Z, by size) and newest-first lists whose archived pages stay as they are."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .base import Page
from .urls import relative

if TYPE_CHECKING:
    from .site import Site


def listing_pages(site: Site, count: int, per_page: int = 1) -> list[int]:
    """The page numbers of an index of ``count`` entries (see :func:`listing`): 0, 2, 3, ..."""
    pages = max(1, math.ceil(count / max(1, site.options.page_size * per_page)))
    return [0, *range(2, pages + 1)]


def listing(
    site: Site, kind: str, template: str, items: list[str], title: str, per_page: int = 1, **context
) -> Iterator[Page]:
    """An index in pages of ``per_page * page_size`` entries: the front page, then ``page/2``, ...

    ``context`` is added to every page's context; a callable value is called with the page's URL.
    """
    size = max(1, site.options.page_size * per_page)
    numbers = listing_pages(site, len(items), per_page)
    pages = len(numbers)
    url = site.urls.url
    for i, n in enumerate(numbers):
        here = url(kind, "", n)
        pager = {
            "label": f"{site.labels['page']} {i + 1} / {pages}", "chronological": False,
            "newer": relative(here, url(kind, "", numbers[i - 1])) if i else None,
            "older": relative(here, url(kind, "", numbers[i + 1])) if i + 1 < pages else None,
        }  # fmt: skip
        yield site.page(
            template, kind, page=n, title=title if i == 0 else f"{title} ({i + 1}/{pages})", volatile=True,
            items=items[i * size : (i + 1) * size], pager=pager, total=len(items), search=False,
            **{k: v(here) if callable(v) else v for k, v in context.items()},
        )  # fmt: skip


def chronological_pages(site: Site, count: int) -> range:
    """The page numbers of a list of ``count`` entries (see :func:`chronological`): the front (0), 1, 2, ..."""
    return range(max(0, count // max(1, site.options.page_size) - 1) + 1)


def chronological(site: Site, kind: str, slug: str, items: list) -> list[tuple[int, list, dict]]:
    """A newest-first list in pages that keep their entries as newer ones arrive.

    ``page/1`` holds the oldest ``page_size`` entries, ``page/2`` the next ones,
    and so on; the front page holds the newest, between one and two pages'
    worth. A new day then changes the front page and adds pages behind it,
    while every archived page stays as it was (and is kept by ``--dirty``).
    Returns ``(page number, entries newest first, pager)``, the front (0) first.
    """
    size = max(1, site.options.page_size)
    total = len(items)
    archived = len(chronological_pages(site, total)) - 1
    urls = [site.urls.url(kind, slug, k) for k in range(archived + 1)]
    out = []
    for k in range(archived + 1):
        if k == 0:
            entries, first, last = items[: total - archived * size], archived * size + 1, total
            newer, older = None, archived or None
        else:
            entries, first, last = items[total - k * size : total - (k - 1) * size], (k - 1) * size + 1, k * size
            newer, older = (k + 1 if k < archived else 0), (k - 1 or None)
        pager = {
            "label": f"{first}–{last}" if archived else "", "chronological": True,
            "newer": relative(urls[k], urls[newer]) if newer is not None else None,
            "older": relative(urls[k], urls[older]) if older is not None else None,
        }  # fmt: skip
        out.append((k, entries, pager))
    return out
