"""Small text helpers shared by the parsers and the corpus."""

from __future__ import annotations

import re
import unicodedata

_WS_RE = re.compile(r"\s+")
_BR_RE = re.compile(r"<br\s*/?>", re.I)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
# Translator chatter seen in LLM-translated digests.
_PREFIX_RE = re.compile(r"^\s*(?:中文翻译|中文标题|翻译|译文|标题翻译|摘要翻译|Translation)\s*[:：]\s*", re.I)
_NOTE_RE = re.compile(r"\s*[(（]\s*(?:注|译注|Note)\s*[:：].*?[)）]\s*$|\s*(?:注|译注)\s*[:：].*$", re.S)
FAILED_MARKERS = ("[翻译失败]", "【翻译失败】", "[translation failed]")
_DATE_RE = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?")


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and strip."""
    return _WS_RE.sub(" ", text or "").strip()


def normalize(text: str) -> str:
    """NFC-normalise and collapse whitespace: the form every stored string takes."""
    return squash(unicodedata.normalize("NFC", text or ""))


def normalize_block(text: str) -> str:
    """Like :func:`normalize` but keep paragraph breaks (blank lines) in long text."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [squash(p) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def normalize_name(name: str) -> str:
    """Normalise a person's name: NFC, single spaces, no stray punctuation at the ends."""
    name = normalize(name).strip(" ,;:*")
    return name


def strip_tags(text: str) -> str:
    """Turn ``<br>`` into spaces and drop other HTML tags (the text stays escaped later)."""
    return _TAG_RE.sub("", _BR_RE.sub(" ", text or ""))


def clean_translation(text: str) -> tuple[str, bool]:
    """Strip translator chatter from a translated cell.

    Returns ``(text, failed)``: ``failed`` is set when the cell carries a
    failed-translation marker (the marker itself is removed, the text kept).
    """
    failed = False
    for marker in FAILED_MARKERS:
        if marker in text:
            failed = True
            text = text.replace(marker, "")
    text = _PREFIX_RE.sub("", text)
    text = _NOTE_RE.sub("", text)
    return text.strip(), failed


def parse_date(text: str) -> str | None:
    """Return an ISO date for ``YYYY-MM-DD``, ``YYYY.MM.DD``, ``YYYY/MM/DD`` or ``YYYY年M月D日``.

    ``None`` when there is no date or it is not a real calendar date.
    """
    import datetime

    m = _DATE_RE.search(text or "")
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text or "")


def is_invalid_date(text: str) -> bool:
    """True when ``text`` holds something shaped like a date that is not a real date."""
    return bool(_DATE_RE.search(text or "")) and parse_date(text) is None
