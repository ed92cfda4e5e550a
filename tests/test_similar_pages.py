"""Similar papers on paper pages: the cache gives what a full fit gives, pages show reasons, days ripple little."""

from __future__ import annotations

import copy
import random
import sys
from pathlib import Path

import pytest

pytest.importorskip("sklearn", reason="similar papers need scikit-learn")

from mkdocs_arxdigest import ParseResult, load_corpus  # noqa: E402
from mkdocs_arxdigest.build.cache import SimilarCache  # noqa: E402
from mkdocs_arxdigest.build.fingerprint import Fingerprints  # noqa: E402
from mkdocs_arxdigest.corpus import Corpus  # noqa: E402
from mkdocs_arxdigest.model import Paper  # noqa: E402
from mkdocs_arxdigest.pages import Site, SiteOptions  # noqa: E402
from mkdocs_arxdigest.pages import paper as paper_kind  # noqa: E402
from mkdocs_arxdigest.similar import fit, similar_papers, update  # noqa: E402

from .test_similar import WORDS, _corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _site(papers: dict[str, Paper], **options) -> Site:
    return Site(Corpus([ParseResult("table", [copy.copy(p) for p in papers.values()])]), SiteOptions(**options))


def _page(site: Site, key: str) -> str:
    return site.render(paper_kind.page(site, key))


def _similar_section(markdown: str) -> str:
    start = markdown.index('<ul class="arxdigest-papers arxdigest-similar">')
    return markdown[start : markdown.index("</ul>", start)]


def _next_day(papers: dict[str, Paper], rng: random.Random, n: int) -> dict[str, Paper]:
    """``papers`` plus ``n`` new ones on a new day, some close to old papers (they enter old lists)."""
    grown = dict(papers)
    old = sorted(papers)
    for i in range(n):
        key = f"2503.{i:05d}"
        near = papers[rng.choice(old)].abstract.split()
        words = rng.sample(near, 30) + rng.sample(WORDS, 15) if i % 2 else rng.sample(WORDS, 45)
        grown[key] = Paper(key=key, title=" ".join(rng.sample(WORDS, 6)), abstract=" ".join(words),
                           authors=[f"New {i}"], topics=["Alpha"], days=["2025-03-01"])  # fmt: skip
    return grown


def test_update_gives_what_a_full_fit_gives():
    """New papers, a changed abstract, a new author, a removed paper: the update equals a fit from scratch."""
    rng = random.Random(4)
    papers, planted = _corpus(rng, 400, 6)
    model = fit(papers)
    assert update(model, papers) is model  # nothing changed: nothing done
    grown = _next_day(papers, rng, 40)
    a, b = planted[0]
    grown[a] = copy.copy(grown[a])
    grown[a].abstract = " ".join(rng.sample(WORDS, 45))  # no longer b's twin
    c = planted[1][0]
    grown[c] = copy.copy(grown[c])
    grown[c].authors = [*grown[c].authors, "Twin B 1"]  # now shares an author with its twin
    del grown[planted[2][1]]
    after = update(model, grown)
    assert after.basis == model.basis  # the same idf basis: this was an update, not a refit
    assert after.lists == similar_papers(grown)
    assert a not in [s.key for s in after.lists[b]]
    assert "1 shared author" in after.lists[c][0].reasons
    assert planted[2][1] not in [s.key for v in after.lists.values() for s in v]
    entered = [k for k in papers if k in grown and after.lists[k] != model.lists[k]]
    assert entered  # new papers did enter some old lists


def test_the_cache_file_serves_a_later_build_and_a_broken_one_is_refitted(tmp_path):
    rng = random.Random(9)
    papers, _ = _corpus(rng, 300, 4)
    path = tmp_path / "similar.pickle"
    first = SimilarCache(path).lists(papers, limit=8, threshold=0.2)
    assert path.is_file() and first == similar_papers(papers)
    grown = _next_day(papers, rng, 20)
    later = SimilarCache(path)  # a new process: the model comes from the file
    assert later.lists(grown, limit=8, threshold=0.2) == similar_papers(grown) and not later.refitted
    path.write_bytes(b"not a pickle")
    broken = SimilarCache(path)
    assert broken.lists(grown, limit=8, threshold=0.2) == similar_papers(grown) and broken.refitted
    other = SimilarCache(path)
    assert other.lists(grown, limit=3, threshold=0.2) == similar_papers(grown, limit=3) and other.refitted


def test_paper_page_lists_the_planted_twin_with_its_reasons_in_english_and_chinese():
    papers, planted = _corpus(random.Random(7), 300, 3)
    a, b = planted[0]
    papers[b].authors = ["Twin A 0", "Extra 1", "Extra 2"]
    papers[a].authors = ["Twin A 0", "Extra 1", "Extra 2"]  # now three shared authors too
    en = _similar_section(_page(_site(papers), a))
    assert papers[b].title in en
    assert "similar abstract" in en and "3 shared authors" in en and "same topic" not in en
    zh_page = _page(_site(papers, language="zh"), a)
    assert "相似论文" in zh_page
    zh = _similar_section(zh_page)
    assert "摘要相近" in zh and "3 位共同作者" in zh and "similar abstract" not in zh
    a2, b2 = planted[1]
    assert papers[a2].title in _similar_section(_page(_site(papers), b2))  # each lists the other


def test_titles_in_the_list_are_escaped():
    papers, planted = _corpus(random.Random(8), 200, 2)
    a, b = planted[0]
    papers[b].title = "<script>alert(1)</script> <think> & more"
    site = _site(papers)
    assert site.corpus.papers[b].title == "<think> & more"  # the merge drops the script block, keeps <think>
    html = _similar_section(_page(site, a))
    assert "&lt;think&gt; &amp; more" in html and "<think>" not in html
    site = _site(papers)
    site.corpus.papers[b].title = '<img src=x onerror="alert(1)"> "q"'  # as if it came through unsanitised
    html = _similar_section(_page(site, a))
    assert "<img" not in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html


def test_two_builds_give_the_same_pages():
    papers, planted = _corpus(random.Random(5), 250, 3)
    shuffled = dict(sorted(papers.items(), key=lambda kv: random.Random(kv[0]).random()))
    one, two = _site(papers), _site(shuffled)
    for key in sorted(papers)[:40] + [k for pair in planted for k in pair]:
        assert _page(one, key) == _page(two, key)


def test_related_zero_lists_nothing():
    papers, planted = _corpus(random.Random(6), 100, 1)
    site = _site(papers, related=0)
    assert not site.wants_similar() and site.similar == {}
    assert "arxdigest-similar" not in _page(site, planted[0][0])


def test_a_new_day_changes_few_paper_pages(tmp_path):
    """A day of 50 papers on 2,500 synthetic ones: at most 10% of the old paper pages get a new fingerprint.

    2% new papers, as 200 on 10k; the idf basis stays the oldest 2,048 (crossing a power of two
    changes most lists once, see docs/similar.md).

    A page is rendered again exactly when its fingerprint changes (``build/fingerprint.py``).
    """
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    synth.generate(tmp_path / "old", papers=2500, days=50)
    synth.generate(tmp_path / "new", papers=2550, days=51)
    before, after = (Site(load_corpus([tmp_path / n], base=tmp_path / n)) for n in ("old", "new"))
    assert len(set(after.corpus.papers) - set(before.corpus.papers)) == 50

    def prints(site: Site) -> dict[str, str | None]:
        f = Fingerprints(site)
        return {k: f.of(paper_kind.page(site, k)) for k in site.corpus.papers}

    old, new = prints(before), prints(after)
    changed = [k for k in old if old[k] != new[k]]
    assert len(changed) <= 0.10 * len(old), len(changed)
    listed = [k for k in old if before.similar[k]]
    assert len(listed) >= 0.5 * len(old)  # stable, and not by being empty
    moved = [k for k in old if before.similar[k] != after.similar[k]]
    assert set(moved) <= set(changed) and moved  # every changed list is a re-rendered page, and some do change
