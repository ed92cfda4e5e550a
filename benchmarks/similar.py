"""Benchmark of similar papers (``mkdocs_arxdigest.similar``): time and peak memory at 10k and 100k papers.

For each size, a synthetic corpus (``synth.generate``, 200 papers a day) and the same
corpus with one more day are written; in a fresh process the first is loaded and fitted
(``similar.fit``: what a build without the cache pays), then updated without change
(what a rebuild with the cache pays) and by the next day (``similar.update``: what
``--dirty`` pays for a new day), with the share of old lists that changed and, with
``--pages``, of old paper pages whose fingerprint changed (rendered again). Last, the
fit runs again with tokens remembered (the lists must be the same). Peak RSS is the
process' (corpus included) after the fit, from ``getrusage``; the RSS before it is beside it.
With ``--against REF`` every size is measured first with the package as it was at the git
revision ``REF``, then as it is, one row beside the other (without the fit with tokens
remembered), and the lists are compared. Run by hand::

    python benchmarks/similar.py [--sizes 10000,100000] [--keep DIR] [--pages] [--against REF]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure(corpus_dir: str, next_dir: str | None = None, pages: bool = False, root: Path = ROOT,
            memo: bool = True) -> dict:  # fmt: skip
    """Load the corpus in this process and time ``similar_papers`` on it (and an update by the next day)."""
    sys.path.insert(0, str(root))
    from mkdocs_arxdigest import load_corpus
    from mkdocs_arxdigest.similar import fit, paper_text, similar_papers, tokenize, update

    t0 = time.perf_counter()
    papers = load_corpus([corpus_dir], base=corpus_dir).papers
    load_s = time.perf_counter() - t0
    before = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    model = fit(papers)
    result = model.lists
    first, first_cpu = time.perf_counter() - t0, time.process_time() - c0
    first_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row = {"papers": len(papers), "load_s": round(load_s, 1), "first_s": round(first, 1),
           "first_cpu_s": round(first_cpu, 1), "rss_before_mb": round(before), "peak_rss_first_mb": round(first_peak),
           "model_mb": round(len(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)) / 1e6, 1),
           "lists_digest": hashlib.sha256(json.dumps(result, sort_keys=True).encode()).hexdigest()[:16]}  # fmt: skip
    t0 = time.perf_counter()
    assert update(model, papers) is model
    row["unchanged_s"] = round(time.perf_counter() - t0, 2)
    if next_dir:
        grown = load_corpus([next_dir], base=next_dir).papers
        t0 = time.perf_counter()
        after = update(model, grown)
        row["new_day_s"] = round(time.perf_counter() - t0, 2)
        row["new_papers"] = len(set(grown) - set(papers))
        row["same_basis"] = after.basis == model.basis
        changed = [k for k in papers if k in grown and after.lists[k] != result[k]]
        row["old_lists_changed"] = f"{len(changed) / len(papers):.1%}"
        if pages:
            row["paper_pages_changed"] = _pages_changed(papers, grown, corpus_dir, next_dir, result, after.lists)
    lengths = [len(v) for v in result.values()]
    row["mean_list"] = round(sum(lengths) / len(lengths), 2)
    row["empty_lists"] = sum(1 for n in lengths if n == 0)
    if not memo:
        return row
    # Tokens remembered as one string per text (a list of str objects per text would take ~1 KB a paper).
    memo = {text: " ".join(tokenize(text)) for text in {paper_text(p) for p in papers.values()}}

    def cached(text: str) -> list[str]:
        return memo[text].split(" ") if memo[text] else []

    t0, c0 = time.perf_counter(), time.process_time()
    assert similar_papers(papers, tokenizer=cached) == result
    row["cached_tokens_s"] = round(time.perf_counter() - t0, 1)
    row["cached_tokens_cpu_s"] = round(time.process_time() - c0, 1)
    row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return row


def _pages_changed(papers, grown, corpus_dir: str, next_dir: str, lists, grown_lists) -> str:
    """Share of the old paper pages whose fingerprint changes (a page is rendered again exactly then)."""
    from mkdocs_arxdigest import load_corpus
    from mkdocs_arxdigest.build.fingerprint import Fingerprints
    from mkdocs_arxdigest.pages import Site
    from mkdocs_arxdigest.pages import paper as paper_kind

    prints = []
    for folder, similar in ((corpus_dir, lists), (next_dir, grown_lists)):
        site = Site(load_corpus([folder], base=folder))
        site.similar = similar
        f = Fingerprints(site)
        prints.append({k: f.of(paper_kind.page(site, k)) for k in site.corpus.papers})
    changed = sum(1 for k in prints[0] if prints[0][k] != prints[1].get(k))
    return f"{changed / len(prints[0]):.1%} ({changed:,} of {len(prints[0]):,})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000", help="comma-separated corpus sizes (papers)")
    ap.add_argument("--keep", help="folder to write the corpora into (kept; reused when present)")
    ap.add_argument("--pages", action="store_true", help="also count the paper pages a new day changes")
    ap.add_argument("--against", metavar="REF", help="measure the package at git revision REF first, beside it")
    ap.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)  # internal: measure one corpus here
    ap.add_argument("--root", help=argparse.SUPPRESS)  # internal: the package's folder
    args = ap.parse_args(argv)
    if args.measure:
        root = Path(args.root) if args.root else ROOT
        print(json.dumps(measure(*args.measure[:2], pages=args.pages, root=root, memo=not args.root)))
        return 0
    sys.path.insert(0, str(HERE))
    import synth

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="arxdigest-similar-"))
    roots: list[tuple[str, Path | None]] = [("now", None)]
    if args.against:
        old = Path(tempfile.mkdtemp(prefix="arxdigest-similar-ref-"))
        archive = subprocess.run(["git", "archive", args.against, "mkdocs_arxdigest"], cwd=ROOT, capture_output=True,
                                 check=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        roots = [(args.against, old), ("now", ROOT)]
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        out, grown = base / f"c{size}", base / f"c{size}+day"  # the same corpus and one more day of 200
        days = max(1, size // 200)
        if not out.exists():
            synth.generate(out, papers=size, days=days)
        if not grown.exists():
            synth.generate(grown, papers=size + 200, days=days + 1)
        for name, root in roots:
            command = [sys.executable, __file__, "--measure", str(out), str(grown)] + (
                ["--pages"] if args.pages else []
            )
            command += ["--root", str(root)] if root else []
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            rows.append({"code": name, **json.loads(done.stdout.strip().splitlines()[-1])})
            print(json.dumps(rows[-1]), flush=True)
    print("\n| papers | code | fit (wall / CPU) | peak RSS of the fit (before it) | model file | unchanged "
          "| new day of 200 | old lists changed | paper pages changed | mean list | empty | lists |")  # fmt: skip
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        print(
            f"| {r['papers']:,} | {r['code']} | {r['first_s']} s / {r['first_cpu_s']} s | {r['peak_rss_first_mb']} MB "
            f"({r['rss_before_mb']} MB) | {r['model_mb']} MB | {r['unchanged_s']} s | {r['new_day_s']} s "
            f"| {r['old_lists_changed']} | {r.get('paper_pages_changed', '-')} | {r['mean_list']} "
            f"| {r['empty_lists']:,} | {r['lists_digest']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
