"""A folder of generated files that only rewrites what changed.

MkDocs' ``--dirty`` rebuilds a page when its source is newer than its output,
so generated pages live in a cache folder and keep their modification time as
long as their content stays the same.

Files can carry a fingerprint of the inputs they were made from, kept in a
manifest beside the folder (``<folder>.json``): a later round, in this process
or another one, can keep a file whose fingerprint is :meth:`Store.unchanged`
instead of making and writing it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


class UnsafePath(ValueError):
    """A generated path that would leave the store's folder."""


class Store:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root).resolve()
        self._root = str(self.root)
        self._safe: set[str] = set()  # folders (relative) checked to stay in the store
        self.written: list[str] = []  # rel paths rewritten by the last round
        self._seen: set[str] = set()
        self._digests: dict[str, str] = {}
        self._dirs: set[str] = set()
        self.manifest_path = self.root.with_name(f"{self.root.name}.json")
        self.fingerprints: dict[str, str] = self._load_manifest()
        self.kept = 0  # files kept by fingerprint in the last round

    def path(self, rel: str) -> Path:
        """The absolute path of ``rel``, refusing anything that would leave the store."""
        return Path(self.locate(rel)[0])

    def locate(self, rel: str) -> tuple[str, os.stat_result | None]:
        """The absolute path of ``rel`` and its ``lstat`` (``None``: not there), for :meth:`put`.

        Raises :class:`UnsafePath` unless ``rel`` stays in the store: it may not
        climb (``..``) nor be absolute; its folder may not resolve outside the
        store (a link), and the file itself may not be a link. A folder checked
        once is trusted for the rest of the round.
        """
        if not rel or rel.startswith(("/", "\\")) or "\\" in rel or any(p in ("", ".", "..") for p in rel.split("/")):
            raise UnsafePath(rel)
        folder = rel.rpartition("/")[0]
        if folder not in self._safe:
            real = os.path.realpath(os.path.join(self._root, folder))
            if real != self._root and not real.startswith(self._root + os.sep):
                raise UnsafePath(rel)
            self._safe.add(folder)
        path = os.path.join(self._root, rel)
        try:
            st = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):  # not there, or a file where a folder should be
            return path, None
        if stat.S_ISLNK(st.st_mode):
            raise UnsafePath(rel)
        return path, st

    def _load_manifest(self) -> dict[str, str]:
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("files"), dict):
            return {}
        return {k: v for k, v in data["files"].items() if isinstance(k, str) and isinstance(v, str)}

    def begin(self) -> None:
        self.written = []
        self._seen = set()
        self._dirs = set()  # folders may have been deleted or replaced since the last round
        self._safe = set()
        self.kept = 0
        # Until :meth:`save`, the manifest on disk may not match the files: a round that
        # stops half-way leaves none, and the next process renders everything again.
        self.manifest_path.unlink(missing_ok=True)

    def unchanged(self, rel: str, fingerprint: str | None, st: os.stat_result | None) -> bool:
        """Whether ``rel``, found as ``st`` by :meth:`locate`, was made from ``fingerprint``.

        Nothing is recorded (see :meth:`record_kept`).
        """
        return (
            fingerprint is not None
            and self.fingerprints.get(rel) == fingerprint
            and st is not None
            and stat.S_ISREG(st.st_mode)
        )

    def record_kept(self, rel: str) -> None:
        """Count ``rel`` in this round, kept as it was."""
        self._seen.add(rel)
        self.kept += 1

    def expect(self, rel: str) -> None:
        """Count ``rel`` in this round before it is written (see :meth:`write`): :meth:`prune` leaves it."""
        self._seen.add(rel)

    def save(self) -> None:
        """Write the manifest of fingerprints of the files written or kept in this round."""
        files = {rel: fp for rel, fp in sorted(self.fingerprints.items()) if rel in self._seen}
        self.fingerprints = files
        data = json.dumps({"version": 1, "files": files}, separators=(",", ":"), sort_keys=True)
        self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.manifest_path.with_name(f".{self.manifest_path.name}.tmp")
        tmp.unlink(missing_ok=True)
        tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, self.manifest_path)

    def write(self, rel: str, content: str | bytes) -> str:
        """Write ``content`` to ``rel`` unless it is already there; return the absolute path."""
        path, st = self.locate(rel)
        self.record(rel, *self.put(rel, path, st, content))
        return path

    def put(self, rel: str, path: str, st: os.stat_result | None, content: str | bytes) -> tuple[str, bool]:
        """Write ``content`` at ``path`` (from :meth:`locate`) unless it is there: ``(digest, rewritten)``.

        Nothing is recorded (see :meth:`record`), so that a worker process can
        write pages and leave the bookkeeping to the process that owns the store.
        """
        # A lone surrogate (a YAML or JSON "\ud800" escape) cannot be written: it becomes "?".
        data = content.encode("utf-8", errors="replace") if isinstance(content, str) else content
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        if self._digests.get(rel) == digest and st is not None:
            return digest, False
        if st is not None and stat.S_ISREG(st.st_mode) and st.st_size == len(data):  # a resized file is not read
            try:
                with open(path, "rb") as f:
                    if f.read() == data:
                        return digest, False
            except OSError:
                pass
        if st is not None:  # replace it whole: a reader never sees half a file
            tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp")
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)  # never write through a link left in its place
            with open(tmp, "xb") as f:
                f.write(data)
            os.replace(tmp, path)
        else:  # a new file ("x": never through a link that appeared meanwhile)
            folder = os.path.dirname(path)
            if folder not in self._dirs:
                os.makedirs(folder, exist_ok=True)
                self._dirs.add(folder)
            with open(path, "xb") as f:
                f.write(data)
        return digest, True

    def record(self, rel: str, digest: str, rewritten: bool, fingerprint: str | None = None) -> None:
        """Count ``rel`` in this round, as :meth:`put` left it, made from ``fingerprint`` (``None``: unknown)."""
        self._seen.add(rel)
        self._digests[rel] = digest
        if rewritten:
            self.written.append(rel)
        if fingerprint is None:
            self.fingerprints.pop(rel, None)
        else:
            self.fingerprints[rel] = fingerprint

    def publish(self, rels: Iterable[str], target: Store) -> tuple[list[str], list[str]]:
        """Copy the files ``rels`` of this store into ``target`` where they are missing, resized or older.

        A file is copied when the target has none, one of another size, or one older than
        the store's (as MkDocs' ``--dirty`` decides for static files, without a ``File``
        each). Paths that would leave ``target`` are refused. Returns ``(copied, refused)``.
        """
        copied, refused = [], []
        for rel in rels:
            source, st = self.locate(rel)
            if st is None or not stat.S_ISREG(st.st_mode):
                continue  # not made (said when it failed)
            try:
                path, there = target.locate(rel)
            except UnsafePath:
                refused.append(rel)
                continue
            if (
                there is not None
                and stat.S_ISREG(there.st_mode)
                and there.st_size == st.st_size
                and there.st_mtime_ns >= st.st_mtime_ns
            ):
                continue
            with open(source, "rb") as f:
                data = f.read()
            if target.put(rel, path, there, data)[1]:
                copied.append(rel)
            else:  # the same bytes, older: newer now, so that the next round need not read it again
                os.utime(path)
        return copied, refused

    def prune(self) -> list[str]:
        """Delete files not written in this round (pages of papers that are gone)."""
        removed = []
        # os.walk never follows links: every file it lists is inside the store, and a link
        # (to a file or a folder) is removed, never followed.
        for folder, dirs, names in os.walk(self._root):
            base = os.path.relpath(folder, self._root)
            prefix = "" if base == "." else base.replace(os.sep, "/") + "/"
            links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
            for name in names + links:
                rel = prefix + name
                if rel not in self._seen:
                    os.unlink(os.path.join(folder, name))
                    self._digests.pop(rel, None)
                    self.fingerprints.pop(rel, None)
                    removed.append(rel)
        return sorted(removed)


class Spill:
    """Byte strings set aside in a temporary file, each until it is taken back (once).

    MkDocs reads every page before it renders the first: what a page waits with
    then (its HTML, compressed) need not wait in memory. The file is made in
    ``folder`` (the plugin's cache folder, on disk: the system's temporary folder
    may be memory) on the first :meth:`put`, is never named, and is gone once
    closed, or when the process ends.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None):
        self.folder = folder
        self._file = None
        self._where: dict[str, tuple[int, int]] = {}  # key -> (offset, length)
        self._end = 0
        self._at_end = True  # the file's position is at its end

    def put(self, key: str, data: bytes) -> None:
        """Set ``data`` aside under ``key`` (replacing what ``key`` had)."""
        if self._file is None:
            if self.folder is not None:
                os.makedirs(self.folder, exist_ok=True)
            self._file = tempfile.TemporaryFile(prefix="spill-", dir=self.folder)  # noqa: SIM115 - until close()
        elif not self._at_end:  # a seek also flushes the buffer: only after a take
            self._file.seek(self._end)
        self._file.write(data)
        self._at_end = True
        self._where[key] = (self._end, len(data))
        self._end += len(data)

    def take(self, key: str) -> bytes | None:
        """What was set aside under ``key``, forgotten here (``None``: nothing)."""
        where = self._where.pop(key, None)
        if where is None:
            return None
        self._file.seek(where[0])
        self._at_end = False
        return self._file.read(where[1])

    def __len__(self) -> int:
        return len(self._where)

    def close(self) -> None:
        """Forget everything and delete the file."""
        if self._file is not None:
            self._file.close()
        self._file, self._where, self._end, self._at_end = None, {}, 0, True
