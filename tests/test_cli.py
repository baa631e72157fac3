"""The CLI: exit codes and exact messages, on a real embedded store."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from policykg.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["load", "stats", "export", "demo", "remove"])
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--db" in result.output


def test_stats_on_missing_store_is_one_line_error(tmp_path):
    db = tmp_path / "none.lbdb"
    result = runner.invoke(app, ["stats", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {db}: no graph database here yet; run `policykg load FILES --db {db}` first\n"


def test_load_missing_path_is_one_line_error(tmp_path):
    result = runner.invoke(app, ["load", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "g.lbdb")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nope.txt'}: no such file or folder\n"
    assert "Traceback" not in result.output


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


DOC = """东阳市测试改革方案
一、主要任务
1.建立企业综合评价体系。完善评价办法。
牵头领导:李宝明
牵头单位:市经信局
配合单位:市财税局、国土局
2.推进金融服务创新。
牵头单位:市金融办
配合单位:人行
"""


def test_load_stats_export_round_trip(tmp_path):
    db = str(tmp_path / "g.lbdb")
    doc = _write(tmp_path, "plan.txt", DOC)
    result = runner.invoke(app, ["load", str(doc), "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "loaded 1, unchanged 0, failed 0" in result.stdout
    again = runner.invoke(app, ["load", str(doc), "--db", db, "--workers", "1"])
    assert "loaded 0, unchanged 1, failed 0" in again.stdout

    stats = runner.invoke(app, ["stats", "--db", db, "--format", "json"])
    counts = json.loads(stats.stdout)
    assert counts["nodes"]["Plan"] == 1 and counts["nodes"]["Task"] == 2
    assert counts["relationships"]["LEADS"] == 3  # 2 departments + 1 leader
    assert counts["relationships"]["COOPERATES_ON"] == 3

    out = tmp_path / "g.json"
    exported = runner.invoke(app, ["export", "--format", "json", "--out", str(out), "--db", db])
    assert exported.exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    g = nx.node_link_graph(data)  # default arguments: the installed networkx reads it as written
    plan = next(n for n, d in g.nodes(data=True) if d["label"] == "Plan")
    assert g.nodes[plan]["source"] == "plan.txt"
    tasks = [b for _, b, d in g.out_edges(plan, data=True) if d["type"] == "HAS_TASK"]
    assert len(tasks) == 2
    leads = {(g.nodes[a]["label"], g.nodes[a]["name"]) for a, b, d in g.edges(data=True) if d["type"] == "LEADS"}
    assert ("Leader", "李宝明") in leads
    assert any(lbl == "Department" for lbl, _ in leads)
    cooperating = [d for a, b, d in g.edges(data=True) if d["type"] == "COOPERATES_ON"]
    assert all(d["role"] == "配合单位" and d["source_doc"] == "plan.txt" for d in cooperating)


def test_bad_file_fails_alone_and_exit_code_counts_failures(tmp_path):
    db = str(tmp_path / "g.lbdb")
    good = _write(tmp_path, "good.txt", DOC)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\xff" * 50)
    result = runner.invoke(app, ["load", str(good), str(bad), "--db", db, "--workers", "1"])
    assert result.exit_code == 1
    assert "loaded 1, unchanged 0, failed 1" in result.stdout
    failure = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failure) == 1 and "bad.txt" in failure[0]


def test_remove_forgets_a_loaded_document_and_refuses_unknown_names(tmp_path):
    from policykg.graph.store import open_store
    from policykg.queries.stats import counts
    from tests.conftest import EXAMPLES

    db = str(tmp_path / "g.lbdb")
    runner = CliRunner()
    assert runner.invoke(app, ["load", str(EXAMPLES), "--db", db, "--workers", "1"]).exit_code == 0
    with open_store(db=tmp_path / "g.lbdb", read_only=True) as store:
        before = counts(store)
    bad = runner.invoke(app, ["remove", "jinghu_action_plan.txt", "nope.txt", "--db", db])
    assert bad.exit_code == 1
    assert bad.stderr == ("error: nope.txt: no loaded document is stored under this name (nothing removed); "
                          "`policykg query plans` lists them in its file column\n")
    ok = runner.invoke(app, ["remove", "jinghu_action_plan.txt", "--db", db])
    assert ok.exit_code == 0 and ok.stdout.startswith("removed 1 document(s)\n")
    with open_store(db=tmp_path / "g.lbdb", read_only=True) as store:
        after = counts(store)
        assert store.run("MATCH (n:Task) WHERE n.source = 'jinghu_action_plan.txt' RETURN count(n) AS n") == [{"n": 0}]
        assert store.run("MATCH (p:Plan) WHERE p.source = 'jinghu_action_plan.txt' RETURN p.id") == []
    assert after["nodes"]["Task"] < before["nodes"]["Task"] and after["nodes"]["Plan"] <= before["nodes"]["Plan"]
    again = runner.invoke(app, ["load", str(EXAMPLES), "--db", db, "--workers", "1"])
    assert again.exit_code == 0
    with open_store(db=tmp_path / "g.lbdb", read_only=True) as store:
        assert counts(store) == before  # loading it again restores exactly what was there
