"""Write a group of documents with a few statements per group instead of dozens per document.

:func:`graph.writer.write_in` sends some thirty statements for every document;
inside LadybugDB each costs about a millisecond however few rows it carries, so
writing, not parsing, was the loader's slowest stage. :func:`write_many` gives
the same store as calling ``write_in`` for each document in turn, but sends one
statement per label and relationship type for a whole run of documents.

Only documents that are new to the store go into a run: nothing is stored from
their file yet, and no other file holds their plan, task or goal ids. Anything
else (a reload, two files with one title) is written by ``write_in`` on its
own, in its turn, after the run before it has been flushed. Within a run, the
plan table — what citations resolve to by 文号, which cited-plan stubs a loaded
plan adopts — is replayed in memory document by document, starting from the
rows the store holds for the titles, 文号 and ids the run mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policykg.graph.rows import DocumentRows, document_rows
from policykg.graph.schema import DOCUMENT_OWNED, NODES, SHARED
from policykg.graph.store import Runner, batched
from policykg.graph.writer import (
    WriteResult, _existing_edges, _existing_ids, _is_shared_edge, _last_per_key, _put_nodes, _Q, _rename_plan,
    _union_lists, create_edges_statement, create_nodes_statement, fold_shared, merge_edges_statement, send_rows,
    union_shared_statement, union_shared_statement_neo4j, write_in,
)
from policykg.loaders.records import ParsedDocument

PLAN_PROPS = list(NODES["Plan"].all_properties)
_COLUMNS = ", ".join(f"p.`{p}` AS `{p}`" for p in PLAN_PROPS)
# Plan rows a run needs to know about: by id, by 文号, and cited stubs by title.
PLANS_BY_ID = f"UNWIND $keys AS k MATCH (p:Plan {{id: k}}) RETURN {_COLUMNS}"
PLANS_BY_NUMBER = f"UNWIND $keys AS k MATCH (p:Plan) WHERE p.doc_number = k RETURN {_COLUMNS}"
STUBS_BY_TITLE = f"UNWIND $keys AS k MATCH (p:Plan) WHERE p.source IS NULL AND p.title_key = k RETURN {_COLUMNS}"
PLANS_BY_SOURCE = "UNWIND $keys AS k MATCH (p:Plan) WHERE p.source = k RETURN p.source AS source"
DROP_PLANS = "UNWIND $keys AS k MATCH (p:Plan {id: k}) DETACH DELETE p"


def statements() -> list[tuple[str, str]]:
    """The fixed statements of this module, named, for the Neo4j parser check."""
    return [("plans by id", PLANS_BY_ID), ("plans by number", PLANS_BY_NUMBER), ("stubs by title", STUBS_BY_TITLE),
            ("plans by source", PLANS_BY_SOURCE), ("drop plans", DROP_PLANS)]


def _fetch(tx: Runner, statement: str, keys: set[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in batched(sorted(k for k in keys if k)):
        out += tx.run(statement, {"keys": chunk})
    return out


def write_many(tx: Runner, docs: list[ParsedDocument], force: bool = False) -> list[WriteResult]:
    """Write ``docs`` in order inside ``tx``; the store ends as after ``write_in`` for each in turn."""
    results: list[WriteResult | None] = [None] * len(docs)
    start = 0
    while start < len(docs):
        rows = _rows_if_new(tx, docs[start:])
        run = next((n for n, r in enumerate(rows) if r is None), len(rows))
        if run:
            _Run(tx, docs[start:start + run], rows[:run]).write(results, start)
            start += run
            continue
        # A reload, or an id another file holds: the one-document writer knows what to do. What it
        # writes can change what the documents after it find, so those are looked at again.
        while start < len(docs) and rows[0] is None:
            results[start] = write_in(tx, docs[start], force)
            start, rows = start + 1, rows[1:]
    return results  # type: ignore[return-value]


def _rows_if_new(tx: Runner, docs: list[ParsedDocument]) -> list[DocumentRows | None]:
    """Per document, its rows if it is new to the store, else None (``write_in`` must handle it).

    New: nothing stored from its file, and no id another file (or an earlier document
    here) holds. A plan whose title another loaded file already has gets ids of its own,
    as ``write_in`` would give it, and is new if those are free.
    """
    rows = [document_rows(doc) for doc in docs]
    stored_sources = {r["source"] for r in _fetch(tx, PLANS_BY_SOURCE, {d.source for d in docs})}
    loaded = {r["id"] for r in _fetch(tx, PLANS_BY_ID, {r.plan_id for r in rows}) if r["source"] is not None}
    for n, (doc, r) in enumerate(zip(docs, rows)):
        if r.plan_id in loaded and doc.source not in stored_sources:  # two files with one title
            _rename_plan(r, f"~{doc.source}")
        loaded.add(r.plan_id)
    held = {r["id"] for r in _fetch(tx, PLANS_BY_ID, {r.plan_id for r in rows}) if r["source"] is not None}
    taken = set().union(*(_existing_ids(tx, label, [n["id"] for r in rows for n in r.nodes.get(label, ())])
                          for label in DOCUMENT_OWNED))
    sources: set[str] = set()
    plans: set[str] = set()
    out: list[DocumentRows | None] = []
    for doc, r in zip(docs, rows):
        mine = {node["id"] for label in DOCUMENT_OWNED for node in r.nodes.get(label, ())}
        new = not (doc.source in stored_sources or doc.source in sources or r.plan_id in plans
                   or r.plan_id in held or mine & taken)
        out.append(r if new else None)
        sources.add(doc.source)
        plans.add(r.plan_id)
        taken |= mine
    return out


@dataclass
class _Run:
    """Documents new to the store, written together; the plan table replayed in memory."""

    tx: Runner
    docs: list[ParsedDocument]
    rows: list[DocumentRows]
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> every Plan property, as it ends up
    stored: set[str] = field(default_factory=set)  # plan ids the store holds now
    dropped: set[str] = field(default_factory=set)  # stored plans (adopted stubs) to delete
    adopted: dict[str, str] = field(default_factory=dict)  # stored stub id -> the plan its citations move to
    refs: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # REFERENCES rows by (a, b)

    def write(self, results: list[WriteResult | None], offset: int) -> None:
        self._load_plans()
        counts = [self._replay(r) for r in self.rows]
        shared_edges = self._write()
        for n, (doc, r) in enumerate(zip(self.docs, self.rows)):
            nodes, edges = counts[n]
            results[offset + n] = WriteResult(doc.source, r.plan_id, "loaded", nodes, edges + shared_edges[n])

    # -- the plan table ----------------------------------------------------------
    def _load_plans(self) -> None:
        ids = {r.plan_id for r in self.rows} | {c["id"] for r in self.rows for c in r.citations}
        numbers = {r.nodes["Plan"][0]["doc_number"] for r in self.rows}
        numbers |= {c["doc_number"] for r in self.rows for c in r.citations}
        keys = {r.nodes["Plan"][0]["title_key"] for r in self.rows}
        for statement, wanted in ((PLANS_BY_ID, ids), (PLANS_BY_NUMBER, numbers), (STUBS_BY_TITLE, keys)):
            for row in _fetch(self.tx, statement, wanted):
                self.plans[row["id"]] = row
        self.stored = set(self.plans)

    def _find(self, prop: str, value: Any, exclude: str, stubs_only: bool) -> list[str]:
        return sorted(pid for pid, p in self.plans.items()
                      if p[prop] == value and pid != exclude and not (stubs_only and p["source"] is not None))

    def _replay(self, r: DocumentRows) -> tuple[int, int]:
        """One document's effect on the plan table, in :func:`graph.writer.write_rows`'s order."""
        plan = r.nodes["Plan"][0]
        citations = []
        for c in r.citations:  # a 文号 the store already knows points at that plan
            target = c["id"]
            if c["doc_number"]:
                hits = self._find("doc_number", c["doc_number"], r.plan_id, stubs_only=False)
                target = hits[0] if hits else target
            if target != r.plan_id:
                citations.append({**c, "id": target})
        self.plans[r.plan_id] = dict(plan)
        stubs = self._find("title_key", plan["title_key"], r.plan_id, stubs_only=True) if plan["title_key"] else []
        if plan["doc_number"]:
            stubs += self._find("doc_number", plan["doc_number"], r.plan_id, stubs_only=True)
        for stub in dict.fromkeys(stubs):  # adopted: citations of the stub now point at this plan
            del self.plans[stub]
            if stub in self.stored and stub not in self.dropped:
                self.dropped.add(stub)
                self.adopted[stub] = r.plan_id
            for (a, b), ref in list(self.refs.items()):
                if b == stub:
                    del self.refs[(a, b)]
                    self.refs[(a, r.plan_id)] = {**ref, "b": r.plan_id}
        by_id: dict[str, dict[str, Any]] = {}
        for c in citations:  # the first citation's values win, later ones fill gaps
            stub = by_id.setdefault(c["id"], {"title": None, "title_key": None, "doc_number": None})
            for k in ("title", "title_key", "doc_number"):
                stub[k] = stub[k] if stub[k] is not None else c[k]
        for pid, c in by_id.items():
            known = self.plans.get(pid)
            if known is None:
                self.plans[pid] = {p: None for p in PLAN_PROPS} | {"id": pid,
                                                                    "name": _coalesce(c["title"], c["doc_number"]), **c}
            else:
                known["name"] = _coalesce(known["name"], c["title"], c["doc_number"])
                for k in ("title", "title_key", "doc_number"):
                    known[k] = _coalesce(known[k], c[k])
        own = {}
        for c in citations:
            own[(r.plan_id, c["id"])] = {"a": r.plan_id, "b": c["id"], **{k: c[k] for k in (
                "title", "doc_number", "source", "start", "end", "quote")}}
        self.refs.update(own)
        nodes = sum(len(_last_per_key(items, "id")) for items in r.nodes.values())
        edges = len(own)
        for (rel, a, b), items in r.edges.items():
            if not _is_shared_edge(a, b):
                edges += len([e for e in _last_per_key(items, "a", "b") if not (a == b and e["a"] == e["b"])])
        return nodes, edges

    # -- writing -----------------------------------------------------------------
    def _write(self) -> list[int]:
        """Send the run's rows; returns, per document, the shared edges it was first to state."""
        tx = self.tx
        moved = []
        for stub, pid in self.adopted.items():
            for ref in tx.run(_Q.refs_into, {"id": stub}):
                moved.append({**ref, "b": pid})
        for chunk in batched(sorted(self.dropped)):
            tx.run(DROP_PLANS, {"keys": chunk})
        plans = list(self.plans.values())
        _put_nodes(tx, "Plan", plans, self.stored - self.dropped)
        for label in NODES:
            if label == "Plan":
                continue
            items = [n for r in self.rows for n in _last_per_key(r.nodes.get(label, []), "id")]
            if not items:
                continue
            if label in SHARED:  # the lists are joined with the stored ones in the store, never read back
                items = fold_shared(items, _union_lists(label))
                existing = _existing_ids(tx, label, [n["id"] for n in items])
                union = union_shared_statement if getattr(tx, "dialect", None) == "ladybug" else \
                    union_shared_statement_neo4j
                send_rows(tx, union, [n for n in items if n["id"] in existing], label)
                send_rows(tx, create_nodes_statement, [n for n in items if n["id"] not in existing], label)
            else:
                _put_nodes(tx, label, items, set())
        firsts = [0] * len(self.rows)
        for key in dict.fromkeys(k for r in self.rows for k in r.edges):
            rel, a, b = key
            if _is_shared_edge(a, b):  # the first document to state it creates it; later ones find it
                first: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
                for n, r in enumerate(self.rows):
                    for e in _last_per_key(r.edges.get(key, []), "a", "b"):
                        if e["a"] != e["b"]:
                            first.setdefault((e["a"], e["b"]), (n, e))
                have = _existing_edges(tx, rel, a, b, [e for _, e in first.values()])
                items = []
                for pair, (n, e) in first.items():
                    if pair not in have:
                        items.append(e)
                        firsts[n] += 1
            else:
                items = [e for r in self.rows for e in _last_per_key(r.edges.get(key, []), "a", "b")
                         if not (a == b and e["a"] == e["b"])]
            send_rows(tx, create_edges_statement, items, rel, a, b)
        send_rows(tx, create_edges_statement, list(self.refs.values()), "REFERENCES", "Plan", "Plan")
        send_rows(tx, merge_edges_statement, moved, "REFERENCES", "Plan", "Plan")
        return firsts


def _coalesce(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)
