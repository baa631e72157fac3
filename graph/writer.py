"""Write one document's rows into a store, replacing what it contributed before.

Everything for one document happens in one transaction: the document's old
facts (edges and nodes whose ``source`` is the file) are removed, then nodes and
edges are merged with batched ``UNWIND $rows … MERGE`` on ``id``. So reloading an
unchanged file changes nothing, an edited file leaves no stale facts, and a
department shared with another plan survives. A failure rolls the whole
document back; what was stored before is untouched.

Cypher here is assembled only from schema names (an allow-list) — every value
travels as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Callable

from policykg.errors import InputError
from policykg.graph.packed_rows import run_rows
from policykg.graph.rows import DocumentRows, document_rows
from policykg.graph.schema import DOCUMENT_OWNED, NODES, RELATIONSHIPS, SHARED
from policykg.graph.store import Runner, Store, batched
from policykg.loaders.records import ParsedDocument


@dataclass(frozen=True)
class WriteResult:
    source: str
    plan_id: str
    status: str  # "loaded" | "unchanged"
    nodes: int = 0
    edges: int = 0


_ID = {"id": "STRING"}


def _q(name: str) -> str:
    """Backtick a schema property name (``end`` is a keyword in LadybugDB)."""
    return f"`{name}`"


def _set_clause(var: str, props: list[str], nulls: frozenset[str] = frozenset()) -> str:
    # A column that is null in every row of a batch is written as a NULL literal:
    # LadybugDB would otherwise type it STRING and refuse it for an INT64 property.
    return ", ".join(f"{var}.{_q(p)} = {'NULL' if p in nulls else f'r.{_q(p)}'}" for p in props)


def _props_map(props: list[str], nulls: frozenset[str] = frozenset()) -> str:
    # Properties given inside CREATE: LadybugDB sets them with the record, several times
    # faster than a SET per property afterwards (which dominated writing large documents).
    return ", ".join(f"{_q(p)}: {'NULL' if p in nulls else f'r.{_q(p)}'}" for p in props)


def null_columns(rows: list[dict[str, Any]]) -> frozenset[str]:
    keys = rows[0].keys() if rows else ()
    return frozenset(k for k in keys if all(row.get(k) is None for row in rows))


def row_columns(*args: str) -> dict[str, str]:
    """The keys (and types) of the rows a builder takes: ``(label)`` → node rows, ``(type, a, b)`` → edge rows."""
    if len(args) == 1:
        return dict(NODES[args[0]].all_properties)
    return {"a": "STRING", "b": "STRING", **RELATIONSHIPS[args[0]].properties}


def send_rows(tx: Runner, statement: Callable[..., str], rows: list[dict[str, Any]], *args: str) -> None:
    """Send ``rows`` in batches through ``statement(*args, nulls=...)`` (one of the builders here)."""
    columns = row_columns(*args)
    for chunk in batched(rows):
        run_rows(tx, statement(*args, nulls=null_columns(chunk)), chunk, columns)


def merge_nodes_statement(label: str, nulls: frozenset[str] = frozenset()) -> str:
    props = [p for p in NODES[label].all_properties if p != "id"]
    return f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET {_set_clause('n', props, nulls)}"


def create_nodes_statement(label: str, nulls: frozenset[str] = frozenset()) -> str:
    props = [p for p in NODES[label].all_properties if p != "id"]
    return f"UNWIND $rows AS r CREATE (n:{label} {{id: r.id, {_props_map(props, nulls)}}})"


def update_nodes_statement(label: str, nulls: frozenset[str] = frozenset()) -> str:
    props = [p for p in NODES[label].all_properties if p != "id"]
    return f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) SET {_set_clause('n', props, nulls)}"


def _union_lists(label: str) -> list[str]:
    return [p for p in ("sources", "aliases") if p in NODES[label].properties]


def union_shared_statement(label: str, nulls: frozenset[str] = frozenset(), dialect: str = "ladybug") -> str:
    """Update shared nodes by key; their lists (sources, aliases) gain the row's new items, in order.

    The union happens in the store, so the lists (a place's sources grow with every
    document that mentions it) are never read back into Python.
    """
    lists = _union_lists(label)
    props = [p for p in NODES[label].all_properties if p != "id" and p not in lists]
    sets = [_set_clause("n", props, nulls)]
    for p in lists:
        if p in nulls:
            continue  # nothing to add
        have = f"coalesce(n.{_q(p)}, CAST([] AS STRING[]))" if dialect == "ladybug" else f"coalesce(n.{_q(p)}, [])"
        if dialect == "ladybug":
            sets.append(f"n.{_q(p)} = list_concat({have}, list_filter(r.{_q(p)}, x -> NOT list_contains({have}, x)))")
        else:
            sets.append(f"n.{_q(p)} = {have} + [x IN r.{_q(p)} WHERE NOT x IN {have}]")
    return f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) SET {', '.join(sets)}"


def union_shared_statement_neo4j(label: str, nulls: frozenset[str] = frozenset()) -> str:
    return union_shared_statement(label, nulls, dialect="neo4j")


def create_edges_statement(rel: str, a_label: str, b_label: str, nulls: frozenset[str] = frozenset()) -> str:
    props = list(RELATIONSHIPS[rel].properties)
    return (
        f"UNWIND $rows AS r MATCH (a:{a_label} {{id: r.a}}) MATCH (b:{b_label} {{id: r.b}}) "
        f"CREATE (a)-[e:{rel} {{{_props_map(props, nulls)}}}]->(b)"
    )


def merge_edges_statement(rel: str, a_label: str, b_label: str, nulls: frozenset[str] = frozenset()) -> str:
    props = list(RELATIONSHIPS[rel].properties)
    return (
        f"UNWIND $rows AS r MATCH (a:{a_label} {{id: r.a}}) MATCH (b:{b_label} {{id: r.b}}) "
        f"MERGE (a)-[e:{rel}]->(b) SET {_set_clause('e', props, nulls)}"
    )


def _is_shared_edge(a_label: str, b_label: str) -> bool:
    # PART_OF / LOCATED_IN between shared entities belong to no single document:
    # they go when one of their ends goes.
    return a_label in SHARED and b_label in SHARED


def delete_edges_statement(rel: str, a_label: str, b_label: str) -> str:
    return f"MATCH (:{a_label})-[e:{rel}]->(:{b_label}) WHERE e.source = $source DELETE e"


def statements() -> list[tuple[str, str]]:
    """Every statement the writer can send, named, for the Neo4j parser check."""
    out = [(f"merge {label}", merge_nodes_statement(label)) for label in NODES]
    out += [(f"create {label}", create_nodes_statement(label)) for label in NODES]
    out += [(f"update {label}", update_nodes_statement(label)) for label in NODES]
    out += [(f"union {label}", union_shared_statement_neo4j(label)) for label in SHARED]
    for rel in RELATIONSHIPS.values():
        for a, b in rel.pairs:
            out.append((f"merge {rel.type} {a}->{b}", merge_edges_statement(rel.type, a, b)))
            out.append((f"create {rel.type} {a}->{b}", create_edges_statement(rel.type, a, b)))
            out.append((f"existing {rel.type} {a}->{b}", existing_edges_statement(rel.type, a, b)))
            out.append((f"delete {rel.type} {a}->{b}", delete_edges_statement(rel.type, a, b)))
    out += [(name, q) for name, q in vars(_Q).items() if not name.startswith("_")]
    return out


class _Q:
    """Fixed statements (no schema names interpolated)."""

    loaded_plan = "MATCH (p:Plan) WHERE p.source = $source RETURN p.id AS id, p.sha256 AS sha256"
    loaded_sources = "UNWIND $keys AS k MATCH (p:Plan) WHERE p.source = k RETURN p.source AS source"
    plan_by_id = "MATCH (p:Plan {id: $id}) RETURN p.source AS source"
    cited_targets = (
        "MATCH (p:Plan)-[e:REFERENCES]->(c:Plan) WHERE e.source = $source RETURN DISTINCT c.id AS id"
    )
    incoming_refs = "MATCH (p:Plan)-[e:REFERENCES]->(c:Plan {id: $id}) RETURN count(e) AS n"
    drop_plan = "MATCH (p:Plan {id: $id}) DETACH DELETE p"
    demote_plan = (
        "MATCH (p:Plan {id: $id}) SET p.source = NULL, p.sha256 = NULL, p.`start` = NULL, "
        "p.`end` = NULL, p.quote = NULL, p.issuers = NULL"
    )
    stubs_by_title = (
        "MATCH (p:Plan) WHERE p.id <> $id AND p.source IS NULL AND p.title_key = $key RETURN p.id AS id "
        "ORDER BY p.id"
    )
    stubs_by_number = (
        "MATCH (p:Plan) WHERE p.id <> $id AND p.source IS NULL AND p.doc_number = $key RETURN p.id AS id "
        "ORDER BY p.id"
    )
    refs_into = (
        "MATCH (a:Plan)-[e:REFERENCES]->(c:Plan {id: $id}) RETURN a.id AS a, e.title AS title, "
        "e.doc_number AS doc_number, e.source AS source, e.`start` AS `start`, e.`end` AS `end`, e.quote AS quote"
    )
    plan_by_number = (
        "MATCH (p:Plan) WHERE p.doc_number = $doc_number AND p.id <> $self RETURN p.id AS id "
        "ORDER BY p.id LIMIT 1"
    )
    merge_stub = (
        "UNWIND $rows AS r MERGE (p:Plan {id: r.id}) "
        "SET p.name = coalesce(p.name, r.title, r.doc_number), p.title = coalesce(p.title, r.title), "
        "p.title_key = coalesce(p.title_key, r.title_key), p.doc_number = coalesce(p.doc_number, r.doc_number)"
    )
    update_stub = (
        "UNWIND $rows AS r MATCH (p:Plan {id: r.id}) "
        "SET p.name = coalesce(p.name, r.title, r.doc_number), p.title = coalesce(p.title, r.title), "
        "p.title_key = coalesce(p.title_key, r.title_key), p.doc_number = coalesce(p.doc_number, r.doc_number)"
    )
    create_stub = (
        "UNWIND $rows AS r CREATE (p:Plan {id: r.id, name: coalesce(r.title, r.doc_number), title: r.title, "
        "title_key: r.title_key, doc_number: r.doc_number})"
    )


def _shared_owned(tx: Runner, label: str, source: str) -> list[dict[str, Any]]:
    return tx.run(f"MATCH (n:{label}) WHERE $source IN n.sources RETURN n.id AS id, n.sources AS sources",
                  {"source": source})


def remove_document(tx: Runner, source: str) -> None:
    """Delete everything ``source`` contributed; keep shared nodes others still use."""
    cited = [r["id"] for r in tx.run(_Q.cited_targets, {"source": source})]
    for rel in RELATIONSHIPS.values():
        for a, b in rel.pairs:
            if not _is_shared_edge(a, b):
                tx.run(delete_edges_statement(rel.type, a, b), {"source": source})
    for label in DOCUMENT_OWNED:
        tx.run(f"MATCH (n:{label}) WHERE n.source = $source DETACH DELETE n", {"source": source})
    for row in tx.run(_Q.loaded_plan, {"source": source}):
        cited.append(row["id"])
    for pid in cited:  # plans: demote to a cited stub while others cite them, else drop
        still_cited = tx.run(_Q.incoming_refs, {"id": pid})[0]["n"]
        loaded_elsewhere = tx.run(_Q.plan_by_id, {"id": pid})
        if loaded_elsewhere and loaded_elsewhere[0]["source"] not in (None, source):
            continue
        tx.run(_Q.demote_plan if still_cited else _Q.drop_plan, {"id": pid})
    for label in SHARED:
        keep, drop = [], []
        for row in _shared_owned(tx, label, source):
            rest = [s for s in row["sources"] if s != source]
            (keep if rest else drop).append({"id": row["id"], "sources": rest})
        for chunk in batched(keep):
            tx.run(f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) SET n.sources = r.sources", {"rows": chunk})
        for chunk in batched(drop):
            tx.run(f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) DETACH DELETE n", {"rows": chunk})


def _union_shared(tx: Runner, label: str, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[str]]:
    """Merge list properties (sources, aliases) with what the store already has; also the ids it has."""
    lists = _union_lists(label)
    found: dict[str, dict[str, Any]] = {}
    for chunk in batched([{"id": r["id"]} for r in rows]):
        cols = ", ".join(f"n.{p} AS {p}" for p in lists)
        for row in run_rows(tx, f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) RETURN n.id AS id, {cols}",
                            chunk, _ID):
            found[row["id"]] = row
    return fold_shared(rows, lists, found), set(found)


def fold_shared(rows: list[dict[str, Any]], lists: list[str],
                stored: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One row per id, the last one's values winning, its ``lists`` the union of all of them (after ``stored``'s)."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:  # a document (or a group) may list an entity twice
        prev = merged.get(row["id"]) or (stored or {}).get(row["id"]) or {}
        out = dict(row)
        for p in lists:
            out[p] = list(dict.fromkeys([*(prev.get(p) or []), *(row.get(p) or [])]))
        merged[row["id"]] = out
    return list(merged.values())


def _adopt_stubs(tx: Runner, rows: DocumentRows) -> None:
    """A document cited earlier (same 文号 or title) and now loaded becomes one node."""
    plan = rows.nodes["Plan"][0]
    # Two simple queries rather than one with "$doc_number IS NOT NULL AND …": LadybugDB
    # mis-binds a parameter that is null in that position.
    # An empty title key (a title of brackets only) is also every stub cited by 文号 alone: no match.
    stubs = tx.run(_Q.stubs_by_title, {"id": plan["id"], "key": plan["title_key"]}) if plan["title_key"] else []
    if plan["doc_number"]:
        stubs += tx.run(_Q.stubs_by_number, {"id": plan["id"], "key": plan["doc_number"]})
    # In id order (the group writer's too): when two adopted stubs were cited by one plan, the
    # citation merged last gives the one edge left its quote.
    for stub in {s["id"]: s for s in stubs}.values():
        refs = tx.run(_Q.refs_into, {"id": stub["id"]})
        tx.run(_Q.drop_plan, {"id": stub["id"]})
        for ref in refs:
            ref["b"] = plan["id"]
        send_rows(tx, merge_edges_statement, refs, "REFERENCES", "Plan", "Plan")


def _citation_rows(tx: Runner, rows: DocumentRows) -> list[dict[str, Any]]:
    out = []
    for c in rows.citations:
        target = c["id"]
        if c["doc_number"]:
            hit = tx.run(_Q.plan_by_number, {"doc_number": c["doc_number"], "self": rows.plan_id})
            target = hit[0]["id"] if hit else target
        if target == rows.plan_id:
            continue  # a document never cites itself
        out.append({**c, "id": target})
    return out


def _last_per_key(items: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    """One row per key, the last one winning: what MERGE then SET would leave behind."""
    key = itemgetter(*keys)
    return list({key(item): item for item in items}.values())


def _existing_ids(tx: Runner, label: str, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in batched([{"id": i} for i in ids]):
        found.update(r["id"] for r in run_rows(tx, f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) RETURN n.id AS id",
                                               chunk, _ID))
    return found


def _put_nodes(tx: Runner, label: str, items: list[dict[str, Any]], existing: set[str]) -> None:
    # MERGE in LadybugDB joins against the whole table, so it slows down as the graph grows;
    # nodes known to be new are CREATEd and known ones updated by key instead.
    send_rows(tx, update_nodes_statement, [r for r in items if r["id"] in existing], label)
    send_rows(tx, create_nodes_statement, [r for r in items if r["id"] not in existing], label)


def existing_edges_statement(rel: str, a_label: str, b_label: str) -> str:
    return (f"UNWIND $rows AS r MATCH (a:{a_label} {{id: r.a}})-[:{rel}]->(b:{b_label} {{id: r.b}}) "
            "RETURN a.id AS a, b.id AS b")


def _existing_edges(tx: Runner, rel: str, a_label: str, b_label: str,
                    items: list[dict[str, Any]]) -> set[tuple[str, str]]:
    # MERGE on an edge joins against every edge of its type; asking for the known
    # pairs first and creating the rest stays fast as the graph grows.
    found: set[tuple[str, str]] = set()
    for chunk in batched([{"a": r["a"], "b": r["b"]} for r in items]):
        found.update((r["a"], r["b"]) for r in run_rows(tx, existing_edges_statement(rel, a_label, b_label), chunk,
                                                        {"a": "STRING", "b": "STRING"}))
    return found


def write_rows(tx: Runner, rows: DocumentRows) -> tuple[int, int]:
    """Write one document's rows, after :func:`remove_document` cleared what its source left.

    So its tasks, goals and the edges it states are normally new and are CREATEd;
    the plan and shared entities may exist (as a cited stub, or from another
    document) and are updated by key. When another file already holds one of its
    task or goal ids (two files with one title), everything is MERGEd instead.
    """
    nodes = edges = 0
    citations = _citation_rows(tx, rows)
    clash = any(_existing_ids(tx, label, [r["id"] for r in rows.nodes.get(label, ())]) for label in DOCUMENT_OWNED)
    for label, items in rows.nodes.items():
        items = _last_per_key(items, "id")
        existing: set[str] = set()
        if label in SHARED:
            items, existing = _union_shared(tx, label, items)
        elif label == "Plan":
            existing = _existing_ids(tx, label, [r["id"] for r in items])
        if clash:
            send_rows(tx, merge_nodes_statement, items, label)
        else:
            _put_nodes(tx, label, items, existing)
        nodes += len(items)
    _adopt_stubs(tx, rows)
    # cited plans: MERGE would join against every Plan, so look them up and create the missing ones
    by_id: dict[str, dict[str, Any]] = {}
    for c in citations:  # the first citation's values win, later ones fill gaps (as coalesce did)
        stub = by_id.setdefault(c["id"], {"id": c["id"], "title": None, "title_key": None, "doc_number": None})
        for k in ("title", "title_key", "doc_number"):
            stub[k] = stub[k] if stub[k] is not None else c[k]
    stubs = list(by_id.values())
    known = _existing_ids(tx, "Plan", [c["id"] for c in stubs])
    for statement, part in ((_Q.update_stub, [c for c in stubs if c["id"] in known]),
                            (_Q.create_stub, [c for c in stubs if c["id"] not in known])):
        for chunk in batched(part):
            tx.run(statement, {"rows": chunk})
    ref_rows = [{"a": rows.plan_id, "b": c["id"], **{k: c[k] for k in ("title", "doc_number", "source", "start",
                                                                        "end", "quote")}} for c in citations]
    for (rel, a, b), items in [*rows.edges.items(), (("REFERENCES", "Plan", "Plan"), ref_rows)]:
        items = _last_per_key(items, "a", "b")
        if clash:
            statement = merge_edges_statement
        elif _is_shared_edge(a, b):  # other documents state it too: create only the missing ones
            statement = create_edges_statement
            have = _existing_edges(tx, rel, a, b, items)
            items = [r for r in items if (r["a"], r["b"]) not in have and r["a"] != r["b"]]
        else:  # a self-loop is never stored (LadybugDB's MERGE creates none either)
            statement = create_edges_statement
            items = [r for r in items if not (a == b and r["a"] == r["b"])]
        send_rows(tx, statement, items, rel, a, b)
        edges += len(items)
    return nodes, edges


def write_document(store: Store, doc: ParsedDocument, force: bool = False) -> WriteResult:
    """Replace what ``doc.source`` contributed with ``doc``'s facts, in one transaction.

    Returns status ``"unchanged"`` without writing when the stored copy has the
    same sha256 (unless ``force``).
    """
    with store.transaction() as tx:
        return write_in(tx, doc, force)


def write_in(tx: Runner, doc: ParsedDocument, force: bool = False) -> WriteResult:
    """:func:`write_document` inside a transaction the caller holds (a loader may group documents)."""
    rows = document_rows(doc)
    previous = tx.run(_Q.loaded_plan, {"source": doc.source})
    if not force and previous and previous[0]["sha256"] == doc.sha256 and previous[0]["id"] == rows.plan_id:
        return WriteResult(doc.source, rows.plan_id, "unchanged")
    clash = tx.run(_Q.plan_by_id, {"id": rows.plan_id})
    if clash and clash[0]["source"] not in (None, doc.source):
        # Two files with the same title: keep them apart rather than overwrite.
        _rename_plan(rows, f"~{doc.source}")
    if previous:  # nothing from this source is stored otherwise: each document is written whole
        remove_document(tx, doc.source)
    nodes, edges = write_rows(tx, rows)
    return WriteResult(doc.source, rows.plan_id, "loaded", nodes, edges)


def _rename_plan(rows: DocumentRows, suffix: str) -> None:
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


def remove_source(store: Store, source: str) -> None:
    """Forget a loaded file entirely (its plan stays as a stub while others cite it)."""
    with store.transaction() as tx:
        remove_document(tx, source)


def remove_sources(store: Store, sources: list[str]) -> None:
    """Forget loaded files by their stored names, in one transaction; an unknown name removes nothing."""
    stored = {r["source"] for r in store.run(_Q.loaded_sources, {"keys": list(sources)})}
    missing = [s for s in sources if s not in stored]
    if missing:
        raise InputError(f"{missing[0]}: no loaded document is stored under this name (nothing removed); "
                         "`policykg query plans` lists them in its file column")
    with store.transaction() as tx:
        for source in dict.fromkeys(sources):
            remove_document(tx, source)
