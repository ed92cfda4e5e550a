"""Benchmark of similar papers (``mkdocs_arxdigest.similar``): time and peak memory at 10k and 100k papers.

For each size, a synthetic corpus (``synth.generate``, 200 papers a day) is written and
loaded in a fresh process, then ``similar_papers`` runs on it twice: once with a
plain ``tokenize`` (which pays for jieba) and once more with tokens remembered as one
string per text (what a rebuild with cached tokens would pay; the lists must be the same).
Peak RSS is the process' (corpus included), read from ``getrusage`` after each run; the
RSS before the first run is given beside it. Run by hand::

    python benchmarks/similar.py [--sizes 10000,100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
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


def measure(corpus_dir: str) -> dict:
    """Load the corpus in this process and time ``similar_papers`` on it."""
    sys.path.insert(0, str(ROOT))
    from mkdocs_arxdigest.corpus import load_corpus
    from mkdocs_arxdigest.similar import paper_text, similar_papers, tokenize

    t0 = time.perf_counter()
    papers = load_corpus([corpus_dir]).papers
    load_s = time.perf_counter() - t0
    before = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    result = similar_papers(papers)
    first, first_cpu = time.perf_counter() - t0, time.process_time() - c0
    first_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Tokens remembered as one string per text (a list of str objects per text would take ~1 KB a paper).
    memo = {text: " ".join(tokenize(text)) for text in {paper_text(p) for p in papers.values()}}

    def cached(text: str) -> list[str]:
        return memo[text].split(" ") if memo[text] else []

    t0, c0 = time.perf_counter(), time.process_time()
    again_result = similar_papers(papers, tokenizer=cached)
    again, again_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert again_result == result
    lengths = [len(v) for v in result.values()]
    return {
        "papers": len(papers),
        "load_s": round(load_s, 1),
        "first_s": round(first, 1),
        "first_cpu_s": round(first_cpu, 1),
        "cached_tokens_s": round(again, 1),
        "cached_tokens_cpu_s": round(again_cpu, 1),
        "rss_before_mb": round(before),
        "peak_rss_first_mb": round(first_peak),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "mean_list": round(sum(lengths) / len(lengths), 2),
        "empty_lists": sum(1 for n in lengths if n == 0),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000", help="comma-separated corpus sizes (papers)")
    ap.add_argument("--keep", help="folder to write the corpora into (kept; reused when present)")
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: measure one corpus in this process
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    sys.path.insert(0, str(HERE))
    import synth

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="arxdigest-similar-"))
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        out = base / f"c{size}"
        if not out.exists():
            synth.generate(out, papers=size, days=max(1, size // 200))
        done = subprocess.run(
            [sys.executable, __file__, "--measure", str(out)], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    print("\n| papers | first run (wall / CPU) | tokens cached (wall / CPU) | RSS before "
          "| peak RSS (first / with cache) | mean list | empty |")  # fmt: skip
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r['papers']:,} | {r['first_s']} s / {r['first_cpu_s']} s | {r['cached_tokens_s']} s / "
            f"{r['cached_tokens_cpu_s']} s | {r['rss_before_mb']} MB | "
            f"{r['peak_rss_first_mb']} / {r['peak_rss_mb']} MB | "
            f"{r['mean_list']} | "
            f"{r['empty_lists']:,} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
