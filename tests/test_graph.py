"""networkx graphs of the samples: nodes, independently counted weights, metrics, layout, exports."""

from __future__ import annotations

import json
import math
from collections import Counter
from itertools import combinations

import networkx as nx
import pytest

from mkdocs_arxdigest import load_corpus
from mkdocs_arxdigest.graph import (
    AUTHOR,
    TOPIC,
    Graphs,
    _louvain,
    cached_communities,
    cached_layout,
    export_graph,
    graph_hash,
    layout,
    node_id,
    view_data,
)


@pytest.fixture(scope="module")
def ai_corpus(ai_seed):
    return load_corpus(ai_seed)


def test_coauthor_graph_of_the_ai_sample(ai_corpus, ai_seed):
    g = Graphs(ai_corpus).coauthor
    assert g.number_of_nodes() == 1288 == len(ai_corpus.authors)
    # Shared-paper counts, computed here straight from the file's author lines.
    shared: Counter[tuple[str, str]] = Counter()
    for line in ai_seed.read_text(encoding="utf-8").splitlines():
        if line.startswith("*") and line.endswith("*") and not line.startswith("**"):
            names = sorted({n.strip() for n in line.strip("*").split(",") if any(c.isalpha() for c in n)})
            shared.update(combinations(names, 2))
    assert g.number_of_edges() == len(shared)
    for (a, b), weight in shared.items():
        assert g[a][b]["weight"] == weight


def test_topic_and_author_topic_graphs(ai_corpus):
    c = ai_corpus
    topics = Graphs(c).topics
    for a, b, w in topics.edges(data="weight"):
        assert w == sum(1 for p in c.papers.values() if a in p.topics and b in p.topics)
    at = Graphs(c).author_topic
    some = next(iter(c.papers.values()))
    for name in some.authors:
        for t in some.topics:
            assert at[node_id(AUTHOR, name)][node_id(TOPIC, t)]["weight"] == sum(
                1 for p in c.papers.values() if name in p.authors and t in p.topics
            )


def test_combined_graph_metrics_are_deterministic(ai_corpus, ai_seed):
    g = Graphs(ai_corpus).combined
    assert g.number_of_nodes() == len(ai_corpus.authors) + len(ai_corpus.topics)
    for _, attrs in g.nodes(data=True):
        assert {"label", "kind", "slug", "papers", "pagerank", "community", "degree"} <= attrs.keys()
    again = Graphs(load_corpus(ai_seed)).combined
    assert dict(g.nodes(data=True)) == dict(again.nodes(data=True))


def test_layout_is_deterministic_and_cached(ai_corpus, tmp_path):
    sub = Graphs(ai_corpus).top(300)
    first = layout(sub)
    assert len(first) == 300 and first == layout(sub)
    assert cached_layout(sub, tmp_path) == first
    (cached,) = tmp_path.glob("layout-*.json")
    assert graph_hash(sub)[:24] in cached.name
    cached.write_text(json.dumps({k: [0, 0] for k in first}), encoding="utf-8")
    assert set(cached_layout(sub, tmp_path).values()) == {(0, 0)}  # read back, not recomputed


def test_layout_packs_unconnected_nodes_beside_the_main_component():
    """A few nodes without edges sit next to the main component, not at the far edges of the picture."""
    g = nx.relabel_nodes(nx.karate_club_graph(), lambda n: f"author:k{n:02d}")
    g.add_nodes_from(f"author:single{i}" for i in range(6))
    g.add_edge("topic:pair-a", "topic:pair-b")
    positions = layout(g)
    assert positions == layout(g) and len(positions) == len(g)
    main = [positions[n] for n in g if n.startswith("author:k")]
    others = [positions[n] for n in g if not n.startswith("author:k")]

    def span(points, axis):
        return max(p[axis] for p in points) - min(p[axis] for p in points)

    everything = list(positions.values())
    for axis in (0, 1):
        assert span(main, axis) >= 0.45 * span(everything, axis)  # 0.18 and 0.27 in one spring layout
    spacing = min(math.dist(a, b) for i, a in enumerate(main) for b in main[i + 1 :])
    assert min(math.dist(a, b) for a in others for b in main) >= spacing  # no overlap with the main disc
    assert min(math.dist(a, b) for i, a in enumerate(others) for b in others[i + 1 :]) > 0


def test_communities_are_cached_and_only_the_newest_kept(ai_corpus, tmp_path):
    core, smaller = Graphs(ai_corpus).top(300), Graphs(ai_corpus).top(100)
    assert cached_communities(core, tmp_path) == _louvain(core)
    (cached,) = tmp_path.glob("communities-*.json")
    assert graph_hash(core)[:24] in cached.name
    cached.write_text(json.dumps(dict.fromkeys(core, 7)), encoding="utf-8")
    assert set(cached_communities(core, tmp_path).values()) == {7}  # read back, not recomputed
    cached_layout(core, tmp_path)
    assert cached_communities(smaller, tmp_path) == _louvain(smaller)
    (newest,) = tmp_path.glob("communities-*.json")  # the other graph's file is gone; the layout stays
    assert graph_hash(smaller)[:24] in newest.name and len(list(tmp_path.glob("layout-*.json"))) == 1


def test_view_data_contract(ai_corpus):
    sub = Graphs(ai_corpus).top(50)
    data = view_data(sub, list(sub), lambda kind, slug: f"{kind}s/{slug}/", layout(sub))
    assert data["types"] == ["author", "topic"] and len(data["nodes"]) == 50
    ranks = [n[8] for n in data["nodes"]]
    assert ranks == sorted(ranks, reverse=True)
    assert all(0 <= i < j < 50 for i, j, _ in data["edges"])


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_exports_read_back(ai_corpus, tmp_path, fmt, reader):
    path = tmp_path / f"g.{fmt}"
    export_graph(Graphs(ai_corpus).combined, path, fmt)
    back = reader(path)
    assert back.number_of_nodes() == Graphs(ai_corpus).combined.number_of_nodes()


def test_site_graphs_agree_with_the_combined_networkx_graph(all_seeds):
    """The global view's subgraph and topics' local views, built from the pair counts (what a site
    build does, never building the combined graph), agree with the networkx graph the API gives."""
    from mkdocs_arxdigest.pages import Site
    from mkdocs_arxdigest.pages.graph import local_graph

    fast, full = Graphs(load_corpus(all_seeds)), Graphs(load_corpus(all_seeds))
    g = full.combined
    for limit in (50, 300, 1500):
        top = fast.top(limit)
        assert list(top) == sorted(g, key=lambda n: (-g.nodes[n]["pagerank"], n))[:limit]
        assert dict(top.nodes(data=True)) == {n: g.nodes[n] for n in top}

        def edges(graph):
            return sorted((min(u, v), max(u, v), w) for u, v, w in graph.edges(data="weight"))

        assert edges(top) == edges(g.subgraph(top)) and len(edges(top)) > limit // 2
    assert "combined" not in fast.__dict__
    site = Site(fast.corpus)
    site.graphs = fast
    views = 0
    for topic in full.corpus.topics:
        center = node_id(TOPIC, topic)
        chosen = full.neighbourhood(center, 24)
        expected = view_data(g, chosen, site.urls.node_url, center=center, metrics=False) if len(chosen) > 1 else None
        assert local_graph(site, center) == expected
        views += expected is not None
    assert views == len(full.corpus.topics)
    assert "combined" not in fast.__dict__
