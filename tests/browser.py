"""Helpers for tests that open built sites in headless Chromium (Playwright).

- :func:`skip_without_browser`: what a browser test module calls first.
- :data:`CHROMIUM` / :data:`CHROMIUM_ARGS`: Debian's chromium and the flags
  that work in containers (no sandbox, software WebGL through SwiftShader,
  no background traffic to Google).
- :class:`StaticServer`: a threaded ``http.server`` on 127.0.0.1, bound before
  the site is built (so the build can know its port, e.g. for ``site_url``).
- :class:`SiteBuild`: ``python -m mkdocs build`` in a subprocess that can run
  in the background while other tests use another site.
- :class:`Recorder`: every request, uncaught script error and console error
  of a browser context, checked after each test.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .sitebuild import ENV

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]


def skip_without_browser() -> None:
    """Skip the calling test module, with the reason, unless Debian's chromium and Playwright are both there."""
    if not CHROMIUM.exists():
        pytest.skip(f"Debian chromium ({CHROMIUM}) is not installed: apt-get install chromium", allow_module_level=True)
    pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'")


# Console messages that are not errors of the page (SwiftShader's WebGL driver notes).
BENIGN_CONSOLE = ("GL Driver Message", "GPU stall due to ReadPixels")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no access log on stderr
        pass


class StaticServer:
    """Serves ``directory`` on ``127.0.0.1:<free port>``; the folder may be filled after start."""

    def __init__(self, directory: Path):
        self.directory = directory
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextlib.contextmanager
def chromium() -> Iterator:
    """Debian's Chromium through Playwright, for a test module's ``browser`` fixture."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def served_build(root: Path, config: Callable[[str], Path]) -> Iterator[tuple[StaticServer, Path]]:
    """A site built into ``root/site`` (:class:`SiteBuild`) and served meanwhile: ``(server, site folder)``.

    ``config(server_url)`` writes the ``mkdocs.yml`` and returns its path.
    """
    out = root / "site"
    out.mkdir()
    server = StaticServer(out)
    build = SiteBuild(config(server.url), out)
    try:
        build.wait()
        yield server, out
    finally:
        build.stop()
        server.stop()


class SiteBuild:
    """``python -m mkdocs build --strict -f config -d site_dir``, started at once, awaited by :meth:`wait`."""

    def __init__(self, config: Path, site_dir: Path, timeout: float = 600):
        self.config = config
        self.site_dir = site_dir
        self.timeout = timeout
        self.log = config.parent / "build.log"
        self._log_file = self.log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
            stdout=self._log_file, stderr=subprocess.STDOUT, env=ENV, cwd=config.parent,
        )  # fmt: skip
        self._done = False

    def wait(self) -> Path:
        """The built site folder; raises with the build log if the build failed."""
        if not self._done:
            try:
                code = self.proc.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                self.stop()
                raise AssertionError(f"mkdocs build of {self.config} took over {self.timeout}s") from None
            finally:
                self._log_file.close()
            self._done = True
            if code != 0:
                raise AssertionError(f"mkdocs build of {self.config} failed ({code}):\n{self.log_text()[-4000:]}")
        return self.site_dir

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Ends the build process if it is still running (it is ours: we started it)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self._log_file.closed:
            self._log_file.close()


@dataclass
class Recorder:
    """What a browser context did: requests, uncaught script errors, console errors."""

    origin: str
    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("page", self._page)

    def _page(self, page) -> None:
        page.on("pageerror", lambda e: self.page_errors.append(f"{page.url}: {e}"))
        page.on("console", lambda m: self._console(page, m))

    def _console(self, page, message) -> None:
        if message.type == "error" and not any(b in message.text for b in BENIGN_CONSOLE):
            self.console_errors.append(f"{page.url}: {message.text}")

    def outside(self) -> list[str]:
        """Requests to anywhere but the test server (``data:`` and ``blob:`` URLs are local)."""
        return [u for u in self.requests if not u.startswith((self.origin, "data:", "blob:"))]

    def check(self) -> None:
        assert self.requests, "no request was recorded"
        assert not self.outside(), f"requested from outside 127.0.0.1: {self.outside()}"
        assert not self.page_errors, f"uncaught script errors: {self.page_errors}"
        assert not self.console_errors, f"console errors: {self.console_errors}"
