"""The plugin's own static files (CSS and the graph bundle), which every site of the knowledge base needs.

Kept apart from MkDocs: the MkDocs plugin lists them to MkDocs, the generator-independent
build (:mod:`mkdocs_arxdigest.standalone`) copies them into the docs tree.
"""

from __future__ import annotations

from pathlib import Path

#: The installed package's folder: ``PACKAGE / asset`` is where each asset is.
PACKAGE = Path(__file__).resolve().parents[1]
#: The plugin's own static files, added to every site (paths relative to :data:`PACKAGE` and to the site).
ASSETS = (
    "assets/arxdigest/arxdigest.css",
    "assets/arxdigest/graph.css",
    "assets/arxdigest/graph.js",
    "assets/arxdigest/metrics.js",
    "assets/arxdigest/search.css",  # the search page, and the header search's "search papers" link
    "assets/arxdigest/search.js",
)
