"""Every statement the writer sends, named, in one place (``queries/library`` is the read side).

Two kinds:

* :class:`RowStatement` — one statement over many rows (``UNWIND $rows AS r …``),
  kept in parts (the key lookups, the rest, the row columns and their types) so a
  store can send it as it likes without parsing Cypher back: Neo4j gets the plain
  ``UNWIND`` form; LadybugDB packs the rows into one string (:func:`graph.ladybug_store.packed_call`).
* fixed statements (:data:`FIXED`) with ``$parameters``: the reads the planner's
  stored state comes from, and the removal of a document.

Labels, types and property names come from :mod:`graph.schema` only (an
allow-list); every value travels as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from policykg.graph.schema import DOCUMENT_OWNED, NODES, RELATIONSHIPS, SHARED

Columns = tuple[tuple[str, str], ...]  # (row key, LadybugDB type), in order
# (nulls, dialect) -> the statement after its key lookups; a column null in every row of a batch is
# written as a NULL literal (LadybugDB would otherwise type it STRING and refuse it for an INT64 property).
Body = Callable[[frozenset[str], str], str]


@dataclass(frozen=True)
class RowStatement:
    """``UNWIND $rows AS r [MATCH (v:Label {id: r.key}) …] <body>``, in parts.

    ``lookups`` are ``(variable, label, key column)``; ``packable`` is False for MERGE
    (LadybugDB cannot MERGE on a map rebuilt from a string).
    """

    name: str
    columns: Columns
    body: Body = field(compare=False)
    lookups: tuple[tuple[str, str, str], ...] = ()
    packable: bool = True

    def plain(self, nulls: frozenset[str] = frozenset(), dialect: str = "ladybug") -> str:
        """The statement with rows sent as a list of maps."""
        lookups = "".join(f"MATCH ({var}:{label} {{id: r.{key}}}) " for var, label, key in self.lookups)
        return f"UNWIND $rows AS r {lookups}{self.body(nulls, dialect)}"

    @property
    def column_types(self) -> dict[str, str]:
        return dict(self.columns)


def _q(name: str) -> str:
    """Backtick a schema property name (``end`` is a keyword in LadybugDB)."""
    return f"`{name}`"


def _set_clause(var: str, props: list[str], nulls: frozenset[str] = frozenset()) -> str:
    return ", ".join(f"{var}.{_q(p)} = {'NULL' if p in nulls else f'r.{_q(p)}'}" for p in props)


def _props_map(props: list[str], nulls: frozenset[str] = frozenset()) -> str:
    # Properties given inside CREATE: LadybugDB sets them with the record, several times
    # faster than a SET per property afterwards.
    return ", ".join(f"{_q(p)}: {'NULL' if p in nulls else f'r.{_q(p)}'}" for p in props)


def null_columns(rows: list[dict[str, Any]]) -> frozenset[str]:
    keys = rows[0].keys() if rows else ()
    return frozenset(k for k in keys if all(row.get(k) is None for row in rows))


def node_columns(label: str) -> Columns:
    return tuple(NODES[label].all_properties.items())


def edge_columns(rel: str) -> Columns:
    return (("a", "STRING"), ("b", "STRING"), *RELATIONSHIPS[rel].properties.items())


def _other(label: str) -> list[str]:
    return [p for p in NODES[label].all_properties if p != "id"]


def union_lists(label: str) -> list[str]:
    """The list properties of a shared label that grow with every document (sources, aliases)."""
    return [p for p in ("sources", "aliases") if p in NODES[label].properties]


# -- text builders (also used by exchange/merge.py) -----------------------------
def merge_nodes_statement(label: str, nulls: frozenset[str] = frozenset()) -> str:
    props = _other(label)
    return f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET {_set_clause('n', props, nulls)}"


def merge_edges_statement(rel: str, a_label: str, b_label: str, nulls: frozenset[str] = frozenset()) -> str:
    props = list(RELATIONSHIPS[rel].properties)
    return (
        f"UNWIND $rows AS r MATCH (a:{a_label} {{id: r.a}}) MATCH (b:{b_label} {{id: r.b}}) "
        f"MERGE (a)-[e:{rel}]->(b) SET {_set_clause('e', props, nulls)}"
    )


# -- row statements -----------------------------------------------------------------
@lru_cache(maxsize=None)
def create_nodes(label: str) -> RowStatement:
    """New nodes, every property given (the planner knows the ids are free).

    Not bulk-loaded with ``COPY T FROM (UNWIND …)``: in LadybugDB 0.22 that is 5x faster
    for edges but crashes the process (SIGSEGV) once nodes or edges of the store were
    deleted (any reload or removal), so every store gets statements.
    """
    props = _other(label)
    return RowStatement(f"create {label}", node_columns(label),
                        lambda nulls, _d: f"CREATE (n:{label} {{id: r.id, {_props_map(props, nulls)}}})")


@lru_cache(maxsize=None)
def update_nodes(label: str) -> RowStatement:
    """Stored nodes, every property but the key set from the row."""
    props = _other(label)
    return RowStatement(f"update {label}", node_columns(label),
                        lambda nulls, _d: f"SET {_set_clause('n', props, nulls)}", lookups=(("n", label, "id"),))


@lru_cache(maxsize=None)
def merge_nodes(label: str) -> RowStatement:
    """Nodes whose ids another file may hold (two files, one task id): MERGE, then SET."""
    props = _other(label)
    return RowStatement(f"merge {label}", node_columns(label),
                        lambda nulls, _d: f"MERGE (n:{label} {{id: r.id}}) SET {_set_clause('n', props, nulls)}",
                        packable=False)


def _union_body(label: str) -> Body:
    lists = union_lists(label)
    props = [p for p in _other(label) if p not in lists]

    def body(nulls: frozenset[str], dialect: str) -> str:
        sets = [_set_clause("n", props, nulls)]
        for p in lists:
            if p in nulls:
                continue  # nothing to add
            if dialect == "ladybug":
                have = f"coalesce(n.{_q(p)}, CAST([] AS STRING[]))"
                sets.append(f"n.{_q(p)} = list_concat({have}, list_filter(r.{_q(p)}, x -> NOT list_contains({have}, x)))")
            else:
                have = f"coalesce(n.{_q(p)}, [])"
                sets.append(f"n.{_q(p)} = {have} + [x IN r.{_q(p)} WHERE NOT x IN {have}]")
        return f"SET {', '.join(sets)}"

    return body


@lru_cache(maxsize=None)
def union_shared(label: str) -> RowStatement:
    """Stored shared nodes: their lists (sources, aliases) gain the row's new items, in order, in the store.

    The lists (a place's sources grow with every document that mentions it) are never read back.
    """
    return RowStatement(f"union {label}", node_columns(label), _union_body(label), lookups=(("n", label, "id"),))


@lru_cache(maxsize=None)
def strip_source(label: str) -> RowStatement:
    """Shared nodes another file still uses: the removed files (``r.sources``) leave their ``sources``."""
    def body(_nulls: frozenset[str], dialect: str) -> str:
        if dialect == "ladybug":
            return "SET n.sources = list_filter(n.sources, x -> NOT list_contains(r.sources, x))"
        return "SET n.sources = [x IN n.sources WHERE NOT x IN r.sources]"

    return RowStatement(f"strip sources {label}", (("id", "STRING"), ("sources", "STRING[]")), body,
                        lookups=(("n", label, "id"),))


@lru_cache(maxsize=None)
def drop_nodes(label: str) -> RowStatement:
    """Nodes no document uses any more, with every edge they have."""
    return RowStatement(f"drop {label}", (("id", "STRING"),), lambda _n, _d: "DETACH DELETE n",
                        lookups=(("n", label, "id"),))


@lru_cache(maxsize=None)
def demote_plans() -> RowStatement:
    """A plan whose file is removed while others still cite it becomes a cited stub."""
    return RowStatement("demote Plan", (("id", "STRING"),),
                        lambda _n, _d: ("SET n.source = NULL, n.sha256 = NULL, n.`start` = NULL, n.`end` = NULL, "
                                        "n.quote = NULL, n.issuers = NULL"), lookups=(("n", "Plan", "id"),))


@lru_cache(maxsize=None)
def create_edges(rel: str, a_label: str, b_label: str) -> RowStatement:
    """New edges; a row whose end is missing creates nothing."""
    props = list(RELATIONSHIPS[rel].properties)
    return RowStatement(f"create {rel} {a_label}->{b_label}", edge_columns(rel),
                        lambda nulls, _d: f"CREATE (a)-[e:{rel} {{{_props_map(props, nulls)}}}]->(b)",
                        lookups=(("a", a_label, "a"), ("b", b_label, "b")))


@lru_cache(maxsize=None)
def merge_edges(rel: str, a_label: str, b_label: str) -> RowStatement:
    """Edges that may exist (a citation moved from an adopted stub): MERGE, then SET."""
    props = list(RELATIONSHIPS[rel].properties)
    return RowStatement(f"merge {rel} {a_label}->{b_label}", edge_columns(rel),
                        lambda nulls, _d: f"MERGE (a)-[e:{rel}]->(b) SET {_set_clause('e', props, nulls)}",
                        lookups=(("a", a_label, "a"), ("b", b_label, "b")), packable=False)


@lru_cache(maxsize=None)
def delete_edges(rel: str, a_label: str, b_label: str) -> RowStatement:
    """Edges a removed file stated (their ``source`` is the file)."""
    return RowStatement(f"delete {rel} {a_label}->{b_label}", (("source", "STRING"),),
                        lambda _n, _d: f"MATCH (:{a_label})-[e:{rel}]->(:{b_label}) WHERE e.source = r.source DELETE e",
                        packable=False)


@lru_cache(maxsize=None)
def delete_owned(label: str) -> RowStatement:
    """Tasks and goals of a removed file."""
    return RowStatement(f"delete owned {label}", (("source", "STRING"),),
                        lambda _n, _d: f"MATCH (n:{label}) WHERE n.source = r.source DETACH DELETE n",
                        packable=False)


def row_statements() -> list[RowStatement]:
    """Every row statement the writer can send."""
    out = []
    for label in NODES:
        out += [create_nodes(label), update_nodes(label), merge_nodes(label), drop_nodes(label)]
    for label in SHARED:
        out += [union_shared(label), strip_source(label)]
    for label in DOCUMENT_OWNED:
        out.append(delete_owned(label))
    out.append(demote_plans())
    for rel in RELATIONSHIPS.values():
        for a, b in rel.pairs:
            out += [create_edges(rel.type, a, b), merge_edges(rel.type, a, b),
                    delete_edges(rel.type, a, b)]
    return out


# -- fixed statements: what the planner reads ------------------------------------------
_PLAN_COLUMNS = ", ".join(f"p.{_q(p)} AS {_q(p)}" for p in NODES["Plan"].all_properties)
_REF_COLUMNS = ", ".join(f"e.{_q(p)} AS {_q(p)}" for p in RELATIONSHIPS["REFERENCES"].properties)


class FIXED:
    """Fixed statements, all with ``$keys`` (a list of strings)."""

    plans_by_source = f"UNWIND $keys AS k MATCH (p:Plan) WHERE p.source = k RETURN {_PLAN_COLUMNS}"
    plans_by_id = f"UNWIND $keys AS k MATCH (p:Plan {{id: k}}) RETURN {_PLAN_COLUMNS}"
    plans_by_number = f"UNWIND $keys AS k MATCH (p:Plan) WHERE p.doc_number = k RETURN {_PLAN_COLUMNS}"
    stubs_by_title = f"UNWIND $keys AS k MATCH (p:Plan) WHERE p.source IS NULL AND p.title_key = k RETURN {_PLAN_COLUMNS}"
    cited_by_source = ("UNWIND $keys AS k MATCH (:Plan)-[e:REFERENCES]->(c:Plan) WHERE e.source = k "
                       "RETURN DISTINCT c.id AS id")
    refs_into = (f"UNWIND $keys AS k MATCH (a:Plan)-[e:REFERENCES]->(c:Plan {{id: k}}) "
                 f"RETURN a.id AS a, c.id AS b, {_REF_COLUMNS}")


def owned_ids(label: str) -> str:
    """Which of ``$keys`` a task or goal holds, and the file it came from."""
    return f"UNWIND $keys AS k MATCH (n:{label} {{id: k}}) RETURN n.id AS id, n.source AS source"


def shared_ids(label: str) -> str:
    """Which of ``$keys`` a shared node holds, and how many files use it (the list itself stays in the store)."""
    return f"UNWIND $keys AS k MATCH (n:{label} {{id: k}}) RETURN n.id AS id, size(n.sources) AS users"


def shared_by_source(label: str) -> str:
    """Shared nodes a file uses, and how many files use each."""
    return (f"UNWIND $keys AS k MATCH (n:{label}) WHERE k IN n.sources "
            "RETURN k AS source, n.id AS id, size(n.sources) AS users")


def edge_pairs(rel: str, a_label: str, b_label: str) -> str:
    """Which of the pairs ``$keys`` (``[a, b]`` lists) are joined by a ``rel`` edge."""
    return (f"UNWIND $keys AS k MATCH (a:{a_label} {{id: k[1]}})-[:{rel}]->(b:{b_label} {{id: k[2]}}) "
            "RETURN a.id AS a, b.id AS b")


def edges_by_source(rel: str, a_label: str, b_label: str) -> str:
    return (f"UNWIND $keys AS k MATCH (a:{a_label})-[e:{rel}]->(b:{b_label}) WHERE e.source = k "
            "RETURN k AS source, a.id AS a, b.id AS b")


def statements(dialect: str = "neo4j") -> list[tuple[str, str]]:
    """Every statement the writer can send, named, as ``dialect`` is sent them (for the Neo4j parser check)."""
    out = [(s.name, s.plain(dialect=dialect)) for s in row_statements()]
    out += [(name, q) for name, q in vars(FIXED).items() if not name.startswith("_") and isinstance(q, str)]
    for label in DOCUMENT_OWNED:
        out.append((f"owned ids {label}", owned_ids(label)))
    for label in SHARED:
        out += [(f"shared ids {label}", shared_ids(label)), (f"shared by source {label}", shared_by_source(label))]
    for rel in RELATIONSHIPS.values():
        for a, b in rel.pairs:
            out += [(f"pairs {rel.type} {a}->{b}", edge_pairs(rel.type, a, b)),
                    (f"by source {rel.type} {a}->{b}", edges_by_source(rel.type, a, b))]
    return out
