"""Small text helpers shared by the parsers and the corpus."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WS_RE = re.compile(r"\s+")
_BR_RE = re.compile(r"<br\s*/?>", re.I)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
# Translator chatter seen in LLM-translated digests.
_PREFIX_RE = re.compile(r"^\s*(?:中文翻译|中文标题|翻译|译文|标题翻译|摘要翻译|Translation)\s*[:：]\s*", re.I)
_NOTE_LABEL = r"(?:注|译注|注释|注意|说明|翻译说明|译者说明|备注|解释|Note|Translator'?s note)"
#: A translator's note after the text: ``（说明：该翻译严格遵循……）``, ``(Note: …)``, ``注：…``.
_NOTE_RE = re.compile(
    rf"\s*[(（]\s*{_NOTE_LABEL}\s*[:：].*?[)）]\s*$|\s*(?<![\w])(?:注|译注|说明|翻译说明|备注)\s*[:：].*$", re.S | re.I
)
_THOUGHT_OPENING = (
    r"(?:(?:好的|嗯|首先|好|那么)[，,]\s*(?:我需要|我要|我得|用户|让我|现在)|我需要帮用户|让我(?:先)?(?:看看|想想|分析)|用户(?:让我|希望我|要求我)"
    r"|(?:Okay|OK|Alright|Hmm)[,.]?\s+(?:so\s+)?(?:the user|I need to|I'm asked|let me)"
    r"|Let me (?:translate|summari[sz]e))"
)
#: A model's reasoning where the translation should be: a ``<think>…</think>`` block first, or an
#: opening such as ``好的，我需要帮用户总结`` / ``Okay, the user wants`` (after ``<think>`` or not).
#: ``<think> tokens help`` is a sentence about the token, not a thought.
_THOUGHT_RE = re.compile(rf"^\s*(?:<think>\s*)?{_THOUGHT_OPENING}|^\s*<think>.*</think>", re.I | re.S)
_THINK_END_RE = re.compile(r"</think>", re.I)
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


@dataclass(frozen=True)
class Translation:
    """A translated field with the LLM artefacts taken out (see :func:`clean_translated`)."""

    text: str
    #: A failed-translation marker, or a chain-of-thought where the translation should be.
    failed: bool = False
    #: The translator's note removed from the end of the text ("" when there was none).
    note: str = ""
    #: True when the text was a chain-of-thought (dropped: ``text`` holds what followed ``</think>``).
    thought: bool = False


def clean_translated(text: str) -> Translation:
    """Strip what an LLM translator adds to a translated cell.

    - ``中文翻译：`` prefixes go silently;
    - a note after the text (``（说明：该翻译严格遵循……）``, ``（注：…）``) is cut off and returned as
      ``note``: it is about the translation, not the paper, so parsers drop it with a warning (it is
      not put in ``Paper.comment``, which holds arXiv's own comment and wins merges by length);
    - a chain-of-thought (``<think> 好的，我需要帮用户总结……``) is no translation: the text is dropped
      and ``failed`` set, unless a ``</think>`` is followed by the answer, which is kept;
    - ``[翻译失败]`` markers set ``failed`` (the marker goes, the text stays).
    """
    failed = False
    for marker in FAILED_MARKERS:
        if marker in text:
            failed = True
            text = text.replace(marker, "")
    thought = False
    if _THOUGHT_RE.match(text):
        thought = True
        ends = list(_THINK_END_RE.finditer(text))
        text = text[ends[-1].end() :] if ends else ""
        failed = failed or not text.strip()
    text = _PREFIX_RE.sub("", text)
    note = ""
    m = _NOTE_RE.search(text)
    if m and m.start() > 0:  # a note alone is not cut: there would be nothing left
        note = squash(m.group(0))
        text = text[: m.start()]
    return Translation(text.strip(), failed, note, thought)


def clean_translation(text: str) -> tuple[str, bool]:
    """Strip translator chatter from a translated cell: ``(text, failed)`` of :func:`clean_translated`."""
    cleaned = clean_translated(text)
    return cleaned.text, cleaned.failed


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


#: Names of HTML elements (WHATWG, obsolete ones included, and the SVG and MathML roots): a tag
#: with one of these names is markup. ``image`` is left out: it is not an element (parsers read it
#: as a bare ``<img>``, harmless without attributes) and ``<image>`` is a common token in papers.
_HTML_ELEMENTS = frozenset(
    """a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink
    blockquote body br button canvas caption center cite code col colgroup data datalist dd del details
    dfn dialog dir div dl dt em embed fencedframe fieldset figcaption figure font footer form frame
    frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins isindex kbd keygen label
    legend li link listing main map mark marquee math menu menuitem meta meter multicol nav nextid nobr
    noembed noframes noscript object ol optgroup option output p param picture plaintext portal pre
    progress q rb rp rt rtc ruby s samp script search section select selectedcontent slot small source
    spacer span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead
    time title tr track tt u ul var video wbr xmp""".split()  # noqa: SIM905 - a list of 150 quoted words reads worse
)
#: A literal token: ``<think>``, ``</think>``, ``<mask>``, ``<graph token>``, ``<extra_id_0>``: a name
#: and plain words, no attribute value, no quote, no ``:`` (no URL scheme). Spaces between the
#: words may already be no-break spaces (what :func:`sanitize` makes of them).
_LITERAL_TOKEN_RE = re.compile(
    r"<(?:/(?P<end>[A-Za-z][\w.-]*)|(?P<start>[A-Za-z][\w.-]*)(?P<words>(?:[ \xa0]+[\w.-]+)*)[ \xa0]*)>"
)
#: Stand-ins for kept tokens while tags are stripped: noncharacters, which _CONTROL_RE removes from input.
_HOLD_RE = re.compile("\ufdd0(\\d+)\ufdd1")


def _hold_literal_tokens(text: str) -> tuple[str, list[str]]:
    """Set aside ``<word>`` tokens whose name is no HTML element, so that tag stripping keeps them.

    The spaces inside a token of several words become no-break spaces: ``<graph token>`` reads
    the same, but no HTML parser sees an attribute ``token`` in it (a tag name runs to the next
    ASCII space), so the text stays inert even if it were ever pasted unescaped."""
    held: list[str] = []

    def hold(m: re.Match[str]) -> str:
        name = m.group("end") or m.group("start")
        if name.lower() in _HTML_ELEMENTS:
            return m.group(0)
        held.append(m.group(0).replace(" ", "\xa0").rstrip("\xa0>") + ">" if m.group("start") else m.group(0))
        return f"\ufdd0{len(held) - 1}\ufdd1"

    return _LITERAL_TOKEN_RE.sub(hold, text), held


def _put_back(text: str, held: list[str]) -> str:
    return _HOLD_RE.sub(lambda m: held[int(m.group(1))], text) if held else text


def sanitize(text: str) -> str:
    """Make untrusted text inert: drop HTML tags (scripts, frames and styles with their
    content), control and bidi-override characters, and break ``javascript:``-style
    URL schemes. Plain text such as ``a < b`` or ``$O(n^2)$`` is kept as written, and so are
    literal tokens that are no HTML element (``<think>``, ``a <mask> token``, ``\\texttt{<swi>}``,
    ``<graph token>``, whose inner spaces become no-break spaces): pages escape them on output.
    A tag named after an HTML element (``<b>``, ``<s>``, ``<video>``) or carrying an attribute
    value is markup and is removed."""
    if not text:
        return ""
    # Invisible characters go first, so that ``<\u200bscript>`` cannot turn into a tag afterwards.
    text = _CONTROL_RE.sub("", text).replace("\x85", " ")  # NEL is a line break
    held: list[str] = []
    if "<" in text:
        text, held = _hold_literal_tokens(text)
        text = _strip_all_tags(text)
    if ":" in text:
        text = _SCHEME_RE.sub(lambda m: f"{m.group(1) or m.group(3)} :", text)
        if "<" in text:  # the space just added may start the attributes of an unclosed <javascript:...
            text = _defuse(text)
    return _put_back(text, held)


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
