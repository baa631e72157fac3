"""What a map shows: the shared selection, plus the two views only maps have.

* the selection — :func:`queries.selection.select_export`, i.e.
  :func:`queries.subgraph.select` (``--plan``, ``--department/--leader/--place`` with
  ``--hops``) optionally narrowed to a named query's result (``--query``), exactly
  what ``policykg export`` writes;
* ``citations`` — the same selection cut to plans and their REFERENCES;
* ``collaboration`` — departments only, linked when they share tasks in the selection,
  with the number of shared tasks as the edge ``weight`` (:func:`collaboration_graph`).

>>> # g = map_graph(store, MapScope(plans=("东阳市县域经济体制综合改革总体方案",), collaboration=True))
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Mapping

import networkx as nx

from policykg.errors import InputError, QueryError
from policykg.graph.store import Store
from policykg.visualizations.style import SHARES_TASKS

_AGENT_EDGES = ("LEADS", "COOPERATES_ON")


@dataclass(frozen=True)
class MapScope:
    """The part of the graph a map draws; every field maps to one ``policykg map`` option."""

    plans: tuple[str, ...] = ()
    department: str | None = None
    leader: str | None = None
    place: str | None = None
    hops: int | None = None  # how far around the centre; 1 when a centre is given without it
    query: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    collaboration: bool = False
    citations: bool = False

    def check(self) -> None:
        if self.collaboration and self.citations:
            raise InputError("--collaboration and --citations draw different maps; choose one")
        if self.hops is not None and self.hops < 0:
            raise InputError(f"--hops must be 0 or more, got {self.hops}")
        if self.hops is not None and not (self.department or self.leader or self.place):
            raise InputError("--hops needs a centre: --department, --leader or --place")
        if self.params and not self.query:
            raise InputError("--param needs --query NAME (the named query it feeds)")

    @property
    def radius(self) -> int:
        return 1 if self.hops is None else self.hops

    def describe(self) -> str:
        """A short title for the page, e.g. ``协作网络 · 发改局 ±2``."""
        parts = ["协作网络 collaboration" if self.collaboration else "引用网络 citations" if self.citations else ""]
        parts += list(self.plans)
        for centre in (self.department, self.leader, self.place):
            if centre:
                parts.append(f"{centre} ±{self.radius}")
        if self.query:
            args = ", ".join(f"{k}={v}" for k, v in self.params.items())
            parts.append(f"query {self.query}({args})")
        return " · ".join(p for p in parts if p) or "全图 whole graph"


def map_graph(store: Store, scope: MapScope = MapScope()) -> nx.MultiDiGraph:
    """The graph a map of ``scope`` draws (nodes keyed by id, ``label`` and ``type`` as in the store)."""
    from policykg.queries.selection import select_export

    scope.check()
    common = dict(plans=scope.plans, leader=scope.leader, place=scope.place, hops=scope.radius,
                  query=scope.query, params=scope.params)
    if scope.citations:
        return select_export(store, department=scope.department, labels=("Plan",), types=("REFERENCES",),
                             **common)
    if not scope.collaboration:
        return select_export(store, department=scope.department, **common)
    collab = collaboration_graph(select_export(store, **common))
    if scope.department:
        from policykg.queries.entities import resolve

        centre = resolve(store, "Department", scope.department)
        if centre.id not in collab:
            raise QueryError(f"{centre.name} ({centre.id}) takes no task in this selection, so it has no partners "
                             "to draw; widen the selection (drop --plan/--query)")
        around = nx.ego_graph(collab.to_undirected(as_view=True), centre.id, radius=scope.radius)
        collab = collab.subgraph(around.nodes).copy()
    return collab


def collaboration_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Departments of ``g``, one ``SHARES_TASKS`` edge per pair that leads or supports a common task.

    The edge carries ``weight`` (number of shared tasks) and ``tasks`` (their names, sorted);
    each department carries ``plans``, the plans of the tasks it takes, for the tooltip.
    """
    out = nx.MultiDiGraph()
    plans = plans_by_node(g)
    for n, d in g.nodes(data=True):
        if d.get("label") == "Department":
            out.add_node(n, **d, plans=plans.get(n, []))
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task, d in g.nodes(data=True):
        if d.get("label") != "Task":
            continue
        agents = sorted({a for a, _, rel in g.in_edges(task, keys=True)
                         if rel in _AGENT_EDGES and a in out})
        for a, b in combinations(agents, 2):
            shared[(a, b)].append(d.get("name") or d.get("title") or task)
    for (a, b), tasks in sorted(shared.items()):
        out.add_edge(a, b, key=SHARES_TASKS, type=SHARES_TASKS, weight=len(tasks), tasks=sorted(tasks))
    return out


def plans_by_node(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """For each node, the names of the plans it belongs to in ``g`` (a task's plan; a department's plans …)."""
    def name(n: str) -> str:
        d = g.nodes[n]
        return d.get("name") or d.get("title") or n

    task_plans: dict[str, set[str]] = defaultdict(set)
    for p, d in g.nodes(data=True):
        if d.get("label") != "Plan":
            continue
        frontier = [p]
        while frontier:
            for _, child, rel in g.out_edges(frontier.pop(), keys=True):
                if rel in ("HAS_TASK", "HAS_SUBTASK") and name(p) not in task_plans[child]:
                    task_plans[child].add(name(p))
                    frontier.append(child)
    out: dict[str, list[str]] = {}
    for n, d in g.nodes(data=True):
        label = d.get("label")
        if label == "Plan":
            continue
        if label == "Task":
            found = set(task_plans.get(n, ()))
        else:
            found = set()
            for m in set(g.predecessors(n)) | set(g.successors(n)):
                kind = g.nodes[m].get("label")
                if kind == "Plan":
                    found.add(name(m))
                elif kind == "Task":
                    found |= task_plans.get(m, set())
        if found:
            out[n] = sorted(found)
    return out
