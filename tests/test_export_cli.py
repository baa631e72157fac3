"""`policykg export`: one selection, many formats, exact messages."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.graph.store import open_store
from tests.exchange_factory import NASTY, NASTY_PLAN_ID, load_sample


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "graph.lbdb"
    with open_store(db=path) as store:
        load_sample(store)
    return path


def run(*args: str):
    return CliRunner().invoke(app, ["export", *args])


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _labels(data) -> set[str]:
    return {n["label"] for n in data["nodes"]}


def test_whole_graph_to_stdout_as_json(db):
    data = _json(run("--db", str(db)))
    assert len(data["nodes"]) == 23 and len(data["edges"]) == 38
    assert "wrote 23 nodes and 38 relationships (json)" in run("--db", str(db)).stderr


@pytest.mark.parametrize("fmt, start", [("graphml", '<?xml version="1.0" encoding="UTF-8"?>\n<graphml'),
                                        ("gexf", '<?xml version="1.0" encoding="UTF-8"?>\n<gexf'),
                                        ("cypher", "// policykg graph: 23 nodes, 38 relationships.")])
def test_text_formats_go_to_stdout(db, fmt, start):
    result = run("--db", str(db), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)


def test_files_and_folders_with_out(db, tmp_path):
    for fmt in ("json", "graphml", "gexf", "cypher"):
        out = tmp_path / "out" / f"g.{fmt}"
        result = run("--db", str(db), "-f", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert result.stderr == f"wrote 23 nodes and 38 relationships to {out} ({fmt})\n"
        assert out.stat().st_size > 1000
    folder = tmp_path / "csv"
    result = run("--db", str(db), "-f", "csv", "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["IMPORT.txt", "nodes.csv", "relationships.csv"]


def test_csv_needs_a_folder(db, tmp_path):
    result = run("--db", str(db), "-f", "csv")
    assert result.exit_code == 1
    assert result.stderr == "error: --format csv writes files: give --out with a folder for nodes.csv and relationships.csv\n"
    (tmp_path / "file").write_text("x")
    result = run("--db", str(db), "-f", "csv", "-o", str(tmp_path / "file"))
    assert result.exit_code == 1
    assert "this is a file" in result.stderr


def test_plan_selection_keeps_that_plan_and_its_agents(db):
    data = _json(run("--db", str(db), "--plan", "东阳市甲方案"))
    ids = {n["id"] for n in data["nodes"]}
    assert "plan:东阳市甲方案" in ids and NASTY_PLAN_ID not in ids
    assert {"task:a.txt:1", "task:a.txt:2", "dept:东阳市:发展和改革局", "leader:东阳市:李明"} <= ids
    assert not any(i.startswith("task:b.txt") for i in ids)


def test_plans_are_repeatable_and_match_by_file_name(db):
    data = _json(run("--db", str(db), "--plan", "a.txt", "--plan", "b.txt"))
    ids = {n["id"] for n in data["nodes"]}
    assert {"plan:东阳市甲方案", "plan:东阳市乙方案"} <= ids and NASTY_PLAN_ID not in ids


def test_department_by_alias_with_hops(db):
    one = _json(run("--db", str(db), "--department", "市发改局", "--hops", "1"))
    two = _json(run("--db", str(db), "--department", "市发改局", "--hops", "2"))
    assert _labels(one) == {"Department", "Task"}
    assert {"Plan", "Leader"} <= _labels(two)
    assert len(two["nodes"]) > len(one["nodes"])


def test_nasty_names_select_and_survive(db):
    data = _json(run("--db", str(db), "--department", f"{NASTY}局", "--hops", "1"))
    names = {n["name"] for n in data["nodes"]}
    assert f"{NASTY}局" in names and f"{NASTY}任务" in names


def test_labels_and_types_filters(db):
    data = _json(run("--db", str(db), "--labels", "Plan,Task", "--types", "HAS_TASK"))
    assert _labels(data) == {"Plan", "Task"}
    assert {link["type"] for link in data["edges"]} == {"HAS_TASK"}
    data = _json(run("--db", str(db), "--labels", "Department", "--labels", "Task"))
    assert _labels(data) == {"Department", "Task"}


def test_a_named_query_as_the_subgraph(db):
    data = _json(run("--db", str(db), "--query", "department-tasks", "--param", "department=财政局"))
    ids = {n["id"] for n in data["nodes"]}
    assert "dept:东阳市:财政局" in ids and "task:a.txt:1" in ids
    assert {link["type"] for link in data["edges"]} == {"COOPERATES_ON"}


def test_unknown_label_is_one_line(db):
    result = run("--db", str(db), "--labels", "Person")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown node label 'Person'; known: Plan, Task")
    assert result.stderr.count("\n") == 1


def test_unknown_plan_and_bad_param(db):
    result = run("--db", str(db), "--plan", "没有的方案")
    assert result.exit_code == 1 and "no plan matches '没有的方案'" in result.stderr
    result = run("--db", str(db), "--query", "department-tasks", "--param", "department")
    assert result.exit_code == 1
    assert result.stderr == "error: --param 'department': write it as KEY=VALUE\n"


def test_hops_needs_a_centre(db):
    result = run("--db", str(db), "--plan", "a.txt", "--hops", "2")
    assert result.exit_code == 1
    assert result.stderr == "error: --hops needs a centre: --department, --leader or --place\n"


def test_param_needs_a_query(db):
    result = run("--db", str(db), "--param", "department=财政局")
    assert result.exit_code == 1
    assert result.stderr == "error: --param needs --query NAME (the named query it feeds)\n"


def test_unknown_format_is_refused_by_the_option(db):
    result = run("--db", str(db), "--format", "xlsx")
    assert result.exit_code == 2


def test_html_writes_the_map_of_the_selection(db, tmp_path):
    out = tmp_path / "map.html"
    result = run("--db", str(db), "--format", "html", "--plan", "东阳市甲方案", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "东阳市甲方案" in html and NASTY not in html


def test_html_needs_an_out_file(db):
    result = run("--db", str(db), "--format", "html")
    assert result.exit_code == 1
    assert result.stderr == "error: --format html writes files: give --out with an .html file\n"


def test_html_of_the_nasty_plan_keeps_its_text_inert(db, tmp_path):
    pytest.importorskip("policykg.visualizations.render")
    out = tmp_path / "nasty.html"
    result = run("--db", str(db), "--format", "html", "--plan", NASTY_PLAN_ID, "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("</script>") == html.count("<script")  # the title's </script> opened nothing
    assert "DETACH DELETE n" in html and "😀" in html  # the text is there, as data
