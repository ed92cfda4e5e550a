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

Rebuilds. Pagefind has no incremental mode: every build re-indexes every page (it reads the built
HTML, which ``--dirty`` keeps for skipped pages, so the index stays complete); the figures are in
``docs/search.md``. The new bundle is written beside the old one and swapped in, so a server never
serves a half-written bundle and no fragment of an earlier build is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


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
