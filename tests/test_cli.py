"""The `arxdigest` command: check figures on the samples, strict mode, exports."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx

from mkdocs_arxdigest.cli import main


def test_check_prints_the_sample_figures(all_seeds, capsys):
    assert main(["check", *map(str, all_seeds)]) == 0
    out = capsys.readouterr().out
    assert "000_38d19aa312646a39.txt: table, 10 records -> 10 papers, 10 authors, 0 warnings" in out
    assert "001_1dbf553876b16ad5.txt: ai_enhanced, 189 records -> 189 papers, 1288 authors, 0 warnings" in out
    assert "003_427daa38784debe1.txt: topic_tables, 245 records -> 227 papers, 0 authors, 0 warnings" in out
    assert "total: 3 files, 426 papers, 1298 authors" in out
    assert "categories: cs.AI 31, cs.CL 31, cs.CV 64, cs.GR 3, cs.LG 60" in out
    assert "source topics (6): Transformer, 多模态, 大模型PEFT, 大模型强化学习, 大模型持续学习, 生成模型" in out


def test_check_strict_fails_on_warnings(tmp_path, capsys):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\x00\x01binary")
    assert main(["check", str(bad)]) == 0
    assert main(["check", "--strict", str(bad)]) == 1
    assert f"{bad}:0: binary file" in capsys.readouterr().out


def test_export_json_schema(table_seed, tmp_path):
    out = tmp_path / "corpus.json"
    assert main(["export", str(table_seed), "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == 1 and data["stats"]["papers"] == 10
    paper = data["papers"][0]
    assert {"id", "title", "authors", "topics", "days", "sources", "links"} <= paper.keys()
    assert {"authors", "topics", "days", "warnings"} <= data.keys()
    assert data["authors"][0]["papers"]


def test_export_graph_formats(table_seed, tmp_path):
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{fmt}"
        assert main(["export", str(table_seed), "-f", fmt, "-o", str(out)]) == 0
        assert reader(out).number_of_nodes() > 10
    out = tmp_path / "g.json"
    assert main(["export", str(table_seed), "-f", "graph-json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["nodes"]


def test_console_script_is_installed(table_seed):
    proc = subprocess.run([sys.executable, "-m", "mkdocs_arxdigest.cli", "check", str(table_seed)],
                          capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 0 and "10 papers" in proc.stdout


def test_export_citation_formats(all_seeds, tmp_path, capsys):
    import bibtexparser
    import rispy

    paths = list(map(str, all_seeds))
    out = tmp_path / "kb.bib"
    assert main(["export", *paths, "--format", "bibtex", "-o", str(out)]) == 0
    library = bibtexparser.parse_string(out.read_text(encoding="utf-8"))
    assert len(library.entries) == 426 and not library.failed_blocks
    assert main(["export", *paths, "-f", "ris", "-o", str(tmp_path / "kb.ris")]) == 0
    assert len(rispy.loads((tmp_path / "kb.ris").read_text(encoding="utf-8"))) == 426
    assert main(["export", *paths, "-f", "csl-json"]) == 0  # standard output
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 426 and all({"type", "title", "author", "issued"} <= i.keys() for i in items)
