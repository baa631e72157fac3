"""The graph schema, defined once and rendered for both stores.

Labels, their properties and types, and relationship types with their fixed
endpoints live here and nowhere else. ``ladybug_ddl()`` renders LadybugDB node
and relationship tables; ``neo4j_ddl()`` renders Neo4j constraints and indexes.
Other modules take label and type names from :data:`NODES` / :data:`RELATIONSHIPS`
(an allow-list), never from user strings.

>>> "Department" in NODES and RELATIONSHIPS["LEADS"].pairs[1]
('Leader', 'Task')
"""

from __future__ import annotations

from dataclasses import dataclass

# Provenance properties carried by every node and edge drawn from text.
PROVENANCE = {"source": "STRING", "start": "INT64", "end": "INT64", "quote": "STRING"}


@dataclass(frozen=True)
class NodeType:
    label: str
    properties: dict[str, str]  # name -> LadybugDB type; every label also has id (key) and name

    @property
    def all_properties(self) -> dict[str, str]:
        return {"id": "STRING", "name": "STRING", **self.properties}


@dataclass(frozen=True)
class RelType:
    type: str
    pairs: tuple[tuple[str, str], ...]  # allowed (from label, to label)
    properties: dict[str, str]


def _node(label: str, **props: str) -> NodeType:
    return NodeType(label, props)


NODES: dict[str, NodeType] = {
    n.label: n
    for n in (
        _node(
            "Plan",
            title="STRING",
            title_key="STRING",
            doc_number="STRING",
            date="STRING",
            jurisdiction="STRING",
            sha256="STRING",
            origin="STRING",  # which file it came from: a hash of its real path (graph/ingest.py origin_of)
            issuers="STRING[]",
            **PROVENANCE,
        ),
        _node(
            "Task",
            title="STRING",
            text="STRING",
            number="STRING",
            section="STRING",
            deadline="STRING",
            collective="STRING[]",
            **PROVENANCE,
        ),
        _node(
            "Goal",
            text="STRING",
            metric="STRING",
            value="DOUBLE",
            unit="STRING",
            year="INT64",
            **PROVENANCE,
        ),
        # Shared entities: `sources` lists every loaded file that mentions them,
        # so reloading one file never deletes what another still uses.
        _node(
            "Department",
            aliases="STRING[]",
            jurisdiction="STRING",
            kind="STRING",
            sources="STRING[]",
        ),
        _node("Leader", jurisdiction="STRING", sources="STRING[]"),
        _node("Place", level="STRING", sources="STRING[]"),
    )
}

_EDGE_PROPS = dict(PROVENANCE)
_ROLE_PROPS = {"role": "STRING", **PROVENANCE}

RELATIONSHIPS: dict[str, RelType] = {
    r.type: r
    for r in (
        RelType("HAS_TASK", (("Plan", "Task"),), _EDGE_PROPS),
        RelType("HAS_SUBTASK", (("Task", "Task"),), _EDGE_PROPS),
        RelType("LEADS", (("Department", "Task"), ("Leader", "Task")), _ROLE_PROPS),
        RelType("COOPERATES_ON", (("Department", "Task"),), _ROLE_PROPS),
        RelType("REFERENCES", (("Plan", "Plan"),), {"title": "STRING", "doc_number": "STRING", **PROVENANCE}),
        RelType("ISSUED_BY", (("Plan", "Department"),), _EDGE_PROPS),
        RelType("SETS_GOAL", (("Plan", "Goal"), ("Task", "Goal")), _EDGE_PROPS),
        RelType("COVERS", (("Plan", "Place"),), _EDGE_PROPS),
        RelType("LOCATED_IN", (("Department", "Place"),), _EDGE_PROPS),
        RelType("PART_OF", (("Place", "Place"), ("Department", "Department")), _EDGE_PROPS),
        RelType("MENTIONS", (("Task", "Place"),), _EDGE_PROPS),
    )
}

# Node labels whose nodes belong to one document and go when it is reloaded.
DOCUMENT_OWNED = ("Task", "Goal")
# Node labels shared between documents, tracked by their `sources` list.
SHARED = ("Department", "Leader", "Place")


def check_label(label: str) -> str:
    """Return ``label`` if the schema knows it, else raise (labels never come from user strings)."""
    if label not in NODES:
        from policykg.errors import QueryError

        raise QueryError(f"unknown node label {label!r}; known: {', '.join(NODES)}")
    return label


def check_type(rel_type: str) -> str:
    if rel_type not in RELATIONSHIPS:
        from policykg.errors import QueryError

        raise QueryError(f"unknown relationship type {rel_type!r}; known: {', '.join(RELATIONSHIPS)}")
    return rel_type


def endpoints(rel_type: str) -> tuple[tuple[str, str], ...]:
    return RELATIONSHIPS[check_type(rel_type)].pairs


def ladybug_ddl() -> list[str]:
    """LadybugDB statements creating every node and relationship table (idempotent)."""
    out = []
    for node in NODES.values():
        cols = ", ".join(
            f"`{name}` {typ}{' PRIMARY KEY' if name == 'id' else ''}"
            for name, typ in node.all_properties.items()
        )
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {node.label}({cols})")
    for rel in RELATIONSHIPS.values():
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in rel.pairs)
        props = "".join(f", `{name}` {typ}" for name, typ in rel.properties.items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel.type}({pairs}{props})")
    for label, column in ADDED_COLUMNS:  # an older store gains them, empty, when opened for writing
        out.append(f"ALTER TABLE {label} ADD IF NOT EXISTS `{column}` {NODES[label].properties[column]}")
    return out


# Node properties added after stores were first made with this schema, oldest first.
ADDED_COLUMNS: tuple[tuple[str, str], ...] = (("Plan", "origin"),)


def neo4j_ddl() -> list[str]:
    """Neo4j 5 constraints (unique id per label) and lookup indexes."""
    out = []
    for label in NODES:
        out.append(
            f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        )
    for label in ("Plan", "Task", "Goal"):
        out.append(f"CREATE INDEX {label.lower()}_source IF NOT EXISTS FOR (n:{label}) ON (n.source)")
    out.append("CREATE INDEX plan_doc_number IF NOT EXISTS FOR (n:Plan) ON (n.doc_number)")
    out.append("CREATE INDEX plan_title_key IF NOT EXISTS FOR (n:Plan) ON (n.title_key)")
    out.append("CREATE INDEX department_name IF NOT EXISTS FOR (n:Department) ON (n.name)")
    return out


def property_keys() -> list[str]:
    keys = {k for n in NODES.values() for k in n.all_properties}
    keys |= {k for r in RELATIONSHIPS.values() for k in r.properties}
    return sorted(keys)
