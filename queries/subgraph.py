"""Read the graph, and select a subgraph — the one selection mechanism behind maps and exports.

Reading (:func:`read_nodes`, :func:`read_edges`, :func:`read_graph`) comes first, then
:func:`select`, then :func:`select_export`: what an export (or a map) shows, ``select``'s
options optionally narrowed to a named query's result.

:func:`read_nodes` and :func:`read_edges` read a label's nodes or a relationship's edges as
node-link rows, the shape networkx reads with ``node_link_graph(data)`` (:func:`to_node_link`)::

    {"directed": true, "multigraph": true, "graph": {},
     "nodes": [{"id": ..., "label": "Plan", <properties>}],
     "edges": [{"source": ..., "target": ..., "type": "LEADS", <properties>}]}

An edge's provenance file (the store's ``source`` property) is written as
``source_doc``, because ``source``/``target`` name the endpoints there.
Node ids are the stores' ``id`` keys, unique across labels by their prefixes
(``plan:``, ``task:``, ``dept:`` …). Every property, provenance included, is kept.

:func:`read_graph` reads the whole store into a networkx ``MultiDiGraph`` (nodes keyed by ``id``, with
``label`` and every property as attributes; edges keyed by type, with ``type``
and every property), and :func:`select` narrows it:

    >>> g = select(store, plans=["东阳市县域经济体制综合改革总体方案"])        # doctest: +SKIP
    >>> g = select(store, department="市发改局", hops=2, labels=["Department", "Task"])  # doctest: +SKIP

``plans`` match a plan's id, title or 文号; ``department``/``leader``/``place``
match any alias (see :mod:`queries.entities`).

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
from policykg.graph.schema import NODES, RELATIONSHIPS, check_label, check_type
from policykg.graph.store import Store
from policykg.queries.entities import resolve


EDGE_SOURCE_KEY = "source_doc"


def _cols(var: str, props: list[str]) -> str:
    return ", ".join(f"{var}.`{p}` AS `{p}`" for p in props)


def read_nodes(store: Store, label: str) -> list[dict[str, Any]]:
    """Every ``label`` node as ``{"id", "label", <every schema property>}``, ordered by id."""
    props = list(NODES[label].all_properties)
    rows = store.run(f"MATCH (n:{label}) RETURN {_cols('n', props)} ORDER BY n.id")
    return [{"id": r["id"], "label": label, **{k: v for k, v in r.items() if k != "id"}} for r in rows]


def read_edges(store: Store, rel: str, a: str, b: str) -> list[dict[str, Any]]:
    """Every ``rel`` edge from an ``a`` to a ``b`` node as ``{"source", "target", "type", <properties>}``."""
    props = list(RELATIONSHIPS[rel].properties)
    rows = store.run(
        f"MATCH (a:{a})-[e:{rel}]->(b:{b}) RETURN a.id AS `_a`, b.id AS `_b`, {_cols('e', props)} "
        "ORDER BY `_a`, `_b`"
    )
    out = []
    for r in rows:
        a, b = r.pop("_a"), r.pop("_b")
        if "source" in r:  # "source"/"target" name the endpoints in node-link data
            r[EDGE_SOURCE_KEY] = r.pop("source")
        out.append({"source": a, "target": b, "type": rel, **r})
    return out


def read_graph(store: Store) -> nx.MultiDiGraph:
    """The whole store as a MultiDiGraph."""
    g = nx.MultiDiGraph()
    for label in NODES:
        for node in read_nodes(store, label):
            g.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for rel in RELATIONSHIPS.values():
        for a, b in rel.pairs:
            for edge in read_edges(store, rel.type, a, b):
                g.add_edge(edge["source"], edge["target"], key=rel.type,
                           **{k: v for k, v in edge.items() if k not in ("source", "target")})
    return g


def _plan_ids(g: nx.MultiDiGraph, plans: Iterable[str]) -> list[str]:
    out = []
    for wanted in plans:
        hits = [n for n, d in g.nodes(data=True) if d.get("label") == "Plan"
                and wanted in (n, d.get("title"), d.get("doc_number"), d.get("source"))]
        if not hits:
            raise QueryError(f"no plan matches {wanted!r} (give its title, 文号, file name or id)")
        out += hits
    return out


def _plan_closure(g: nx.MultiDiGraph, plan_ids: list[str]) -> set[str]:
    """A plan with its tasks (and sub-tasks), their agents, goals, places, cited plans and issuers."""
    keep: set[str] = set(plan_ids)
    frontier = list(plan_ids)
    while frontier:  # tasks and sub-tasks
        node = frontier.pop()
        for _, child, rel in g.out_edges(node, keys=True):
            if rel in ("HAS_TASK", "HAS_SUBTASK") and child not in keep:
                keep.add(child)
                frontier.append(child)
    for node in list(keep):
        keep.update(g.successors(node))
        keep.update(p for p in g.predecessors(node) if g.nodes[node].get("label") == "Task")
    return keep


def select(store: Store, plans: Iterable[str] = (), department: str | None = None, leader: str | None = None,
           place: str | None = None, hops: int = 1, labels: Iterable[str] = (), types: Iterable[str] = (),
           graph: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The part of the graph the user asked for; with no arguments, all of it."""
    g = graph if graph is not None else read_graph(store)
    keep: set[str] | None = None
    plans = list(plans)
    if plans:
        keep = _plan_closure(g, _plan_ids(g, plans))
    for label, wanted in (("Department", department), ("Leader", leader), ("Place", place)):
        if wanted:
            centre = resolve(store, label, wanted).id
            around = set(nx.ego_graph(g.to_undirected(as_view=True), centre, radius=hops).nodes)
            keep = around if keep is None else keep & around
    sub = g.subgraph(keep).copy() if keep is not None else g.copy()
    labels = {check_label(x) for x in labels}
    types = {check_type(x) for x in types}
    if labels:
        sub.remove_nodes_from([n for n, d in list(sub.nodes(data=True)) if d.get("label") not in labels])
    if types:
        sub.remove_edges_from([(a, b, k) for a, b, k in list(sub.edges(keys=True)) if k not in types])
    return sub


def to_node_link(g: nx.MultiDiGraph) -> dict:
    """Node-link JSON data for a selection: what ``networkx.node_link_graph(data)`` reads with its default
    arguments (networkx 3.4+ names the edge list ``edges``; older releases wrote ``links``)."""
    nodes = [{"id": n, **d} for n, d in g.nodes(data=True)]
    edges = [{"source": a, "target": b, **d} for a, b, d in g.edges(data=True)]
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "edges": edges}


# -- what an export or a map shows -----------------------------------------------------
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
