"""`policykg query`, `policykg cypher`, `policykg analyze`: exit codes, exact output and messages."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.store import open_store
from policykg.graph.writer import write_document
from policykg.queries.catalog import catalog
from tests.test_queries_factory import doc

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "g.lbdb"
    with open_store(db=path) as store:
        write_document(store, doc("a.txt", "龙泉市甲方案", "龙泉市", [
            (["发改局"], ["财政局", "经信局"], ["叶建华"]), (["财政局"], ["发改局"], ["叶建华"])],
            doc_number="龙政办发〔2023〕1号"))
        write_document(store, doc("b.txt", "丽水市乙方案", "丽水市", [(["发改局"], ["经信局"], [])]))
    return str(path)


def test_list_names_every_query_with_parameters():
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    assert result.stdout.count("\n    e.g. policykg query ") == len(catalog())
    assert ("department-partners(department: department, plan: document = '')\n"
            "    A department's partners: departments sharing tasks with it, weighted by the number of shared "
            "tasks.\n") in result.stdout


def test_list_as_json():
    result = runner.invoke(app, ["query", "--list", "--format", "json"])
    assert result.exit_code == 0
    listed = {q["name"]: q for q in json.loads(result.stdout)}
    assert set(listed) == set(catalog())
    assert listed["goals"]["params"][0] == {"name": "year", "type": "int", "required": False, "default": 0,
                                            "help": "only goals for this target year; 0 for any"}


def test_query_prints_resolution_on_stderr_and_rows_on_stdout(db):
    result = runner.invoke(app, ["query", "department-partners", "-p", "department=龙泉市发改局", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stderr == "resolved department=龙泉市发改局 → 发改局 (龙泉市) [dept:龙泉市:发改局]\n"
    assert result.stdout == (  # a table hides ids; --wide shows them
        "partner  jurisdiction  shared_tasks\n"
        "-------  ------------  ------------\n"
        "财政局   龙泉市                   2\n"
        "经信局   龙泉市                   1\n")
    wide = runner.invoke(app, ["query", "department-partners", "-p", "department=龙泉市发改局", "--db", db, "--wide"])
    assert wide.stdout == (
        "partner  jurisdiction  shared_tasks  id\n"
        "-------  ------------  ------------  ------------------\n"
        "财政局   龙泉市                   2  dept:龙泉市:财政局\n"
        "经信局   龙泉市                   1  dept:龙泉市:经信局\n")


def test_query_csv_and_json_and_limit(db):
    csv = runner.invoke(app, ["query", "departments-ranked", "--db", db, "-f", "csv", "--limit", "2"])
    assert csv.exit_code == 0
    assert csv.stdout == ("\ufeffdepartment,jurisdiction,led,cooperated,total,id\n"
                          "发改局,龙泉市,1,1,2,dept:龙泉市:发改局\n财政局,龙泉市,1,1,2,dept:龙泉市:财政局\n")
    js = runner.invoke(app, ["query", "departments-ranked", "--db", db, "-f", "json", "-p", "jurisdiction=丽水市"])
    assert json.loads(js.stdout) == [
        {"department": "发改局", "jurisdiction": "丽水市", "led": 1, "cooperated": 0, "total": 1,
         "id": "dept:丽水市:发改局"},
        {"department": "经信局", "jurisdiction": "丽水市", "led": 0, "cooperated": 1, "total": 1,
         "id": "dept:丽水市:经信局"}]


def test_ambiguous_department_lists_candidates(db):
    result = runner.invoke(app, ["query", "department-tasks", "-p", "department=发改局", "--db", db])
    assert result.exit_code == 1
    assert result.stderr == ("error: '发改局' matches 2 Department nodes: dept:丽水市:发改局 (丽水市); "
                             "dept:龙泉市:发改局 (龙泉市); give the jurisdiction or the id\n")


@pytest.mark.parametrize("args, message", [
    (["query", "who-knows"], "error: no named query 'who-knows'; see `policykg query --list`\n"),
    (["query", "goals", "-p", "year"], "error: --param 'year': write it as KEY=VALUE\n"),
    (["query", "department-tasks"], "error: query 'department-tasks' needs --param department=… "
                                    "(department: the department, any alias)\n"),
])
def test_query_errors_are_one_line(db, args, message):
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 1
    assert result.stderr == message


def test_empty_result_says_so_on_stderr(db):
    result = runner.invoke(app, ["query", "tasks-without-lead", "--db", db])
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "(no rows)\n")


def test_cypher_reads_with_parameters(db):
    result = runner.invoke(app, ["cypher", "MATCH (d:Department) WHERE d.jurisdiction = $j RETURN d.name AS name "
                                 "ORDER BY name", "-p", "j=丽水市", "--db", db, "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "\ufeffname\n发改局\n经信局\n"
    typed = runner.invoke(app, ["cypher", "RETURN $n + 1 AS n, $names AS names", "-p", "n=41",
                                "-p", 'names=["a", "b"]', "--db", db, "-f", "json"])
    assert json.loads(typed.stdout) == [{"n": 42, "names": ["a", "b"]}]


def test_cypher_refuses_writes_without_flag_and_changes_nothing(db):
    write = "MATCH (d:Department) SET d.name = 'x' RETURN count(d) AS n"
    refused = runner.invoke(app, ["cypher", write, "--db", db])
    assert refused.exit_code == 1
    assert refused.stderr == ("error: refused without --write: SET changes the graph. Read-only `policykg cypher` runs "
                              "one reading statement (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, CALL show_tables() "
                              "and other procedures that describe the store); --write runs any statement and is for "
                              "trusted input only\n")
    names = runner.invoke(app, ["cypher", "MATCH (d:Department {name: 'x'}) RETURN count(d) AS n", "--db", db,
                                "-f", "csv"])
    assert names.stdout == "\ufeffn\n0\n"
    allowed = runner.invoke(app, ["cypher", write, "--write", "--db", db, "-f", "csv"])
    assert allowed.exit_code == 0 and allowed.stdout == "\ufeffn\n5\n"


def test_cypher_from_file_and_argument_errors(db, tmp_path):
    f = tmp_path / "q.cypher"
    f.write_text("MATCH (p:Plan) RETURN p.title AS title ORDER BY title", encoding="utf-8")
    result = runner.invoke(app, ["cypher", "--file", str(f), "--db", db, "-f", "csv"])
    assert result.stdout == "\ufefftitle\n丽水市乙方案\n龙泉市甲方案\n"
    both = runner.invoke(app, ["cypher", "RETURN 1", "--file", str(f), "--db", db])
    assert both.exit_code == 1 and both.stderr == "error: give a Cypher statement or --file FILE (one of them)\n"
    bad = runner.invoke(app, ["cypher", "MATCH (n:Nope) RETURN n", "--db", db])
    assert bad.exit_code == 1 and bad.stderr.startswith("error: LadybugDB rejected the statement: ")


def test_analyze_centrality_table_has_an_explanation_line(db):
    result = runner.invoke(app, ["analyze", "centrality", "--jurisdiction", "龙泉市", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("collaboration network (departments linked by shared tasks, 龙泉市): 3 nodes, "
                               "3 links. degree = partners;")
    assert lines[1].split() == ["rank", "name", "jurisdiction", "label", "tasks", "degree", "weighted_degree",
                                "betweenness", "pagerank"]  # ids: --wide
    assert [line.split()[1] for line in lines[3:]] == ["发改局", "财政局", "经信局"]


def test_analyze_json_csv_plan_filter_and_limit(db):
    js = runner.invoke(app, ["analyze", "collaboration", "--plan", "龙政办发〔2023〕1号", "--db", db, "-f", "json"])
    assert js.exit_code == 0
    assert js.stderr == "resolved plan → 龙泉市甲方案 [plan:龙泉市甲方案]\n"
    assert [(r["a"], r["b"], r["shared_tasks"]) for r in json.loads(js.stdout)] == [
        ("发改局", "财政局", 2), ("发改局", "经信局", 1), ("经信局", "财政局", 1)]
    csv = runner.invoke(app, ["analyze", "bridges", "--network", "leaders", "--db", db, "-f", "csv", "-n", "1"])
    assert csv.stdout == ("\ufeffname,jurisdiction,label,groups,communities,degree,betweenness,id\n"
                          "叶建华,龙泉市,Leader,3,1,3,1,leader:龙泉市:叶建华\n")


def test_analyze_communities(db):
    result = runner.invoke(app, ["analyze", "communities", "--db", db, "-f", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "\ufeffcommunity,size,internal_weight,hub,members"


def test_on_the_seeds_who_does_dongyang_fagaiju_work_with(seeds, tmp_path):
    from policykg.graph.ingest import load_paths

    path = tmp_path / "seeds.lbdb"
    with open_store(db=path) as store:
        assert load_paths(store, seeds, workers=1).ok
    result = runner.invoke(app, ["query", "department-partners", "-p", "department=东阳市发改局", "--db", str(path),
                                 "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("resolved department=东阳市发改局 → 发展和改革局 (东阳市) [dept:东阳市:")
    partners = json.loads(result.stdout)
    assert len(partners) > 5
    weights = [p["shared_tasks"] for p in partners]
    assert weights == sorted(weights, reverse=True) and weights[0] > 1
    ranked = runner.invoke(app, ["analyze", "centrality", "--jurisdiction", "东阳市", "--db", str(path), "-f", "json"])
    rows = json.loads(ranked.stdout)
    assert rows[0]["rank"] == 1 and rows[0]["pagerank"] >= rows[-1]["pagerank"] and rows[0]["label"] == "Department"
