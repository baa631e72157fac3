"""Write documents into a store, replacing what their files contributed before; forget files.

One path for everything: :func:`read_state` asks the store, in a few
statements per batch, what the batch touches (:func:`graph.planner.wanted`);
the pure planner (:mod:`graph.planner`) turns that and the parsed documents into
named statements and rows; :func:`write_rows` sends them through the store's
``run_rows`` (LadybugDB packs the rows into a string or bulk-loads new nodes and
edges with COPY; Neo4j gets plain ``UNWIND`` rows). Loading one document is
``write_many([doc])``; a reload is a removal then a write; ``policykg remove``
is a removal.

Everything happens in the caller's transaction (or one of its own): reloading an
unchanged file changes nothing, an edited file leaves no stale facts, a
department shared with another plan survives, and a failure rolls the whole
batch back.
"""

from __future__ import annotations

from typing import Any

from policykg.errors import InputError
from policykg.graph import write_statements as ws
from policykg.graph.planner import (
    Step, StoredState, Wanted, WritePlan, WriteResult, is_shared_edge, plan_removal, plan_writes, wanted,
)
from policykg.graph.rows import document_rows
from policykg.graph.schema import DOCUMENT_OWNED, RELATIONSHIPS, SHARED
from policykg.graph.store import Runner, Store, batched
from policykg.graph.write_statements import merge_edges_statement, merge_nodes_statement, null_columns
from policykg.loaders.records import ParsedDocument

__all__ = ["WriteResult", "write_document", "write_in", "write_many", "remove_source", "remove_sources",
           "read_state", "write_rows", "statements", "merge_nodes_statement", "merge_edges_statement",
           "null_columns"]


def _fetch(tx: Runner, statement: str, keys: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    keys = sorted(k for k in keys if k)
    for chunk in batched(keys):
        out += tx.run(statement, {"keys": chunk})
    return out


def read_state(tx: Runner, want: Wanted) -> StoredState:
    """What the store holds that the batch touches, in a few statements (each over all the batch's keys)."""
    loaded = _fetch(tx, ws.FIXED.plans_by_source, want.sources)
    stored = {p["source"] for p in loaded}  # files being replaced or removed
    plans = {p["id"]: p for p in loaded}
    cited = {r["id"] for r in _fetch(tx, ws.FIXED.cited_by_source, stored)}
    for statement, keys in ((ws.FIXED.plans_by_id, want.plan_ids | cited), (ws.FIXED.plans_by_number, want.numbers),
                            (ws.FIXED.stubs_by_title, want.title_keys)):
        plans.update((p["id"], p) for p in _fetch(tx, statement, keys))
    # Citations that may move or decide a plan's fate: into stubs a document may adopt, and into
    # the plans removed files loaded or cited (never every citation of a much-cited document).
    adoptable = {pid for pid, p in plans.items() if p["source"] is None
                 and ((p["title_key"] and p["title_key"] in want.title_keys) or p["doc_number"] in want.plan_numbers)}
    removed = {pid for pid, p in plans.items() if p["source"] in stored} | cited
    refs = tuple(_fetch(tx, ws.FIXED.refs_into, adoptable | removed))
    owned = {(label, r["id"]): r["source"] for label in DOCUMENT_OWNED
             for r in _fetch(tx, ws.owned_ids(label), want.owned.get(label, ()))}
    shared, members = {}, set()
    for label in SHARED:
        for r in _fetch(tx, ws.shared_ids(label), want.shared.get(label, ())):
            shared[(label, r["id"])] = r["users"]
        for r in _fetch(tx, ws.shared_by_source(label), stored):
            shared[(label, r["id"])] = r["users"]
            members.add((label, r["id"], r["source"]))
    pairs: dict[tuple[str, str, str, str, str], str | None] = {}
    for rel in RELATIONSHIPS.values():
        for a, b in rel.pairs:
            if not is_shared_edge(a, b):
                continue
            keys = [list(k) for k in want.pairs.get((rel.type, a, b), ())]  # [a, b] lists
            for r in _fetch(tx, ws.edge_pairs(rel.type, a, b), keys):
                pairs[(rel.type, a, b, r["a"], r["b"])] = None
            for r in _fetch(tx, ws.edges_by_source(rel.type, a, b), stored):
                pairs[(rel.type, a, b, r["a"], r["b"])] = r["source"]
    return StoredState(plans=plans, refs=refs, owned=owned, shared=shared, members=frozenset(members), pairs=pairs)


def write_rows(tx: Runner, steps: tuple[Step, ...]) -> None:
    """Send planned steps, in order, through the store's ``run_rows``."""
    for step in steps:
        tx.run_rows(step.statement, list(step.rows))


def plan_many(tx: Runner, docs: list[ParsedDocument], force: bool = False) -> WritePlan:
    """The plan for writing ``docs`` against what ``tx`` holds now (nothing is written)."""
    rows = [document_rows(d) for d in docs]
    return plan_writes(read_state(tx, wanted(docs, rows=rows)), docs, force, rows=rows)


def write_many(tx: Runner, docs: list[ParsedDocument], force: bool = False) -> list[WriteResult]:
    """Write ``docs`` in order inside ``tx``, as if each were written alone, one after the other.

    A document whose stored copy has the same sha256 is reported ``"unchanged"`` and not
    written (unless ``force``).
    """
    plan = plan_many(tx, docs, force)
    write_rows(tx, plan.steps)
    return list(plan.results)


def write_in(tx: Runner, doc: ParsedDocument, force: bool = False) -> WriteResult:
    """:func:`write_document` inside a transaction the caller holds."""
    return write_many(tx, [doc], force)[0]


def write_document(store: Store, doc: ParsedDocument, force: bool = False) -> WriteResult:
    """Replace what ``doc.source`` contributed with ``doc``'s facts, in one transaction."""
    with store.transaction() as tx:
        return write_in(tx, doc, force)


def remove_source(store: Store, source: str) -> None:
    """Forget a loaded file entirely (its plan stays as a stub while others cite it)."""
    with store.transaction() as tx:
        write_rows(tx, plan_removal(read_state(tx, wanted([], [source])), [source]))


def remove_sources(store: Store, sources: list[str]) -> None:
    """Forget loaded files by their stored names, in one transaction; an unknown name removes nothing."""
    with store.transaction() as tx:
        state = read_state(tx, wanted([], sources))
        stored = {p["source"] for p in state.plans.values()}
        missing = [s for s in sources if s not in stored]
        if missing:
            raise InputError(f"{missing[0]}: no loaded document is stored under this name (nothing removed); "
                             "`policykg query plans` lists them in its file column")
        write_rows(tx, plan_removal(state, sources))


def statements() -> list[tuple[str, str]]:
    """Every statement the writer can send to Neo4j, named, for its parser check."""
    return ws.statements("neo4j")
