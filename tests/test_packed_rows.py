"""Rows sent packed into one string arrive in LadybugDB exactly as the maps they came from."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from policykg.graph.ladybug_store import pack, packed_call, packed_statement
from policykg.graph.write_statements import (
    RowStatement, create_nodes, merge_nodes, node_columns, null_columns, update_nodes,
)

GOAL = dict(node_columns("Goal"))  # STRING, DOUBLE, INT64 columns
DEPT = dict(node_columns("Department"))  # STRING[] columns


def run_rows(tx, statement: RowStatement, rows):
    return tx.run_rows(statement, rows)


def goal_lookup() -> RowStatement:
    return RowStatement("goal years", (("id", "STRING"),), lambda _n, _d: "RETURN n.id AS id, n.year AS year",
                        lookups=(("n", "Goal", "id"),))


def goal(i: int, **props) -> dict:
    return {k: None for k in GOAL} | {"id": f"g{i}"} | props


def read(store, label: str, columns: dict) -> dict:
    cols = ", ".join(f"n.`{c}` AS `{c}`" for c in columns)
    return {r["id"]: r for r in store.run(f"MATCH (n:{label}) RETURN {cols}")}


def test_awkward_values_survive_the_packed_create(store, sent_as_is):
    rows = [
        goal(1, name="", text="引号'\"反斜杠\\ 换行\n制表\t`end` MATCH (n) DETACH DELETE n", value=0.1, year=2025),
        goal(2, name="空值", value=-1e-300, year=-7, unit=None),
        goal(3, name="大数", value=1e16, year=2**62, start=0, end=0),
        goal(4),
    ]
    depts = [{"id": "d1", "name": "财政局", "aliases": [], "jurisdiction": None, "kind": "", "sources": ["a.txt"]},
             {"id": "d2", "name": "发改局", "aliases": ["市发改局", "发改委"], "jurisdiction": "东阳市", "kind": None,
              "sources": None}]
    with store.transaction() as tx:
        run_rows(tx, create_nodes("Goal"), rows)
        run_rows(tx, create_nodes("Department"), depts)
    assert read(store, "Goal", GOAL) == {r["id"]: r for r in rows}
    assert read(store, "Department", DEPT) == {r["id"]: r for r in depts}
    creates = [q for q in sent_as_is if "CREATE (n:" in q]
    assert len(creates) == 2 and all(q.startswith("UNWIND string_split($rows") for q in creates)  # really packed


def test_packed_update_by_key_changes_only_the_matched_nodes(store):
    with store.transaction() as tx:
        run_rows(tx, create_nodes("Goal"), [goal(1, text="旧"), goal(2, text="旧")])
        run_rows(tx, update_nodes("Goal"), [goal(2, text="新", year=2030)])
    assert read(store, "Goal", GOAL)["g1"]["text"] == "旧"
    assert read(store, "Goal", GOAL)["g2"] == goal(2, text="新", year=2030)


def test_values_packing_cannot_carry_go_as_maps(store, sent_as_is):
    rows = [goal(1, text="分隔符\x1f在正文里"), goal(2, text="\x1e")]
    assert pack(rows, GOAL) is None
    assert pack([{"id": "d", "name": "x", "aliases": [""], "jurisdiction": None, "kind": None, "sources": []}],
                DEPT) is None
    with store.transaction() as tx:
        run_rows(tx, create_nodes("Goal"), rows)
    assert read(store, "Goal", GOAL) == {r["id"]: r for r in rows}
    assert [q for q in sent_as_is if "CREATE (n:" in q] == [create_nodes("Goal").plain(null_columns(rows))]


def test_statements_are_packed_from_their_parts():
    assert packed_call(merge_nodes("Goal"), [goal(1)]) is None  # MERGE: LadybugDB cannot use the rebuilt map
    dated = RowStatement("dated", (("id", "STRING"), ("when", "DATE")), lambda _n, _d: "CREATE (n:Goal {id: r.id})")
    assert packed_call(dated, [{"id": "g", "when": None}]) is None  # a type not packed
    statement, keys = packed_statement(update_nodes("Goal"))
    assert keys == ["id"] and statement.startswith("UNWIND $rows AS q MATCH (n:Goal {id: q[1]}) WITH n, ")
    assert packed_statement(goal_lookup()) == (
        "UNWIND string_split($rows, $pk_row) AS k MATCH (n:Goal {id: k}) RETURN n.id AS id, n.year AS year", [])


def test_packed_key_lookups_find_exactly_the_stored_keys(store):
    with store.transaction() as tx:
        run_rows(tx, create_nodes("Goal"), [goal(1, year=1), goal(2, year=2)])
        found = run_rows(tx, goal_lookup(), [{"id": "g2"}, {"id": "g9"}, {"id": ""}, {"id": "g1"}])
    assert sorted(found, key=lambda r: r["id"]) == [{"id": "g1", "year": 1}, {"id": "g2", "year": 2}]


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({
    "name": st.none() | text, "text": st.none() | text, "unit": st.none() | text,
    "value": st.none() | st.floats(allow_nan=False, allow_infinity=False),
    "year": st.none() | st.integers(-2**63, 2**63 - 1),
}), min_size=1, max_size=8))
def test_any_rows_read_back_as_written(store, rows):
    rows = [goal(i, **r) for i, r in enumerate(rows)]
    ids = [r["id"] for r in rows]
    with store.transaction() as tx:
        tx.run("MATCH (n:Goal) DETACH DELETE n")
        run_rows(tx, create_nodes("Goal"), rows)
    stored = read(store, "Goal", GOAL)
    assert sorted(stored) == sorted(ids)
    assert [stored[i] for i in ids] == rows  # floats too: repr() and LadybugDB's cast round-trip exactly
