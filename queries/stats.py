"""Counts per node label and relationship type: the closing summary and `policykg stats`."""

from __future__ import annotations

from policykg.graph.schema import NODES, RELATIONSHIPS
from policykg.graph.store import Store


def counts(store: Store) -> dict[str, dict[str, int]]:
    """``{"nodes": {label: n}, "relationships": {type: n}}`` for every schema name, zeros included."""
    nodes = {label: store.run(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"] for label in NODES}
    rels = {}
    for rel in RELATIONSHIPS:
        rels[rel] = sum(
            store.run(f"MATCH (:{a})-[e:{rel}]->(:{b}) RETURN count(e) AS n")[0]["n"]
            for a, b in RELATIONSHIPS[rel].pairs
        )
    return {"nodes": nodes, "relationships": rels}
