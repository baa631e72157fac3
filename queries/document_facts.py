"""Read back what one loaded file put in the graph, in the scorer's neutral shape.

This is how ``policykg eval`` scores the graph itself rather than the parser's
memory: whatever the writer lost or merged shows up in the scores. The dict
shape is documented in :mod:`loaders.scoring`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from policykg.graph.store import Store

_PLAN = ("MATCH (p:Plan) WHERE p.source = $source RETURN p.title AS title, p.issuers AS issuers, "
         "p.doc_number AS doc_number, p.date AS date, p.jurisdiction AS jurisdiction")
_ISSUERS = ("MATCH (:Plan)-[e:ISSUED_BY]->(:Department) WHERE e.source = $source "
            "RETURN e.quote AS quote ORDER BY e.`start`")
_REFS = ("MATCH (:Plan)-[e:REFERENCES]->(:Plan) WHERE e.source = $source "
         "RETURN e.title AS title, e.doc_number AS doc_number ORDER BY e.`start`")
_GOALS = ("MATCH (g:Goal) WHERE g.source = $source RETURN g.text AS text, g.value AS value, g.unit AS unit, "
          "g.year AS year ORDER BY g.`start`")
_TASKS = ("MATCH (t:Task) WHERE t.source = $source RETURN t.id AS id, t.number AS number, t.title AS title, "
          "t.collective AS collective ORDER BY t.`start`")
_DEPT_EDGES = ("MATCH (d:Department)-[e:{rel}]->(t:Task) WHERE e.source = $source "
               "RETURN t.id AS task, d.name AS name, d.aliases AS aliases, e.quote AS surface ORDER BY e.`start`")
_LEADER_EDGES = ("MATCH (l:Leader)-[e:LEADS]->(t:Task) WHERE e.source = $source "
                 "RETURN t.id AS task, l.name AS name ORDER BY e.`start`")
STATEMENTS = (_PLAN, _ISSUERS, _REFS, _GOALS, _TASKS, _DEPT_EDGES.format(rel="LEADS"),
              _DEPT_EDGES.format(rel="COOPERATES_ON"), _LEADER_EDGES)


def document_facts(store: Store, source: str) -> dict[str, Any]:
    """The predicted-facts dict for the file named ``source``, read from ``store``."""
    params = {"source": source}
    plan = (store.run(_PLAN, params) or [{}])[0]
    units: dict[str, dict[str, list]] = defaultdict(lambda: {"lead_units": [], "coop_units": []})
    for rel, key in (("LEADS", "lead_units"), ("COOPERATES_ON", "coop_units")):
        for row in store.run(_DEPT_EDGES.format(rel=rel), params):
            aliases = sorted(set(row["aliases"] or []) | {row["surface"]})
            units[row["task"]][key].append({"name": row["name"], "aliases": aliases, "quote": row["surface"]})
    leaders: dict[str, list[str]] = defaultdict(list)
    for row in store.run(_LEADER_EDGES, params):
        leaders[row["task"]].append(row["name"])
    tasks = [
        {"key": t["number"], "title": t["title"], **units[t["id"]], "lead_leaders": leaders[t["id"]],
         "collective": t["collective"] or []}
        for t in store.run(_TASKS, params)
    ]
    return {
        "doc": source,
        "title": plan.get("title"),
        "issuers": plan.get("issuers") or [],
        "issuers_printed": ["".join((row["quote"] or "").split()) for row in store.run(_ISSUERS, params)],
        "doc_number": plan.get("doc_number"),
        "date": plan.get("date"),
        "jurisdiction": plan.get("jurisdiction"),
        "references": store.run(_REFS, params),
        "goals": store.run(_GOALS, params),
        "leaders": sorted({name for names in leaders.values() for name in names}),
        "tasks": tasks,
    }
