"""`policykg copy`: stream one store into another in batches, idempotently (MERGE on id)."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.exchange.copy import copy_graph
from policykg.graph.store import open_store
from policykg.queries.stats import counts
from policykg.queries.subgraph import read_graph, to_node_link
from tests.exchange_factory import load_sample


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "source.lbdb"
    with open_store(db=path) as s:
        load_sample(s)
        want = to_node_link(read_graph(s))
    return path, want


def test_copy_embedded_to_embedded_in_small_batches_twice(source, tmp_path):
    path, want = source
    batches = []
    with open_store(db=path, read_only=True) as src, open_store(db=tmp_path / "t.lbdb") as dst:
        first = copy_graph(src, dst, batch=2, on_batch=lambda what, n: batches.append((what, n)))
        second = copy_graph(src, dst, batch=1000)
        assert to_node_link(read_graph(dst)) == want
    assert (first.nodes, first.edges) == (second.nodes, second.edges) == (23, 38)
    assert max(n for _, n in batches) == 2 and ("Task", 2) in batches and ("LEADS", 2) in batches


def test_copy_into_a_store_that_already_has_other_plans_keeps_them(source, tmp_path):
    path, want = source
    from policykg.graph.writer import write_document
    from tests.records_factory import make_doc

    with open_store(db=tmp_path / "t.lbdb") as dst:
        write_document(dst, make_doc("c.txt", title="东阳市丙方案", doc_number="东政发〔2022〕7号", sha="3"))
        before = counts(dst)["nodes"]["Plan"]
        with open_store(db=path, read_only=True) as src:
            copy_graph(src, dst)
        assert counts(dst)["nodes"]["Plan"] == before + 4 - 0  # the sample's 4 plans, 丙 kept
        assert dst.run("MATCH (p:Plan {id: 'plan:东阳市丙方案'}) RETURN p.source AS s")[0]["s"] == "c.txt"


def test_cli_copy_to_db(source, tmp_path):
    path, want = source
    target = tmp_path / "t.lbdb"
    result = CliRunner().invoke(app, ["copy", "--db", str(path), "--to-db", str(target), "--batch", "5"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"copied 23 nodes and 38 relationships from {path} to {target}\n"
    with open_store(db=target) as s:
        assert to_node_link(read_graph(s)) == want


def test_cli_copy_needs_exactly_one_target(source, tmp_path):
    path, _ = source
    runner = CliRunner()
    result = runner.invoke(app, ["copy", "--db", str(path)])
    assert result.exit_code == 1
    assert result.stderr == "error: give one target: --to-neo4j-uri bolt://host:7687 or --to-db PATH\n"
    result = runner.invoke(app, ["copy", "--db", str(path), "--to-db", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}: the target is the source; choose another --to-db\n"


def test_cli_copy_from_a_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["copy", "--db", str(tmp_path / "none.lbdb"), "--to-db", str(tmp_path / "t")])
    assert result.exit_code == 1
    assert "no graph database here yet" in result.stderr


def test_cli_copy_to_an_unreachable_neo4j(source):
    path, _ = source
    result = CliRunner().invoke(app, ["copy", "--db", str(path), "--to-neo4j-uri", "bolt://127.0.0.1:1"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot reach Neo4j at bolt://127.0.0.1:1")


def _canonical(data: dict) -> tuple[list, list]:
    """Node-link data without order (stores may list nodes and edges differently)."""
    nodes = sorted((n for n in data["nodes"]), key=lambda n: n["id"])
    links = sorted((link for link in data["edges"]), key=lambda e: (e["source"], e["target"], e["type"]))
    return nodes, links


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
def test_every_statement_copy_and_import_send_parses_in_neo4j(source, tmp_path, sent_cypher):
    import json

    from policykg.exchange.importer import import_file
    from policykg.graph.schema import NODES, RELATIONSHIPS, property_keys
    from tests.neo4j_lint import assert_neo4j_valid

    path, want = source
    (tmp_path / "g.json").write_text(json.dumps(want, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "links.json").write_text(json.dumps({**want, "nodes": []}, ensure_ascii=False), encoding="utf-8")
    with open_store(db=path, read_only=True) as src, open_store(db=tmp_path / "t.lbdb") as dst:
        copy_graph(src, dst)
        import_file(dst, tmp_path / "links.json")  # endpoints looked up in the store
    with open_store(db=tmp_path / "u.lbdb") as dst:
        import_file(dst, tmp_path / "g.json")
    sent = sent_cypher()
    assert any(q.startswith("UNWIND $ids AS i MATCH") for q in sent) and len(sent) > 20
    # `a`/`b` are the row maps' endpoint keys, not stored properties.
    assert_neo4j_valid([(f"sent {i}", q) for i, q in enumerate(sent)], labels=NODES, rel_types=RELATIONSHIPS,
                       property_keys=[*property_keys(), "a", "b"], fail_on_warnings=True)


neo4j = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="needs a Neo4j server at $NEO4J_URI")


def _clear(store, data: dict) -> None:
    ids = [n["id"] for n in data["nodes"]]
    for label in {n["label"] for n in data["nodes"]}:
        store.run(f"MATCH (n:{label}) WHERE n.id IN $ids DETACH DELETE n", {"ids": ids})


@pytest.mark.neo4j
@neo4j
def test_copy_embedded_to_neo4j_is_idempotent(source):
    path, want = source
    with open_store(db=path, read_only=True) as src, open_store(neo4j_uri=os.environ["NEO4J_URI"]) as dst:
        _clear(dst, want)
        copy_graph(src, dst, batch=3)
        copy_graph(src, dst, batch=3)
        got = read_graph(dst).subgraph([n["id"] for n in want["nodes"]]).copy()
        assert _canonical(to_node_link(got)) == _canonical(want)
        _clear(dst, want)


@pytest.mark.neo4j
@neo4j
def test_cypher_script_rebuilds_the_graph_on_neo4j(source, tmp_path):
    from policykg.exchange.cypher_script import write_cypher

    path, want = source
    with open_store(db=path, read_only=True) as src:
        script = tmp_path / "g.cypher"
        with script.open("w", encoding="utf-8") as f:
            write_cypher(read_graph(src), f)
    with open_store(neo4j_uri=os.environ["NEO4J_URI"]) as dst:
        _clear(dst, want)
    result = CliRunner().invoke(app, ["cypher", "--write", "--file", str(script),
                                      "--neo4j-uri", os.environ["NEO4J_URI"]])
    assert result.exit_code == 0, result.output
    with open_store(neo4j_uri=os.environ["NEO4J_URI"]) as dst:
        got = read_graph(dst).subgraph([n["id"] for n in want["nodes"]]).copy()
        assert _canonical(to_node_link(got)) == _canonical(want)
        _clear(dst, want)
