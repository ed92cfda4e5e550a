"""Digest days: a page per day (``days/<YYYY-MM-DD>/``), its papers grouped, and the index by month (``days/``)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..model import Paper
from ..topics import category_topic
from .base import Page, PageMaker, one
from .downloads import links as download_links

if TYPE_CHECKING:
    from .site import Site

KIND = "days"


def plan(site: Site) -> list[PageMaker]:
    c = site.corpus
    days = list(reversed(c.days.values()))
    entries = [
        one(site.urls.src_uri("days"), site.page, "days_index", "days", title=site.labels["days"], days=days,
            volatile=True)
    ]  # fmt: skip
    dates = list(c.days)
    for i, date in enumerate(dates):
        previous, following = dates[i - 1] if i else None, dates[i + 1] if i + 1 < len(dates) else None
        entries.append(one(site.urls.src_uri("days", date), page, site, date, previous, following))
    return entries


def page(site: Site, date: str, previous: str | None, following: str | None) -> Page:
    """A day's papers, newest first, grouped by main category (else first topic), biggest group first."""
    c = site.corpus
    groups: dict[str, list[Paper]] = defaultdict(list)
    for p in c.newest(c.days[date].papers):
        group = category_topic(p.main_category) if p.main_category else (p.topics[0] if p.topics else "")
        groups[group].append(p)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == "", -len(kv[1]), kv[0]))
    return site.page(
        "day", "days", date, title=date, date=date, groups=ordered, count=len(c.days[date].papers),
        previous=previous, following=following, search=False, downloads=download_links(site, "days", date),
    )  # fmt: skip
