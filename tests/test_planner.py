"""The write planner without a database: stored state and documents in, named statements and rows out."""

from __future__ import annotations

from itertools import permutations

from policykg.graph.planner import StoredState, plan_removal, plan_writes, wanted
from policykg.graph.rows import document_rows
from policykg.graph.schema import NODES
from tests.records_factory import make_doc

NUMBER = "东政发〔2023〕2号"
PLAN_PROPS = list(NODES["Plan"].all_properties)


def rows_of(plan, name: str) -> list[dict]:
    return [row for step in plan.steps if step.name == name for row in step.rows]


def names(plan) -> list[str]:
    return [step.name for step in plan.steps]


def stored_plan(pid: str, source: str | None = None, **props) -> dict:
    return {p: None for p in PLAN_PROPS} | {"id": pid, "source": source} | props


def loaded_state(*docs) -> StoredState:
    """The state a store holds after ``docs`` were written (their plans, refs and nodes), built from their rows."""
    plans, owned, shared, members = {}, {}, {}, set()
    for doc in docs:
        r = document_rows(doc)
        plans[r.plan_id] = dict(r.nodes["Plan"][0])
        for label in ("Task", "Goal"):
            owned.update({(label, n["id"]): doc.source for n in r.nodes.get(label, ())})
        for label in ("Department", "Leader", "Place"):
            for n in r.nodes.get(label, ()):
                members.add((label, n["id"], doc.source))
    for label, node_id, _ in members:
        shared[(label, node_id)] = sum(1 for m in members if m[:2] == (label, node_id))
    return StoredState(plans=plans, owned=owned, shared=shared, members=frozenset(members))


def chain() -> list:
    """甲 cites 乙 by title, 乙 cites 丙 by 文号 alone, 丙 cites nothing."""
    return [make_doc("a.txt", "东阳市甲方案", cites=(("东阳市乙方案", None),)),
            make_doc("b.txt", "东阳市乙方案", cites=((None, NUMBER),)),
            make_doc("c.txt", "东阳市丙方案", doc_number=NUMBER)]


def test_a_citation_chain_in_every_order_ends_as_three_plans_and_two_citations():
    for order in permutations(chain()):
        plan = plan_writes(StoredState(), list(order))
        created = {row["id"] for row in rows_of(plan, "create Plan")}
        refs = {(row["a"], row["b"]) for row in rows_of(plan, "create REFERENCES Plan->Plan")}
        assert created == {"plan:东阳市甲方案", "plan:东阳市乙方案", "plan:东阳市丙方案"}, [d.source for d in order]
        assert refs == {("plan:东阳市甲方案", "plan:东阳市乙方案"), ("plan:东阳市乙方案", "plan:东阳市丙方案")}
        assert "drop Plan" not in names(plan) and "merge REFERENCES Plan->Plan" not in names(plan)
        assert [r.status for r in plan.results] == ["loaded"] * 3


def test_a_group_of_new_documents_is_one_statement_per_label_and_type():
    plan = plan_writes(StoredState(), chain())
    assert len(names(plan)) == len(set(names(plan)))
    assert len(rows_of(plan, "create Task")) == 6


def test_a_stored_stub_is_adopted_and_its_citations_move_to_the_plan():
    stub = stored_plan(f"plan:no:{NUMBER}", doc_number=NUMBER, name=NUMBER, title_key="")
    ref = {"a": "plan:旧方案", "b": stub["id"], "title": None, "doc_number": NUMBER, "source": "x.txt", "start": 1,
           "end": 9, "quote": "引用"}
    state = StoredState(plans={stub["id"]: stub, "plan:旧方案": stored_plan("plan:旧方案", "x.txt")}, refs=(ref,))
    plan = plan_writes(state, [chain()[2]])
    assert rows_of(plan, "drop Plan") == [{"id": stub["id"]}]
    assert rows_of(plan, "merge REFERENCES Plan->Plan") == [ref | {"b": "plan:东阳市丙方案"}]
    assert names(plan).index("drop Plan") < names(plan).index("create Plan")


def test_a_stub_cited_earlier_in_the_group_is_adopted_in_memory():
    plan = plan_writes(StoredState(), [chain()[1], chain()[2]])
    assert "drop Plan" not in names(plan)
    assert [r["id"] for r in rows_of(plan, "create Plan")] == ["plan:东阳市乙方案", "plan:东阳市丙方案"]
    (ref,) = rows_of(plan, "create REFERENCES Plan->Plan")
    assert (ref["a"], ref["b"], ref["doc_number"]) == ("plan:东阳市乙方案", "plan:东阳市丙方案", NUMBER)


def test_a_file_sharing_a_stored_plans_title_gets_ids_of_its_own():
    state = loaded_state(make_doc("old.txt", "东阳市同名方案"))
    plan = plan_writes(state, [make_doc("a.txt", "东阳市同名方案", sha="2")])
    assert plan.results[0].plan_id == "plan:东阳市同名方案~a.txt"
    assert all(row["id"].endswith("~a.txt") for row in rows_of(plan, "create Task"))
    assert rows_of(plan, "update Plan") == []


def test_a_plan_without_a_title_key_adopts_only_stubs_of_its_own_number():
    other = stored_plan("plan:no:东政发〔2023〕7号", doc_number="东政发〔2023〕7号", title_key="")
    plan = plan_writes(StoredState(plans={other["id"]: other}), [make_doc("a.txt", "《》", doc_number=NUMBER)])
    assert "drop Plan" not in names(plan)
    assert [r["id"] for r in rows_of(plan, "create Plan")] == [f"plan:no:{NUMBER}"]


def test_shared_nodes_the_store_holds_are_joined_in_the_store_and_new_ones_created():
    state = loaded_state(make_doc("a.txt", "东阳市甲方案"))
    plan = plan_writes(state, [make_doc("b.txt", "东阳市乙方案", jurisdiction="东阳市"),
                               make_doc("c.txt", "衢州市丙方案", jurisdiction="衢州市")])
    assert {r["id"] for r in rows_of(plan, "union Department")} == {"dept:东阳市:发展和改革局", "dept:东阳市:财政局"}
    assert {r["id"] for r in rows_of(plan, "create Department")} == {"dept:衢州市:发展和改革局", "dept:衢州市:财政局"}
    assert all(r["sources"] == ["b.txt"] for r in rows_of(plan, "union Department"))


def test_an_unchanged_file_plans_nothing_and_force_reloads_it():
    doc = make_doc("a.txt", "东阳市甲方案")
    state = loaded_state(doc)
    assert plan_writes(state, [doc]).steps == () and plan_writes(state, [doc]).results[0].status == "unchanged"
    forced = plan_writes(state, [doc], force=True)
    assert forced.results[0].status == "loaded"
    assert names(forced)[0] == "delete HAS_TASK Plan->Task"
    # the file was the only user of its departments: removed, then created again (never read back)
    assert {r["id"] for r in rows_of(forced, "drop Department")} == {r["id"] for r in rows_of(forced, "create Department")}


def test_a_reload_in_the_middle_of_a_group_removes_its_old_copy_first_and_joins_the_run():
    stored = make_doc("b.txt", "东阳市乙方案")
    state = loaded_state(stored, make_doc("d.txt", "东阳市丁方案", sha="5"))
    docs = [make_doc("a.txt", "东阳市甲方案"), make_doc("b.txt", "东阳市乙方案", sha="2", tasks=1),
            make_doc("c.txt", "东阳市丙方案"), make_doc("d.txt", "东阳市丁方案", sha="6")]
    plan = plan_writes(state, docs)
    order = names(plan)
    assert order.index("delete HAS_TASK Plan->Task") < order.index("create Plan")
    assert rows_of(plan, "delete owned Task") == [{"source": "b.txt"}, {"source": "d.txt"}]  # one statement for both
    assert len(order) == len(set(order))  # one removal, then one run
    assert rows_of(plan, "drop Plan") == [{"id": "plan:东阳市乙方案"}, {"id": "plan:东阳市丁方案"}]  # cited by nobody
    assert [r["id"] for r in rows_of(plan, "create Plan")] == ["plan:东阳市甲方案", "plan:东阳市乙方案", "plan:东阳市丙方案",
                                                              "plan:东阳市丁方案"]
    assert len(rows_of(plan, "create Task")) == 2 + 1 + 2 + 2
    # the departments both stale files used: no one else uses them, so they go and come back
    assert {r["id"] for r in rows_of(plan, "drop Department")} == {"dept:东阳市:发展和改革局", "dept:东阳市:财政局"}
    assert [r.status for r in plan.results] == ["loaded"] * 4


def test_the_same_file_twice_in_a_group_is_a_reload_of_the_first():
    docs = [make_doc("a.txt", "东阳市甲方案"), make_doc("a.txt", "东阳市甲方案", sha="2", tasks=1)]
    plan = plan_writes(StoredState(), docs)
    order = names(plan)
    assert order.index("create Task") < order.index("delete owned Task") < len(order) - 1
    assert [r.status for r in plan.results] == ["loaded", "loaded"]


def test_removal_demotes_a_cited_plan_drops_the_rest_and_forgets_its_shared_edges():
    cited = make_doc("b.txt", "东阳市乙方案")
    state = loaded_state(cited, make_doc("c.txt", "东阳市丙方案", jurisdiction="衢州市"))
    ref = {"a": "plan:东阳市甲方案", "b": "plan:东阳市乙方案", "title": "东阳市乙方案", "doc_number": None,
           "source": "a.txt", "start": 0, "end": 3, "quote": "引"}
    pair = ("PART_OF", "Department", "Department", "dept:东阳市:财政局", "dept:东阳市:发展和改革局")
    state = StoredState(plans=state.plans | {"plan:东阳市甲方案": stored_plan("plan:东阳市甲方案", "a.txt")},
                        refs=(ref,), owned=state.owned, shared=state.shared, members=state.members,
                        pairs={pair: "b.txt"})
    steps = plan_removal(state, ["b.txt", "c.txt"])
    by_name = {}
    for step in steps:
        by_name.setdefault(step.name, []).extend(step.rows)
    assert by_name["demote Plan"] == [{"id": "plan:东阳市乙方案"}]
    assert by_name["drop Plan"] == [{"id": "plan:东阳市丙方案"}]
    assert by_name["delete PART_OF Department->Department"] == [{"source": "b.txt"}, {"source": "c.txt"}]
    assert {r["id"] for r in by_name["drop Department"]} >= {"dept:东阳市:财政局", "dept:衢州市:财政局"}


def test_wanted_asks_for_renamed_ids_too():
    want = wanted([make_doc("a.txt", "东阳市甲方案", cites=((None, NUMBER),))])
    assert {"plan:东阳市甲方案", "plan:东阳市甲方案~a.txt", f"plan:no:{NUMBER}"} <= want.plan_ids
    assert NUMBER in want.numbers and "" not in want.title_keys
    assert "task:a.txt:1~a.txt" in want.owned["Task"]
