"""Node positions and sizes, computed in Python before the page is written.

The browser then only draws: with positions given and physics off, vis-network
shows 5,000 nodes in seconds instead of simulating for minutes.

* :func:`positions` — networkx ``spring_layout`` for small graphs; for large ones a
  Fruchterman–Reingold variant that repels each node from a random sample of the
  others per iteration (O(n·s) instead of O(n²)), which is good enough to read
  clusters and takes seconds at 5,000 nodes.
* :func:`sizes` — node size by degree or a centrality, scaled into a pixel range;
  :func:`sizes_by_year` — for degree and weighted degree, the size as of each year (the page's
  year slider), on the same scale, so a department grows as its ties do.

>>> import networkx as nx
>>> pos = positions(nx.path_graph(3))
>>> sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
True
"""

from __future__ import annotations

import math
from enum import Enum

import networkx as nx
import numpy as np

from policykg.visualizations.scope import year_key

SMALL_GRAPH = 300  # up to this many nodes: networkx spring_layout, physics on in the browser
_SAMPLE = 400  # repelling nodes sampled per iteration in the large-graph layout


class SizeBy(str, Enum):
    degree = "degree"
    weighted = "weighted"  # sum of edge weights (shared tasks on a collaboration map); else like degree
    pagerank = "pagerank"
    betweenness = "betweenness"


def _simple(g: nx.Graph) -> nx.Graph:
    """Undirected, no parallel edges, no self-loops: what layouts and centralities want."""
    out = nx.Graph()
    out.add_nodes_from(g)
    out.add_edges_from((a, b) for a, b in g.edges() if a != b)
    return out


def positions(g: nx.Graph, seed: int = 7, scale: float | None = None) -> dict:
    """``{node: (x, y)}`` in canvas pixels, spread so that labels rarely overlap."""
    n = g.number_of_nodes()
    if n == 0:
        return {}
    simple = _simple(g)
    scale = scale if scale is not None else 60.0 * math.sqrt(n) + 100.0
    # Nodes without edges would be pushed to the rim and shrink everything else; they go in rows below.
    isolated = [v for v in simple if simple.degree(v) == 0]
    linked = simple.subgraph(v for v in simple if simple.degree(v) > 0)
    out: dict = {}
    if linked.number_of_nodes():
        if linked.number_of_nodes() <= SMALL_GRAPH:
            raw = nx.spring_layout(linked, seed=seed, iterations=60)
            xy = np.array([raw[v] for v in linked], dtype=float).reshape(-1, 2)
        else:
            xy = _sampled_fruchterman_reingold(linked, seed=seed)
        xy -= xy.mean(axis=0)
        extent = float(np.abs(xy).max()) or 1.0
        xy *= scale / extent
        out = {v: (round(float(x), 1), round(float(y), 1)) for v, (x, y) in zip(linked, xy)}
    if isolated:
        top = max((y for _, y in out.values()), default=-80.0) + 120.0
        left = min((x for x, _ in out.values()), default=0.0)
        width = max((x for x, _ in out.values()), default=0.0) - left
        per_row = max(1, min(len(isolated), int(width // 80) + 1 if out else math.ceil(math.sqrt(len(isolated)))))
        for i, v in enumerate(isolated):
            out[v] = (round(left + 80.0 * (i % per_row), 1), round(top + 80.0 * (i // per_row), 1))
    return {v: out[v] for v in simple}


def _sampled_fruchterman_reingold(g: nx.Graph, seed: int, iterations: int = 50) -> np.ndarray:
    """Fruchterman–Reingold with repulsion estimated from ``_SAMPLE`` random nodes per step.

    Attraction along edges is exact; repulsion from the sample is scaled by n/s, an
    unbiased estimate of the full sum, and the noise averages out over iterations.
    A weak pull to the centre keeps small components from drifting away.
    """
    index = {v: i for i, v in enumerate(g)}
    n = len(index)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float32)
    edges = np.array([(index[a], index[b]) for a, b in g.edges()], dtype=np.int64).reshape(-1, 2)
    k2 = 1.0 / n
    k = math.sqrt(k2)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        sample = pos[rng.choice(n, size=min(n, _SAMPLE), replace=False)]
        # Squared distances as |a|² + |b|² - 2a·b: a matrix product instead of difference arrays.
        w = (pos * pos).sum(axis=1)[:, None] + (sample * sample).sum(axis=1)[None, :]
        w -= 2.0 * (pos @ sample.T)
        np.maximum(w, 1e-9, out=w)
        np.divide(np.float32(k2 * n / len(sample)), w, out=w)
        force = pos * w.sum(axis=1)[:, None] - w @ sample  # Σ_j w_ij (p_i - p_j)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            pull = delta * (np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]
            for axis in (0, 1):
                force[:, axis] += (np.bincount(edges[:, 1], pull[:, axis], n)
                                   - np.bincount(edges[:, 0], pull[:, axis], n))
        force -= (pos - pos.mean(axis=0)) * 0.5
        length = np.sqrt((force * force).sum(axis=1))
        np.maximum(length, 1e-9, out=length)
        pos += force * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    return pos.astype(float)


def sizes(g: nx.Graph, by: SizeBy | str = SizeBy.degree, smallest: float = 7.0, largest: float = 30.0) -> dict:
    """``{node: size}``: a score per node (degree, weighted degree, PageRank or betweenness), square-root scaled.

    Betweenness on more than 500 nodes is estimated from 200 sampled sources.
    """
    by = SizeBy(by)
    if g.number_of_nodes() == 0:
        return {}
    simple = _simple(g)
    if by is SizeBy.degree:
        score = dict(simple.degree())
    elif by is SizeBy.weighted:
        score = dict.fromkeys(simple, 0.0)
        for a, b, d in g.edges(data=True):
            if a != b:
                w = d.get("weight", 1)
                score[a] += w
                score[b] += w
    elif by is SizeBy.pagerank:
        score = nx.pagerank(simple)
    else:
        n = simple.number_of_nodes()
        score = nx.betweenness_centrality(simple, k=min(n, 200) if n > 500 else None, seed=7)
    top = max(score.values()) or 1.0
    return {v: _scaled(score[v], top, smallest, largest) for v in simple}


def _scaled(score: float, top: float, smallest: float, largest: float) -> float:
    return round(smallest + (largest - smallest) * math.sqrt(score / top), 1)


def sizes_by_year(g: nx.MultiDiGraph, by: SizeBy | str, node_since: dict, edge_since: dict,
                  smallest: float = 7.0, largest: float = 30.0) -> dict:
    """``{node: [[year, size], …]}``: a node's :func:`sizes` size as of each year its score grows.

    Only for ``degree`` and ``weighted`` (a count of ties or of their weights); PageRank and
    betweenness are left as they are (``{}``): they would need a full run per year.
    ``node_since`` / ``edge_since`` (keyed ``(a, b, key)``) give the year each appears (``None``:
    from the start); an edge counts from when it and both its ends appear, with the weight of its
    ``weights_by_year`` as of each year when it has them. The first entry is the size when the
    node appears (year ``None`` for an undated node), the last the size :func:`sizes` gives;
    nodes whose size never changes after they appear are left out. The scale is the final one,
    so sizes of different years compare.

    >>> g = nx.MultiDiGraph(); _ = g.add_edge("a", "b", key="x"); _ = g.add_edge("a", "c", key="x")
    >>> sizes_by_year(g, "degree", {"a": 2019, "b": 2019, "c": 2023}, {})
    {'a': [[2019, 23.3], [2023, 30.0]]}
    """
    by = SizeBy(by)
    if by not in (SizeBy.degree, SizeBy.weighted) or g.number_of_nodes() == 0:
        return {}
    later = lambda *ys: max((y for y in ys if y is not None), default=None)  # noqa: E731
    events: dict = {v: [] for v in g}  # node -> [(year, score added)]
    pairs: dict = {}  # degree: each pair of neighbours counts once, from the first year one of its edges shows
    for a, b, k, d in g.edges(keys=True, data=True):
        if a == b:
            continue
        start = later(edge_since.get((a, b, k)), node_since.get(a), node_since.get(b))
        if by is SizeBy.degree:
            pair = (a, b) if str(a) <= str(b) else (b, a)
            if pair not in pairs or year_key(start) < year_key(pairs[pair]):
                pairs[pair] = start
            continue
        steps = d.get("weights_by_year") or [[None, d.get("weight", 1)]]
        shown = 0
        for year, weight in steps:  # cumulative counts, earliest first
            year = later(year, start)
            for v in (a, b):
                events[v].append((year, weight - shown))
            shown = weight
    for (a, b), start in pairs.items():
        events[a].append((start, 1))
        events[b].append((start, 1))
    totals = {v: sum(x for _, x in ev) for v, ev in events.items()}
    top = max(totals.values()) or 1.0
    out = {}
    for v, ev in events.items():
        first = node_since.get(v)
        score, steps = 0.0, {}
        for year, added in sorted(ev, key=lambda e: year_key(e[0])):
            score += added
            steps[later(year, first)] = _scaled(score, top, smallest, largest)
        sizes = [[first, _scaled(0, top, smallest, largest)]] if first not in steps else []
        sizes += [[y, size] for y, size in sorted(steps.items(), key=lambda s: year_key(s[0]))]
        sizes = [s for i, s in enumerate(sizes) if i == 0 or s[1] != sizes[i - 1][1]]
        if len(sizes) > 1:
            out[v] = sizes
    return out
