"""What a page kind hands to the build: pages (a template and its context) and the makers that make them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True)
class Page:
    """A generated page before rendering: its path, template and context.

    Rendering reads ``context`` (and ``title``, ``search``, ``url``) through the
    template; ``derived()`` adds what follows from the context alone (a paper's
    BibTeX, an author's co-authors among their own papers) and is computed only
    when the page is rendered. A ``volatile`` page (an index, the overview) reads
    corpus-wide figures in its template: it is rendered every round.
    """

    src_uri: str
    url: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    search: bool = False
    volatile: bool = False
    derived: Callable[[], dict[str, Any]] | None = None


class PageMaker(NamedTuple):
    """An entry of the plan: the pages it makes, known before they are made, and how to make them."""

    src_uris: tuple[str, ...]
    """The ``src_uri`` of each page ``make()`` returns, in that order."""
    make: Callable[[], Iterable[Page]]


def one(src_uri: str, make: Callable[..., Page], *args: Any, **kwargs: Any) -> PageMaker:
    """A maker of the single page ``make(*args, **kwargs)`` at ``src_uri``."""
    return PageMaker((src_uri,), lambda: (make(*args, **kwargs),))


def several(src_uris: Sequence[str], make: Callable[[], Iterable[Page]]) -> PageMaker:
    """A maker of the pages ``make()`` yields at ``src_uris``."""
    return PageMaker(tuple(src_uris), make)
