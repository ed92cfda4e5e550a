"""Build-time benchmark: the arxdigest plugin against plain MkDocs on pages of similar size.

For each corpus size N (papers):

(a) generate a synthetic corpus (``synth.generate``) and build it with
    ``theme: material`` and ``plugins: [search, arxdigest]``;
(b) build plain MkDocs with the same theme on a baseline docs tree with as
    many pages as (a) produced (``index.html`` files in its site).

(a) and (b) run alternately, ``--repeat`` times each, every build in a fresh
``python -m mkdocs build -q`` subprocess started once earlier writes are flushed to
disk; wall time and the child's peak RSS
(``os.wait4``) are recorded. One extra verbose build of (a) (``-v``) reads the
plugin's own ``arxdigest timings: ...`` DEBUG lines: its work in ``on_files``, and
how long MkDocs waited for pages and the global view that other processes were
still making after it (counted in the total). On the 10k corpus (or the
largest one run), one new day of digests is then added and ``mkdocs build
--dirty`` is timed against a full build of the same grown corpus.

Results are printed as Markdown and written to ``benchmarks/out/results.md``
and ``results.json``. Run by hand, never as a test::

    python benchmarks/run.py [--sizes 1000,10000] [--repeat 2] [--huge] [--keep]

On a slow or shared machine, ``--plugin-only 10000,100000`` times only the
plugin's own work at large sizes: one ``-v`` build per size, stopped as soon as
the plugin logs its ``on_files`` timings line (before MkDocs renders the pages;
the global view, still being made then, is left out).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

OUT = HERE / "out"
PAPERS_PER_DAY = 200
TIMINGS_RE = re.compile(r"arxdigest timings:\s*(.*)")
TIMING_FIELD_RE = re.compile(r"(\w+)=([0-9.]+)s?")
#: The plugin's INFO summary, e.g. ``arxdigest: 1000 papers, ...; 3931 pages (...)``.
SUMMARY_RE = re.compile(r"arxdigest: .*?(\d+) pages.*")


# --------------------------------------------------------------------------- helpers


def days_for(papers: int) -> int:
    """Digest days for a corpus: about 200 papers a day, at least 5 days."""
    return max(5, papers // PAPERS_PER_DAY)


def tree_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


def versions() -> dict:
    def v(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "mkdocs": v("mkdocs"),
        "mkdocs-material": v("mkdocs-material"),
        "networkx": v("networkx"),
        "mkdocs-arxdigest": v("mkdocs-arxdigest"),
        "nproc": nproc,
        "cpu": cpu,
        "platform": platform.platform(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "revision": _git_revision(),
    }


def _git_revision() -> str:
    """The plugin's revision, as the build subprocesses import it (PYTHONPATH may point at a snapshot)."""
    probe = "import mkdocs_arxdigest, os; print(os.path.dirname(os.path.dirname(mkdocs_arxdigest.__file__)))"
    try:
        found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd="/")
        root = Path(found.stdout.strip())
        if (root / "REVISION").is_file():
            return f"{(root / 'REVISION').read_text().strip()} at {root}"
        rev = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty"], capture_output=True, text=True
        ).stdout.strip()
        return f"{rev or 'unknown'} at {root}"
    except OSError:
        return "unknown"


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar


def write_plugin_config(project: Path, corpus: Path, papers: int) -> Path:
    (project / "docs").mkdir(parents=True, exist_ok=True)
    config = project / "mkdocs.yml"
    config.write_text(
        f"site_name: {_yaml(f'arxdigest benchmark, {papers} papers')}\n"
        "docs_dir: docs\n"
        "site_dir: site\n"
        "theme:\n  name: material\n"
        "plugins:\n"
        "  - search\n"
        "  - arxdigest:\n"
        f"      sources:\n        - {_yaml(str(corpus))}\n",
        encoding="utf-8",
    )
    return config


def write_baseline_config(project: Path, nav: list[dict] | None, pages: int) -> Path:
    lines = [
        f"site_name: {_yaml(f'baseline, {pages} pages')}",
        "docs_dir: docs",
        "site_dir: site",
        "theme:\n  name: material",
        "plugins:\n  - search",
    ]
    if nav is not None:
        lines.append("nav:")
        lines += [f"  - {_yaml(k)}: {_yaml(v)}" for entry in nav for k, v in entry.items()]
    config = project / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def build(
    config: Path,
    *,
    verbose: bool = False,
    info: bool = False,
    dirty: bool = False,
    cold: bool = False,
    timeout: float = 1800,
    log: Path,
    stop_at: re.Pattern[str] | None = None,
) -> dict:
    """Run one ``mkdocs build`` in a fresh interpreter; wall time, CPU time and the child's peak RSS.

    ``cold`` deletes the plugin's cache folder first (a first build); ``info`` logs at
    INFO level (the plugin's summary line) rather than quietly. With ``stop_at``, the
    build is stopped as soon as its log matches (``stopped`` in the result).
    """
    if cold:
        shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    os.sync()  # the writes of earlier builds (and that deletion) are flushed before this one starts
    level = ["-v"] if verbose else [] if info else ["-q"]
    cmd = [sys.executable, "-m", "mkdocs", "build", *level, "-f", str(config)]
    if dirty:
        cmd.append("--dirty")
    stopped = timed_out = False
    with open(log, "wb") as out, open(log, "rb") as watch:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=config.parent, start_new_session=True)
        deadline = t0 + timeout
        tail = b""
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if stop_at is not None:
                tail = tail[-4096:] + watch.read()
                if stop_at.search(tail.decode("utf-8", errors="replace")):
                    stopped = True
            timed_out = time.perf_counter() > deadline
            if stopped or timed_out:
                os.killpg(proc.pid, signal.SIGKILL)  # our own child's process group only
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    result = {
        "cmd": " ".join(cmd[1:]),
        "ok": proc.returncode == 0 or stopped,
        "returncode": proc.returncode,
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: KiB
    }
    if stopped:
        result["stopped"] = True
    if timed_out:
        result["error"] = f"timed out after {timeout:.0f} s"
    elif not result["ok"]:
        result["error"] = text[-3000:]
    # on_files' line (with its total), then on_env's: how long MkDocs waited for pages still being
    # rendered and for the global view, both made by other processes meanwhile (added to the total).
    timings: dict[str, float] = {}
    waited = 0.0
    for m in TIMINGS_RE.finditer(text):
        fields = {key: float(value) for key, value in TIMING_FIELD_RE.findall(m.group(1))}
        if "total" not in fields:
            waited += sum(fields.values())
        for key, value in fields.items():
            timings[key] = timings.get(key, 0.0) + value
    if timings:
        if "total" in timings:
            timings["total"] = timings.pop("total") + waited  # the last column
        result["plugin_timings"] = timings
    m = SUMMARY_RE.search(text)
    if m:
        result["plugin_summary"] = m.group(0).split("-", 1)[-1].strip()
        result["plugin_pages"] = int(m.group(1))
    return result


BUILT_RE = re.compile(r"Documentation built in ([0-9.]+) seconds")


def serve_rebuild(config: Path, files: dict[Path, bytes], *, timeout: float, log: Path) -> dict:
    """Start ``mkdocs serve --dirty``, write ``files`` once it serves, and time the rebuild they cause.

    ``rebuild_s`` is MkDocs' own "Documentation built in" figure for that rebuild (the
    plugin instance, its parsed digests and page fingerprints kept from the first build);
    ``changed_to_built_s`` runs from writing the files to that line (file watching included).
    The files are written once the first build's output is flushed to disk.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    result: dict = {"cmd": " ".join(cmd[1:])}
    with open(log, "wb") as out, open(log, "rb") as watch:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=config.parent, start_new_session=True)
        text = ""
        deadline = time.perf_counter() + timeout

        def wait_for(done: Callable[[], bool]) -> bool:
            """Read the log until ``done()``; ``False`` (and an error) if serve stops or time runs out."""
            nonlocal text
            while not done():
                if proc.poll() is not None or time.perf_counter() > deadline:
                    result["error"] = text[-3000:] or "serve stopped"
                    return False
                time.sleep(0.05)
                text += watch.read().decode("utf-8", errors="replace")
            return True

        try:
            if not wait_for(lambda: "Serving on" in text and BUILT_RE.search(text) is not None):
                return result
            built = BUILT_RE.findall(text)
            result["first_build_s"] = float(built[-1])
            os.sync()  # the first build's pages are flushed: the rebuild is timed alone
            time.sleep(2)  # let the watcher settle
            t0 = time.perf_counter()
            for target, data in files.items():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            if not wait_for(lambda: len(BUILT_RE.findall(text)) > len(built)):
                return result
            result["changed_to_built_s"] = round(time.perf_counter() - t0, 3)
            result["rebuild_s"] = float(BUILT_RE.findall(text)[-1])
            summaries = [m.group(0) for m in SUMMARY_RE.finditer(text)]
            if summaries:  # the rebuild's, as build() reads it
                result["plugin_summary"] = summaries[-1].split("-", 1)[-1].strip()
        finally:
            with contextlib.suppress(ProcessLookupError):  # serve ended by itself (its log is in the error)
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    return result


NAV_LINK = re.compile(r'<a href="(?!#)[^"]*"\s+class="md-nav__link')


def nav_links(site: Path, sample: int = 50) -> int:
    """Links to pages (not to headings) in the navigation of a typical page: the median over evenly spaced pages."""
    pages = sorted(site.rglob("index.html"))
    counts = [
        len(NAV_LINK.findall(page.read_text(encoding="utf-8", errors="replace")))
        for page in pages[:: max(1, len(pages) // sample)][:sample]
    ]
    return int(statistics.median(counts)) if counts else 0


def site_figures(site: Path) -> dict:
    index = site / "search" / "search_index.json"
    return {
        "pages": count_pages(site),
        "site_bytes": tree_bytes(site),
        "search_index_bytes": index.stat().st_size if index.exists() else 0,
    }


def median(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r.get("ok")]
    return round(statistics.median(values), 3) if values else None


# --------------------------------------------------------------------------- one size


def bench_size(papers: int, repeat: int, work: Path, *, incremental: bool, timeout: float, nav: str) -> dict:
    days = days_for(papers)
    res: dict = {"papers": papers, "days": days}
    corpus = work / "corpus"
    t0 = time.perf_counter()
    res["corpus"] = synth.generate(corpus, papers=papers, days=days, seed=0)
    res["corpus"]["seconds"] = round(time.perf_counter() - t0, 2)
    log = work / "logs"
    log.mkdir(parents=True, exist_ok=True)
    a_cfg = write_plugin_config(work / "plugin", corpus, papers)
    a_site = work / "plugin" / "site"
    runs_a: list[dict] = []
    runs_b: list[dict] = []

    def run_a(i: int) -> dict:
        r = build(a_cfg, cold=True, timeout=timeout, log=log / f"a{i}.log")
        runs_a.append(r)
        print(
            f"  (a) plugin   run {i + 1}: {r['wall_s']:8.2f} s  {r['peak_rss_mb']:8.1f} MB"
            + ("" if r["ok"] else "  FAILED"),
            flush=True,
        )
        return r

    first = run_a(0)
    if not first["ok"]:
        res["error"] = first.get("error", "")
        res["runs_a"] = runs_a
        print(first.get("error", ""), file=sys.stderr)
        return res
    res["a"] = site_figures(a_site)
    pages = res["a"]["pages"]
    b_project = work / "baseline"
    b = synth.baseline(b_project / "docs", pages=pages, like=a_site, seed=0)
    a_nav_links = nav_links(a_site)
    if nav == "match":
        extra = max(0, a_nav_links - len(b["nav"]))
        b_nav = b["nav"] + [{f"Page {i}": p} for i, p in enumerate(b["content_pages"][:extra])]
    else:
        b_nav = {"sections": b["nav"], "auto": None, "home": b["nav"][:1]}[nav]
    b_cfg = write_baseline_config(b_project, b_nav, pages)
    res["baseline_tree"] = {k: v for k, v in b.items() if k not in ("nav", "content_pages")} | {"nav": nav}
    b_site = b_project / "site"

    def run_b(i: int) -> None:
        r = build(b_cfg, timeout=timeout, log=log / f"b{i}.log")
        runs_b.append(r)
        print(
            f"  (b) baseline run {i + 1}: {r['wall_s']:8.2f} s  {r['peak_rss_mb']:8.1f} MB"
            + ("" if r["ok"] else "  FAILED"),
            flush=True,
        )

    run_b(0)
    for i in range(1, repeat):
        run_a(i)
        run_b(i)
    res["b"] = site_figures(b_site)
    res["a"]["nav_links"] = a_nav_links
    res["b"]["nav_links"] = nav_links(b_site)
    # one verbose plugin build for the plugin's own timings line
    verbose = build(a_cfg, verbose=True, cold=True, timeout=timeout, log=log / "a-verbose.log")
    print(
        f"  (a) verbose  run  : {verbose['wall_s']:8.2f} s  timings: {verbose.get('plugin_timings', 'n/a')}", flush=True
    )
    res["runs_a"], res["runs_b"], res["verbose_a"] = runs_a, runs_b, verbose
    for side, runs in (("a", runs_a), ("b", runs_b)):
        res[side]["wall_s"] = median(runs, "wall_s")
        res[side]["cpu_s"] = median(runs, "cpu_s")
        res[side]["peak_rss_mb"] = max((r["peak_rss_mb"] for r in runs if r["ok"]), default=None)
        w = res[side]["wall_s"]
        res[side]["pages_per_s"] = round(res[side]["pages"] / w, 1) if w else None
    if res["a"]["wall_s"] and res["b"]["wall_s"]:
        res["ratio_wall"] = round(res["a"]["wall_s"] / res["b"]["wall_s"], 2)
        res["ratio_rss"] = round(res["a"]["peak_rss_mb"] / res["b"]["peak_rss_mb"], 2)
    res["search_index_bytes_per_paper"] = round(res["a"]["search_index_bytes"] / papers)
    timings = verbose.get("plugin_timings")
    if timings and verbose["ok"]:
        res["plugin_timings"] = timings
        total = timings.get("total", sum(v for k, v in timings.items() if k != "total"))
        res["plugin_share"] = round(total / verbose["wall_s"], 3)
    if incremental and verbose["ok"]:
        res["incremental"] = bench_incremental(papers, days, corpus, a_cfg, a_site, work, timeout)
    return res


def bench_plugin_only(papers: int, work: Path, timeout: float) -> dict:
    """Build with ``-v`` and stop once the plugin logs its timings: the plugin's own cost without page rendering."""
    days = days_for(papers)
    res: dict = {"papers": papers, "days": days, "plugin_only": True}
    corpus = work / "corpus"
    t0 = time.perf_counter()
    res["corpus"] = synth.generate(corpus, papers=papers, days=days, seed=0)
    res["corpus"]["seconds"] = round(time.perf_counter() - t0, 2)
    (work / "logs").mkdir(parents=True, exist_ok=True)
    cfg = write_plugin_config(work / "plugin", corpus, papers)
    r = build(cfg, verbose=True, cold=True, timeout=timeout, log=work / "logs" / "plugin-only.log", stop_at=TIMINGS_RE)
    res["verbose_a"] = r
    print(
        f"  (a) stopped after the plugin's timings line: {r['wall_s']:8.2f} s  {r['peak_rss_mb']:8.1f} MB  "
        f"{r.get('plugin_summary', '')}  timings: {r.get('plugin_timings', 'n/a')}",
        flush=True,
    )
    if r.get("plugin_timings"):
        res["plugin_timings"] = r["plugin_timings"]
    return res


def bench_incremental(
    papers: int, days: int, corpus: Path, a_cfg: Path, a_site: Path, work: Path, timeout: float
) -> dict:
    """Add one new day of digests to a built corpus; time ``--dirty`` against a full build."""
    grown = work / "grown"
    per_day = papers // days
    synth.generate(grown, papers=papers + per_day, days=days + 1, seed=0)
    changed = []
    before: dict[Path, bytes | None] = {}  # the corpus as it was, to go back to for `serve`
    for path in sorted(grown.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(grown)
        target = corpus / rel
        if not target.exists() or target.read_bytes() != path.read_bytes():
            before[target] = target.read_bytes() if target.exists() else None
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            changed.append(str(rel))
    pages_before = count_pages(a_site)
    log = work / "logs"
    # The cache folder holds the pages of the last (verbose) build of the same corpus.
    dirty = build(a_cfg, dirty=True, info=True, timeout=timeout, log=log / "dirty.log")
    pages_dirty = count_pages(a_site)
    print(
        f"  (a) --dirty after one new day ({len(changed)} files): {dirty['wall_s']:8.2f} s  "
        f"{dirty.get('plugin_summary', '')}",
        flush=True,
    )
    # `mkdocs serve --dirty` on the corpus as it was, then the new day saved while it runs.
    after = {target: target.read_bytes() for target in before}
    for target, data in before.items():
        if data is None:
            target.unlink()
        else:
            target.write_bytes(data)
    serve = serve_rebuild(a_cfg, after, timeout=timeout, log=log / "serve.log")
    print(
        f"  (a) rebuild under serve --dirty:                {_f(serve.get('rebuild_s'), '{:8.2f}')} s  "
        f"(first build {_f(serve.get('first_build_s'), '{:.1f}')} s)",
        flush=True,
    )
    # verbose: the plugin's own timings when its cache is kept (what every build after the first does)
    warm = build(a_cfg, verbose=True, timeout=timeout, log=log / "warm-grown.log")
    print(
        f"  (a) build of the grown corpus, cache kept:     {warm['wall_s']:8.2f} s  "
        f"timings: {warm.get('plugin_timings', 'n/a')}",
        flush=True,
    )
    full = build(a_cfg, cold=True, timeout=timeout, log=log / "full-grown.log")
    pages_full = count_pages(a_site)
    print(f"  (a) full build of the grown corpus:            {full['wall_s']:8.2f} s", flush=True)
    out = {
        "new_papers": per_day,
        "changed_files": changed,
        "pages_before": pages_before,
        "pages_after_dirty": pages_dirty,
        "pages_after_full": pages_full,
        "dirty": dirty,
        "serve": serve,
        "warm": warm,
        "full": full,
    }
    if warm["ok"] and full["ok"]:
        out["ratio_warm"] = round(warm["wall_s"] / full["wall_s"], 2)
    if warm["ok"] and warm.get("plugin_timings", {}).get("total"):
        out["warm_plugin_share"] = round(warm["plugin_timings"]["total"] / warm["wall_s"], 3)
    if dirty["ok"] and full["ok"]:
        out["ratio"] = round(dirty["wall_s"] / full["wall_s"], 2)
    if serve.get("rebuild_s") and full["ok"]:
        out["ratio_serve"] = round(serve["rebuild_s"] / full["wall_s"], 2)
    return out


# --------------------------------------------------------------------------- report


def _f(value, fmt: str = "{:.2f}", none: str = "n/a") -> str:
    return none if value is None else fmt.format(value)


def _mb(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 1e6:.1f}"


def report(env: dict, results: list[dict], args: argparse.Namespace) -> str:
    out = [
        "# arxdigest build benchmark",
        "",
        f"- date: {env['date']}",
        f"- Python {env['python']}, MkDocs {env['mkdocs']}, Material {env['mkdocs-material']}, "
        f"networkx {env['networkx']}, mkdocs-arxdigest {env['mkdocs-arxdigest']} ({env['revision']})",
        f"- nproc: {env['nproc']} ({env['cpu'] or 'cpu unknown'}), {env['platform']}",
        f"- load average at start: {env['loadavg_start']}, at end: {[round(x, 2) for x in os.getloadavg()]}",
        f"- repeat: {args.repeat} (median wall time; peak RSS is the maximum), builds alternate (a), (b); "
        f"baseline nav: {args.baseline_nav}",
        "",
        "(a) = `plugins: [search, arxdigest]` on a synthetic corpus; (b) = plain MkDocs, same theme, "
        "as many Markdown pages of similar size.",
        "",
        "| papers | days | pages | (a) wall s | (b) wall s | ratio a/b | (a) pages/s | (b) pages/s "
        "| (a) peak RSS MB | (b) peak RSS MB | (a) site MB | (b) site MB | search index MB (a) | index bytes/paper "
        "| plugin share |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.get("plugin_only"):
            continue
        if "a" not in r:
            out.append(f"| {r['papers']} | {r['days']} | build failed | | | | | | | | | | | | |")
            continue
        a, b = r["a"], r.get("b", {})
        out.append(
            f"| {r['papers']} | {r['days']} | {a['pages']} | {_f(a.get('wall_s'))} | {_f(b.get('wall_s'))} "
            f"| {_f(r.get('ratio_wall'))} | {_f(a.get('pages_per_s'), '{:.0f}')} "
            f"| {_f(b.get('pages_per_s'), '{:.0f}')} "
            f"| {_f(a.get('peak_rss_mb'), '{:.0f}')} | {_f(b.get('peak_rss_mb'), '{:.0f}')} "
            f"| {_mb(a.get('site_bytes'))} | {_mb(b.get('site_bytes'))} | {_mb(a.get('search_index_bytes'))} "
            f"| {r.get('search_index_bytes_per_paper', 'n/a')} | {_f(r.get('plugin_share'), '{:.0%}')} |"
        )
    notes = [
        f"{r['papers']} papers: primary nav links per page (a) {r['a'].get('nav_links', 'n/a')}, "
        f"(b) {r.get('b', {}).get('nav_links', 'n/a')}; baseline page size {r['baseline_tree']['page_bytes']} B"
        for r in results
        if "a" in r and "baseline_tree" in r
    ]
    out += ["", *[f"- {n}" for n in notes]]
    out += ["", "Plugin's own timings (one `-v` build; seconds):", ""]
    keys: list[str] = []
    for r in results:
        for k in r.get("plugin_timings", {}):
            if k not in keys:
                keys.append(k)
    if keys:
        out.append("| papers | (a) -v wall s | " + " | ".join(keys) + " |")
        out.append("|---:|---:|" + "---:|" * len(keys))
        for r in results:
            t = r.get("plugin_timings", {})
            out.append(
                f"| {r['papers']} | {_f(r.get('verbose_a', {}).get('wall_s'))} | "
                + " | ".join(_f(t.get(k), "{:.3f}") for k in keys)
                + " |"
            )
    else:
        out.append("n/a (no `arxdigest timings:` line in the verbose build log)")
    only = [r for r in results if r.get("plugin_only")]
    if only:
        out += [
            "",
            "Plugin only (a `-v` build stopped as soon as the plugin logged its timings, before MkDocs renders pages):",
            "",
            "| papers | days | pages planned | wall s to timings line | peak RSS MB | plugin total s |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for r in only:
            v = r["verbose_a"]
            out.append(
                f"| {r['papers']} | {r['days']} | {v.get('plugin_pages', 'n/a')} | {_f(v['wall_s'])} "
                f"| {_f(v['peak_rss_mb'], '{:.0f}')} | {_f(r.get('plugin_timings', {}).get('total'))} |"
            )
    inc = [r for r in results if "incremental" in r]
    if inc:
        out += [
            "",
            "Incremental rebuild: one new day of digests; `mkdocs build --dirty`, the rebuild under "
            "`mkdocs serve --dirty` when the day is saved (MkDocs' own build time), and a plain build with the "
            "plugin's cache kept, against a full build (cache cleared) of the same grown corpus:",
            "",
            "| papers | new papers | changed files | --dirty s | serve --dirty s | cache kept s | full s "
            "| ratio --dirty | ratio serve | ratio cache kept | plugin share, cache kept "
            "| pages unchanged / rewritten (--dirty) | pages after --dirty | pages after full |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
        ]
        for r in inc:
            i = r["incremental"]
            summary = i["dirty"].get("plugin_summary", "")
            m = re.search(r"\((\d+) kept by fingerprint, \d+ rendered in [^:]*: (\d+) rewritten", summary)
            kept = f"{m.group(1)} / {m.group(2)}" if m else "n/a"
            out.append(
                f"| {r['papers']} | {i['new_papers']} | {len(i['changed_files'])} | {_f(i['dirty']['wall_s'])} "
                f"| {_f(i.get('serve', {}).get('rebuild_s'))} | {_f(i.get('warm', {}).get('wall_s'))} "
                f"| {_f(i['full']['wall_s'])} | {_f(i.get('ratio'))} | {_f(i.get('ratio_serve'))} "
                f"| {_f(i.get('ratio_warm'))} | {_f(i.get('warm_plugin_share'), '{:.0%}')} | {kept} "
                f"| {i['pages_after_dirty']} | {i['pages_after_full']} |"
            )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sizes", default=None, help="comma-separated paper counts (default 1000,10000; none with --plugin-only)"
    )
    ap.add_argument("--repeat", type=int, default=2, help="builds of each kind per size (default 2)")
    ap.add_argument("--huge", action="store_true", help="also run 100000 papers")
    ap.add_argument("--keep", action="store_true", help="keep corpora and sites under benchmarks/out/")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds allowed per build")
    ap.add_argument(
        "--baseline-nav",
        choices=("match", "sections", "auto", "home"),
        default="match",
        help="baseline nav: as many links as the plugin site's navigation (default), home + section "
        "index pages, MkDocs' automatic nav of every page, or home only",
    )
    ap.add_argument(
        "--plugin-only",
        default="",
        metavar="SIZES",
        help="comma-separated paper counts for which only the plugin's own work is timed: one -v build, stopped "
        "once the plugin logs its timings (no page rendering, no baseline)",
    )
    ap.add_argument("--out", type=Path, default=OUT, help="results folder (default benchmarks/out)")
    args = ap.parse_args(argv)
    only = [int(s) for s in args.plugin_only.split(",") if s.strip()]
    default_sizes = "" if only else "1000,10000"
    sizes = [int(s) for s in (args.sizes if args.sizes is not None else default_sizes).split(",") if s.strip()]
    if args.huge and 100000 not in sizes:
        sizes.append(100000)
    inc_size = 10000 if 10000 in sizes else max(sizes, default=0)
    env = versions()
    print(
        f"Python {env['python']}, MkDocs {env['mkdocs']}, Material {env['mkdocs-material']}, "
        f"networkx {env['networkx']}, nproc {env['nproc']}",
        flush=True,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []

    def save() -> None:
        payload = {"env": env, "args": {k: str(v) for k, v in vars(args).items()}, "results": results}
        (args.out / "results.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")

    for n in only:
        work = args.out / f"work-only-{n}"
        shutil.rmtree(work, ignore_errors=True)
        print(f"\n== {n} papers, {days_for(n)} days, plugin only ==", flush=True)
        try:
            results.append(bench_plugin_only(n, work, args.timeout))
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        save()
    for n in sizes:
        work = args.out / f"work-{n}"
        if work.exists():
            shutil.rmtree(work)
        print(f"\n== {n} papers, {days_for(n)} days ==", flush=True)
        try:
            results.append(
                bench_size(
                    n, args.repeat, work, incremental=(n == inc_size), timeout=args.timeout, nav=args.baseline_nav
                )
            )
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
        save()
    text = report(env, results, args)
    (args.out / "results.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    return 0 if all("a" in r or r.get("plugin_timings") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
