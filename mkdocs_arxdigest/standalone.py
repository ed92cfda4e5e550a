"""The knowledge base written into a docs tree, for site generators that run no MkDocs plugin (Zensical).

The MkDocs plugin and this module are two thin callers of the same core: both read
the plugin's options (:class:`~mkdocs_arxdigest.config.ArxDigestConfig`), hand a
:class:`~mkdocs_arxdigest.pages.Site` to a :class:`~mkdocs_arxdigest.build.round.Builder`
(same templates, same cache folder, same fingerprints), and differ only in where
the pages end up: MkDocs is told of the cache's files, here they are copied into
``<docs_dir>/`` with the plugin's assets. A file is rewritten only when its content
changed, so the generator's own incremental build keeps working, and a file this
build wrote before and no longer makes is removed (a manifest,
``<docs_dir>/.arxdigest-files.json``, lists what it wrote; other files are never touched).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from .build.round import Builder
from .build.round import Report as RoundReport
from .build.store import Store, UnsafePath
from .config import ArxDigestConfig, site_options
from .pages import Site
from .pages.assets import ASSETS, PACKAGE

log = logging.getLogger("mkdocs.plugins.arxdigest")

#: The list of files this build wrote into a docs tree, inside that tree (dot files are no pages).
MANIFEST = ".arxdigest-files.json"
PLUGIN = "arxdigest"


class ConfigError(ValueError):
    """``mkdocs.yml`` or the plugin's options are not usable; the message says why."""


@dataclass
class Report:
    """What :func:`build_tree` did to the docs tree."""

    out: Path
    """The docs tree written into."""
    files: list[str] = field(default_factory=list)
    """Every file of the knowledge base in the tree (paths relative to ``out``), in plan order."""
    written: list[str] = field(default_factory=list)
    """Those written in this build (new or changed)."""
    removed: list[str] = field(default_factory=list)
    """Files written by an earlier build that this one no longer makes, deleted."""
    refused: list[str] = field(default_factory=list)
    """Paths where a file of the user's stands (or that leave the tree): left alone, not written."""
    round: RoundReport | None = None
    """The build round's counts (pages kept by fingerprint, rendered, ...)."""

    def __str__(self) -> str:
        return (
            f"{len(self.files)} files in {self.out} ({len(self.written)} written, "
            f"{len(self.files) - len(self.written)} unchanged, {len(self.removed)} removed)"
        )


# -- mkdocs.yml -------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe YAML that reads ``!ENV`` as MkDocs does and any other tag (``!!python/name:...``) as plain data."""


def _env_tag(loader: _Loader, node: yaml.Node) -> Any:
    """``!ENV VAR`` or ``!ENV [VAR, OTHER, default]``: the first variable set, else the default (``None``)."""
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    *variables, default = names if len(names) > 1 else [*names, None]
    for name in variables:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
    return default


def _unknown_tag(loader: _Loader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor("!ENV", _env_tag)
_Loader.add_multi_constructor("", _unknown_tag)


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as data (``INHERIT`` is merged in, shallowly, as MkDocs does for top-level keys)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: {error}") from error
    data = data or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not a mapping of settings")
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        data = {**read_mkdocs_yml((path.parent / parent).resolve()), **data}
    return data


def plugin_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The ``arxdigest`` entry of ``plugins`` (a list of names or one-key mappings, or a mapping); ``{}`` if none."""
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None) for p in plugins
    )  # fmt: skip
    for name, options in entries:
        if name == PLUGIN:
            return dict(options or {})
    return {}


def validate_options(options: Mapping[str, Any], config_file: Path) -> ArxDigestConfig:
    """The options checked as MkDocs checks them; :class:`ConfigError` lists what is wrong."""
    plugin_config = ArxDigestConfig(config_file_path=str(config_file))
    plugin_config.load_dict(dict(options))
    failed, warnings = plugin_config.validate()
    for key, warning in warnings:
        log.warning("arxdigest: option %r: %s", key, warning)
    if failed:
        raise ConfigError("; ".join(f"option {key!r}: {error}" for key, error in failed))
    return plugin_config


class _Theme(dict):
    """What :func:`~mkdocs_arxdigest.config.site_options` reads of MkDocs' theme."""


@dataclass
class _MkDocsConfig:
    """The few settings of ``mkdocs.yml`` that the knowledge base reads, with MkDocs' defaults."""

    theme: _Theme
    use_directory_urls: bool
    site_url: str = ""  # absolute URLs in the paper pages' citation meta tags


class _DocsFiles:
    """The user's files of the docs tree, as :func:`site_options` asks of MkDocs' ``Files``."""

    def __init__(self, out: Path, ours: set[str]):
        self.out, self.ours = out, ours

    def get_file_from_path(self, path: str) -> bool:
        return path not in self.ours and (self.out / path).is_file()


# -- the build --------------------------------------------------------------------


class TreeBuilder:
    """The knowledge base of one ``mkdocs.yml`` written into its docs tree, round after round (``--watch``).

    Args:
        config_file: the site's ``mkdocs.yml``.
        out: the docs tree to write into (default: ``docs_dir``), relative to ``mkdocs.yml``.
        overrides: plugin options that replace those of ``mkdocs.yml`` (``sources=["digests"]``, ``prefix="kb"``).
    """

    def __init__(self, config_file: str | os.PathLike[str], *, out: str | None = None, **overrides: Any):
        self.config_file = Path(config_file).resolve()
        self.root = self.config_file.parent
        config = read_mkdocs_yml(self.config_file)
        self.options = validate_options({**plugin_options(config), **overrides}, self.config_file)
        theme = config.get("theme") or {}
        theme = _Theme({"name": theme} if isinstance(theme, str) else theme)
        directory_urls = bool(config.get("use_directory_urls", True))
        self.mkdocs = _MkDocsConfig(theme, directory_urls, str(config.get("site_url") or ""))
        self.out = self._resolve(out or config.get("docs_dir") or "docs")
        custom_dir = theme.get("custom_dir")
        self.template_dirs = [self._resolve(custom_dir)] if isinstance(custom_dir, str) else []
        self.builder = Builder(self._resolve(self.options.cache_dir), keep_parsed=True,
                               concurrency=self.options.concurrency)  # fmt: skip

    def _resolve(self, value: str) -> Path:
        path = Path(value)
        return (path if path.is_absolute() else self.root / path).resolve()

    def sources(self) -> list[Path]:
        return [self._resolve(s) for s in self.options.sources]

    def inputs(self) -> list[Path]:
        """What a build reads besides the docs tree: the sources, the notes folder, the aliases file."""
        extra = [self._resolve(self.options.notes)]
        if self.options.aliases:
            extra.append(self._resolve(self.options.aliases))
        return [*self.sources(), *extra]

    def build(self) -> Report:
        """One round: the corpus loaded (through the cache), every page made, the docs tree brought up to date."""
        builder = self.builder
        builder.begin()
        try:
            site = self._site()
            planned = list(builder.start(site))
            builder.settle()
            round_report = builder.finish()
        except BaseException:
            builder.abort()
            raise
        builder.end()
        files = [(p.src_uri, Path(p.path)) for p in planned] + [(a, PACKAGE / a) for a in ASSETS]
        transform = partial(for_generators, use_directory_urls=self.mkdocs.use_directory_urls)
        report = write_tree(self.out, files, transform=transform)
        if site.enabled("search"):  # the same bundle the plugin places in site_dir, here in the docs tree
            builder.index_search(self.out, site.prefix)
        report.round = round_report
        return report

    def _site(self) -> Site:
        corpus, notes = self.builder.load_project(self.options, self.root)
        for source in self.sources():
            if source.is_relative_to(self.out):
                log.warning("arxdigest: %s is inside the docs tree: the generator renders its files too", source)
        files = _DocsFiles(self.out, set(read_manifest(self.out)))
        options = site_options(self.options, self.mkdocs, files)
        return Site(corpus, options, template_dirs=self.template_dirs, notes=notes, cache_dir=self.builder.layout_dir)


def build_tree(config_file: str | os.PathLike[str], *, out: str | None = None, **overrides: Any) -> Report:
    """Write the knowledge base of ``config_file`` (``mkdocs.yml``) into its docs tree once (:class:`TreeBuilder`)."""
    return TreeBuilder(config_file, out=out, **overrides).build()


def watch(tree: TreeBuilder, *, interval: float = 1.0, rounds: int | None = None,
          on_report: Callable[[Report], None] = print) -> None:  # fmt: skip
    """Build, then build again whenever an input's modification time changes (polled every ``interval`` s).

    Stops after ``rounds`` builds (``None``: never; Ctrl-C stops it). A failed round is logged, and the
    next change tries again.
    """
    done = 0
    seen: dict[str, float] | None = None
    while rounds is None or done < rounds:
        now = snapshot(tree.inputs())
        if now != seen:
            seen = now
            try:
                on_report(tree.build())
            except Exception as error:  # noqa: BLE001 - a bad digest must not end the watch
                log.error("arxdigest: build failed: %s", error)
            done += 1
            continue
        time.sleep(interval)


def snapshot(paths: Iterable[Path]) -> dict[str, float]:
    """Modification times of ``paths`` and of every file below those that are folders (no hidden ones)."""
    times: dict[str, float] = {}
    for path in paths:
        if path.is_dir():
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    full = os.path.join(folder, name)
                    with contextlib.suppress(OSError):  # gone meanwhile
                        times[full] = os.stat(full).st_mtime
        else:
            try:
                times[str(path)] = path.stat().st_mtime
            except OSError:
                times[str(path)] = -1.0
    return times


# -- the docs tree ----------------------------------------------------------------


def read_manifest(out: Path) -> list[str]:
    """The files an earlier build wrote into ``out`` (``[]``: none, or no readable manifest)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = data.get("files") if isinstance(data, dict) and data.get("version") == 1 else None
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def write_tree(
    out: Path, files: Iterable[tuple[str, Path]], transform: Callable[[str, bytes], bytes] | None = None
) -> Report:
    """Copy ``(rel, source)`` files into ``out``, rewriting only those whose content changed.

    A file at ``rel`` that an earlier build did not write, and whose content is not what
    this one would write, is the user's: it is left alone (with a warning). Files the
    manifest lists that are not in ``files`` any more are deleted, then their folders if empty.
    """
    out.mkdir(parents=True, exist_ok=True)
    target = Store(out)  # its compare-then-replace writing, and its path checks; no manifest nor pruning
    before = read_manifest(out)
    ours = set(before)
    report = Report(out)
    for rel, source in files:
        data = source.read_bytes()
        if transform is not None:
            data = transform(rel, data)
        try:
            path, st = target.locate(rel)
        except UnsafePath:
            log.warning("arxdigest: refused to write unsafe path %r", rel)
            report.refused.append(rel)
            continue
        if st is not None and rel not in ours and Path(path).read_bytes() != data:
            log.warning("arxdigest: %s is a file of yours: not replaced by the generated page", rel)
            report.refused.append(rel)
            continue
        _, rewritten = target.put(rel, path, st, data)
        report.files.append(rel)
        if rewritten:
            report.written.append(rel)
    kept = set(report.files)
    for rel in before:
        if rel not in kept:
            _remove(target, rel, report)
    _write_manifest(out, report.files)
    return report


def _remove(target: Store, rel: str, report: Report) -> None:
    try:
        path, st = target.locate(rel)
    except UnsafePath:
        return
    if st is None:
        return
    os.unlink(path)
    report.removed.append(rel)
    folder = Path(path).parent
    while folder != target.root and folder.is_relative_to(target.root):
        try:
            folder.rmdir()  # only if empty
        except OSError:
            break
        folder = folder.parent


def _write_manifest(out: Path, files: list[str]) -> None:
    path = out / MANIFEST
    text = json.dumps({"version": 1, "files": sorted(files)}, indent=0, sort_keys=True) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)


# -- Markdown for other generators -------------------------------------------------


_LINK_RE = re.compile(r'(\s(?:href|src)=")([^"#/][^"]*)"')
_SCHEME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def relink(markdown: str, src_uri: str, use_directory_urls: bool = True) -> str:
    """Links of a generated page made relative to its source file rather than to its URL.

    The templates write links as the page's URL sees them (``kb/papers/<id>/`` for
    ``kb/papers/<id>.md``): under MkDocs the plugin keeps its HTML blocks away from
    Markdown, so they stay as they are. Zensical reads every ``href`` and ``src`` of
    a page, raw HTML too, as relative to the Markdown file, as it does Markdown links,
    and adds the ``../`` that directory URLs need: the links are given to it one folder up.
    """
    name = src_uri.rpartition("/")[2]
    if not use_directory_urls or name == "index.md" or not name.endswith(".md"):
        return markdown  # the page's URL is in its source's folder
    stem = name[:-3]

    def one(m: re.Match[str]) -> str:
        value = m.group(2)
        if _SCHEME_RE.match(value):
            return m.group(0)
        up = value.startswith("../")
        value = (value[3:] or "./") if up else f"{stem}/{value.removeprefix('./')}"
        return f'{m.group(1)}{value}"'

    return _LINK_RE.sub(one, markdown)


def for_generators(rel: str, data: bytes, use_directory_urls: bool = True) -> bytes:
    """A generated file as a generator without the plugin's hooks reads it right (see :func:`relink`)."""
    if not rel.endswith(".md"):
        return data
    return relink(data.decode("utf-8"), rel, use_directory_urls).encode("utf-8")
