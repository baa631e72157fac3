"""``policykg import``: a node-link JSON or GraphML file into any store, all or nothing.

The file is checked against the schema before anything is written: every
label, relationship type, endpoint pair and property must be known, and every
value of its declared type; the first problem raises one
:class:`~errors.InputError` naming the file. Then nodes and edges are
merged on ``id`` in one transaction, so a failure leaves the store as it was and
importing the same file twice changes nothing. An edge may point at a node that
is already in the store instead of in the file.

>>> import tempfile
>>> from policykg.exchange.formats import write
>>> from policykg.graph.store import open_store
>>> from policykg.queries.subgraph import select_export
>>> folder = Path(tempfile.mkdtemp())
>>> _ = write(select_export(store, plans=["龙政办发〔2023〕41号"]), "json", folder / "plan.json")
>>> with open_store(db=folder / "new.lbdb") as new:
...     first, again = import_file(new, folder / "plan.json"), import_file(new, folder / "plan.json")
>>> first == again, first.nodes > 10
(True, True)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykg.errors import InputError
from policykg.exchange.graphml import read_graphml
from policykg.exchange.merge import merge_edges, merge_nodes
from policykg.exchange.properties import coerce, edge_key, store_key
from policykg.graph.schema import NODES, RELATIONSHIPS
from policykg.graph.store import Store

# Keys other tools add to node-link data that carry no property: networkx's edge key.
IGNORED_LINK_KEYS = frozenset({"key"})


@dataclass
class GraphRows:
    """Validated rows, keyed by the store's property names, ready for :mod:`exchange.merge`."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # label -> rows
    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)  # (type, a, b) -> rows


@dataclass(frozen=True)
class ImportResult:
    nodes: int
    edges: int


def read_file(path: Path) -> dict[str, Any]:
    """Node-link data from ``FILE.json`` or ``FILE.graphml``."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if suffix == ".json":
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            raise InputError(f"{path}: not valid UTF-8 JSON ({err})") from err
    if suffix in (".graphml", ".xml"):
        return read_graphml(path)
    raise InputError(f"{path}: cannot import {suffix or 'a file without extension'}; give a .json (node-link) "
                     "or .graphml file written by `policykg export`")


def _node(item: Any, where: str) -> tuple[str, str, dict[str, Any]]:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        raise InputError(f"{where} has no string id")
    node_id, label = item["id"], item.get("label")
    if label not in NODES:
        raise InputError(f"{where} ({node_id!r}) has unknown label {label!r}; known: {', '.join(NODES)}")
    props = NODES[label].all_properties
    row = {"id": node_id}
    for key, value in item.items():
        if key in ("id", "label"):
            continue
        if key not in props:
            raise InputError(f"{where} ({node_id!r}, {label}) has unknown property {key!r}; "
                             f"{label} has: {', '.join(p for p in props if p != 'id')}")
        row[key] = coerce(value, props[key], f"{where} ({node_id!r}) property {key!r}")
    return node_id, label, row


def _link(item: Any, where: str) -> tuple[str, dict[str, Any]]:
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("source", "target")):
        raise InputError(f"{where} needs string source and target ids")
    rel = item.get("type")
    if rel not in RELATIONSHIPS:
        raise InputError(f"{where} has unknown relationship type {rel!r}; known: {', '.join(RELATIONSHIPS)}")
    props = {edge_key(k): t for k, t in RELATIONSHIPS[rel].properties.items()}
    row = {"a": item["source"], "b": item["target"]}
    for key, value in item.items():
        if key in ("source", "target", "type") or key in IGNORED_LINK_KEYS:
            continue
        if key not in props:
            raise InputError(f"{where} ({rel}) has unknown property {key!r}; {rel} has: {', '.join(props)}")
        row[store_key(key)] = coerce(value, props[key], f"{where} ({rel}) property {key!r}")
    return rel, row


def _stored_labels(store: Store, ids: set[str]) -> dict[str, str]:
    """Labels of nodes already in the store, for edges that point outside the file."""
    found: dict[str, str] = {}
    if ids:
        for label in NODES:
            for r in store.run(f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN n.id AS id", {"ids": sorted(ids)}):
                found[r["id"]] = label
    return found


def validate(data: Any, path: Path, store: Store | None = None) -> GraphRows:
    """Check node-link ``data`` against the schema; raise InputError naming ``path`` at the first problem."""
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise InputError(f"{path}: not node-link data (expected an object with \"nodes\" and \"edges\" or "
                         "\"links\")")
    key = "edges" if "edges" in data else "links"  # networkx 3.4+ writes "edges", older releases "links"
    links = data.get(key, [])
    if not isinstance(links, list):
        raise InputError(f"{path}: \"{key}\" must be a list")
    out = GraphRows()
    labels: dict[str, str] = {}
    for i, item in enumerate(data["nodes"]):
        node_id, label, row = _node(item, f"{path}: node #{i}")
        if node_id in labels:
            raise InputError(f"{path}: node id {node_id!r} appears twice")
        labels[node_id] = label
        out.nodes.setdefault(label, []).append(row)
    parsed = [_link(item, f"{path}: link #{i}") for i, item in enumerate(links)]
    outside = {x for _, row in parsed for x in (row["a"], row["b"]) if x not in labels}
    labels |= _stored_labels(store, outside) if store is not None else {}
    for i, (rel, row) in enumerate(parsed):
        for end in ("a", "b"):
            if row[end] not in labels:
                raise InputError(f"{path}: link #{i} ({rel}) points at {row[end]!r}, which is neither in the "
                                 "file nor in the store")
        pair = (labels[row["a"]], labels[row["b"]])
        if pair not in RELATIONSHIPS[rel].pairs:
            allowed = ", ".join(f"{a}->{b}" for a, b in RELATIONSHIPS[rel].pairs)
            raise InputError(f"{path}: link #{i} ({rel}) joins {pair[0]} to {pair[1]}; {rel} allows {allowed}")
        out.edges.setdefault((rel, *pair), []).append(row)
    return out


def write_rows(store: Store, rows: GraphRows, batch: int = 1000) -> ImportResult:
    """Merge validated rows in one transaction."""
    nodes = edges = 0
    with store.transaction() as tx:
        for label, items in rows.nodes.items():
            nodes += merge_nodes(tx, label, items, batch)
        for (rel, a, b), items in rows.edges.items():
            edges += merge_edges(tx, rel, a, b, items, batch)
    return ImportResult(nodes, edges)


def import_file(store: Store, path: Path, batch: int = 1000) -> ImportResult:
    """Validate ``path`` (node-link JSON or GraphML) and merge it into ``store`` in one transaction."""
    return write_rows(store, validate(read_file(path), path, store), batch)
