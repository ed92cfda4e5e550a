"""Communities of the co-occurrence graph that mean something at the size of a real corpus (networkx only).

Plain Louvain on a corpus of digests finds one giant community: topics are hubs
linked to most authors, so modularity is highest when nearly everything sits
with the biggest topics (on the three seed digests, 952 of 1,326 nodes), and
"colour by community" then says nothing. :func:`find_communities` runs Louvain
at a few resolutions, keeps the best partition by modularity among those whose
largest community stays under a size cap, and splits any community still over
the cap with Louvain on that community alone (where its own structure, e.g.
vision versus language papers, is what modularity measures).
:func:`name_communities` names each community after its top topic and author.

Deterministic: every Louvain run gets the same seed, subgraphs keep the node
order of the input graph, and ties are broken by node id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx

#: Resolutions tried on the whole graph, in turn, while none fits the cap (1 is plain modularity, what Louvain
#: maximises, so it wins when it fits; higher ones give smaller communities). Each run costs seconds at 1,500 nodes.
RESOLUTIONS = (1.0, 1.5)
#: Resolutions tried, in turn, to split a community over the cap (the first that splits it wins).
SPLIT_RESOLUTIONS = (1.0, 2.0, 4.0)
#: The size cap applies to graphs with more than this many nodes: small graphs may be one community.
CAP_MIN_NODES = 200
#: How deep oversize communities are split again before the fallback cuts them into chunks.
MAX_DEPTH = 8


def find_communities(g: nx.Graph, *, max_share: float = 0.4, seed: int = 42) -> dict[str, int]:
    """Community of every node of ``g``: ``{node: id}``, ids ``0..k-1`` by size (ties by smallest member).

    When ``g`` has more than :data:`CAP_MIN_NODES` nodes, no community holds
    more than ``max_share`` of them. Edge ``weight`` attributes are used.
    """
    if not len(g):
        return {}
    order = {n: i for i, n in enumerate(g)}
    cap = max(1, math.floor(max_share * len(g))) if len(g) > CAP_MIN_NODES else len(g)
    candidates: list[list[set]] = []
    for resolution in RESOLUTIONS:
        candidates.append(_louvain(g, resolution, seed))
        if max(map(len, candidates[0])) <= cap:
            break  # plain modularity fits: nothing scores better on it
    fitting = [c for c in candidates if max(map(len, c)) <= cap]
    best = max(fitting or candidates, key=lambda c: _modularity(g, c))
    parts: list[set] = []
    for community in best:
        parts.extend(_split(g, community, cap, seed, order, depth=0))
    return number(parts)


def number(parts: Iterable[Iterable[str]]) -> dict[str, int]:
    """``{node: id}`` for a partition, ids by size (largest first), ties by smallest member."""
    ordered = sorted((sorted(p) for p in parts if p), key=lambda members: (-len(members), members[0]))
    return {n: i for i, members in enumerate(ordered) for n in members}


def _louvain(g: nx.Graph, resolution: float, seed: int) -> list[set]:
    return nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)


def _modularity(g: nx.Graph, partition: list[set]) -> float:
    """Plain (resolution 1) weighted modularity; 0 for a graph without edges."""
    if not g.number_of_edges():
        return 0.0
    return nx.community.modularity(g, partition, weight="weight")


def _subgraph(g: nx.Graph, members: Iterable[str], order: dict[str, int]) -> nx.Graph:
    """The subgraph on ``members``, its nodes in ``g``'s order (so seeded Louvain does not depend on set order)."""
    nodes = sorted(members, key=order.__getitem__)
    keep = set(nodes)
    h = nx.Graph()
    h.add_nodes_from(nodes)
    h.add_edges_from(
        (u, v, {"weight": d.get("weight", 1)})
        for u in nodes
        for v, d in g.adj[u].items()
        if v in keep and order[v] > order[u]
    )
    return h


def _split(g: nx.Graph, community: set, cap: int, seed: int, order: dict[str, int], depth: int) -> list[set]:
    """``community`` as parts of at most ``cap`` nodes: Louvain on it alone, else (a clique) chunks."""
    if len(community) <= cap:
        return [community]
    sub = _subgraph(g, community, order)
    parts: list[set] | None = None
    if depth < MAX_DEPTH and sub.number_of_edges():
        for resolution in SPLIT_RESOLUTIONS:
            found = _louvain(sub, resolution, seed)
            if len(found) > 1:
                parts = found
                break
    if parts is None:
        return _chunks(sub, cap)
    out: list[set] = []
    for part in parts:
        out.extend(_split(g, part, cap, seed, order, depth + 1))
    return out


def _chunks(sub: nx.Graph, cap: int) -> list[set]:
    """Last resort for a community Louvain cannot split (a clique): equal runs of a breadth-first order.

    The walk starts at the node of highest weighted degree (ties: first in order), so each run is connected
    as far as the community allows.
    """
    strength = dict(sub.degree(weight="weight"))
    walk: list[str] = []
    seen: set[str] = set()
    for start in sorted(sub, key=lambda n: -strength[n]):  # stable: ties keep the subgraph's order
        if start in seen:
            continue
        seen.add(start)
        queue = [start]
        for node in queue:
            walk.append(node)
            for v in sorted(sub.adj[node], key=lambda n: -strength[n]):
                if v not in seen:
                    seen.add(v)
                    queue.append(v)
    k = math.ceil(len(walk) / cap)
    size = math.ceil(len(walk) / k)
    return [set(walk[i : i + size]) for i in range(0, len(walk), size)]


def name_communities(g: nx.Graph, community: dict[str, int]) -> dict[int, str]:
    """A reader's name for every community: ``"<top topic> · <top author>"``.

    Nodes are ``topic:<name>`` / ``author:<name>`` with ``pagerank`` and
    ``papers`` attributes (the label is the part after the colon, or the node's
    ``label``). The top member of a kind has the highest PageRank (then most
    papers, then smallest id). A community without a topic of its own (one big
    collaboration's authors) takes the topic its members link to most by edge
    weight, so every name says what the community is about where the graph knows.
    """
    members: dict[int, list[str]] = {}
    for n in g:
        if n in community:
            members.setdefault(community[n], []).append(n)
    return {c: _name(g, nodes) for c, nodes in sorted(members.items())}


def _rank_key(g: nx.Graph, n: str) -> tuple:
    a = g.nodes[n]
    return (-a.get("pagerank", 0), -a.get("papers", 0), n)


def _label(g: nx.Graph, n: str) -> str:
    return str(g.nodes[n].get("label") or n.partition(":")[2] or n)


def _name(g: nx.Graph, nodes: list[str]) -> str:
    topics = [n for n in nodes if n.startswith("topic:")]
    authors = [n for n in nodes if n.startswith("author:")]
    topic = min(topics, key=lambda n: _rank_key(g, n)) if topics else _linked_topic(g, nodes)
    author = min(authors, key=lambda n: _rank_key(g, n)) if authors else None
    names = [_label(g, n) for n in (topic, author) if n is not None]
    if not names:  # neither kind: the top node, whatever it is
        names = [_label(g, min(nodes, key=lambda n: _rank_key(g, n)))]
    return " · ".join(names)


def _linked_topic(g: nx.Graph, nodes: list[str]) -> str | None:
    """The topic outside ``nodes`` with the most edge weight to them (ties: higher rank), or None."""
    weight: dict[str, float] = {}
    for n in nodes:
        for v, d in g.adj[n].items():
            if v.startswith("topic:"):
                weight[v] = weight.get(v, 0) + d.get("weight", 1)
    if not weight:
        return None
    return min(weight, key=lambda t: (-weight[t], *_rank_key(g, t)))
