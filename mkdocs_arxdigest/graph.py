"""Co-occurrence graphs of a corpus, built with networkx (no MkDocs imports).

* ``coauthor``: authors, edge weight = papers they share.
* ``topics``: topics, edge weight = papers carrying both.
* ``author_topic``: bipartite author–topic edges, weight = papers.
* ``combined``: all of the above in one graph with typed nodes
  (``author:<name>``, ``topic:<name>``) and the metrics the site shows:
  ``papers``, ``degree``, ``pagerank``, ``community`` (Louvain, fixed seed).

Everything is deterministic: nodes and edges are added in sorted order and
every randomised algorithm gets a fixed seed.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cached_property
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import networkx as nx

from .communities import find_communities, name_communities

if TYPE_CHECKING:
    from .corpus import Author, Corpus, Topic

AUTHOR = "author"
TOPIC = "topic"
KINDS = (AUTHOR, TOPIC)
SEED = 42


def node_id(kind: str, name: str) -> str:
    return f"{kind}:{name}"


def _pair_counts(groups: Iterable[list[str]]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for group in groups:
        counts.update(combinations(sorted(set(group)), 2))
    return counts


def _weighted_graph(nodes: dict[str, dict], edges: Iterable[tuple[str, str, int]]) -> nx.Graph:
    """A networkx graph with ``nodes`` (attributes) and weighted ``edges``, both added in the order given."""
    g = nx.Graph()
    g.add_nodes_from(nodes.items())
    g.add_weighted_edges_from(edges)
    return g


def pagerank(nodes: list[str], adj: dict[str, dict[str, float]], alpha: float = 0.85, tol: float = 1.0e-6,
             max_iter: int = 100) -> dict[str, float]:  # fmt: skip
    """Weighted PageRank of the graph ``adj`` (what ``nx.pagerank`` computes) by power iteration on a sparse matrix.

    ``nx.pagerank`` spends most of its time converting a graph to a matrix; this
    builds the matrix straight from the neighbour dicts. Dangling nodes spread
    their rank uniformly. Raises ``nx.PowerIterationFailedConvergence`` like networkx.
    """
    import numpy as np
    import scipy.sparse as sp

    n = len(nodes)
    if not n:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    cols: list[int] = []
    weights: list[float] = []
    indptr = [0]
    for v in nodes:
        cols.extend(map(index.__getitem__, adj[v]))
        weights.extend(adj[v].values())
        indptr.append(len(cols))
    m = sp.csr_array((np.array(weights, dtype=float), np.array(cols, dtype=np.int64), np.array(indptr)), shape=(n, n))
    out = m.sum(axis=1)
    dangling = out == 0
    scale = np.divide(1.0, out, out=np.zeros(n), where=~dangling)
    m = sp.csr_array(sp.diags_array(scale) @ m)  # rows sum to 1
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ m + last[dangling].sum() / n) + (1 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return dict(zip(nodes, x.tolist(), strict=True))
    raise nx.PowerIterationFailedConvergence(max_iter)


class Graphs:
    """The graphs of one corpus, from one set of pair counts, each figure computed on first use.

    Everything a site build needs (PageRank, communities, the global view's
    subgraph, local neighbourhoods, topic neighbours) comes from :attr:`adjacency`,
    plain dicts of the pair counts. The networkx graphs of the API and the exports
    (:attr:`coauthor`, :attr:`topics`, :attr:`author_topic`, :attr:`combined`) are
    built from the same counts on demand.
    """

    def __init__(self, corpus: Corpus):
        self.corpus = corpus

    # -- counts ---------------------------------------------------------------------

    @cached_property
    def _author_pairs(self) -> Counter[tuple[str, str]]:
        return _pair_counts(p.authors for p in self.corpus.papers.values())

    @cached_property
    def _topic_pairs(self) -> Counter[tuple[str, str]]:
        return _pair_counts(p.topics for p in self.corpus.papers.values())

    @cached_property
    def _author_topic_pairs(self) -> Counter[tuple[str, str]]:
        counts: Counter[tuple[str, str]] = Counter()
        for p in self.corpus.papers.values():
            counts.update((a, t) for a in set(p.authors) for t in p.topics)
        return counts

    @cached_property
    def adjacency(self) -> dict[str, dict[str, int]]:
        """Weighted neighbours of every author and topic node (``author:<name>``), nodes in id order."""
        ids = {AUTHOR: {n: node_id(AUTHOR, n) for n in self.corpus.authors}}
        ids[TOPIC] = {n: node_id(TOPIC, n) for n in self.corpus.topics}
        adj: dict[str, dict[str, int]] = {n: {} for n in sorted([*ids[AUTHOR].values(), *ids[TOPIC].values()])}
        for ka, kb, pairs in (
            (AUTHOR, AUTHOR, self._author_pairs), (TOPIC, TOPIC, self._topic_pairs),
            (AUTHOR, TOPIC, self._author_topic_pairs),
        ):  # fmt: skip
            for (a, b), w in pairs.items():  # every name of a pair is an author or topic of the corpus
                u, v = ids[ka][a], ids[kb][b]
                adj[u][v] = adj[v][u] = w
        return adj

    @cached_property
    def topic_neighbours(self) -> dict[str, dict[str, int]]:
        """Topics by name, each with its co-occurring topics and the papers they share."""
        out: dict[str, dict[str, int]] = {t: {} for t in self.corpus.topics}
        for (a, b), w in sorted(self._topic_pairs.items()):
            out[a][b] = out[b][a] = w
        return out

    # -- metrics ----------------------------------------------------------------------

    @cached_property
    def _raw_ranks(self) -> dict[str, float]:
        adj = self.adjacency
        nodes = list(adj)
        if not any(adj.values()):
            return {n: 1 / len(nodes) for n in nodes}
        return pagerank(nodes, adj)

    @cached_property
    def ranks(self) -> dict[str, float]:
        """Weighted PageRank of every node (rounded to 10 digits: the same on every platform)."""
        return {n: round(r, 10) for n, r in self._raw_ranks.items()}

    @cached_property
    def _core(self) -> list[str]:
        """The :data:`COMMUNITY_LIMIT` nodes of highest PageRank, on which communities are found."""
        raw = self._raw_ranks
        return sorted(raw, key=lambda n: (-raw[n], n))[:COMMUNITY_LIMIT]

    def core_communities(self, cache_dir: str | os.PathLike[str] | None = None) -> dict[str, int]:
        """Communities of :attr:`_core` (cached in ``cache_dir`` by :func:`cached_communities`)."""
        return cached_communities(self._subgraph(self._core), cache_dir)

    def communities(self, cache_dir: str | os.PathLike[str] | None = None) -> dict[str, int]:
        """The community of every node.

        Communities are found on the core (the nodes of highest PageRank, those the
        global view draws by default: bounded work on corpora with hundreds of
        thousands of authors); every other node takes the community of its
        strongest neighbour that has one, and what stays unreached gets one
        community per connected component.
        """
        community = dict(self.core_communities(cache_dir))
        next_id = len(set(community.values()))
        adj = self.adjacency
        ranks = self._raw_ranks
        frontier = sorted((n for n in adj if n not in community), key=lambda n: (-ranks[n], n))
        while frontier:
            late = []
            for n in frontier:
                best = max(((w, v) for v, w in adj[n].items() if v in community), default=None)
                if best is None:
                    late.append(n)
                else:
                    community[n] = community[best[1]]
            if len(late) == len(frontier):
                break
            frontier = late
        for component in _components(frontier, adj):
            for n in component:
                community[n] = next_id
            next_id += 1
        return community

    # -- subgraphs --------------------------------------------------------------------

    def _subgraph(self, nodes: list[str], pagerank: bool = True) -> nx.Graph:
        """The subgraph on ``nodes`` (in that order) with node attributes; without ``pagerank``, no PageRank."""
        adj = self.adjacency
        keep = set(nodes)
        h = nx.Graph()
        for n in nodes:
            kind, _, item = node_item(self.corpus, n)
            attrs = {**_node_attrs(kind, item), "degree": len(adj[n])}
            if pagerank:
                attrs["pagerank"] = self.ranks[n]
            h.add_node(n, **attrs)
        # Neighbours in id order; a topic has thousands of neighbours, so intersect first.
        h.add_weighted_edges_from(
            (u, v, adj[u][v]) for u in nodes for v in sorted(keep.intersection(adj[u])) if not h.has_edge(u, v)
        )
        return h

    def top_parts(self, limit: int, kinds: Iterable[str] = KINDS) -> tuple[nx.Graph, nx.Graph] | None:
        """What :meth:`top` is made of, when the core's communities alone give its communities: ``(core, top)``.

        ``core`` is the subgraph of the :data:`COMMUNITY_LIMIT` nodes of highest
        PageRank; ``top`` the subgraph :meth:`top` returns, without ``community``
        attributes (see :func:`set_communities`). ``None`` when some top nodes lie
        beyond the core (their communities are propagated: see :meth:`communities`).
        A fresh interpreter can then find the communities and lay ``top`` out
        (:func:`lay_out_top`): both graphs pickle.
        """
        if limit > COMMUNITY_LIMIT or not self.adjacency:
            return None
        kinds = set(kinds)
        ranks = self.ranks
        nodes = sorted((n for n in self._core if n.partition(":")[0] in kinds), key=lambda n: (-ranks[n], n))
        if len(nodes) < limit and len(self.adjacency) > COMMUNITY_LIMIT:
            return None
        return self._subgraph(self._core), self._subgraph(nodes[:limit])

    def top(
        self, limit: int, kinds: Iterable[str] = KINDS, cache_dir: str | os.PathLike[str] | None = None
    ) -> nx.Graph:
        """The subgraph of the ``limit`` nodes with the highest PageRank (of the given kinds), with communities.

        With ``cache_dir``, the core's communities are cached there (:func:`cached_communities`).
        """
        parts = self.top_parts(limit, kinds)
        if parts is not None:
            core, top = parts
            return set_communities(top, cached_communities(core, cache_dir))
        kinds = set(kinds)
        ranks = self.ranks
        nodes = sorted((n for n in self.adjacency if n.partition(":")[0] in kinds), key=lambda n: (-ranks[n], n))
        return set_communities(self._subgraph(nodes[:limit]), self.communities(cache_dir))

    def neighbourhood(self, node: str, limit: int = 24) -> list[str]:
        """``node`` and its ``limit`` strongest neighbours, ties by id (local facts only: stable as digests come)."""
        adj = self.adjacency
        if node not in adj:
            return []
        return [node, *_strongest(adj[node].items(), limit)]

    def local(self, node: str, limit: int = 24) -> tuple[nx.Graph, list[str]]:
        """:meth:`neighbourhood` of ``node`` and the subgraph on it, without PageRank (local facts only)."""
        chosen = self.neighbourhood(node, limit)
        return (self._subgraph(chosen, pagerank=False) if chosen else nx.Graph()), chosen

    # -- networkx graphs of the API and the exports -------------------------------------

    def _nodes(self, kind: str) -> dict[str, dict]:
        index = self.corpus.authors if kind == AUTHOR else self.corpus.topics
        return {n: _node_attrs(kind, x) for n, x in index.items()}

    @cached_property
    def coauthor(self) -> nx.Graph:
        """Authors; edge weight = papers they share."""
        return _weighted_graph(self._nodes(AUTHOR), ((a, b, w) for (a, b), w in sorted(self._author_pairs.items())))

    @cached_property
    def topics(self) -> nx.Graph:
        """Topics; edge weight = papers carrying both."""
        return _weighted_graph(self._nodes(TOPIC), ((a, b, w) for (a, b), w in sorted(self._topic_pairs.items())))

    @cached_property
    def author_topic(self) -> nx.Graph:
        """Bipartite author–topic edges (nodes ``author:<name>``, ``topic:<name>``); weight = papers."""
        counts = self._author_topic_pairs
        nodes = sorted({node_id(AUTHOR, a) for a, _ in counts} | {node_id(TOPIC, t) for _, t in counts})
        edges = ((node_id(AUTHOR, a), node_id(TOPIC, t), w) for (a, t), w in sorted(counts.items()))
        return _weighted_graph(dict.fromkeys(nodes, {}), edges)

    @cached_property
    def combined(self) -> nx.Graph:
        """Authors and topics in one graph, with ``degree``, ``pagerank`` and ``community`` on every node."""
        adj = self.adjacency
        ranks, community = self.ranks, self.communities()
        nodes = {}
        for n in adj:
            kind, _, item = node_item(self.corpus, n)
            nodes[n] = {**_node_attrs(kind, item), "degree": len(adj[n]), "pagerank": ranks[n],
                        "community": community[n]}  # fmt: skip
        return _weighted_graph(nodes, ((u, v, w) for u in adj for v, w in adj[u].items() if u < v))


def _components(nodes: list[str], adj: dict[str, dict[str, int]]) -> list[list[str]]:
    """Connected components of the subgraph on ``nodes``, each sorted, ordered by first member."""
    keep, seen, out = set(nodes), set(), []
    for start in nodes:
        if start in seen:
            continue
        seen.add(start)
        stack, component = [start], []
        while stack:
            n = stack.pop()
            component.append(n)
            for v in adj[n]:
                if v in keep and v not in seen:
                    seen.add(v)
                    stack.append(v)
        out.append(sorted(component))
    return sorted(out, key=lambda c: c[0])


def node_item(corpus: Corpus, node: str) -> tuple[str, str, Author | Topic]:
    """The kind, name and :class:`Author` or :class:`Topic` behind a node id (``author:<name>``)."""
    kind, _, name = node.partition(":")
    return kind, name, (corpus.authors if kind == AUTHOR else corpus.topics)[name]


def _node_attrs(kind: str, item) -> dict:
    """The attributes of an author's or topic's node (``item`` an :class:`Author` or :class:`Topic`)."""
    return {"label": item.name, "kind": kind, "slug": item.slug, "papers": len(item.papers)}


def _strongest(neighbours: Iterable[tuple[str, float]], limit: int) -> list[str]:
    """The ``limit`` neighbours of highest weight, ties by id."""
    return [n for n, _ in heapq.nsmallest(limit, neighbours, key=lambda kv: (-kv[1], kv[0]))]


def induced(g: nx.Graph, nodes: list) -> nx.Graph:
    """The subgraph on ``nodes`` as a new graph whose nodes and edges come in a fixed order.

    ``Graph.subgraph`` iterates a set, so its order (and every seeded algorithm
    run on it) would depend on ``PYTHONHASHSEED``.
    """
    keep = set(nodes)
    h = nx.Graph()
    h.add_nodes_from((n, dict(g.nodes[n])) for n in nodes)
    h.add_edges_from((u, v, dict(d)) for u in nodes for v, d in g.adj[u].items() if v in keep and not h.has_edge(u, v))
    return h


#: Communities are found on at most this many nodes (the highest PageRank); the rest join a neighbour's.
#: As many as the global view draws by default (``graph_nodes``): the nodes whose communities are seen.
COMMUNITY_LIMIT = 1500


def _louvain(core: nx.Graph) -> dict[str, int]:
    """Communities (seed 42) of ``core``, numbered by size (ties by first member); none over 40% of a big graph.

    See :func:`mkdocs_arxdigest.communities.find_communities` (Louvain, tuned and re-split).
    """
    return find_communities(core, seed=SEED)


# -- layout ------------------------------------------------------------------


def graph_hash(g: nx.Graph) -> str:
    """A digest of nodes, their community and size, and weighted edges: equal graphs hash equal."""
    h = hashlib.sha256()
    for n in sorted(g):
        h.update(f"{n}\x00{g.nodes[n].get('community', 0)}\x00{g.nodes[n].get('papers', 0)}\x01".encode())
    for a, b, w in sorted((min(a, b), max(a, b), w) for a, b, w in g.edges(data="weight", default=1)):
        h.update(f"{a}\x00{b}\x00{w}\x01".encode())
    return h.hexdigest()


#: Graphs up to this size get a plain spring layout; bigger ones are split into communities.
SMALL = 120
#: ... and a whole graph up to this size, where a plain spring layout reads best.
TOP_SMALL = 300


def layout(g: nx.Graph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Positions for every node, in roughly linear time.

    Spring layout is quadratic, so it only ever runs on small graphs: a big
    graph is split into Louvain communities (its ``community`` attributes when
    set), the communities are placed by laying out the community graph, and
    each community is laid out the same way, recursively, in a disc whose area
    is proportional to its size. Cliques (one paper's authors) go on a circle.
    Connected components are laid out apart and packed around the biggest one
    (see :func:`_pack`), so that a few unconnected nodes never sit at the far
    edges of the picture with the rest squeezed in the middle.
    """
    if not len(g):
        return {}
    components = sorted((sorted(c, key=str) for c in nx.connected_components(g)), key=lambda c: (-len(c), str(c[0])))
    if len(components) == 1:
        positions = _layout(g, seed, depth=0, attr="community")
    else:
        parts = [_layout(induced(g, c), seed, 0, "community") for c in components]
        positions = _pack(parts)
    return {n: (round(x * 100, 2), round(y * 100, 2)) for n, (x, y) in sorted(positions.items())}


def _pack(parts: list[dict]) -> dict:
    """Positions of several laid-out components (biggest first) packed into one picture.

    Each component is scaled into a disc whose area is proportional to its node
    count; the biggest sits in the middle and the others go round it in rings,
    each disc in its own angular wedge (a disc lies within its tangent wedge, so
    discs never overlap), with the radius of a one-node disc between any two.
    The result is scaled to fit the unit disc.
    """
    total = sum(len(p) for p in parts)
    gap = math.sqrt(1 / total)  # a one-node disc's radius: about half the spacing of nodes in a component
    result: dict = {}
    inner = ring = cursor = 0.0
    for i, part in enumerate(parts):
        radius = math.sqrt(len(part) / total)
        if i == 0:
            cx = cy = 0.0
            inner = radius + gap
        else:
            while True:
                distance = inner + radius
                need = 2 * math.asin(min(1.0, (radius + gap / 2) / distance))
                if cursor + need <= 2 * math.pi or cursor == 0:
                    angle = cursor + need / 2
                    cursor += need
                    ring = max(ring, radius)
                    break
                inner, ring, cursor = inner + 2 * ring + gap, 0.0, 0.0  # the next ring out
            cx, cy = distance * math.cos(angle), distance * math.sin(angle)
        xs = [x for x, _ in part.values()]
        ys = [y for _, y in part.values()]
        mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        extent = max(math.hypot(x - mx, y - my) for x, y in part.values()) or 1.0
        scale = radius / extent if len(part) > 1 else 0.0
        for v, (x, y) in part.items():
            result[v] = (cx + (x - mx) * scale, cy + (y - my) * scale)
    outer = max(math.hypot(x, y) for x, y in result.values()) or 1.0
    return {v: (x / outer, y / outer) for v, (x, y) in result.items()}


def _layout(g: nx.Graph, seed: int, depth: int, attr: str | None = None) -> dict:
    n = len(g)
    nodes = sorted(g, key=str)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    if g.number_of_edges() == n * (n - 1) // 2:
        return _circle(nodes)
    if n <= SMALL or (depth == 0 and n <= TOP_SMALL):
        return {k: (float(x), float(y)) for k, (x, y) in nx.spring_layout(g, seed=seed, iterations=40).items()}
    groups: dict[int, list] = {}
    if attr and all(attr in g.nodes[v] for v in nodes):
        for v in nodes:
            groups.setdefault(g.nodes[v][attr], []).append(v)
    else:
        for i, c in enumerate(sorted((sorted(c, key=str) for c in nx.community.louvain_communities(g, seed=seed)),
                                     key=lambda c: (-len(c), str(c[0])))):  # fmt: skip
            groups[i] = c
    if len(groups) == 1 or depth >= 4:
        return _sunflower(sorted(nodes, key=lambda v: (-g.degree(v, weight="weight"), str(v))))
    member = {v: c for c, vs in groups.items() for v in vs}
    inter: Counter[tuple[int, int]] = Counter()
    for a, b, w in g.edges(data="weight", default=1):
        ca, cb = member[a], member[b]
        if ca != cb:
            inter[(min(ca, cb), max(ca, cb))] += w
    cg = nx.Graph()
    cg.add_nodes_from(sorted(groups))
    cg.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(inter.items()))
    centers = _layout(cg, seed, depth + 1)
    radii = {c: math.sqrt(len(vs) / n) * 0.8 for c, vs in groups.items()}
    spread = _spread(centers, radii)
    result = {}
    for c, vs in groups.items():
        radius = radii[c]
        local = _layout(nx.Graph(nx.to_dict_of_dicts(g, nodelist=dict.fromkeys(sorted(vs, key=str)))), seed, depth + 1)
        cx, cy = centers[c]
        for v, (x, y) in local.items():
            result[v] = (cx * spread + x * radius, cy * spread + y * radius)
    return result


def _spread(centers: dict, radii: dict, limit: int = 12) -> float:
    """How far to push community centres apart so that the biggest discs do not overlap."""
    biggest = sorted(radii, key=lambda c: (-radii[c], c))[:limit]
    factor = 1.0
    for i, a in enumerate(biggest):
        ax, ay = centers[a]
        for b in biggest[i + 1 :]:
            bx, by = centers[b]
            distance = math.hypot(ax - bx, ay - by)
            if distance > 0:
                factor = max(factor, (radii[a] + radii[b]) * 1.05 / distance)
    return min(factor, 3.0)


def _circle(nodes: list) -> dict:
    step = 2 * math.pi / len(nodes)
    return {v: (math.cos(i * step), math.sin(i * step)) for i, v in enumerate(nodes)}


def _sunflower(nodes: list) -> dict:
    """Evenly filled disc (Vogel's spiral), most connected nodes in the middle: O(n) fallback."""
    golden = math.pi * (3 - math.sqrt(5))
    n = len(nodes)
    return {v: (math.sqrt((i + 0.5) / n) * math.cos(i * golden), math.sqrt((i + 0.5) / n) * math.sin(i * golden))
            for i, v in enumerate(nodes)}  # fmt: skip


def cached_layout(
    g: nx.Graph, cache_dir: str | os.PathLike[str] | None, seed: int = SEED
) -> dict[str, tuple[float, float]]:
    """:func:`layout`, cached in ``cache_dir`` by :func:`graph_hash` (no cache when ``None``)."""
    positions = _cached(cache_dir, "layout", g, seed, lambda: layout(g, seed))
    return {k: tuple(v) for k, v in positions.items()}


def cached_communities(core: nx.Graph, cache_dir: str | os.PathLike[str] | None) -> dict[str, int]:
    """:func:`_louvain` of ``core``, cached in ``cache_dir`` by :func:`graph_hash` (no cache when ``None``).

    Louvain takes seconds on the core of a big corpus, and a day of new papers
    rarely changes the nodes and weights among the highest-ranked ones.
    """
    # "-v2": files written by plain Louvain (one giant community) must not be read back.
    return _cached(cache_dir, "communities-v2", core, SEED, lambda: _louvain(core))


def set_communities(g: nx.Graph, community: dict[str, int]) -> nx.Graph:
    """Set the ``community`` attribute of every node of ``g`` from ``community``; return ``g``."""
    for n, attrs in g.nodes(data=True):
        attrs["community"] = community[n]
    return g


def lay_out_top(
    core: nx.Graph, top: nx.Graph, cache_dir: str | os.PathLike[str] | None = None
) -> tuple[dict[str, int], dict[str, tuple[float, float]]]:
    """The slow part of the global view, from :meth:`Graphs.top_parts`: communities and positions of ``top``.

    A module-level function of two small graphs, so that a fresh interpreter can
    run it (both pickle) while the pages are made.
    """
    community = cached_communities(core, cache_dir)
    set_communities(top, community)
    return {n: community[n] for n in top}, cached_layout(top, cache_dir)


def _cached(
    cache_dir: str | os.PathLike[str] | None, kind: str, g: nx.Graph, seed: int, compute: Callable[[], dict]
) -> dict:
    """``compute()`` for ``g``, kept in ``cache_dir`` as ``<kind>-<graph hash>-<seed>.json``.

    Only the newest file of a kind is kept: the cache holds what the last build used.
    """
    if cache_dir is None:
        return compute()
    folder = Path(cache_dir)
    path = folder / f"{kind}-{graph_hash(g)[:24]}-{seed}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return data
    except (OSError, ValueError):
        pass
    data = compute()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
    for old in folder.glob(f"{kind}-*-{seed}.json"):
        if old != path:
            old.unlink(missing_ok=True)
    return data


# -- view data and exports -----------------------------------------------------


def view_data(
    g: nx.Graph,
    nodes: Iterable[str],
    url: Callable[[str, str], str],
    positions: dict[str, tuple[float, float]] | None = None,
    center: str | None = None,
    metrics: bool = True,
) -> dict:
    """The compact JSON the graph views draw (see the README's graph data contract).

    ``nodes`` (of ``g``) are drawn with every edge of ``g`` among them.
    ``url(kind, slug)`` gives a node's page relative to the site root. Nodes are
    sorted by PageRank (then id); ``center`` (local views) comes first.
    Without ``metrics`` (local views), the data holds local facts only, so that a
    page embedding it changes when its own node's papers do, not whenever a
    digest is added: PageRank and community are 0, nodes come in id order (the
    centre first), a neighbour's ``papers`` is the number of papers it shares
    with the centre (0 without a centre: a paper's own authors and topics, all
    linked by weight 1), and edges between two neighbours have weight 1.
    """
    attrs = dict(g.nodes(data=True))  # plain dicts: node views cost a function call per lookup
    stable = not metrics
    if metrics:
        order = sorted(set(nodes), key=lambda n: (n != center, -attrs[n].get("pagerank", 0), n))
    else:
        order = sorted(set(nodes), key=lambda n: (n != center, n))
    index = {n: i for i, n in enumerate(order)}
    around = g.adj[center] if center is not None else {}
    out_nodes = []
    edges = []
    for i, n in enumerate(order):
        a = attrs[n]
        x, y = positions[n] if positions and n in positions else (None, None)
        community, pagerank = (a.get("community", 0), float(f"{a.get('pagerank', 0):.5g}")) if metrics else (0, 0)
        papers = a["papers"]
        if stable and n != center:
            papers = around[n].get("weight", 1) if n in around else 0
        out_nodes.append(
            node_row(n, a["label"], a["kind"], url(a["kind"], a["slug"]), papers, community, x, y, pagerank)
        )
        adj = g.adj[n]
        if len(order) <= 64:  # small views: look pairs up rather than walk big neighbourhoods
            for j in range(i + 1, len(order)):
                d = adj.get(order[j])
                if d is not None:
                    local = stable and n != center and order[j] != center
                    edges.append([i, j, 1 if local else d.get("weight", 1)])
        else:
            for m, d in adj.items():
                j = index.get(m)
                if j is not None and j > i:
                    edges.append([i, j, 1 if stable and center not in (n, m) else d.get("weight", 1)])
    edges.sort()
    data = view_data_rows(out_nodes, edges, center=center is not None)
    if metrics:
        data["communities"] = community_names(g, order)
    return data


def community_names(g: nx.Graph, nodes: Iterable[str] | None = None) -> list[list]:
    """``[[id, name, size], ...]`` of the communities among ``nodes`` (default: all of ``g``), by id.

    ``size`` counts those nodes only; the name is :func:`~mkdocs_arxdigest.communities.name_communities`'
    (top topic and top author), for the legend of the global view and for author pages.
    """
    chosen = list(g) if nodes is None else list(nodes)
    community = {n: g.nodes[n]["community"] for n in chosen if "community" in g.nodes[n]}
    sizes = Counter(community.values())
    names = name_communities(g, community)
    return [[c, names[c], sizes[c]] for c in sorted(sizes)]


class NodeRow(NamedTuple):
    """One node of the view data; JSON writes it as the array ``[key, label, typeIndex, url, papers, community,
    x, y, pagerank]`` (see the data contract)."""

    key: str
    label: str
    type: int
    url: str
    papers: int
    community: int = 0
    x: float | None = None
    y: float | None = None
    pagerank: float = 0

    def with_papers(self, papers: int) -> NodeRow:
        return self._replace(papers=papers)


def node_row(
    node: str, label: str, kind: str, url: str, papers: int, community: int = 0, x=None, y=None, pagerank: float = 0
) -> NodeRow:
    """One node of the view data (see :class:`NodeRow`)."""
    return NodeRow(node, label, KINDS.index(kind), url, papers, community, x, y, pagerank)


def view_data_rows(nodes: list[NodeRow], edges: list[list], center: bool = False) -> dict:
    """View data from node rows (:func:`node_row`) and sorted ``[source, target, weight]`` edges.

    With ``center``, the first node is the centre of a local view.
    """
    data = {"version": 1, "types": list(KINDS), "nodes": nodes, "edges": edges}
    if center:
        data["center"] = 0
    return data


EXPORT_FORMATS = ("graphml", "gexf", "json")


def export_graph(g: nx.Graph, path: str | os.PathLike[str], fmt: str) -> None:
    """Write ``g`` for Gephi, Cytoscape (GraphML, GEXF) or a notebook (node-link JSON)."""
    if fmt == "graphml":
        nx.write_graphml(g, path)
    elif fmt == "gexf":
        nx.write_gexf(g, path)
    elif fmt == "json":
        data = nx.node_link_data(g, edges="edges")
        Path(path).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
    else:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
