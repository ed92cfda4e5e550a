"""Which ``sources`` entries match no digest file, and why.

A misspelt folder or a glob that matches nothing used to give an empty knowledge base without
a word. These functions say which entry it is, so the plugin can warn (and ``mkdocs build
--strict`` fails) and ``arxdigest`` can refuse. They follow :func:`parsers.iter_files`: an
entry is a file, a folder read recursively (digest suffixes, no hidden parts) or a glob; a
relative entry is taken from ``root`` (the folder of ``mkdocs.yml``). Each stops at the first
file found, so a large folder is not listed a second time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .parsers import SUFFIXES

_GLOB = "*?["


def unmatched_sources(entries: Iterable[str | os.PathLike[str]], root: str | os.PathLike[str]) -> list[str]:
    """The entries, as written, that match no file (in their order, each once)."""
    out: list[str] = []
    for entry in entries:
        shown = os.fspath(entry)
        if shown not in out and not _matches(_resolve(shown, root)):
            out.append(shown)
    return out


def source_warning(entry: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """The plugin's warning for an entry that matches no file: one line, what is wrong and what to write."""
    return (
        f"arxdigest: sources: {unmatched_reason(entry, root)}; "
        "name digest files, folders or glob patterns, relative to mkdocs.yml"
    )


def unmatched_reason(entry: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """Why ``entry`` matches no file, as ``'entry': reason``."""
    shown = os.fspath(entry)
    path = _resolve(shown, root)
    if any(ch in shown for ch in _GLOB):
        what = "the pattern matches no file"
    elif path.is_dir():
        what = f"the folder holds no digest file ({', '.join(SUFFIXES)})"
    elif path.exists():
        what = "not a file or folder"
    else:
        what = "no such file or folder"
    return f"{shown!r}: {what}"


def _resolve(entry: str, root: str | os.PathLike[str]) -> Path:
    path = Path(entry)
    return path if path.is_absolute() else Path(root) / path


def _matches(path: Path) -> bool:
    """Whether :func:`parsers.iter_files` finds at least one file for ``path``."""
    if any(ch in str(path) for ch in _GLOB):
        anchor = Path(path.anchor or ".")
        return any(c.is_file() for c in anchor.glob(str(path.relative_to(anchor))))
    if path.is_dir():
        return any(
            c.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in c.relative_to(path).parts)
            and c.is_file()
            for c in path.rglob("*")
        )  # fmt: skip
    return path.is_file()
