"""Slugs: safe, unique, stable path segments for authors, topics and papers.

A slug is lower case, made of Unicode letters, digits, ``.``, ``_`` and ``-``
only, never starts with a dot, is never a reserved device name (``con``,
``nul``, ...) and never empty, so it cannot leave its folder on any system.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_UNSAFE_RE = re.compile(r"[^\w.-]+")
_DASHES_RE = re.compile(r"-{2,}")
_RESERVED = {"con", "prn", "aux", "nul", "index", "assets", "search", "graph"}
_RESERVED |= {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
MAX_LENGTH = 80


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def slugify(text: str) -> str:
    """A safe slug for ``text`` (not yet unique): accents dropped, other scripts kept."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = _UNSAFE_RE.sub("-", unicodedata.normalize("NFC", stripped).lower())
    slug = _DASHES_RE.sub("-", slug).strip("-._")
    slug = slug[:MAX_LENGTH].rstrip("-._")
    if not slug:
        return f"x-{digest(text)}"
    base, dot, rest = slug.partition(".")
    if base in _RESERVED:  # ``nul.txt`` is as reserved as ``nul`` on Windows
        slug = f"{base}-1{dot}{rest}"
    return slug


def unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """Map every name to a unique slug, independent of the order names are given in.

    Names are taken in sorted order: the first name to claim a slug keeps it,
    later ones with the same slug get a short hash of the name appended.
    """
    taken: set[str] = set()
    result: dict[str, str] = {}
    for name in sorted(set(names)):
        slug = slugify(name)
        if slug in taken:
            slug = f"{slug}-{digest(name)}"
            n = 2
            while slug in taken:  # hash prefix collision: astronomically rare
                slug = f"{slugify(name)}-{digest(name)}-{n}"
                n += 1
        taken.add(slug)
        result[name] = slug
    return result


def paper_slug(key: str) -> str:
    """The slug of a paper key: ``2512.22120``, ``hep-th-9901001``, ``doi-10.1101-2024.01.01.1``."""
    return slugify(key.replace(":", "-").replace("/", "-"))
