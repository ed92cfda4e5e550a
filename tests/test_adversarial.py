"""Hostile and broken inputs: no crash, nothing lost, nothing injected, nothing
escapes, and the same bytes on every build.

The digests under ``fixtures/adversarial/digests/`` carry injection attempts in
every field, hostile author and topic names, odd but valid ids, versions and
dates; files that are big, binary or in other encodings are generated here into
temporary folders. Markers tell where a payload ends up:

* ``XSS_*`` sits inside a tag, a script or a non-http link: it must appear
  nowhere in the output (pages, search index, graph data, JSON export);
* ``TXT_*`` sits in plain text (an unclosed tag, a quote breaking out of an
  attribute, notes, which are shown escaped): it may show as text, never in
  an attribute or as markup;
* ``HOST_*`` sits in an http link to a host that is not allowed: never an href.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mkdocs_arxdigest import load_corpus
from mkdocs_arxdigest.build.store import Store, UnsafePath
from mkdocs_arxdigest.cli import main as cli_main
from mkdocs_arxdigest.notes import load_notes
from mkdocs_arxdigest.parsers import decode, parse_bytes, parse_file
from mkdocs_arxdigest.slugs import _RESERVED
from mkdocs_arxdigest.text import _SAFE_HOSTS, sanitize

from .conftest import FIXTURES, SEEDS

ADVERSARIAL = FIXTURES / "adversarial"
DIGESTS = ADVERSARIAL / "digests"
NOTES = ADVERSARIAL / "notes"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# -- inputs ------------------------------------------------------------------------


def _table(day: str, rows: list[tuple[str, str, str, str]], header: str = "| 标题 | 作者 | PDF链接 |  摘要 |") -> str:
    head = f"# arxiv {day}\n\n{header}\n|------|------|--------|------|\n"
    return head + "".join(f"| {t} | {a} | [PDF](https://arxiv.org/pdf/{i}v1) | {s} |\n" for t, a, i, s in rows)


def _ai(entries: list[tuple[str, str, list[str]]]) -> str:
    out = ["# cs.CV [[Back]](#toc)", ""]
    for n, (key, title, authors) in enumerate(entries, 1):
        out += [f"### [{n}] [{title}](https://arxiv.org/abs/{key})", "*" + ",".join(authors) + "*", "",
                "Main category: cs.CV", "", "TL;DR: t", "", "<details>", "  <summary>Details</summary>",
                "Motivation: m", "", "Abstract: a", "", "</details>", ""]  # fmt: skip
    return "\n".join(out) + "\n"


ENGLISH = "| Title | Authors | PDF | Abstract |"
MANY = [f"Member {i:03d} Collab" for i in range(360)]

#: Generated files: name -> bytes. Big, binary and non-UTF-8 files are not committed.
GENERATED: dict[str, bytes] = {
    "empty.md": b"",
    "blank.md": b" \n\n\t\n",
    "binary.md": bytes(range(256)) * 16,
    "garbage.jsonl": bytes(range(1, 256)) * 8,
    "latin1-2025-01-11.md": _table("2025-01-11", [("Über Größe", "Jürgen Müller", "2501.00080", "Ça va")], ENGLISH)
    .encode("latin-1"),
    "cp1252-2025-01-16.md": _table("2025-01-16", [("“Smart” quotes – dash", "Zoë Ørsted", "2501.00086", "…")], ENGLISH)
    .encode("cp1252"),
    "utf16-2025-01-12.md": _ai([("2501.00081", "A UTF-16 digest", ["Sixteen Bit", "Wide Char"])]).encode("utf-16"),
    "bom-crlf-2025-01-13.md": b"\xef\xbb\xbf"
    + _table("2025-01-13", [("BOM 一", "Crlf One", "2501.00082", "行一"), ("BOM 二", "Crlf Two", "2501.00083", "行二")])
    .replace("\n", "\r\n")
    .encode("utf-8"),
    "bigcell-2025-01-14.md": _table(
        "2025-01-14", [("大", "Big Cell", "2501.00084", "长<b>" * 250_000), ("小", "Small Cell", "2501.00085", "短")]
    ).encode("utf-8"),  # a cell over 1 MB, full of tags
    "many-authors-2025-01-15.md": _ai([("2501.00090", "Three hundred and sixty authors", MANY)]).encode("utf-8"),
    "api-truncated.json": json.dumps(
        {"date": "2025-01-17", "papers": [{"title": "t", "author": "A", "paper_url": "https://arxiv.org/abs/2501.00091"}]},
        indent=1,
    ).encode()[:-20],
}  # fmt: skip

#: A file name that is not UTF-8 (its bytes), with a truncated table in it.
BAD_NAME = b"bad\xffname-2025-01-20.md"
BAD_NAME_TEXT = (
    "# arxiv 2025-01-20\n\n| 标题 | 作者 | PDF链接 |  摘要 |\n|------|------|--------|------|\n"
    "| 名字 | Bad Name | [PDF](https://arxiv.org/pdf/2501.00095v1) | 文件名不是UTF-8 |\n| 截断 | Cut | [PDF](https://arx"
)

#: File -> (lines its warnings must name, paper keys that must get pages).
EXPECTED: dict[str, tuple[set[int], set[str]]] = {
    "table-hostile-2025-01-05.md": (
        {9, 18, 19},
        {"2501.00001", "hep-th/9901001", "2501.00002", "doi:10.1101/2025.01.01.123456", "2501.00003", "2501.00004",
         "2501.00005", "2501.00006", "2501.00007", "2501.00008", "2501.00009", "2501.00010", "2501.00011"},
    ),
    "truncated-row-2025-01-09.md": ({6}, {"2501.00020", "2501.00021"}),
    "ai-hostile-2025-01-06.md": (set(), {"2501.00002", "2501.00013"}),
    "ai-truncated-2025-01-07.md": ({25}, {"2501.00030", "2501.00031"}),
    "topics-hostile.md": ({48}, {f"2501.000{n}" for n in range(40, 48)} | {"math/0601001"}),
    "api-hostile.json": ({24, 74, 75}, {"2501.00002", "2501.00050", "doi:10.1101/2025.01.02.654321", "2501.00051",
                                        "2501.00052"}),
    "ai-2025-01-10.jsonl": ({3}, {"2501.00002", "hep-th/9901001", "2501.00060", "2501.00061"}),
    "cv-hostile.json": ({4, 10}, {"2501.00070", "2501.00072", "2501.00073"}),
    "empty.md": ({0}, set()),
    "blank.md": ({0}, set()),
    "binary.md": ({0}, set()),
    "garbage.jsonl": ({0, 2}, set()),
    "latin1-2025-01-11.md": ({5}, {"2501.00080"}),
    "cp1252-2025-01-16.md": ({5}, {"2501.00086"}),
    "utf16-2025-01-12.md": ({0}, {"2501.00081"}),
    "bom-crlf-2025-01-13.md": (set(), {"2501.00082", "2501.00083"}),
    "bigcell-2025-01-14.md": (set(), {"2501.00084", "2501.00085"}),
    "many-authors-2025-01-15.md": (set(), {"2501.00090"}),
    "api-truncated.json": ({7}, set()),
    "bad\ufffdname-2025-01-20.md": ({6}, {"2501.00095"}),
}  # fmt: skip


def make_inputs(folder: Path) -> Path:
    """The committed hostile digests plus the generated files, in ``folder``."""
    shutil.copytree(DIGESTS, folder)
    for name, data in GENERATED.items():
        (folder / name).write_bytes(data)
    (folder / os.fsdecode(BAD_NAME)).write_bytes(BAD_NAME_TEXT.encode("utf-8"))
    return folder


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    return make_inputs(tmp_path_factory.mktemp("adversarial") / "inputs")


@pytest.fixture(scope="module")
def corpus(inputs, all_seeds):
    notes, _ = load_notes(NOTES)
    return load_corpus([inputs, SEEDS], base=inputs.parent, notes={k: n.tags for k, n in notes.items()})


@pytest.fixture(scope="module")
def seed_keys(all_seeds) -> set[str]:
    keys = set(load_corpus(all_seeds).papers)
    assert len(keys) == 426
    return keys


# -- no crash, nothing lost ------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_file_gives_warnings_naming_file_and_line(inputs, name):
    path = inputs / name if name in os.listdir(inputs) else inputs / os.fsdecode(BAD_NAME)
    shown = f"inputs/{name}"
    result = parse_file(path, display_path=f"inputs/{path.name}")
    lines, keys = EXPECTED[name]
    assert {w.path for w in result.warnings} <= {shown}
    assert {w.line for w in result.warnings} == lines, [str(w) for w in result.warnings]
    assert {p.key for p in result.papers} == keys
    assert all(p.sources[0].path == shown for p in result.papers)


def test_nothing_lost_when_broken_files_join_the_samples(corpus, seed_keys):
    expected = set().union(*(keys for _, keys in EXPECTED.values()))
    assert expected <= set(corpus.papers)
    assert seed_keys <= set(corpus.papers)
    assert len(corpus.papers) == len(seed_keys) + len(expected)
    assert {w.path.split("/")[-1] for w in corpus.warnings} == {n for n, (lines, _) in EXPECTED.items() if lines}


def test_decoding_other_encodings():
    text, warnings = decode(GENERATED["latin1-2025-01-11.md"], "x.md")
    assert "Jürgen Müller" in text and [w.line for w in warnings] == [5]
    text, _ = decode(GENERATED["cp1252-2025-01-16.md"], "x.md")
    assert "“Smart” quotes – dash" in text
    text, warnings = decode(GENERATED["utf16-2025-01-12.md"], "x.md")
    assert "A UTF-16 digest" in text and "UTF-16" in warnings[0].message
    text, warnings = decode(GENERATED["bom-crlf-2025-01-13.md"], "x.md")
    assert not warnings and "\r" not in text and not text.startswith("\ufeff")
    assert decode(b"", "x.md")[0] is None and decode(GENERATED["binary.md"], "x.md")[0] is None


def test_big_cell_and_many_authors(corpus):
    big = corpus.papers["2501.00084"]
    assert len(big.abstract_translated) == 250_000 and "<" not in big.abstract_translated
    assert corpus.papers["2501.00090"].authors == MANY
    assert all(name in corpus.authors for name in MANY)


def test_non_utf8_file_name_is_shown_with_a_replacement_character(corpus):
    paper = corpus.papers["2501.00095"]
    assert paper.sources[0].path == "inputs/bad\ufffdname-2025-01-20.md"
    paper.sources[0].path.encode("utf-8")  # writable


def test_pathological_text_parses_in_bounded_time():
    import time

    nasty = ["<a " * 400_000, "[" * 1_000_000, "<!--" * 250_000, "](" * 500_000, "|" * 1_000_000, "`" * 1_000_000,
             "### [" + "[" * 500_000, "https://arxiv.org/abs/" * 40_000, "*" + "a," * 500_000]  # fmt: skip
    for text in nasty:
        for data in (
            text.encode(),
            f"# arxiv 2025-01-05\n\n| 标题 | 作者 | PDF链接 | 摘要 |\n|-|-|-|-|\n| {text} |".encode(),
        ):
            started = time.perf_counter()
            parse_bytes(data, "x.md")
            sanitize(text)
            assert time.perf_counter() - started < 10, text[:20]
    nested = [b'{"papers": ' + b"[" * 200_000 + b"]" * 200_000 + b"}", b'{"papers": [' + b'{"a":' * 50_000 + b"]}",
              b'{"id": "2501.00001", "authors": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
              b'{"T": {"2501.00001": "|a|b|"}, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"]  # fmt: skip
    for data in nested:  # JSON nested too deep for Python's parser: a warning
        result = parse_bytes(data, "x.json")
        assert not result.papers and result.warnings


# -- odd but valid ------------------------------------------------------------------------


def test_old_style_ids_versions_and_dois(corpus):
    old = corpus.papers["hep-th/9901001"]
    assert old.version == 3 and old.pdf_url == "https://arxiv.org/pdf/hep-th/9901001v3"
    assert old.title == "Strings & Things: an old-style id" and old.published == "1999-01-04"
    assert {s.format for s in old.sources} == {"table", "ai_jsonl"}
    assert corpus.papers["math/0601001"].version == 3  # math.AG/0601001: the subject class is not part of the id
    versioned = corpus.papers["2501.00002"]  # v1, v4, v5, v7 and v9 in five files
    assert versioned.version == 9 and versioned.pdf_url.endswith("/2501.00002v9")
    assert len(versioned.sources) == 5
    doi = corpus.papers["doi:10.1101/2025.01.01.123456"]
    assert doi.version == 2 and doi.abs_url == "https://doi.org/10.1101/2025.01.01.123456"
    assert corpus.papers["doi:10.1101/2025.01.02.654321"].title == "DOI-only paper"


def test_invalid_dates_are_warned_and_dropped(corpus):
    for key in ("2501.00003", "2501.00047", "2501.00050"):
        assert corpus.papers[key].published == ""
    messages = [str(w) for w in corpus.warnings]
    assert any("table-hostile-2025-01-05.md:9: invalid publish date '2025-02-30'" in m for m in messages)
    assert any("api-hostile.json:24: paper 2501.00050: invalid published_date '2025-13-45'" in m for m in messages)


def test_escaped_pipes_and_plain_text(corpus):
    assert corpus.papers["2501.00007"].title == "Escaped | pipes | in a title"
    assert corpus.papers["2501.00001"].title == "Bounds when a < b and $O(n^2)$ bold"
    assert corpus.papers["2501.00002"].abstract.startswith("Abstract with")
    assert "a < b > c" in corpus.papers["2501.00002"].abstract


# -- names and slugs -----------------------------------------------------------------------


def _safe_segment(slug: str) -> bool:
    return bool(re.fullmatch(r"[\w.-]+", slug)) and not slug.startswith(".") and slug.split(".")[0] not in _RESERVED


def test_unicode_forms_merge_and_cases_stay_apart(corpus):
    jose = [n for n in corpus.authors if unicodedata.normalize("NFC", n) == "José García"]
    assert jose == ["José García"]
    assert set(corpus.authors["José García"].papers) == {"2501.00002", "2501.00010"}
    assert "Zoë Ø" in corpus.authors and unicodedata.normalize("NFD", "Zoë Ø") not in corpus.authors
    alices = {n: corpus.authors[n].slug for n in ("Alice Smith", "alice smith", "ALICE SMITH")}
    assert len(set(alices.values())) == 3
    # Topic names are one topic across case (the topic alias table compares case-folded names).
    assert "robotics" not in corpus.topics and {"2501.00044", "2501.00045"} <= set(corpus.topics["Robotics"].papers)


def test_hostile_names_get_safe_unique_slugs(corpus):
    for index in (corpus.authors, corpus.topics):
        slugs = [x.slug for x in index.values()]
        assert len(set(slugs)) == len(slugs)
        assert len({s.casefold() for s in slugs}) == len(slugs)
        assert all(_safe_segment(s) for s in slugs), [s for s in slugs if not _safe_segment(s)]
    assert corpus.authors["../../etc/passwd"].slug == "etc-passwd"
    assert corpus.authors["Nul.txt"].slug == "nul-1.txt"
    assert corpus.topics["..."].slug.startswith("x-")
    assert corpus.topics["con"].slug == "con-1"
    assert not {"...", "_", "--"} & set(corpus.authors)  # placeholders are not people
    assert all(_safe_segment(s) for s in corpus.paper_slugs.values())


def test_hostile_notes_load_with_warnings():
    notes, warnings = load_notes(NOTES)
    assert sorted(notes) == ["2501.00001", "2501.00009", "2501.00010", "2501.00011", "hep-th/9901001"]
    assert notes["2501.00009"].tags == ["5"] and notes["2501.00009"].status == "2025-01-01"
    assert notes["2501.00010"].tags == ["bom-tag"]
    assert len(warnings) == 2
    assert any("not-an-id.md" in w and "not an arXiv id" in w for w in warnings)
    assert any("2501.00003.md" in w and "line 2" in w for w in warnings)


# -- nothing injected: corpus and JSON export ------------------------------------------------------


#: A tag. The real topic-table sample writes the tokens <ACT> and <GROUP> in an abstract: literal
#: text (no HTML element has these names), kept as written and escaped on output (issue 19, point 5).
_TAG = r"<(?!(?:ACT|GROUP)>)[A-Za-z!/][^>]*>"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_sanitised_corpus_and_tags_of_notes(corpus):
    for paper in corpus.papers.values():
        fields = [paper.title, paper.title_translated, paper.tldr, paper.motivation, paper.method, paper.result,
                  paper.conclusion, paper.abstract, paper.abstract_translated, paper.comment, paper.main_category,
                  *paper.authors, *paper.topics, *paper.categories]  # fmt: skip
        for text in fields:
            assert "XSS_" not in text, (paper.key, text)
            assert not re.search(_TAG, text), (paper.key, text)
    tagged = corpus.papers["2501.00001"].topics
    assert {"Tagged", "Note Tag", "../../etc/passwd"} <= set(tagged)
    assert "bom-tag" in corpus.papers["2501.00010"].topics and "5" in corpus.papers["2501.00009"].topics
    assert "strings" in corpus.papers["hep-th/9901001"].topics
    assert {"bidi", "control-tag"} <= set(corpus.papers["2501.00011"].topics)
    assert not [t for t in corpus.topics if "TXT_TAG1" in t or "TXT_TAG2" in t or "<" in t]


def test_json_export_holds_no_markup_or_script_urls(tmp_path, inputs, seeds_dir):
    out = tmp_path / "corpus.json"
    assert cli_main(["export", str(inputs), str(SEEDS), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    text = out.read_text(encoding="utf-8")
    assert "XSS_" not in text
    for paper in data["papers"]:
        for kind, url in paper["links"].items():
            if kind == "doi":
                assert url == "" or re.fullmatch(r"10\.\d{4,9}/[^\s<>\"']+", url), url
            else:
                assert url == "" or re.match(r"https?://", url) and not re.search(r"[\s<>\"'`]", url), url
        for value in _strings({k: v for k, v in paper.items() if k not in ("links", "sources")}):
            assert not re.search(_TAG, value), value
    for entry in data["authors"] + data["topics"]:
        assert _inert(entry["name"]) and not re.search(r"(?i)\bjavascript:", entry["name"])


# -- store ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rel", ["../x.md", "/etc/x.md", "a/../../x.md", "a\\..\\x.md", "", ".", "a//b.md", "./a.md", "a/./b.md", ".."]
)
def test_store_refuses_paths_that_leave_it(tmp_path, rel):
    store = Store(tmp_path / "cache")
    with pytest.raises(UnsafePath):
        store.write(rel, "x")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_store_never_follows_links_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.md").write_text("precious")
    root = tmp_path / "cache"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "file.md").symlink_to(outside / "keep.md")
    store = Store(root)
    store.begin()
    for rel in ("link/x.md", "file.md", "link/keep.md"):
        with pytest.raises(UnsafePath):
            store.write(rel, "overwritten")
    (root / "a").mkdir()
    (root / "a" / ".b.md.tmp").symlink_to(outside / "keep.md")  # a planted temporary file
    store.write("a/b.md", "new")
    store.prune()
    assert (outside / "keep.md").read_text() == "precious"
    assert sorted(p.name for p in outside.iterdir()) == ["keep.md"]
    assert (root / "a" / "b.md").read_text() == "new"


# -- real builds ------------------------------------------------------------------------------------


def _snapshot(folder: Path) -> set[str]:
    return {str(p) for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


def _write_site(root: Path, sources: list[str], notes: str = "notes", **options) -> Path:
    import yaml

    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "about.md").write_text("# About\n\nA plain page: a < b.\n", encoding="utf-8")
    config = {
        "site_name": "Adversarial",
        "theme": {"name": "material", "font": False},
        "plugins": [
            {"search": {}},
            {"arxdigest": {"sources": sources, "notes": notes, "cache_dir": ".cache", **options}},
        ],
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _start(config: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=config.parent,
    )  # fmt: skip


class Builds:
    """Three builds run side by side: the full site (A, pages rendered in this process), the
    same inputs listed in another order in another folder (B, rendered by three worker
    processes), and a strict build of the hostile files alone."""

    def __init__(self, tmp_path_factory):
        base = tmp_path_factory.getbasetemp()
        top = tmp_path_factory.mktemp("adversarial-builds")
        self.a, self.b, self.strict_root = top / "a", top / "b", top / "strict"
        for root in (self.a, self.b, self.strict_root):
            make_inputs(root / "inputs")
            shutil.copytree(NOTES, root / "notes")
        config_a = _write_site(self.a, ["inputs", str(SEEDS)], concurrency=1)
        files_b = [f"inputs/{p.name}" for p in (self.b / "inputs").iterdir() if p.name.isprintable()]
        files_b += ["inputs/bad*name-2025-01-20.md", *(str(p) for p in SEEDS.iterdir())]
        config_b = _write_site(self.b, sorted(files_b, reverse=True), concurrency=3)
        config_strict = _write_site(self.strict_root, ["inputs"])
        before = _snapshot(base)
        procs = [_start(config_a), _start(config_b), _start(config_strict, "--strict")]
        self.results = [(p, *p.communicate()) for p in procs]
        self.new_files = _snapshot(base) - before
        self.site = self.a / "site"

    @property
    def log(self) -> str:
        return self.results[0][2]


@pytest.fixture(scope="module")
def builds(tmp_path_factory, seeds_dir) -> Builds:
    return Builds(tmp_path_factory)


slow = pytest.mark.slow  # real builds


@slow
def test_plain_build_succeeds_and_names_each_bad_file(builds):
    for proc, _, err in builds.results[:2]:
        assert proc.returncode == 0, err[-4000:]
    for name, (lines, _) in EXPECTED.items():
        for line in lines:
            assert re.search(rf"WARNING\s+-\s+inputs/{re.escape(name)}:{line}: ", builds.log), (name, line)
    assert "Traceback" not in builds.log


@slow
def test_strict_build_fails_on_those_warnings(builds):
    proc, out, err = builds.results[2]
    assert proc.returncode == 1
    assert re.search(r"Aborted with \d+ warnings in strict mode", out + err), (out + err)[-2000:]
    assert "Traceback" not in err and re.search(r"WARNING\s+-\s+inputs/empty\.md:0: empty file", err)


@slow
def test_every_paper_gets_its_page(builds, corpus, seed_keys):
    site = builds.site
    expected = set().union(*(keys for _, keys in EXPECTED.values())) | seed_keys
    missing = [k for k in expected if not (site / "papers" / corpus.paper_slugs[k] / "index.html").is_file()]
    assert not missing
    assert len(list((site / "papers").glob("*/index.html"))) == len(corpus.papers)
    for author in ("José García", "../../etc/passwd", "Nul.txt", 'Mallory ">', *MANY[:3]):
        assert (site / "authors" / corpus.authors[author].slug / "index.html").is_file(), author
    assert len([p for p in (site / "authors").iterdir() if p.name.startswith("jose-garcia")]) == 1
    for topic in ("../../etc/passwd", "A/B", "con", "...", "Robotics", "Tagged"):
        assert (site / "topics" / corpus.topics[topic].slug / "index.html").is_file(), topic


@slow
def test_nothing_is_written_outside_site_and_cache(builds):
    allowed = [root / sub for root in (builds.a, builds.b, builds.strict_root) for sub in ("site", ".cache")]
    stray = [f for f in builds.new_files if not any(Path(f).is_relative_to(a) for a in allowed)]
    assert not stray
    for path in builds.site.rglob("*"):
        rel = path.relative_to(builds.site)
        assert path.resolve().is_relative_to(builds.site.resolve())
        assert all(not part.startswith(".") and part not in ("..", "etc", "passwd") for part in rel.parts), rel


# -- nothing injected: built pages -----------------------------------------------------------------


class Page(HTMLParser):
    """Elements, attributes, scripts and the text of a few elements of one page."""

    #: Elements whose text is collected: ``h1``, ``title`` and divisions by class.
    CLASSES = ("arxdigest-note", "tabbed-block", "arxdigest-variants")

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: dict[str, list[str]] = {}
        self._script: tuple[dict, list[str]] | None = None
        self._open: list[list] = []  # [key, tag, depth of that tag when opened]
        self._depth = {"div": 0, "h1": 0, "title": 0}
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = (dict(attrs), [])
        if tag in self._depth:
            self._depth[tag] += 1
            classes = (dict(attrs).get("class") or "").split()
            key = tag if tag != "div" else next((c for c in self.CLASSES if c in classes), None)
            if key:
                self._open.append([key, tag, self._depth[tag]])
                self.text.setdefault(key, []).append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "script" and self._script:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        if tag in self._depth:
            self._open = [o for o in self._open if not (o[1] == tag and o[2] == self._depth[tag])]
            self._depth[tag] -= 1

    def handle_data(self, data):
        if self._script:
            self._script[1].append(data)
        for key, _, _ in self._open:
            self.text[key][-1] += data


def _norm_script(text: str) -> str:
    """An inline script with the page's own depth taken out (``..``, ``../..``, ``/`` on 404.html)."""
    text = re.sub(r'new URL\("[./]*"', 'new URL(""', text)
    text = re.sub(r'"base": "[./]*"', '"base": ""', text)
    return re.sub(r'"(?:\.\./|\./|/)*(assets/)', r'"\1', text)


def _norm_src(src: str) -> str:
    return re.sub(r"^(?:\.\./|\./|/)+", "", src)


@pytest.fixture(scope="module")
def baseline(builds):
    """What Material itself emits, from the hand-written page of the same site."""
    page = Page((builds.site / "about" / "index.html").read_text(encoding="utf-8"))
    return {
        "tags": {tag for tag, _ in page.elements},
        "scripts": {_norm_src(a["src"]) for a, _ in page.scripts if "src" in a},
        "inline": {_norm_script(t) for a, t in page.scripts if "src" not in a},
        "hosts": {urlsplit(v).hostname for _, attrs in page.elements for k, v in attrs
                  if k in ("href", "src") and v and v.startswith("http")},
        "styles": {v for _, attrs in page.elements for k, v in attrs if k == "style"},
    }  # fmt: skip


#: What the plugin's templates emit besides Material's own markup.
TEMPLATE_TAGS = {"a", "p", "div", "span", "ul", "ol", "li", "table", "tbody", "tr", "th", "td", "code", "strong",
                 "br", "nav", "pre", "button", "input", "label", "h2", "h3"}  # fmt: skip
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "img", "style", "math",
                  "template", "noscript", "audio", "video", "source"}  # fmt: skip
URL_ATTRS = {"href", "src", "action", "formaction", "data-src", "data-base", "poster", "background", "srcset",
             "xlink:href", "cite", "longdesc"}  # fmt: skip
MARKERS = re.compile(r"XSS_|TXT_|HOST_")


_DOWNLOAD_RE = re.compile(
    r"data:application/(?:x-bibtex|x-research-info-systems|vnd\.citationstyles\.csl\+json);charset=utf-8;base64,"
    r"[A-Za-z0-9+/]*={0,2}\Z"
)


def _check_url(value: str, hosts: set[str]) -> str | None:
    """Why ``value`` is not an acceptable link, or ``None``."""
    v = value.strip()
    if v.startswith("//"):
        return "protocol-relative"
    if _DOWNLOAD_RE.match(v):  # a paper's citation download: one of three text types, base64, nothing else
        return None
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", v):
        parts = urlsplit(v)
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme}"
        host = (parts.hostname or "").rstrip(".")
        if not (host in hosts or any(host == h or host.endswith("." + h) for h in _SAFE_HOSTS)):
            return f"host {host}"
    return None


def _pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path, Page(path.read_text(encoding="utf-8"))


@slow
def test_built_pages_hold_no_injected_markup(builds, baseline):
    problems = []
    for path, page in _pages(builds.site):
        rel = path.relative_to(builds.site).as_posix()
        for tag, attrs in page.elements:
            if tag in FORBIDDEN_TAGS or tag not in baseline["tags"] | TEMPLATE_TAGS:
                problems.append((rel, "element", tag))
            for name, value in attrs:
                value = value or ""
                if name.startswith("on"):
                    problems.append((rel, "handler", tag, name))
                # a citation meta tag's content is a paper's text, escaped: plain-text markers may be in it
                citation = tag == "meta" and dict(attrs).get("name", "").startswith("citation_") and name == "content"
                if (MARKERS.search(value) and not (citation and not re.search(r"XSS_|HOST_", value))) or MARKERS.search(
                    name
                ):
                    problems.append((rel, "marker in attribute", tag, name, value[:80]))
                if name in URL_ATTRS and (why := _check_url(value, baseline["hosts"])):
                    problems.append((rel, why, tag, name, value))
                if name == "style" and value not in baseline["styles"]:
                    problems.append((rel, "style", tag, value))
        for attrs, text in page.scripts:
            if "src" in attrs:
                if _norm_src(attrs["src"]) not in baseline["scripts"] | {
                    "assets/arxdigest/graph.js",
                    "assets/arxdigest/metrics.js",
                }:
                    problems.append((rel, "script src", attrs["src"]))
            elif _norm_script(text) not in baseline["inline"]:
                problems.append((rel, "inline script", text[:80]))
    assert not problems, problems[:20]


@slow
def test_no_hidden_payload_anywhere_in_the_output(builds):
    for path in builds.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".css", ".txt"):
            data = path.read_bytes()
            assert b"XSS_" not in data and b"HOST_" not in data, path
            assert b"evil.example" not in data, path


class _StartTags(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def _inert(text: str) -> bool:
    """No element with attributes, and no script, even with a dangling tag closed by what follows."""
    return all(not attrs and tag not in ("script", "style", "iframe") for tag, attrs in _StartTags(text + ">").tags)


def _check_graph(data: dict, where: str) -> None:
    assert data["version"] == 1
    for node in data["nodes"]:
        node_id, label, kind, url = node[:4]
        assert re.fullmatch(r"(?:authors|topics)/[\w.-]+/", url), (where, url)
        assert url.split("/")[1] and not url.split("/")[1].startswith(".")
        for text in (node_id, label):
            assert _inert(text), (where, text)
            assert not re.search(r"(?i)\b(?:javascript|vbscript|data):", text), (where, text)
            assert not re.search(r"XSS_|TXT_TAG[12]", text), (where, text)


@slow
def test_graph_data_is_inert(builds):
    _check_graph(json.loads((builds.site / "graph" / "graph.json").read_text(encoding="utf-8")), "graph.json")
    seen = 0
    for path, page in _pages(builds.site):
        for _, attrs in page.elements:
            for name, value in attrs:
                if name == "data-graph":
                    _check_graph(json.loads(value), str(path))
                    seen += 1
                if name == "data-base":
                    assert re.fullmatch(r"(?:\.\./)*", value), value
    assert seen > 100


@slow
def test_plain_text_displays_as_written(builds, corpus):
    def page(key: str) -> Page:
        return Page((builds.site / "papers" / corpus.paper_slugs[key] / "index.html").read_text(encoding="utf-8"))

    first = page("2501.00001")
    assert first.text["h1"] == ["Bounds when a < b and $O(n^2)$ bold"]
    assert first.text["title"][0].startswith("Bounds when a < b and $O(n^2)$ bold")
    note = "".join(first.text["arxdigest-note"])
    # Notes are sanitised like digests: the script is gone, plain text stays as written.
    assert "a < b and $O(n^2)$" in note and "TXT_NOTE" not in note
    hostile = page("2501.00002")
    # Its newest digest retitled it; every other title is kept, shown as text.
    assert hostile.text["h1"] == ["JSONL record"]
    assert "Hostile title where a < b and $O(n^2)$" in "".join(hostile.text["arxdigest-variants"])
    assert any("a < b > c" in t for t in hostile.text["tabbed-block"])
    unclosed = page("2501.00013")
    assert unclosed.text["h1"] == ["Second paper with an unclosed tag < img src=x onerror=alert('TXT_T05')"]
    assert page("2501.00007").text["h1"] == ["Escaped | pipes | in a title"]


@slow
def test_only_allowed_links_become_hrefs(builds, corpus):
    def hrefs(key: str) -> list[str]:
        html = (builds.site / "papers" / corpus.paper_slugs[key] / "index.html").read_text(encoding="utf-8")
        return [v for tag, attrs in Page(html).elements for k, v in attrs if k == "href" and v and "://" in v]

    assert "https://github.com/example/pipes" in hrefs("2501.00007")
    assert "https://arxiv.org/pdf/2501.00002v9" in hrefs("2501.00002")
    for key in ("2501.00004", "2501.00005", "2501.00006", "doi:10.1101/2025.01.02.654321"):
        links = hrefs(key)
        assert not [h for h in links if "evil" in h or "github.com." in h], links


# -- same inputs, same bytes ------------------------------------------------------------------------


def _normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name == "sitemap.xml.gz":
        data = gzip.decompress(data)
    if path.name.startswith("sitemap.xml"):  # <lastmod> is the build date: equal unless run across midnight
        data = re.sub(rb"<lastmod>[^<]*</lastmod>", b"", data)
    return data


@slow
def test_two_builds_give_the_same_bytes(builds):
    assert "rendered in 1 process:" in builds.results[0][2]
    assert "rendered in 3 processes:" in builds.results[1][2]  # so the bytes compared were made both ways
    a, b = builds.a / "site", builds.b / "site"
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    different = [f for f in files_a if (a / f).read_bytes() != (b / f).read_bytes()]
    assert not [f for f in different if not f.startswith("sitemap.xml")], different[:10]
    assert all(_normalised(a / f) == _normalised(b / f) for f in different)
    assert "search/search_index.json" in files_a and "graph/graph.json" in files_a


_HASH_SEED_PROBE = """
import hashlib, json, random
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.model import Paper, ParseResult, Source
rng = random.Random(7)
people = [f"Person {i}" for i in range(900)]
papers = [Paper(key=f"2501.{i:05d}", title=f"Paper {i}", authors=rng.sample(people, 3), days=["2025-01-05"],
                sources=[Source("x.md", i + 1, "table")]) for i in range(400)]
corpus = Corpus([ParseResult("table", papers)])
from mkdocs_arxdigest.graph import Graphs, layout
graphs = Graphs(corpus)
sub = graphs.top(%d)
facts = [layout(sub), sorted(graphs.combined.nodes(data="community"))]
print(hashlib.sha1(json.dumps(facts).encode()).hexdigest())
"""


def _probe(hash_seed: str, limit: int) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", _HASH_SEED_PROBE % limit], capture_output=True, text=True, check=True,
        env={**ENV, "PYTHONHASHSEED": hash_seed},
    )  # fmt: skip
    return proc.stdout.strip()


def test_layout_and_communities_do_not_depend_on_the_hash_seed():
    """All of a small graph is laid out: node order comes from the corpus, never from a set."""
    assert _probe("1", 1500) == _probe("2", 1500)


def test_layout_of_the_top_nodes_does_not_depend_on_the_hash_seed():
    assert _probe("1", 100) == _probe("2", 100)
