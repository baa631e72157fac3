"""The schema is defined once and rendered for both stores."""

from __future__ import annotations

import re
from pathlib import Path

from policykg.graph.schema import ADDED_COLUMNS, NODES, RELATIONSHIPS, ladybug_ddl, neo4j_ddl, property_keys

ROOT = Path(__file__).resolve().parent.parent


def test_every_label_has_id_and_name_and_every_endpoint_is_a_label():
    for node in NODES.values():
        assert list(node.all_properties)[:2] == ["id", "name"]
    for rel in RELATIONSHIPS.values():
        for a, b in rel.pairs:
            assert a in NODES and b in NODES


def test_issue_relationship_endpoints_are_exactly_these():
    pairs = {t: set(r.pairs) for t, r in RELATIONSHIPS.items()}
    assert pairs == {
        "HAS_TASK": {("Plan", "Task")}, "HAS_SUBTASK": {("Task", "Task")},
        "LEADS": {("Department", "Task"), ("Leader", "Task")}, "COOPERATES_ON": {("Department", "Task")},
        "REFERENCES": {("Plan", "Plan")}, "ISSUED_BY": {("Plan", "Department")},
        "SETS_GOAL": {("Plan", "Goal"), ("Task", "Goal")}, "COVERS": {("Plan", "Place")},
        "LOCATED_IN": {("Department", "Place")},
        "PART_OF": {("Place", "Place"), ("Department", "Department")}, "MENTIONS": {("Task", "Place")},
    }


def test_ladybug_tables_exist_after_open(store):
    tables = {r["name"] for r in store.run("CALL show_tables() RETURN name")}
    assert set(NODES) | set(RELATIONSHIPS) <= tables
    assert len(ladybug_ddl()) == len(NODES) + len(RELATIONSHIPS) + len(ADDED_COLUMNS)
    store.ensure_schema()  # idempotent


def test_neo4j_ddl_has_a_unique_id_constraint_per_label():
    ddl = neo4j_ddl()
    for label in NODES:
        assert f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in "\n".join(ddl)


def test_provenance_on_every_document_fact():
    for label in ("Plan", "Task", "Goal"):
        assert {"source", "start", "end", "quote"} <= set(NODES[label].properties)
    for rel in RELATIONSHIPS.values():
        assert {"source", "start", "end", "quote"} <= set(rel.properties)
    assert "role" in RELATIONSHIPS["LEADS"].properties and "role" in RELATIONSHIPS["COOPERATES_ON"].properties
    assert "end" in property_keys()


def test_no_other_module_repeats_the_label_list():
    """Label and relationship lists live in graph/schema.py only."""
    pattern = re.compile(r"[\[(]\s*\"Plan\",\s*\"Task\",\s*\"Goal\",\s*\"Department\"")
    offenders = [
        str(p.relative_to(ROOT)) for folder in ("graph", "loaders", "queries", "visualizations")
        for p in (ROOT / folder).rglob("*.py") if p.name != "schema.py" and pattern.search(p.read_text("utf-8"))
    ]
    assert offenders == []


def test_a_store_made_before_a_column_was_added_gains_it_when_opened_for_writing(tmp_path):
    from policykg.graph.ingest import load_paths
    from policykg.graph.store import open_store
    from tests.awkward import plan

    db = tmp_path / "old.lbdb"
    with open_store(db=db) as s:
        for label, column in ADDED_COLUMNS:  # as the store was before the column existed
            s.run(f"ALTER TABLE {label} DROP `{column}`")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(plan(), encoding="utf-8")
    with open_store(db=db) as s:
        assert load_paths(s, [tmp_path / "in"], workers=1).failed == []
        assert s.run("MATCH (p:Plan) WHERE p.source = 'a.txt' RETURN p.origin IS NOT NULL AS known") == [{"known": True}]
