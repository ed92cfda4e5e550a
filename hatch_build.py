"""Hatchling build hook: bundle the graph views' JavaScript before building a wheel.

``mkdocs_arxdigest/assets/arxdigest/graph.js`` is a build output (never
committed): sigma.js + graphology + ``js/src`` bundled by esbuild into one
minified IIFE. This hook makes it for every wheel build, standard or editable
(``pip install .``, ``pip install -e .``, ``python -m build``, a wheel built from
the sdist, which ships ``js/``, ``package.json`` and ``package-lock.json``):

1. skip everything if the bundle is newer than every file under ``js/``,
   ``package.json`` and ``package-lock.json``;
2. ``npm ci`` if ``node_modules`` is missing or older than the lock file;
3. ``npm run build`` (``node js/build.mjs``, esbuild).

Needs Node.js and npm on PATH; fails with a clear message otherwise.
``ARXDIGEST_NPM`` may name the npm executable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = Path("mkdocs_arxdigest") / "assets" / "arxdigest" / "graph.js"
SOURCES = ("js", "package.json", "package-lock.json")


def _newest_mtime(root: Path) -> float:
    newest = 0.0
    for name in SOURCES:
        path = root / name
        if path.is_dir():
            for sub in path.rglob("*"):
                if sub.is_file():
                    newest = max(newest, sub.stat().st_mtime)
        elif path.is_file():
            newest = max(newest, path.stat().st_mtime)
    return newest


def bundle_is_fresh(root: Path) -> bool:
    """True if the bundle exists and is newer than all JS sources and the lock file."""
    bundle = root / BUNDLE
    return bundle.is_file() and bundle.stat().st_size > 0 and bundle.stat().st_mtime >= _newest_mtime(root)


def node_modules_is_fresh(root: Path) -> bool:
    """True if ``node_modules`` was installed from the current lock file.

    npm writes ``node_modules/.package-lock.json`` on every install; it must be
    newer than ``package-lock.json`` and ``package.json``.
    """
    marker = root / "node_modules" / ".package-lock.json"
    if not marker.is_file():
        return False
    stamp = marker.stat().st_mtime
    return all(stamp >= (root / name).stat().st_mtime for name in ("package-lock.json", "package.json"))


class GraphBundleHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            # The sdist ships the sources (js/, package*.json); its wheel builds the bundle.
            return
        root = Path(self.root)
        if not (root / "package.json").is_file():
            raise RuntimeError(f"mkdocs-arxdigest: {root / 'package.json'} is missing; cannot build {BUNDLE}")
        if bundle_is_fresh(root):
            self.app.display_info(f"mkdocs-arxdigest: {BUNDLE} is up to date")
            return
        npm = os.environ.get("ARXDIGEST_NPM") or shutil.which("npm")
        if not npm:
            raise RuntimeError(
                "mkdocs-arxdigest: building the graph views needs Node.js and npm (>= 9) on PATH, "
                f"to bundle {BUNDLE} from js/ with esbuild. Install Node.js (e.g. `apt-get install nodejs npm`) "
                "and retry, or set ARXDIGEST_NPM to the npm executable."
            )
        if not node_modules_is_fresh(root):
            self._run([npm, "ci", "--no-audit", "--no-fund"], root, "npm ci")
        self._run([npm, "run", "build", "--silent"], root, "npm run build")
        if not (root / BUNDLE).is_file():
            raise RuntimeError(f"mkdocs-arxdigest: `npm run build` did not produce {BUNDLE}")
        self.app.display_info(f"mkdocs-arxdigest: built {BUNDLE} ({(root / BUNDLE).stat().st_size // 1024} KiB)")

    def _run(self, cmd: list[str], cwd: Path, what: str) -> None:
        self.app.display_info(f"mkdocs-arxdigest: {what}")
        try:
            subprocess.run(cmd, cwd=cwd, check=True)
        except FileNotFoundError as exc:
            raise RuntimeError(f"mkdocs-arxdigest: cannot run {cmd[0]!r} ({exc}); Node.js and npm are needed") from exc
        except subprocess.CalledProcessError as exc:
            raise RuntimeError(
                f"mkdocs-arxdigest: `{' '.join(cmd[1:]) if len(cmd) > 1 else cmd[0]}` failed with exit code "
                f"{exc.returncode} in {cwd}; see the output above"
            ) from exc
