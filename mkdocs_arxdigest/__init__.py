"""mkdocs-arxdigest: arXiv daily digests to a knowledge-base site.

The core (parsers, corpus, graphs, pages) has no MkDocs imports::

    from mkdocs_arxdigest import Graphs, load_corpus
    corpus = load_corpus(["digests/"])
    corpus.papers["1706.03762"].title
    Graphs(corpus).combined            # networkx.Graph of authors and topics
"""

__version__ = "0.1.0"

from .corpus import Corpus  # noqa: E402
from .graph import Graphs  # noqa: E402
from .load import load_corpus  # noqa: E402
from .model import Diagnostic, Paper, ParseResult, Source  # noqa: E402

__all__ = ["Corpus", "Diagnostic", "Graphs", "Paper", "ParseResult", "Source", "load_corpus", "__version__"]
