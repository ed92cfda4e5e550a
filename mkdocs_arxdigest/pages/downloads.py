"""Citation downloads: BibTeX, RIS and CSL-JSON of a paper, topic, author, day and the whole knowledge base.

How each is delivered follows from the figures at 10k papers (see ``docs/citations.md``):

* a paper's three files are ``data:`` links on its own page (no file: 10k papers would
  add 30k files, and the page holds the paper anyway);
* a topic, a day, an author with more than one paper and the whole knowledge base get
  one file per format under ``<prefix>downloads/`` (``downloads/topics/<slug>.bib``),
  written as static files of the site: rewritten only when their bytes change;
* an author with one paper links to that paper's downloads (most authors have one
  paper: 20k files of one entry each would say nothing the paper page does not).

Every file is written by :mod:`~mkdocs_arxdigest.citations` (bibtexparser, rispy, CSL-JSON),
newest paper first, so two builds of the same digests give the same bytes.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .. import citations
from ..model import FIELDS, Paper
from .made import Made, code_digest

if TYPE_CHECKING:
    from .site import Site

__all__ = ["FORMATS", "Link", "paper_links", "links", "author_links", "asset_uris", "files"]

#: Format name (the ``downloads`` option's values) → (label, file extension, media type).
FORMATS: dict[str, tuple[str, str, str]] = {
    "bibtex": ("BibTeX", ".bib", "application/x-bibtex"),
    "ris": ("RIS", ".ris", "application/x-research-info-systems"),
    "csl-json": ("CSL-JSON", ".json", "application/vnd.citationstyles.csl+json"),
}
#: The whole knowledge base's files: ``downloads/<ALL>.bib``.
ALL = "all-papers"
#: The code that writes the files: a manifest made by other code is not trusted.
_CODE = code_digest("citations.py", "names.py", "pages/downloads.py")


class Link(NamedTuple):
    """A download link: ``url`` is relative to the site root, or a ``data:`` URI; ``filename`` names the file."""

    label: str
    url: str
    filename: str


def _formats(site: Site) -> list[str]:
    return [f for f in site.options.downloads if f in FORMATS]


def _text(fmt: str, papers: Sequence[Paper], entries: Entries | None = None) -> str:
    """A file of ``papers`` in ``fmt``; each paper's entry is made once (``entries``), whatever the files."""
    entries = Entries() if entries is None else entries
    if fmt == "ris":
        return citations.ris_records([entries.get("ris", p, citations.ris_entry) for p in papers])
    if fmt == "csl-json":
        items = [entries.get("csl", p, _csl_line) for p in papers]
        return "[\n" + ",\n".join(items) + "\n]\n"  # an item a line: compact, and a diff shows which changed
    texts: dict[str, str] = {}
    for paper in papers:
        key = citations.bibtex_entry_key(paper)
        if key not in texts:
            texts[key] = entries.get("bib", paper, _bibtex_entry)
    return "\n\n".join(texts.values())  # as bibtexparser separates entries


def _bibtex_entry(paper: Paper) -> str:
    return citations.bibtex([paper])


class Entries:
    """Each paper's entry in each format, made once and, with a cache file, kept across rounds.

    The whole knowledge base's files hold every paper, so every new day makes them again: at
    10k papers, 30,000 entries (BibTeX's take 0.7 ms each). With ``path``
    (``<cache_dir>/citations.pickle``), entries are kept by paper with a digest of the fields
    they are made from (``made``: :meth:`Made.paper`), under a digest of the code that writes
    them; a changed paper's entries are made again.
    """

    def __init__(self, made: Made | None = None, path: Path | None = None):
        self.made = made
        self.path = path
        self.entries: dict[str, tuple[bytes, dict[str, str]]] = {}
        self.changed = False
        if path is not None:
            try:
                with open(path, "rb") as f:
                    data = pickle.load(f)  # noqa: S301 - this plugin's own cache file
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
                data = None
            if isinstance(data, dict) and data.get("version") == _CODE and isinstance(data.get("entries"), dict):
                self.entries = data["entries"]

    def get(self, fmt: str, paper: Paper, make: Callable[[Paper], str]) -> str:
        """``paper``'s entry in ``fmt`` (``bib``, ``ris``, ``csl``), made by ``make`` unless it is kept."""
        digest = self.made.paper(paper) if self.made is not None else b""
        kept = self.entries.get(paper.key)
        if kept is None or kept[0] != digest:
            kept = self.entries[paper.key] = (digest, {})
        text = kept[1].get(fmt)
        if text is None:
            text = kept[1][fmt] = make(paper)
            self.changed = True
        return text

    def save(self, keys: Iterable[str]) -> None:
        """Keep the entries of the papers ``keys`` (the corpus') in the cache file, if any were made."""
        if self.path is None or not self.changed:
            return
        keep = set(keys)
        entries = {k: v for k, v in sorted(self.entries.items()) if k in keep}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump({"version": _CODE, "entries": entries}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)


def _csl_line(paper: Paper) -> str:
    return json.dumps(citations.csl_item(paper), ensure_ascii=False, separators=(",", ":"))


def paper_links(site: Site, paper: Paper, bibtex: str | None = None) -> list[Link]:
    """A paper's downloads as ``data:`` URIs (base64 of UTF-8), named after its citation key."""
    name = citations.bibtex_entry_key(paper).replace(":", "_")
    out = []
    for fmt in _formats(site):
        label, ext, media = FORMATS[fmt]
        text = bibtex if fmt == "bibtex" and bibtex is not None else _text(fmt, [paper])
        data = base64.b64encode(text.encode("utf-8")).decode("ascii")
        out.append(Link(label, f"data:{media};charset=utf-8;base64,{data}", f"{name}{ext}"))
    return out


def _scopes(site: Site) -> list[tuple[str, str, list[str]]]:
    """``(kind, slug, paper keys)`` of every list that gets files: the whole, topics, days, authors of >1 paper."""
    c = site.corpus
    scopes: list[tuple[str, str, list[str]]] = [("", ALL, list(c.papers))]
    if site.enabled("topics"):
        scopes += [("topics", t.slug, t.papers) for t in c.topics.values()]
    if site.enabled("days"):
        scopes += [("days", date, d.papers) for date, d in c.days.items()]
    if site.enabled("authors"):
        scopes += [("authors", a.slug, a.papers) for a in c.authors.values() if len(a.papers) > 1]
    return scopes


def _uri(site: Site, kind: str, slug: str, fmt: str) -> str:
    folder = f"downloads/{kind}/" if kind else "downloads/"
    return site.urls.asset(f"{folder}{slug}{FORMATS[fmt][1]}")


def links(site: Site, kind: str = "", slug: str = ALL) -> list[Link]:
    """The download links of a list page (``kind`` ``""``: the whole knowledge base), relative to the site root."""
    return [Link(FORMATS[f][0], _uri(site, kind, slug, f), f"{slug}{FORMATS[f][1]}") for f in _formats(site)]


def author_links(site: Site, name: str) -> list[Link]:
    """An author's download links: their files, or with one paper, that paper's (its page's ``#downloads``)."""
    author = site.corpus.authors[name]
    if len(author.papers) == 1:
        url = site.url("papers", site.corpus.paper_slugs[author.papers[0]]) + "#downloads"
        return [Link(FORMATS[f][0], url, "") for f in _formats(site)]
    return links(site, "authors", author.slug)


def asset_uris(site: Site) -> list[str]:
    """The ``dest_uri`` of every download file, known before they are made."""
    formats = _formats(site)
    return [_uri(site, kind, slug, f) for kind, slug, _ in _scopes(site) for f in formats]


def files(site: Site) -> list[tuple[str, bytes]]:
    """``(dest_uri, bytes)`` of every download file whose papers changed since the last round, newest first.

    Unchanged files are left as the last round wrote them (:class:`~.made.Made`): a new day makes
    the files of the lists its papers are in, not the 19k files of 10k papers again.
    """
    formats = _formats(site)
    if not formats:
        return []
    made = Made(site, "downloads.json", _CODE, [f.name for f in FIELDS])
    kept = site.cache_dir and site.asset_kept is not None  # as Made: a builder's round
    entries = Entries(made, Path(site.cache_dir) / "citations.pickle" if kept else None)
    out = []
    for kind, slug, keys in _scopes(site):
        papers = site.corpus.newest(keys)
        uris = [_uri(site, kind, slug, fmt) for fmt in formats]
        digest = made.digest(f"{kind}\x00{slug}\x00{','.join(formats)}\x00{site.options.prefix}\x00", papers)
        if made.unchanged(uris, digest):
            continue
        files = [(uri, _text(fmt, papers, entries).encode("utf-8")) for uri, fmt in zip(uris, formats, strict=True)]
        made.record(files, digest)
        out += files
    made.save()
    entries.save(site.corpus.papers)
    return out
