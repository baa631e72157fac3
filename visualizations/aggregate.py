"""The aggregated view of a selection too big to draw node by node.

A 3,000-document archive holds some 80,000 nodes, most of them tasks; drawn one by one
they make a file of hundreds of megabytes that no browser lays out. Folded, the map keeps
the plans and the departments, and each department gets one ``WORKS_ON`` edge per plan
whose tasks it takes, weighted by how many (``leads`` and ``cooperates`` split the count).
Plans keep their citations (``REFERENCES``) and issuers (``ISSUED_BY``); leaders, places,
goals and tasks are left out. ``since`` (the year an edge or node appears) carries over.

Edges are budgeted too (:data:`EDGES_PER_NODE` per node of the budget): 3,000 plans with a
score of departments each would still be 70,000 lines. Each plan keeps its heaviest ties first
— every plan its busiest department, then every plan its second, … — until the budget is spent;
:func:`aggregate` reports how many ties per plan were kept.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n, label in [("p", "Plan"), ("t1", "Task"), ("t2", "Task"), ("d", "Department")]:
...     g.add_node(n, label=label)
>>> for a, b, k in [("p", "t1", "HAS_TASK"), ("p", "t2", "HAS_TASK"), ("d", "t1", "LEADS"), ("d", "t2", "COOPERATES_ON")]:
...     _ = g.add_edge(a, b, key=k)
>>> [(a, b, d["weight"], d["leads"]) for a, b, d in aggregate(g).edges(data=True)]
[('d', 'p', 2, 1)]
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from policykg.visualizations.style import WORKS_ON

KEPT = ("Plan", "Department")
_KEPT_EDGES = ("REFERENCES", "ISSUED_BY")
EDGES_PER_NODE = 3  # edge budget of the aggregated view, per node of the node budget


def aggregate(g: nx.MultiDiGraph, max_edges: int | None = None) -> nx.MultiDiGraph:
    """Plans and departments of ``g``; tasks folded into weighted ``WORKS_ON`` department → plan edges.

    With ``max_edges``, each plan keeps only its heaviest ties (round by round) so that the view has
    at most that many edges; ``out.graph["ties_per_plan"]`` then says how many the last full round kept.
    """
    out = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        if d.get("label") in KEPT:
            out.add_node(n, **d)
    counts: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: {"LEADS": set(), "COOPERATES_ON": set()})
    plans = [n for n, d in g.nodes(data=True) if d.get("label") == "Plan"]
    for plan in plans:
        frontier, seen = [plan], {plan}
        while frontier:
            for _, task, rel in g.out_edges(frontier.pop(), keys=True):
                if rel not in ("HAS_TASK", "HAS_SUBTASK") or task in seen:
                    continue
                seen.add(task)
                frontier.append(task)
                for agent, _, role in g.in_edges(task, keys=True):
                    if role in ("LEADS", "COOPERATES_ON") and agent in out:
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
