"""Graph views: the global view page (``graph/`` and its ``graph.json``) and the local views of other pages.

Local views carry local facts only, so that a page changes when its own node does,
not whenever a digest is added (see :func:`mkdocs_arxdigest.graph.view_data`).
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from typing import TYPE_CHECKING

from ..graph import AUTHOR, TOPIC, node_id, node_item, node_row, view_data, view_data_rows
from ..model import Paper
from .base import PageMaker, one

if TYPE_CHECKING:
    from .site import Site

__all__ = ["AUTHOR", "TOPIC", "node_id", "plan", "local_graph", "paper_graph", "author_graph"]

KIND = "graph"
#: Where the global view's data goes, below the prefix.
GRAPH_JSON = "graph/graph.json"


def plan(site: Site) -> list[PageMaker]:
    return [one(site.urls.src_uri("graph"), site.page, "graph", "graph", title=site.labels["graph"])]


def asset_uris(site: Site) -> list[str]:
    """The ``dest_uri`` of the static files this kind writes (made later, by :func:`global_view`)."""
    return [site.urls.asset(GRAPH_JSON)]


def global_data(site: Site, top, positions) -> dict:
    """The global view's data from its laid-out subgraph (see :meth:`Graphs.top`)."""
    return view_data(top, list(top), site.urls.node_url, positions)


def global_json(site: Site, data: dict) -> tuple[str, bytes]:
    """``(dest_uri, bytes)`` of ``graph.json``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return site.urls.asset(GRAPH_JSON), text.encode("utf-8")


def global_view(site: Site) -> list[tuple[str, bytes]]:
    """The global view's static files: its top ``graph_nodes`` nodes by PageRank, laid out (and cached)."""
    from ..graph import cached_layout

    top = site.graphs.top(site.options.graph_nodes, cache_dir=site.cache_dir)
    return [global_json(site, global_data(site, top, cached_layout(top, site.cache_dir)))]


def local_graph(site: Site, center: str) -> dict | None:
    """View data of a node's neighbourhood in the combined graph."""
    if "graph" not in site.options.kinds:
        return None
    sub, chosen = site.graphs.local(center, site.options.local_graph_nodes)
    if len(chosen) < 2:
        return None
    return view_data(sub, chosen, site.urls.node_url, center=center, metrics=False)


def paper_graph(site: Site, paper: Paper) -> dict | None:
    """A paper's view: its authors (the first 12) and topics, every two linked by the paper.

    What :func:`view_data` draws for these nodes as a local view, built from the
    paper alone (no graph needed): ids in order, sizes 0, every edge of weight 1.
    """
    if "graph" not in site.options.kinds:
        return None
    c = site.corpus
    nodes = [node_id(AUTHOR, a) for a in paper.authors[:12] if a in c.authors]
    nodes += [node_id(TOPIC, t) for t in paper.topics if t in c.topics]
    chosen = sorted(set(nodes[: site.options.local_graph_nodes + 1]))
    if len(chosen) < 2:
        return None
    rows = [_node_row(site, n, 0) for n in chosen]
    edges = [[i, j, 1] for i in range(len(chosen)) for j in range(i + 1, len(chosen))]
    return view_data_rows(rows, edges, center=False)


def author_graph(site: Site, name: str) -> dict | None:
    """An author's local view, seen through their own papers only.

    The author's strongest co-authors and topics (by papers shared with the
    author), linked to each other where one of the author's papers links them:
    the view changes when the author's papers do, not when a co-author
    publishes elsewhere.
    """
    if "graph" not in site.options.kinds:
        return None
    c = site.corpus
    center = node_id(AUTHOR, name)
    groups = [_paper_nodes(site, key) for key in c.authors[name].papers]
    shared: Counter[str] = Counter()
    for group in groups:
        shared.update(group)
    shared.pop(center, None)  # in every group
    ranked = heapq.nsmallest(site.options.local_graph_nodes, shared.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked:
        return None
    chosen = sorted(n for n, _ in ranked)
    index = {n: i for i, n in enumerate(chosen, 1)}
    rows = [_node_row(site, center, len(c.authors[name].papers))]
    rows += [_node_row(site, n, shared[n]) for n in chosen]
    edges = {(0, i): shared[n] for n, i in index.items()}
    for group in groups:
        members = sorted(index[n] for n in group if n in index)
        edges.update({(u, v): 1 for k, u in enumerate(members) for v in members[k + 1 :]})
    return view_data_rows(rows, sorted([u, v, w] for (u, v), w in edges.items()), center=True)


def _paper_nodes(site: Site, key: str) -> tuple[str, ...]:
    """The node ids of a paper's authors and topics (each once): shared by the pages of all its authors."""
    cache = site.memo("paper_nodes")
    nodes = cache.get(key)
    if nodes is None:
        paper = site.corpus.papers[key]
        topics = site.corpus.topics
        ids = [node_id(AUTHOR, a) for a in paper.authors] + [node_id(TOPIC, t) for t in paper.topics if t in topics]
        nodes = cache[key] = tuple(dict.fromkeys(ids))
    return nodes


def _node_row(site: Site, node: str, papers: int) -> list:
    """A node's row of view data (:func:`node_row`) with ``papers`` as its size."""
    cache = site.memo("node_rows")
    row = cache.get(node)
    if row is None:
        kind, name, item = node_item(site.corpus, node)
        row = cache[node] = node_row(node, name, kind, site.urls.node_url(kind, item.slug), 0)
    return row.with_papers(papers)
