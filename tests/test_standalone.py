"""``arxdigest build`` (mkdocs_arxdigest.standalone): the knowledge base written into a docs tree."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mkdocs_arxdigest.cli import main as cli_main
from mkdocs_arxdigest.standalone import (
    MANIFEST,
    ConfigError,
    TreeBuilder,
    build_tree,
    plugin_options,
    read_mkdocs_yml,
    relink,
    snapshot,
    watch,
)

from .conftest import ROOT

DIGESTS = ROOT / "digests"


def site(root: Path, options: str = "", extra: str = "") -> Path:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: T\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        f"{extra}plugins:\n  - search\n  - arxdigest:\n      sources: [{json.dumps(str(DIGESTS))}]\n"
        f"      cache_dir: .cache\n      concurrency: 1\n{options}",
        encoding="utf-8",
    )
    return config


def test_yaml_tags_of_mkdocs_are_read(tmp_path, monkeypatch):
    monkeypatch.setenv("ARX_PREFIX", "kb")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "INHERIT: base.yml\nx: !!python/name:os.path.join\nplugins:\n  - arxdigest:\n      prefix: !ENV ARX_PREFIX\n"
        "      nav_title: !ENV [ARX_UNSET, Library]\n",
        encoding="utf-8",
    )
    (tmp_path / "base.yml").write_text("site_name: Base\ndocs_dir: pages\n", encoding="utf-8")
    data = read_mkdocs_yml(config)
    assert data["x"] == "" and data["docs_dir"] == "pages"  # the tag ignored, its value plain data; INHERIT merged
    assert plugin_options(data) == {"prefix": "kb", "nav_title": "Library"}
    assert plugin_options({"plugins": {"search": {}, "arxdigest": {"prefix": "p"}}}) == {"prefix": "p"}
    assert plugin_options({"plugins": ["search", "arxdigest"]}) == {}


def test_bad_options_are_refused_with_their_name(tmp_path):
    config = site(tmp_path, "      page_size: many\n")
    with pytest.raises(ConfigError, match="page_size"):
        build_tree(config)
    assert cli_main(["build", "-f", str(config)]) == 2


def test_relink_makes_links_relative_to_the_source_file():
    page = (
        '<a href="../../../kb/authors/a/">A</a> <a href="https://x.org/">x</a> <a href="#c">c</a> <img src="page/2/">'
    )
    assert relink(page, "kb/papers/1.md") == (
        '<a href="../../kb/authors/a/">A</a> <a href="https://x.org/">x</a> <a href="#c">c</a> <img src="1/page/2/">'
    )
    assert relink(page, "kb/papers/index.md") == page  # its URL is its folder's
    assert relink(page, "kb/papers/1.md", use_directory_urls=False) == page
    assert relink('<a href="../">up</a>', "kb/x.md") == '<a href="./">up</a>'
    escaped = "<p>&lt;a href=&quot;../x&quot;&gt;</p>"  # text of a digest, escaped: not a link
    assert relink(escaped, "kb/papers/1.md") == escaped


def test_tree_is_written_once_then_kept(tmp_path):
    config = site(tmp_path, "      prefix: kb\n")
    first = build_tree(config)
    docs = tmp_path / "docs"
    assert "kb/papers/2006.11239.md" in first.files and "assets/arxdigest/graph.js" in first.files
    assert "kb/graph/graph.json" in first.files and sorted(first.written) == sorted(first.files)
    paper = docs / "kb/papers/2006.11239.md"
    assert paper.read_text(encoding="utf-8").startswith("---\n{")
    assert 'href="../../kb/authors/jonathan-ho/"' in paper.read_text(encoding="utf-8")
    assert json.loads((docs / MANIFEST).read_text(encoding="utf-8"))["files"] == sorted(first.files)
    os.utime(paper, (1_000_000, 1_000_000))
    second = build_tree(config)
    assert second.files == first.files and second.written == [] and second.removed == []
    assert paper.stat().st_mtime == 1_000_000  # untouched: the generator's incremental build skips it
    assert (docs / "index.md").read_text(encoding="utf-8") == "# Home\n"


def test_stale_files_go_user_files_stay(tmp_path):
    config = site(tmp_path, "      prefix: kb\n")
    build_tree(config)
    docs = tmp_path / "docs"
    (docs / "kb" / "mine.md").write_text("mine\n", encoding="utf-8")  # the user's, beside generated pages
    (docs / "kb" / "authors" / "index.md").write_text("my authors\n", encoding="utf-8")  # replaces a generated one
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = [f for f in manifest["files"] if f != "kb/authors/index.md"]  # as if never ours
    (docs / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert "kb/authors/index.md" in build_tree(config).refused
    report = build_tree(config, pages=["papers"])  # authors, topics, days and graph pages are gone
    assert (docs / "kb/authors/index.md").read_text(encoding="utf-8") == "my authors\n"
    assert "kb/graph/graph.json" in report.removed and not (docs / "kb/graph").exists()
    assert not (docs / "kb/authors/jonathan-ho.md").exists() and (docs / "kb/mine.md").exists()
    assert (docs / "kb/papers/2006.11239.md").exists()


def test_users_overview_moves_the_generated_one(tmp_path):
    config = site(tmp_path, "      prefix: kb\n")
    (tmp_path / "docs/kb").mkdir()
    (tmp_path / "docs/kb/index.md").write_text("# My library\n", encoding="utf-8")
    report = build_tree(config)
    assert "kb/overview.md" in report.files and "kb/index.md" not in report.files
    assert (tmp_path / "docs/kb/index.md").read_text(encoding="utf-8") == "# My library\n"


def test_cli_build_and_out(tmp_path, capsys):
    config = site(tmp_path, extra="docs_dir: docs\n")
    out = tmp_path / "elsewhere"
    assert cli_main(["build", "-f", str(config), "-o", str(out)]) == 0
    assert "files in" in capsys.readouterr().out
    assert (out / "papers/2006.11239.md").is_file() and not (tmp_path / "docs/papers").exists()


def test_watch_rebuilds_on_a_changed_digest(tmp_path):
    digests = tmp_path / "digests"
    digests.mkdir()
    (digests / "a.md").write_text((DIGESTS / "table" / os.listdir(DIGESTS / "table")[0]).read_text("utf-8"), "utf-8")
    config = site(tmp_path)
    tree = TreeBuilder(config, sources=[str(digests)])
    before = snapshot(tree.inputs())
    reports = []

    def touched(report):
        reports.append(report)
        if len(reports) == 1:  # a change between two polls
            (digests / "a.md").write_text("", encoding="utf-8")
            st = (digests / "a.md").stat()
            os.utime(digests / "a.md", (st.st_atime, st.st_mtime + 5))

    watch(tree, interval=0.01, rounds=2, on_report=touched)
    assert snapshot(tree.inputs()) != before
    assert len(reports) == 2 and reports[1].removed  # the digest emptied: its papers' pages removed


def test_a_mkdocs_without_the_plugin_api_is_named_in_one_line():
    """Loaded by a MkDocs whose ``mkdocs.plugins`` has no ``BasePlugin`` (MkDocs 2), the plugin says so."""
    import subprocess
    import sys

    code = (
        "import sys, types; sys.modules['mkdocs.plugins'] = types.ModuleType('mkdocs.plugins')\n"
        "import mkdocs_arxdigest.plugin"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines()[-1].startswith("ImportError: mkdocs-arxdigest needs MkDocs 1.x")
