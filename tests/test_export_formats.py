"""Every export writer on a real embedded store, with text that tries to break each format.

Round trips: node-link JSON and GraphML imported back give the identical JSON; GraphML and
GEXF read by networkx give the same nodes, edges and properties; the Cypher script replayed
into an empty store rebuilds the graph exactly (and passes Neo4j's parser); the CSV files
follow the neo4j-admin header format and read back to the same values.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st

from policykg.exchange import csv_admin, cypher_script, gexf, graphml, json_format
from policykg.exchange.importer import import_file
from policykg.exchange.properties import LIST, edge_property_types, node_property_types
from policykg.graph.store import open_store
from policykg.graph.schema import NODES, RELATIONSHIPS, property_keys
from policykg.queries.subgraph import read_graph, to_node_link
from tests.exchange_factory import NASTY, NASTY_PLAN_ID, load_sample
from tests.neo4j_lint import assert_neo4j_valid


@pytest.fixture
def sample(store):
    load_sample(store)
    return store


@pytest.fixture
def graph(sample) -> nx.MultiDiGraph:
    return read_graph(sample)


def _text(writer, g) -> str:
    buf = io.StringIO()
    writer(g, buf)
    return buf.getvalue()


def _edge_triples(g) -> Counter:
    return Counter((a, b, d["type"]) for a, b, d in g.edges(data=True))


def test_the_sample_really_is_nasty(graph):
    assert graph.nodes[NASTY_PLAN_ID]["label"] == "Plan"
    texts = [v for _, d in graph.nodes(data=True) for v in d.values() if isinstance(v, str)]
    assert sum(NASTY in t for t in texts) >= 8
    assert {d["label"] for _, d in graph.nodes(data=True)} == set(NODES)
    assert graph.number_of_nodes() == 23 and graph.number_of_edges() == 38


# -- node-link JSON ------------------------------------------------------------------------

def test_json_export_import_export_is_identical(graph, tmp_path):
    first = _text(json_format.write_json, graph)
    (tmp_path / "g.json").write_text(first, encoding="utf-8")
    with open_store(db=tmp_path / "copy.lbdb") as other:
        result = import_file(other, tmp_path / "g.json")
        second = _text(json_format.write_json, read_graph(other))
    assert (result.nodes, result.edges) == (23, 38)
    assert second == first
    data = json.loads(first)
    plan = next(n for n in data["nodes"] if n["id"] == NASTY_PLAN_ID)
    assert plan["title"] == f"东阳市{NASTY}方案" and plan["source"] == "nasty'\"\\.txt"
    assert all("source_doc" in link and "type" in link for link in data["edges"])


# -- GraphML -------------------------------------------------------------------------------

def _decoded(data: dict, types: dict[str, str]) -> dict:
    return {k: json.loads(v) if types.get(k) == LIST else v for k, v in data.items()}


def test_graphml_reads_back_in_networkx_with_every_property(graph):
    text = _text(graphml.write_graphml, graph)
    back = nx.read_graphml(io.StringIO(text), force_multigraph=True)
    assert set(back.nodes) == set(graph.nodes)
    assert _edge_triples(back) == _edge_triples(graph)
    types = node_property_types()
    for node, data in graph.nodes(data=True):
        got = _decoded(back.nodes[node], types)
        assert got.pop("labels") == data["label"]
        assert got.pop("label") == (data["name"] or node)  # what Gephi and yEd draw
        assert {k: got.pop(k) for k in graphml.LOOK_KEYS["node"]}.keys() == graphml.LOOK_KEYS["node"].keys()
        assert got == {k: v for k, v in data.items() if k != "label" and v is not None}
    assert all(re.fullmatch(r"e\d+", k) for _, _, k in back.edges(keys=True))
    by_triple = {(a, b, d["type"]): d for a, b, d in back.edges(data=True)}
    for a, b, data in graph.edges(data=True):
        got = dict(by_triple[(a, b, data["type"])])
        assert got.pop("label") == data["type"]
        assert {k: got.pop(k) for k in graphml.LOOK_KEYS["edge"]}.keys() == graphml.LOOK_KEYS["edge"].keys()
        assert got == {k: v for k, v in data.items() if v is not None}


def test_graphml_declares_typed_keys_and_keeps_lists_as_json(graph):
    text = _text(graphml.write_graphml, graph)
    assert '<key id="n_value" for="node" attr.name="value" attr.type="double">' in text
    assert '<key id="n_start" for="node" attr.name="start" attr.type="long">' in text
    assert ('<key id="n_aliases" for="node" attr.name="aliases" attr.type="string">'
            "<desc>JSON array of strings</desc></key>") in text
    assert '<key id="e_source_doc" for="edge" attr.name="source_doc" attr.type="string">' in text
    ids = re.findall(r'<edge id="(e\d+)"', text)
    assert len(ids) == len(set(ids)) == 38  # Gephi drops edges whose ids repeat
    assert ">None<" not in text and "&#13;" in text  # None left out; a CR survives XML parsing


def test_graphml_import_gives_back_the_identical_json(graph, tmp_path):
    path = tmp_path / "g.graphml"
    path.write_text(_text(graphml.write_graphml, graph), encoding="utf-8")
    with open_store(db=tmp_path / "copy.lbdb") as other:
        import_file(other, path)
        assert _text(json_format.write_json, read_graph(other)) == _text(json_format.write_json, graph)


def test_xml_formats_replace_characters_xml_cannot_hold():
    """GraphML marks them reversibly (␛XXXX, read back by policykg import); GEXF, for drawing, shows U+FFFD."""
    g = nx.MultiDiGraph()
    g.add_node("p\x0c1", label="Plan", name="分页\x0c符\x00", aliases=None)
    g.add_node("t", label="Task", name="任务")
    g.add_edge("p\x0c1", "t", key="HAS_TASK", type="HAS_TASK", quote="\x1b[31m")
    back = nx.read_graphml(io.StringIO(_text(graphml.write_graphml, g)))
    assert back.nodes["p␛000C1"]["name"] == "分页␛000C符␛0000"
    back = nx.read_gexf(io.StringIO(_text(gexf.write_gexf, g)))
    assert back.nodes["p\ufffd1"]["label"] == "分页\ufffd符\ufffd"
    assert back.edges["p\ufffd1", "t"]["quote"] == "\ufffd[31m"


# -- GEXF ----------------------------------------------------------------------------------

def test_gexf_reads_back_in_networkx_with_labels_and_relationship_types(graph):
    text = _text(gexf.write_gexf, graph)
    assert ('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" '
            'version="1.2">') in text
    back = nx.read_gexf(io.StringIO(text))
    assert set(back.nodes) == set(graph.nodes)
    assert Counter((a, b, d["type"]) for a, b, d in back.edges(data=True)) == _edge_triples(graph)
    types = node_property_types()
    for node, data in graph.nodes(data=True):
        got = _decoded(back.nodes[node], types)
        assert got.pop("label") == (data["name"] or node)
        assert got.pop("labels") == data["label"]
        assert set(got.pop("viz")) == {"color", "size"}  # the map's colour and size
        assert got == {k: v for k, v in data.items() if k != "label" and v is not None}
    for a, b, data in back.edges(data=True):
        assert data["label"] == data["type"] in RELATIONSHIPS
    goal = back.nodes["goal:nasty'\"\\.txt:3"]
    assert goal["value"] == 1 / 3 and isinstance(goal["year"], int)


# -- neo4j-admin CSV -----------------------------------------------------------------------

def test_csv_headers_follow_the_neo4j_admin_format(graph, tmp_path):
    csv_admin.write_csv(graph, tmp_path)
    nodes_header = (tmp_path / "nodes.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    rels_header = (tmp_path / "relationships.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert nodes_header[:2] == ["id:ID", ":LABEL"]
    assert rels_header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    for column in ("start:long", "end:long", "value:double", "year:long", "aliases:string[]",
                   "sources:string[]", "collective:string[]", "issuers:string[]", "name", "quote"):
        assert column in nodes_header
    assert {"source", "role", "start:long", "end:long", "quote", "title", "doc_number"} <= set(rels_header)
    typed = re.compile(r"^[a-z_0-9]+(:(long|double|string\[\]))?$")
    assert all(typed.match(c) for c in nodes_header[2:] + rels_header[3:])


def _split(cell: str, typ: str, delimiter: str):
    if typ == LIST:
        return cell.split(delimiter)
    return {"INT64": int, "DOUBLE": float}.get(typ, str)(cell)


def test_csv_values_read_back_exactly(graph, tmp_path):
    csv_admin.write_csv(graph, tmp_path)
    command = (tmp_path / "IMPORT.txt").read_text(encoding="utf-8")
    # An alias contains ';', so the array delimiter moves to '|' and the command says so.
    assert "--array-delimiter='|'" in command and "--multiline-fields=true" in command
    types = node_property_types()
    with (tmp_path / "nodes.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = [c.split(":")[0] for c in rows[0]]
    assert len(rows) == 1 + graph.number_of_nodes()
    for row in rows[1:]:
        cells = dict(zip(header, row))
        node = graph.nodes[cells.pop("id")]
        assert cells.pop("") == node["label"]  # the :LABEL column
        want = {k: v for k, v in node.items() if k != "label" and v not in (None, [])}
        assert {k: _split(v, types[k], "|") for k, v in cells.items() if v != "" or want.get(k) == ""} == want
    with (tmp_path / "relationships.csv").open(encoding="utf-8", newline="") as f:
        rels = list(csv.reader(f))
    assert Counter((r[0], r[1], r[2]) for r in rels[1:]) == _edge_triples(graph)


def test_csv_tells_an_empty_string_from_a_missing_value(graph, tmp_path):
    assert csv_admin._field("", "STRING", ";") == '""' and csv_admin._field(None, "STRING", ";") == ""
    assert csv_admin._field([], LIST, ";") == "" and csv_admin._field(["a", "b"], LIST, ";") == '"a;b"'
    csv_admin.write_csv(graph, tmp_path)
    text = (tmp_path / "nodes.csv").read_text(encoding="utf-8")
    # One record (its quoted fields hold newlines): from its id to the start of the next record.
    record = text.split('\n"goal:nasty\'""\\.txt:3","Goal",')[1].split('\n"')[0]
    assert graph.nodes["goal:nasty'\"\\.txt:3"]["unit"] == ""
    assert ',"",' in record  # unit: the empty string, quoted
    assert '"三分之一",,,' in record  # title, title_key, …: the goal has none, empty fields


def test_csv_array_delimiter_defaults_to_semicolon():
    g = nx.MultiDiGraph()
    g.add_node("d", label="Department", aliases=["甲", "乙|丙"])
    assert csv_admin.array_delimiter(g) == ";"
    g.nodes["d"]["aliases"].append("丁;")
    assert csv_admin.array_delimiter(g) == "\x1f"


# -- Cypher script -------------------------------------------------------------------------

def _replay(store, script: str) -> None:
    """Run the script one statement (line) at a time."""
    for line in script.splitlines():
        if line and not line.startswith("//"):
            store.run(line.removesuffix(";"))


def test_cypher_script_rebuilds_the_graph_exactly_and_idempotently(graph, tmp_path):
    script = _text(cypher_script.write_cypher, graph)
    want = json_format.dumps(to_node_link(graph))
    with open_store(db=tmp_path / "replay.lbdb") as other:
        _replay(other, script)
        assert json_format.dumps(to_node_link(read_graph(other))) == want
        _replay(other, script)  # MERGE on id: a second run changes nothing
        assert json_format.dumps(to_node_link(read_graph(other))) == want


def test_cypher_script_batches_rows_and_uses_only_schema_names(graph):
    statements = cypher_script.statements(graph, batch=2)
    assert all(s.startswith("UNWIND [{") and "$" not in s and "\n" not in s for s in statements)
    labels = set(re.findall(r"MERGE \(n:(\w+) ", " ".join(statements)))
    types = set(re.findall(r"-\[e:(\w+)\]->", " ".join(statements)))
    assert labels == set(NODES) and types <= set(RELATIONSHIPS)
    assert sum(s.count("{`id`:") for s in statements) == graph.number_of_nodes()
    assert "n.`end` = r.`end`" in statements[0]
    big = cypher_script.statements(graph, batch=100)
    assert len(big) < len(statements)


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
def test_cypher_script_passes_the_neo4j_parser(graph):
    statements = [(f"script {i}", s) for i, s in enumerate(cypher_script.statements(graph, batch=3))]
    # `a` and `b` are keys of the literal row maps (the edge's endpoints), not stored properties.
    assert_neo4j_valid(statements, labels=NODES, rel_types=RELATIONSHIPS,
                       property_keys=[*property_keys(), "a", "b"], fail_on_warnings=True)


def test_cypher_script_replays_through_the_cypher_command(graph, tmp_path):
    from typer.testing import CliRunner

    from policykg.cli import app

    path = tmp_path / "g.cypher"
    path.write_text(_text(cypher_script.write_cypher, graph), encoding="utf-8")
    result = CliRunner().invoke(app, ["cypher", "--write", "--file", str(path), "--db", str(tmp_path / "r.lbdb")])
    assert result.exit_code == 0, result.output
    with open_store(db=tmp_path / "r.lbdb") as other:
        assert to_node_link(read_graph(other)) == to_node_link(graph)


@pytest.mark.parametrize("value, text", [
    (8.0, "8.0"), (1.5e20, "1.5e20"), (1e-7, "1e-7"), (-2.5, "-2.5"), (1 / 3, "0.3333333333333333"),
])
def test_double_literals_have_no_plus_in_the_exponent(value, text):
    assert cypher_script.double_literal(value) == text


def test_non_finite_doubles_are_refused():
    from policykg.errors import InputError

    with pytest.raises(InputError, match="only finite numbers"):
        cypher_script.double_literal(float("nan"))


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@pytest.mark.slow  # several seconds: `pytest -m 'not slow'` skips it
@settings(max_examples=150, deadline=None)
@given(value=st.one_of(_TEXT, st.sampled_from([NASTY, "'", "\\", "\\'", "'\\", "\u2028", "\x00", "`", "*/"])))
def test_any_text_survives_as_a_cypher_literal(tmp_path_factory, value):
    path = tmp_path_factory.getbasetemp() / "literals.lbdb"
    with open_store(db=Path(path)) as s:
        assert s.run(f"RETURN {cypher_script.literal(value)} AS x")[0]["x"] == value


def test_literals_of_every_control_character_parse_in_neo4j():
    values = ["".join(chr(c) for c in range(0x20)) + "\x7f\u2028\u2029\ufeff", NASTY, "a'b\"c\\d`e"]
    assert_neo4j_valid([(f"lit {i}", f"RETURN {cypher_script.literal(v)} AS x") for i, v in enumerate(values)])


def test_property_types_cover_the_schema():
    assert node_property_types()["aliases"] == LIST and edge_property_types()["source_doc"] == "STRING"
    assert set(node_property_types()) == {p for n in NODES.values() for p in n.all_properties}


@pytest.mark.parametrize("text, parts", [
    ("RETURN 1", ["RETURN 1"]),
    ("RETURN 1;", ["RETURN 1"]),
    ("// only a comment\n", []),
    ("RETURN 'a;b\\';c' AS x; RETURN \"d;\" AS y", ["RETURN 'a;b\\';c' AS x", 'RETURN "d;" AS y']),
    ("RETURN 1 AS `a``;b`;\n// tail; comment\n", ["RETURN 1 AS `a``;b`"]),
    ("/* a; b */ RETURN 1; /* c; */", ["/* a; b */ RETURN 1"]),
])
def test_split_statements(text, parts):
    assert cypher_script.split_statements(text) == parts


def test_the_script_splits_into_its_statements(graph):
    script = _text(cypher_script.write_cypher, graph)
    parts = cypher_script.split_statements(script)
    assert [p.split("\n")[-1] for p in parts] == cypher_script.statements(graph)


def test_run_script_is_all_or_nothing_on_a_writable_store(graph, tmp_path):
    from policykg.errors import QueryError

    script = _text(cypher_script.write_cypher, graph) + "RETURN nonsense(;\n"
    with open_store(db=tmp_path / "r.lbdb") as other:
        with pytest.raises(QueryError):
            cypher_script.run_script(other, script)
        assert other.run("MATCH (n:Plan) RETURN count(n) AS n")[0]["n"] == 0
        cypher_script.run_script(other, script.replace("RETURN nonsense(;\n", "MATCH (n:Plan) RETURN count(n) AS n;"))
        assert other.run("MATCH (n:Plan) RETURN count(n) AS n")[0]["n"] == 4


def test_an_empty_selection_exports_and_replays_as_nothing(tmp_path):
    import networkx as nx

    empty = nx.MultiDiGraph()
    script = _text(cypher_script.write_cypher, empty)
    assert script.startswith("// policykg graph: 0 nodes, 0 relationships.")
    with open_store(db=tmp_path / "e.lbdb") as s:
        assert cypher_script.run_script(s, script) == []
        for writer, name in ((json_format.write_json, "e.json"), (graphml.write_graphml, "e.graphml")):
            (tmp_path / name).write_text(_text(writer, empty), encoding="utf-8")
            assert (import_file(s, tmp_path / name).nodes, import_file(s, tmp_path / name).edges) == (0, 0)
    assert nx.read_gexf(io.StringIO(_text(gexf.write_gexf, empty))).number_of_nodes() == 0
