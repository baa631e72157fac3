"""Network analytics on a hand-built graph whose structure is known: two groups joined by one department."""

from __future__ import annotations

import networkx as nx
import pytest

from policykg.errors import QueryError
from policykg.graph.writer import write_document
from policykg.queries import analytics
from tests.test_queries_factory import doc

J = "龙泉市"


@pytest.fixture
def two_groups(store):
    # 发改局/经信局/财政局 share tasks in plan A; 科技局 cooperates there once and leads in plan B,
    # where it works with 教育局 and 卫健局. 科技局 is the only link between the two groups.
    write_document(store, doc("a.txt", "龙泉市甲方案", J, [
        (["发改局"], ["经信局", "财政局"], ["叶建华"]),
        (["经信局"], ["发改局", "财政局"], ["叶建华"]),
        (["财政局"], ["发改局", "科技局"], ["吴立新"]),
    ]))
    write_document(store, doc("b.txt", "龙泉市乙方案", J, [
        (["科技局"], ["教育局", "卫健局"], ["吴立新"]),
        (["教育局"], ["卫健局"], []),
    ]))
    write_document(store, doc("c.txt", "丽水市丙方案", "丽水市", [(["发改局"], ["财政局"], [])]))
    return store


def _by_name(rows, key="name"):
    return {r[key]: r for r in rows}


def test_collaboration_network_weights_are_shared_tasks(two_groups):
    g = analytics.network(two_groups, "collaboration", jurisdiction=J)
    assert isinstance(g, nx.Graph)
    weights = {tuple(sorted((g.nodes[a]["name"], g.nodes[b]["name"]))): w for a, b, w in g.edges(data="weight")}
    assert weights == {
        ("发改局", "经信局"): 2, ("发改局", "财政局"): 3, ("经信局", "财政局"): 2, ("发改局", "科技局"): 1,
        ("科技局", "财政局"): 1, ("教育局", "科技局"): 1, ("卫健局", "科技局"): 1, ("卫健局", "教育局"): 2,
    }
    assert g.nodes[f"dept:{J}:科技局"] == {"label": "Department", "name": "科技局", "jurisdiction": J, "tasks": 2}


def test_jurisdiction_and_plan_filters(two_groups):
    everything = analytics.network(two_groups, "collaboration")
    assert everything.number_of_nodes() == 8  # 丽水市's 发改局 and 财政局 are other departments
    only_b = analytics.network(two_groups, "collaboration", plans=["b.txt"])
    assert sorted(d["name"] for _, d in only_b.nodes(data=True)) == ["卫健局", "教育局", "科技局"]


def test_centrality_ranks_with_scores(two_groups):
    rows = analytics.centrality(analytics.network(two_groups, jurisdiction=J), by="betweenness")
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0]["name"] == "科技局"  # every path between the two groups runs through it
    table = {r["name"]: (r["degree"], r["weighted_degree"], r["tasks"]) for r in rows}
    assert table == {"发改局": (3, 6, 3), "财政局": (3, 6, 3), "经信局": (2, 4, 2), "科技局": (4, 4, 2),
                     "教育局": (2, 3, 2), "卫健局": (2, 3, 2)}
    assert sum(r["pagerank"] for r in rows) == pytest.approx(1, abs=1e-4)
    assert _by_name(rows)["经信局"]["betweenness"] == 0


def test_centrality_default_ranks_by_pagerank(two_groups):
    rows = analytics.centrality(analytics.network(two_groups, jurisdiction=J))
    assert [r["pagerank"] for r in rows] == sorted((r["pagerank"] for r in rows), reverse=True)
    with pytest.raises(QueryError, match="cannot rank by 'fame'"):
        analytics.centrality(analytics.network(two_groups), by="fame")


def test_louvain_finds_the_two_groups_every_time(two_groups):
    g = analytics.network(two_groups, jurisdiction=J)
    first = analytics.communities(g)
    # equal sizes: ordered by their smallest id (dept:龙泉市:卫健局 < dept:龙泉市:发改局)
    assert [sorted(r["members"]) for r in first] == [["卫健局", "教育局", "科技局"], ["发改局", "经信局", "财政局"]]
    assert [r["internal_weight"] for r in first] == [4, 7]
    assert [r["hub"] for r in first] == ["科技局", "发改局"]
    assert first == analytics.communities(g)  # fixed seed


def test_bridges_are_departments_that_join_separate_groups(two_groups):
    rows = analytics.bridges(analytics.network(two_groups, jurisdiction=J))
    assert [(r["name"], r["groups"], r["communities"]) for r in rows] == [("科技局", 2, 2)]


def test_leader_network_links_leaders_to_departments_on_their_tasks(two_groups):
    g = analytics.network(two_groups, "leaders", jurisdiction=J)
    links = {(g.nodes[a]["name"], g.nodes[b]["name"], w) if g.nodes[a]["label"] == "Leader"
             else (g.nodes[b]["name"], g.nodes[a]["name"], w) for a, b, w in g.edges(data="weight")}
    assert links == {("叶建华", "发改局", 2), ("叶建华", "经信局", 2), ("叶建华", "财政局", 2), ("吴立新", "财政局", 1),
                     ("吴立新", "发改局", 1), ("吴立新", "科技局", 2), ("吴立新", "教育局", 1), ("吴立新", "卫健局", 1)}
    # departments on no leader's task (none here) are left out; leaders carry their own task counts
    assert g.nodes[f"leader:{J}:吴立新"]["tasks"] == 2


def test_collaboration_rows_strongest_first(two_groups):
    rows = analytics.collaboration(analytics.network(two_groups, jurisdiction=J))
    assert [(r["a"], r["b"], r["shared_tasks"]) for r in rows[:2]] == [("发改局", "财政局", 3), ("卫健局", "教育局", 2)]


def test_analyze_resolves_plans_and_explains(two_groups):
    result = analytics.analyze(two_groups, "centrality", plans=["b.txt"])
    assert [p.id for p in result.plans] == ["plan:龙泉市乙方案"]
    assert result.explanation.startswith("collaboration network (departments linked by shared tasks, 1 plan(s)): "
                                         "3 nodes, 3 links.")
    assert result.columns[0] == "rank" and len(result.rows) == 3
    with pytest.raises(QueryError, match="no Plan matches '没有的方案'"):
        analytics.analyze(two_groups, "centrality", plans=["没有的方案"])


def test_empty_graph_gives_no_rows(store):
    for measure in analytics.MEASURES:
        assert analytics.analyze(store, measure).rows == []
