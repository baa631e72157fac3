"""Helpers for query tests: small documents whose collaboration structure is chosen by hand.

(No tests here; the query and analytics tests import :func:`doc`.)

    doc("a.txt", "龙泉市甲方案", "龙泉市", [(["发改局"], ["财政局"], ["叶建华"])])

makes a plan with one task led by 龙泉市's 发改局 and the leader 叶建华, with 财政局 cooperating.
"""

from __future__ import annotations

from policykg.loaders.records import (
    COOPERATES_ON, LEADS, Assignment, Citation, Department, Goal, Leader, ParsedDocument, Span, Task,
)

TaskSpec = tuple  # (leads, coops, leaders[, collective[, title]])


def dept(jurisdiction: str, name: str) -> Department:
    prefix = jurisdiction[-1]
    return Department(f"dept:{jurisdiction}:{name}", name, jurisdiction, "government", (f"{prefix}{name}", name))


def doc(source: str, title: str, jurisdiction: str, tasks: list[TaskSpec], cites: tuple = (),
        doc_number: str | None = None, goals: tuple = ()) -> ParsedDocument:
    lines = [title]

    def span(text: str) -> Span:
        start = sum(len(x) + 1 for x in lines)
        lines.append(text)
        return Span(source, start, start + len(text), text)

    out_tasks, assigns, depts, leaders = [], [], {}, {}
    for n, spec in enumerate(tasks, 1):
        leads, coops, heads = spec[:3]
        collective = tuple(spec[3]) if len(spec) > 3 else ()
        name = spec[4] if len(spec) > 4 else f"第{n}项任务"
        s = span(f"{n}.{name}。")
        tid = f"task:{source}:{n}"
        out_tasks.append(Task(tid, str(n), name, s.quote, "一、主要任务", s, collective=collective))
        for relation, role, names in ((LEADS, "牵头单位", leads), (COOPERATES_ON, "配合单位", coops)):
            for unit in names:
                d = depts.setdefault(unit, dept(jurisdiction, unit))
                assigns.append(Assignment(tid, relation, "Department", d.id, role, unit, s))
        for head in heads:
            leader = leaders.setdefault(head, Leader(f"leader:{jurisdiction}:{head}", head, jurisdiction))
            assigns.append(Assignment(tid, LEADS, "Leader", leader.id, "牵头领导", head, s))
    out_goals = []
    for k, (text, value, unit, year) in enumerate(goals, 1):
        out_goals.append(Goal(f"goal:{source}:{k}", text, "指标", value, unit, year, span(text)))
    citations = tuple(Citation(t, no, span(f"《{t}》{no or ''}")) for t, no in cites)
    return ParsedDocument(
        source=source, sha256=source, text="\n".join(lines), title=title, doc_number=doc_number,
        jurisdiction=jurisdiction, title_span=Span(source, 0, len(title), title), tasks=tuple(out_tasks),
        assignments=tuple(assigns), goals=tuple(out_goals), citations=citations,
        departments=tuple(depts.values()), leaders=tuple(leaders.values()),
    )
