"""Fingerprints: a digest of everything a page is made from, so that an unchanged page is not made again.

A page (:class:`~mkdocs_arxdigest.pages.base.Page`) names its template and holds its
context. Its fingerprint digests what rendering reads: that context, where every
name in it links to, the sources of the template and of each template it imports
or includes, the options and labels, and this package's code. Nothing is kept by
hand beside a page kind: a new value in a context is fingerprinted because it is
in the context.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import FIELDS, Paper

if TYPE_CHECKING:
    from ..pages.base import Page
    from ..pages.site import Site

PACKAGE = Path(__file__).resolve().parents[1]


@functools.cache
def code_digest() -> bytes:
    """A digest of this package's Python code: caches made by other code are not reused."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode())
        h.update(path.read_bytes())
    return h.digest()


class Fingerprints:
    """The fingerprints of one round's pages (see the module docstring)."""

    def __init__(self, site: Site):
        self.site = site
        self.corpus = site.corpus
        h = hashlib.blake2b(code_digest(), digest_size=16)
        h.update(repr(site.options).encode())
        h.update(json.dumps(site.labels, sort_keys=True).encode())
        self._base = h.digest()
        self._salts: dict[str, bytes] = {}
        self._papers: dict[str, str] = {}

    def of(self, page: Page) -> str | None:
        """The fingerprint of ``page``: ``None`` for a volatile page (it reads corpus-wide figures)."""
        if page.volatile:
            return None
        h = hashlib.blake2b(self._salt(page.template), digest_size=16)
        h.update(f"{page.template}\x00{page.url}\x00{page.title}\x00{page.search}\x00".encode("utf-8", "surrogatepass"))
        for name in sorted(page.context):
            h.update(name.encode())
            self._feed(page.context[name], h)
        return h.hexdigest()

    def _salt(self, template: str) -> bytes:
        """What every page of ``template`` depends on: the base, and the sources of the templates it uses."""
        salt = self._salts.get(template)
        if salt is None:
            h = hashlib.blake2b(self._base, digest_size=16)
            for name, source in self.site.renderer.sources(template):
                h.update(f"{name}\x00{source}\x00".encode("utf-8", "surrogatepass"))
            salt = self._salts[template] = h.digest()
        return salt

    def _paper(self, paper: Paper) -> str:
        """A paper's fields and the slugs its links resolve to (authors, topics, days, its page)."""
        digest = self._papers.get(paper.key)
        if digest is None:
            c = self.corpus
            links = (
                c.paper_slugs.get(paper.key),
                [getattr(c.authors.get(a), "slug", None) for a in paper.authors],
                [getattr(c.topics.get(t), "slug", None) for t in paper.topics],
                [d in c.days for d in paper.days],
                _note_chip(self.site.notes.get(paper.key)),  # a list entry shows the note's status and rating
            )
            values = [getattr(paper, f.name) for f in FIELDS if f.metadata["pages"]]
            data = f"{values!r}\x00{links!r}".encode("utf-8", "surrogatepass")
            digest = self._papers[paper.key] = hashlib.blake2b(data, digest_size=16).hexdigest()
        return digest

    def _feed(self, value, h) -> None:
        """Feed a context value to the hash ``h``: every value, and where each name's link leads."""
        if isinstance(value, str):
            c = self.corpus
            author, topic = c.authors.get(value), c.topics.get(value)
            h.update(b"s")
            h.update(value.encode("utf-8", "surrogatepass"))
            h.update(f"\x00{author and author.slug}\x00{topic and topic.slug}\x00{value in c.days}\x01".encode())
        elif isinstance(value, Paper):
            h.update(f"p{self._paper(value)}".encode())
        elif isinstance(value, dict):  # graph data and pagers: links already resolved to URLs
            h.update(json.dumps(value, ensure_ascii=False, default=repr).encode("utf-8", "surrogatepass"))
        elif isinstance(value, (list, tuple)):
            h.update(b"[")
            for v in value:
                self._feed(v, h)
            h.update(b"]")
        else:  # numbers, None, and dataclasses of plain values (Author, Topic, Note)
            h.update(repr(value).encode("utf-8", "surrogatepass"))
            h.update(b"\x01")


def _note_chip(note) -> tuple[str, str] | None:
    """What a paper list shows of a note (see ``render.Helpers.paper_item``)."""
    return (note.status, note.rating) if note is not None else None
