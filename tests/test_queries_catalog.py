"""The named-query catalog: file format, parameters, alias resolution, keyword segmentation, limits."""

from __future__ import annotations

import pytest

from policykg.errors import InputError, QueryError
from policykg.graph.writer import write_document
from policykg.queries import catalog
from tests.test_queries_factory import doc


def test_library_has_the_questions_analysts_ask():
    names = set(catalog.catalog())
    assert len(names) >= 15
    assert {"department-partners", "departments-ranked", "task-search", "shortest-connection",
            "plan-overlap", "citation-chain"} <= names
    for q in catalog.catalog().values():
        assert q.description.endswith(".") and q.example.startswith(f"policykg query {q.name}")
        assert q.cypher("ladybug") and q.cypher("neo4j")
        for p in q.params:
            assert p.help, f"{q.name}.{p.name} has no help text"


def test_per_dialect_files_only_where_the_dialects_differ():
    # label(r) vs type(r) for a relationship's type; `* SHORTEST` vs shortestPath()
    split = {q.name for q in catalog.catalog().values() if "any" not in q.bodies}
    # LadybugDB's planner HINT where it needs one; lists indexed from 1 vs 0
    assert split == {"department-tasks", "shortest-connection", "tasks-without-lead", "task-search"}
    for name in split:
        ladybug, neo4j = (catalog.get(name).cypher(d) for d in ("ladybug", "neo4j"))
        assert ladybug != neo4j and any(k in ladybug for k in ("label(r)", "SHORTEST", "HINT", "$keyword[1]"))


def test_header_parsing(tmp_path):
    (tmp_path / "x.cypher").write_text(
        "// name: x\n// description: X things.\n// param who: department -- the department\n"
        "// param year: int = 2025 -- target year\n// param unit: str = \"\" -- unit\n"
        "// example: policykg query x --param who=发改局\n// a comment before the body\n"
        "MATCH (d:Department {id: $who}) RETURN d.id AS id\n", encoding="utf-8")
    q = catalog.load_library(tmp_path)["x"]
    assert [(p.name, p.type, p.required, None if p.required else p.default) for p in q.params] == [
        ("who", "department", True, None), ("year", "int", False, 2025), ("unit", "str", False, "")]
    assert q.cypher("neo4j") == "MATCH (d:Department {id: $who}) RETURN d.id AS id"


@pytest.mark.parametrize("text, message", [
    ("// description: d.\n// example: e\nRETURN 1", "no `// name:` line"),
    ("// name: y\n// description: d.\n// param p: colour -- c\n// example: e\nRETURN 1", "bad parameter line"),
    ("// name: z\n// description: d.\n// example: e\nRETURN 1", "header names it 'z'"),
])
def test_bad_headers_say_what_is_wrong(tmp_path, text, message):
    (tmp_path / "y.cypher").write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=message):
        catalog.load_library(tmp_path)


def test_unknown_query_suggests_close_names():
    with pytest.raises(QueryError, match="no named query 'department-partner'; did you mean department-partners"):
        catalog.get("department-partner")


@pytest.fixture
def two_cities(store):
    write_document(store, doc("a.txt", "龙泉市甲方案", "龙泉市", [(["发改局"], ["财政局"], ["叶建华"])],
                              doc_number="龙政办发〔2023〕1号"))
    write_document(store, doc("b.txt", "丽水市乙方案", "丽水市", [(["发改局"], ["经信局"], [])]))
    return store


def test_aliases_resolve_and_are_reported(two_cities):
    result = catalog.run(two_cities, "department-partners", {"department": "龙泉市发改局"})
    assert [r.describe() for r in result.resolved] == [
        "department=龙泉市发改局 → 发改局 (龙泉市) [dept:龙泉市:发改局]"]
    assert result.rows == [{"partner": "财政局", "jurisdiction": "龙泉市", "shared_tasks": 1,
                            "id": "dept:龙泉市:财政局"}]
    assert catalog.run(two_cities, "department-partners", {"department": "市财政局"}).rows[0]["partner"] == "发改局"


def test_ambiguous_alias_lists_candidates(two_cities):
    with pytest.raises(QueryError) as err:
        catalog.run(two_cities, "department-partners", {"department": "发改局"})
    assert str(err.value) == ("'发改局' matches 2 Department nodes: dept:丽水市:发改局 (丽水市); "
                              "dept:龙泉市:发改局 (龙泉市); give the jurisdiction or the id")


def test_plans_resolve_by_title_number_file_or_id(two_cities):
    for text in ("龙泉市甲方案", "《龙泉市甲方案》", "龙政办发〔2023〕1号", "a.txt", "plan:龙泉市甲方案"):
        result = catalog.run(two_cities, "plan-overview", {"plan": text})
        assert [r["id"] for r in result.rows] == ["plan:龙泉市甲方案"], text


def test_agent_parameter_takes_a_department_or_a_leader(two_cities):
    rows = catalog.run(two_cities, "shortest-connection", {"department": "龙泉市财政局", "target": "叶建华"}).rows
    assert rows == [
        {"step": 0, "label": "Department", "name": "财政局", "id": "dept:龙泉市:财政局"},
        {"step": 1, "label": "Task", "name": "第1项任务", "id": "task:a.txt:1"},
        {"step": 2, "label": "Leader", "name": "叶建华", "id": "leader:龙泉市:叶建华"},
    ]
    with pytest.raises(QueryError, match="no department or leader matches '张三'"):
        catalog.run(two_cities, "shortest-connection", {"department": "龙泉市财政局", "target": "张三"})
    with pytest.raises(QueryError, match="the department and the target are the same entity"):
        catalog.run(two_cities, "shortest-connection", {"department": "龙泉市财政局", "target": "市财政局"})


def test_parameter_errors(two_cities):
    with pytest.raises(QueryError, match=r"needs --param department=… \(department: the department"):
        catalog.run(two_cities, "department-partners", {})
    with pytest.raises(QueryError, match="has no parameter colour; its parameters: department"):
        catalog.run(two_cities, "department-partners", {"department": "龙泉市发改局", "colour": "red"})
    with pytest.raises(QueryError, match="parameter year must be a number, got 'soon'"):
        catalog.run(two_cities, "goals", {"year": "soon"})
    with pytest.raises(QueryError, match="no Plan matches '没有的方案'"):
        catalog.run(two_cities, "plan-overview", {"plan": "没有的方案"})


def test_keyword_is_segmented_with_the_project_dictionary():
    from policykg.loaders.dictionaries import tokenizer

    assert catalog.keyword_terms("优化营商环境") == [w for w in tokenizer().cut("优化营商环境")]
    assert catalog.keyword_terms("科技创新和人才引进") == ["科技", "创新", "人才", "引进"]
    assert catalog.keyword_terms(["营商环境", "营商环境"]) == ["营商环境"]


def test_task_search_finds_a_longer_phrase(store):
    write_document(store, doc("a.txt", "龙泉市甲方案", "龙泉市", [
        (["发改局"], [], [], (), "持续优化营商环境"), (["财政局"], [], [], (), "引进科技人才"),
        (["经信局"], [], [], (), "营商服务与科技金融")]))
    # whether the dictionary keeps 营商环境 whole or not, every word of it must occur
    all_words = catalog.run(store, "task-search", {"keyword": "营商环境"}).rows
    assert [(r["task"], r["leads"]) for r in all_words] == [("持续优化营商环境", ["发改局"])]
    any_word = catalog.run(store, "task-search", {"keyword": "科技 人才", "match": "any"}).rows
    assert [(r["task"], r["hits"]) for r in any_word] == [("引进科技人才", 2), ("营商服务与科技金融", 1)]
    with pytest.raises(QueryError, match="has no words to look for"):
        catalog.run(store, "task-search", {"keyword": "，。"})


def test_limit_cuts_rows_in_the_store(two_cities):
    assert len(catalog.run(two_cities, "departments-ranked").rows) == 4
    assert len(catalog.run(two_cities, "departments-ranked", limit=2).rows) == 2
    with pytest.raises(InputError, match="--limit must be 0 or more"):
        catalog.run(two_cities, "departments-ranked", limit=-1)


def test_list_cells_are_sorted(two_cities):
    rows = catalog.run(two_cities, "cross-plan-departments", {"min_plans": 1}).rows
    assert all(r["files"] == sorted(r["files"]) for r in rows)


def test_optional_filters_fold_for_the_values_given():
    body = "WHERE ($jurisdiction = '' OR d.jurisdiction = $jurisdiction) AND ($plan = '' OR t.source = $plan)"
    assert catalog.fold_optional_filters(body, {"jurisdiction": "", "plan": "a.txt"}) == \
        "WHERE (true) AND (t.source = $plan)"
    assert catalog.fold_optional_filters("WHERE ($year = 0 OR g.year = $year)", {"year": 0}) == "WHERE (true)"
    match = "WHERE ($match = 'any' OR t.text CONTAINS $w)"
    assert catalog.fold_optional_filters(match, {"match": "any"}) == "WHERE (true)"
    assert catalog.fold_optional_filters(match, {"match": "all"}) == "WHERE (t.text CONTAINS $w)"
    # a nested group and a quoted parenthesis stay inside the condition
    nested = "WHERE ($k = '' OR (g.text CONTAINS $k OR g.x = ')')) RETURN g"
    assert catalog.fold_optional_filters(nested, {"k": "x"}) == "WHERE ((g.text CONTAINS $k OR g.x = ')')) RETURN g"
    # a value of another type than the test's literal is left to the store
    assert catalog.fold_optional_filters("WHERE ($year = 0 OR g.year = $year)", {"year": "0"}) == \
        "WHERE ($year = 0 OR g.year = $year)"


def test_two_label_patterns_narrow_to_the_resolved_label():
    from policykg.queries.entities import Entity

    leader = catalog.Resolution("target", "叶建华", Entity("Leader", "leader:龙泉市:叶建华", "叶建华", "龙泉市"))
    body = "MATCH p = (a:Department {id: $department})-[*]-(b:Department:Leader {id: $target}) RETURN p"
    assert catalog.narrow_labels(body, [leader]) == \
        "MATCH p = (a:Department {id: $department})-[*]-(b:Leader {id: $target}) RETURN p"
    assert catalog.narrow_labels("(b:Department:Place {id: $target})", [leader]) == "(b:Department:Place {id: $target})"


def test_shortest_connection_same_chain_for_department_and_leader_targets(two_cities):
    # the narrowed LadybugDB statement answers like the two-label one
    for target in ("叶建华", "龙泉市发改局"):
        query = catalog.get("shortest-connection")
        bound, resolved = catalog.bind(two_cities, query, {"department": "龙泉市财政局", "target": target})
        wide = two_cities.run(query.cypher("ladybug"), bound)
        assert catalog.run(two_cities, "shortest-connection", {"department": "龙泉市财政局", "target": target}).rows == wide
