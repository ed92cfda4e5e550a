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


_DROP_BLOCK_RE = re.compile(
    r"<(script|style|iframe|object|embed|svg|math|template|noscript)\b.*?(?:</\1\s*>|$)", re.I | re.S
)
# A tag's quoted attribute values may hold "<" and ">": <img alt="<" onerror=...> is one tag.
_ANY_TAG_RE = re.compile(r"""<!--.*?(?:-->|$)|</?[A-Za-z!](?:[^<>"']|"[^"]*"|'[^']*')*>""", re.S)
# C0/C1 controls, zero-width and bidi-override characters, stray BOMs, noncharacters
# and lone surrogates (from JSON ``\ud800`` escapes: they cannot even be written as UTF-8).
_CONTROL_RE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ufeff\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]"
)
_SCHEME_RE = re.compile(r"(?i)\b(javascript|vbscript)(\s*):|\b(data)(\s*):(?=\s*[a-z]+/[a-z0-9.+-]+)")


_TAG_OPEN_RE = re.compile(r"<(?=/?[A-Za-z!?])")
_START_TAG_RE = re.compile(r"<(?=[A-Za-z])")
_LAST_SEPARATOR_RE = re.compile(r"[\s/][^\s/]*\Z")
_TAG_PASSES = 8


def _strip_all_tags(text: str) -> str:
    """Drop tags until none is left: removing one must not leave another behind
    (``<scr<b></b>ipt>``). What still reads as the start of a tag (``<a x=<>``,
    text nested deeper than a few passes, an unclosed ``<img src=x onerror=...``
    that would take in whatever HTML follows it) keeps its ``<`` with a space
    after it, which no HTML parser reads as a tag; ``$a<b$`` stays as it is."""
    for _ in range(_TAG_PASSES):
        stripped = _ANY_TAG_RE.sub("", _DROP_BLOCK_RE.sub("", text))
        if stripped == text:
            break
        text = stripped
    return _defuse(text)


def _defuse(text: str) -> str:
    end = text.rfind(">") + 1
    head, tail = _TAG_OPEN_RE.sub("< ", text[:end]), text[end:]
    # After the last ">", a start tag is unclosed: its name runs to the next space or "/",
    # and it only has attributes if one follows.
    last = _LAST_SEPARATOR_RE.search(tail)
    if last:
        tail = _START_TAG_RE.sub("< ", tail[: last.start()]) + tail[last.start() :]
    return head + tail


def sanitize(text: str) -> str:
    """Make untrusted text inert: drop HTML tags (scripts, frames and styles with their
    content), control and bidi-override characters, and break ``javascript:``-style
    URL schemes. Plain text such as ``a < b`` or ``$O(n^2)$`` is kept as written."""
    if not text:
        return ""
    # Invisible characters go first, so that ``<\u200bscript>`` cannot turn into a tag afterwards.
    text = _CONTROL_RE.sub("", text).replace("\x85", " ")  # NEL is a line break
    if "<" in text:
        text = _strip_all_tags(text)
    if ":" in text:
        text = _SCHEME_RE.sub(lambda m: f"{m.group(1) or m.group(3)} :", text)
        if "<" in text:  # the space just added may start the attributes of an unclosed <javascript:...
            text = _defuse(text)
    return text


_SAFE_HOSTS = (
    "arxiv.org", "doi.org", "dx.doi.org", "biorxiv.org", "medrxiv.org", "github.com", "gitlab.com",
    "huggingface.co", "bitbucket.org", "gitee.com", "codeberg.org", "paperswithcode.com", "openreview.net",
)  # fmt: skip
_URL_RE = re.compile(r"https?://([A-Za-z0-9.-]+)(?::\d+)?(?:[/?#][^\s\"'<>`\\]*)?")


def safe_url(url: str) -> str:
    """Return ``url`` if it is an http(s) link to arXiv, a DOI resolver or a code host, else ``""``."""
    url = (url or "").strip()
    m = _URL_RE.fullmatch(url)
    if not m:
        return ""
    host = m.group(1).lower().rstrip(".")
    if any(host == h or host.endswith("." + h) for h in _SAFE_HOSTS):
        return url
    return ""
