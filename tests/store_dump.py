"""The whole store as node-link data, read label by label (tests compare stores with it)."""

from __future__ import annotations

from typing import Any

from policykg.queries.subgraph import read_edges, read_nodes
from policykg.graph.schema import NODES, RELATIONSHIPS
from policykg.graph.store import Store


def node_link(store: Store) -> dict[str, Any]:
    """The whole graph as node-link JSON data (a dict ready for ``json.dump``)."""
    nodes = [n for label in NODES for n in read_nodes(store, label)]
    links = [
        e for rel in RELATIONSHIPS.values() for a, b in rel.pairs for e in read_edges(store, rel.type, a, b)
    ]
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "links": links}
