"""Reading and checking mappings of a canonical name to its variants.

Two places take such a mapping: the ``aliases`` YAML file (``Canonical Name: [variant, ...]``
merges spellings of one author) and the plugin's ``topic_rules`` / ``topic_aliases`` options
(``Topic: [keyword, ...]``). A mistake in either must come back as one line that says where it
is and what to write instead, never as a traceback or, worse, as a silently wrong site (a lone
string that is iterated letter by letter). The same checks serve the MkDocs config and the
``arxdigest`` command, so they live here, free of MkDocs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_KINDS = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:merge": "a merge key (<<)",
}
EXAMPLE = "Canonical Name: [variant, ...]"


class AliasesError(ValueError):
    """An aliases file that cannot be used; the message is one line, ``file:line: what to write``."""


def read_aliases(path: str | os.PathLike[str], shown: str | None = None) -> dict[str, list[str]]:
    """The mapping ``canonical name -> [variants]`` of the YAML file at ``path``.

    ``shown`` is how the file is named in messages (default: ``path`` as given). A value that is
    one name stands for a list of that name, an empty value for no variants; a name given twice
    keeps the variants of both (YAML alone would keep the last and drop the others). Anything else
    raises :class:`AliasesError` naming the file and, where YAML knows it, the line.
    """
    shown = shown if shown is not None else os.fspath(path)
    text = _read_text(Path(path), shown)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise AliasesError(_yaml_message(exc, shown)) from None
    except yaml.YAMLError as exc:  # a ReaderError (control characters) carries no mark
        raise AliasesError(f"{shown}: not valid YAML: {_one_line(str(exc))}") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise AliasesError(f"{shown}:{_line(root)}: expected a mapping `{EXAMPLE}`, got {_kind(root)}")
    result: dict[str, list[str]] = {}
    for key, value in root.value:
        name = _scalar_text(key)
        if name is None or not name.strip():
            raise AliasesError(f"{shown}:{_line(key)}: a name must be text, got {_kind(key)}; write `{EXAMPLE}`")
        known = result.setdefault(name, [])
        known += [v for v in _variants(value, shown, name) if v not in known]
    return result


def check_mapping(value: object, item: str = "keyword") -> dict[str, list[str]]:
    """``value`` (already loaded, e.g. from ``mkdocs.yml``) as ``name -> [item, ...]``, or ``ValueError``.

    A lone string stands for a one-item list (``{Agents: agent}`` is ``{Agents: [agent]}``: never its
    letters), an empty value for no items (a rule without keywords: it drops a built-in one of that
    name). ``re:<pattern>`` items must compile. The message is one line saying what to write.
    """
    example = f"Name: [{item}, ...]"
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a mapping `{example}`, got {_py_kind(value)}")
    result: dict[str, list[str]] = {}
    for name, items in value.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"a name must be text, got {_py_kind(name)} {name!r}; write `{example}`")
        if items is None:
            items = []
        elif isinstance(items, str):
            items = [items]
        elif not isinstance(items, list):
            raise ValueError(f"{name!r}: expected a list `[{item}, ...]`, got {_py_kind(items)}")
        for entry in items:
            if not isinstance(entry, str) or not entry.strip():
                shown = repr(entry) if isinstance(entry, str) else f"{_py_kind(entry)} {entry!r}"
                raise ValueError(f'{name!r}: each {item} must be non-empty text, got {shown} (quote it: "...")')
            regex_error(entry, f"{name!r}: ")
        result[name] = list(items)
    return result


def regex_error(entry: str, context: str = "") -> None:
    """Raise ``ValueError`` when ``entry`` is ``re:<pattern>`` and the pattern does not compile."""
    if not entry.startswith("re:"):
        return
    try:
        re.compile(entry[3:])
    except re.error as exc:
        raise ValueError(f"{context}{entry!r} is not a valid regular expression: {exc}") from None


# -- helpers ----------------------------------------------------------------


def _read_text(path: Path, shown: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AliasesError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise AliasesError(f"{shown}: is a folder; name a YAML file `{EXAMPLE}`") from None
    except OSError as exc:
        raise AliasesError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AliasesError(f"{shown}:{line}: not UTF-8 text; save the file as UTF-8") from None


def _variants(node: yaml.Node, shown: str, name: str) -> list[str]:
    """The variants a value node holds (one name, none, or a list of names), else :class:`AliasesError`."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
        return []
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    if not isinstance(node, (yaml.SequenceNode, yaml.ScalarNode)):
        raise AliasesError(f"{shown}:{_line(node)}: {name!r}: expected a list `[variant, ...]`, got {_kind(node)}")
    out: list[str] = []
    for item in items:
        text = _scalar_text(item)
        if text is None or not text.strip():
            hint = ' (quote it: "...")' if isinstance(item, yaml.ScalarNode) and item.tag != _STR else ""
            raise AliasesError(f"{shown}:{_line(item)}: {name!r}: a variant must be a name, got {_kind(item)}{hint}")
        if text not in out:
            out.append(text)
    return out


def _scalar_text(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) and node.tag == _STR else None


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _STR:
        return f"text {node.value!r}" if node.value.strip() else "empty text"
    return f"{_KINDS.get(node.tag, node.tag)} {node.value!r}" if node.tag != _NULL else "an empty value"


def _py_kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "an empty value"
    return "text" if isinstance(value, str) else type(value).__name__


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _yaml_message(exc: yaml.MarkedYAMLError, shown: str) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f"{shown}:{mark.line + 1}" if mark is not None else shown
    problem = exc.problem or exc.context or "not valid YAML"
    if exc.context and exc.problem:
        started = exc.context_mark
        moved = started is not None and mark is not None and started.line != mark.line
        since = f" from line {started.line + 1}" if moved else ""
        problem = f"{problem} ({exc.context}{since})"
    return f"{where}: {_one_line(problem)}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
