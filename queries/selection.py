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

from policykg.errors import InputError, QueryError
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
                  params: Mapping[str, Any] | None = None, empty_ok: bool = True) -> nx.MultiDiGraph:
    """The selection for ``policykg export``: ``select``'s options, narrowed further by ``query``.

    Selectors of different kinds intersect: ``--department X --plan Y`` is X's neighbourhood
    within plan Y (a node must match both); repeated ``--plan`` unite. With ``empty_ok=False``
    a selection that comes out empty is a QueryError saying what each selector kept on its own.
    """
    if params and not query:
        raise InputError("--param needs --query NAME (the named query it feeds)")
    plans = list(plans)
    labels, types = list(labels), list(types)
    whole = read_graph(store)
    graph = query_subgraph(store, query, params, whole) if query else whole
    if plans or department or leader or place or labels or types:
        graph = select(store, plans=plans, department=department, leader=leader, place=place, hops=hops,
                       labels=labels, types=types, graph=graph)
    if graph.number_of_nodes() == 0 and not empty_ok and whole.number_of_nodes():
        raise QueryError(_why_empty(store, whole, plans, department, leader, place, hops, labels, types,
                                    query, params))
    return graph


def _why_empty(store: Store, whole: nx.MultiDiGraph, plans: list[str], department: str | None,
               leader: str | None, place: str | None, hops: int, labels: list[str], types: list[str],
               query: str | None, params: Mapping[str, Any] | None) -> str:
    """What each selector keeps on its own, for the message about an empty selection."""
    around = f" --hops {hops}" if hops != 1 else ""
    parts: list[tuple[str, int]] = []
    if query:
        parts.append((f"--query {query}", query_subgraph(store, query, params, whole).number_of_nodes()))
    if plans:
        parts.append((" ".join(f"--plan {p}" for p in plans), select(store, plans=plans, graph=whole).number_of_nodes()))
    for option, value in (("department", department), ("leader", leader), ("place", place)):
        if value:
            kept = select(store, hops=hops, graph=whole, **{option: value}).number_of_nodes()
            parts.append((f"--{option} {value}{around}", kept))
    said = "; ".join(f"{name} keeps {n} nodes" for name, n in parts)
    if len(parts) > 1 and all(n for _, n in parts):
        return (f"the selection is empty: {said}, and they share none (selectors of different kinds intersect: "
                "a node must match all of them); export them one at a time")
    if (labels or types) and all(n for _, n in parts):
        kept = ", ".join(x for x in (f"--labels {','.join(labels)}" if labels else "",
                                     f"--types {','.join(types)}" if types else "") if x)
        return f"the selection is empty: {said + ', but ' if said else ''}{kept} leaves no node"
    return f"the selection is empty: {said}"
