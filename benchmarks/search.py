"""Benchmark of the knowledge base's search (Pagefind) beside Material's (lunr), in the same run.

For each corpus size (synthetic, ``synth.py``): one full ``mkdocs build`` (cache cleared) of a site
with the plugin (search page and Pagefind index) and Material's search plugin (``lang: [en, zh]``, as
the example site), then

- the index: the build's own Pagefind time (from its log), two more index builds of the same pages
  (time; same bytes or not), the bundle's size and file count, beside ``search_index.json``'s size;
- in headless Chromium, a fresh browser context per query (empty cache): time to first result and
  bytes fetched for an English, a Chinese and an author-name query, then bytes for a second query in
  the same page; the same queries in Material's header search (``?q=`` on the home page).

Time to first result is ``performance.now()`` when the first result is on screen (from the start of
navigation, so it includes loading the page, the scripts and what the query fetches).

CLI::

    python benchmarks/search.py                 # 1k and 10k papers
    python benchmarks/search.py --sizes 1000    # quicker
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
import run  # noqa: E402
import synth  # noqa: E402

from mkdocs_arxdigest.build.search import write_records_bundle  # noqa: E402
from mkdocs_arxdigest.build.search_bytes import canonicalise_bundle  # noqa: E402

INDEX_RE = re.compile(r"arxdigest: search index of (\d+) pages, (\d+) files, ([0-9.]+) MB in ([0-9.]+)s \(([^)]*)\)")
BUILT_RE = re.compile(r"Documentation built in ([0-9.]+) seconds")


def write_config(
    project: Path,
    corpus: Path,
    papers: int,
    port: int,
    search: bool = True,
    name: str = "mkdocs.yml",
    site_dir: str = "site",
) -> Path:
    (project / "docs").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "index.md").write_text("# Home\n\nThe benchmark's own page.\n", encoding="utf-8")
    config = project / name
    config.write_text(
        f"site_name: search benchmark, {papers} papers\n"
        f"site_url: http://127.0.0.1:{port}/\n"
        f"site_dir: {site_dir}\n"
        "theme:\n  name: material\n  font: false\n  language: en\n  features: [navigation.instant]\n"
        "plugins:\n"
        "  - search:\n      lang: [en, zh]\n"
        "  - arxdigest:\n"
        f"      sources: [{json.dumps(str(corpus))}]\n"
        "      prefix: kb\n" + f"      pages: [papers, authors, topics, days, graph{', search' if search else ''}]\n",
        encoding="utf-8",
    )
    return config


def bundle_digest(bundle: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        h.update(path.relative_to(bundle).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def author_query(corpus: Path) -> str:
    """A real author of the corpus with a few papers: the most frequent name of the first AI digest."""
    from collections import Counter

    names: Counter[str] = Counter()
    for path in sorted((corpus / "ai").glob("*.md"))[:5]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("*") and line.endswith("*") and not line.startswith("**"):  # *A,B,C*
                names.update(n.strip(" *") for n in line.split(","))
    names.pop("", None)
    return names.most_common(1)[0][0] if names else "Wang"


def browser_runs(
    site: Path, port: int, queries: dict[str, str], repeat: int, material_site: Path | None = None
) -> dict:
    """The queries in the knowledge base's search on ``site``, then in Material's on ``material_site``
    (the same corpus built without the knowledge base's search, whose Material index holds the papers)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    out: dict = {"pagefind": {}, "material": {}}
    runs = [("pagefind", site, _pagefind_query)]
    if material_site is not None:
        runs.append(("material", material_site, _material_query))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for engine, root, measure in runs:
            server = _server_on(root, port)  # site_url names the port (instant navigation follows the sitemap)
            try:
                for name, q in queries.items():
                    args = (browser, server.url, q, queries) if engine == "pagefind" else (browser, server.url, q)
                    out[engine][name] = _median([_attempt(measure, *args) for _ in range(repeat)])
            finally:
                server.stop()
        browser.close()
    return out


def _server_on(site: Path, port: int):
    import functools
    import http.server
    import threading

    from tests.browser import _QuietHandler

    class Server:
        def __init__(self):
            handler = functools.partial(_QuietHandler, directory=str(site))
            self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
            self.httpd.daemon_threads = True
            self.url = f"http://127.0.0.1:{port}/"
            threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

        def stop(self):
            self.httpd.shutdown()
            self.httpd.server_close()

    return Server()


def _attempt(measure, *args) -> dict:
    try:
        return measure(*args)
    except Exception as error:  # noqa: BLE001 - reported with the figures
        return {"error": str(error).splitlines()[0]}


def _median(runs: list[dict]) -> dict:
    runs = [r for r in runs if "error" not in r] or runs
    keys = runs[0].keys()
    numeric = {k for k in keys if isinstance(runs[0][k], (int, float))}
    return {k: statistics.median(r[k] for r in runs) if k in numeric else runs[0][k] for k in keys}


class _Bytes:
    """Bytes of the responses a page received (the test server sends them uncompressed), all and the search's."""

    def __init__(self, page, search_part: str = "/pagefind/"):
        self.total = 0
        self.search = 0
        self.requests = 0
        self.part = search_part
        page.on("requestfinished", self._add)

    def _add(self, request):
        try:
            size = request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 - a request that went away
            return
        self.total += size
        self.requests += 1
        if self.part in request.url:
            self.search += size


def _pagefind_query(browser, base: str, q: str, queries: dict[str, str]) -> dict:
    from urllib.parse import quote

    context = browser.new_context()
    page = context.new_page()
    counter = _Bytes(page)
    page.goto(base + "kb/search/?query=" + quote(q))
    page.wait_for_selector(".arxdigest-search[data-first-result-ms]", timeout=120_000)
    page.wait_for_load_state("networkidle")
    first = float(page.get_attribute(".arxdigest-search", "data-first-result-ms"))
    results = int(page.get_attribute(".arxdigest-search", "data-results"))
    first_bytes, first_search = counter.total, counter.search
    # A second query in the same page: what it adds.
    other = next(v for v in queries.values() if v != q)
    before = counter.total
    page.fill(".arxdigest-search__input", other)
    page.wait_for_function(
        "q => { const r = document.querySelector('.arxdigest-search');"
        " return r.dataset.state === 'done' && new URLSearchParams(location.search).get('query') === q; }",
        arg=other, timeout=120_000,
    )  # fmt: skip
    page.wait_for_load_state("networkidle")
    time.sleep(0.3)
    second = counter.total - before
    context.close()
    return {"first_result_ms": round(first), "results": results, "bytes_first": first_bytes,
            "bytes_first_search_only": first_search, "bytes_second": second}  # fmt: skip


def _material_query(browser, base: str, q: str) -> dict:
    from urllib.parse import quote

    context = browser.new_context()
    page = context.new_page()
    counter = _Bytes(page, "search_index.json")
    page.goto(base + "?q=" + quote(q))
    # Material's count line leaves "Initializing search" once the query ran (results or "No matching documents").
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /match/i.test(m.textContent) }", timeout=300_000, polling=20,
    )  # fmt: skip
    first = page.evaluate("() => performance.now()")
    page.wait_for_load_state("networkidle")
    results = page.locator(".md-search-result__meta").inner_text()
    context.close()
    return {"first_result_ms": round(first), "results": results, "bytes_first": counter.total,
            "bytes_first_search_only": counter.search}  # fmt: skip


def bench(papers: int, out: Path, repeat: int, port: int, reuse: bool = False, compare: bool = True) -> dict:
    days = run.days_for(papers)
    project = out / f"search-{papers}"
    corpus = project / "corpus"
    if not corpus.is_dir():
        synth.generate(corpus, papers=papers, days=days)
    config = write_config(project, corpus, papers, port)
    plain = write_config(
        project, corpus, papers, port, search=False, name="mkdocs-nosearch.yml", site_dir="site-nosearch"
    )
    without = None
    if compare and not (reuse and (project / "site-nosearch").is_dir()):
        without = run.build(plain, info=True, cold=True, log=project / "build-nosearch.log")
    log = project / "build.log"
    if reuse and (project / "site" / "kb" / "pagefind").is_dir() and (project / "built.json").is_file():
        built = json.loads((project / "built.json").read_text())
    else:
        built = run.build(config, info=True, cold=True, log=log)
        (project / "built.json").write_text(json.dumps(built))
    if not built["ok"]:
        raise SystemExit(f"build failed: {built.get('error')}")
    text = log.read_text(encoding="utf-8", errors="replace")
    m = INDEX_RE.search(text)
    site = project / "site"
    result = {
        "papers": papers, "days": days, "build_wall_s": built["wall_s"], "build_peak_rss_mb": built["peak_rss_mb"],
        "pages": run.count_pages(site), "index_in_build_s": float(m.group(4)) if m else None,
    }  # fmt: skip
    result["index_in_build"] = m.group(5) if m else None
    result.update(index_alone(corpus, project / "alone"))
    bundle = site / "kb" / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    by_dir: dict[str, int] = {}
    for p in files:
        top = p.relative_to(bundle).parts[0] if len(p.relative_to(bundle).parts) > 1 else "(top)"
        by_dir[top] = by_dir.get(top, 0) + p.stat().st_size
    lunr = project / "site-nosearch" / "search" / "search_index.json"
    if not lunr.is_file():
        lunr = site / "search" / "search_index.json"
    result.update(
        bundle_bytes=sum(by_dir.values()), bundle_files=len(files), bundle_by_dir=by_dir,
        meta_bytes=sum(p.stat().st_size for p in bundle.glob("*.pf_meta")), lunr_bytes=lunr.stat().st_size,
    )  # fmt: skip
    queries = {"english": "diffusion", "chinese": "扩散", "author": author_query(corpus)}
    result["queries"] = queries
    baseline = project / "site-nosearch"
    result["browser"] = browser_runs(site, port, queries, repeat, baseline if baseline.is_dir() else None)
    if compare:
        if without:
            result["build_without_search_s"] = without["wall_s"]
        result.update(build_costs(project, corpus, papers, port, days))
    return result


def index_alone(corpus: Path, work: Path, keep: Path | None = None) -> dict:
    """The index made from the corpus' records alone (no pages), twice: time, and which files differ."""
    from mkdocs_arxdigest.load import load_corpus
    from mkdocs_arxdigest.pages import Site, SiteOptions
    from mkdocs_arxdigest.pages.search import records

    started = time.perf_counter()
    recs = records(Site(load_corpus([corpus]), SiteOptions(prefix="kb")))
    made = time.perf_counter() - started
    times, files = [], []
    for run_ in range(2):
        out = work / f"bundle{run_}"
        shutil.rmtree(out, ignore_errors=True)
        report = write_records_bundle(recs, out)
        times.append(round(report.seconds, 2))
        files.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    differ = sorted(n for n in set(files[0]) | set(files[1]) if files[0].get(n) != files[1].get(n))
    started = time.perf_counter()  # the canonical-order pass alone (part of each index time above)
    canonicalise_bundle(work / "bundle0")
    canonical = time.perf_counter() - started
    if keep is not None:
        shutil.rmtree(keep, ignore_errors=True)
        keep.parent.mkdir(parents=True, exist_ok=True)
        (work / "bundle0").rename(keep)
    shutil.rmtree(work, ignore_errors=True)
    return {"records": len(recs), "records_s": round(made, 2), "index_alone_s": times,
            "files_differing": differ, "files_total": len(files[0]), "canonical_s": round(canonical, 3)}  # fmt: skip


def build_costs(project: Path, corpus: Path, papers: int, port: int, days: int) -> dict:
    """What the search adds: the full build with it again (beside the one without, built first), then one
    new day rebuilt with ``--dirty``, with it."""
    config = project / "mkdocs.yml"
    with_search = run.build(config, info=True, cold=True, log=project / "build-again.log")
    grown = project / "grown"
    synth.generate(grown, papers=papers + papers // days, days=days + 1, seed=0)
    for path in sorted(grown.rglob("*")):
        if path.is_file():
            target = corpus / path.relative_to(grown)
            if not target.exists() or target.read_bytes() != path.read_bytes():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    dirty = run.build(config, info=True, dirty=True, log=project / "build-dirty.log")
    text = (project / "build-dirty.log").read_text(encoding="utf-8", errors="replace")
    m = INDEX_RE.search(text)
    shutil.rmtree(grown, ignore_errors=True)
    return {
        "build_with_search_again_s": with_search["wall_s"],
        "dirty_new_day_s": dirty["wall_s"], "dirty_index_s": float(m.group(4)) if m else None,
        "dirty_index": m.group(5) if m else None,
    }  # fmt: skip


def records_only(papers: int, out: Path, port: int, template_site: Path | None) -> dict:
    """The index of a corpus made from records alone (no mkdocs build): for 100k papers.

    With ``template_site`` (a built benchmark site), its search page is served with this bundle in
    place of its own, to time the first result (result links point at pages that are not built).
    """
    project = out / f"search-{papers}"
    corpus = project / "corpus"
    if not corpus.is_dir():
        synth.generate(corpus, papers=papers, days=run.days_for(papers))
    site = project / "site"
    if template_site is not None:
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(template_site, site, ignore=shutil.ignore_patterns("pagefind"))
    bundle = site / "kb" / "pagefind"
    result = {"papers": papers, **index_alone(corpus, project / "alone", keep=bundle)}
    files = [p for p in bundle.rglob("*") if p.is_file()]
    result.update(bundle_bytes=sum(p.stat().st_size for p in files), bundle_files=len(files),
                  meta_bytes=sum(p.stat().st_size for p in bundle.glob("*.pf_meta")))  # fmt: skip
    if template_site is not None:
        queries = {"english": "diffusion", "chinese": "扩散", "author": author_query(corpus)}
        result["queries"] = queries
        result["browser"] = browser_runs(site, port, queries, 3)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=3, help="fresh-page runs per query (median)")
    ap.add_argument("--out", type=Path, default=run.OUT)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--keep", action="store_true", help="keep the sites")
    ap.add_argument("--reuse", action="store_true", help="use a kept site of an earlier run instead of building again")
    ap.add_argument("--no-compare", action="store_true", help="skip the build without search and the --dirty rebuild")
    ap.add_argument("--records-only", type=int, nargs="*", default=[], help="sizes indexed from records alone")
    ap.add_argument("--template-site", type=Path, help="a kept site whose search page serves --records-only bundles")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = {"env": run.versions(), "sizes": []}
    for papers in args.sizes:
        started = time.perf_counter()
        result = bench(papers, args.out, args.repeat, args.port, args.reuse, not args.no_compare)
        result["bench_s"] = round(time.perf_counter() - started, 1)
        results["sizes"].append(result)
        print(json.dumps(result, ensure_ascii=False, indent=1), flush=True)
        if not args.keep:
            shutil.rmtree(args.out / f"search-{papers}" / "site", ignore_errors=True)
    for papers in args.records_only:
        result = records_only(papers, args.out, args.port, args.template_site)
        results["sizes"].append(result)
        print(json.dumps(result, ensure_ascii=False, indent=1), flush=True)
    (args.out / "search.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    raise SystemExit(main())
