"""Helpers for tests that run real ``mkdocs build``s in temporary folders."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def write_site(root: Path, sources: list[str | Path], docs: dict[str, str] | None = None, **options) -> Path:
    """A minimal Material site in ``root`` using the plugin; returns the ``mkdocs.yml`` path."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    for name, text in (docs or {}).items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    plugin = {"sources": [str(s) for s in sources], "cache_dir": str(root / ".cache"), **options}
    config = {
        "site_name": "Test",
        "theme": {"name": "material", "font": False},
        "plugins": [{"search": {}}, {"arxdigest": plugin}],
    }
    config_path = root / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_path


def build(config: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """``python -m mkdocs build`` on ``config``; raises with the log when it fails and ``check``."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), *args],
        capture_output=True, text=True, env=ENV, cwd=config.parent,
    )  # fmt: skip
    if check and proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return proc


_HREF_RE = re.compile(r'\s(?:href|src)="([^"]*)"')


def internal_links(html: str) -> list[str]:
    """Relative ``href``/``src`` values of a page (no scheme, no ``//``, no pure anchors)."""
    out = []
    for value in _HREF_RE.findall(html):
        if not value or value.startswith(("#", "//", "mailto:", "data:")) or re.match(r"^[a-z][a-z0-9+.-]*:", value):
            continue
        out.append(value)
    return out


def resolve(site: Path, page: Path, link: str) -> Path:
    """The file a relative link from ``page`` points at (directory URLs end in ``index.html``)."""
    from urllib.parse import unquote

    target = unquote(link.split("#")[0].split("?")[0])
    path = page
    if target.startswith("/"):  # 404.html uses site-absolute links
        path = site / target.lstrip("/")
    elif target:
        path = page.parent / target
    if target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return Path(os.path.normpath(path))
