"""The corpus as JSON: a documented, stable schema (``schema: 1``).

::

    {"schema": 1,
     "stats": {"files": 3, "papers": 426, ...},
     "papers": [{"id", "version", "title", "title_translated", "authors", "authors_complete",
                 "categories", "main_category", "topics", "days", "published", "links": {"abs", "pdf", "code", "doi"},
                 "tldr", "motivation", "method", "result", "conclusion", "abstract", "abstract_translated",
                 "translation_failed", "sources": [{"path", "line", "format"}]}],
     "authors": [{"name", "slug", "papers": [id, ...]}],
     "topics": [{"name", "slug", "kind", "papers": [id, ...]}],
     "days": [{"date", "papers": [id, ...]}],
     "warnings": [{"path", "line", "message"}]}

Papers are in id order, authors and topics in name order, days in date order.
New fields may be added; existing ones keep their meaning.
"""

from __future__ import annotations

from .corpus import Corpus
from .model import Paper

SCHEMA = 1
_TEXT = (
    "title", "title_translated", "authors", "authors_complete", "categories", "main_category", "topics", "days",
    "published", "tldr", "motivation", "method", "result", "conclusion", "abstract", "abstract_translated",
    "translation_failed",
)  # fmt: skip


def paper_dict(paper: Paper) -> dict:
    data: dict = {"id": paper.key, "version": paper.version}
    data.update({name: getattr(paper, name) for name in _TEXT})
    data["links"] = {"abs": paper.abs_url, "pdf": paper.pdf_url, "code": paper.code_url, "doi": paper.doi}
    data["sources"] = [{"path": s.path, "line": s.line, "format": s.format} for s in paper.sources]
    return data


def corpus_dict(corpus: Corpus) -> dict:
    return {
        "schema": SCHEMA,
        "stats": corpus.stats(),
        "papers": [paper_dict(p) for p in corpus.papers.values()],
        "authors": [{"name": a.name, "slug": a.slug, "papers": a.papers} for a in corpus.authors.values()],
        "topics": [
            {"name": t.name, "slug": t.slug, "kind": t.kind, "papers": t.papers} for t in corpus.topics.values()
        ],
        "days": [{"date": d.date, "papers": d.papers} for d in corpus.days.values()],
        "warnings": [{"path": w.path, "line": w.line, "message": w.message} for w in corpus.warnings],
    }
