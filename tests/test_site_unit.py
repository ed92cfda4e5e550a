"""Page generation without MkDocs: URLs, escaping, HTML stashing, BibTeX."""

from __future__ import annotations

import pytest

from mkdocs_arxdigest import Paper, load_corpus
from mkdocs_arxdigest.build.fingerprint import Fingerprints
from mkdocs_arxdigest.citations import bibtex
from mkdocs_arxdigest.graph import Graphs
from mkdocs_arxdigest.mkdocs_helpers import deferred_blocks, restore_deferred, stash_html, unstash_html
from mkdocs_arxdigest.pages import Site, SiteOptions, author
from mkdocs_arxdigest.pages.graph import author_graph, paper_graph
from mkdocs_arxdigest.pages.render import md_escape


def test_stash_keeps_headings_for_markdown_and_html_out_of_it():
    md = "<div>a</div>\n\n## Heading { x }\n<ol>\n<li>1</li>\n</ol>\n## Next\n\ntext *em*"
    stashed, blocks = stash_html(md)
    assert blocks == ["<div>a</div>", "<ol>\n<li>1</li>\n</ol>"]
    assert stashed == "ARXDIGEST000000\n\n## Heading { x }\n\nARXDIGEST000001\n\n## Next\n\ntext *em*"
    html = "<p>ARXDIGEST000000</p><h2>Heading</h2><p>ARXDIGEST000001</p>"
    assert unstash_html(html, blocks) == "<div>a</div><h2>Heading</h2><ol>\n<li>1</li>\n</ol>"


def test_excluded_blocks_wait_until_search_has_read_the_page():
    blocks = ['<div data-search-exclude class="x">secret</div>', "<p>kept</p>"]
    html = unstash_html("<p>ARXDIGEST000000</p><p>ARXDIGEST000001</p>", blocks, defer_excluded=True)
    assert "secret" not in html and "<p>kept</p>" in html
    assert restore_deferred(html, blocks) == blocks[0] + blocks[1]
    waiting = deferred_blocks(html, blocks)  # all the plugin holds on to until search has read the page
    assert waiting == {0: blocks[0]}
    assert restore_deferred(html, waiting) == blocks[0] + blocks[1]


def test_restored_text_is_never_scanned_again():
    blocks = ["<p>ARXDIGEST000001</p>", "<script>"]
    assert unstash_html("<p>ARXDIGEST000000</p>", blocks) == "<p>ARXDIGEST000001</p>"


def test_md_escape():
    assert md_escape("[x](javascript:alert(1)) *a* <b>") == r"\[x\]\(javascript:alert\(1\)\) \*a\* &lt;b&gt;"


@pytest.mark.parametrize(
    "directory, expected",
    [(True, ["papers/2512.22120/", "papers/", "papers/page/2/", "", "topics/x/page/3/"]),
     (False, ["papers/2512.22120.html", "papers/index.html", "papers/page/2.html", "index.html",
              "topics/x/page/3.html"])],
)  # fmt: skip
def test_urls(directory, expected):
    site = Site(load_corpus([]), SiteOptions(use_directory_urls=directory))
    got = [site.url("papers", "2512.22120"), site.url("papers"), site.url("papers", page=2), site.url("overview"),
           site.url("topics", "x", 3)]  # fmt: skip
    assert got == expected


def test_bibtex():
    paper = Paper(key="2512.20735", title="VL4Gaze: {Unleashing} VLMs", authors=["Shijing Wang", "Bin Hu"])
    entry = bibtex([paper])  # the paper page's BibTeX is the file it downloads: one writer, bibtexparser
    assert entry.startswith("@misc{wang_2512.20735,")
    assert "author = {Wang, Shijing and Hu, Bin}" in entry and "{\\{}Unleashing{\\}}" in entry  # braces escaped
    assert "eprint = {2512.20735}" in entry
    first_only = bibtex([Paper(key="hep-th/9901001", title="Old", authors=["E. Witten"], authors_complete=False)])
    assert "and others" in first_only and "year = {1999}" in first_only


def test_table_sample_pages(table_seed):
    site = Site(load_corpus(table_seed))
    pages = dict(site.pages())
    assert len([p for p in pages if p.startswith("papers/") and "index" not in p and "/page/" not in p]) == 10
    page = pages["papers/2512.22120.md"]
    title = '"title": "见少识广：双向感知塑造在多模态推理中的应用"}\n---\n'
    # Every kind of page, the search too: Material's own index leaves the paper pages to it.
    assert page.startswith('---\n{"search": {"exclude": true}, ' + title)
    assert "first author only" in page
    without = dict(Site(load_corpus(table_seed), SiteOptions(kinds=("papers", "authors"))).pages())
    assert without["papers/2512.22120.md"].startswith("---\n{" + title)


def _corpus(*papers: Paper):
    from mkdocs_arxdigest import ParseResult
    from mkdocs_arxdigest.corpus import Corpus

    return Corpus([ParseResult("ai_enhanced", list(papers))])


def test_author_page_changes_with_the_authors_papers_only():
    """A co-author's paper without the author changes neither the author's page nor its fingerprint."""
    p1 = Paper(key="2501.00001", title="Diffusion one", authors=["Ann", "Bob", "Cy"], days=["2025-01-01"])
    p2 = Paper(key="2501.00002", title="Diffusion two", authors=["Ann", "Bob"], days=["2025-01-01"])
    elsewhere = Paper(key="2501.00003", title="Diffusion three", authors=["Bob", "Cy", "Dee"], days=["2025-01-02"])
    before, after = Site(_corpus(p1, p2)), Site(_corpus(p1, p2, elsewhere))

    def fingerprint(site: Site, name: str) -> str | None:
        return Fingerprints(site).of(author.page(site, name))

    assert fingerprint(before, "Ann") == fingerprint(after, "Ann")
    assert before.render(author.page(before, "Ann")) == after.render(author.page(after, "Ann"))
    assert fingerprint(before, "Bob") != fingerprint(after, "Bob")

    graph = author_graph(after, "Ann")
    nodes = {n[0]: n for n in graph["nodes"]}
    assert graph["nodes"][0][0] == "author:Ann" and nodes["author:Ann"][4] == 2  # the centre: its papers
    assert nodes["author:Bob"][4] == 2 and nodes["author:Cy"][4] == 1  # neighbours: papers shared with Ann
    assert "author:Dee" not in nodes
    index = {n[0]: i for i, n in enumerate(graph["nodes"])}
    edges = {(graph["nodes"][a][0], graph["nodes"][b][0]): w for a, b, w in graph["edges"]}
    assert edges[("author:Ann", "author:Bob")] == 2
    assert edges[("author:Bob", "author:Cy")] == 1  # linked by Ann's paper p1, weight 1 in a local view
    assert len(index) == len(nodes)


def _day(n: int, date: str) -> list[Paper]:
    return [
        Paper(key=f"2501.{n * 100 + i:05d}", title=f"Diffusion paper {n}-{i}", authors=[f"Author {n}-{i}"], days=[date])
        for i in range(7)
    ]


@pytest.mark.parametrize("directory", [True, False])
def test_chronological_pages_keep_their_papers_when_a_day_arrives(directory):
    """Papers index and topic pages: archived pages (``page/1`` the oldest) never change, the
    front page holds the newest papers, every paper is on exactly one page, pagers link up."""
    days = [_day(n, f"2025-01-{n:02d}") for n in range(1, 6)]
    options = SiteOptions(page_size=4, use_directory_urls=directory)
    before = Site(_corpus(*[p for d in days[:4] for p in d]), options)
    after = Site(_corpus(*[p for d in days for p in d]), options)
    old, new = dict(before.pages()), dict(after.pages())
    for listing in ("papers/", "topics/diffusion-models/"):
        old_pages = {k: v for k, v in old.items() if k.startswith(f"{listing}page/")}
        new_pages = {k: v for k, v in new.items() if k.startswith(f"{listing}page/")}
        assert len(old_pages) == 28 // 4 - 1 and len(new_pages) == 35 // 4 - 1
        last = f"{listing}page/{len(old_pages)}.md"  # its "newer" link now leads to the next archived page
        assert all(new_pages[k] == v for k, v in old_pages.items() if k != last)  # the others stay as they were
        assert new_pages[last] != old_pages[last]
        kind, _, slug = listing.strip("/").partition("/")
        assert f'{after.url(kind, slug, len(old_pages) + 1)}">← Newer' in new_pages[last]
        front = new["papers/index.md" if listing == "papers/" else "topics/diffusion-models.md"]
        shown = [front, *new_pages.values()]
        for p in days[4]:
            assert f">{p.title}</a>" in front  # the newest day is on the front page
        for p in (p for d in days for p in d):
            assert sum(f">{p.title}</a>" in page for page in shown) == 1
        oldest = new[f"{listing}page/1.md"]
        assert days[0][0].title in oldest and "Older" not in oldest and "Newer" in oldest
    up = "../" * after.url("papers", "", 7).count("/")
    assert f'href="{up}{after.url("papers")}">← Newer' in new["papers/page/7.md"]  # back to the front page


def test_paper_views_equal_the_local_view_of_the_combined_graph(all_seeds):
    """A paper's graph view, built from the paper alone, is what view_data draws from the graph."""
    from mkdocs_arxdigest.graph import AUTHOR, TOPIC, node_id, view_data

    corpus = load_corpus(all_seeds)
    site = Site(corpus)
    g = Graphs(corpus).combined
    drawn = 0
    for paper in corpus.papers.values():
        nodes = [node_id(AUTHOR, a) for a in paper.authors[:12]] + [node_id(TOPIC, t) for t in paper.topics]
        chosen = [n for n in nodes if n in g][:25]
        expected = view_data(g, chosen, site.urls.node_url, metrics=False) if len(chosen) > 1 else None
        assert paper_graph(site, paper) == expected, paper.key
        drawn += expected is not None
    assert drawn > len(corpus.papers) // 2


@pytest.mark.parametrize("page_size", [1, 2, 3, 100])
@pytest.mark.parametrize("kinds", [("authors", "topics", "days", "graph"), ("topics",), ()])
def test_the_plan_says_where_every_page_goes_before_it_is_made(all_seeds, page_size, kinds):
    """MkDocs is told of every page before workers make it: the plan's paths must be the pages' own."""
    site = Site(load_corpus(all_seeds), SiteOptions(page_size=page_size, kinds=kinds))
    plan = site.plan()
    planned = [src for entry in plan for src in entry.src_uris]
    made = [page.src_uri for entry in plan for page in entry.make()]
    assert planned == made and len(set(made)) == len(made)
    if page_size == 1:
        several = {entry.src_uris[0].split("/")[0] for entry in plan if len(entry.src_uris) > 1}
        assert "papers" in several and ("topics" in several) == ("topics" in kinds)  # listings in several pages
