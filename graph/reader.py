"""Read a whole graph (or a selection) into node-link JSON.

The JSON is the shape networkx reads with ``node_link_graph(data)`` (``queries.subgraph.to_node_link``)::

    {"directed": true, "multigraph": true, "graph": {},
     "nodes": [{"id": ..., "label": "Plan", <properties>}],
     "edges": [{"source": ..., "target": ..., "type": "LEADS", <properties>}]}

An edge's provenance file (the store's ``source`` property) is written as
``source_doc``, because ``source``/``target`` name the endpoints there.
Node ids are the stores' ``id`` keys, unique across labels by their prefixes
(``plan:``, ``task:``, ``dept:`` …). Every property, provenance included, is kept.
"""

from __future__ import annotations

from typing import Any

from policykg.graph.schema import NODES, RELATIONSHIPS
from policykg.graph.store import Store


EDGE_SOURCE_KEY = "source_doc"


def _cols(var: str, props: list[str]) -> str:
    return ", ".join(f"{var}.`{p}` AS `{p}`" for p in props)


def read_nodes(store: Store, label: str) -> list[dict[str, Any]]:
    props = list(NODES[label].all_properties)
    rows = store.run(f"MATCH (n:{label}) RETURN {_cols('n', props)} ORDER BY n.id")
    return [{"id": r["id"], "label": label, **{k: v for k, v in r.items() if k != "id"}} for r in rows]


def read_edges(store: Store, rel: str, a: str, b: str) -> list[dict[str, Any]]:
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
