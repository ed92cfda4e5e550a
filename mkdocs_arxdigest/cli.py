"""``arxdigest``: check digests, export the merged corpus or its graph, build the knowledge base, without MkDocs."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from . import __version__
from .aliases import AliasesError, read_aliases
from .graph import EXPORT_FORMATS, Graphs, export_graph
from .load import load_corpus
from .parsers import iter_files, printable_path
from .sources import unmatched_reason, unmatched_sources


class UsageError(Exception):
    """A mistake in the command line: its message is printed as one line, and the exit code is 2."""


def _corpus(args):
    missing = unmatched_sources(args.paths, Path.cwd())
    if missing:
        raise UsageError("; ".join(unmatched_reason(entry, Path.cwd()) for entry in missing))
    aliases = None
    if args.aliases:
        try:
            aliases = read_aliases(args.aliases)
        except AliasesError as exc:
            raise UsageError(f"aliases: {exc}") from None
    return load_corpus(args.paths, aliases=aliases)


def _report_paths(args, corpus) -> list[str]:
    """The path of each file report: a file that gave no paper and no warning has none of its own."""
    files = [printable_path(path.as_posix()) for path in iter_files(args.paths)]
    if len(files) != len(corpus.files):  # not one report per file: keep what the corpus says
        return [report.path for report in corpus.files]
    return [report.path or file for report, file in zip(corpus.files, files, strict=True)]


def cmd_check(args) -> int:
    corpus = _corpus(args)
    out = sys.stdout
    for report, path in zip(corpus.files, _report_paths(args, corpus), strict=True):
        fmt = report.format or "unknown"
        out.write(
            f"{path}: {fmt}, {report.papers} records -> {report.distinct} papers, "
            f"{report.authors} authors, {len(report.warnings)} warnings\n"
        )
        for warning in report.warnings:
            out.write(f"  {warning}\n")
    stats = corpus.stats()
    out.write(
        f"total: {stats['files']} files, {stats['papers']} papers, {stats['authors']} authors, "
        f"{stats['topics']} topics, {stats['days']} days, {stats['warnings']} warnings\n"
    )
    categories = Counter(p.main_category for p in corpus.papers.values() if p.main_category)
    if categories:
        out.write("categories: " + ", ".join(f"{c} {n}" for c, n in sorted(categories.items())) + "\n")
    source_topics = sorted(t.name for t in corpus.topics.values() if t.kind == "source")
    if source_topics:
        out.write(f"source topics ({len(source_topics)}): " + ", ".join(source_topics) + "\n")
    return 1 if args.strict and corpus.warnings else 0


CITATION_FORMATS = ("bibtex", "ris", "csl-json")


def _citations(papers, fmt: str) -> str:
    """The papers (newest first) as a BibTeX, RIS or CSL-JSON file."""
    from . import citations

    ordered = sorted(papers, key=lambda p: (p.date, p.key), reverse=True)
    if fmt == "bibtex":
        return citations.bibtex(ordered)
    if fmt == "ris":
        return citations.ris(ordered)
    return json.dumps(citations.csl_json(ordered), ensure_ascii=False, indent=1) + "\n"


def cmd_export(args) -> int:
    corpus = _corpus(args)
    if args.format in CITATION_FORMATS:
        text = _citations(corpus.papers.values(), args.format)
        if args.output in (None, "-"):
            sys.stdout.write(text)
        else:
            Path(args.output).write_text(text, encoding="utf-8")
        return 0
    if args.format == "corpus":
        from .export import corpus_dict

        text = json.dumps(corpus_dict(corpus), ensure_ascii=False, indent=1, sort_keys=False)
        if args.output in (None, "-"):
            sys.stdout.write(text + "\n")
        else:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        return 0
    if args.output in (None, "-"):
        sys.stderr.write("arxdigest: graph formats need -o FILE\n")
        return 2
    export_graph(Graphs(corpus).combined, args.output, args.format)
    return 0


def cmd_build(args) -> int:
    """Write the knowledge base into the docs tree (for Zensical); with ``--watch``, again on every change."""
    import logging

    from .standalone import ConfigError, TreeBuilder, watch

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    out = str(Path(args.out).resolve()) if args.out else None
    try:
        tree = TreeBuilder(args.config_file, out=out)
        if not args.watch:
            print(tree.build())
            return 0
        print(f"arxdigest: watching {', '.join(str(p) for p in tree.inputs())} (Ctrl-C stops)", flush=True)
        watch(tree, on_report=lambda report: print(report, flush=True))
    except ConfigError as error:
        sys.stderr.write(f"arxdigest: {error}\n")
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="arxdigest", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="detect formats, count papers, list warnings as file:line: message")
    check.add_argument("paths", nargs="+", help="digest files, folders or globs")
    check.add_argument("--strict", action="store_true", help="exit 1 when there is any warning")
    check.add_argument("--aliases", help="YAML file of author aliases")
    check.set_defaults(func=cmd_check)

    export = sub.add_parser(
        "export", help="write the corpus (JSON), its graph (GraphML, GEXF) or citations (BibTeX, RIS, CSL-JSON)"
    )
    export.add_argument("paths", nargs="+", help="digest files, folders or globs")
    export.add_argument(
        "--format", "-f", default="json",
        choices=["json", *[f for f in EXPORT_FORMATS if f != "json"], "graph-json", *CITATION_FORMATS],
        help="json: the corpus (documented schema); graphml, gexf, graph-json: the author/topic graph; "
        "bibtex, ris, csl-json: citations of every paper",
    )  # fmt: skip
    export.add_argument("-o", "--output", help="output file (default: standard output, except for graphs)")
    export.add_argument("--aliases", help="YAML file of author aliases")
    export.set_defaults(func=cmd_export)

    build = sub.add_parser("build", help="write the knowledge base into the docs tree, for Zensical (no MkDocs run)")
    build.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    build.add_argument("-o", "--out", help="docs tree to write into (default: docs_dir of mkdocs.yml)")
    build.add_argument("--watch", action="store_true", help="rebuild when a digest, note or the aliases file changes")
    build.set_defaults(func=cmd_build)

    args = parser.parse_args(argv)
    if args.command == "export":
        args.format = {"json": "corpus", "graph-json": "json"}.get(args.format, args.format)
    try:
        return args.func(args)
    except UsageError as exc:
        sys.stderr.write(f"arxdigest: {exc}\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
