"""Merge node and edge rows into a store in batches — the importer's and copier's one write path.

Rows are keyed by the store's property names (an edge's provenance is
``source``; its endpoints are ``a`` and ``b``). The statements are the loader's
own (:func:`graph.writer.merge_nodes_statement`), so imported or copied nodes
look exactly like loaded ones and merging twice changes nothing. A column that is null in a whole
batch is sent as a ``NULL`` literal (the writer's :func:`~graph.writer.null_columns`): LadybugDB
would type it STRING and refuse it for an INT64 property.
"""

from __future__ import annotations

from typing import Any

from policykg.graph.schema import NODES, RELATIONSHIPS
from policykg.graph.store import Runner, batched
from policykg.graph.writer import merge_edges_statement, merge_nodes_statement, null_columns

BATCH = 1000


def full_node_row(label: str, row: dict[str, Any]) -> dict[str, Any]:
    """Every property of ``label`` (missing ones as ``None``): the merge statement sets them all."""
    return {p: row.get(p) for p in NODES[label].all_properties}


def full_edge_row(rel: str, row: dict[str, Any]) -> dict[str, Any]:
    return {"a": row["a"], "b": row["b"], **{p: row.get(p) for p in RELATIONSHIPS[rel].properties}}


def merge_nodes(tx: Runner, label: str, rows: list[dict[str, Any]], batch: int = BATCH) -> int:
    for chunk in batched([full_node_row(label, r) for r in rows], batch):
        tx.run(merge_nodes_statement(label, nulls=null_columns(chunk)), {"rows": chunk})
    return len(rows)


def merge_edges(tx: Runner, rel: str, a_label: str, b_label: str, rows: list[dict[str, Any]],
                batch: int = BATCH) -> int:
    # LadybugDB silently creates nothing for a self-loop MERGE, so none is sent to either store.
    rows = [full_edge_row(rel, r) for r in rows if r["a"] != r["b"]]
    for chunk in batched(rows, batch):
        tx.run(merge_edges_statement(rel, a_label, b_label, nulls=null_columns(chunk)), {"rows": chunk})
    return len(rows)
