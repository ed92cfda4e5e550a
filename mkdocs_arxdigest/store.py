"""A folder of generated files that only rewrites what changed.

MkDocs' ``--dirty`` rebuilds a page when its source is newer than its output,
so generated pages live in a cache folder and keep their modification time as
long as their content stays the same.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


class UnsafePath(ValueError):
    """A generated path that would leave the store's folder."""


class Store:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root).resolve()
        self.written: list[str] = []  # rel paths rewritten by the last round
        self._seen: set[str] = set()
        self._digests: dict[str, str] = {}

    def path(self, rel: str) -> Path:
        """The absolute path of ``rel``, refusing anything that would leave the store."""
        if not rel or rel.startswith(("/", "\\")) or "\\" in rel or any(p in ("", ".", "..") for p in rel.split("/")):
            raise UnsafePath(rel)
        path = self.root / rel
        if not path.resolve().is_relative_to(self.root):  # symlinks too
            raise UnsafePath(rel)
        return path

    def begin(self) -> None:
        self.written = []
        self._seen = set()

    def write(self, rel: str, content: str | bytes) -> str:
        """Write ``content`` to ``rel`` unless it is already there; return the absolute path."""
        # A lone surrogate (a YAML or JSON "\ud800" escape) cannot be written: it becomes "?".
        data = content.encode("utf-8", errors="replace") if isinstance(content, str) else content
        path = self.path(rel)
        self._seen.add(rel)
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        if self._digests.get(rel) != digest or not path.exists():
            try:
                unchanged = path.read_bytes() == data
            except OSError:
                unchanged = False
            if not unchanged:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.tmp")
                tmp.unlink(missing_ok=True)  # never write through a link left in its place
                tmp.write_bytes(data)
                os.replace(tmp, path)
                self.written.append(rel)
            self._digests[rel] = digest
        return str(path)

    def prune(self) -> list[str]:
        """Delete files not written in this round (pages of papers that are gone)."""
        removed = []
        if not self.root.is_dir():
            return removed
        for path in sorted(self.root.rglob("*")):
            # Links are removed, never followed: a file outside the store is never deleted.
            if path.is_symlink() or (path.is_file() and path.resolve().is_relative_to(self.root)):
                rel = path.relative_to(self.root).as_posix()
                if rel not in self._seen:
                    path.unlink()
                    self._digests.pop(rel, None)
                    removed.append(rel)
        return removed
