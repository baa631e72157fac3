"""When each part of a map came into force: the year a node or edge first appears.

A plan carries its date (``2016-04-08``); everything a dated plan brings into the graph
— its tasks and sub-tasks, their goals, the departments and leaders on them, the places it
covers or mentions, its issuers and the documents it cites — appears in the plan's year,
or earlier when an earlier plan brought it too. Nodes no dated plan brings (cited documents
only undated plans cite, entities of undated plans) have no year and are always shown.

The page's year slider hides every node and edge whose year is after the chosen one, so a
planner sees the network as of that year: which plans were in force and who led what.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("p", label="Plan", date="2016-04-08"); g.add_node("t", label="Task")
>>> g.add_edge("p", "t", key="HAS_TASK")
'HAS_TASK'
>>> node_years(g)
{'p': 2016, 't': 2016}
"""

from __future__ import annotations

import re
from typing import Iterator

import networkx as nx

_YEAR = re.compile(r"(1[89]\d\d|2[01]\d\d)")
_OWN = ("HAS_TASK", "HAS_SUBTASK")  # plan → task → sub-task: the document's own nodes


def plan_year(d: dict) -> int | None:
    """The year of a plan's ``date`` (any text starting with a four-digit year), else None."""
    m = _YEAR.match(str(d.get("date") or "").strip())
    return int(m.group(1)) if m else None


def plan_closure(g: nx.MultiDiGraph, plan: str) -> Iterator[str]:
    """The plan, its tasks and sub-tasks, and every node those touch (agents, goals, places, cited plans)."""
    own = {plan: None}  # a dict, not a set: the order (and so the years' dict) is the same in every run
    frontier = [plan]
    while frontier:
        for _, child, rel in g.out_edges(frontier.pop(), keys=True):
            if rel in _OWN and child not in own:
                own[child] = None
                frontier.append(child)
    seen = set(own)
    yield from own
    for node in own:
        for other in (*g.successors(node), *g.predecessors(node)):
            if other not in seen:
                seen.add(other)
                yield other


def node_years(g: nx.MultiDiGraph) -> dict[str, int]:
    """``{node: year}`` for every node a dated plan brings into ``g`` (the earliest such plan's year)."""
    dated = sorted(((y, p) for p, d in g.nodes(data=True)
                    if d.get("label") == "Plan" and (y := plan_year(d)) is not None), reverse=True)
    out: dict[str, int] = {}
    for year, plan in dated:  # latest first, so earlier plans overwrite
        for node in plan_closure(g, plan):
            out[node] = year
    for plan in (p for p, d in g.nodes(data=True) if d.get("label") == "Plan"):
        if (y := plan_year(g.nodes[plan])) is not None:
            out[plan] = y  # a plan's own date wins over the year of a plan that cites it
    return out


def edge_year(years: dict[str, int], a: str, b: str) -> int | None:
    """An edge exists from when both ends exist: the later of their years (None when neither is dated)."""
    known = [y for y in (years.get(a), years.get(b)) if y is not None]
    return max(known) if known else None
