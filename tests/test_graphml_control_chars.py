"""GraphML round trip of text XML cannot hold: export, import into the same store, nothing changes.

Before, control characters became U+FFFD on export, so a plan whose title held a form feed came
back under another id and the import added a second copy of it (15 → 28 nodes in the report).
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from policykg.cli import app
from policykg.exchange import json_format
from policykg.graph.store import open_store
from policykg.graph.writer import write_document
from policykg.queries.subgraph import read_graph, to_node_link
from tests.records_factory import make_doc

CONTROLS = "换\x0c页 转义\x1b[31m 响铃\x07 删除\x7f 标记␛000C 非字符\ufffe 换行\r\n结束"


def test_export_then_import_into_the_same_store_changes_nothing(tmp_path):
    db = tmp_path / "g.lbdb"
    with open_store(db=db) as store:
        cited = ((f"引用{CONTROLS}", None),)
        write_document(store, make_doc("c.txt", title=f"东阳市{CONTROLS}方案", cites=cited))
        write_document(store, make_doc("d.txt", title="东阳市普通方案", sha="2"))
        before = to_node_link(read_graph(store))
    assert any("\x0c" in str(n.get("name", "")) for n in before["nodes"])
    out = tmp_path / "g.graphml"
    runner = CliRunner()
    exported = runner.invoke(app, ["export", "--format", "graphml", "--out", str(out), "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    assert "\ufffd" not in out.read_text(encoding="utf-8")
    imported = runner.invoke(app, ["import", str(out), "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    with open_store(db=db, read_only=True) as store:
        after = to_node_link(read_graph(store))
    assert len(after["nodes"]) == len(before["nodes"])
    assert json_format.dumps(after) == json_format.dumps(before)


def test_a_file_saved_by_another_tool_with_a_literal_escape_sign_reads_back(tmp_path):
    from policykg.exchange.graphml import read_graphml
    from policykg.exchange.xml_text import mark, unmark

    for value in ("␛", "␛␛0041", "a\x00b", "\ud800", "普通文本"):
        assert unmark(mark(value)) == value
    path = tmp_path / "g.graphml"
    path.write_text('<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
                    '<key id="n_labels" for="node" attr.name="labels" attr.type="string"/>'
                    '<key id="n_name" for="node" attr.name="name" attr.type="string"/>'
                    '<graph edgedefault="directed"><node id="place:␛000C"><data key="n_labels">Place</data>'
                    '<data key="n_name">甲␛241B乙</data></node></graph></graphml>', encoding="utf-8")
    node = read_graphml(path)["nodes"][0]
    assert (node["id"], node["name"]) == ("place:\x0c", "甲␛乙")
    json.dumps(node)
