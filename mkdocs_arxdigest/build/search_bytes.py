"""Same bytes from the same records: a Pagefind bundle put in one canonical order after Pagefind writes it.

Pagefind (1.5) writes each filter's values out of a hash map, so two runs on the same pages give
filter files whose values come in another order; the files are named by a hash of their content,
the metadata file names the filter files (in hash-map order again, and the sort orders too), and
``pagefind-entry.json`` names the metadata file by its hash. Fragments and word chunks are already
the same byte for byte. :func:`canonicalise_bundle` rewrites the three kinds of file that vary:

- each ``filter/<lang>_<hash>.pf_filter``: its values sorted by value (each value's pages in page
  order), re-encoded, named again from its new content;
- each ``pagefind.<lang>_<hash>.pf_meta``: its filters sorted by name and pointing at the new
  filter files, its sorts sorted by name (a sort's own page order is Pagefind's, and stable);
- ``pagefind-entry.json``: its languages sorted, each naming its new metadata file.

The files are Pagefind's own format: gzip around ``pagefind_dcd`` followed by CBOR (minicbor's
definite-length arrays, which ``cbor2`` decodes and writes back byte for byte). Names keep Pagefind's
shape and hash (SHA-1 in its hex spelling, ``<lang>_`` and 7 characters for a filter, ``len(lang) + 8``
for the metadata), so a filter whose values Pagefind happened to write in order keeps its name.
Pagefind's JS fetches these files by the names the metadata gives and checks no hash.

Every rewritten file is compressed here (level 9, no timestamp), whether its content moved or not: so
its bytes depend on its content alone, not on whether Pagefind's order happened to be sorted. A
bundle whose files are not of the expected shape (another Pagefind version) is left as Pagefind wrote
it: nothing is rewritten unless every file decoded.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
"""What every compressed Pagefind file starts with once unzipped, before its CBOR."""

_FILTERS, _SORTS = 3, 4
"""Where a 1.5 metadata file (``[version, pages, index_chunks, filters, sorts, ...]``) keeps them."""

_FORMAT_ERRORS = (OSError, EOFError, zlib.error, cbor2.CBORError, ValueError, KeyError, TypeError, IndexError)


def canonicalise_bundle(bundle: str | Path) -> bool:
    """Rewrite the bundle at ``bundle`` in canonical order; whether it did (``False``: left as it was)."""
    bundle = Path(bundle)
    try:
        plan = _plan(bundle)
    except _FORMAT_ERRORS:
        return False
    if plan is None:
        return False
    writes, removes = plan
    for rel, data in writes.items():
        (bundle / rel).write_bytes(data)
    for rel in sorted(removes - writes.keys()):
        (bundle / rel).unlink(missing_ok=True)
    return True


def _plan(bundle: Path) -> tuple[dict[str, bytes], set[str]] | None:
    """The files to write (relative path -> bytes) and those to remove; ``None`` if the shape is unknown."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry.get("languages")
    if not isinstance(languages, dict):
        return None
    writes: dict[str, bytes] = {}
    removes: set[str] = set()
    taken: set[str] = set()
    for lang in sorted(languages):
        info = languages[lang]
        old_meta = f"pagefind.{info['hash']}.pf_meta"
        meta = _read(bundle / old_meta)
        if not _is_meta(meta):
            return None
        filters = []
        for name, old_hash in sorted(meta[_FILTERS], key=lambda f: f[0]):
            old_file = f"filter/{old_hash}.pf_filter"
            values = _read(bundle / old_file)
            if not _is_filter(values):
                return None
            body = cbor2.dumps([values[0], sorted(([v, sorted(pages)] for v, pages in values[1]), key=lambda v: v[0])])
            new_hash = _short_name(lang, body, 7, taken)
            filters.append([name, new_hash])
            writes[f"filter/{new_hash}.pf_filter"] = _pack(body)
            removes.add(old_file)
        meta[_FILTERS] = filters
        meta[_SORTS] = sorted(meta[_SORTS], key=lambda s: s[0])
        body = cbor2.dumps(meta)
        new_meta_hash = _short_name(lang, body, len(lang) + 8, taken)
        writes[f"pagefind.{new_meta_hash}.pf_meta"] = _pack(body)
        removes.add(old_meta)
        info["hash"] = new_meta_hash
    entry["languages"] = {lang: languages[lang] for lang in sorted(languages)}
    writes["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return writes, removes


def _read(path: Path) -> object:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: no Pagefind signature")
    return cbor2.loads(raw[len(SIGNATURE) :])


def _pack(body: bytes) -> bytes:
    return gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0)


def _is_meta(meta: object) -> bool:
    return (
        isinstance(meta, list)
        and len(meta) > _SORTS
        and isinstance(meta[0], str)
        and all(_is_pair(f, str) for f in meta[_FILTERS])
        and all(_is_pair(s, list) for s in meta[_SORTS])
    )


def _is_filter(values: object) -> bool:
    return (
        isinstance(values, list)
        and len(values) == 2
        and isinstance(values[0], str)
        and isinstance(values[1], list)
        and all(_is_pair(v, list) and all(isinstance(p, int) for p in v[1]) for v in values[1])
    )


def _is_pair(item: object, second: type) -> bool:
    return isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], second)


def _pagefind_hash(body: bytes) -> str:
    """Pagefind's ``full_hash``: SHA-1, each byte in hex without its leading zero (``0a`` is ``a``)."""
    return "".join(f"{b:x}" for b in hashlib.sha1(body, usedforsecurity=False).digest())


def _short_name(lang: str, body: bytes, length: int, taken: set[str]) -> str:
    """``<lang>_`` and the first ``length`` characters of the hash, longer while another file has that name."""
    full = _pagefind_hash(body)
    while (name := f"{lang}_{full[:length]}") in taken and length < len(full):
        length += 1
    taken.add(name)
    return name
