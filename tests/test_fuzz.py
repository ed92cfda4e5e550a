"""Property tests: parsers never raise, papers survive a round trip through every
markdown format, slugs are unique, safe and independent of input order, and
sanitised text holds no tag.

Bounded (100-200 examples each, no deadline) so the file runs in well under a minute.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mkdocs_arxdigest import parsers
from mkdocs_arxdigest.build.store import Store
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.ids import ARXIV_ID_RE
from mkdocs_arxdigest.model import Paper, ParseResult, Source
from mkdocs_arxdigest.notes import Note
from mkdocs_arxdigest.pages import Site
from mkdocs_arxdigest.parsers import table
from mkdocs_arxdigest.slugs import _RESERVED, slugify, unique_slugs
from mkdocs_arxdigest.text import sanitize

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PATH = "fuzz/2025-01-05.md"

# -- arbitrary input never raises --------------------------------------------------

#: Lines that steer the detectors and parsers into their deeper branches.
FRAGMENTS = [
    "# arxiv 2025-12-29", "# arxiv 2025-02-30", "## Updated on 2025.09.29", "## Updated on 2025.13.45",
    "| 标题 | 作者 | PDF链接 |  摘要 |", "|------|------|--------|------|", "|:---|:---|:---|",
    "| Publish Date | Title | Authors | PDF | Code |", "| Publish Date | Title | Code | Abstract |",
    "| 标题 | 作者 | PDF链接 | 代码仓库 | Title | 发布日期 | 摘要 |",
    "| t | a | [PDF](https://arxiv.org/pdf/2512.22120v1) | s |", "| t | a | [PDF](https://arxiv.org/pd",
    "|**2025-09-26**|[T](http://arxiv.org/abs/2509.22653)|**[link](https://github.com/x/y)**|摘要|",
    "|**2025-02-30**|**T**|A et.al.|[hep-th/9901001](http://arxiv.org/abs/hep-th/9901001v2)|null|",
    "| x | y | [PDF](https://www.biorxiv.org/content/10.1101/2025.01.01.123456v2.full.pdf) | z |",
    "# cs.CV [[Back]](#toc)", "### [1] [Title](https://arxiv.org/abs/2512.20735)", "### [T](https://arxiv.org/abs/2512",
    "### [2] [T <b>](https://arxiv.org/abs/math.AG/0601001v3)", "*A,B,C*", "*A", "**bold**", "Main category: cs.CV",
    "TL;DR: t", "<details>", "  <summary>Details</summary>", "Motivation: m", "Abstract: a", "</details>",
    '{"id": "2512.20735", "authors": ["A"], "AI": {"tldr": "t"}}', '{"id": "10.1101/x", "authors": "A, B"}',
    '{"id": 5, "authors": null, "AI": []}', '{"date": "2025-01-02", "papers": [', '{"title": "t"}', "]}",
    '{"SLAM": {"2509.22653": "|**2025-09-26**|**T**|A et.al.|[2509.22653](http://arxiv.org/abs/2509.22653)|null|"}}',
    "---", "layout: default", "<div id=toc></div>", "<script>alert(1)</script>", "\\|", "|", "| | | |", "",
]  # fmt: skip

digest_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=30).map("\n".join)


def _check_result(result, path: str) -> None:
    for w in result.warnings:
        assert w.path == path and w.line >= 0 and isinstance(w.message, str)
    for p in result.papers:
        assert p.key.startswith("doi:10.") or ARXIV_ID_RE.fullmatch(p.key), p.key
        assert all(isinstance(a, str) and a for a in p.authors)
        assert p.sources and all(s.path == path and s.line >= 1 for s in p.sources)


@FAST
@given(st.binary(max_size=3000))
def test_parse_bytes_never_raises_on_bytes(data: bytes) -> None:
    _check_result(parsers.parse_bytes(data, PATH), PATH)


@FAST
@given(digest_like, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]), st.booleans())
def test_parse_bytes_never_raises_on_digest_like_text(text: str, encoding: str, crlf: bool) -> None:
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode(encoding, errors="replace")
    _check_result(parsers.parse_bytes(data, PATH), PATH)


@FAST
@given(digest_like)
def test_every_parser_reads_any_text(text: str) -> None:
    """Each format's parse(), called whether or not its detector accepts the text."""
    for module in parsers.FORMATS:
        module.detect(text)
        _check_result(module.parse(text, PATH), PATH)


# -- round trip: a paper rendered in each markdown format parses back -------------

_ARCHIVES = ["hep-th", "hep-ph", "astro-ph", "cond-mat", "quant-ph", "math", "cs", "physics", "gr-qc", "nlin"]


@st.composite
def arxiv_ids(draw) -> tuple[str, str]:
    """``(id as written, expected key)``: new style (4 or 5 digits) or old style, with a subject class at times."""
    if draw(st.booleans()):
        yymm = f"{draw(st.integers(7, 29)):02d}{draw(st.integers(1, 12)):02d}"
        digits = 4 if yymm < "1501" else 5
        ident = f"{yymm}.{draw(st.integers(1, 10**digits - 1)):0{digits}d}"
        return ident, ident
    archive = draw(st.sampled_from(_ARCHIVES))
    number = f"{draw(st.integers(91, 106)) % 100:02d}{draw(st.integers(1, 12)):02d}{draw(st.integers(1, 999)):03d}"
    subject = draw(st.sampled_from(["", ".AG", ".CO", ".GT"])) if archive == "math" else ""
    return f"{archive}{subject}/{number}", f"{archive}/{number}"


_word = st.text(alphabet=st.characters(categories=("L",), exclude_characters="等"), min_size=1, max_size=8)
_name = st.tuples(st.lists(_word, min_size=1, max_size=3), st.sampled_from(["", "-", "'", "."]), _word).map(
    lambda t: f"{' '.join(t[0])}{t[1]}{t[2]}" if t[1] != "." else f"{' '.join(t[0])}. {t[2]}"
)


def _valid_name(name: str) -> bool:
    nfc = unicodedata.normalize("NFC", name)
    return nfc.lower() not in table._EMPTY_VALUES and not table._ETAL_RE.search(nfc)


names = st.lists(_name.filter(_valid_name), min_size=1, max_size=6, unique_by=lambda n: unicodedata.normalize("NFC", n))
titles = st.text(
    alphabet=st.characters(exclude_categories=("C", "Zl", "Zp"), exclude_characters="\\[]()*`_<>#"),
    min_size=1, max_size=60,
).filter(lambda t: t.strip() and not re.search(r"https?:|arxiv|doi", t, re.I))  # fmt: skip


def _render_table(ident: str, version: int, authors: list[str], title: str) -> str:
    return (
        "# arxiv 2025-01-05\n\n| 标题 | 作者 | PDF链接 |  摘要 |\n|------|------|--------|------|\n"
        f"| {title} | {', '.join(authors)} | [PDF](https://arxiv.org/pdf/{ident}v{version}) | 摘要 |\n"
    )


def _render_ai(ident: str, version: int, authors: list[str], title: str) -> str:
    return (
        "# cs.CV [[Back]](#toc)\n\n"
        f"### [1] [{title}](https://arxiv.org/abs/{ident}v{version})\n*{','.join(authors)}*\n\n"
        "Main category: cs.CV\n\nTL;DR: t\n\n<details>\n  <summary>Details</summary>\nMotivation: m\n\n"
        "Abstract: a\n\n</details>\n"
    )


def _render_topics(ident: str, version: int, authors: list[str], title: str) -> str:
    return (
        "## Updated on 2025.01.05\n\n## Topic\n\n| Publish Date | Title | Authors | PDF | Code |\n"
        "|:---|:---|:---|:---|:---|\n"
        f"|**2025-01-04**|**{title}**|{', '.join(authors)}|[{ident}](http://arxiv.org/abs/{ident}v{version})|null|\n"
    )


RENDERERS = {"table": _render_table, "ai_enhanced": _render_ai, "topic_tables": _render_topics}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@settings(max_examples=120, deadline=None)
@given(ids=arxiv_ids(), version=st.integers(1, 9), authors=names, title=titles, form=st.sampled_from(["NFC", "NFD"]))
@example(
    ids=("hep-th/9901001", "hep-th/9901001"),
    version=2,
    authors=["Rahul Vetal", "José García"],
    title="a < b",
    form="NFD",
)
@example(
    ids=("math.AG/0601001", "math/0601001"), version=3, authors=["Zoë Ø", "Nguyễn Văn"], title="$O(n^2)$", form="NFC"
)
def test_round_trip(fmt: str, ids: tuple[str, str], version: int, authors: list[str], title: str, form: str) -> None:
    """Render one paper in a format (authors in NFC or NFD), parse it back: same key, version and authors."""
    ident, key = ids
    if fmt != "ai_enhanced":  # table cells: a literal pipe is written \\|
        title = title.replace("|", "\\|")
    text = RENDERERS[fmt](ident, version, [unicodedata.normalize(form, a) for a in authors], title)
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")):
        result = parsers.parse_bytes(data, PATH)
        assert result.format == fmt, result.warnings
        assert not result.warnings, result.warnings
        assert len(result.papers) == 1
        paper: Paper = result.papers[0]
        assert (paper.key, paper.version) == (key, version)
        assert paper.authors == [unicodedata.normalize("NFC", a) for a in authors]
        assert paper.title or paper.title_translated


# -- slugs ---------------------------------------------------------------------------

slug_names = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from(["../../etc/passwd", "A/B", "a\\b", "con", "CON", "nul.txt", "Con.", ".hidden", "...", "",
                         "José", unicodedata.normalize("NFD", "José"), "JOSÉ", "index", "graph", "x" * 200, "🚀"]),
    ),
    max_size=25,
)  # fmt: skip


def _is_safe(slug: str) -> bool:
    return (
        bool(slug)
        and "/" not in slug
        and "\\" not in slug
        and not slug.startswith(".")
        and slug not in (".", "..")
        and slug.split(".")[0] not in _RESERVED
        and re.fullmatch(r"[\w.-]+", slug) is not None
        and len(slug) <= 100
    )


@settings(max_examples=200, deadline=None)
@given(slug_names, st.randoms(use_true_random=False))
def test_unique_slugs_are_unique_safe_and_order_independent(names: list[str], rnd: random.Random) -> None:
    slugs = unique_slugs(names)
    assert set(slugs) == set(names)
    values = list(slugs.values())
    assert len(set(values)) == len(values)
    # Unique even on case-insensitive, normalising file systems (Windows, macOS).
    assert len({unicodedata.normalize("NFD", v).casefold() for v in values}) == len(values)
    assert all(_is_safe(v) for v in values), values
    shuffled = list(names) * 2
    rnd.shuffle(shuffled)
    assert unique_slugs(shuffled) == slugs


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_slugify_is_safe_and_stable(text: str) -> None:
    slug = slugify(text)
    assert _is_safe(slug), slug
    assert slugify(text) == slug


# -- sanitize ------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def _inert(text: str) -> bool:
    """No HTML parser finds an element with attributes (or a script, style or frame) in ``text``,
    even when it is pasted unescaped in front of markup that closes a dangling tag (``>``)."""
    parser = _Tags()
    parser.feed(text + ">")
    parser.close()
    return all(not attrs and tag not in ("script", "style", "iframe", "svg", "math") for tag, attrs in parser.tags)


html_like = st.lists(
    st.one_of(
        st.sampled_from(["<", ">", "<script>", "</script>", "<img src=x onerror=alert(1)>", '"', "'", "=", "<!--",
                         "-->", "<b>", "</", "javascript:", "data:text/html,", "a < b", "\u200b", "\x00", "<svg", "/"]),
        st.text(max_size=6),
    ),
    max_size=25,
).map("".join)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(html_like)
@example('<img alt="<" src=x onerror=alert(1)>')
@example("<<script>x</script>script>alert(1)<</script>/script>")
@example("<\u200bscript>alert(1)</script>")
@example("<img src=x onerror=alert(1)//")
@example("<svgjavascript:</")
def test_sanitized_text_holds_no_tag(text: str) -> None:
    clean = sanitize(text)
    assert _inert(clean), (text, clean)
    assert not re.search(r"(?i)\b(?:javascript|vbscript):|\bdata:\s*text/", clean)  # schemes start a word
    assert sanitize(clean) == clean


@pytest.mark.parametrize("text", ["a < b", "a < b > c", "$O(n^2)$", "x <= y && y >= z", "5 < 6 and 7 > 6"])
def test_sanitize_keeps_plain_text(text: str) -> None:
    assert sanitize(text) == text


# -- rendering: any field value gives inert pages ----------------------------------------

_STORE_DIR = tempfile.TemporaryDirectory(prefix="arxdigest-fuzz-")

ODD = ["a < b", "$O(n^2)$", "../../x", "con", "\ud800", "\x85\x90\u202e", "&lt;script&gt;"]
hostile = st.one_of(html_like, st.text(max_size=30), st.sampled_from(ODD))
BAD_URLS = [
    "javascript:alert(1)", "data:text/html,x", "https://evil.example/x", "http://github.com.evil.example/",
    'https://github.com/a/b"onclick=x', "https://arxiv.org/abs/2501.00001", " JavaScript:x", "//evil.example",
]  # fmt: skip
urls = st.one_of(hostile, st.sampled_from(BAD_URLS))


@st.composite
def hostile_papers(draw) -> list[Paper]:
    papers = []
    for i in range(draw(st.integers(1, 3))):
        papers.append(Paper(
            key=draw(st.sampled_from([f"2501.0000{i}", f"hep-th/990100{i}", f"doi:10.1101/2025.01.0{i}.123456"])),
            version=draw(st.none() | st.integers(1, 9)), title=draw(hostile), title_translated=draw(hostile),
            authors=draw(st.lists(hostile, max_size=4)), authors_complete=draw(st.booleans()),
            categories=draw(st.lists(hostile, max_size=2)), main_category=draw(hostile),
            topics=draw(st.lists(hostile, max_size=3)), days=["2025-01-05"],
            published=draw(st.sampled_from(["", "2025-01-04"])),
            abs_url=draw(urls), pdf_url=draw(urls), code_url=draw(urls), doi=draw(st.sampled_from(["", "10.1101/x<y"])),
            tldr=draw(hostile), motivation=draw(hostile), abstract=draw(hostile), abstract_translated=draw(hostile),
            sources=[Source(draw(st.sampled_from(["a.md", "b\ufffd<c>.md"])), i + 1, "table")],
        ))  # fmt: skip
    return papers


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


_DOWNLOAD_RE = re.compile(
    r"data:application/(?:x-bibtex|x-research-info-systems|vnd\.citationstyles\.csl\+json);charset=utf-8;base64,"
    r"[A-Za-z0-9+/]*={0,2}\Z"
)
PAGE_TAGS = {"a", "p", "div", "span", "ul", "ol", "li", "table", "tbody", "tr", "th", "td", "code", "strong", "br",
             "nav", "pre", "button", "input", "label", "h2", "h3",
             # the search page's form (fixed markup: no value from a digest reaches it)
             "form", "select", "option", "details", "summary", "noscript",
             "meta",  # the citation meta tags, moved into <head> (content: escaped text)
             "link"}  # feed autodiscovery and the search bundle's preload, moved into <head>  # fmt: skip


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_papers(), hostile)
def test_rendered_pages_are_inert(papers: list[Paper], note: str) -> None:
    import yaml

    corpus = Corpus([ParseResult("table", papers)], notes={papers[0].key: [note]})
    site = Site(corpus, notes={papers[0].key: Note(papers[0].key, content=note, tags=[note], status=note, rating=note)})
    store = Store(_STORE_DIR.name)
    for src_uri, markdown in site.pages():
        assert all(part and part not in (".", "..") and not part.startswith(".") for part in src_uri.split("/"))
        markdown = Path(store.write(src_uri, markdown)).read_text(encoding="utf-8")
        _, front, body = markdown.split("---\n", 2)
        meta = yaml.safe_load(front)
        assert isinstance(meta, dict) and isinstance(meta["title"], str), front
        parser = _Elements()
        parser.feed(body)
        parser.close()
        for tag, attrs in parser.elements:
            assert tag in PAGE_TAGS, (src_uri, tag)
            if tag == "link":
                assert dict(attrs).get("rel") in ("alternate feed", "modulepreload"), (src_uri, attrs)
            for name, value in attrs:
                assert not name.startswith("on"), (src_uri, tag, name)
                if name == "href" and _DOWNLOAD_RE.match(value or ""):
                    continue  # a paper's citation download: one of three text types, base64, nothing else
                if name == "href":
                    assert not re.match(r"(?i)\s*(?:javascript|data|vbscript):|\s*//", value or ""), value
                    if re.match(r"[a-z]+:", value or ""):
                        assert re.match(r"https://(arxiv\.org|doi\.org|github\.com)/", value), value
    for uri, data in site.assets():
        if not uri.endswith("graph.json"):
            continue  # the citation downloads: read back in tests/test_downloads.py
        graph = json.loads(data)
        for node in graph["nodes"]:
            assert re.fullmatch(r"(?:authors|topics)/[\w.-]+/", node[3]), node
            assert _inert(node[1]), node
