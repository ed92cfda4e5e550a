"""The pages' side of issue 20 that the templates carry: a topic's other names, notes as chips, no lone badge."""

from __future__ import annotations

from mkdocs_arxdigest import Paper, ParseResult, Source
from mkdocs_arxdigest.corpus import Corpus
from mkdocs_arxdigest.i18n import LABELS
from mkdocs_arxdigest.notes import Note
from mkdocs_arxdigest.pages import Site


def _site() -> tuple[Corpus, dict[str, str]]:
    papers = [
        Paper(key="2501.00001", title="A multimodal model", topics=["多模态"], authors=["Ada Lovelace"],
              sources=[Source("a.md", 1, "t")]),
        Paper(key="2501.00002", title_translated="扩散模型", topics=["生成模型"], authors=[], authors_complete=False,
              sources=[Source("b.md", 1, "t")]),
    ]  # fmt: skip
    corpus = Corpus([ParseResult("t", papers)], notes={"2501.00001": ["multi-modal", "must-read"]})
    note = Note(key="2501.00001", content="Read it.", tags=["multi-modal", "must-read"], status="read", rating="5")
    site = Site(corpus, notes={"2501.00001": note})
    return corpus, dict(site.pages())


def test_topic_page_names_every_name_it_goes_by():
    corpus, pages = _site()
    page = pages[f"topics/{corpus.topics['Multimodal'].slug}.md"]
    assert '<p class="arxdigest-topic-names">Also called: ' in page
    assert '<span class="arxdigest-chip">多模态</span>' in page and "multi-modal</span>" in page
    lone = pages[f"topics/{corpus.topics['must-read'].slug}.md"]
    assert "arxdigest-topic-names" not in lone


def test_paper_without_authors_says_so_without_the_first_author_badge():
    corpus, pages = _site()
    page = pages["papers/2501.00002.md"]
    assert LABELS["en"]["authors_not_given"] in page
    assert LABELS["en"]["first_author_only"] not in page.split("arxdigest-authors", 1)[1].split("</p>", 1)[0]


def test_notes_fields_are_separate_chips():
    corpus, pages = _site()
    page = pages["papers/2501.00001.md"]
    title = page.split('arxdigest-note__fields">', 1)[1].split("</p>", 1)[0]
    assert title.count('class="arxdigest-badge"') == 2  # status and rating
    assert "Status: read</span>" in title and "Rating: 5</span>" in title
    # Tags are topic chips, under their one name, linked to the topic page.
    multimodal = corpus.topics["Multimodal"].slug
    assert f'href="../../topics/{multimodal}/"' in title and ">Multimodal</a>" in title
    assert ">must-read</a>" in title
    assert "Tags: multi-modal, must-read" not in page


def test_new_labels_exist_in_every_language():
    for key in ("authors_not_given", "also_called", "published_on", "digest_on"):
        assert all(LABELS[lang][key] for lang in LABELS)
    assert set(LABELS["en"]) == set(LABELS["zh"])
