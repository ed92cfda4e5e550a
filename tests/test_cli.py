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
    assert (
        "source topics (6): Continual Learning, Generative Models, Multimodal, Parameter-Efficient Fine-Tuning, "
        "Reinforcement Learning, Transformer"
    ) in out


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


def run_cli(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs_arxdigest.cli", *args], capture_output=True, text=True, cwd=cwd
    )


DIGEST = """# arxiv 2025-01-02

| 标题 | 作者 | PDF链接 | 摘要 |
|------|------|--------|------|
| An agent that plans | Ann Lee | [PDF](https://arxiv.org/pdf/2501.00001v1) | We build an agent. |
"""


def test_check_with_a_malformed_aliases_file_is_one_line(tmp_path):
    (tmp_path / "day.md").write_text(DIGEST, encoding="utf-8")
    (tmp_path / "bad.yml").write_text("Ann Lee:\n  - A. Lee\n  - 7\n", encoding="utf-8")
    proc = run_cli("check", "--aliases", "bad.yml", "day.md", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert (
        proc.stderr
        == "arxdigest: aliases: bad.yml:3: 'Ann Lee': a variant must be a name, got a number '7' (quote it: \"...\")\n"
    )


def test_check_with_a_missing_aliases_file_or_broken_yaml(tmp_path, capsys):
    (tmp_path / "day.md").write_text(DIGEST, encoding="utf-8")
    (tmp_path / "broken.yml").write_text("Ann Lee: [A. Lee\n", encoding="utf-8")
    assert main(["check", "--aliases", str(tmp_path / "nope.yml"), str(tmp_path / "day.md")]) == 2
    assert main(["export", "--aliases", str(tmp_path / "broken.yml"), str(tmp_path / "day.md")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"arxdigest: aliases: {tmp_path}/nope.yml: no such file",
        f"arxdigest: aliases: {tmp_path}/broken.yml:2: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence from line 1)",
    ]


def test_check_with_good_aliases_merges_the_names(tmp_path, capsys):
    (tmp_path / "day.md").write_text(DIGEST.replace("Ann Lee", "A. Lee"), encoding="utf-8")
    (tmp_path / "people.yml").write_text("Ann Lee: A. Lee\n", encoding="utf-8")
    assert main(["export", "--aliases", str(tmp_path / "people.yml"), str(tmp_path / "day.md")]) == 0
    assert json.loads(capsys.readouterr().out)["papers"][0]["authors"] == ["Ann Lee"]


def test_check_on_a_path_that_does_not_exist(tmp_path):
    (tmp_path / "day.md").write_text(DIGEST, encoding="utf-8")
    proc = run_cli("check", "day.md", "nope", "archive/*.md", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr == ("arxdigest: 'nope': no such file or folder; 'archive/*.md': the pattern matches no file\n")


def test_check_prints_the_path_of_a_file_without_papers(tmp_path):
    """A table digest with a header and no rows gives no paper and no warning: the line still names it."""
    (tmp_path / "digests").mkdir()
    (tmp_path / "digests" / "2025-01-03.md").write_text(DIGEST.rsplit("\n", 2)[0] + "\n", encoding="utf-8")
    (tmp_path / "digests" / "2025-01-02.md").write_text(DIGEST, encoding="utf-8")
    proc = run_cli("check", "digests", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "digests/2025-01-02.md: table, 1 records -> 1 papers, 1 authors, 0 warnings"
    assert lines[1] == "digests/2025-01-03.md: table, 0 records -> 0 papers, 0 authors, 0 warnings"


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
