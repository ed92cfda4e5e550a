"""What the global graph view draws by default, computed in Python from graph.json (mirrors js/src/data.js + view.js).

The view parses the file like data.js (rows with a missing or repeated key dropped, self
loops and repeated pairs dropped), draws the top ``top_n`` nodes, and, when every edge
among them would be more than ``EDGE_BUDGET`` per node, starts on the backbone: each
node's ``BACKBONE_K`` strongest edges (ties: the shorter in the layout, then the earlier
edge) plus every edge of at least the lowest weight that keeps the total under
``BACKBONE_TARGET`` per node. Tests compare these counts with the page's.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

VIEW_JS = Path(__file__).resolve().parents[1] / "js" / "src" / "view.js"


def _constant(name: str) -> int:
    return int(re.search(rf"const {name} = (\d+);", VIEW_JS.read_text(encoding="utf-8")).group(1))


@dataclass
class Default:
    nodes: int
    edges: int
    min_weight: float
    backbone: bool
    all_edges: int  # drawn at the minimum weight (the full set)


def default_view(graph: dict, top_n: int) -> Default:
    index: dict[str, int] = {}
    remap: list[int] = []
    xy: list[tuple[float, float]] = []
    for row in graph["nodes"]:
        ok = isinstance(row, list) and len(row) >= 2 and row[0] not in (None, "") and str(row[0]) not in index
        remap.append(len(index) if ok else -1)
        if ok:
            index[str(row[0])] = len(index)
            xy.append((row[6], row[7]) if len(row) > 7 else (0.0, 0.0))
    edges: dict[tuple[int, int], float] = {}
    for row in graph["edges"]:
        a, b = remap[row[0]], remap[row[1]]
        if a >= 0 and b >= 0 and a != b:
            edges.setdefault((min(a, b), max(a, b)), row[2] if len(row) > 2 else 1)
    ids = list(edges)  # the view's edge indices, in the file's order
    weights = [edges[p] for p in ids]
    shown = min(len(index), top_n)
    min_w = min(weights, default=1)
    drawn = [e for e, (a, b) in enumerate(ids) if a < shown and b < shown]
    everything = sum(1 for e in drawn if weights[e] >= min_w)
    if everything <= _constant("EDGE_BUDGET") * shown:
        return Default(shown, everything, min_w, False, everything)
    k = _constant("BACKBONE_K")
    around: dict[int, list[tuple]] = {}
    for e in drawn:
        a, b = ids[e]
        d = (xy[a][0] - xy[b][0]) ** 2 + (xy[a][1] - xy[b][1]) ** 2
        for v in (a, b):
            around.setdefault(v, []).append((-weights[e], d, e))
    strong = {e for keys in around.values() for _, _, e in sorted(keys)[:k]}
    room = math.floor(_constant("BACKBONE_TARGET") * shown) - len(strong)
    heavy = sorted((weights[e] for e in drawn if e not in strong), reverse=True)
    if room >= len(heavy):
        threshold = min_w
    else:
        v = heavy[max(0, room)]
        above = [w for w in heavy[: max(0, room)] if w > v]
        integral = all(float(w).is_integer() for w in weights)
        threshold = above[-1] if above else v + (1 if integral else 1e-6)
    count = sum(1 for e in drawn if e in strong or weights[e] >= threshold)
    return Default(shown, count, threshold, True, everything)
