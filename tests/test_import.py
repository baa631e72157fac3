"""`policykg import`: node-link JSON or GraphML into a store, checked first, all or nothing."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.errors import InputError
from policykg.exchange import importer, json_format
from policykg.exchange.graphml import write_graphml
from policykg.graph.store import open_store
from policykg.queries.stats import counts
from policykg.queries.subgraph import read_graph, to_node_link
from tests.exchange_factory import load_sample


@pytest.fixture
def data(store) -> dict:
    load_sample(store)
    return to_node_link(read_graph(store))


def _write(tmp_path, data, name="g.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _total(store) -> int:
    c = counts(store)
    return sum(c["nodes"].values()) + sum(c["relationships"].values())


def test_cli_import_json_then_again_changes_nothing(data, tmp_path):
    path = _write(tmp_path, data)
    target = tmp_path / "target.lbdb"
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(app, ["import", str(path), "--db", str(target)])
        assert result.exit_code == 0, result.output
        assert result.stdout == f"imported 23 nodes and 38 relationships from {path} into {target}\n"
    with open_store(db=target) as s:
        assert to_node_link(read_graph(s)) == data


def test_cli_import_graphml(data, tmp_path):
    g = read_graph_from(data)
    path = tmp_path / "g.graphml"
    with path.open("w", encoding="utf-8") as f:
        write_graphml(g, f)
    result = CliRunner().invoke(app, ["import", str(path), "--db", str(tmp_path / "t.lbdb")])
    assert result.exit_code == 0, result.output
    with open_store(db=tmp_path / "t.lbdb") as s:
        assert json_format.dumps(to_node_link(read_graph(s))) == json_format.dumps(data)


def read_graph_from(data):
    import networkx as nx

    return nx.node_link_graph(data, multigraph=True, directed=True)


def _broken(data, where: str, change) -> dict:
    bad = json.loads(json.dumps(data))
    change(bad[where])
    return bad


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(nodes=[{**d["nodes"][0], "label": "Person"}]),
     "node #0 ('plan:东阳市乙方案') has unknown label 'Person'; known: Plan, Task, Goal"),
    (lambda d: d["nodes"][0].update(colour="red"),
     "node #0 ('plan:东阳市乙方案', Plan) has unknown property 'colour'; Plan has: name, title"),
    (lambda d: d["nodes"][0].update(start="7"),
     "node #0 ('plan:东阳市乙方案') property 'start' is str '7', expected an integer"),
    (lambda d: d["nodes"][0].update(issuers="甲"),
     "node #0 ('plan:东阳市乙方案') property 'issuers' is str '甲', expected a list of strings"),
    (lambda d: d["nodes"].append(dict(d["nodes"][0])), "node id 'plan:东阳市乙方案' appears twice"),
    (lambda d: d["nodes"][0].pop("id"), "node #0 has no string id"),
    (lambda d: d["edges"][0].update(type="KNOWS"), "link #0 has unknown relationship type 'KNOWS'; known: HAS_TASK"),
    (lambda d: d["edges"][0].update(weight=1.0), "link #0 (HAS_TASK) has unknown property 'weight'; HAS_TASK has:"),
    (lambda d: d["edges"][0].update(type="LEADS"), "link #0 (LEADS) joins Plan to Task; LEADS allows Department->Task"),
    (lambda d: d["edges"][0].update(target="task:nowhere"),
     "link #0 (HAS_TASK) points at 'task:nowhere', which is neither in the file nor in the store"),
    (lambda d: d.pop("nodes"), 'not node-link data (expected an object with "nodes" and "edges" or "links")'),
])
def test_invalid_files_fail_with_one_line_naming_the_file(data, tmp_path, change, message):
    bad = json.loads(json.dumps(data))
    change(bad)
    path = _write(tmp_path, bad)
    target = tmp_path / "target.lbdb"
    result = CliRunner().invoke(app, ["import", str(path), "--db", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: {message}"), result.stderr
    assert result.stderr.count("\n") == 1
    with open_store(db=target) as s:
        assert _total(s) == 0


def test_wrong_suffix_and_bad_json(tmp_path):
    (tmp_path / "g.csv").write_text("a,b")
    (tmp_path / "g.json").write_text("{not json")
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(tmp_path / "g.csv"), "--db", str(tmp_path / "t.lbdb")])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {tmp_path / 'g.csv'}: cannot import .csv; give a .json (node-link) or "
                             ".graphml file written by `policykg export`\n")
    result = runner.invoke(app, ["import", str(tmp_path / "g.json"), "--db", str(tmp_path / "t.lbdb")])
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {tmp_path / 'g.json'}: not valid UTF-8 JSON")
    result = runner.invoke(app, ["import", str(tmp_path / "none.json"), "--db", str(tmp_path / "t.lbdb")])
    assert result.stderr == f"error: {tmp_path / 'none.json'}: no such file\n"


def test_bad_graphml_is_an_input_error(tmp_path):
    path = tmp_path / "g.graphml"
    path.write_text("<graphml><node id='a'>", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable GraphML file"):
        importer.read_file(path)


def test_edges_may_point_at_nodes_already_in_the_store(data, tmp_path):
    with open_store(db=tmp_path / "t.lbdb") as s:
        nodes_only = {**data, "edges": []}
        importer.import_file(s, _write(tmp_path, nodes_only, "nodes.json"))
        links_only = {**data, "nodes": []}
        result = importer.import_file(s, _write(tmp_path, links_only, "links.json"))
        assert (result.nodes, result.edges) == (0, 38)
        assert to_node_link(read_graph(s)) == data


def test_a_failure_while_writing_leaves_the_store_as_it_was(data, tmp_path, monkeypatch):
    path = _write(tmp_path, data)
    with open_store(db=tmp_path / "t.lbdb") as s:
        def boom(*args, **kwargs):
            raise InputError("disk on fire")

        monkeypatch.setattr(importer, "merge_edges", boom)
        with pytest.raises(InputError, match="disk on fire"):
            importer.import_file(s, path)
        assert _total(s) == 0  # the nodes merged before the failure were rolled back


def test_ignores_networkx_edge_keys_and_accepts_integers_for_doubles(data, tmp_path):
    g = read_graph_from(data)
    import networkx as nx

    plain = nx.node_link_data(g, edges="links")  # networkx adds "key" to every link
    assert "key" in plain["links"][0]
    goal = next(n for n in plain["nodes"] if n["label"] == "Goal")
    goal["value"] = 8
    with open_store(db=tmp_path / "t.lbdb") as s:
        importer.import_file(s, _write(tmp_path, plain))
        assert s.run("MATCH (g:Goal {id: $id}) RETURN g.value AS v", {"id": goal["id"]})[0]["v"] == 8.0


def test_graphml_saved_again_with_drawing_keys_still_imports(data, tmp_path):
    buf = io.StringIO()
    write_graphml(read_graph_from(data), buf)
    text = buf.getvalue().replace(
        '<key id="n_labels"', '<key id="n_x" for="node" attr.name="x" attr.type="double"/>\n  <key id="n_labels"'
    ).replace('<data key="n_labels">', '<data key="n_x">1.5</data><data key="n_labels">')
    path = tmp_path / "g.graphml"
    path.write_text(text, encoding="utf-8")
    with open_store(db=tmp_path / "t.lbdb") as s:
        assert importer.import_file(s, path).nodes == 23
