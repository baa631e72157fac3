"""Colour groups: what a node's colour says (``--color-by kind|community|jurisdiction``).

* ``kind`` — the node's label (plan, task, goal, department, leader, place), departments split
  by their kind (government, party, enterprise, …). The default for every map but collaboration.
* ``community`` — Louvain communities of the map's own network, weighted by shared tasks
  (:func:`queries.analytics.communities`, fixed seed). The default for collaboration maps:
  who works with whom at a glance. The legend names each community by its largest members.
* ``jurisdiction`` — the county or city a node belongs to (tasks and goals: their plan's).

The largest :data:`~visualizations.style.GROUP_PALETTE` groups get their own colour; smaller
communities, departments without any tie, and rare jurisdictions share one grey, named in the legend.

>>> import networkx as nx
>>> g = nx.Graph(); g.add_node("a", label="Plan"); g.add_node("b", label="Task")
>>> [x["name"] for x in color_groups(g, "kind", {"a": "A", "b": "B"})[1]]
['规划/文件 Plan', '任务 Task']
"""

from __future__ import annotations

from collections import Counter
from enum import Enum

import networkx as nx

from policykg.visualizations.style import DEPARTMENT_KINDS, GROUP_PALETTE, NODE_STYLES, OTHER, node_style
from policykg.visualizations.scope import plan_closure

MEMBERS_NAMED = 3  # a community's legend entry names this many of its largest members


class ColorBy(str, Enum):
    kind = "kind"
    community = "community"
    jurisdiction = "jurisdiction"


def _kind_key(d: dict) -> str:
    label = d.get("label", "?")
    if label == "Department":
        kind = d.get("kind") if d.get("kind") in DEPARTMENT_KINDS else "other"
        return f"Department:{kind}"
    return label


def _by_kind(g: nx.Graph) -> tuple[dict[str, str], list[dict]]:
    keys = {n: _kind_key(d) for n, d in g.nodes(data=True)}
    counts = Counter(keys.values())
    order = [*NODE_STYLES, *(f"Department:{k}" for k in DEPARTMENT_KINDS)]
    groups = []
    for key in sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k)):
        if key.startswith("Department:"):
            color, name = DEPARTMENT_KINDS[key.split(":", 1)[1]]
        else:
            color, name = node_style(key).color, node_style(key).name
        groups.append({"key": key, "name": name, "color": color, "count": counts[key]})
    return keys, groups


def _simple_weighted(g: nx.Graph, names: dict[str, str]) -> nx.Graph:
    """Undirected, one link per pair with the summed ``weight`` (1 per unweighted edge), nodes named."""
    out = nx.Graph()
    for n in g.nodes:
        out.add_node(n, name=names.get(n, str(n)))
    for a, b, d in g.edges(data=True):
        if a != b:
            w = d.get("weight", 1) or 1
            out.add_edge(a, b, weight=out[a][b]["weight"] + w if out.has_edge(a, b) else w)
    return out


def _by_community(g: nx.Graph, names: dict[str, str]) -> tuple[dict[str, str], list[dict]]:
    from policykg.queries.analytics import communities

    simple = _simple_weighted(g, names)
    rows = [r for r in communities(simple) if r["size"] > 1]
    keys: dict[str, str] = dict.fromkeys(g.nodes, "other")
    groups = []
    for i, row in enumerate(rows[: len(GROUP_PALETTE)]):
        key = f"community:{i + 1}"
        shown = "、".join(row["members"][:MEMBERS_NAMED]) + ("…" if row["size"] > MEMBERS_NAMED else "")
        groups.append({"key": key, "name": f"社区{i + 1} · {shown}", "color": GROUP_PALETTE[i],
                       "count": row["size"], "members": row["ids"]})
        keys.update(dict.fromkeys(row["ids"], key))
    rest = sum(1 for k in keys.values() if k == "other")
    if rest:
        small = len(rows) - len(groups)
        what = f"{small} 个小社区及无合作者 smaller communities and loners" if small else "无合作者 no partner on the map"
        groups.append({"key": "other", "name": f"其他 · {what}", "color": OTHER, "count": rest})
    return keys, groups


def _jurisdiction_of(g: nx.Graph) -> dict[str, str]:
    out = {n: str(d["jurisdiction"]) for n, d in g.nodes(data=True) if d.get("jurisdiction")}
    if isinstance(g, nx.MultiDiGraph):
        for plan, d in g.nodes(data=True):
            if d.get("label") == "Plan" and d.get("jurisdiction"):
                for node in plan_closure(g, plan):
                    if g.nodes[node].get("label") in ("Task", "Goal"):
                        out.setdefault(node, str(d["jurisdiction"]))
    return out


def _by_jurisdiction(g: nx.Graph) -> tuple[dict[str, str], list[dict]]:
    where = _jurisdiction_of(g)
    counts = Counter(where.values())
    ranked = sorted(counts, key=lambda k: (-counts[k], k))[: len(GROUP_PALETTE)]
    keys = {n: (f"jurisdiction:{where[n]}" if where.get(n) in ranked else "other") for n in g.nodes}
    groups = [{"key": f"jurisdiction:{j}", "name": j, "color": GROUP_PALETTE[i], "count": counts[j]}
              for i, j in enumerate(ranked)]
    rest = sum(1 for k in keys.values() if k == "other")
    if rest:
        groups.append({"key": "other", "name": "其他/无辖区 other or none", "color": OTHER, "count": rest})
    return keys, groups


def color_groups(g: nx.Graph, color_by: ColorBy | str, names: dict[str, str]) -> tuple[dict[str, str], list[dict]]:
    """``({node: group key}, groups)``; each group is ``{key, name, color, count}`` (communities add ``members``)."""
    color_by = ColorBy(color_by)
    if color_by is ColorBy.community:
        return _by_community(g, names)
    if color_by is ColorBy.jurisdiction:
        return _by_jurisdiction(g)
    return _by_kind(g)
