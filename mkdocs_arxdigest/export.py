"""The corpus as JSON: a documented, stable schema (``schema: 1``).

::

    {"schema": 1,
     "stats": {"files": 3, "papers": 426, ...},
     "papers": [{"id", "version", "title", "title_translated", "authors", "authors_complete",
                 "categories", "main_category", "topics", "days", "published", "links": {"abs", "pdf", "code", "doi"},
                 "tldr", "motivation", "method", "result", "conclusion", "abstract", "abstract_translated",
                 "translation_failed", "sources": [{"path", "line", "format"}], "comment", "variants"}],
     "authors": [{"name", "slug", "papers": [id, ...]}],
     "topics": [{"name", "slug", "kind", "papers": [id, ...]}],
     "days": [{"date", "papers": [id, ...]}],
     "warnings": [{"path", "line", "message"}]}

Papers are in id order, authors and topics in name order, days in date order.
New fields may be added; existing ones keep their meaning.
"""

from __future__ import annotations

from .corpus import Corpus
from .model import FIELDS, Paper

SCHEMA = 1


def paper_dict(paper: Paper) -> dict:
    """A paper as the schema holds it: each field under its declared export name (``links.abs``: nested)."""
    data: dict = {}
    for f in FIELDS:
        name = f.metadata["export"]
        if name is None:
            continue
        value = getattr(paper, f.name)
        if f.name == "sources":
            value = [{"path": s.path, "line": s.line, "format": s.format} for s in value]
        outer, _, inner = name.partition(".")
        if inner:
            data.setdefault(outer, {})[inner] = value
        else:
            data[name] = value
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
