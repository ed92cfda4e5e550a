"""The user's notes on papers: ``notes/<arxiv-id>.md`` with front matter (``tags``, ``status``, ``rating``)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .ids import parse_arxiv_id
from .text import normalize, normalize_block, sanitize


@dataclass
class Note:
    """A user's note on a paper: ``notes/<arxiv-id>.md`` with front matter."""

    key: str
    content: str = ""
    tags: list[str] = field(default_factory=list)
    status: str = ""
    rating: str = ""


def load_notes(folder: str | os.PathLike[str]) -> tuple[dict[str, Note], list[str]]:
    """Read ``<arxiv-id>.md`` notes (front matter: ``tags``, ``status``, ``rating``).

    File names use ``_`` or ``-`` for the ``/`` of old-style ids (``hep-th_9901001.md``).
    Returns the notes by paper key and warnings for unreadable files.
    """
    import frontmatter

    notes: dict[str, Note] = {}
    warnings: list[str] = []
    root = Path(folder)
    if not root.is_dir():
        return notes, warnings
    for path in sorted(root.glob("*.md")):
        stem = path.stem
        found = parse_arxiv_id(stem) or parse_arxiv_id(re.sub(r"^([a-z-]+(?:\.[A-Z]{2})?)[_-](\d{7})$", r"\1/\2", stem))
        if not found:
            warnings.append(f"{path}: note file name is not an arXiv id; skipped")
            continue
        try:
            post = frontmatter.loads(path.read_text(encoding="utf-8-sig"))
        except Exception as exc:  # YAML errors, bad encodings: a warning, never a failed build
            warnings.append(f"{path}: cannot read note: {exc}")
            continue
        tags = post.get("tags") or []
        if not isinstance(tags, (list, tuple)):  # a single tag, whatever its YAML type
            tags = [tags]
        tags = [normalize(sanitize(str(t))) for t in tags if t is not None and not isinstance(t, (list, dict))]
        notes[found[0]] = Note(
            key=found[0], content=normalize_block(sanitize(post.content)), tags=[t for t in tags if t],
            status=normalize(sanitize(str(post.get("status") or ""))),
            rating=normalize(sanitize(str(post.get("rating") or ""))),
        )  # fmt: skip
    return notes, warnings
