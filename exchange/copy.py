"""Copy one store into another in batches — how a team moves from the embedded file to Neo4j.

Nodes go first (label by label), then edges (type by type), each batch in its
own transaction and merged on ``id`` with the loader's statements, so an
interrupted copy is finished by running it again, and a repeated copy changes
nothing. The source is only read. Memory holds one label's nodes or one
relationship type's edges at a time.

>>> import tempfile
>>> from pathlib import Path
>>> from policykg.graph.store import open_store
>>> from policykg.queries.stats import counts
>>> with open_store(db=Path(tempfile.mkdtemp()) / "copy.lbdb") as target:   # or open_store(neo4j_uri=…)
...     result = copy_graph(store, target)
>>> result.nodes == sum(counts(store)["nodes"].values()), result.edges > 0
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from policykg.errors import InputError
from policykg.exchange.merge import BATCH, merge_edges, merge_nodes
from policykg.exchange.properties import store_key
from policykg.graph.schema import NODES, RELATIONSHIPS
from policykg.graph.store import Store, batched
from policykg.queries.subgraph import read_edges, read_nodes


@dataclass(frozen=True)
class CopyResult:
    nodes: int
    edges: int


def copy_graph(source: Store, target: Store, batch: int = BATCH,
               on_batch: Callable[[str, int], None] | None = None) -> CopyResult:
    """Merge every node and edge of ``source`` into ``target``; ``on_batch(what, n)`` after each batch."""
    nodes = edges = 0
    for label in NODES:
        for chunk in batched(read_nodes(source, label), batch):
            with target.transaction() as tx:
                nodes += merge_nodes(tx, label, chunk, batch)
            if on_batch:
                on_batch(label, len(chunk))
    for rel in RELATIONSHIPS.values():
        for a, b in rel.pairs:
            rows = [{store_key(k): v for k, v in e.items() if k not in ("source", "target")}
                    | {"a": e["source"], "b": e["target"]} for e in read_edges(source, rel.type, a, b)]
            for chunk in batched(rows, batch):
                with target.transaction() as tx:
                    edges += merge_edges(tx, rel.type, a, b, chunk, batch)
                if on_batch:
                    on_batch(rel.type, len(chunk))
    return CopyResult(nodes, edges)


def copy_store(source: Path, to_db: Path | None = None, to_neo4j_uri: str | None = None,
               batch: int = BATCH) -> tuple[CopyResult, str]:
    """``policykg copy``: the embedded graph at ``source`` into ``to_db`` or Neo4j at ``to_neo4j_uri`` (one of them).

    Returns what was copied and where to (the target's path or URI).
    """
    from policykg.graph.store import open_store

    if (to_neo4j_uri is None) == (to_db is None):
        raise InputError("give one target: --to-neo4j-uri bolt://host:7687 or --to-db PATH")
    if to_db is not None and Path(to_db).resolve() == Path(source).resolve():
        raise InputError(f"{to_db}: the target is the source; choose another --to-db")
    with open_store(db=source, read_only=True) as src, open_store(db=to_db, neo4j_uri=to_neo4j_uri) as target:
        return copy_graph(src, target, batch=batch), target.location
