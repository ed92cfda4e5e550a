"""arXiv identifiers and DOIs: recognising, normalising, building links."""

from __future__ import annotations

import re

# New-style ids (0704.0001 onwards, 5 digits after the dot since 1501) and
# old-style ids (hep-th/9901001, math.AG/0601001), each with an optional version.
_NEW = r"(?P<new>\d{4}\.\d{4,5})"
_OLD = r"(?P<old>[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})"
ARXIV_ID_RE = re.compile(rf"(?<![\w./-])(?:arXiv:)?(?:{_NEW}|{_OLD})(?:v(?P<version>\d+))?(?![\w-])", re.I)
_URL_RE = re.compile(
    rf"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?:{_NEW}|{_OLD})"
    r"(?:v(?P<version>\d+))?",
    re.I,
)
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"'<>|)\]]+)")
_DOI_TRAILING_VERSION = re.compile(r"v\d+$")
_BIORXIV_SUFFIX = re.compile(r"(?:\.full)?(?:\.pdf|\.abstract)?(?:\+html)?$", re.I)


def _pick(m: re.Match[str]) -> tuple[str, int | None]:
    ident = m.group("new") or m.group("old")
    if m.group("old"):
        # The subject class is not part of an old-style id: math.AG/0601001 is math/0601001.
        archive, number = ident.split("/")
        ident = f"{archive.split('.')[0].lower()}/{number}"
    version = m.group("version")
    return ident, int(version) if version else None


def parse_arxiv_url(url: str) -> tuple[str, int | None] | None:
    """Return ``(id, version)`` from an arXiv abs/pdf/html URL, else ``None``."""
    m = _URL_RE.search(url or "")
    return _pick(m) if m else None


def parse_arxiv_id(text: str) -> tuple[str, int | None] | None:
    """Return ``(id, version)`` from a bare id (``2512.22120v2``, ``hep-th/9901001``) or a URL."""
    text = (text or "").strip()
    found = parse_arxiv_url(text)
    if found:
        return found
    m = ARXIV_ID_RE.fullmatch(text) or ARXIV_ID_RE.search(text)
    return _pick(m) if m else None


def parse_doi(text: str) -> str | None:
    """Return a normalised DOI (lower case, no trailing ``v1``) found in ``text``, else ``None``."""
    m = DOI_RE.search(text or "")
    if not m:
        return None
    doi = m.group(1).rstrip(".,;")
    if doi.startswith("10.1101/"):  # bioRxiv/medRxiv content URLs append version and format
        doi = _DOI_TRAILING_VERSION.sub("", _BIORXIV_SUFFIX.sub("", doi))
    return doi.lower()


def abs_url(key: str) -> str:
    """The canonical landing page of a paper key."""
    if key.startswith("doi:"):
        return f"https://doi.org/{key[4:]}"
    return f"https://arxiv.org/abs/{key}"


def pdf_url(key: str, version: int | None = None) -> str:
    if key.startswith("doi:"):
        return ""
    return f"https://arxiv.org/pdf/{key}" + (f"v{version}" if version else "")
