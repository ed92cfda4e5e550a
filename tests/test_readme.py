"""The README's promises: its Python API example runs as written, CI runs its test command word for word."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(heading: str, language: str) -> str:
    section = README.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


def test_the_python_api_example_runs_as_written(monkeypatch):
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(_block("Python API", "python"), "README.md", "exec"), namespace)  # noqa: S102 - our own README
    corpus = namespace["corpus"]
    assert corpus.papers["1706.03762"].authors == ["Ashish Vaswani"]
    assert namespace["g"].number_of_nodes() == len(corpus.authors) + len(corpus.topics)


def test_ci_runs_the_quick_start_test_command_word_for_word():
    quick = README.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\s+#", quick)
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci.splitlines()
    assert os.access(ROOT / ".ci" / "run", os.R_OK)
