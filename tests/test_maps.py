"""Maps: the page holds exactly the selected graph, references nothing remote, and keeps document text inert.

Graphs come from hand-built records (tests/records_factory.py) written to a real embedded store.
Browser behaviour is in tests/test_browser_maps.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import replace

import networkx as nx
import pytest
from typer.testing import CliRunner

from policykg.cli import app
from policykg.errors import InputError, QueryError
from policykg.graph.schema import NODES, RELATIONSHIPS
from policykg.graph.writer import write_document
from policykg.queries.subgraph import read_graph
from tests.records_factory import make_doc
from policykg.visualizations.layout import SMALL_GRAPH, positions, sizes
from policykg.visualizations.render import map_data, render, render_html, script_safe_json, write_map
from policykg.visualizations.scope import MapScope, collaboration_graph, map_graph, plans_by_node, select_map
from policykg.visualizations.style import (DEPARTMENT_KINDS, EDGE_STYLES, GROUP_PALETTE, NODE_STYLES, OTHER,
                                           SHARES_TASKS, WORKS_ON)

runner = CliRunner()

PAYLOAD = ("</script><script>window.__pwned=1;document.title='pwned'</script>"
           "<img src=x onerror=\"window.__pwned=2\">&amp;<!--")
PLAN_A = "东阳市测试方案"
PLAN_B = "东阳市第二方案"
CITED = "浙江省推进县域经济发展规划"
FGW = "dept:东阳市:发展和改革局"
CZ = "dept:东阳市:财政局"


def nasty_doc():
    """A document with markup and script in a task title, a department name, an alias and a quote."""
    doc = make_doc("nasty.txt", title="东阳市安全测试方案", tasks=1, jurisdiction="东阳市")
    dept = replace(doc.departments[0], id="dept:东阳市:" + PAYLOAD, name="危险局" + PAYLOAD,
                   aliases=("危险局", PAYLOAD))
    task = replace(doc.tasks[0], title="任务" + PAYLOAD + "\u2028行\u2029段", text="正文" + PAYLOAD,
                   span=replace(doc.tasks[0].span, quote="原文" + PAYLOAD))
    assignments = tuple(replace(a, agent_id=dept.id) if a.agent_id == doc.departments[0].id else a
                        for a in doc.assignments)
    return replace(doc, departments=(dept, doc.departments[1]), tasks=(task,), assignments=assignments)


@pytest.fixture
def loaded(store):
    write_document(store, make_doc("a.txt", PLAN_A, tasks=3, cites=((CITED, None),)))
    write_document(store, make_doc("b.txt", PLAN_B, tasks=2, sha="2"))
    return store


def page_data(html_text: str) -> dict:
    """The JSON the page draws, read back from the HTML."""
    m = re.search(r'<script type="application/json" id="policykg-data">(.*?)</script>', html_text, re.S)
    assert m, "no data element in the page"
    return json.loads(m.group(1))


def edge_multiset(g: nx.MultiDiGraph) -> Counter:
    return Counter((a, b, d.get("type") or k) for a, b, k, d in g.edges(keys=True, data=True))


def page_edges(data: dict) -> Counter:
    ids = [n["id"] for n in data["nodes"]]  # edges name their ends by position in the node list
    return Counter((ids[e["a"]], ids[e["b"]], e["t"]) for e in data["edges"])


# -- styles ------------------------------------------------------------------------

def test_every_schema_label_and_type_has_a_style():
    assert set(NODE_STYLES) == set(NODES)
    assert set(EDGE_STYLES) == set(RELATIONSHIPS) | {SHARES_TASKS, WORKS_ON}
    sized_shapes = {"dot", "square", "star", "diamond", "triangle", "triangleDown", "hexagon"}
    assert {s.shape for s in NODE_STYLES.values()} <= sized_shapes
    assert len({(s.color, s.shape) for s in NODE_STYLES.values()}) == len(NODE_STYLES)
    assert len({s.color for s in EDGE_STYLES.values()}) == len(EDGE_STYLES)  # large maps draw no dashes
    # --color-by kind: department kinds apart from each other and from the other labels' colours
    kind_colours = [c for c, _ in DEPARTMENT_KINDS.values()]
    others = {s.color for label, s in NODE_STYLES.items() if label != "Department"}
    assert len(set(kind_colours)) == len(kind_colours) and not set(kind_colours) & others
    assert DEPARTMENT_KINDS["government"][0] == NODE_STYLES["Department"].color
    assert len(set(GROUP_PALETTE)) == len(GROUP_PALETTE) and OTHER not in GROUP_PALETTE


# -- the page holds every node and edge of the scope --------------------------------

def test_whole_graph_map_holds_every_node_and_edge(loaded, tmp_path):
    out = tmp_path / "map.html"
    summary = write_map(loaded, out)
    g = read_graph(loaded)
    data = page_data(out.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    assert len(data["nodes"]) == g.number_of_nodes() == summary.nodes
    assert page_edges(data) == edge_multiset(g)
    assert summary.edges == g.number_of_edges() == len(data["edges"])
    legend_counts = {x["key"]: x["count"] for x in data["legend"]["nodes"]}
    assert legend_counts == dict(Counter(d["label"] for _, d in g.nodes(data=True)))


@pytest.mark.parametrize("scope", [
    MapScope(plans=(PLAN_A,)),
    MapScope(plans=(PLAN_A, PLAN_B)),
    MapScope(department="市发改局"),
    MapScope(department="发改局", hops=2),
    MapScope(leader="李明"),
    MapScope(citations=True),
    MapScope(collaboration=True),
    MapScope(plans=(PLAN_B,), collaboration=True),
], ids=lambda s: s.describe())
def test_scoped_map_holds_exactly_its_selection(loaded, tmp_path, scope):
    g = map_graph(loaded, scope)
    assert g.number_of_nodes() > 0
    out = tmp_path / "map.html"
    write_map(loaded, out, scope)
    data = page_data(out.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    assert page_edges(data) == edge_multiset(g)
    assert data["title"] == f"policykg · {scope.describe()}"


def test_plan_scope_keeps_the_plan_its_tasks_agents_and_cited_document(loaded):
    g = map_graph(loaded, MapScope(plans=(PLAN_A,)))
    labels = Counter(d["label"] for _, d in g.nodes(data=True))
    assert labels == {"Plan": 2, "Task": 3, "Goal": 1, "Department": 2, "Leader": 1}
    assert "task:b.txt:1" not in g


def test_citations_map_is_plans_and_references(loaded):
    g = map_graph(loaded, MapScope(citations=True))
    assert {d["label"] for _, d in g.nodes(data=True)} == {"Plan"}
    assert g.number_of_nodes() == 3
    assert [(k, g.nodes[b]["title"]) for _, b, k in g.edges(keys=True)] == [("REFERENCES", CITED)]


def test_collaboration_links_departments_by_shared_tasks(loaded):
    g = map_graph(loaded, MapScope(collaboration=True))
    assert set(g.nodes) == {FGW, CZ}
    (a, b, key, d), = g.edges(keys=True, data=True)
    assert (a, b, key, d["type"]) == (FGW, CZ, SHARES_TASKS, SHARES_TASKS)  # endpoints in id order
    assert d["weight"] == 5  # 3 tasks of plan A and 2 of plan B, each led by 发改局 with 财政局 cooperating
    assert d["tasks"] == sorted(["第1项任务", "第2项任务", "第3项任务", "第1项任务", "第2项任务"])
    assert g.nodes[FGW]["plans"] == [PLAN_A, PLAN_B]
    only_b = map_graph(loaded, MapScope(plans=(PLAN_B,), collaboration=True))
    assert [d["weight"] for _, _, d in only_b.edges(data=True)] == [2]


def test_collaboration_around_a_department_follows_partners(loaded):
    g = map_graph(loaded, MapScope(collaboration=True, department="财政局", hops=1))
    assert set(g.nodes) == {FGW, CZ}
    alone = map_graph(loaded, MapScope(collaboration=True, department="财政局", hops=0))
    assert set(alone.nodes) == {CZ} and alone.number_of_edges() == 0


def test_collaboration_ignores_leaders_and_counts_each_pair_once():
    g = nx.MultiDiGraph()
    for n, label in [("t1", "Task"), ("t2", "Task"), ("a", "Department"), ("b", "Department"),
                     ("c", "Department"), ("l", "Leader"), ("p", "Plan")]:
        g.add_node(n, label=label, name=n)
    g.add_edge("p", "t1", key="HAS_TASK", type="HAS_TASK")
    for agent, task, rel in [("a", "t1", "LEADS"), ("b", "t1", "COOPERATES_ON"), ("c", "t1", "COOPERATES_ON"),
                             ("a", "t2", "LEADS"), ("b", "t2", "LEADS"), ("l", "t1", "LEADS")]:
        g.add_edge(agent, task, key=rel, type=rel)
    collab = collaboration_graph(g)
    weights = {(a, b): d["weight"] for a, b, d in collab.edges(data=True)}
    assert weights == {("a", "b"): 2, ("a", "c"): 1, ("b", "c"): 1}
    assert collab.nodes["a"]["plans"] == ["p"]


def test_plans_by_node_walks_subtasks_and_agents():
    g = nx.MultiDiGraph()
    for n, label in [("p", "Plan"), ("t", "Task"), ("s", "Task"), ("d", "Department"), ("x", "Goal")]:
        g.add_node(n, label=label, name=n.upper())
    g.add_edge("p", "t", key="HAS_TASK")
    g.add_edge("t", "s", key="HAS_SUBTASK")
    g.add_edge("d", "s", key="LEADS")
    g.add_edge("t", "x", key="SETS_GOAL")
    assert plans_by_node(g) == {"t": ["P"], "s": ["P"], "d": ["P"], "x": ["P"]}


def test_query_scope_draws_the_named_query_result(loaded, tmp_path):
    g = map_graph(loaded, MapScope(query="department-tasks", params={"department": "财政局"}))
    assert CZ in g
    assert {n for n, d in g.nodes(data=True) if d["label"] == "Task"} == {
        "task:a.txt:1", "task:a.txt:2", "task:a.txt:3", "task:b.txt:1", "task:b.txt:2"}
    assert {k for _, _, k in g.edges(keys=True)} >= {"COOPERATES_ON"}
    out = tmp_path / "q.html"
    write_map(loaded, out, MapScope(query="department-tasks", params={"department": "财政局"}))
    data = page_data(out.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    assert page_edges(data) == edge_multiset(g)


@pytest.mark.parametrize("scope, message", [
    (MapScope(collaboration=True, citations=True), "--collaboration and --citations draw different maps; choose one"),
    (MapScope(params={"department": "x"}), "--param needs --query NAME (the named query it feeds)"),
    (MapScope(hops=-1, department="发改局"), "--hops must be 0 or more, got -1"),
    (MapScope(hops=2, plans=(PLAN_A,)), "--hops needs a centre: --department, --leader or --place"),
])
def test_contradictory_scopes_are_input_errors(loaded, scope, message):
    with pytest.raises(InputError) as err:
        map_graph(loaded, scope)
    assert str(err.value) == message


def test_unknown_plan_and_department_are_query_errors(loaded):
    with pytest.raises(QueryError, match="no plan matches '不存在的方案'"):
        map_graph(loaded, MapScope(plans=("不存在的方案",)))
    with pytest.raises(QueryError, match="no Department matches '不存在局'"):
        map_graph(loaded, MapScope(department="不存在局"))


# -- self-contained: nothing remote ---------------------------------------------------

REMOTE = [
    re.compile(r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"<(?:link|iframe|object|embed|base)\b", re.I),
]


def test_page_references_no_remote_resource(loaded, tmp_path):
    out = tmp_path / "map.html"
    write_map(loaded, out)
    page = out.read_text(encoding="utf-8")
    for pattern in REMOTE:
        assert not pattern.search(page), pattern.pattern
    # The only absolute URLs left are in the vendored library's licence comments and the SVG namespace name.
    urls = set(re.findall(r"https?://[^\s\"'()<>]+", page))
    assert urls <= {
        "https://visjs.github.io/vis-network/", "http://almende.com", "https://github.com/visjs",
        "http://www.apache.org/licenses/LICENSE-2.0", "http://opensource.org/licenses/MIT",
        "https://github.com/uuidjs/uuid", "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
        "https://github.com/zloirock/core-js",
        "https://github.com/zloirock/core-js/blob/v3.33.0/LICENSE", "http://naver.github.io/egjs",
        "http://www.w3.org/2000/svg",
    }, urls
    assert page.count("<script") == 3 and page.count("</script>") == 3
    assert "<style>" in page and "vis.Network" in page


def test_content_security_policy_allows_exactly_the_two_inline_scripts(loaded, tmp_path):
    out = tmp_path / "map.html"
    write_map(loaded, out)
    page = out.read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-eval" not in csp
    allowed = set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", csp))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    assert {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts} == allowed


# -- document text stays inert ------------------------------------------------------------

def test_script_in_titles_and_names_is_escaped_and_round_trips(store, tmp_path):
    write_document(store, nasty_doc())
    out = tmp_path / "nasty.html"
    write_map(store, out, MapScope(plans=("东阳市安全测试方案",)))
    page = out.read_text(encoding="utf-8")
    assert PAYLOAD not in page
    assert page.count("<script") == 3 and page.count("</script>") == 3
    assert "<img" not in page and "\u2028" not in page and "\u2029" not in page
    data = page_data(page)
    names = {n["name"] for n in data["nodes"]}
    assert "危险局" + PAYLOAD in names
    assert "任务" + PAYLOAD + "\u2028行\u2029段" in names
    dept = next(n for n in data["nodes"] if n["t"] == "Department" and PAYLOAD in n["name"])
    assert PAYLOAD in dept["search"]
    assert ["别名 aliases", "危险局、" + PAYLOAD] in dept["info"]
    task = next(n for n in data["nodes"] if n["t"] == "Task")
    assert any(row[0] == "原文 quote" and PAYLOAD in row[1] for row in task["info"])


def test_page_title_is_html_escaped_and_never_receives_other_parts(loaded, tmp_path):
    out = tmp_path / "t.html"
    write_map(loaded, out, title="<b>标题</b> & @DATA@ @MAP@")
    page = out.read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;标题&lt;/b&gt; &amp; @DATA@ @MAP@</title>" in page
    assert page_data(page)["title"] == "<b>标题</b> & @DATA@ @MAP@"


def test_tooltips_carry_name_aliases_jurisdiction_plan_and_provenance(loaded):
    data = map_data(read_graph(loaded))
    info = {n["id"]: dict(n["info"]) for n in data["nodes"]}
    fgw = info[FGW]
    assert (fgw["名称 name"], fgw["类型 type"], fgw["辖区 jurisdiction"]) == ("发展和改革局", "Department", "东阳市")
    assert fgw["别名 aliases"] == "市发改局、发改局"
    assert fgw["规划 plan"] == f"{PLAN_A}；{PLAN_B}"
    task = info["task:a.txt:1"]
    assert task["规划 plan"] == PLAN_A and task["编号 number"] == "1"
    assert task["原文 quote"] == "1.第1项任务。牵头单位:市发改局;配合单位:财政局"
    assert task["出处 source"].startswith("a.txt [")
    lead = next(e for e in data["edges"] if e["t"] == "LEADS" and data["nodes"][e["a"]]["id"] == FGW)
    edge = dict(lead["info"])
    assert edge["角色 role"] == "牵头单位"
    assert re.fullmatch(r"\d\.第\d项任务。牵头单位:市发改局;配合单位:财政局", edge["原文 quote"])
    assert edge["出处 source"].startswith(("a.txt", "b.txt"))


def test_script_safe_json_escapes_every_breakout_character():
    text = script_safe_json({"s": "</script><!--&\u2028\u2029"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"s": "</script><!--&\u2028\u2029"}


def test_render_html_refuses_a_script_that_would_close_its_element(monkeypatch):
    from policykg.visualizations import render as render_module

    real = render_module._asset
    monkeypatch.setattr(render_module, "_asset",
                        lambda name: "x='</script>'" if name == "map.js" else real(name))
    with pytest.raises(ValueError, match="cannot be inlined"):
        render_html(map_data(nx.MultiDiGraph()))


# -- layout and sizes ----------------------------------------------------------------------

def synthetic(n_tasks: int, seed: int = 1) -> nx.MultiDiGraph:
    """Plans with tasks, each task led by one department and supported by two."""
    import random

    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    depts = [f"dept:{i}" for i in range(max(3, n_tasks // 8))]
    for d in depts:
        g.add_node(d, label="Department", name=f"部门{d}")
    for i in range(n_tasks):
        plan = f"plan:{i // 40}"
        g.add_node(plan, label="Plan", name=f"方案{i // 40}")
        task = f"task:{i}"
        g.add_node(task, label="Task", name=f"任务{i}")
        g.add_edge(plan, task, key="HAS_TASK", type="HAS_TASK")
        lead, *others = rng.sample(depts, 3)
        g.add_edge(lead, task, key="LEADS", type="LEADS")
        for o in others:
            g.add_edge(o, task, key="COOPERATES_ON", type="COOPERATES_ON")
    return g


@pytest.mark.parametrize("n_tasks", [40, 1200])
def test_positions_are_finite_and_spread(n_tasks):
    g = synthetic(n_tasks)
    pos = positions(g)
    assert set(pos) == set(g.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())
    assert len(set(pos.values())) > 0.95 * len(pos)
    assert positions(g) == pos  # seeded: the same graph gives the same map


def test_isolated_nodes_sit_in_rows_below_the_linked_graph():
    g = synthetic(40)
    g.add_nodes_from([(f"lonely:{i}", {"label": "Department", "name": f"孤{i}"}) for i in range(30)])
    pos = positions(g)
    linked_y = [pos[v][1] for v in g if not v.startswith("lonely:")]
    lonely = [pos[f"lonely:{i}"] for i in range(30)]
    assert min(y for _, y in lonely) > max(linked_y)
    assert len(set(lonely)) == 30
    linked_x = [pos[v][0] for v in g if not v.startswith("lonely:")]
    assert min(linked_x) <= min(x for x, _ in lonely) and max(x for x, _ in lonely) <= max(linked_x) + 80


def test_maps_with_many_edges_drop_dashes_and_arrows():
    from policykg.visualizations.render import FAST_EDGES

    assert map_data(synthetic(40))["fast"] is False
    many = synthetic(FAST_EDGES // 4 + 10)
    assert many.number_of_edges() > FAST_EDGES and map_data(many)["fast"] is True


def test_large_maps_switch_physics_off_and_small_maps_keep_it():
    assert map_data(synthetic(40))["physics"] is True
    big = synthetic(SMALL_GRAPH)
    assert big.number_of_nodes() > SMALL_GRAPH
    assert map_data(big)["physics"] is False


@pytest.mark.parametrize("by", ["degree", "pagerank", "betweenness"])
def test_sizes_grow_with_the_chosen_score(by):
    g = nx.star_graph(5)
    s = sizes(g, by)
    assert s[0] == 30.0 and all(7.0 <= s[i] < s[0] for i in range(1, 6))


def test_weighted_size_follows_shared_tasks():
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", key=SHARES_TASKS, weight=9)
    g.add_edge("b", "c", key=SHARES_TASKS, weight=1)
    s = sizes(g, "weighted")
    assert s["b"] == 30.0 and s["a"] > s["c"]
    assert sizes(g, "degree")["a"] == sizes(g, "degree")["c"]


def test_render_writes_a_selected_graph(tmp_path):
    g = synthetic(20)
    summary = render(g, tmp_path / "sub" / "x.html", title="选集")
    data = page_data(summary.path.read_text(encoding="utf-8"))
    assert (summary.nodes, summary.edges) == (g.number_of_nodes(), g.number_of_edges())
    assert page_edges(data) == edge_multiset(g)


def test_empty_selection_still_writes_a_page(tmp_path):
    summary = render(nx.MultiDiGraph(), tmp_path / "empty.html")
    data = page_data(summary.path.read_text(encoding="utf-8"))
    assert (summary.nodes, data["nodes"], data["edges"]) == (0, [], [])


# -- CLI -------------------------------------------------------------------------------------

@pytest.fixture
def db(tmp_path):
    from policykg.graph.store import open_store

    path = tmp_path / "g.lbdb"
    with open_store(db=path) as s:
        write_document(s, make_doc("a.txt", PLAN_A, tasks=3, cites=((CITED, None),)))
        write_document(s, make_doc("b.txt", PLAN_B, tasks=2, sha="2"))
    return path


def test_cli_map_writes_the_page_and_says_where(db, tmp_path):
    out = tmp_path / "m.html"
    result = runner.invoke(app, ["map", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"map: 13 nodes, 23 relationships -> {out.resolve()}\n"
    assert len(page_data(out.read_text(encoding="utf-8"))["nodes"]) == 13


@pytest.mark.parametrize("args, nodes, edges", [
    (["--plan", PLAN_A], 9, 14),
    (["--plan", PLAN_A, "--plan", PLAN_B], 13, 23),
    (["--department", "市发改局", "--hops", "1"], 6, 5),
    (["--leader", "李明", "--hops", "0"], 1, 0),
    (["--collaboration"], 2, 1),
    (["--citations"], 3, 1),
    (["--query", "department-tasks", "--param", "department=财政局"], 6, 5),
    (["--size-by", "pagerank", "--title", "标题"], 13, 23),
    (["--collaboration", "--size-by", "weighted"], 2, 1),
])
def test_cli_map_scopes(db, tmp_path, args, nodes, edges):
    out = tmp_path / "m.html"
    result = runner.invoke(app, ["map", "--db", str(db), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"map: {nodes} nodes, {edges} relationships -> {out.resolve()}\n"


@pytest.mark.parametrize("args, message", [
    (["--collaboration", "--citations"], "--collaboration and --citations draw different maps; choose one"),
    (["--param", "a=b"], "--param needs --query NAME (the named query it feeds)"),
    (["--query", "department-tasks", "--param", "department"], "--param 'department': write it as KEY=VALUE"),
    (["--plan", "没有的方案"], "no plan matches '没有的方案' (give its title, 文号, file name or id)"),
    (["--hops", "2"], "--hops needs a centre: --department, --leader or --place"),
])
def test_cli_map_errors_are_one_line(db, tmp_path, args, message):
    result = runner.invoke(app, ["map", "--db", str(db), "-o", str(tmp_path / "m.html"), *args])
    assert result.exit_code == 1
    assert result.stderr == f"error: {message}\n"
    assert not (tmp_path / "m.html").exists()


def test_cli_map_on_a_missing_store_is_one_line(tmp_path):
    db = tmp_path / "none.lbdb"
    result = runner.invoke(app, ["map", "--db", str(db), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {db}: ") and result.stderr.count("\n") == 1


def test_cli_export_html_is_the_same_map(db, tmp_path):
    out = tmp_path / "e.html"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "html", "--out", str(out),
                                 "--plan", PLAN_A])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 9 and len(data["edges"]) == 14


def test_demo_loads_the_examples_and_writes_their_map(tmp_path):
    db, out = tmp_path / "demo.lbdb", tmp_path / "demo.html"
    result = runner.invoke(app, ["demo", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"map: {out.resolve()}\n")
    from policykg.graph.store import open_store

    with open_store(db=db, read_only=True) as s:
        g = read_graph(s)
    data = page_data(out.read_text(encoding="utf-8"))
    assert g.number_of_nodes() > 50
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    assert page_edges(data) == edge_multiset(g)


# -- issue 15: labels that fit, colour groups, focus, budget, years, caption ---------------------------

def two_counties(store):
    """Two plans of two counties, each with its own 发展和改革局 and 财政局, dated 2016 and 2020."""
    write_document(store, replace(make_doc("dy.txt", "东阳市改革方案", tasks=3, jurisdiction="东阳市"),
                                  date="2016-04-08"))
    write_document(store, replace(make_doc("lq.txt", "龙泉市改革方案", tasks=2, jurisdiction="龙泉市", sha="2"),
                                  date="2020-05-01"))
    return store


def node_by_id(data: dict) -> dict:
    return {n["id"]: n for n in data["nodes"]}


def test_a_map_spanning_two_counties_prefixes_department_names(store):
    data = map_data(map_graph(two_counties(store), MapScope(collaboration=True)))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["dept:东阳市:发展和改革局"] == "东阳·发展和改革局"
    assert labels["dept:龙泉市:发展和改革局"] == "龙泉·发展和改革局"
    assert len(set(labels.values())) == len(labels)
    by_id = node_by_id(data)
    assert by_id["dept:东阳市:发展和改革局"]["name"] == "发展和改革局"  # the tooltip keeps the stored name
    assert "东阳·发展和改革局" in by_id["dept:东阳市:发展和改革局"]["search"]


def test_a_map_of_one_county_keeps_names_as_they_are(loaded):
    data = map_data(read_graph(loaded))
    assert all(n["label"] == n["name"] for n in data["nodes"])


def test_short_jurisdiction_and_names_that_already_say_where():
    from policykg.visualizations.style import display_names, short_jurisdiction

    assert [short_jurisdiction(x) for x in ("东阳市", "吴江区", "德清县", "浙江省", "景宁畲族自治县", "县")] == [
        "东阳", "吴江", "德清", "浙江", "景宁畲族", "县"]
    g = nx.Graph()
    g.add_node("a", label="Department", jurisdiction="东阳市")
    g.add_node("b", label="Department", jurisdiction="龙泉市")
    g.add_node("p", label="Plan", jurisdiction="东阳市")
    names = display_names(g, {"a": "东阳市人民政府办公室", "b": "财政局", "p": "东阳市方案"})
    assert names == {"a": "东阳市人民政府办公室", "b": "龙泉·财政局", "p": "东阳市方案"}


def test_label_order_follows_the_size_measure():
    g = synthetic(80)
    data = map_data(g, size_by="degree")
    sizes_in_order = [data["nodes"][i]["size"] for i in data["order"]]
    assert sizes_in_order == sorted(sizes_in_order, reverse=True)
    assert sorted(data["order"]) == list(range(len(data["nodes"])))
    assert data["labels"] == 30


def test_edge_weights_are_written_on_small_maps_only():
    from policykg.visualizations.render import EDGE_LABELS_UP_TO

    small = synthetic(8)
    assert small.number_of_edges() <= EDGE_LABELS_UP_TO and map_data(small)["edgeLabels"] is True
    assert map_data(synthetic(40))["edgeLabels"] is False


def test_tie_width_follows_the_weight():
    g = nx.MultiDiGraph()
    for w, (a, b) in zip((1, 4, 16), [("a", "b"), ("b", "c"), ("c", "d")]):
        g.add_edge(a, b, key=SHARES_TASKS, type=SHARES_TASKS, weight=w)
    widths = {e["weight"]: e["width"] for e in map_data(g)["edges"]}
    assert widths[1] < widths[4] < widths[16] == 1.0 + 7.0


def test_collaboration_maps_are_coloured_by_community_and_the_legend_names_members():
    g = nx.MultiDiGraph()
    for a, b, w in [("a1", "a2", 5), ("a2", "a3", 4), ("a1", "a3", 3), ("b1", "b2", 6), ("b2", "b3", 5),
                    ("b1", "b3", 2), ("a3", "b1", 1)]:
        g.add_edge(a, b, key=SHARES_TASKS, type=SHARES_TASKS, weight=w)
    g.add_node("loner")
    for n in g:
        g.nodes[n].update(label="Department", name=n.upper())
    data = map_data(g)
    assert data["colorBy"] == "community"
    groups = data["legend"]["groups"]
    of = {n["id"]: groups[n["c"]] for n in data["nodes"]}
    assert of["a1"]["key"] == of["a2"]["key"] == of["a3"]["key"] != of["b1"]["key"] == of["b2"]["key"]
    assert of["a1"]["color"] != of["b1"]["color"]
    assert of["loner"]["key"] == "other"
    first = next(x for x in groups if x["key"] == of["a1"]["key"])
    assert first["name"].startswith("社区") and "A2" in first["name"] and first["count"] == 3
    assert map_data(g, color_by="kind")["colorBy"] == "kind"


def test_color_by_jurisdiction_and_kind(store):
    g = map_graph(two_counties(store), MapScope())
    data = map_data(g, color_by="jurisdiction")
    groups = data["legend"]["groups"]
    of = {n["id"]: groups[n["c"]]["name"] for n in data["nodes"]}
    assert of["dept:东阳市:发展和改革局"] == of["task:dy.txt:1"] == "东阳市"  # a task: its plan's jurisdiction
    assert of["dept:龙泉市:财政局"] == "龙泉市"
    kinds = map_data(g, color_by="kind")
    assert kinds["colorBy"] == "kind"
    names = {x["key"]: x["name"] for x in kinds["legend"]["groups"]}
    assert names["Department:government"] == "部门·政府 government" and names["Task"] == "任务 Task"
    with pytest.raises(ValueError):
        map_data(g, color_by="rainbow")


def test_min_shared_keeps_only_strong_ties(store):
    write_document(store, make_doc("a.txt", PLAN_A, tasks=3))
    doc = make_doc("b.txt", PLAN_B, tasks=1, sha="2")
    extra = replace(doc.departments[1], id="dept:东阳市:商务局", name="商务局", aliases=("商务局",))
    assigns = doc.assignments + (replace(doc.assignments[1], agent_id=extra.id, surface="商务局"),)
    write_document(store, replace(doc, departments=doc.departments + (extra,), assignments=assigns))
    every = map_graph(store, MapScope(collaboration=True))
    assert sorted(w for *_, w in every.edges(data="weight")) == [1, 1, 4]
    strong = map_graph(store, MapScope(collaboration=True, min_shared=2))
    assert set(strong.nodes) == {FGW, CZ} and [w for *_, w in strong.edges(data="weight")] == [4]
    with pytest.raises(InputError, match="--min-shared needs --collaboration"):
        map_graph(store, MapScope(min_shared=2))


def test_years_come_from_plan_dates(store):
    g = map_graph(two_counties(store), MapScope())
    from policykg.visualizations.scope import node_years

    years = node_years(g)
    assert years["plan:东阳市改革方案"] == years["task:dy.txt:1"] == years["goal:dy.txt:1"] == 2016
    assert years["task:lq.txt:1"] == years["dept:龙泉市:发展和改革局"] == 2020
    data = map_data(select_map(store, MapScope()).graph)
    assert data["years"] == [2016, 2020]
    by_id = node_by_id(data)
    assert by_id["plan:龙泉市改革方案"]["since"] == 2020 and by_id["task:dy.txt:2"]["since"] == 2016
    ids = [n["id"] for n in data["nodes"]]
    lq_edges = [e for e in data["edges"] if ids[e["a"]].startswith("dept:龙泉市")]
    assert lq_edges and all(e["since"] == 2020 for e in lq_edges)


def test_undated_plans_and_what_only_they_bring_have_no_year(loaded):
    data = map_data(select_map(loaded, MapScope()).graph)
    assert data["years"] is None and not any("since" in n for n in data["nodes"])


def test_collaboration_ties_appear_with_their_earliest_shared_task(store):
    two_counties(store)
    write_document(store, replace(make_doc("dy2.txt", "东阳市第二方案", tasks=1, jurisdiction="东阳市", sha="3"),
                                  date="2012-01-01"))
    g = map_graph(store, MapScope(collaboration=True))
    tie = g.edges["dept:东阳市:发展和改革局", "dept:东阳市:财政局", SHARES_TASKS]
    assert (tie["weight"], tie["since"]) == (4, 2012)
    assert g.nodes["dept:龙泉市:财政局"]["since"] == 2020


def early_and_late(store):
    """东阳's 发改局 and 财政局 share 1 task in a 2019 plan and 9 in a 2023 plan (the as-of-year example)."""
    write_document(store, replace(make_doc("early.txt", "东阳市早期方案", tasks=1), date="2019-03-01"))
    write_document(store, replace(make_doc("late.txt", "东阳市后期方案", tasks=9, sha="2"), date="2023-06-01"))
    return store


def test_a_collaboration_tie_counts_its_shared_tasks_year_by_year(store):
    from policykg.visualizations.scope import weight_as_of

    g = map_graph(early_and_late(store), MapScope(collaboration=True))
    tie = g.edges[FGW, CZ, SHARES_TASKS]
    assert (tie["weight"], tie["since"], tie["weights_by_year"]) == (10, 2019, [[2019, 1], [2023, 10]])
    assert [weight_as_of(tie["weights_by_year"], y) for y in (2018, 2019, 2022, 2023, None)] == [0, 1, 1, 10, 10]
    assert tie["tasks"][0] == "第1项任务" and len(tie["tasks"]) == 10  # the 2019 task first
    # Tasks of an undated plan count from the start, as undated nodes show from the start.
    write_document(store, make_doc("undated.txt", "东阳市无日期方案", tasks=2, sha="3"))
    tie = map_graph(store, MapScope(collaboration=True)).edges[FGW, CZ, SHARES_TASKS]
    assert (tie["since"], tie["weights_by_year"]) == (None, [[None, 2], [2019, 3], [2023, 12]])
    # With --min-shared a tie is drawn from the year it reached that many tasks.
    strong = map_graph(store, MapScope(collaboration=True, min_shared=3)).edges[FGW, CZ, SHARES_TASKS]
    assert (strong["since"], strong["weight"]) == (2019, 12)
    assert map_graph(store, MapScope(collaboration=True, min_shared=4)).edges[FGW, CZ, SHARES_TASKS]["since"] == 2023


def test_the_page_data_reweights_ties_and_resizes_nodes_as_of_each_year(store):
    from policykg.visualizations.render import MAX_EXTRA_WIDTH, build_map

    early_and_late(store)
    page = build_map(store, MapScope(collaboration=True), size_by="weighted")
    data = page.data
    assert data["years"] == [2019, 2023]  # both departments appear in 2019: the slider comes from the tie
    (tie,) = data["edges"]
    base = EDGE_STYLES[SHARES_TASKS].width
    assert tie["byYear"] == [[2019, 1, base], [2023, 10, base + MAX_EXTRA_WIDTH]] and tie["width"] == base + 7
    assert tie["tasks"][0] == "第1项任务" and len(tie["tasks"]) == 8
    assert not [row for row in tie["info"] if row[0].startswith(("共担任务数", "任务 "))]  # the page writes them
    by_id = node_by_id(data)
    for dept in (FGW, CZ):  # weighted degree 1 in 2019, 10 in 2023: small, then the largest
        assert by_id[dept]["sizes"] == [[2019, round(7 + 23 * 0.1 ** 0.5, 1)], [2023, 30.0]]
        assert by_id[dept]["size"] == 30.0
    _, edges = page.elements()  # other front ends still get the whole count
    assert "共担任务数 shared tasks: 10" in edges[0]["title"] and "…(+2)" in edges[0]["title"]
    # The whole map sized by degree: 发改局 leads 1 task in 2019, 10 by 2023.
    whole = node_by_id(build_map(store, MapScope()).data)
    steps = whole[FGW]["sizes"]
    assert [y for y, _ in steps] == [2019, 2023] and steps[0][1] < steps[-1][1] == whole[FGW]["size"]
    assert "sizes" not in whole["task:early.txt:1"]  # its plan and agents all come with it


def test_focus_is_the_centre_or_the_plans_asked_for(loaded):
    from policykg.visualizations.scope import select_map

    assert select_map(loaded, MapScope(department="市发改局")).focus == (FGW,)
    assert select_map(loaded, MapScope(collaboration=True, department="财政局")).focus == (CZ,)
    assert select_map(loaded, MapScope(plans=(PLAN_A,))).focus == ("plan:" + PLAN_A,)
    assert select_map(loaded, MapScope()).focus == ()
    data = map_data(read_graph(loaded), focus=(FGW, "not-on-the-map"))
    assert data["focus"] == [FGW]


def test_a_selection_over_the_budget_is_drawn_aggregated_with_a_one_line_notice(loaded, tmp_path):
    from policykg.visualizations.render import build_map
    from policykg.visualizations.scope import select_map

    chosen = select_map(loaded, MapScope(max_nodes=10))
    labels = Counter(d["label"] for _, d in chosen.graph.nodes(data=True))
    assert labels == {"Plan": 3, "Department": 2} and chosen.selected_nodes == 13 and chosen.aggregated
    works = {(a, b): d for a, b, k, d in chosen.graph.edges(keys=True, data=True) if k == "WORKS_ON"}
    assert works[(FGW, "plan:" + PLAN_A)]["weight"] == 3 and works[(CZ, "plan:" + PLAN_B)]["cooperates"] == 2
    assert chosen.notice.count("\n") == 0 and "13 nodes exceed the 10-node budget" in chosen.notice
    page = build_map(loaded, MapScope(max_nodes=10))
    assert page.data["notice"] == chosen.notice and page.notice == chosen.notice
    assert (page.nodes, page.selected) == (5, 13)
    assert "聚合 aggregated from 13 nodes" in page.data["caption"]["filters"][0]
    assert select_map(loaded, MapScope(max_nodes=13)).notice is None


def test_a_selection_too_big_even_aggregated_asks_for_a_narrower_scope(loaded):
    with pytest.raises(InputError, match=r"^the map would draw 13 nodes \(5 even with tasks folded in\), over the "
                                         r"4-node budget; narrow it with --plan"):
        select_map(loaded, MapScope(max_nodes=4))
    with pytest.raises(InputError, match="the map would draw 2 departments, over the 1-node budget"):
        select_map(loaded, MapScope(collaboration=True, max_nodes=1))


def test_the_aggregated_view_keeps_each_plans_heaviest_ties_within_the_edge_budget():
    from policykg.visualizations.scope import aggregate

    g = synthetic(400)  # 10 plans of 40 tasks, 50 departments
    every = aggregate(g)
    works = [d for *_, k, d in every.edges(keys=True, data=True) if k == "WORKS_ON"]
    assert sum(d["weight"] for d in works) >= 400 and "ties_per_plan" not in every.graph
    cut = aggregate(g, max_edges=35)
    kept = [(a, b, d["weight"]) for a, b, k, d in cut.edges(keys=True, data=True) if k == "WORKS_ON"]
    assert len(kept) == 35 and cut.graph["ties_per_plan"] == 3
    for plan in (n for n, d in g.nodes(data=True) if d["label"] == "Plan"):
        heaviest = max(d["weight"] for a, b, k, d in every.edges(keys=True, data=True) if b == plan)
        assert max(w for a, b, w in kept if b == plan) == heaviest


def test_caption_records_scope_filters_store_and_date(loaded):
    from datetime import date

    from policykg.visualizations.render import build_map

    page = build_map(loaded, MapScope(collaboration=True, min_shared=2, department="财政局"),
                     today=date(2026, 1, 2))
    caption = page.data["caption"]
    assert caption["scope"] == "协作网络 collaboration · 财政局 ±1"
    assert caption["filters"][:1] == ["共担任务≥2 shared tasks"] and "颜色 colour: community" in caption["filters"]
    assert caption["store"] == "graph.lbdb" and caption["date"] == "2026-01-02"


def test_store_label_never_shows_credentials():
    from types import SimpleNamespace

    from policykg.visualizations.render import store_label

    assert store_label(SimpleNamespace(location="neo4j://neo4j:secret@db.example:7687")) == "neo4j://db.example:7687"
    assert store_label(SimpleNamespace(location="/data/x/graph.lbdb")) == "graph.lbdb"


def test_build_map_returns_a_page_to_save_and_show(loaded, tmp_path):
    from policykg.visualizations.render import MapPage, build_map

    page = build_map(loaded, MapScope(plans=(PLAN_A,)))
    assert isinstance(page, MapPage) and (page.nodes, page.edges, page.notice) == (9, 14, None)
    summary = page.save(tmp_path / "deep" / "m.html")
    assert summary.path.read_text(encoding="utf-8") == page.html and summary.nodes == 9
    inline = page._repr_html_()
    assert inline.startswith("<iframe sandbox=\"allow-scripts\"") and "<script" not in inline


def test_cli_map_color_by_min_shared_and_max_nodes(db, tmp_path):
    out = tmp_path / "m.html"
    result = runner.invoke(app, ["map", "--db", str(db), "-o", str(out), "--collaboration", "--min-shared", "5",
                                 "--color-by", "jurisdiction"])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["colorBy"] == "jurisdiction" and [e["weight"] for e in data["edges"]] == [5]
    result = runner.invoke(app, ["map", "--db", str(db), "-o", str(out), "--max-nodes", "10"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"map: 5 nodes, 5 relationships -> {out.resolve()}\n"  # 4 WORKS_ON, 1 REFERENCES
    assert result.stderr.startswith("note: 聚合视图 · 13 nodes exceed the 10-node budget") and \
        result.stderr.count("\n") == 1
    result = runner.invoke(app, ["map", "--db", str(db), "-o", str(tmp_path / "x.html"), "--max-nodes", "3"])
    assert result.exit_code == 1 and result.stderr.startswith("error: the map would draw 13 nodes")
    assert not (tmp_path / "x.html").exists()
    result = runner.invoke(app, ["map", "--db", str(db), "-o", str(out), "--color-by", "rainbow"])
    assert result.exit_code == 2


def test_a_graph_selected_elsewhere_gets_its_years_too(store, tmp_path):
    g = read_graph(two_counties(store))
    summary = render(g, tmp_path / "export.html")
    data = page_data(summary.path.read_text(encoding="utf-8"))
    assert data["years"] == [2016, 2020] and "since" not in g.nodes["plan:东阳市改革方案"]  # g is not changed


def test_page_elements_for_other_drawing_libraries(loaded):
    from policykg.visualizations.render import build_map

    page = build_map(loaded, MapScope(collaboration=True))
    nodes, edges = page.elements()
    assert {n["id"] for n in nodes} == {FGW, CZ} and all(n["shape"] == "diamond" for n in nodes)
    assert {n["color"] for n in nodes} == {page.data["legend"]["groups"][0]["color"]}  # one community
    (edge,) = edges
    assert (edge["source"], edge["to"]) == (FGW, CZ) and "共担任务数 shared tasks: 5" in edge["title"]
    assert "名称 name: 发展和改革局" in next(n["title"] for n in nodes if n["id"] == FGW)
