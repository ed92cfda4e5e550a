"""Real `mkdocs build`s of the three samples: pages, links, nav, strict mode."""

from __future__ import annotations

import json
import re

import pytest

from mkdocs_arxdigest import load_corpus

from .sitebuild import build, internal_links, resolve, write_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_site(tmp_path_factory, all_seeds):
    root = tmp_path_factory.mktemp("seeds")
    config = write_site(root, [str(p) for p in all_seeds])
    proc = build(config, "--strict")
    return root / "site", proc, load_corpus(all_seeds)


def test_strict_build_passes_on_clean_samples(seeds_site):
    _, proc, _ = seeds_site
    assert proc.returncode == 0
    assert "WARNING" not in proc.stderr


def test_one_page_per_paper(seeds_site):
    site, _, corpus = seeds_site
    pages = sorted(p.parent.name for p in (site / "papers").glob("*/index.html"))
    assert len(pages) == 426 == len(corpus.papers)
    assert set(pages) == set(corpus.paper_slugs.values())


def test_author_topic_and_day_pages(seeds_site):
    site, _, corpus = seeds_site
    for author in corpus.authors.values():
        assert (site / "authors" / author.slug / "index.html").is_file(), author.name
    for topic in corpus.topics.values():
        assert (site / "topics" / topic.slug / "index.html").is_file(), topic.name
    assert sorted(p.parent.name for p in (site / "days").glob("*/index.html")) == ["2025-09-29", "2025-12-29"]
    for index in ("index.html", "papers/index.html", "authors/index.html", "topics/index.html",
                  "days/index.html", "graph/index.html", "graph/graph.json"):  # fmt: skip
        assert (site / index).is_file(), index


def test_every_internal_link_resolves(seeds_site):
    site, _, _ = seeds_site
    broken = []
    pages = list(site.rglob("*.html"))
    assert len(pages) > 1700
    for page in pages:
        for link in internal_links(page.read_text(encoding="utf-8")):
            if not resolve(site, page, link).exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
    assert not broken, broken[:20]


def test_nav_lists_index_pages_not_papers(seeds_site):
    site, _, _ = seeds_site
    page = site / "papers" / "2512.20735" / "index.html"
    html = page.read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    hrefs = re.findall(r'<a href="([^"]+)" class="md-nav__link', nav)
    targets = {resolve(site, page, h).relative_to(site).as_posix() for h in hrefs}
    assert targets == {
        "index.html", "papers/index.html", "authors/index.html", "topics/index.html", "days/index.html",
        "graph/index.html",
    }  # fmt: skip


def test_paper_page_content(seeds_site):
    site, _, corpus = seeds_site
    html = (site / "papers" / "2512.20735" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "VL4Gaze: Unleashing Vision-Language Models for Gaze Following" in html
    for name in corpus.papers["2512.20735"].authors:
        assert f">{name}</a>" in html
    assert 'href="https://arxiv.org/abs/2512.20735"' in html
    assert '<code id="bibtex">@misc{' in html
    assert 'class="tabbed-set' in html and "Motivation" in html
    assert 'data-kind="local"' in html
    # A first-author-only paper from the table digest says so.
    table = (site / "papers" / "2512.22120" / "index.html").read_text(encoding="utf-8")
    assert "first author only" in table and "见少识广" in table


def test_multi_line_row_is_kept(seeds_site):
    site, _, _ = seeds_site
    html = (site / "papers" / "2512.22088" / "index.html").read_text(encoding="utf-8")
    assert "缩放定律作为大语言模型" in html and "我们建立了具有明显相变特征" in html


def test_search_index_is_bounded(seeds_site):
    site, _, corpus = seeds_site
    index = site / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    locations = {d["location"] for d in data["docs"]}
    assert "papers/2512.20735/" in locations
    assert index.stat().st_size / len(corpus.papers) < 1024 * 1.5
    # Abstracts are not indexed by default; titles and TL;DRs are.
    text = json.dumps(data, ensure_ascii=False)
    assert "VL4Gaze" in text and "489K automatically generated question-answer pairs" not in text


HOOK = """
import json
from pathlib import Path
from mkdocs.plugins import event_priority

seen = {}


@event_priority(-200)
def on_files(files, config):
    seen["files"] = files


def on_post_build(config):
    pages = [f.page for f in seen["files"].documentation_pages() if f.page is not None]
    report = {p.file.src_uri: [len(p.markdown or ""), len(p.content or "")] for p in pages}
    Path(config.config_file_path).with_name("held.json").write_text(json.dumps(report))
"""


def test_generated_pages_are_not_held_once_written(tmp_path, table_seed):
    """MkDocs keeps every page's source and HTML until the build ends; generated pages give theirs
    back (they wait compressed between Markdown and the theme), hand-written pages are left alone.
    A hook in the same build reports what each page still holds at the end."""
    import yaml

    config = write_site(tmp_path, [table_seed], docs={"index.md": "# Home\n\nHand-written.\n"})
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    (tmp_path / "hook.py").write_text(HOOK, encoding="utf-8")
    config.write_text(yaml.safe_dump({**data, "hooks": ["hook.py"]}, allow_unicode=True), encoding="utf-8")
    build(config, "--strict")
    held = json.loads((tmp_path / "held.json").read_text(encoding="utf-8"))
    generated = {uri: sizes for uri, sizes in held.items() if uri != "index.md"}
    assert len(generated) > 10 and all(sizes == [0, 0] for sizes in generated.values())
    assert all(n > 0 for n in held["index.md"])
    paper = (tmp_path / "site" / "papers" / "2512.22118" / "index.html").read_text(encoding="utf-8")
    assert "ProEdit" in paper and 'id="bibtex"' in paper and "data-arxdigest-block" not in paper
    index = (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "papers/2512.22118/" in index and "ProEdit" in index


def test_strict_fails_on_a_warning(tmp_path, table_seed):
    bad = tmp_path / "digests"
    bad.mkdir()
    (bad / "broken.md").write_text("# arxiv 2025-01-02\n\n| 标题 | 作者 | PDF链接 | 摘要 |\n|---|---|---|---|\n"
                                   "| 只有标题 | 某人 | 没有链接 | 摘要 |\n", encoding="utf-8")  # fmt: skip
    config = write_site(tmp_path, [str(bad), str(table_seed)])
    strict = build(config, "--strict", check=False)
    assert strict.returncode != 0
    assert "broken.md:5" in strict.stderr
    plain = build(config)
    assert plain.returncode == 0
    assert len(list((tmp_path / "site" / "papers").glob("*/index.html"))) == 10


def test_sources_inside_docs_dir_are_taken_over(tmp_path, table_seed):
    config = write_site(tmp_path, ["docs/digests"], docs={"digests/2025-12-29.md": table_seed.read_text("utf-8")})
    build(config, "--strict")
    site = tmp_path / "site"
    assert not (site / "digests").exists()
    assert len(list((site / "papers").glob("*/index.html"))) == 10


def test_user_nav_is_kept_and_extended(tmp_path, table_seed):
    config = write_site(tmp_path, [str(table_seed)], docs={"index.md": "# Home\n", "about.md": "# About\n"})
    text = config.read_text(encoding="utf-8") + "nav:\n  - Home: index.md\n  - About: about.md\n"
    config.write_text(text, encoding="utf-8")
    build(config, "--strict")
    html = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "About" in html and "Knowledge base" in html
    # The user's home stays; the overview moves to overview/.
    assert "# Home" not in html
    assert (tmp_path / "site" / "overview" / "index.html").is_file()


def test_prefix_and_chinese_labels(tmp_path, table_seed):
    config = write_site(tmp_path, [str(table_seed)], prefix="kb", language="zh")
    build(config, "--strict")
    html = (tmp_path / "site" / "kb" / "papers" / "2512.22120" / "index.html").read_text(encoding="utf-8")
    assert "仅第一作者" in html and 'href="../../../kb/authors/shuoshuo-zhang/"' in html
    assert (tmp_path / "site" / "kb" / "authors" / "shuoshuo-zhang" / "index.html").is_file()


def test_works_alongside_gen_files(tmp_path, table_seed):
    pytest.importorskip("mkdocs_gen_files")
    script = tmp_path / "gen_pages.py"
    script.write_text(
        "import mkdocs_gen_files\n"
        "from mkdocs_arxdigest import load_corpus\n"
        f"corpus = load_corpus([{str(table_seed)!r}])\n"
        "with mkdocs_gen_files.open('stats.md', 'w') as f:\n"
        "    f.write(f'# Stats\\n\\n{len(corpus.papers)} papers, {len(corpus.authors)} authors\\n')\n",
        encoding="utf-8",
    )
    config = write_site(tmp_path, [str(table_seed)])
    data = config.read_text(encoding="utf-8").replace(
        "plugins:\n", f"plugins:\n- gen-files:\n    scripts:\n    - {script}\n"
    )
    config.write_text(data, encoding="utf-8")
    build(config, "--strict")
    assert "10 papers, 10 authors" in (tmp_path / "site" / "stats" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "papers" / "2512.22120" / "index.html").is_file()


def test_templates_can_be_overridden_from_custom_dir(tmp_path, table_seed):
    config = write_site(tmp_path, [str(table_seed)])
    overrides = tmp_path / "overrides" / "arxdigest"
    overrides.mkdir(parents=True)
    (overrides / "paper.md").write_text('<p class="custom">Custom {{ paper.key }}</p>\n', encoding="utf-8")
    data = config.read_text(encoding="utf-8").replace("name: material", "name: material\n  custom_dir: overrides")
    config.write_text(data, encoding="utf-8")
    build(config, "--strict")
    html = (tmp_path / "site" / "papers" / "2512.22120" / "index.html").read_text(encoding="utf-8")
    assert '<p class="custom">Custom 2512.22120</p>' in html
