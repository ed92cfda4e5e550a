"""Pages: one module per page kind (its plan and context), the templates that render them, their URLs.

No MkDocs imports: the MkDocs plugin and the generator-independent build both
hand a :class:`Site` to :mod:`mkdocs_arxdigest.build`, which makes, fingerprints,
renders and writes the pages of its plan.
"""

from __future__ import annotations

from .base import Page, PageMaker
from .site import PAGE_KINDS, Site, SiteOptions

__all__ = ["PAGE_KINDS", "Page", "PageMaker", "Site", "SiteOptions"]
