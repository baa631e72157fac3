"""What an export (or a map) shows: :func:`queries.subgraph.select`, or a named query's result.

A named query's result becomes a subgraph by its node ids: every cell (or list
element) that is a node id in the graph, plus the entities its parameters
resolved to, and the edges among them.

>>> g = select_export(store, query="department-partners", params={"department": "龙泉市发改局"})
>>> g.nodes["dept:龙泉市:财政局"]["label"], g.nodes["dept:龙泉市:发展和改革局"]["label"]
('Department', 'Department')
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import networkx as nx

from policykg.errors import InputError
from policykg.graph.store import Store
from policykg.queries.subgraph import read_graph, select


def _ids(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _ids(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _ids(item)


def query_subgraph(store: Store, name: str, params: Mapping[str, Any] | None = None,
                   graph: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The nodes a named query returns or was asked about, with the edges among them."""
    from policykg.queries.catalog import run

    g = graph if graph is not None else read_graph(store)
    result = run(store, name, params or {})
    keep = {r.entity.id for r in result.resolved}
    keep |= {x for row in result.rows for v in row.values() for x in _ids(v)}
    return g.subgraph(n for n in keep if n in g).copy()


def select_export(store: Store, plans: Iterable[str] = (), department: str | None = None,
                  leader: str | None = None, place: str | None = None, hops: int = 1,
                  labels: Iterable[str] = (), types: Iterable[str] = (), query: str | None = None,
                  params: Mapping[str, Any] | None = None) -> nx.MultiDiGraph:
    """The selection for ``policykg export``: ``select``'s options, narrowed further by ``query``."""
    if params and not query:
        raise InputError("--param needs --query NAME (the named query it feeds)")
    graph = read_graph(store)
    if query:
        graph = query_subgraph(store, query, params, graph)
    if not (plans or department or leader or place or labels or types):
        return graph  # the whole graph (or query result): skip select's copy
    return select(store, plans=plans, department=department, leader=leader, place=place, hops=hops,
                  labels=labels, types=types, graph=graph)
