"""Network measures analysts would otherwise compute in Gephi, on two networks read from the graph.

* **collaboration** — departments, linked when they share a task (lead or cooperate);
  an edge's ``weight`` is the number of shared tasks.
* **leaders** — leaders and departments, linked when a department leads or cooperates on a
  task the leader leads; ``weight`` is the number of such tasks.

Both are undirected weighted :class:`networkx.Graph` objects whose nodes are store ids
with ``name``, ``label``, ``jurisdiction`` and ``tasks`` attributes. Measures return rows
(plain dicts) ready for :func:`queries.output.render`::

    >>> g = network(store, "collaboration", plans=["plan:…"], jurisdiction="龙泉市")  # doctest: +SKIP
    >>> centrality(g)[0]                                                               # doctest: +SKIP
    {'rank': 1, 'name': '财政局', 'jurisdiction': '龙泉市', 'degree': 14, 'weighted_degree': 31, …}

Weighted betweenness treats ``1 / weight`` as the length of a link, so departments that share
many tasks are "close". Louvain communities use a fixed seed, so results repeat.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Iterable

import networkx as nx

from policykg.errors import QueryError
from policykg.graph.store import Store

NETWORKS = ("collaboration", "leaders")
MEASURES = ("centrality", "communities", "collaboration", "bridges")
RANK_BY = ("pagerank", "betweenness", "weighted_degree", "degree")
SEED = 42

# Tasks taken into account: every task, or those of the chosen plans (a plan's tasks, sub-tasks
# included, carry its file as `source`).
_TASK_FILTER = "(size($plans) = 0 OR t.source IN $plans)"

# Who works on which task. The pairs (shared tasks) are counted in Python: on LadybugDB the
# self-join (a)-->(t)<--(b) with count(DISTINCT t) took seconds on a 10,000-document graph.
DEPARTMENT_TASKS = f"""
MATCH (d:Department)-[:LEADS|COOPERATES_ON]->(t:Task)
WHERE ($jurisdiction = '' OR d.jurisdiction = $jurisdiction) AND {_TASK_FILTER}
RETURN d.id AS agent, t.id AS task
"""

LEADER_TASKS = f"""
MATCH (l:Leader)-[:LEADS]->(t:Task)
WHERE ($jurisdiction = '' OR l.jurisdiction = $jurisdiction) AND {_TASK_FILTER}
RETURN l.id AS agent, t.id AS task
"""

DEPARTMENTS = """
MATCH (d:Department)
WHERE $jurisdiction = '' OR d.jurisdiction = $jurisdiction
RETURN d.id AS id, d.name AS name, d.jurisdiction AS jurisdiction
"""

LEADERS = """
MATCH (l:Leader)
WHERE $jurisdiction = '' OR l.jurisdiction = $jurisdiction
RETURN l.id AS id, l.name AS name, l.jurisdiction AS jurisdiction
"""

STATEMENTS = {"department tasks": DEPARTMENT_TASKS, "leader tasks": LEADER_TASKS, "departments": DEPARTMENTS,
              "leaders": LEADERS}


def _agents(store: Store, label: str, who: str, tasks_of: str, params: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{id: {label, name, jurisdiction, tasks: set of task ids}}`` for agents with at least one task."""
    out: dict[str, dict[str, Any]] = {}
    for row in store.run(tasks_of, params):
        out.setdefault(row["agent"], set()).add(row["task"])
    named = {r["id"]: r for r in store.run(who, params)}
    return {a: {"label": label, "name": named[a]["name"], "jurisdiction": named[a]["jurisdiction"], "tasks": t}
            for a, t in sorted(out.items()) if a in named}


def network(store: Store, kind: str = "collaboration", plans: Iterable[str] = (), jurisdiction: str = "") -> nx.Graph:
    """The ``kind`` network ("collaboration" or "leaders"), optionally limited to plans / a jurisdiction.

    ``plans`` are the loaded plans' file names (see :func:`resolve_plans`).
    """
    if kind not in NETWORKS:
        raise QueryError(f"unknown network {kind!r}; use one of {', '.join(NETWORKS)}")
    params = {"plans": list(plans), "jurisdiction": jurisdiction or ""}
    depts = _agents(store, "Department", DEPARTMENTS, DEPARTMENT_TASKS, params)
    g = nx.Graph(network=kind)
    if kind == "collaboration":
        sides = [depts]
    else:  # departments that never meet a leader are not part of this network
        sides = [_agents(store, "Leader", LEADERS, LEADER_TASKS, params), depts]
    for side in sides:
        for n, d in side.items():
            g.add_node(n, label=d["label"], name=d["name"], jurisdiction=d["jurisdiction"], tasks=len(d["tasks"]))
    on_task: dict[str, list[str]] = {}
    for n, d in depts.items():
        for t in d["tasks"]:
            on_task.setdefault(t, []).append(n)
    weights: Counter = Counter()
    if kind == "collaboration":
        for agents in on_task.values():
            weights.update(combinations(sorted(agents), 2))
    else:
        for leader, d in sides[0].items():
            for t in d["tasks"]:
                weights.update((leader, dept) for dept in on_task.get(t, ()))
    for (a, b), w in sorted(weights.items()):
        g.add_edge(a, b, weight=w, distance=1.0 / w)
    if kind == "leaders":
        g.remove_nodes_from([n for n, d in list(g.nodes(data=True)) if d["label"] == "Department" and not g[n]])
    return g


def resolve_plans(store: Store, texts: Iterable[str]) -> list[tuple[Any, str]]:
    """(Plan entity, file name) for user text (title, 文号, file name or id); QueryError when unknown/ambiguous."""
    from policykg.queries.catalog import document_source
    from policykg.queries.entities import resolve

    out = []
    for text in texts:
        plan = resolve(store, "Plan", text)
        out.append((plan, document_source(store, plan)))
    return out


def _who(g: nx.Graph, n: str) -> dict[str, Any]:
    d = g.nodes[n]
    return {"name": d["name"], "jurisdiction": d["jurisdiction"], "label": d["label"]}


# Exact betweenness is O(nodes × links); above this many nodes it is estimated from a fixed
# sample of source nodes (same seed, same answer), which keeps a whole-province graph to seconds.
EXACT_BETWEENNESS_UP_TO = 1000
BETWEENNESS_SAMPLE = 300


def _betweenness(g: nx.Graph) -> dict[str, float]:
    k = BETWEENNESS_SAMPLE if g.number_of_nodes() > EXACT_BETWEENNESS_UP_TO else None
    return nx.betweenness_centrality(g, k=k, weight="distance", normalized=True, seed=SEED)


def centrality(g: nx.Graph, by: str = "pagerank") -> list[dict[str, Any]]:
    """Degree, weighted degree, weighted betweenness and PageRank per node, ranked by ``by``."""
    if by not in RANK_BY:
        raise QueryError(f"cannot rank by {by!r}; use one of {', '.join(RANK_BY)}")
    if g.number_of_nodes() == 0:
        return []
    betweenness = _betweenness(g)
    pagerank = nx.pagerank(g, weight="weight") if g.number_of_edges() else {n: 1 / len(g) for n in g}
    rows = [{**_who(g, n), "tasks": g.nodes[n]["tasks"], "degree": g.degree(n),
             "weighted_degree": g.degree(n, weight="weight"), "betweenness": round(betweenness[n], 6),
             "pagerank": round(pagerank[n], 6), "id": n} for n in g]
    rows.sort(key=lambda r: (-r[by], -r["weighted_degree"], r["id"]))
    return [{"rank": i, **r} for i, r in enumerate(rows, 1)]


def communities(g: nx.Graph, seed: int = SEED) -> list[dict[str, Any]]:
    """Louvain communities (weighted, fixed seed), largest first, with their most connected member."""
    if g.number_of_nodes() == 0:
        return []
    groups = nx.community.louvain_communities(g, weight="weight", seed=seed)
    strength = dict(g.degree(weight="weight"))
    ordered = sorted(groups, key=lambda c: (-len(c), min(c)))
    rows = []
    for i, group in enumerate(ordered, 1):
        members = sorted(group, key=lambda n: (-strength[n], n))
        inner = g.subgraph(group).size(weight="weight")
        rows.append({"community": i, "size": len(group), "internal_weight": inner,
                     "hub": g.nodes[members[0]]["name"], "members": [g.nodes[n]["name"] for n in members],
                     "ids": members})
    return rows


def collaboration(g: nx.Graph) -> list[dict[str, Any]]:
    """Every link, strongest first: who works with whom and on how many tasks."""
    rows = []
    for a, b, w in g.edges(data="weight"):
        if (g.nodes[a]["label"], a) > (g.nodes[b]["label"], b):
            a, b = b, a  # departments before leaders, then by id: stable output
        rows.append({"a": g.nodes[a]["name"], "a_jurisdiction": g.nodes[a]["jurisdiction"],
                     "b": g.nodes[b]["name"], "b_jurisdiction": g.nodes[b]["jurisdiction"],
                     "shared_tasks": w, "a_id": a, "b_id": b})
    rows.sort(key=lambda r: (-r["shared_tasks"], r["a_id"], r["b_id"]))
    return rows


def bridges(g: nx.Graph) -> list[dict[str, Any]]:
    """Nodes whose removal splits their group (articulation points), with how many groups they join.

    ``groups`` counts the separate pieces its neighbours fall into without it; ``communities``
    counts the Louvain communities among it and its neighbours.
    """
    if g.number_of_nodes() == 0:
        return []
    betweenness = _betweenness(g)
    community_of = {n: i for i, row in enumerate(communities(g)) for n in row["ids"]}
    rows = []
    for n in nx.articulation_points(g):
        component = nx.node_connected_component(g, n)
        rest = g.subgraph(component - {n})
        groups = nx.number_connected_components(rest)
        touched = {community_of[m] for m in [n, *g[n]]}
        rows.append({**_who(g, n), "groups": groups, "communities": len(touched), "degree": g.degree(n),
                     "betweenness": round(betweenness[n], 6), "id": n})
    rows.sort(key=lambda r: (-r["groups"], -r["betweenness"], r["id"]))
    return rows


@dataclass
class Analysis:
    """Rows of one measure, the network they came from, and a sentence saying how to read them."""

    measure: str
    rows: list[dict[str, Any]]
    columns: list[str]
    explanation: str
    graph: nx.Graph = field(repr=False)
    plans: list = field(default_factory=list)  # the Plan entities the filter resolved to


_COLUMNS = {
    "centrality": ["rank", "name", "jurisdiction", "label", "tasks", "degree", "weighted_degree", "betweenness",
                   "pagerank", "id"],
    "communities": ["community", "size", "internal_weight", "hub", "members"],
    "collaboration": ["a", "a_jurisdiction", "b", "b_jurisdiction", "shared_tasks"],
    "bridges": ["name", "jurisdiction", "label", "groups", "communities", "degree", "betweenness", "id"],
}

_EXPLAIN = {
    "centrality": "degree = partners; weighted_degree = shared tasks over all partners; betweenness = share of "
                  "shortest paths through it (1/shared tasks as length); pagerank = weighted influence; ranked by {by}.",
    "communities": "Louvain communities (weighted by shared tasks, seed {seed}): groups that share more tasks "
                   "inside than outside; hub = member with most shared tasks.",
    "collaboration": "each link is two entities sharing tasks; shared_tasks = how many.",
    "bridges": "articulation points: removing one splits its group into `groups` pieces; communities = Louvain "
               "communities among it and its partners.",
}


def analyze(store: Store, measure: str, kind: str = "collaboration", plans: Iterable[str] = (),
            jurisdiction: str = "", by: str = "pagerank", seed: int = SEED) -> Analysis:
    """Build the ``kind`` network and compute ``measure`` on it.

    ``plans`` are what a user typed (title, 文号, file name or id); the plans they resolved
    to are in ``Analysis.plans``.
    """
    if measure not in MEASURES:
        raise QueryError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    chosen = resolve_plans(store, plans)
    if jurisdiction:  # 龙泉 means 龙泉市, as in named queries
        from policykg.queries.entities import resolve_jurisdiction

        jurisdiction = resolve_jurisdiction(store, jurisdiction)
    g = network(store, kind, [source for _, source in chosen], jurisdiction)
    if measure == "centrality":
        rows = centrality(g, by)
    elif measure == "communities":
        rows = communities(g, seed)
    else:
        rows = collaboration(g) if measure == "collaboration" else bridges(g)
    what = "departments linked by shared tasks" if kind == "collaboration" else "leaders and the departments on their tasks"
    scope = "".join([f", {len(chosen)} plan(s)" if chosen else "", f", {jurisdiction}" if jurisdiction else ""])
    explanation = (f"{kind} network ({what}{scope}): {g.number_of_nodes()} nodes, {g.number_of_edges()} links. "
                   + _EXPLAIN[measure].format(by=by, seed=seed))
    if measure in ("centrality", "bridges") and g.number_of_nodes() > EXACT_BETWEENNESS_UP_TO:
        explanation += f" Betweenness estimated from {BETWEENNESS_SAMPLE} sampled sources (seed {SEED})."
    return Analysis(measure, rows, _COLUMNS[measure], explanation, g, [plan for plan, _ in chosen])
