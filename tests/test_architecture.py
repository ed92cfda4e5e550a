"""The package's shape: no import circle, a core without MkDocs, the machinery only in ``build/``."""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path

import networkx as nx

import mkdocs_arxdigest
from mkdocs_arxdigest.model import FIELDS, Paper

PACKAGE = Path(mkdocs_arxdigest.__file__).parent
#: Modules that may import MkDocs: the MkDocs front end.
MKDOCS_FRONT_END = {"mkdocs_arxdigest.plugin", "mkdocs_arxdigest.config", "mkdocs_arxdigest.mkdocs_helpers"}
#: What forks, freezes the heap or starts processes: only ``build/`` may.
MACHINERY = {"multiprocessing", "concurrent", "subprocess", "gc", "threading"}


def module_imports(root: Path, package: str) -> dict[str, set[str]]:
    """Every module below ``root`` (named from ``package``) and the modules it imports when it runs.

    Imports under ``if TYPE_CHECKING:`` never run (annotations only) and are left out.
    ``from . import name`` counts as importing the submodule ``name`` when there is one.
    """
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join(parts)] = (path, is_package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for child in node.body
            for n in ast.walk(child)
        }
        here = name if is_package else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
                    target = f"{base}.{node.module}" if node.module else base
                else:
                    target = node.module or ""
                submodules = {f"{target}.{a.name}" for a in node.names} & modules.keys()
                found.update(submodules)
                if len(submodules) < len(node.names):  # names defined by the module (or package) itself
                    found.add(target)
        graph[name] = found
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles among the package's own modules."""
    g = nx.DiGraph()
    g.add_nodes_from(graph)
    g.add_edges_from((a, b) for a, targets in graph.items() for b in targets if b in graph and b != a)
    return sorted(sorted(c) for c in nx.simple_cycles(g))


def test_the_checker_finds_a_circle(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .sub import b\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nfrom .. import c\nif TYPE_CHECKING:\n    from .. import a\n"
    )
    (pkg / "c.py").write_text("import pkg.a\n")
    assert circles(module_imports(pkg, "pkg")) == [["pkg.a", "pkg.c", "pkg.sub.b"]]
    (pkg / "c.py").write_text("import os\n")
    assert circles(module_imports(pkg, "pkg")) == []  # the TYPE_CHECKING import does not count


def test_no_import_circle_in_the_package():
    assert circles(module_imports(PACKAGE, "mkdocs_arxdigest")) == []


def test_only_the_mkdocs_front_end_imports_mkdocs():
    graph = module_imports(PACKAGE, "mkdocs_arxdigest")
    offenders = {m for m, targets in graph.items() if any(t.split(".")[0] == "mkdocs" for t in targets)}
    assert offenders == MKDOCS_FRONT_END


def test_only_build_forks_freezes_or_starts_processes():
    graph = module_imports(PACKAGE, "mkdocs_arxdigest")
    offenders = {
        m
        for m, targets in graph.items()
        if not m.startswith("mkdocs_arxdigest.build")
        and any(t in MACHINERY or t.startswith("multiprocessing") for t in targets)
    }
    assert offenders == set()
    assert not [
        m
        for m, t in graph.items()
        if "mkdocs_arxdigest.build.workers" in t and not m.startswith("mkdocs_arxdigest.build")
    ]


def test_the_core_imports_neither_pages_nor_build():
    graph = module_imports(PACKAGE, "mkdocs_arxdigest")
    core = ["model", "corpus", "topics", "graph", "text", "ids", "slugs", "notes", "export", "i18n"]
    for name in core + [m.removeprefix("mkdocs_arxdigest.") for m in graph if m.startswith("mkdocs_arxdigest.parsers")]:
        targets = graph[f"mkdocs_arxdigest.{name}"]
        assert not [t for t in targets if t.startswith(("mkdocs_arxdigest.build", "mkdocs_arxdigest.pages"))], name
    assert not [t for t in graph["mkdocs_arxdigest.corpus"] if t.endswith((".graph", ".workers"))]


def test_plugin_hooks_are_a_few_lines_each():
    from mkdocs_arxdigest.plugin import ArxDigestPlugin

    for name, member in vars(ArxDigestPlugin).items():
        function = getattr(member, "__func__", member)
        if not callable(function) or not hasattr(function, "__code__"):
            continue
        body = textwrap.dedent(inspect.getsource(function)).splitlines()
        assert len(body) <= 30, f"{name} has {len(body)} lines"
    assert len(inspect.getsource(inspect.getmodule(ArxDigestPlugin)).splitlines()) < 200


def test_every_paper_field_is_declared_once():
    from dataclasses import fields

    declared = [f.name for f in FIELDS]
    assert sorted(declared) == sorted(f.name for f in fields(Paper)) and len(set(declared)) == len(declared)
