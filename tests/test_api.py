"""The notebook API gives the CLI's answers: the README's example, run on the bundled examples.

A notebook session (``policykg.open`` … ``kg.map(…).to_pyvis()``) runs once; each test then
asks the ``policykg`` command the same question on the same store and compares.
"""

from __future__ import annotations

import importlib.metadata
import json
import pydoc
import re
import sys

import networkx as nx
import pytest
from typer.testing import CliRunner

import policykg
from policykg.cli import app
from policykg.errors import InputError, PolicyKGError, ReadOnlyError, StoreError
from policykg.visualizations.style import NODE_STYLES

runner = CliRunner()
DEPARTMENT = "龙泉市发改局"
PLAN = "龙政办发〔2023〕41号"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """What a notebook user gets from the README's example, and where the store is."""
    folder = tmp_path_factory.mktemp("api")
    db = folder / "graph.lbdb"
    with policykg.open(db) as kg:
        out = {
            "summary": kg.load([policykg.examples_folder()], workers=2),
            "stats": kg.stats(),
            "partners": kg.query("department-partners", department=DEPARTMENT),
            "ranked": kg.query_df("departments-ranked"),
            "cypher": kg.cypher("MATCH (d:Department) WHERE d.jurisdiction = $j RETURN d.name AS name "
                                "ORDER BY name", j="龙泉市"),
            "graph": kg.to_networkx(department=DEPARTMENT, hops=2),
            "centrality": kg.analyze("centrality", jurisdiction="龙泉市"),
            "map": kg.map(plan=PLAN),
            "collaboration": kg.map(collaboration=True),
        }
        out["map_saved"] = out["map"].save(folder / "api-map.html")
        out["pyvis"] = out["collaboration"].to_pyvis()
    return db, folder, out


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_load_returns_what_the_cli_prints_from(session, tmp_path):
    _, _, out = session
    summary = out["summary"]
    assert (len(summary.loaded), len(summary.unchanged), summary.failed) == (6, 0, [])
    printed = cli("load", str(policykg.examples_folder()), "--db", str(tmp_path / "cli.lbdb"), "--workers", "1")
    loaded, unchanged, failed = map(int, re.search(r"loaded (\d+), unchanged (\d+), failed (\d+)", printed).groups())
    assert (loaded, unchanged, failed) == (len(summary.loaded), len(summary.unchanged), len(summary.failed))


def test_stats_query_and_cypher_match_the_cli(session):
    db, _, out = session
    assert json.loads(cli("stats", "--db", str(db), "--format", "json")) == out["stats"]
    partners = json.loads(cli("query", "department-partners", "-p", f"department={DEPARTMENT}", "-f", "json",
                              "--db", str(db)))
    assert partners == out["partners"] and len(partners) >= 3
    ranked = json.loads(cli("query", "departments-ranked", "-f", "json", "--db", str(db)))
    assert out["ranked"].to_dict("records") == ranked
    assert list(out["ranked"].columns) == list(ranked[0])
    names = json.loads(cli("cypher", "MATCH (d:Department) WHERE d.jurisdiction = $j RETURN d.name AS name "
                           "ORDER BY name", "-p", "j=龙泉市", "-f", "json", "--db", str(db)))
    assert names == out["cypher"] and {"name": "财政局"} in names
    ranks = json.loads(cli("analyze", "centrality", "--jurisdiction", "龙泉市", "-f", "json", "--db", str(db)))
    assert ranks == out["centrality"].rows and len(ranks) >= 5


def test_to_networkx_is_the_selection_export_writes(session):
    db, folder, out = session
    path = folder / "export.json"
    cli("export", "--department", DEPARTMENT, "--hops", "2", "-f", "json", "-o", str(path), "--db", str(db))
    exported = json.loads(path.read_text(encoding="utf-8"))
    g: nx.MultiDiGraph = out["graph"]
    assert {n["id"] for n in exported["nodes"]} == set(g.nodes)
    assert sorted((e["source"], e["target"], e["type"]) for e in exported["edges"]) == \
        sorted((a, b, k) for a, b, k in g.edges(keys=True))
    assert g.number_of_nodes() > 10


def _page_data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="policykg-data">(.*?)</script>', html,
                                re.S).group(1))


def test_map_is_the_page_the_cli_draws(session):
    db, folder, out = session
    path = folder / "cli-map.html"
    printed = cli("map", "--plan", PLAN, "-o", str(path), "--db", str(db))
    saved = out["map_saved"]
    assert f"map: {saved.nodes} nodes, {saved.edges} relationships" in printed
    assert _page_data(path.read_text(encoding="utf-8")) == _page_data(saved.path.read_text(encoding="utf-8"))
    assert out["map"].html == saved.path.read_text(encoding="utf-8")


def test_to_pyvis_keeps_our_layout_colours_and_tooltips_and_works_offline(session, tmp_path, monkeypatch):
    _, _, out = session
    page = out["collaboration"]
    net, data = out["pyvis"], page.data
    assert type(net).__module__ == "pyvis.network"
    assert len(net.nodes) == len(data["nodes"]) > 5 and len(net.edges) == len(data["edges"]) > 5
    by_id = {n["id"]: n for n in net.nodes}
    groups = data["legend"]["groups"]
    assert data["colorBy"] == "community" and len({g["color"] for g in groups}) > 1
    for n in data["nodes"]:
        drawn = by_id[n["id"]]
        assert (drawn["x"], drawn["y"], drawn["size"]) == (n["x"], n["y"], n["size"])
        assert drawn["color"]["background"] == groups[n["c"]]["color"]  # the page's colour: its community
        assert drawn["shape"] == NODE_STYLES["Department"].shape
        assert drawn["title"].startswith(f"名称 name: {n['name']}\n")
    ids = [n["id"] for n in data["nodes"]]
    assert [(e["from"], e["to"]) for e in net.edges] == [(ids[e["a"]], ids[e["b"]]) for e in data["edges"]]
    assert all(e["title"].startswith("关系 relation: SHARES_TASKS\n") for e in net.edges)
    page_html = net.generate_html()
    first = groups[0]
    assert f'<i style="background:{first["color"]}"></i>{first["name"]} {first["count"]}' in page_html  # the legend
    assert "<script src=" not in page_html and "<link" not in page_html and "new vis.Network(" in page_html
    monkeypatch.chdir(tmp_path)
    net.write_html("net.html")  # pyvis's default (cdn_resources="local") would also copy a lib/ folder here
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.html"]


def test_map_takes_the_cli_map_options(session):
    db, folder, _ = session
    collab, whole = folder / "cli-collab.html", folder / "cli-budget.html"
    cli("map", "--collaboration", "--min-shared", "2", "--color-by", "jurisdiction", "--size-by", "weighted",
        "-o", str(collab), "--db", str(db))
    cli("map", "--max-nodes", "100", "-o", str(whole), "--db", str(db))
    with policykg.open(db, read_only=True) as kg:
        m = kg.map(collaboration=True, min_shared=2, color_by="jurisdiction", size_by="weighted")
        small = kg.map(max_nodes=100)
        with pytest.raises(InputError, match="--min-shared needs --collaboration"):
            kg.map(min_shared=2)
    assert isinstance(m, policykg.Map) and _page_data(m.html) == _page_data(collab.read_text(encoding="utf-8"))
    assert m.data["colorBy"] == "jurisdiction" and m.data["sizeBy"] == "weighted"
    assert all(e["weight"] >= 2 for e in m.data["edges"]) and m.edges > 0
    assert _page_data(small.html) == _page_data(whole.read_text(encoding="utf-8"))
    assert small.nodes <= 100 < small.selected and small.notice.startswith("聚合视图")  # the aggregated view


def test_document_text_never_becomes_markup_in_either_map():
    from policykg.visualizations.render import page_for

    g = nx.MultiDiGraph()
    hostile = '</script><img src=x onerror=alert(1)> href="javascript:alert(2)"'
    g.add_node("dept:x", label="Department", name=hostile, quote=hostile)
    g.add_node("task:y", label="Task", name="任务", quote=hostile)
    g.add_edge("dept:x", "task:y", key="LEADS", type="LEADS", quote=hostile)
    m = page_for(g, title=hostile)
    for page in (m.html, m.to_pyvis().generate_html()):
        assert "<img" not in page and "</script><" not in page.replace("</script>\n<", "")
    assert m.to_pyvis().nodes[0]["title"].splitlines()[0] == f"名称 name: {hostile}"  # shown as text, unescaped


def test_notebook_extras_missing_are_a_clear_error(session, monkeypatch):
    db, _, out = session
    for name in ("pandas", "pyvis", "pyvis.network"):
        monkeypatch.setitem(sys.modules, name, None)  # as if `policykg[notebook]` was not installed
    with policykg.open(db, read_only=True) as kg, pytest.raises(PolicyKGError, match=r"policykg\[notebook\]"):
        kg.query_df("departments-ranked")
    with pytest.raises(PolicyKGError, match=r"to_pyvis needs pyvis.*policykg\[notebook\]"):
        out["map"].to_pyvis()


def test_read_only_and_closed_graphs_refuse_with_one_line(session, tmp_path):
    db, _, out = session
    with pytest.raises(StoreError, match="no graph database here yet"):
        policykg.open(tmp_path / "missing.lbdb", read_only=True)
    with policykg.open(db, read_only=True) as kg:
        with pytest.raises(ReadOnlyError, match="opened read-only"):
            kg.load([policykg.examples_folder()], force=True)
        with pytest.raises(ReadOnlyError, match="opened read-only"):
            kg.cypher("MATCH (d:Department) SET d.kind = 'x'", write=True)
        assert kg.stats() == out["stats"]
    assert repr(kg) == "<policykg.KnowledgeGraph closed>"
    with pytest.raises(StoreError, match="closed"):
        kg.stats()
    with pytest.raises(InputError, match="--hops needs a centre"):
        with policykg.open(db, read_only=True) as kg:
            kg.to_networkx(hops=2)


def test_cypher_writes_only_with_write_true(tmp_path):
    with policykg.open(tmp_path / "g.lbdb") as kg:
        kg.cypher("CREATE (:Department {id: $id, name: $name})", write=True, id="dept:t:a", name="甲局")
        with pytest.raises(ReadOnlyError, match="pass write=True"):
            kg.cypher("MATCH (d:Department) SET d.name = 'x'")
        assert kg.cypher("MATCH (d:Department) RETURN d.name AS name") == [{"name": "甲局"}]
        kg.cypher("MATCH (d:Department) SET d.name = $n", write=True, n="乙局")
        assert kg.query("departments-ranked") == [] and kg.stats()["nodes"]["Department"] == 1
        assert kg.cypher("MATCH (d:Department) RETURN d.name AS name") == [{"name": "乙局"}]
    # closed: another process (here, the CLI) can open the file for writing
    assert "Department" in cli("stats", "--db", str(tmp_path / "g.lbdb"))


def test_version_comes_from_the_package_metadata():
    assert policykg.__version__ == importlib.metadata.version("policykg")
    assert cli("--version") == f"policykg {policykg.__version__}\n"


def test_help_reads_well():
    text = pydoc.render_doc(policykg, renderer=pydoc.plaintext)
    assert "policykg.open(" in text and "kg.load(" in text and "``api``" in text
    for name in ("open", "KnowledgeGraph", "Map", "examples_folder", "PolicyKGError"):
        assert name in policykg.__all__ and getattr(policykg, name).__doc__
    for name, member in vars(policykg.KnowledgeGraph).items():
        if not name.startswith("_") and callable(member):
            assert member.__doc__ and ">>> " in member.__doc__, name


def test_a_refused_reopen_keeps_the_graph_usable(tmp_path):
    """Another process takes the file for writing while the graph is open read-only: load is refused
    with one line, and the graph still answers (it reopens what it had)."""
    import subprocess

    db = tmp_path / "g.lbdb"
    with policykg.open(db) as kg:
        kg.cypher("MATCH (p:Plan) RETURN count(p) AS n")  # the store is now open read-only
        holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                                   "from policykg.graph.store import open_store; s = open_store(db=Path(sys.argv[1])); "
                                   "print('held', flush=True); time.sleep(60)", str(db)],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "held"
            with pytest.raises(StoreError, match="is another policykg process using it"):
                kg.load([policykg.examples_folder()], workers=1)
            assert kg.stats()["nodes"]["Plan"] == 0
        finally:
            holder.kill()
            holder.wait()
