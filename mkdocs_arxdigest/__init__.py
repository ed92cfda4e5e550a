"""mkdocs-arxdigest: arXiv daily digests to a knowledge-base site.

The core (parsers, corpus, graphs) has no MkDocs imports::

    from mkdocs_arxdigest import load_corpus
    corpus = load_corpus(["digests/"])
    corpus.papers["2512.22120"].title
"""

__version__ = "0.1.0"

from .corpus import Corpus, load_corpus  # noqa: E402
from .model import Diagnostic, Paper, ParseResult, Source  # noqa: E402

__all__ = ["Corpus", "Diagnostic", "Paper", "ParseResult", "Source", "load_corpus", "__version__"]
