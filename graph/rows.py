"""Pure functions: a :class:`~loaders.records.ParsedDocument` → rows for the writer.

Rows are plain dicts keyed by schema property names, grouped per label and per
(relationship type, from label, to label). Nothing here touches a database, so
what gets written can be tested without one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from policykg.graph.schema import NODES, RELATIONSHIPS
from policykg.loaders.records import ParsedDocument, Span, plan_id, title_key

EdgeKey = tuple[str, str, str]  # (type, from label, to label)


@dataclass
class DocumentRows:
    plan_id: str
    source: str
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    edges: dict[EdgeKey, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    # Cited documents, resolved to ids by the writer (it may find them in the store).
    citations: list[dict[str, Any]] = field(default_factory=list)

    def node(self, label: str, **props: Any) -> None:
        known = NODES[label].all_properties
        self.nodes[label].append({k: props.get(k) for k in known})

    def edge(self, rel: str, a_label: str, a: str, b_label: str, b: str, **props: Any) -> None:
        # Every row of a batch carries every property: LadybugDB binds rows as one struct type.
        known = RELATIONSHIPS[rel].properties
        self.edges[(rel, a_label, b_label)].append({"a": a, "b": b, **{k: props.get(k) for k in known}})


def provenance(span: Span | None) -> dict[str, Any]:
    if span is None:
        return {"source": None, "start": None, "end": None, "quote": None}
    return {"source": span.source, "start": span.start, "end": span.end, "quote": span.quote}


def document_rows(doc: ParsedDocument) -> DocumentRows:
    """Every node and edge one document contributes, as rows.

    Shared entities (departments, leaders, places) get ``sources=[doc.source]``;
    the writer unions that with what the store already holds. A page that prints no
    title keeps ``title`` empty (none is invented) and its plan is named by its file.
    """
    pid = doc.plan_id
    rows = DocumentRows(plan_id=pid, source=doc.source)
    title_prov = provenance(doc.title_span) | {"source": doc.source}
    rows.node(
        "Plan", id=pid, name=doc.title or doc.source, title=doc.title, title_key=title_key(doc.title),
        doc_number=doc.doc_number, date=doc.date, jurisdiction=doc.jurisdiction, sha256=doc.sha256, origin=doc.origin,
        issuers=[i.label for i in doc.issuers], **title_prov,
    )
    shared = [doc.source]
    for d in doc.departments:
        rows.node("Department", id=d.id, name=d.name, aliases=list(d.aliases), jurisdiction=d.jurisdiction,
                  kind=d.kind, sources=shared)
        if d.parent_id:
            rows.edge("PART_OF", "Department", d.id, "Department", d.parent_id, source=doc.source)
        if d.place_id:
            rows.edge("LOCATED_IN", "Department", d.id, "Place", d.place_id, source=doc.source)
    for leader in doc.leaders:
        rows.node("Leader", id=leader.id, name=leader.name, jurisdiction=leader.jurisdiction, sources=shared)
    for place in doc.places:
        rows.node("Place", id=place.id, name=place.name, level=place.level, sources=shared)
        if place.parent_id:
            rows.edge("PART_OF", "Place", place.id, "Place", place.parent_id, source=doc.source)
    for task in doc.tasks:
        rows.node("Task", id=task.id, name=task.title, title=task.title, text=task.text, number=task.number,
                  section=task.section, deadline=task.deadline, collective=list(task.collective),
                  **provenance(task.span))
        if task.parent_id:
            rows.edge("HAS_SUBTASK", "Task", task.parent_id, "Task", task.id, **provenance(task.span))
        else:
            rows.edge("HAS_TASK", "Plan", pid, "Task", task.id, **provenance(task.span))
    for a in doc.assignments:
        rows.edge(a.relation, a.agent_label, a.agent_id, "Task", a.task_id, role=a.role, **provenance(a.span))
    for g in doc.goals:
        rows.node("Goal", id=g.id, name=g.text, text=g.text, metric=g.metric, value=g.value, unit=g.unit,
                  year=g.year, **provenance(g.span))
        owner = ("Task", g.task_id) if g.task_id else ("Plan", pid)
        rows.edge("SETS_GOAL", owner[0], owner[1], "Goal", g.id, **provenance(g.span))
    for issuer in doc.issuers:
        rows.edge("ISSUED_BY", "Plan", pid, "Department", issuer.department_id, **provenance(issuer.span))
    for m in doc.mentions:
        if m.task_id:
            rows.edge("MENTIONS", "Task", m.task_id, "Place", m.place_id, **provenance(m.span))
        else:
            rows.edge("COVERS", "Plan", pid, "Place", m.place_id, **provenance(m.span))
    for c in doc.citations:
        cited = plan_id(c.title, c.doc_number)
        if cited == pid and c.doc_number and doc.doc_number and c.doc_number != doc.doc_number:
            cited = plan_id(None, c.doc_number)  # an earlier edition under the same title: another document
        rows.citations.append({
            "id": cited, "title": c.title, "title_key": title_key(c.title or ""),
            "doc_number": c.doc_number, **provenance(c.span),
        })
    return rows
