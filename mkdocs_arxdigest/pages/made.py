"""Static files made from the corpus again only when their inputs change (feeds, citation downloads).

At 10k papers the 6,000 author feeds and the 19,000 citation files of topics, days and authors
take seconds to make, and a new day changes a few hundred of them. Each kind of file keeps a
manifest ``<cache_dir>/<name>.json``: for every file, a digest of its inputs and its size when
last made. A file is made again when its digest differs, when the code that writes it changed
(``code``), or when the last round's file is not where it was left (:attr:`Site.asset_kept`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Paper

if TYPE_CHECKING:
    from .site import Site


def code_digest(*modules: str) -> str:
    """A digest of the package files ``modules`` (paths below the package): a manifest of other code is stale."""
    root = Path(__file__).parents[1]
    return hashlib.blake2b(b"".join((root / name).read_bytes() for name in modules), digest_size=8).hexdigest()


class Made:
    """The manifest of one kind of made file (see the module docstring)."""

    def __init__(self, site: Site, name: str, code: str, fields: Sequence[str]):
        self.site = site
        self.code = code
        self.fields = tuple(fields)
        self.path = Path(site.cache_dir) / name if site.cache_dir else None
        self.old: dict[str, list] = {}
        self.new: dict[str, list] = {}
        self._papers: dict[str, bytes] = {}
        if self.path is not None and site.asset_kept is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if isinstance(data, dict) and data.get("version") == code:
                self.old = {k: v for k, v in data.get("files", {}).items() if isinstance(v, list) and len(v) == 2}

    def paper(self, paper: Paper) -> bytes:
        """A digest of a paper's ``fields`` and slug, once a round."""
        part = self._papers.get(paper.key)
        if part is None:
            values = (self.site.corpus.paper_slugs[paper.key], *(getattr(paper, name) for name in self.fields))
            data = repr(values).encode("utf-8", "surrogatepass")
            part = self._papers[paper.key] = hashlib.blake2b(data, digest_size=16).digest()
        return part

    def digest(self, head: str, papers: Iterable[Paper]) -> str:
        """The digest of a file made from ``head`` (its names, options, ...) and ``papers``, in order."""
        h = hashlib.blake2b(head.encode("utf-8", "surrogatepass"), digest_size=16)
        for paper in papers:
            h.update(self.paper(paper))
        return h.hexdigest()

    def unchanged(self, uris: list[str], digest: str) -> bool:
        """Whether ``uris`` were made from ``digest`` last round and are still there (then kept as they are)."""
        kept = self.site.asset_kept
        if kept is None or not all(self.old.get(u, [None])[0] == digest for u in uris):
            return False
        if not all(kept(u, self.old[u][1]) for u in uris):
            return False
        self.new.update((u, self.old[u]) for u in uris)
        return True

    def record(self, made: list[tuple[str, bytes]], digest: str) -> None:
        self.new.update((uri, [digest, len(data)]) for uri, data in made)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text(json.dumps({"version": self.code, "files": dict(sorted(self.new.items()))}), encoding="utf-8")
        os.replace(tmp, self.path)
