"""The reading list (``reading/``): the notes by status (to read, reading, read, others) and the top rated.

Made from :func:`~mkdocs_arxdigest.reading.reading_list`; planned only when there are
notes of papers in the corpus, so a site without notes has no empty page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..reading import STATUSES, reading_list
from .base import Page, PageMaker, one

if TYPE_CHECKING:
    from .site import Site

KIND = "reading"
#: Papers listed under "Top rated".
TOP = 20


def plan(site: Site) -> list[PageMaker]:
    if not has_notes(site):
        return []
    return [one(site.urls.src_uri("reading"), page, site)]


def has_notes(site: Site) -> bool:
    """Whether any note is of a paper in the corpus (the page and its nav entry exist then)."""
    return any(key in site.corpus.papers for key in site.notes)


def page(site: Site) -> Page:
    """Groups newest first, in the order of :data:`~mkdocs_arxdigest.reading.STATUSES`; ratings best first."""
    papers = site.corpus.papers
    rl = reading_list(site.notes, papers, top=TOP)
    return site.page(
        "reading", "reading", title=site.labels["reading_list"],
        groups=[(group, [papers[k] for k in rl[group]]) for group in STATUSES],
        other=[(status, [papers[k] for k in keys]) for status, keys in rl["other"].items()],
        top_rated=[(papers[k], rating) for k, rating in rl["top_rated"]],
    )  # fmt: skip
