"""The reading list page (``reading/``) and the status/rating chips of paper lists."""

from __future__ import annotations

from pathlib import Path

from mkdocs_arxdigest import Paper, ParseResult, Source
from mkdocs_arxdigest.build.fingerprint import Fingerprints
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.notes import Note, load_notes
from mkdocs_arxdigest.pages import Site, SiteOptions
from mkdocs_arxdigest.pages.render import note_chips

from .conftest import ROOT, SEEDS, needs_seeds
from .sitebuild import build, write_site


def _papers() -> list[Paper]:
    rows = [
        ("2501.00001", "Oldest read paper", "2025-01-02"),
        ("2501.00002", "Newer read paper", "2025-01-03"),
        ("2501.00003", "Queued paper", "2025-01-03"),
        ("2501.00004", "Paper being read", "2025-01-04"),
        ("2501.00005", "Skimmed paper", "2025-01-04"),
        ("2501.00006", "Paper without a note", "2025-01-04"),
    ]
    return [
        Paper(key, title=title, authors=["Ann Lee"], topics=["Agents"], days=[day], sources=[Source("d.md", i)])
        for i, (key, title, day) in enumerate(rows, 1)
    ]


NOTES = {
    "2501.00001": "status: read\nrating: 3",
    "2501.00002": "status: done\nrating: 4/5",
    "2501.00003": "status: to read",
    "2501.00004": "status: reading\nrating: ★★★★★",
    "2501.00005": "status: <script>alert(1)</script>skimmed\nrating: 8/10",
    "2509.99999": "status: read\nrating: 5",  # a paper not in the corpus: left out
}


def _site(tmp_path: Path, notes: dict[str, str] = NOTES) -> Site:
    folder = tmp_path / "notes"
    folder.mkdir(parents=True, exist_ok=True)
    for key, front in notes.items():
        (folder / f"{key}.md").write_text(f"---\n{front}\n---\nSome text.\n", encoding="utf-8")
    loaded, warnings = load_notes(folder)
    assert not warnings
    return Site(Corpus([ParseResult("ai", _papers())]), SiteOptions(), notes=loaded)


def _sections(markdown: str) -> list[str]:
    return [line[3:].split(" {", 1)[0] for line in markdown.splitlines() if line.startswith("## ")]


def test_reading_page_groups_newest_first_and_ranks_ratings(tmp_path):
    site = _site(tmp_path)
    pages = dict(site.pages())
    page = pages["reading/index.md"]
    assert page.startswith('---\n{"search": {"exclude": true}, "title": "Reading list"}')  # lists, not content
    assert _sections(page) == ["To read (1)", "Reading (1)", "Read (2)", "skimmed (1)", "Top rated"]
    read = page.split("## Read (2)", 1)[1].split("## ", 1)[0]
    assert read.index("Newer read paper") < read.index("Oldest read paper")  # newest first
    top = page.split("## Top rated", 1)[1]
    order = [t for t in ("Paper being read", "Skimmed paper", "Newer read paper", "Oldest read paper") if t in top]
    assert sorted(order, key=top.index) == order and len(order) == 4  # 5; 4 (8/10) and 4/5, newest first; 3
    assert "★ 5/5" in top and "★ 3/5" in top
    assert "Paper without a note" not in page and "2509.99999" not in page
    assert "<script>" not in page


def test_nav_has_the_reading_list_only_with_notes(tmp_path):
    site = _site(tmp_path)
    assert ("Reading list", "reading/index.md") in site.nav()
    bare = Site(Corpus([ParseResult("ai", _papers())]), SiteOptions())
    assert "reading/index.md" not in [src for _, src in bare.nav()]
    assert "reading/index.md" not in dict(bare.pages())
    off = Site(site.corpus, SiteOptions(kinds=("papers",)), notes=site.notes)
    assert "reading/index.md" not in dict(off.pages()) and "reading/index.md" not in [s for _, s in off.nav()]


def test_paper_lists_show_status_and_rating_chips(tmp_path):
    site = _site(tmp_path)
    topic = dict(site.pages())["topics/agents.md"]
    items = {li.split("</a>", 1)[0].rsplit(">", 1)[1]: li for li in topic.split('<li class="arxdigest-paper">')[1:]}
    assert 'arxdigest-note-chip--reading" title="Status">Reading</span>' in items["Paper being read"]
    assert 'arxdigest-note-chip--read" title="Status">Read</span>' in items["Newer read paper"]  # "done" is read
    assert 'arxdigest-note-chip--to_read" title="Status">To read</span>' in items["Queued paper"]
    assert "arxdigest-rating" not in items["Queued paper"]
    assert "★ 4/5" in items["Newer read paper"] and "★ 5/5" in items["Paper being read"]
    skimmed = items["Skimmed paper"]
    assert 'arxdigest-note-chip--other"' in skimmed and "<script>" not in skimmed and "★ 4/5" in skimmed
    assert "arxdigest-note-chip" not in items["Paper without a note"]
    raw = note_chips(site.labels, Note("2501.00009", status='<script>x</script>" onload="y', rating="<b>4</b>"))
    assert "<script>" not in raw and '" onload' not in raw and "&lt;script&gt;" in raw and "arxdigest-rating" not in raw


def test_a_changed_note_re_renders_the_lists_that_show_it(tmp_path):
    site = _site(tmp_path)
    topic = next(p for entry in site.plan() for p in entry.make() if p.src_uri == "topics/agents.md")
    before = Fingerprints(site).of(topic)
    changed = _site(tmp_path / "b", {**NOTES, "2501.00003": "status: reading"})
    topic_after = next(p for entry in changed.plan() for p in entry.make() if p.src_uri == "topics/agents.md")
    assert Fingerprints(changed).of(topic_after) != before
    same = _site(tmp_path / "c")
    topic_same = next(p for entry in same.plan() for p in entry.make() if p.src_uri == "topics/agents.md")
    assert Fingerprints(same).of(topic_same) == before


def test_zh_labels(tmp_path):
    site = _site(tmp_path)
    zh = Site(site.corpus, SiteOptions(language="zh"), notes=site.notes)
    page = dict(zh.pages())["reading/index.md"]
    assert _sections(page)[:3] == ["待读 (1)", "在读 (1)", "已读 (2)"] and "## 高分" in page


@needs_seeds
def test_seeds_build_with_notes_has_the_reading_page_and_chips(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    from mkdocs_arxdigest import load_corpus

    corpus = load_corpus([SEEDS])
    newest = corpus.newest()[:3]
    for paper, front in zip(
        newest, ("status: read\nrating: 5", "status: to read", "status: reading\nrating: 2"), strict=True
    ):
        (notes / f"{paper.key.replace('/', '_')}.md").write_text(f"---\n{front}\n---\nA note.\n", encoding="utf-8")
    config = write_site(tmp_path, [str(SEEDS)], notes=str(notes))
    build(config)
    site = tmp_path / "site"
    page = (site / "reading" / "index.html").read_text(encoding="utf-8")
    assert "Reading list" in page and "Top rated" in page
    for paper in newest:
        assert f"../papers/{corpus.paper_slugs[paper.key]}/" in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="reading/"' in home  # in the navigation
    day = max(newest[0].days)
    listing = (site / "days" / day / "index.html").read_text(encoding="utf-8")
    assert "arxdigest-note-chip--read" in listing and "★ 5/5" in listing


def test_example_notes_folder_makes_a_reading_page():
    folder = ROOT / "notes"
    notes, _ = load_notes(folder)
    assert notes, "the example notes/ folder has notes"
    papers = [Paper(key, title=f"Paper {key}", days=["2025-01-02"], sources=[Source("d.md", 1)]) for key in notes]
    site = Site(Corpus([ParseResult("ai", papers)]), SiteOptions(), notes=notes)
    page = dict(site.pages())["reading/index.md"]
    assert "## Read (1)" in page and "★ 5/5" in page
