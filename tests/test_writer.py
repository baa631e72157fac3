"""The writer against a real embedded store: idempotent reloads, replacement, shared nodes, stubs."""

from __future__ import annotations

import pytest

from policykg.errors import ReadOnlyError
from policykg.graph.store import open_store
from policykg.graph.writer import remove_source, write_document
from policykg.queries.stats import counts
from tests.records_factory import make_doc


def test_load_writes_plan_tasks_and_edges(store):
    result = write_document(store, make_doc())
    assert result.status == "loaded"
    c = counts(store)
    assert c["nodes"] == {"Plan": 1, "Task": 2, "Goal": 1, "Department": 2, "Leader": 1, "Place": 0}
    assert c["relationships"]["HAS_TASK"] == 2
    assert c["relationships"]["LEADS"] == 4
    assert c["relationships"]["COOPERATES_ON"] == 2
    row = store.run("MATCH (d:Department)-[e:LEADS]->(t:Task) RETURN d.name AS d, e.role AS role, "
                    "e.quote AS quote, e.source AS source ORDER BY t.id LIMIT 1")[0]
    assert row == {"d": "发展和改革局", "role": "牵头单位", "quote": "1.第1项任务。牵头单位:市发改局;配合单位:财政局",
                   "source": "a.txt"}


def test_reload_same_file_changes_nothing(store):
    write_document(store, make_doc())
    before = counts(store)
    assert write_document(store, make_doc()).status == "unchanged"
    assert write_document(store, make_doc(), force=True).status == "loaded"
    assert counts(store) == before


def test_edited_file_leaves_no_stale_facts(store):
    write_document(store, make_doc(tasks=3))
    write_document(store, make_doc(tasks=1, sha="2", extra_dept=False))
    c = counts(store)
    assert c["nodes"]["Task"] == 1
    assert c["nodes"]["Department"] == 1  # 财政局 was only used by the old version
    assert c["relationships"]["COOPERATES_ON"] == 0


def test_shared_department_survives_other_plan_reload(store):
    write_document(store, make_doc("a.txt", "方案甲"))
    write_document(store, make_doc("b.txt", "方案乙"))
    dept = store.run("MATCH (d:Department {id: 'dept:东阳市:财政局'}) RETURN d.sources AS s")[0]
    assert sorted(dept["s"]) == ["a.txt", "b.txt"]
    write_document(store, make_doc("a.txt", "方案甲", sha="2", extra_dept=False))
    assert store.run("MATCH (d:Department {id: 'dept:东阳市:财政局'}) RETURN d.sources AS s")[0]["s"] == ["b.txt"]
    remove_source(store, "b.txt")
    assert store.run("MATCH (d:Department {id: 'dept:东阳市:财政局'}) RETURN count(d) AS n")[0]["n"] == 0


def test_jurisdictions_keep_same_named_bureaus_apart(store):
    write_document(store, make_doc("a.txt", "方案甲", jurisdiction="东阳市"))
    write_document(store, make_doc("b.txt", "方案乙", jurisdiction="衢州市"))
    rows = store.run("MATCH (d:Department) WHERE d.name = '发展和改革局' RETURN d.jurisdiction AS j ORDER BY j")
    assert [r["j"] for r in rows] == ["东阳市", "衢州市"]


def test_cited_document_becomes_one_node_when_loaded(store):
    write_document(store, make_doc("a.txt", "方案甲", cites=(("上级意见", "浙政发〔2015〕31号"),)))
    stub = store.run("MATCH (p:Plan) WHERE p.source IS NULL RETURN p.id AS id, p.doc_number AS no")
    assert stub == [{"id": "plan:上级意见", "no": "浙政发〔2015〕31号"}]
    # Loaded later under a longer title but the same 文号: the stub is adopted.
    write_document(store, make_doc("b.txt", "浙江省人民政府上级意见", doc_number="浙政发〔2015〕31号"))
    rows = store.run("MATCH (a:Plan)-[e:REFERENCES]->(b:Plan) RETURN a.source AS a, b.source AS b, e.quote AS q")
    assert rows == [{"a": "a.txt", "b": "b.txt", "q": "《上级意见》浙政发〔2015〕31号"}]
    assert counts(store)["nodes"]["Plan"] == 2


def test_cited_plan_survives_reload_of_citing_document_while_cited(store):
    write_document(store, make_doc("b.txt", "上级意见"))
    write_document(store, make_doc("a.txt", "方案甲", cites=(("上级意见", None),)))
    remove_source(store, "b.txt")  # the cited plan is no longer loaded, but still cited
    rows = store.run("MATCH (p:Plan {id: 'plan:上级意见'}) RETURN p.source AS s, p.title AS t")
    assert rows == [{"s": None, "t": "上级意见"}]
    assert counts(store)["nodes"]["Task"] == 2
    remove_source(store, "a.txt")  # nothing cites the stub any more: it goes
    assert counts(store)["nodes"]["Plan"] == 0


def test_failed_write_rolls_back_whole_document(store, monkeypatch):
    write_document(store, make_doc())
    before = counts(store)
    import policykg.graph.writer as writer

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "write_rows", boom)
    with pytest.raises(RuntimeError):
        write_document(store, make_doc(tasks=5, sha="2"))
    assert counts(store) == before


def test_read_only_store_refuses_writes(tmp_path):
    path = tmp_path / "g.lbdb"
    with open_store(db=path) as s:
        write_document(s, make_doc())
    with open_store(db=path, read_only=True) as s:
        assert counts(s)["nodes"]["Plan"] == 1
        with pytest.raises(ReadOnlyError):
            s.run("MATCH (p:Plan) SET p.title = 'x'")
        with pytest.raises(ReadOnlyError):
            write_document(s, make_doc(sha="2"))
    with open_store(db=path, read_only=True) as s:
        assert s.run("MATCH (p:Plan) RETURN p.title AS t") == [{"t": "东阳市测试方案"}]


def test_two_files_with_one_title_keep_their_own_tasks(store):
    from dataclasses import replace

    doc = make_doc("a.txt", "同名方案")
    other = make_doc("copy-of-a.txt", "同名方案")
    # Loaders key tasks by plan title, so a copy of the file under another name has the same task ids.
    same = {t.id: d.id for t, d in zip(other.tasks, doc.tasks)} | {g.id: d.id for g, d in zip(other.goals, doc.goals)}
    copy = replace(other, tasks=tuple(replace(t, id=same[t.id]) for t in other.tasks),
                   goals=tuple(replace(g, id=same[g.id]) for g in other.goals),
                   assignments=tuple(replace(a, task_id=same[a.task_id]) for a in other.assignments))
    write_document(store, doc)
    write_document(store, copy)
    rows = store.run("MATCH (p:Plan)-[:HAS_TASK]->(t:Task) RETURN p.source AS s, count(t) AS n ORDER BY s")
    assert rows == [{"s": "a.txt", "n": 2}, {"s": "copy-of-a.txt", "n": 2}]
    assert counts(store)["nodes"]["Task"] == 4
    remove_source(store, "copy-of-a.txt")
    assert store.run("MATCH (p:Plan)-[:HAS_TASK]->(t:Task) RETURN p.source AS s, count(t) AS n") == [
        {"s": "a.txt", "n": 2}]
    assert counts(store)["nodes"]["Task"] == 2


def test_a_page_that_prints_no_title_names_its_plan_by_its_file(store):
    """No title is invented (the loaders leave it empty); the plan is still drawn and selected by a readable name."""
    doc = make_doc(source="页面-0412.txt", title="", sha="abcdef0123456789ff")
    assert doc.plan_id == "plan:sha:abcdef0123456789"
    write_document(store, doc)
    assert store.run("MATCH (p:Plan) RETURN p.id AS id, p.name AS name, p.title AS title") == [
        {"id": "plan:sha:abcdef0123456789", "name": "页面-0412.txt", "title": ""}]
