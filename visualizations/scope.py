"""What a map shows: the shared selection or a view only maps have, its years, within the node budget.

* the selection — :func:`queries.subgraph.select_export`, i.e.
  :func:`queries.subgraph.select` (``--plan``, ``--department/--leader/--place`` with
  ``--hops``) optionally narrowed to a named query's result (``--query``), exactly
  what ``policykg export`` writes;
* ``citations`` — the same selection cut to plans and their REFERENCES;
* ``collaboration`` — departments only, linked when they share tasks in the selection,
  with the number of shared tasks as the edge ``weight`` and that number year by year as
  ``weights_by_year`` (:func:`collaboration_graph`); ``min_shared`` keeps only ties of at
  least that many tasks, and such a tie appears in the year it reached them.

:func:`select_map` adds what the page needs beyond the selection: the node(s) the map was
asked about (``focus``), the year each node and edge appears (``since``, from the plans' dates:
:func:`node_years`, below), and the node budget: a selection above ``max_nodes`` is drawn
as the aggregated view (:func:`aggregate`, below) with a one-line ``notice``.

Years: a plan carries its date (``2016-04-08``); everything a dated plan brings into the graph
— its tasks and sub-tasks, their goals, the departments and leaders on them, the places it
covers or mentions, its issuers and the documents it cites — appears in the plan's year,
or earlier when an earlier plan brought it too. Nodes no dated plan brings (cited documents
only undated plans cite, entities of undated plans) have no year and are always shown.
The page's year slider hides every node and edge whose year is after the chosen one, so a
planner sees the network as of that year: which plans were in force and who led what.
A collaboration tie also counts only the shared tasks of plans dated up to that year
(``weights_by_year``; tasks of undated plans count from the start, as undated nodes show
from the start). The aggregated view's ``WORKS_ON`` weights need no such list: a tie
counts the tasks of one plan, which all appear in that plan's year.

>>> # g = map_graph(store, MapScope(plans=("东阳市县域经济体制综合改革总体方案",), collaboration=True))
>>> # chosen = select_map(store, MapScope(department="发改局"))  → chosen.graph, chosen.focus, chosen.notice
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Iterable, Iterator, Mapping

import networkx as nx

from policykg.errors import InputError, QueryError
from policykg.graph.store import Store

# Derived relationship of the collaboration map: two departments share tasks.
SHARES_TASKS = "SHARES_TASKS"
# Derived relationship of the aggregated view of a big graph: a department takes tasks of a plan.
WORKS_ON = "WORKS_ON"
_AGENT_EDGES = ("LEADS", "COOPERATES_ON")
MAX_NODES = 5000  # the node budget: above it a map draws the aggregated view (see benchmarks/bench_map.py)


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
    min_shared: int = 1  # collaboration maps: keep ties of at least this many shared tasks
    max_nodes: int = MAX_NODES  # above this many nodes, draw the aggregated view

    def check(self) -> None:
        if self.collaboration and self.citations:
            raise InputError("--collaboration and --citations draw different maps; choose one")
        if self.hops is not None and self.hops < 0:
            raise InputError(f"--hops must be 0 or more, got {self.hops}")
        if self.hops is not None and not (self.department or self.leader or self.place):
            raise InputError("--hops needs a centre: --department, --leader or --place")
        if self.params and not self.query:
            raise InputError("--param needs --query NAME (the named query it feeds)")
        if self.min_shared < 1:
            raise InputError(f"--min-shared must be 1 or more, got {self.min_shared}")
        if self.min_shared > 1 and not self.collaboration:
            raise InputError("--min-shared needs --collaboration (it keeps ties of at least N shared tasks)")
        if self.max_nodes < 1:
            raise InputError(f"--max-nodes must be 1 or more, got {self.max_nodes}")

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

    def filters(self) -> list[str]:
        """The filters beyond the scope, for the map's caption (``≥2 shared tasks``)."""
        return [f"共担任务≥{self.min_shared} shared tasks"] if self.min_shared > 1 else []


def map_graph(store: Store, scope: MapScope = MapScope()) -> nx.MultiDiGraph:
    """The graph a map of ``scope`` draws (nodes keyed by id, ``label`` and ``type`` as in the store)."""
    from policykg.queries.subgraph import select_export

    scope.check()
    common = dict(plans=scope.plans, leader=scope.leader, place=scope.place, hops=scope.radius,
                  query=scope.query, params=scope.params)
    if scope.citations:
        return select_export(store, department=scope.department, labels=("Plan",), types=("REFERENCES",),
                             **common)
    if not scope.collaboration:
        return select_export(store, department=scope.department, **common)
    return _collaboration_map(store, scope, select_export(store, **common))


def _collaboration_map(store: Store, scope: MapScope, selection: nx.MultiDiGraph) -> nx.MultiDiGraph:
    collab = collaboration_graph(selection)
    centre = None
    if scope.department:
        from policykg.queries.entities import resolve

        centre = resolve(store, "Department", scope.department)
        if centre.id not in collab:
            raise QueryError(f"{centre.name} ({centre.id}) takes no task in this selection, so it has no partners "
                             "to draw; widen the selection (drop --plan/--query)")
    if scope.min_shared > 1:
        collab.remove_edges_from([(a, b, k) for a, b, k, w in list(collab.edges(keys=True, data="weight"))
                                  if w < scope.min_shared])
        for *_, d in collab.edges(data=True):  # a kept tie is drawn from the year it reached min_shared
            d["since"] = next(y for y, w in d["weights_by_year"] if w >= scope.min_shared)
        collab.remove_nodes_from([n for n in list(collab) if collab.degree(n) == 0
                                  and (centre is None or n != centre.id)])
    if centre is not None:
        around = nx.ego_graph(collab.to_undirected(as_view=True), centre.id, radius=scope.radius)
        collab = collab.subgraph(around.nodes).copy()
    return collab


def collaboration_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Departments of ``g``, one ``SHARES_TASKS`` edge per pair that leads or supports a common task.

    The edge carries ``weight`` (number of shared tasks), ``weights_by_year`` (that number as of
    each year: see :func:`weights_by_year`), ``tasks`` (their names, earliest year first, then by
    name, so the tasks as of a year are the first ``weight`` of them) and ``since`` (the year of
    its earliest shared task; none if a shared task's plan is undated); each department carries
    ``plans``, the plans of the tasks it takes, for the tooltip, and ``since``.
    """
    out = nx.MultiDiGraph()
    plans = plans_by_node(g)
    years = node_years(g)
    for n, d in g.nodes(data=True):
        if d.get("label") == "Department":
            out.add_node(n, **d, plans=plans.get(n, []), since=years.get(n))
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for task, d in g.nodes(data=True):
        if d.get("label") != "Task":
            continue
        agents = sorted({a for a, _, rel in g.in_edges(task, keys=True)
                         if rel in _AGENT_EDGES and a in out})
        for a, b in combinations(agents, 2):
            shared[(a, b)].append(task)
    for (a, b), tasks in sorted(shared.items()):
        steps = weights_by_year(years.get(t) for t in tasks)
        names = [name for _, name in sorted((year_key(years.get(t)),
                                             g.nodes[t].get("name") or g.nodes[t].get("title") or t)
                                            for t in tasks)]
        out.add_edge(a, b, key=SHARES_TASKS, type=SHARES_TASKS, weight=len(tasks), weights_by_year=steps,
                     tasks=names, since=steps[0][0])
    return out


def year_key(year: int | None) -> tuple[int, int]:
    """Sort key for years where ``None`` (undated: there from the start) comes before every year."""
    return (0, 0) if year is None else (1, year)


def weights_by_year(years: Iterable[int | None]) -> list[list[int | None]]:
    """``[[year, count], …]``: how many of the items (one year each) exist as of each year they grow in.

    The count holds from its year until the next entry; ``None`` (undated) comes first and means
    "from the start". The last count is the total.

    >>> weights_by_year([2023, 2019, None, 2023])
    [[None, 1], [2019, 2], [2023, 4]]
    """
    per_year = Counter(years)
    steps, total = [], 0
    for year in sorted(per_year, key=year_key):
        total += per_year[year]
        steps.append([year, total])
    return steps


def weight_as_of(steps: list[list[int | None]], year: int | None) -> int:
    """The count of :func:`weights_by_year` ``steps`` as of ``year`` (``None``: every year, the total).

    >>> weight_as_of([[None, 1], [2019, 2], [2023, 4]], 2020), weight_as_of([[2019, 2]], 2018)
    (2, 0)
    """
    if year is None:
        return steps[-1][1] if steps else 0
    return max((w for y, w in steps if y is None or y <= year), default=0)


@dataclass(frozen=True)
class Selection:
    """What a map draws: the graph (nodes and edges carry ``since``), the focus ids, and a notice."""

    graph: nx.MultiDiGraph
    focus: tuple[str, ...] = ()
    notice: str | None = None  # one line, set when the selection was too big and is drawn aggregated
    selected_nodes: int = 0  # nodes in the selection, before any aggregation
    aggregated: bool = False
    ties_per_plan: int | None = None  # aggregated under the edge budget: each plan's heaviest ties kept


def _mark_years(g: nx.MultiDiGraph) -> None:
    """Set ``since`` on every node (see :func:`node_years`); an edge without its own ``since``
    appears when both its ends do (:func:`edge_year`, applied when the page is made)."""
    if any("since" in d for _, d in g.nodes(data=True)):
        return  # the collaboration graph computed its own, from the tasks behind each tie
    years = node_years(g)
    for n, d in g.nodes(data=True):
        d["since"] = years.get(n)


def focus_ids(store: Store, scope: MapScope, g: nx.MultiDiGraph) -> tuple[str, ...]:
    """The nodes the map was asked about (its centre, or its plans) that are on the map."""
    from policykg.queries.entities import resolve

    found: list[str] = []
    for label, wanted in (("Department", scope.department), ("Leader", scope.leader), ("Place", scope.place)):
        if wanted:
            found.append(resolve(store, label, wanted).id)
    for wanted in scope.plans:
        found += [n for n, d in g.nodes(data=True) if d.get("label") == "Plan"
                  and wanted in (n, d.get("title"), d.get("doc_number"), d.get("source"))]
    return tuple(n for n in dict.fromkeys(found) if n in g)


def select_map(store: Store, scope: MapScope = MapScope()) -> Selection:
    """The graph to draw for ``scope``, within the node budget, with its focus and years.

    Above ``scope.max_nodes`` nodes a map (not a collaboration map) is drawn aggregated:
    plans and departments, the tasks folded into ``WORKS_ON`` edge weights; if even that is
    too big, or a collaboration map is, an :class:`InputError` asks for a narrower scope.
    """
    g = map_graph(store, scope)
    selected = g.number_of_nodes()
    _mark_years(g)
    notice, aggregated, ties = None, False, None
    if selected > scope.max_nodes:
        if scope.collaboration:
            raise InputError(too_big(selected, None, scope.max_nodes, "departments"))
        folded = aggregate(g, max_edges=EDGES_PER_NODE * scope.max_nodes)
        if folded.number_of_nodes() > scope.max_nodes:
            raise InputError(too_big(selected, folded.number_of_nodes(), scope.max_nodes, "nodes"))
        ties = folded.graph.get("ties_per_plan")
        notice = (f"聚合视图 · {selected:,} nodes exceed the {scope.max_nodes:,}-node budget: plans and "
                  "departments only, tasks folded into edge weights; use --plan/--department/--collaboration "
                  "or --max-nodes")
        g, aggregated = folded, True
    return Selection(g, focus_ids(store, scope, g), notice, selected, aggregated, ties)


def plans_by_node(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """For each node, the names of the plans it belongs to in ``g`` (a task's plan; a department's plans …)."""
    def name(n: str) -> str:
        d = g.nodes[n]
        return d.get("name") or d.get("title") or n

    task_plans: dict[str, set[str]] = defaultdict(set)
    for p, d in g.nodes(data=True):
        if d.get("label") == "Plan":
            for child in own_nodes(g, p)[1:]:
                task_plans[child].add(name(p))
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


# -- the year each node and edge appears ------------------------------------------------

_YEAR = re.compile(r"(1[89]\d\d|2[01]\d\d)")
_OWN = ("HAS_TASK", "HAS_SUBTASK")  # plan → task → sub-task: the document's own nodes


def plan_year(d: dict) -> int | None:
    """The year of a plan's ``date`` (any text starting with a four-digit year), else None."""
    m = _YEAR.match(str(d.get("date") or "").strip())
    return int(m.group(1)) if m else None


def own_nodes(g: nx.MultiDiGraph, plan: str) -> list[str]:
    """The plan, then its tasks and sub-tasks (``HAS_TASK``/``HAS_SUBTASK``), in the order they are reached.

    >>> g = nx.MultiDiGraph([("p", "t", "HAS_TASK"), ("t", "s", "HAS_SUBTASK"), ("d", "t", "LEADS")])
    >>> own_nodes(g, "p")
    ['p', 't', 's']
    """
    own = {plan: None}  # a dict, not a set: the order (and so the years' dict) is the same in every run
    frontier = [plan]
    while frontier:
        for _, child, rel in g.out_edges(frontier.pop(), keys=True):
            if rel in _OWN and child not in own:
                own[child] = None
                frontier.append(child)
    return list(own)


def plan_closure(g: nx.MultiDiGraph, plan: str) -> Iterator[str]:
    """The plan, its tasks and sub-tasks, and every node those touch (agents, goals, places, cited plans)."""
    own = own_nodes(g, plan)
    seen = set(own)
    yield from own
    for node in own:
        for other in (*g.successors(node), *g.predecessors(node)):
            if other not in seen:
                seen.add(other)
                yield other


def node_years(g: nx.MultiDiGraph) -> dict[str, int]:
    """``{node: year}`` for every node a dated plan brings into ``g`` (the earliest such plan's year).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("p", label="Plan", date="2016-04-08"); g.add_node("t", label="Task")
    >>> g.add_edge("p", "t", key="HAS_TASK")
    'HAS_TASK'
    >>> node_years(g)
    {'p': 2016, 't': 2016}
    """
    dated = sorted(((y, p) for p, d in g.nodes(data=True)
                    if d.get("label") == "Plan" and (y := plan_year(d)) is not None), reverse=True)
    out: dict[str, int] = {}
    for year, plan in dated:  # latest first, so earlier plans overwrite
        for node in plan_closure(g, plan):
            out[node] = year
    for year, plan in dated:
        out[plan] = year  # a plan's own date wins over the year of a plan that cites it
    return out


def edge_year(years: dict[str, int], a: str, b: str) -> int | None:
    """An edge exists from when both ends exist: the later of their years (None when neither is dated)."""
    known = [y for y in (years.get(a), years.get(b)) if y is not None]
    return max(known) if known else None


# -- the aggregated view: a selection too big to draw node by node ----------------------
# A 3,000-document archive holds some 80,000 nodes, most of them tasks; drawn one by one
# they make a file of hundreds of megabytes that no browser lays out. Folded, the map keeps
# the plans and the departments, and each department gets one ``WORKS_ON`` edge per plan
# whose tasks it takes, weighted by how many (``leads`` and ``cooperates`` split the count).
# Plans keep their citations (``REFERENCES``) and issuers (``ISSUED_BY``); leaders, places,
# goals and tasks are left out. ``since`` (the year an edge or node appears) carries over.
#
# Edges are budgeted too (``EDGES_PER_NODE`` per node of the budget): 3,000 plans with a
# score of departments each would still be 70,000 lines. Each plan keeps its heaviest ties first
# — every plan its busiest department, then every plan its second, … — until the budget is spent;
# ``aggregate`` reports how many ties per plan were kept.

KEPT = ("Plan", "Department")
_KEPT_EDGES = ("REFERENCES", "ISSUED_BY")
EDGES_PER_NODE = 3  # edge budget of the aggregated view, per node of the node budget


def aggregate(g: nx.MultiDiGraph, max_edges: int | None = None) -> nx.MultiDiGraph:
    """Plans and departments of ``g``; tasks folded into weighted ``WORKS_ON`` department → plan edges.

    With ``max_edges``, each plan keeps only its heaviest ties (round by round) so that the view has
    at most that many edges; ``out.graph["ties_per_plan"]`` then says how many the last full round kept.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for n, label in [("p", "Plan"), ("t1", "Task"), ("t2", "Task"), ("d", "Department")]:
    ...     g.add_node(n, label=label)
    >>> for a, b, k in [("p", "t1", "HAS_TASK"), ("p", "t2", "HAS_TASK"), ("d", "t1", "LEADS"), ("d", "t2", "COOPERATES_ON")]:
    ...     _ = g.add_edge(a, b, key=k)
    >>> [(a, b, d["weight"], d["leads"]) for a, b, d in aggregate(g).edges(data=True)]
    [('d', 'p', 2, 1)]
    """
    out = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        if d.get("label") in KEPT:
            out.add_node(n, **d)
    counts: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: {"LEADS": set(), "COOPERATES_ON": set()})
    plans = [n for n, d in g.nodes(data=True) if d.get("label") == "Plan"]
    for plan in plans:
        for task in own_nodes(g, plan)[1:]:
            for agent, _, role in g.in_edges(task, keys=True):
                if role in _AGENT_EDGES and agent in out:
                    counts[(agent, plan)][role].add(task)
    kept = [(a, b, key, d) for plan in plans for a, b, key, d in g.out_edges(plan, keys=True, data=True)
            if key in _KEPT_EDGES and b in out]  # citations and issuers: both leave a plan
    ties = []  # (rank within its plan, -weight, dept, plan, roles)
    by_plan: dict[str, list] = defaultdict(list)
    for (dept, plan), roles in counts.items():
        tasks = roles["LEADS"] | roles["COOPERATES_ON"]
        by_plan[plan].append((-len(tasks), -len(roles["LEADS"]), dept, roles, len(tasks)))
    for plan, row in by_plan.items():
        for rank, (minus_w, _, dept, roles, w) in enumerate(sorted(row, key=lambda r: r[:3])):
            ties.append((rank, minus_w, dept, plan, roles, w))
    ties.sort(key=lambda t: t[:4])
    if max_edges is not None and len(kept) + len(ties) > max_edges:
        room = max(0, max_edges - len(kept))
        full_rounds = ties[room][0] if room < len(ties) else None
        ties = ties[:room]
        out.graph["ties_per_plan"] = full_rounds
    for _, _, dept, plan, roles, w in sorted(ties, key=lambda t: (t[2], t[3])):
        out.add_edge(dept, plan, key=WORKS_ON, type=WORKS_ON, weight=w, leads=len(roles["LEADS"]),
                     cooperates=len(roles["COOPERATES_ON"]), since=g.nodes[plan].get("since"))
    for a, b, key, d in kept:
        out.add_edge(a, b, key=key, **d)
    return out


def too_big(selected: int, folded: int | None, budget: int, what: str) -> str:
    """The one-line error when even the aggregated view exceeds the budget."""
    also = f" ({folded:,} even with tasks folded in)" if folded is not None else ""
    return (f"the map would draw {selected:,} {what}{also}, over the {budget:,}-node budget; "
            "narrow it with --plan/--department/--place/--query (or --min-shared on --collaboration), "
            "or raise --max-nodes")
