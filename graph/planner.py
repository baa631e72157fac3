"""The write planner: stored state and parsed documents in, named statements and their rows out.

Nothing here touches a database. :func:`wanted` names what the planner must know
about the store for a batch (plans by id, 文号 and title key; the ids of the tasks,
goals and shared entities the documents carry; the files being replaced);
:class:`StoredState` holds the answers; :func:`plan_writes` and
:func:`plan_removal` replay, in memory, what removing and writing does to that
part of the store, and return the :class:`Step` list that does it with a few
statements per batch:

* files the store held before the batch whose bytes changed (or all, with
  ``force``) are removed first, together: one statement per label and type;
* then the documents are written in order, in one *run* where they can be: their
  rows sent together, one statement per label and relationship type. A file
  named twice in the batch (its second copy is a reload of the first) and an id
  another file holds (two files with one task id, written with MERGE) are
  written on their own, ending the run before them.

Decisions that used to be asked of the store one document at a time are taken
here, once: a citation's 文号 resolving to a loaded plan, a cited-plan stub a
loaded plan adopts (its citations move to the plan), stub names (the first
citation's values win, later ones fill gaps), two files with one title (the
second gets ids of its own), which shared nodes and shared edges exist, and which
shared nodes a removed file was the last user of. Shared lists (``sources``,
``aliases``) are joined inside the store and never read back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Iterable, Mapping

from policykg.graph import write_statements as ws
from policykg.graph.rows import DocumentRows, EdgeKey, document_rows
from policykg.graph.schema import DOCUMENT_OWNED, NODES, RELATIONSHIPS, SHARED
from policykg.loaders.records import ParsedDocument

PLAN_PROPS = list(NODES["Plan"].all_properties)
REF_PROPS = list(RELATIONSHIPS["REFERENCES"].properties)
REFERENCES: EdgeKey = ("REFERENCES", "Plan", "Plan")
Node = tuple[str, str]  # (label, id)
Pair = tuple[str, str, str, str, str]  # (type, from label, to label, from id, to id)


@dataclass(frozen=True)
class WriteResult:
    source: str
    plan_id: str
    status: str  # "loaded" | "unchanged"
    nodes: int = 0
    edges: int = 0


@dataclass(frozen=True)
class Step:
    """One statement and the rows it runs over."""

    statement: ws.RowStatement
    rows: tuple[dict[str, Any], ...]

    @property
    def name(self) -> str:
        return self.statement.name


@dataclass(frozen=True)
class Wanted:
    """The keys the planner asks the store about (see :func:`graph.writer.read_state`)."""

    sources: frozenset[str]
    plan_ids: frozenset[str]
    numbers: frozenset[str]  # 文号 of the documents and of what they cite
    title_keys: frozenset[str]
    plan_numbers: frozenset[str]  # 文号 of the documents themselves (a stub with one may be adopted)
    owned: Mapping[str, frozenset[str]]  # label -> task / goal ids
    shared: Mapping[str, frozenset[str]]  # label -> shared entity ids
    pairs: Mapping[EdgeKey, frozenset[tuple[str, str]]]  # shared edge type -> (a, b) ids


@dataclass(frozen=True)
class StoredState:
    """What the store holds that a batch touches; everything else the planner never needs.

    ``plans``: every property of the plans asked for (by id, 文号, stub title key, file).
    ``refs``: REFERENCES edges into the stubs a document may adopt (same title key or 文号)
    and into the plans a removed file loaded or cited (``a``, ``b`` and their properties).
    ``owned``: task and goal ids the store holds, with their file. ``shared``: shared
    entities the store holds, with how many files use each; ``members``: which of the
    batch's stored files use which. ``pairs``: shared edges (PART_OF, LOCATED_IN) that
    exist, with the file that stated them where it is one of the batch's.
    """

    plans: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    refs: tuple[Mapping[str, Any], ...] = ()
    owned: Mapping[Node, str | None] = field(default_factory=dict)
    shared: Mapping[Node, int] = field(default_factory=dict)
    members: frozenset[tuple[str, str, str]] = frozenset()  # (label, id, source)
    pairs: Mapping[Pair, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class WritePlan:
    steps: tuple[Step, ...]
    results: tuple[WriteResult, ...]


def is_shared_edge(a_label: str, b_label: str) -> bool:
    """PART_OF / LOCATED_IN between shared entities belong to no single document's nodes."""
    return a_label in SHARED and b_label in SHARED


def last_per_key(items: Iterable[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    """One row per key, the last one winning: what MERGE then SET would leave behind."""
    key = itemgetter(*keys)
    return list({key(item): item for item in items}.values())


def fold_shared(rows: list[dict[str, Any]], lists: list[str]) -> list[dict[str, Any]]:
    """One row per id, the last one's values winning, its ``lists`` the union of all of them, in order."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        prev = merged.get(row["id"]) or {}
        out = dict(row)
        for p in lists:
            out[p] = list(dict.fromkeys([*(prev.get(p) or []), *(row.get(p) or [])]))
        merged[row["id"]] = out
    return list(merged.values())


def rename(rows: DocumentRows, suffix: str) -> None:
    """Give the plan and everything only it owns (tasks, goals) ids of their own."""
    renamed = {rows.plan_id: rows.plan_id + suffix}
    for label in ("Plan", *DOCUMENT_OWNED):
        for node in rows.nodes.get(label, ()):
            renamed[node["id"]] = node["id"] + suffix
            node["id"] = renamed[node["id"]]
    rows.plan_id = renamed[rows.plan_id]
    for items in rows.edges.values():
        for item in items:
            item["a"] = renamed.get(item["a"], item["a"])
            item["b"] = renamed.get(item["b"], item["b"])


def wanted(docs: list[ParsedDocument], removed: Iterable[str] = (), rows: list[DocumentRows] | None = None) -> Wanted:
    """What the store must be asked before planning ``docs`` (and removing the files ``removed``)."""
    rows = rows if rows is not None else [document_rows(d) for d in docs]
    suffixes = [f"~{d.source}" for d in docs]
    owned: dict[str, set[str]] = {label: set() for label in DOCUMENT_OWNED}
    shared: dict[str, set[str]] = {label: set() for label in SHARED}
    pairs: dict[EdgeKey, set[tuple[str, str]]] = {}
    plan_ids, numbers, keys, own_numbers = set(), set(), set(), set()
    for r, suffix in zip(rows, suffixes):
        plan = r.nodes["Plan"][0]
        plan_ids |= {r.plan_id, r.plan_id + suffix}
        numbers.add(plan["doc_number"])
        own_numbers.add(plan["doc_number"])
        keys.add(plan["title_key"])
        for c in r.citations:
            plan_ids.add(c["id"])
            numbers.add(c["doc_number"])
        for label in DOCUMENT_OWNED:
            for n in r.nodes.get(label, ()):
                owned[label] |= {n["id"], n["id"] + suffix}
        for label in SHARED:
            shared[label] |= {n["id"] for n in r.nodes.get(label, ())}
        for (rel, a, b), items in r.edges.items():
            if is_shared_edge(a, b):
                pairs.setdefault((rel, a, b), set()).update((e["a"], e["b"]) for e in items)
    clean = lambda values: frozenset(v for v in values if v)  # noqa: E731
    return Wanted(frozenset({d.source for d in docs} | set(removed)), clean(plan_ids), clean(numbers), clean(keys),
                  clean(own_numbers),
                  {k: frozenset(v) for k, v in owned.items()}, {k: frozenset(v) for k, v in shared.items()},
                  {k: frozenset(v) for k, v in pairs.items()})


def plan_writes(state: StoredState, docs: list[ParsedDocument], force: bool = False,
                rows: list[DocumentRows] | None = None) -> WritePlan:
    """The steps that write ``docs`` in order, and each one's result (``rows``: their rows, if already built).

    Files stored before the batch whose bytes changed are removed first, all together; so
    the store ends as after removing those, then writing each document in turn.
    """
    rows = rows if rows is not None else [document_rows(d) for d in docs]
    planner = _Planner(state)
    results: list[WriteResult | None] = [None] * len(docs)
    # Files stored before the batch whose bytes changed: their old copies are removed first, all
    # together (a few statements for the whole batch rather than some thirty per file); then every
    # document is written in order, in one run where it can be.
    stale: dict[str, None] = {}
    firsts: set[str] = set()
    for n, doc in enumerate(docs):
        previous = planner.loaded(doc.source)
        if doc.source in firsts or previous is None:
            firsts.add(doc.source)
            continue
        firsts.add(doc.source)
        if not force and previous["sha256"] == doc.sha256 and previous["id"] == rows[n].plan_id:
            results[n] = WriteResult(doc.source, previous["id"], "unchanged")
        else:
            stale[doc.source] = None
    seen: set[str] = set()
    if stale:
        planner.remove(list(stale))
    for n, doc in enumerate(docs):
        if results[n] is None or doc.source in seen:
            results[n] = planner.write(doc, rows[n], force)
        seen.add(doc.source)
    planner.flush()
    return WritePlan(tuple(planner.steps), tuple(results))  # type: ignore[arg-type]


def plan_removal(state: StoredState, sources: Iterable[str]) -> tuple[Step, ...]:
    """The steps that forget the files ``sources`` (a plan others cite stays as a cited stub)."""
    planner = _Planner(state)
    planner.remove(list(dict.fromkeys(sources)))
    return tuple(planner.steps)


def copy_rows(rows: DocumentRows) -> DocumentRows:
    """A copy to rename ids in (the rows' dicts are copied, their values shared)."""
    out = DocumentRows(plan_id=rows.plan_id, source=rows.source, citations=rows.citations)
    for label, items in rows.nodes.items():
        out.nodes[label] = [dict(i) for i in items]
    for key, items in rows.edges.items():
        out.edges[key] = [dict(i) for i in items]
    return out


def _coalesce(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


class _Planner:
    """The touched part of the store, replayed in memory; steps are emitted run by run."""

    def __init__(self, state: StoredState) -> None:
        self.plans: dict[str, dict[str, Any]] = {k: dict(v) for k, v in state.plans.items()}
        self.plans_stored: set[str] = set(self.plans)
        self.refs: dict[tuple[str, str], dict[str, Any]] = {(r["a"], r["b"]): dict(r) for r in state.refs}
        self.refs_status: dict[tuple[str, str], str] = {k: "stored" for k in self.refs}  # stored | new | moved
        self.owned: dict[Node, str | None] = dict(state.owned)
        self.users: dict[Node, int] = dict(state.shared)
        self.members: set[tuple[str, str, str]] = set(state.members)
        self.pairs: dict[Pair, str | None] = dict(state.pairs)
        self.steps: list[Step] = []
        self._run: _Run | None = None

    # -- output -----------------------------------------------------------------
    def emit(self, statement: ws.RowStatement, rows: Iterable[dict[str, Any]]) -> None:
        rows = tuple(rows)
        if rows:
            self.steps.append(Step(statement, rows))

    def flush(self) -> None:
        if self._run is not None:
            self._run.emit()
            self._run = None

    # -- one document ---------------------------------------------------------------
    def loaded(self, source: str) -> dict[str, Any] | None:
        return next((p for p in self.plans.values() if p["source"] == source), None)

    def write(self, doc: ParsedDocument, rows: DocumentRows, force: bool) -> WriteResult:
        previous = self.loaded(doc.source)
        if not force and previous and previous["sha256"] == doc.sha256 and previous["id"] == rows.plan_id:
            return WriteResult(doc.source, rows.plan_id, "unchanged")
        held = self.plans.get(rows.plan_id)
        if held and held["source"] not in (None, doc.source):
            rows = copy_rows(rows)  # the caller's rows stay as they were
            rename(rows, f"~{doc.source}")  # two files with one title: kept apart rather than overwritten
        mine = {(label, n["id"]) for label in DOCUMENT_OWNED for n in rows.nodes.get(label, ())}
        if previous:
            self.flush()
            self.remove([doc.source])
        clash = any(node in self.owned for node in mine)  # another file holds one of its task or goal ids
        if previous or clash:  # alone: what it writes depends on steps sent just before it
            self.flush()
            run = _Run(self, merge=clash)
            counts = run.add(rows)
            run.emit()
        else:
            if self._run is None:
                self._run = _Run(self, merge=False)
            counts = self._run.add(rows)
        return WriteResult(doc.source, rows.plan_id, "loaded", *counts)

    def remove(self, sources: list[str]) -> None:
        """Forget ``sources``: their edges, tasks and goals; their plans (stubs while cited); their use of shared
        nodes. One statement per label and type for all of them."""
        self.flush()
        gone_files = set(sources)
        every = [{"source": s} for s in sources]
        for rel in RELATIONSHIPS.values():
            for a, b in rel.pairs:
                self.emit(ws.delete_edges(rel.type, a, b), every)
        for label in DOCUMENT_OWNED:
            self.emit(ws.delete_owned(label), every)
        cited = [b for (_, b), ref in self.refs.items() if ref["source"] in gone_files]
        for key in [k for k, ref in self.refs.items() if ref["source"] in gone_files]:
            del self.refs[key], self.refs_status[key]
        for pair in [p for p, s in self.pairs.items() if s in gone_files]:
            del self.pairs[pair]
        for node in [n for n, s in self.owned.items() if s in gone_files]:
            del self.owned[node]
        cited += [pid for pid, p in self.plans.items() if p["source"] in gone_files]
        demote, drop = [], []
        for pid in dict.fromkeys(cited):
            plan = self.plans.get(pid)
            if plan is None or (plan["source"] is not None and plan["source"] not in gone_files):
                continue  # loaded from another file
            if any(b == pid for _, b in self.refs):
                plan.update(source=None, sha256=None, start=None, end=None, quote=None, issuers=None)
                demote.append({"id": pid})
            else:
                del self.plans[pid]
                self.plans_stored.discard(pid)
                for key in [k for k in self.refs if k[0] == pid]:
                    del self.refs[key], self.refs_status[key]
                drop.append({"id": pid})
        self.emit(ws.demote_plans(), demote)
        self.emit(ws.drop_nodes("Plan"), drop)
        for label in SHARED:
            leaving: dict[str, list[str]] = {}
            for member in sorted(m for m in self.members if m[0] == label and m[2] in gone_files):
                self.members.discard(member)
                leaving.setdefault(member[1], []).append(member[2])
            strip, gone = [], []
            for node_id, files in leaving.items():
                node = (label, node_id)
                self.users[node] -= len(files)
                if self.users[node] > 0:
                    strip.append({"id": node_id, "sources": files})
                    continue
                del self.users[node]
                gone.append({"id": node_id})
                for pair in [p for p in self.pairs if (p[1], p[3]) == node or (p[2], p[4]) == node]:
                    del self.pairs[pair]
            self.emit(ws.strip_source(label), strip)
            self.emit(ws.drop_nodes(label), gone)


class _Run:
    """Documents written together: the plan table replayed document by document, rows sent at the end."""

    def __init__(self, planner: _Planner, merge: bool) -> None:
        self.p = planner
        self.merge = merge
        self.dirty: dict[str, None] = {}  # plans to write
        self.dropped: list[str] = []  # stored stubs adopted: deleted before anything is written
        self.nodes: dict[str, list[dict[str, Any]]] = {}
        self.edges: dict[EdgeKey, list[dict[str, Any]]] = {}
        self.shared_before = {node for node in planner.users}  # shared nodes stored when the run began

    def _find(self, prop: str, value: Any, exclude: str, stubs_only: bool) -> list[str]:
        return sorted(pid for pid, p in self.p.plans.items()
                      if p[prop] == value and pid != exclude and not (stubs_only and p["source"] is not None))

    def add(self, r: DocumentRows) -> tuple[int, int]:
        """Replay one document; returns its (nodes, edges) counts."""
        p = self.p
        plan = r.nodes["Plan"][0]
        citations = []
        for c in r.citations:  # a 文号 the store already knows points at that plan
            target = c["id"]
            if c["doc_number"]:
                hits = self._find("doc_number", c["doc_number"], r.plan_id, stubs_only=False)
                target = hits[0] if hits else target
            if target != r.plan_id:  # a document never cites itself
                citations.append({**c, "id": target})
        p.plans[r.plan_id] = dict(plan)
        self.dirty[r.plan_id] = None
        # An empty title key (a title of brackets only) is also every stub cited by 文号 alone: no match.
        stubs = self._find("title_key", plan["title_key"], r.plan_id, stubs_only=True) if plan["title_key"] else []
        if plan["doc_number"]:
            stubs += self._find("doc_number", plan["doc_number"], r.plan_id, stubs_only=True)
        for stub in dict.fromkeys(stubs):  # adopted: the stub's citations now point at this plan
            del p.plans[stub]
            self.dirty.pop(stub, None)
            if stub in p.plans_stored:
                p.plans_stored.discard(stub)
                self.dropped.append(stub)
            for key in [k for k in p.refs if k[1] == stub]:
                ref, status = p.refs.pop(key), p.refs_status.pop(key)
                moved = (key[0], r.plan_id)
                p.refs[moved] = {**ref, "b": r.plan_id}
                p.refs_status[moved] = "new" if status == "new" and p.refs_status.get(moved) in (None, "new") \
                    else "moved"
        by_id: dict[str, dict[str, Any]] = {}
        for c in citations:  # the first citation's values win, later ones fill gaps
            stub = by_id.setdefault(c["id"], {"title": None, "title_key": None, "doc_number": None})
            for k in ("title", "title_key", "doc_number"):
                stub[k] = stub[k] if stub[k] is not None else c[k]
        for pid, c in by_id.items():
            known = p.plans.get(pid)
            if known is None:
                p.plans[pid] = {k: None for k in PLAN_PROPS} | {"id": pid, "name": _coalesce(c["title"], c["doc_number"]),
                                                                 **c}
            else:
                known["name"] = _coalesce(known["name"], c["title"], c["doc_number"])
                for k in ("title", "title_key", "doc_number"):
                    known[k] = _coalesce(known[k], c[k])
            self.dirty[pid] = None
        for c in citations:
            key = (r.plan_id, c["id"])
            p.refs[key] = {"a": r.plan_id, "b": c["id"], **{k: c[k] for k in REF_PROPS}}
            p.refs_status[key] = "new" if p.refs_status.get(key) in (None, "new") else "moved"
        nodes = 0
        for label, items in r.nodes.items():
            items = last_per_key(items, "id")
            nodes += len(items)
            if label == "Plan":
                continue
            self.nodes.setdefault(label, []).extend(items)
            for n in items:
                node = (label, n["id"])
                if label in SHARED:
                    if (label, n["id"], r.source) not in p.members:
                        p.members.add((label, n["id"], r.source))
                        p.users[node] = p.users.get(node, 0) + 1
                else:
                    p.owned[node] = r.source
        edges = len(dict.fromkeys((r.plan_id, c["id"]) for c in citations))
        for key, items in r.edges.items():
            rel, a, b = key
            items = [e for e in last_per_key(items, "a", "b") if not (a == b and e["a"] == e["b"])]
            if is_shared_edge(a, b):  # the first document to state it creates it; later ones find it
                items = [e for e in items if (rel, a, b, e["a"], e["b"]) not in p.pairs]
                for e in items:
                    p.pairs[(rel, a, b, e["a"], e["b"])] = r.source
            edges += len(items)
            self.edges.setdefault(key, []).extend(items)
        return nodes, edges

    # -- steps ------------------------------------------------------------------------
    def emit(self) -> None:
        p = self.p
        p.emit(ws.drop_nodes("Plan"), [{"id": pid} for pid in self.dropped])
        plans = [p.plans[pid] for pid in self.dirty if pid in p.plans]
        p.emit(ws.update_nodes("Plan"), [row for row in plans if row["id"] in p.plans_stored])
        p.emit(ws.create_nodes("Plan"), [row for row in plans if row["id"] not in p.plans_stored])
        p.plans_stored |= {row["id"] for row in plans}
        for label in NODES:
            items = self.nodes.get(label)
            if label == "Plan" or not items:
                continue
            if label in SHARED:  # the lists are joined with the stored ones in the store, never read back
                items = fold_shared(items, ws.union_lists(label))
                stored = {i for (lab, i) in self.shared_before if lab == label}
                p.emit(ws.union_shared(label), [n for n in items if n["id"] in stored])
                p.emit(ws.create_nodes(label), [n for n in items if n["id"] not in stored])
            elif self.merge:
                p.emit(ws.merge_nodes(label), last_per_key(items, "id"))
            else:
                p.emit(ws.create_nodes(label), items)
        for key, items in self.edges.items():
            rel, a, b = key
            if self.merge and not is_shared_edge(a, b):
                p.emit(ws.merge_edges(*key), last_per_key(items, "a", "b"))
                continue
            p.emit(ws.create_edges(*key), items)
        new = [ref for key, ref in p.refs.items() if p.refs_status[key] == "new" and key[0] != key[1]]
        moved = [ref for key, ref in p.refs.items() if p.refs_status[key] == "moved" and key[0] != key[1]]
        p.emit(ws.create_edges(*REFERENCES), new)
        p.emit(ws.merge_edges(*REFERENCES), moved)
        for key in p.refs_status:
            p.refs_status[key] = "stored"
