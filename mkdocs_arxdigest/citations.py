"""Citations that reference managers read: BibTeX, RIS, CSL-JSON and Highwire meta tags.

Each writer is the format's maintained library (``bibtexparser`` v2 with its LaTeX
encoding, ``rispy``), so escaping is theirs, not ours. The paper's original (English)
title is the title whenever a source has it; a translated title goes to the note (or RIS'
translated title). Incomplete author lists (table digests know only the first author) are
marked as such in BibTeX (``and others``) and otherwise left as known: no invented names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from .model import Paper
from .names import GROUP_WORDS, latin, split_name

__all__ = [
    "bibtex", "bibtex_entry_key", "ris", "ris_entry", "ris_records", "csl_json", "csl_item", "citation_meta",
]  # fmt: skip

_ETAL_RE = re.compile(r"^(?:et\.?\s*al\.?|others|etc\.?|等(?:人)?|…|\.\.\.)$", re.I)
_SPACE_RE = re.compile(r"\s+")
_BAD_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _flat(text: str) -> str:
    """One line of text: RIS and BibTeX values must not break lines; no control characters."""
    return _SPACE_RE.sub(" ", _BAD_XML_RE.sub("", text or "")).strip()


@functools.lru_cache(maxsize=1 << 16)
def _split_name(name: str) -> tuple[str, str] | None:
    """``(family, given)`` of an author name, by :func:`~mkdocs_arxdigest.names.split_name`; None for "et al.".

    One splitter for the author index and the citations, so that a name sorts and cites
    alike. A group ("The Example Consortium") is cited whole, as its family name. Cached:
    a prolific author is cited in every file of their papers.
    """
    name = _flat(name).strip(" ,;")
    if not name or _ETAL_RE.match(name):
        return None
    if len(name.split()) > 1 and any(w.casefold().strip(",.") in GROUP_WORDS for w in name.split()):
        return name, ""
    family, given = split_name(name)
    return (family, given) if family else None


def _names(paper: Paper) -> list[tuple[str, str]]:
    return [n for n in (_split_name(a) for a in paper.authors) if n]


def _title(paper: Paper) -> str:
    return _flat(paper.title or paper.title_translated or paper.key)


def _translated_title(paper: Paper) -> str:
    return _flat(paper.title_translated) if paper.title and paper.title_translated else ""


def _abstract(paper: Paper) -> str:
    return _flat(paper.abstract or paper.abstract_translated)


def _issued(paper: Paper) -> str:
    """ISO date of the paper: its publication date, else the first digest day it appeared in."""
    for day in (paper.published, min(paper.days) if paper.days else ""):
        if re.match(r"^\d{4}-\d{2}-\d{2}", day or ""):
            return day[:10]
    return ""


def _id_month(paper: Paper) -> list[int]:
    """Year and month of submission that an arXiv id encodes (``2512.20623``: 2025-12), else []."""
    m = re.match(r"^(?:[a-z-]+(?:\.[A-Z]{2})?/)?(\d{2})(\d{2})[.\d]", paper.key) if paper.is_arxiv else None
    if not m or not 1 <= int(m.group(2)) <= 12:
        return []
    yy = int(m.group(1))
    return [(1900 if yy >= 91 else 2000) + yy, int(m.group(2))]


def _date_parts(paper: Paper) -> list[int]:
    """The date as CSL date parts: a full date when a source gives one, else the id's month."""
    issued = _issued(paper)
    return [int(x) for x in issued.split("-")] if issued else _id_month(paper)


def _year(paper: Paper) -> str:
    parts = _date_parts(paper)
    return str(parts[0]) if parts else ""


def _doi(paper: Paper) -> str:
    return _flat(paper.doi or (paper.key[4:] if not paper.is_arxiv else ""))


def abs_url(paper: Paper) -> str:
    """The paper's page at arXiv (or its DOI's resolver page)."""
    if paper.is_arxiv:
        return f"https://arxiv.org/abs/{paper.key}"
    return f"https://doi.org/{_doi(paper)}"


def pdf_url(paper: Paper) -> str:
    """The PDF: arXiv's for an arXiv paper; none for a DOI-only paper (no canonical PDF URL).

    A reference manager fetches this URL unasked, so it is never a digest's link, which may lead anywhere.
    """
    return f"https://arxiv.org/pdf/{paper.key}" if paper.is_arxiv else ""


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z]", "", folded).lower()


def bibtex_entry_key(paper: Paper) -> str:
    """A citation key: ``<family name>_<id>`` (``zhang_2501.00001``), or the bare id.

    The id makes keys unique in any collection and the same in every file a paper is in;
    a Chinese family name is written in pinyin (张: ``zhang``); one without Latin letters
    even so (Петров) leaves the id alone, never ``anon``.
    """
    ident = re.sub(r"[^A-Za-z0-9.:-]+", "_", paper.key.replace("doi:", "doi_"))
    names = _names(paper)
    family = _ascii(latin(names[0][0], surname=True)) if names else ""
    return f"{family}_{ident}" if family else ident


def _bib_fields(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    names = _names(paper)
    authors = " and ".join(f"{f}, {g}" if g else f for f, g in names)
    if authors and not paper.authors_complete:
        authors += " and others"
    issued = _issued(paper)
    fields = [("title", _title(paper)), ("author", authors), ("year", _year(paper)), ("date", issued)]
    if paper.is_arxiv:
        fields += [("eprint", paper.key), ("archiveprefix", "arXiv"), ("primaryclass", _flat(paper.main_category))]
        kind = "misc"
    else:
        kind = "article"
    fields += [("doi", _doi(paper)), ("url", abs_url(paper))]
    translated = _translated_title(paper)
    if translated:
        fields.append(("note", f"Translated title: {translated}"))
    fields.append(("abstract", _abstract(paper)))
    return kind, [(k, v) for k, v in fields if v]


def bibtex(papers: Iterable[Paper]) -> str:
    """A BibTeX file of ``papers`` (in the given order), written and escaped by bibtexparser.

    LaTeX specials (``{ } \\ % & $ # _ ~ ^``) are encoded; other Unicode (accents, Chinese)
    is kept as UTF-8, which biber, Zotero and JabRef read.
    """
    import bibtexparser
    from bibtexparser.library import Library
    from bibtexparser.middlewares import AddEnclosingMiddleware, LatexEncodingMiddleware
    from bibtexparser.model import Entry, Field

    library = Library()
    seen: set[str] = set()
    for paper in papers:
        key = bibtex_entry_key(paper)
        if key in seen:  # the same paper twice: once is enough
            continue
        seen.add(key)
        kind, fields = _bib_fields(paper)
        library.add(Entry(kind, key, [Field(k, v) for k, v in fields]))
    stack = [
        LatexEncodingMiddleware(encoder=_latex_encoder(), allow_inplace_modification=False),
        AddEnclosingMiddleware(
            allow_inplace_modification=False,
            default_enclosing="{",
            reuse_previous_enclosing=False,
            enclose_integers=True,
        ),
    ]
    return bibtexparser.write_string(library, unparse_stack=stack)


@functools.cache
def _latex_encoder():
    """pylatexenc's encoding of ASCII specials only: Unicode stays UTF-8, and it warns of nothing.

    Each special's replacement is pylatexenc's own (protected by braces, so it needs no
    context); applying them with ``str.translate`` is what makes a 10k-paper build's
    downloads take seconds instead of a minute.
    """
    from pylatexenc import latexencode

    class AsciiLatex(latexencode.UnicodeToLatexEncoder):
        """The encoder with a translation table of single characters made from its own rules."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.table = {c: super(AsciiLatex, self).unicode_to_latex(chr(c)) for c in ascii_rules}

        def unicode_to_latex(self, s: str) -> str:
            return s.translate(self.table)

    # '"' stays itself: inside braces BibTeX reads it as is, and LaTeX's '' reads back as a curly quote.
    ascii_rules = {c: v for c, v in latexencode.get_builtin_uni2latex_dict().items() if c < 128 and c != ord('"')}
    return AsciiLatex(
        conversion_rules=[latexencode.UnicodeToLatexConversionRule(latexencode.RULE_DICT, ascii_rules)],
        replacement_latex_protection="braces-all",
        unknown_char_policy="keep",
        unknown_char_warning=False,
    )


def ris_entry(paper: Paper) -> dict:
    """A paper's RIS record, as rispy writes it (see :func:`ris`)."""
    names = _names(paper)
    issued = _issued(paper)
    entry: dict = {"type_of_reference": "UNPB" if paper.is_arxiv else "JOUR", "title": _title(paper)}
    if names:
        entry["authors"] = [f"{f}, {g}" if g else f for f, g in names]
    if _year(paper):
        entry["year"] = _year(paper)
    if issued:
        entry["date"] = issued.replace("-", "/")
    translated = _translated_title(paper)
    if translated:
        entry["translated_title"] = translated
    abstract = _abstract(paper)
    if abstract:
        entry["abstract"] = abstract
    doi = _doi(paper)
    if doi:
        entry["doi"] = doi
    entry["urls"] = [abs_url(paper)]
    if paper.is_arxiv:
        entry["publisher"] = "arXiv"
        entry["number"] = paper.key
        if paper.main_category:
            entry["keywords"] = [_flat(paper.main_category)]
    if not paper.authors_complete and names:
        entry["notes"] = ["Only the first author is known."]
    return entry


def ris(papers: Iterable[Paper]) -> str:
    """An RIS file of ``papers``, written by rispy (preprints as ``UNPB``, the arXiv id in ``IS``)."""

    return ris_records([ris_entry(p) for p in papers])


def ris_records(records: list[dict]) -> str:
    """An RIS file of records made by :func:`ris_entry`, written by rispy."""
    import rispy

    return rispy.dumps(records)


def csl_json(papers: Iterable[Paper]) -> list[dict]:
    """CSL-JSON items (what Zotero, Pandoc and citeproc read); ``json.dumps`` them to write a file.

    Preprints are CSL ``article`` with ``archive`` "arXiv" and the id as ``number``, as
    Zotero exports its preprint items.
    """
    return [csl_item(paper) for paper in papers]


def csl_item(paper: Paper) -> dict:
    """A paper's CSL-JSON item (see :func:`csl_json`)."""
    item: dict = {
        "type": "article" if paper.is_arxiv else "article-journal",
        "id": bibtex_entry_key(paper),
        "title": _title(paper),
        "author": [{"family": f, "given": g} if g else {"family": f} for f, g in _names(paper)],
    }
    parts = _date_parts(paper)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    item["URL"] = abs_url(paper)
    doi = _doi(paper)
    if doi:
        item["DOI"] = doi
    if paper.is_arxiv:
        item["archive"] = "arXiv"
        item["number"] = paper.key
        item["publisher"] = "arXiv"
    abstract = _abstract(paper)
    if abstract:
        item["abstract"] = abstract
    translated = _translated_title(paper)
    if translated:
        item["note"] = f"Translated title: {translated}"
    return item


def citation_meta(paper: Paper, page_url: str) -> list[tuple[str, str]]:
    """Highwire Press meta tags (``<meta name=… content=…>``) for Zotero's connector and Google Scholar.

    One ``citation_author`` per known author ("Family, Given"), in order. The values are
    plain text: the template escapes them as attribute values.
    """
    tags = [("citation_title", _title(paper))]
    tags += [("citation_author", f"{f}, {g}" if g else f) for f, g in _names(paper)]
    parts = _date_parts(paper)
    if parts:
        slashed = "/".join(f"{x:02d}" if i else str(x) for i, x in enumerate(parts))
        tags += [("citation_date", slashed), ("citation_publication_date", slashed)]
    if paper.is_arxiv:
        tags += [("citation_arxiv_id", paper.key), ("citation_technical_report_institution", "arXiv")]
    doi = _doi(paper)
    if doi:
        tags.append(("citation_doi", doi))
    pdf = pdf_url(paper)
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    tags.append(("citation_abstract_html_url", page_url))
    return [(k, v) for k, v in tags if v]
