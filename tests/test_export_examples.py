"""The bundled examples, loaded by the real pipeline, through every exchange path and back."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from policykg.exchange import csv_admin, cypher_script, gexf, graphml, json_format
from policykg.exchange.copy import copy_graph
from policykg.exchange.importer import import_file
from policykg.graph.ingest import load_paths
from policykg.graph.store import open_store
from policykg.queries.subgraph import read_graph, to_node_link
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    path = tmp_path_factory.mktemp("examples") / "graph.lbdb"
    with open_store(db=path) as store:
        summary = load_paths(store, [EXAMPLES], workers=1)
        assert summary.loaded and not summary.failed
        g = read_graph(store)
    assert g.number_of_nodes() > 100 and g.number_of_edges() > 100
    return path, g


def _json(g) -> str:
    return json_format.dumps(to_node_link(g))


@pytest.mark.parametrize("suffix, writer", [(".json", json_format.write_json), (".graphml", graphml.write_graphml)])
def test_file_round_trips(examples, tmp_path, suffix, writer):
    _, g = examples
    path = tmp_path / f"g{suffix}"
    with path.open("w", encoding="utf-8") as f:
        writer(g, f)
    with open_store(db=tmp_path / "t.lbdb") as s:
        import_file(s, path)
        assert _json(read_graph(s)) == _json(g)


def test_cypher_script_and_copy_round_trip(examples, tmp_path):
    path, g = examples
    buf = io.StringIO()
    cypher_script.write_cypher(g, buf)
    with open_store(db=tmp_path / "script.lbdb") as s:
        cypher_script.run_script(s, buf.getvalue())
        assert _json(read_graph(s)) == _json(g)
    with open_store(db=path, read_only=True) as src, open_store(db=tmp_path / "copy.lbdb") as dst:
        copy_graph(src, dst, batch=7)
        assert _json(read_graph(dst)) == _json(g)


def test_gexf_and_csv_hold_every_node_and_edge(examples, tmp_path):
    _, g = examples
    buf = io.StringIO()
    gexf.write_gexf(g, buf)
    back = nx.read_gexf(io.StringIO(buf.getvalue()))
    assert set(back.nodes) == set(g.nodes) and back.number_of_edges() == g.number_of_edges()
    csv_admin.write_csv(g, tmp_path)
    import csv

    with (tmp_path / "nodes.csv").open(encoding="utf-8", newline="") as f:
        assert sum(1 for _ in csv.reader(f)) == g.number_of_nodes() + 1
    with (tmp_path / "relationships.csv").open(encoding="utf-8", newline="") as f:
        assert sum(1 for _ in csv.reader(f)) == g.number_of_edges() + 1
