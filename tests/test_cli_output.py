"""What `query`, `cypher`, `analyze` and `export` print and write for people and other tools (issue 14).

Tables fit an 80-column terminal; cypher shows nodes, relationships and paths as summaries and
names columns as written; messages name the missing parameter or the fix; CSV opens in Excel
(BOM) without running formulas; JSON reads with networkx's defaults; GEXF/GraphML carry colours.
All against real embedded stores: the bundled examples, or two small hand-made plans.
"""

from __future__ import annotations

import json
import unicodedata
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.ingest import load_paths
from policykg.graph.store import open_store
from policykg.graph.writer import write_document
from policykg.queries.output import cut, show, width
from policykg.visualizations.style import NODE_STYLES
from tests.conftest import EXAMPLES
from tests.test_queries_factory import doc

runner = CliRunner()


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("out") / "g.lbdb"
    with open_store(db=path) as store:
        assert not load_paths(store, [EXAMPLES], workers=1).failed
    return str(path)


@pytest.fixture
def small_db(tmp_path):
    path = tmp_path / "g.lbdb"
    with open_store(db=path) as store:
        write_document(store, doc("a.txt", "=1+1龙泉市甲方案", "龙泉市", [(["发改局"], ["财政局"], ["叶建华"])]))
        write_document(store, doc("b.txt", "丽水市乙方案", "丽水市", [(["发改局"], ["经信局"], [])]))
    return str(path)


# -- tables that fit a terminal ---------------------------------------------------

def test_department_tasks_fit_an_80_column_terminal(examples_db):
    args = ["query", "department-tasks", "-p", "department=龙泉市财政局", "--db", examples_db]
    result = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + 9 and max(display_width(line) for line in lines) <= 80
    assert lines[0].split() == ["plan", "section", "number", "task", "role", "deadline"]  # no id
    assert "task:" not in result.stdout and "…" in result.stdout
    assert result.stderr.endswith("id not shown; long text cut to fit 80 columns "
                                  "(--wide shows everything, --columns a,b picks)\n")
    wide = runner.invoke(app, [*args, "--wide"], env={"COLUMNS": "80"})
    assert max(display_width(line) for line in wide.stdout.splitlines()) > 200
    assert "task:龙泉市山区县高质量发展综合改革总体方案:二/(一)/1" in wide.stdout


def test_columns_choose_and_limit_says_how_many_rows_there_were(examples_db):
    result = runner.invoke(app, ["query", "department-tasks", "-p", "department=龙泉市财政局", "--db", examples_db,
                                 "--columns", "number,task", "--limit", "2"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert result.stdout == ("number  task\n------  ------------\n3       加强人才培育\n4       强化金融支持\n")
    assert result.stderr == ("resolved department=龙泉市财政局 → 财政局 (龙泉市) [dept:龙泉市:财政局]\n"
                             "showing 2 of 9 rows\n")
    bad = runner.invoke(app, ["query", "plans", "--db", examples_db, "--columns", "plan,nope"])
    assert bad.exit_code == 1
    assert bad.stderr == ("error: --columns nope: no such column; this result has: plan, doc_number, date, "
                          "jurisdiction, tasks, file, id\n")


def test_cut_counts_wide_characters_double():
    assert cut("龙泉市财政局", 7) == "龙泉市…" and width("龙泉市…") == 7
    assert cut("ＡＢＣ", 4) == "Ａ…"  # fullwidth Latin (F) is wide too
    table = show([{"t": "关于加快青瓷宝剑产业高质量发展的若干意见", "n": 12345}], ["t", "n"], width=20).text
    assert max(width(line) for line in table.splitlines()) <= 20 and table.splitlines()[2].endswith("12345")


# -- cypher: nodes, paths, headers -------------------------------------------------

def test_cypher_prints_nodes_as_summaries_and_json_objects(examples_db):
    statement = "MATCH (d:Department {id: 'dept:龙泉市:财政局'}) RETURN d"
    table = runner.invoke(app, ["cypher", statement, "--db", examples_db])
    assert table.exit_code == 0, table.output
    assert table.stdout == "d\n--------------------------\n(:Department 龙泉市财政局)\n"
    js = runner.invoke(app, ["cypher", statement, "--db", examples_db, "-f", "json"])
    node = json.loads(js.stdout)[0]["d"]
    assert node["label"] == "Department" and node["id"] == "dept:龙泉市:财政局" and node["name"] == "财政局"


def test_cypher_prints_paths_as_chains_without_nulls(examples_db):
    statement = ("MATCH p = (d:Department {id: 'dept:龙泉市:财政局'})-[:LEADS]->(t:Task) RETURN p")
    table = runner.invoke(app, ["cypher", statement, "--db", examples_db, "--wide"])
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[2] == "(:Department 龙泉市财政局)-[:LEADS]->(:Task 组建国有资本投资运营平台)"
    path = json.loads(runner.invoke(app, ["cypher", statement, "--db", examples_db, "-f", "json"]).stdout)[0]["p"]
    assert [n["label"] for n in path["nodes"]] == ["Department", "Task"]
    assert path["relationships"][0]["type"] == "LEADS"
    assert None not in path["nodes"][0].values() and "title" not in path["nodes"][0]


def test_a_relationship_list_prints_its_ends_as_unknown(examples_db):
    # LadybugDB returns a variable-length relationship with the nodes between its steps only
    statement = "MATCH (d:Department {id: 'dept:龙泉市:财政局'})-[r:LEADS*1..1]->(:Task) RETURN r LIMIT 1"
    result = runner.invoke(app, ["cypher", statement, "--db", examples_db])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2] == "()-[:LEADS]->()"


def test_cypher_headers_are_the_expressions_written(examples_db):
    result = runner.invoke(app, ["cypher", "MATCH (d:Department)-[r]->(:Task) RETURN label(r), count(*) "
                                 "ORDER BY count(*) DESC", "--db", examples_db])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == ["label(r)       count(*)", "-------------  --------",
                                              "COOPERATES_ON        90"]


def test_an_empty_cypher_result_keeps_its_csv_header(examples_db):
    result = runner.invoke(app, ["cypher", "MATCH (d:Department {name: '无'}) RETURN d.name AS name, d.id",
                                 "--db", examples_db, "-f", "csv"])
    assert result.exit_code == 0 and result.stdout == "\ufeffname,d.id\n"


# -- messages ----------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["cypher", "MATCH (d:Department) WHERE d.name = $k RETURN d.name"],
     "error: parameter k has no value; give it with -p k=…\n"),
    (["cypher", "MATCH (d:Department) WHERE d.name = $k OR d.id = $`the id` RETURN d.name", "-p", "x=1"],
     "error: parameters k, the id have no value; give them with -p k=… -p the id=…\n"),
    (["cypher", "MATCH ()-[r]->() RETURN type(r) LIMIT 1"],
     "error: type(r) is Neo4j's; use label(r) on the embedded store (LadybugDB rejected the statement: "
     "Catalog exception: function TYPE does not exist.)\n"),
    (["analyze", "communities", "--plan", "没有的方案"],
     "error: no Plan matches '没有的方案'; see the names `policykg query plans` lists\n"),
    (["query", "departments-ranked", "-p", "jurisdiction=东阳"],
     "error: no jurisdiction matches '东阳'; the graph has: 丽水市, 吴江区, 镜湖区, 龙泉市\n"),
])
def test_messages_say_what_to_do(examples_db, args, message):
    result = runner.invoke(app, [*args, "--db", examples_db])
    assert result.exit_code == 1
    assert result.stderr == message


def test_a_parameter_named_in_a_string_is_not_asked_for(examples_db):
    result = runner.invoke(app, ["cypher", "RETURN '$k' AS k", "--db", examples_db])
    assert result.exit_code == 0 and result.stdout == "k\n--\n$k\n"


def test_a_shortened_jurisdiction_resolves_like_a_department(examples_db):
    result = runner.invoke(app, ["query", "departments-ranked", "-p", "jurisdiction=龙泉", "--db", examples_db,
                                 "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "resolved jurisdiction=龙泉 → 龙泉市\n"
    rows = json.loads(result.stdout)
    assert rows and {r["jurisdiction"] for r in rows} == {"龙泉市"}


# -- export selections ----------------------------------------------------------------

def test_export_selectors_that_share_no_node_are_an_error(examples_db):
    result = runner.invoke(app, ["export", "--department", "龙泉市财政局", "--plan", "jinghu_action_plan.txt",
                                 "--db", examples_db])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("error: the selection is empty: --plan jinghu_action_plan.txt keeps 34 nodes; "
                             "--department 龙泉市财政局 keeps 10 nodes, and they share none (selectors of "
                             "different kinds intersect: a node must match all of them); export them one at a time\n")
    both = runner.invoke(app, ["export", "--department", "龙泉市财政局", "--plan", "longquan_reform_plan.txt",
                               "--db", examples_db])
    assert both.exit_code == 0 and both.stderr == "wrote 8 nodes and 7 relationships (json)\n"
    assert "intersect" in " ".join(runner.invoke(app, ["export", "--help"]).stdout.split())


def test_export_labels_that_leave_nothing_are_an_error(examples_db):
    result = runner.invoke(app, ["export", "--department", "龙泉市财政局", "--labels", "Goal", "--db", examples_db])
    assert result.exit_code == 1
    assert result.stderr == ("error: the selection is empty: --department 龙泉市财政局 keeps 10 nodes, but "
                             "--labels Goal leaves no node\n")


# -- files other tools open -----------------------------------------------------------

def test_json_export_reads_with_networkx_defaults(examples_db, tmp_path):
    out = tmp_path / "g.json"
    assert runner.invoke(app, ["export", "-o", str(out), "--db", examples_db]).exit_code == 0
    with out.open(encoding="utf-8") as f:
        g = nx.node_link_graph(json.load(f))
    assert g.is_directed() and g.is_multigraph()
    assert (g.number_of_nodes(), g.number_of_edges()) == (170, 247)
    back = runner.invoke(app, ["import", str(out), "--db", str(tmp_path / "copy.lbdb")])
    assert back.exit_code == 0 and "imported 170 nodes and 247 relationships" in back.stdout


def test_query_csv_has_a_bom_and_neutralises_formulas(small_db):
    result = runner.invoke(app, ["query", "plans", "--db", small_db, "-f", "csv", "--columns", "plan,tasks"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "\ufeffplan,tasks\n丽水市乙方案,1\n'=1+1龙泉市甲方案,1\n"
    cells = runner.invoke(app, ["cypher", "RETURN '=1+1' AS a, '+x' AS b, '-3' AS c, -3 AS d, '@s' AS e, "
                                "'\tx' AS f, 'ok' AS g", "--db", small_db, "-f", "csv"])
    assert cells.stdout == "\ufeffa,b,c,d,e,f,g\n'=1+1,'+x,'-3,-3,'@s,'\tx,ok\n"


def test_an_empty_query_result_keeps_its_csv_header(small_db):
    result = runner.invoke(app, ["query", "departments-ranked", "-p", "jurisdiction=丽水市", "--db", small_db,
                                 "-f", "csv", "--limit", "0"])
    assert result.exit_code == 0
    assert result.stdout == "\ufeffdepartment,jurisdiction,led,cooperated,total,id\n"


def test_neo4j_admin_csv_has_no_bom(small_db, tmp_path):
    assert runner.invoke(app, ["export", "-f", "csv", "-o", str(tmp_path / "d"), "--db", small_db]).exit_code == 0
    assert not (tmp_path / "d" / "nodes.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_gexf_and_graphml_carry_the_maps_colours(small_db, tmp_path):
    for fmt in ("gexf", "graphml"):
        assert runner.invoke(app, ["export", "-f", fmt, "-o", str(tmp_path / f"g.{fmt}"), "--db", small_db]
                             ).exit_code == 0
    root = ET.parse(tmp_path / "g.gexf").getroot()
    viz = "{http://www.gexf.net/1.2draft/viz}"
    plan = next(n for n in root.iter("{http://www.gexf.net/1.2draft}node") if n.get("id") == "plan:丽水市乙方案")
    color = plan.find(f"{viz}color")
    assert "#%02X%02X%02X" % tuple(int(color.get(c)) for c in "rgb") == NODE_STYLES["Plan"].color
    assert float(plan.find(f"{viz}size").get("value")) >= 7
    g = nx.read_gexf(tmp_path / "g.gexf")
    assert g.nodes["dept:丽水市:发改局"]["viz"]["color"] == {"r": 0, "g": 158, "b": 115, "a": 1.0}
    gm = nx.read_graphml(tmp_path / "g.graphml")
    dept = gm.nodes["dept:丽水市:发改局"]
    assert (dept["color"], dept["r"], dept["g"], dept["b"]) == (NODE_STYLES["Department"].color, 0, 158, 115)
    assert dept["size"] >= 7
    again = runner.invoke(app, ["import", str(tmp_path / "g.graphml"), "--db", str(tmp_path / "back.lbdb")])
    assert again.exit_code == 0, again.output  # the drawing keys are dropped on import


def test_an_unknown_output_format_is_an_input_error_naming_the_choices():
    from policykg.errors import InputError
    from policykg.queries.output import render

    with pytest.raises(InputError, match=r"unknown format 'xml'; use one of table, json, csv"):
        render([{"a": 1}], ["a"], "xml")
