"""Communities that mean something at the size of a real corpus (communities.py), and their names in graph.json."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from mkdocs_arxdigest.communities import CAP_MIN_NODES, find_communities, name_communities, number
from mkdocs_arxdigest.graph import Graphs, community_names, view_data

from .conftest import SEEDS


def sizes(community: dict) -> list[int]:
    return sorted(Counter(community.values()).values(), reverse=True)


def heavy_graph() -> nx.Graph:
    """Six planted groups of 45 authors and one heavy clique of 30: the seeds' shape in small.

    On the seed digests one paper's 358 authors, linked twice each, hold most of the edge
    weight, and modularity's resolution limit then merges everything else into one giant
    community. Here the clique's weight does the same to the six groups.
    """
    g = nx.planted_partition_graph(6, 45, 0.3, 0.03, seed=3)
    g = nx.relabel_nodes(g, {n: f"author:{n:03d}" for n in g})
    nx.set_edge_attributes(g, 1, "weight")
    nx.set_node_attributes(g, 0.001, "pagerank")
    nx.set_node_attributes(g, 1, "papers")
    clique = [f"author:c{i:02d}" for i in range(30)]
    g.add_nodes_from(clique, pagerank=0.002, papers=1)
    g.add_edges_from(itertools.combinations(clique, 2), weight=50)
    g.add_edge("author:000", "author:c00", weight=1)
    for k in range(6):  # a topic per group
        g.add_node(f"topic:T{k}", pagerank=0.01, papers=45)
        g.add_edges_from(((f"topic:T{k}", f"author:{n:03d}") for n in range(45 * k, 45 * k + 45)), weight=1)
    return g


GROUPS = [[f"author:{n:03d}" for n in range(45 * k, 45 * k + 45)] + [f"topic:T{k}"] for k in range(6)]


def test_the_empty_graph_has_no_communities():
    assert find_communities(nx.Graph()) == {}


def test_ids_go_by_size_then_by_smallest_member():
    assert number([{"c", "d"}, {"z"}, {"a"}, {"b", "e", "f"}]) == {
        "b": 0, "e": 0, "f": 0, "c": 1, "d": 1, "a": 2, "z": 3,
    }  # fmt: skip


def test_planted_groups_are_found():
    g = nx.planted_partition_graph(4, 60, 0.3, 0.005, seed=3)
    g = nx.relabel_nodes(g, {n: f"author:{n:03d}" for n in g})
    community = find_communities(g)
    assert sizes(community) == [60, 60, 60, 60]
    for k in range(4):  # each planted block is one community
        assert len({community[f"author:{n:03d}"] for n in range(60 * k, 60 * (k + 1))}) == 1


def test_no_community_holds_more_than_the_cap_where_plain_louvain_makes_a_giant_one():
    g = heavy_graph()
    plain = nx.community.louvain_communities(g, weight="weight", seed=42)
    assert max(map(len, plain)) > 0.4 * len(g)  # the problem this solves
    community = find_communities(g)
    assert set(community) == set(g)
    assert sizes(community)[0] <= 0.4 * len(g)
    # ... with communities that mean something: the planted groups, each whole, and the clique.
    assert sizes(community) == [46] * 6 + [30]
    for group in GROUPS:
        assert len({community[n] for n in group}) == 1


def test_a_tighter_cap_is_kept_too():
    g = heavy_graph()
    assert sizes(find_communities(g, max_share=0.1))[0] <= 0.1 * len(g)


def test_a_clique_over_the_cap_is_cut_into_chunks():
    g = nx.complete_graph([f"author:{i:03d}" for i in range(250)])
    nx.add_path(g, [f"author:p{i:02d}" for i in range(60)])
    g.add_edge("author:000", "author:p00")
    community = find_communities(g)
    assert sizes(community)[0] <= 0.4 * len(g)
    assert set(community) == set(g)


def test_small_graphs_are_not_capped():
    g = nx.complete_graph([f"author:{i:02d}" for i in range(CAP_MIN_NODES // 2)])
    assert sizes(find_communities(g)) == [CAP_MIN_NODES // 2]


def test_deterministic_whatever_the_order_of_insertion_of_edges():
    g = heavy_graph()
    h = nx.Graph()
    h.add_nodes_from(g.nodes(data=True))
    h.add_edges_from(reversed(list(g.edges(data=True))))
    assert find_communities(g) == find_communities(g) == find_communities(h)


def test_names_are_the_top_topic_and_the_top_author():
    g = nx.Graph()
    g.add_node("topic:Vision", pagerank=0.2, papers=9)
    g.add_node("topic:Video", pagerank=0.1, papers=20)
    g.add_node("author:Ann Lee", pagerank=0.05, papers=2)
    g.add_node("author:Bo Li", pagerank=0.05, papers=3)  # same rank, more papers
    g.add_node("author:Cy Ng", pagerank=0.01, papers=1)
    g.add_node("author:Di Wu", pagerank=0.02, papers=1)
    g.add_node("author:Ed Po", pagerank=0.03, papers=1)
    g.add_edge("author:Cy Ng", "topic:Video", weight=1)
    g.add_edge("author:Di Wu", "topic:Vision", weight=1)
    g.add_edge("author:Di Wu", "topic:Video", weight=2)
    community = {
        "topic:Vision": 0, "topic:Video": 0, "author:Ann Lee": 0, "author:Bo Li": 0,
        "author:Cy Ng": 1, "author:Di Wu": 1,  # no topic of its own: the one it links to most
        "author:Ed Po": 2,  # nothing linked: its author alone
    }  # fmt: skip
    assert name_communities(g, community) == {0: "Vision · Bo Li", 1: "Video · Di Wu", 2: "Ed Po"}


def test_view_data_names_the_drawn_communities():
    g = heavy_graph()
    for n, c in find_communities(g).items():
        g.nodes[n]["community"] = c
    for n in g:
        g.nodes[n].update(label=n.partition(":")[2], kind=n.partition(":")[0], slug=n.partition(":")[2])
    data = view_data(g, list(g), lambda kind, slug: f"{kind}s/{slug}/")
    rows = data["communities"]
    assert rows == community_names(g)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert Counter(n[5] for n in data["nodes"]) == {r[0]: r[2] for r in rows}
    assert all(isinstance(r[1], str) and r[1] for r in rows)
    # Local views (metrics=False) carry no communities.
    assert "communities" not in view_data(g, list(g)[:5], lambda kind, slug: "", metrics=False)


@pytest.fixture(scope="module")
def seeds_graph() -> nx.Graph:
    if not SEEDS.is_dir() or not any(SEEDS.iterdir()):
        pytest.skip(f"the seed digests ({SEEDS}) are not there")
    from mkdocs_arxdigest import load_corpus

    corpus = load_corpus(sorted(Path(SEEDS).iterdir()))
    return Graphs(corpus).top(1500)


def test_the_seeds_graph_has_communities_under_forty_percent(seeds_graph):
    g = seeds_graph
    assert len(g) > CAP_MIN_NODES
    community = {n: c for n, c in g.nodes(data="community")}
    counts = sizes(community)
    assert counts[0] <= 0.4 * len(g)
    assert len([c for c in counts if c >= 50]) >= 4  # several big communities, not one giant and dust
    assert community == find_communities(g)  # the graph's own attributes come from find_communities


def test_the_seeds_communities_have_readable_distinct_names(seeds_graph):
    rows = community_names(seeds_graph)
    big = [name for _, name, size in rows if size >= 50]
    assert len(set(big)) == len(big)
    for name in big:
        topic, _, author = name.partition(" · ")
        assert f"topic:{topic}" in seeds_graph and f"author:{author}" in seeds_graph
