"""Digest parsers: one module per input format, detected by content.

Every format module exposes ``NAME`` (a short string), ``detect(text) -> bool``
and ``parse(text, path) -> ParseResult``. They are pure functions of the text:
no file system, no MkDocs. :func:`parse_file` adds decoding and dispatch.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import charset_normalizer

from ..model import Diagnostic, ParseResult
from . import ai_enhanced, ai_jsonl, api_json, cv_json, table, topic_tables

#: Format modules in detection order: the first whose ``detect`` accepts the text wins.
FORMATS = (ai_jsonl, cv_json, api_json, ai_enhanced, topic_tables, table)

#: File name suffixes read from folders (single files are read whatever their name).
SUFFIXES = (".md", ".markdown", ".txt", ".json", ".jsonl")


def detect(text: str):
    """Return the format module that reads ``text``, or ``None``."""
    for module in FORMATS:
        try:
            if module.detect(text):
                return module
        except Exception:  # a detector must never take the build down
            continue
    return None


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode file bytes to text with ``\\n`` line ends.

    UTF-8 (with or without BOM) is expected. UTF-16 with a BOM, multi-byte
    encodings that charset-normalizer recognises (Chinese GB18030/GBK and Big5,
    Japanese, Korean) and other 8-bit encodings (as Latin-1/Windows-1252) are
    still read, with a warning; binary files are refused with a warning.
    """
    warnings: list[Diagnostic] = []
    if not data.strip():
        return None, [Diagnostic(path, 0, "empty file")]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return None, [Diagnostic(path, 0, f"undecodable UTF-16 file: {exc.reason}")]
        warnings.append(Diagnostic(path, 0, "file is UTF-16, not UTF-8; read anyway"))
    else:
        if b"\x00" in data[:8192]:
            return None, [Diagnostic(path, 0, "binary file, not a digest")]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            guessed = _multibyte_guess(data)
            if guessed is not None:
                text, encoding = guessed
                warnings.append(Diagnostic(path, 0, f"not UTF-8: read as {encoding}"))
            else:
                line = data.count(b"\n", 0, exc.start) + 1
                text = data.decode("cp1252", errors="replace") if _looks_cp1252(data) else data.decode("latin-1")
                warnings.append(Diagnostic(path, line, "file is not valid UTF-8; read as Latin-1/Windows-1252"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def _multibyte_guess(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` when charset-normalizer finds a multi-byte encoding (GB18030/GBK, Big5,
    Shift_JIS, EUC-KR, ...), else ``None``.

    Single-byte guesses are not taken: on short Western text charset-normalizer picks among
    look-alike code pages (cp1250 for a cp1252 file), where the Latin-1/Windows-1252 reading
    is right far more often. GBK files are read as GB18030, its superset.
    """
    try:
        best = charset_normalizer.from_bytes(data).best()
    except Exception:  # noqa: BLE001 - a detector must never take the build down
        return None
    if best is None:
        return None
    text = str(best)
    if len(text) >= len(data):  # one character per byte: a single-byte code page
        return None
    encoding = {"gbk": "gb18030", "gb2312": "gb18030"}.get(best.encoding, best.encoding)
    if encoding != best.encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            encoding = best.encoding
    return text, encoding


def _looks_cp1252(data: bytes) -> bool:
    return any(0x80 <= b <= 0x9F for b in data)


def parse_text(text: str, path: str) -> ParseResult:
    """Detect the format of ``text`` and parse it; an unknown format is one warning."""
    module = detect(text)
    if module is None:
        return ParseResult(None, [], [Diagnostic(path, 0, "not a digest in any known format; skipped")])
    try:
        return module.parse(text, path)
    except Exception as exc:  # pragma: no cover - parsers are written not to raise
        return ParseResult(module.NAME, [], [Diagnostic(path, 0, f"{module.NAME} parser failed: {exc!r}")])


_UNPRINTABLE_RE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def printable_path(path: str) -> str:
    """A file path fit for pages and logs: bytes that are not UTF-8 (which Python keeps
    as lone surrogates, and which cannot be written out) and control characters
    become U+FFFD."""
    return _UNPRINTABLE_RE.sub("\ufffd", str(path))


def parse_bytes(data: bytes, path: str) -> ParseResult:
    path = printable_path(path)
    text, warnings = decode(data, path)
    if text is None:
        return ParseResult(None, [], warnings)
    result = parse_text(text, path)
    result.warnings[:0] = warnings
    return result


def parse_file(path: str | os.PathLike[str], display_path: str | None = None) -> ParseResult:
    """Read and parse one file; unreadable files give a warning, never an exception."""
    shown = printable_path(display_path or str(path))
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ParseResult(None, [], [Diagnostic(shown, 0, f"cannot read file: {exc.strerror or exc}")])
    return parse_bytes(data, shown)


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand files, folders (recursively, by suffix) and globs into a sorted, unique file list."""
    found: set[Path] = set()
    for entry in paths:
        p = Path(entry)
        if any(ch in str(entry) for ch in "*?["):
            anchor = Path(p.anchor or ".")
            pattern = str(p.relative_to(anchor)) if p.is_absolute() else str(entry)
            candidates = anchor.glob(pattern)
        elif p.is_dir():
            candidates = (
                c
                for c in p.rglob("*")
                if c.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in c.relative_to(p).parts)
            )
        else:
            candidates = [p] if p.exists() else []
        found.update(c for c in candidates if c.is_file())
    return sorted(found)
