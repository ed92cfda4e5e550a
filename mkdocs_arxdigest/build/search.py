"""The knowledge base's own search: a fragmented Pagefind index of the built pages (no MkDocs imports).

Why Pagefind. Material's search writes one ``search_index.json`` that every visitor downloads whole
and lunr indexes in the browser: 5.6 MB at 10k papers, ~70 MB at 100k, before the first result.
Pagefind splits its index into word-range chunks, per-page fragments and per-filter files, all
fetched on demand, so a query loads only the chunks of its words and the fragments of the results
it shows. It indexes built HTML, so it works on the output of any generator (the pages carry
``data-pagefind-*`` attributes, the bundle its own JS and UI assets: no other host, works offline),
and its extended binary (``pagefind-bin-extended``) segments Chinese and Japanese words.

What is indexed is said by the templates, not here: paper pages mark their head (title, translated
title, authors, TL;DR), summary and abstracts with ``data-pagefind-body``, and carry one hidden
element of metadata (``title``, ``authors``, ``subtitle``, ``date``) and filters (``kind``,
``author``, ``topic``, ``year``, ``category``; sort key ``date``); author, topic and day pages carry
one hidden element with their title at weight 0.5. Every other page has no ``data-pagefind-body``,
and Pagefind leaves such pages out once any page has one.

Language. Pagefind keeps one index per page language (``<html lang>``) and segments CJK text only
in a CJK-language index. Digest pages mix English and Chinese whatever the site's language, so the
index is built as ``zh`` by default (``force_language``): Chinese words are segmented and English
words are still split at spaces and matched by prefix (what is lost is English stemming, which
prefix matching mostly covers: ``diffusion`` finds ``diffusion-based``; ``model`` finds ``models``).

Material's header search and this one. Material's search (lunr) keeps indexing the user's own
pages and the paper pages' titles, authors and TL;DRs, as before; the knowledge base's search page
(``<prefix>search/``) reads ``?q=`` and searches every paper field with facets. The search page's
script adds a "search papers" link under Material's search box that carries the typed query to it,
so one click goes from the header search to the full-archive one (see ``assets/arxdigest/search.js``).
Material's box is not replaced: its index is what a user's own pages rely on, and under Zensical
the link alone keeps working.

Two ways in. :func:`build_search_index` runs Pagefind's command line over built HTML (any site whose
templates carry the attributes). :func:`write_search_bundle` makes the same index from the site's
records (:mod:`mkdocs_arxdigest.pages.search`), with no page written: that is what the plugin does,
in the background while MkDocs renders, and the bundle is cached under a hash of the records, so a
rebuild whose records did not change makes no index at all. Either way the new bundle is written
beside the old one and swapped in, so a server never serves a half-written bundle and no fragment
of an earlier build is left behind.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .search_bytes import canonicalise_bundle

if TYPE_CHECKING:
    from ..pages import Site
    from ..pages.search import Record


@dataclass(frozen=True)
class SearchReport:
    """What :func:`build_search_index` did: pages indexed, bundle written, time taken."""

    pages: int
    """Pages in the index (those that carry ``data-pagefind-body``)."""
    files: int
    """Files in the bundle."""
    bytes: int
    """Size of the bundle on disk."""
    seconds: float
    bundle: Path
    """The bundle's folder (``<site_dir>/<bundle_dir>``), holding ``pagefind.js`` and ``pagefind-ui.*``."""
    language: str
    """The language the index was built as."""
    errors: tuple[str, ...] = ()
    """Pagefind's own errors (the earlier bundle, if any, is then left as it was)."""
    reused: bool = False
    """The records were those of the cached bundle: it was put in place, not made again."""


def build_search_index(
    site_dir: str | os.PathLike[str],
    *,
    bundle_dir: str = "pagefind",
    include: str = "**/*.html",
    language: str = "zh",
) -> SearchReport:
    """Index the built pages under ``site_dir`` into a Pagefind bundle at ``site_dir/bundle_dir``.

    Args:
        site_dir: the built site.
        bundle_dir: where the bundle goes, relative to ``site_dir`` (``<prefix>pagefind``).
        include: glob of the pages to read, relative to ``site_dir`` (``<prefix>**/*.html``): of those,
            only pages with ``data-pagefind-body`` are indexed.
        language: the index language (Pagefind's ``--force-language``; see the module docstring for why
            ``zh`` suits mixed pages).

    Returns:
        A :class:`SearchReport`; Pagefind's own failure is in ``errors`` (the old bundle is then kept).
        No Pagefind binary raises ``FileNotFoundError``.
    """
    started = time.perf_counter()
    site = Path(site_dir).resolve()
    bundle = site / bundle_dir
    staging = bundle.with_name(bundle.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    errors = _run_pagefind(site, staging, include, language)
    pages = 0
    if not errors and staging.is_dir():
        canonicalise_bundle(staging)
        pages = _indexed_pages(staging)
        _swap(staging, bundle)
    shutil.rmtree(staging, ignore_errors=True)
    files = [p for p in bundle.rglob("*") if p.is_file()] if bundle.is_dir() else []
    return SearchReport(
        pages=pages, files=len(files), bytes=sum(p.stat().st_size for p in files),
        seconds=time.perf_counter() - started, bundle=bundle, language=language, errors=tuple(errors),
    )  # fmt: skip


def _run_pagefind(site: Path, output: Path, include: str, language: str) -> list[str]:
    """Run the Pagefind binary over ``site`` into ``output``; its error lines, if it failed.

    The command line, not the package's async service: the service polls for each reply with a
    0.1 s sleep (adding pages one by one took 100 ms each) and ends the binary right after its
    "written" reply, which once left ``pagefind-entry.json`` empty. The command exits when the
    bundle is on disk.
    """
    from pagefind.service import get_executable  # honours PAGEFIND_BINARY_PATH, prefers the extended binary

    binary = get_executable()
    if binary is None:
        raise FileNotFoundError("no pagefind binary (pip install pagefind pagefind-bin-extended)")
    cmd = [str(binary), "--site", str(site), "--output-path", str(output), "--glob", include,
           "--force-language", language, "--quiet"]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
    if proc.returncode != 0:
        return [line for line in (proc.stderr + proc.stdout).splitlines() if line.strip()][-20:] or [
            f"pagefind exited with {proc.returncode}"
        ]
    return []


def _indexed_pages(bundle: Path) -> int:
    """Pages in a written bundle, as its entry file counts them."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())


def page_url(rel_path: str) -> str:
    """The URL Pagefind gives a file at ``rel_path`` in the site: ``a/b/index.html`` -> ``/a/b/``."""
    url = "/" + rel_path.lstrip("/")
    return url[: -len("index.html")] if url.endswith("/index.html") or url == "/index.html" else url


def _swap(new: Path, bundle: Path) -> None:
    """Put the freshly written bundle in place of the old one (renames, then the old one is removed)."""
    old = bundle.with_name(bundle.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if bundle.exists():
        bundle.rename(old)
    new.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)


# -- the index from records (the corpus), not from the written pages ----------------------------------


def write_search_bundle(
    site: Site, out_dir: str | os.PathLike[str], *, cache_dir: str | os.PathLike[str] | None = None,
    language: str = "zh",
) -> SearchReport:  # fmt: skip
    """The site's Pagefind bundle at ``out_dir``, made from its records (:func:`..pages.search.records`).

    Any front end can call it: the MkDocs plugin (in the background, see ``Builder``), or a
    generator-independent build writing into its docs tree. ``out_dir`` is the bundle's folder
    (``<site_dir>/<prefix>pagefind``); what was there is replaced whole.

    With ``cache_dir``, the bundle is kept there under a hash of its records, and made again only when
    that hash changes: a rebuild whose records are the same (a template edit, a rebuild with no new
    paper) costs a copy (hard links where it can), or nothing when ``out_dir`` already holds it.
    """
    from ..pages.search import records

    return write_records_bundle(records(site), out_dir, cache_dir=cache_dir, language=language)


def write_records_bundle(
    records: Sequence[Record], out_dir: str | os.PathLike[str], *, cache_dir: str | os.PathLike[str] | None = None,
    language: str = "zh",
) -> SearchReport:  # fmt: skip
    """:func:`write_search_bundle` for records already made (benchmarks make 100k without a site)."""
    started = time.perf_counter()
    out = Path(out_dir).resolve()
    if cache_dir is None:
        staging = out.with_name(out.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        errors = _index_records(records, staging, language)
        if not errors:
            _swap(staging, out)
        shutil.rmtree(staging, ignore_errors=True)
        return _report(out, len(records), started, language, errors)
    prepared = prepare_bundle(records, cache_dir, language=language)
    if not prepared.errors:
        place_bundle(prepared.bundle, out)
    return _report(out, len(records), started, language, list(prepared.errors), prepared.reused)


def prepare_bundle(
    records: Sequence[Record], cache_dir: str | os.PathLike[str], *, language: str = "zh"
) -> SearchReport:
    """The bundle of ``records`` in the cache (``<cache_dir>/search/<hash of the records>``), made only if not there.

    This is the slow part, and needs no written page: the plugin runs it in the background while
    MkDocs renders, then :func:`place_bundle` puts it in the site.
    """
    started = time.perf_counter()
    cached = Path(cache_dir).resolve() / "search" / records_key(records, language)
    reused = (cached / "pagefind-entry.json").is_file()
    errors = [] if reused else _cache_bundle(records, cached, language)
    return _report(cached, len(records), started, language, errors, reused)


def place_bundle(cached: str | os.PathLike[str], out_dir: str | os.PathLike[str]) -> None:
    """Put a cached bundle at ``out_dir`` (hard links where it can), unless it is there already."""
    cached, out = Path(cached), Path(out_dir).resolve()
    if _holds(out, cached):
        return
    staging = out.with_name(out.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(cached, staging, copy_function=_link_or_copy)
    _swap(staging, out)


def _report(
    bundle: Path, records: int, started: float, language: str, errors: list[str], reused: bool = False
) -> SearchReport:
    files = [p for p in bundle.rglob("*") if p.is_file()] if bundle.is_dir() else []
    return SearchReport(
        pages=0 if errors else records, files=len(files), bytes=sum(p.stat().st_size for p in files),
        seconds=time.perf_counter() - started, bundle=bundle, language=language, errors=tuple(errors), reused=reused,
    )  # fmt: skip


def records_key(records: Sequence[Record], language: str) -> str:
    """A hash of everything the bundle is made from: the records, their order, the language, Pagefind's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        engine = version("pagefind")
    except PackageNotFoundError:  # a binary on the PATH
        engine = "?"
    # 2: bundles in canonical byte order (search_bytes); a bundle cached before is made again
    h = hashlib.sha256(f"arxdigest-search 2\0{engine}\0{language}\0".encode())
    for url, html in records:
        h.update(url.encode() + b"\0" + html.encode() + b"\0")
    return h.hexdigest()[:32]


def _cache_bundle(records: Sequence[Record], cached: Path, language: str) -> list[str]:
    """Make the bundle into the cache at ``cached``; earlier cached bundles are removed (one is kept)."""
    staging = cached.with_name(cached.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    errors = _index_records(records, staging, language)
    if not errors:
        for old in cached.parent.iterdir():
            if old != staging:
                shutil.rmtree(old, ignore_errors=True)
        staging.rename(cached)
    shutil.rmtree(staging, ignore_errors=True)
    return errors


def _holds(out: Path, cached: Path) -> bool:
    """``out`` is already the cached bundle (linked from it): its entry file is the cached one, file for file."""
    entry, there = out / "pagefind-entry.json", cached / "pagefind-entry.json"
    try:
        if os.path.samefile(entry, there):
            return True
        return entry.read_bytes() == there.read_bytes() and _count(out) == _count(cached)
    except OSError:
        return False


def _count(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def _link_or_copy(src: str, dst: str) -> None:
    """A hard link to the cached file (no bytes copied), else a copy (another file system)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _index_records(records: Sequence[Record], output: Path, language: str) -> list[str]:
    """Index ``records`` into a bundle at ``output`` with Pagefind's service; its errors, if any.

    Talks to ``pagefind --service`` directly (base64 JSON messages, each ended by a comma) rather than
    through the ``pagefind`` package's asyncio client: that client reads one reply per 0.1 s, so 37k
    records would take an hour. Here a thread writes every request while this one reads the replies;
    the bundle is written once every record is in, and the service exits when its input ends.
    """
    from pagefind.service import get_executable  # honours PAGEFIND_BINARY_PATH, prefers the extended binary

    binary = get_executable()
    if binary is None:
        raise FileNotFoundError("no pagefind binary (pip install pagefind pagefind-bin-extended)")
    with _Service(binary) as service:
        index = service.call({"type": "NewIndex", "config": {"force_language": language}})
        if "index_id" not in index:
            return [str(index.get("message", index))]
        index_id = index["index_id"]
        adds = ({"type": "AddFile", "index_id": index_id, "url": url, "file_contents": html} for url, html in records)
        replies = service.call_many(adds)
        errors = [str(r.get("message", r)) for r in replies if r.get("type") == "Error"]
        if errors:
            return errors[:20]
        files = service.call({"type": "GetFiles", "index_id": index_id})
        if files.get("type") != "GetFiles":
            return [str(files.get("message", files))]
    _write_files(output, files["files"])
    canonicalise_bundle(output)
    return []


def _write_files(output: Path, files: list[dict]) -> None:
    """Write the bundle Pagefind gave: every file whole (its own writer may be cut off when its service exits)."""
    for file in files:
        path = output / file["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))


class _Service:
    """``pagefind --service``: requests in on stdin, replies out on stdout, in the order sent."""

    def __init__(self, binary: Path):
        self.proc = subprocess.Popen(
            [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.sent = 0
        self._buffer = bytearray()

    def __enter__(self) -> _Service:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def _encode(self, payload: dict) -> bytes:
        self.sent += 1
        return base64.b64encode(json.dumps({"message_id": self.sent, "payload": payload}).encode()) + b","

    def _replies(self, count: int) -> Iterator[dict]:
        """The next ``count`` replies' payloads (a reply is base64 JSON ended by a comma).

        Only the bytes just read are searched for the comma: the bundle comes as one reply of
        hundreds of MB at 100k papers, which searching from its start on every read made quadratic.
        """
        stdout = self.proc.stdout
        assert stdout is not None
        buffer = self._buffer
        for _ in range(count):
            comma = buffer.find(b",")
            while comma < 0:
                start = len(buffer)
                part = stdout.read1(1 << 20)
                if not part:
                    raise RuntimeError("pagefind's service ended before replying")
                buffer += part
                comma = buffer.find(b",", start)
            message = bytes(buffer[:comma])
            del buffer[: comma + 1]
            yield json.loads(base64.b64decode(message))["payload"]

    def call(self, payload: dict) -> dict:
        """Send one request, wait for its reply."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(self._encode(payload))
        self.proc.stdin.flush()
        return next(self._replies(1))

    def call_many(self, payloads: Iterator[dict]) -> list[dict]:
        """Send every request from a thread (the pipes never fill both ways), read every reply here."""
        encoded = [self._encode(p) for p in payloads]
        stdin = self.proc.stdin
        assert stdin is not None

        def write() -> None:
            try:
                for message in encoded:
                    stdin.write(message)
                stdin.flush()
            except OSError:  # the service died: the reader says so
                pass

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        try:
            return list(self._replies(len(encoded)))
        finally:
            writer.join()
